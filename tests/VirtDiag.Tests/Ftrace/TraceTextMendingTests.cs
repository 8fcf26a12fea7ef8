using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>
    /// Trace text as it arrives after mail (issue 18): wrapped lines and quoted-printable soft breaks are joined back or
    /// reported as damaged, never read as values; kvm-exits flags reasons that are not exit reasons; the v6 trace_clock
    /// section; kvm_userspace_exit as libtraceevent prints it. The report lines are synthetic, in trace-cmd's layout.
    /// </summary>
    public class TraceTextMendingTests
    {
        private static List<TraceEvent> ReadText(string text, IssueCollector issues)
        {
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream("mail.txt", () => new MemoryStream(Encoding.UTF8.GetBytes(text)));
            return FtraceTextReader.Read(new[] { doc }, new TraceReadOptions(), ctx).ToList();
        }

        // one vCPU thread: exit HLT, entry, exit EPT_VIOLATION, entry (as `trace-cmd report` prints them)
        private const string Exit1 = " qemu-system-x86-41077 [003]  5120.000100: kvm_exit:             reason HLT rip 0xffffffff9a2b3c4d info 0 0";
        private const string Entry1 = " qemu-system-x86-41077 [003]  5120.000900: kvm_entry:            vcpu 0, rip 0xffffffff9a2b3c4e";
        private const string Exit2 = " qemu-system-x86-41077 [003]  5120.001000: kvm_exit:             reason EPT_VIOLATION rip 0xffffffff9a2b3d00 info 181 0";
        private const string Entry2 = " qemu-system-x86-41077 [003]  5120.001200: kvm_entry:            vcpu 0, rip 0xffffffff9a2b3d00";

        /// <summary>Wraps like a mail client: at the last blank before column 72, the blank eaten.</summary>
        private static string Wrap(string line)
        {
            var sb = new StringBuilder();
            while (line.Length > 72)
            {
                int cut = line.LastIndexOf(' ', 71);
                while (cut > 0 && line[cut - 1] == ' ') cut--;
                if (cut <= 0) break;
                sb.Append(line, 0, cut).Append('\n');
                line = line.Substring(cut).TrimStart(' ');
            }
            return sb.Append(line).Append('\n').ToString();
        }

        /// <summary>Quoted-printable: '=' as =3D and a soft break ("=" at the end) every 75 characters.</summary>
        private static string QuotedPrintable(string line)
        {
            string enc = line.Replace("=", "=3D");
            var sb = new StringBuilder();
            while (enc.Length > 75)
            {
                int cut = 75;
                if (enc[cut - 1] == '=') cut--;
                else if (enc[cut - 2] == '=') cut -= 2;
                sb.Append(enc, 0, cut).Append("=\n");
                enc = enc.Substring(cut);
            }
            return sb.Append(enc).Append('\n').ToString();
        }

        [Fact]
        public void MailWrappedReportIsJoinedAndKvmExitsCountsTheRealReasons()
        {
            string text = "cpus=8\n" + Wrap(Exit1) + Wrap(Entry1) + Wrap(Exit2) + Wrap(Entry2);
            Assert.Contains("reason\nHLT rip", text, StringComparison.Ordinal);
            var issues = new IssueCollector();
            var events = ReadText(text, issues);
            Assert.Equal(4, events.Count);
            Assert.Equal("reason HLT rip 0xffffffff9a2b3c4d info 0 0", events[0].Info.Trim());
            Assert.Equal(3, events[0].Cpu);
            Issue joined = Assert.Single(issues.Issues, i => i.Kind == IssueKind.Skipped);
            Assert.Equal("4 line(s) were not trace events (4 continuation(s) of event lines wrapped by a mail client or cut by quoted-printable soft breaks, joined back), the first at line 3", joined.Message);
            var rows = KvmReader.OpenExits(new KvmReadOptions(), new ReadContext(issues)).ReadAll(events).ToList();
            Assert.Equal(new[] { "EPT_VIOLATION", "HLT" }, rows.Select(r => r.ExitReason!).OrderBy(r => r, StringComparer.Ordinal));
            Assert.Equal(TimeSpan.FromTicks(8000), rows.Single(r => r.ExitReason == "HLT").TotalTimeInHost);
        }

        [Fact]
        public void QuotedPrintableRawLinesAreDecodedAndJoined()
        {
            string raw = "            bash-19935 [000]   589.719727: sched_switch:         prev_comm=bash prev_pid=19935 prev_prio=120 prev_state=32 next_comm=kworker/0:2 next_pid=412 next_prio=120";
            var issues = new IssueCollector();
            TraceEvent e = Assert.Single(ReadText("cpus=1\n" + QuotedPrintable(raw), issues));
            Assert.Equal("kworker/0:2", e.Fields["next_comm"]);
            Assert.Equal(412L, e.Fields["next_pid"]);
            Assert.Equal(32L, e.Fields["prev_state"]);
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.MalformedRecord);
        }

        [Fact]
        public void ASoftBreakWhoseRestIsMissingIsDamagedAndLeftOut()
        {
            string cut = Exit1.Substring(0, 70) + "=\n\n";
            var issues = new IssueCollector();
            var events = ReadText("cpus=8\n" + QuotedPrintable(Exit2) + cut + QuotedPrintable(Entry2), issues);
            Assert.Equal(new[] { "kvm_exit", "kvm_entry" }, events.Select(e => e.Name));
            Assert.Equal("reason EPT_VIOLATION rip 0xffffffff9a2b3d00 info 181 0", events[0].Info.Trim());
            Issue damaged = Assert.Single(issues.Issues, i => i.Kind == IssueKind.MalformedRecord);
            Assert.StartsWith("1 event line(s) cut by a quoted-printable soft break have no rest", damaged.Message, StringComparison.Ordinal);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.Contains("1 event line(s) cut by a soft break with no rest, left out", StringComparison.Ordinal));
        }

        [Fact]
        public void KvmExitsFlagsReasonsThatAreNotExitReasons()
        {
            // a reason cut by an editor ("HL") is not counted as a reason of its own
            string text = "cpus=8\n" + Exit1 + "\n" + Entry1 + "\n" + Exit1.Replace("reason HLT rip", "reason HL") + "\n" + Entry2 + "\n";
            var issues = new IssueCollector();
            var events = ReadText(text, issues);
            var rows = KvmReader.OpenExits(new KvmReadOptions(), new ReadContext(issues)).ReadAll(events).ToList();
            KvmExitSummary hlt = Assert.Single(rows);
            Assert.Equal(("HLT", 1L), (hlt.ExitReason, hlt.Count));
            Issue flagged = Assert.Single(issues.Issues, i => i.Kind == IssueKind.MalformedRecord);
            Assert.Equal("1 kvm_exit event(s) name a reason that is not in the exit-reason table and were not counted ('HL' ×1); the first is line 4", flagged.Message);
            Assert.Equal(4, flagged.LineNumber);
        }

        [FixtureFact]
        public void V6FileWithAnEmptyTraceClockOptionTakesTheClockFromTheTraceClockSection()
        {
            // trace-cmd dump: "[Option TRACECLOCK, 0 bytes]" then "[Tracing clock] [local] global counter uptime perf mono mono_raw boot"
            var ctx = new ReadContext(new IssueCollector());
            string dat = Repo.Fixture("ftrace", "public-dat", "v6-32bit", "hebel23-driver.trace.dat");
            TraceFile f = Assert.Single(TraceReader.OpenFiles(new TraceReadOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { dat }, ctx)));
            Assert.Equal("local", f.Clock);
        }

        [Fact]
        public void KvmUserspaceExitPrintsTheSymbolicReasonAsLibtraceeventDoes()
        {
            // The kernel's print fmt (include/trace/events/kvm.h, values expanded as in the format file). libtraceevent
            // evaluates "REC->errno < 0" on unsigned values, so it is never true and the symbolic reason is printed.
            string format = string.Join("\n",
                "name: kvm_userspace_exit",
                "ID: 1432",
                "format:",
                "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
                "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;",
                "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;",
                "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;",
                "",
                "\tfield:__u32 reason;\toffset:8;\tsize:4;\tsigned:0;",
                "\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;",
                "",
                "print fmt: \"reason %s (%d)\", REC->errno < 0 ? (REC->errno == -4 ? \"restart\" : \"error\") : __print_symbolic(REC->reason, { 0, \"KVM_EXIT_UNKNOWN\" }, { 2, \"KVM_EXIT_IO\" }, { 6, \"KVM_EXIT_MMIO\" }, { 10, \"KVM_EXIT_INTR\" }), REC->errno < 0 ? -REC->errno : REC->reason",
                "");
            EventFormat ev = EventFormat.Parse(format, "kvm", 8)!;
            var file = new TraceFileContext();
            file.Formats[ev.Id] = ev;
            Assert.Equal("reason KVM_EXIT_MMIO (6)", InfoRenderer.Render(file, ev, Record(1432, 6, 0), null).Trim());
            Assert.Equal("reason KVM_EXIT_INTR (10)", InfoRenderer.Render(file, ev, Record(1432, 10, -4), null).Trim());
            Assert.Equal("reason 0x1c (28)", InfoRenderer.Render(file, ev, Record(1432, 28, 0), null).Trim());
        }

        private static byte[] Record(ushort id, uint reason, int errno)
        {
            var d = new byte[16];
            BitConverter.GetBytes(id).CopyTo(d, 0);
            BitConverter.GetBytes(4242).CopyTo(d, 4);
            BitConverter.GetBytes(reason).CopyTo(d, 8);
            BitConverter.GetBytes(errno).CopyTo(d, 12);
            return d;
        }
    }
}
