using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace VirtDiag.Io
{
    /// <summary>
    /// Reads a stream on its own thread while the caller parses what was already read: a decoder fills pooled
    /// chunks on one core, the line parser takes them on the other. At most <see cref="MaxChunks"/> chunks wait, so
    /// memory stays bounded; a fault of the inner stream is thrown from <see cref="Read"/> after every byte before it.
    /// </summary>
    public sealed class ReadAheadStream : Stream
    {
        private const int ChunkSize = 256 * 1024;
        private const int MaxChunks = 4;
        private readonly Stream _inner;
        private readonly CancellationToken _cancel;
        private readonly Queue<(byte[] Buffer, int Length)> _ready = new Queue<(byte[], int)>();
        private readonly object _gate = new object();
        private readonly Thread _thread;
        private byte[]? _current;
        private int _currentLength;
        private int _currentOffset;
        private bool _done;
        private bool _stopping;
        private ExceptionDispatchInfo? _fault;
        private long _position;

        /// <summary>Starts reading <paramref name="inner"/> ahead; disposing this stream stops the reader and disposes <paramref name="inner"/>.</summary>
        public ReadAheadStream(Stream inner, CancellationToken cancellationToken = default)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _cancel = cancellationToken;
            _thread = new Thread(Produce) { IsBackground = true, Name = "VirtDiag read-ahead" };
            _thread.Start();
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        private void Produce()
        {
            try
            {
                while (true)
                {
                    byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                    int filled = 0;
                    try
                    {
                        while (filled < ChunkSize)
                        {
                            int n = _inner.Read(chunk, filled, ChunkSize - filled);
                            if (n <= 0) break;
                            filled += n;
                        }
                    }
                    catch
                    {
                        // Bytes decoded before the fault still go out, then the fault.
                        if (filled > 0 && !Enqueue(chunk, filled)) return;
                        throw;
                    }
                    if (filled == 0)
                    {
                        ArrayPool<byte>.Shared.Return(chunk);
                        return;
                    }
                    if (!Enqueue(chunk, filled)) return;
                }
            }
            catch (Exception e)
            {
                lock (_gate) _fault = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                lock (_gate)
                {
                    _done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private bool Enqueue(byte[] chunk, int length)
        {
            lock (_gate)
            {
                while (_ready.Count >= MaxChunks && !_stopping) Monitor.Wait(_gate);
                if (_stopping)
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                    return false;
                }
                _ready.Enqueue((chunk, length));
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            if (_current == null || _currentOffset == _currentLength)
            {
                if (_current != null)
                {
                    ArrayPool<byte>.Shared.Return(_current);
                    _current = null;
                }
                lock (_gate)
                {
                    while (_ready.Count == 0 && !_done)
                    {
                        _cancel.ThrowIfCancellationRequested();
                        Monitor.Wait(_gate, 100);
                    }
                    if (_ready.Count == 0)
                    {
                        _fault?.Throw();
                        return 0;
                    }
                    (_current, _currentLength) = _ready.Dequeue();
                    _currentOffset = 0;
                    Monitor.PulseAll(_gate);
                }
            }
            int take = Math.Min(count, _currentLength - _currentOffset);
            Buffer.BlockCopy(_current!, _currentOffset, buffer, offset, take);
            _currentOffset += take;
            _position += take;
            return take;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_stopping)
            {
                lock (_gate)
                {
                    _stopping = true;
                    Monitor.PulseAll(_gate);
                }
                // The reader finishes the chunk it is decoding; one blocked on a silent pipe is left behind (a background thread).
                _thread.Join(TimeSpan.FromSeconds(5));
                lock (_gate)
                {
                    while (_ready.Count > 0) ArrayPool<byte>.Shared.Return(_ready.Dequeue().Buffer);
                }
                if (_current != null)
                {
                    ArrayPool<byte>.Shared.Return(_current);
                    _current = null;
                }
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
