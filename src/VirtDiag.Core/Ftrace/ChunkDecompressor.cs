using System;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Io.Compression.Zstd;

namespace VirtDiag.Ftrace
{
    /// <summary>Decompresses one trace.dat chunk or section with the file's algorithm.</summary>
    internal static class ChunkDecompressor
    {
        public static int Decompress(string algorithm, byte[] input, int inputLength, byte[] output, int outputLength, ReadContext context, long offset)
        {
            Stream decoded;
            var ms = new MemoryStream(input, 0, inputLength, false);
            switch (algorithm)
            {
                case "zlib":
                    if (inputLength < 2) throw new CorruptDataException(IssueKind.ArchiveCorrupt, "zlib chunk shorter than its header", offset);
                    if ((input[0] & 0x0F) != 8 || ((input[0] << 8) | input[1]) % 31 != 0)
                        throw new CorruptDataException(IssueKind.ArchiveCorrupt, "zlib chunk header is not valid (0x" + input[0].ToString("X2") + input[1].ToString("X2") + ")", offset);
                    decoded = Decoders.Open(ms, CompressionKind.Zlib, context);
                    break;
                case "zstd":
                    return DecompressZstd(input, inputLength, output, outputLength, offset);
                default:
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "compression '" + algorithm + "' is not supported", offset);
            }
            int total = 0;
            try
            {
                using (decoded)
                {
                    while (total < outputLength)
                    {
                        int n = decoded.Read(output, total, outputLength - total);
                        if (n <= 0) break;
                        total += n;
                    }
                    // Read on to the end, so the trailer (zlib's Adler-32, zstd's checksum) is checked and a longer chunk is seen.
                    if (total == outputLength && decoded.Read(new byte[1], 0, 1) > 0)
                        throw new CorruptDataException(IssueKind.ArchiveCorrupt, "decodes to more than the " + outputLength + " bytes its header gives", offset);
                }
            }
            catch (CorruptDataException e) { throw new CorruptDataException(e.Kind, algorithm + " chunk: " + e.Message, offset); }
            catch (InvalidDataException e) { throw new CorruptDataException(IssueKind.ArchiveCorrupt, algorithm + " chunk is corrupt: " + e.Message, offset); }
            if (total < outputLength)
                throw new CorruptDataException(IssueKind.ArchiveTruncated, algorithm + " chunk gave " + total + " of " + outputLength + " bytes", offset);
            return total;
        }

        // A chunk is one whole frame whose size is known: decoded in one go straight into the output, with the decoder's
        // tables reused across chunks (a stream per chunk allocated and cleared its buffers thousands of times per trace).
        private static int DecompressZstd(byte[] input, int inputLength, byte[] output, int outputLength, long offset)
        {
            if (!ZstdDecoder.TryDecompress(input.AsSpan(0, inputLength), output.AsSpan(0, outputLength), out int total, out CorruptDataException? error))
            {
                if (error!.Kind == IssueKind.LimitExceeded)
                    throw new CorruptDataException(IssueKind.ArchiveCorrupt, "zstd chunk: decodes to more than the " + outputLength + " bytes its header gives", offset);
                throw new CorruptDataException(error.Kind, "zstd chunk: " + error.Message, offset);
            }
            if (total < outputLength)
                throw new CorruptDataException(IssueKind.ArchiveTruncated, "zstd chunk gave " + total + " of " + outputLength + " bytes", offset);
            return total;
        }
    }
}
