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

namespace VirtDiag.Cli.Export
{
    /// <summary>What <c>virtdiag export</c> was asked to do.</summary>
    internal sealed class ExportOptions
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
    internal sealed class ExportedPartition
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
    internal sealed class ExportRunner
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
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallel), CancellationToken = _cancel };
            Parallel.ForEach(groups, parallel, ExportGroup);
            // Migrations join across every host's logs, so they are read once over all input.
            var context = new ReadContext(new ExportIssueFilter(_issues), null, _cancel);
            string all = Identity(documents), source = Source(documents);
            WriteTable("vmotion_migrations", VMotionReader.OpenMigrations(new VMotionOptions { HostName = _options.HostName }, context).ReadAll(documents), null, all, source);
            WriteTable("ovirt_flows", OVirtReader.OpenFlows(new OVirtFlowOptions { HostName = _options.HostName }, context).ReadAll(documents), null, all, source);
            // Every record of every host on one clock as written (no skew estimate: that is Get-VirtDiagTimeline's choice to make).
            WriteTable("timeline_entries", TimelineReader.Read(documents, new TimelineOptions(), context), null, all, source);
            return _done.OrderBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.HostName, StringComparer.Ordinal).ToList();
        }

        /// <summary>Every per-host record type of one group, each read by its capability's reader.</summary>
        private void ExportGroup(List<LogDocument> group)
        {
            var context = new ReadContext(new ExportIssueFilter(_issues), null, _cancel);
            string identity = Identity(group), source = Source(group);
            string? host = group.Select(d => d.HostName).FirstOrDefault(h => !string.IsNullOrEmpty(h)) ?? _options.HostName;
            void Table<T>(string name, IEnumerable<T> records) where T : class => WriteTable(name, records, host, identity, source);
            string? h = _options.HostName;
            Table("vmotion_events", VMotionReader.OpenEvents(new VMotionOptions { HostName = h }, context).ReadAll(group));
            Table("vdsm_entries", VdsmReader.OpenEntries(new VdsmEntryOptions { HostName = h }, context).ReadAll(group));
            Table("vdsm_tasks", VdsmReader.OpenTasks(new VdsmTaskOptions { HostName = h }, context).ReadAll(group));
            Table("vdsm_commands", VdsmReader.OpenCommands(new VdsmCommandOptions { HostName = h }, context).ReadAll(group));
            Table("purple_screens", PurpleScreenReader.Open(new PurpleScreenReadOptions { HostName = h }, context).ReadAll(group));
            Table("guest_failures", GuestFailureReader.Open(new GuestFailureOptions { HostName = h }, context).ReadAll(group));
            Table("ovirt_engine_entries", OVirtReader.OpenEntries(new OVirtEngineEntryOptions { HostName = h }, context).ReadAll(group));
            Table("ovirt_engine_commands", OVirtReader.OpenCommands(new OVirtEngineCommandOptions { HostName = h }, context).ReadAll(group));
            if (_options.IncludeTrace && group.Any(d => d.Kind == LogKind.TraceDat))
            {
                Table("trace_events", TraceReader.OpenEvents(new TraceReadOptions(), context).ReadAll(group));
                Table("kvm_exit_summaries", KvmReader.OpenExits(new KvmReadOptions(), context).ReadAll(group));
            }
        }

        /// <summary>The input a group was read from, for issues: its outermost files.</summary>
        private static string Source(IReadOnlyList<LogDocument> documents)
        {
            var files = documents.Select(d => d.FilePath).Distinct(StringComparer.Ordinal).ToList();
            return files.Count <= 3 ? string.Join(", ", files) : string.Join(", ", files.Take(3)) + " and " + (files.Count - 3) + " more";
        }

        /// <summary>Streams records into one partition per host; partitions are opened on their first record.</summary>
        private void WriteTable<T>(string name, IEnumerable<T> records, string? groupHost, string identity, string source) where T : class
        {
            var partitions = new Dictionary<string, PartitionSink>(StringComparer.Ordinal);
            try
            {
                foreach (T record in records)
                {
                    RecordTable table = RecordTable.For(record.GetType(), name);
                    string host = table.HostOf(record, groupHost);
                    if (!partitions.TryGetValue(host, out PartitionSink? sink))
                    {
                        string loadId = LoadId(name, host, identity);
                        sink = new PartitionSink(table, host, loadId, source, _options.OutputDirectory, _clickHouse, _issues);
                        partitions.Add(host, sink);
                    }
                    sink.Add(record);
                }
                foreach (PartitionSink sink in partitions.Values)
                {
                    ExportedPartition? done = sink.Complete();
                    if (done != null) _done.Add(done);
                }
            }
            finally
            {
                foreach (PartitionSink sink in partitions.Values) sink.Dispose();
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
