using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.OVirt;
using VirtDiag.Psod;
using VirtDiag.Timeline;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Triage
{
    /// <summary>
    /// The Core entry point behind Invoke-VirtDiagTriage and <c>virtdiag triage</c>: reads every document once per
    /// capability that takes it (inventory, vMotion, PSOD, guest, VDSM, KVM) and folds what they find into one report.
    /// </summary>
    public static class TriageReader
    {
        /// <summary>The reading steps, in order, as <c>onStep</c> names them.</summary>
        public static readonly IReadOnlyList<string> Steps = new[] { "Inventory", "vMotion", "PSOD", "Guest", "VDSM tasks", "VDSM commands", "Engine", "KVM", "Clock skew" };

        internal const string UnknownHost = "(unknown)";

        /// <summary>
        /// Triages <paramref name="documents"/>. Issues go to the context's sink as every reader reports them, except
        /// "nothing relevant in this document" (most documents hold nothing for most readers; the coverage rows say it).
        /// <paramref name="onStep"/> is called with each step's name, number (1-based) and the step count.
        /// </summary>
        public static TriageReport Run(IReadOnlyList<LogDocument> documents, IReadOnlyList<string> inputs, TriageOptions options, ReadContext context,
            Action<string, int, int>? onStep = null)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            options.Validate();
            var run = new TriageRun(documents, options, context, onStep);
            return run.Execute(inputs ?? Array.Empty<string>());
        }

        private sealed class TriageRun
        {
            private readonly IReadOnlyList<LogDocument> _documents;
            private readonly TriageOptions _options;
            private readonly ReadContext _context;
            private readonly Action<string, int, int>? _onStep;
            private readonly Dictionary<string, LogDocument> _byPath = new Dictionary<string, LogDocument>(StringComparer.Ordinal);
            private readonly List<TriageSource> _sources = new List<TriageSource>();
            private readonly Dictionary<string, TriageSource> _sourceIndex = new Dictionary<string, TriageSource>(StringComparer.Ordinal);
            private readonly List<TriageFinding> _findings = new List<TriageFinding>();
            private readonly Dictionary<TriageFindingKind, int> _perKind = new Dictionary<TriageFindingKind, int>();
            private readonly List<VMotionMigration> _migrations = new List<VMotionMigration>();
            private readonly List<InventoryParser> _inventory = new List<InventoryParser>();
            private readonly Dictionary<string, List<TriageReboot>> _reboots = new Dictionary<string, List<TriageReboot>>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, string> _esxiBuildFromScreens = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            private List<KvmExitSummary> _kvm = new List<KvmExitSummary>();
            private IReadOnlyList<ClockSkewEstimate> _skew = Array.Empty<ClockSkewEstimate>();
            private long _notListed, _migrationsNotListed, _issueCount;
            private int _step;

            public TriageRun(IReadOnlyList<LogDocument> documents, TriageOptions options, ReadContext context, Action<string, int, int>? onStep)
            {
                _documents = VdsmReader.Chronological(documents);
                _options = options;
                _context = context;
                _onStep = onStep;
                foreach (LogDocument d in _documents)
                {
                    if (!_byPath.ContainsKey(d.Path)) _byPath.Add(d.Path, d);
                }
            }

            public TriageReport Execute(IReadOnlyList<string> inputs)
            {
                if (_documents.Count > 0)
                {
                    Inventory();
                    VMotion();
                    Psod();
                    Guest();
                    VdsmTasks();
                    VdsmCommands();
                    Engine();
                    Kvm();
                    ClockSkew();
                }
                TriageReport report = Build(inputs);
                Unread(report, inputs);
                return report;
            }

            /// <summary>Files named *.log or *.txt under the folders given that no document came from: their names match no log kind, so no reader took them.</summary>
            private void Unread(TriageReport report, IReadOnlyList<string> inputs)
            {
                var read = new HashSet<string>(StringComparer.Ordinal);
                foreach (LogDocument d in _documents) read.Add(Full(d.FilePath));
                var unread = new List<string>();
                long count = 0;
                foreach (string input in inputs)
                {
                    if (!System.IO.Directory.Exists(input)) continue;
                    IEnumerable<string> files;
                    try
                    {
                        files = System.IO.Directory.EnumerateFiles(input, "*", System.IO.SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
                    }
                    catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                    {
                        continue; // the resolver has already reported why this folder could not be listed
                    }
                    foreach (string f in files)
                    {
                        if (!LooksLikeLog(f) || read.Contains(Full(f))) continue;
                        count++;
                        if (unread.Count < 1000) unread.Add(f);
                    }
                }
                report.UnreadFiles = unread;
                report.UnreadFileCount = count;
            }

            // Bundles hold thousands of configuration and command-output files: only names that say "log" or "text" are worth listing.
            private static bool LooksLikeLog(string file)
            {
                string n = DocumentNaming.StripCompression(System.IO.Path.GetFileName(file)).ToLowerInvariant();
                int dot = n.LastIndexOf('.');
                while (dot > 0 && n.Substring(dot + 1).All(char.IsDigit)) { n = n.Substring(0, dot); dot = n.LastIndexOf('.'); }
                return n.EndsWith(".log", StringComparison.Ordinal) || n.EndsWith(".txt", StringComparison.Ordinal);
            }

            private static string Full(string path)
            {
                try { return System.IO.Path.GetFullPath(path); }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is System.IO.PathTooLongException) { return path; }
            }

            private ReadContext Step(string reader)
            {
                _step++;
                _onStep?.Invoke(reader, _step, Steps.Count);
                var sink = new DelegateIssueSink(issue => Count(reader, issue));
                return new ReadContext(sink, _context.Progress, _context.CancellationToken)
                {
                    MaxLineLength = _context.MaxLineLength,
                    MaxDictionarySize = _context.MaxDictionarySize,
                    MaxArchiveDepth = _context.MaxArchiveDepth,
                };
            }

            private void Count(string reader, Issue issue)
            {
                if (issue.Kind == IssueKind.NoRelevantData) return;
                // The skew estimate reads again what the other steps read: only its own findings about anchors are news.
                if (reader == Steps[8] && issue.Kind != IssueKind.ClockAnchorOutlier) return;
                TriageSource row = Source(reader, issue.Source);
                switch (issue.Kind)
                {
                    case IssueKind.MalformedRecord: case IssueKind.TruncatedRecord: row.Malformed++; break;
                    case IssueKind.OrphanEvent: row.Orphans++; break;
                    case IssueKind.Skipped: break;
                    default: row.Errors++; break;
                }
                // The same fault of a document is met by every reader that opens it: report it once (the Inventory step reads everything first).
                if (reader != Steps[0] && IsDocumentFault(issue.Kind) && _sourceIndex.ContainsKey(Steps[0] + "\u0001" + issue.Source)) return;
                if (IssueSeverities.Of(issue.Kind) != IssueSeverity.Verbose) _issueCount++;
                _context.Report(issue);
            }

            private static bool IsDocumentFault(IssueKind kind)
                => kind == IssueKind.FileNotFound || kind == IssueKind.AccessDenied || kind == IssueKind.IoError || kind == IssueKind.ArchiveTruncated
                   || kind == IssueKind.ArchiveCorrupt || kind == IssueKind.ChecksumMismatch || kind == IssueKind.UnsupportedFormat
                   || kind == IssueKind.LimitExceeded || kind == IssueKind.LineTooLong;

            private TriageSource Source(string reader, string path)
            {
                string key = reader + "\u0001" + path;
                if (_sourceIndex.TryGetValue(key, out TriageSource? row)) return row;
                _byPath.TryGetValue(path, out LogDocument? doc);
                row = new TriageSource(reader, path, doc?.HostName ?? _options.HostName, doc?.Kind ?? LogKind.Unknown);
                _sourceIndex.Add(key, row);
                _sources.Add(row);
                return row;
            }

            private List<LogDocument> Taken(Func<LogDocument, bool> accepts, string reader)
            {
                var list = new List<LogDocument>();
                foreach (LogDocument d in _documents)
                {
                    // trace.dat is binary: only the KVM step reads it, even when it was named explicitly.
                    if (d.Kind != LogKind.TraceDat && (d.IsExplicit || accepts(d)))
                    {
                        list.Add(d);
                        Source(reader, d.Path);
                    }
                }
                return list;
            }

            private void Add(TriageSeverity severity, TriageFindingKind kind, DateTimeOffset? time, string? host, string summary, string path, long line, object record)
            {
                _perKind.TryGetValue(kind, out int n);
                _perKind[kind] = n + 1;
                if (n >= _options.MaxFindingsPerKind) { _notListed++; return; }
                _findings.Add(new TriageFinding(severity, kind, time, host, summary, path, line, record));
            }

            private void Inventory()
            {
                ReadContext ctx = Step(Steps[0]);
                int year = _options.Year ?? DateTime.UtcNow.Year;
                var text = Taken(d => true, Steps[0]);
                foreach (TriageReboot r in DocumentReader.ReadLines(text, null, d =>
                {
                    var p = new InventoryParser(d, year, _options.GapThreshold, _options.MaxIntervalsPerDocument);
                    _inventory.Add(p);
                    return p;
                }, ctx))
                {
                    string host = HostOf(_byPath.TryGetValue(r.Path, out LogDocument? d) ? d : null, r.Path);
                    if (!_reboots.TryGetValue(host, out List<TriageReboot>? list)) _reboots[host] = list = new List<TriageReboot>();
                    list.Add(r);
                }
                foreach (InventoryParser p in _inventory)
                {
                    TriageSource row = Source(Steps[0], p.Document.Path);
                    row.Lines = p.Lines;
                    row.Records = p.TimedLines;
                    row.FirstTime = p.FirstTime;
                    row.LastTime = p.LastTime;
                }
            }

            private string HostOf(LogDocument? doc, string path)
            {
                string? host = doc?.HostName ?? _options.HostName;
                if (host == null)
                {
                    foreach (InventoryParser p in _inventory)
                    {
                        if (ReferenceEquals(p.Document, doc) || p.Document.Path == path) { host = p.LineHost; break; }
                    }
                }
                return string.IsNullOrEmpty(host) ? UnknownHost : host!;
            }

            private void VMotion()
            {
                ReadContext ctx = Step(Steps[1]);
                var docs = Taken(VMotionReader.Accepts, Steps[1]);
                if (docs.Count == 0) return;
                foreach (VMotionMigration m in VMotionReader.OpenMigrations(new VMotionOptions { HostName = _options.HostName }, ctx).ReadAll(docs))
                {
                    foreach (VMotionEvent e in m.Events) Source(Steps[1], e.Path).Records++;
                    if (_migrations.Count < _options.MaxMigrations) _migrations.Add(m);
                    else _migrationsNotListed++;
                    string who = "vMotion " + m.MigrationId + (m.VMName != null ? " of " + m.VMName : "") + " " + (m.SourceHost ?? "?") + " -> " + (m.DestinationHost ?? "?");
                    if (m.Result == VMotionResult.Failed)
                    {
                        VMotionEvent? at = m.Events.FirstOrDefault(e => e.Kind == VMotionEventKind.Failure) ?? m.Events.FirstOrDefault(e => e.Kind == VMotionEventKind.FailureMessage) ?? m.Events.FirstOrDefault();
                        Add(TriageSeverity.Error, TriageFindingKind.VMotionFailed, at?.Timestamp ?? m.EndTime ?? m.StartTime, m.SourceHost ?? at?.HostName,
                            who + " failed" + (m.FailureReason != null ? ": " + m.FailureReason : "") + (m.FailureCode != null ? " (" + m.FailureCode + ")" : ""),
                            at?.Path ?? "", at?.LineNumber ?? 0, m);
                    }
                    else if (m.Result == VMotionResult.Succeeded && m.Duration.HasValue && m.Duration.Value > _options.SlowMigrationThreshold)
                    {
                        VMotionEvent? at = m.Events.FirstOrDefault();
                        Add(TriageSeverity.Warning, TriageFindingKind.VMotionSlow, m.StartTime, m.SourceHost ?? at?.HostName,
                            who + " took " + Span(m.Duration.Value) + (m.BandwidthMBps.HasValue ? " at " + m.BandwidthMBps.Value.ToString("0.#", CultureInfo.InvariantCulture) + " MB/s" : ""),
                            at?.Path ?? "", at?.LineNumber ?? 0, m);
                    }
                }
            }

            private void Psod()
            {
                ReadContext ctx = Step(Steps[2]);
                var docs = Taken(PurpleScreenReader.Accepts, Steps[2]);
                if (docs.Count == 0) return;
                var analyzer = new PurpleScreenPatternAnalyzer();
                foreach (PurpleScreen s in PurpleScreenReader.Open(new PurpleScreenReadOptions { HostName = _options.HostName }, ctx).ReadAll(docs))
                {
                    Source(Steps[2], s.Path).Records++;
                    analyzer.Add(s);
                    string host = s.HostName ?? UnknownHost;
                    if ((s.Version != null || s.Build != null) && !_esxiBuildFromScreens.ContainsKey(host))
                        _esxiBuildFromScreens[host] = (s.Version ?? "") + (s.BuildNumber.HasValue ? " build-" + s.BuildNumber.Value.ToString(CultureInfo.InvariantCulture) : s.Build != null ? " " + s.Build : "");
                    Add(TriageSeverity.Critical, TriageFindingKind.PurpleScreen, s.Timestamp, s.HostName,
                        "Purple screen (" + s.Category + "): " + OneLine(s.Message ?? "(no message)"), s.Path, s.LineNumber, s);
                }
                foreach (PurpleScreenPattern p in analyzer.Complete())
                {
                    PurpleScreen? first = p.Screens.Count > 0 ? p.Screens[0] : null;
                    TriageSeverity sev = p.Verdict == PurpleScreenVerdict.PossibleHardware || p.Verdict == PurpleScreenVerdict.PossibleCpuFault ? TriageSeverity.Critical
                        : p.Verdict == PurpleScreenVerdict.Inconclusive ? TriageSeverity.Info : TriageSeverity.Error;
                    Add(sev, TriageFindingKind.PurpleScreenPattern, p.LastTimestamp ?? p.FirstTimestamp, p.HostName,
                        "Purple screen pattern over " + p.Count + " screen(s): " + p.Verdict + (p.Evidence.Count > 0 ? " - " + OneLine(p.Evidence[0]) : ""),
                        first?.Path ?? "", first?.LineNumber ?? 0, p);
                }
            }

            private void Guest()
            {
                ReadContext ctx = Step(Steps[3]);
                var docs = Taken(GuestFailureReader.Accepts, Steps[3]);
                if (docs.Count == 0) return;
                var o = new GuestFailureOptions { HostName = _options.HostName, Year = _options.Year };
                foreach (GuestOsFailure f in GuestFailureReader.Open(o, ctx).ReadAll(docs))
                {
                    Source(Steps[3], f.Path).Records++;
                    string what = f.Kind + (f.Code.HasValue ? " 0x" + f.Code.Value.ToString("X", CultureInfo.InvariantCulture) : "") + (f.Name != null ? " " + f.Name : "");
                    string where = f.VMName != null ? " in " + f.VMName : "";
                    Add(GuestSeverity(f.Kind), TriageFindingKind.GuestFailure, f.HostTimestamp ?? f.Timestamp, f.HostName,
                        "Guest " + f.Os + " " + what + where + ": " + OneLine(f.Message), f.Path, f.LineNumber, f);
                }
            }

            internal static TriageSeverity GuestSeverity(GuestFailureKind kind)
            {
                switch (kind)
                {
                    case GuestFailureKind.BugCheck: case GuestFailureKind.KernelPanic: case GuestFailureKind.HostDetectedCrash: case GuestFailureKind.GuestReset:
                    case GuestFailureKind.HaMonitoringReset: case GuestFailureKind.MachineCheck: case GuestFailureKind.CrashDumpBacktrace:
                        return TriageSeverity.Critical;
                    case GuestFailureKind.Oops: case GuestFailureKind.Bug: case GuestFailureKind.GeneralProtectionFault: case GuestFailureKind.InvalidOpcode:
                    case GuestFailureKind.HardLockup: case GuestFailureKind.SlabCorruption:
                        return TriageSeverity.Error;
                    default:
                        return TriageSeverity.Warning;
                }
            }

            private void VdsmTasks()
            {
                ReadContext ctx = Step(Steps[4]);
                var docs = Taken(VdsmReader.IsVdsmDocument, Steps[4]);
                if (docs.Count == 0) return;
                foreach (VdsmTask t in VdsmReader.OpenTasks(new VdsmTaskOptions { HostName = _options.HostName }, ctx).ReadAll(docs))
                {
                    Source(Steps[4], t.Path).Records++;
                    if (t.Result != VdsmTaskResult.Failed && t.Result != VdsmTaskResult.Aborted) continue;
                    string why = t.Error ?? t.StatusMessage ?? "";
                    Add(TriageSeverity.Error, TriageFindingKind.VdsmTaskFailed, t.EndTime ?? t.StartTime, t.HostName,
                        "VDSM " + t.Kind + " " + (t.Verb ?? t.TaskId ?? "?") + (t.Result == VdsmTaskResult.Aborted ? " aborted" : " failed") + (t.StatusCode.HasValue ? " (code " + t.StatusCode.Value.ToString(CultureInfo.InvariantCulture) + ")" : "")
                        + (why.Length > 0 ? ": " + OneLine(why) : ""), t.Path, t.LineNumber, t);
                }
            }

            private void VdsmCommands()
            {
                ReadContext ctx = Step(Steps[5]);
                var docs = Taken(VdsmReader.IsVdsmDocument, Steps[5]);
                if (docs.Count == 0) return;
                foreach (VdsmExternalCommand c in VdsmReader.OpenCommands(new VdsmCommandOptions { HostName = _options.HostName }, ctx).ReadAll(docs))
                {
                    Source(Steps[5], c.Path).Records++;
                    if (c.Succeeded != false) continue;
                    Add(TriageSeverity.Error, TriageFindingKind.VdsmCommandFailed, c.EndTime ?? c.StartTime, c.HostName,
                        "VDSM command " + (c.Executable ?? "?") + " failed" + (c.ExitCode.HasValue ? " rc=" + c.ExitCode.Value.ToString(CultureInfo.InvariantCulture) : "")
                        + (c.TaskVerb != null ? " in " + c.TaskVerb : "") + (string.IsNullOrEmpty(c.StdErr) ? "" : ": " + OneLine(c.StdErr!)), c.Path, c.LineNumber, c);
                }
            }

            private void Engine()
            {
                ReadContext ctx = Step(Steps[6]);
                var docs = Taken(OVirtReader.IsEngineDocument, Steps[6]);
                if (docs.Count == 0) return;
                foreach (OVirtEngineCommand c in OVirtReader.OpenCommands(new OVirtEngineCommandOptions { HostName = _options.HostName }, ctx).ReadAll(docs))
                {
                    Source(Steps[6], c.Path).Records++;
                    if (c.Result != OVirtCommandResult.Failed) continue;
                    Add(TriageSeverity.Error, TriageFindingKind.EngineCommandFailed, c.EndTime ?? c.StartTime, c.HostName,
                        "Engine " + c.Kind + " " + c.Command + " failed" + (c.TargetHost != null ? " on " + c.TargetHost : "")
                        + (c.CorrelationId != null ? " [" + c.CorrelationId + "]" : "") + (string.IsNullOrEmpty(c.Error) ? "" : ": " + OneLine(c.Error!)),
                        c.Path, c.EndLineNumber ?? c.LineNumber, c);
                }
            }

            private void Kvm()
            {
                ReadContext ctx = Step(Steps[7]);
                var docs = _documents.Where(d => d.Kind == LogKind.TraceDat).ToList();
                foreach (LogDocument d in docs) Source(Steps[7], d.Path);
                if (docs.Count == 0 || _options.TopKvmExits == 0) return;
                var o = new KvmReadOptions { GroupBy = KvmExitGrouping.Reason, HostName = _options.HostName };
                IReadOnlyList<KvmExitSummary> rows = KvmReader.OpenExits(o, ctx).ReadAll(docs).ToList();
                foreach (KvmExitSummary r in rows) Source(Steps[7], r.Path).Records += r.Count;
                _kvm = ByReason(rows);
                foreach (var perTrace in _kvm.GroupBy(r => r.Path))
                {
                    long total = perTrace.Sum(r => r.TotalTimeInHostNs);
                    foreach (KvmExitSummary r in perTrace.OrderByDescending(r => r.TotalTimeInHostNs).Take(_options.TopKvmExits))
                    {
                        double share = total > 0 ? 100.0 * r.TotalTimeInHostNs / total : 0;
                        string host = _byPath.TryGetValue(r.Path, out LogDocument? doc) && doc.HostName != null ? doc.HostName : UnknownHost;
                        Add(TriageSeverity.Info, TriageFindingKind.KvmExits, null, host,
                            "KVM exits " + (r.ExitReason ?? "?") + " in " + r.VM + ": " + r.Count.ToString("N0", CultureInfo.InvariantCulture) + " exits, "
                            + Span(r.TotalTimeInHost) + " in host (" + share.ToString("0.#", CultureInfo.InvariantCulture) + "% of exit time), mean "
                            + r.MeanTimeInHost.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms", r.Path, 0, r);
                    }
                }
                _kvm = _kvm.OrderBy(r => r.Path, StringComparer.Ordinal).ThenByDescending(r => r.TotalTimeInHostNs).ToList();
            }

            /// <summary>
            /// Each host's clock against a reference host, from causal pairs of records across hosts (vMotion source and
            /// destination, guest failure and the host seeing it, engine command and vdsm verb); an offset beyond the
            /// threshold is a finding, since every other time in the report is as each host wrote it.
            /// </summary>
            private void ClockSkew()
            {
                ReadContext ctx = Step(Steps[8]);
                var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (LogDocument d in _documents) hosts.Add(HostOf(d, d.Path));
                if (hosts.Count < 2) return;
                _skew = TimelineReader.MeasureClockSkew(_documents, new ClockSkewOptions { Year = _options.Year }, ctx);
                foreach (ClockSkewEstimate e in _skew)
                {
                    if (!e.OffsetSeconds.HasValue || e.Confidence == ClockSkewConfidence.Reference || e.Confidence == ClockSkewConfidence.None) continue;
                    // A finding only when the skew beyond the threshold is certain: both bounds past it (or the one-sided estimate, which is a bound).
                    double limit = _options.ClockSkewThreshold.TotalSeconds;
                    bool certain = e.LowerBoundSeconds.HasValue && e.UpperBoundSeconds.HasValue
                        ? e.LowerBoundSeconds.Value >= limit || e.UpperBoundSeconds.Value <= -limit
                        : Math.Abs(e.OffsetSeconds.Value) >= limit;
                    if (!certain) continue;
                    double off = e.OffsetSeconds.Value;
                    string bounds = e.LowerBoundSeconds.HasValue && e.UpperBoundSeconds.HasValue
                        ? " [" + Seconds(e.LowerBoundSeconds.Value) + ", " + Seconds(e.UpperBoundSeconds.Value) + "]" : "";
                    Add(TriageSeverity.Warning, TriageFindingKind.ClockSkew, null, e.HostName,
                        "Clock of " + e.HostName + " runs " + Seconds(Math.Abs(off)) + (off > 0 ? " ahead of " : " behind ") + e.ReferenceHostName + bounds
                        + " from " + e.Anchors.ToString(CultureInfo.InvariantCulture) + " anchor(s) (" + string.Join(", ", e.AnchorKinds) + "; " + e.Confidence + " confidence)",
                        "", 0, e);
                }
            }

            private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture) + " s";

            /// <summary>Folds the per-vCPU rows into one row per trace, VM and exit reason.</summary>
            private static List<KvmExitSummary> ByReason(IReadOnlyList<KvmExitSummary> rows)
            {
                var result = new List<KvmExitSummary>();
                foreach (var g in rows.GroupBy(r => (r.Path, r.VM, r.ExitReason, r.Isa)))
                {
                    long count = 0, total = 0, max = 0, incomplete = 0, guest = 0, host = 0;
                    var vcpus = new HashSet<int?>();
                    foreach (KvmExitSummary r in g)
                    {
                        count += r.Count; total += r.TotalTimeInHostNs; incomplete += r.Incomplete;
                        max = Math.Max(max, r.MaxTimeInHost.Ticks * 100);
                        if (vcpus.Add(r.VCpu)) { guest += r.TimeInGuest.Ticks * 100; host += r.TimeInHost.Ticks * 100; }
                    }
                    result.Add(new KvmExitSummary(g.Key.Path, g.Key.VM, null, null, g.Key.ExitReason, g.Key.Isa, count, total, max, incomplete, guest, host));
                }
                return result;
            }

            private TriageReport Build(IReadOnlyList<string> inputs)
            {
                var findings = _findings.OrderBy(f => f.Severity).ThenBy(f => f.Time.HasValue ? 0 : 1).ThenBy(f => f.Time?.UtcTicks ?? 0)
                    .ThenBy(f => f.HostName, StringComparer.OrdinalIgnoreCase).ToList();
                var hosts = Hosts(findings);
                var counts = new Dictionary<TriageSeverity, int>();
                foreach (TriageSeverity s in Enum.GetValues(typeof(TriageSeverity))) counts[s] = 0;
                foreach (TriageFinding f in findings) counts[f.Severity]++;
                DateTimeOffset? first = null, last = null;
                foreach (TriageHost h in hosts)
                {
                    if (h.FirstTime.HasValue && (!first.HasValue || h.FirstTime < first)) first = h.FirstTime;
                    if (h.LastTime.HasValue && (!last.HasValue || h.LastTime > last)) last = h.LastTime;
                }
                return new TriageReport
                {
                    Inputs = inputs.ToArray(),
                    DocumentCount = _documents.Count,
                    FirstTime = first,
                    LastTime = last,
                    Hosts = hosts,
                    Findings = findings,
                    FindingsNotListed = _notListed,
                    Migrations = _migrations.OrderBy(m => m.StartTime?.UtcTicks ?? long.MaxValue).ToList(),
                    MigrationsNotListed = _migrationsNotListed,
                    KvmExits = _kvm,
                    ClockSkew = _skew,
                    Sources = _sources,
                    IssueCount = _issueCount,
                    GapThreshold = _options.GapThreshold,
                    SlowMigrationThreshold = _options.SlowMigrationThreshold,
                    SeverityCounts = counts,
                };
            }

            private List<TriageHost> Hosts(List<TriageFinding> findings)
            {
                var byName = new Dictionary<string, TriageHost>(StringComparer.OrdinalIgnoreCase);
                var order = new List<TriageHost>();
                var kinds = new Dictionary<TriageHost, SortedSet<LogKind>>();
                var intervals = new Dictionary<TriageHost, List<TriageInterval>>();
                TriageHost Get(string name)
                {
                    if (!byName.TryGetValue(name, out TriageHost? h))
                    {
                        byName[name] = h = new TriageHost(name);
                        order.Add(h);
                        kinds[h] = new SortedSet<LogKind>();
                        intervals[h] = new List<TriageInterval>();
                    }
                    return h;
                }
                foreach (LogDocument d in _documents)
                {
                    TriageHost h = Get(HostOf(d, d.Path));
                    h.DocumentCount++;
                    kinds[h].Add(d.Kind);
                }
                foreach (InventoryParser p in _inventory)
                {
                    TriageHost h = Get(HostOf(p.Document, p.Document.Path));
                    h.Lines += p.Lines;
                    if (p.FirstTime.HasValue && (!h.FirstTime.HasValue || p.FirstTime < h.FirstTime)) h.FirstTime = p.FirstTime;
                    if (p.LastTime.HasValue && (!h.LastTime.HasValue || p.LastTime > h.LastTime)) h.LastTime = p.LastTime;
                    intervals[h].AddRange(p.Intervals);
                    h.EsxiBuild ??= p.EsxiBuild;
                    h.VdsmVersion ??= p.VdsmVersion;
                    h.KernelVersion ??= p.KernelVersion;
                }
                foreach (var pair in _reboots) Get(pair.Key).Reboots = pair.Value.OrderBy(r => r.Time?.UtcTicks ?? long.MaxValue).ToList();
                foreach (var pair in _esxiBuildFromScreens) { TriageHost h = Get(pair.Key); h.EsxiBuild ??= pair.Value.Trim(); }
                foreach (TriageFinding f in findings)
                {
                    TriageHost h = Get(string.IsNullOrEmpty(f.HostName) ? UnknownHost : f.HostName!);
                    h.FindingCount++;
                    if (!h.WorstSeverity.HasValue || f.Severity < h.WorstSeverity.Value) h.WorstSeverity = f.Severity;
                }
                foreach (TriageHost h in order)
                {
                    h.LogKinds = kinds[h].ToList();
                    (h.Covered, h.Gaps) = Coverage(intervals[h], _options.GapThreshold);
                }
                return order.OrderBy(h => h.HostName == UnknownHost ? 1 : 0).ThenBy(h => h.HostName, StringComparer.OrdinalIgnoreCase).ToList();
            }

            /// <summary>The union of every log's activity, and the silences between its pieces (each longer than the threshold).</summary>
            internal static (IReadOnlyList<TriageInterval>, IReadOnlyList<TriageInterval>) Coverage(List<TriageInterval> all, TimeSpan threshold)
            {
                var covered = new List<TriageInterval>();
                var gaps = new List<TriageInterval>();
                foreach (TriageInterval i in all.OrderBy(i => i.Start.UtcTicks))
                {
                    if (covered.Count > 0)
                    {
                        TriageInterval last = covered[covered.Count - 1];
                        if (i.Start - last.End <= threshold)
                        {
                            if (i.End > last.End) covered[covered.Count - 1] = new TriageInterval(last.Start, i.End);
                            continue;
                        }
                        gaps.Add(new TriageInterval(last.End, i.Start));
                    }
                    covered.Add(i);
                }
                return (covered, gaps);
            }
        }

        internal static string OneLine(string text)
        {
            string s = text.Replace('\r', ' ').Replace('\n', ' ').Trim();
            return s.Length > 200 ? s.Substring(0, 199) + "…" : s;
        }

        internal static string Span(TimeSpan t)
        {
            if (t.TotalSeconds < 1) return t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
            if (t.TotalMinutes < 1) return t.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
            if (t.TotalHours < 1) return ((int)t.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min " + t.Seconds.ToString(CultureInfo.InvariantCulture) + " s";
            return ((int)t.TotalHours).ToString(CultureInfo.InvariantCulture) + " h " + t.Minutes.ToString(CultureInfo.InvariantCulture) + " min";
        }
    }
}
