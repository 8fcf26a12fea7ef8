using System;
using System.IO;
using System.IO.Compression;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Ftrace
{
    /// <summary>A fault in a trace.dat: what went wrong and at which file offset.</summary>
    internal sealed class TraceDataException : Exception
    {
        public TraceDataException(IssueKind kind, string message, long offset) : base(message) { Kind = kind; Offset = offset; }
        public IssueKind Kind { get; }
        public long Offset { get; }
    }

    /// <summary>
    /// Reads a trace.dat document at offsets. A plain file is seeked; a compressed or archived document is read
    /// forward (re-opened when an earlier offset is wanted), so memory stays bounded either way.
    /// </summary>
    internal sealed class DatCursor : IDisposable
    {
        private readonly LogDocument _doc;
        private readonly ReadContext _context;
        private Stream? _stream;
        private long _pos;
        private readonly byte[] _skip = new byte[64 * 1024];

        public DatCursor(LogDocument doc, ReadContext context) { _doc = doc; _context = context; }

        public long Length { get; private set; } = -1;

        private Stream Stream
        {
            get
            {
                if (_stream == null)
                {
                    _stream = DocumentReader.Open(_doc, _context);
                    _pos = 0;
                    if (_stream.CanSeek) { try { Length = _stream.Length; } catch (NotSupportedException) { Length = -1; } }
                }
                return _stream;
            }
        }

        public void Open() { _ = Stream; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer only at the end of the data.</summary>
        public int ReadAt(long offset, byte[] buffer, int index, int count)
        {
            Stream s = Stream;
            if (offset < 0)
                throw new TraceDataException(IssueKind.MalformedRecord, "the file points at a negative offset (" + offset + ")", 0);
            // An offset past the end (from a corrupt header) reads nothing; MemoryStream would even refuse the seek.
            if (Length >= 0 && offset >= Length) return 0;
            if (offset != _pos)
            {
                if (s.CanSeek) { s.Seek(offset, SeekOrigin.Begin); _pos = offset; }
                else
                {
                    if (offset < _pos) { s.Dispose(); _stream = null; s = Stream; }
                    while (_pos < offset)
                    {
                        int n = s.Read(_skip, 0, (int)Math.Min(_skip.Length, offset - _pos));
                        if (n <= 0) return 0;
                        _pos += n;
                    }
                }
            }
            int total = 0;
            while (total < count)
            {
                int n = s.Read(buffer, index + total, count - total);
                if (n <= 0) break;
                total += n;
            }
            _pos += total;
            return total;
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes or fails with a truncation naming <paramref name="what"/>.</summary>
        public void ReadExact(long offset, byte[] buffer, int index, int count, string what)
        {
            int n = ReadAt(offset, buffer, index, count);
            if (n < count)
                throw new TraceDataException(IssueKind.TruncatedRecord, "file ends inside " + what + " (" + count + " bytes wanted at offset " + offset + ", " + n + " present)", offset + n);
        }

        public byte[] ReadBlock(long offset, long count, string what, long cap)
        {
            if (count < 0 || count > cap)
                throw new TraceDataException(IssueKind.MalformedRecord, what + " claims " + count + " bytes, more than the " + cap + " allowed", offset);
            if (Length >= 0 && offset + count > Length)
                throw new TraceDataException(IssueKind.TruncatedRecord, what + " claims " + count + " bytes at offset " + offset + " but the file has " + Length, offset);
            var b = new byte[count];
            ReadExact(offset, b, 0, (int)count, what);
            return b;
        }

        public void Dispose() { _stream?.Dispose(); _stream = null; }
    }

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
                    if (inputLength < 2) throw new TraceDataException(IssueKind.ArchiveCorrupt, "zlib chunk shorter than its header", offset);
                    if ((input[0] & 0x0F) != 8 || ((input[0] << 8) | input[1]) % 31 != 0)
                        throw new TraceDataException(IssueKind.ArchiveCorrupt, "zlib chunk header is not valid (0x" + input[0].ToString("X2") + input[1].ToString("X2") + ")", offset);
                    ms.Position = 2;
                    decoded = new DeflateStream(ms, CompressionMode.Decompress);
                    break;
                case "zstd":
                    try { decoded = Decoders.Open(ms, CompressionKind.Zstd, context); }
                    catch (CorruptDataException e) { throw new TraceDataException(e.Kind, "zstd: " + e.Message, offset); }
                    break;
                default:
                    throw new TraceDataException(IssueKind.UnsupportedFormat, "compression '" + algorithm + "' is not supported", offset);
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
                }
            }
            catch (CorruptDataException e) { throw new TraceDataException(e.Kind, algorithm + " chunk: " + e.Message, offset); }
            catch (InvalidDataException e) { throw new TraceDataException(IssueKind.ArchiveCorrupt, algorithm + " chunk is corrupt: " + e.Message, offset); }
            if (total < outputLength)
                throw new TraceDataException(IssueKind.ArchiveTruncated, algorithm + " chunk gave " + total + " of " + outputLength + " bytes", offset);
            return total;
        }
    }
}
