using System.Text;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Compression.ZstdTestSupport;

namespace VirtDiag.Tests.Compression
{
    /// <summary>zstd's own golden test files (../shared/fixtures/zstd-testsuite, see its PROVENANCE.md).</summary>
    public class ZstdGoldenTests
    {
        public static TheoryData<string> GoldenDecompression() => Names("golden-decompression");
        public static TheoryData<string> GoldenErrors() => Names("golden-decompression-errors");
        public static TheoryData<string> GoldenCompression() => Names("golden-compression");

        private static TheoryData<string> Names(string dir)
        {
            var data = new TheoryData<string>();
            if (Repo.Fixtures == null) { data.Add(""); return data; }
            foreach (string f in Directory.GetFiles(Repo.Fixture("zstd-testsuite", dir)).OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
            return data;
        }

        // Expected content, checked by hand against the files (xxd) and `zstd -dc | wc -c; | xxd | sort -u`:
        //   block-128k.zst: one 128 KiB compressed block holding 131068 raw zero literals and 0 sequences;
        //   empty-block.zst: one empty raw block; rle-first-block.zst: 1 MiB of zeros;
        //   zeroSeq_2B.zst: raw literals "Hello World!\n" then a 2-byte sequence count of 0 (zstd 1.5.4 wrongly rejects it).
        [FixtureFact]
        public void GoldenDecompressionFilesDecodeToTheStatedContent()
        {
            Assert.Equal(new byte[131068], Decode("block-128k.zst"));
            Assert.Empty(Decode("empty-block.zst"));
            Assert.Equal(new byte[1 << 20], Decode("rle-first-block.zst"));
            Assert.Equal(Encoding.ASCII.GetBytes("Hello World!\n"), Decode("zeroSeq_2B.zst"));
        }

        private static byte[] Decode(string name)
        {
            byte[] z = File.ReadAllBytes(Repo.Fixture("zstd-testsuite", "golden-decompression", name));
            var (stream, fault) = DecodeStream(z);
            Assert.Null(fault);
            var (oneShot, fault2) = DecodeOneShot(z, stream.Length);
            Assert.Null(fault2);
            Assert.Equal(stream, oneShot);
            return stream;
        }

        [ZstdFixtureTheory]
        [MemberData(nameof(GoldenDecompression))]
        public void GoldenDecompressionFileMatchesTheZstdProgramWhereItAgrees(string name)
        {
            byte[] z = File.ReadAllBytes(Repo.Fixture("zstd-testsuite", "golden-decompression", name));
            var (code, expected, _) = Tools.Run("zstd", "-dc", z);
            var (ours, fault) = DecodeStream(z);
            Assert.Null(fault);
            if (code == 0) Assert.Equal(expected, ours);
            else Assert.Equal("zeroSeq_2B.zst", name); // the one file Debian's zstd 1.5.4 rejects (PROVENANCE.md)
        }

        [FixtureTheory]
        [MemberData(nameof(GoldenErrors))]
        public void GoldenErrorFileIsRejectedAsCorrupt(string name)
        {
            byte[] z = File.ReadAllBytes(Repo.Fixture("zstd-testsuite", "golden-decompression-errors", name));
            var (_, fault) = DecodeStream(z);
            Assert.NotNull(fault);
            Assert.Equal(IssueKind.ArchiveCorrupt, fault!.Kind);
            Assert.InRange(fault.Offset, 0, z.Length);
            var (_, fault2) = DecodeOneShot(z, 1 << 20);
            Assert.NotNull(fault2);
            Assert.Equal(IssueKind.ArchiveCorrupt, fault2!.Kind);
        }

        [ZstdFixtureTheory]
        [MemberData(nameof(GoldenCompression))]
        public void GoldenCompressionInputRoundTripsAtSeveralLevels(string name)
        {
            byte[] input = File.ReadAllBytes(Repo.Fixture("zstd-testsuite", "golden-compression", name));
            foreach (string args in new[] { "-c -1", "-c -3", "-c -9", "-c -19", "-c --ultra -22", "-c --fast=5" })
            {
                byte[] z = Zstd(args, input);
                var (ours, fault) = DecodeStream(z);
                Assert.Null(fault);
                Assert.True(input.AsSpan().SequenceEqual(ours), name + " with zstd " + args);
                var (oneShot, fault2) = DecodeOneShot(z, input.Length);
                Assert.Null(fault2);
                Assert.True(input.AsSpan().SequenceEqual(oneShot), name + " one-shot with zstd " + args);
            }
        }
    }
}
