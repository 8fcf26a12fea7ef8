using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Psod;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 6: finding purple screens in a large vmkernel.log. Generated input: a realistic mix of vmkernel lines from many
    /// PCPUs (including non-fatal WARNING backtraces with frame lines) and three prefixed PSOD blocks at 25/50/75 %.
    /// Reference: `grep -c BlueScreen` (what an admin runs first). Ours: every screen parsed into a PurpleScreen.
    /// </summary>
    public sealed class PsodScenario : IScenario
    {
        public string Name => "psod";

        private static readonly string[] s_noise =
        {
            "NetPort: 1632: disabled port 0x{0:x8}",
            "ScsiDeviceIO: 4325: Cmd(0x45d9{0:x8}) 0x89, CmdSN 0x{0:x} from world {1} to dev \"naa.600508b1001c3ea5\" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0xe 0x1d 0x0.",
            "vmw_ahci[0000001f]: CompletionBottomHalf:Error port=1, PxIS=0x08000000, PxTDF=0x0,PxSERR=0x00000000, PxCI=0x00000000, PxSACT=0x00000001, ActiveTags=0x00000001",
            "HBX: 3058: 'datastore1': HB at offset 3997696 - Waiting for timed out HB:",
            "NMP: nmp_ThrottleLogForDevice:3816: Cmd 0x28 (0x45b8{0:x8}, {1}) to dev \"mpx.vmhba32:C0:T0:L0\" on path \"vmhba32:C0:T0:L0\" Failed:",
            "Migrate: 104: World {1} ({0}): Migration considered a success.",
            "CpuSched: 1107: world {1}: exceeded max quota, throttled",
            "WARNING: Heap: 3651: Heap_Align(globalCartel-1, 136/136 bytes, 8 align) failed.  caller: 0x418012345678",
            "Backtrace for current CPU #{2}, worldID={1}, fp=0x0",
            "0x451a{0:x8}:[0x4180{0:x8}]Heap_AlignWithTimeoutAndRA@vmkernel#nover+0x1eb stack: 0x431822b49000",
        };

        private static readonly string[] s_psod =
        {
            "@BlueScreen: #PF Exception 14 in world {1}:vmm0:BenchVM IP 0x41802f0b2d6e addr 0x0",
            "PTEs:0x10011e023;0x1080d2f023;0x0;",
            "Code start: 0x41802ee00000 VMK uptime: 12:03:04:05.678",
            "0x451a1e39bdf0:[0x41802f0b2d6e]VmMemPin_Foo@vmkernel#nover+0x2e stack: 0x1",
            "0x451a1e39be50:[0x41802f0b4a11]Bar@(nmlx5_core)#<None>+0x11 stack: 0x2, 0x3",
            "0x451a1e39bf10:[0x41802f0c1234]CpuSched_StartWorld@vmkernel#nover+0x86 stack: 0x0",
            "base fs=0x0 gs=0x418040c00000 Kgs=0x0",
            "Coredump to disk. Slot 1 of 1.",
        };

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string log = context.Input($"psod-{label}-vmkernel.log", p => Generate(p, size));
            long bytes = new FileInfo(log).Length;
            // JIT warm-up on a small input of the same mix, so the rows compare steady-state reading, not tier-0 code.
            string warm = context.Input("psod-warmup-vmkernel.log", p => Generate(p, 4L << 20));
            Count(warm);
            Count(context.Input("psod-warmup-pasted.txt", p => File.Copy(warm, p)));
            LinesScenario.CountLines(warm);
            yield return context.MeasureCommand(Name, label, "grep -c BlueScreen", bytes, $"grep -c BlueScreen '{log}'");
            yield return context.Measure(Name, label, "virtdiag LineReader only (floor)", bytes, () => LinesScenario.CountLines(log) + " lines");
            yield return context.Measure(Name, label, "virtdiag psod show (vmkernel.log)", bytes, () => Count(log));
            string txt = context.Input($"psod-{label}-pasted.txt", p => File.Copy(log, p));
            yield return context.Measure(Name, label, "virtdiag psod show (as pasted text)", bytes, () => Count(txt));
        }

        private static string Count(string path)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            var screens = PurpleScreenReader.Open(new PurpleScreenReadOptions(), ctx).ReadAll(docs).ToList();
            return screens.Count + " screens, " + screens.Sum(s => s.Frames.Count) + " frames";
        }

        private static void Generate(string path, long size)
        {
            long lineCount = size / 150;
            var at = new HashSet<long> { lineCount / 4, lineCount / 2, lineCount * 3 / 4 };
            var queue = new Queue<string>();
            var rng = new Random(6);
            BenchContext.WriteLines(path, size, i =>
            {
                if (queue.Count == 0 && at.Contains(i))
                {
                    foreach (string l in s_psod) queue.Enqueue(l);
                }
                long ms = i * 7;
                string ts = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                if (queue.Count > 0) return ts + " cpu3:2098053)" + string.Format(System.Globalization.CultureInfo.InvariantCulture, queue.Dequeue(), 0, 2098053);
                int cpu = rng.Next(48);
                long world = 2097152 + rng.Next(100000);
                string msg = string.Format(System.Globalization.CultureInfo.InvariantCulture, s_noise[rng.Next(s_noise.Length)], rng.Next(), world, cpu);
                return ts + " cpu" + cpu + ":" + world + ")" + msg;
            });
        }
    }
}
