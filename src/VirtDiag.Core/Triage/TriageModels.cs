using System;
using System.Collections.Generic;

namespace VirtDiag
{
    /// <summary>How much a triage finding matters; findings are listed most severe first.</summary>
    public enum TriageSeverity
    {
        /// <summary>A host or guest went down (purple screen, kernel panic, bug check).</summary>
        Critical,
        /// <summary>An operation failed (vMotion, VDSM task or command) or a guest kernel reported a fault.</summary>
        Error,
        /// <summary>Something slow or suspicious that did not fail (a slow vMotion, a guest lockup warning).</summary>
        Warning,
        /// <summary>Context worth seeing (where KVM exits spent host time).</summary>
        Info,
    }

    /// <summary>What a triage finding is about.</summary>
    public enum TriageFindingKind
    {
        /// <summary>An ESXi purple diagnostic screen.</summary>
        PurpleScreen,
        /// <summary>The pattern over one host's purple screens (hardware-like or software-like).</summary>
        PurpleScreenPattern,
        /// <summary>A guest OS failure (bug check, panic, oops, lockup, host-seen crash), on the host clock where known.</summary>
        GuestFailure,
        /// <summary>A vMotion that failed.</summary>
        VMotionFailed,
        /// <summary>A vMotion that succeeded but took longer than the slow threshold.</summary>
        VMotionSlow,
        /// <summary>A VDSM verb call or storage task that failed.</summary>
        VdsmTaskFailed,
        /// <summary>An external command run by VDSM that failed.</summary>
        VdsmCommandFailed,
        /// <summary>An oVirt engine command or VDS command that failed (engine.log).</summary>
        EngineCommandFailed,
        /// <summary>A host whose clock runs ahead of or behind the reference host by more than the threshold (from cross-host anchors).</summary>
        ClockSkew,
        /// <summary>A KVM exit reason among those that took the most host time in a trace.</summary>
        KvmExits,
    }

    /// <summary>How a host start or stop was seen.</summary>
    public enum TriageRebootKind
    {
        /// <summary>ESXi vmksummary <c>bootstop: Host has booted</c>.</summary>
        Booted,
        /// <summary>ESXi vmksummary <c>bootstop: Host is rebooting</c>.</summary>
        Rebooting,
        /// <summary>ESXi vmksummary <c>bootstop: Host is powering off</c>.</summary>
        PoweringOff,
        /// <summary>ESXi vmksummary <c>bootstop: Host is halting</c>.</summary>
        Halting,
        /// <summary>A Linux kernel's first line (<c>Linux version …</c>) in syslog, messages or dmesg: the host started.</summary>
        KernelStarted,
    }

    /// <summary>One thing the triage found, with the record behind it and where it was read.</summary>
    public sealed class TriageFinding
    {
        internal TriageFinding(TriageSeverity severity, TriageFindingKind kind, DateTimeOffset? time, string? hostName, string summary,
            string path, long lineNumber, object record)
        {
            Severity = severity; Kind = kind; Time = time; HostName = hostName; Summary = summary; Path = path; LineNumber = lineNumber; Record = record;
        }

        /// <summary>How much it matters.</summary>
        public TriageSeverity Severity { get; }
        /// <summary>What it is about.</summary>
        public TriageFindingKind Kind { get; }
        /// <summary>When it happened, on the host clock (null when the log gave no time).</summary>
        public DateTimeOffset? Time { get; }
        /// <summary>The host it happened on (the source host of a vMotion).</summary>
        public string? HostName { get; }
        /// <summary>One line saying what happened.</summary>
        public string Summary { get; }
        /// <summary>Display path of the document the record was read from (empty for a clock-skew estimate, which comes from many).</summary>
        public string Path { get; }
        /// <summary>1-based line of the record in <see cref="Path"/> (0 for binary traces).</summary>
        public long LineNumber { get; }
        /// <summary>The record behind the finding (VMotionMigration, PurpleScreen, PurpleScreenPattern, GuestOsFailure, VdsmTask, VdsmExternalCommand, OVirtEngineCommand, KvmExitSummary, ClockSkewEstimate).</summary>
        public object Record { get; }
        /// <summary><c>path:line</c>, or the path alone when there is no line.</summary>
        public string Location => LineNumber > 0 ? Path + ":" + LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : Path;

        /// <inheritdoc/>
        public override string ToString() => Severity + " " + Kind + " " + Summary;
    }

    /// <summary>A stretch of time, start inclusive.</summary>
    public sealed class TriageInterval
    {
        internal TriageInterval(DateTimeOffset start, DateTimeOffset end) { Start = start; End = end; }

        /// <summary>Start of the stretch.</summary>
        public DateTimeOffset Start { get; }
        /// <summary>End of the stretch.</summary>
        public DateTimeOffset End { get; }
        /// <summary>End minus start.</summary>
        public TimeSpan Duration => End - Start;

        /// <inheritdoc/>
        public override string ToString() => Start.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " - " + End.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A host start or stop seen in vmksummary.log or a Linux kernel log.</summary>
    public sealed class TriageReboot
    {
        internal TriageReboot(DateTimeOffset? time, TriageRebootKind kind, string text, string path, long lineNumber)
        {
            Time = time; Kind = kind; Text = text; Path = path; LineNumber = lineNumber;
        }

        /// <summary>When (null when the line had no readable time).</summary>
        public DateTimeOffset? Time { get; }
        /// <summary>Start or which kind of stop.</summary>
        public TriageRebootKind Kind { get; }
        /// <summary>The line's message.</summary>
        public string Text { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>1-based line number.</summary>
        public long LineNumber { get; }
    }

    /// <summary>What the triage knows about one host: its logs, the time they cover, restarts, versions, findings.</summary>
    public sealed class TriageHost
    {
        internal TriageHost(string hostName) { HostName = hostName; }

        /// <summary>The host's name (<c>(unknown)</c> for documents whose host could not be told).</summary>
        public string HostName { get; }
        /// <summary>The kinds of log found for the host.</summary>
        public IReadOnlyList<LogKind> LogKinds { get; internal set; } = Array.Empty<LogKind>();
        /// <summary>How many documents belong to the host.</summary>
        public int DocumentCount { get; internal set; }
        /// <summary>Lines read from the host's text documents.</summary>
        public long Lines { get; internal set; }
        /// <summary>Earliest time seen in the host's logs.</summary>
        public DateTimeOffset? FirstTime { get; internal set; }
        /// <summary>Latest time seen in the host's logs.</summary>
        public DateTimeOffset? LastTime { get; internal set; }
        /// <summary>Stretches covered by at least one of the host's logs (split where every log was silent longer than the gap threshold).</summary>
        public IReadOnlyList<TriageInterval> Covered { get; internal set; } = Array.Empty<TriageInterval>();
        /// <summary>Stretches longer than the gap threshold where none of the host's logs wrote a line.</summary>
        public IReadOnlyList<TriageInterval> Gaps { get; internal set; } = Array.Empty<TriageInterval>();
        /// <summary>Starts and stops seen in vmksummary.log or kernel logs.</summary>
        public IReadOnlyList<TriageReboot> Reboots { get; internal set; } = Array.Empty<TriageReboot>();
        /// <summary>ESXi version and build where logged (a hostd/vpxa/vmware.log start header or a purple screen), e.g. <c>7.0.3 build-20328353</c>.</summary>
        public string? EsxiBuild { get; internal set; }
        /// <summary>VDSM version from its start line (<c>I am the actual vdsm …</c>).</summary>
        public string? VdsmVersion { get; internal set; }
        /// <summary>Linux kernel release (from <c>Linux version …</c> or VDSM's start line).</summary>
        public string? KernelVersion { get; internal set; }
        /// <summary>Findings on this host.</summary>
        public int FindingCount { get; internal set; }
        /// <summary>The most severe finding on this host, or null when there is none.</summary>
        public TriageSeverity? WorstSeverity { get; internal set; }
    }

    /// <summary>What one reader made of one document: the coverage table's row.</summary>
    public sealed class TriageSource
    {
        internal TriageSource(string reader, string path, string? hostName, LogKind kind)
        {
            Reader = reader; Path = path; HostName = hostName; Kind = kind;
        }

        /// <summary>The reader (Inventory, vMotion, PSOD, Guest, VDSM tasks, VDSM commands, Engine, KVM).</summary>
        public string Reader { get; }
        /// <summary>Display path of the document.</summary>
        public string Path { get; }
        /// <summary>The document's host.</summary>
        public string? HostName { get; }
        /// <summary>The document's log kind.</summary>
        public LogKind Kind { get; }
        /// <summary>Lines read (the Inventory reader), or 0 for the other readers.</summary>
        public long Lines { get; internal set; }
        /// <summary>Records the reader made from the document (lines with a time, for the Inventory reader).</summary>
        public long Records { get; internal set; }
        /// <summary>Lines that looked like records but matched no shape, or records cut short (MalformedRecord, TruncatedRecord issues).</summary>
        public long Malformed { get; internal set; }
        /// <summary>Events that joined nothing (OrphanEvent issues).</summary>
        public long Orphans { get; internal set; }
        /// <summary>Input that could not be read (I/O, archive, checksum, line-too-long issues).</summary>
        public long Errors { get; internal set; }
        /// <summary>Earliest time in the document (Inventory reader).</summary>
        public DateTimeOffset? FirstTime { get; internal set; }
        /// <summary>Latest time in the document (Inventory reader).</summary>
        public DateTimeOffset? LastTime { get; internal set; }
    }

    /// <summary>The answer to "here are the bundles from the night it broke — what happened?": hosts, ranked findings, coverage.</summary>
    public sealed class TriageReport
    {
        internal TriageReport() { }

        /// <summary>The paths that were triaged.</summary>
        public IReadOnlyList<string> Inputs { get; internal set; } = Array.Empty<string>();
        /// <summary>How many log documents were found.</summary>
        public int DocumentCount { get; internal set; }
        /// <summary>True when no log document was found at all.</summary>
        public bool NothingFound => DocumentCount == 0;
        /// <summary>Earliest time seen in any log.</summary>
        public DateTimeOffset? FirstTime { get; internal set; }
        /// <summary>Latest time seen in any log.</summary>
        public DateTimeOffset? LastTime { get; internal set; }
        /// <summary>One entry per host.</summary>
        public IReadOnlyList<TriageHost> Hosts { get; internal set; } = Array.Empty<TriageHost>();
        /// <summary>Findings, most severe first, then by time.</summary>
        public IReadOnlyList<TriageFinding> Findings { get; internal set; } = Array.Empty<TriageFinding>();
        /// <summary>Findings found but not listed because a kind reached <see cref="Triage.TriageOptions.MaxFindingsPerKind"/>.</summary>
        public long FindingsNotListed { get; internal set; }
        /// <summary>Every vMotion joined (succeeded ones too), for the migrations table and chart; at most <see cref="Triage.TriageOptions.MaxMigrations"/>.</summary>
        public IReadOnlyList<VMotionMigration> Migrations { get; internal set; } = Array.Empty<VMotionMigration>();
        /// <summary>Migrations joined but not kept in <see cref="Migrations"/>.</summary>
        public long MigrationsNotListed { get; internal set; }
        /// <summary>The top KVM exit reasons by time in host, per trace (empty when no trace was given).</summary>
        public IReadOnlyList<KvmExitSummary> KvmExits { get; internal set; } = Array.Empty<KvmExitSummary>();
        /// <summary>Each host's clock offset against a reference host, where anchors between hosts exist (empty for one host).</summary>
        public IReadOnlyList<ClockSkewEstimate> ClockSkew { get; internal set; } = Array.Empty<ClockSkewEstimate>();
        /// <summary>What each reader made of each document.</summary>
        public IReadOnlyList<TriageSource> Sources { get; internal set; } = Array.Empty<TriageSource>();
        /// <summary>Files named *.log or *.txt under the folders given that were not read because their names match no log kind (at most 1,000 listed).</summary>
        public IReadOnlyList<string> UnreadFiles { get; internal set; } = Array.Empty<string>();
        /// <summary>How many *.log or *.txt files under the folders given were not read.</summary>
        public long UnreadFileCount { get; internal set; }
        /// <summary>Issues reported while reading (errors and warnings; they were also written to the error stream).</summary>
        public long IssueCount { get; internal set; }
        /// <summary>The gap threshold used.</summary>
        public TimeSpan GapThreshold { get; internal set; }
        /// <summary>The slow-vMotion threshold used.</summary>
        public TimeSpan SlowMigrationThreshold { get; internal set; }
        /// <summary>Findings per severity: Critical, Error, Warning, Info.</summary>
        public IReadOnlyDictionary<TriageSeverity, int> SeverityCounts { get; internal set; } = new Dictionary<TriageSeverity, int>();
        /// <summary>A short readable summary: hosts, then the findings most severe first (the default view).</summary>
        public string Summary => Triage.TriageText.Render(this);

        /// <inheritdoc/>
        public override string ToString() => Summary;
    }
}
