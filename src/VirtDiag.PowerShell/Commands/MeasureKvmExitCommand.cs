using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Kvm;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Summarises KVM VM exits per VM, vCPU and exit reason with the time spent in the host, from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "KvmExit", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(KvmExitSummary))]
    public sealed class MeasureKvmExitCommand : KvmCmdlet<KvmExitSummary>
    {
        /// <summary>Rows per VM, vCPU and exit reason (Reason), per VM and vCPU (VCpu), or per VM (VM).</summary>
        [Parameter]
        public KvmExitGrouping GroupBy { get => Options.GroupBy; set => Options.GroupBy = value; }

        /// <inheritdoc/>
        protected override KvmSession<KvmExitSummary> OpenKvm(KvmReadOptions options, ReadContext context, Action<KvmExitSummary> sink)
            => KvmReader.OpenExits(options, context, sink);
    }
}
