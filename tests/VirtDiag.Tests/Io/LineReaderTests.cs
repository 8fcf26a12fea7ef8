using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Tests.Io
{
    public class LineReaderTests
    {
        private static List<(long Number, string Text, bool Truncated)> ReadAll(byte[] data, ReadContext ctx)
        {
            var lines = new List<(long, string, bool)>();
            using var r = new LineReader(new MemoryStream(data), "mem", ctx);
            while (r.TryReadLine(out ReadOnlySpan<byte> line)) lines.Add((r.LineNumber, Encoding.UTF8.GetString(line), r.LineTruncated));
            return lines;
        }

        [Fact]
        public void SplitsLfAndCrLfAndNumbersFromOne()
        {
            var lines = ReadAll(Encoding.UTF8.GetBytes("a\r\nbb\n\nccc"), new ReadContext());
            Assert.Equal(new[] { (1L, "a", false), (2L, "bb", false), (3L, "", false), (4L, "ccc", false) }, lines);
        }

        [Fact]
        public void InvalidUtf8BecomesReplacementCharacterNotAnException()
        {
            var lines = ReadAll(new byte[] { (byte)'o', (byte)'k', 0xFF, 0xC3, (byte)'\n', (byte)'x' }, new ReadContext());
            Assert.Equal("ok\uFFFD\uFFFD", lines[0].Text);
            Assert.Equal("x", lines[1].Text);
        }

        [Fact]
        public void OverlongLineIsCutReportedAndTheNextLineStillRead()
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues) { MaxLineLength = 1000 };
            byte[] data = Encoding.ASCII.GetBytes("first\n" + new string('x', 250_000) + "\nafter\n");
            var lines = ReadAll(data, ctx);
            Assert.Equal(3, lines.Count);
            Assert.Equal(1000, lines[1].Text.Length);
            Assert.True(lines[1].Truncated);
            Assert.Equal((3L, "after", false), lines[2]);
            Issue issue = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.LineTooLong, issue.Kind);
            Assert.Equal(2, issue.LineNumber);
            Assert.Equal(6, issue.ByteOffset);
        }

        [Theory]
        [InlineData(1_000, 1_500, false)]
        [InlineData(1_000, 1_010, false)] // the pool rounds the 1,001-byte buffer up to 1,024: the line and its newline arrive whole
        [InlineData(1_000, 1_010, true)]
        [InlineData(1 << 20, (1 << 20) + 300_000, true)]
        public void LineOverTheCapIsCutAndReportedOnBothPaths(int cap, int length, bool needles)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues) { MaxLineLength = cap };
            byte[] data = Encoding.ASCII.GetBytes("first y\n" + new string('y', length) + "\nafter y\n");
            var lines = new List<(long Number, string Text, bool Truncated)>();
            byte[][] needle = { new[] { (byte)'y' } };
            using (var r = new LineReader(new MemoryStream(data), "mem", ctx))
            {
                ReadOnlySpan<byte> line;
                while (needles ? r.TryReadLineContainingAny(needle, out line) : r.TryReadLine(out line))
                    lines.Add((r.LineNumber, Encoding.UTF8.GetString(line), r.LineTruncated));
            }
            Assert.Equal(3, lines.Count);
            Assert.Equal(cap, lines[1].Text.Length);
            Assert.True(lines[1].Truncated);
            Assert.Equal((3L, "after y", false), lines[2]);
            Issue issue = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.LineTooLong, issue.Kind);
            Assert.Equal(2, issue.LineNumber);
            Assert.Equal(8, issue.ByteOffset);
        }

        [Fact]
        public void LinesStraddlingBufferRefillsAreWhole()
        {
            // 64 KiB is the first buffer; lines of 1000 bytes straddle it many times.
            var sb = new StringBuilder();
            for (int i = 0; i < 2000; i++) sb.Append(i.ToString("D6")).Append(new string('.', 993)).Append('\n');
            var lines = ReadAll(Encoding.ASCII.GetBytes(sb.ToString()), new ReadContext());
            Assert.Equal(2000, lines.Count);
            for (int i = 0; i < 2000; i++) Assert.StartsWith(i.ToString("D6"), lines[i].Text);
            Assert.All(lines, l => Assert.Equal(999, l.Text.Length));
        }

        [Fact]
        public void ByteOffsetsPointAtLineStarts()
        {
            using var r = new LineReader(new MemoryStream(Encoding.ASCII.GetBytes("ab\r\ncde\nf")), "m", new ReadContext());
            var offsets = new List<long>();
            while (r.TryReadLine(out _)) offsets.Add(r.LineOffset);
            Assert.Equal(new long[] { 0, 4, 8 }, offsets);
        }

        [Fact]
        public void CancellationStopsBetweenBuffers()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            using var r = new LineReader(new MemoryStream(new byte[10]), "m", new ReadContext(null, null, cts.Token));
            Assert.Throws<OperationCanceledException>(() => r.TryReadLine(out _));
        }

        /// <summary>Hands out a stream in chunks of varying size (so needles and lines straddle every kind of refill).</summary>
        private sealed class ChunkedStream : MemoryStream
        {
            private readonly Random _random;
            public ChunkedStream(byte[] data, int seed) : base(data) { _random = new Random(seed); }
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _random.Next(1, 300)));
        }

        [Theory]
        [InlineData(1, 64)]
        [InlineData(2, 200)]
        [InlineData(3, 1 << 20)]
        public void NeedleSkip_GivesExactlyTheLinesHoldingANeedle_WithTheirNumbersOffsetsAndCuts(int seed, int maxLine)
        {
            var random = new Random(seed);
            var text = new StringBuilder();
            string[] words = { "Migrate", "vMotion", "noise", "FSR:", "storage", "x", "\r", "Migr", "ate" };
            for (int i = 0; i < 3000; i++)
            {
                int n = random.Next(0, 40);
                for (int w = 0; w < n; w++) text.Append(words[random.Next(words.Length)]).Append(' ');
                if (random.Next(200) == 0) text.Append(new string('y', 500));
                text.Append(random.Next(5) == 0 ? "\r\n" : "\n");
            }
            text.Append("tail without newline vMotion");
            byte[] data = Encoding.ASCII.GetBytes(text.ToString());
            byte[][] needles = { Encoding.ASCII.GetBytes("Migrate"), Encoding.ASCII.GetBytes("vMotion"), Encoding.ASCII.GetBytes("FSR:") };

            var expectedIssues = new IssueCollector();
            var expected = new List<(long, long, string, bool)>();
            using (var r = new LineReader(new ChunkedStream(data, seed), "mem", new ReadContext(expectedIssues) { MaxLineLength = maxLine }))
            {
                while (r.TryReadLine(out ReadOnlySpan<byte> line))
                {
                    string s = Encoding.ASCII.GetString(line);
                    if (s.Contains("Migrate") || s.Contains("vMotion") || s.Contains("FSR:")) expected.Add((r.LineNumber, r.LineOffset, s, r.LineTruncated));
                }
            }
            var issues = new IssueCollector();
            var actual = new List<(long, long, string, bool)>();
            using (var r = new LineReader(new ChunkedStream(data, seed), "mem", new ReadContext(issues) { MaxLineLength = maxLine }))
            {
                while (r.TryReadLineContainingAny(needles, out ReadOnlySpan<byte> line)) actual.Add((r.LineNumber, r.LineOffset, Encoding.ASCII.GetString(line), r.LineTruncated));
                Assert.Equal(data.Length, r.Position);
            }
            Assert.True(expected.Count > 500, "the generated text has candidate lines");
            Assert.Equal(expected, actual);
            Assert.Equal("tail without newline vMotion", expected[^1].Item3);
            Assert.Equal(expectedIssues.Issues.Select(i => i.ToString()), issues.Issues.Select(i => i.ToString()));
        }

        [Fact]
        public void CountsNewlinesPastTheVectorLaneLimitAndInOddTails()
        {
            // 20,000 newlines in a row: more than 255 vectors, so each lane wraps if it is not summed in time
            Assert.Equal(20_000L, LineReader.CountNewlines(Enumerable.Repeat((byte)'\n', 20_000).ToArray()));
            var random = new Random(7);
            for (int length = 0; length < 300; length++)
            {
                byte[] data = new byte[length];
                for (int k = 0; k < length; k++) data[k] = random.Next(5) == 0 ? (byte)'\n' : (byte)'a';
                Assert.Equal(data.LongCount(b => b == (byte)'\n'), LineReader.CountNewlines(data));
            }
        }
    }
}
