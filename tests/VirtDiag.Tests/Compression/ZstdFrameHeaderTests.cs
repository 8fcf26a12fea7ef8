using VirtDiag.Io.Compression.Zstd;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Compression.ZstdTestSupport;

namespace VirtDiag.Tests.Compression
{
    /// <summary>
    /// Every frame header layout (RFC 8878 §3.1.1.1): the blocks and checksum of a frame made by zstd are re-wrapped
    /// in headers built here with each combination of single-segment flag, content-size field width (0/1/2/4/8 bytes),
    /// dictionary-id field width (0/1/2/4 bytes, id 0 = none) and window descriptor; all must decode the same.
    /// </summary>
    public class ZstdFrameHeaderTests
    {
        public static TheoryData<int> ContentSizes() => new TheoryData<int> { 0, 200, 255, 256, 1000, 65791, 65792, 200_000 };

        [ZstdToolTheory]
        [MemberData(nameof(ContentSizes))]
        public void EveryHeaderLayoutDecodes(int size)
        {
            byte[] data = LogText(size, size);
            // Piped input: zstd writes no content size (except for empty input, a single-segment frame).
            byte[] z = ZstdPiped("-c -q -3 --check", data);
            bool originalSingle = (z[4] & 0x20) != 0;
            Assert.Equal(size == 0, originalSingle);
            byte[] body = z.AsSpan(4 + Frame.HeaderSize(z[4])).ToArray(); // blocks and checksum
            int windowByte = originalSingle ? 0 : z[5];
            int layouts = 0;
            foreach (bool single in new[] { false, true })
            {
                foreach (int fcsFlag in new[] { 0, 1, 2, 3 })
                {
                    if (fcsFlag == 0 && single && size > 255) continue; // a 1-byte content size cannot say it
                    if (fcsFlag == 1 && (size < 256 || size > 65791)) continue;
                    if (single && fcsFlag == 0 && size > 255) continue;
                    foreach (int dictFlag in new[] { 0, 1, 2, 3 })
                    {
                        var h = new List<byte> { 0x28, 0xB5, 0x2F, 0xFD, (byte)((fcsFlag << 6) | (single ? 0x20 : 0) | 0x04 | dictFlag) };
                        if (!single) h.Add((byte)windowByte);
                        int dictBytes = dictFlag == 3 ? 4 : dictFlag;
                        for (int i = 0; i < dictBytes; i++) h.Add(0);
                        int fcsBytes = fcsFlag == 0 ? (single ? 1 : 0) : 1 << fcsFlag;
                        ulong fcs = fcsFlag == 1 ? (ulong)size - 256 : (ulong)size;
                        for (int i = 0; i < fcsBytes; i++) h.Add((byte)(fcs >> (8 * i)));
                        byte[] frame = h.Concat(body).ToArray();
                        Assert.Equal(fcsBytes == 0 ? -1 : size, ZstdDecoder.GetFrameContentSize(frame));
                        var (ours, fault) = DecodeStream(frame);
                        Assert.Null(fault);
                        Assert.Equal(data, ours);
                        var (oneShot, fault2) = DecodeOneShot(frame, size);
                        Assert.Null(fault2);
                        Assert.Equal(data, oneShot);
                        layouts++;
                    }
                }
            }
            Assert.True(layouts >= 16);
        }

        [ZstdToolTheory]
        [InlineData(1)]
        [InlineData(-1)]
        public void ContentSizeThatDisagreesWithTheBlocksIsCorrupt(int delta)
        {
            byte[] data = LogText(5000, 3);
            byte[] z = ZstdPiped("-c -q -3 --no-check", data);
            byte[] body = z.AsSpan(6).ToArray();
            uint fcs = (uint)(data.Length + delta);
            byte[] frame = new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x80, z[5], (byte)fcs, (byte)(fcs >> 8), (byte)(fcs >> 16), (byte)(fcs >> 24) }.Concat(body).ToArray();
            var (_, fault) = DecodeStream(frame);
            Assert.Equal(VirtDiag.Diagnostics.IssueKind.ArchiveCorrupt, fault!.Kind);
            var (_, fault2) = DecodeOneShot(frame, data.Length + 10);
            Assert.Equal(VirtDiag.Diagnostics.IssueKind.ArchiveCorrupt, fault2!.Kind);
        }
    }
}
