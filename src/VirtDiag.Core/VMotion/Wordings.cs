using System;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;

namespace VirtDiag.VMotion
{
    /// <summary>One wording of a vMotion line: the literal it contains, what it means, and how its fields are read.</summary>
    internal sealed class Wording
    {
        public Wording(string era, string anchor, VMotionEventKind kind, VMotionRole role = VMotionRole.Unknown, Action<Match, VMotionEvent>? read = null, string? pattern = null, string? also = null, bool agentsOnly = false)
        {
            AgentsOnly = agentsOnly;
            Era = era;
            Anchor = anchor;
            Also = also;
            Kind = kind;
            Role = role;
            Read = read;
            _patternText = pattern;
        }

        private readonly string? _patternText;
        private Regex? _pattern;

        /// <summary>Product era (for readers of the table).</summary>
        public string Era { get; }
        /// <summary>Literal the message must contain (ordinal).</summary>
        public string Anchor { get; }
        /// <summary>A second literal the message must contain too, or null.</summary>
        public string? Also { get; }
        /// <summary>True for wordings that mean what they say only in hostd and vpxa lines (a generic "Failed to …").</summary>
        public bool AgentsOnly { get; }
        public VMotionEventKind Kind { get; }
        /// <summary>The role the wording implies (the S:/D: markers, when present, win).</summary>
        public VMotionRole Role { get; }
        /// <summary>Run on the (few) messages that matched the anchor; built on first use, so rows a read never meets cost nothing.</summary>
        public Regex? Pattern
        {
            get
            {
                if (_patternText == null) return null;
                Regex? r = Volatile.Read(ref _pattern);
                if (r != null) return r;
                // two documents parsed at once may both build it: either copy is the same pattern
                Interlocked.CompareExchange(ref _pattern, new Regex(_patternText, RegexOptions.CultureInvariant | RegexOptions.Compiled), null);
                return _pattern;
            }
        }
        public Action<Match, VMotionEvent>? Read { get; }

        /// <summary>True when the literals are in <paramref name="message"/> and the pattern (if any) matches it.</summary>
        public bool Matches(string message, out Match match)
        {
            match = Match.Empty;
            if (message.IndexOf(Anchor, StringComparison.Ordinal) < 0 || (Also != null && message.IndexOf(Also, StringComparison.Ordinal) < 0)) return false;
            Regex? pattern = Pattern;
            if (pattern == null) return true;
            match = pattern.Match(message);
            return match.Success;
        }
    }

    /// <summary>
    /// The vMotion wordings of ESX 4 to ESXi 8 as data: first matching row wins, so specific rows come before general
    /// ones. A new ESXi wording is one row here.
    /// </summary>
    internal static class Wordings
    {
        private const string Val = @"(<[^>]*>+|[^,\s]+)";

        public static readonly Wording[] Rows =
        {
            // vmkernel, ESXi 5.x-7.x
            new Wording("ESXi 5-7", "Setting VMOTION info:", VMotionEventKind.InfoSet, read: InfoSet,
                pattern: @"(?:vm (?<vm>\d+):.*?)?(?<side>Source|Dest) ts\s*=\s*(?<mid>" + Val + @"),?\s*src ip\s*=\s*(?<sip>" + Val + @")\s*dest ip\s*=\s*(?<dip>" + Val + @")(?:\s*Dest wid\s*=\s*(?<dwid>" + Val + @"))?(?:\s*using (?<swap>\w+) swap)?(?<enc>,\s*encrypted)?"),
            // vmkernel, ESXi 8.x
            new Wording("ESXi 8", "vmmLeaderID", VMotionEventKind.InfoSet, read: InfoSet8,
                pattern: @"(?<side>Source|Dest) vmmLeaderID\s*=\s*(?<vm>" + Val + @"),\s*ts\s*=\s*(?<mid>" + Val + @"),?\s*srcIP\s*=\s*(?<sip>" + Val + @")\s*dstIP\s*=\s*(?<dip>" + Val + @")(?:\s*Dest wid\s*=\s*(?<dwid>" + Val + @"))?(?:\s*using (?<swap>\w+) swap)?(?<enc>,\s*encrypted)?"),
            new Wording("ESXi 5-8", "Stopping pre-copy", VMotionEventKind.PreCopyStopped, read: PreCopy,
                pattern: @"^(?=(?:.*?only (?<pages>\d+) pages left)?)(?=(?:.*?goal of (?<goal>[\d.]+) seconds)?)(?=(?:.*?bandwidth ~(?<bw>[\d.]+) MB/s)?)"),
            new Wording("ESXi 5-8", "Sent all modified pages", VMotionEventKind.PagesSent, read: Bandwidth, pattern: @"^(?=(?:.*?bandwidth ~(?<bw>[\d.]+) MB/s)?)"),
            new Wording("ESXi 5-8", "Migration start received", VMotionEventKind.MigrationStart, read: Hbr, pattern: @"worldID=(?<vm>\d+)\)(?:.*?isSource=(?<src>\d))?"),
            new Wording("ESXi 5-8", "Migration end received", VMotionEventKind.MigrationEnd, read: Hbr, pattern: @"worldID=(?<vm>\d+)\)(?:.*?isSource=(?<src>\d))?"),
            new Wording("ESXi 5-8", "Successfully bound connection", VMotionEventKind.ConnectionBound, read: Bound, pattern: @"vmknic '(?<ip>[^']*)'"),
            new Wording("ESXi 5-8", "Accepted connection from", VMotionEventKind.ConnectionAccepted),
            new Wording("ESXi 5-8", "Stream connection", VMotionEventKind.StreamAdded, read: Stream, pattern: @"Stream connection (?<n>\d+) added", also: "added"),
            new Wording("ESXi 5-8", "worldlet affinity", VMotionEventKind.NetworkSetup),
            new Wording("ESXi 5-8", "considered a failure by the VMX", VMotionEventKind.Failure, read: (m, e) => e.FailureReason = "Migration considered a failure by the VMX"),
            new Wording("ESXi 5-8", " Failed: ", VMotionEventKind.Failure, read: Failed, pattern: @" Failed: (?<r>.*?)\s*(?:\((?<c>0x[0-9a-fA-F]+)\)|$)"),
            new Wording("ESX 4-8 FSR", "Failing migration", VMotionEventKind.Failure, read: Sentence, pattern: @"[SD]: (?<r>[^.;]*)"),
            new Wording("ESX 4-8 FSR", "The migration exceeded the maximum switchover time", VMotionEventKind.Failure, read: Sentence, pattern: @"[SD]: (?<r>[^.;]*)"),
            new Wording("ESXi 5-8", "failed to end preCopy stream", VMotionEventKind.Warning, read: Sentence, pattern: @"preCopy stream: (?<r>.*)$"),

            // vmware.log (both shapes)
            new Wording("vmware.log", "[msg.checkpoint.migration.", VMotionEventKind.Failure, read: MsgFailure, pattern: @"\[(?<c>msg\.[^\]]+)\]\s*(?<r>[^.]*)"),
            new Wording("vmware.log", "[msg.migrate.", VMotionEventKind.Failure, read: MsgFailure, pattern: @"\[(?<c>msg\.[^\]]+)\]\s*(?<r>[^.]*)"),
            new Wording("vmware.log", "Migrate_Open: Restoring from", VMotionEventKind.Restoring, VMotionRole.Destination, Restoring,
                @"Restoring from (?<sip>" + Val + @") with migration id (?<mid>\d+)"),
            new Wording("vmware.log", "Received migrate '", VMotionEventKind.Prepare, read: Received,
                pattern: @"'(?<dir>to|from)' request for mid id (?<mid>\d+)(?:, src ip (?<sip>" + Val + @"), dst ip (?<dip>[^(,\s]+))?"),
            new Wording("vmware.log", "MigrateSetInfo:", VMotionEventKind.Prepare, read: SetInfo, pattern: @"state=(?<state>\d+)(?:.*?srcIp=(?<sip>" + Val + @"))?(?:.*?dstIp=(?<dip>" + Val + @"))?(?:.*?mid=(?<mid>\d+))?"),
            new Wording("vmware.log", "MigrateVMXdrToSpec:", VMotionEventKind.Prepare, read: XdrToSpec, pattern: @"(?:srcIp=(?<sip>" + Val + @"))?(?:.*?dstIp=(?<dip>" + Val + @"))?(?:.*?mid=(?<mid>[0-9a-fA-F]+))?"),
            new Wording("vmware.log", "Migrate.PrepareSource", VMotionEventKind.Prepare, VMotionRole.Source),
            new Wording("vmware.log", "Migrate.PrepareDestination", VMotionEventKind.Prepare, VMotionRole.Destination),
            new Wording("vmware.log", "MigrateSetStateFinished:", VMotionEventKind.StateChanged, read: (m, e) => e.ToState = m.Groups["to"].Value, pattern: @"new state=(?<to>\S+)"),
            new Wording("vmware.log", "MigrateSetState: Transitioning from state", VMotionEventKind.StateChanged, read: States, pattern: @"from state (?<from>.+?) to (?<to>.+?)\.?\s*$"),
            new Wording("vmware.log", "VM successfully stunned", VMotionEventKind.Stunned, VMotionRole.Source),
            new Wording("vmware.log", "vm stopped for", VMotionEventKind.Unstunned, read: Stopped, pattern: @"vm stopped for (?<us>\d+) us"),
            new Wording("vmware.log", "Remote Log:", VMotionEventKind.RemoteLog),
            new Wording("vmware.log", "Migrate_SetFailureMsgList", VMotionEventKind.FailureMessage),
            new Wording("vmware.log", "Caching migration error message list", VMotionEventKind.FailureMessage),
            new Wording("vmware.log", "Attempting to continue running on the source", VMotionEventKind.ContinueOnSource, VMotionRole.Source),

            // hostd.log
            new Wording("hostd 5-8", "task result", VMotionEventKind.TaskResult, read: TaskResult,
                pattern: @"Set (?<side>source|destination|dest) task result (?<name>\w+) to (?<value>\S+)"),
            new Wording("hostd", "msg.migrate.fail", VMotionEventKind.Failure, read: MsgFailure, pattern: @"(?<c>msg\.migrate\.fail[\w.]*)\W*(?<r>[^.]*)"),
            new Wording("hostd", "ResolveCb: Failed with fault", VMotionEventKind.Failure, read: Sentence, pattern: @"Failed with fault:?\s*(?<r>.*)$"),
            new Wording("hostd 5-8", "Failed to ", VMotionEventKind.Failure, read: Sentence, pattern: @"(?:^|:\s)(?<r>Failed to [^.;]*)", agentsOnly: true),
            new Wording("hostd 5-8", "Migration failed", VMotionEventKind.Failure, read: Sentence, pattern: @"(?<r>Migration failed[^.;]*)", agentsOnly: true),

            // vpxa.log
            new Wording("vpxa 4-8", "[MIGRATE] (", VMotionEventKind.Prepare, read: VpxaMigrate,
                pattern: @"\[MIGRATE\] \((?<mid>\d+)\)\s*(?<dir>immigrating|emigrating) VM at path (?<path>\S+?)(?: has vmid (?<vmid>\d+))?\s*$"),
            new Wording("vpxa 4-8", "[MIGRATE] (", VMotionEventKind.Other, read: (m, e) => e.MigrationId = m.Groups["mid"].Value, pattern: @"\[MIGRATE\] \((?<mid>\d+)\)"),

            new Wording("hostd", "VMotionPrepare (", VMotionEventKind.Prepare, read: Prepare, pattern: @"VMotionPrepare \((?<mid>\d+)\)(?:: Sending '(?<dir>to|from)')?"),
            new Wording("hostd", "VMotionSrc (", VMotionEventKind.Prepare, VMotionRole.Source, (m, e) => e.MigrationId = m.Groups["mid"].Value, @"VMotionSrc \((?<mid>\d+)\)"),
            new Wording("hostd", "VMotionDst (", VMotionEventKind.Prepare, VMotionRole.Destination, (m, e) => e.MigrationId = m.Groups["mid"].Value, @"VMotionDst \((?<mid>\d+)\)"),
            new Wording("hostd", "VM_STATE_EMIGRATING", VMotionEventKind.HostState, VMotionRole.Source),
            new Wording("hostd", "VM_STATE_IMMIGRATING", VMotionEventKind.HostState, VMotionRole.Destination),
        };

        /// <summary>The first row whose literals and pattern match <paramref name="message"/>, or null.</summary>
        public static Wording? Find(string message, out Match match) => Find(message, LogKind.Hostd, out match);

        /// <summary>The first row whose literals and pattern match <paramref name="message"/> of a <paramref name="kind"/> line, or null.</summary>
        public static Wording? Find(string message, LogKind kind, out Match match)
        {
            bool agent = kind == LogKind.Hostd || kind == LogKind.Vpxa
                || message.IndexOf("VMotionSrc (", StringComparison.Ordinal) >= 0 || message.IndexOf("VMotionDst (", StringComparison.Ordinal) >= 0;
            foreach (Wording w in Rows)
            {
                if (w.AgentsOnly && !agent) continue;
                if (w.Matches(message, out match)) return w;
            }
            match = Match.Empty;
            return null;
        }

        private static void InfoSet(Match m, VMotionEvent e)
        {
            e.Role = m.Groups["side"].Value == "Source" ? VMotionRole.Source : VMotionRole.Destination;
            e.MigrationId = CleanId(m.Groups["mid"].Value);
            e.VMWorldId = Number(m.Groups["vm"].Value);
            long? dwid = Number(m.Groups["dwid"].Value);
            if (dwid != 0) e.DestinationWorldId = dwid;
            e.SourceIp = Ip(m.Groups["sip"].Value);
            e.DestinationIp = Ip(m.Groups["dip"].Value);
            if (m.Groups["swap"].Success) e.SwapMode = m.Groups["swap"].Value;
            if (m.Groups["swap"].Success || m.Groups["enc"].Success) e.Encrypted = m.Groups["enc"].Success ? true : (bool?)null;
        }

        private static void InfoSet8(Match m, VMotionEvent e)
        {
            InfoSet(m, e);
            e.Encrypted = m.Groups["enc"].Success; // the ESXi 8 wording always says ", encrypted" when it is
        }

        private static void PreCopy(Match m, VMotionEvent e)
        {
            e.PagesLeft = Number(m.Groups["pages"].Value);
            e.SwitchoverGoalSeconds = Real(m.Groups["goal"].Value);
            e.BandwidthMBps = Real(m.Groups["bw"].Value);
        }

        private static void Bandwidth(Match m, VMotionEvent e) => e.BandwidthMBps = Real(m.Groups["bw"].Value);

        private static void Hbr(Match m, VMotionEvent e)
        {
            e.VMWorldId = Number(m.Groups["vm"].Value);
            if (m.Groups["src"].Success) e.Role = m.Groups["src"].Value == "1" ? VMotionRole.Source : VMotionRole.Destination;
        }

        private static void Bound(Match m, VMotionEvent e)
        {
            string? ip = Ip(m.Groups["ip"].Value);
            if (e.Role == VMotionRole.Destination) e.DestinationIp = ip; else e.SourceIp = ip;
        }

        private static void Stream(Match m, VMotionEvent e) => e.StreamNumber = (int?)Number(m.Groups["n"].Value);

        private static void Failed(Match m, VMotionEvent e)
        {
            e.FailureReason = Trim(m.Groups["r"].Value);
            if (m.Groups["c"].Success) e.FailureCode = m.Groups["c"].Value;
        }

        private static void Sentence(Match m, VMotionEvent e) => e.FailureReason = Trim(m.Groups["r"].Value);

        private static void MsgFailure(Match m, VMotionEvent e)
        {
            e.FailureCode = m.Groups["c"].Value;
            e.FailureReason = Trim(m.Groups["r"].Value);
            if (e.FailureReason != null && e.FailureReason.Length == 0) e.FailureReason = null;
        }

        private static void Restoring(Match m, VMotionEvent e)
        {
            e.SourceIp = Ip(m.Groups["sip"].Value);
            e.MigrationId = m.Groups["mid"].Value;
        }

        private static void Received(Match m, VMotionEvent e)
        {
            e.Role = m.Groups["dir"].Value == "to" ? VMotionRole.Source : VMotionRole.Destination;
            e.MigrationId = m.Groups["mid"].Value;
            e.SourceIp = Ip(m.Groups["sip"].Value);
            e.DestinationIp = Ip(m.Groups["dip"].Value);
        }

        private static void SetInfo(Match m, VMotionEvent e)
        {
            e.SourceIp = Ip(m.Groups["sip"].Value);
            e.DestinationIp = Ip(m.Groups["dip"].Value);
            if (m.Groups["mid"].Success) e.MigrationId = m.Groups["mid"].Value;
        }

        private static void XdrToSpec(Match m, VMotionEvent e)
        {
            e.SourceIp = Ip(m.Groups["sip"].Value);
            e.DestinationIp = Ip(m.Groups["dip"].Value);
            if (m.Groups["mid"].Success) e.MigrationId = HexToDecimal(m.Groups["mid"].Value);
        }

        private static void States(Match m, VMotionEvent e)
        {
            e.FromState = m.Groups["from"].Value;
            e.ToState = m.Groups["to"].Value;
        }

        private static void Stopped(Match m, VMotionEvent e)
        {
            long? us = Number(m.Groups["us"].Value);
            if (us.HasValue) e.StunTime = TimeSpan.FromTicks(us.Value * 10);
        }

        private static readonly Regex s_agentTask = new Regex(@"VMotion(?<what>Prepare|Src|Dst) \((?<mid>\d+)\)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>The migration id and side a hostd task name in <paramref name="text"/> gives (<c>VMotionDst (1401700211000123)</c>), or false.</summary>
        public static bool TryAgentTask(string text, out string id, out VMotionRole role)
        {
            id = "";
            role = VMotionRole.Unknown;
            if (text.IndexOf("VMotion", StringComparison.Ordinal) < 0) return false;
            Match m = s_agentTask.Match(text);
            if (!m.Success) return false;
            id = m.Groups["mid"].Value;
            role = m.Groups["what"].Value == "Src" ? VMotionRole.Source : m.Groups["what"].Value == "Dst" ? VMotionRole.Destination : VMotionRole.Unknown;
            return true;
        }

        private static void TaskResult(Match m, VMotionEvent e)
        {
            e.Role = m.Groups["side"].Value == "source" ? VMotionRole.Source : VMotionRole.Destination;
            if (m.Groups["name"].Value == "precopyStunTime")
            {
                long? us = Number(m.Groups["value"].Value);
                if (us.HasValue) e.StunTime = TimeSpan.FromTicks(us.Value * 10);
            }
        }

        private static void VpxaMigrate(Match m, VMotionEvent e)
        {
            e.MigrationId = m.Groups["mid"].Value;
            e.Role = m.Groups["dir"].Value == "immigrating" ? VMotionRole.Destination : VMotionRole.Source;
            string path = m.Groups["path"].Value;
            e.VMPath = path;
            int slash = path.LastIndexOf('/');
            string file = path.Substring(slash + 1);
            if (file.EndsWith(".vmx", StringComparison.Ordinal) && file.Length > 4) e.VMName = file.Substring(0, file.Length - 4);
        }

        private static void Prepare(Match m, VMotionEvent e)
        {
            e.MigrationId = m.Groups["mid"].Value;
            if (m.Groups["dir"].Success) e.Role = m.Groups["dir"].Value == "to" ? VMotionRole.Source : VMotionRole.Destination;
        }

        /// <summary>A migration id token: digits kept; KB placeholders "&lt;ex. 123&gt;" read as 123; other redactions kept as written.</summary>
        internal static string? CleanId(string token)
        {
            string t = token.Trim().Trim('<', '>').Trim();
            if (t.StartsWith("ex.", StringComparison.Ordinal)) t = t.Substring(3).Trim();
            return t.Length == 0 ? null : t;
        }

        /// <summary>vmware.log's hex migration id in the decimal form vmkernel uses (7958ea7f2d34d435 → 8743996508480001077).</summary>
        internal static string HexToDecimal(string hex)
            => ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v) ? v.ToString(CultureInfo.InvariantCulture) : hex;

        /// <summary>An IP address from "&lt;192.168.1.176&gt;", "::ffff:a.b.c.d" or "a.b.c.d"; null for redactions (&lt;ip&gt;, xx.xx.xx.xx).</summary>
        private static readonly char[] s_ipQuotes = { '<', '>', '\'', ',' };

        internal static string? Ip(string token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            string t = token.Trim().Trim(s_ipQuotes).Trim();
            if (t.StartsWith("::ffff:", StringComparison.OrdinalIgnoreCase) && t.IndexOf('.') > 0) t = t.Substring(7);
            return IPAddress.TryParse(t, out _) && (t.IndexOf('.') > 0 || t.IndexOf(':') >= 0) ? t : null;
        }

        internal static long? Number(string token)
        {
            string t = (CleanId(token) ?? "");
            return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : (long?)null;
        }

        private static double? Real(string token)
            => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : (double?)null;

        private static string? Trim(string s)
        {
            string t = s.Trim().TrimEnd('.', ';', ' ');
            return t.Length == 0 ? null : t;
        }
    }
}
