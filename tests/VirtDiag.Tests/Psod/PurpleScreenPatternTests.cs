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
    }
}
