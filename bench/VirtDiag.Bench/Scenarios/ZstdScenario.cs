using VirtDiag.Compression.Zstd;

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
            foreach (int level in new[] { 3, 19 })
            {
                string zst = context.Input($"zstd-{label}.L{level}.log.zst", p => LinesScenario.Run($"zstd -q -T1 -{level} -c '{log}' > '{p}'"));
                string tag = "-" + level;
                yield return context.MeasureCommand(Name, label + tag, "zstd -dc | wc -c", bytes, $"zstd -q -T1 -dc '{zst}' | wc -c");
                yield return context.Measure(Name, label + tag, "virtdiag ZstdDecoderStream", bytes, () => LinesScenario.CountBytes(zst).ToString());
                yield return context.Measure(Name, label + tag, "virtdiag ZstdDecoder (one-shot)", bytes, () => OneShot(zst, bytes).ToString());
            }
        }

        private static long OneShot(string path, long size)
        {
            byte[] src = File.ReadAllBytes(path);
            byte[] dst = new byte[size];
            return ZstdDecoder.Decompress(src, dst);
        }
    }
}
