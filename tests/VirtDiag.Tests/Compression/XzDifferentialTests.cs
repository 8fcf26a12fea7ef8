using VirtDiag.Io.Compression.Xz;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>
    /// Our decoder against the real `xz` on data generated here (fixed seeds): every output byte-identical to `xz -dc`.
    /// </summary>
    public sealed class XzDifferentialTests
    {
        private static void AssertSameAsXz(byte[] xz, byte[] original, int readSize = 1 << 16)
        {
            var got = XzTestKit.Decode(xz, readSize);
            Assert.Null(got.Error);
            var reference = XzTestKit.ReferenceDecode(xz);
            Assert.True(reference.Ok);
            Assert.Equal(original.Length, reference.Output.Length);
            Assert.True(reference.Output.AsSpan().SequenceEqual(got.Output), "output differs from xz -dc");
            Assert.True(original.AsSpan().SequenceEqual(got.Output), "output differs from the original");
        }

        [ToolFact("xz")]
        public void EveryPresetOnTextAndRandomData()
        {
            byte[] text = XzTestKit.Text(300_000, 1);
            byte[] random = XzTestKit.RandomBytes(70_000, 2);
            foreach (string preset in new[] { "-0", "-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8", "-9", "-9e", "-0e", "-6e" })
            {
                AssertSameAsXz(XzTestKit.Compress(text, preset), text);
                AssertSameAsXz(XzTestKit.Compress(random, preset), random);
            }
        }

        [ToolFact("xz")]
        public void EmptyAndTinyInputs()
        {
            foreach (int size in new[] { 0, 1, 2, 5, 13, 4096 })
            {
                byte[] text = XzTestKit.Text(size, 3);
                AssertSameAsXz(XzTestKit.Compress(text, "-6"), text);
                AssertSameAsXz(XzTestKit.Compress(text, "-6"), text, 1);
            }
        }

        [ToolFact("xz")]
        public void EveryCheckType()
        {
            byte[] text = XzTestKit.Text(1_000_000, 4);
            foreach (string check in new[] { "none", "crc32", "crc64", "sha256" })
                AssertSameAsXz(XzTestKit.Compress(text, "-3 --check=" + check), text);
        }

        [ToolFact("xz")]
        public void MultiMegabyteInputsReadInOddSizes()
        {
            byte[] text = XzTestKit.Text(6_000_000, 5);
            byte[] xz = XzTestKit.Compress(text, "-6");
            AssertSameAsXz(xz, text);
            AssertSameAsXz(xz, text, 4093);
            byte[] random = XzTestKit.RandomBytes(3_000_000, 6);
            AssertSameAsXz(XzTestKit.Compress(random, "-1"), random);
        }

        [ToolFact("xz")]
        public void BlockSizesAndThreadedBlocksWithSizesInHeaders()
        {
            byte[] text = XzTestKit.Text(700_000, 7);
            foreach (string opts in new[] { "--block-size=65536", "--block-size=1000" })
                AssertSameAsXz(XzTestKit.Compress(text, opts), text);
            byte[] small = text.AsSpan(0, 3000).ToArray();
            AssertSameAsXz(XzTestKit.Compress(small, "-0 --block-size=1"), small);
            // xz -T2 writes Compressed and Uncompressed Size into every block header.
            var r = Tools.Run("xz", "-c -T2 --block-size=100000", text);
            Assert.Equal(0, r.ExitCode);
            AssertSameAsXz(r.Stdout, text);
        }

        [ToolFact("xz")]
        public void SmallDictionariesWrapTheWindowAndLzmaParametersVary()
        {
            byte[] text = XzTestKit.Text(2_000_000, 8);
            foreach (string lzma in new[] { "dict=4KiB", "dict=64KiB,lc=0,lp=4,pb=4", "dict=1MiB,lc=4,lp=0,pb=0", "dict=12KiB,mode=fast,mf=hc3,nice=273", "preset=9e,dict=6KiB,lc=1,lp=3,pb=2", "dict=192KiB", "dict=300KiB,lc=2,lp=1,pb=1" })
                AssertSameAsXz(XzTestKit.Compress(text, "--lzma2=" + lzma), text);
        }

        [ToolFact("xz")]
        public void SmallFileWithLargeDictionaryDoesNotAllocateTheWholeDictionary()
        {
            // xz -9 declares a 64 MiB dictionary and writes no sizes into block headers; a 20 KB rotated log
            // must not cost 64 MiB (the window grows with the data, up to the dictionary, before it first wraps).
            byte[] text = XzTestKit.Text(20_000, 14);
            foreach (var (format, make) in new (string, Func<byte[], byte[]>)[] { ("xz", t => XzTestKit.Compress(t, "-9")), ("lzma", t => XzTestKit.Compress(t, "-9 --format=lzma")) })
            {
                byte[] packed = make(text);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var output = new MemoryStream();
                using (Stream s = format == "xz" ? new XzDecoderStream(new MemoryStream(packed)) : new LzmaAloneDecoderStream(new MemoryStream(packed))) s.CopyTo(output);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(text, output.ToArray());
                Assert.True(allocated < 1 << 20, format + ": decoding 20 KB allocated " + allocated + " bytes");
            }
        }

        [ToolFact("xz")]
        public void ConcatenatedStreamsWithStreamPadding()
        {
            byte[] a = XzTestKit.Text(50_000, 9), b = XzTestKit.RandomBytes(20_000, 10), c = Array.Empty<byte>();
            byte[] xa = XzTestKit.Compress(a, "-6"), xb = XzTestKit.Compress(b, "-2 --check=sha256"), xc = XzTestKit.Compress(c, "--check=none");
            byte[] joined = xa.Concat(new byte[4]).Concat(xb).Concat(xc).Concat(new byte[8]).Concat(xa).Concat(new byte[12]).ToArray();
            AssertSameAsXz(joined, a.Concat(b).Concat(c).Concat(a).ToArray());
            AssertSameAsXz(joined, a.Concat(b).Concat(c).Concat(a).ToArray(), 1);
        }

        [ToolFact("xz")]
        public void DeltaAndBranchFilters()
        {
            // Random bytes are dense in the opcodes each BCJ filter rewrites; text keeps the LZMA2 side realistic.
            byte[] data = XzTestKit.RandomBytes(200_000, 11).Concat(XzTestKit.Text(100_000, 12)).Concat(XzTestKit.RandomBytes(3_333, 13)).ToArray();
            foreach (string f in new[] { "--delta=dist=1", "--delta=dist=4 --delta=dist=256", "--x86", "--x86=start=4096", "--powerpc", "--ia64", "--arm", "--armthumb", "--sparc", "--arm64", "--arm64=start=4294963200", "--x86 --delta=dist=2" })
                AssertSameAsXz(XzTestKit.Compress(data, f + " --lzma2=preset=6"), data);
            // A tail shorter than a whole instruction passes through unchanged.
            byte[] small = XzTestKit.RandomBytes(19, 14);
            foreach (string f in new[] { "--x86", "--ia64", "--armthumb" })
                AssertSameAsXz(XzTestKit.Compress(small, f + " --lzma2=preset=0"), small);
        }
    }
}
