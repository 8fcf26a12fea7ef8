using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Fuzz
{
    /// <summary>
    /// trace.dat cut short (issue 10): at every offset of the header region and at a fine stride through the rest
    /// (every offset of a 1 MB file would be a million full decodes). Each cut gives an issue with an offset (or, when only bytes
    /// no event needs were cut, every event) and no exception, and the events delivered for every CPU are a prefix of that CPU's events in the whole file.
    /// </summary>
    public class TraceDatTruncationTests
    {
        private static (List<TraceEvent> Events, List<Issue> Issues) Read(byte[] data)
        {
            var issues = new IssueCollector();
            var doc = LogDocument.FromStream("cut.dat", () => new MemoryStream(data, false));
            return (TraceReader.OpenEvents(new TraceReadOptions(), new ReadContext(issues)).ReadAll(new[] { doc }).ToList(), issues.Issues.ToList());
        }

        private static string Key(TraceEvent e) => e.Timestamp + "|" + e.Pid + "|" + e.Name + "|" + e.Info;

        [FixtureTheory]
        [InlineData("public-dat/v6-32bit/tgvm-tutorial3LabSisop.trace.dat", 4096, 3001)]
        [InlineData("local/local-sched-v7-zstd.dat", 4096, 2003)]
        [InlineData("local/local-syscalls-v7-nocompress.dat", 2048, 25013)]
        public void EveryCutGivesAnIssueAndAPrefixPerCpu(string file, int everyByteUpTo, int stride)
        {
            byte[] full = File.ReadAllBytes(Repo.Fixture("ftrace", file));
            var (all, fullIssues) = Read(full);
            Assert.DoesNotContain(fullIssues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
            var perCpu = all.GroupBy(e => e.Cpu).ToDictionary(g => g.Key, g => g.Select(Key).ToList());

            var cuts = Enumerable.Range(1, everyByteUpTo).Concat(Enumerable.Range(0, full.Length / stride).Select(i => everyByteUpTo + i * stride)).Where(c => c < full.Length);
            foreach (int cut in cuts)
            {
                var (events, issues) = Read(full[..cut]);
                if (issues.Count == 0)
                {
                    // Only bytes no event needs were cut (e.g. a trailing options section of v7, which
                    // `trace-cmd report` does not miss either): then every event must still be there.
                    Assert.True(events.Count == all.Count, $"{file} cut at {cut}: no issue, but {events.Count} of {all.Count} events");
                }
                else
                {
                    Assert.Contains(issues, i => i.ByteOffset >= 0 || i.Kind == IssueKind.UnsupportedFormat);
                }
                foreach (var g in events.GroupBy(e => e.Cpu))
                {
                    List<string> got = g.Select(Key).ToList();
                    Assert.True(perCpu.TryGetValue(g.Key, out var expected) && got.Count <= expected.Count && got.SequenceEqual(expected.Take(got.Count)),
                        $"{file} cut at {cut}: CPU {g.Key} events are not a prefix of the whole file's");
                }
            }
        }
    }
}
