using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Fuzz
{
    /// <summary>
    /// Inputs the long fuzz campaign found, rebuilt from the fixture they were mutated from (the mutated files
    /// themselves are not committed: they are copies of third-party data).
    /// </summary>
    public class FuzzRegressionTests
    {
        /// <summary>
        /// Campaign seed 101, input 50859 (bit flips in tgvm-tutorial3LabSisop.trace.dat): a corrupt CPU data offset
        /// past 2 GiB made MemoryStream.Seek throw ArgumentOutOfRangeException out of TraceReader.
        /// </summary>
        [FixtureFact]
        public void TraceDatOffsetFarPastTheEndIsAnIssueNotAnException()
        {
            byte[] data = File.ReadAllBytes(Repo.Fixture("ftrace", "public-dat", "v6-32bit", "tgvm-tutorial3LabSisop.trace.dat"));
            // (0-based offset, xor) as `cmp -l` showed between the saved input and the fixture
            foreach (var (offset, xor) in new[] { (174479, 16), (438177, 32), (460147, 4), (651178, 4), (685103, 128), (1120618, 8), (1121571, 4) })
                data[offset] ^= (byte)xor;
            var issues = new IssueCollector();
            var doc = LogDocument.FromStream("fuzzed.dat", () => new MemoryStream(data, false));
            var events = TraceReader.OpenEvents(new TraceReadOptions(), new ReadContext(issues)).ReadAll(new[] { doc }).ToList();
            Assert.NotEmpty(issues.Issues);
            Assert.All(issues.Issues, i => Assert.Equal("fuzzed.dat", i.Source));
        }

        /// <summary>The same fault made directly: every per-CPU data offset of a v6 file pointed 3 GiB past the end.</summary>
        [FixtureFact]
        public void CpuDataOffsetsBeyondTheFileAreReportedForEveryCpu()
        {
            byte[] data = File.ReadAllBytes(Repo.Fixture("ftrace", "local", "local-sched-v6.dat"));
            byte[] flyrecord = System.Text.Encoding.ASCII.GetBytes("flyrecord\0");
            int at = data.AsSpan().IndexOf(flyrecord);
            Assert.True(at > 0, "the v6 fixture has a flyrecord section");
            // flyrecord is followed by (offset, size) pairs of 8-byte little-endian numbers, one per CPU (2 CPUs here)
            for (int cpu = 0; cpu < 2; cpu++)
                BitConverter.GetBytes(3L << 30).CopyTo(data, at + flyrecord.Length + cpu * 16);
            var issues = new IssueCollector();
            var doc = LogDocument.FromStream("far.dat", () => new MemoryStream(data, false));
            var events = TraceReader.OpenEvents(new TraceReadOptions(), new ReadContext(issues)).ReadAll(new[] { doc }).ToList();
            Assert.Empty(events);
            Assert.Contains(issues.Issues, i => i.Kind is IssueKind.TruncatedRecord or IssueKind.MalformedRecord or IssueKind.ArchiveTruncated);
        }
    
        /// <summary>
        /// Campaign seed 204, input 353151 (tracetext target): a line whose space-separated token before the colon was
        /// a run of digits too long for an int made the text reader's int.Parse throw OverflowException.
        /// </summary>
        [Fact]
        public void TextTraceWithAnOverlongCpuNumberIsNotATraceLine()
        {
            // The saved input (435 bytes of the harness's own synthetic vMotion lines, mutated): its third line has the
            // token "1451061663105920m" where a CPU column could stand.
            string text = "2015-12-25T16:39:25.565Z cpu4:2758489)Migrate: vm 2758492: 3284: Setting > dest ip = <192.168.1.177> Dest wid = 1830931 using SHARED swap\n"
                + "2015-12-25T16:39:26.001Z cpu1:2758489)VMotion: 1\n"
                + "VMOTION info: Source ts = 1451061663105920m 2758492: 3284: Setting VMOTION info: Source ts = 1451061663105920, src ip = <192.168.1.176> dest ip = <192.168.1.177> Dest wid = 1830931 using SHARED swap\n"
                + "2015-12-25T16:39:26.001Z cpu1:2758489)VMotion: 1\n";
            var issues = new IssueCollector();
            var doc = LogDocument.FromStream("trace.txt", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
            var events = TraceReader.OpenEvents(new TraceReadOptions(), new ReadContext(issues)).ReadAll(new[] { doc }).ToList();
            Assert.DoesNotContain(events, e => e.Cpu > 100_000);
        }
    }
}
