using System;
using System.IO;

namespace VirtDiag.Io
{
    /// <summary>A read-only forward stream over another stream that counts bytes read and can report them.</summary>
    internal sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        private readonly bool _leaveOpen;
        private readonly Action<long>? _onRead;

        public CountingStream(Stream inner, bool leaveOpen = false, Action<long>? onRead = null)
        {
            _inner = inner;
            _leaveOpen = leaveOpen;
            _onRead = onRead;
        }

        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.CanSeek ? _inner.Position : BytesRead; set => Seek(value, SeekOrigin.Begin); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            if (n > 0)
            {
                BytesRead += n;
                _onRead?.Invoke(BytesRead);
            }
            return n;
        }

        public override int ReadByte()
        {
            int b = _inner.ReadByte();
            if (b >= 0) { BytesRead++; _onRead?.Invoke(BytesRead); }
            return b;
        }

        public override void Flush() { }

        // A plain file may be read at offsets (trace.dat per-CPU data); progress then follows the position.
        public override long Seek(long offset, SeekOrigin origin)
        {
            if (!_inner.CanSeek) throw new NotSupportedException();
            long p = _inner.Seek(offset, origin);
            BytesRead = p;
            return p;
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_leaveOpen) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A window of <c>length</c> bytes of a parent stream read forward from its current position; leaves the parent open.</summary>
    internal sealed class SubStream : Stream
    {
        private readonly Stream _parent;
        private readonly long _length;
        private readonly Action<long>? _onAdvance;
        private long _position;

        public SubStream(Stream parent, long length, Action<long>? onAdvance = null)
        {
            _parent = parent;
            _length = length;
            _onAdvance = onAdvance;
        }

        /// <summary>True when the parent ended before the window did.</summary>
        public bool ParentEndedEarly { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            long left = _length - _position;
            if (left <= 0) return 0;
            if (count > left) count = (int)left;
            int n = _parent.Read(buffer, offset, count);
            if (n <= 0)
            {
                ParentEndedEarly = true;
                return 0;
            }
            _position += n;
            _onAdvance?.Invoke(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal static class StreamUtil
    {
        /// <summary>Reads until <paramref name="count"/> bytes or the end; returns how many were read.</summary>
        public static int ReadFully(Stream s, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int n = s.Read(buffer, offset + total, count - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        /// <summary>Reads and discards up to <paramref name="count"/> bytes; returns how many were skipped.</summary>
        public static long Skip(Stream s, long count, byte[] scratch)
        {
            if (count <= 0) return 0;
            if (s.CanSeek)
            {
                long left = Math.Max(0, s.Length - s.Position);
                long k = Math.Min(left, count);
                s.Seek(k, SeekOrigin.Current);
                return k;
            }
            long skipped = 0;
            while (skipped < count)
            {
                int n = s.Read(scratch, 0, (int)Math.Min(scratch.Length, count - skipped));
                if (n <= 0) break;
                skipped += n;
            }
            return skipped;
        }
    }
}
