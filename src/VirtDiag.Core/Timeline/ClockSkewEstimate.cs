using System;
using System.Collections.Generic;

namespace VirtDiag
{
    /// <summary>How far an offset estimate can be trusted.</summary>
    public enum ClockSkewConfidence
    {
        /// <summary>No anchor links this host to the reference: no estimate.</summary>
        None,
        /// <summary>Bounds on one side only (e.g. a guest failure before the host saw it): the estimate is that bound.</summary>
        Low,
        /// <summary>Bounds on both sides, but wide (more than 2 s) or from fewer than 3 anchors.</summary>
        Medium,
        /// <summary>Bounds on both sides, at most 2 s apart, from 3 or more anchors.</summary>
        High,
        /// <summary>This is the reference host (offset 0 by definition).</summary>
        Reference,
    }

    /// <summary>One causal pair of records on two hosts: <see cref="FromHost"/> wrote <see cref="Sent"/> before <see cref="ToHost"/> wrote <see cref="Received"/>.</summary>
    public sealed class ClockAnchor
    {
        /// <summary>Creates an anchor.</summary>
        public ClockAnchor(string kind, string fromHost, DateTimeOffset sent, string toHost, DateTimeOffset received, string evidence)
        {
            Kind = kind ?? throw new ArgumentNullException(nameof(kind));
            FromHost = fromHost ?? throw new ArgumentNullException(nameof(fromHost));
            ToHost = toHost ?? throw new ArgumentNullException(nameof(toHost));
            Sent = sent; Received = received; Evidence = evidence ?? string.Empty;
        }

        /// <summary>What pairs the two records (<c>VMotionPagesSent</c>, <c>EngineVdsStart</c>, <c>GuestCrashSeenByHost</c>…).</summary>
        public string Kind { get; }
        /// <summary>The host whose record comes first in reality.</summary>
        public string FromHost { get; }
        /// <summary>Its time on its own clock.</summary>
        public DateTimeOffset Sent { get; }
        /// <summary>The host whose record follows.</summary>
        public string ToHost { get; }
        /// <summary>Its time on its own clock.</summary>
        public DateTimeOffset Received { get; }
        /// <summary>Where the two records are (<c>path:line → path:line</c>).</summary>
        public string Evidence { get; }
        /// <summary>The bound this anchor gives: offset(ToHost − FromHost) is at most this many seconds.</summary>
        public double UpperBoundSeconds => (Received - Sent).TotalSeconds;

        /// <inheritdoc/>
        public override string ToString() => Kind + " " + FromHost + " -> " + ToHost + " <= " + UpperBoundSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s (" + Evidence + ")";
    }

    /// <summary>One host's (or guest's) clock against the reference host's, estimated from causal pairs of records.</summary>
    public sealed class ClockSkewEstimate
    {
        internal ClockSkewEstimate(string hostName, string referenceHostName, double? offset, double? lower, double? upper, int anchors,
            IReadOnlyList<string> anchorKinds, ClockSkewConfidence confidence, int outliers, IReadOnlyList<string> outlierEvidence, IReadOnlyList<string> path)
        {
            HostName = hostName; ReferenceHostName = referenceHostName; OffsetSeconds = offset; LowerBoundSeconds = lower; UpperBoundSeconds = upper;
            Anchors = anchors; AnchorKinds = anchorKinds; Confidence = confidence; Outliers = outliers; OutlierEvidence = outlierEvidence; Via = path;
        }

        /// <summary>The host (or guest) this estimate is for.</summary>
        public string HostName { get; }
        /// <summary>The host whose clock the timeline uses.</summary>
        public string ReferenceHostName { get; }
        /// <summary>This host's clock minus the reference's, in seconds (add it to a reference time to get this host's); null without anchors.</summary>
        public double? OffsetSeconds { get; }
        /// <summary>The offset is at least this (null: unbounded below).</summary>
        public double? LowerBoundSeconds { get; }
        /// <summary>The offset is at most this (null: unbounded above).</summary>
        public double? UpperBoundSeconds { get; }
        /// <summary>How many anchors (causal pairs) were used, outliers excluded.</summary>
        public int Anchors { get; }
        /// <summary>The kinds of anchor used.</summary>
        public IReadOnlyList<string> AnchorKinds { get; }
        /// <summary>How far the estimate can be trusted.</summary>
        public ClockSkewConfidence Confidence { get; }
        /// <summary>Anchors that contradicted the others and were left out of the interval (each also reported as an issue).</summary>
        public int Outliers { get; }
        /// <summary>The first few outliers, as <c>kind from -> to &lt;= s (evidence)</c>.</summary>
        public IReadOnlyList<string> OutlierEvidence { get; }
        /// <summary>The hosts the estimate goes through, reference first (two names when anchored directly).</summary>
        public IReadOnlyList<string> Via { get; }

        /// <inheritdoc/>
        public override string ToString() => HostName + " - " + ReferenceHostName + " = " + OffsetSeconds + " s [" + LowerBoundSeconds + ", " + UpperBoundSeconds + "]";
    }
}
