using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.Psod;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Timeline
{
    /// <summary>The Core entry points behind Get-VirtDiagTimeline / Measure-ClockSkew and <c>virtdiag timeline</c> / <c>clock-skew</c>.</summary>
    public static class TimelineReader
    {
        /// <summary>The host name given to engine.log records whose host cannot be told from the input.</summary>
        public const string DefaultEngineHostName = "ovirt-engine";

        [Flags]
        private enum Route { None = 0, VMotion = 1, Psod = 2, Guest = 4, Vdsm = 8, Engine = 16, Trace = 32 }

        /// <summary>One clock offset estimate per host (and guest) found in <paramref name="documents"/>, against the reference host.</summary>
        public static IReadOnlyList<ClockSkewEstimate> MeasureClockSkew(IReadOnlyList<LogDocument> documents, ClockSkewOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var sink = new DedupSink(context.Issues);
            ReadContext quiet = Quiet(context, sink, null);
            return Measure(documents, Kinds(documents, quiet), options, quiet, context);
        }

        /// <summary>The anchors (causal pairs of records across hosts) found in <paramref name="documents"/>.</summary>
        public static IReadOnlyList<ClockAnchor> FindAnchors(IReadOnlyList<LogDocument> documents, ClockSkewOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            ReadContext quiet = Quiet(context, new DedupSink(context.Issues), null);
            return Anchors(documents, Kinds(documents, quiet), options, quiet, out _, out _);
        }

        /// <summary>
        /// Every record of every capability in <paramref name="documents"/>, merged into one stream ordered on the
        /// reference clock: each document (or each host's joined vdsm calls) is one ordered source, the sources are
        /// merged k-way, so memory does not grow with the input.
        /// </summary>
        public static IEnumerable<TimelineEntry> Read(IReadOnlyList<LogDocument> documents, TimelineOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            return ReadCore(documents, options, context);
        }

        /// <summary>
        /// The timeline of records read elsewhere (the export reads each document once for every capability and writes the
        /// timeline from the same records): for a record of <paramref name="documents"/>, the entry <see cref="Read"/> gives
        /// it with default options (times as written, no reconciliation), or null where the timeline leaves it out (below
        /// Info, trace events, a capability the timeline does not read from that document's kind). Entries are not merged
        /// by time: that is the caller's to do, or a query's.
        /// </summary>
        public static Func<IDiagnosticRecord, TimelineEntry?> AsWritten(IReadOnlyList<LogDocument> documents, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var kinds = new Dictionary<string, LogKind>(StringComparer.Ordinal);
            foreach (var kv in Kinds(documents, Quiet(context, new DedupSink(context.Issues), _ => false))) kinds[kv.Key.Path] = kv.Value;
            var options = new TimelineOptions();
            var placer = new Placer(options);
            return record =>
            {
                if (record == null) throw new ArgumentNullException(nameof(record));
                if (record.Severity < options.MinimumSeverity) return null;
                Route route = record.SourceKind switch
                {
                    RecordSource.VMotion => Route.VMotion,
                    RecordSource.Psod => Route.Psod,
                    RecordSource.Guest => Route.Guest,
                    RecordSource.Vdsm => Route.Vdsm,
                    RecordSource.OVirtEngine => Route.Engine,
                    _ => Route.None,
                };
                if (route == Route.None) return null;
                if (kinds.TryGetValue(record.Path, out LogKind kind) && (Routes(kind, options) & route) == 0) return null;
                string? host = record.HostName ?? (record.SourceKind == RecordSource.OVirtEngine ? DefaultEngineHostName : null);
                return placer.Place(record, host);
            };
        }

        private static IEnumerable<TimelineEntry> ReadCore(IReadOnlyList<LogDocument> documents, TimelineOptions options, ReadContext context)
        {
            var sink = new DedupSink(context.Issues);
            var placer = new Placer(options);
            Dictionary<LogDocument, LogKind> kinds = Kinds(documents, Quiet(context, sink, null));
            if (options.EstimateClockSkew)
            {
                foreach (ClockSkewEstimate e in Measure(documents, kinds, options, Quiet(context, sink, null), context))
                {
                    placer.Reference ??= e.ReferenceHostName;
                    if (e.OffsetSeconds.HasValue && !placer.Offsets.ContainsKey(e.HostName)) placer.Offsets[e.HostName] = e.OffsetSeconds.Value;
                }
            }
            var produced = new HashSet<string>(StringComparer.Ordinal);
            var opened = new HashSet<string>(StringComparer.Ordinal);
            var sources = new List<Source>();
            int skipped = 0;
            var skippedKinds = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var group in Plan(documents, kinds, options))
            {
                if (group.Route == Route.None) { skipped++; skippedKinds.Add(kinds[group.Documents[0]].ToString()); continue; }
                foreach (var (name, records, joined) in Streams(group, options, context, sink, produced))
                {
                    foreach (LogDocument d in group.Documents) opened.Add(d.Path);
                    sources.Add(new Source(name, Filter(records, options, placer), joined ? options.ReorderCapacity : Math.Min(options.ReorderCapacity, options.DocumentReorderCapacity)));
                }
            }
            if (skipped > 0)
                context.Report("<input>", IssueKind.Skipped, skipped.ToString(CultureInfo.InvariantCulture) + " document(s) of kinds the timeline does not read were skipped (" + string.Join(", ", skippedKinds) + ")");

            var heap = new MinHeap<Source>((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
            try
            {
                for (int i = 0; i < sources.Count; i++)
                {
                    sources[i].Index = i;
                    if (sources[i].MoveNext()) heap.Push(sources[i]);
                }
                while (heap.Count > 0)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    Source s = heap.Pop();
                    yield return s.Current!;
                    if (s.MoveNext()) heap.Push(s);
                }
            }
            finally
            {
                foreach (Source s in sources) s.Dispose();
            }

            foreach (Source s in sources)
            {
                if (s.Late > 0)
                    context.Report(s.Name, IssueKind.Unplaced, s.Late.ToString(CultureInfo.InvariantCulture) + " entr" + (s.Late == 1 ? "y" : "ies")
                        + " came out of order by more than the reorder window of " + s.Capacity.ToString(CultureInfo.InvariantCulture)
                        + " entries (by up to " + RecordText.Seconds(TimeSpan.FromTicks(s.MaxLateness)) + ") and were written where they arrived");
            }
            foreach (var kv in placer.Unreconciled.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
                context.Report(kv.Key, IssueKind.Unplaced, kv.Value.ToString(CultureInfo.InvariantCulture) + " entries of host " + kv.Key
                    + " keep their written time: no anchor links it to the reference host " + (placer.Reference ?? "(none)") + " and no clock offset was given for it");
            foreach (var kv in placer.NoTimestamp.OrderBy(k => k.Key, StringComparer.Ordinal))
                context.Report(kv.Key, IssueKind.Unplaced, kv.Value.ToString(CultureInfo.InvariantCulture) + " entries have no wall-clock time (uptime or trace clock only); each is placed after the entry before it in its document");
            foreach (LogDocument d in documents)
            {
                if (opened.Contains(d.Path) && !produced.Contains(d.Path))
                    context.Report(d.Path, IssueKind.NoRelevantData, "nothing for the timeline in this document");
            }
        }

        private static IReadOnlyList<ClockSkewEstimate> Measure(IReadOnlyList<LogDocument> documents, Dictionary<LogDocument, LogKind> kinds, ClockSkewOptions options,
            ReadContext quiet, ReadContext context)
        {
            IReadOnlyList<ClockAnchor> anchors = Anchors(documents, kinds, options, quiet, out HashSet<string> hosts, out string? engine);
            return ClockSkewEstimator.Estimate(anchors, hosts, options.ReferenceHostName, engine, context);
        }

        private static IReadOnlyList<ClockAnchor> Anchors(IReadOnlyList<LogDocument> documents, Dictionary<LogDocument, LogKind> kinds, ClockSkewOptions options, ReadContext quiet,
            out HashSet<string> hosts, out string? engineHost)
        {
            hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            engineHost = null;
            var vmotion = new List<LogDocument>();
            var guest = new List<LogDocument>();
            var engine = new List<LogDocument>();
            var vdsm = new List<LogDocument>();
            var trace = new List<LogDocument>();
            foreach (LogDocument d in documents)
            {
                if (kinds[d] == LogKind.TraceDat) { trace.Add(d); continue; }
                Route r = Routes(kinds[d], null);
                if (r == Route.None) continue;
                if (d.HostName != null) hosts.Add(d.HostName);
                if ((r & Route.VMotion) != 0) vmotion.Add(d);
                if ((r & Route.Guest) != 0) guest.Add(d);
                if ((r & Route.Engine) != 0) { engine.Add(d); engineHost ??= d.HostName ?? DefaultEngineHostName; hosts.Add(engineHost); }
                if ((r & Route.Vdsm) != 0) vdsm.Add(d);
            }
            var anchors = new List<ClockAnchor>();
            if (vmotion.Count > 0)
            {
                foreach (VMotionMigration m in Migrations(vmotion, options.VMotionJoinWindow, quiet))
                    anchors.AddRange(AnchorFinder.FromMigration(m));
            }
            if (guest.Count > 0)
            {
                var guestSide = new List<GuestOsFailure>();
                var hostSide = new List<GuestOsFailure>();
                foreach (GuestOsFailure f in GuestFailureReader.Open(new GuestFailureOptions { Year = options.Year }, quiet).ReadAll(guest))
                {
                    if (AnchorFinder.IsGuestCrash(f)) { guestSide.Add(f); if (f.HostName != null) hosts.Add(f.HostName); }
                    else if (AnchorFinder.IsHostSeenCrash(f)) hostSide.Add(f);
                }
                anchors.AddRange(AnchorFinder.FromGuestFailures(guestSide, hostSide, options.GuestAnchorWindow));
            }
            if (engine.Count > 0 && vdsm.Count > 0)
            {
                var matcher = new EngineAnchors(engineHost!, options.EngineAnchorWindow);
                foreach (OVirtEngineCommand c in OVirtReader.OpenCommands(new OVirtEngineCommandOptions(), quiet).ReadAll(engine)) matcher.AddEngineCommand(c);
                if (matcher.EngineCommands > 0)
                {
                    foreach (VdsmTask t in VdsmReader.OpenTasks(new VdsmTaskOptions { TimeZone = options.TimeZone }, quiet).ReadAll(vdsm)) matcher.AddVdsmCall(t);
                    anchors.AddRange(matcher.Anchors());
                }
            }
            if (trace.Count > 0)
            {
                foreach (Ftrace.TraceClockPoint p in Ftrace.TraceClockMapping.Read(trace, quiet))
                {
                    hosts.Add(p.Host); hosts.Add(p.Guest);
                    anchors.AddRange(AnchorFinder.FromTraceClock(new[] { p }));
                }
            }
            return anchors;
        }

        private static Dictionary<LogDocument, LogKind> Kinds(IReadOnlyList<LogDocument> documents, ReadContext context)
        {
            var kinds = new Dictionary<LogDocument, LogKind>();
            foreach (LogDocument d in documents) kinds[d] = d.IsExplicit ? Sniff(d, context) : d.Kind;
            return kinds;
        }

        // The hosts' logs are read side by side (k-way by time) so both sides of a migration meet while the join holds
        // few migrations; read one after another, a long log would push every migration out before its other side came.
        // A finished migration is let go once the merged clock is past its last line by the join window (its other side,
        // written on a clock off by less than that, has been read by then), or by BothSidesGrace when both sides were seen
        // (only the stragglers of its own hosts can follow): the join holds minutes of migrations, not 4,096.
        private static readonly TimeSpan BothSidesGrace = TimeSpan.FromMinutes(10);

        private static IEnumerable<VMotionMigration> Migrations(List<LogDocument> documents, TimeSpan joinWindow, ReadContext context)
        {
            var options = new VMotionOptions();
            var joiner = new VMotionMigrationJoiner(options, context);
            var output = new List<VMotionMigration>();
            var readers = new List<IEnumerator<VMotionEvent>>();
            var heap = new MinHeap<(long Key, int Index)>((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
            var last = new List<long>();
            try
            {
                foreach (LogDocument d in documents)
                {
                    IEnumerator<VMotionEvent> e = VMotionReader.OpenEvents(options, context).ReadAll(new[] { d }).GetEnumerator();
                    readers.Add(e);
                    last.Add(long.MinValue);
                    if (e.MoveNext()) heap.Push((KeyOf(e.Current, last, readers.Count - 1), readers.Count - 1));
                }
                long nextRelease = long.MinValue, step = TimeSpan.FromMinutes(1).Ticks;
                while (heap.Count > 0)
                {
                    var (now, i) = heap.Pop();
                    if (now >= nextRelease && now - DateTimeOffset.MinValue.UtcTicks > Math.Max(joinWindow.Ticks, BothSidesGrace.Ticks))
                    {
                        joiner.EmitFinished(new DateTimeOffset(now - joinWindow.Ticks, TimeSpan.Zero), new DateTimeOffset(now - BothSidesGrace.Ticks, TimeSpan.Zero), output);
                        nextRelease = now + step;
                    }
                    joiner.Add(readers[i].Current, output);
                    foreach (VMotionMigration m in output) yield return m;
                    output.Clear();
                    if (readers[i].MoveNext()) heap.Push((KeyOf(readers[i].Current, last, i), i));
                }
            }
            finally
            {
                foreach (var r in readers) r.Dispose();
            }
            joiner.Complete(output);
            foreach (VMotionMigration m in output) yield return m;
        }

        private static long KeyOf(VMotionEvent e, List<long> last, int index)
        {
            if (e.Timestamp.HasValue) last[index] = e.Timestamp.Value.UtcTicks;
            return last[index];
        }

        private static Route Routes(LogKind kind, TimelineOptions? options)
        {
            switch (kind)
            {
                case LogKind.VmKernel: return Route.VMotion | Route.Psod;
                case LogKind.Hostd: case LogKind.VmwareLog: return Route.VMotion | Route.Guest;
                case LogKind.Syslog: case LogKind.Messages: return Route.VMotion | Route.Guest;
                case LogKind.Kern: case LogKind.Dmesg: case LogKind.VmcoreDmesg: case LogKind.Journal: case LogKind.WindowsText: return Route.Guest;
                case LogKind.Serial: return Route.Psod | Route.Guest;
                case LogKind.Vdsm: case LogKind.SuperVdsm: return Route.Vdsm;
                case LogKind.Engine: return Route.Engine;
                case LogKind.TraceDat: return options != null && options.IncludeTrace ? Route.Trace : Route.None;
                case LogKind.Text: case LogKind.Unknown: return Route.VMotion | Route.Psod | Route.Guest;
                default: return Route.None;
            }
        }

        private static readonly Regex s_engineLine = new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}(?:Z|[+-]\d\d(?::?\d\d)?)? +(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL) +\[[\w.$]+\] \(", RegexOptions.CultureInvariant);
        private static readonly Regex s_vdsmLine = new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}(?:[+-]\d{4})? (?:INFO|DEBUG|WARN|ERROR|CRIT|TRACE|WARNING|CRITICAL) *\(|::(?:INFO|DEBUG|WARNING|ERROR|CRITICAL)::\d{4}-\d\d-\d\d ", RegexOptions.CultureInvariant);

        // A file named directly whose name says nothing (a renamed engine.log or vdsm.log) is told by its first lines.
        private static LogKind Sniff(LogDocument d, ReadContext context)
        {
            if (d.Kind != LogKind.Text && d.Kind != LogKind.Unknown) return d.Kind;
            try
            {
                using var stream = DocumentReader.Open(d, context);
                var buffer = new byte[16384];
                int n = 0, r;
                while (n < buffer.Length && (r = stream.Read(buffer, n, buffer.Length - n)) > 0) n += r;
                int engine = 0, vdsm = 0, lines = 0;
                foreach (string line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n'))
                {
                    if (++lines > 64) break;
                    if (s_engineLine.IsMatch(line)) engine++;
                    else if (s_vdsmLine.IsMatch(line)) vdsm++;
                }
                return engine > 0 && engine >= vdsm ? LogKind.Engine : vdsm > 0 ? LogKind.Vdsm : d.Kind;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is CorruptDataException)
            {
                return d.Kind; // the read proper reports the fault
            }
        }

        private sealed class Group
        {
            public Route Route;
            public readonly List<LogDocument> Documents = new List<LogDocument>();
        }

        // vdsm documents of one host form one group (rotated files oldest first, calls joined across them); others stand alone.
        private static IEnumerable<Group> Plan(IReadOnlyList<LogDocument> documents, Dictionary<LogDocument, LogKind> kinds, TimelineOptions options)
        {
            var vdsm = new Dictionary<string, Group>(StringComparer.OrdinalIgnoreCase);
            var result = new List<Group>();
            var trace = new Group { Route = Route.Trace };
            foreach (LogDocument d in VdsmReader.Chronological(documents))
            {
                Route r = Routes(kinds[d], options);
                if (r == Route.Vdsm || r == Route.Engine)
                {
                    string key = r + "\u0001" + (d.HostName ?? d.Path);
                    if (!vdsm.TryGetValue(key, out Group? g)) { vdsm.Add(key, g = new Group { Route = r }); result.Add(g); }
                    g.Documents.Add(d);
                    continue;
                }
                if (r == Route.Trace) { trace.Documents.Add(d); continue; }
                var single = new Group { Route = r };
                single.Documents.Add(d);
                result.Add(single);
            }
            if (trace.Documents.Count > 0) result.Add(trace);
            return result;
        }

        private static IEnumerable<(string Name, IEnumerable<IDiagnosticRecord> Records, bool Joined)> Streams(Group g, TimelineOptions options, ReadContext context,
            DedupSink sink, HashSet<string> produced)
        {
            bool Wants(RecordSource s) => options.Source == null || options.Source.Length == 0 ? s != RecordSource.Trace || options.IncludeTrace : Array.IndexOf(options.Source, s) >= 0;
            var docs = g.Documents;
            string name = docs[0].Path;
            ReadContext quiet = Quiet(context, sink, null);
            if ((g.Route & Route.VMotion) != 0 && Wants(RecordSource.VMotion))
                yield return (name, Mark(VMotionReader.OpenEvents(new VMotionOptions(), quiet).ReadAll(docs), produced), false);
            if ((g.Route & Route.Psod) != 0 && Wants(RecordSource.Psod))
                yield return (name, Mark(PurpleScreenReader.Open(new PurpleScreenReadOptions(), quiet).ReadAll(docs), produced), false);
            if ((g.Route & Route.Guest) != 0 && Wants(RecordSource.Guest))
                yield return (name, Mark(GuestFailureReader.Open(new GuestFailureOptions { Year = options.Year }, quiet).ReadAll(docs), produced), false);
            if ((g.Route & Route.Vdsm) != 0 && Wants(RecordSource.Vdsm))
            {
                var levels = new VdsmEntryOptions
                {
                    TimeZone = options.TimeZone,
                    Level = ((VdsmLogLevel[])Enum.GetValues(typeof(VdsmLogLevel)))
                        .Where(l => l != VdsmLogLevel.Unknown && VdsmRecord.SeverityOf(l) >= options.MinimumSeverity).ToArray(),
                };
                foreach (LogDocument d in docs)
                    yield return (d.Path, Mark(VdsmReader.OpenEntries(levels, quiet).ReadAll(new[] { d }), produced), false);
                // Joined records repeat the parse: only the joins' own issues are passed on from these reads.
                ReadContext joins = Quiet(context, sink, k => k == IssueKind.OrphanEvent);
                string host = docs[0].HostName ?? name;
                yield return (host + " vdsm calls", Mark(VdsmReader.OpenTasks(new VdsmTaskOptions { TimeZone = options.TimeZone }, joins).ReadAll(docs), produced), true);
                yield return (host + " vdsm commands", Mark(VdsmReader.OpenCommands(new VdsmCommandOptions { TimeZone = options.TimeZone }, Quiet(context, sink, _ => false)).ReadAll(docs), produced), true);
            }
            if ((g.Route & Route.Engine) != 0 && Wants(RecordSource.OVirtEngine))
            {
                var levels = new OVirtEngineEntryOptions
                {
                    Level = ((OVirtLogLevel[])Enum.GetValues(typeof(OVirtLogLevel)))
                        .Where(l => l != OVirtLogLevel.Unknown && OVirtRecord.SeverityOf(l) >= options.MinimumSeverity).ToArray(),
                };
                yield return (name, Mark(OVirtReader.OpenEntries(levels, quiet).ReadAll(docs), produced), false);
                string host = docs[0].HostName ?? DefaultEngineHostName;
                yield return (host + " engine commands", Mark(OVirtReader.OpenCommands(new OVirtEngineCommandOptions(), Quiet(context, sink, k => k == IssueKind.OrphanEvent)).ReadAll(docs), produced), true);
            }
            if ((g.Route & Route.Trace) != 0 && Wants(RecordSource.Trace))
                yield return (name, Mark(TraceReader.OpenEvents(new TraceReadOptions(), quiet).ReadAll(docs), produced), false);
        }

        private static IEnumerable<IDiagnosticRecord> Mark<T>(IEnumerable<T> records, HashSet<string> produced) where T : IDiagnosticRecord
        {
            string? last = null;
            foreach (T r in records)
            {
                if (!ReferenceEquals(last, r.Path)) { produced.Add(r.Path); last = r.Path; }
                yield return r;
            }
        }

        private static IEnumerable<TimelineEntry> Filter(IEnumerable<IDiagnosticRecord> records, TimelineOptions options, Placer placer)
        {
            long lastKey = DateTimeOffset.MinValue.UtcTicks;
            foreach (IDiagnosticRecord r in records)
            {
                if (r.Severity < options.MinimumSeverity) continue;
                if (options.Source != null && options.Source.Length > 0 && Array.IndexOf(options.Source, r.SourceKind) < 0) continue;
                string? host = r.HostName ?? (r.SourceKind == RecordSource.OVirtEngine ? DefaultEngineHostName : null);
                if (options.HostName != null && options.HostName.Length > 0 && (host == null || !Wildcard.AnyMatch(options.HostName, host))) continue;
                TimelineEntry e = placer.Place(r, host);
                if (e.Timestamp.HasValue)
                {
                    if (options.After.HasValue && e.Timestamp < options.After.Value) continue;
                    if (options.Before.HasValue && e.Timestamp >= options.Before.Value) continue;
                    lastKey = e.Timestamp.Value.UtcTicks;
                }
                else if (options.After.HasValue || options.Before.HasValue)
                {
                    continue;
                }
                placer.Count(e);
                e.Key = lastKey;
                yield return e;
            }
        }

        private static ReadContext Quiet(ReadContext context, DedupSink sink, Func<IssueKind, bool>? pass)
            => new ReadContext(new QuietSink(sink, pass), context.Progress, context.CancellationToken)
            {
                MaxLineLength = context.MaxLineLength,
                MaxDictionarySize = context.MaxDictionarySize,
                MaxArchiveDepth = context.MaxArchiveDepth,
            };

        // A capability finding nothing in a document is normal on a timeline (the timeline says so per document instead).
        private sealed class QuietSink : IIssueSink
        {
            private readonly IIssueSink _inner;
            private readonly Func<IssueKind, bool>? _pass;

            public QuietSink(IIssueSink inner, Func<IssueKind, bool>? pass) { _inner = inner; _pass = pass; }

            public void Report(Issue issue)
            {
                if (issue.Kind == IssueKind.NoRelevantData) return;
                if (_pass != null && !_pass(issue.Kind)) return;
                _inner.Report(issue);
            }
        }

        // Several capabilities (and the anchor pass) read the same document: its faults are reported once.
        private sealed class DedupSink : IIssueSink
        {
            private const int MaxRemembered = 100_000;
            private readonly IIssueSink _inner;
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

            public DedupSink(IIssueSink inner) { _inner = inner; }

            public void Report(Issue issue)
            {
                string key = issue.ToString();
                if (_seen.Contains(key)) return;
                if (_seen.Count < MaxRemembered) _seen.Add(key);
                _inner.Report(issue);
            }
        }

        private sealed class Placer
        {
            private readonly TimelineOptions _options;

            public Placer(TimelineOptions options)
            {
                _options = options;
                Reference = options.ReferenceHostName;
                foreach (HostClockOffset o in options.ClockOffset ?? Array.Empty<HostClockOffset>()) Offsets[o.HostName] = o.Seconds;
            }

            public string? Reference;
            public readonly Dictionary<string, double> Offsets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<string, long> Unreconciled = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<string, long> NoTimestamp = new Dictionary<string, long>(StringComparer.Ordinal);

            public TimelineEntry Place(IDiagnosticRecord r, string? host)
            {
                DateTimeOffset? t = r.HostTimestamp;
                if (!t.HasValue) return new TimelineEntry(r, host, null, null, TimelinePlacement.NoTimestamp);
                if (host != null && Offsets.TryGetValue(host, out double seconds))
                {
                    TimeSpan offset = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                    return new TimelineEntry(r, host, (t.Value - offset).ToUniversalTime(), offset, TimelinePlacement.Reconciled);
                }
                if (_options.Reconcile && host != null && string.Equals(host, Reference, StringComparison.OrdinalIgnoreCase))
                    return new TimelineEntry(r, host, t.Value.ToUniversalTime(), TimeSpan.Zero, TimelinePlacement.Reconciled);
                return new TimelineEntry(r, host, t.Value.ToUniversalTime(), null, _options.EstimateClockSkew ? TimelinePlacement.Unreconciled : TimelinePlacement.AsWritten);
            }

            public void Count(TimelineEntry e)
            {
                if (e.Placement == TimelinePlacement.Unreconciled) Bump(Unreconciled, e.HostName ?? "(unknown host)");
                else if (e.Placement == TimelinePlacement.NoTimestamp) Bump(NoTimestamp, e.Path);
            }

            private static void Bump(Dictionary<string, long> d, string key) => d[key] = d.TryGetValue(key, out long n) ? n + 1 : 1;
        }

        // One ordered input of the merge: entries pass through a bounded reorder heap, large for joined records (they come out
        // at their end), small for a document's records (in line order already), so memory does not follow the input's size.
        private sealed class Source : IDisposable
        {
            private readonly IEnumerator<TimelineEntry> _input;
            private readonly MinHeap<(long Key, long Seq, TimelineEntry Entry)> _held;
            private readonly int _capacity;
            private long _seq, _lastOut = long.MinValue;
            private bool _inputDone;

            public Source(string name, IEnumerable<TimelineEntry> input, int capacity)
            {
                Name = name;
                _input = input.GetEnumerator();
                _capacity = Math.Max(1, capacity);
                _held = new MinHeap<(long Key, long Seq, TimelineEntry Entry)>((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Seq.CompareTo(b.Seq));
            }

            public string Name { get; }
            public int Capacity => _capacity;
            public int Index;
            public long Key;
            public TimelineEntry? Current;
            public long Late, MaxLateness;

            public bool MoveNext()
            {
                while (!_inputDone && _held.Count < _capacity)
                {
                    if (!_input.MoveNext()) { _inputDone = true; break; }
                    TimelineEntry e = _input.Current;
                    _held.Push((e.Key, _seq++, e));
                }
                if (_held.Count == 0) return false;
                var next = _held.Pop();
                if (next.Key < _lastOut)
                {
                    Late++;
                    MaxLateness = Math.Max(MaxLateness, _lastOut - next.Key);
                }
                else
                {
                    _lastOut = next.Key;
                }
                Key = Math.Max(next.Key, _lastOut);
                Current = next.Entry;
                return true;
            }

            public void Dispose() => _input.Dispose();
        }
    }
}
