using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>
    /// Screens as they are really written and pasted: LINT1/NMI and APEI/HEST NMIs, ESXi 8 crash summaries, prose and
    /// placeholders, ESX 3.5 uptime prefixes, ANSI caret text, lines run together, damaged frames, both CPUs, coredump
    /// logs and vmksummary.log. All lines are SYNTHETIC, modelled on the shapes of public KB texts and pastes (hosts,
    /// worlds, addresses, builds and times invented).
    /// </summary>
    public sealed class PurpleScreenEraTests
    {
        private static List<PurpleScreen> Read(TempDir dir, string name, string text, out IssueCollector issues)
        {
            issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            string path = dir.File(name, text);
            return PurpleScreenReader.Read(DocumentResolver.Resolve(new[] { path }, ctx), new PurpleScreenReadOptions(), ctx).ToList();
        }

        [Fact]
        public void Lint1NmiScreen_IsAHardwareNmi()
        {
            string text =
                "VMware ESXi 6.7.0 [Releasebuild-17700523 x86_64]\n" +
                "LINT1/NMI (motherboard nonmaskable interrupt), undiagnosed. This may be a hardware problem; please contact your hardware vendor.\n" +
                "cr0=0x80010031 cr2=0x0 cr3=0x2c0c4000 cr4=0x216c\n" +
                "*PCPU6:2097158/idle6\n" +
                "0x451a8019be30:[0x41803a2f10c4]Power_HaltPCPU@vmkernel#nover+0x44 stack: 0x0\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.NmiPanic, s.Category);
            Assert.StartsWith("LINT1/NMI (motherboard nonmaskable interrupt), undiagnosed", s.Message);
            Assert.Equal(6, s.PhysicalCpu);
            Assert.True(PurpleScreenPatternAnalyzer.IsHardware(s));
        }

        [Fact]
        public void ApeiHestNmi_InAVmkernelLog_OpensTheScreenAndNamesTheCategory()
        {
            using var dir = new TempDir();
            string log =
                "2024-07-09T02:14:00.100Z cpu0:2098310)NetPort: 1632: disabled port 0x2000004\n" +
                "2024-07-09T02:14:05.001Z cpu0:2098310)ApeiHEST: 233: Invoked HestNMIHandler\n" +
                "2024-07-09T02:14:05.001Z cpu0:2098310)ApeiHEST: 259: Uncorrectable Errors\n" +
                "2024-07-09T02:14:05.001Z cpu0:2098310)ALERT: ApeiHEST: 327: Fatal error from 0000:5e:00.0(PCI Express Endpoint), VID:0x15b3, DID:0x1017 DevSts: 0xd, AERUeSts: 0x2000.\n" +
                "2024-07-09T02:14:05.002Z cpu0:2098310)NMI: 1031: ApeiHESTNmiHandler requested PSOD\n" +
                "2024-07-09T02:14:05.002Z cpu0:2098310)@BlueScreen: LINT1/NMI (motherboard nonmaskable interrupt), undiagnosed. This may be a hardware problem; please contact your hardware vendor.\n" +
                "2024-07-09T02:14:05.003Z cpu0:2098310)Code start: 0x420020c00000 VMK uptime: 3:04:05:06.789\n" +
                "2024-07-09T02:14:05.003Z cpu0:2098310)0x453900a1bde0:[0x420020d1c2a3]PanicvPanicInt@vmkernel#nover+0x327 stack: 0x453900a1bea8\n";
            PurpleScreen s = Assert.Single(Read(dir, "vmkernel.log", log, out var issues));
            Assert.Equal(PurpleScreenCategory.ApeiHestNmi, s.Category);
            Assert.StartsWith("LINT1/NMI", s.Message);
            Assert.Equal(2, s.LineNumber);
            Assert.Equal(new DateTimeOffset(2024, 7, 9, 2, 14, 5, 2, TimeSpan.Zero), s.Timestamp);    // the panic line's own time
            Assert.Contains(s.HardwareEvidence, l => l.Contains("Fatal error from 0000:5e:00.0"));
            Assert.Equal(new TimeSpan(3, 4, 5, 6, 789), s.Uptime);
            Assert.Empty(issues.Issues);
        }

        [Fact]
        public void Esxi8CrashSummary_PanicDetailsAndPsodMessage()
        {
            string text =
                "Panic Details: Crash at 2025-01-14T21:07:45.312Z on CPU 7 running world 2100388. VMK Uptime:12:03:04:05.678\n" +
                "PSOD Message: @BlueScreen: Spin count exceeded - possible deadlock with PCPU 4 on PCPU7 in world 2100388:vmnic3-pollW\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.SpinCountExceeded, s.Category);
            Assert.Equal("Spin count exceeded - possible deadlock with PCPU 4 on PCPU7 in world 2100388:vmnic3-pollW", s.Message);
            Assert.Equal(new DateTimeOffset(2025, 1, 14, 21, 7, 45, 312, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(7, s.PhysicalCpu);
            Assert.Equal(2100388, s.World!.Id);
            Assert.Equal("vmnic3-pollW", s.World.Name);
            Assert.Equal(new TimeSpan(12, 3, 4, 5, 678), s.Uptime);
        }

        [Fact]
        public void ProseBeforeTheMessage_AndPlaceholders_AreReadAsUnknownValues()
        {
            string text =
                "The console of the host showed: #PF Exception 14 in world <ID>:vmnic#-pollW IP 0xADDRESS addr 0x0\n" +
                "0xADDRESS1:[0xADDRESS2]Net_PollWorldCB@vmkernel#nover+0x…\n" +
                "0xADDRESS3:[0xADDRESS4]CpuSched_StartWorld@vmkernel#nover+0x…\n" +
                "####\n";
            var screens = Psod.Convert(new[] { text }, out var issues);
            PurpleScreen s = Assert.Single(screens);
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.StartsWith("#PF Exception 14 in world <ID>:vmnic#-pollW", s.Message);
            Assert.Null(s.World!.Id);
            Assert.Equal("vmnic#-pollW", s.World.Name);
            Assert.Equal(new[] { "Net_PollWorldCB", "CpuSched_StartWorld" }, s.Frames.Select(f => f.Symbol));
            Assert.Equal("vmkernel", s.Frames[0].Module);
            Assert.Equal(0, s.DamagedFrameCount);
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
        }

        [Fact]
        public void ProseEndingInAColonBeforeABareMessage()
        {
            var screens = Psod.Convert(new[] { "Screen text from the host: PCPU 3 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 3).\n*PCPU11:2097163/vmm0:db-02\n" }, out _);
            PurpleScreen s = Assert.Single(screens);
            Assert.Equal(PurpleScreenCategory.LockedUpTlbInvalidate, s.Category);
            Assert.Equal(11, s.PhysicalCpu);
            Assert.Equal(3, s.LockedUpCpu);
        }

        [Fact]
        public void Esx35UptimePrefixedScreenInAVmkernelLog()
        {
            using var dir = new TempDir();
            string log =
                "Mar  3 10:11:12 esx35a vmkernel: 12:03:04:05.600 cpu1:1024)Net: 1020: connected vswif0\n" +
                "Mar  3 10:11:12 esx35a vmkernel: 12:03:04:05.678 cpu1:1024)Host: 3612: COS Error: Lost heartbeat\n" +
                "Mar  3 10:11:12 esx35a vmkernel: 12:03:04:05.679 cpu1:1024)0x1d47f2c:[0x6a1b4e]Panic+0x17 stack: 0x1, 0x1d47f3c\n" +
                "Mar  3 10:11:12 esx35a vmkernel: 12:03:04:05.680 cpu1:1024)0x1d47f6c:[0x6b20aa]Host_Heartbeat+0x5a stack: 0x0\n";
            PurpleScreen s = Assert.Single(Read(dir, "vmkernel", log, out _));
            Assert.Equal(PurpleScreenCategory.LostHeartbeat, s.Category);
            Assert.Equal("COS Error: Lost heartbeat", s.Message);
            Assert.Equal(1, s.PhysicalCpu);
            Assert.Equal(2, s.LineNumber);
            Assert.Equal(new[] { "Panic", "Host_Heartbeat" }, s.Frames.Select(f => f.Symbol));
        }

        [Fact]
        public void AnsiCaretText_KeepsTheBuildAndTheMessageOnTheNextLine()
        {
            string text =
                "^[[45m^[[33;1mVMware ESXi 7.0.3 [build-20328353 x86_64]^[[0m\n" +
                "^[[45m^[[37;1m#PF Exception 14 in world 2099001:vmx IP 0x42001f3a2b1c addr 0x48^[[0m\n" +
                "^[[45m^[[37;1m0x4539c2b1bd20:[0x42001f3a2b1c]Vmxnet3VMKDev_TxComplete@vmkernel#nover+0x1c stack: 0x0^[[0m\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal("ESXi 7.0.3 build-20328353", s.Build);
            Assert.Equal(20328353, s.BuildNumber);
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Equal("#PF Exception 14 in world 2099001:vmx IP 0x42001f3a2b1c addr 0x48", s.Message);
            Assert.Equal("0x48", s.FaultAddress);

            PurpleScreen redacted = Assert.Single(PurpleScreenReader.Parse("^[[45mVMware ESXi 7.x.y [build-NNNNNNNN x86_64]^[[0m\n#GP Exception 13 in world 2099002:vmm0:app IP 0x420011\n"));
            Assert.Null(redacted.BuildNumber);
            Assert.Equal("7.x.y", redacted.Version);
            Assert.Equal(PurpleScreenCategory.GeneralProtectionFault, redacted.Category);
        }

        [Fact]
        public void LinesRunTogether_DoNotLeakIntoTheMessage_AndBothCpusAreKept()
        {
            using var dir = new TempDir();
            string log =
                "2024-02-11T06:30:10.500Z cpu2:2097170)@BlueScreen: PCPU 5 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 5).cpu2:2097170)cr0=0x80010031 cr2=0x0 cr3=0x10c8000 cr4=0x216c\n" +
                "2024-02-11T06:30:10.501Z cpu2:2097170)*PCPU2:2097170/vmm1:web-07\n" +
                "2024-02-11T06:30:10.501Z cpu2:2097170)0x4539c2a1bd20:[0x42000c8f1a2b]Tlb_Flush@vmkernel#nover+0x13b stack: 0x1\n";
            PurpleScreen s = Assert.Single(Read(dir, "vmkernel.log", log, out _));
            Assert.Equal("PCPU 5 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 5).", s.Message);
            Assert.Equal("0x80010031", s.Registers["cr0"]);
            Assert.Equal(2, s.PhysicalCpu);
            Assert.Equal(5, s.LockedUpCpu);
        }

        [Fact]
        public void NmiIpiSourceCpuAndSavedLockedBacktrace()
        {
            string text =
                "@BlueScreen: NMI IPI: Panic requested by another PCPU. RIPOFF(base):RBP:CS [0x2a1b3(0x420004800000):0x0:0xf48] (Src 0x1, CPU9)\n" +
                "Backtrace for Saved/Locked CPU - 14:\n" +
                "0x453a0b1ffe30:[0x4200049a1b2c]Hbr_Poll@(hbr_filter)#<None>+0x2c stack: 0x0\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.PanicRequestedByOtherCpu, s.Category);
            Assert.Equal(9, s.NmiSourceCpu);
            Assert.Equal(14, s.LockedUpCpu);
            Assert.Equal("hbr_filter", s.Frames[0].Module);
        }

        [Fact]
        public void UnknownLinesInsideAScreen_AreCountedWithExamples()
        {
            string text =
                "@BlueScreen: #GP Exception 13 in world 2100900:nvme-poll IP 0x42001a2b3c4d\n" +
                "Driver nvme_pcie reports queue 3 stalled\n" +
                "0x453a1c2dbe30:[0x42001a2b3c4d]NVMEPCIE_Poll@(nvme_pcie)#<None>+0x1a stack: 0x0\n";
            var screens = Psod.Convert(new[] { text }, out var issues);
            Assert.Single(Assert.Single(screens).Frames);
            Issue note = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, note.Kind);
            Assert.StartsWith("1 line(s) inside or just after purple screens match no known screen line shape", note.Message);
            Assert.Contains("line 2: Driver nvme_pcie reports queue 3 stalled", note.Message);
        }

        [Fact]
        public void NoHeartbeatScreen_TakesTheNmiSourceFromTheIpiLine()
        {
            string text =
                "@BlueScreen: PCPU 6: no heartbeat, IPIs received (0/1).\n" +
                "NMI: 1943: NMI IPI received. Was eip(base):ebp:cs [0x5a1c3(0x418021000000):0x41224d2b7e80:0x4010](Src 0x1, CPU23)\n" +
                "0x41224d2b7e80:[0x41802105a1c3]Heartbeat_Check@vmkernel#nover+0x93 stack: 0x0\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.LostHeartbeat, s.Category);
            Assert.Equal(6, s.LockedUpCpu);
            Assert.Equal(23, s.NmiSourceCpu);
        }

        [Fact]
        public void DamagedFrames_AreCountedAndTheRunExitsZero()
        {
            string text =
                "@BlueScreen: #PF Exception 14 in world 2100455:vmnic2-pollW IP 0x42002a1b3c4d addr 0x10\n" +
                "0x453a1c2dbe30:[0x42002a1b3c4d]Nic_Poll@[email protected]#nover+0x1a stack: 0x0\n" +
                "0x453a1c2dbe70:[0x42002a0f1e22]####@example.com#1+0xf\n" +
                "0x453a1c2dbea0:[0x42002a0c0d11]CpuSched_StartWorld@vmkernel#nover+0x86 stack: 0x0\n";
            var screens = Psod.Convert(new[] { text }, out var issues);
            PurpleScreen s = Assert.Single(screens);
            Assert.Equal(2, s.DamagedFrameCount);
            Assert.Equal(3, s.Frames.Count);
            Assert.Equal("Nic_Poll", s.Frames[0].Symbol);
            Assert.Equal("0x42002a0f1e22", s.Frames[1].Address);
            Assert.Equal("CpuSched_StartWorld", s.Frames[2].Symbol);
            Assert.Equal(2, issues.Issues.Count(i => i.Kind == IssueKind.Skipped));
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);

            var r = Tools.Run("dotnet", "\"" + Path.Combine(AppContext.BaseDirectory, "virtdiag.dll") + "\" psod show - --format json", System.Text.Encoding.UTF8.GetBytes(text));
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("\"DamagedFrameCount\":2", System.Text.Encoding.UTF8.GetString(r.Stdout));
        }

        [Fact]
        public void CoredumpLogsAreRead_AndTheSameScreenIsGivenOnce()
        {
            using var dir = new TempDir();
            string screen =
                "2024-09-02T11:22:33.444Z cpu5:2099120)@BlueScreen: #PF Exception 14 in world 2099120:storageRM IP 0x420015a1b2c3 addr 0x0\n" +
                "2024-09-02T11:22:33.445Z cpu5:2099120)0x453a00c1be30:[0x420015a1b2c3]StorageRM_Tick@vmkernel#nover+0x33 stack: 0x0\n";
            dir.File("esx07/var/run/log/vmkernel.log", "2024-09-02T11:22:30.000Z cpu1:2097152)Boot\n" + screen);
            dir.File("esx07/var/core/vmkernel-log.1", screen);
            dir.File("esx07/var/core/vmkernel-zdump.1.log", screen);
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(dir.Path, "esx07") }, ctx);
            PurpleScreen s = Assert.Single(PurpleScreenReader.Read(docs, new PurpleScreenReadOptions(), ctx));
            Assert.Equal(LogKind.VmKernel, s.LogKind);
            Assert.Equal(2, issues.Issues.Count(i => i.Kind == IssueKind.Skipped && i.Message.Contains("already read")));

            PurpleScreen alone = Assert.Single(Read(dir, "vmkernel-zdump.2", screen, out _));
            Assert.Equal("StorageRM_Tick", alone.Frames[0].Symbol);
        }

        [Fact]
        public void VmkSummary_Esxi5PanicThenBootWithoutCleanShutdown()
        {
            using var dir = new TempDir();
            string summary =
                "2024-03-01T10:00:01Z heartbeat: up 3d4h, 12 VMs; [[2099101 vmx 4194304kB] [2099330 vmx 8388608kB]] []\n" +
                "2024-03-01T10:37:12Z logger: VMkernel error\n" +
                "2024-03-01T10:44:50Z bootstop: Host has booted\n" +
                "2024-03-01T11:00:01Z heartbeat: up 0d0h, 0 VMs; [] []\n" +
                "2024-03-02T08:00:00Z bootstop[212443]: Host is rebooting\n" +
                "2024-03-02T08:06:30Z bootstop: Host has booted\n" +
                "2024-03-03T01:00:01Z heartbeat: up 0d17h, 9 VMs; [] []\n" +
                "2024-03-03T02:10:40Z bootstop: Host has booted\n";
            PurpleScreen s = Assert.Single(Read(dir, "vmksummary.log", summary, out var issues));
            Assert.Equal(LogKind.VmkSummary, s.LogKind);
            Assert.Equal("VMkernel error", s.Message);
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 37, 12, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 44, 50, TimeSpan.Zero), s.RebootTime);
            Assert.Equal(2, s.LineNumber);
            Issue unclean = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, unclean.Kind);
            Assert.Equal(8, unclean.LineNumber);                                                 // the 02:10:40 boot: no shutdown, no error line
        }

        [Fact]
        public void VmkSummary_Esx4ErrorLoggedWhileBooting()
        {
            using var dir = new TempDir();
            string summary =
                "Jun 10 01:00:09 esx41c logger: (1307667609) hb: vmk loaded, 86410.41, 86399.113, 9, 208167, 208167, 0, vmware-h-59580, vpxa-54148, sfcbd-7660\n" +
                "Jun 10 02:31:40 esx41c vmkhalt: (1307673100) Starting system...\n" +
                "Jun 10 02:31:52 esx41c logger: (1307673112) VMkernel error\n" +
                "Jun 10 02:32:47 esx41c logger: (1307673167) loaded VMkernel\n";
            PurpleScreen s = Assert.Single(Read(dir, "vmksummary", summary, out var issues));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1307673112), s.Timestamp);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1307673100), s.RebootTime);
            Assert.Empty(issues.Issues);
        }
    }
}
