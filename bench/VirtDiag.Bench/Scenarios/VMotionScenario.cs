using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.VMotion;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 4: Get-VMotionEvent / Get-VMotionMigration on a generated vmkernel.log (mostly non-vMotion lines, one
    /// migration every 2,000 lines, one in ten failed) next to `grep -F -c Migrate` on the same file.
    /// </summary>
    public sealed class VMotionScenario : IScenario
    {
        private const int Period = 2000;

        private static readonly string[] s_noise =
        {
            "ScsiDeviceIO: 4124: Cmd(0x45b8c1a2b3c0) 0x89, CmdSN 0x2c from world 2097153 to dev \"naa.600508b1001c3a1f\" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x24 0x0",
            "NMP: nmp_ThrottleLogForDevice:3689: Cmd 0x89 (0x45b8c1a2b3c0, 2097153) to dev \"naa.600508b1001c3a1f\" on path \"vmhba1:C0:T0:L0\" Failed",
            "Net: 3354: disconnected client from port 0x200000c",
            "DLX: 3768: vol 'datastore1', lock at 116094976: [Req mode 1] Checking liveness:",
            "CpuSched: 583: user latency of 2771999 vmx-vcpu-0:app 0 changed by 2771999 vmx -1",
            "HBX: 283: 'datastore1': HB at offset 3407872 - Reclaimed heartbeat [Timeout]:",
            "World: 12077: VC opID esxui-4a1b-9e2f maps to vmkernel opID 8f2e1a3b",
            "vmw_ahci[00000021]: ahciAbortIO:(curr) HWQD: 0 BusyL: 0",
        };

        public string Name => "vmotion";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string path = context.Input($"vmotion-{label}.vmkernel.log", p => BenchContext.WriteLines(p, size, LineAt));
            long bytes = new FileInfo(path).Length;
            yield return context.MeasureCommand(Name, label, "grep -F -c Migrate", bytes, $"grep -F -c Migrate '{path}'");
            // The machine is shared: the result also gives CPU seconds of this process and MB per CPU second (per core).
            yield return context.Measure(Name, label, "virtdiag vmotion events", bytes, () => WithCpu(bytes, () => CountEvents(path).ToString(CultureInfo.InvariantCulture)));
            yield return context.Measure(Name, label, "virtdiag vmotion migrations", bytes, () => WithCpu(bytes, () => CountMigrations(path)));
        }

        private static string WithCpu(long bytes, Func<string> work)
        {
            var self = System.Diagnostics.Process.GetCurrentProcess();
            TimeSpan before = self.TotalProcessorTime;
            string result = work();
            self.Refresh();
            double cpu = (self.TotalProcessorTime - before).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture, $"{result}; cpu {cpu:F2} s = {bytes / 1e6 / Math.Max(cpu, 1e-9):F0} MB/s per core");
        }

        /// <summary>Line <paramref name="i"/> of the generated log: noise, or one line of a source-side migration.</summary>
        internal static string LineAt(long i)
        {
            var t = new DateTime(2026, 4, 14, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 3);
            string ts = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            long n = i / Period;
            int step = (int)(i % Period);
            string mid = (1776160800000000 + n).ToString(CultureInfo.InvariantCulture);
            long vm = 2_100_000 + n * 16;
            bool fail = n % 10 == 9;
            string body = step switch
            {
                0 => $"cpu4:{vm - 3})Migrate: vm {vm}: 3284: Setting VMOTION info: Source ts = {mid}, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = {3_200_000 + n} using SHARED swap",
                1 => $"cpu4:{vm - 3})Hbr: 3340: Migration start received (worldID={vm}) (migrateType=1) (event=0) (isSource=1) (sharedConfig=1)",
                3 => $"cpu4:{vm + 6})MigrateNet: 1186: {mid} S: Successfully bound connection to vmknic '10.1.1.11'",
                4 => $"cpu4:{vm + 6})VMotionUtil: 3396: {mid} S: Stream connection 1 added.",
                40 => $"cpu3:{vm})VMotion: 4531: {mid} S: Stopping pre-copy: only {n % 500} pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~{900 + n % 300}.125 MB/s, 9500% t2d)",
                41 when fail => $"cpu5:{vm})WARNING: Migrate: 269: {mid} S: Failed: IO was aborted (0xbad00e0) @0x41801e280b11",
                41 => $"cpu5:{vm + 6})VMotionSend: 3643: {mid} S: Sent all modified pages to destination (network bandwidth ~1022.500 MB/s)",
                60 => $"cpu0:{vm - 3})Hbr: 3434: Migration end received (worldID={vm}) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)",
                _ => $"cpu{i % 48}:{2097000 + i % 5000}){s_noise[i % s_noise.Length]}",
            };
            return ts + " " + body;
        }

        internal static long CountEvents(string path)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            long n = 0;
            foreach (VMotionEvent _ in VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs)) n++;
            return n;
        }

        internal static string CountMigrations(string path)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            long ok = 0, failed = 0, other = 0;
            foreach (VMotionMigration m in VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(docs))
            {
                if (m.Result == VMotionResult.Succeeded) ok++;
                else if (m.Result == VMotionResult.Failed) failed++;
                else other++;
            }
            return string.Create(CultureInfo.InvariantCulture, $"{ok + failed + other} ({ok} ok, {failed} failed, {other} incomplete)");
        }
    }
}
