using System;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// The LZMA2 filter: reads chunk headers, hands LZMA chunks (at most 64 KiB compressed, read whole into a padded
    /// buffer) to <see cref="LzmaDecoder"/> and copies stored chunks, all through the shared output window. A fault is
    /// held back until the bytes decoded before it were read out.
    /// </summary>
    internal sealed class Lzma2Decoder : FilterStage
    {
        private const int ChunkSlack = 64;
        private const int MaxSymbolBytes = 48;
        private readonly XzInput _input;
        private readonly LzmaDecoder _lzma;
        private readonly LzmaWindow _window;
        private readonly byte[] _chunk;
        private readonly ulong _compressedLimit;
        private readonly ulong _uncompressedLimit;
        private ulong _uncompressedTotal;
        private bool _needDictReset = true;
        private bool _needProps = true;
        private bool _ended;
        private bool _stored;
        private bool _truncated;
        private int _chunkLeft;
        private int _chunkPos;
        private int _chunkLen;
        private long _chunkOffset;
        private CorruptDataException? _fault;

        public Lzma2Decoder(XzInput input, LzmaDecoder lzma, LzmaWindow window, byte[] chunkBuffer, ulong compressedLimit, ulong uncompressedLimit)
        {
            _input = input;
            _lzma = lzma;
            _window = window;
            _chunk = chunkBuffer;
            _compressedLimit = compressedLimit;
            _uncompressedLimit = uncompressedLimit;
        }

        /// <summary>A chunk buffer large enough for any LZMA2 chunk plus the decoder's overrun slack.</summary>
        public static byte[] NewChunkBuffer() => new byte[(1 << 16) + ChunkSlack];

        /// <summary>Compressed bytes consumed so far, the end marker included.</summary>
        public ulong CompressedSize { get; private set; }

        /// <summary>Dictionary size coded in the LZMA2 properties byte, or -1 when the byte is invalid.</summary>
        public static long DictionarySize(byte props)
        {
            if (props > 40) return -1;
            if (props == 40) return 0xFFFFFFFFL;
            return (2L | (props & 1L)) << (props / 2 + 11);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                if (_window.Pending > 0) return _window.CopyOut(buffer, offset, count);
                if (_fault != null) throw _fault;
                if (_chunkLeft > 0) { DecodeSome(); continue; }
                if (_ended) return 0;
                ReadChunkHeader();
            }
        }

        private void DecodeSome()
        {
            _window.WrapIfAtEnd();
            int n = Math.Min(_window.Size - _window.Pos, _chunkLeft);
            int before = _window.Pos;
            if (_stored)
            {
                int got = _input.Read(_window.Buffer, _window.Pos, n);
                _window.Pos += got;
                _chunkLeft -= got;
                _uncompressedTotal += (ulong)got;
                if (got < n)
                {
                    _fault = _input.Truncated("LZMA2 stored chunk");
                    _chunkLeft = 0;
                }
                return;
            }

            LzmaStatus status = _lzma.Decode(_window, _chunk, ref _chunkPos, _chunkLen, _window.Pos + n);
            int produced = _window.Pos - before;
            _chunkLeft -= produced;
            _uncompressedTotal += (ulong)produced;
            if (_truncated && (status == LzmaStatus.InputOverrun || _chunkLeft == 0))
            {
                _fault = _input.Truncated("LZMA2 chunk");
                _chunkLeft = 0;
            }
            else if (status != LzmaStatus.Ok)
            {
                string why = status == LzmaStatus.EndMarker ? "an end-of-payload marker, which LZMA2 does not allow"
                    : status == LzmaStatus.DistanceError ? "a match distance beyond the decoded data" : "symbols running past the chunk";
                Fail("LZMA data has " + why);
            }
            else if (_chunkLeft == 0 && (_lzma.PendingMatch != 0 || _chunkPos != _chunkLen || !_lzma.RangeFinished))
            {
                Fail("LZMA chunk does not end where its header says");
            }
        }

        private void Fail(string what)
        {
            long at = _chunkOffset + Math.Min(_chunkPos, _chunkLen);
            _fault = new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: " + what + " (at byte " + at + ")", at);
            _chunkLeft = 0;
        }

        private CorruptDataException Corrupt(string what, long at) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: " + what + " (at byte " + at + ")", at);

        private byte NextHeaderByte(long at)
        {
            if (CompressedSize + 1 > _compressedLimit) throw Corrupt("LZMA2 data runs past the block's Compressed Size", at);
            CompressedSize++;
            return _input.ReadByteOrThrow("LZMA2 chunk header");
        }

        private void ReadChunkHeader()
        {
            long at = _input.Offset;
            byte control = NextHeaderByte(at);
            if (control == 0)
            {
                _ended = true;
                return;
            }
            if (control >= 0xE0 || control == 1)
            {
                _needProps = true;
                _needDictReset = false;
                _window.Reset();
            }
            else if (_needDictReset)
            {
                throw Corrupt("the first LZMA2 chunk does not reset the dictionary", at);
            }

            if (control < 0x80)
            {
                if (control > 2) throw Corrupt("reserved LZMA2 control byte 0x" + control.ToString("X2"), at);
                int size = (NextHeaderByte(at) << 8 | NextHeaderByte(at)) + 1;
                CheckSizes(size, size, at);
                _stored = true;
                _chunkLeft = size;
                return;
            }

            int uncompressed = ((control & 0x1F) << 16 | NextHeaderByte(at) << 8 | NextHeaderByte(at)) + 1;
            int compressed = (NextHeaderByte(at) << 8 | NextHeaderByte(at)) + 1;
            if (control >= 0xC0)
            {
                byte props = NextHeaderByte(at);
                if (props > (4 * 5 + 4) * 9 + 8) throw Corrupt("invalid LZMA properties byte " + props, at);
                int lc = props % 9, lp = props / 9 % 5, pb = props / 45;
                if (lc + lp > 4) throw Corrupt("LZMA2 properties lc=" + lc + " lp=" + lp + " exceed lc+lp=4", at);
                _needProps = false;
                _lzma.SetProperties(lc, lp, pb);
                _lzma.ResetState();
            }
            else if (_needProps)
            {
                throw Corrupt("an LZMA2 chunk continues without LZMA properties", at);
            }
            else if (control >= 0xA0)
            {
                _lzma.ResetState();
            }

            CheckSizes(compressed, uncompressed, at);
            _chunkOffset = _input.Offset;
            if (compressed < 5) throw Corrupt("LZMA chunk of " + compressed + " bytes is too short", at);
            int got = _input.Read(_chunk, 0, compressed);
            _truncated = got < compressed;
            if (got < 5) throw _input.Truncated("LZMA2 chunk");
            _chunkPos = 0;
            if (!_lzma.InitRange(_chunk, ref _chunkPos)) throw Corrupt("LZMA chunk does not start with a zero byte", _chunkOffset);
            // A chunk cut short by the end of the input is still decoded as far as whole symbols surely lie
            // within the bytes that did arrive (no symbol reads more than 48 bytes), so the output matches `xz -dc`'s.
            _chunkLen = _truncated ? got - MaxSymbolBytes : compressed;
            _stored = false;
            _chunkLeft = uncompressed;
        }

        private void CheckSizes(int compressed, int uncompressed, long at)
        {
            if (_uncompressedTotal + (ulong)uncompressed > _uncompressedLimit)
                throw Corrupt("LZMA2 data decodes to more than the block's Uncompressed Size " + _uncompressedLimit, at);
            if (CompressedSize + (ulong)compressed > _compressedLimit)
                throw Corrupt("LZMA2 data runs past the block's Compressed Size", at);
            CompressedSize += (ulong)compressed;
        }
    }
}
