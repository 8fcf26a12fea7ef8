using System.Text;
using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>The CLI twin, run as a separate process (the built virtdiag.dll beside the tests) so no console is shared.</summary>
    public class PsodCliTests
    {
        private static (int Exit, string Out, string Err) Cli(string args, string? stdin = null)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "virtdiag.dll");
            var r = Tools.Run("dotnet", "\"" + dll + "\" " + args, stdin == null ? null : Encoding.UTF8.GetBytes(stdin));
            return (r.ExitCode, Encoding.UTF8.GetString(r.Stdout), r.Stderr);
        }

        [FixtureFact]
        public void ShowWritesJsonWithDotNetNames()
        {
            var (exit, output, _) = Cli("psod show \"" + Repo.Fixture("psod", "seed-esx3x-pcpu1-locked-up-tlb.txt") + "\" --format json");
            Assert.Equal(0, exit);
            using JsonDocument doc = JsonDocument.Parse(output.Trim());
            JsonElement s = doc.RootElement;
            Assert.Equal("LockedUpTlbInvalidate", s.GetProperty("Category").GetString());
            Assert.Equal(1037, s.GetProperty("World").GetProperty("Id").GetInt64());
            Assert.Equal(7, s.GetProperty("Frames").GetArrayLength());
            Assert.Equal("0x625e94", s.GetProperty("Registers").GetProperty("ip").GetString());
        }

        [FixtureFact]
        public void ShowReadsStandardInputAsPastedText()
        {
            string text = File.ReadAllText(Repo.Fixture("psod", "esxi50-pcpu-locked-up-tlb-no-heartbeat-hp-pcc-kb2000091.txt"));
            var (exit, output, _) = Cli("psod show --host esx-hp01", text);
            Assert.Equal(0, exit);
            string[] lines = output.TrimEnd().Split('\n');
            Assert.Equal(4, lines.Length);                                                      // header, rule, two screens
            Assert.StartsWith("Timestamp", lines[0]);
            Assert.Contains("LockedUpTlbInvalidate", lines[2]);
            Assert.Contains("esx-hp01", lines[3]);
            Assert.Contains("PCPU 0: no heartbeat", lines[3]);
        }

        [FixtureFact]
        public void PatternGivesAVerdictPerHost()
        {
            var (exit, output, _) = Cli("psod pattern \"" + Repo.Fixture("psod", "esx3x-pcpu1-locked-up-tlb-helper1-4-kb1004250.txt") + "\" \""
                + Repo.Fixture("psod", "seed-esx3x-pcpu1-locked-up-tlb.txt") + "\" --host esx01 --format json");
            Assert.Equal(0, exit);
            using JsonDocument doc = JsonDocument.Parse(output.Trim());
            Assert.Equal("LikelySoftware", doc.RootElement.GetProperty("Verdict").GetString());
            Assert.Equal(2, doc.RootElement.GetProperty("Count").GetInt32());
            Assert.Equal("esx01", doc.RootElement.GetProperty("HostName").GetString());
        }

        [Fact]
        public void MissingFileExitsOne()
        {
            var (exit, _, err) = Cli("psod show /nonexistent/vmkernel.log");
            Assert.Equal(1, exit);
            Assert.Contains("FileNotFound", err);
        }
    }
}
