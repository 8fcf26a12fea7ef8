using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Io
{
    /// <summary>Per-document coverage: lines, bytes, records, unmatched lines and time range, from files and from piped text.</summary>
    public sealed class CoverageTests
    {
        // Synthetic vdsm.log (new layout): three records, one continuation line, one line of another program.
        private const string Vdsm =
            "2025-06-02 08:15:01,100+0200 INFO  (jsonrpc/2) [vdsm.api] START getSpmStatus(spUUID='5d1f0c9a-0000-4000-8000-00000000a1b2') from=::ffff:10.20.0.5,41022 (api:48)\n"
          + "2025-06-02 08:15:01,180+0200 INFO  (jsonrpc/2) [vdsm.api] FINISH getSpmStatus return={'spm_st': {'spmId': 1}} from=::ffff:10.20.0.5,41022 (api:54)\n"
          + "    continuation of the previous message\n"
          + "2025-06-02 08:16:40,002+0200 WARN  (periodic/3) [throttled] MOM not available. (throttledlog:104)\n";

        /// <summary>Marks lines starting with "x" as looking like a record but matching no shape, and makes a record of lines starting with "r".</summary>
        private sealed class Marking : ILineParser<string>, ICoverageAware
        {
            private CoverageCounter? _coverage;
            public void Attach(CoverageCounter coverage) => _coverage = coverage;
            public void ParseLine(ReadOnlySpan<byte> line, long n, List<string> output)
            {
                if (line.Length > 0 && line[0] == (byte)'x') _coverage!.AddUnmatched(n, line);
                else if (line.Length > 0 && line[0] == (byte)'r') output.Add(Encoding.UTF8.GetString(line));
            }
            public void Complete(List<string> output) { }
        }

        private static LineSession<string, string> MarkingSession(ReadContext context)
            => new(new LineSessionSpec<string, string>(_ => new Marking(), new PassThroughJoin<string>()) { TextDocument = LogDocument.ForText("h9") }, context, null);

        [Fact]
        public void FileCoverageCountsLinesBytesRecordsAndTimeRange()
        {
            var seen = new List<DocumentCoverage>();
            var ctx = new ReadContext { Coverage = seen.Add };
            byte[] bytes = Encoding.UTF8.GetBytes(Vdsm);
            var doc = LogDocument.FromStream("vdsm.log", () => new MemoryStream(bytes), "rhvh07", LogKind.Vdsm);
            var entries = VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(new[] { doc }).ToList();
            Assert.Equal(3, entries.Count);
            DocumentCoverage c = Assert.Single(seen);
            Assert.Equal("vdsm.log", c.Path);
            Assert.Equal(4, c.LinesRead);
            Assert.Equal(bytes.Length, c.BytesRead);
            Assert.Equal(3, c.RecordsProduced);
            Assert.Equal(0, c.UnmatchedLines);
            Assert.Equal(new DateTimeOffset(2025, 6, 2, 8, 15, 1, 100, TimeSpan.FromHours(2)), c.FirstTime);
            Assert.Equal(new DateTimeOffset(2025, 6, 2, 8, 16, 40, 2, TimeSpan.FromHours(2)), c.LastTime);
            Assert.StartsWith("vdsm.log: 4 lines, " + bytes.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes, 3 records, 2025-06-02T08:15:01.1000000+02:00 to ", c.ToString());
        }

        [Fact]
        public void UnmatchedLinesAreCountedWithTheFirstFewKept()
        {
            var seen = new List<DocumentCoverage>();
            var ctx = new ReadContext { Coverage = seen.Add };
            string text = "r1\nx odd one\nnoise\nx two\nr2\nx three\nx four " + new string('z', 300) + "\n";
            var doc = LogDocument.FromStream("app.log", () => new MemoryStream(Encoding.UTF8.GetBytes(text)), "h9");
            Assert.Equal(new[] { "r1", "r2" }, MarkingSession(ctx).ReadAll(new[] { doc }).ToList());
            DocumentCoverage c = Assert.Single(seen);
            Assert.Equal(7, c.LinesRead);
            Assert.Equal(2, c.RecordsProduced);
            Assert.Equal(4, c.UnmatchedLines);
            Assert.Equal(new[] { "line 2: x odd one", "line 4: x two", "line 6: x three" }, c.UnmatchedExamples);
            Assert.Null(c.FirstTime);
            Assert.Contains("4 looked like records but matched no known shape (e.g. line 2: x odd one)", c.ToString());
        }

        [Fact]
        public void PipedTextHasOneCoverageAtTheEnd()
        {
            var seen = new List<DocumentCoverage>();
            var ctx = new ReadContext { Coverage = seen.Add };
            var records = MarkingSession(ctx).ReadAllText(new[] { "r1\nx bad", "r2", "x worse" }).ToList();
            Assert.Equal(new[] { "r1", "r2" }, records);
            DocumentCoverage c = Assert.Single(seen);
            Assert.Equal("<pipeline>", c.Path);
            Assert.Equal(4, c.LinesRead);
            Assert.Equal(2, c.RecordsProduced);
            Assert.Equal(new[] { "line 2: x bad", "line 4: x worse" }, c.UnmatchedExamples);
        }

        [Fact]
        public void CliPrintsCoverageToStandardErrorWhenAsked()
        {
            using var dir = new TempDir();
            string path = dir.File("vdsm.log", Vdsm);
            var (code, stdout, stderr) = CliRunner.Run($"vdsm entries \"{path}\" --coverage --format json");
            Assert.True(code == 0, stderr);
            Assert.Equal(3, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("virtdiag: coverage: " + path + ": 4 lines, ", stderr);
            Assert.Contains(" 3 records, 2025-06-02T08:15:01.1000000+02:00 to 2025-06-02T08:16:40.0020000+02:00", stderr);
            var (_, _, quiet) = CliRunner.Run($"vdsm entries \"{path}\" --format json");
            Assert.DoesNotContain("coverage", quiet);
        }
    }
}
