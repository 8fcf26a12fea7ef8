using System.Globalization;
using System.Text;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 20: four ESXi hosts' vmkernel.logs (vm-support folders) with migrations between them — both sides of each,
    /// every host's clock off by its own amount — and one oVirt host's vdsm.log, merged by the CLI process with
    /// <c>virtdiag timeline</c> (as written, and with <c>--estimate-clock-skew</c>), against merging the same files by
    /// their written time with <c>sort -m</c>. Peak memory at each size shows whether it stays flat.
    /// </summary>
    public sealed class TimelineScenario : IScenario
    {
        private const int Hosts = 4;
        private const int Period = 1000;

        // Each host's clock minus the true clock, seconds: esx01 is right, the others are off.
        private static readonly double[] s_skew = { 0, 2.5, -1.25, 0.75 };

        private static readonly string[] s_noise =
        {
            "ScsiDeviceIO: 4176: Cmd(0x45d9a0c1e2f8) 0x2a, CmdSN 0x7b1 from world {0} to dev \"naa.6005076300810d5a7000000000000031\" failed H:0x0 D:0x8 P:0x0",
            "NMP: nmp_ThrottleLogForDevice:3893: Cmd 0x2a (0x45d9a0c1e2f8, {0}) to dev \"naa.6005076300810d5a7000000000000031\" on path \"vmhba2:C0:T1:L31\" Failed",
            "Net: 3354: disconnected client from port 0x{1:x}",
            "CpuSched: 583: user latency of {0} vmx-vcpu-1:bench-vm 0 changed by {0} hostd-worker -6",
            "HBX: 283: 'bench-ds02': HB at offset 3801088 - Reclaimed heartbeat [Timeout]:",
            "World: 12077: VC opID bench-{1} maps to vmkernel opID 7c31e0a{1}",
        };

        public string Name => "timeline";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string root = Path.Combine(context.DataDir, "timeline-" + label);
            string done = root + ".done"; // beside the folder: a file inside it would be one more input
            if (!File.Exists(done))
            {
                if (Directory.Exists(root)) Directory.Delete(root, true);
                Directory.CreateDirectory(root);
                long written = WriteVmkernel(root, size - size / 5) + WriteVdsm(root, size / 5);
                File.WriteAllText(done, written.ToString(CultureInfo.InvariantCulture));
            }
            long bytes = long.Parse(File.ReadAllText(done), CultureInfo.InvariantCulture);
            string cli = ExportScenario.Cli();
            yield return context.MeasureCommand(Name, label, "sort -m (every log, by written time)", bytes,
                $"find '{root}' -name '*.log' -print0 | LC_ALL=C xargs -0 sort -m | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag timeline", bytes,
                $"dotnet '{cli}' timeline '{root}' --format csv 2>/dev/null | tail -n +2 | wc -l | tr -d '\\n'; printf ' entries'");
            yield return context.MeasureCommand(Name, label, "virtdiag timeline --estimate-clock-skew", bytes,
                $"dotnet '{cli}' timeline '{root}' --estimate-clock-skew --format csv 2>/dev/null | tail -n +2 | wc -l | tr -d '\\n'; printf ' entries'");
            // What is held, not what the GC lets the heap grow to: the same run with the managed heap capped at 48 MB.
            yield return context.MeasureCommand(Name, label, "virtdiag timeline --estimate-clock-skew, heap capped at 48 MB", bytes,
                $"DOTNET_GCHeapHardLimit=0x3000000 dotnet '{cli}' timeline '{root}' --estimate-clock-skew --format csv 2>/dev/null | tail -n +2 | wc -l | tr -d '\\n'; printf ' entries'");
            // The offsets recovered (seconds, host clock minus esx01's; the generator set 2.5, -1.25, 0.75).
            yield return context.MeasureCommand(Name, label, "virtdiag clock-skew", bytes,
                $"dotnet '{cli}' clock-skew '{root}' --reference-host esx01.bench --format json 2>/dev/null | sed -nE 's/.*\"HostName\":\"([^.\"]*)[^\"]*\".*\"OffsetSeconds\":(-?[0-9.]+).*/\\1 \\2/p' | tr '\\n' ' '");
        }

        // Four vm-support folders; every Period steps a migration from one host to another, both sides logged, each host
        // writing its own clock. One step is 3 ms of true time; the noise line of a step goes to host step % Hosts.
        private static long WriteVmkernel(string root, long size)
        {
            var writers = new StreamWriter[Hosts];
            for (int h = 0; h < Hosts; h++)
            {
                string dir = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"esx-esx{h + 1:D2}.bench-2026-11-01--00.00-{2100 + h}"), "var", "run", "log");
                Directory.CreateDirectory(dir);
                writers[h] = new StreamWriter(Path.Combine(dir, "vmkernel.log"), false, new UTF8Encoding(false), 1 << 20);
            }
            var due = new List<(int Host, string Text)>[64];
            for (int k = 0; k < due.Length; k++) due[k] = new List<(int, string)>();
            var start = new DateTime(2026, 11, 1, 6, 0, 0, DateTimeKind.Utc);
            long written = 0;
            for (long i = 0; written < size; i++)
            {
                DateTime t = start.AddTicks(i * 3 * TimeSpan.TicksPerMillisecond);
                if (i % Period == 0) Schedule(due, i / Period);
                List<(int Host, string Text)> now = due[i % due.Length];
                foreach (var (host, text) in now) written += Write(writers[host], t, host, text);
                now.Clear();
                int h = (int)(i % Hosts);
                string noise = string.Format(CultureInfo.InvariantCulture, s_noise[(i / Hosts) % s_noise.Length], 2_098_000 + i % 7000, i % 99991);
                written += Write(writers[h], t, h, string.Create(CultureInfo.InvariantCulture, $"cpu{i % 32}:{2_098_000 + i % 7000}){noise}"));
            }
            foreach (StreamWriter w in writers) w.Dispose();
            return written;
        }

        private static long Write(StreamWriter w, DateTime trueTime, int host, string body)
        {
            string line = trueTime.AddTicks((long)(s_skew[host] * TimeSpan.TicksPerSecond)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + body + "\n";
            w.Write(line);
            return line.Length;
        }

        // Both sides of migration n at step offsets from its start (3 ms each): the source's pages are sent at +41, the
        // destination ends at +46 and the source at +50, so each anchor bounds a clock within about 15 to 130 ms.
        private static void Schedule(List<(int Host, string Text)>[] due, long n)
        {
            int src = (int)(n % Hosts), dst = (int)((n + 1 + n / Hosts % (Hosts - 1)) % Hosts);
            string id = (1793512800000000 + n).ToString(CultureInfo.InvariantCulture);
            string srcIp = "10.44.0." + (21 + src), dstIp = "10.44.0." + (21 + dst);
            long vm = 2_300_000 + n % 50_000 * 16, dvm = vm + 1_000_003;
            void At(long step, int host, string text) => due[(n * Period + step) % due.Length].Add((host, text));
            At(0, dst, $"cpu2:{dvm - 3})Migrate: vm {dvm}: 3284: Setting VMOTION info: Dest ts = {id}, src ip = <{srcIp}> dest ip = <{dstIp}> Dest wid = 0 using SHARED swap");
            At(1, src, $"cpu4:{vm - 3})Migrate: vm {vm}: 3284: Setting VMOTION info: Source ts = {id}, src ip = <{srcIp}> dest ip = <{dstIp}> Dest wid = {dvm} using SHARED swap");
            At(2, src, $"cpu4:{vm - 3})VMotion: 2734: {id} S: Set ip address '{srcIp}' worldlet affinity to send World ID {vm + 6}");
            At(3, src, $"cpu4:{vm - 3})Hbr: 3340: Migration start received (worldID={vm}) (migrateType=1) (event=0) (isSource=1) (sharedConfig=1)");
            At(4, src, $"cpu4:{vm + 6})MigrateNet: 1186: {id} S: Successfully bound connection to vmknic '{srcIp}'");
            At(6, src, $"cpu4:{vm + 6})VMotionUtil: 3396: {id} S: Stream connection 1 added.");
            At(7, dst, $"cpu2:{dvm + 9})VMotionUtil: 3396: {id} D: Stream connection 1 added.");
            At(8, dst, $"cpu2:{dvm - 3})Hbr: 3340: Migration start received (worldID={dvm}) (migrateType=1) (event=0) (isSource=0) (sharedConfig=1)");
            At(40, src, $"cpu3:{vm})VMotion: 4531: {id} S: Stopping pre-copy: only {n % 700} pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~{800 + n % 400}.250 MB/s, 4200% t2d)");
            At(41, src, $"cpu5:{vm + 6})VMotionSend: 3643: {id} S: Sent all modified pages to destination (network bandwidth ~{790 + n % 400}.500 MB/s)");
            At(46, dst, $"cpu1:{dvm - 3})Hbr: 3434: Migration end received (worldID={dvm}) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)");
            At(50, src, $"cpu0:{vm - 3})Hbr: 3434: Migration end received (worldID={vm}) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)");
        }

        private static long WriteVdsm(string root, long size)
        {
            string dir = Path.Combine(root, "sosreport-rhvh01-2026-11-01-b001");
            Directory.CreateDirectory(Path.Combine(dir, "var", "log", "vdsm"));
            File.WriteAllText(Path.Combine(dir, "hostname"), "rhvh01.bench\n");
            string log = Path.Combine(dir, "var", "log", "vdsm", "vdsm.log");
            using IEnumerator<string> lines = VdsmScenario.Generate(new DateTime(2026, 11, 1, 7, 0, 0, DateTimeKind.Unspecified)).GetEnumerator();
            BenchContext.WriteLines(log, size, _ => { lines.MoveNext(); return lines.Current; });
            return new FileInfo(log).Length;
        }
    }
}
