using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;

namespace VirtDiag.Kvm
{
    /// <summary>KVM exit summaries and vCPU timelines from host (and guest) traces.</summary>
    public static class KvmReader
    {
        /// <summary>Reads the traces (only kvm_* and sched_switch events are decoded) and summarises the VM exits.</summary>
        public static IReadOnlyList<KvmExitSummary> MeasureExits(IReadOnlyList<LogDocument> documents, KvmReadOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            var a = new KvmExitAnalyzer(options, context, false);
            foreach (TraceEvent e in TraceReader.ReadEvents(documents, options.ToTraceOptions(), context)) a.Add(e, null);
            return a.CompleteSummary();
        }

        /// <summary>Summarises VM exits of events already read (Get-TraceEvent output, in host-clock order).</summary>
        public static IReadOnlyList<KvmExitSummary> MeasureExits(IEnumerable<TraceEvent> events, KvmReadOptions options, ReadContext context)
        {
            if (events == null) throw new ArgumentNullException(nameof(events));
            var a = new KvmExitAnalyzer(options, context, false);
            foreach (TraceEvent e in events) a.Add(e, null);
            return a.CompleteSummary();
        }

        /// <summary>Per-vCPU intervals (in guest, handling an exit, preempted, scheduled out), yielded as they end.</summary>
        public static IEnumerable<VCpuInterval> ReadTimeline(IReadOnlyList<LogDocument> documents, KvmReadOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            return Timeline(TraceReader.ReadEvents(documents, options.ToTraceOptions(), context), options, context);
        }

        /// <summary>Per-vCPU intervals of events already read.</summary>
        public static IEnumerable<VCpuInterval> Timeline(IEnumerable<TraceEvent> events, KvmReadOptions options, ReadContext context)
        {
            if (events == null) throw new ArgumentNullException(nameof(events));
            var a = new KvmExitAnalyzer(options, context, true);
            var buf = new List<VCpuInterval>();
            foreach (TraceEvent e in events)
            {
                a.Add(e, buf);
                if (buf.Count == 0) continue;
                foreach (VCpuInterval i in buf) yield return i;
                buf.Clear();
            }
            foreach (VCpuInterval i in a.CompleteTimeline()) yield return i;
        }
    }
}
