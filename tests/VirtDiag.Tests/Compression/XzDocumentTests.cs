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

        /// <summary>
        /// Issue 3's nested bundle (synthetic lines): a log-collector .tar.xz holding a vm-support .tgz with rotated .gz
        /// logs and a sosreport .tar.xz with rotated .xz logs; every document has its host, kind, rotation order and
        /// line numbers, and reading it re-opens nested archives as needed without extracting anything.
        /// </summary>
        [ToolFact("xz")]
        public void LogCollectorWithVmSupportTgzAndSosreportTarXzIsReadInRotationOrder()
        {
            byte[] vmSupport = new TarBuilder()
                .File("esx-esx01-2024-01-02--10.11-1234/var/run/log/vmkernel.log", "k3a\nk3b\n")
                .File("esx-esx01-2024-01-02--10.11-1234/var/run/log/vmkernel.0.gz", TarBuilder.Gzip("k2\n"))
                .File("esx-esx01-2024-01-02--10.11-1234/var/run/log/vmkernel.1.gz", TarBuilder.Gzip("k1\n"))
                .ToArray();
            byte[] sos = new TarBuilder()
                .File("sosreport-rhvh01-2024-01-02-abc/var/log/vdsm/vdsm.log.1.xz", XzTestKit.Compress(Encoding.UTF8.GetBytes("v2\n"), "-6"))
                .File("sosreport-rhvh01-2024-01-02-abc/var/log/vdsm/vdsm.log", "v3\n")
                .File("sosreport-rhvh01-2024-01-02-abc/var/log/vdsm/vdsm.log.2.xz", XzTestKit.Compress(Encoding.UTF8.GetBytes("v1a\nv1b\n"), "-3 --check=crc32"))
                .File("sosreport-rhvh01-2024-01-02-abc/hostname", "rhvh01.lab\n")
                .ToArray();
            byte[] collector = new TarBuilder()
                .File("log-collector/esx-esx01-2024-01-02--10.11-1234.tgz", TarBuilder.Gzip(vmSupport))
                .File("log-collector/sosreport-rhvh01-2024-01-02-abc.tar.xz", XzTestKit.Compress(sos, "-6"))
                .ToArray();
            using var dir = new TempDir();
            string outer = dir.File("sosreport-LogCollector-20240102.tar.xz", XzTestKit.Compress(collector, "-6"));
            var issues = new IssueCollector();
            var docs = DocumentResolver.Resolve(new[] { outer }, new ReadContext(issues));
            Assert.Empty(issues.Issues);
            Assert.Equal(new[]
            {
                ("vmkernel.1.gz", "esx01", LogKind.VmKernel, 1), ("vmkernel.0.gz", "esx01", LogKind.VmKernel, 0), ("vmkernel.log", "esx01", LogKind.VmKernel, -1),
                ("vdsm.log.2.xz", "rhvh01.lab", LogKind.Vdsm, 2), ("vdsm.log.1.xz", "rhvh01.lab", LogKind.Vdsm, 1), ("vdsm.log", "rhvh01.lab", LogKind.Vdsm, -1),
            }, docs.Select(d => (d.Name, d.HostName!, d.Kind, d.RotationIndex)));
            Assert.Equal(outer + "!/log-collector/sosreport-rhvh01-2024-01-02-abc.tar.xz!/sosreport-rhvh01-2024-01-02-abc/var/log/vdsm/vdsm.log.2.xz", docs[3].Path);

            var lines = DocumentReader.ReadLines(docs, null, d => new Echo(d), new ReadContext(issues)).ToList();
            Assert.Empty(issues.Issues);
            Assert.Equal(new[]
            {
                "esx01|vmkernel.1.gz:1:k1", "esx01|vmkernel.0.gz:1:k2", "esx01|vmkernel.log:1:k3a", "esx01|vmkernel.log:2:k3b",
                "rhvh01.lab|vdsm.log.2.xz:1:v1a", "rhvh01.lab|vdsm.log.2.xz:2:v1b", "rhvh01.lab|vdsm.log.1.xz:1:v2", "rhvh01.lab|vdsm.log:1:v3",
            }, lines);
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
