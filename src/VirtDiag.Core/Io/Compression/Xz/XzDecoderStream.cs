using System;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// A forward-only stream that decodes .xz data: one or more streams with stream padding, each a run of blocks
    /// (LZMA2 under optional Delta/BCJ filters) verified against their checks and the Index. A fault throws
    /// <see cref="CorruptDataException"/> only after every byte decoded before it was returned.
    /// </summary>
    public sealed class XzDecoderStream : Stream
    {
        private static readonly byte[] s_headerMagic = { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 };
        private readonly Stream _compressed;
        private readonly XzInput _input;
        private readonly long _maxDictionary;
        private readonly bool _leaveOpen;
        private readonly LzmaDecoder _lzma = new LzmaDecoder();
        private readonly byte[] _scratch = new byte[12];
        private byte[]? _chunkBuffer;
        private LzmaWindow? _window;
        private Phase _phase = Phase.StreamHeader;
        private int _preRead = -1;
        private bool _sawStream;
        private XzCheck? _check;
        private byte _streamFlags;
        private XzIndexHash _blocks = new XzIndexHash();
        private XzBlock? _block;
        private string? _uncheckedStreams;
        private CorruptDataException? _failure;
        private long _produced;

        private enum Phase { StreamHeader, Blocks, BlockData, Padding, Done }

        /// <summary>Decodes <paramref name="compressed"/>, refusing dictionaries over <see cref="ReadContext.MaxDictionarySize"/>.</summary>
        public XzDecoderStream(Stream compressed, ReadContext? context = null, bool leaveOpen = false)
        {
            _compressed = compressed ?? throw new ArgumentNullException(nameof(compressed));
            _input = new XzInput(compressed);
            _maxDictionary = context?.MaxDictionarySize ?? ReadContext.DefaultMaxDictionarySize;
            _leaveOpen = leaveOpen;
        }

        /// <summary>Compressed bytes consumed so far.</summary>
        public long CompressedPosition => _input.Offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (_failure != null) throw _failure;
            int produced = 0;
            try
            {
                while (produced < count)
                {
                    if (_phase == Phase.BlockData)
                    {
                        int n = _block!.Read(buffer, offset + produced, count - produced);
                        if (n > 0)
                        {
                            produced += n;
                            continue;
                        }
                        _block.Finish(_blocks);
                        _block = null;
                        _phase = Phase.Blocks;
                    }
                    else if (!Advance())
                    {
                        break;
                    }
                }
            }
            catch (CorruptDataException e)
            {
                _failure = e;
                _produced += produced;
                if (produced > 0) return produced;
                throw;
            }
            _produced += produced;
            return produced;
        }

        /// <summary>Moves through headers, Index, footer and padding; false at the end of the input.</summary>
        private bool Advance()
        {
            switch (_phase)
            {
                case Phase.StreamHeader:
                    ReadStreamHeader();
                    return true;
                case Phase.Blocks:
                    StartBlockOrIndex();
                    return true;
                case Phase.Padding:
                    SkipPadding();
                    return true;
                default:
                    if (_uncheckedStreams != null)
                    {
                        string what = _uncheckedStreams;
                        _uncheckedStreams = null;
                        throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz " + what + " is not supported, so the data was delivered unverified", _input.Offset);
                    }
                    return false;
            }
        }

        private void ReadStreamHeader()
        {
            long start = _input.Offset - (_preRead >= 0 ? 1 : 0);
            byte[] h = _scratch;
            int have = 0;
            if (_preRead >= 0)
            {
                h[0] = (byte)_preRead;
                have = 1;
                _preRead = -1;
            }
            int got = _input.Read(h, have, 12 - have) + have;
            if (got < 12)
            {
                if (got == 0 && !_sawStream) throw new CorruptDataException(IssueKind.ArchiveTruncated, "xz data is empty (no stream header)", 0);
                throw _input.Truncated("stream header");
            }
            for (int i = 0; i < 6; i++)
            {
                if (h[i] != s_headerMagic[i])
                    throw new CorruptDataException(IssueKind.ArchiveCorrupt, (_sawStream ? "data after an xz stream is not another xz stream" : "not xz data: the stream header magic is wrong") + " (at byte " + start + ")", start);
            }
            if (Crc32.Compute(new ReadOnlySpan<byte>(h, 6, 2)) != BitConverterLe.UInt32(h, 8))
                throw new CorruptDataException(IssueKind.ChecksumMismatch, "xz stream header CRC32 does not match (at byte " + start + ")", start);
            if (h[6] != 0 || (h[7] & 0xF0) != 0)
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz stream flags 0x" + h[6].ToString("X2") + h[7].ToString("X2") + " use reserved bits (at byte " + start + ")", start);
            _sawStream = true;
            _streamFlags = h[7];
            _check?.Dispose();
            _check = new XzCheck(h[7] & 0x0F);
            if (!_check.IsSupported) _uncheckedStreams = "integrity " + _check.Name;
            _blocks = new XzIndexHash();
            _phase = Phase.Blocks;
        }

        private void StartBlockOrIndex()
        {
            long start = _input.Offset;
            byte sizeByte = _input.ReadByteOrThrow("block header or index");
            if (sizeByte == 0)
            {
                long indexSize = XzIndex.ReadAndVerify(_input, start, _blocks);
                ReadStreamFooter(indexSize);
                _phase = Phase.Padding;
                return;
            }
            BlockHeader header = BlockHeader.Read(_input, sizeByte, start, _check!.Size);
            byte props = header.Filters[header.Filters.Count - 1].Properties[0];
            long dict = Lzma2Decoder.DictionarySize(props);
            if (dict < 0)
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz LZMA2 dictionary size byte " + props + " is invalid (block at byte " + start + ")", start);
            if (dict > _maxDictionary)
                throw new CorruptDataException(IssueKind.LimitExceeded, "xz dictionary of " + dict + " bytes exceeds the limit of " + _maxDictionary + " bytes (block at byte " + start + ")", start);
            int windowSize = LzmaWindow.SizeFor(dict, header.UncompressedSize.HasValue ? (long)Math.Min(header.UncompressedSize.Value, (ulong)long.MaxValue) : long.MaxValue);
            // Reuse the window across blocks while it is large enough and within this block's dictionary bound.
            if (_window != null && (_window.MaxSize < windowSize || _window.MaxSize > LzmaWindow.SizeFor(dict, long.MaxValue))) _window = null;
            _window ??= new LzmaWindow(windowSize);
            _chunkBuffer ??= Lzma2Decoder.NewChunkBuffer();
            var lzma2 = new Lzma2Decoder(_input, _lzma, _window, _chunkBuffer,
                header.CompressedSize ?? ulong.MaxValue, header.UncompressedSize ?? ulong.MaxValue);
            _block = new XzBlock(_input, header, _check, lzma2, start);
            _phase = Phase.BlockData;
        }

        private void ReadStreamFooter(long indexSize)
        {
            long start = _input.Offset;
            byte[] f = _scratch;
            _input.ReadExactly(f, 0, 12, "stream footer");
            if (f[10] != (byte)'Y' || f[11] != (byte)'Z')
                throw new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: the stream footer magic is wrong (at byte " + start + ")", start);
            if (Crc32.Compute(new ReadOnlySpan<byte>(f, 4, 6)) != BitConverterLe.UInt32(f, 0))
                throw new CorruptDataException(IssueKind.ChecksumMismatch, "xz stream footer CRC32 does not match (at byte " + start + ")", start);
            if (f[8] != 0 || (f[9] & 0xF0) != 0)
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz stream footer flags use reserved bits (at byte " + start + ")", start);
            long backward = ((long)BitConverterLe.UInt32(f, 4) + 1) * 4;
            if (backward != indexSize)
                throw new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: the footer's Backward Size " + backward + " is not the Index size " + indexSize + " (at byte " + start + ")", start);
            if (f[9] != _streamFlags)
                throw new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: the stream footer flags differ from the header's (at byte " + start + ")", start);
        }

        private void SkipPadding()
        {
            long start = _input.Offset;
            long zeros = 0;
            while (true)
            {
                int b = _input.ReadByte();
                if (b == 0)
                {
                    zeros++;
                    continue;
                }
                if (zeros % 4 != 0)
                    throw new CorruptDataException(IssueKind.ArchiveCorrupt, "xz stream padding of " + zeros + " bytes is not a multiple of four (at byte " + start + ")", start);
                if (b < 0)
                {
                    _phase = Phase.Done;
                    return;
                }
                _preRead = b;
                _phase = Phase.StreamHeader;
                return;
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _check?.Dispose();
                if (!_leaveOpen) _compressed.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
