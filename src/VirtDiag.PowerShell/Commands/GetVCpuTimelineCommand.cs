using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Ftrace;
using VirtDiag.Kvm;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Returns per-vCPU intervals on the host clock (in guest, handling an exit, preempted, scheduled out) from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsCommon.Get, "VCpuTimeline", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VCpuInterval))]
    public sealed class GetVCpuTimelineCommand : KvmCmdlet<VCpuInterval>
    {
        /// <inheritdoc/>
        protected override bool Timeline => true;

        /// <inheritdoc/>
        protected override void Add(KvmExitAnalyzer analyzer, TraceEvent e, List<VCpuInterval> emit) => analyzer.Add(e, emit);

        /// <inheritdoc/>
        protected override IEnumerable<VCpuInterval> Complete(KvmExitAnalyzer analyzer) => analyzer.CompleteTimeline();
    }
}
