using System;
using System.Text.RegularExpressions;

namespace VirtDiag.Guest
{
    /// <summary>How a headline relates to a report that is already open.</summary>
    internal enum ShapeRole
    {
        /// <summary>Starts a new report (closing any open one).</summary>
        Primary,
        /// <summary>Continues a report opened a few lines before (<c>Oops:</c> after <c>BUG: unable to handle</c>); alone it starts one.</summary>
        Secondary,
        /// <summary>Kernel panic: continues any open report (marking it panicked); alone it starts a KernelPanic report.</summary>
        Panic,
    }

    /// <summary>Which block grammar a report follows.</summary>
    internal enum BlockStyle
    {
        /// <summary>Linux kernel report: register lines, Modules linked in, call trace, end marker.</summary>
        Kernel,
        /// <summary>Machine check lines: ends at the first line that is not part of the MCE text.</summary>
        MachineCheck,
        /// <summary>Windows STOP screen or Event 1001 text: a few wrapped lines, ends at a blank line.</summary>
        WindowsScreen,
        /// <summary>kd/WinDbg output (<c>BugCheck 50, {…}</c>, <c>.bugcheck</c>, <c>!analyze -v</c>): runs to the end of the dump text.</summary>
        Debugger,
        /// <summary>WER "Problem signature" (BlueScreen) key/value lines.</summary>
        Wer,
        /// <summary><c>crash&gt; bt</c> output: header and <c>#n</c> frames.</summary>
        CrashBt,
    }

    /// <summary>One headline shape: how it is recognised, what it means, and the regex that reads its fields.</summary>
    internal sealed class HeadlineShape
    {
        public HeadlineShape(string marker, bool anywhere, GuestOs os, GuestFailureKind kind, ShapeRole role, BlockStyle style, string? regex = null,
            Func<Match, bool>? accept = null)
        {
            Marker = marker; Anywhere = anywhere; Os = os; Kind = kind; Role = role; Style = style; Accept = accept;
            Regex = regex == null ? null : new Regex(regex, RegexOptions.CultureInvariant);
        }

        /// <summary>The text the (trimmed) message starts with, or contains when <see cref="Anywhere"/>.</summary>
        public string Marker { get; }
        public bool Anywhere { get; }
        public GuestOs Os { get; }
        public GuestFailureKind Kind { get; }
        public ShapeRole Role { get; }
        public BlockStyle Style { get; }
        /// <summary>Must match too (when set); named groups: reason, process, pid, cpu, func, module, code, params, name.</summary>
        public Regex? Regex { get; }
        /// <summary>A further check of the match (a title whose name and code must agree with the bug check table).</summary>
        public Func<Match, bool>? Accept { get; }

        public bool Matches(string message, out Match? match)
        {
            match = null;
            bool hit = Anywhere ? message.IndexOf(Marker, StringComparison.Ordinal) >= 0 : message.StartsWith(Marker, StringComparison.Ordinal);
            if (!hit) return false;
            if (Regex == null) return true;
            match = Regex.Match(message);
            return match.Success && (Accept == null || Accept(match));
        }
    }

    /// <summary>
    /// The headline shapes of guest failures, as data: a new kernel or Windows wording is one row. Order matters: the
    /// first row that matches wins, so specific rows come before general ones.
    /// </summary>
    internal static class GuestFailureShapes
    {
        private const string Sym = @"(?<func>[\w.$@]+)(?:\+0x[0-9a-f]+/0x[0-9a-f]+)?";
        private const string Mod = @"(?: \[(?<module>[\w-]+)\])?";
        private const string Bracket = @"\[#\d+\]";

        public static readonly HeadlineShape[] Rows =
        {
            // ---- Linux: panics
            new("Kernel panic - not syncing", false, GuestOs.Linux, GuestFailureKind.KernelPanic, ShapeRole.Panic, BlockStyle.Kernel,
                @"^Kernel panic - not syncing:?\s*(?<reason>.*?)\s*$"),
            // ---- Linux: lockups
            new("BUG: soft lockup", true, GuestOs.Linux, GuestFailureKind.SoftLockup, ShapeRole.Primary, BlockStyle.Kernel,
                @"^(?:(?:NMI )?watchdog: )?BUG: soft lockup - CPU#(?<cpu>\d+) stuck for (?<reason>\d+s)! \[(?<process>.+):(?<pid>\d+)\]"),
            new("Watchdog detected hard LOCKUP", true, GuestOs.Linux, GuestFailureKind.HardLockup, ShapeRole.Secondary, BlockStyle.Kernel,
                @"^(?:(?:NMI )?watchdog: )?(?:CPU\d+: )?Watchdog detected hard LOCKUP on cpu (?<cpu>\d+)"),
            new("INFO: task ", false, GuestOs.Linux, GuestFailureKind.HungTask, ShapeRole.Primary, BlockStyle.Kernel,
                @"^INFO: task (?<process>.+):(?<pid>\d+) blocked for more than (?<reason>\d+ seconds)"),
            // ---- Linux: RCU and lockdep (old "[ INFO: ... ]" banners, possibly with lost leading characters; new "WARNING: ...")
            new("INFO: suspicious RCU usage", true, GuestOs.Linux, GuestFailureKind.RcuReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>suspicious RCU usage)"),
            new("INFO: suspicious rcu_dereference", true, GuestOs.Linux, GuestFailureKind.RcuReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>suspicious rcu_dereference\w*\(\) usage)"),
            new("WARNING: suspicious RCU usage", false, GuestOs.Linux, GuestFailureKind.RcuReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>suspicious RCU usage)"),
            new("rcu_sched self-detected stall", true, GuestOs.Linux, GuestFailureKind.RcuReport, ShapeRole.Primary, BlockStyle.Kernel, @"^(?:rcu: )?INFO: (?<reason>rcu_\w+ self-detected stall on CPU)"),
            new("detected stalls on CPUs", true, GuestOs.Linux, GuestFailureKind.RcuReport, ShapeRole.Primary, BlockStyle.Kernel, @"^(?:rcu: )?INFO: (?<reason>rcu_\w+ detected stalls on CPUs/tasks)"),
            new("INFO: possible ", true, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"INFO: (?<reason>possible [a-z ]+detected)"),
            new("INFO: inconsistent lock state", true, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>inconsistent lock state)"),
            new("WARNING: possible ", false, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"^WARNING: (?<reason>possible [a-z ]+detected)"),
            new("WARNING: inconsistent lock state", false, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>inconsistent lock state)"),
            new("WARNING: bad unlock balance", false, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>bad unlock balance detected)"),
            new("WARNING: lock held when returning", false, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>lock held when returning to user space)"),
            new("BUG: bad unlock balance", true, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>bad unlock balance detected)"),
            new("BUG: lock held when returning", true, GuestOs.Linux, GuestFailureKind.LockdepReport, ShapeRole.Primary, BlockStyle.Kernel, @"(?<reason>lock held when returning to user space)"),
            // ---- Linux: SLUB
            new("BUG ", false, GuestOs.Linux, GuestFailureKind.SlabCorruption, ShapeRole.Primary, BlockStyle.Kernel,
                @"^BUG (?<name>[\w-]+)(?: \((?:Not tainted|Tainted: (?<taint>[A-Z ]*?))\s*\))?: (?<reason>.+?)\s*$"),
            // ---- Linux: faults
            new("BUG: unable to handle", false, GuestOs.Linux, GuestFailureKind.Oops, ShapeRole.Primary, BlockStyle.Kernel, @"^BUG: (?<reason>unable to handle .+?)\s*$"),
            new("BUG: kernel NULL pointer dereference", false, GuestOs.Linux, GuestFailureKind.Oops, ShapeRole.Primary, BlockStyle.Kernel, @"^BUG: (?<reason>.+?)\s*$"),
            new("Unable to handle kernel", false, GuestOs.Linux, GuestFailureKind.Oops, ShapeRole.Primary, BlockStyle.Kernel, @"^(?<reason>Unable to handle kernel .+?)\s*$"),
            new("kernel BUG at ", false, GuestOs.Linux, GuestFailureKind.Bug, ShapeRole.Primary, BlockStyle.Kernel, @"^kernel BUG at (?<reason>[^!]+)!"),
            new("general protection fault", false, GuestOs.Linux, GuestFailureKind.GeneralProtectionFault, ShapeRole.Secondary, BlockStyle.Kernel, @"^general protection fault.*" + Bracket),
            new("Oops: ", false, GuestOs.Linux, GuestFailureKind.Oops, ShapeRole.Secondary, BlockStyle.Kernel, @"^Oops: (?<reason>.*?)\s*" + Bracket),
            new("Internal error: Oops", false, GuestOs.Linux, GuestFailureKind.Oops, ShapeRole.Secondary, BlockStyle.Kernel, @"^Internal error: (?<reason>Oops.*?)\s*" + Bracket),
            new("invalid opcode: ", false, GuestOs.Linux, GuestFailureKind.InvalidOpcode, ShapeRole.Secondary, BlockStyle.Kernel, @"^invalid opcode: [0-9a-f]+ " + Bracket),
            new("illegal operation: ", false, GuestOs.Linux, GuestFailureKind.InvalidOpcode, ShapeRole.Secondary, BlockStyle.Kernel, @"^illegal operation: [0-9a-f]+ " + Bracket),
            new("BUG: ", false, GuestOs.Linux, GuestFailureKind.Bug, ShapeRole.Primary, BlockStyle.Kernel,
                @"^BUG: (?<reason>(?:scheduling while atomic: (?<process>.+)/(?<pid>\d+)/0x[0-9a-f]+|spinlock lockup(?: suspected)? on CPU#(?<cpu>\d+), (?<process>.+)/(?<pid>\d+)|.+?))\s*(?:\]\s*)?$"),
            // ---- Linux: warnings
            new("WARNING: CPU: ", false, GuestOs.Linux, GuestFailureKind.Warning, ShapeRole.Primary, BlockStyle.Kernel,
                @"^WARNING: CPU: (?<cpu>\d+) PID: (?<pid>\d+) at (?<reason>\S+)(?: " + Sym + Mod + @")?"),
            new("WARNING: at ", false, GuestOs.Linux, GuestFailureKind.Warning, ShapeRole.Primary, BlockStyle.Kernel,
                @"^WARNING: at (?<reason>\S+)(?: (?:\[verbose debug info unavailable\]|" + Sym + @"(?:\(\))?" + Mod + @"))?"),
            new("page allocation failure", true, GuestOs.Linux, GuestFailureKind.Warning, ShapeRole.Primary, BlockStyle.Kernel,
                @"^(?<process>\S+): (?<reason>page allocation failure: order:\d+)"),
            // ---- Linux: machine checks
            new("Machine check events logged", true, GuestOs.Linux, GuestFailureKind.MachineCheck, ShapeRole.Primary, BlockStyle.MachineCheck, @"(?<reason>Machine check events logged)"),
            new("Machine Check Exception", true, GuestOs.Linux, GuestFailureKind.MachineCheck, ShapeRole.Primary, BlockStyle.MachineCheck,
                @"CPU (?<cpu>\d+): (?<reason>Machine Check Exception:?\s*\S*)"),
            // ---- Linux: vmcore analysis
            new("crash> bt", false, GuestOs.Linux, GuestFailureKind.CrashDumpBacktrace, ShapeRole.Primary, BlockStyle.CrashBt),

            // ---- Windows: STOP screens in every spelling, Event 1001, debugger output, WER
            new("", true, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.WindowsScreen,
                @"(?i)^[""\s]*(?:\*\*\*\s*)?STOP\s*:?\s*0X(?<code>[0-9A-F]{1,9})\b"),
            new("rebooted from a bugcheck", true, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.WindowsScreen),
            new("Fatal System Error:", true, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.WindowsScreen,
                @"Fatal System Error: 0x(?<code>[0-9a-fA-F]{1,16})"),
            new("BugCheck ", false, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.Debugger,
                @"^BugCheck (?<code>[0-9a-fA-F]{1,16}), \{(?<params>[^}]*)\}"),
            new("Bugcheck code ", false, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.Debugger,
                @"^Bugcheck code (?<code>[0-9a-fA-F]{1,16})\s*$"),
            new("Bugcheck Analysis", true, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Secondary, BlockStyle.Debugger, @"^\*\s+Bugcheck Analysis\s+\*"),
            new("BlueScreen", true, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Primary, BlockStyle.Wer, @"^Problem Event Name:\s*BlueScreen"),
            new("BCCode:", false, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Secondary, BlockStyle.Wer, @"^BCCode:\s*(?<code>[0-9a-fA-F]{1,16})\s*$"),
            // !analyze -v pasted without its banner: the title line, trusted only when name and code agree with the table
            new("", false, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Secondary, BlockStyle.Debugger,
                @"^(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+) \((?<code>[0-9a-fA-F]{1,8})\)$", AnalyzeTitleAgrees),
            // STACK_TEXT pasted alone: read as kd frames; its nt!KeBugCheckEx frame gives the code
            new("STACK_TEXT:", false, GuestOs.Windows, GuestFailureKind.BugCheck, ShapeRole.Secondary, BlockStyle.Debugger, @"^STACK_TEXT:\s*$"),
            // Kernel-Power Event 41
            new("The system has rebooted without cleanly shutting down first", true, GuestOs.Windows, GuestFailureKind.UncleanReboot, ShapeRole.Primary, BlockStyle.WindowsScreen),
        };

        private static bool AnalyzeTitleAgrees(Match m)
            => BugCheckCodes.TryParseCode(m.Groups["code"].Value, out ulong code) && BugCheckCodes.NameOf(code) == m.Groups["name"].Value;

        /// <summary>
        /// A cheap byte test on the trimmed message before any string is made: can this line be a headline at all?
        /// Every row's marker starts the message or contains one of the few words checked here.
        /// </summary>
        public static bool MayBeHeadline(ReadOnlySpan<byte> m)
        {
            if (m.Length < 4) return false;
            if (m[0] >= 'A' && m[0] <= 'Z' && IsAnalyzeTitle(m)) return true;
            switch (m[0])
            {
                case (byte)'K': return StartsWith(m, "Kernel panic");
                case (byte)'B': return m[1] == 'U' || m[1] == 'u' || m[1] == 'C';
                case (byte)'O': return m[1] == 'o';
                case (byte)'W': return m[1] == 'A' || StartsWith(m, "Watchdog");
                case (byte)'w': return StartsWith(m, "watchdog:");
                case (byte)'N': return StartsWith(m, "NMI watchdog");
                case (byte)'I': return m[1] == 'N' || StartsWith(m, "Internal error");
                case (byte)'[': return m.IndexOf(Bytes.Info) >= 0 || m.IndexOf(Bytes.Bug) >= 0;
                case (byte)'U': return StartsWith(m, "Unable to handle");
                case (byte)'k': return StartsWith(m, "kernel BUG");
                case (byte)'g': return StartsWith(m, "general protection");
                case (byte)'i': return StartsWith(m, "invalid opcode") || StartsWith(m, "illegal operation");
                case (byte)'m': return StartsWith(m, "mce:");
                case (byte)'r': return StartsWith(m, "rcu:");
                case (byte)'c': return StartsWith(m, "crash> bt");
                case (byte)'C': return m.IndexOf(Bytes.MachineCheck) >= 0;
                case (byte)'S': return StartsWith(m, "STOP") || StartsWith(m, "Stop") || StartsWith(m, "STACK_TEXT:");
                case (byte)'*': case (byte)'"': return m.IndexOf(Bytes.Stop) >= 0 || m.IndexOf(Bytes.Analysis) >= 0 || m.IndexOf(Bytes.Fatal) >= 0;
                case (byte)'T': return StartsWith(m, "The computer has rebooted") || StartsWith(m, "The system has rebooted without");
                case (byte)'D': return StartsWith(m, "Description:") && m.IndexOf(Bytes.Rebooted) >= 0;
                case (byte)'P': return StartsWith(m, "Problem Event Name");
                case (byte)'M': return StartsWith(m, "Message") && m.IndexOf(Bytes.Rebooted) >= 0;
                default: return false;
            }
        }

        /// <summary><c>NAME_WITH_UNDERSCORES (hex)</c> alone on a line: the title of <c>!analyze -v</c>.</summary>
        private static bool IsAnalyzeTitle(ReadOnlySpan<byte> m)
        {
            int end = m.Length;
            while (end > 0 && (m[end - 1] == ' ' || m[end - 1] == '\r' || m[end - 1] == '\t')) end--;
            if (end < 6 || m[end - 1] != ')') return false;
            int i = 0;
            bool underscore = false;
            while (i < end && ((m[i] >= 'A' && m[i] <= 'Z') || (m[i] >= '0' && m[i] <= '9') || m[i] == '_')) { underscore |= m[i] == '_'; i++; }
            return underscore && i + 2 < end && m[i] == ' ' && m[i + 1] == '(';
        }

        private static readonly string[] s_reportStarts =
        {
            "BUG", "Kernel panic", "kernel BUG", "WARNING:", "Unable to handle kernel", "general protection fault",
            "INFO: task", "INFO: rcu", "watchdog: BUG", "Watchdog detected", "*** STOP", "STOP:", "STOP 0x", "BugCheck", "Bugcheck",
            "Internal error:", "Machine Check", "*** Fatal System Error",
        };

        private static readonly string[] s_triggers =
        {
            "Uhhuh. NMI received", "Dazed and confused", "NMI: PCI system error", "NMI: IOCK error", "NMI received for unknown reason",
            "watchdog: ", "sysrq: Trigger a crash", "sysrq: SysRq : Trigger a crash", "SysRq : Trigger a crash", "Out of memory and no killable processes",
        };

        /// <summary>True when a message that matched no shape still starts the way a crash report does (counted, with examples).</summary>
        public static bool LooksLikeReport(ReadOnlySpan<byte> m)
        {
            foreach (string s in s_reportStarts) if (StartsWith(m, s)) return true;
            return false;
        }

        /// <summary>True for a line that triggers a report or a panic (an NMI, a watchdog, a SysRq crash) and is kept with it.</summary>
        public static bool IsTrigger(ReadOnlySpan<byte> m)
        {
            if (m.Length < 9) return false;
            byte c = m[0];
            if (c != 'U' && c != 'D' && c != 'N' && c != 'w' && c != 's' && c != 'S' && c != 'O') return false;
            foreach (string s in s_triggers) if (StartsWith(m, s)) return true;
            return false;
        }

        /// <summary>Headline words found inside a message rather than at its start (checked with one scan each).</summary>
        public static bool MayBeHeadlineInside(ReadOnlySpan<byte> m)
        {
            // "<comm>: page allocation failure: ..." — the comm has no blank, so look only after the first one
            int sp = m.IndexOf((byte)' ');
            return sp > 1 && m[sp - 1] == ':' && m.Slice(sp + 1).StartsWith(Bytes.AllocationFailure);
        }

        private static bool StartsWith(ReadOnlySpan<byte> m, string s)
        {
            if (m.Length < s.Length) return false;
            for (int i = 0; i < s.Length; i++) if (m[i] != s[i]) return false;
            return true;
        }

        private static class Bytes
        {
            public static readonly byte[] Info = { (byte)'I', (byte)'N', (byte)'F', (byte)'O', (byte)':' };
            public static readonly byte[] Bug = { (byte)'B', (byte)'U', (byte)'G', (byte)':' };
            public static readonly byte[] MachineCheck = System.Text.Encoding.ASCII.GetBytes("Machine Check");
            public static readonly byte[] Stop = System.Text.Encoding.ASCII.GetBytes("STOP");
            public static readonly byte[] Analysis = System.Text.Encoding.ASCII.GetBytes("Bugcheck Analysis");
            public static readonly byte[] Fatal = System.Text.Encoding.ASCII.GetBytes("Fatal System Error");
            public static readonly byte[] Rebooted = System.Text.Encoding.ASCII.GetBytes("rebooted from a bugcheck");
            public static readonly byte[] AllocationFailure = System.Text.Encoding.ASCII.GetBytes("page allocation failure");
        }

        /// <summary>Host-side guest signals (vmware.log, hostd, vpxd/fdm): found anywhere in the line.</summary>
        public static readonly (string Marker, GuestFailureKind Kind, GuestOs Os)[] HostSignals =
        {
            ("Guest operating system crash detected", GuestFailureKind.HostDetectedCrash, GuestOs.Unknown),
            ("Triple fault", GuestFailureKind.GuestReset, GuestOs.Unknown),
            ("CPU reset: soft", GuestFailureKind.GuestReset, GuestOs.Unknown),
            ("CPU reset: hard", GuestFailureKind.GuestReset, GuestOs.Unknown),
            ("The guest has requested that the virtual machine be hard reset", GuestFailureKind.GuestReset, GuestOs.Unknown),
            ("Tools heartbeat timeout", GuestFailureKind.ToolsHeartbeatLost, GuestOs.Unknown),
            // vCenter's event: "This virtual machine reset by HA. Reason: VMware Tools heartbeat failure. A screenshot is saved at …"
            ("virtual machine reset by HA", GuestFailureKind.HaMonitoringReset, GuestOs.Unknown),
            ("VMware Tools heartbeat failure", GuestFailureKind.HaMonitoringReset, GuestOs.Unknown),
            ("was reset by vSphere HA", GuestFailureKind.HaMonitoringReset, GuestOs.Unknown),
        };
    }
}
