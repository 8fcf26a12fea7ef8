using System.IO.Compression;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>trace.dat chunks compressed with zlib go through Io's decoders: header checked, Adler-32 verified, faults with the chunk's offset.</summary>
    public class ChunkDecompressorTests
    {
        private static byte[] Zlib(byte[] data)
        {
            var ms = new MemoryStream();
            using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        private static readonly byte[] Page = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => "sched_switch prev_pid=" + i + " next_pid=" + (i * 7 % 311) + "\n")));

        [Fact]
        public void AZlibChunkDecodesToItsBytes()
        {
            byte[] z = Zlib(Page);
            var output = new byte[Page.Length];
            Assert.Equal(Page.Length, ChunkDecompressor.Decompress("zlib", z, z.Length, output, output.Length, new ReadContext(), 4096));
            Assert.Equal(Page, output);
        }

        [Fact]
        public void AZlibChunkWhoseAdler32DoesNotMatchIsAChecksumMismatchAtTheChunk()
        {
            byte[] z = Zlib(Page);
            z[^1] ^= 0x5A; // the Adler-32 trailer, not the deflate data: DeflateStream alone never noticed
            var output = new byte[Page.Length];
            var e = Assert.Throws<CorruptDataException>(() => ChunkDecompressor.Decompress("zlib", z, z.Length, output, output.Length, new ReadContext(), 8192));
            Assert.Equal(IssueKind.ChecksumMismatch, e.Kind);
            Assert.Equal(8192, e.Offset);
            Assert.Contains("zlib", e.Message);
        }

        [Fact]
        public void ACutZlibChunkIsTruncatedAtTheChunk()
        {
            byte[] z = Zlib(Page);
            var output = new byte[Page.Length];
            var e = Assert.Throws<CorruptDataException>(() => ChunkDecompressor.Decompress("zlib", z, z.Length / 2, output, output.Length, new ReadContext(), 12288));
            Assert.Equal(IssueKind.ArchiveTruncated, e.Kind);
            Assert.Equal(12288, e.Offset);
        }
    }
}
