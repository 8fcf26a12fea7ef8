using System;
using System.Globalization;

namespace VirtDiag.Diagnostics
{
    /// <summary>A problem found in the input, reported as a value so reading can go on.</summary>
    public sealed class Issue
    {
        /// <summary>Creates an issue.</summary>
        public Issue(string source, IssueKind kind, string message, long lineNumber = 0, long byteOffset = -1)
        {
            Source = source ?? string.Empty;
            Kind = kind;
            Message = message ?? string.Empty;
            LineNumber = lineNumber;
            ByteOffset = byteOffset;
        }

        /// <summary>Display name of the document or file (e.g. <c>bundle.tgz!/var/log/vdsm/vdsm.log.1.xz</c>).</summary>
        public string Source { get; }

        /// <summary>What kind of problem this is.</summary>
        public IssueKind Kind { get; }

        /// <summary>Human-readable explanation.</summary>
        public string Message { get; }

        /// <summary>1-based line number in the document, or 0 when the issue is not about a line.</summary>
        public long LineNumber { get; }

        /// <summary>0-based byte offset in the (decompressed) document or the compressed input, or -1 when unknown.</summary>
        public long ByteOffset { get; }

        /// <summary>Where the issue is, as <c>source:line</c>, <c>source@offset</c> or <c>source</c>.</summary>
        public string Location
        {
            get
            {
                if (LineNumber > 0) return Source + ":" + LineNumber.ToString(CultureInfo.InvariantCulture);
                if (ByteOffset >= 0) return Source + "@" + ByteOffset.ToString(CultureInfo.InvariantCulture);
                return Source;
            }
        }

        /// <summary>The line the CLI prints: <c>path:line: kind: message</c>.</summary>
        public override string ToString() => Location + ": " + Kind + ": " + Message;
    }

    /// <summary>Receives issues as they are found.</summary>
    public interface IIssueSink
    {
        /// <summary>Reports one issue.</summary>
        void Report(Issue issue);
    }

    /// <summary>Collects issues in a list (tests, the CLI's exit code).</summary>
    public sealed class IssueCollector : IIssueSink
    {
        private readonly System.Collections.Generic.List<Issue> _issues = new System.Collections.Generic.List<Issue>();
        private readonly int _limit;

        /// <summary>Creates a collector that keeps at most <paramref name="limit"/> issues (the count goes on).</summary>
        public IssueCollector(int limit = 100_000) { _limit = limit; }

        /// <summary>The issues kept so far.</summary>
        public System.Collections.Generic.IReadOnlyList<Issue> Issues => _issues;

        /// <summary>How many issues were reported, kept or not.</summary>
        public long Count { get; private set; }

        /// <inheritdoc/>
        public void Report(Issue issue)
        {
            Count++;
            if (_issues.Count < _limit) _issues.Add(issue);
        }
    }

    /// <summary>Forwards issues to a delegate.</summary>
    public sealed class DelegateIssueSink : IIssueSink
    {
        private readonly Action<Issue> _action;

        /// <summary>Creates a sink calling <paramref name="action"/> for each issue.</summary>
        public DelegateIssueSink(Action<Issue> action) { _action = action ?? throw new ArgumentNullException(nameof(action)); }

        /// <inheritdoc/>
        public void Report(Issue issue) => _action(issue);
    }

    /// <summary>Discards issues.</summary>
    public sealed class NullIssueSink : IIssueSink
    {
        /// <summary>The one instance.</summary>
        public static readonly NullIssueSink Instance = new NullIssueSink();
        private NullIssueSink() { }
        /// <inheritdoc/>
        public void Report(Issue issue) { }
    }
}
