using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Fuzz;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Fuzz
{
    /// <summary>
    /// CI's short fixed-seed smoke of the robustness harness (issue 10). Long campaigns are run by hand:
    /// dotnet run -c Release --project tests/VirtDiag.Fuzz -- --minutes 30 --target all
    /// </summary>
    public class FuzzSmokeTests
    {
        public static IEnumerable<object[]> TargetNames => Targets.All.Select(t => new object[] { t.Name });

        [Theory]
        [MemberData(nameof(TargetNames))]
        public void FixedSeedSmokeFindsNoCrashHangOrUnboundedMemory(string target)
        {
            // The smoke runs every input twice: determinism is checked on each one here (the long campaign samples every 16th).
            var campaign = new Campaign { PerInputTimeout = TimeSpan.FromSeconds(20), FailureDir = Path.Combine(Path.GetTempPath(), "virtdiag-fuzz-smoke"), DeterminismEvery = 1 };
            // A fixed number of inputs, not a time budget: on a loaded machine a 5 s budget ran 39 trace.dat inputs and failed.
            // The time bound is only a guard against a hang the per-input watchdog would not catch.
            CampaignResult r = campaign.Run(Targets.Get(target), seed: 20261122, maxInputs: 100, maxTime: TimeSpan.FromMinutes(5));
            Assert.True(r.Inputs == 100, $"{target}: only {r.Inputs} of 100 inputs ran within 5 minutes");
            Assert.True(r.Failures.Count == 0, string.Join("\n", r.Failures));
        }

        [Fact]
        public void ReplayRunsASavedInputThroughTheSameChecks()
        {
            var campaign = new Campaign { PerInputTimeout = TimeSpan.FromSeconds(20) };
            // A gzip member cut short: the reader delivers the lines before the fault and reports one issue.
            byte[] whole = Targets.GzipBytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 5000).Select(i => "line " + i + "\n"))));
            byte[] cut = whole.AsSpan(0, whole.Length / 2).ToArray();
            Assert.Null(campaign.Replay(Targets.Get("gzip"), cut, out string fingerprint, out _));
            Assert.Matches("^[0-9]+ records, 1 issues, ", fingerprint);
            // An exception no reader documents is a failure naming its type and frame.
            var throwing = new FuzzTarget("throws", () => new[] { cut }, (input, token) => throw new InvalidOperationException("boom"));
            Assert.StartsWith("exception: InvalidOperationException: boom", campaign.Replay(throwing, cut, out _, out _));
            // Output that differs between two runs of one input is a failure.
            int runs = 0;
            var flaky = new FuzzTarget("flaky", () => new[] { cut }, (input, token) => (runs++).ToString());
            Assert.StartsWith("nondeterministic", campaign.Replay(flaky, cut, out _, out _));
        }

        [Fact]
        public void MutatorIsDeterministicForASeed()
        {
            var corpus = new[] { Encoding.UTF8.GetBytes("a line\nanother line\n"), Encoding.UTF8.GetBytes("x\ny\nz\n") };
            var a = new Mutator(7, corpus);
            var b = new Mutator(7, corpus);
            for (int i = 0; i < 200; i++) Assert.Equal(a.Next(out string ha), b.Next(out string hb));
        }

        /// <summary>
        /// Regression for what the harness found first: SharpZipLib's inflater throws IndexOutOfRangeException on some
        /// corrupt Huffman tables. Corrupting every byte of a deflate header region (synthetic text) must give only
        /// CorruptDataException-based issues, with at least one of those inflater faults among them.
        /// </summary>
        [Fact]
        public void CorruptDeflateTablesBecomeArchiveCorruptIssues()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 3000; i++) sb.Append("2024-05-01T12:00:00.000Z cpu").Append(i % 8).Append(":2000)synthetic line ").Append(i).Append('\n');
            byte[] gz = TarBuilder.Gzip(sb.ToString());
            int inflaterFaults = 0;
            var random = new Random(11);
            for (int n = 0; n < 600; n++)
            {
                {
                    byte[] bad = (byte[])gz.Clone();
                    // A few random bytes in the first dynamic block's table area.
                    for (int k = 0; k < 3; k++) bad[10 + random.Next(120)] = (byte)random.Next(256);
                    var issues = new IssueCollector();
                    var ctx = new ReadContext(issues);
                    var doc = LogDocument.FromStream("vmkernel.0.gz", () => new MemoryStream(bad));
                    foreach (var _ in DocumentReader.ReadLines(new[] { doc }, null, d => new LineCount(), ctx)) { }
                    Assert.All(issues.Issues, i => Assert.Contains(i.Kind, new[] { IssueKind.ArchiveCorrupt, IssueKind.ArchiveTruncated, IssueKind.ChecksumMismatch }));
                    inflaterFaults += issues.Issues.Count(i => i.Message.Contains("in the inflater", StringComparison.Ordinal));
                }
            }
            Assert.True(inflaterFaults > 0, "the corruptions should reach the inflater's table builder at least once");
        }

        private sealed class LineCount : ILineParser<int>
        {
            public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<int> output) { }
            public void Complete(List<int> output) { }
        }
    }
}
