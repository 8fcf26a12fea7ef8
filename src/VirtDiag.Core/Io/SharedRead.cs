using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>
    /// A read session of any record type: what a caller that feeds several capabilities at once needs of each
    /// (<see cref="AddTogether"/>). Each capability's session is a <see cref="ReadSession{T}"/>.
    /// </summary>
    public abstract class ReadSession
    {
        /// <summary>Sessions derive from <see cref="ReadSession{T}"/>.</summary>
        private protected ReadSession() { }

        /// <summary>Reads documents given together (or takes them for a join that reads at the end).</summary>
        public abstract void Add(IReadOnlyList<LogDocument> documents);

        /// <summary>Ends the input: records still open or held by a join go to the sink; a second call does nothing.</summary>
        public abstract void Complete();

        /// <summary>The line side of a line session, fed by <see cref="AddTogether"/>; null for sessions that read documents their own way.</summary>
        internal virtual ILineTarget? LineTarget => null;

        /// <summary>
        /// Adds the same documents to several sessions, reading each document once: its lines go to every line session
        /// that reads it (each with its own parser, join and sink, in that session's own document order, so each gets
        /// the records <see cref="Add(IReadOnlyList{LogDocument})"/> would give it — except that a file the user named
        /// whose name tells its kind goes only to the sessions of that kind); other sessions (trace, held
        /// joins) take the documents as <c>Add</c> does. A fault in a document is reported once, through the first line
        /// session's context. Line sessions must have a sink. The caller completes the sessions.
        /// </summary>
        public static void AddTogether(IReadOnlyList<LogDocument> documents, IReadOnlyList<ReadSession> sessions)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (sessions == null) throw new ArgumentNullException(nameof(sessions));
            var plans = new List<(ILineTarget Target, IReadOnlyList<LogDocument> Plan)>();
            foreach (ReadSession s in sessions)
            {
                if (s == null) throw new ArgumentNullException(nameof(sessions));
                ILineTarget? target = s.LineTarget;
                if (target == null) s.Add(documents);
                else plans.Add((target, target.Plan(documents)));
            }
            if (plans.Count == 0) return;
            var index = new Dictionary<LogDocument, int>();
            for (int i = 0; i < documents.Count; i++)
            {
                if (!index.ContainsKey(documents[i])) index.Add(documents[i], i);
            }
            foreach (var pass in Passes(plans, index))
                DocumentReader.ReadShared(pass.Order, pass.Targets, plans[0].Target.Context);
        }

        /// <summary>
        /// Groups the sessions into as few reading passes as their document orders allow (one, unless two sessions
        /// want the same documents in opposite orders), each pass with one document order that keeps every member's order.
        /// </summary>
        private static List<(List<LogDocument> Order, List<(ILineTarget, HashSet<LogDocument>)> Targets)> Passes(
            List<(ILineTarget Target, IReadOnlyList<LogDocument> Plan)> plans, Dictionary<LogDocument, int> index)
        {
            var passes = new List<(List<IReadOnlyList<LogDocument>> Chains, List<LogDocument> Order, List<(ILineTarget, HashSet<LogDocument>)> Targets)>();
            foreach (var (target, plan) in plans)
            {
                if (plan.Count == 0) continue;
                var set = new HashSet<LogDocument>(plan);
                bool placed = false;
                if (set.Count == plan.Count)
                {
                    foreach (var pass in passes)
                    {
                        if (pass.Chains.Count == 0) continue;
                        var chains = new List<IReadOnlyList<LogDocument>>(pass.Chains) { plan };
                        List<LogDocument>? order = Merge(chains, index);
                        if (order == null) continue;
                        pass.Chains.Add(plan);
                        pass.Order.Clear();
                        pass.Order.AddRange(order);
                        pass.Targets.Add((target, set));
                        placed = true;
                        break;
                    }
                }
                if (placed) continue;
                // A plan naming one document twice is read as it is, in a pass of its own.
                var own = (Chains: set.Count == plan.Count ? new List<IReadOnlyList<LogDocument>> { plan } : new List<IReadOnlyList<LogDocument>>(),
                    Order: new List<LogDocument>(plan), Targets: new List<(ILineTarget, HashSet<LogDocument>)> { (target, set) });
                passes.Add(own);
            }
            var result = new List<(List<LogDocument>, List<(ILineTarget, HashSet<LogDocument>)>)>();
            foreach (var p in passes) result.Add((p.Order, p.Targets));
            return result;
        }

        /// <summary>One order of every document of <paramref name="chains"/> that keeps each chain's order (earliest input first where free); null when there is none.</summary>
        private static List<LogDocument>? Merge(List<IReadOnlyList<LogDocument>> chains, Dictionary<LogDocument, int> index)
        {
            var inDegree = new Dictionary<LogDocument, int>();
            var next = new Dictionary<LogDocument, List<LogDocument>>();
            foreach (IReadOnlyList<LogDocument> chain in chains)
            {
                for (int i = 0; i < chain.Count; i++)
                {
                    if (!inDegree.ContainsKey(chain[i])) inDegree.Add(chain[i], 0);
                    if (i == 0) continue;
                    if (!next.TryGetValue(chain[i - 1], out List<LogDocument>? list)) next.Add(chain[i - 1], list = new List<LogDocument>());
                    list.Add(chain[i]);
                    inDegree[chain[i]]++;
                }
            }
            int Key(LogDocument d) => index.TryGetValue(d, out int k) ? k : int.MaxValue;
            var ready = new SortedSet<(int Key, int Seq)>();
            var bySeq = new List<LogDocument>();
            foreach (var kv in inDegree)
            {
                if (kv.Value != 0) continue;
                ready.Add((Key(kv.Key), bySeq.Count));
                bySeq.Add(kv.Key);
            }
            var order = new List<LogDocument>(inDegree.Count);
            while (ready.Count > 0)
            {
                var first = ready.Min;
                ready.Remove(first);
                LogDocument d = bySeq[first.Seq];
                order.Add(d);
                if (!next.TryGetValue(d, out List<LogDocument>? successors)) continue;
                foreach (LogDocument s in successors)
                {
                    if (--inDegree[s] != 0) continue;
                    ready.Add((Key(s), bySeq.Count));
                    bySeq.Add(s);
                }
            }
            return order.Count == inDegree.Count ? order : null;
        }
    }

    /// <summary>A session that takes lines read by <see cref="ReadSession.AddTogether"/>.</summary>
    internal interface ILineTarget
    {
        /// <summary>Where its issues go.</summary>
        ReadContext Context { get; }

        /// <summary>Takes documents given together: returns those it reads, in its reading order.</summary>
        IReadOnlyList<LogDocument> Plan(IReadOnlyList<LogDocument> documents);

        /// <summary>Starts one document (opened and readable): its parser and coverage.</summary>
        ILineDocument Begin(LogDocument document);
    }

    /// <summary>One session's side of one document being read.</summary>
    internal interface ILineDocument
    {
        /// <summary>The parser's needles (<see cref="ILineNeedles"/>), or null when it reads every line.</summary>
        byte[][]? Needles { get; }

        /// <summary>Parses one line; records it completes go through the join to the sink.</summary>
        void ParseLine(ReadOnlySpan<byte> line, long lineNumber);

        /// <summary>Ends the document: open records go out and its coverage is delivered.</summary>
        void Complete(long lines, long bytes);
    }
}
