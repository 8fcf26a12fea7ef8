using System.IO;
using System;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// A forward-only stream of the data decompressed from a Zstandard (RFC 8878) stream: one or more frames,
    /// skippable frames skipped. Windows larger than <see cref="ReadContext.MaxDictionarySize"/> are refused
    /// before allocating. Faults surface from <see cref="Read"/> as <see cref="CorruptDataException"/>, after every
    /// byte decoded before the fault was returned; the exception's offset is in the compressed input.
    /// Decoding is block by block: a compressed block that fails delivers nothing of itself (its bit streams are
    /// read from the end, so a cut-off block cannot be decoded at all, and a corrupt one is not trusted); a cut-off
    /// raw block delivers the bytes that are there. A frame's checksum is checked after its content was delivered.
    /// Memory: the window (capped by the content size when the frame states it), one block and spare room to
    /// slide the window down rarely; the buffer starts small and grows only as the data needs it.
    /// </summary>
    public sealed class ZstdDecoderStream : Stream
    {
        private const int Slack = 64;
        private const int InitialBuffer = 256 * 1024;
        private const int MinExtra = 1 << 20;

        private readonly Stream _input;
        private readonly bool _leaveOpen;
        private readonly long _maxWindow;
        private readonly BlockDecoder _blocks = new BlockDecoder();
        private byte[] _inBuf = new byte[4096];
        private readonly byte[] _small = new byte[32];
        private readonly XxHash64 _hash = new XxHash64();

        private byte[] _out = Array.Empty<byte>();
        private int _capacity;
        private int _outPos;
        private int _readPos;
        private int _historyStart;
        private long _inPos;
        private long _produced;

        private bool _inFrame;
        private bool _ended;
        private FrameHeader _header;
        private long _frameProduced;
        private CorruptDataException? _fault;

        /// <summary>Wraps <paramref name="compressed"/>; windows are limited by <paramref name="context"/>'s MaxDictionarySize.</summary>
        public ZstdDecoderStream(Stream compressed, ReadContext? context = null, bool leaveOpen = false)
            : this(compressed, (context ?? new ReadContext()).MaxDictionarySize, leaveOpen)
        {
        }

        /// <summary>Wraps <paramref name="compressed"/> with an explicit window limit in bytes.</summary>
        public ZstdDecoderStream(Stream compressed, long maxWindowSize, bool leaveOpen = false)
        {
            _input = compressed ?? throw new ArgumentNullException(nameof(compressed));
            if (maxWindowSize < ZstdConstants.MinWindowSize) throw new ArgumentOutOfRangeException(nameof(maxWindowSize));
            _maxWindow = maxWindowSize;
            _leaveOpen = leaveOpen;
        }

        /// <summary>Compressed bytes consumed so far.</summary>
        public long CompressedPosition => _inPos;

        /// <inheritdoc/>
        public override bool CanRead => true;
        /// <inheritdoc/>
        public override bool CanSeek => false;
        /// <inheritdoc/>
        public override bool CanWrite => false;
        /// <inheritdoc/>
        public override long Length => throw new NotSupportedException();
        /// <inheritdoc/>
        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        /// <inheritdoc/>
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || count > buffer.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
            if (count == 0) return 0;
            while (true)
            {
                int ready = _outPos - _readPos;
                if (ready > 0)
                {
                    int n = Math.Min(ready, count);
                    Buffer.BlockCopy(_out, _readPos, buffer, offset, n);
                    _readPos += n;
                    _produced += n;
                    return n;
                }
                if (_fault != null) throw _fault;
                if (_ended) return 0;
                try
                {
                    Step();
                }
                catch (CorruptDataException e)
                {
                    _fault = e;
                }
            }
        }

        /// <summary>Decodes the next unit: a frame header, a skippable frame, or one block (with the frame's end checks).</summary>
        private void Step()
        {
            if (!_inFrame)
            {
                StartFrame();
                return;
            }
            long blockOffset = _inPos;
            ReadExactly(_small, Frame.BlockHeaderSize, "block header is cut off");
            Frame.ParseBlockHeader(_small, out bool last, out Frame.BlockType type, out int size);
            int blockMax = _header.BlockMaximum;
            int content = Frame.CheckBlock(type, size, blockMax, blockOffset);
            MakeRoom(blockMax);
            int produced;
            if (type == Frame.BlockType.Raw)
            {
                int n = StreamUtil.ReadFully(_input, _out, _outPos, size);
                _inPos += n;
                Hash(_outPos, n);
                _outPos += n;
                _frameProduced += n;
                if (n < size) throw ZstdFault.Truncated("raw block is cut off", _inPos);
                produced = n;
            }
            else
            {
                if (_inBuf.Length < content + Slack) _inBuf = new byte[Math.Max(content + Slack, Math.Min(2 * _inBuf.Length, ZstdConstants.MaxBlockSize + Slack))];
                int n = StreamUtil.ReadFully(_input, _inBuf, 0, content);
                _inPos += n;
                if (n < content) throw ZstdFault.Truncated((type == Frame.BlockType.Rle ? "RLE" : "compressed") + " block is cut off", _inPos);
                if (type == Frame.BlockType.Rle)
                {
                    new Span<byte>(_out, _outPos, size).Fill(_inBuf[0]);
                    produced = size;
                }
                else
                {
                    produced = DecodeCompressed(size, blockMax, blockOffset + Frame.BlockHeaderSize);
                }
                Hash(_outPos, produced);
                _outPos += produced;
                _frameProduced += produced;
            }
            if (_header.ContentSize >= 0 && _frameProduced > _header.ContentSize)
                throw ZstdFault.Corrupt("frame holds more than its declared content size " + _header.ContentSize, blockOffset);
            if (last) EndFrame();
        }

        private unsafe int DecodeCompressed(int size, int blockMax, long offset)
        {
            fixed (byte* src = _inBuf)
            fixed (byte* o = _out)
            {
                byte* op = o + _outPos;
                return _blocks.DecodeCompressed(src, size, o + _historyStart, op, op + blockMax, o + _out.Length, blockMax, false, offset);
            }
        }

        private unsafe void Hash(int start, int count)
        {
            if (!_header.HasChecksum || count <= 0) return;
            fixed (byte* p = _out) _hash.Update(p + start, count);
        }

        private void StartFrame()
        {
            long frameOffset = _inPos;
            int got = StreamUtil.ReadFully(_input, _small, 0, Frame.MagicSize);
            _inPos += got;
            if (got == 0)
            {
                _ended = true;
                return;
            }
            if (got < Frame.MagicSize) throw ZstdFault.Truncated("frame magic number is cut off", _inPos);
            uint magic = Frame.Read32(_small, 0);
            if (Frame.IsSkippable(magic))
            {
                ReadExactly(_small, 4, "skippable frame header is cut off");
                uint skip = Frame.Read32(_small, 0);
                long skipped = StreamUtil.Skip(_input, skip, _inBuf);
                _inPos += skipped;
                if (skipped < skip) throw ZstdFault.Truncated("skippable frame is cut off", _inPos);
                return;
            }
            if (magic != ZstdConstants.FrameMagic) throw ZstdFault.Corrupt("not a zstd frame (magic " + magic.ToString("X8") + ")", frameOffset);
            ReadExactly(_small, 1, "frame header is cut off");
            int headerSize = Frame.HeaderSize(_small[0]);
            if (headerSize > 1) ReadExactly(_small.AsSpan(1), headerSize - 1, "frame header is cut off");
            _header = Frame.ParseHeader(new ReadOnlySpan<byte>(_small, 0, headerSize), _maxWindow, frameOffset + Frame.MagicSize);
            PrepareBuffer();
            _blocks.Reset();
            _hash.Reset();
            _frameProduced = 0;
            _inFrame = true;
        }

        private void EndFrame()
        {
            _inFrame = false;
            if (_header.ContentSize >= 0 && _frameProduced != _header.ContentSize)
                throw ZstdFault.Corrupt("frame holds " + _frameProduced + " bytes, its header says " + _header.ContentSize, _inPos);
            if (_header.HasChecksum)
            {
                long at = _inPos;
                ReadExactly(_small, Frame.ChecksumSize, "content checksum is cut off");
                uint expected = Frame.Read32(_small, 0);
                uint actual = (uint)_hash.Digest();
                if (expected != actual) throw ZstdFault.Checksum("frame content hashes to " + actual.ToString("X8") + ", the frame says " + expected.ToString("X8"), at);
            }
        }

        /// <summary>
        /// Sizes the output buffer for a new frame: matches reach back at most the window (or the content size when
        /// smaller); the buffer holds that history, one block and spare room so that sliding the history down is rare.
        /// It starts small and grows on demand, so a large declared window costs memory only when used.
        /// </summary>
        private void PrepareBuffer()
        {
            long history = _header.WindowSize;
            if (_header.ContentSize >= 0 && _header.ContentSize < history) history = _header.ContentSize;
            long fixedPart = history + ZstdConstants.MaxBlockSize + Slack;
            long extra = Math.Max(history, MinExtra);
            const long maxArray = 0x7FFFFFC7L;
            if (fixedPart + MinExtra > maxArray)
                throw ZstdFault.Limit("frame window of " + _header.WindowSize + " bytes is too large for this decoder", _inPos);
            if (fixedPart + extra > maxArray) extra = maxArray - fixedPart;
            _capacity = (int)(fixedPart + extra);
            _outPos = 0;
            _readPos = 0;
            _historyStart = 0;
            if (_out.Length == 0)
            {
                // Small windows (trace-cmd's per-chunk frames use 1-32 KiB) get a small first buffer, off the large object heap.
                long first = Math.Max(16 * 1024, Math.Min(InitialBuffer, 2 * history + 2L * _header.BlockMaximum + Slack));
                _out = new byte[(int)Math.Min(_capacity, first)];
            }
        }

        /// <summary>Makes sure a block of up to <paramref name="blockMax"/> bytes (plus copy slack) fits after the output.</summary>
        private void MakeRoom(int blockMax)
        {
            int need = _outPos + blockMax + Slack;
            if (need <= _out.Length) return;
            if (_out.Length < _capacity)
            {
                long grown = Math.Max((long)_out.Length * 2, need);
                int size = (int)Math.Min(grown, Math.Max(_capacity, need));
                var bigger = new byte[size];
                Buffer.BlockCopy(_out, 0, bigger, 0, _outPos);
                _out = bigger;
                if (need <= _out.Length) return;
            }
            long history = _header.WindowSize;
            int keep = (int)Math.Min(history, _outPos - _historyStart);
            int shift = _outPos - keep;
            Buffer.BlockCopy(_out, shift, _out, 0, keep);
            _outPos = keep;
            _readPos = keep;
            _historyStart = Math.Max(0, _historyStart - shift);
        }

        private void ReadExactly(byte[] buffer, int count, string what) => ReadExactly(buffer.AsSpan(), count, what);

        private void ReadExactly(Span<byte> buffer, int count, string what)
        {
            int total = 0;
            byte[] tmp = _inBuf;
            while (total < count)
            {
                int n = _input.Read(tmp, 0, count - total);
                if (n <= 0) break;
                tmp.AsSpan(0, n).CopyTo(buffer.Slice(total));
                total += n;
            }
            _inPos += total;
            if (total < count) throw ZstdFault.Truncated(what, _inPos);
        }

        /// <inheritdoc/>
        public override void Flush() { }
        /// <inheritdoc/>
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        /// <inheritdoc/>
        public override void SetLength(long value) => throw new NotSupportedException();
        /// <inheritdoc/>
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing && !_leaveOpen) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
