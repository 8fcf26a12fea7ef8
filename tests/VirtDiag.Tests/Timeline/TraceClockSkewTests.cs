using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Timeline;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>
    /// A trace-cmd host–guest recording (../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03: host
    /// trace.dat, guest trace-Salamander4.dat) anchors the guest's trace clock to the host's through the mapping the
    /// recording measured and wrote into the guest file (TIME_SHIFT samples, TSC2NSEC).
    /// </summary>
    public sealed class TraceClockSkewTests
    {
        private static string Dir => Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03");

        // The guest file's options as trace-cmd's own dump prints them (not our reader): TSC2NSEC "mult shift offset",
        // and TIME_SHIFT samples "offset scaling fraction time".
        private static readonly Regex s_tsc2nsec = new(@"^(\d+) (\d+) (-?\d+) \[multiplier, shift, offset\]$", RegexOptions.Multiline);
        private static readonly Regex s_sample = new(@"^\t(-?\d+) (\d+) (\d+) (\d+)\[offset \* scaling >> fraction @ time\]$", RegexOptions.Multiline);

        [FixtureFact]
        public void TheRecordingsTimeShiftGivesTheGuestTraceClockAgainstTheHosts()
        {
            // First principles: at a sample, guest TSC t maps to host TSC (t·scaling >> fraction) + offset, and each clock
            // is its TSC through TSC2NSEC, ns = (cycles·mult >> shift) + offset; the guest's clock minus the host's is then
            // tsc2nsec(t) − tsc2nsec(t + offset) when scaling is 1 and fraction 0.
            string dump = File.ReadAllText(Path.Combine(Dir, "trace-Salamander4.dump.txt"));
            Match t2n = s_tsc2nsec.Match(dump);
            Assert.True(t2n.Success, "no TSC2NSEC in the dump");
            BigInteger mult = BigInteger.Parse(t2n.Groups[1].Value, CultureInfo.InvariantCulture);
            int shift = int.Parse(t2n.Groups[2].Value, CultureInfo.InvariantCulture);
            var samples = s_sample.Matches(dump).Select(m => (
                Offset: BigInteger.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                Scaling: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                Fraction: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                Time: BigInteger.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))).ToList();
            Assert.Equal(2, samples.Count);
            Assert.All(samples, s => Assert.Equal((1, 0), (s.Scaling, s.Fraction)));
            BigInteger Ns(BigInteger cycles) => (cycles * mult) >> shift;
            double[] expected = samples.Select(s => (double)(Ns(s.Time) - Ns(s.Time + s.Offset)) / 1e9).ToArray();
            Assert.Equal(expected[0], expected[1], 6); // the recording's offset did not move between its two samples
            Assert.InRange(expected[0], -21734.6, -21734.5); // the guest's TSC started about six hours after the host's

            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(Dir, "trace.dat"), Path.Combine(Dir, "trace-Salamander4.dat") }, ctx);
            var estimates = TimelineReader.MeasureClockSkew(docs, new ClockSkewOptions(), ctx);
            Assert.Equal(2, estimates.Count);
            // Named as the trace events name the machines: the host of a guest is "host", a guest its GUEST name (empty
            // here), else its file name.
            Assert.Equal(("host", ClockSkewConfidence.Reference), (estimates[0].HostName, estimates[0].Confidence));
            ClockSkewEstimate guest = estimates[1];
            Assert.Equal("trace-Salamander4", guest.HostName);
            Assert.Equal("host", guest.ReferenceHostName);
            Assert.Equal(expected[0], guest.OffsetSeconds!.Value, 5);
            Assert.InRange(expected[0], guest.LowerBoundSeconds!.Value, guest.UpperBoundSeconds!.Value);
            Assert.Equal(0.004, guest.UpperBoundSeconds.Value - guest.LowerBoundSeconds.Value, 6); // exact, widened by the 2 ms resolution each way
            Assert.Equal(4, guest.Anchors); // two samples, one anchor each way
            Assert.Equal(new[] { AnchorFinder.TraceTimeShiftKind }, guest.AnchorKinds);
            Assert.Equal(ClockSkewConfidence.High, guest.Confidence);
            Assert.Equal(0, guest.Outliers);
            Assert.Empty(issues.Issues);
        }

        [FixtureFact]
        public void AGuestTraceWithoutItsHostsGivesNoAnchorAndSaysWhy()
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            string guestPath = Path.Combine(Dir, "trace-Salamander4.dat");
            var anchors = TimelineReader.FindAnchors(DocumentResolver.Resolve(new[] { guestPath }, ctx), new ClockSkewOptions(), ctx);
            Assert.Empty(anchors);
            Issue skipped = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, skipped.Kind);
            Assert.Equal(guestPath, skipped.Source);
            Assert.Contains("host trace 0x2C75FF89FDAF813C, which is not in the input", skipped.Message, StringComparison.Ordinal);
        }
    }
}
