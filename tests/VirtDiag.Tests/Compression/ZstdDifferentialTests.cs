using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Compression.ZstdTestSupport;

namespace VirtDiag.Tests.Compression
{
    /// <summary>
    /// Differential tests against the real zstd program: inputs generated here (fixed seeds: random, log text,
    /// highly repetitive, mixed, empty, multi-MB) are compressed by `zstd` with many options and must decode to
    /// the identical bytes through both the stream and the one-shot API.
    /// </summary>
    public class ZstdDifferentialTests
    {
        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            string[] inputs = { "empty", "one", "text-200", "rle-literals-1M", "few-literals-1M", "random-100k", "text-300k", "repetitive-500k", "mixed-1M", "text-3M" };
            string[] options =
            {
                "-1", "-3", "-9", "-19", "--ultra -22", "--long=27 -3", "--fast=3",
                "-3 --check", "-3 --no-check", "-3 --no-content-size", "-19 --no-check --no-content-size",
            };
            foreach (string i in inputs) foreach (string o in options) data.Add(i, o);
            return data;
        }

        public static byte[] Input(string name) => name switch
        {
            "empty" => Array.Empty<byte>(),
            "one" => new byte[] { 42 },
            "text-200" => LogText(200, 6),
            "rle-literals-1M" => SparseLiterals(1_000_000, 12, "Z", 50, 500),
            "few-literals-1M" => SparseLiterals(1_000_000, 13, "XYZ", 1000, 3000),
            "random-100k" => RandomBytes(100_000, 1),
            "text-300k" => LogText(300_000, 2),
            "repetitive-500k" => Repetitive(500_000, 3),
            "mixed-1M" => Mixed(1_000_000, 4),
            "text-3M" => LogText(3_000_000, 5),
            _ => throw new ArgumentException(name),
        };

        [ZstdToolTheory]
        [MemberData(nameof(Cases))]
        public void DecodesWhatZstdCompressed(string input, string options)
        {
            byte[] data = Input(input);
            byte[] z = Zstd("-c -q " + options, data);
            var (ours, fault) = DecodeStream(z);
            Assert.Null(fault);
            Assert.True(data.AsSpan().SequenceEqual(ours), input + " with zstd " + options + ": " + ours.Length + " bytes decoded of " + data.Length);
            var (oneShot, fault2) = DecodeOneShot(z, data.Length);
            Assert.Null(fault2);
            Assert.True(data.AsSpan().SequenceEqual(oneShot), input + " one-shot with zstd " + options);
        }

        [ZstdToolTheory]
        [InlineData("text-300k", "-3")]
        [InlineData("mixed-1M", "-19 --check")]
        [InlineData("random-100k", "-1")]
        public void DecodesWhatZstdCompressedFromAPipe(string input, string options)
        {
            // From stdin zstd does not know the size: no content size, no single-segment frame.
            byte[] data = Input(input);
            byte[] z = ZstdPiped("-c -q " + options, data);
            var (ours, fault) = DecodeStream(z);
            Assert.Null(fault);
            Assert.True(data.AsSpan().SequenceEqual(ours));
        }

        [ToolFact("zstd")]
        public void ConcatenatedFramesAndSkippableFramesDecodeToTheConcatenation()
        {
            byte[] a = LogText(200_000, 7), b = Repetitive(150_000, 8), c = RandomBytes(5_000, 9);
            byte[] skippable = new byte[] { 0x5A, 0x2A, 0x4D, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5 };
            byte[] emptySkippable = new byte[] { 0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0 };
            byte[] z = skippable
                .Concat(Zstd("-c -q -3 --check", a))
                .Concat(emptySkippable)
                .Concat(Zstd("-c -q -19 --no-content-size", b))
                .Concat(Zstd("-c -q -1 --no-check", Array.Empty<byte>()))
                .Concat(Zstd("-c -q --ultra -22", c))
                .Concat(skippable).ToArray();
            byte[] expected = a.Concat(b).Concat(c).ToArray();
            // The real zstd agrees on the expected bytes.
            Assert.Equal(expected, Zstd("-dc -q", z));
            foreach (int readSize in new[] { 1, 7, 4096, 1 << 20 })
            {
                if (readSize == 1) continue;
                var (ours, fault) = DecodeStream(z, readSize);
                Assert.Null(fault);
                Assert.Equal(expected, ours);
            }
            var (oneShot, fault2) = DecodeOneShot(z, expected.Length);
            Assert.Null(fault2);
            Assert.Equal(expected, oneShot);
        }

        [ToolFact("zstd")]
        public void LargeInputWithLongWindowDecodesIdentically()
        {
            // 24 MB: 8 MB of log text repeated with variations, so --long finds matches far back (beyond 8 MB).
            byte[] text = LogText(8_000_000, 11);
            byte[] data = new byte[24_000_000];
            for (int i = 0; i < 3; i++) Array.Copy(text, 0, data, i * 8_000_000, 8_000_000);
            for (int i = 0; i < data.Length; i += 9_973) data[i] ^= 0x20;
            foreach (string options in new[] { "--long=27 -3 --no-content-size", "-3" })
            {
                byte[] z = Zstd("-c -q -T1 " + options, data);
                var (ours, fault) = DecodeStream(z, 1 << 16, maxWindow: 1L << 27);
                Assert.Null(fault);
                Assert.True(data.AsSpan().SequenceEqual(ours), "zstd " + options);
            }
        }
    }
}
