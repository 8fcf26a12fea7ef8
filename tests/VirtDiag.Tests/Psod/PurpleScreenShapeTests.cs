using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>Text as people paste it and PSODs inside logs. Screens composed here are synthetic (built from the line
    /// shapes the fixtures and KB articles show) and say so; fixture-based cases read ../shared/fixtures/psod.</summary>
    public class PurpleScreenShapeTests
    {
        // Synthetic ESXi 6.7-style screen: header, PTEs, cr/frame registers, *PCPU list, PCPU states, frames with
        // @vmkernel#nover and @(module)#<None>, base fs/gs, coredump line. Values invented for the test.
        internal static readonly string[] Esxi67 =
        {
            "VMware ESXi 6.7.0 [Releasebuild-17700523 x86_64]",
            "#PF Exception 14 in world 2098053:vmm0:TestVM IP 0x41802f0b2d6e addr 0x0",
            "PTEs:0x10011e023;0x1080d2f023;0x0;",
            "cr0=0x80010031 cr2=0x0 cr3=0x3b8b2000 cr4=0x42768",
            "frame=0x451a1e39bde0 ip=0x41802f0b2d6e err=0 rflags=0x10246",
            "rax=0x0 rbx=0x4309bd4cd7c0 rcx=0x0",
            "*PCPU3:2098053/vmm0:TestVM",
            "PCPU  0: SSSHSSSS",
            "Code start: 0x41802ee00000 VMK uptime: 12:03:04:05.678",
            "0x451a1e39bdf0:[0x41802f0b2d6e]VmMemPin_Foo@vmkernel#nover+0x2e stack: 0x1",
            "0x451a1e39be50:[0x41802f0b4a11]Bar@(nmlx5_core)#<None>+0x11 stack: 0x2, 0x3",
            "base fs=0x0 gs=0x418040c00000 Kgs=0x0",
            "Coredump to disk. Slot 1 of 1.",
        };

        private static void AssertEsxi67(PurpleScreen s)
        {
            Assert.Equal("ESXi 6.7.0 build-17700523", s.Build);
            Assert.Equal("6.7.0", s.Version);
            Assert.Equal(17700523, s.BuildNumber);
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Equal(3, s.PhysicalCpu);
            Assert.Equal(2098053, s.World!.Id);
            Assert.Equal("vmm0:TestVM", s.World.Name);
            Assert.Equal("0x0", s.FaultAddress);
            Assert.Equal("0x3b8b2000", s.Registers["cr3"]);
            Assert.Equal("0x418040c00000", s.Registers["gs"]);
            Assert.Equal("0x0", s.Registers["Kgs"]);
            Assert.Equal(2, s.Frames.Count);
            Assert.Equal("VmMemPin_Foo+0x2e", s.Frames[0].ToString());
            Assert.Equal("nmlx5_core", s.Frames[1].Module);
            Assert.Equal(new[] { "0x2", "0x3" }, s.Frames[1].StackArguments);
            Assert.Equal(new TimeSpan(12, 3, 4, 5, 678), s.Uptime);
            Assert.Equal("Coredump to disk. Slot 1 of 1.", s.Coredump);
        }

        [Fact]
        public void ModernScreenPastedPlain()
        {
            AssertEsxi67(Assert.Single(Psod.Convert(string.Join("\n", Esxi67))));
        }

        [Fact]
        public void ModernScreenFedOneLinePerPipelineObject()
        {
            var screens = Psod.Convert(Esxi67, out var issues, host: "esx01");
            PurpleScreen s = Assert.Single(screens);
            AssertEsxi67(s);
            Assert.Equal("esx01", s.HostName);
            Assert.Equal("<pipeline>", s.Path);
            Assert.Empty(issues.Issues);
        }

        [Fact]
        public void ScreenInVmkernelLogWithPrefixesAmongOtherLines()
        {
            // Synthetic vmkernel.log: noise from other PCPUs (including a non-fatal backtrace), then the PSOD every line
            // prefixed with cpu3:2098053, then boot lines after the reboot.
            var sb = new StringBuilder();
            for (int i = 0; i < 50; i++) sb.Append("2024-03-05T10:19:").Append((i % 60).ToString("D2")).Append(".000Z cpu7:2097500)NetPort: 1632: disabled port 0x400000").Append(i).Append('\n');
            sb.Append("2024-03-05T10:20:00.000Z cpu5:2097600)WARNING: Heap: 3651: Heap_Align(globalCartel-1) failed\n");
            sb.Append("2024-03-05T10:20:00.001Z cpu5:2097600)Backtrace for current CPU #5, worldID=2097600, fp=0x0\n");
            sb.Append("2024-03-05T10:20:00.002Z cpu5:2097600)0x451a0009bd00:[0x41802f000001]Heap_Align@vmkernel#nover+0x1 stack: 0x0\n");
            foreach (string l in Esxi67)
            {
                string line = l.StartsWith("#PF", StringComparison.Ordinal) ? "@BlueScreen: " + l : l;
                sb.Append("2024-03-05T10:20:30.123Z cpu3:2098053)").Append(line).Append('\n');
            }
            sb.Append("2024-03-05T10:31:00.000Z cpu0:2097152)Boot Successful\n");
            using var dir = new TempDir();
            string path = dir.File("vmkernel.log", sb.ToString());
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var screens = PurpleScreenReader.Read(DocumentResolver.Resolve(new[] { path }, ctx), new PurpleScreenReadOptions(), ctx).ToList();
            PurpleScreen s = Assert.Single(screens);
            AssertEsxi67(s);
            Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 20, 30, 123, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(54, s.LineNumber);                                                     // 50 noise + 3 backtrace lines, then the header
            Assert.Equal(Esxi67.Length, s.Text.Split('\n').Length);
            Assert.DoesNotContain("Boot Successful", s.Text);
            Assert.Empty(issues.Issues);
        }

        [Fact]
        public void Esxi8SyslogPrefixInAndVmkwarningStyle()
        {
            // Synthetic ESXi 8 vmkernel.log lines ("In(182) vmkernel: cpu85:…)") around a short PSOD.
            string text =
                "2024-06-01T01:02:03.456Z In(182) vmkernel: cpu85:19435391)@BlueScreen: #PF Exception 14 in world 19435391:NetWorld-VM- IP 0x4200188bcaed addr 0x270\n" +
                "2024-06-01T01:02:03.460Z In(182) vmkernel: cpu85:19435391)Code start: 0x420018400000 VMK uptime: 3:06:18:46.906\n" +
                "2024-06-01T01:02:03.470Z In(182) vmkernel: cpu85:19435391)0x453ab139bee0:[0x4200188bcaed]Vmxnet3VMKDev_AsyncTx@vmkernel#nover+0x1d stack: 0x430215a1b800\n" +
                "2024-06-01T01:02:03.480Z In(182) vmkernel: cpu85:19435391 opID=1a2b3c4d)0x453ab139bf50:[0x420018926ba5]NetWorldPerVMCB@vmkernel#nover+0x1aa stack: 0x0\n" +
                "2024-06-01T01:02:04.000Z Wa(180) vmkwarning: cpu12:2097777)WARNING: unrelated warning\n";
            var screens = PurpleScreenReader.Parse(text);
            PurpleScreen s = Assert.Single(screens);
            Assert.Equal(85, s.PhysicalCpu);
            Assert.Equal("NetWorld-VM-", s.World!.Name);
            Assert.Equal(new DateTimeOffset(2024, 6, 1, 1, 2, 3, 456, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(new TimeSpan(3, 6, 18, 46, 906), s.Uptime);
            Assert.Equal(2, s.Frames.Count);
            Assert.Equal("NetWorldPerVMCB+0x1aa", s.Frames[1].ToString());
            Assert.DoesNotContain("unrelated warning", s.Text);
        }

        [Fact]
        public void WorldRegisterDumpLinesOfEsxi6Logs()
        {
            // Synthetic ESXi 6.x vmkernel-zdump lines: the register dump is logged as "World: NNNN: NAME 0x… NAME 0x…".
            string p = "2019-05-10T10:11:12.123Z cpu12:2098071)";
            string text =
                p + "@BlueScreen: #PF Exception 14 in world 2098071:vmx-vcpu-0:W IP 0x41802b8e1234 addr 0x8\n" +
                p + "World: 3015: PRDA 0x418043000000 ss 0x0 ds 0x10b es 0x10b fs 0x10b gs 0x13b\n" +
                p + "World: 3017: TR 0xf58 GDT 0x4537b6a21000 (0xf77) IDT 0x41802b8fb000 (0xfff)\n" +
                p + "World: 3018: CR0 0x80010031 CR3 0x35b6e4e000 CR4 0x216660\n" +
                p + "0x4537b6a9bd60:[0x41802b8e1234]Foo@vmkernel#nover+0x10 stack: 0x1\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal("0x418043000000", s.Registers["PRDA"]);
            Assert.Equal("0x35b6e4e000", s.Registers["CR3"]);
            Assert.Equal("0x41802b8fb000", s.Registers["IDT"]);
            Assert.Equal(12, s.PhysicalCpu);
            Assert.Equal("vmx-vcpu-0:W", s.World!.Name);
            Assert.Single(s.Frames);
        }

        [Fact]
        public void PastedLogWithNonFatalBacktraceHasNoScreen()
        {
            // Synthetic: a WARNING backtrace in vmkernel.log lines pasted as text is not a PSOD (no @BlueScreen).
            string text =
                "2024-03-05T10:20:00.000Z cpu5:2097600)WARNING: Heap: 3651: Heap_Align(globalCartel-1) failed\n" +
                "2024-03-05T10:20:00.001Z cpu5:2097600)Backtrace for current CPU #5, worldID=2097600, fp=0x0\n" +
                "2024-03-05T10:20:00.002Z cpu5:2097600 opID=9f1e2d3c)0x451a0009bd00:[0x41802f000001]Heap_Align@vmkernel#nover+0x1 stack: 0x0\n";
            var screens = Psod.Convert(new[] { text }, out var issues);
            Assert.Empty(screens);
            Assert.Equal(IssueKind.NoRelevantData, Assert.Single(issues.Issues).Kind);
        }

        [Fact]
        public void PanicDetailsHeaderOfZdumpLog()
        {
            // Synthetic vmkernel-zdump style: Panic Details, then Panic Message, then the backtrace.
            string text =
                "Panic Details: Crash at 2023-09-14T08:15:22.731Z on CPU 5 running world 2097733 - HELPER_MISC. VMK Uptime:4:01:02:03.500\n" +
                "Panic Message: @BlueScreen: #GP Exception 13 in world 2097733:HELPER_MISC @ 0x420012345678\n" +
                "Backtrace for current CPU #5, worldID=2097733, fp=0x0\n" +
                "0x453900000100:[0x420012345678]Foo@vmkernel#nover+0x10 stack: 0x1, 0x2\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.GeneralProtectionFault, s.Category);
            Assert.Equal(13, s.ExceptionVector);
            Assert.Equal(5, s.PhysicalCpu);
            Assert.Equal("HELPER_MISC", s.World!.Name);
            Assert.Equal(new DateTimeOffset(2023, 9, 14, 8, 15, 22, 731, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(new TimeSpan(4, 1, 2, 3, 500), s.Uptime);
            Assert.Equal("0x420012345678", s.InstructionPointer);
            Assert.Single(s.Frames);
        }

        [FixtureFact]
        public void LinesRunTogetherWithSpaces()
        {
            // The ugg.li single-post rendering joins the screen's lines with spaces (PROVENANCE.md); do the same here.
            string joined = Psod.FixtureText("esxi51-55-pf14-e1000pollrxring-vmast-ugg.li.txt").Replace("\n", " ");
            PurpleScreen s = Assert.Single(Psod.Convert(joined));
            Assert.Equal("#PF Exception 14 in world 63406:vmast.63405 IP 0x41801cd9c266 addr 0x0", s.Message);
            Assert.Equal(19, s.Frames.Count);
            Assert.Equal("E1000PollRxRing+0xdb9", s.Frames[0].ToString());
            Assert.Equal(new[] { "0x410015264580" }, s.Frames[0].StackArguments);
            Assert.Equal(new TimeSpan(1, 8, 27, 56, 829), s.Uptime);
            Assert.Equal("0x41801cc00000", s.CodeStart);
        }

        [FixtureFact]
        public void SeedRunTogetherOnOneLine()
        {
            string joined = Psod.FixtureText("seed-esx3x-pcpu1-locked-up-tlb.txt").Replace("\n", " ");
            PurpleScreen s = Assert.Single(Psod.Convert(joined));
            Assert.Equal("PCPU 1 locked up. Failed to ack TLB invalidate.", s.Message);
            Assert.Equal(18, s.Registers.Count);
            Assert.Equal("0x40c66000", s.Registers["cr3"]);
            Assert.Equal(4, s.Cpus.Count);
            Assert.Equal("helper1-4", s.World!.Name);
            Assert.Equal(7, s.Frames.Count);
            Assert.Equal("TLBDoInvalidate+0x38f", s.Frames[2].ToString());
            Assert.Equal(1751259712918392UL, s.Tsc);
        }

        [FixtureFact]
        public void AnsiEscapesAndTheirRemnants()
        {
            // A serial-console capture keeps colour codes; copies lose the ESC and leave "[0;35m" text behind.
            var lines = File.ReadAllLines(Repo.Fixture("psod", "seed-esx3x-pcpu1-locked-up-tlb.txt"));
            var coloured = lines.Select((l, i) => i % 3 == 0 ? "\u001b[0;37;45m" + l + "\u001b[0m" : i % 3 == 1 ? "[0;35m" + l + "[0m" : "^[[1m" + l);
            PurpleScreen s = Assert.Single(Psod.Convert(coloured, out _));
            Assert.Equal("PCPU 1 locked up. Failed to ack TLB invalidate.", s.Message);
            Assert.Equal(7, s.Frames.Count);
            Assert.Equal("Panic+0x17", s.Frames[0].ToString());
            Assert.Equal(1037, s.World!.Id);
            Assert.Equal(1751259712918392UL, s.Tsc);
            Assert.Equal(-1, s.Text.IndexOf('\u001b'));                                   // ordinal: ICU would ignore the control char
            Assert.Equal(-1, s.Text.IndexOf("[0m", StringComparison.Ordinal));
        }

        [Fact]
        public void RedactedValuesStayAsWrittenOrNull()
        {
            // Redactions as published KBs write them: XXXX world ids, 0xnnnn addresses, #### builds.
            string text =
                "VMware ESXi 7.0.3 [Releasebuild-#### x86_64]\n" +
                "#PF Exception 14 in world XXXX:vmm0:######## IP 0xnnnn addr 0xnnnn\n" +
                "0xnnnn:[0xnnnn]Vmxnet3_Foo@vmkernel#nover+0x1d stack: 0xnnnn\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Null(s.BuildNumber);
            Assert.Equal("ESXi 7.0.3 build-####", s.Build);
            Assert.Null(s.World!.Id);
            Assert.Equal("vmm0:########", s.World.Name);
            Assert.Equal("0xnnnn", s.InstructionPointer);
            Assert.Equal("0xnnnn", s.Frames[0].Address);
            Assert.Equal("Vmxnet3_Foo+0x1d", s.Frames[0].ToString());
        }

        [FixtureFact]
        public void MissingHeaderAndMissingFrames()
        {
            // The seed without its message line still gives registers, world and frames; without frames, still the message.
            var lines = File.ReadAllLines(Repo.Fixture("psod", "seed-esx3x-pcpu1-locked-up-tlb.txt"));
            PurpleScreen noMessage = Assert.Single(Psod.Convert(lines.Skip(6), out _));              // from the first frame on
            Assert.Null(noMessage.Message);
            Assert.Equal(7, noMessage.Frames.Count);
            Assert.Equal(1751259712918392UL, noMessage.Tsc);

            PurpleScreen noFrames = Assert.Single(Psod.Convert(lines.Take(6), out _));
            Assert.Equal(PurpleScreenCategory.LockedUpTlbInvalidate, noFrames.Category);
            Assert.Empty(noFrames.Frames);
            Assert.Equal(1037, noFrames.World!.Id);
        }

        [FixtureFact]
        public void CutInsideAFrameIsReportedAndTheRestKept()
        {
            string text = Psod.FixtureText("seed-esx3x-pcpu1-locked-up-tlb.txt");
            int cut = text.IndexOf("0x3a37f48:[0x64bf", StringComparison.Ordinal) + "0x3a37f48:[0x64bf".Length;
            var screens = Psod.Convert(new[] { text.Substring(0, cut) }, out var issues);
            PurpleScreen s = Assert.Single(screens);
            Assert.Equal(2, s.Frames.Count);
            Issue issue = Assert.Single(issues.Issues, i => i.Kind == IssueKind.MalformedRecord);
            Assert.Equal(9, issue.LineNumber);                                                   // the third frame is line 9
        }

        [FixtureFact]
        public void ConverterEmitsEachScreenWhenItsBlockEnds()
        {
            var lines = File.ReadAllLines(Repo.Fixture("psod", "esxi801-pf14-res3helperqu-fsunmapmanag-gdb-style-frames-kb381540.txt"));
            var conv = new PurpleScreenTextConverter(new PurpleScreenReadOptions(), new ReadContext());
            var output = new List<PurpleScreen>();
            for (int i = 0; i < 13; i++) conv.Feed(lines[i], output);
            Assert.Empty(output);                                                               // the first screen is still open
            conv.Feed(lines[13], output);                                                       // line 14 starts the second screen
            Assert.Equal("res3HelperQu", Assert.Single(output).World!.Name);
            output.Clear();
            for (int i = 14; i < lines.Length; i++) conv.Feed(lines[i], output);
            Assert.Empty(output);
            conv.Complete(output);
            Assert.Equal("FSUnmapManag", Assert.Single(output).World!.Name);
        }

        [Fact]
        public void LogWithoutScreenReportsNoRelevantData()
        {
            using var dir = new TempDir();
            string path = dir.File("vmkernel.log", "2024-03-05T10:19:00.000Z cpu7:2097500)NetPort: 1632: disabled port 0x4000001\n");
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            Assert.Empty(PurpleScreenReader.Read(DocumentResolver.Resolve(new[] { path }, ctx), new PurpleScreenReadOptions(), ctx));
            Assert.Equal(IssueKind.NoRelevantData, Assert.Single(issues.Issues).Kind);
        }

        [Fact]
        public void BundleIsReadThroughTheInputLayerWithHostName()
        {
            // Synthetic vm-support bundle: the PSOD is in a rotated vmkernel log; hostd.log mentions @BlueScreen (not read
            // from a bundle) and the zdump holds the same log text (read, but the same screen is given once).
            string psod = string.Concat(Esxi67.Select(l => "2024-03-05T10:20:30.123Z cpu3:2098053)" + (l.StartsWith("#PF", StringComparison.Ordinal) ? "@BlueScreen: " : "") + l + "\n"));
            byte[] tar = new TarBuilder()
                .Directory("esx-esx01-2024-03-06--09.00-1234/var/run/log")
                .File("esx-esx01-2024-03-06--09.00-1234/var/run/log/vmkernel.0.gz", TarBuilder.Gzip(psod))
                .File("esx-esx01-2024-03-06--09.00-1234/var/run/log/vmkernel.log", "2024-03-06T00:00:00.000Z cpu0:2097152)Boot\n")
                .File("esx-esx01-2024-03-06--09.00-1234/var/run/log/hostd.log", "2024-03-06T00:00:00.000Z info hostd[1] @BlueScreen: mentioned\n")
                .File("esx-esx01-2024-03-06--09.00-1234/var/core/vmkernel-zdump.1", Encoding.UTF8.GetBytes("\0\0binary dump\0" + psod))
                .ToArray();
            using var dir = new TempDir();
            string tgz = dir.File("esx-esx01-2024-03-06--09.00-1234.tgz", TarBuilder.Gzip(tar));
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            PurpleScreen s = Assert.Single(PurpleScreenReader.Read(DocumentResolver.Resolve(new[] { tgz }, ctx), new PurpleScreenReadOptions(), ctx));
            AssertEsxi67(s);
            Assert.Equal("esx01", s.HostName);
            Assert.EndsWith("!/esx-esx01-2024-03-06--09.00-1234/var/run/log/vmkernel.0.gz", s.Path);
            Assert.Equal(1, s.LineNumber);
            Issue duplicate = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, duplicate.Kind);
            Assert.EndsWith("var/core/vmkernel-zdump.1", duplicate.Source);
        }

        [FixtureFact]
        public void CategoryAndTimeFilters()
        {
            var only = new PurpleScreenReadOptions { Category = new[] { PurpleScreenCategory.LostHeartbeat } };
            var screens = Psod.ReadFixture("esxi50-pcpu-locked-up-tlb-no-heartbeat-hp-pcc-kb2000091.txt", out _, only);
            Assert.Equal("PCPU 0: no heartbeat, IPIs received (0/1).", Assert.Single(screens).Message);

            string file = "esxi703-nmi-ipi-panic-requested-heartbeat-vmfs6-unmap-partial-kb307646.txt";
            var after = new PurpleScreenReadOptions { After = new DateTimeOffset(2021, 10, 20, 3, 11, 42, TimeSpan.Zero) };
            Assert.Empty(Psod.ReadFixture(file, out _, after));                                  // the screen is at 03:11:41.679Z
            var before = new PurpleScreenReadOptions { Before = new DateTimeOffset(2021, 10, 20, 3, 11, 42, TimeSpan.Zero) };
            Assert.Single(Psod.ReadFixture(file, out _, before));
            var shifted = new PurpleScreenReadOptions { TimeOffset = TimeSpan.FromHours(1) };   // source clock one hour ahead
            Assert.Equal(new DateTimeOffset(2021, 10, 20, 2, 11, 41, 679, TimeSpan.Zero), Assert.Single(Psod.ReadFixture(file, out _, shifted)).Timestamp);
        }

        [FixtureFact]
        public void WholeSeedDocumentFindsTheReferenceScreenFirst()
        {
            // The seed is a KB page: prose around the screen, and the example lines repeated in the breakdown.
            string seed = Directory.GetFiles(Path.Combine(Repo.Fixtures!, "..", "seeds"), "002_*.txt").Single();
            var screens = Psod.Convert(new[] { File.ReadAllText(seed) }, out _);
            PurpleScreen s = screens[0];
            Assert.Equal("PCPU 1 locked up. Failed to ack TLB invalidate.", s.Message);
            Assert.Equal(7, s.Frames.Count);
            Assert.Equal(5, s.LineNumber);                                                      // seed line 5
            Assert.Equal(1751259712918392UL, s.Tsc);
            Assert.DoesNotContain("Here is a breakdown", s.Text);
        }
    }
}
