using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Timeline;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>
    /// The lab engine.log (written in Z) and vdsm.log (written in +0100) of ../shared/fixtures/vdsm: the engine's VDS
    /// commands to rhel-7.3-host-1 and that host's vdsm calls bound its clock against the engine's.
    /// </summary>
    public class EngineVdsmSkewTests
    {
        private const string VdsmHost = "rhel-7.3-host-1"; // the migration source in both logs (engine: HostName = rhel-7.3-host-1; vdsm: src 192.168.121.108)
        private static readonly Regex s_vdsmTime = new(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})([+-]\d{4})", RegexOptions.CultureInvariant);

        private static string Engine => Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_engine.log");
        private static string Vdsm => Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log");

        private static List<LogDocument> Docs(string vdsmPath)
        {
            var ctx = new ReadContext();
            return DocumentResolver.Resolve(new[] { Engine }, ctx, "engine01").Concat(DocumentResolver.Resolve(new[] { vdsmPath }, ctx, VdsmHost)).ToList();
        }

        private static (ClockSkewEstimate Estimate, IssueCollector Issues) Measure(string vdsmPath)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = Docs(vdsmPath);
            var estimates = TimelineReader.MeasureClockSkew(docs, new ClockSkewOptions(), ctx);
            Assert.Equal(2, estimates.Count);
            Assert.Equal("engine01", estimates[0].HostName); // the engine is the reference when no other is named
            Assert.Equal(ClockSkewConfidence.Reference, estimates[0].Confidence);
            return (estimates[1], issues);
        }

        [FixtureFact]
        public void LabLogsBoundTheHostClockAgainstTheEngine()
        {
            var (e, issues) = Measure(Vdsm);
            Assert.Equal(VdsmHost, e.HostName);
            Assert.Equal("engine01", e.ReferenceHostName);
            // By hand: MigrateBrokerVDSCommand START 10:02:58,237Z → vdsm Calling 'VM.migrate' 11:02:59,238+0100 (≤ 1.001 s);
            // RPC call VM.migrate succeeded 11:02:59,243+0100 → FINISH 10:02:58,246Z (≥ 0.997 s): vdsm's clock runs ~1 s ahead.
            Assert.Equal(0.996, e.LowerBoundSeconds!.Value, 3);
            Assert.Equal(1.001, e.UpperBoundSeconds!.Value, 3);
            Assert.Equal(0.9985, e.OffsetSeconds!.Value, 4);
            Assert.Equal(22, e.Anchors);
            Assert.Equal(new[] { "EngineVdsCommandByVerb" }, e.AnchorKinds);
            Assert.Equal(ClockSkewConfidence.High, e.Confidence);
            // The graceful DestroyVDSCommand of engine.log:2206 (gracefully='true') is the broker's VM.shutdown of
            // vdsm-1.log:12466, not the VM.destroy 65 s later (vdsm-1.log:13356, the next, forced one's): no pairing contradicts.
            Assert.Equal(0, e.Outliers);
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.ClockAnchorOutlier);
            var anchors = TimelineReader.FindAnchors(Docs(Vdsm), new ClockSkewOptions(), new ReadContext());
            Assert.Contains(anchors, a => a.Evidence.EndsWith("engine.log:2206 -> " + Vdsm + ":12466", StringComparison.Ordinal));
            Assert.Contains(anchors, a => a.Evidence.EndsWith("engine.log:2274 -> " + Vdsm + ":13356", StringComparison.Ordinal));
        }

        [FixtureFact]
        public void RewritingEveryVdsmTimeBy42Point5SecondsMovesTheEstimateBy42Point5WithinItsBounds()
        {
            var (before, _) = Measure(Vdsm);
            string dir = Path.Combine(Path.GetTempPath(), "virtdiag-skew-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string shifted = Path.Combine(dir, "vdsm.log");
                int rewritten = 0;
                using (var writer = new StreamWriter(shifted, false, new UTF8Encoding(false)) { NewLine = "\n" })
                {
                    foreach (string line in File.ReadLines(Vdsm))
                    {
                        Match m = s_vdsmTime.Match(line);
                        if (!m.Success) { writer.WriteLine(line); continue; }
                        DateTime t = DateTime.ParseExact(m.Groups[1].Value, "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture).AddSeconds(42.5);
                        writer.WriteLine(t.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture) + m.Groups[2].Value + line.Substring(m.Length));
                        rewritten++;
                    }
                }
                Assert.True(rewritten > 16000, rewritten + " lines rewritten");
                var (after, _) = Measure(shifted);
                Assert.Equal(before.OffsetSeconds!.Value + 42.5, after.OffsetSeconds!.Value, 3);
                Assert.Equal(before.LowerBoundSeconds!.Value + 42.5, after.LowerBoundSeconds!.Value, 3);
                Assert.Equal(before.UpperBoundSeconds!.Value + 42.5, after.UpperBoundSeconds!.Value, 3);
                Assert.InRange(after.OffsetSeconds.Value, after.LowerBoundSeconds.Value, after.UpperBoundSeconds.Value);
                Assert.Equal(before.Anchors, after.Anchors);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [FixtureFact]
        public void TimelineOfTheLabLogsPutsVdsmCallsInsideTheEngineCommandsThatMadeThem()
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { Engine }, ctx, "engine01").Concat(DocumentResolver.Resolve(new[] { Vdsm }, ctx, VdsmHost)).ToList();
            var options = new TimelineOptions
            {
                EstimateClockSkew = true,
                After = new DateTimeOffset(2017, 2, 23, 10, 2, 58, TimeSpan.Zero),
                Before = new DateTimeOffset(2017, 2, 23, 10, 2, 59, TimeSpan.Zero),
                Source = new[] { RecordSource.OVirtEngine, RecordSource.Vdsm },
            };
            var entries = TimelineReader.Read(docs, options, ctx).ToList();
            Assert.Equal(entries.Select(e => e.Timestamp).OrderBy(t => t), entries.Select(e => e.Timestamp));
            Assert.Equal(new[] { "engine01", VdsmHost }, entries.Select(e => e.HostName).Distinct().OrderBy(h => h, StringComparer.Ordinal));
            int engineStart = entries.FindIndex(e => e.Record is OVirtEngineCommand c && c.Command == "MigrateBrokerVDSCommand");
            int vdsmCall = entries.FindIndex(e => e.Record is VdsmTask t && t.Verb == "VM.migrate");
            Assert.True(engineStart >= 0 && vdsmCall > engineStart, engineStart + " < " + vdsmCall);
            TimelineEntry call = entries[vdsmCall];
            Assert.Equal(TimelinePlacement.Reconciled, call.Placement);
            Assert.Equal(0.9985, call.ClockOffset!.Value.TotalSeconds, 4);
            Assert.Equal(new DateTimeOffset(2017, 2, 23, 11, 2, 59, 238, TimeSpan.FromHours(1)), call.OriginalTimestamp);
            Assert.Equal(TimeSpan.FromHours(1), call.OriginalTimestamp!.Value.Offset);
            Assert.Equal(new DateTimeOffset(2017, 2, 23, 10, 2, 58, 239, TimeSpan.Zero).AddTicks(5000), call.Timestamp); // 11:02:59.238+01:00 − 0.9985 s
        }
    }
}
