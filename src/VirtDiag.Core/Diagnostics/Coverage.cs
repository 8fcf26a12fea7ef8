using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Diagnostics
{
    /// <summary>
    /// How much of one document a reader understood: lines and bytes read, records produced, lines that looked like a
    /// record of the format but matched no known shape (counted, the first few kept), and the time range of its records.
    /// A new product version's wording shows up here as a number instead of silence.
    /// </summary>
    public sealed class DocumentCoverage
    {
        /// <summary>Creates a coverage record.</summary>
        public DocumentCoverage(string path, long linesRead, long bytesRead, long recordsProduced, long unmatchedLines,
            IReadOnlyList<string> unmatchedExamples, DateTimeOffset? firstTime, DateTimeOffset? lastTime)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            LinesRead = linesRead;
            BytesRead = bytesRead;
            RecordsProduced = recordsProduced;
            UnmatchedLines = unmatchedLines;
            UnmatchedExamples = unmatchedExamples ?? Array.Empty<string>();
            FirstTime = firstTime;
            LastTime = lastTime;
        }

        /// <summary>The document's display path (<c>bundle.tgz!/var/log/vdsm/vdsm.log</c>, <c>&lt;pipeline&gt;</c>).</summary>
        public string Path { get; }
        /// <summary>Lines read (for binary documents: 0).</summary>
        public long LinesRead { get; }
        /// <summary>Decoded bytes read.</summary>
        public long BytesRead { get; }
        /// <summary>Records the parser produced from this document (after its filters).</summary>
        public long RecordsProduced { get; }
        /// <summary>Lines that looked like a record of the format but matched no known shape.</summary>
        public long UnmatchedLines { get; }
        /// <summary>The first few of those lines, as <c>line N: text</c>.</summary>
        public IReadOnlyList<string> UnmatchedExamples { get; }
        /// <summary>Earliest record time seen, when the records carry one.</summary>
        public DateTimeOffset? FirstTime { get; }
        /// <summary>Latest record time seen.</summary>
        public DateTimeOffset? LastTime { get; }

        /// <summary>One line: <c>path: N lines, N bytes, N records[, N unmatched (e.g. line 7: …)][, first … last]</c>.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder(Path).Append(": ");
            sb.Append(LinesRead.ToString("N0", CultureInfo.InvariantCulture)).Append(" lines, ");
            sb.Append(BytesRead.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes, ");
            sb.Append(RecordsProduced.ToString("N0", CultureInfo.InvariantCulture)).Append(" records");
            if (UnmatchedLines > 0)
            {
                sb.Append(", ").Append(UnmatchedLines.ToString("N0", CultureInfo.InvariantCulture)).Append(" looked like records but matched no known shape");
                if (UnmatchedExamples.Count > 0) sb.Append(" (e.g. ").Append(UnmatchedExamples[0]).Append(')');
            }
            if (FirstTime.HasValue)
                sb.Append(", ").Append(FirstTime.Value.ToString("o", CultureInfo.InvariantCulture)).Append(" to ").Append(LastTime!.Value.ToString("o", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    /// <summary>Counts the coverage of one document while it is read; readers and parsers feed it, the document reader ends it.</summary>
    public sealed class CoverageCounter
    {
        /// <summary>How many unmatched lines are kept as examples.</summary>
        public const int MaxExamples = 3;

        /// <summary>How much of an example line is kept.</summary>
        public const int MaxExampleLength = 160;

        private readonly List<string> _examples = new List<string>();
        private DateTimeOffset? _first, _last;

        /// <summary>Creates a counter for the document at <paramref name="path"/>.</summary>
        public CoverageCounter(string path) { Path = path ?? throw new ArgumentNullException(nameof(path)); }

        /// <summary>The document's display path.</summary>
        public string Path { get; }
        /// <summary>Lines read so far.</summary>
        public long Lines { get; set; }
        /// <summary>Decoded bytes read so far.</summary>
        public long Bytes { get; set; }
        /// <summary>Records produced so far.</summary>
        public long Records { get; set; }
        /// <summary>Lines that looked like a record but matched no shape, so far.</summary>
        public long Unmatched { get; private set; }

        /// <summary>A line that looked like a record of the format (its prefix, a keyword) but matched no known shape.</summary>
        public void AddUnmatched(long lineNumber, ReadOnlySpan<byte> line)
        {
            Unmatched++;
            if (_examples.Count >= MaxExamples) return;
            int n = Math.Min(line.Length, MaxExampleLength * 4);
            AddExample(lineNumber, Encoding.UTF8.GetString(line.Slice(0, n).ToArray()));
        }

        /// <summary>The same for a line already decoded.</summary>
        public void AddUnmatched(long lineNumber, string line)
        {
            Unmatched++;
            if (_examples.Count < MaxExamples) AddExample(lineNumber, line ?? string.Empty);
        }

        /// <summary>Widens the time range by a record's time.</summary>
        public void AddTime(DateTimeOffset? time)
        {
            if (!time.HasValue) return;
            if (!_first.HasValue || time.Value < _first.Value) _first = time;
            if (!_last.HasValue || time.Value > _last.Value) _last = time;
        }

        /// <summary>The coverage counted so far.</summary>
        public DocumentCoverage ToCoverage() => new DocumentCoverage(Path, Lines, Bytes, Records, Unmatched, _examples.ToArray(), _first, _last);

        private void AddExample(long lineNumber, string text)
        {
            if (text.Length > MaxExampleLength) text = text.Substring(0, MaxExampleLength) + "…";
            _examples.Add("line " + lineNumber.ToString(CultureInfo.InvariantCulture) + ": " + text);
        }
    }

    /// <summary>
    /// A line parser that counts the lines that looked like a record of its format but matched no known shape: the
    /// document reader hands it the document's counter before the first line, and the parser calls
    /// <see cref="CoverageCounter.AddUnmatched(long, ReadOnlySpan{byte})"/> for each such line.
    /// </summary>
    public interface ICoverageAware
    {
        /// <summary>Gives the parser the counter of the document it reads.</summary>
        void Attach(CoverageCounter coverage);
    }
}
