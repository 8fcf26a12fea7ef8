using VirtDiag.Psod;

namespace VirtDiag.Tests.Psod
{
    /// <summary>The message table: each "Example Error" of seed 002 (the KB's list of VMkernel error messages) and the
    /// other wordings the issue names, as a one-line paste.</summary>
    public class PurpleScreenMessageTests
    {
        [Theory]
        [InlineData("COS Error: Oops", PurpleScreenCategory.ConsoleOops, null, null, null, null)]                                                   // seed 002
        [InlineData("Lost Heartbeat", PurpleScreenCategory.LostHeartbeat, null, null, null, null)]                                                 // seed 002
        [InlineData("ASSERT bora/vmkernel/main/pframe_int.h:527", PurpleScreenCategory.Assert, null, null, null, null)]                           // seed 002
        [InlineData("NOT_IMPLEMENTED /build/mts/release/bora-84374/bora/vmkernel/main/util.c:83", PurpleScreenCategory.NotImplemented, null, null, null, null)] // seed 002
        [InlineData("Spin count exceeded (iplLock) - possible deadlock", PurpleScreenCategory.SpinCountExceeded, null, null, null, null)]        // seed 002
        [InlineData("PCPU 1 locked up. Failed to ack TLB invalidate.", PurpleScreenCategory.LockedUpTlbInvalidate, null, 1, null, null)]          // seed 002
        [InlineData("#GP Exception(13) in world 4130:helper13-0 @ 0x41803399e303", PurpleScreenCategory.GeneralProtectionFault, 13, null, 4130L, "0x41803399e303")] // seed 002
        [InlineData("#PF Exception type 14 in world 136:helper0-0 @ 0x4a8e6e", PurpleScreenCategory.PageFault, 14, null, 136L, "0x4a8e6e")]    // seed 002
        [InlineData("@BlueScreen: LINT1 motherboard interrupt. This is a hardware problem; please contact your hardware vendor.", PurpleScreenCategory.NmiPanic, null, null, null, null)]
        [InlineData("@BlueScreen: Machine Check Exception on PCPU5 in world 2097157:idle5", PurpleScreenCategory.MachineCheck, 18, 5, 2097157L, null)]
        [InlineData("@BlueScreen: NMI IPI: Panic requested by another PCPU.", PurpleScreenCategory.PanicRequestedByOtherCpu, null, null, null, null)]
        [InlineData("@BlueScreen: Panic from another CPU (cpu 12, world 2099999): ip=0x420012345678", PurpleScreenCategory.PanicRequestedByOtherCpu, null, null, null, null)]
        [InlineData("@BlueScreen: #DE Exception 0 in world 2098000:vmx IP 0x420011112222 addr 0x0", PurpleScreenCategory.Other, 0, null, 2098000L, "0x420011112222")]
        public void MessageGivesCategoryVectorCpuWorldAndIp(string line, PurpleScreenCategory category, int? vector, int? cpu, long? world, string? ip)
        {
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(line));
            Assert.Equal(category, s.Category);
            Assert.Equal(vector, s.ExceptionVector);
            Assert.Equal(cpu, s.PhysicalCpu);
            Assert.Equal(world, s.World?.Id);
            Assert.Equal(ip, s.InstructionPointer);
        }

        [Fact]
        public void NewerWorldListMarksTheRunningCpuWithCapitals()
        {
            // Seed 002: "In newer versions of ESX, instead of including an *, the preceding letters CPU are included."
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(
                "PCPU 1 locked up. Failed to ack TLB invalidate.\nCPU0:1037/helper1-4 cpu1:1107/vmm0:Fagi cpu2:1121/vmware-vm cpu3:1122/mks:Franc."));
            Assert.Equal(4, s.Cpus.Count);
            Assert.Equal(0, s.PhysicalCpu);
            Assert.Equal("helper1-4", s.World!.Name);
            Assert.Equal(new[] { true, false, false, false }, s.Cpus.Select(c => c.IsRunning));
            Assert.Equal("mks:Franc.", s.Cpus[3].WorldName);
        }

        [Fact]
        public void HeartbeatNmiLinesAreHardwareEvidence()
        {
            // Synthetic ESXi 8 lines in the shapes the fixtures show (ALERT: Heartbeat / Saved backtrace … Heartbeat NMI).
            string text =
                "2024-02-02T02:02:02.000Z cpu30:2097163)@BlueScreen: PCPU 30: no heartbeat (1/1 IPIs received)\n" +
                "2024-02-02T02:02:02.001Z cpu30:2097163)ALERT: Heartbeat: 1240: PCPU 30 didn't have a heartbeat for 7 seconds, timeout is 14, 1 IPIs sent; *may* be locked up.\n" +
                "2024-02-02T02:02:02.002Z cpu30:2097163)Saved backtrace from: pcpu 30 Heartbeat NMI\n" +
                "2024-02-02T02:02:02.003Z cpu30:2097163)0x453900000100:[0x420012345678]Foo@vmkernel#nover+0x10 stack: 0x1\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            Assert.Equal(PurpleScreenCategory.LostHeartbeat, s.Category);
            Assert.Equal(30, s.PhysicalCpu);
            Assert.Equal(2, s.HardwareEvidence.Count);
            Assert.Single(s.Frames);
        }

        [Theory]
        [InlineData("7:05:43:45.014", 7, 5, 43, 45, 14)]
        [InlineData("0:01:39:57.763", 0, 1, 39, 57, 763)]
        [InlineData("42:14:03:58.308", 42, 14, 3, 58, 308)]
        [InlineData("01:02:03", 0, 1, 2, 3, 0)]
        public void UptimeIsDaysHoursMinutesSeconds(string text, int d, int h, int m, int s, int ms)
        {
            Assert.Equal(new TimeSpan(d, h, m, s, ms), ScreenBuilder.ParseUptime(text));
        }

        [Theory]
        [InlineData("hh:mm:ss:ms")]
        [InlineData("1:99:00:00.0")]
        [InlineData("")]
        public void PlaceholderUptimeIsNull(string text) => Assert.Null(ScreenBuilder.ParseUptime(text));
    }
}
