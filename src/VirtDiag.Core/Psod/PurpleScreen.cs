using System;
using System.Collections.Generic;
using System.Globalization;

namespace VirtDiag
{
    /// <summary>What kind of failure a purple diagnostic screen reports, named the way VMware's KB articles name them.</summary>
    public enum PurpleScreenCategory
    {
        /// <summary><c>Lost heartbeat</c> (ESX service console) or <c>PCPU n: no heartbeat</c>.</summary>
        LostHeartbeat,
        /// <summary><c>COS Error: Oops</c>: the ESX service console's Linux kernel failed.</summary>
        ConsoleOops,
        /// <summary><c>ASSERT file:line</c>: a software assertion failed.</summary>
        Assert,
        /// <summary><c>NOT_IMPLEMENTED file:line</c>: code reached a case it was not written for.</summary>
        NotImplemented,
        /// <summary><c>Spin count exceeded (lock) - possible deadlock</c>.</summary>
        SpinCountExceeded,
        /// <summary><c>PCPU n locked up. Failed to ack TLB invalidate.</c></summary>
        LockedUpTlbInvalidate,
        /// <summary><c>#GP Exception(13)</c>: general protection fault.</summary>
        GeneralProtectionFault,
        /// <summary><c>#PF Exception 14</c>: page fault.</summary>
        PageFault,
        /// <summary>A hardware NMI (<c>LINT1 motherboard interrupt</c>, <c>LINT1/NMI (motherboard nonmaskable interrupt), undiagnosed</c>, <c>NMI</c> without another PCPU's panic).</summary>
        NmiPanic,
        /// <summary><c>NMI IPI: Panic requested by another PCPU</c> / <c>Panic from another CPU</c>.</summary>
        PanicRequestedByOtherCpu,
        /// <summary><c>Machine Check Exception</c> (#MC, vector 18): the hardware reported an error.</summary>
        MachineCheck,
        /// <summary>None of the known messages (or no message was found, e.g. frames only).</summary>
        Other,
        /// <summary><c>ApeiHEST: … Invoked HestNMIHandler</c> / <c>NMI: … ApeiHESTNmiHandler requested PSOD</c>: firmware-first (APEI/HEST) report of a fatal hardware error, often a PCIe device.</summary>
        ApeiHestNmi,
    }

    /// <summary>A world (VMkernel thread) as a screen names it: <c>1037/helper1-4</c>, <c>in world 4130:helper13-0</c>.</summary>
    public sealed class PurpleScreenWorld
    {
        /// <summary>Creates a world reference.</summary>
        public PurpleScreenWorld(long? id, string? name) { Id = id; Name = name; }

        /// <summary>World id, or null when redacted.</summary>
        public long? Id { get; }

        /// <summary>World name (may be truncated on the screen), or null when not shown.</summary>
        public string? Name { get; }

        /// <inheritdoc/>
        public override string ToString()
            => (Id?.ToString(CultureInfo.InvariantCulture) ?? "?") + (Name == null ? string.Empty : ":" + Name);
    }

    /// <summary>One entry of the screen's PCPU list (<c>*0:1037/helper1-4</c>, <c>*PCPU3:2097670/bootstrap</c>).</summary>
    public sealed class PurpleScreenCpu
    {
        /// <summary>Creates a PCPU entry.</summary>
        public PurpleScreenCpu(int number, long? worldId, string? worldName, bool isRunning)
        {
            Number = number; WorldId = worldId; WorldName = worldName; IsRunning = isRunning;
        }

        /// <summary>Physical CPU number.</summary>
        public int Number { get; }

        /// <summary>Id of the world that was on this PCPU.</summary>
        public long? WorldId { get; }

        /// <summary>Name of that world (truncated by the screen).</summary>
        public string? WorldName { get; }

        /// <summary>True for the PCPU that ran the panic (marked <c>*</c> or <c>CPU</c>).</summary>
        public bool IsRunning { get; }

        /// <inheritdoc/>
        public override string ToString()
            => (IsRunning ? "*" : string.Empty) + Number.ToString(CultureInfo.InvariantCulture) + ":" + WorldId?.ToString(CultureInfo.InvariantCulture) + "/" + WorldName;
    }

    /// <summary>One backtrace frame: <c>0x3a37ef4:[0x625e94]Panic+0x17 stack: 0x833ab4, …</c>, <c>[0x…]Sym@vmkernel#nover+0x94</c> or a gdb-style <c>#0  Sym (args)</c>.</summary>
    public sealed class PurpleScreenFrame
    {
        /// <summary>Creates a frame.</summary>
        public PurpleScreenFrame(string? framePointer, string? address, string? symbol, string? module, string? offset, IReadOnlyList<string> stackArguments)
        {
            FramePointer = framePointer; Address = address; Symbol = symbol; Module = module; Offset = offset;
            StackArguments = stackArguments ?? Array.Empty<string>();
        }

        /// <summary>The frame pointer before the colon (hex as written), or null.</summary>
        public string? FramePointer { get; }

        /// <summary>The return address in brackets (hex as written), or null (gdb-style frames).</summary>
        public string? Address { get; }

        /// <summary>The function name, or null when the frame has none (<c>[0x0] stack: 0x0</c>).</summary>
        public string? Symbol { get; }

        /// <summary>The module after <c>@</c> (<c>vmkernel</c>, <c>esx</c>, a driver), or null (old screens name none).</summary>
        public string? Module { get; }

        /// <summary>The offset into the function (<c>0x17</c>), or null.</summary>
        public string? Offset { get; }

        /// <summary>The values after <c>stack:</c>, as written.</summary>
        public IReadOnlyList<string> StackArguments { get; }

        /// <summary><c>Symbol+0xOffset</c>, the form KB articles quote.</summary>
        public override string ToString() => (Symbol ?? "?") + (Offset == null ? string.Empty : "+" + Offset);
    }

    /// <summary>One purple diagnostic screen (PSOD) read from pasted text or from a vmkernel log.</summary>
    public sealed partial class PurpleScreen : IDiagnosticRecord
    {
        internal PurpleScreen(PurpleScreenData d)
        {
            Message = d.Message;
            Category = d.Category;
            ExceptionVector = d.ExceptionVector;
            FaultAddress = d.FaultAddress;
            InstructionPointer = d.InstructionPointer;
            Build = d.Build;
            Version = d.Version;
            BuildNumber = d.BuildNumber;
            PhysicalCpu = d.PhysicalCpu;
            World = d.World;
            Cpus = d.Cpus;
            Registers = d.Registers;
            Frames = d.Frames;
            Uptime = d.Uptime;
            Tsc = d.Tsc;
            CodeStart = d.CodeStart;
            Coredump = d.Coredump;
            SourceFile = d.SourceFile;
            SourceLine = d.SourceLine;
            HardwareEvidence = d.HardwareEvidence;
            MachineChecks = d.MachineChecks;
            DamagedFrameCount = d.DamagedFrameCount;
            LockedUpCpu = d.LockedUpCpu;
            NmiSourceCpu = d.NmiSourceCpu;
            LogKind = d.LogKind;
            RebootTime = d.RebootTime;
            Timestamp = d.Timestamp;
            ClockOffset = d.ClockOffset;
            HostName = d.HostName;
            Text = d.Text;
            Path = d.Path;
            LineNumber = d.LineNumber;
        }

        /// <summary>The error line (<c>PCPU 1 locked up. Failed to ack TLB invalidate.</c>), without <c>@BlueScreen:</c>; null when the text has none.</summary>
        public string? Message { get; }

        /// <summary>The failure kind the message names.</summary>
        public PurpleScreenCategory Category { get; }

        /// <summary>The exception vector a <c>#XX Exception N</c> message names (13, 14, 18), or null.</summary>
        public int? ExceptionVector { get; }

        /// <summary>The faulting address (<c>addr 0x…</c> of a page fault), or null.</summary>
        public string? FaultAddress { get; }

        /// <summary>The instruction pointer (<c>IP 0x…</c>, <c>@ 0x…</c> or the ip/rip register), or null.</summary>
        public string? InstructionPointer { get; }

        /// <summary>Product, version and build as one string (<c>ESXi 7.X.X build-22348816</c>), or null.</summary>
        public string? Build { get; }

        /// <summary>The version the header shows (<c>6.7.0</c>), or null.</summary>
        public string? Version { get; }

        /// <summary>The build number (<c>Releasebuild-N</c> or a <c>bora-N</c> source path), or null.</summary>
        public long? BuildNumber { get; }

        /// <summary>The PCPU that ran the panic (the <c>*</c> entry, <c>CPU #n</c>, the log prefix's <c>cpuN</c>), else the one the message names.</summary>
        public int? PhysicalCpu { get; }

        /// <summary>The PCPU the screen names as locked up or without heartbeat (<c>PCPU 3 locked up</c>, <c>PCPU 3: no heartbeat</c>, <c>Backtrace for Saved/Locked CPU - 3</c>), or null.</summary>
        public int? LockedUpCpu { get; }

        /// <summary>The PCPU an NMI IPI came from (<c>(Src 0x1, CPU7)</c>), or null.</summary>
        public int? NmiSourceCpu { get; }

        /// <summary>The faulting world (<c>in world id:name</c>), else the world running on <see cref="PhysicalCpu"/>.</summary>
        public PurpleScreenWorld? World { get; }

        /// <summary>The screen's PCPU list.</summary>
        public IReadOnlyList<PurpleScreenCpu> Cpus { get; }

        /// <summary>Register name → value as written (<c>ip</c> → <c>0x625e94</c>).</summary>
        public IReadOnlyDictionary<string, string> Registers { get; }

        /// <summary>Backtrace frames, innermost first.</summary>
        public IReadOnlyList<PurpleScreenFrame> Frames { get; }

        /// <summary>VMkernel uptime (<c>VMK uptime: d:hh:mm:ss.ms</c>), or null when absent or redacted.</summary>
        public TimeSpan? Uptime { get; }

        /// <summary>Time stamp counter at the panic, or null.</summary>
        public ulong? Tsc { get; }

        /// <summary>The <c>Code start</c> address, or null.</summary>
        public string? CodeStart { get; }

        /// <summary>The coredump status text (<c>Coredump to disk. Slot 1 of 1.</c>), or null.</summary>
        public string? Coredump { get; }

        /// <summary>The source file an ASSERT / NOT_IMPLEMENTED message names, or null.</summary>
        public string? SourceFile { get; }

        /// <summary>The source line an ASSERT / NOT_IMPLEMENTED message names, or null.</summary>
        public int? SourceLine { get; }

        /// <summary>Lines in the block that point at hardware: MCA/MCE reports, NMIs, heartbeat lock-ups.</summary>
        public IReadOnlyList<string> HardwareEvidence { get; }

        /// <summary>Machine-check bank reports on or just before the screen, decoded (bank, status bits, error class, severity).</summary>
        public IReadOnlyList<MachineCheck> MachineChecks { get; }

        /// <summary>Backtrace frames the text shows damaged (cut, or mangled by a web page); each is kept with what is legible.</summary>
        public int DamagedFrameCount { get; }

        /// <summary>The kind of document the screen was read from: VmKernel (vmkernel.log, vmkernel-zdump / vmkernel-log.N coredump logs), VmkSummary, or Text.</summary>
        public LogKind LogKind { get; }

        /// <summary>vmksummary.log: when the host booted again after this panic with no clean shutdown in between, or null.</summary>
        public DateTimeOffset? RebootTime { get; }

        /// <summary>Time of the panic from the log prefix or <c>Panic Details: Crash at …</c>, or null.</summary>
        public DateTimeOffset? Timestamp { get; }

        /// <summary>The host the log came from, or null.</summary>
        public string? HostName { get; }

        /// <summary>The raw block the screen was read from.</summary>
        public string Text { get; }

        /// <summary>The document's display path.</summary>
        public string Path { get; }

        /// <summary>1-based line number where the screen starts.</summary>
        public long LineNumber { get; }

        /// <inheritdoc/>
        public override string ToString() => Category + ": " + (Message ?? "(no message)");
    }

    /// <summary>Mutable fields of a screen while its block is read.</summary>
    internal sealed class PurpleScreenData
    {
        public string? Message;
        public PurpleScreenCategory Category = PurpleScreenCategory.Other;
        public int? ExceptionVector;
        public string? FaultAddress;
        public string? InstructionPointer;
        public string? Build;
        public string? Version;
        public long? BuildNumber;
        public int? PhysicalCpu;
        public PurpleScreenWorld? World;
        public IReadOnlyList<PurpleScreenCpu> Cpus = Array.Empty<PurpleScreenCpu>();
        public IReadOnlyDictionary<string, string> Registers = new Dictionary<string, string>();
        public IReadOnlyList<PurpleScreenFrame> Frames = Array.Empty<PurpleScreenFrame>();
        public TimeSpan? Uptime;
        public ulong? Tsc;
        public string? CodeStart;
        public string? Coredump;
        public string? SourceFile;
        public int? SourceLine;
        public IReadOnlyList<string> HardwareEvidence = Array.Empty<string>();
        public IReadOnlyList<MachineCheck> MachineChecks = Array.Empty<MachineCheck>();
        public int DamagedFrameCount;
        public int? LockedUpCpu;
        public int? NmiSourceCpu;
        public LogKind LogKind;
        public DateTimeOffset? RebootTime;
        public DateTimeOffset? Timestamp;
        public TimeSpan ClockOffset;
        public string? HostName;
        public string Text = string.Empty;
        public string Path = string.Empty;
        public long LineNumber;
    }
}
