using System.Buffers.Binary;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>
    /// Info lines that need libtraceevent's own reading of a print fmt or trace-cmd's plugins, one event kind each
    /// (docs/ftrace-info-differences.md). The whole-file comparison is TraceDatOracleTests.
    /// </summary>
    public class TraceInfoRenderingTests
    {
        private static List<TraceEvent> Read(string path, params string[] events)
        {
            var ctx = new ReadContext(new IssueCollector());
            var o = new TraceReadOptions { Event = events.ToArray() };
            return TraceReader.OpenEvents(o, ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx)).ToList();
        }

        private static string FirstInfo(List<TraceEvent> all, string name) => all.First(e => e.Name == name).Info.TrimStart(' ');

        [FixtureFact("ftrace/public-dat/v7-zlib-guest-hip24-2024-04/trace-Salamander4.dat")]
        public void GuestKernelEventsPrintAsTraceCmdDoes()
        {
            // xz -dc trace-Salamander4.report.txt.xz | grep -m1 ' NAME: ' (for each NAME below), in the 2024-04 guest recording
            string dat = Repo.Fixture("ftrace", "public-dat", "v7-zlib-guest-hip24-2024-04", "trace-Salamander4.dat");
            var all = Read(dat, "tlb_flush", "mm_page_alloc", "mm_page_free", "mm_page_alloc_zone_locked", "mmap_lock_acquire_returned",
                "cobalt_lostage_request", "netif_receive_skb", "timer_start", "qdisc_dequeue", "9p_protocol_dump");
            // tlb plugin: "pages=", not the format's "pages:"
            Assert.Equal("pages=-1 reason=flush on task switch (0)", FirstInfo(all, "tlb_flush"));
            // "(struct page *)vmemmap_base + pfn": the unknown name is 0, no pointer scaling; gfp flags from __print_flags
            Assert.Equal("page=0xaf41 pfn=0xaf41 order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE", FirstInfo(all, "mm_page_alloc"));
            Assert.Equal("page=0xa67c pfn=0xa67c order=2", FirstInfo(all, "mm_page_free"));
            Assert.Equal("page=0x97b6 pfn=0x97b6 order=1 migratetype=2 percpu_refill=0", FirstInfo(all, "mm_page_alloc_zone_locked"));
            // the print fmt has a real newline inside its string
            Assert.Equal("mm=0xffff9de7c40b9980 memcg_path=/ write=false success=true", FirstInfo(all, "mmap_lock_acquire_returned"));
            // %s of a pointer-sized field: the address in hex without 0x
            Assert.Equal("request=ffffffffb3e3e229 pid=340 comm=MainTaskLow:340", FirstInfo(all, "cobalt_lostage_request"));
            // %px: the x is not a pointer extension libtraceevent knows, so it is printed
            Assert.Equal("dev=eth0 skbaddr=0xffff9de7c484d200x len=46", FirstInfo(all, "netif_receive_skb"));
            Assert.Equal("dequeue ifindex=3 qdisc handle=0x0 parent=0xFFFFFFFF txq_state=0x0 packets=0 skbaddr=(nil)x", FirstInfo(all, "qdisc_dequeue"));
            // __print_flags(flags & (M|D|P|I)) read as (flags & M)|D|P|I: every timer shows D|P|I
            // (grep -c ' timer_start: .*flags=D|P|I$' = grep -c ' timer_start: ' = 304)
            var timers = all.Where(e => e.Name == "timer_start").ToList();
            Assert.Equal(304, timers.Count);
            Assert.All(timers, t => Assert.EndsWith(" flags=D|P|I", t.Info));
            Assert.Equal("timer=0xffffa90f4008fe68 function=process_timeout expires=4294780925 [timeout=3] cpu=0 idx=62 flags=D|P|I", FirstInfo(all, "timer_start"));
            // three lines; %16ph of a plain field or an expression prints libtraceevent's complaint
            Assert.Equal("clnt 18446636217482385472 P9_TGETATTR(tag = 0)\n000: ARG TYPE NOT FIELD BUT 2\n010: ARG TYPE NOT FIELD BUT 11", FirstInfo(all, "9p_protocol_dump"));
        }

        [FixtureFact("ftrace/public-dat/v6-32bit/wsdias-LabSisOp.trace.dat")]
        public void FunctionGraphPrintsNestedCallsWithDurations()
        {
            // wsdias-LabSisOp.trace.report.txt: do_IRQ entered, an irq_handler_entry in between, then the return
            string dat = Repo.Fixture("ftrace", "public-dat", "v6-32bit", "wsdias-LabSisOp.trace.dat");
            var all = Read(dat);
            Assert.Equal(21, all.Count);
            Assert.Equal("|  do_IRQ() {", all[0].Info.TrimStart(' '));
            Assert.Equal("# 3242.027 us |  }", all[2].Info);
            Assert.Equal("! 376.249 us |  }", all[5].Info);
            Assert.Equal("+ 75.516 us  |  }", all[8].Info);
        }

        [FixtureFact("ftrace/public-dat/v6-32bit/wsdias-LabSisOp.trace.dat")]
        public void FunctionGraphLeafTakesItsReturnRecord()
        {
            // Synthetic variant made by this test from the wsdias fixture (not stored): the first irq_handler_entry record
            // (id 70, irq=4) becomes a funcgraph_entry (id 11) of do_IRQ (0xc6b9f810) at depth 1, so the funcgraph_exit
            // after it is its return. trace-cmd report on that file (checked below when installed) prints
            //   <idle>-0 [000] 38.926579: funcgraph_entry:      # 3242.027 us |    do_IRQ();
            // and no funcgraph_exit line: one event fewer.
            string src = Repo.Fixture("ftrace", "public-dat", "v6-32bit", "wsdias-LabSisOp.trace.dat");
            byte[] d = File.ReadAllBytes(src);
            int fly = Encoding.ASCII.GetString(d).IndexOf("flyrecord", StringComparison.Ordinal);
            int at = -1;
            for (int i = fly; i + 16 <= d.Length; i++)
            {
                if (BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(i)) == 70 && BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(i + 8)) == 4) { at = i; break; }
            }
            Assert.True(at > 0);
            BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(at), 11);
            BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(at + 8), 0xc6b9f810);
            BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(at + 12), 1);
            string dir = Path.Combine(Path.GetTempPath(), "virtdiag-fgraph-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string dat = Path.Combine(dir, "leaf.dat");
            try
            {
                File.WriteAllBytes(dat, d);
                var all = Read(dat);
                Assert.Equal(20, all.Count);
                Assert.Equal("|  do_IRQ() {", all[0].Info.TrimStart(' '));
                Assert.Equal("funcgraph_entry", all[1].Name);
                Assert.Equal("# 3242.027 us |    do_IRQ();", all[1].Info);
                Assert.Equal("funcgraph_entry", all[2].Name); // the return was consumed by the leaf
                if (Tools.Exists("trace-cmd"))
                {
                    var r = Tools.Run("trace-cmd", "report -i " + dat);
                    var expected = TraceDatOracleTests.ParseReport(Encoding.UTF8.GetString(r.Stdout).Split('\n'));
                    Assert.Equal(expected.Count, all.Count);
                    for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Info.TrimEnd(), all[i].Info.TrimStart(' '));
                }
                // the same leaf when only funcgraph events are asked for: the lookahead sees records, not the filter
                var graphOnly = Read(dat, "funcgraph_*");
                Assert.Equal(14, graphOnly.Count);
                Assert.Equal("# 3242.027 us |    do_IRQ();", graphOnly[1].Info);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
