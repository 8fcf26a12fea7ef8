using VirtDiag.Common;
using VirtDiag.Io.Compression.Xz;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>Cut and damaged .xz data (made here from generated text): a CorruptDataException only, after the bytes before the fault.</summary>
    public sealed class XzCorruptionTests
    {
        private static bool IsPrefix(byte[] prefix, byte[] of) => prefix.Length <= of.Length && of.AsSpan(0, prefix.Length).SequenceEqual(prefix);

        [ToolFact("xz")]
        public void EveryTruncationOfASmallFileIsReportedAsTruncatedAfterAPrefix()
        {
            byte[] text = XzTestKit.Text(3000, 21);
            byte[] xz = XzTestKit.Compress(text, "-6");
            for (int cut = 0; cut < xz.Length; cut++)
            {
                byte[] part = xz.AsSpan(0, cut).ToArray();
                var got = XzTestKit.Decode(part, cut % 2 == 0 ? 1 << 16 : 1);
                Assert.NotNull(got.Error);
                Assert.True(got.Error!.Kind == IssueKind.ArchiveTruncated, "cut " + cut + ": " + got.Error.Kind + " " + got.Error.Message);
                Assert.True(IsPrefix(got.Output, text), "cut " + cut + ": output is not a prefix of the original");
                // Once the whole block arrived (the Index starts after it), all of its data was delivered.
                if (cut >= xz.Length - 12 - 8) Assert.Equal(text.Length, got.Output.Length);
            }
        }

        [ToolFact("xz")]
        public void TruncatedMultiBlockFileDeliversAsMuchAsXz()
        {
            byte[] text = XzTestKit.Text(400_000, 22);
            byte[] xz = XzTestKit.Compress(text, "-6 --block-size=50000");
            var rnd = new Random(23);
            for (int i = 0; i < 40; i++)
            {
                int cut = rnd.Next(xz.Length);
                byte[] part = xz.AsSpan(0, cut).ToArray();
                var got = XzTestKit.Decode(part);
                Assert.Equal(IssueKind.ArchiveTruncated, got.Error!.Kind);
                Assert.True(IsPrefix(got.Output, text));
                var reference = XzTestKit.ReferenceDecode(part);
                Assert.False(reference.Ok);
                // xz -dc writes what it decoded; we hold back at most the last few symbols of a cut chunk.
                Assert.True(got.Output.Length >= reference.Output.Length - 300, "cut " + cut + ": ours " + got.Output.Length + ", xz " + reference.Output.Length);
            }
        }

        [ToolFact("xz")]
        public void BitFlipsAreAlwaysCaughtAndOutputAgreesWithXzUpToTheFault()
        {
            byte[] text = XzTestKit.Text(200_000, 24);
            byte[] xz = XzTestKit.Compress(text, "-6 --block-size=60000");
            var rnd = new Random(25);
            for (int i = 0; i < 60; i++)
            {
                byte[] bad = (byte[])xz.Clone();
                int at = i < 10 ? rnd.Next(Math.Min(64, xz.Length)) : i < 20 ? xz.Length - 1 - rnd.Next(64) : rnd.Next(xz.Length);
                bad[at] ^= (byte)(1 << rnd.Next(8));
                var got = XzTestKit.Decode(bad);
                Assert.NotNull(got.Error);
                Assert.Contains(got.Error!.Kind, new[] { IssueKind.ArchiveCorrupt, IssueKind.ChecksumMismatch, IssueKind.ArchiveTruncated, IssueKind.UnsupportedFormat });
                var reference = XzTestKit.ReferenceDecode(bad);
                Assert.False(reference.Ok);
                int common = Math.Min(got.Output.Length, reference.Output.Length);
                Assert.True(got.Output.AsSpan(0, common).SequenceEqual(reference.Output.AsSpan(0, common)), "flip at " + at + " gives other bytes than xz");
            }
        }

        [Fact]
        public void TextAndGarbageAreNotXz()
        {
            var text = XzTestKit.Decode(System.Text.Encoding.ASCII.GetBytes("2024-05-01 this is a plain log line\n"));
            Assert.Equal(IssueKind.ArchiveCorrupt, text.Error!.Kind);
            Assert.Equal(0, text.Error.Offset);
            var empty = XzTestKit.Decode(Array.Empty<byte>());
            Assert.Equal(IssueKind.ArchiveTruncated, empty.Error!.Kind);
            byte[] garbage = new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 }.Concat(XzTestKit.RandomBytes(5000, 26)).ToArray();
            var g = XzTestKit.Decode(garbage);
            Assert.NotNull(g.Error);
            Assert.Empty(g.Output);
        }

        [ToolFact("xz")]
        public void DictionaryOverTheLimitIsRefusedBeforeDecoding()
        {
            byte[] text = XzTestKit.Text(10_000, 27);
            byte[] xz = XzTestKit.Compress(text, "--lzma2=dict=64MiB");
            var got = XzTestKit.Decode(xz, context: new ReadContext { MaxDictionarySize = 32L << 20 });
            Assert.Equal(IssueKind.LimitExceeded, got.Error!.Kind);
            Assert.Empty(got.Output);
            Assert.Null(XzTestKit.Decode(xz, context: new ReadContext { MaxDictionarySize = 64L << 20 }).Error);

            // The same block with its dictionary byte patched to 40 (4 GiB - 1), CRC32 fixed: over the 1 GiB default.
            Assert.Equal(IssueKind.LimitExceeded, XzTestKit.Decode(PatchDictionaryByte(xz, 40)).Error!.Kind);
            Assert.Equal(IssueKind.UnsupportedFormat, XzTestKit.Decode(PatchDictionaryByte(xz, 41)).Error!.Kind);
        }

        /// <summary>Sets the LZMA2 properties byte of the first block header (xz's single-filter layout) and recomputes its CRC32.</summary>
        private static byte[] PatchDictionaryByte(byte[] xz, byte props)
        {
            byte[] p = (byte[])xz.Clone();
            int start = 12, size = (p[start] + 1) * 4;
            Assert.Equal(0x21, p[start + 2]);   // flags 0x00 then filter ID LZMA2, props size 1, props byte
            p[start + 4] = props;
            uint crc = Crc32.Compute(p.AsSpan(start, size - 4));
            BitConverter.GetBytes(crc).CopyTo(p, start + size - 4);
            return p;
        }
    
        [ToolFact("xz")]
        public void RandomDamageNeverThrowsAnythingElseNorHangs()
        {
            // Overwrites, deletions, insertions and appended garbage on .xz files with and without filters (fixed seed).
            byte[] text = XzTestKit.Text(20_000, 28);
            byte[][] files =
            {
                XzTestKit.Compress(text, "-6"),
                XzTestKit.Compress(text, "--check=none --lzma2=dict=4KiB"),
                XzTestKit.Compress(text, "--x86 --delta=dist=3 --lzma2=preset=1"),
                XzTestKit.Compress(XzTestKit.RandomBytes(5000, 29), "-0 --check=sha256"),
            };
            var rnd = new Random(30);
            for (int i = 0; i < 400; i++)
            {
                byte[] f = files[i % files.Length];
                var damaged = new List<byte>(f);
                int edits = 1 + rnd.Next(4);
                for (int e = 0; e < edits; e++)
                {
                    int at = rnd.Next(damaged.Count);
                    switch (rnd.Next(4))
                    {
                        case 0: damaged[at] = (byte)rnd.Next(256); break;
                        case 1: damaged.RemoveRange(at, Math.Min(damaged.Count - at, 1 + rnd.Next(16))); break;
                        case 2: damaged.InsertRange(at, XzTestKit.RandomBytes(1 + rnd.Next(16), i)); break;
                        default: damaged.AddRange(XzTestKit.RandomBytes(1 + rnd.Next(64), i)); break;
                    }
                    if (damaged.Count == 0) damaged.Add(0);
                }
                var got = XzTestKit.Decode(damaged.ToArray(), 1 + rnd.Next(70_000));
                if (got.Error == null) Assert.True(got.Output.AsSpan().SequenceEqual(i % files.Length == 3 ? XzTestKit.RandomBytes(5000, 29) : text), "damage " + i + " decoded silently to other data");
            }
        }
    }
}
