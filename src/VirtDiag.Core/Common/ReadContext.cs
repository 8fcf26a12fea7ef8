using System;
using System.Threading;
using VirtDiag.Diagnostics;

namespace VirtDiag.Common
{
    /// <summary>How far reading has come: bytes of the outermost input consumed out of its length.</summary>
    public readonly struct ReadProgress
    {
        /// <summary>Creates a progress value.</summary>
        public ReadProgress(string source, long bytesRead, long totalBytes, int fileNumber, int fileCount)
        {
            Source = source; BytesRead = bytesRead; TotalBytes = totalBytes; FileNumber = fileNumber; FileCount = fileCount;
        }

        /// <summary>The outermost input being read.</summary>
        public string Source { get; }
        /// <summary>Bytes consumed of the outermost input (compressed bytes for a compressed file).</summary>
        public long BytesRead { get; }
        /// <summary>Length of the outermost input, or -1 for a stream of unknown length.</summary>
        public long TotalBytes { get; }
        /// <summary>1-based number of the input file being read.</summary>
        public int FileNumber { get; }
        /// <summary>How many input files there are.</summary>
        public int FileCount { get; }
        /// <summary>0-100, or -1 when the length is unknown.</summary>
        public int PercentComplete => TotalBytes > 0 ? (int)Math.Min(100, BytesRead * 100 / TotalBytes) : -1;
    }

    /// <summary>What every reader gets: where to report issues and progress, and when to stop.</summary>
    public sealed class ReadContext
    {
        /// <summary>Default cap on one line: 1 MiB.</summary>
        public const int DefaultMaxLineLength = 1 << 20;

        /// <summary>Default cap on an LZMA dictionary: 1 GiB.</summary>
        public const long DefaultMaxDictionarySize = 1L << 30;

        /// <summary>Creates a context; every argument may be left out.</summary>
        public ReadContext(IIssueSink? issues = null, Action<ReadProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Issues = issues ?? NullIssueSink.Instance;
            Progress = progress;
            CancellationToken = cancellationToken;
        }

        /// <summary>Where issues go.</summary>
        public IIssueSink Issues { get; }
        /// <summary>Called with progress between buffers (may be null).</summary>
        public Action<ReadProgress>? Progress { get; }
        /// <summary>Receives the coverage of each document when it has been read (may be null: nobody asked).</summary>
        public Action<DocumentCoverage>? Coverage { get; set; }
        /// <summary>Checked between buffers.</summary>
        public CancellationToken CancellationToken { get; }
        /// <summary>Longest line delivered whole; the rest of a longer line is skipped with <see cref="IssueKind.LineTooLong"/>.</summary>
        public int MaxLineLength { get; set; } = DefaultMaxLineLength;
        /// <summary>Largest LZMA/LZMA2 dictionary (or zstd window) the decoders will allocate.</summary>
        public long MaxDictionarySize { get; set; } = DefaultMaxDictionarySize;
        /// <summary>How deep archives may nest inside archives.</summary>
        public int MaxArchiveDepth { get; set; } = 8;
        /// <summary>
        /// True (the default on more than one core) to parse the documents of a read given several on a second thread
        /// while this one joins and writes the records of earlier ones; records, issues and their order are the same either way.
        /// </summary>
        public bool ParseAhead { get; set; } = Environment.ProcessorCount > 1;

        /// <summary>Reports an issue.</summary>
        public void Report(Issue issue) => Issues.Report(issue);

        /// <summary>Reports an issue built from its parts.</summary>
        public void Report(string source, IssueKind kind, string message, long lineNumber = 0, long byteOffset = -1)
            => Issues.Report(new Issue(source, kind, message, lineNumber, byteOffset));
    }
}
