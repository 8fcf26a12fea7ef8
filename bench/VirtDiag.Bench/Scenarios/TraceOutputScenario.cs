using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 19: <c>virtdiag trace events</c> as users run it, in every output format and <c>--report</c>, next to
    /// <c>trace-cmd report</c> on the same trace.dat, each piped to <c>wc -l</c>. The size picks the input: 10M the
    /// shared v7 zstd sched recording, 100M the shared v7 syscalls recording (uncompressed), 1G a larger recording made here with
    /// <c>trace-cmd record -d --no-filter</c> (sched, irq, timer, syscalls around twenty <c>ls -R /usr/share</c>,
    /// 1.4 M events; trace-cmd exits 1 at clean-up here although the file is complete). The json and --report rows run
    /// with the render threads the machine has; the "1 render thread" rows with VIRTDIAG_OUTPUT_THREADS=1, for comparison.
    /// </summary>
    public sealed class TraceOutputScenario : IScenario
    {
        public string Name => "traceout";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string dat = size < 50L << 20 ? FtraceScenario.Fixture("local", "local-sched-v7-zstd.dat")
                : size < 500L << 20 ? FtraceScenario.Fixture("local", "local-syscalls-v7-nocompress.dat")
                : context.Input("trace-recording.dat", p => EndToEndScenario.Bash(
                    $"trace-cmd record -d --no-filter -e sched -e irq -e timer -e syscalls -o '{p}' bash -c 'for i in $(seq 1 20); do ls -R /usr/share > /dev/null; done' > /dev/null 2>&1; test -s '{p}'"));
            long bytes = new FileInfo(dat).Length;
            string name = Path.GetFileName(dat);
            string cli = "dotnet '" + EndToEndScenario.Cli + "'";
            yield return context.MeasureCommand(Name, label, "trace-cmd report piped to wc -l (" + name + ")", bytes, $"trace-cmd report -i '{dat}' 2>/dev/null | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events -f json piped to wc -l", bytes, $"{cli} trace events '{dat}' --format json | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events -f json, 1 render thread, piped to wc -l", bytes, $"VIRTDIAG_OUTPUT_THREADS=1 {cli} trace events '{dat}' --format json | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events -f csv piped to wc -l", bytes, $"{cli} trace events '{dat}' --format csv | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events piped to wc -l (table)", bytes, $"{cli} trace events '{dat}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events --report piped to wc -l", bytes, $"{cli} trace events '{dat}' --report | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag trace events --report, 1 render thread, piped to wc -l", bytes, $"VIRTDIAG_OUTPUT_THREADS=1 {cli} trace events '{dat}' --report | wc -l");
            yield return context.Measure(Name, label, "virtdiag profile: events decoded", bytes, () => FtraceScenario.CountEvents(new[] { dat }, false).ToString(CultureInfo.InvariantCulture));
        }
    }
}
