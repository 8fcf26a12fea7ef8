using VirtDiag.Common;
using VirtDiag.Io.Compression.Zstd;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Compression.ZstdTestSupport;

namespace VirtDiag.Tests.Compression
{
    /// <summary>
    /// Bad input: truncation at every offset, random bit flips, garbage, limits. The decoder must only ever throw
    /// CorruptDataException, after delivering a prefix of the right output. Inputs are generated here.
    /// </summary>
    public class ZstdCorruptionTests
    {
        private static byte[] Sample() => Mixed(40_000, 21);

        [ToolFact("zstd")]
        public void TruncationAtEveryOffsetGivesTruncatedOrCorruptAfterAPrefix()
        {
            byte[] data = Sample();
            // Several blocks: --zstd=b... keeps blocks small? no: -B is for threads; a 40 KB input is one block, so add a
            // second frame with raw blocks (random data) to cover raw-block truncation as well.
            byte[] z = Zstd("-c -q -19 --check", data).Concat(Zstd("-c -q -1 --check", RandomBytes(3000, 22))).ToArray();
            byte[] full = data.Concat(RandomBytes(3000, 22)).ToArray();
            int firstFrame = Zstd("-c -q -19 --check", data).Length;
            for (int cut = 1; cut < z.Length; cut++)
            {
                byte[] part = z.AsSpan(0, cut).ToArray();
                var (output, fault) = DecodeStream(part, 997);
                if (cut == firstFrame)
                {
                    Assert.Null(fault); // a cut between frames is a complete stream
                    Assert.Equal(data, output);
                    continue;
                }
                Assert.NotNull(fault);
                Assert.True(fault!.Kind == IssueKind.ArchiveTruncated || fault.Kind == IssueKind.ArchiveCorrupt, "cut " + cut + ": " + fault.Kind + " " + fault.Message);
                Assert.InRange(fault.Offset, 0, cut);
                Assert.True(full.AsSpan(0, output.Length).SequenceEqual(output), "cut " + cut + ": output is not a prefix");
                if (cut > firstFrame + 8) Assert.True(output.Length >= data.Length, "cut " + cut + ": the complete first frame was not delivered");
                var (oneShot, fault2) = DecodeOneShot(part, full.Length);
                Assert.NotNull(fault2);
                Assert.True(full.AsSpan(0, oneShot.Length).SequenceEqual(oneShot), "one-shot cut " + cut);
            }
        }

        [ToolFact("zstd")]
        public void RandomBitFlipsGiveCorruptDataExceptionOrTheRightBytes()
        {
            var rnd = new Random(12345);
            foreach (string level in new[] { "-1", "-19" })
            {
                byte[] data = Sample();
                byte[] z = Zstd("-c -q --check " + level, data);
                for (int trial = 0; trial < 1500; trial++)
                {
                    byte[] bad = (byte[])z.Clone();
                    int flips = 1 + rnd.Next(3);
                    for (int f = 0; f < flips; f++) bad[rnd.Next(bad.Length)] ^= (byte)(1 << rnd.Next(8));
                    var (output, fault) = DecodeStream(bad);
                    if (fault == null) Assert.Equal(data, output); // the checksum guards everything else
                    Assert.True(output.Length <= data.Length + 200_000, "output is bounded");
                    var (_, fault2) = DecodeOneShot(bad, data.Length);
                    if (fault2 == null) Assert.True(fault == null, "one-shot accepted what the stream refused");
                }
            }
        }

        [Fact]
        public void GarbageAfterAMagicNumberIsCorruptNeverAnotherException()
        {
            var rnd = new Random(777);
            for (int trial = 0; trial < 3000; trial++)
            {
                byte[] bad = new byte[9 + rnd.Next(0, 400)];
                rnd.NextBytes(bad);
                bad[0] = 0x28; bad[1] = 0xB5; bad[2] = 0x2F; bad[3] = 0xFD;
                if (trial % 3 == 0) bad[4] = (byte)(bad[4] & 0xF3); // valid descriptor: no dictionary, no reserved bit
                if (trial % 3 == 1) { bad[4] = 0x20; bad[5] = 200; bad[6] = 0x05 | (2 << 1); bad[7] = (byte)(bad.Length & 0xF8); bad[8] = 0; } // compressed block
                var (_, fault) = DecodeStream(bad, maxWindow: 1 << 20);
                Assert.NotNull(fault);
                var (_, fault2) = DecodeOneShot(bad, 1 << 16);
                Assert.NotNull(fault2);
            }
        }

        [Fact]
        public void NotAZstdFrameIsCorrupt()
        {
            var (_, fault) = DecodeStream(new byte[] { 1, 2, 3, 4, 5, 6 });
            Assert.Equal(IssueKind.ArchiveCorrupt, fault!.Kind);
            Assert.Equal(0, fault.Offset);
        }

        [Fact]
        public void WindowLargerThanTheLimitIsRefusedBeforeAllocating()
        {
            // Frame header: descriptor 0 (window descriptor follows), window exponent 31 (2 TiB), then an empty last raw block.
            byte[] z = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 31 << 3, 0x01, 0x00, 0x00 };
            long before = GC.GetAllocatedBytesForCurrentThread();
            var (output, fault) = DecodeStream(z);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
            Assert.Empty(output);
            Assert.Equal(IssueKind.LimitExceeded, fault!.Kind);
            Assert.Equal(4, fault.Offset);
            // Single-segment frame declaring 2^40 bytes of content: the window is the content size.
            byte[] big = { 0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0, 0, 1, 0, 0, 0x01, 0x00, 0x00 };
            Assert.Equal(IssueKind.LimitExceeded, DecodeStream(big).Fault!.Kind);
            // A smaller limit from the ReadContext: 8 MiB window refused at a 1 MiB limit.
            byte[] eight = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 13 << 3, 0x01, 0x00, 0x00 };
            var ctx = new ReadContext { MaxDictionarySize = 1 << 20 };
            using var s = Decoders.Open(new MemoryStream(eight), CompressionKind.Zstd, ctx);
            var e = Assert.Throws<CorruptDataException>(() => s.Read(new byte[10], 0, 10));
            Assert.Equal(IssueKind.LimitExceeded, e.Kind);
        }

        [ToolFact("zstd")]
        public void LargeDeclaredWindowCostsMemoryOnlyAsTheDataNeedsIt()
        {
            // From a pipe with --long=27 the frame declares a 128 MiB window and no content size.
            byte[] data = LogText(20_000, 33);
            byte[] z = ZstdPiped("-c -q --long=27 -3", data);
            Assert.Equal(0, z[4] & 0x20); // not single-segment: the window descriptor rules
            Assert.Equal(17 << 3, z[5]);  // exponent 17: 2^27 bytes
            long before = GC.GetAllocatedBytesForCurrentThread();
            var (output, fault) = DecodeStream(z, 4096, maxWindow: 1L << 27);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Null(fault);
            Assert.Equal(data, output);
            Assert.True(allocated < 4 << 20, allocated + " bytes allocated");
        }

        [Fact]
        public void DictionaryFramesAreUnsupported()
        {
            // Descriptor 0x01: window descriptor and a 1-byte dictionary id (7).
            byte[] z = { 0x28, 0xB5, 0x2F, 0xFD, 0x01, 0x00, 0x07, 0x01, 0x00, 0x00 };
            Assert.Equal(IssueKind.UnsupportedFormat, DecodeStream(z).Fault!.Kind);
            Assert.Equal(IssueKind.UnsupportedFormat, DecodeOneShot(z, 100).Fault!.Kind);
        }

        [ToolFact("zstd")]
        public void ChecksumMismatchIsReportedAfterTheContentWasDelivered()
        {
            byte[] data = LogText(50_000, 31);
            byte[] z = Zstd("-c -q --check -3", data);
            z[z.Length - 1] ^= 0x55;
            var (output, fault) = DecodeStream(z);
            Assert.Equal(IssueKind.ChecksumMismatch, fault!.Kind);
            Assert.Equal(z.Length - 4, fault.Offset);
            Assert.Equal(data, output);
            var (oneShot, fault2) = DecodeOneShot(z, data.Length);
            Assert.Equal(IssueKind.ChecksumMismatch, fault2!.Kind);
            Assert.Equal(data, oneShot);
        }

        [ToolFact("zstd")]
        public void DestinationTooSmallIsALimitNotACrash()
        {
            byte[] data = LogText(50_000, 32);
            byte[] z = Zstd("-c -q -3", data);
            var (_, fault) = DecodeOneShot(z, 49_999);
            Assert.Equal(IssueKind.LimitExceeded, fault!.Kind);
            byte[] zNoSize = Zstd("-c -q -3 --no-content-size", data);
            var (prefix, fault2) = DecodeOneShot(zNoSize, 49_999);
            Assert.NotNull(fault2);
            Assert.True(data.AsSpan(0, prefix.Length).SequenceEqual(prefix));
            Assert.Throws<CorruptDataException>(() => ZstdDecoder.Decompress(zNoSize, new byte[100]));
        }
    }
}
