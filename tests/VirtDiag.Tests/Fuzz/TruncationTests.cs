using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Fuzz
{
    /// <summary>Truncation at every byte offset of small container samples: one clear issue, and everything before the cut.</summary>
    public class TruncationTests
    {
        private sealed class Lines : ILineParser<string>
        {
            private readonly LogDocument _doc;
            public Lines(LogDocument doc) { _doc = doc; }
            public void ParseLine(ReadOnlySpan<byte> line, long n, List<string> output) => output.Add(_doc.Name + "\t" + Encoding.UTF8.GetString(line));
            public void Complete(List<string> output) { }
        }

        /// <summary>A small real text sample when fixtures are present, else generated lines.</summary>
        private static string SampleText()
        {
            if (Repo.Fixtures != null)
            {
                string text = File.ReadAllText(Repo.Fixture("vmotion", "seed-esxi60-source-success-vmkernel.log"));
                return text.Length > 3000 ? text[..3000] : text;
            }
            return string.Join("\n", Enumerable.Range(0, 60).Select(i => $"2024-05-01T12:00:{i:D2}.000Z cpu1:2000)synthetic {i}")) + "\n";
        }

        private static (List<string> Lines, List<Issue> Issues) Read(string name, byte[] data)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream(name, () => new MemoryStream(data));
            var lines = DocumentReader.ReadLines(new[] { doc }, null, d => new Lines(d), ctx).ToList();
            return (lines, issues.Issues.ToList());
        }

        [Fact]
        public void GzipCutAtEveryOffsetGivesOneIssueAndAPrefix()
        {
            string text = SampleText();
            string[] full = text.Split('\n');
            byte[] gz = TarBuilder.Gzip(text);
            for (int cut = 1; cut < gz.Length; cut++)
            {
                var (lines, issues) = Read("vmkernel.0.gz", gz[..cut]);
                Issue issue = Assert.Single(issues);
                Assert.Equal("vmkernel.0.gz", issue.Source);
                Assert.True(issue.Kind is IssueKind.ArchiveTruncated or IssueKind.ArchiveCorrupt or IssueKind.ChecksumMismatch, $"cut {cut}: {issue}");
                Assert.True(issue.ByteOffset >= 0 || cut < 10, $"cut {cut}: no offset in {issue}");
                if (cut < 10) continue; // inside the gzip header: read as text, with the issue above
                for (int i = 0; i < lines.Count; i++)
                {
                    string got = lines[i].Split('\t', 2)[1];
                    // Every delivered line is the original line, except that the last one may be cut short.
                    Assert.True(i < lines.Count - 1 ? got == full[i] : full[i].StartsWith(got, StringComparison.Ordinal), $"cut {cut}, line {i + 1}: '{got}'");
                }
            }
            Assert.Empty(Read("vmkernel.0.gz", gz).Issues);
        }

        [Fact]
        public void TarCutAtEveryOffsetKeepsEarlierEntriesAndNamesTheOffset()
        {
            byte[] tar = new TarBuilder()
                .File("h/var/log/vmkernel.log", "k1\nk2\n")
                .File("h/var/log/hostd.log", "h1\nh2\nh3\n")
                .File("h/var/log/vmware.log", "w1\n")
                .ToArray();
            using var dir = new TempDir();
            int[] entryEnds = { 1024, 2048, 3072 }; // header + one data block per entry
            for (int cut = 1; cut < tar.Length; cut++)
            {
                string path = dir.File("b" + cut + ".tar", tar[..cut]);
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var docs = DocumentResolver.Resolve(new[] { path }, ctx);
                var lines = DocumentReader.ReadLines(docs, null, d => new Lines(d), ctx).ToList();
                int complete = entryEnds.Count(e => e <= cut);
                Assert.True(docs.Count >= complete, $"cut {cut}: {docs.Count} documents, {complete} were complete");
                bool atBoundary = cut >= 3072 || entryEnds.Contains(cut);
                if (cut < 512 && !atBoundary)
                {
                    // Less than one header: the file is not recognisable as tar and is read as text (explicit file).
                    continue;
                }
                if (!atBoundary)
                {
                    Assert.Contains(issues.Issues, i => i.Kind == IssueKind.ArchiveTruncated && i.ByteOffset >= 0 && i.Source == path);
                }
                var expected = new[] { "vmkernel.log\tk1", "vmkernel.log\tk2", "hostd.log\th1", "hostd.log\th2", "hostd.log\th3", "vmware.log\tw1" };
                int expectedLines = complete switch { 0 => 0, 1 => 2, 2 => 5, _ => 6 };
                Assert.True(lines.Count >= expectedLines, $"cut {cut}: {lines.Count} lines");
                Assert.Equal(expected.Take(expectedLines), lines.Take(expectedLines));
            }
        }
    }
}
