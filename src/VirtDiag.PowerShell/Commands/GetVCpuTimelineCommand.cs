using System;
using System.Management.Automation;
using VirtDiag.Common;
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
        protected override KvmSession<VCpuInterval> OpenKvm(KvmReadOptions options, ReadContext context, Action<VCpuInterval> sink)
            => KvmReader.OpenTimeline(options, context, sink);
    }
}
