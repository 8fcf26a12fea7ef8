using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads kernel trace events from trace.dat files and ftrace text, merged by time across CPUs and every file of the pipeline.</summary>
    [Cmdlet(VerbsCommon.Get, "TraceEvent", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(TraceEvent))]
    public sealed class GetTraceEventCommand : ReaderCmdlet<TraceReadOptions, TraceEvent>
    {
        /// <summary>Event names to keep, wildcards allowed: sched:*, kvm_exit.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Event { get => Options.Event; set => Options.Event = value; }

        /// <summary>CPUs to keep.</summary>
        [Parameter]
        public int[]? Cpu { get => Options.Cpu; set => Options.Cpu = value; }

        /// <summary>Task ids to keep.</summary>
        [Parameter]
        public int[]? Pid { get => Options.Pid; set => Options.Pid = value; }

        /// <summary>Command names to keep, wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Comm { get => Options.Comm; set => Options.Comm = value; }

        /// <summary>Host or guest names to keep, wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Machine { get => Options.Machine; set => Options.Machine = value; }

        /// <summary>Only events at or after this timestamp, in nanoseconds of each file's trace clock.</summary>
        [Parameter]
        public long AfterNs { get => Options.AfterNs ?? default; set => Options.AfterNs = value; }

        /// <summary>Only events before this timestamp, in nanoseconds of each file's trace clock.</summary>
        [Parameter]
        public long BeforeNs { get => Options.BeforeNs ?? default; set => Options.BeforeNs = value; }

        /// <summary>Nanoseconds added to each file's times, one per file in input order (one value: every file), as trace-cmd report --ts-offset.</summary>
        [Parameter]
        public long[]? TsOffset { get => Options.TsOffset; set => Options.TsOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<TraceEvent> Open(TraceReadOptions options, ReadContext context, Action<TraceEvent> sink)
            => TraceReader.OpenEvents(options, context, sink);
    }
}
