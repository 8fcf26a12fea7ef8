using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Timeline;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>The merged timeline: order on the reference clock, offsets applied, unplaceable entries counted and reported.</summary>
    public class TimelineTests
    {
        private static readonly DateTimeOffset T0 = new(2024, 3, 11, 9, 15, 0, TimeSpan.Zero);

        internal static (List<TimelineEntry> Entries, IssueCollector Issues) Read(IEnumerable<string> paths, TimelineOptions options)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            return (TimelineReader.Read(DocumentResolver.Resolve(paths, ctx), options, ctx).ToList(), issues);
        }

        private static VMotionBundleKit TwoHosts(double shift)
        {
            var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", shift));
            kit.Migration("7000000000000001", "esxa01", "esxb02", T0, 2.0, 5100334);
            kit.Migration("7000000000000002", "esxb02", "esxa01", T0.AddMinutes(5), 0.8, 5200334);
            return kit;
        }

        [Fact]
        public void WithoutReconciliationEntriesAreMergedOnTheirWrittenTimes()
        {
            using var kit = TwoHosts(17.25);
            var (entries, _) = Read(kit.Write(), new TimelineOptions());
            Assert.Equal(24, entries.Count);
            Assert.All(entries, e => Assert.Equal(TimelinePlacement.AsWritten, e.Placement));
            Assert.All(entries, e => Assert.Null(e.ClockOffset));
            Assert.Equal(entries.Select(e => e.Timestamp).OrderBy(t => t), entries.Select(e => e.Timestamp));
            Assert.Equal(new[] { "esxa01", "esxb02" }, entries.Select(e => e.HostName).Distinct().OrderBy(h => h));
            Assert.All(entries, e => Assert.Equal(RecordSource.VMotion, e.Source));
            // The destination's clock runs 17.25 s ahead: read as written, its end comes long after the source's.
            TimelineEntry dstEnd = entries.First(e => e.HostName == "esxb02" && e.Kind == "MigrationEnd");
            Assert.Equal(T0.AddMilliseconds(2450 + 17250), dstEnd.Timestamp);
        }

        [Fact]
        public void EstimatedOffsetsPutBothHostsOnTheReferenceClockInCausalOrder()
        {
            using var kit = TwoHosts(17.25);
            var (entries, issues) = Read(kit.Write(), new TimelineOptions { EstimateClockSkew = true, ReferenceHostName = "esxa01" });
            Assert.Equal(24, entries.Count);
            Assert.All(entries, e => Assert.Equal(TimelinePlacement.Reconciled, e.Placement));
            Assert.Equal(entries.Select(e => e.Timestamp).OrderBy(t => t), entries.Select(e => e.Timestamp));
            Assert.All(entries.Where(e => e.HostName == "esxa01"), e => Assert.Equal(TimeSpan.Zero, e.ClockOffset));
            TimelineEntry dstEnd = entries.First(e => e.HostName == "esxb02" && e.Kind == "MigrationEnd");
            Assert.InRange(dstEnd.ClockOffset!.Value.TotalSeconds, 16.75, 17.75);
            Assert.Equal(T0.AddMilliseconds(2450 + 17250), dstEnd.OriginalTimestamp);
            // Causal order restored: the source sent its last pages before the destination ended, which ended before the source.
            int sent = entries.FindIndex(e => e.HostName == "esxa01" && e.Kind == "PagesSent");
            int dEnd = entries.IndexOf(dstEnd);
            int sEnd = entries.FindIndex(e => e.HostName == "esxa01" && e.Kind == "MigrationEnd");
            Assert.True(sent < dEnd && dEnd < sEnd, sent + " < " + dEnd + " < " + sEnd);
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.Unplaced);
            Assert.All(entries, e => Assert.Equal(TimestampInterpretation.AsWritten, e.TimestampInterpretation));
        }

        [Fact]
        public void AGivenOffsetWinsOverTheEstimate()
        {
            using var kit = TwoHosts(17.25);
            // Host names are matched ignoring case; the last offset given for a host wins.
            var options = new TimelineOptions { EstimateClockSkew = true, ReferenceHostName = "esxa01", ClockOffset = new[] { new HostClockOffset("esxb02", 3), new HostClockOffset("ESXB02", 12.5) } };
            var (entries, _) = Read(kit.Write(), options);
            Assert.All(entries.Where(e => e.HostName == "esxb02"), e => Assert.Equal(TimeSpan.FromSeconds(12.5), e.ClockOffset));
            TimelineEntry dstEnd = entries.First(e => e.HostName == "esxb02" && e.Kind == "MigrationEnd");
            Assert.Equal(T0.AddMilliseconds(2450 + 17250 - 12500), dstEnd.Timestamp);
        }

        [Fact]
        public void AHostWithoutAnchorsIsCountedKeptAtItsWrittenTimeAndReported()
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 17.25), ("esxd04", 300));
            kit.Migration("7000000000000001", "esxa01", "esxb02", T0, 2.0, 5100334);
            kit.Add("esxd04", T0.AddSeconds(1), "cpu1:2098001)Migrate: vm 2098004: 3284: Setting VMOTION info: Source ts = 7000000000000099, src ip = <10.20.0.40> dest ip = <10.20.0.41> Dest wid = 0 using SHARED swap");
            kit.Add("esxd04", T0.AddSeconds(2), "cpu1:2098001)WARNING: Migrate: 296: 7000000000000099 S: Failed: Migration was canceled by the user (0xbad0090) @0x41800f61cee2");
            var (entries, issues) = Read(kit.Write(), new TimelineOptions { EstimateClockSkew = true });
            var d = entries.Where(e => e.HostName == "esxd04").ToList();
            Assert.Equal(2, d.Count);
            Assert.All(d, e => Assert.Equal(TimelinePlacement.Unreconciled, e.Placement));
            Assert.Equal(T0.AddSeconds(301), d[0].Timestamp);
            Assert.Equal(RecordSeverity.Error, d[1].Severity);
            Issue unplaced = Assert.Single(issues.Issues, i => i.Kind == IssueKind.Unplaced);
            Assert.Equal("esxd04", unplaced.Source);
            Assert.StartsWith("2 entries of host esxd04 keep their written time", unplaced.Message);
        }

        [Fact]
        public void FiltersApplyBeforeMerging()
        {
            using var kit = TwoHosts(17.25);
            string[] folders = kit.Write();
            var byHost = new TimelineOptions { HostName = new[] { "esxb*" } };
            Assert.All(Read(folders, byHost).Entries, e => Assert.Equal("esxb02", e.HostName));
            Assert.Equal(12, Read(folders, byHost).Entries.Count);
            var window = new TimelineOptions { EstimateClockSkew = true, ReferenceHostName = "esxa01", After = T0.AddSeconds(2), Before = T0.AddMinutes(5) };
            var (inWindow, _) = Read(folders, window);
            Assert.All(inWindow, e => Assert.InRange(e.Timestamp!.Value, T0.AddSeconds(2), T0.AddMinutes(5).AddTicks(-1)));
            // The second migration's destination info line, 50 ms before its start, is inside the window too.
            Assert.Equal(new[] { "PreCopyStopped", "PagesSent", "MigrationEnd", "MigrationEnd", "InfoSet" }, inWindow.Select(e => e.Kind));
            var errors = new TimelineOptions { MinimumSeverity = RecordSeverity.Warning };
            Assert.Empty(Read(folders, errors).Entries);
            var sources = new TimelineOptions { Source = new[] { RecordSource.Vdsm } };
            Assert.Empty(Read(folders, sources).Entries);
        }

        [Theory]
        [InlineData(16384, 0)]
        [InlineData(1, 1)]
        public void JoinedCallsComeOutAtTheirEndAndAreReorderedWithinTheWindowOrReported(int capacity, int late)
        {
            // Call A starts first and ends last: the join lets B go first; the reorder window puts A back before B.
            string text =
                "2023-06-02 14:00:01,000+0000 INFO  (jsonrpc/1) [vdsm.api] START getAllTasksStatuses() from=::ffff:10.1.1.5,41022 (api:48)\n"
              + "2023-06-02 14:00:02,000+0000 INFO  (jsonrpc/2) [vdsm.api] START repoStats(domains=()) from=::ffff:10.1.1.5,41022 (api:48)\n"
              + "2023-06-02 14:00:02,100+0000 INFO  (jsonrpc/2) [vdsm.api] FINISH repoStats return={} from=::ffff:10.1.1.5,41022 (api:54)\n"
              + "2023-06-02 14:00:09,000+0000 INFO  (jsonrpc/1) [vdsm.api] FINISH getAllTasksStatuses return={'allTasksStatus': {}} from=::ffff:10.1.1.5,41022 (api:54)\n";
            string dir = Path.Combine(Path.GetTempPath(), "virtdiag-timeline-" + Guid.NewGuid().ToString("N"), "sosreport-rhvh07-2023-06-02-abcd", "var", "log", "vdsm");
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "vdsm.log"), text);
                var options = new TimelineOptions { ReorderCapacity = capacity, Source = new[] { RecordSource.Vdsm } };
                var (entries, issues) = Read(new[] { dir }, options);
                var calls = entries.Where(e => e.Record is VdsmTask).Select(e => ((VdsmTask)e.Record).Verb).ToList();
                Assert.Equal(capacity > 1 ? new[] { "getAllTasksStatuses", "repoStats" } : new[] { "repoStats", "getAllTasksStatuses" }, calls);
                Assert.Equal(6, entries.Count); // 4 records and 2 calls
                Assert.All(entries, e => Assert.Equal("rhvh07", e.HostName));
                var reported = issues.Issues.Where(i => i.Kind == IssueKind.Unplaced).ToList();
                Assert.Equal(late, reported.Count);
                if (late > 0)
                {
                    Assert.Equal("rhvh07 vdsm calls", reported[0].Source);
                    Assert.StartsWith("1 entry came out of order by more than the reorder window of 1 entries (by up to 1 s)", reported[0].Message);
                }
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(dir))!)!)!, recursive: true);
            }
        }
    }
}
