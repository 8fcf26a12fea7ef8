using VirtDiag.Io.Compression.Zstd;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 8: our managed zstd decoder vs `zstd -dc | wc -c` (single-threaded) on the same generated log,
    /// compressed at the default level 3 and at level 19. Ours reads the .zst file through the input layer
    /// (DocumentReader.Open → ZstdDecoderStream), and once through the one-shot API from memory.
    /// </summary>
    public sealed class ZstdScenario : IScenario
    {
        public string Name => "zstd";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            // A realistic mix: vmkernel/hostd-like lines with timestamps, varying ids, hosts and messages.
            string[] messages =
            {
                "NMP: nmp_ThrottleLogForDevice:3689: Cmd 0x2a (0x45d8c2a3c0c0, 0) to dev \"naa.6000c29a\" on path \"vmhba0:C0:T1:L0\" Failed",
                "ScsiDeviceIO: 3449: Cmd(0x45d8c2a1b940) 0x89, CmdSN 0x{0:x} from world 2097{1} to dev \"naa.600508b1\" failed H:0x0 D:0x2 P:0x0",
                "VSCSI: 2611: handle {1}(vscsi0:0):Reset request on FSS handle 0x{0:x} (0 outstanding commands)",
                "Vmxnet3: 24930: VM-{1} Tx queue 0 stopped, ring full, pending 0x{0:x}",
                "Migrate: vm {1}: 3885: Setting VMOTION info: Source ts = {0}, src ip = <10.0.{2}.{3}> dest ip = <10.0.{3}.{2}>",
                "hostd-worker[{1}] [Originator@6876 sub=Vimsvc.TaskManager opID=lro-{0:x}] Task Completed : haTask-{2}-vim.VirtualMachine.powerOn-{0}",
            };
            string log = context.Input($"zstd-{label}.log", p => BenchContext.WriteLines(p, size, i =>
            {
                long h = (i * 2654435761L) & 0x7FFFFFFF;
                string msg = string.Format(System.Globalization.CultureInfo.InvariantCulture, messages[h % messages.Length], h * 7919 % 100000007, h % 900 + 100, h % 250, i % 250);
                return $"2024-05-01T{i / 3600000 % 24:D2}:{i / 60000 % 60:D2}:{i / 1000 % 60:D2}.{i % 1000:D3}Z cpu{h % 48}:{2097000 + h % 5000})WARNING: {msg}";
            }));
            long bytes = new FileInfo(log).Length;
            int[] levels = { 3, 19 };
            var files = levels.ToDictionary(l => l, l => context.Input($"zstd-{label}.L{l}.log.zst", p => LinesScenario.Run($"zstd -q -T1 -{l} -c '{log}' > '{p}'")));
            // Streams first: the one-shot runs hold the whole output in memory, which would then count in the
            // streams' peak RSS (the GC keeps freed large-object memory committed).
            foreach (int level in levels)
            {
                string zst = files[level];
                string tag = "-" + level;
                yield return context.MeasureCommand(Name, label + tag, "zstd -dc (piped to wc -c)", bytes, $"zstd -q -T1 -dc '{zst}' | wc -c");
                yield return context.Measure(Name, label + tag, "virtdiag ZstdDecoderStream", bytes, () => LinesScenario.CountBytes(zst).ToString());
            }
            foreach (int level in levels)
            {
                string zst = files[level];
                yield return context.Measure(Name, label + "-" + level, "virtdiag ZstdDecoder (one-shot)", bytes, () => OneShot(zst, bytes).ToString());
            }

            // The build machine is shared (load far above its core count), so wall time favours whoever gets the
            // CPU; the same work is measured again by CPU time (user + sys) in groups of their own. /usr/bin/time
            // counts in 10 ms steps, so only for large inputs.
            if (size < 64L << 20) yield break;
            foreach (int level in levels)
            {
                string zst = files[level];
                string cpu = label + "-" + level + " cpu";
                yield return CpuOfCommand(cpu, "zstd -dc > /dev/null", bytes, $"zstd -q -T1 -dc '{zst}' > /dev/null");
                yield return CpuOfWork(cpu, "virtdiag ZstdDecoderStream", bytes, () => LinesScenario.CountBytes(zst).ToString());
                yield return CpuOfWork(cpu, "virtdiag ZstdDecoder (one-shot)", bytes, () => OneShot(zst, bytes).ToString());
            }
        }

        private BenchRow CpuOfCommand(string size, string tool, long bytes, string bash)
        {
            string timeFile = Path.GetTempFileName();
            using (var p = System.Diagnostics.Process.Start("/usr/bin/time", new[] { "-f", "%U %S", "-o", timeFile, "bash", "-c", bash }))
            {
                p.WaitForExit();
            }
            string[] parts = File.ReadAllText(timeFile).Trim().Split('\n').Last().Split(' ');
            File.Delete(timeFile);
            double cpu = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            return new BenchRow(Name, size, tool, bytes, cpu, double.NaN, "CPU s");
        }

        private BenchRow CpuOfWork(string size, string tool, long bytes, Func<string> work)
        {
            GC.Collect();
            var me = System.Diagnostics.Process.GetCurrentProcess();
            me.Refresh();
            TimeSpan before = me.TotalProcessorTime;
            string result = work();
            me.Refresh();
            return new BenchRow(Name, size, tool, bytes, (me.TotalProcessorTime - before).TotalSeconds, double.NaN, result + " (CPU s)");
        }

        private static long OneShot(string path, long size)
        {
            byte[] src = File.ReadAllBytes(path);
            byte[] dst = new byte[size];
            return ZstdDecoder.Decompress(src, dst);
        }
    }
}
