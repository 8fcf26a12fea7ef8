using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    public class FtraceTextTests
    {
        private static List<TraceEvent> Read(params string[] parts)
        {
            var ctx = new ReadContext(new IssueCollector());
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture(parts) }, ctx);
            return TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(docs).ToList();
        }

        [FixtureFact]
        public void TracefsFileWithFiveCharFlags()
        {
            var ev = Read("ftrace", "local", "local-raw-tracefs-trace.txt");
            // grep -c ': [a-z_]*: ' minus headers: entries-in-buffer says 976
            Assert.Equal(976, ev.Count);
            TraceEvent first = ev[0];
            Assert.Equal("<idle>", first.Comm);
            Assert.Equal(0, first.Pid);
            Assert.Equal(0, first.Cpu);
            Assert.Equal("d..2.", first.LatencyFlags);
            Assert.Equal(626_266_488_000, first.Timestamp);
            Assert.Equal("sched_switch", first.Name);
            Assert.StartsWith("prev_comm=swapper/0 prev_pid=0", first.Info);
            Assert.Equal("swapper/0", first.Fields["prev_comm"]);
        }

        [FixtureFact]
        public void CommsWithSpacesAndFourCharFlags()
        {
            var ev = Read("ftrace", "public-text", "tracecompass-incubator", "trace-critical-path");
            TraceEvent web = ev.First(e => e.Comm == "Web Content");
            Assert.Equal(2711, web.Pid);
            Assert.Equal(3, web.Cpu);
            Assert.Equal("d...", web.LatencyFlags);
            Assert.Equal("sched_waking", web.Name);
        }

        [FixtureFact]
        public void TraceCmdReportTextIsReadBackLikeTheBinary()
        {
            var fromText = Read("ftrace", "local", "local-sched-v6.report.txt");
            var fromDat = Read("ftrace", "local", "local-sched-v6.dat");
            Assert.Equal(fromDat.Count, fromText.Count);
            for (int i = 0; i < fromDat.Count; i += 97)
            {
                Assert.Equal(fromDat[i].Pid, fromText[i].Pid);
                Assert.Equal(fromDat[i].Name, fromText[i].Name);
                Assert.Equal(fromDat[i].TimestampText, TraceTime.Format(fromText[i].Timestamp, 6));
            }
        }

        [FixtureFact]
        public void LatencyColumnsReport()
        {
            var ev = Read("ftrace", "local", "local-sched-v6.report-l.txt");
            // head -2 local-sched-v6.report-l.txt: "sleep-20283   1d..3.   590.343975: sched_waking:"
            Assert.Equal(1925, ev.Count);
            Assert.Equal(1, ev[0].Cpu);
            Assert.Equal("d..3.", ev[0].LatencyFlags);
            Assert.Equal(20283, ev[0].Pid);
        }

        [FixtureFact("ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/host+guest.combined.report.txt.xz")]
        public void MultiFileReportHasMachinePrefixes()
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            // the .xz is decoded in-process (no xz program needed, so nothing to skip silently)
            string xz = Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03", "host+guest.combined.report.txt.xz");
            var ev = TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { xz }, ctx)).ToList();
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
            Assert.Contains(ev, e => e.Machine == "trace.dat" && e.Name == "kvm_exit");
            Assert.Contains(ev, e => e.Machine == "trace-Salamander4.dat" && e.Name == "sched_switch");
            // grep -c '^            trace.dat: ' minus the cpus= line = 11721 host events
            Assert.Equal(11721, ev.Count(e => e.Machine == "trace.dat"));
        }

        [Fact]
        public void RawReportLineGivesFields()
        {
            var p = new FtraceTextParser("x", null, new TraceReadOptions());
            var o = new List<TraceEvent>();
            p.ParseLine("            bash-19935 [000]   589.719727: sched_switch:          prev_comm=bash prev_pid=19935 prev_prio=120 prev_state=32 next_comm=bash next_pid=19934 next_prio=120"u8, 1, o);
            p.Complete(o); // the line is held until the next one shows it is not continued (mail-wrapped text)
            TraceEvent e = Assert.Single(o);
            Assert.Equal(32L, e.Fields["prev_state"]);
            Assert.Equal("bash", e.Fields["next_comm"]);
            Assert.Equal(589_719_727_000, e.Timestamp);
        }

        [Fact]
        public void TextThatIsNotATraceGivesOneNoRelevantDataWarningNamingTheFirstLine()
        {
            // Synthetic: vmkernel lines ("cpu4:2758489)" looks like a CPU field but is not one) given as a trace.
            byte[] text = System.Text.Encoding.UTF8.GetBytes(
                "\n2015-12-25T16:39:25.565Z cpu4:2758489)Migrate: vm 2758492: 3284: Setting VMOTION info\n2015-12-25T16:39:26.001Z cpu1:2758489)VMotion: 1\nno colon here\n");
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream("vmkernel.txt", () => new MemoryStream(text));
            Assert.Empty(FtraceTextReader.Read(new[] { doc }, new TraceReadOptions(), ctx));
            Issue i = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.NoRelevantData, i.Kind);
            Assert.Equal(2, i.LineNumber);
            Assert.Contains("among 3 line(s)", i.Message);
        }

        [Fact]
        public void NonEventLinesAmongEventsAreCountedAsSkipped()
        {
            byte[] text = System.Text.Encoding.UTF8.GetBytes(
                "cpus=2\nversion = 6\nCPU 1 is empty\n" +
                "          <idle>-0     [000]   626.266488: sched_switch:         swapper/0:0 [120] R ==> bash:5 [120]\n" +
                "some note: not an event\n" +
                "          <idle>-0     [000]   626.266490: sched_wakeup:         bash:5 [120] success=1 CPU:000\n");
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream("report.txt", () => new MemoryStream(text));
            Assert.Equal(2, FtraceTextReader.Read(new[] { doc }, new TraceReadOptions(), ctx).Count());
            Issue i = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, i.Kind);
            Assert.Equal(5, i.LineNumber);
            Assert.StartsWith("1 line(s) were not trace events", i.Message);
        }
    }
}
