using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>.xz logs and .tar.xz bundles through the input layer (all content generated here, compressed by the real xz).</summary>
    public sealed class XzDocumentTests
    {
        private sealed class Echo : ILineParser<string>
        {
            private readonly LogDocument _doc;
            public Echo(LogDocument doc) { _doc = doc; }
            public void ParseLine(ReadOnlySpan<byte> line, long n, List<string> output) => output.Add(_doc.HostName + "|" + _doc.Name + ":" + n + ":" + Encoding.UTF8.GetString(line));
            public void Complete(List<string> output) { }
        }

        private static string Lines(string prefix, int count)
        {
            var sb = new StringBuilder();
            for (int i = 1; i <= count; i++) sb.Append(prefix).Append(' ').Append(i).Append(" 2020-05-11 10:00:00,").Append((i % 1000).ToString("D3")).Append(" INFO (jsonrpc/4) [vdsm.api] FINISH getStats\n");
            return sb.ToString();
        }

        [ToolFact("xz")]
        public void XzLogFileGivesItsLinesWithNumbers()
        {
            string text = Lines("vdsm", 50_000);
            using var dir = new TempDir();
            string path = dir.File("vdsm.log.1.xz", XzTestKit.Compress(Encoding.UTF8.GetBytes(text), "-6"));
            var issues = new IssueCollector();
            var docs = DocumentResolver.Resolve(new[] { path }, new ReadContext(issues));
            LogDocument doc = Assert.Single(docs);
            Assert.Equal(LogKind.Vdsm, doc.Kind);
            Assert.Equal(1, doc.RotationIndex);
            var lines = DocumentReader.ReadLines(docs, null, d => new Echo(d), new ReadContext(issues)).ToList();
            Assert.Empty(issues.Issues);
            Assert.Equal(50_000, lines.Count);
            Assert.EndsWith("vdsm.log.1.xz:1:vdsm 1 2020-05-11 10:00:00,001 INFO (jsonrpc/4) [vdsm.api] FINISH getStats", lines[0]);
            Assert.EndsWith("vdsm.log.1.xz:50000:vdsm 50000 2020-05-11 10:00:00,000 INFO (jsonrpc/4) [vdsm.api] FINISH getStats", lines[^1]);
        }

        [ToolFact("xz")]
        public void TruncatedXzLogDeliversEarlierLinesThenOneIssueAndTheNextDocumentIsRead()
        {
            string text = Lines("cut", 40_000);
            byte[] xz = XzTestKit.Compress(Encoding.UTF8.GetBytes(text), "-6 --block-size=200000");
            using var dir = new TempDir();
            string cut = dir.File("logs/vdsm.log.2.xz", xz.AsSpan(0, xz.Length * 2 / 3).ToArray());
            dir.File("logs/vdsm.log", "after the cut\n");
            var issues = new IssueCollector();
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(dir.Path, "logs") }, new ReadContext(issues));
            Assert.Equal(new[] { "vdsm.log.2.xz", "vdsm.log" }, docs.Select(d => d.Name));
            var lines = DocumentReader.ReadLines(docs, null, d => new Echo(d), new ReadContext(issues)).ToList();
            Issue issue = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.ArchiveTruncated, issue.Kind);
            Assert.Equal(cut, issue.Source);
            Assert.Equal(xz.Length * 2 / 3, issue.ByteOffset);
            var fromCut = lines.Where(l => l.Contains("vdsm.log.2.xz")).ToList();
            Assert.True(fromCut.Count > 20_000, "lines before the cut are delivered: " + fromCut.Count);
            Assert.EndsWith(":1:cut 1 2020-05-11 10:00:00,001 INFO (jsonrpc/4) [vdsm.api] FINISH getStats", fromCut[0]);
            Assert.EndsWith("vdsm.log:1:after the cut", lines[^1]);
        }

        [ToolFact("xz")]
        public void TarXzSosreportListsItsDocumentsWithHostKindAndRotation()
        {
            byte[] tar = new TarBuilder()
                .File("sosreport-rhvh02-2020-05-11-xyz/hostname", "rhvh02.example.org\n")
                .File("sosreport-rhvh02-2020-05-11-xyz/var/log/vdsm/vdsm.log", "d3\n")
                .File("sosreport-rhvh02-2020-05-11-xyz/var/log/vdsm/vdsm.log.1.xz", XzTestKit.Compress(Encoding.UTF8.GetBytes("d2\n"), "-6"))
                .File("sosreport-rhvh02-2020-05-11-xyz/var/log/vdsm/vdsm.log.2.xz", XzTestKit.Compress(Encoding.UTF8.GetBytes("d1a\nd1b\n"), "-0 --check=sha256"))
                .File("sosreport-rhvh02-2020-05-11-xyz/var/log/vdsm/supervdsm.log", "s1\n")
                .ToArray();
            using var dir = new TempDir();
            string bundle = dir.File("sosreport-rhvh02-2020-05-11-xyz.tar.xz", XzTestKit.Compress(tar, "-6"));
            var issues = new IssueCollector();
            var docs = DocumentResolver.Resolve(new[] { bundle }, new ReadContext(issues));
            Assert.Empty(issues.Issues);
            var vdsm = docs.Where(d => d.Kind == LogKind.Vdsm).ToList();
            Assert.Equal(new[] { "vdsm.log.2.xz", "vdsm.log.1.xz", "vdsm.log" }, vdsm.Select(d => d.Name));
            Assert.Equal(new[] { 2, 1, -1 }, vdsm.Select(d => d.RotationIndex));
            Assert.All(docs, d => Assert.Equal("rhvh02.example.org", d.HostName));
            Assert.Contains(docs, d => d.Kind == LogKind.SuperVdsm);
            Assert.Equal(bundle + "!/sosreport-rhvh02-2020-05-11-xyz/var/log/vdsm/vdsm.log.2.xz", vdsm[0].Path);

            var lines = DocumentReader.ReadLines(vdsm, null, d => new Echo(d), new ReadContext(issues)).ToList();
            Assert.Empty(issues.Issues);
            Assert.Equal(new[]
            {
                "rhvh02.example.org|vdsm.log.2.xz:1:d1a", "rhvh02.example.org|vdsm.log.2.xz:2:d1b",
                "rhvh02.example.org|vdsm.log.1.xz:1:d2", "rhvh02.example.org|vdsm.log:1:d3",
            }, lines);
        }

        [ToolFact("xz")]
        public void DocumentReaderOpenGivesTheDecodedBytes()
        {
            byte[] data = XzTestKit.Text(2_000_000, 31);
            using var dir = new TempDir();
            string path = dir.File("trace.dat.xz", XzTestKit.Compress(data, "-9e --check=crc32"));
            var ctx = new ReadContext();
            using Stream s = DocumentReader.Open(DocumentResolver.Resolve(new[] { path }, ctx)[0], ctx);
            var ms = new MemoryStream();
            s.CopyTo(ms);
            Assert.True(data.AsSpan().SequenceEqual(ms.ToArray()));
        }
    }
}
