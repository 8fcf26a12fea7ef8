using System.Text.Json;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Kvm
{
    /// <summary>The CLI twins: virtdiag trace kvm-exits, vcpu-timeline and events --ts-offset on the public host+guest pair.</summary>
    public class KvmCliTests
    {
        private static string Pair(string file) => "\"" + Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03", file) + "\"";

        [FixtureFact]
        public void KvmExitsGroupedByVmAsJsonLines()
        {
            var (code, stdout, stderr) = CliRunner.Run("trace kvm-exits " + Pair("trace.dat") + " " + Pair("trace-Salamander4.dat") + " --group-by VM --format json");
            Assert.True(code == 0, stderr);
            var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(2, rows.Count);
            JsonElement g = rows.Single(r => r.GetProperty("VM").GetString() == "trace-Salamander4");
            // grep -c 'qemu-system-x86-483882 .* kvm_exit:' trace.report.txt
            Assert.Equal(5356, g.GetProperty("Count").GetInt64());
            Assert.Equal("VMX", g.GetProperty("Isa").GetString());
            Assert.Equal(JsonValueKind.Null, g.GetProperty("VCpu").ValueKind);
        }

        [FixtureFact]
        public void VCpuTimelineFirstIntervals()
        {
            var (code, stdout, stderr) = CliRunner.Run("trace vcpu-timeline " + Pair("trace.dat") + " --vcpu 1 --first 2 --format json");
            Assert.True(code == 0, stderr);
            var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(2, rows.Count);
            // grep -m2 'CPU 1/KVM-453725' trace.report.txt: kvm_entry at 22149.950355, kvm_exit MSR_WRITE at 22149.950367
            Assert.Equal(453725, rows[0].GetProperty("HostPid").GetInt32());
            Assert.Equal("InGuest", rows[0].GetProperty("State").GetString());
            Assert.Equal("22149.950355", rows[0].GetProperty("StartText").GetString());
            Assert.Equal("MSR_WRITE", rows[1].GetProperty("ExitReason").GetString());
        }

        [FixtureFact]
        public void TraceWithoutKvmExitWarnsOnStderr()
        {
            string dat = "\"" + Repo.Fixture("ftrace", "local", "local-sched-v6.dat") + "\"";
            var (_, stdout, stderr) = CliRunner.Run("trace kvm-exits " + dat + " --format json");
            Assert.Equal("", stdout.Trim());
            Assert.Contains("NoRelevantData", stderr);
            Assert.Contains("no kvm_exit events", stderr);
        }

        [FixtureFact]
        public void EventsTakeAPerFileTimeOffset()
        {
            // head -2 trace.report.txt: the first host event at 22149.949586; shifted by 2 s with --ts-offset
            var (code, stdout, stderr) = CliRunner.Run("trace events " + Pair("trace.dat") + " --ts-offset 2000000000 --first 1 --report");
            Assert.True(code == 0, stderr);
            Assert.Contains("22151.949586: kvm_entry:", stdout);
        }
    }
}
