using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>Measure-PurpleScreenPattern's rules on synthetic screens (composed here from the fixtures' line shapes).</summary>
    public class PurpleScreenPatternTests
    {
        /// <summary>A synthetic ESXi screen in vmkernel.log form: message, one frame line per symbol, on the given PCPU/world.</summary>
        private static PurpleScreen Screen(string message, int cpu, long world, string worldName, string host, int day, params string[] symbols)
        {
            string prefix = $"2024-05-{day:D2}T10:00:00.000Z cpu{cpu}:{world})";
            var lines = new List<string> { prefix + "@BlueScreen: " + message, prefix + $"*PCPU{cpu}:{world}/{worldName}" };
            int i = 0;
            foreach (string s in symbols) lines.Add(prefix + $"0x4539{day:x2}{i:x4}0000:[0x4200{day:x2}{i++:x6}]{s}@vmkernel#nover+0x{(day * 16 + i):x} stack: 0x0");
            return Assert.Single(PurpleScreenReader.Parse(string.Join("\n", lines), hostName: host));
        }

        private static PurpleScreenPattern Single(params PurpleScreen[] screens)
        {
            var a = new PurpleScreenPatternAnalyzer();
            foreach (var s in screens) a.Add(s);
            return Assert.Single(a.Complete());
        }

        [Fact]
        public void SameMessageAndTopFramesIsLikelySoftware()
        {
            // Same panic, different PCPUs, worlds, addresses and offsets (addresses differ per boot).
            var p = Single(
                Screen("#PF Exception 14 in world 2100001:vmm0:A IP 0x420011111111 addr 0x0", 3, 2100001, "vmm0:A", "esx01", 1, "Vmxnet3VMKDev_AsyncTx", "NetWorldPerVMCB", "CpuSched_StartWorld"),
                Screen("#PF Exception 14 in world 2200002:vmm0:B IP 0x420022222222 addr 0x0", 7, 2200002, "vmm0:B", "esx01", 2, "Vmxnet3VMKDev_AsyncTx", "NetWorldPerVMCB", "CpuSched_StartWorld"),
                Screen("#PF Exception 14 in world 2300003:vmm0:C IP 0x420033333333 addr 0x0", 12, 2300003, "vmm0:C", "esx01", 3, "Vmxnet3VMKDev_AsyncTx", "NetWorldPerVMCB", "CpuSched_StartWorld"));
            Assert.Equal(PurpleScreenVerdict.LikelySoftware, p.Verdict);
            Assert.Equal("esx01", p.HostName);
            Assert.Equal(3, p.Count);
            Assert.Equal(1, p.DistinctMessages);
            Assert.Equal(1, p.DistinctTopFrames);
            Assert.True(p.SameMessageAndStack);
            Assert.False(p.SamePhysicalCpu);
            Assert.False(p.SameWorld);
            Assert.Contains(p.Evidence, e => e == "every stack starts: Vmxnet3VMKDev_AsyncTx < NetWorldPerVMCB < CpuSched_StartWorld");
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), p.FirstTimestamp);
            Assert.Equal(new DateTimeOffset(2024, 5, 3, 10, 0, 0, TimeSpan.Zero), p.LastTimestamp);
        }

        [Fact]
        public void DifferentMessagesOnTheSamePcpuIsPossibleCpuFault()
        {
            var p = Single(
                Screen("#PF Exception 14 in world 2100001:vmm0:A IP 0x420011111111 addr 0x0", 5, 2100001, "vmm0:A", "esx02", 1, "HeapAlloc", "Foo"),
                Screen("#GP Exception 13 in world 2200002:hostd IP 0x420022222222", 5, 2200002, "hostd", "esx02", 2, "BarInt", "Baz"),
                Screen("ASSERT bora/vmkernel/main/pframe.c:1234", 5, 2300003, "vmm1:C", "esx02", 3, "Panic_OnAssertAt", "PFrameGet"));
            Assert.Equal(PurpleScreenVerdict.PossibleCpuFault, p.Verdict);
            Assert.Equal(3, p.DistinctMessages);
            Assert.True(p.SamePhysicalCpu);
            Assert.False(p.SameMessageAndStack);
            Assert.Contains("every screen is on PCPU 5", p.Evidence);
        }

        [Fact]
        public void TwoMachineChecksArePossibleHardware()
        {
            var p = Single(
                Screen("Machine Check Exception on PCPU12 in world 2097164:idle12", 12, 2097164, "idle12", "esx03", 1),
                Screen("Machine Check Exception on PCPU40 in world 2097192:idle40", 40, 2097192, "idle40", "esx03", 2));
            Assert.Equal(PurpleScreenVerdict.PossibleHardware, p.Verdict);
            Assert.Equal(2, p.HardwareCount);
            Assert.Equal(2, p.Count);
        }

        [FixtureFact]
        public void MachineCheckFixtureTwiceIsPossibleHardware()
        {
            var mce = Psod.ReadFixture("esxi7x-mce-idle51-data-cache-and-vmkernel-mca-alerts-kb372284.txt").Single();
            var p = Single(mce, mce);
            Assert.Equal(PurpleScreenVerdict.PossibleHardware, p.Verdict);
        }

        [Fact]
        public void SameWorldWithVaryingFailuresIsWorldTriggered()
        {
            var p = Single(
                Screen("#PF Exception 14 in world 2100001:vmm0:SQL01 IP 0x420011111111 addr 0x0", 1, 2100001, "vmm0:SQL01", "esx04", 1, "A1", "A2"),
                Screen("#GP Exception 13 in world 2200002:vmm0:SQL01 IP 0x420022222222", 9, 2200002, "vmm0:SQL01", "esx04", 2, "B1", "B2"));
            Assert.Equal(PurpleScreenVerdict.WorldTriggered, p.Verdict);
            Assert.True(p.SameWorld);                                                           // by name: world ids change every boot
        }

        [Fact]
        public void VaryingEverythingIsPossibleHardware()
        {
            var p = Single(
                Screen("#PF Exception 14 in world 2100001:vmm0:A IP 0x420011111111 addr 0x0", 1, 2100001, "vmm0:A", "esx05", 1, "A1"),
                Screen("#GP Exception 13 in world 2200002:hostd IP 0x420022222222", 9, 2200002, "hostd", "esx05", 2, "B1"),
                Screen("Spin count exceeded (refCount) - possible deadlock", 17, 2300003, "helper", "esx05", 3, "C1"));
            Assert.Equal(PurpleScreenVerdict.PossibleHardware, p.Verdict);
            Assert.Equal(3, p.DistinctMessages);
            Assert.Equal(3, p.DistinctTopFrames);
        }

        [Fact]
        public void GroupedByHostAndOneScreenIsInconclusive()
        {
            var a = new PurpleScreenPatternAnalyzer();
            a.Add(Screen("#PF Exception 14 in world 1:x IP 0x1 addr 0x0", 1, 1, "x", "esx01", 1, "F"));
            a.Add(Screen("#PF Exception 14 in world 2:x IP 0x2 addr 0x0", 2, 2, "y", "esx02", 1, "F"));
            a.Add(Screen("#PF Exception 14 in world 3:x IP 0x3 addr 0x0", 3, 3, "z", "esx01", 2, "F"));
            var patterns = a.Complete();
            Assert.Equal(new[] { "esx01", "esx02" }, patterns.Select(p => p.HostName));
            Assert.Equal(new[] { 2, 1 }, patterns.Select(p => p.Count));
            Assert.Equal(PurpleScreenVerdict.LikelySoftware, patterns[0].Verdict);
            Assert.Equal(PurpleScreenVerdict.Inconclusive, patterns[1].Verdict);
        }

        [Theory]
        [InlineData("#PF Exception 14 in world 2098053:vmm0:A IP 0x41802f0b2d6e addr 0x0", "#PF Exception 14 in world ? IP 0x? addr 0x?")]
        [InlineData("PCPU 1 locked up. Failed to ack TLB invalidate.", "PCPU 1 locked up. Failed to ack TLB invalidate")]
        public void MessagesAreComparedWithoutAddressesAndWorldIds(string message, string normalized)
        {
            Assert.Equal(normalized, PurpleScreenPatternAnalyzer.NormalizeMessage(message));
        }
    
        /// <summary>A synthetic #PF screen preceded by an MCA line of the given status/bank/address (vmkernel.log form).</summary>
        private static PurpleScreen WithMca(string message, string mca, int day, params string[] symbols)
        {
            string prefix = $"2024-06-{day:D2}T04:00:00.000Z cpu6:2099{day:D3})";
            var lines = new List<string> { prefix + mca, prefix + "@BlueScreen: " + message, prefix + "*PCPU6:2099" + day.ToString("D3") + "/vmm0:app" };
            int i = 0;
            foreach (string sym in symbols) lines.Add(prefix + $"0x4539{day:x2}{i:x4}0000:[0x4200{day:x2}{i++:x6}]{sym}@vmkernel#nover+0x1{i:x} stack: 0x0");
            var issues = new VirtDiag.Diagnostics.IssueCollector();
            var ctx = new VirtDiag.Common.ReadContext(issues);
            using var dir = new TempDir();
            return Assert.Single(PurpleScreenReader.Read(VirtDiag.Io.DocumentResolver.Resolve(new[] { dir.File("vmkernel.log", string.Join("\n", lines) + "\n") }, ctx, "esx09"), new PurpleScreenReadOptions(), ctx));
        }

        [Fact]
        public void UncorrectedChecksInTheSameBankAndAddressArePossibleHardware()
        {
            var p = Single(
                WithMca("#PF Exception 14 in world 2099001:vmm0:app IP 0x420011 addr 0x0", "MCA: 202: UCNA Intr G0 B7 Sbc00004000010092 A5d3e0000 M86 P5d3e0000/6 Memory Controller Read Error on Channel 2.", 1, "A1", "A2"),
                WithMca("#GP Exception 13 in world 2099002:vmm0:app IP 0x420022", "MCA: 202: UCNA Intr G0 B7 Sbc00004000010092 A5d3e0000 M86 P5d3e0000/6 Memory Controller Read Error on Channel 2.", 2, "B1", "B2"),
                WithMca("#PF Exception 14 in world 2099003:vmm0:app IP 0x420033 addr 0x8", "MCA: 202: CE Intr G0 B4 S9c00004000010091 A1f2e0000 M86 P1f2e0000/6 Memory Controller Read Error on Channel 1.", 3, "C1", "C2"));
            Assert.Equal(3, p.MachineCheckCount);
            Assert.Equal(2, p.UncorrectedMachineCheckCount);
            Assert.Equal(7, p.RepeatedBank);
            Assert.Equal("5d3e0000", p.RepeatedAddress);
            Assert.Equal(PurpleScreenVerdict.PossibleHardware, p.Verdict);
            Assert.Contains("MCA bank 7 reports errors on more than one screen", p.Evidence);
            Assert.Contains(p.Evidence, e => e.StartsWith("3 machine check(s): 2 uncorrected, 1 corrected; classes: MemoryController", StringComparison.Ordinal));
        }

        [Fact]
        public void OnlyCorrectedChecksDoNotMakeASoftwarePatternHardware()
        {
            var p = Single(
                WithMca("#PF Exception 14 in world 2099001:vmm0:app IP 0x420011 addr 0x0", "MCA: 202: CE Poll G0 B8 S9c00004000010091 A1a2b0000 M86 P1a2b0000/6 Memory Controller Read Error on Channel 1.", 1, "Vmxnet3_Tx", "NetPoll"),
                WithMca("#PF Exception 14 in world 2099002:vmm0:app IP 0x420022 addr 0x0", "MCA: 202: CE Poll G0 B8 S9c00004000010091 A1a2b0000 M86 P1a2b0000/6 Memory Controller Read Error on Channel 1.", 2, "Vmxnet3_Tx", "NetPoll"));
            Assert.Equal(0, p.UncorrectedMachineCheckCount);
            Assert.Equal(8, p.RepeatedBank);
            Assert.Equal(PurpleScreenVerdict.LikelySoftware, p.Verdict);
            Assert.Contains("the machine checks were all corrected by hardware: logged, not the cause of these screens", p.Evidence);
        }

        [Fact]
        public void TheSameLockedUpCpuFromDifferentReportersIsPossibleCpuFault()
        {
            var p = Single(
                Screen("PCPU 14 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 14).", 2, 2100001, "vmm0:A", "esx05", 1, "TLB_Flush", "Sched_A"),
                Screen("PCPU 14 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 14).", 9, 2200002, "hostd", "esx05", 2, "Heap_Alloc", "Sched_B"));
            Assert.False(p.SamePhysicalCpu);
            Assert.True(p.SameLockedUpCpu);
            Assert.Equal(PurpleScreenVerdict.PossibleCpuFault, p.Verdict);
            Assert.Contains("every screen names PCPU 14 as locked up or without heartbeat", p.Evidence);
        }
}
}
