using System.IO;

namespace VirtDiag.Diagnostics
{
    /// <summary>
    /// Thrown by the decoders (gzip, xz, zstd, tar) when their input breaks the format. Readers catch it,
    /// report an <see cref="Issue"/> naming the document and offset, and go on with the next document.
    /// </summary>
    public class CorruptDataException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public CorruptDataException(IssueKind kind, string message, long offset)
            : base(message)
        {
            Kind = kind;
            Offset = offset;
        }

        /// <summary>The issue kind to report (ArchiveTruncated, ArchiveCorrupt, ChecksumMismatch, UnsupportedFormat, LimitExceeded).</summary>
        public IssueKind Kind { get; }

        /// <summary>0-based offset in the compressed input where the fault was found, or -1.</summary>
        public long Offset { get; }
    }
}
