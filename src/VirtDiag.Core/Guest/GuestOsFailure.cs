using System;
using System.Collections.Generic;
using System.Text;

namespace VirtDiag
{
    /// <summary>The guest operating system family a failure belongs to.</summary>
    public enum GuestOs
    {
        /// <summary>Microsoft Windows (bug checks).</summary>
        Windows,
        /// <summary>Linux (panics, oopses, BUG/WARNING reports, lockups).</summary>
        Linux,
        /// <summary>Not known (a host-side signal that names no OS).</summary>
        Unknown,
    }

    /// <summary>What kind of guest failure a record describes.</summary>
    public enum GuestFailureKind
    {
        /// <summary>Windows bug check (STOP error, blue screen).</summary>
        BugCheck,
        /// <summary>Linux <c>Kernel panic - not syncing</c>.</summary>
        KernelPanic,
        /// <summary>Linux oops: a fault in kernel mode (NULL dereference, paging request, <c>Oops:</c>).</summary>
        Oops,
        /// <summary>Linux <c>kernel BUG at</c> / <c>BUG:</c> assertion.</summary>
        Bug,
        /// <summary>Linux <c>WARNING:</c> (also page allocation failures).</summary>
        Warning,
        /// <summary>Linux soft lockup (<c>BUG: soft lockup - CPU#n stuck</c>).</summary>
        SoftLockup,
        /// <summary>Linux hard lockup (NMI watchdog).</summary>
        HardLockup,
        /// <summary>Linux hung task (<c>INFO: task x:pid blocked for more than N seconds</c>).</summary>
        HungTask,
        /// <summary>Linux general protection fault.</summary>
        GeneralProtectionFault,
        /// <summary>Linux invalid opcode / illegal operation trap without a <c>kernel BUG</c> line.</summary>
        InvalidOpcode,
        /// <summary>Machine check (MCE) reported by the guest kernel.</summary>
        MachineCheck,
        /// <summary>lockdep report (recursive/circular locking, inconsistent lock state, bad unlock balance).</summary>
        LockdepReport,
        /// <summary>RCU report (suspicious RCU usage, RCU stall).</summary>
        RcuReport,
        /// <summary>SLUB/SLAB corruption report (<c>BUG kmalloc-64 (...): Poison overwritten</c>).</summary>
        SlabCorruption,
        /// <summary>A vmcore backtrace from the <c>crash</c> utility (<c>crash&gt; bt</c>).</summary>
        CrashDumpBacktrace,
        /// <summary>The host saw the guest crash (hostd <c>Guest operating system crash detected</c>).</summary>
        HostDetectedCrash,
        /// <summary>The guest reset its virtual CPU or machine (seen by the host).</summary>
        GuestReset,
        /// <summary>VMware Tools heartbeat lost (seen by the host).</summary>
        ToolsHeartbeatLost,
        /// <summary>vSphere HA VM monitoring reset the VM.</summary>
        HaMonitoringReset,
        /// <summary>Windows Kernel-Power Event 41: the system rebooted without shutting down cleanly (with the bug check code when it had one).</summary>
        UncleanReboot,
    }

    /// <summary>The platform a guest ran on, as the kernel's <c>Hardware name:</c> line (the DMI system name) tells it.</summary>
    public enum GuestPlatform
    {
        /// <summary>The report names no hardware.</summary>
        Unknown,
        /// <summary>VMware ESXi, Workstation or Fusion (<c>VMware, Inc. VMware Virtual Platform</c>, <c>VMware7,1</c>).</summary>
        VMware,
        /// <summary>KVM: QEMU machines, RHEL/oVirt/RHV, OpenStack Nova, Nutanix AHV, Google Compute Engine, Amazon EC2 Nitro.</summary>
        Kvm,
        /// <summary>Microsoft Hyper-V or Azure (<c>Microsoft Corporation Virtual Machine</c>).</summary>
        HyperV,
        /// <summary>Xen HVM or PV guests (<c>Xen HVM domU</c>, older Amazon EC2).</summary>
        Xen,
        /// <summary>Oracle VirtualBox (<c>innotek GmbH VirtualBox</c>).</summary>
        VirtualBox,
        /// <summary>Cloud Hypervisor (<c>Cloud Hypervisor cloud-hypervisor</c>).</summary>
        CloudHypervisor,
        /// <summary>Parallels Desktop.</summary>
        Parallels,
        /// <summary>FreeBSD bhyve.</summary>
        Bhyve,
        /// <summary>A hardware name no hypervisor is known by: physical hardware or an unlisted platform.</summary>
        Other,
    }

    /// <summary>One bug check parameter: its number, the value as written, and what it means for this code per the public bug check reference.</summary>
    public sealed class BugCheckParameter
    {
        internal BugCheckParameter(int number, string value, string? meaning) { Number = number; Value = value; Meaning = meaning; }

        /// <summary>1 to 4.</summary>
        public int Number { get; }
        /// <summary>The value as written (<c>0xfffff80002a4b5f0</c>).</summary>
        public string Value { get; }
        /// <summary>What the parameter holds for this code (<c>Memory referenced</c>), null when the reference gives no meaning.</summary>
        public string? Meaning { get; }

        /// <inheritdoc/>
        public override string ToString() => Meaning == null ? "Arg" + Number + ": " + Value : "Arg" + Number + ": " + Value + " (" + Meaning + ")";
    }

    /// <summary>Which side and which log a failure record comes from.</summary>
    public enum GuestFailureSource
    {
        /// <summary>The guest's own log or console (dmesg, syslog, serial console, event log text).</summary>
        GuestLog,
        /// <summary>Debugger output from a crash dump (kd/WinDbg, the crash utility).</summary>
        Debugger,
        /// <summary>The VM's <c>vmware.log</c> on the host.</summary>
        VmwareLog,
        /// <summary>ESXi <c>hostd.log</c>.</summary>
        Hostd,
        /// <summary>Another host-side log (vpxd, fdm).</summary>
        HostLog,
    }

    /// <summary>How the <see cref="GuestOsFailure.Timestamp"/> of a record was read.</summary>
    public enum GuestTimestampKind
    {
        /// <summary>The text carries no time.</summary>
        None,
        /// <summary>A wall-clock time with date (ISO, serial-console date, vmware.log); read as UTC when no offset is given.</summary>
        WallClock,
        /// <summary>A syslog time (<c>Mon DD HH:MM:SS</c>) without year or zone: read as UTC in the year given by <c>-Year</c>.</summary>
        SyslogWallClock,
        /// <summary>Only seconds since boot (dmesg <c>[  123.456789]</c>); see <see cref="GuestOsFailure.Uptime"/>.</summary>
        Uptime,
        /// <summary>A syslog time read as UTC, its year taken from a dated line before it in the same document.</summary>
        SyslogYearFromDatedLine,
        /// <summary>A syslog time read as UTC, its year taken from the file's (or archive entry's) last-write time.</summary>
        SyslogYearFromFileTime,
        /// <summary>A syslog time read as UTC with no evidence of its year: the current year was assumed (give <c>-Year</c>).</summary>
        SyslogYearAssumed,
    }

    /// <summary>Linux kernel taint flags (the letters after <c>Tainted:</c>).</summary>
    [Flags]
    public enum KernelTaint
    {
        /// <summary>Not tainted (or only <c>G</c>).</summary>
        None = 0,
        /// <summary>P: a proprietary module was loaded.</summary>
        ProprietaryModule = 1 << 0,
        /// <summary>F: a module was force-loaded.</summary>
        ForcedModule = 1 << 1,
        /// <summary>S: SMP on hardware not meant for it / out of spec.</summary>
        OutOfSpec = 1 << 2,
        /// <summary>R: a module was force-unloaded.</summary>
        ForcedUnload = 1 << 3,
        /// <summary>M: a machine check happened.</summary>
        MachineCheck = 1 << 4,
        /// <summary>B: a bad page was referenced.</summary>
        BadPage = 1 << 5,
        /// <summary>U: tainted on user request.</summary>
        User = 1 << 6,
        /// <summary>D: the kernel died recently (an earlier oops or BUG).</summary>
        Died = 1 << 7,
        /// <summary>A: an ACPI table was overridden.</summary>
        OverriddenAcpiTable = 1 << 8,
        /// <summary>W: a warning was issued earlier.</summary>
        Warning = 1 << 9,
        /// <summary>C: a staging driver was loaded.</summary>
        StagingDriver = 1 << 10,
        /// <summary>I: a firmware bug workaround is active.</summary>
        FirmwareWorkaround = 1 << 11,
        /// <summary>O: an out-of-tree module was loaded.</summary>
        OutOfTreeModule = 1 << 12,
        /// <summary>E: an unsigned module was loaded.</summary>
        UnsignedModule = 1 << 13,
        /// <summary>L: a soft lockup happened earlier.</summary>
        SoftLockup = 1 << 14,
        /// <summary>K: the kernel was live-patched.</summary>
        LivePatch = 1 << 15,
        /// <summary>X: auxiliary taint (distribution specific).</summary>
        Auxiliary = 1 << 16,
        /// <summary>T: built with the struct randomization plugin.</summary>
        RandomizedStructs = 1 << 17,
        /// <summary>N: an in-kernel test was run.</summary>
        Test = 1 << 18,
        /// <summary>H (RHEL) or another letter this version does not know.</summary>
        Other = 1 << 30,
    }

    /// <summary>One frame of a call trace or stack: function, offset, length, module, address, and whether the unwinder trusted it.</summary>
    public sealed class GuestStackFrame
    {
        internal GuestStackFrame(string function, ulong? offset, ulong? length, string? module, ulong? address, bool reliable, string? context)
        {
            Function = function; Offset = offset; Length = length; Module = module; Address = address; Reliable = reliable; Context = context;
        }

        /// <summary>The symbol (<c>radeon_audio_detect</c>), or the raw address text when there is no symbol.</summary>
        public string Function { get; }
        /// <summary>Offset into the function (<c>+0x54</c>).</summary>
        public ulong? Offset { get; }
        /// <summary>Length of the function (<c>/0x140</c>).</summary>
        public ulong? Length { get; }
        /// <summary>The module the function lives in (<c>[radeon]</c>, <c>PROCMON23</c>, <c>FLTMGR</c>), null for the core kernel.</summary>
        public string? Module { get; }
        /// <summary>The return or instruction address, when printed.</summary>
        public ulong? Address { get; }
        /// <summary>False for frames printed with <c>? </c> or <c>(unreliable)</c>.</summary>
        public bool Reliable { get; }
        /// <summary>The stack section the frame was printed in (<c>IRQ</c>, <c>NMI</c>, <c>TASK</c>, <c>EOI</c>), null for the main section.</summary>
        public string? Context { get; }

        /// <inheritdoc/>
        public override string ToString()
        {
            var sb = new StringBuilder();
            if (!Reliable) sb.Append("? ");
            sb.Append(Function);
            if (Offset.HasValue) sb.Append("+0x").Append(Offset.Value.ToString("x"));
            if (Length.HasValue) sb.Append("/0x").Append(Length.Value.ToString("x"));
            if (Module != null) sb.Append(" [").Append(Module).Append(']');
            return sb.ToString();
        }
    }

    /// <summary>A guest operating system critical failure, from the guest's own text or as the host saw it.</summary>
    public sealed partial class GuestOsFailure : IDiagnosticRecord
    {
        internal GuestOsFailure(GuestOs os, GuestFailureKind kind, string message)
        {
            Os = os; Kind = kind; Message = message;
        }

        /// <summary>Windows or Linux.</summary>
        public GuestOs Os { get; internal set; }
        /// <summary>What kind of failure.</summary>
        public GuestFailureKind Kind { get; internal set; }
        /// <summary>The bug check code (Windows), null for Linux.</summary>
        public ulong? Code { get; internal set; }
        /// <summary>The symbolic name: the bug check name from the public table (<c>PAGE_FAULT_IN_NONPAGED_AREA</c>), or as the text shows it.</summary>
        public string? Name { get; internal set; }
        /// <summary>The bug check parameters as written (up to four).</summary>
        public IReadOnlyList<string> Parameters { get; internal set; } = Array.Empty<string>();
        /// <summary>The headline, as written (<c>Kernel panic - not syncing: ...</c>, <c>STOP: 0x00000050 (...)</c>).</summary>
        public string Message { get; internal set; }
        /// <summary>For a panic: the reason after <c>not syncing:</c>; for a WARNING/BUG: the file:line; otherwise null.</summary>
        public string? Reason { get; internal set; }
        /// <summary>The reason after <c>Kernel panic - not syncing:</c> when the report ended in (or is) a panic; null otherwise.</summary>
        public string? PanicReason { get; internal set; }
        /// <summary>True when the kernel panicked with this report.</summary>
        public bool Panicked => PanicReason != null;
        /// <summary>The faulting module, driver or image (<c>radeon</c>, <c>i8042prt.SYS</c>, <c>PROCMON23</c>), null when the core kernel.</summary>
        public string? Module { get; internal set; }
        /// <summary>The first meaningful function: the faulting instruction's symbol, else the first reliable frame past the reporting helpers.</summary>
        public string? Function { get; internal set; }
        /// <summary>The modules listed in <c>Modules linked in:</c>.</summary>
        public IReadOnlyList<string> ModulesLinkedIn { get; internal set; } = Array.Empty<string>();
        /// <summary>The process (Linux comm, Windows PROCESS_NAME) running when it failed.</summary>
        public string? Process { get; internal set; }
        /// <summary>The process id, when shown.</summary>
        public int? Pid { get; internal set; }
        /// <summary>The CPU number, when shown.</summary>
        public int? Cpu { get; internal set; }
        /// <summary>The kernel version (<c>3.10.0-327.28.2.el7.x86_64</c>) or Windows build string, when shown.</summary>
        public string? KernelVersion { get; internal set; }
        /// <summary>The taint letters as written (<c>G        W  OE</c> becomes <c>GWOE</c>); empty for <c>Not tainted</c>; null when not shown.</summary>
        public string? TaintedText { get; internal set; }
        /// <summary>The taint letters decoded.</summary>
        public KernelTaint Tainted { get; internal set; }
        /// <summary>The faulting instruction (RIP/EIP/IP/PC/NIP/PSW), as a frame.</summary>
        public GuestStackFrame? InstructionPointer { get; internal set; }
        /// <summary>The call trace (Linux) or stack (kd, crash), top first.</summary>
        public IReadOnlyList<GuestStackFrame> CallTrace { get; internal set; } = Array.Empty<GuestStackFrame>();
        /// <summary>The time as logged (guest clock for guest sources, host clock for host sources).</summary>
        public DateTimeOffset? Timestamp { get; internal set; }
        /// <summary>How <see cref="Timestamp"/> was read.</summary>
        public GuestTimestampKind TimestampKind { get; internal set; }
        /// <summary>Seconds since boot from a dmesg prefix, when present.</summary>
        public TimeSpan? Uptime { get; internal set; }
        /// <summary>The time on the host's clock: <see cref="Timestamp"/> minus the time offset for guest sources, as is for host sources.</summary>
        public DateTimeOffset? HostTimestamp { get; internal set; }
        /// <summary>Which side and log the record comes from.</summary>
        public GuestFailureSource Source { get; internal set; }
        /// <summary>The host name, when known (from the syslog line or the document).</summary>
        public string? HostName { get; internal set; }
        /// <summary>The VM name, when known (from a host-side line).</summary>
        public string? VMName { get; internal set; }
        /// <summary>The raw block of text the record was read from (prefixes kept).</summary>
        public string Text { get; internal set; } = "";
        /// <summary>The document's display path.</summary>
        public string Path { get; internal set; } = "";
        /// <summary>1-based line number of the headline.</summary>
        public long LineNumber { get; internal set; }
        /// <summary>1-based line number of the block's last line.</summary>
        public long EndLineNumber { get; internal set; }
        /// <summary>False when the block was cut short (end of input or line cap before its end marker).</summary>
        public bool IsComplete { get; internal set; } = true;
        /// <summary>The platform as the kernel names it (<c>Hardware name:</c> line), e.g. <c>VMware, Inc. VMware7,1/440BX Desktop Reference Platform, BIOS …</c>.</summary>
        public string? HardwareName { get; internal set; }
        /// <summary>The hypervisor the guest ran on, read from <see cref="HardwareName"/>.</summary>
        public GuestPlatform Platform { get; internal set; }
        /// <summary>The die counter of an oops (<c>[#2]</c> is the second oops since boot).</summary>
        public int? OopsNumber { get; internal set; }
        /// <summary>The address whose access faulted (<c>BUG: unable to handle page fault for address: …</c>, <c>CR2</c>).</summary>
        public ulong? FaultAddress { get; internal set; }
        /// <summary>The source location of a <c>kernel BUG at</c> or <c>WARNING</c>: <c>fs/ext4/inode.c:2645</c>.</summary>
        public string? BugLocation { get; internal set; }
        /// <summary>The lines that triggered the report or its panic (<c>Uhhuh. NMI received …</c>, <c>watchdog: …</c>, <c>NMI: PCI system error …</c>), as written.</summary>
        public IReadOnlyList<string> TriggerLines { get; internal set; } = Array.Empty<string>();
        /// <summary>How long the CPU or task was stuck: the seconds of a soft lockup or of a hung task's wait.</summary>
        public int? StuckSeconds { get; internal set; }
        /// <summary>The CPUs an RCU stall report names as stalled.</summary>
        public IReadOnlyList<int> StalledCpus { get; internal set; } = Array.Empty<int>();
        /// <summary>The CPU that detected an RCU stall (for a self-detected stall, the stalled CPU itself).</summary>
        public int? StallDetectedByCpu { get; internal set; }
        /// <summary>True when the stalled CPU detected its own RCU stall (<c>self-detected stall on CPU</c>).</summary>
        public bool? StallSelfDetected { get; internal set; }
        /// <summary>The four bug check parameters with their meaning for this code (Windows).</summary>
        public IReadOnlyList<BugCheckParameter> ParameterDetails { get; internal set; } = Array.Empty<BugCheckParameter>();
        /// <summary>Where Windows saved the dump (<c>A dump was saved in: …</c>), when the text says.</summary>
        public string? DumpPath { get; internal set; }

        /// <inheritdoc/>
        public override string ToString() => Kind + ": " + Message;
    }

    /// <summary>A Windows bug check code and its symbolic name, from the public reference table.</summary>
    public sealed class BugCheckCode
    {
        internal BugCheckCode(ulong code, string name) { Code = code; Name = name; }

        /// <summary>The code.</summary>
        public ulong Code { get; }
        /// <summary>The symbolic name (<c>PAGE_FAULT_IN_NONPAGED_AREA</c>).</summary>
        public string Name { get; }
        /// <summary>The code as Windows prints it in a STOP line: <c>0x00000050</c>.</summary>
        public string Hex => "0x" + Code.ToString("X8");

        /// <inheritdoc/>
        public override string ToString() => Hex + " " + Name;
    }
}
