using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>One block being decoded: its filter chain, the running integrity check, and the checks at its end.</summary>
    internal sealed class XzBlock
    {
        private readonly XzInput _input;
        private readonly BlockHeader _header;
        private readonly XzCheck _check;
        private readonly Lzma2Decoder _lzma2;
        private readonly FilterStage _top;
        private readonly long _start;
        private ulong _uncompressed;

        public XzBlock(XzInput input, BlockHeader header, XzCheck check, Lzma2Decoder lzma2, long start)
        {
            _input = input;
            _header = header;
            _check = check;
            _lzma2 = lzma2;
            _start = start;
            _top = FilterStage.Chain(header.Filters, lzma2, start);
            _check.Reset();
        }

        /// <summary>Decoded bytes of this block; 0 at its end.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _top.Read(buffer, offset, count);
            if (n > 0)
            {
                _check.Update(buffer, offset, n);
                _uncompressed += (ulong)n;
            }
            return n;
        }

        /// <summary>Checks sizes, padding and the integrity check after the data ended; adds the block to <paramref name="index"/>.</summary>
        public void Finish(XzIndexHash index)
        {
            ulong compressed = _lzma2.CompressedSize;
            if (_header.CompressedSize.HasValue && _header.CompressedSize.Value != compressed)
                throw Corrupt("block data is " + compressed + " bytes but its header says " + _header.CompressedSize.Value);
            if (_header.UncompressedSize.HasValue && _header.UncompressedSize.Value != _uncompressed)
                throw Corrupt("block decodes to " + _uncompressed + " bytes but its header says " + _header.UncompressedSize.Value);
            for (ulong i = compressed; i % 4 != 0; i++)
            {
                long at = _input.Offset;
                if (_input.ReadByteOrThrow("block padding") != 0)
                    throw new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: block padding is not zero (at byte " + at + ")", at);
            }
            if (_check.Size > 0)
            {
                long at = _input.Offset;
                var stored = new byte[_check.Size];
                _input.ReadExactly(stored, 0, stored.Length, "block check");
                if (!_check.Matches(stored))
                    throw new CorruptDataException(IssueKind.ChecksumMismatch, "xz " + _check.Name + " of the block at byte " + _start + " does not match its data (check field at byte " + at + "); the data before it was delivered", at);
            }
            index.Add((ulong)_header.Size + compressed + (ulong)_check.Size, _uncompressed);
        }

        private CorruptDataException Corrupt(string what) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: " + what + " (block at byte " + _start + ")", _input.Offset);
    }
}
