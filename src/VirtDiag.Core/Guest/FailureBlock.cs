using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VirtDiag.Guest
{
    /// <summary>One report being read: its lines so far and the fields found in them. Becomes a <see cref="GuestOsFailure"/> when closed.</summary>
    internal sealed class FailureBlock
    {
        private const RegexOptions Rx = RegexOptions.CultureInvariant;
        private const string SymMod = @"\.?(?<func>[\w.$@]+)(?:\+0x(?<off>[0-9a-f]+)/0x(?<len>[0-9a-f]+))?(?: \[(?<module>[\w-]+)\])?";

        private static readonly Regex s_cpuPidComm = new(@"^CPU: (?<cpu>\d+) +(?:UID: \d+ +)?PID: (?<pid>\d+) +Comm: (?<comm>.{1,20}?) +(?:Kdump: loaded +)?(?:Not tainted|Tainted: (?<taint>[A-Z ]*?))(?:\s*-+)*\s+(?<ver>\d[^\s#]*|<[A-Z_]+>)", Rx);
        private static readonly Regex s_pidComm = new(@"^Pid: (?<pid>\d+), comm: (?<comm>.{1,20}?) +(?:Not tainted|Tainted: (?<taint>[A-Z ]*?))(?:\s*-+)*\s+(?<ver>\d[^\s#]*)(?: #\S+(?: (?<hw>\S.*?))?)?\s*$", Rx);
        private static readonly Regex s_commAnywhere = new(@"\bComm: (?<comm>.{1,20}?) +(?:Kdump: loaded +)?(?:Not tainted|Tainted: (?<taint>[A-Z ]*?))(?:\s*-+)*\s+(?<ver>\d[^\s#]*|<[A-Z_]+>)", Rx);
        private static readonly Regex s_processPid = new(@"^Process (?<comm>.+?) \(pid: (?<pid>\d+),", Rx);
        private static readonly Regex s_versionTaint = new(@"^(?:(?<ver>\d[^\s#]*) #\S+ )?(?:Not tainted|Tainted: (?<taint>[A-Z ]+?))(?:(?:\s*-+)*\s+(?<ver2>\d[^\s#]*)(?: #\S+.*)?)?\s*$", Rx);
        private static readonly Regex s_lockdepTask = new(@"^(?<comm>\S(?:.*?\S)?)/(?<pid>\d+)(?: \[HC| is | just | has |:? ?$| takes)", Rx);
        private static readonly Regex s_locksHeldBy = new(@"locks? held by (?<comm>\S(?:.*?\S)?)/(?<pid>\d+)[:/]", Rx);
        private static readonly Regex s_eipCpu = new(@"^EIP: [0-9a-f]{4}:\[<[0-9a-f]+>\] EFLAGS: \S+ CPU: (?<cpu>\d+)", Rx);
        private static readonly Regex s_hardwareName = new(@"^Hardware name: (?<hw>\S.*?)\s*$", Rx);
        private static readonly Regex s_faultAddress = new(@"(?:\bat (?:virtual address )?|\baddress:? )(?:0x)?(?<addr>[0-9a-f]{8,16})\b", Rx);
        private static readonly Regex s_oopsNumber = new(@"\[#(?<n>\d{1,6})\]", Rx);
        private static readonly Regex s_cr2 = new(@"^CR2: (?<addr>[0-9a-f]{8,16})\b", Rx);
        private static readonly Regex s_bugLocation = new(@"^[\w./+-]+\.[A-Za-z]+:\d+$", Rx);
        private static readonly Regex s_rcuCpuLine = new(@"^(?:rcu:\s*)?(?<cpu>\d{1,5})(?:-[^:\s]*)?: \(", Rx);
        private static readonly Regex s_rcuDetectedBy = new(@"\(detected by (?<by>\d{1,5}), t=", Rx);
        private static readonly Regex s_rcuOldCpus = new(@"\{\s*(?<cpus>[\d\s-]*?)\s*\}", Rx);
        private static readonly Regex s_leadingNumber = new(@"^(?<n>\d{1,9})", Rx);
        private static readonly Regex s_hungTaskState = new(@"^task:(?<comm>.+?) +state:\w+ .*pid:(?<pid>\d+)", Rx);

        private static readonly Regex[] s_ip =
        {
            new(@"^RIP: [0-9a-f]{4}:\[<(?<addr>[0-9a-f]+)>\]\s+\[<[0-9a-f]+>\]\s+" + SymMod, Rx),
            new(@"^RIP: [0-9a-f]{4}:(?!0x)" + SymMod, Rx),
            new(@"^IP: \[<(?<addr>[0-9a-f]+)>\] " + SymMod, Rx),
            new(@"^IP: (?!\[)" + SymMod, Rx),
            new(@"^EIP is at " + SymMod, Rx),
            new(@"^EIP: \[<(?<addr>[0-9a-f]+)>\] " + SymMod, Rx),
            new(@"^PC is at " + SymMod, Rx),
            new(@"^pc : (?!\[)" + SymMod, Rx),
            new(@"^NIP \[(?<addr>[0-9a-f]+)\] " + SymMod, Rx),
            new(@"^Krnl PSW : [0-9a-f]+ (?<addr>[0-9a-f]+) \(" + SymMod + @"\)", Rx),
        };

        private static readonly Regex[] s_frames =
        {
            // ARM: [<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>] (generic_perform_write+0xa8/0x1c0)
            new(@"^\[<(?<addr>[0-9a-f]+)>\] \((?<func>[^)+\s]+)(?:\+0x(?<off>[0-9a-f]+)/0x(?<len>[0-9a-f]+))?(?: \[(?<module>[\w-]+)\])?\) from", Rx),
            // x86/s390 with addresses: [<ffffffff8163654b>] ? dump_stack+0x19/0x1b [mod]  /  ([<00000000027f8000>] 0x27f8000)
            new(@"^\(?\[<(?<addr>[0-9a-f]+)>\] (?<unrel>\? )?" + SymMod + @"\)?\s*$", Rx),
            // ppc64: [c000000010ff3ad0] [c00000000806b258] .eeh_report_error+0x98/0x110 (unreliable)
            new(@"^\[[0-9a-f]+\] \[(?<addr>[0-9a-f]+)\] " + SymMod + @"(?<unrel2> \(unreliable\))?\s*$", Rx),
            // crash> bt: #0 [ffff8800bf803ab8] machine_kexec at ffffffff81051beb [mod]
            new(@"^#\d+ \[[0-9a-f]+\] (?<func>\S+) at (?<addr>[0-9a-f]+)(?: \[(?<module>[\w-]+)\])?", Rx),
            // new x86 without addresses: ? dump_stack+0x6b/0x83 [mod]
            new(@"^(?<unrel>\? )?\.?(?<func>[\w.$@]+)\+0x(?<off>[0-9a-f]+)/0x(?<len>[0-9a-f]+)(?: \[(?<module>[\w-]+)\])?\s*$", Rx),
        };

        // kd "kv"/"k" stack and !analyze STACK_TEXT: ... : call site
        private static readonly Regex s_kdFrame = new(@"^(?:[0-9a-f]{2} )?[0-9a-f`]{8,17} [0-9a-f`]{8,17} (?:: (?<args>.*?) : )?(?<site>[\w.]+(?:![\w.@?$<>]+)?(?:\+0x[0-9a-f]+)?)\s*$", Rx);
        private static readonly Regex s_kdSite = new(@"^(?:(?<module>[\w.]+)!)?(?<func>[^+\s]+)(?:\+0x(?<off>[0-9a-f]+))?$", Rx);

        private static readonly Regex s_stopCode = new(@"(?i)STOP\s*:?\s*0X(?<code>[0-9A-F]{1,9})\s*[(<‹]\s*(?<params>[^)>›]*)[)>›]?", Rx);
        private static readonly Regex s_eventCode = new(@"(?i)bugcheck was\s*:\s*0x(?<code>[0-9a-f]{1,16})\s*\((?<params>[^)]*)\)", Rx);
        private static readonly Regex s_fatalParams = new(@"(?i)Fatal System Error: 0x(?<code>[0-9a-f]{1,16})\s*\((?<params>[^)]*)\)", Rx);
        private static readonly Regex s_screenName = new(@"\b(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b", Rx);
        private static readonly Regex s_image = new(@"(?<image>[\w$-]+(?:\.[\w$-]+)*\.(?:sys|dll|exe|SYS|DLL|EXE|Sys|Dll))\b", Rx);
        private static readonly Regex s_ntVersion = new(@"Windows NT [\[(]v(?<ver>[\d.]+)[\])]", Rx);
        private static readonly Regex s_analyzeTitle = new(@"^(?:(?<name>[A-Z][A-Z0-9_]+) \((?<code>[0-9a-fA-F]+)\)|Unknown bugcheck code \((?<code>[0-9a-fA-F]+)\))\s*$", Rx);
        private static readonly Regex s_arg = new(@"^Arg(?<n>[1-4]): (?<value>[0-9a-fA-F`]+)", Rx);
        private static readonly Regex s_kdField = new(@"^(?<key>[A-Z][A-Z0-9_]+):\s+(?<value>\S.*?)\s*$", Rx);
        private static readonly Regex s_dumpPath = new(@"A dump was saved in:\s*(?<path>\S.*?\.(?:DMP|dmp|Dmp))", Rx);
        private static readonly Regex s_event41Code = new(@"BugcheckCode\W{1,4}(?<code>\d{1,10})\b", Rx);
        private static readonly Regex s_event41Param = new(@"BugcheckParameter(?<n>[1-4])\W{1,4}(?<value>0x[0-9a-fA-F]+)", Rx);
        private static readonly Regex s_werDriver = new(@"^\*\*\*\s+(?<image>[\w$.-]+\.(?:sys|SYS|Sys|dll|DLL|exe|EXE)) - Address\b", Rx);
        private static readonly Regex s_werField = new(@"^(?<key>[A-Za-z][A-Za-z0-9 ]*?):\s*(?<value>.*?)\s*$", Rx);

        private static readonly HashSet<string> s_helpers = new(StringComparer.Ordinal)
        {
            "dump_stack", "dump_stack_lvl", "show_stack", "dump_backtrace", "dump_backtrace_log_lvl", "panic", "__warn", "warn_slowpath_common",
            "warn_slowpath_fmt", "warn_slowpath_null", "warn_slowpath_fmt_taint", "report_bug", "handle_bug", "exc_invalid_op", "do_invalid_op",
            "do_error_trap", "do_trap", "invalid_op", "oops_end", "die", "__die", "no_context", "__bad_area_nosemaphore", "bad_area_nosemaphore",
            "bad_area", "__do_page_fault", "do_page_fault", "page_fault", "exc_page_fault", "do_user_addr_fault", "page_fault_oops",
            "kernelmode_fixup_or_oops", "machine_kexec", "crash_kexec", "__crash_kexec", "watchdog_timer_fn", "check_panic_on_oom",
            "warn_alloc", "warn_alloc_failed", "lock_acquire", "__lock_acquire", "lock_release", "__lock_release", "validate_chain",
            "mark_lock", "print_usage_bug", "print_circular_bug", "print_deadlock_bug", "print_unlock_imbalance_bug", "check_prev_add",
            "check_prevs_add", "check_deadlock", "check_noncircular", "check_usage_backwards", "check_usage_forwards", "mark_lock_irq",
            "lockdep_rcu_suspicious", "lockdep_rcu_dereference", "debug_check_no_locks_held", "__might_sleep", "___might_sleep",
            "__schedule_bug", "dump_header", "oom_kill_process", "print_trailer", "check_bytes_and_report", "check_object",
            "free_debug_processing", "alloc_debug_processing", "object_err", "slab_err", "print_hardirq_stack", "show_regs",
            "show_regs_print_info", "nmi_cpu_backtrace", "arch_trigger_cpumask_backtrace", "unwind_backtrace", "__dump_stack", "rcu_preempt_sleep_check", "rcu_sleep_check", "mark_held_locks", "mark_irqflags", "valid_state", "trace_hardirqs_on_caller", "trace_hardirqs_on", "trace_hardirqs_off_caller", "debug_check_no_locks_freed",
        };

        private readonly StringBuilder _text = new();
        private readonly List<GuestStackFrame> _frames = new();
        private readonly List<string> _parameters = new();
        private readonly string? _frameContextDefault = null;
        private string? _frameContext;
        private GuestStackFrame? _ip;
        private string? _headlineFunction, _headlineModule;
        private string? _panicReason;
        private readonly List<string> _triggers = new();
        private readonly List<int> _stalledCpus = new();
        private ulong? _cr2;

        public FailureBlock(HeadlineShape shape, Match? match, string message, long lineNumber)
        {
            Os = shape.Os; Kind = shape.Kind; Style = shape.Style;
            StartedByStackText = shape.Marker == "STACK_TEXT:";
            Record = new GuestOsFailure(shape.Os, shape.Kind, message.Trim()) { LineNumber = lineNumber, EndLineNumber = lineNumber };
            if (shape.Style == BlockStyle.Debugger || shape.Style == BlockStyle.CrashBt) Record.Source = GuestFailureSource.Debugger;
            if (shape.Kind == GuestFailureKind.KernelPanic) _panicReason = match?.Groups["reason"].Value;
            ReadHeadline(shape, match);
            ReadHeadlineFacts(message);
            if (shape.Style == BlockStyle.Debugger && shape.Role == ShapeRole.Secondary) ReadDebuggerLine(message.Trim());
        }

        public GuestOsFailure Record { get; }
        public GuestOs Os { get; }
        public GuestFailureKind Kind { get; private set; }
        public BlockStyle Style { get; }
        public int LineCount { get; private set; }
        public int LinesSinceHeadline { get; private set; }
        public int BlankRun { get; private set; }
        public bool InTrace { get; private set; }
        public bool HasAnalyze { get; set; }
        /// <summary>The report was opened by a bare <c>STACK_TEXT:</c> line.</summary>
        public bool StartedByStackText { get; }

        /// <summary>lockdep and RCU reports print lock sites as frames before their stack: only "stack backtrace:" starts the trace.</summary>
        private bool IsLockReport => Kind == GuestFailureKind.LockdepReport || Kind == GuestFailureKind.RcuReport;

        public void AddText(string rawLine, long lineNumber)
        {
            if (_text.Length > 0) _text.Append('\n');
            if (_text.Length < 64 * 1024) _text.Append(rawLine);
            Record.EndLineNumber = lineNumber;
            LineCount++;
            LinesSinceHeadline++;
        }

        /// <summary>Counts a blank line (true) or ends a run of them (false).</summary>
        public void NoteBlank(bool blank) => BlankRun = blank ? BlankRun + 1 : 0;

        /// <summary>Reads a further headline of the same report (<c>Oops:</c> after <c>BUG: unable to handle</c>).</summary>
        public void Merge(HeadlineShape shape, Match? match, string message)
        {
            LinesSinceHeadline = 0;
            ReadHeadlineFacts(message);
            if (Style == BlockStyle.Debugger && shape.Style == BlockStyle.Debugger) ReadDebuggerLine(message.Trim());
            if (shape.Role == ShapeRole.Panic)
            {
                _panicReason = match?.Groups["reason"].Value ?? message;
                return;
            }
            // A hard lockup found under a watchdog WARNING, a GPF/Oops under an unspecific opener: the specific kind wins.
            if (shape.Kind == GuestFailureKind.HardLockup || (Kind == GuestFailureKind.Warning && shape.Kind != GuestFailureKind.Warning)
                || (Kind == GuestFailureKind.InvalidOpcode && shape.Kind == GuestFailureKind.Oops))
            {
                Kind = shape.Kind;
                Record.Kind = shape.Kind;
            }
            if (shape.Kind == GuestFailureKind.HardLockup && match != null && match.Groups["cpu"].Success) Record.Cpu = Int(match.Groups["cpu"].Value);
            if (Style == BlockStyle.Debugger && shape.Style == BlockStyle.Debugger) HasAnalyze = true;
            if (shape.Style == BlockStyle.Wer && match != null && match.Groups["code"].Success && Record.Code == null) SetCode(match.Groups["code"].Value);
        }

        /// <summary>Keeps a line that triggered the report (an NMI, a watchdog line before a panic), as written.</summary>
        public void AddTrigger(string line)
        {
            if (_triggers.Count < 8) _triggers.Add(line);
        }

        /// <summary>Facts any headline of the report may carry: the oops number, the faulting address, the CPUs of an RCU stall.</summary>
        private void ReadHeadlineFacts(string message)
        {
            if (Os != GuestOs.Linux) return;
            Match m;
            if (Record.OopsNumber == null && message.IndexOf("[#", StringComparison.Ordinal) >= 0 && (m = s_oopsNumber.Match(message)).Success)
                Record.OopsNumber = Int(m.Groups["n"].Value);
            if (Record.FaultAddress == null && (message.IndexOf("unable to handle", StringComparison.OrdinalIgnoreCase) >= 0
                    || message.IndexOf("NULL pointer dereference", StringComparison.Ordinal) >= 0
                    || message.IndexOf("non-canonical address", StringComparison.Ordinal) >= 0)
                && (m = s_faultAddress.Match(message)).Success)
                Record.FaultAddress = Hex(m.Groups["addr"].Value);
            if (message.IndexOf("stall", StringComparison.Ordinal) >= 0)
            {
                bool self = message.IndexOf("self-detected", StringComparison.Ordinal) >= 0;
                if (self || message.IndexOf("detected stalls", StringComparison.Ordinal) >= 0) Record.StallSelfDetected = self;
                if ((m = s_rcuOldCpus.Match(message)).Success)
                {
                    foreach (string c in m.Groups["cpus"].Value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                        if (Int(c) is int cpu && !_stalledCpus.Contains(cpu) && _stalledCpus.Count < 4096) _stalledCpus.Add(cpu);
                }
                if ((m = s_rcuDetectedBy.Match(message)).Success) Record.StallDetectedByCpu = Int(m.Groups["by"].Value);
            }
        }

        private void ReadHeadline(HeadlineShape shape, Match? m)
        {
            if (m == null) return;
            if (m.Groups["reason"].Success && shape.Kind != GuestFailureKind.KernelPanic) Record.Reason = m.Groups["reason"].Value;
            if (m.Groups["reason"].Success && shape.Kind == GuestFailureKind.KernelPanic) Record.Reason = m.Groups["reason"].Value;
            if (m.Groups["process"].Success) Record.Process = m.Groups["process"].Value;
            if (m.Groups["pid"].Success) Record.Pid = Int(m.Groups["pid"].Value);
            if (m.Groups["cpu"].Success) Record.Cpu = Int(m.Groups["cpu"].Value);
            if (m.Groups["func"].Success && m.Groups["func"].Value.Length > 0) _headlineFunction = m.Groups["func"].Value;
            if (m.Groups["module"].Success) _headlineModule = m.Groups["module"].Value;
            if (m.Groups["name"].Success) Record.Name = m.Groups["name"].Value;
            if (m.Groups["taint"].Success) SetTaint(m.Groups["taint"].Value);
            if (m.Groups["code"].Success && Style != BlockStyle.WindowsScreen) SetCode(m.Groups["code"].Value);
            if (m.Groups["params"].Success) SetParameters(m.Groups["params"].Value);
        }

        /// <summary>Reads the fields a body line of a Linux report carries.</summary>
        public void ReadKernelLine(string t, bool indented)
        {
            if (t.Length == 0) { BlankRun++; return; }
            BlankRun = 0;
            Match m;
            if (t.StartsWith("stack backtrace:", StringComparison.Ordinal))
            {
                InTrace = true;
                _frames.Clear(); // lock acquisition sites printed before belong to the lock chain, not to the stack
                return;
            }
            if (t.StartsWith("Call Trace", StringComparison.Ordinal) || t.StartsWith("Call trace", StringComparison.Ordinal)
                || t.StartsWith("Backtrace:", StringComparison.Ordinal))
            {
                if (!IsLockReport) InTrace = true;
                return;
            }
            if (t[0] == '<')
            {
                if (t.StartsWith("<IRQ>", StringComparison.Ordinal)) _frameContext = "IRQ";
                else if (t.StartsWith("<NMI>", StringComparison.Ordinal)) _frameContext = "NMI";
                else if (t.StartsWith("<EOI>", StringComparison.Ordinal) || t.StartsWith("</", StringComparison.Ordinal) || t.StartsWith("<EOE>", StringComparison.Ordinal)
                         || t.StartsWith("<TASK>", StringComparison.Ordinal)) _frameContext = _frameContextDefault;
                if (!IsLockReport) InTrace = true;
                return;
            }
            if (TryFrame(t)) { if (!IsLockReport) InTrace = true; return; }
            if (t.StartsWith("CPU: ", StringComparison.Ordinal) && (m = s_cpuPidComm.Match(t)).Success)
            {
                Record.Cpu ??= Int(m.Groups["cpu"].Value);
                Record.Pid ??= Int(m.Groups["pid"].Value);
                Record.Process ??= m.Groups["comm"].Value;
                SetTaintAndVersion(m);
                return;
            }
            if (Record.Process == null && t.IndexOf("Comm: ", StringComparison.Ordinal) > 0 && (m = s_commAnywhere.Match(t)).Success)
            {
                // a CPU/PID line wrapped in the middle: the command and kernel are still readable
                Record.Process = m.Groups["comm"].Value;
                SetTaintAndVersion(m);
                return;
            }
            if (t.StartsWith("Pid: ", StringComparison.Ordinal) && (m = s_pidComm.Match(t)).Success)
            {
                Record.Pid ??= Int(m.Groups["pid"].Value);
                Record.Process ??= m.Groups["comm"].Value;
                SetTaintAndVersion(m);
                if (m.Groups["hw"].Success) SetHardware(m.Groups["hw"].Value);
                return;
            }
            if (t.StartsWith("Process ", StringComparison.Ordinal) && (m = s_processPid.Match(t)).Success)
            {
                Record.Pid ??= Int(m.Groups["pid"].Value);
                Record.Process ??= m.Groups["comm"].Value;
                return;
            }
            if (t.StartsWith("task:", StringComparison.Ordinal) && (m = s_hungTaskState.Match(t)).Success)
            {
                Record.Pid ??= Int(m.Groups["pid"].Value);
                Record.Process ??= m.Groups["comm"].Value;
                return;
            }
            if (t.StartsWith("Hardware name: ", StringComparison.Ordinal) && (m = s_hardwareName.Match(t)).Success)
            {
                SetHardware(m.Groups["hw"].Value);
                return;
            }
            if (t.StartsWith("CR2: ", StringComparison.Ordinal) && (m = s_cr2.Match(t)).Success)
            {
                _cr2 ??= Hex(m.Groups["addr"].Value);
                return;
            }
            if (Kind == GuestFailureKind.RcuReport && Record.StallSelfDetected.HasValue)
            {
                if ((m = s_rcuCpuLine.Match(t)).Success)
                {
                    if (Int(m.Groups["cpu"].Value) is int cpu && !_stalledCpus.Contains(cpu) && _stalledCpus.Count < 4096) _stalledCpus.Add(cpu);
                    return;
                }
                if (Record.StallDetectedByCpu == null && t.IndexOf("detected by", StringComparison.Ordinal) >= 0 && (m = s_rcuDetectedBy.Match(t)).Success)
                {
                    Record.StallDetectedByCpu = Int(m.Groups["by"].Value);
                    return;
                }
            }
            if (t.StartsWith("Modules linked in:", StringComparison.Ordinal))
            {
                if (Record.ModulesLinkedIn.Count == 0) Record.ModulesLinkedIn = ParseModules(t.Substring(18));
                return;
            }
            if (_ip == null)
            {
                foreach (Regex rx in s_ip)
                {
                    if ((m = rx.Match(t)).Success)
                    {
                        _ip = MakeFrame(m, reliable: true);
                        return;
                    }
                }
            }
            if (Record.Cpu == null && t.StartsWith("EIP: ", StringComparison.Ordinal) && (m = s_eipCpu.Match(t)).Success)
            {
                Record.Cpu = Int(m.Groups["cpu"].Value);
                return;
            }
            if (Record.KernelVersion == null && (t.IndexOf("tainted", StringComparison.Ordinal) >= 0 || t.IndexOf("Tainted: ", StringComparison.Ordinal) >= 0)
                && (m = s_versionTaint.Match(t)).Success)
            {
                if (m.Groups["ver"].Success) Record.KernelVersion = m.Groups["ver"].Value;
                else if (m.Groups["ver2"].Success) Record.KernelVersion = m.Groups["ver2"].Value;
                if (Record.TaintedText == null) SetTaint(m.Groups["taint"].Success ? m.Groups["taint"].Value : "");
                return;
            }
            if (Record.Process == null && (Kind == GuestFailureKind.LockdepReport || Kind == GuestFailureKind.RcuReport))
            {
                if ((m = s_locksHeldBy.Match(t)).Success || (m = s_lockdepTask.Match(t)).Success)
                {
                    Record.Process = m.Groups["comm"].Value;
                    Record.Pid = Int(m.Groups["pid"].Value);
                }
            }
        }

        /// <summary>True when a line may continue a call trace that has started (frames, registers, code bytes, markers).</summary>
        public static bool IsTraceLine(string t, bool indented)
        {
            if (indented) return true;
            if (t.Length == 0) return false;
            char c = t[0];
            if (c == '[' || c == '<' || c == '(' || c == '?' || c == '#' || c == '.') return true;
            if (t.StartsWith("Code:", StringComparison.Ordinal) || t.StartsWith("Modules linked in", StringComparison.Ordinal)
                || t.StartsWith("Last Breaking", StringComparison.Ordinal) || t.StartsWith("Instruction dump", StringComparison.Ordinal)
                || t.StartsWith("Kernel Offset", StringComparison.Ordinal) || t.StartsWith("---[", StringComparison.Ordinal)
                || t.StartsWith("Exception stack", StringComparison.Ordinal) || t.StartsWith("Call Trace", StringComparison.Ordinal)
                || t.StartsWith("Call trace", StringComparison.Ordinal) || t.StartsWith("Rebooting", StringComparison.Ordinal)
                || t.StartsWith("Dumping ftrace", StringComparison.Ordinal) || t.StartsWith("irq event stamp", StringComparison.Ordinal)
                || t.StartsWith("hardirqs last", StringComparison.Ordinal) || t.StartsWith("softirqs last", StringComparison.Ordinal)
                || t.StartsWith("EIP: ", StringComparison.Ordinal) || t.StartsWith("PC is at", StringComparison.Ordinal)
                || t.StartsWith("LR is at", StringComparison.Ordinal) || t.StartsWith("Pid: ", StringComparison.Ordinal)
                || t.StartsWith("CPU: ", StringComparison.Ordinal) || t.StartsWith("Hardware name:", StringComparison.Ordinal)
                || t.StartsWith("Workqueue:", StringComparison.Ordinal) || t.StartsWith("task:", StringComparison.Ordinal)
                || t.StartsWith("Backtrace:", StringComparison.Ordinal))
                return true;
            // register lines: RIP: / RSP: / R10: / CR2: / GPR00: / Krnl GPRS:
            int colon = t.IndexOf(':');
            if (colon >= 2 && colon <= 10)
            {
                bool regs = true;
                for (int i = 0; i < colon; i++)
                {
                    char r = t[i];
                    if (!((r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == ' ')) { regs = false; break; }
                }
                if (regs) return true;
            }
            // code/instruction dumps: words of hex digits (ppc "Instruction dump:", ARM stack words)
            int firstSpace = t.IndexOf(' ');
            int word = firstSpace < 0 ? t.Length : firstSpace;
            if (word >= 8)
            {
                bool hex = true;
                for (int i = 0; i < word; i++)
                {
                    char h = t[i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F') || h == '`')) { hex = false; break; }
                }
                if (hex) return true;
            }
            // frames without addresses at the line start: sym+0x1/0x2
            int plus = t.IndexOf("+0x", StringComparison.Ordinal);
            return plus > 0 && t.IndexOf(' ') is int sp && (sp < 0 || sp > plus);
        }

        private bool TryFrame(string t)
        {
            bool lead = t.StartsWith("? ", StringComparison.Ordinal);
            string s = lead ? t.Substring(2) : t;
            foreach (Regex rx in s_frames)
            {
                Match m = rx.Match(s);
                if (!m.Success) continue;
                bool reliable = !lead && !m.Groups["unrel"].Success && !m.Groups["unrel2"].Success;
                _frames.Add(MakeFrame(m, reliable));
                return true;
            }
            return false;
        }

        private GuestStackFrame MakeFrame(Match m, bool reliable)
        {
            string func = m.Groups["func"].Value;
            return new GuestStackFrame(func,
                m.Groups["off"].Success ? Hex(m.Groups["off"].Value) : null,
                m.Groups["len"].Success ? Hex(m.Groups["len"].Value) : null,
                m.Groups["module"].Success ? m.Groups["module"].Value : null,
                m.Groups["addr"].Success ? Hex(m.Groups["addr"].Value) : null,
                reliable, _frameContext);
        }

        /// <summary>Reads a kd/WinDbg line: stack frames, !analyze fields, Arg lines, the analysis title.</summary>
        public void ReadDebuggerLine(string t)
        {
            if (t.Length == 0) return;
            Match m;
            if ((m = s_kdFrame.Match(t)).Success)
            {
                Match site = s_kdSite.Match(m.Groups["site"].Value);
                if (site.Success)
                {
                    string? module = site.Groups["module"].Success ? site.Groups["module"].Value : site.Groups["func"].Value;
                    if (_frames.Count == 0 && site.Groups["func"].Value == "KeBugCheckEx" && m.Groups["args"].Success) ReadKeBugCheckExArgs(m.Groups["args"].Value);
                    _frames.Add(new GuestStackFrame(site.Groups["func"].Value, site.Groups["off"].Success ? Hex(site.Groups["off"].Value) : null,
                        null, module, null, true, null));
                }
                return;
            }
            if ((m = s_analyzeTitle.Match(t)).Success)
            {
                if (Record.Code == null) SetCode(m.Groups["code"].Value);
                if (m.Groups["name"].Success) Record.Name ??= m.Groups["name"].Value;
                return;
            }
            if ((m = s_arg.Match(t)).Success)
            {
                int n = Int(m.Groups["n"].Value) ?? 0;
                if (_parameters.Count == n - 1) _parameters.Add(m.Groups["value"].Value);
                return;
            }
            if (t.StartsWith("Arguments ", StringComparison.Ordinal) && _parameters.Count == 0)
            {
                foreach (string a in t.Substring(10).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) _parameters.Add(a);
                return;
            }
            if (t.StartsWith("Probably caused by", StringComparison.Ordinal))
            {
                int colon = t.IndexOf(':');
                string what = colon < 0 ? "" : t.Substring(colon + 1).Trim();
                int sp = what.IndexOf(' ');
                string first = sp < 0 ? what : what.Substring(0, sp);
                if (first.Length > 0)
                {
                    if (s_image.IsMatch(first)) Record.Module ??= first;
                    else Record.Reason ??= first;
                }
                return;
            }
            if ((m = s_kdField.Match(t)).Success)
            {
                string v = m.Groups["value"].Value;
                switch (m.Groups["key"].Value)
                {
                    case "BUGCHECK_CODE": if (Record.Code == null) SetCode(v); break;
                    case "BUGCHECK_P1": case "BUGCHECK_P2": case "BUGCHECK_P3": case "BUGCHECK_P4":
                        int n = m.Groups["key"].Value[11] - '0';
                        if (_parameters.Count == n - 1) _parameters.Add(v);
                        break;
                    case "IMAGE_NAME": Record.Module = v; break;
                    case "MODULE_NAME": Record.Module ??= v; break;
                    case "PROCESS_NAME": Record.Process ??= v; break;
                    case "FAILURE_BUCKET_ID": Record.Reason = v; break;
                    case "BUGCHECK_STR": Record.Name ??= v; break;
                    case "BUILD_VERSION_STRING": Record.KernelVersion ??= v; break;
                    case "SYMBOL_NAME": _headlineFunction ??= v; break;
                }
            }
        }

        /// <summary>The first frame is <c>nt!KeBugCheckEx</c>: its first argument is the code, the next three are parameters 1-3.</summary>
        private void ReadKeBugCheckExArgs(string args)
        {
            string[] a = args.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (a.Length == 0 || Record.Code != null) return;
            SetCode(a[0].Replace("`", ""));
            if (Record.Code == null || _parameters.Count > 0) return;
            for (int i = 1; i < a.Length && i <= 3; i++) _parameters.Add(a[i]);
        }

        /// <summary>Reads a WER "Problem signature" key/value line.</summary>
        public bool ReadWerLine(string t)
        {
            Match d = s_werDriver.Match(t);
            if (d.Success)
            {
                Record.Module ??= d.Groups["image"].Value;
                return true;
            }
            Match m = s_werField.Match(t);
            if (!m.Success) return false;
            string v = m.Groups["value"].Value;
            switch (m.Groups["key"].Value)
            {
                case "BCCode": if (Record.Code == null) SetCode(v); break;
                case "BCP1": case "BCP2": case "BCP3": case "BCP4":
                    int n = m.Groups["key"].Value[3] - '0';
                    if (_parameters.Count == n - 1) _parameters.Add(v);
                    break;
                case "OS Version": Record.KernelVersion ??= v; break;
            }
            return true;
        }

        /// <summary>Reads a STOP screen or Event 1001 text once all its wrapped lines are in.</summary>
        private void ReadWindowsScreen()
        {
            string joined = _text.ToString().Replace('\n', ' ');
            Match m = s_stopCode.Match(joined);
            if (!m.Success) m = s_eventCode.Match(joined);
            if (!m.Success) m = s_fatalParams.Match(joined);
            int after = 0;
            if (m.Success)
            {
                SetCode(m.Groups["code"].Value);
                if (m.Groups["params"].Success) SetParameters(m.Groups["params"].Value);
                after = m.Index + m.Length;
            }
            else
            {
                Match code = Regex.Match(joined, @"(?i)(?:bugcheck was\s*:|Fatal System Error:)\s*0x(?<code>[0-9a-f]{1,16})");
                if (code.Success) { SetCode(code.Groups["code"].Value); after = code.Index + code.Length; }
            }
            string rest = joined.Substring(after);
            Match name = s_screenName.Match(rest);
            if (name.Success && Record.Name == null) Record.Name = name.Groups["name"].Value;
            Match image = s_image.Match(rest);
            if (image.Success) Record.Module ??= image.Groups["image"].Value;
            Match nt = s_ntVersion.Match(joined);
            if (nt.Success) Record.KernelVersion ??= nt.Groups["ver"].Value;
            Match dump = s_dumpPath.Match(joined);
            if (dump.Success) Record.DumpPath = dump.Groups["path"].Value;
            if (Kind == GuestFailureKind.UncleanReboot)
            {
                // Kernel-Power 41 event data: BugcheckCode is decimal, the parameters hex
                Match c = s_event41Code.Match(joined);
                if (c.Success && ulong.TryParse(c.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong code) && code != 0) Record.Code = code;
                foreach (Match pm in s_event41Param.Matches(joined))
                {
                    if (Record.Code == null) break;
                    if (_parameters.Count == pm.Groups["n"].Value[0] - '1') _parameters.Add(pm.Groups["value"].Value);
                }
            }
        }

        private void SetHardware(string hw)
        {
            if (Record.HardwareName != null) return;
            Record.HardwareName = hw;
            Record.Platform = GuestPlatforms.FromHardwareName(hw);
        }

        /// <summary>Turns the block into its record.</summary>
        public GuestOsFailure Finish(bool complete, string? documentKernelVersion)
        {
            GuestOsFailure r = Record;
            r.IsComplete = complete;
            r.Text = _text.ToString();
            if (Style == BlockStyle.WindowsScreen) ReadWindowsScreen();
            if (_parameters.Count > 0) r.Parameters = _parameters.ToArray();
            if (r.Os == GuestOs.Windows && r.Parameters.Count > 0) r.ParameterDetails = BugCheckParameters.Describe(r.Code, r.Parameters);
            if (_triggers.Count > 0) r.TriggerLines = _triggers.ToArray();
            if (_stalledCpus.Count > 0)
            {
                r.StalledCpus = _stalledCpus.ToArray();
                if (r.StallSelfDetected == true && r.StallDetectedByCpu == null && _stalledCpus.Count == 1) r.StallDetectedByCpu = _stalledCpus[0];
            }
            if (r.Os == GuestOs.Linux)
            {
                if (r.Reason != null && (r.Kind == GuestFailureKind.Bug || r.Kind == GuestFailureKind.Warning || r.Kind == GuestFailureKind.InvalidOpcode
                        || r.Kind == GuestFailureKind.Oops) && s_bugLocation.IsMatch(r.Reason))
                    r.BugLocation ??= r.Reason;
                if ((r.Kind == GuestFailureKind.SoftLockup || r.Kind == GuestFailureKind.HungTask) && r.Reason != null)
                {
                    Match n = s_leadingNumber.Match(r.Reason);
                    if (n.Success) r.StuckSeconds = Int(n.Groups["n"].Value);
                }
                if (r.FaultAddress == null && _cr2.HasValue && r.Kind == GuestFailureKind.Oops) r.FaultAddress = _cr2;
            }
            if (r.Os == GuestOs.Windows && r.Code.HasValue)
            {
                string? table = BugCheckCodes.NameOf(r.Code.Value);
                if (table != null) r.Name = table;
            }
            if (_panicReason != null && r.Kind != GuestFailureKind.KernelPanic) r.PanicReason = _panicReason;
            if (r.Kind == GuestFailureKind.KernelPanic) r.PanicReason = _panicReason;
            r.InstructionPointer = _ip;
            r.CallTrace = _frames.ToArray();
            if (r.Os == GuestOs.Linux) r.KernelVersion ??= documentKernelVersion;
            // the first meaningful function and its module
            string? func = _headlineFunction, module = _headlineModule;
            if (func == null && _ip != null && !IsHelper(_ip.Function)) { func = _ip.Function; module = _ip.Module; }
            if (func == null)
            {
                foreach (GuestStackFrame f in _frames)
                {
                    if (!f.Reliable || IsHelper(f.Function) || f.Function.StartsWith("0x", StringComparison.Ordinal)) continue;
                    func = f.Function; module = f.Module;
                    break;
                }
            }
            r.Function ??= func;
            if (r.Os == GuestOs.Linux) r.Module ??= module;
            else if (r.Module == null && _frames.Count > 0) r.Module = _frames[0].Module;
            return r;
        }

        private static bool IsHelper(string function)
        {
            string f = function;
            int dot = f.IndexOf('.');
            if (dot > 0) f = f.Substring(0, dot);
            return s_helpers.Contains(f);
        }

        private void SetTaintAndVersion(Match m)
        {
            if (Record.TaintedText == null) SetTaint(m.Groups["taint"].Success ? m.Groups["taint"].Value : "");
            Record.KernelVersion ??= m.Groups["ver"].Value;
        }

        private void SetTaint(string letters)
        {
            var sb = new StringBuilder();
            KernelTaint flags = KernelTaint.None;
            foreach (char c in letters)
            {
                if (c == ' ') continue;
                sb.Append(c);
                flags |= TaintOf(c);
            }
            Record.TaintedText = sb.ToString();
            Record.Tainted = flags;
        }

        internal static KernelTaint TaintOf(char c)
        {
            switch (c)
            {
                case 'G': return KernelTaint.None;
                case 'P': return KernelTaint.ProprietaryModule;
                case 'F': return KernelTaint.ForcedModule;
                case 'S': return KernelTaint.OutOfSpec;
                case 'R': return KernelTaint.ForcedUnload;
                case 'M': return KernelTaint.MachineCheck;
                case 'B': return KernelTaint.BadPage;
                case 'U': return KernelTaint.User;
                case 'D': return KernelTaint.Died;
                case 'A': return KernelTaint.OverriddenAcpiTable;
                case 'W': return KernelTaint.Warning;
                case 'C': return KernelTaint.StagingDriver;
                case 'I': return KernelTaint.FirmwareWorkaround;
                case 'O': return KernelTaint.OutOfTreeModule;
                case 'E': return KernelTaint.UnsignedModule;
                case 'L': return KernelTaint.SoftLockup;
                case 'K': return KernelTaint.LivePatch;
                case 'X': return KernelTaint.Auxiliary;
                case 'T': return KernelTaint.RandomizedStructs;
                case 'N': return KernelTaint.Test;
                default: return KernelTaint.Other;
            }
        }

        private void SetCode(string hex)
        {
            if (BugCheckCodes.TryParseCode(hex, out ulong code)) Record.Code = code;
        }

        private void SetParameters(string list)
        {
            _parameters.Clear();
            foreach (string p in list.Split(','))
            {
                string v = p.Trim().TrimEnd('.', ';');
                if (v.Length > 0) _parameters.Add(v);
                if (_parameters.Count == 4) break;
            }
        }

        private static IReadOnlyList<string> ParseModules(string list)
        {
            var result = new List<string>();
            int bracket = list.IndexOf('[');
            if (bracket >= 0) list = list.Substring(0, bracket);
            foreach (string token in list.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string name = token;
                int paren = name.IndexOf('(');
                if (paren > 0) name = name.Substring(0, paren);
                if (name.Length > 0 && name != "...") result.Add(name);
            }
            return result;
        }

        internal static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

        internal static ulong? Hex(string s)
            => ulong.TryParse(s.Replace("`", ""), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }
}
