using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Guest
{
    /// <summary>The CLI twin: virtdiag guest failures|bugcheck (run as a separate process).</summary>
    public class GuestCliTests
    {
        [Fact]
        public void BugcheckLooksUpHexCodesAndFailsForUnknownOnes()
        {
            var (code, stdout, _) = CliRunner.Run("guest bugcheck 0x50 80 --format json");
            Assert.Equal(0, code);
            var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(new[] { "PAGE_FAULT_IN_NONPAGED_AREA", "NMI_HARDWARE_FAILURE" }, rows.Select(r => r.GetProperty("Name").GetString()));
            Assert.Equal(0x80UL, rows[1].GetProperty("Code").GetUInt64());
            Assert.Equal(1, CliRunner.Run("guest bugcheck 0x12345678").ExitCode);
        }

        [Fact]
        public void FailuresFromStdinWithTimeOffsetAndKindFilter()
        {
            // synthetic guest syslog: a soft lockup and a STOP line; the guest clock runs 37 s ahead
            string input = "Mar  5 10:16:19 web01 kernel: [ 8811.123456] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [java:4711]\n"
                         + "STOP: 0x00000050 (0xFFFFFFF8,0x00000000,0xF9CF5C88,0x00000000)\n";
            var (code, stdout, stderr) = CliRunner.Run("guest failures --year 2024 --time-offset 00:00:37 --kind SoftLockup --format json", input);
            Assert.True(code == 0, stderr);
            JsonElement r = JsonDocument.Parse(stdout.Trim()).RootElement;
            Assert.Equal("SoftLockup", r.GetProperty("Kind").GetString());
            Assert.Equal("java", r.GetProperty("Process").GetString());
            Assert.Equal(4711, r.GetProperty("Pid").GetInt32());
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:15:42Z"), r.GetProperty("HostTimestamp").GetDateTimeOffset());
        }

        [Fact]
        public void FailuresSaysNoRelevantDataWhenItFindsNothing()
        {
            var (code, stdout, stderr) = CliRunner.Run("guest failures --format json", "systemd[1]: Started Session 4 of user backup.\nsshd[812]: Accepted publickey for backup\n");
            Assert.Equal(0, code);
            Assert.Equal("", stdout.Trim());
            Assert.Contains("NoRelevantData: no guest OS failure found", stderr, StringComparison.Ordinal);
        }
    }
}
