using System;
using System.Buffers;
using System.IO;

namespace VirtDiag.Cli.Output
{
    /// <summary>An output buffer rented from <see cref="ArrayPool{T}"/> that grows only for one oversized record and is drained to a stream in large writes.</summary>
    internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _written;

        public PooledBufferWriter(int initialSize = 1 << 16)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
        }

        public int WrittenCount => _written;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public void Write(byte b)
        {
            if (_written == _buffer.Length) Ensure(1);
            _buffer[_written++] = b;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_written));
            _written += bytes.Length;
        }

        public void Clear() => _written = 0;

        /// <summary>
        /// Hands over the buffer with what was written (<paramref name="length"/> bytes; the taker returns it to
        /// <see cref="ArrayPool{T}.Shared"/>) and goes on with a fresh one of the same size.
        /// </summary>
        public byte[] Detach(out int length)
        {
            byte[] b = _buffer;
            length = _written;
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(b.Length, 256));
            _written = 0;
            return b;
        }

        /// <summary>Writes what is buffered to <paramref name="stream"/> and empties the buffer.</summary>
        public void Drain(Stream stream)
        {
            if (_written == 0) return;
            stream.Write(_buffer, 0, _written);
            _written = 0;
        }

        private void Ensure(int sizeHint)
        {
            if (sizeHint < 1) sizeHint = 256;
            if (_buffer.Length - _written >= sizeHint) return;
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
            _buffer.AsSpan(0, _written).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        public void Dispose()
        {
            byte[] b = _buffer;
            _buffer = Array.Empty<byte>();
            _written = 0;
            if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
        }
    }
}
