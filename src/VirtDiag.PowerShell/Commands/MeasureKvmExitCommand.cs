using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Ftrace;
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
        public KvmExitGrouping GroupBy { get; set; } = KvmExitGrouping.Reason;

        /// <inheritdoc/>
        protected override bool Timeline => false;

        /// <inheritdoc/>
        protected override void BindOptions() => Options.GroupBy = GroupBy;

        /// <inheritdoc/>
        protected override void Add(KvmExitAnalyzer analyzer, TraceEvent e, List<KvmExitSummary> emit) => analyzer.Add(e, null);

        /// <inheritdoc/>
        protected override IEnumerable<KvmExitSummary> Complete(KvmExitAnalyzer analyzer) => analyzer.CompleteSummary();
    }
}
