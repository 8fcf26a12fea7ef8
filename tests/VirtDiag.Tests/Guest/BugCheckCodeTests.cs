using VirtDiag.Guest;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Guest
{
    public class BugCheckCodeTests
    {
        [Theory]
        [InlineData("0x50", 0x50UL, "PAGE_FAULT_IN_NONPAGED_AREA")]
        [InlineData("0x00000050", 0x50UL, "PAGE_FAULT_IN_NONPAGED_AREA")]
        [InlineData("50", 0x50UL, "PAGE_FAULT_IN_NONPAGED_AREA")] // Windows and WinDbg print codes in hex: "80" is 0x80
        [InlineData("80", 0x80UL, "NMI_HARDWARE_FAILURE")]
        [InlineData("0X0000001E", 0x1EUL, "KMODE_EXCEPTION_NOT_HANDLED")]
        [InlineData("c000021a", 0xC000021AUL, "WINLOGON_FATAL_ERROR")]
        [InlineData("0x1D0", 0x1D0UL, "ACPI_FIRMWARE_WATCHDOG_TIMEOUT")] // the reference table cell reads CPI_...; its page title is right
        [InlineData("0xAB", 0xABUL, "SESSION_HAS_VALID_POOL_ON_EXIT")] // a page not listed in the reference table
        public void LooksUpByCode(string query, ulong code, string name)
        {
            var c = Assert.Single(BugCheckCodes.Lookup(query));
            Assert.Equal(code, c.Code);
            Assert.Equal(name, c.Name);
        }

        [Fact]
        public void LooksUpByNamePatternOrPart()
        {
            Assert.Contains(BugCheckCodes.Lookup("*PAGE_FAULT*"), c => c.Code == 0x50);
            Assert.All(BugCheckCodes.Lookup("irql"), c => Assert.Contains("IRQL", c.Name));
            Assert.Contains(BugCheckCodes.Lookup("irql"), c => c.Code == 0x0A);
            Assert.Empty(BugCheckCodes.Lookup("0x12345678"));
            Assert.Equal("0x00000050", BugCheckCodes.Find(0x50)!.Hex);
        }

        [FixtureFact]
        public void TableHoldsEveryCodeOfThePublicTsvWithItsName()
        {
            // awk -F'\t' 'NR>1' windows-bugcheck-codes.tsv windows-bugcheck-codes-pages-not-in-table.tsv | cut -f1 | sort -u | wc -l  → 425
            var rows = new[] { "windows-bugcheck-codes.tsv", "windows-bugcheck-codes-pages-not-in-table.tsv" }
                .SelectMany(f => File.ReadAllLines(Repo.Fixture("guest", f)).Skip(1))
                .Select(l => l.Split('\t'))
                .ToList();
            Assert.Equal(379 + 47, rows.Count);
            Assert.Equal(425, BugCheckCodes.All.Count);
            foreach (string[] r in rows)
            {
                ulong code = Convert.ToUInt64(r[0].Substring(2), 16);
                BugCheckCode? c = BugCheckCodes.Find(code);
                Assert.NotNull(c);
                if (code != 0x1D0) Assert.Equal(r[1], c!.Name);
            }
        }
    }
}
