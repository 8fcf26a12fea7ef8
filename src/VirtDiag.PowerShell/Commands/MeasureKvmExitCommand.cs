using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Summarises KVM VM exits per VM, vCPU and exit reason with the time spent in the host, from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "KvmExit", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(KvmExitSummary))]
    public sealed class MeasureKvmExitCommand : ReaderCmdlet<KvmReadOptions, KvmExitSummary>
    {
        private KvmSession<KvmExitSummary>? _kvm;

        /// <summary>Trace events from Get-TraceEvent, in the order it writes them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        public TraceEvent[] InputObject { get; set; } = Array.Empty<TraceEvent>();

        /// <summary>Rows per VM, vCPU and exit reason (Reason), per VM and vCPU (VCpu), or per VM (VM).</summary>
        [Parameter]
        public KvmExitGrouping GroupBy { get => Options.GroupBy; set => Options.GroupBy = value; }

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
        protected override ReadSession<KvmExitSummary> Open(KvmReadOptions options, ReadContext context, Action<KvmExitSummary> sink)
            => _kvm = KvmReader.OpenExits(options, context, sink);

        /// <inheritdoc/>
        protected override void ProcessInputObject()
        {
            foreach (TraceEvent e in InputObject ?? Array.Empty<TraceEvent>()) _kvm!.Add(e);
        }
    }
}
