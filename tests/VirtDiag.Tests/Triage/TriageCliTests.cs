using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Triage
{
    /// <summary><c>virtdiag triage</c>: the summary, the whole report as JSON, --html, usage errors, an empty folder.</summary>
    public class TriageCliTests
    {
        private static string Examples => Path.Combine(Repo.Root, "examples");

        private static string TempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "virtdiag-cli-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(d);
            return d;
        }

        [Fact]
        public void SummaryOnStdoutAndOneHtmlFile()
        {
            string html = Path.Combine(TempDir(), "triage.html");
            var (code, stdout, stderr) = CliRunner.Run("triage \"" + Examples + "\" --html \"" + html + "\"");
            Assert.Equal(0, code);
            Assert.Contains("Findings: 2 critical, 4 error, 0 warning, 1 info", stdout);
            Assert.Contains("HTML report: " + html, stdout);
            Assert.Contains("TruncatedRecord", stderr);                // the guest log's last panic report is cut by the end of the file
            Assert.DoesNotContain("\r", stderr);                        // stderr is not a terminal here: no progress line
            Assert.True(new FileInfo(html).Length > 10_000);
            Assert.All(stdout.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 120, "wider than 120 columns: " + l));
        }

        [Fact]
        public void JsonIsTheWholeReportWithRecords()
        {
            var (code, stdout, _) = CliRunner.Run("triage \"" + Examples + "\" --format json");
            Assert.Equal(0, code);
            using JsonDocument doc = JsonDocument.Parse(stdout);
            JsonElement findings = doc.RootElement.GetProperty("Findings");
            Assert.Equal(7, findings.GetArrayLength());
            JsonElement psod = findings[0];
            Assert.Equal("Critical", psod.GetProperty("Severity").GetString());
            Assert.Equal("PurpleScreen", psod.GetProperty("Kind").GetString());
            Assert.Equal("PageFault", psod.GetProperty("Record").GetProperty("Category").GetString());
            Assert.Equal(1, psod.GetProperty("LineNumber").GetInt64());
            Assert.Equal(5, doc.RootElement.GetProperty("Hosts").GetArrayLength());
            Assert.Equal(3600, doc.RootElement.GetProperty("GapThreshold").GetDouble()); // TimeSpans are seconds
        }

        [Fact]
        public void EmptyFolderIsNothingFoundAndExitZero()
        {
            string dir = TempDir();
            var (code, stdout, stderr) = CliRunner.Run("triage \"" + dir + "\"");
            Assert.Equal(0, code);
            Assert.StartsWith("Nothing found: no log documents in " + dir + ".", stdout);
            Assert.Equal("", stderr);
        }

        [Fact]
        public void UsageErrorsAreExitTwo()
        {
            Assert.Equal(2, CliRunner.Run("triage").ExitCode);
            Assert.Equal(2, CliRunner.Run("triage \"" + Examples + "\" --format csv").ExitCode);
            Assert.Equal(2, CliRunner.Run("triage \"" + Examples + "\" --gap soon").ExitCode);
        }
    }
}
