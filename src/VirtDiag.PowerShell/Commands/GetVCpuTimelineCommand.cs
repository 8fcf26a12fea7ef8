using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Kvm;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Returns per-vCPU intervals on the host clock (in guest, handling an exit, preempted, scheduled out) from host traces or Get-TraceEvent output.</summary>
    [Cmdlet(VerbsCommon.Get, "VCpuTimeline", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VCpuInterval))]
    public sealed class GetVCpuTimelineCommand : PathCmdlet
    {
        private readonly KvmReadOptions _options = new KvmReadOptions();
        private KvmExitAnalyzer? _analyzer;
        private Common.ReadContext? _context;
        private readonly List<VCpuInterval> _buffer = new List<VCpuInterval>();

        /// <summary>Trace events from Get-TraceEvent, in the order it writes them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
        public TraceEvent[] InputObject { get; set; } = Array.Empty<TraceEvent>();

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
            foreach (int c in VCpu ?? Array.Empty<int>()) _options.VCpus.Add(c);
            foreach (string m in VM ?? Array.Empty<string>()) _options.VMs.Add(m);
            foreach (long x in TimeOffset ?? Array.Empty<long>()) _options.FileTimeOffsets.Add(x);
            if (After != long.MinValue) _options.AfterNs = After;
            if (Before != long.MaxValue) _options.BeforeNs = Before;
            _context = CreateContext();
            _analyzer = new KvmExitAnalyzer(_options, _context, true);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                foreach (TraceEvent e in InputObject) { _analyzer!.Add(e, _buffer); Flush(); }
                return;
            }
            IReadOnlyList<string> paths = ResolvePaths();
            foreach (TraceEvent e in Ftrace.TraceReader.ReadEvents(DocumentResolver.Resolve(paths, _context!), _options.ToTraceOptions(), _context!))
            {
                _analyzer!.Add(e, _buffer);
                Flush();
            }
        }

        private void Flush()
        {
            if (_buffer.Count == 0) return;
            WriteRecords(_buffer);
            _buffer.Clear();
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            WriteRecords(_analyzer!.CompleteTimeline());
            base.EndProcessing();
        }
    }
}
