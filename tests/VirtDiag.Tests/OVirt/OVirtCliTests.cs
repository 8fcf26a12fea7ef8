using System.Text.Json;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.OVirt.OVirtTestSupport;

namespace VirtDiag.Tests.OVirt
{
    /// <summary>The CLI twins: <c>virtdiag ovirt entries|commands</c> give what the Core readers give.</summary>
    public sealed class OVirtCliTests
    {
        [FixtureFact]
        public void Commands_FailedToCentosHost2AsJsonLines()
        {
            var (code, stdout, stderr) = CliRunner.Run($"ovirt commands \"{EnginePath}\" --command GetCapabilitiesVDSCommand --result Failed --format json");
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(5, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal("centos-host-2", first.RootElement.GetProperty("TargetHost").GetString());
            Assert.Equal("VdsCommand", first.RootElement.GetProperty("Kind").GetString());
            Assert.Equal("2017-02-23T09:30:14.152+00:00", first.RootElement.GetProperty("EndTime").GetString());
            Assert.Equal(531, first.RootElement.GetProperty("LineNumber").GetInt64());
        }

        [FixtureFact]
        public void Entries_TableUsesTheView_AndExitsZero()
        {
            var (code, stdout, stderr) = CliRunner.Run($"ovirt entries \"{EnginePath}\" --level Error --correlation-id 59c64e8c");
            Assert.True(code == 0, stderr);
            Assert.Equal("", stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Timestamp", lines[0]);
            Assert.Contains("LoggerClass", lines[0]);
            Assert.Equal(2 + 3, lines.Length);                                  // header, rule, 3 ERROR records of 59c64e8c
        }

        [Fact]
        public void Entries_FromStdin_KeepTheOffsetAndExitZeroDespiteAStrayPrefix()
        {
            string text = "`2026-03-14 17:15:26,535+08 WARN  [org.ovirt.engine.core.vdsbroker.VdsManager] (EE-ManagedThreadFactory-engine-Thread-5) [] Host 'node-b7' is not responding.\n";
            var (code, stdout, stderr) = CliRunner.Run("ovirt entries --host engine01.lab --format json", text);
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(stdout.Trim());
            Assert.Equal("2026-03-14T17:15:26.535+08:00", json.RootElement.GetProperty("Timestamp").GetString());
            Assert.Equal("Warning", json.RootElement.GetProperty("Level").GetString());
            Assert.Equal("engine01.lab", json.RootElement.GetProperty("HostName").GetString());
            Assert.Equal("", stderr);                                            // the stray-prefix note is verbose only
        }
    }
}
