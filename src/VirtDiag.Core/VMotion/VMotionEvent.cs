using System;

namespace VirtDiag
{
    /// <summary>The side of a migration a log line speaks for.</summary>
    public enum VMotionRole
    {
        /// <summary>The line does not say.</summary>
        Unknown,
        /// <summary>The host (or VM process) the VM leaves: <c> S: </c>, <c>Source ts</c>, <c>isSource=1</c>, <c>'to' request</c>.</summary>
        Source,
        /// <summary>The host (or VM process) the VM arrives on: <c> D: </c>, <c>Dest ts</c>, <c>isSource=0</c>, <c>Restoring from</c>.</summary>
        Destination,
    }

    /// <summary>What one vMotion log line says.</summary>
    public enum VMotionEventKind
    {
        /// <summary>A vMotion line whose wording is not in the table (kept with its id, role and text).</summary>
        Other,
        /// <summary><c>Setting VMOTION info</c> / ESXi 8 <c>vmotion: Source|Dest vmmLeaderID</c>: ids, IPs, swap mode.</summary>
        InfoSet,
        /// <summary>A hostd <c>VMotionPrepare</c> / <c>Vcsvc.VMotionSrc|Dst</c> step, or a vmware.log prepare request.</summary>
        Prepare,
        /// <summary><c>Set ip address … worldlet affinity</c>.</summary>
        NetworkSetup,
        /// <summary><c>MigrateNet: … Successfully bound connection to vmknic</c>.</summary>
        ConnectionBound,
        /// <summary><c>MigrateNet: … Accepted connection from</c>.</summary>
        ConnectionAccepted,
        /// <summary><c>VMotionUtil: … Stream connection N added</c>.</summary>
        StreamAdded,
        /// <summary><c>Hbr: Migration start received</c>.</summary>
        MigrationStart,
        /// <summary><c>Stopping pre-copy: only N pages left to send</c>.</summary>
        PreCopyStopped,
        /// <summary><c>Sent all modified pages to destination</c>.</summary>
        PagesSent,
        /// <summary>vmware.log <c>Migrate_Open: Restoring from … with migration id</c>.</summary>
        Restoring,
        /// <summary>vmware.log <c>MigrateSetState: Transitioning from state X to Y</c> (and <c>MigrateSetStateFinished</c>).</summary>
        StateChanged,
        /// <summary>vmware.log <c>Migrate: VM successfully stunned</c>.</summary>
        Stunned,
        /// <summary>vmware.log <c>Checkpoint_Unstun: vm stopped for N us</c>: the stun time.</summary>
        Unstunned,
        /// <summary>vmware.log <c>Migrate: Remote Log: …</c> (the other side's log relayed).</summary>
        RemoteLog,
        /// <summary>hostd VM state <c>VM_STATE_EMIGRATING</c> / <c>VM_STATE_IMMIGRATING</c>.</summary>
        HostState,
        /// <summary><c>Hbr: Migration end received</c>.</summary>
        MigrationEnd,
        /// <summary>A vMotion warning that does not by itself fail the migration (<c>failed to end preCopy stream</c>).</summary>
        Warning,
        /// <summary>The migration failed: <c>Failed: reason (0xbad…)</c>, <c>considered a failure by the VMX</c>, FSR switchover limit, <c>[msg.checkpoint.migration.…]</c>, hostd faults.</summary>
        Failure,
        /// <summary>vmware.log <c>Migrate_SetFailureMsgList</c> / <c>Caching migration error message list</c>.</summary>
        FailureMessage,
        /// <summary>vmware.log <c>Migrate: Attempting to continue running on the source</c>.</summary>
        ContinueOnSource,
        /// <summary>hostd <c>Set source|destination task result NAME to VALUE</c> (<c>precopyStunTime</c> gives the stun time).</summary>
        TaskResult,
    }

    /// <summary>The prefix shapes of the logs vMotion is read from, by product era.</summary>
    public enum VMotionLineShape
    {
        /// <summary>No known prefix (a record cut at the front, or text run into another record).</summary>
        None,
        /// <summary>ESX 4.x vmkernel: <c>vmkernel: 114:03:25:51.489 cpu0:4100)…</c> (uptime, no wall clock).</summary>
        Esx4Uptime,
        /// <summary>ESXi 5–7 vmkernel: <c>2015-12-25T16:39:25.565Z cpu4:2758489)…</c>, optionally <c>opID=…</c> before <c>)</c>.</summary>
        Esxi5Iso,
        /// <summary>ESXi 8 vmkernel: <c>… In(182) vmkernel: cpu85:19435559)…</c>, <c>Wa(180) vmkwarning:</c>.</summary>
        Esxi8Syslog,
        /// <summary>Syslog-forwarded vmkernel with a host name: <c>2015-02-20T11:05:06.449Z esx01 vmkernel: cpu3:427570)…</c>.</summary>
        SyslogForwarded,
        /// <summary>Older vmware.log: <c>2026-04-14T15:38:20.200Z| vmx| I120: …</c>.</summary>
        VmxPipe,
        /// <summary>ESXi 7/8 vmware.log: <c>2023-04-15T08:52:34.879Z In(05) vmx - …</c>.</summary>
        VmxLevel,
        /// <summary>ESX 4–5 hostd.log: <c>[2011-04-01 15:14:34.203 F5A5AB90 info 'vm:…' opID=…] …</c>.</summary>
        HostdBracket,
        /// <summary>ESXi 6–8 hostd.log / vpxa.log: <c>2020-…Z info hostd[123] [Originator@6876 sub=… opID=…] …</c> or <c>In(166) Hostd[123]: […] …</c>.</summary>
        Hostd6,
        /// <summary>ESXi 5.x hostd.log / vpxa.log: <c>2014-…Z [3C2A1B70 verbose 'VMotionSrc (…)' opID=…] …</c>.</summary>
        Hostd5,
        /// <summary>Syslog-forwarded hostd/vpxa with a host name: <c>2014-…Z esx02 Hostd: [3C2A1B70 verbose '…'] …</c>, <c>… Vpxa: info vpxa[…] […] …</c>.</summary>
        HostdForwarded,
    }

    /// <summary>One vMotion-relevant line of vmkernel.log, vmware.log or hostd.log.</summary>
    public sealed partial class VMotionEvent : IDiagnosticRecord
    {
        internal VMotionEvent() { }

        /// <summary>Wall-clock time of the line (host clock), or null when the line has none (ESX 4 uptime prefix, redacted).</summary>
        public DateTimeOffset? Timestamp { get; internal set; }

        /// <summary>ESX 4.x uptime prefix (<c>114:03:25:51.489</c>) when the line has one.</summary>
        public TimeSpan? Uptime { get; internal set; }

        /// <summary>The host whose log held the line (a syslog-forwarded line's own host name wins).</summary>
        public string? HostName { get; internal set; }

        /// <summary>Which log the line came from (VmKernel, VmwareLog, Hostd, Vpxa), from the document or the line's shape.</summary>
        public LogKind LogKind { get; internal set; }

        /// <summary>The line shape (product era) the prefix was read as.</summary>
        public VMotionLineShape Shape { get; internal set; }

        /// <summary>Physical CPU from the <c>cpuN:</c> prefix.</summary>
        public int? Cpu { get; internal set; }

        /// <summary>World id from the <c>cpuN:WID)</c> prefix (the world that logged the line).</summary>
        public long? WorldId { get; internal set; }

        /// <summary>Operation id (<c>opID=…</c>) when the line carries one.</summary>
        public string? OpId { get; internal set; }

        /// <summary>Logging module: Migrate, VMotion, VMotionSend, MigrateNet, VMotionUtil, Hbr, FSR, a vmx function name, Hostd or Vpxa.</summary>
        public string Subsystem { get; internal set; } = "";

        /// <summary>The vMotion (migration) id; taken from the line, else from the log's current migration (vmware.log, hostd opID) or the VM's world id.</summary>
        public string? MigrationId { get; internal set; }

        /// <summary>Source or Destination, from the line's markers.</summary>
        public VMotionRole Role { get; internal set; }

        /// <summary>What the line says.</summary>
        public VMotionEventKind Kind { get; internal set; }

        /// <summary>The line after its prefix.</summary>
        public string Message { get; internal set; } = "";

        /// <summary>The migrating VM's world id on this host (<c>Migrate: vm WID</c>, <c>worldID=</c>, <c>vmmLeaderID</c>).</summary>
        public long? VMWorldId { get; internal set; }

        /// <summary>The VM's world id on the destination (<c>Dest wid = N</c>, when not 0).</summary>
        public long? DestinationWorldId { get; internal set; }

        /// <summary>The VM's display name (vmware.log <c>displayName</c>, or the .vmx file name in hostd and vpxa).</summary>
        public string? VMName { get; internal set; }

        /// <summary>The VM's .vmx path when the line gives it (vpxa <c>immigrating VM at path …</c>).</summary>
        public string? VMPath { get; internal set; }

        /// <summary>Source vMotion IP when the line gives one (redacted values are left out).</summary>
        public string? SourceIp { get; internal set; }

        /// <summary>Destination vMotion IP when the line gives one.</summary>
        public string? DestinationIp { get; internal set; }

        /// <summary>Swap mode word (<c>SHARED</c>, <c>UNSHARED</c>) of <c>using … swap</c>.</summary>
        public string? SwapMode { get; internal set; }

        /// <summary>True when the ESXi 8 info line ends in <c>encrypted</c>.</summary>
        public bool? Encrypted { get; internal set; }

        /// <summary>Pages left to send at switchover (<c>only N pages left to send</c>).</summary>
        public long? PagesLeft { get; internal set; }

        /// <summary>The stream connection number (<c>Stream connection N added</c>).</summary>
        public int? StreamNumber { get; internal set; }

        /// <summary>Switchover time goal in seconds.</summary>
        public double? SwitchoverGoalSeconds { get; internal set; }

        /// <summary>Network bandwidth estimate in MB/s (<c>network bandwidth ~2.116 MB/s</c>).</summary>
        public double? BandwidthMBps { get; internal set; }

        /// <summary>vmware.log migrate state before the transition (number or name as logged).</summary>
        public string? FromState { get; internal set; }

        /// <summary>vmware.log migrate state after the transition.</summary>
        public string? ToState { get; internal set; }

        /// <summary>Stun time (vmware.log <c>vm stopped for N us</c>, hostd <c>task result precopyStunTime to N</c> in µs).</summary>
        public TimeSpan? StunTime { get; internal set; }

        /// <summary>Failure reason text (<c>Failed: IO was aborted</c>, the <c>[msg.…]</c> text).</summary>
        public string? FailureReason { get; internal set; }

        /// <summary>VMkernel status code of a failure (<c>0xbad00e0</c>), or the <c>msg.…</c> key.</summary>
        public string? FailureCode { get; internal set; }

        /// <summary>Display path of the document.</summary>
        public string Path { get; internal set; } = "";

        /// <summary>1-based line number in the document.</summary>
        public long LineNumber { get; internal set; }

        /// <inheritdoc/>
        public override string ToString() => Path + ":" + LineNumber + " " + Kind + " " + MigrationId;
    }
}
