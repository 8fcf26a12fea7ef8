using System;
using System.Collections.Generic;

namespace VirtDiag
{
    /// <summary>How a migration ended, as far as the logs given tell.</summary>
    public enum VMotionResult
    {
        /// <summary>The logs show neither an end nor a failure (one side only, a rotated-away end, still running).</summary>
        Incomplete,
        /// <summary>An end was logged and no failure.</summary>
        Succeeded,
        /// <summary>A failure was logged on some host.</summary>
        Failed,
    }

    /// <summary>The swap mode of <c>using … swap</c>.</summary>
    public enum VMotionSwapMode
    {
        /// <summary>Not logged.</summary>
        Unknown,
        /// <summary><c>using SHARED swap</c>: source and destination share the swap file.</summary>
        Shared,
        /// <summary><c>using UNSHARED swap</c> (or any other word).</summary>
        Unshared,
    }

    /// <summary>One vMotion, joined by migration id across every host and log given.</summary>
    public sealed partial class VMotionMigration : IDiagnosticRecord
    {
        internal VMotionMigration() { }

        /// <summary>The vMotion (migration) id, e.g. <c>1451061663105920</c> (hex ids of vmware.log are given in decimal).</summary>
        public string MigrationId { get; internal set; } = "";

        /// <summary>The VM's display name, when a vmware.log or hostd line names it.</summary>
        public string? VMName { get; internal set; }

        /// <summary>The VM's .vmx path, when a vpxa line gives it.</summary>
        public string? VMPath { get; internal set; }

        /// <summary>The VM's world id on the source host.</summary>
        public long? VMWorldId { get; internal set; }

        /// <summary>The VM's world id on the destination host.</summary>
        public long? DestinationWorldId { get; internal set; }

        /// <summary>The host whose logs speak as source.</summary>
        public string? SourceHost { get; internal set; }

        /// <summary>The host whose logs speak as destination.</summary>
        public string? DestinationHost { get; internal set; }

        /// <summary>Source vMotion IP.</summary>
        public string? SourceIp { get; internal set; }

        /// <summary>Destination vMotion IP.</summary>
        public string? DestinationIp { get; internal set; }

        /// <summary>Swap mode.</summary>
        public VMotionSwapMode SwapMode { get; internal set; }

        /// <summary>True when the migration was encrypted (ESXi 8 info line), null when not logged.</summary>
        public bool? Encrypted { get; internal set; }

        /// <summary>True for a Storage vMotion (FSR lines).</summary>
        public bool IsStorageMigration { get; internal set; }

        /// <summary>Time of the first event.</summary>
        public DateTimeOffset? StartTime { get; internal set; }

        /// <summary>Time of the last end or failure event; null while incomplete.</summary>
        public DateTimeOffset? EndTime { get; internal set; }

        /// <summary>EndTime minus StartTime.</summary>
        public TimeSpan? Duration { get; internal set; }

        /// <summary>When pre-copy was stopped for switchover.</summary>
        public DateTimeOffset? PreCopyStoppedTime { get; internal set; }

        /// <summary>Pages left to send at switchover (<c>only N pages left</c>).</summary>
        public long? PagesLeftAtSwitchover { get; internal set; }

        /// <summary>Switchover time goal in seconds.</summary>
        public double? SwitchoverGoalSeconds { get; internal set; }

        /// <summary>Network bandwidth estimate at switchover, MB/s.</summary>
        public double? BandwidthMBps { get; internal set; }

        /// <summary>How long the VM was stunned: vmware.log <c>vm stopped for N us</c>, else hostd's <c>precopyStunTime</c> task result.</summary>
        public TimeSpan? StunTime { get; internal set; }

        /// <summary>Succeeded, Failed or Incomplete.</summary>
        public VMotionResult Result { get; internal set; }

        /// <summary>Why it failed (<c>IO was aborted</c>).</summary>
        public string? FailureReason { get; internal set; }

        /// <summary>The VMkernel status code (<c>0xbad00e0</c>) or message key of the failure.</summary>
        public string? FailureCode { get; internal set; }

        /// <summary>Every host whose logs mention the migration, in order of appearance.</summary>
        public IReadOnlyList<string> HostsSeen { get; internal set; } = Array.Empty<string>();

        /// <summary>The events behind this migration, in input order.</summary>
        public IReadOnlyList<VMotionEvent> Events { get; internal set; } = Array.Empty<VMotionEvent>();

        /// <inheritdoc/>
        public override string ToString() => MigrationId + " " + Result;
    }
}
