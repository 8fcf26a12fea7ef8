using System.Text.Json;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>The CLI twin: <c>virtdiag vdsm entries|tasks|commands</c> gives what the Core readers give.</summary>
    public sealed class VdsmCliTests
    {
        [FixtureFact]
        public void Commands_FailedAsJsonLines()
        {
            var (code, stdout, stderr) = CliRunner.Run($"vdsm commands \"{MainPath}\" --failed --format json");
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(12, lines.Length);                           // grep -c 'FAILED: <err>' $F
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal("/sbin/lvm", first.RootElement.GetProperty("Executable").GetString());
            Assert.Equal(5, first.RootElement.GetProperty("ExitCode").GetInt32());
            Assert.Equal(2974, first.RootElement.GetProperty("LineNumber").GetInt64());
        }

        [FixtureFact]
        public void Tasks_TableUsesTheView_AndFiltersByVerb()
        {
            var (code, stdout, stderr) = CliRunner.Run($"vdsm tasks \"{MainPath}\" --verb deleteImage");
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("StartTime", lines[0]);
            Assert.Contains("Verb", lines[0]);
            Assert.Equal(2 + 4, lines.Length);                        // header, rule, grep -c 'Run and protect: deleteImage(' $F = 4
            Assert.Contains(lines, l => l.Contains("c7e3d5b8-25cf-4fda-b416-e4458edce9db", StringComparison.Ordinal) && l.Contains("Succeeded", StringComparison.Ordinal));
        }

        [Fact]
        public void Entries_FromStdin_WithTimeZoneAndHost()
        {
            string line = "MainThread::INFO::2011-12-05 07:04:56,101::vdsm::71::vds::(run) I am the actual vdsm 4.9-0\n";
            var (code, stdout, stderr) = CliRunner.Run("vdsm entries --tz +0200 --host h1 --format json", line);
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout.Trim());
            Assert.Equal("2011-12-05T07:04:56.101+02:00", json.RootElement.GetProperty("Timestamp").GetString());
            Assert.Equal("AssumedTimeZone", json.RootElement.GetProperty("TimestampKind").GetString());
            Assert.Equal("h1", json.RootElement.GetProperty("HostName").GetString());
            Assert.Equal("I am the actual vdsm 4.9-0", json.RootElement.GetProperty("Message").GetString());
        }

        [Fact]
        public void BadTimeZoneIsAUsageError()
        {
            Assert.Equal(2, CliRunner.Run("vdsm entries --tz Mars/Olympus", "").ExitCode);
        }
    }
}
