using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.OVirt;
using VirtDiag.Timeline;
using VirtDiag.Psod;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Export
{
    /// <summary>What <c>virtdiag export</c> was asked to do.</summary>
    public sealed class ExportOptions
    {
        /// <summary>Folder of the Parquet datasets (null: no Parquet).</summary>
        public string? OutputDirectory { get; set; }
        /// <summary>ClickHouse HTTP endpoint (null: no ClickHouse).</summary>
        public Uri? ClickHouse { get; set; }
        /// <summary>ClickHouse database.</summary>
        public string Database { get; set; } = "virtdiag";
        /// <summary>Document groups read at once.</summary>
        public int Parallel { get; set; } = Environment.ProcessorCount;
        /// <summary>Also export trace events and KVM exit summaries.</summary>
        public bool IncludeTrace { get; set; }
        /// <summary>Host name for input whose host cannot be told from its path.</summary>
        public string? HostName { get; set; }
    }

    /// <summary>Rows written for one table and host.</summary>
    public sealed class ExportedPartition
    {
        public ExportedPartition(string table, string host, string loadId, long rows, string? file, bool skipped)
        {
            Table = table; HostName = host; LoadId = loadId; Rows = rows; File = file; AlreadyLoaded = skipped;
        }

        /// <summary>Dataset / table name.</summary>
        public string Table { get; }
        /// <summary>Host partition.</summary>
        public string HostName { get; }
        /// <summary>Id of this load: the same input exported again has the same id (ClickHouse skips it).</summary>
        public string LoadId { get; }
        /// <summary>Rows exported.</summary>
        public long Rows { get; }
        /// <summary>Parquet file written, if any.</summary>
        public string? File { get; }
        /// <summary>True when ClickHouse already held this load and it was not inserted again.</summary>
        public bool AlreadyLoaded { get; }
    }

    /// <summary>
    /// Reads every capability's records from a set of documents and writes them per record type and host, to Parquet
    /// and/or ClickHouse. Documents are grouped so that one host's rotated logs and one archive's entries stay in one
    /// group, read in order by one worker; groups run in parallel.
    /// </summary>
    public sealed class ExportRunner
    {
        /// <summary>Every table the export writes, with its record type, in the order docs/SCHEMA.md lists them.</summary>
        public static readonly IReadOnlyList<(string Name, Type Type)> Tables = new[]
        {
            ("vmotion_events", typeof(VMotionEvent)), ("vmotion_migrations", typeof(VMotionMigration)),
            ("vdsm_entries", typeof(VdsmLogEntry)), ("vdsm_tasks", typeof(VdsmTask)), ("vdsm_commands", typeof(VdsmExternalCommand)),
            ("purple_screens", typeof(PurpleScreen)), ("guest_failures", typeof(GuestOsFailure)),
            ("ovirt_engine_entries", typeof(OVirtEngineLogEntry)), ("ovirt_engine_commands", typeof(OVirtEngineCommand)), ("ovirt_flows", typeof(OVirtFlow)),
            ("timeline_entries", typeof(TimelineEntry)),
            ("trace_events", typeof(TraceEvent)), ("kvm_exit_summaries", typeof(KvmExitSummary)),
        };

        private readonly ExportOptions _options;
        private readonly IIssueSink _issues;
        private readonly CancellationToken _cancel;
        private readonly ClickHouseClient? _clickHouse;
        private readonly ConcurrentBag<ExportedPartition> _done = new();
        private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _sources = new(StringComparer.Ordinal);

        public ExportRunner(ExportOptions options, IIssueSink issues, CancellationToken cancel)
        {
            _options = options;
            _issues = new LockedSink(issues);
            _cancel = cancel;
            if (options.ClickHouse != null) _clickHouse = new ClickHouseClient(options.ClickHouse, options.Database);
        }

        /// <summary>Exports <paramref name="documents"/>; returns one entry per table and host written, in a stable order.</summary>
        public IReadOnlyList<ExportedPartition> Run(IReadOnlyList<LogDocument> documents)
        {
            if (_clickHouse != null && !_clickHouse.TryPrepare(_issues)) return Array.Empty<ExportedPartition>();
            List<List<LogDocument>> groups = Group(documents);
            var context = new ReadContext(new ExportIssueFilter(_issues), null, _cancel);
            // Migrations and flows join across every host's logs: their joins take the records the groups read.
            var across = new AcrossGroups(this, documents, context);
            try
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallel), CancellationToken = _cancel };
                Parallel.ForEach(groups, parallel, g => ExportGroup(g, across));
                across.Complete();
            }
            finally
            {
                across.Dispose();
            }
            if (_options.OutputDirectory != null) RemoveReplacedParts(_options.OutputDirectory);
            return _done.OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.HostName, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Every per-host record type of one group, each document read once for all readers (<see cref="ReadSession.AddTogether"/>);
        /// the timeline's entries are made from the same records (times as written, in reading order).
        /// </summary>
        private void ExportGroup(List<LogDocument> group, AcrossGroups across)
        {
            var context = new ReadContext(new ExportIssueFilter(_issues), null, _cancel);
            string? host = group.Select(d => d.HostName).FirstOrDefault(h => !string.IsNullOrEmpty(h)) ?? _options.HostName;
            var input = new GroupInput(group, host);
            var writers = new List<TableWriter>();
            TableWriter Table(string name)
            {
                var w = new TableWriter(this, name, input);
                writers.Add(w);
                return w;
            }
            try
            {
                TableWriter events = Table("vmotion_events"), entries = Table("vdsm_entries"), tasks = Table("vdsm_tasks"), commands = Table("vdsm_commands"),
                    screens = Table("purple_screens"), guest = Table("guest_failures"), engineEntries = Table("ovirt_engine_entries"),
                    engineCommands = Table("ovirt_engine_commands"), timeline = Table("timeline_entries");
                Func<IDiagnosticRecord, TimelineEntry?> entryOf = TimelineReader.AsWritten(group, context);
                void Timeline(IDiagnosticRecord r)
                {
                    TimelineEntry? e = entryOf(r);
                    if (e != null) timeline.Add(e);
                }
                string? h = _options.HostName;
                var sessions = new List<ReadSession>
                {
                    VMotionReader.OpenEvents(new VMotionOptions { HostName = h }, context, e => { events.Add(e); Timeline(e); across.AddEvent(e); }),
                    VdsmReader.OpenEntries(new VdsmEntryOptions { HostName = h }, context, e => { entries.Add(e); Timeline(e); }),
                    VdsmReader.OpenTasks(new VdsmTaskOptions { HostName = h }, context, t => { tasks.Add(t); Timeline(t); across.AddHostCall(t); }),
                    VdsmReader.OpenCommands(new VdsmCommandOptions { HostName = h }, context, c => { commands.Add(c); Timeline(c); }),
                    PurpleScreenReader.Open(new PurpleScreenReadOptions { HostName = h }, context, s => { screens.Add(s); Timeline(s); }),
                    GuestFailureReader.Open(new GuestFailureOptions { HostName = h }, context, f => { guest.Add(f); Timeline(f); }),
                    OVirtReader.OpenEntries(new OVirtEngineEntryOptions { HostName = h }, context, e => { engineEntries.Add(e); Timeline(e); }),
                    OVirtReader.OpenCommands(new OVirtEngineCommandOptions { HostName = h }, context, c => { engineCommands.Add(c); Timeline(c); across.AddEngineCommand(c); }),
                };
                if (_options.IncludeTrace && group.Any(d => d.Kind == LogKind.TraceDat))
                {
                    TableWriter trace = Table("trace_events"), exits = Table("kvm_exit_summaries");
                    sessions.Add(TraceReader.OpenEvents(new TraceReadOptions(), context, trace.Add));
                    sessions.Add(KvmReader.OpenExits(new KvmReadOptions(), context, exits.Add));
                }
                ReadSession.AddTogether(group, sessions);
                foreach (ReadSession s in sessions) s.Complete();
                foreach (TableWriter w in writers) w.Complete();
            }
            finally
            {
                foreach (TableWriter w in writers) w.Dispose();
            }
        }

        /// <summary>The input a group was read from, for issues: its outermost files.</summary>
        private static string Source(IReadOnlyList<LogDocument> documents)
        {
            var files = documents.Select(d => d.FilePath).Distinct(StringComparer.Ordinal).ToList();
            return files.Count <= 3 ? string.Join(", ", files) : string.Join(", ", files.Take(3)) + " and " + (files.Count - 3) + " more";
        }

        /// <summary>What a group of documents is, for load ids and part file names.</summary>
        private sealed class GroupInput
        {
            public GroupInput(IReadOnlyList<LogDocument> documents, string? host)
            {
                Identity = ExportRunner.Identity(documents);
                Source = ExportRunner.Source(documents);
                SourceId = ExportRunner.SourceId(documents);
                Host = host;
            }

            /// <summary>Paths, lengths and times: changes when the input changes.</summary>
            public string Identity { get; }
            /// <summary>The outermost files named for issues.</summary>
            public string Source { get; }
            /// <summary>The outermost files' paths only: stays when a bundle's content changes, so its earlier parts are replaced.</summary>
            public string SourceId { get; }
            /// <summary>Host of records that name none.</summary>
            public string? Host { get; }
        }

        /// <summary>One table's rows from one group (or all input), one partition per host, opened on its first record.</summary>
        private sealed class TableWriter : IDisposable
        {
            private readonly ExportRunner _runner;
            private readonly string _name;
            private readonly GroupInput _input;
            private readonly Dictionary<string, PartitionSink> _partitions = new(StringComparer.Ordinal);
            private RecordTable? _table;

            public TableWriter(ExportRunner runner, string name, GroupInput input)
            {
                _runner = runner; _name = name; _input = input;
            }

            public void Add(object record)
            {
                Type type = record.GetType();
                RecordTable table = _table != null && _table.Type == type ? _table : (_table = RecordTable.For(type, _name));
                string host = table.HostOf(record, _input.Host);
                if (!_partitions.TryGetValue(host, out PartitionSink? sink))
                {
                    string loadId = LoadId(_name, host, _input.Identity);
                    sink = new PartitionSink(table, host, loadId, _input.SourceId, _input.Source, _runner._options.OutputDirectory, _runner._clickHouse, _runner._issues);
                    _partitions.Add(host, sink);
                }
                sink.Add(record);
            }

            public void Complete()
            {
                foreach (PartitionSink sink in _partitions.Values)
                {
                    ExportedPartition done = sink.Complete();
                    _runner._done.Add(done);
                    if (done.File != null) _runner._written.TryAdd(Path.GetFullPath(done.File), 0);
                }
                _runner._sources.TryAdd(_input.SourceId, 0);
            }

            public void Dispose()
            {
                foreach (PartitionSink sink in _partitions.Values) sink.Dispose();
            }
        }

        /// <summary>The joins over every group: vMotion migrations (both hosts of a migration) and oVirt flows (engine and hosts).</summary>
        private sealed class AcrossGroups : IDisposable
        {
            private readonly object _lock = new();
            private readonly VMotionMigrationJoiner _migrations;
            private readonly List<VMotionMigration> _finished = new();
            private readonly OVirtReader.OVirtFlowJoin? _flows;
            private readonly TableWriter _migrationTable, _flowTable;

            public AcrossGroups(ExportRunner runner, IReadOnlyList<LogDocument> documents, ReadContext context)
            {
                var input = new GroupInput(documents, null);
                _migrations = new VMotionMigrationJoiner(new VMotionOptions { HostName = runner._options.HostName }, context);
                _migrationTable = new TableWriter(runner, "vmotion_migrations", input);
                _flowTable = new TableWriter(runner, "ovirt_flows", input);
                // A flow starts in engine.log: without one (or a file named directly that may be one) no call is held for it.
                if (documents.Any(d => d.Kind == LogKind.Engine || d.IsExplicit))
                    _flows = new OVirtReader.OVirtFlowJoin(new OVirtFlowOptions { HostName = runner._options.HostName }, context);
            }

            public void AddEvent(VMotionEvent e)
            {
                lock (_lock)
                {
                    _migrations.Add(e, _finished);
                    Write();
                }
            }

            public void AddHostCall(VdsmTask t)
            {
                if (_flows == null) return;
                lock (_lock) _flows.AddHostCall(t);
            }

            public void AddEngineCommand(OVirtEngineCommand c)
            {
                if (_flows == null) return;
                lock (_lock) _flows.AddEngineCommand(c);
            }

            public void Complete()
            {
                _migrations.Complete(_finished);
                Write();
                _migrationTable.Complete();
                if (_flows != null)
                {
                    foreach (OVirtFlow f in _flows.Complete()) _flowTable.Add(f);
                }
                _flowTable.Complete();
            }

            private void Write()
            {
                foreach (VMotionMigration m in _finished) _migrationTable.Add(m);
                _finished.Clear();
            }

            public void Dispose()
            {
                _migrationTable.Dispose();
                _flowTable.Dispose();
            }
        }

        /// <summary>
        /// Part files of an input exported again that this export did not write: an earlier export's parts of the same
        /// source (the bundle changed, so its load id did, or a table of it has no rows now). They are deleted, each
        /// reported as verbose bookkeeping.
        /// </summary>
        private void RemoveReplacedParts(string directory)
        {
            if (!Directory.Exists(directory) || _sources.IsEmpty) return;
            foreach (var (name, _) in Tables)
            {
                string folder = Path.Combine(directory, name);
                if (!Directory.Exists(folder)) continue;
                foreach (string hostFolder in Directory.EnumerateDirectories(folder, "host=*"))
                {
                    foreach (string file in Directory.EnumerateFiles(hostFolder, "part-*.parquet"))
                    {
                        string? source = ParquetPartitionWriter.SourceIdOf(Path.GetFileName(file));
                        if (source == null || !_sources.ContainsKey(source) || _written.ContainsKey(Path.GetFullPath(file))) continue;
                        try
                        {
                            File.Delete(file);
                            _issues.Report(new Issue(file, IssueKind.Skipped, "removed: a part of the same input from an earlier export, which this export replaced"));
                        }
                        catch (IOException e)
                        {
                            _issues.Report(new Issue(file, IssueKind.IoError, "a part of an earlier export of the same input could not be removed: " + e.Message));
                        }
                        catch (UnauthorizedAccessException e)
                        {
                            _issues.Report(new Issue(file, IssueKind.AccessDenied, "a part of an earlier export of the same input could not be removed: " + e.Message));
                        }
                    }
                }
            }
        }

        /// <summary>Documents that share an outermost file or a host land in one group (connected components).</summary>
        internal static List<List<LogDocument>> Group(IReadOnlyList<LogDocument> documents)
        {
            var parent = Enumerable.Range(0, documents.Count).ToArray();
            int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
            var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < documents.Count; i++)
            {
                foreach (string key in new[] { "f:" + documents[i].FilePath, documents[i].HostName is { Length: > 0 } h ? "h:" + h : null! })
                {
                    if (key == null) continue;
                    if (byKey.TryGetValue(key, out int j)) parent[Find(i)] = Find(j);
                    else byKey.Add(key, i);
                }
            }
            return Enumerable.Range(0, documents.Count).GroupBy(Find).OrderBy(g => g.Key)
                .Select(g => g.Select(i => documents[i]).ToList()).ToList();
        }

        /// <summary>What identifies a group's input: every document's path plus its outermost file's length and time.</summary>
        private static string Identity(IReadOnlyList<LogDocument> documents)
        {
            var sb = new StringBuilder();
            foreach (LogDocument d in documents.OrderBy(d => d.Path, StringComparer.Ordinal))
            {
                sb.Append(d.Path).Append('|');
                try
                {
                    var info = new FileInfo(d.FilePath);
                    if (info.Exists) sb.Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                sb.Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>The id of an input by its outermost files' paths (not their content), for its part files' names.</summary>
        internal static string SourceId(IReadOnlyList<LogDocument> documents)
        {
            var files = documents.Select(d => d.FilePath).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal);
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", files)));
            return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
        }

        internal static string LoadId(string table, string host, string identity)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(RecordTable.SchemaVersion.ToString(CultureInfo.InvariantCulture) + "\n" + table + "\n" + host + "\n" + identity));
            return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
        }

        /// <summary>
        /// Readers say NoRelevantData when a group holds nothing of their kind: in an export, where every reader sees every
        /// group, that is expected, so it is passed on as verbose bookkeeping (Skipped) instead of a warning.
        /// </summary>
        private sealed class ExportIssueFilter : IIssueSink
        {
            private readonly IIssueSink _inner;
            public ExportIssueFilter(IIssueSink inner) => _inner = inner;
            public void Report(Issue issue)
            {
                if (issue.Kind == IssueKind.NoRelevantData)
                    issue = new Issue(issue.Source, IssueKind.Skipped, issue.Message, issue.LineNumber, issue.ByteOffset);
                _inner.Report(issue);
            }
        }

        private sealed class LockedSink : IIssueSink
        {
            private readonly IIssueSink _inner;
            public LockedSink(IIssueSink inner) => _inner = inner;
            public void Report(Issue issue)
            {
                lock (this) _inner.Report(issue);
            }
        }
    }
}
