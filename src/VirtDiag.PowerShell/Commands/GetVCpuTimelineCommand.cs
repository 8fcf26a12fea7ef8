using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Returns per-vCPU intervals on the host clock (in guest, handling an exit, preempted, scheduled out) from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsCommon.Get, "VCpuTimeline", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VCpuInterval))]
    public sealed class GetVCpuTimelineCommand : ReaderCmdlet<KvmReadOptions, VCpuInterval>
    {
        private KvmSession<VCpuInterval>? _kvm;

        /// <summary>Trace events from Get-TraceEvent, in the order it writes them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        public TraceEvent[] InputObject { get; set; } = Array.Empty<TraceEvent>();

        /// <summary>vCPUs to report.</summary>
        [Parameter]
        public int[]? VCpu { get => Options.VCpu; set => Options.VCpu = value; }

        /// <summary>VM names to report, wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? VM { get => Options.VM; set => Options.VM = value; }

        /// <summary>Only events at or after this timestamp, in nanoseconds of the host trace clock (after offsets).</summary>
        [Parameter]
        public long AfterNs { get => Options.AfterNs ?? default; set => Options.AfterNs = value; }

        /// <summary>Only events before this timestamp, in nanoseconds of the host trace clock (after offsets).</summary>
        [Parameter]
        public long BeforeNs { get => Options.BeforeNs ?? default; set => Options.BeforeNs = value; }

        /// <summary>Nanoseconds added to each file's times, one per file in input order (one value: every file), as trace-cmd report --ts-offset.</summary>
        [Parameter]
        public long[]? TsOffset { get => Options.TsOffset; set => Options.TsOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<VCpuInterval> Open(KvmReadOptions options, ReadContext context, Action<VCpuInterval> sink)
            => _kvm = KvmReader.OpenTimeline(options, context, sink);

        /// <inheritdoc/>
        protected override void ProcessInputObject()
        {
            foreach (TraceEvent e in InputObject ?? Array.Empty<TraceEvent>()) _kvm!.Add(e);
        }
    }
}
