using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>
    /// Every trace.dat fixture against the real trace-cmd report: regenerated with trace-cmd when it is installed
    /// (Debian 3.1.6 reads v6, v7 none and v7 zstd), else the report stored beside the file (always for zlib files).
    /// </summary>
    public class TraceDatOracleTests
    {
        public static IEnumerable<object[]> Files() => new[]
        {
            new object[] { "local/local-sched-v6", true },
            new object[] { "local/local-syscalls-v7-nocompress", true },
            new object[] { "local/local-sched-v7-zstd", true },
            new object[] { "public-dat/v6-32bit/tgvm-tutorial3LabSisop.trace", true },
            new object[] { "public-dat/v6-32bit/wsdias-LabSisOp.trace", true },
            new object[] { "public-dat/v6-32bit/elainecole-kernel-monitor-framework.trace", true },
            new object[] { "public-dat/v6-32bit/hebel23-driver.trace", true },
            new object[] { "public-dat/v7-zlib-hostguest-hip24-2024-03/trace", false },
            new object[] { "public-dat/v7-zlib-hostguest-hip24-2024-03/trace-Salamander4", false },
            new object[] { "public-dat/v7-zlib-guest-hip24-2024-04/trace-Salamander4", false },
        };

        internal sealed record RefLine(string Comm, int Pid, int Cpu, string Ts, string Name, string Info);

        /// <summary>
        /// Parses report lines: "comm-pid [cpu] ts: name: info" (the "cpus=" header skipped). A line that is not an event
        /// line continues the Info of the event before it: print fmts with "\n" inside (9p_protocol_dump prints three lines).
        /// </summary>
        internal static List<RefLine> ParseReport(IEnumerable<string> lines)
        {
            var list = new List<RefLine>();
            foreach (string line in lines)
            {
                if (line.StartsWith("cpus=", StringComparison.Ordinal) || line.Length == 0) continue;
                int lb = line.IndexOf(" [", StringComparison.Ordinal);
                int rb = lb < 0 ? -1 : line.IndexOf("] ", lb + 2, StringComparison.Ordinal);
                int tsColon = rb < 0 ? -1 : line.IndexOf(": ", rb, StringComparison.Ordinal);
                if (lb < 0 || rb < 0 || tsColon < 0 || line.IndexOf(':', tsColon + 2) < 0)
                {
                    if (list.Count > 0) { RefLine last = list[list.Count - 1]; list[list.Count - 1] = last with { Info = last.Info + "\n" + line }; }
                    continue;
                }
                string left = line.Substring(0, lb).Trim();
                int dash = left.LastIndexOf('-');
                int tsEnd = line.IndexOf(": ", rb, StringComparison.Ordinal);
                string ts = line.Substring(rb + 2, tsEnd - rb - 2).Trim();
                int nameEnd = line.IndexOf(':', tsEnd + 2);
                string name = line.Substring(tsEnd + 2, nameEnd - tsEnd - 2);
                string info = line.Substring(nameEnd + 1).TrimStart(' ');
                list.Add(new RefLine(left.Substring(0, dash), int.Parse(left.Substring(dash + 1)), int.Parse(line.Substring(lb + 2, rb - lb - 2)), ts, name, info));
            }
            return list;
        }

        internal static string[] Report(string stem, bool traceCmdReads, string flags = "")
        {
            string dat = Repo.Fixture("ftrace", stem + ".dat");
            if (traceCmdReads && Tools.Exists("trace-cmd"))
            {
                var r = Tools.Run("trace-cmd", "report " + flags + " -i " + dat);
                if (r.ExitCode == 0) return Encoding.UTF8.GetString(r.Stdout).Split('\n');
            }
            string suffix = flags == "-R" ? ".report-R.txt" : ".report.txt";
            string plain = Repo.Fixture("ftrace", stem + suffix);
            if (File.Exists(plain)) return File.ReadAllLines(plain);
            // xz -dc trace-Salamander4.report.txt.xz
            var x = Tools.Run("xz", "-dc " + plain + ".xz");
            return Encoding.UTF8.GetString(x.Stdout).Split('\n');
        }

        internal static List<TraceEvent> Read(string stem, IssueCollector issues, TraceReadOptions? options = null)
        {
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture("ftrace", stem + ".dat") }, ctx);
            return TraceReader.OpenEvents(options ?? new TraceReadOptions(), ctx).ReadAll(docs).ToList();
        }

        [FixtureTheory]
        [MemberData(nameof(Files))]
        public void EveryEventMatchesTraceCmdReport(string stem, bool traceCmdReads)
        {
            var issues = new IssueCollector();
            List<TraceEvent> ours = Read(stem, issues);
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
            List<RefLine> expected = ParseReport(Report(stem, traceCmdReads));
            Assert.Equal(expected.Count, ours.Count);
            int infoSame = 0;
            var differ = new Dictionary<string, int>();
            for (int i = 0; i < expected.Count; i++)
            {
                RefLine r = expected[i];
                TraceEvent e = ours[i];
                Assert.True(r.Ts == e.TimestampText, $"{stem} event {i + 1}: time {e.TimestampText} vs {r.Ts}");
                Assert.Equal(r.Cpu, e.Cpu);
                Assert.Equal(r.Pid, e.Pid);
                Assert.Equal(r.Comm, e.Comm);
                Assert.Equal(r.Name, e.Name);
                if (e.Info.TrimStart(' ').TrimEnd() == r.Info.TrimEnd()) infoSame++;
                else differ[e.Name] = differ.TryGetValue(e.Name, out int n) ? n + 1 : 1;
            }
            double share = expected.Count == 0 ? 1 : (double)infoSame / expected.Count;
            // Issue 8's acceptance for every file, no exceptions (docs/ftrace-info-differences.md). Measured: 100 % for
            // every fixture with trace-cmd 3.1.6 / libtraceevent 1.7.1 and the stored reports.
            Assert.True(share >= 0.99, $"{stem}: Info equal for {share:P2} of {expected.Count}; differ: " + string.Join(", ", differ.OrderByDescending(k => k.Value).Take(8).Select(k => k.Key + "=" + k.Value)));
        }

        public static IEnumerable<object[]> TraceCmdReadable() => Files().Where(f => (bool)f[1]).Select(f => new[] { f[0] });

        [ToolTheory("trace-cmd", NeedsFixtures = true)]
        [MemberData(nameof(TraceCmdReadable))]
        public void RawFieldsMatchTraceCmdReportR(string stem)
        {
            // trace-cmd report -R -i X.dat: "name=value" per field, as libtraceevent prints raw fields: each field with the
            // print fmt conversion found from where the previous field matched (hrtimer_start's function=hrtimer_wakeup),
            // plainly once the walk is past the last conversion (hrtimer_expire_entry's function=0xffffffff814204b0)
            // every stem of Files() is part of the fixture set: a missing one is a broken checkout, said by name
            Assert.True(File.Exists(Repo.Fixture("ftrace", stem + ".dat")), "ftrace/" + stem + ".dat is missing from ../shared/fixtures");
            var issues = new IssueCollector();
            List<TraceEvent> ours = Read(stem, issues);
            List<RefLine> expected = ParseReport(Report(stem, true, "-R"));
            Assert.Equal(expected.Count, ours.Count);
            int same = 0;
            string? firstDiff = null;
            for (int i = 0; i < expected.Count; i++)
            {
                if (expected[i].Info.TrimEnd() == ours[i].RawFields) same++;
                else firstDiff ??= $"event {i + 1} {ours[i].Name}: '{ours[i].RawFields}' vs '{expected[i].Info}'";
            }
            Assert.True(same == expected.Count, $"{stem}: {same} of {expected.Count} equal; first difference {firstDiff}");
        }

        [FixtureFact]
        public void HrtimerRawFieldsFollowTheWalkOfThePrintFmt()
        {
            // grep -m1 hrtimer_expire_entry local-sched-v7-zstd.report-R.txt / grep -m1 'hrtimer_start:' (stored, trace-cmd 3.1.6)
            string[] stored = File.ReadAllLines(Repo.Fixture("ftrace", "local", "local-sched-v7-zstd.report-R.txt"));
            List<RefLine> expected = ParseReport(stored);
            var issues = new IssueCollector();
            List<TraceEvent> ours = Read("local/local-sched-v7-zstd", issues);
            Assert.Equal(expected.Count, ours.Count);
            int expire = expected.FindIndex(r => r.Name == "hrtimer_expire_entry");
            int start = expected.FindIndex(r => r.Name == "hrtimer_start");
            Assert.True(expire >= 0 && start >= 0);
            Assert.Matches("function=0xffffffff[0-9a-f]+$", expected[expire].Info.TrimEnd());
            Assert.Equal(expected[expire].Info.TrimEnd(), ours[expire].RawFields);
            Assert.Matches("function=[a-z_]+ ", expected[start].Info);
            Assert.Equal(expected[start].Info.TrimEnd(), ours[start].RawFields);
        }

        [FixtureFact]
        public void StoredRawReportOfZstdFileMatchesFieldsOfTheV6Recording()
        {
            // The -R report stored for the zstd file fixes the raw text of common events: sched_switch with prev_state=32
            // (grep -m1 'sched_switch:' local-sched-v7-zstd.report-R.txt)
            string line = File.ReadLines(Repo.Fixture("ftrace", "local", "local-sched-v7-zstd.report-R.txt")).First(l => l.Contains("sched_switch:"));
            Assert.Contains("prev_comm=bash prev_pid=19935 prev_prio=120 prev_state=32 next_comm=bash next_pid=19934 next_prio=120", line);
        }

        [FixtureFact]
        public void FileDescriptionsMatchTraceCmdDump()
        {
            var ctx = new ReadContext(new IssueCollector());
            var docs = DocumentResolver.Resolve(new[]
            {
                Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03", "trace.dat"),
                Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03", "trace-Salamander4.dat"),
                Repo.Fixture("ftrace", "public-dat", "v6-32bit", "elainecole-kernel-monitor-framework.trace.dat"),
            }, ctx);
            var files = TraceReader.OpenFiles(new TraceReadOptions { CountEvents = true }, ctx).ReadAll(docs).ToList();
            TraceFile host = files[0], guest = files[1], arm = files[2];
            // trace.dump.txt: version 7, zlib 1.2.11, 20 CPUs, GUEST Salamander4 id 0x5D2B93F358166218 vCPU0 -> 483882, TSC2NSEC mult 735842807 shift 31
            Assert.Equal(7, host.FileVersion);
            Assert.Equal("zlib 1.2.11", host.Compression);
            Assert.Equal(20, host.CpuCount);
            Assert.Equal(11721, host.EventCount); // grep -vc '^cpus=' trace.report.txt
            TraceGuest g = Assert.Single(host.Guests);
            Assert.Equal("", g.Name); // the dump shows an empty "[Guest name]"
            Assert.Equal(0x5D2B93F358166218UL, g.TraceId);
            Assert.Equal(483882, Assert.Single(g.VCpus).HostPid);
            Assert.Equal(735842807u, host.Tsc2Nsec!.Multiplier);
            Assert.Equal(31, host.Tsc2Nsec.Shift);
            // guest: TRACEID equals the host's GUEST id; TIME_SHIFT peer = host trace id 0x2C75FF89FDAF813C, 2 samples on CPU 0
            Assert.Equal(0x5D2B93F358166218UL, guest.TraceId);
            Assert.Equal(0x2C75FF89FDAF813CUL, guest.TimeShift!.PeerTraceId);
            Assert.Equal(0x2C75FF89FDAF813CUL, host.TraceId);
            Assert.Equal(2, guest.TimeShift.Cpus[0].Count);
            Assert.Contains("tsc", guest.Clock);
            // elainecole: v6, ARM 32-bit (long size 4), 4 CPUs, Linux 4.14.62
            Assert.Equal(6, arm.FileVersion);
            Assert.Equal(4, arm.LongSize);
            Assert.Equal(4, arm.CpuCount);
            Assert.Contains("4.14.62", arm.KernelRelease);
        }

        [FixtureFact]
        public void FiltersAreAppliedInCore()
        {
            var issues = new IssueCollector();
            // awk '$5=="sched_switch:" && $3=="[001]"' local-sched-v6.report.txt | wc -l
            int expectSwitchCpu1 = File.ReadLines(Repo.Fixture("ftrace", "local", "local-sched-v6.report.txt")).Count(l => l.Contains("] ") && l.Contains(" [001] ") && l.Contains(" sched_switch: "));
            var o = new TraceReadOptions { Event = new[] { "sched:sched_sw*" }, Cpu = new[] { 1 } };
            var got = Read("local/local-sched-v6", issues, o);
            Assert.Equal(expectSwitchCpu1, got.Count);
            Assert.All(got, e => { Assert.Equal(1, e.Cpu); Assert.Equal("sched_switch", e.Name); });
            var o2 = new TraceReadOptions { Event = new[] { "irq:*" }, Pid = new[] { 0 } };
            var irq = Read("local/local-sched-v6", issues, o2);
            Assert.NotEmpty(irq);
            Assert.All(irq, e => { Assert.Equal("irq", e.System); Assert.Equal(0, e.Pid); Assert.Equal("<idle>", e.Comm); });
            var o3 = new TraceReadOptions { AfterNs = 590_400_000_000, BeforeNs = 590_500_000_000 };
            var window = Read("local/local-sched-v6", issues, o3);
            Assert.NotEmpty(window);
            Assert.All(window, e => Assert.InRange(e.Timestamp, 590_400_000_000, 590_499_999_999));
        }

        [FixtureFact]
        public void FieldsAreTyped()
        {
            var issues = new IssueCollector();
            var o = new TraceReadOptions { Event = new[] { "sched_switch" } };
            TraceEvent e = Read("local/local-sched-v6", issues, o).First();
            Assert.IsType<string>(e.Fields["prev_comm"]);
            Assert.IsType<long>(e.Fields["prev_pid"]);
            Assert.Equal(e.Fields.GetInt64("next_pid"), (long?)int.Parse(e.Info.Split(" ==> ")[1].Split(':')[1].Split(' ')[0]));
        }

        [FixtureFact]
        public void EarlyStopReadsOnlyWhatItNeeds()
        {
            var ctx = new ReadContext(new IssueCollector());
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture("ftrace", "local", "local-sched-v6.dat") }, ctx);
            var five = TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(docs).Take(5).ToList();
            Assert.Equal(5, five.Count);
            Assert.Equal("sched_waking", five[0].Name); // head -2 local-sched-v6.report.txt
        }
    }
}
