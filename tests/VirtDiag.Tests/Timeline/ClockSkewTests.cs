using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Timeline;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>Clock offsets recovered from causal pairs of records, with bounds that hold the truth.</summary>
    public class ClockSkewTests
    {
        private static readonly DateTimeOffset T0 = new(2024, 3, 11, 9, 15, 0, TimeSpan.Zero);

        internal static (IReadOnlyList<ClockSkewEstimate> Estimates, IssueCollector Issues) Measure(string[] paths, ClockSkewOptions? options = null)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            return (TimelineReader.MeasureClockSkew(DocumentResolver.Resolve(paths, ctx), options ?? new ClockSkewOptions(), ctx), issues);
        }

        private static void AssertHolds(ClockSkewEstimate e, double truth)
        {
            Assert.NotNull(e.LowerBoundSeconds);
            Assert.NotNull(e.UpperBoundSeconds);
            Assert.InRange(truth, e.LowerBoundSeconds!.Value, e.UpperBoundSeconds!.Value);
            Assert.InRange(e.OffsetSeconds!.Value, e.LowerBoundSeconds.Value, e.UpperBoundSeconds.Value);
        }

        [Theory]
        [InlineData(17.25)]
        [InlineData(-42.5)]
        [InlineData(3600.125)]
        public void MigrationsBothWaysRecoverTheDestinationShiftWithinTightBounds(double shift)
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", shift));
            kit.Migration("7000000000000001", "esxa01", "esxb02", T0, 2.0, 5100334);
            kit.Migration("7000000000000002", "esxb02", "esxa01", T0.AddMinutes(5), 0.8, 5200334);
            kit.Migration("7000000000000003", "esxa01", "esxb02", T0.AddMinutes(9), 3.5, 5300334);
            var (estimates, issues) = Measure(kit.Write(), new ClockSkewOptions { ReferenceHostName = "esxa01" });
            Assert.Equal(2, estimates.Count);
            Assert.Equal(ClockSkewConfidence.Reference, estimates[0].Confidence);
            Assert.Equal("esxa01", estimates[0].HostName);
            ClockSkewEstimate b = estimates[1];
            Assert.Equal("esxb02", b.HostName);
            Assert.Equal("esxa01", b.ReferenceHostName);
            AssertHolds(b, shift);
            Assert.Equal(6, b.Anchors);
            Assert.Equal(new[] { "VMotionPagesSentBeforeDestinationEnd", "VMotionDestinationBeforeSourceEnd" }, b.AnchorKinds.OrderByDescending(k => k.Length));
            // Both directions bound the offset within the switchover (0.33 s each way, plus the log resolution).
            Assert.True(b.UpperBoundSeconds - b.LowerBoundSeconds < 1.0, b.LowerBoundSeconds + " .. " + b.UpperBoundSeconds);
            Assert.InRange(b.OffsetSeconds!.Value, shift - 0.5, shift + 0.5);
            Assert.Equal(ClockSkewConfidence.High, b.Confidence);
            Assert.Equal(0, b.Outliers);
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) != IssueSeverity.Verbose);
        }

        [Fact]
        public void AHostClockOffByMoreThanTheJoinWindowSplitsItsMigrationsAndSaysSo()
        {
            // esxb02 runs 3 h ahead: read side by side by written time, its side of each migration comes 3 h after the source's.
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 3 * 3600.5));
            kit.Migration("7000000000000001", "esxa01", "esxb02", T0, 2.0, 5100334);
            kit.Migration("7000000000000002", "esxa01", "esxb02", T0.AddMinutes(20), 1.0, 5200334);
            string[] folders = kit.Write();

            var (split, issues) = Measure(folders, new ClockSkewOptions { ReferenceHostName = "esxa01", VMotionJoinWindow = TimeSpan.FromHours(2) });
            Assert.Equal(ClockSkewConfidence.None, split[1].Confidence);
            Assert.Equal(0, split[1].Anchors);
            var truncated = issues.Issues.Where(i => i.Kind == IssueKind.TruncatedRecord).ToList();
            Assert.Equal(2, truncated.Count); // one per migration, at the destination's first line of it
            Assert.All(truncated, i => Assert.Contains("the edge of the join window", i.Message, StringComparison.Ordinal));
            Assert.Contains("vMotion 7000000000000001 was already written without this line", truncated[0].Message, StringComparison.Ordinal);

            var (joined, _) = Measure(folders, new ClockSkewOptions { ReferenceHostName = "esxa01" }); // the default window, 1 day
            Assert.Equal(4, joined[1].Anchors);
            AssertHolds(joined[1], 3 * 3600.5);
        }

        [Fact]
        public void OneWayMigrationsGiveWiderBoundsThatStillHoldTheTruth()
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 17.25));
            kit.Migration("7000000000000011", "esxa01", "esxb02", T0, 2.0, 5100334);
            var (estimates, _) = Measure(kit.Write());
            ClockSkewEstimate b = estimates.Single(e => e.HostName == "esxb02");
            AssertHolds(b, 17.25);
            Assert.Equal(2, b.Anchors);
            Assert.Equal(ClockSkewConfidence.Medium, b.Confidence);
            // Upper: pages sent → destination end (0.33 s + resolution); lower: destination start → source end (2.892 s + resolution).
            Assert.Equal(17.25 + 0.33 + 0.002, b.UpperBoundSeconds!.Value, 3);
            Assert.Equal(17.25 - 2.892 - 0.002, b.LowerBoundSeconds!.Value, 3);
        }

        [Fact]
        public void ReferenceDefaultsToTheHostWithMostAnchorsAndOffsetsAreSignedAsHostMinusReference()
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 20), ("esxc03", -7.5));
            kit.Migration("7000000000000021", "esxa01", "esxb02", T0, 1.0, 5100334);
            kit.Migration("7000000000000022", "esxb02", "esxa01", T0.AddMinutes(1), 1.0, 5200334);
            kit.Migration("7000000000000023", "esxb02", "esxc03", T0.AddMinutes(2), 1.0, 5300334);
            kit.Migration("7000000000000024", "esxc03", "esxb02", T0.AddMinutes(3), 1.0, 5400334);
            var (estimates, _) = Measure(kit.Write());
            // esxb02 is in every migration: it is the reference; the others are seen from its clock.
            Assert.Equal("esxb02", estimates[0].HostName);
            ClockSkewEstimate a = estimates.Single(e => e.HostName == "esxa01"), c = estimates.Single(e => e.HostName == "esxc03");
            AssertHolds(a, -20);
            AssertHolds(c, -27.5);
            Assert.Equal(new[] { "esxb02", "esxc03" }, c.Via);
        }

        [Fact]
        public void HostsLinkedOnlyThroughAnotherHostAddTheirOffsetsAndBounds()
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 20), ("esxc03", -7.5));
            kit.Migration("7000000000000031", "esxa01", "esxb02", T0, 1.0, 5100334);
            kit.Migration("7000000000000032", "esxb02", "esxa01", T0.AddMinutes(1), 1.0, 5200334);
            kit.Migration("7000000000000033", "esxb02", "esxc03", T0.AddMinutes(2), 1.0, 5300334);
            kit.Migration("7000000000000034", "esxc03", "esxb02", T0.AddMinutes(3), 1.0, 5400334);
            var (estimates, _) = Measure(kit.Write(), new ClockSkewOptions { ReferenceHostName = "esxa01" });
            ClockSkewEstimate c = estimates.Single(e => e.HostName == "esxc03");
            AssertHolds(c, -7.5);
            Assert.Equal(new[] { "esxa01", "esxb02", "esxc03" }, c.Via);
            Assert.Equal(8, c.Anchors);
        }

        [Fact]
        public void LogsLongerThanTheJoinsHeldMigrationsStillPairBothSides()
        {
            // 4,200 migrations per host: read one log after the other, the join (4,096 held) would lose every pair.
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", -3.5));
            for (int i = 0; i < 4200; i++)
                kit.Migration((7100000000000000 + i).ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? "esxa01" : "esxb02", i % 2 == 0 ? "esxb02" : "esxa01", T0.AddSeconds(4 * i), 1.5, 5100334 + i);
            var (estimates, issues) = Measure(kit.Write(), new ClockSkewOptions { ReferenceHostName = "esxa01" });
            ClockSkewEstimate b = estimates.Single(e => e.HostName == "esxb02");
            Assert.Equal(8400, b.Anchors);
            AssertHolds(b, -3.5);
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord);
        }

        [Fact]
        public void AHostWithoutAnchorsHasNoEstimate()
        {
            using var kit = new VMotionBundleKit(("esxa01", 0), ("esxb02", 5), ("esxd04", 0));
            kit.Migration("7000000000000041", "esxa01", "esxb02", T0, 1.0, 5100334);
            kit.Add("esxd04", T0, "cpu1:2098001)Migrate: vm 2098004: 3284: Setting VMOTION info: Source ts = 7000000000000099, src ip = <10.20.0.40> dest ip = <10.20.0.41> Dest wid = 0 using SHARED swap");
            var (estimates, _) = Measure(kit.Write());
            ClockSkewEstimate d = estimates.Single(e => e.HostName == "esxd04");
            Assert.Equal(ClockSkewConfidence.None, d.Confidence);
            Assert.Null(d.OffsetSeconds);
            Assert.Null(d.LowerBoundSeconds);
            Assert.Equal(0, d.Anchors);
        }

        [Fact]
        public void AContradictingAnchorIsReportedAndLeftOutNotSilentlyDropped()
        {
            var anchors = new List<ClockAnchor>();
            DateTimeOffset t = T0;
            // Four agreeing pairs each way around +10 s, then one claiming the offset is at most -30 s.
            for (int i = 0; i < 4; i++)
            {
                anchors.Add(new ClockAnchor("Test", "a", t.AddSeconds(i), "b", t.AddSeconds(i + 10.2), "a.log:" + i + " -> b.log:" + i));
                anchors.Add(new ClockAnchor("Test", "b", t.AddSeconds(i + 10), "a", t.AddSeconds(i + 0.3), "b.log:" + i + " -> a.log:" + i));
            }
            anchors.Add(new ClockAnchor("Test", "a", t.AddSeconds(60), "b", t.AddSeconds(30), "a.log:99 -> b.log:99"));
            var issues = new IssueCollector();
            var estimates = ClockSkewEstimator.Estimate(anchors, new[] { "a", "b" }, "a", null, new ReadContext(issues));
            ClockSkewEstimate b = estimates.Single(e => e.HostName == "b");
            Assert.Equal(1, b.Outliers);
            Assert.Equal(8, b.Anchors);
            Assert.Contains("a.log:99 -> b.log:99", Assert.Single(b.OutlierEvidence));
            Assert.Equal(9.698, b.LowerBoundSeconds!.Value, 3);
            Assert.Equal(10.202, b.UpperBoundSeconds!.Value, 3);
            Assert.Equal(9.95, b.OffsetSeconds!.Value, 3);
            Issue issue = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.ClockAnchorOutlier, issue.Kind);
            Assert.Equal("a.log:99 -> b.log:99", issue.Source);
        }

        [Fact]
        public void OneSidedAnchorsGiveALowConfidenceEstimateAtTheBoundAsWritten()
        {
            var anchors = new[] { new ClockAnchor("GuestFailureBeforeHostRecord", "vm1", T0, "esx1", T0.AddSeconds(-25), "g:1 -> h:1"),
                                  new ClockAnchor("GuestFailureBeforeHostRecord", "vm1", T0.AddHours(1), "esx1", T0.AddHours(1).AddSeconds(-26), "g:9 -> h:9") };
            var estimates = ClockSkewEstimator.Estimate(anchors, Array.Empty<string>(), "esx1", null, new ReadContext());
            ClockSkewEstimate g = estimates.Single(e => e.HostName == "vm1");
            // esx1 - vm1 <= -25.998 → vm1 - esx1 >= 25.998: the guest runs at least 26 s ahead.
            Assert.Equal(ClockSkewConfidence.Low, g.Confidence);
            Assert.Equal(25.998, g.LowerBoundSeconds!.Value, 3);
            Assert.Null(g.UpperBoundSeconds);
            Assert.Equal(26.0, g.OffsetSeconds!.Value, 3);
        }
    
        [Fact]
        public void AGuestPanicBeforeTheHostSawTheCrashBoundsTheGuestClock()
        {
            // Synthetic lines in the shapes the guest reader knows: the guest's clock runs 37 s ahead of the host's.
            string root = Path.Combine(Path.GetTempPath(), "virtdiag-guest-" + Guid.NewGuid().ToString("N"));
            string guestDir = Path.Combine(root, "sosreport-web01-2024-03-05-abcd", "var", "log");
            string hostDir = Path.Combine(root, "esx-esxa01-2024-03-05--10.00-1001", "var", "run", "log");
            Directory.CreateDirectory(guestDir);
            Directory.CreateDirectory(hostDir);
            try
            {
                File.WriteAllText(Path.Combine(guestDir, "messages"),
                    "Mar  5 10:16:10 web01 kernel: [ 8802.000001] e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex\n"
                  + "Mar  5 10:16:19 web01 kernel: [ 8811.123456] Kernel panic - not syncing: Fatal exception\n");
                File.WriteAllText(Path.Combine(hostDir, "hostd.log"),
                    "2024-03-05T10:15:42.500Z info hostd[2099] [Originator@6876 sub=Vmsvc.vm:/vmfs/volumes/ds1/web01/web01.vmx] Guest operating system crash detected.\n");
                var (estimates, _) = Measure(new[] { root }, new ClockSkewOptions { Year = 2024, ReferenceHostName = "esxa01" });
                ClockSkewEstimate g = estimates.Single(e => e.HostName == "web01");
                Assert.Equal(ClockSkewConfidence.Low, g.Confidence);
                Assert.Equal(new[] { "GuestFailureBeforeHostRecord" }, g.AnchorKinds);
                // The panic (guest 10:16:19) came before the host saw it (host 10:15:42.5): the guest runs at least 36.5 s ahead.
                Assert.Equal(36.498, g.LowerBoundSeconds!.Value, 3);
                Assert.Null(g.UpperBoundSeconds);
                Assert.Equal(36.5, g.OffsetSeconds!.Value, 3);
                Assert.InRange(37.0, g.LowerBoundSeconds.Value, double.MaxValue);

                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var entries = TimelineReader.Read(DocumentResolver.Resolve(new[] { root }, ctx), new TimelineOptions { Year = 2024, EstimateClockSkew = true, ReferenceHostName = "esxa01" }, ctx).ToList();
                TimelineEntry panic = entries.Single(e => e.Kind == "KernelPanic");
                TimelineEntry seen = entries.Single(e => e.Kind == "HostDetectedCrash");
                Assert.Equal(seen.Timestamp, panic.Timestamp);
                Assert.Equal(TimelinePlacement.Reconciled, panic.Placement);
                Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 16, 19, TimeSpan.Zero), panic.OriginalTimestamp);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
