using System;
using System.Buffers;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>
    /// Splits a byte stream into lines without transcoding: one pooled buffer, <c>IndexOf('\n')</c> over spans,
    /// 1-based line numbers, <c>\r\n</c> and <c>\n</c>, and a cap on line length (the tail of a longer line is
    /// skipped and reported as <see cref="IssueKind.LineTooLong"/>), so memory stays flat however large the input.
    /// </summary>
    /// <remarks>
    /// Lines are UTF-8 bytes. Readers turn only the fields they keep into strings; invalid UTF-8 bytes
    /// become U+FFFD there (the standard <see cref="System.Text.Encoding.UTF8"/> replacement), never an exception.
    /// </remarks>
    public sealed class LineReader : IDisposable
    {
        private const int InitialBufferSize = 64 * 1024;
        private readonly Stream _stream;
        private readonly string _source;
        private readonly ReadContext _context;
        private readonly int _maxLineLength;
        private byte[] _buffer;
        private int _start;        // first byte of the next line
        private int _end;          // end of valid data
        private int _scanned;      // bytes from _start already known to hold no '\n'
        private long _bufferOffset; // decoded stream offset of _buffer[0]
        private bool _eof;
        private bool _skippingTail;
        private int _fills;         // Fill calls so far: needle positions found before the last Fill are stale
        private byte[][]? _needles;
        private int[] _needleAt = Array.Empty<int>(); // buffer index of the needle's next occurrence at or after _start, NoNeedle, or UnknownNeedle
        private int _needleFills;
        private const int NoNeedle = -1;
        private const int UnknownNeedle = -2;

        /// <summary>Reads lines from <paramref name="stream"/>; <paramref name="source"/> names it in issues.</summary>
        public LineReader(Stream stream, string source, ReadContext context)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _source = source ?? string.Empty;
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _maxLineLength = Math.Max(16, context.MaxLineLength);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, _maxLineLength + 1));
        }

        /// <summary>1-based number of the line last returned (0 before the first).</summary>
        public long LineNumber { get; private set; }

        /// <summary>0-based byte offset, in the decoded stream, of the line last returned.</summary>
        public long LineOffset { get; private set; }

        /// <summary>True when the line last returned was cut at the length cap.</summary>
        public bool LineTruncated { get; private set; }

        /// <summary>Decoded bytes consumed so far.</summary>
        public long Position => _bufferOffset + _start;

        /// <summary>
        /// Returns the next line without its terminator, or false at the end of the stream. The span is valid
        /// until the next call. Decoder faults (<see cref="CorruptDataException"/>) and I/O errors propagate.
        /// </summary>
        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            while (true)
            {
                int searchFrom = _start + _scanned;
                int nl = searchFrom < _end ? _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n') : -1;
                if (nl >= 0)
                {
                    int lineEnd = searchFrom + nl;
                    if (_skippingTail)
                    {
                        // The tail of an overlong line ends here; it was already reported.
                        _skippingTail = false;
                        _start = lineEnd + 1;
                        _scanned = 0;
                        continue;
                    }
                    // The buffer may hold more than the cap (the pool rounds its size up): a whole line over it is cut the same way.
                    if (lineEnd - _start > _maxLineLength) return EmitOverlong(lineEnd + 1, out line);
                    return Emit(lineEnd, lineEnd + 1, false, out line);
                }

                _scanned = _end - _start;
                if (_skippingTail)
                {
                    _start = _end;
                    _scanned = 0;
                }
                else if (_scanned >= _maxLineLength)
                {
                    _skippingTail = true;
                    return EmitOverlong(_start + _maxLineLength, out line);
                }

                if (_eof)
                {
                    if (_end > _start && !_skippingTail)
                    {
                        return Emit(_end, _end, false, out line);
                    }
                    line = default;
                    return false;
                }

                Fill();
            }
        }

        /// <summary>
        /// Like <see cref="TryReadLine"/>, but lines holding none of <paramref name="needles"/> (ordinal byte strings
        /// without '\n') are passed over unseen: the buffered text is searched once per needle and whole runs of lines
        /// before the next occurrence are skipped, still counted in <see cref="LineNumber"/>. For parsers that ignore
        /// such lines (<see cref="ILineNeedles"/>). Pass the same array on every call.
        /// </summary>
        public bool TryReadLineContainingAny(byte[][] needles, out ReadOnlySpan<byte> line)
        {
            if (!ReferenceEquals(needles, _needles))
            {
                _needles = needles;
                _needleAt = new int[needles.Length];
                _needleFills = -1;
            }
            while (true)
            {
                int lastNl = _skippingTail || _scanned > 0 ? -1 : _buffer.AsSpan(_start, _end - _start).LastIndexOf((byte)'\n');
                if (lastNl < 0)
                {
                    // No complete line buffered (or the tail of an overlong line): the plain path fills, reports and cuts.
                    if (!TryReadLine(out line)) return false;
                    if (ContainsAny(line, needles)) return true;
                    continue;
                }
                int limit = _start + lastNl + 1;
                if (_needleFills != _fills)
                {
                    _needleAt.AsSpan().Fill(UnknownNeedle);
                    _needleFills = _fills;
                }
                int first = int.MaxValue;
                for (int i = 0; i < needles.Length; i++)
                {
                    int at = _needleAt[i];
                    if (at == UnknownNeedle || (at >= 0 && at < _start))
                    {
                        int k = _buffer.AsSpan(_start, _end - _start).IndexOf(needles[i]);
                        at = k < 0 ? NoNeedle : _start + k;
                        _needleAt[i] = at;
                    }
                    if (at >= 0 && at < first) first = at;
                }
                if (first < limit)
                {
                    int lineStart = _buffer.AsSpan(_start, first - _start).LastIndexOf((byte)'\n') + 1 + _start;
                    SkipLines(lineStart);
                    return TryReadLine(out line);
                }
                SkipLines(limit);
            }
        }

        private void SkipLines(int to)
        {
            LineNumber += CountNewlines(new ReadOnlySpan<byte>(_buffer, _start, to - _start));
            _start = to;
            _scanned = 0;
        }

        /// <summary>The '\n' bytes in <paramref name="s"/>, a vector at a time (one search per line cost more than the lines' own scan).</summary>
        internal static long CountNewlines(ReadOnlySpan<byte> s)
        {
            long count = 0;
            int i = 0;
            if (Vector.IsHardwareAccelerated && s.Length >= Vector<byte>.Count)
            {
                ReadOnlySpan<Vector<byte>> vectors = MemoryMarshal.Cast<byte, Vector<byte>>(s);
                var newline = new Vector<byte>((byte)'\n');
                int v = 0;
                while (v < vectors.Length)
                {
                    // a lane counts up to 255 before it is summed
                    int end = Math.Min(vectors.Length, v + 255);
                    Vector<byte> lanes = Vector<byte>.Zero;
                    for (; v < end; v++) lanes -= Vector.Equals(vectors[v], newline);
                    Vector.Widen(lanes, out Vector<ushort> low, out Vector<ushort> high);
                    count += Vector.Dot(low + high, Vector<ushort>.One);
                }
                i = vectors.Length * Vector<byte>.Count;
            }
            for (; i < s.Length; i++) if (s[i] == (byte)'\n') count++;
            return count;
        }

        internal static bool ContainsAny(ReadOnlySpan<byte> line, byte[][] needles)
        {
            foreach (byte[] n in needles)
            {
                if (line.IndexOf(n) >= 0) return true;
            }
            return false;
        }

        // Reports the line at _start as too long and returns its first _maxLineLength bytes; reading goes on at next.
        private bool EmitOverlong(int next, out ReadOnlySpan<byte> line)
        {
            _context.Report(_source, IssueKind.LineTooLong,
                "line longer than " + _maxLineLength + " bytes: the first " + _maxLineLength + " bytes were read, the rest of the line was skipped",
                LineNumber + 1, _bufferOffset + _start);
            int cut = _start + _maxLineLength;
            return Emit(cut, Math.Max(cut, next), true, out line);
        }

        private bool Emit(int lineEnd, int next, bool truncated, out ReadOnlySpan<byte> line)
        {
            int len = lineEnd - _start;
            if (len > 0 && _buffer[lineEnd - 1] == (byte)'\r' && !truncated) len--;
            line = new ReadOnlySpan<byte>(_buffer, _start, len);
            LineNumber++;
            LineOffset = _bufferOffset + _start;
            LineTruncated = truncated;
            _start = next;
            _scanned = 0;
            return true;
        }

        private void Fill()
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            _fills++;
            if (_start > 0 && (_end == _buffer.Length || _start == _end))
            {
                // Move the unfinished line to the front so the buffer only grows for one long line.
                int keep = _end - _start;
                if (keep > 0) Buffer.BlockCopy(_buffer, _start, _buffer, 0, keep);
                _bufferOffset += _start;
                _start = 0;
                _end = keep;
            }
            if (_end == _buffer.Length)
            {
                int newSize = (int)Math.Min((long)_buffer.Length * 2, _maxLineLength + 1L);
                if (newSize <= _buffer.Length) newSize = _buffer.Length + 1;
                byte[] bigger = ArrayPool<byte>.Shared.Rent(newSize);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0) _eof = true;
            else _end += read;
        }

        /// <summary>Returns the buffer to the pool and disposes the stream.</summary>
        public void Dispose()
        {
            byte[] b = _buffer;
            _buffer = Array.Empty<byte>();
            _start = _end = 0;
            if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
            _stream.Dispose();
        }
    }
}
