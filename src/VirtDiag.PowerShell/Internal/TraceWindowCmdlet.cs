using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What the trace readers share (Get-TraceEvent, Get-VCpuTimeline, Measure-KvmExit): a time window in nanoseconds of
    /// the (host) trace clock and per-file clock offsets, as trace-cmd report takes them.
    /// </summary>
    public abstract class TraceWindowCmdlet : PathCmdlet
    {
        /// <summary>Only events at or after this timestamp, in nanoseconds of the trace clock (after offsets).</summary>
        [Parameter]
        public long After { get; set; } = long.MinValue;

        /// <summary>Only events before this timestamp, in nanoseconds of the trace clock (after offsets).</summary>
        [Parameter]
        public long Before { get; set; } = long.MaxValue;

        /// <summary>Nanoseconds added to each file's times, one per file in -Path order (one value: every file), like trace-cmd report --ts-offset.</summary>
        [Parameter]
        public long[]? TimeOffset { get; set; }

        /// <summary>-After as a Core bound: null when not given.</summary>
        protected long? AfterNs => After != long.MinValue ? After : (long?)null;

        /// <summary>-Before as a Core bound: null when not given.</summary>
        protected long? BeforeNs => Before != long.MaxValue ? Before : (long?)null;

        /// <summary>Copies -TimeOffset into a Core options list.</summary>
        protected void AddTimeOffsets(IList<long> fileTimeOffsets)
        {
            foreach (long x in TimeOffset ?? Array.Empty<long>()) fileTimeOffsets.Add(x);
        }
    }
}
