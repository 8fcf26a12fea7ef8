using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Kvm;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Summarises KVM VM exits per VM, vCPU and exit reason with the time spent in the host, from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "KvmExit", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(KvmExitSummary))]
    public sealed class MeasureKvmExitCommand : PathCmdlet
    {
        private readonly KvmReadOptions _options = new KvmReadOptions();
        private KvmExitAnalyzer? _analyzer;
        private Common.ReadContext? _context;

        /// <summary>Trace events from Get-TraceEvent, in the order it writes them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        public TraceEvent[] InputObject { get; set; } = Array.Empty<TraceEvent>();

        /// <summary>Rows per VM, vCPU and exit reason (Reason), per VM and vCPU (VCpu), or per VM (VM).</summary>
        [Parameter]
        public KvmExitGrouping GroupBy { get; set; } = KvmExitGrouping.Reason;

        /// <summary>vCPUs to report.</summary>
        [Parameter]
        public int[]? VCpu { get; set; }

        /// <summary>VM names to report, wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? VM { get; set; }

        /// <summary>Only events at or after this host timestamp, in nanoseconds.</summary>
        [Parameter]
        public long After { get; set; } = long.MinValue;

        /// <summary>Only events before this host timestamp, in nanoseconds.</summary>
        [Parameter]
        public long Before { get; set; } = long.MaxValue;

        /// <summary>Nanoseconds added to each file's times, one per file in -Path order, like trace-cmd report --ts-offset.</summary>
        [Parameter]
        public long[]? TimeOffset { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            _options.GroupBy = GroupBy;
            foreach (int c in VCpu ?? Array.Empty<int>()) _options.VCpus.Add(c);
            foreach (string m in VM ?? Array.Empty<string>()) _options.VMs.Add(m);
            foreach (long x in TimeOffset ?? Array.Empty<long>()) _options.FileTimeOffsets.Add(x);
            if (After != long.MinValue) _options.AfterNs = After;
            if (Before != long.MaxValue) _options.BeforeNs = Before;
            _context = CreateContext();
            _analyzer = new KvmExitAnalyzer(_options, _context, false);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                foreach (TraceEvent e in InputObject) _analyzer!.Add(e, null);
                return;
            }
            IReadOnlyList<string> paths = ResolvePaths();
            foreach (TraceEvent e in Ftrace.TraceReader.ReadEvents(DocumentResolver.Resolve(paths, _context!), _options.ToTraceOptions(), _context!))
                _analyzer!.Add(e, null);
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            WriteRecords(_analyzer!.CompleteSummary());
            base.EndProcessing();
        }
    }
}
