using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>
    /// Machine-check lines decoded by the public Intel SDM Vol. 3B / AMD APM Vol. 2 rules. The lines are SYNTHETIC in
    /// the shapes ESXi logs them (KB texts on MCE decoding); status values are our own, worked out bit by bit below.
    /// </summary>
    public sealed class MachineCheckTests
    {
        [Fact]
        public void CorrectedMemoryControllerError_Esxi65Shape()
        {
            // 0x9c00004000010091: VAL EN MISCV ADDRV (UC=0, PCC=0); code 0x0091 = 0000 0000 1001 0001 → memory controller, channel 1
            MachineCheck mc = MachineCheckDecoder.TryRead("MCA: 202: CE Poll G0 B8 S9c00004000010091 A1a2b3c4000 M200401c089801086 P1a2b3c4000/40 Memory Controller Read Error on Channel 1.", 17)!;
            Assert.Equal(8, mc.Bank);
            Assert.Equal(17, mc.Cpu);
            Assert.Equal(0x9c00004000010091UL, mc.Status);
            Assert.True(mc.Valid);
            Assert.False(mc.Overflow);
            Assert.False(mc.Uncorrected);
            Assert.True(mc.Enabled);
            Assert.True(mc.MiscValid);
            Assert.True(mc.AddressValid);
            Assert.False(mc.ProcessorContextCorrupt);
            Assert.Equal(0x0091, mc.ErrorCode);
            Assert.Equal(0x0001, mc.ModelSpecificCode);
            Assert.Equal(MachineCheckErrorClass.MemoryController, mc.ErrorClass);
            Assert.Equal(MachineCheckSeverity.Corrected, mc.Severity);
            Assert.True(mc.IsCorrected);
            Assert.Equal("1a2b3c4000", mc.Address);
            Assert.Equal("CE", mc.LoggedSeverity);
            Assert.Equal("Memory Controller Read Error on Channel 1.", mc.Description);
        }

        [Fact]
        public void SrarDataCacheError_ActionRequired()
        {
            // 0xbd80000000100134: VAL UC EN MISCV ADDRV S AR (PCC=0); code 0x0134 = 0000 0001 0011 0100 → cache hierarchy (data read, L0)
            MachineCheck mc = MachineCheckDecoder.TryRead("ALERT: MCA: 200: SRAR Excp G7 B1 Sbd80000000100134 A7f3c2d1e80 M86 P7f3c2d1e80/6 Cache Hierarchy: Level 0 Data Cache DataRead Error.", null)!;
            Assert.Equal(1, mc.Bank);
            Assert.True(mc.Signaled);
            Assert.True(mc.ActionRequired);
            Assert.False(mc.ProcessorContextCorrupt);
            Assert.Equal(MachineCheckErrorClass.CacheHierarchy, mc.ErrorClass);
            Assert.Equal(MachineCheckSeverity.ActionRequired, mc.Severity);
        }

        [Fact]
        public void FatalInternalTimer_Esxi60Shape()
        {
            // 0xfe00000000800400: VAL OVER UC EN MISCV ADDRV PCC; code 0x0400 → internal timer
            MachineCheck mc = MachineCheckDecoder.TryRead("MC:PCPU12 B:5 S:0xfe00000000800400 M:0x4180a1b2c3d4 A:0x4180a1b2c3d4 0", 3)!;
            Assert.Equal(12, mc.Cpu);                                                           // the line's own PCPU wins over the prefix
            Assert.Equal(5, mc.Bank);
            Assert.True(mc.Overflow);
            Assert.True(mc.ProcessorContextCorrupt);
            Assert.Equal(MachineCheckErrorClass.InternalTimer, mc.ErrorClass);
            Assert.Equal(MachineCheckSeverity.Fatal, mc.Severity);
            Assert.Equal("4180a1b2c3d4", mc.Address);
        }

        [Fact]
        public void Esx4BankAndStatusWords()
        {
            // 0xb200000000000800: VAL UC EN PCC; code 0x0800 → bus and interconnect
            MachineCheck mc = MachineCheckDecoder.TryRead("ALERT: MCE: 171: Machine Check Exception: Bank 3, Status 0xb200000000000800", 0)!;
            Assert.Equal(3, mc.Bank);
            Assert.Equal(MachineCheckErrorClass.BusInterconnect, mc.ErrorClass);
            Assert.Equal(MachineCheckSeverity.Fatal, mc.Severity);
        }

        [Fact]
        public void RedactedStatus_KeepsTheLoggedSeverityAndBank()
        {
            MachineCheck mc = MachineCheckDecoder.TryRead("MCA: 200: SRAR Excp G7 B1 XXXXXX Cache Hierarchy: Level 0 Data Cache DataRead Error.", null)!;
            Assert.Equal(1, mc.Bank);
            Assert.Null(mc.Status);
            Assert.Null(mc.Uncorrected);
            Assert.Equal(MachineCheckSeverity.ActionRequired, mc.Severity);
            Assert.Equal(MachineCheckErrorClass.Unknown, mc.ErrorClass);
        }

        [Theory]
        [InlineData(0x0000, MachineCheckErrorClass.NoError)]
        [InlineData(0x0005, MachineCheckErrorClass.InternalParity)]
        [InlineData(0x0406, MachineCheckErrorClass.InternalUnclassified)]
        [InlineData(0x0E0B, MachineCheckErrorClass.IoError)]
        [InlineData(0x000E, MachineCheckErrorClass.GenericCacheHierarchy)]
        [InlineData(0x0017, MachineCheckErrorClass.Tlb)]
        [InlineData(0x109F, MachineCheckErrorClass.MemoryController)]      // bit 12 (corrected-report filtering) set
        [InlineData(0x0150, MachineCheckErrorClass.CacheHierarchy)]
        [InlineData(0x0E0F, MachineCheckErrorClass.BusInterconnect)]
        [InlineData(0x0031, MachineCheckErrorClass.Unknown)]
        public void ErrorCodeClasses(int code, MachineCheckErrorClass expected) => Assert.Equal(expected, MachineCheckDecoder.Classify(code));

        [Fact]
        public void NotAMachineCheck_IsNull()
        {
            Assert.Null(MachineCheckDecoder.TryRead("MCAIntel: 1120: Force retiring MPN 0x12ab34 to recover from MCA error detected by cpu3 in bank1.", 3));
            Assert.Null(MachineCheckDecoder.TryRead("Status of the poll: 0 devices", 3));
        }

        [Fact]
        public void McaLinesBeforeTheScreen_AreAttachedToIt()
        {
            using var dir = new TempDir();
            string log =
                "2024-11-05T03:20:00.100Z cpu3:2097155)MCA: 202: CE Intr G0 B8 S9c00004000010091 A1a2b3c4000 M200401c089801086 P1a2b3c4000/40 Memory Controller Read Error on Channel 1.\n" +
                "2024-11-05T03:20:01.000Z cpu9:2099400)VMCI: 120: VMCI event 3 not delivered\n" +
                "2024-11-05T03:20:02.200Z cpu3:2097155)ALERT: MCA: 200: UC Excp G5 B8 Sbe00000000800091 A1a2b3c4000 M86 P1a2b3c4000/6 Memory Controller Read Error on Channel 1.\n" +
                "2024-11-05T03:20:02.201Z cpu3:2097155)@BlueScreen: Machine Check Exception on PCPU3 in world 2097155:idle3\n" +
                "2024-11-05T03:20:02.201Z cpu3:2097155)System has encountered a Hardware Error - Please contact the hardware vendor\n" +
                "2024-11-05T03:20:02.202Z cpu3:2097155)0x4539c001be30:[0x42000a1b2c3d]MCEHandleMCE@vmkernel#nover+0x2f0 stack: 0x0\n";
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            PurpleScreen s = Assert.Single(PurpleScreenReader.Read(DocumentResolver.Resolve(new[] { dir.File("vmkernel.log", log) }, ctx), new PurpleScreenReadOptions(), ctx));
            Assert.Equal(PurpleScreenCategory.MachineCheck, s.Category);
            Assert.Equal(2, s.MachineChecks.Count);
            Assert.True(s.MachineChecks[0].IsCorrected);
            Assert.Equal(MachineCheckSeverity.Fatal, s.MachineChecks[1].Severity);
            Assert.All(s.MachineChecks, mc => Assert.Equal(8, mc.Bank));
            Assert.All(s.MachineChecks, mc => Assert.Equal(3, mc.Cpu));
        }

        [Fact]
        public void BareSrarLineOnTheScreen_IsDecoded()
        {
            string text =
                "VMware ESXi 8.0.2 [Releasebuild-22380479 x86_64]\n" +
                "Machine Check Exception on PCPU21 in world 2101734:vmm0:sql-04\n" +
                "System has encountered a Hardware Error - Please contact the hardware vendor\n" +
                "SRAR Excp G7 B1 Sbd80000000100134 A7f3c2d1e80 M86 P7f3c2d1e80/6 Cache Hierarchy: Level 0 Data Cache DataRead Error\n" +
                "cr0=0x80010031 cr2=0x7f3c2d1e80 cr3=0x10c8000 cr4=0x142768\n";
            PurpleScreen s = Assert.Single(PurpleScreenReader.Parse(text));
            MachineCheck mc = Assert.Single(s.MachineChecks);
            Assert.Equal(MachineCheckSeverity.ActionRequired, mc.Severity);
            Assert.Equal(21, s.PhysicalCpu);
        }
    }
}
