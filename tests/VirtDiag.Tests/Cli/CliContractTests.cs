using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Cli
{
    /// <summary>The CLI contract of the foundation: formats, exit codes 0/1/2, issues on stderr as path:line: kind: message.</summary>
    public class CliContractTests
    {
        [Fact]
        public void JsonLinesUseDotNetPropertyNamesAndEnumNames()
        {
            using var dir = new TempDir();
            string f = dir.File("vdsm.log.1.gz", TarBuilder.Gzip("x\n"));
            var (code, stdout, stderr) = CliRunner.Run($"docs list \"{f}\" --format json");
            Assert.True(code == 0, stderr);
            string line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            using var json = JsonDocument.Parse(line);
            Assert.Equal("Vdsm", json.RootElement.GetProperty("Kind").GetString());
            Assert.Equal("Gzip", json.RootElement.GetProperty("Compression").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("RotationIndex").GetInt32());
            Assert.Equal(f, json.RootElement.GetProperty("Path").GetString());
        }

        [Fact]
        public void TableUsesTheFormatFileColumnsAndCsvHasAHeader()
        {
            using var dir = new TempDir();
            string f = dir.File("hostd.log", "x\n");
            var (_, table, _) = CliRunner.Run($"docs list \"{f}\"");
            Assert.StartsWith("HostName", table.Split('\n')[0]);
            Assert.Contains("Rotation", table.Split('\n')[0]);
            var (_, csv, _) = CliRunner.Run($"docs list \"{f}\" --format csv");
            Assert.StartsWith("Path,FilePath,Name,HostName,Kind,RotationIndex", csv);
        }

        [Fact]
        public void MissingInputIsExitOneWithTheIssueOnStderrAndTheRestStillWritten()
        {
            using var dir = new TempDir();
            string ok = dir.File("hostd.log", "x\n");
            string missing = Path.Combine(dir.Path, "nope.log");
            var (code, stdout, stderr) = CliRunner.Run($"docs list \"{missing}\" \"{ok}\" --format json");
            Assert.Equal(1, code);
            Assert.Contains("hostd.log", stdout);
            Assert.Contains(missing + ": FileNotFound: no such file or folder", stderr);
        }

        [Fact]
        public void UsageErrorsAreExitTwo()
        {
            Assert.Equal(2, CliRunner.Run("docs list --format yaml").ExitCode);
            Assert.Equal(2, CliRunner.Run("docs list --no-such-option").ExitCode);
            Assert.Equal(2, CliRunner.Run("no-such-area").ExitCode);
        }

        [Fact]
        public void GlobsExpandToMatchingFiles()
        {
            using var dir = new TempDir();
            dir.File("a/vmkernel.log", "x\n");
            dir.File("a/vmkernel.0.gz", TarBuilder.Gzip("y\n"));
            dir.File("a/other.txt", "z\n");
            var matches = VirtDiag.Cli.CliSession.Glob(Path.Combine(dir.Path, "a", "vmkernel*"));
            Assert.Equal(new[] { "vmkernel.0.gz", "vmkernel.log" }, matches.Select(Path.GetFileName));
            Assert.Equal(3, VirtDiag.Cli.CliSession.Glob(Path.Combine(dir.Path, "**", "*")).Count(File.Exists));
        }
    }
}
