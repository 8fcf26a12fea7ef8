using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Timeline
{
    /// <summary>
    /// Turns causal pairs of records into clock offsets, the way NTP bounds a clock from one message each way: a
    /// record A wrote before B wrote its answer bounds offset(B − A) from above, one from B to A bounds it from below.
    /// Per pair of hosts, the estimate is the midpoint of the tightest interval the largest consistent set of anchors
    /// allows; anchors outside it are outliers, reported and counted, never silently dropped. Hosts not anchored to the
    /// reference directly are reached through others (offsets and bounds add up along the path).
    /// </summary>
    public static class ClockSkewEstimator
    {
        /// <summary>Log times are cut to the millisecond on both sides: each bound is widened by this much.</summary>
        public const double ResolutionSeconds = 0.002;

        /// <summary>Most outliers listed on one estimate (all are counted and reported as issues).</summary>
        public const int MaxOutlierEvidence = 5;

        /// <summary>
        /// One estimate per host in <paramref name="hosts"/> and in the anchors, reference first. The reference is
        /// <paramref name="referenceHost"/>, else <paramref name="preferredReference"/> when it has anchors (the oVirt
        /// engine), else the host with the most anchors.
        /// </summary>
        public static IReadOnlyList<ClockSkewEstimate> Estimate(IEnumerable<ClockAnchor> anchors, IEnumerable<string> hosts, string? referenceHost,
            string? preferredReference, ReadContext context)
        {
            if (anchors == null) throw new ArgumentNullException(nameof(anchors));
            if (hosts == null) throw new ArgumentNullException(nameof(hosts));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var pairs = new Dictionary<(string, string), PairBounds>();
            var anchorCount = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var allHosts = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string h in hosts) if (!string.IsNullOrEmpty(h)) allHosts.Add(h);
            foreach (ClockAnchor a in anchors)
            {
                if (string.Equals(a.FromHost, a.ToHost, StringComparison.OrdinalIgnoreCase)) continue;
                allHosts.Add(a.FromHost); allHosts.Add(a.ToHost);
                Bump(anchorCount, a.FromHost); Bump(anchorCount, a.ToHost);
                bool forward = string.Compare(a.FromHost, a.ToHost, StringComparison.OrdinalIgnoreCase) < 0;
                var key = forward ? (a.FromHost.ToUpperInvariant(), a.ToHost.ToUpperInvariant()) : (a.ToHost.ToUpperInvariant(), a.FromHost.ToUpperInvariant());
                if (!pairs.TryGetValue(key, out PairBounds? p)) pairs.Add(key, p = new PairBounds(forward ? a.FromHost : a.ToHost, forward ? a.ToHost : a.FromHost));
                // Every bound is on offset(B − A) with A < B: A → B bounds it from above, B → A from below.
                if (forward) p.Uppers.Add((a.UpperBoundSeconds + ResolutionSeconds, a));
                else p.Lowers.Add((-a.UpperBoundSeconds - ResolutionSeconds, a));
            }
            foreach (PairBounds p in pairs.Values) p.Solve(context);

            string? reference = referenceHost;
            if (reference == null && preferredReference != null && anchorCount.ContainsKey(preferredReference)) reference = preferredReference;
            if (reference == null && anchorCount.Count > 0)
                reference = anchorCount.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).First().Key;
            if (reference == null) reference = preferredReference ?? allHosts.FirstOrDefault();
            if (reference == null) return Array.Empty<ClockSkewEstimate>();
            foreach (string h in allHosts) if (string.Equals(h, reference, StringComparison.OrdinalIgnoreCase)) reference = h;
            allHosts.Add(reference);

            var reached = Paths(reference, pairs.Values);
            var result = new List<ClockSkewEstimate>
            {
                new ClockSkewEstimate(reference, reference, 0, 0, 0, 0, Array.Empty<string>(), ClockSkewConfidence.Reference, 0, Array.Empty<string>(), new[] { reference }),
            };
            foreach (string h in allHosts)
            {
                if (string.Equals(h, reference, StringComparison.OrdinalIgnoreCase)) continue;
                if (!reached.TryGetValue(h.ToUpperInvariant(), out Route? r))
                {
                    result.Add(new ClockSkewEstimate(h, reference, null, null, null, 0, Array.Empty<string>(), ClockSkewConfidence.None, 0, Array.Empty<string>(), Array.Empty<string>()));
                    continue;
                }
                result.Add(r.ToEstimate(h, reference));
            }
            return result;
        }

        private static void Bump(Dictionary<string, int> counts, string host) => counts[host] = counts.TryGetValue(host, out int n) ? n + 1 : 1;

        // Dijkstra over host pairs, weighed by interval width (one-sided pairs cost far more than any two-sided one).
        private static Dictionary<string, Route> Paths(string reference, IEnumerable<PairBounds> pairs)
        {
            var edges = new Dictionary<string, List<PairBounds>>(StringComparer.Ordinal);
            foreach (PairBounds p in pairs)
            {
                if (p.Used == 0) continue;
                Add(edges, p.A.ToUpperInvariant(), p); Add(edges, p.B.ToUpperInvariant(), p);
            }
            var best = new Dictionary<string, Route>(StringComparer.Ordinal) { [reference.ToUpperInvariant()] = Route.Start(reference) };
            var done = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                string? current = null;
                foreach (var kv in best)
                    if (!done.Contains(kv.Key) && (current == null || kv.Value.Cost < best[current].Cost)) current = kv.Key;
                if (current == null) break;
                done.Add(current);
                if (!edges.TryGetValue(current, out var list)) continue;
                Route from = best[current];
                foreach (PairBounds p in list)
                {
                    bool fromA = p.A.ToUpperInvariant() == current;
                    string next = (fromA ? p.B : p.A).ToUpperInvariant();
                    if (done.Contains(next)) continue;
                    Route candidate = from.Extend(p, fromA);
                    if (!best.TryGetValue(next, out Route? old) || candidate.Cost < old.Cost) best[next] = candidate;
                }
            }
            best.Remove(reference.ToUpperInvariant());
            return best;
        }

        private static void Add(Dictionary<string, List<PairBounds>> edges, string host, PairBounds p)
        {
            if (!edges.TryGetValue(host, out var list)) edges.Add(host, list = new List<PairBounds>());
            list.Add(p);
        }

        private sealed class Route
        {
            public double? Lower, Upper, Offset;
            public double Cost;
            public int Anchors, Outliers;
            public readonly List<string> Kinds = new List<string>();
            public readonly List<string> OutlierEvidence = new List<string>();
            public readonly List<string> Hosts = new List<string>();
            public bool TwoSided = true;

            public static Route Start(string reference)
            {
                var r = new Route { Lower = 0, Upper = 0, Offset = 0 };
                r.Hosts.Add(reference);
                return r;
            }

            public Route Extend(PairBounds p, bool fromA)
            {
                // p bounds offset(B − A); going B → A the bounds turn around.
                double? lo = fromA ? p.Lower : -p.Upper, hi = fromA ? p.Upper : -p.Lower, est = fromA ? p.Offset : -p.Offset;
                var r = new Route
                {
                    Lower = Lower + lo, Upper = Upper + hi, Offset = Offset + est,
                    Anchors = Anchors + p.Used, Outliers = Outliers + p.OutlierCount,
                    TwoSided = TwoSided && p.Lower.HasValue && p.Upper.HasValue,
                };
                r.Cost = Cost + (p.Lower.HasValue && p.Upper.HasValue ? p.Upper!.Value - p.Lower!.Value : 1e9);
                r.Kinds.AddRange(Kinds);
                foreach (string k in p.Kinds) if (!r.Kinds.Contains(k)) r.Kinds.Add(k);
                r.OutlierEvidence.AddRange(OutlierEvidence);
                foreach (string e in p.OutlierEvidence) if (r.OutlierEvidence.Count < MaxOutlierEvidence) r.OutlierEvidence.Add(e);
                r.Hosts.AddRange(Hosts);
                r.Hosts.Add(fromA ? p.B : p.A);
                return r;
            }

            public ClockSkewEstimate ToEstimate(string host, string reference)
            {
                ClockSkewConfidence c = !TwoSided ? ClockSkewConfidence.Low
                    : Upper!.Value - Lower!.Value <= 2.0 && Anchors >= 3 ? ClockSkewConfidence.High : ClockSkewConfidence.Medium;
                return new ClockSkewEstimate(host, reference, Round(Offset), Round(Lower), Round(Upper), Anchors, Kinds.ToArray(), c, Outliers,
                    OutlierEvidence.ToArray(), Hosts.ToArray());
            }

            private static double? Round(double? v) => v.HasValue ? Math.Round(v.Value, 6) : (double?)null;
        }

        private sealed class PairBounds
        {
            public PairBounds(string a, string b) { A = a; B = b; }

            public readonly string A, B;
            public readonly List<(double Value, ClockAnchor Anchor)> Lowers = new List<(double, ClockAnchor)>();
            public readonly List<(double Value, ClockAnchor Anchor)> Uppers = new List<(double, ClockAnchor)>();
            public double? Lower, Upper, Offset;
            public int Used, OutlierCount;
            public readonly List<string> Kinds = new List<string>();
            public readonly List<string> OutlierEvidence = new List<string>();

            public void Solve(ReadContext context)
            {
                // The point satisfying the most bounds: lowers at or below it, uppers at or above it.
                double[] lo = Lowers.Select(l => l.Value).OrderBy(v => v).ToArray();
                double[] hi = Uppers.Select(u => u.Value).OrderBy(v => v).ToArray();
                double bestX = 0;
                int bestCount = -1;
                foreach (double x in lo.Concat(hi))
                {
                    int count = CountAtOrBelow(lo, x) + (hi.Length - CountBelow(hi, x));
                    if (count > bestCount) { bestCount = count; bestX = x; }
                }
                foreach (var (value, anchor) in Lowers) Keep(value <= bestX, anchor, context, ref Lower, value, true);
                foreach (var (value, anchor) in Uppers) Keep(value >= bestX, anchor, context, ref Upper, value, false);
                // One side only: the estimate is the bound as written (cause and effect at the same instant), not widened.
                Offset = Lower.HasValue && Upper.HasValue ? (Lower + Upper) / 2 : Lower.HasValue ? Lower + ResolutionSeconds : Upper - ResolutionSeconds;
            }

            private void Keep(bool consistent, ClockAnchor anchor, ReadContext context, ref double? bound, double value, bool lower)
            {
                if (consistent)
                {
                    Used++;
                    if (!Kinds.Contains(anchor.Kind)) Kinds.Add(anchor.Kind);
                    bound = !bound.HasValue ? value : lower ? Math.Max(bound.Value, value) : Math.Min(bound.Value, value);
                    return;
                }
                OutlierCount++;
                string text = anchor.ToString();
                if (OutlierEvidence.Count < MaxOutlierEvidence) OutlierEvidence.Add(text);
                context.Report(anchor.Evidence, IssueKind.ClockAnchorOutlier, "this pair of records contradicts the other "
                    + (Lowers.Count + Uppers.Count - 1).ToString(CultureInfo.InvariantCulture) + " between " + A + " and " + B
                    + " and was left out of the clock estimate: " + text);
            }

            private static int CountAtOrBelow(double[] sorted, double x)
            {
                int lo = 0, hi = sorted.Length;
                while (lo < hi) { int mid = (lo + hi) >> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
                return lo;
            }

            private static int CountBelow(double[] sorted, double x)
            {
                int lo = 0, hi = sorted.Length;
                while (lo < hi) { int mid = (lo + hi) >> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
                return lo;
            }
        }
    }
}
