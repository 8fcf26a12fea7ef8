using System.Globalization;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 21: the fleet of 100 generated host bundles of the export scenario (.tgz; vm-support with a vMotion-rich
    /// vmkernel.log, sosreports with a busy vdsm.log) triaged in one command by the CLI process, with the HTML report,
    /// against reading every bundle once with <c>tar xzOf | grep -c</c>. Peak memory at 100M and 1G shows it stays flat.
    /// </summary>
    public sealed class TriageScenario : IScenario
    {
        private const int Hosts = 100;

        public string Name => "triage";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string fleet = Path.Combine(context.DataDir, "fleet-" + label);
            if (!File.Exists(Path.Combine(fleet, "done")))
            {
                if (Directory.Exists(fleet)) Directory.Delete(fleet, true);
                Directory.CreateDirectory(fleet);
                long logBytes = 0;
                for (int h = 0; h < Hosts; h++) logBytes += ExportScenario.MakeBundle(fleet, h, size / Hosts);
                File.WriteAllText(Path.Combine(fleet, "done"), logBytes.ToString(CultureInfo.InvariantCulture));
            }
            long bytes = long.Parse(File.ReadAllText(Path.Combine(fleet, "done")), CultureInfo.InvariantCulture);
            string cli = ExportScenario.Cli();
            string html = Path.Combine(context.DataDir, "triage-" + label + ".html");
            yield return context.MeasureCommand(Name, label, "tar xzOf | grep -c (every bundle)", bytes,
                $"for f in '{fleet}'/*.tgz; do tar xzOf \"$f\"; done | grep -c -E 'Migrate|Run and protect'");
            // The summary's first two lines (documents, hosts, findings per severity) are the result column; the HTML size follows.
            yield return context.MeasureCommand(Name, label, "virtdiag triage --html", bytes,
                $"dotnet '{cli}' triage '{fleet}' --html '{html}' 2>/dev/null | sed -n '2p' | sed -E 's/Findings: ([0-9]+) critical, ([0-9]+) error, ([0-9]+) warning, ([0-9]+) info.*/\\1 crit \\2 err \\3 warn \\4 info/' | tr -d '\\n'; printf ', html %s KB' $(( $(stat -c %s '{html}') / 1024 ))");
        }
    }
}
