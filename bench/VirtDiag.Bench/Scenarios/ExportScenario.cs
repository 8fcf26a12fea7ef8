using System.Globalization;
using System.Text;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 22: a fleet of 100 generated host bundles (.tgz; even hosts ESXi vm-support with a vMotion-rich vmkernel.log,
    /// odd hosts sosreports with a busy vdsm.log), about SIZE/100 bytes of log each, exported to Parquet by the CLI
    /// process as users run it, with --parallel 1 and 2 (the scaling) and with the GC heap capped (memory bounded),
    /// against reading every bundle once with <c>tar xzOf | grep -c</c> (what a user would otherwise run to look at them).
    /// </summary>
    public sealed class ExportScenario : IScenario
    {
        private const int Hosts = 100;

        public string Name => "export";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string fleet = Path.Combine(context.DataDir, "fleet-" + label);
            if (!File.Exists(Path.Combine(fleet, "done")))
            {
                if (Directory.Exists(fleet)) Directory.Delete(fleet, true);
                Directory.CreateDirectory(fleet);
                long logBytes = 0;
                for (int h = 0; h < Hosts; h++) logBytes += MakeBundle(fleet, h, size / Hosts);
                File.WriteAllText(Path.Combine(fleet, "done"), logBytes.ToString(CultureInfo.InvariantCulture));
            }
            // MB/s of log text (uncompressed), as for every other scenario.
            long bytes = long.Parse(File.ReadAllText(Path.Combine(fleet, "done")), CultureInfo.InvariantCulture);
            string cli = Cli();
            string outDir = Path.Combine(context.DataDir, "fleet-out");
            yield return context.MeasureCommand(Name, label, "tar xzOf | grep -c (every bundle)", bytes,
                $"for f in '{fleet}'/*.tgz; do tar xzOf \"$f\"; done | grep -c -E 'Migrate|Run and protect'");
            foreach (int parallel in new[] { 1, 2 })
            {
                yield return context.MeasureCommand(Name, label, "virtdiag export --to (--parallel " + parallel + ")", bytes,
                    $"rm -rf '{outDir}' && dotnet '{cli}' export '{fleet}' --to '{outDir}' --parallel {parallel} --format csv | tail -n +2 | awk -F, '{{n+=$4}} END {{print n \" rows\"}}'");
            }
            // Flatness shown, not inferred from RSS alone: the same export with the GC heap capped at 128 MB (it fails with
            // OutOfMemoryException, and 0 rows here, if what it holds grows with the input).
            yield return context.MeasureCommand(Name, label, "virtdiag export --to (--parallel 2, GC heap ≤ 128 MB)", bytes,
                $"rm -rf '{outDir}' && DOTNET_GCHeapHardLimit=0x8000000 dotnet '{cli}' export '{fleet}' --to '{outDir}' --parallel 2 --format csv | tail -n +2 | awk -F, '{{n+=$4}} END {{print n \" rows\"}}'");
        }

        internal static long MakeBundle(string fleet, int h, long logBytes)
        {
            string stage = Path.Combine(fleet, "stage");
            if (Directory.Exists(stage)) Directory.Delete(stage, true);
            string name;
            if (h % 2 == 0)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"esx-esx{h:D3}.fleet-2026-11-01--00.00-{1000 + h}");
                string log = Path.Combine(stage, name, "var", "run", "log");
                Directory.CreateDirectory(log);
                // Each host its own slice of the generator, so migration ids differ between hosts.
                long start = h * 1_000_000L;
                BenchContext.WriteLines(Path.Combine(log, "vmkernel.log"), logBytes, i => VMotionScenario.LineAt(start + i));
            }
            else
            {
                name = string.Create(CultureInfo.InvariantCulture, $"sosreport-rhvh{h:D3}-2026-11-01-f{h:D3}");
                string log = Path.Combine(stage, name, "var", "log", "vdsm");
                Directory.CreateDirectory(log);
                File.WriteAllText(Path.Combine(stage, name, "hostname"), string.Create(CultureInfo.InvariantCulture, $"rhvh{h:D3}.fleet\n"));
                using IEnumerator<string> lines = VdsmScenario.Generate().GetEnumerator();
                BenchContext.WriteLines(Path.Combine(log, "vdsm.log"), logBytes, _ => { lines.MoveNext(); return lines.Current; });
            }
            long written = Directory.GetFiles(Path.Combine(stage, name), "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            LinesScenario.Run($"tar -C '{stage}' -czf '{Path.Combine(fleet, name)}.tgz' '{name}'");
            Directory.Delete(stage, true);
            return written;
        }

        /// <summary>The built CLI (dotnet build -c Release first), found from the repository root above this program.</summary>
        internal static string Cli()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "VirtDiag.psd1"))) dir = Path.GetDirectoryName(dir);
            string cli = Path.Combine(dir ?? ".", "src", "VirtDiag.Cli", "bin", "Release", "net8.0", "virtdiag.dll");
            if (!File.Exists(cli)) throw new FileNotFoundException("build the CLI first: dotnet build src/VirtDiag.Cli -c Release", cli);
            return cli;
        }
    }
}
