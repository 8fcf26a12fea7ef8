using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.VMotion
{
    /// <summary>The CLI twin: <c>virtdiag vmotion events|migrations</c> on the fixtures and on stdin.</summary>
    public sealed class VMotionCliTests
    {
        [FixtureFact]
        public void Migrations_Json_CarriesTheJoinedFields()
        {
            string f = Repo.Fixture("vmotion", "esxi55-source-vmkernel-failure-precopy-io-aborted-switchover-rssing.txt");
            var (code, stdout, stderr) = CliRunner.Run($"vmotion migrations \"{f}\" --format json --result Failed");
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal("1415416254017461", json.RootElement.GetProperty("MigrationId").GetString());
            Assert.Equal("Failed", json.RootElement.GetProperty("Result").GetString());
            Assert.Equal("IO was aborted", json.RootElement.GetProperty("FailureReason").GetString());
            Assert.Equal("0xbad00e0", json.RootElement.GetProperty("FailureCode").GetString());
            Assert.Equal(3, json.RootElement.GetProperty("Events").GetArrayLength());
        }

        [FixtureFact]
        public void Events_FromStdinWithHost_TableUsesTheView()
        {
            string text = File.ReadAllText(Repo.Fixture("vmotion", "seed-esxi60-source-success-vmkernel.log"));
            var (code, stdout, stderr) = CliRunner.Run("vmotion events --host esx-a --migration-id 1451061663105920 -v", text);
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Timestamp", lines[0]);
            Assert.Contains("MigrationId", lines[0]);
            Assert.Equal(2 + 11, lines.Length); // header, rule, the 11 lines of this migration
            Assert.All(lines.Skip(2), l => Assert.Contains("esx-a", l));
        }

        [FixtureFact]
        public void Migrations_VerboseOrphansGoToStderr()
        {
            string f = Repo.Fixture("vmotion", "seed-esxi60-source-success-vmkernel.log");
            var (code, _, stderr) = CliRunner.Run($"vmotion migrations \"{f}\" -v");
            Assert.Equal(0, code);
            Assert.Contains(":7: OrphanEvent:", stderr);
            Assert.Contains(":8: OrphanEvent:", stderr);
        }
    }
}
