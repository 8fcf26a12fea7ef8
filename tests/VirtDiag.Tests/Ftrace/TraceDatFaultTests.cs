using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>Damaged trace.dat files (made in memory from a real fixture): issues with offsets, no exceptions, events before the fault.</summary>
    public class TraceDatFaultTests
    {
        private static (List<TraceEvent> Events, IssueCollector Issues) ReadBytes(byte[] data, string name = "damaged.dat")
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream(name, () => new MemoryStream(data, false));
            return (TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(new[] { doc }).ToList(), issues);
        }

        private static byte[] V6() => File.ReadAllBytes(Repo.Fixture("ftrace", "local", "local-sched-v6.dat"));

        [FixtureFact]
        public void WrongMagicIsUnsupportedAtOffsetZero()
        {
            byte[] d = V6();
            d[3] = (byte)'X';
            var (events, issues) = ReadBytes(d);
            // not a trace.dat: read as text, which holds no event lines
            Assert.Empty(events);
        }

        [FixtureFact]
        public void TruncatedAtEveryRegionGivesAnIssueNeverAnException()
        {
            byte[] full = V6();
            var rnd = new Random(8);
            var cuts = new List<int> { 5, 12, 17, 40, 300, 5000, 5_467_000, 5_468_200, 5_490_000, full.Length - 100 };
            for (int i = 0; i < 20; i++) cuts.Add(rnd.Next(full.Length));
            int fullCount = ReadBytes(full).Events.Count;
            foreach (int cut in cuts)
            {
                var (events, issues) = ReadBytes(full.AsSpan(0, cut).ToArray());
                Assert.True(events.Count <= fullCount);
                if (cut < full.Length) Assert.True(issues.Count > 0 || events.Count == 0, "cut at " + cut + " gave no issue");
                Assert.All(issues.Issues, i => Assert.Equal("damaged.dat", i.Source));
            }
        }

        [FixtureFact]
        public void TruncatedInsideCpuDataDeliversEventsBeforeTheCut()
        {
            byte[] full = V6();
            // CPU 0 data: offset 5468160, 45056 bytes (trace-cmd dump --flyrecord); cut in its middle
            var (events, issues) = ReadBytes(full.AsSpan(0, 5_468_160 + 20_000).ToArray());
            Assert.NotEmpty(events);
            Issue i = issues.Issues.First(x => x.Kind == IssueKind.TruncatedRecord && x.Message.StartsWith("CPU 0"));
            Assert.Equal(5_468_160 + 20_000, i.ByteOffset);
            Assert.Contains(issues.Issues, x => x.Kind == IssueKind.TruncatedRecord && x.Message.StartsWith("CPU 1"));
        }

        [FixtureFact]
        public void BadCommitSizeSkipsThePageWithAnIssue()
        {
            byte[] d = V6();
            int page = 5_468_160 + 4096;          // second page of CPU 0
            BitConverter.GetBytes((long)100_000).CopyTo(d, page + 8);
            var (events, issues) = ReadBytes(d);
            Issue i = Assert.Single(issues.Issues, x => x.Kind == IssueKind.MalformedRecord);
            Assert.Equal(page + 8, i.ByteOffset);
            Assert.Contains("commit size", i.Message);
            Assert.True(events.Count > 1800 && events.Count < 1925);
        }

        [FixtureFact]
        public void ImpossibleCpuCountIsMalformed()
        {
            byte[] d = V6();
            // the CPU count sits right before "options  " in v6
            int opt = IndexOf(d, System.Text.Encoding.ASCII.GetBytes("options  \0"));
            BitConverter.GetBytes(1_000_000).CopyTo(d, opt - 4);
            var (events, issues) = ReadBytes(d);
            Assert.Empty(events);
            Issue i = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.MalformedRecord, i.Kind);
            Assert.Equal(opt - 4, i.ByteOffset);
        }

        [FixtureFact]
        public void UnknownOptionIsSkippedWithAVerboseIssue()
        {
            byte[] d = V6();
            int opt = IndexOf(d, System.Text.Encoding.ASCII.GetBytes("options  \0")) + 10;
            // first option's id → 99 (unknown); its size stays valid
            BitConverter.GetBytes((ushort)99).CopyTo(d, opt);
            var (events, issues) = ReadBytes(d);
            Assert.Equal(1925, events.Count);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.Contains("option 99"));
        }

        [Fact]
        public void GarbageAfterMagicIsAnIssue()
        {
            byte[] d = new byte[200];
            TraceDatHeaderMagic().CopyTo(d, 0);
            d[10] = (byte)'9'; d[11] = 0;
            var (events, issues) = ReadBytes(d);
            Assert.Empty(events);
            Issue i = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.UnsupportedFormat, i.Kind);
            Assert.Contains("version '9'", i.Message);
        }

        private static byte[] TraceDatHeaderMagic() => new byte[] { 0x17, 0x08, 0x44, (byte)'t', (byte)'r', (byte)'a', (byte)'c', (byte)'i', (byte)'n', (byte)'g' };

        private static int IndexOf(byte[] d, byte[] pat)
        {
            for (int i = 0; i + pat.Length <= d.Length; i++)
            {
                int k = 0;
                while (k < pat.Length && d[i + k] == pat[k]) k++;
                if (k == pat.Length) return i;
            }
            return -1;
        }
    }
}
