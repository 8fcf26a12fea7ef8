using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Kvm;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What Measure-KvmExit and Get-VCpuTimeline share: host (and guest) traces by path or trace events piped from
    /// Get-TraceEvent, the vCPU and VM filters, the host-clock window and per-file offsets.
    /// </summary>
    public abstract class KvmCmdlet<T> : ReaderCmdlet<KvmReadOptions, T>
    {
        private KvmSession<T>? _kvm;

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

        /// <summary>The KVM session this cmdlet reads with (KvmReader.OpenExits, KvmReader.OpenTimeline).</summary>
        protected abstract KvmSession<T> OpenKvm(KvmReadOptions options, ReadContext context, Action<T> sink);

        /// <inheritdoc/>
        protected sealed override ReadSession<T> Open(KvmReadOptions options, ReadContext context, Action<T> sink)
            => _kvm = OpenKvm(options, context, sink);

        /// <inheritdoc/>
        protected override void ProcessInputObject()
        {
            foreach (TraceEvent e in InputObject ?? Array.Empty<TraceEvent>()) _kvm!.Add(e);
        }
    }
}
