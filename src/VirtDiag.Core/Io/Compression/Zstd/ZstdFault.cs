using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>Builds the <see cref="CorruptDataException"/>s the zstd decoder throws.</summary>
    internal static class ZstdFault
    {
        public static CorruptDataException Corrupt(string message, long offset) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, "zstd data is corrupt: " + message, offset);

        public static CorruptDataException Truncated(string message, long offset) =>
            new CorruptDataException(IssueKind.ArchiveTruncated, "zstd data ends early: " + message, offset);

        public static CorruptDataException Unsupported(string message, long offset) =>
            new CorruptDataException(IssueKind.UnsupportedFormat, "zstd: " + message, offset);

        public static CorruptDataException Limit(string message, long offset) =>
            new CorruptDataException(IssueKind.LimitExceeded, "zstd: " + message, offset);

        public static CorruptDataException Checksum(string message, long offset) =>
            new CorruptDataException(IssueKind.ChecksumMismatch, "zstd checksum mismatch: " + message, offset);
    }
}
