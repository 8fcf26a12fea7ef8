using System;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// A forward-only stream that decodes legacy .lzma (LZMA_Alone) data: a 13-byte header (properties, dictionary
    /// size, uncompressed size or "unknown") and one raw LZMA1 stream, ended by its size or an end-of-payload marker.
    /// Faults throw <see cref="CorruptDataException"/> after the bytes decoded before them were returned.
    /// </summary>
    public sealed class LzmaAloneDecoderStream : Stream
    {
        // No LZMA symbol reads more than 48 input bytes; the slack lets the hot loop run without per-byte checks.
        private const int MaxSymbolBytes = 48;
        private readonly Stream _compressed;
        private readonly bool _leaveOpen;
        private readonly long _maxDictionary;
        private readonly byte[] _in = new byte[(1 << 16) + 2 * MaxSymbolBytes];
        private readonly LzmaDecoder _lzma = new LzmaDecoder();
        private LzmaWindow? _window;
        private int _inPos;
        private int _inEnd;
        private long _inBase;
        private bool _eof;
        private bool _started;
        private bool _done;
        private ulong _size = ulong.MaxValue;
        private ulong _produced;
        private CorruptDataException? _fault;

        /// <summary>Decodes <paramref name="compressed"/>, refusing dictionaries over <see cref="ReadContext.MaxDictionarySize"/>.</summary>
        public LzmaAloneDecoderStream(Stream compressed, ReadContext? context = null, bool leaveOpen = false)
        {
            _compressed = compressed ?? throw new ArgumentNullException(nameof(compressed));
            _leaveOpen = leaveOpen;
            _maxDictionary = context?.MaxDictionarySize ?? ReadContext.DefaultMaxDictionarySize;
        }

        /// <summary>True when the 13 bytes look like an LZMA_Alone header (the test liblzma uses, as the format has no magic).</summary>
        public static bool LooksLikeHeader(ReadOnlySpan<byte> head)
        {
            if (head.Length < 13 || head[0] > (4 * 5 + 4) * 9 + 8) return false;
            uint dict = (uint)(head[1] | head[2] << 8 | head[3] << 16 | head[4] << 24);
            bool dictOk = dict == uint.MaxValue || IsTwoPowers(dict);
            ulong size = 0;
            for (int i = 0; i < 8; i++) size |= (ulong)head[5 + i] << (8 * i);
            return dictOk && (size == ulong.MaxValue || size < 1UL << 38);
        }

        private static bool IsTwoPowers(uint d)
        {
            if (d != 0 && (d & (d - 1)) == 0) return true;
            for (int n = 1; n < 32; n++)
            {
                if (d == (1u << n) + (1u << (n - 1))) return true;
            }
            return false;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => (long)_produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            while (true)
            {
                if (_window != null && _window.Pending > 0)
                {
                    int n = _window.CopyOut(buffer, offset, count);
                    _produced += (ulong)n;
                    return n;
                }
                if (_fault != null) throw _fault;
                if (_done || count == 0) return 0;
                try
                {
                    if (!_started) Start();
                    else Step();
                }
                catch (CorruptDataException e)
                {
                    _fault = e;
                }
            }
        }

        private long Offset => _inBase + _inPos;

        private CorruptDataException Corrupt(string what) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, ".lzma data is corrupt: " + what + " (at byte " + Offset + ")", Offset);

        private CorruptDataException Truncated() =>
            new CorruptDataException(IssueKind.ArchiveTruncated, ".lzma data ends early at byte " + (_inBase + _inEnd), _inBase + _inEnd);

        private void Refill()
        {
            if (_eof) return;
            int tail = _inEnd - _inPos;
            Buffer.BlockCopy(_in, _inPos, _in, 0, tail);
            _inBase += _inPos;
            _inPos = 0;
            _inEnd = tail;
            int room = _in.Length - MaxSymbolBytes;
            while (_inEnd < room)
            {
                int n = _compressed.Read(_in, _inEnd, room - _inEnd);
                if (n <= 0)
                {
                    _eof = true;
                    break;
                }
                _inEnd += n;
            }
        }

        private void Start()
        {
            Refill();
            if (_inEnd < 13)
            {
                if (_inEnd == 0) throw new CorruptDataException(IssueKind.ArchiveTruncated, ".lzma data is empty (no header)", 0);
                throw Truncated();
            }
            if (!LooksLikeHeader(new ReadOnlySpan<byte>(_in, 0, 13))) throw Corrupt("not an .lzma header");
            int props = _in[0];
            long dict = (long)BitConverterLe.UInt32(_in, 1);
            _size = 0;
            for (int i = 0; i < 8; i++) _size |= (ulong)_in[5 + i] << (8 * i);
            if (dict > _maxDictionary)
                throw new CorruptDataException(IssueKind.LimitExceeded, ".lzma dictionary of " + dict + " bytes exceeds the limit of " + _maxDictionary + " bytes", 1);
            _window = new LzmaWindow(LzmaWindow.SizeFor(Math.Max(dict, 4096), _size == ulong.MaxValue ? long.MaxValue : (long)Math.Min(_size, long.MaxValue)));
            _lzma.SetProperties(props % 9, props / 9 % 5, props / 45);
            _lzma.ResetState();
            _inPos = 13;
            _started = true;
            if (_inEnd - _inPos < 5)
            {
                if (_size == 0 && _inEnd == _inPos && _eof) { _done = true; return; }
                throw Truncated();
            }
            if (!_lzma.InitRange(_in, ref _inPos)) throw Corrupt("the LZMA data does not start with a zero byte");
            if (_size == 0 && _lzma.RangeFinished) _done = true;
        }

        private void Step()
        {
            LzmaWindow w = _window!;
            w.WrapIfAtEnd();
            if (_inEnd - _inPos < 2 * MaxSymbolBytes) Refill();
            ulong left = _size - _produced;
            if (left == 0)
            {
                FinishKnownSize(w);
                return;
            }
            int limit = (int)Math.Min((ulong)(w.Size - w.Pos), left);
            if (!_eof)
            {
                Run(w, _inEnd - MaxSymbolBytes, w.Pos + limit);
                return;
            }
            // At the end of the input, go one symbol at a time so a symbol that would need missing bytes is taken back.
            int before = w.Pos;
            Run(w, _inEnd - MaxSymbolBytes, w.Pos + limit);
            while (!_done && _fault == null && w.Pos < before + limit)
            {
                int pos = w.Pos;
                int inPos = _inPos;
                LzmaStatus s = _lzma.Decode(w, _in, ref _inPos, _inEnd, pos + 1);
                if (_inPos > _inEnd)
                {
                    w.Pos = pos;
                    _inPos = inPos;
                    throw Truncated();
                }
                if (!Handle(s)) break;
                if (w.Pos == pos) throw Truncated();
            }
        }

        private void Run(LzmaWindow w, int inLimit, int outLimit)
        {
            if (_inPos > inLimit) return;
            LzmaStatus s = _lzma.Decode(w, _in, ref _inPos, inLimit, outLimit);
            Handle(s);
        }

        /// <summary>Acts on a decoder status; false when decoding ended.</summary>
        private bool Handle(LzmaStatus s)
        {
            switch (s)
            {
                case LzmaStatus.Ok:
                case LzmaStatus.InputOverrun:
                    return true;
                case LzmaStatus.EndMarker:
                    if (_size != ulong.MaxValue && _produced + (ulong)_window!.Pending != _size)
                        throw Corrupt("the end marker comes before the size in the header");
                    _done = true;
                    return false;
                default:
                    throw Corrupt("a match distance beyond the decoded data");
            }
        }

        private void FinishKnownSize(LzmaWindow w)
        {
            if (_lzma.PendingMatch != 0) throw Corrupt("a match runs past the size in the header");
            if (_lzma.RangeFinished)
            {
                _done = true;
                return;
            }
            // The size is reached but the range coder is not finished: only an end marker may follow.
            int pos = w.Pos;
            LzmaStatus s = _lzma.Decode(w, _in, ref _inPos, _inEnd, pos + 1);
            if (_inPos > _inEnd) throw Truncated();
            if (s == LzmaStatus.EndMarker)
            {
                _done = true;
                return;
            }
            w.Pos = pos;
            throw Corrupt("data goes on past the size in the header");
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_leaveOpen) _compressed.Dispose();
            base.Dispose(disposing);
        }
    }
}
