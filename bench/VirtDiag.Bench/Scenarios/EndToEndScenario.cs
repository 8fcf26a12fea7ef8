using System.Diagnostics;
using System.Globalization;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.VMotion;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 19: the vMotion path as users run it — the <c>virtdiag</c> CLI process writing to a pipe, the cmdlet in pwsh —
    /// on ../shared/bench/genvmk.py data (one vMotion per 500 lines), side by side with <c>grep -F -c Migrate</c>, the same
    /// file as .xz next to <c>xz -dc -T1</c>, and <c>Select-String -SimpleMatch Migrate</c> in pwsh; then the in-process
    /// profile of the same file (lines only, parse, join, output) that says where the CLI's time goes.
    /// </summary>
    public sealed class EndToEndScenario : IScenario
    {
        public string Name => "endtoend";

        internal static string Cli => Path.GetFullPath(Path.Combine("src", "VirtDiag.Cli", "bin", "Release", "net8.0", "virtdiag.dll"));

        internal static string Module => Path.GetFullPath(Path.Combine("out", "VirtDiag", "VirtDiag.psd1"));

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string generator = Path.GetFullPath(Path.Combine("..", "shared", "bench", "genvmk.py"));
            string path = context.Input($"genvmk-{label}.vmkernel.log", p => Bash($"python3 '{generator}' '{p}' {size >> 20}"));
            long bytes = new FileInfo(path).Length;
            string cli = "dotnet '" + Cli + "'";

            yield return context.MeasureCommand(Name, label, "grep -F -c Migrate", bytes, $"grep -F -c Migrate '{path}'");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion events piped to wc -l", bytes, $"{cli} vmotion events '{path}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion events -f json piped to wc -l", bytes, $"{cli} vmotion events '{path}' --format json | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion migrations piped to wc -l", bytes, $"{cli} vmotion migrations '{path}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion migrations -f json piped to wc -l", bytes, $"{cli} vmotion migrations '{path}' --format json | wc -l");

            // Where the CLI's time goes, in this process (no start-up): lines alone, + parse, + join, + output.
            yield return context.Measure(Name, label, "virtdiag profile: LineReader only", bytes, () => CountLines(path).ToString(CultureInfo.InvariantCulture));
            yield return context.Measure(Name, label, "virtdiag profile: events parsed", bytes, () => WriteEvents(path, null));
            yield return context.Measure(Name, label, "virtdiag profile: events + JSON to null", bytes, () => WriteEvents(path, OutputFormat.Json));
            yield return context.Measure(Name, label, "virtdiag profile: events + table to null", bytes, () => WriteEvents(path, OutputFormat.Table));
            yield return context.Measure(Name, label, "virtdiag profile: migrations joined", bytes, () => Migrations(path));

            string xz = context.Input($"genvmk-{label}.vmkernel.log.xz", p => Bash($"xz -1 -T2 -c '{path}' > '{p}'"));
            yield return context.MeasureCommand(Name, label, "xz -dc -T1 piped to wc -c (.xz input)", bytes, $"xz -dc -T1 '{xz}' | wc -c");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion events (.xz) piped to wc -l", bytes, $"{cli} vmotion events '{xz}' | wc -l");
            string gz = context.Input($"genvmk-{label}.vmkernel.log.gz", p => Bash($"gzip -1 -c '{path}' > '{p}'"));
            yield return context.MeasureCommand(Name, label, "gzip -dc piped to wc -c (.gz input)", bytes, $"gzip -dc '{gz}' | wc -c");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion events (.gz) piped to wc -l", bytes, $"{cli} vmotion events '{gz}' | wc -l");

            // Several documents (issue 19): the same file as a bundle's four rotated vmkernel logs; on one core everything
            // runs on the reading thread, on two the next document is parsed while the join and the output take the last.
            const string done = ".done";
            string rotated = context.Input($"genvmk-{label}-rotated{done}", p =>
            {
                string marker = Path.GetFullPath(p);
                string dir = marker.Substring(0, marker.LastIndexOf(done, StringComparison.Ordinal));
                Bash($"rm -rf '{dir}' && mkdir -p '{dir}' && cd '{dir}' && split -n l/4 -d -a 1 '{Path.GetFullPath(path)}' part && mv part0 vmkernel.2 && mv part1 vmkernel.1 && mv part2 vmkernel.0 && mv part3 vmkernel.log && touch '{marker}'");
            });
            rotated = rotated.Substring(0, rotated.Length - done.Length);
            yield return context.MeasureCommand(Name, label, "1 core: vmotion migrations, 4 rotated files", bytes, $"taskset -c 0 {cli} vmotion migrations '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion migrations, 4 rotated files, 2 cores", bytes, $"{cli} vmotion migrations '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "1 core: vmotion events, 4 rotated files", bytes, $"taskset -c 0 {cli} vmotion events '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vmotion events, 4 rotated files, 2 cores", bytes, $"{cli} vmotion events '{rotated}' | wc -l");

            if (File.Exists(Module) && Tools("pwsh"))
            {
                // the reference row first, as issue 19 asks: the cmdlet against Select-String on the same file in the same run
                yield return context.MeasureCommand(Name, label, "pwsh Select-String -SimpleMatch Migrate", bytes,
                    $"pwsh -NoProfile -NonInteractive -Command \"(Select-String -LiteralPath '{path}' -SimpleMatch Migrate | Measure-Object).Count\"");
                yield return context.MeasureCommand(Name, label, "virtdiag pwsh Get-VMotionMigration", bytes,
                    $"pwsh -NoProfile -NonInteractive -Command \"Import-Module '{Module}'; (Get-VMotionMigration -LiteralPath '{path}' | Measure-Object).Count\"");
                yield return context.MeasureCommand(Name, label, "virtdiag pwsh Get-VMotionEvent", bytes,
                    $"pwsh -NoProfile -NonInteractive -Command \"Import-Module '{Module}'; (Get-VMotionEvent -LiteralPath '{path}' | Measure-Object).Count\"");
            }
        }

        private static long CountLines(string path)
        {
            var ctx = new ReadContext();
            using var reader = new LineReader(File.OpenRead(path), path, ctx);
            long n = 0;
            while (reader.TryReadLine(out _)) n++;
            return n;
        }

        private static string WriteEvents(string path, OutputFormat? format)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            long n = 0;
            using var writer = new RecordWriter(Stream.Null, format ?? OutputFormat.Json);
            foreach (VMotionEvent e in VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs))
            {
                n++;
                if (format.HasValue) writer.Write(e);
            }
            return n.ToString(CultureInfo.InvariantCulture);
        }

        private static string Migrations(string path)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            long n = 0;
            foreach (VMotionMigration _ in VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(docs)) n++;
            return n.ToString(CultureInfo.InvariantCulture);
        }

        internal static bool Tools(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));

        internal static void Bash(string command)
        {
            using var p = Process.Start(new ProcessStartInfo("bash", new[] { "-c", command }) { UseShellExecute = false })!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("generator failed (" + p.ExitCode + "): " + command);
        }
    }
}
