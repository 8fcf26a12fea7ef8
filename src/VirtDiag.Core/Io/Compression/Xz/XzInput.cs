using System;
using System.IO;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>Buffered forward reader over the compressed stream that knows the offset of every byte it hands out.</summary>
    internal sealed class XzInput
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _pos;
        private int _end;
        private long _base;
        private bool _eof;

        public XzInput(Stream stream) { _stream = stream; }

        /// <summary>0-based offset of the next byte in the compressed input.</summary>
        public long Offset => _base + _pos;

        /// <summary>The next byte, or -1 at the end of the input.</summary>
        public int ReadByte()
        {
            if (_pos == _end && !Fill()) return -1;
            return _buffer[_pos++];
        }

        /// <summary>Reads up to <paramref name="count"/> bytes; fewer only at the end of the input.</summary>
        public int Read(byte[] destination, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                if (_pos == _end && !Fill()) break;
                int n = Math.Min(count - total, _end - _pos);
                Buffer.BlockCopy(_buffer, _pos, destination, offset + total, n);
                _pos += n;
                total += n;
            }
            return total;
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes or fails with <see cref="IssueKind.ArchiveTruncated"/>.</summary>
        public void ReadExactly(byte[] destination, int offset, int count, string what)
        {
            if (Read(destination, offset, count) != count) throw Truncated(what);
        }

        /// <summary>Reads one byte or fails with <see cref="IssueKind.ArchiveTruncated"/>.</summary>
        public byte ReadByteOrThrow(string what)
        {
            int b = ReadByte();
            if (b < 0) throw Truncated(what);
            return (byte)b;
        }

        public CorruptDataException Truncated(string what) =>
            new CorruptDataException(IssueKind.ArchiveTruncated, "xz data ends early (in the " + what + ") at byte " + Offset, Offset);

        private bool Fill()
        {
            if (_eof) return false;
            _base += _end;
            _pos = 0;
            _end = 0;
            int n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n <= 0)
            {
                _eof = true;
                return false;
            }
            _end = n;
            return true;
        }
    }
}
