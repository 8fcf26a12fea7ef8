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
        public async Task WhenTheReaderOfItsOutputQuitsTheCliStopsQuietly()
        {
            // `virtdiag vmotion events - | head -1`, with an input that never ends: the CLI must notice that head has
            // gone and stop (exit 0, nothing on stderr), not read on for ever (.NET's console stream ignores EPIPE)
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", "\"" + CliRunner.CliDll + "\" vmotion events - --host esx01")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var p = System.Diagnostics.Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var feed = new Thread(() =>
            {
                try
                {
                    for (long i = 0; !p.HasExited; i++)
                    {
                        p.StandardInput.Write("2024-03-01T00:00:01.292Z cpu4:2319457)Migrate: vm 2319457: 3284: Setting VMOTION info: Source ts = "
                            + (1451061663106420 + i) + ", src ip = <10.0.3.243> dest ip = <10.0.3.102> Dest wid = 2319464 using SHARED swap\n");
                        if (i % 1000 == 0) p.StandardInput.Flush();
                    }
                }
                catch (IOException) { }
                catch (InvalidOperationException) { }
            }) { IsBackground = true };
            feed.Start();
            string? header = p.StandardOutput.ReadLine();
            Assert.StartsWith("Timestamp", header);
            p.StandardOutput.BaseStream.Dispose();
            bool exited = p.WaitForExit(60_000);
            if (!exited) p.Kill(true);
            Assert.True(exited, "virtdiag read on after the reader of its output had gone");
            Assert.Equal(0, p.ExitCode);
            Assert.Equal("", await stderr);
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
