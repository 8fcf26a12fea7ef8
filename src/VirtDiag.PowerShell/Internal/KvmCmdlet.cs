using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Kvm;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What Get-VCpuTimeline and Measure-KvmExit share: host trace files or Get-TraceEvent objects fed, in order, to one
    /// KVM exit analyzer for the whole pipeline; -VCpu and -VM filters; results the analyzer emits as it goes are written
    /// at once, the rest when the pipeline ends.
    /// </summary>
    public abstract class KvmCmdlet<TRecord> : TraceWindowCmdlet
    {
        private readonly List<TRecord> _buffer = new List<TRecord>();
        private KvmExitAnalyzer? _analyzer;
        private ReadContext? _context;

        /// <summary>The Core options the parameters are bound into.</summary>
        protected KvmReadOptions Options { get; } = new KvmReadOptions();

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

        /// <summary>True for timeline intervals (emitted as events arrive), false for exit summaries (emitted at the end).</summary>
        protected abstract bool Timeline { get; }

        /// <summary>Copies the cmdlet's own parameters into <see cref="Options"/>.</summary>
        protected virtual void BindOptions() { }

        /// <summary>Feeds one event; records it completes go to <paramref name="emit"/> (timeline only).</summary>
        protected abstract void Add(KvmExitAnalyzer analyzer, TraceEvent e, List<TRecord> emit);

        /// <summary>What the analyzer still holds when the input ends.</summary>
        protected abstract IEnumerable<TRecord> Complete(KvmExitAnalyzer analyzer);

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            BindOptions();
            foreach (int c in VCpu ?? Array.Empty<int>()) Options.VCpus.Add(c);
            foreach (string m in VM ?? Array.Empty<string>()) Options.VMs.Add(m);
            AddTimeOffsets(Options.FileTimeOffsets);
            Options.AfterNs = AfterNs;
            Options.BeforeNs = BeforeNs;
            _context = CreateContext();
            _analyzer = new KvmExitAnalyzer(Options, _context, Timeline);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            IEnumerable<TraceEvent> events = ParameterSetName == InputObjectParameterSet
                ? InputObject
                : TraceReader.ReadEvents(DocumentResolver.Resolve(ResolvePaths(), _context!), Options.ToTraceOptions(), _context!);
            foreach (TraceEvent e in events)
            {
                Add(_analyzer!, e, _buffer);
                if (_buffer.Count == 0) continue;
                WriteRecords(_buffer);
                _buffer.Clear();
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            WriteRecords(Complete(_analyzer!));
            base.EndProcessing();
        }
    }
}
