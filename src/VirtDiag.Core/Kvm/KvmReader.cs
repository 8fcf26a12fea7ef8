using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;

namespace VirtDiag.Kvm
{
    /// <summary>KVM exit summaries and vCPU timelines from host (and guest) traces or from trace events already read.</summary>
    public static class KvmReader
    {
        /// <summary>
        /// Opens a summary of VM exits: trace documents of the session are merged as one (only kvm_* and sched_switch
        /// events are decoded) and summarised when the input ends, as are events added one by one (Get-TraceEvent output).
        /// </summary>
        public static KvmSession<KvmExitSummary> OpenExits(KvmReadOptions options, ReadContext context, Action<KvmExitSummary>? sink = null)
            => new KvmSession<KvmExitSummary>(options, context, sink, false);

        /// <summary>Opens a per-vCPU timeline (in guest, handling an exit, preempted, scheduled out); intervals come out as they end.</summary>
        public static KvmSession<VCpuInterval> OpenTimeline(KvmReadOptions options, ReadContext context, Action<VCpuInterval>? sink = null)
            => new KvmSession<VCpuInterval>(options, context, sink, true);
    }

    /// <summary>
    /// One KVM analysis: trace documents (merged with each other on the host clock when the input ends) or trace events
    /// in host-clock order (<see cref="Add(TraceEvent)"/>) go through one <see cref="KvmExitAnalyzer"/>.
    /// </summary>
    public sealed class KvmSession<T> : ReadSession<T>
    {
        private readonly KvmReadOptions _options;
        private readonly KvmExitAnalyzer _analyzer;
        private readonly bool _timeline;
        private readonly List<LogDocument> _documents = new List<LogDocument>();
        private readonly List<VCpuInterval> _intervals = new List<VCpuInterval>();

        internal KvmSession(KvmReadOptions options, ReadContext context, Action<T>? sink, bool timeline) : base(context, sink)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _analyzer = new KvmExitAnalyzer(options, context, timeline);
            _timeline = timeline;
        }

        /// <summary>Takes one event (host-clock order, as Get-TraceEvent writes them); finished intervals go to the sink.</summary>
        public void Add(TraceEvent traceEvent)
        {
            if (traceEvent == null) throw new ArgumentNullException(nameof(traceEvent));
            ThrowIfComplete();
            _analyzer.Add(traceEvent, _timeline ? _intervals : null);
            if (_intervals.Count == 0) return;
            Emit((IEnumerable<T>)(object)_intervals);
            _intervals.Clear();
        }

        /// <summary>The pull form over events already read: analyses <paramref name="events"/> and ends the input.</summary>
        public IEnumerable<T> ReadAll(IEnumerable<TraceEvent> events)
        {
            if (events == null) throw new ArgumentNullException(nameof(events));
            foreach (TraceEvent e in events)
            {
                _analyzer.Add(e, _timeline ? _intervals : null);
                for (int i = 0; i < _intervals.Count; i++) yield return (T)(object)_intervals[i];
                _intervals.Clear();
            }
            foreach (T r in End()) yield return r;
        }

        /// <inheritdoc/>
        protected override IEnumerable<T> Read(IReadOnlyList<LogDocument> documents)
        {
            _documents.AddRange(documents);
            return Array.Empty<T>();
        }

        /// <inheritdoc/>
        protected override IEnumerable<T> End()
        {
            if (_documents.Count > 0)
            {
                foreach (TraceEvent e in TraceReader.OpenEvents(_options.ToTraceOptions(), Context).ReadAll(_documents))
                {
                    _analyzer.Add(e, _timeline ? _intervals : null);
                    for (int i = 0; i < _intervals.Count; i++) yield return (T)(object)_intervals[i];
                    _intervals.Clear();
                }
                _documents.Clear();
            }
            IEnumerable<object> rest = _timeline ? (IEnumerable<object>)_analyzer.CompleteTimeline() : _analyzer.CompleteSummary();
            foreach (object r in rest) yield return (T)r;
        }
    }
}
