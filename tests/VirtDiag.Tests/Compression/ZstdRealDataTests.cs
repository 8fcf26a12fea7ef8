using System.Buffers.Binary;
using VirtDiag.Common;
using VirtDiag.Io.Compression.Zstd;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Compression.ZstdTestSupport;

namespace VirtDiag.Tests.Compression
{
    /// <summary>Real zstd data (trace-cmd's per-chunk frames) and the input layer reading .zst logs.</summary>
    public class ZstdRealDataTests
    {
        // trace-cmd 3.x stores each compressed chunk as <u32 compressed size><u32 uncompressed size><zstd frame>.
        // Found with: python3 (find 28 B5 2F FD, unpack '<II' from the 8 bytes before) — 9 frames; `zstd -dc` of each
        // gives the stated sizes: 451, 11922, 29586, 5414662, 4320, 3342, 40960, 40960, 108.
        [FixtureFact]
        public void EveryFrameInTheZstdTraceFileDecodesToItsRecordedSize()
        {
            byte[] file = File.ReadAllBytes(Repo.Fixture("ftrace", "local", "local-sched-v7-zstd.dat"));
            var sizes = new List<int>();
            for (int p = file.AsSpan().IndexOf(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }); p >= 0;)
            {
                int compressed = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(p - 8));
                int uncompressed = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(p - 4));
                byte[] frame = file.AsSpan(p, compressed).ToArray();
                var dst = new byte[uncompressed];
                Assert.Equal(uncompressed, ZstdDecoder.Decompress(frame, dst));
                var (viaStream, fault) = DecodeStream(frame);
                Assert.Null(fault);
                Assert.Equal(dst, viaStream);
                if (Tools.Exists("zstd")) Assert.Equal(Zstd("-dc", frame), dst);
                sizes.Add(uncompressed);
                int next = file.AsSpan(p + 1).IndexOf(new byte[] { 0x28, 0xB5, 0x2F, 0xFD });
                p = next < 0 ? -1 : p + 1 + next;
            }
            Assert.Equal(new[] { 451, 11922, 29586, 5414662, 4320, 3342, 40960, 40960, 108 }, sizes);
        }

        private sealed class Lines : ILineParser<string>
        {
            public void ParseLine(ReadOnlySpan<byte> line, long n, List<string> output) => output.Add(n + ":" + System.Text.Encoding.UTF8.GetString(line));
            public void Complete(List<string> output) { }
        }

        [ToolFact("zstd")]
        public void ZstLogIsReadThroughTheInputLayer()
        {
            byte[] text = LogText(400_000, 41);
            string[] expected = System.Text.Encoding.ASCII.GetString(text).Split('\n');
            using var dir = new TempDir();
            string path = dir.File("vmkernel.log.zst", Zstd("-c -q -9 --check", text));
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            var lines = DocumentReader.ReadLines(docs, null, d => new Lines(), ctx).ToList();
            Assert.Empty(issues.Issues);
            Assert.Equal(expected.Length, lines.Count); // the last line has no newline and is cut mid-line
            Assert.Equal("1:" + expected[0], lines[0]);
            Assert.Equal(expected.Length + ":" + expected[^1], lines[^1]);
            Assert.Equal(CompressionKind.Zstd, Decoders.Detect(File.ReadAllBytes(path)));
        }

        [ToolFact("zstd")]
        public void TarZstBundleIsListedAndReadThroughTheInputLayer()
        {
            // A synthetic vm-support-like bundle (TarBuilder), compressed by the real zstd as .tar.zst.
            byte[] tar = new TarBuilder()
                .File("esx-esx07-2024-02-03--01.02-99/var/run/log/vmkernel.log", "k1\nk2\n")
                .File("esx-esx07-2024-02-03--01.02-99/var/run/log/hostd.log", "h1\n")
                .ToArray();
            using var dir = new TempDir();
            string path = dir.File("esx-esx07-2024-02-03--01.02-99.tar.zst", Zstd("-c -q -19", tar));
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            Assert.Empty(issues.Issues);
            Assert.Equal(new[] { "vmkernel.log", "hostd.log" }, docs.Select(d => d.Name));
            Assert.All(docs, d => Assert.Equal("esx07", d.HostName));
            var lines = DocumentReader.ReadLines(docs, d => d.Kind == LogKind.VmKernel, d => new Lines(), ctx).ToList();
            Assert.Equal(new[] { "1:k1", "2:k2" }, lines);
        }

        [ToolFact("zstd")]
        public void CorruptZstLogGivesAnIssueWithTheOffsetAndTheLinesBeforeIt()
        {
            // Two frames; the second one is cut short: every line of the first frame is delivered, then one issue.
            byte[] first = System.Text.Encoding.ASCII.GetBytes("alpha 1\nalpha 2\n");
            byte[] second = LogText(100_000, 42);
            byte[] z1 = Zstd("-c -q", first);
            byte[] z2 = Zstd("-c -q", second);
            using var dir = new TempDir();
            string path = dir.File("app.log.zst", z1.Concat(z2.AsSpan(0, z2.Length / 2).ToArray()).ToArray());
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var lines = DocumentReader.ReadLines(DocumentResolver.Resolve(new[] { path }, ctx), null, d => new Lines(), ctx).ToList();
            Assert.Equal(new[] { "1:alpha 1", "2:alpha 2" }, lines.Take(2));
            var issue = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.ArchiveTruncated, issue.Kind);
            Assert.Equal(z1.Length + z2.Length / 2, issue.ByteOffset);
        }
    }
}
