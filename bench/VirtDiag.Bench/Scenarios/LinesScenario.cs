using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>Issue 3: our line reader vs `wc -l`, and our gzip vs `gzip -dc`, on generated vmkernel-like text.</summary>
    public sealed class LinesScenario : IScenario
    {
        public string Name => "lines";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = SizeLabel(size);
            string text = context.Input($"lines-{label}.log", p => BenchContext.WriteLines(p, size, i =>
                $"2024-05-01T12:{i / 60000 % 60:D2}:{i / 1000 % 60:D2}.{i % 1000:D3}Z cpu{i % 48}:{2097000 + i % 5000})World: {i}: synthetic line for benchmarking the line reader"));
            long bytes = new FileInfo(text).Length;
            yield return context.MeasureCommand(Name, label, "wc -l", bytes, $"wc -l < '{text}'");
            yield return context.Measure(Name, label, "virtdiag LineReader", bytes, () => CountLines(text).ToString());

            string gz = context.Input($"lines-{label}.log.gz", p => Run($"gzip -c '{text}' > '{p}'"));
            yield return context.MeasureCommand(Name, label, "gzip -dc | wc -c", bytes, $"gzip -dc '{gz}' | wc -c");
            yield return context.Measure(Name, label, "virtdiag gzip (SharpZipLib)", bytes, () => CountBytes(gz).ToString());
        }

        internal static long CountLines(string path)
        {
            var ctx = new ReadContext();
            var doc = DocumentResolver.Resolve(new[] { path }, ctx)[0];
            using var reader = new LineReader(DocumentReader.Open(doc, ctx), path, ctx);
            long n = 0;
            while (reader.TryReadLine(out _)) n++;
            return n;
        }

        internal static long CountBytes(string path)
        {
            var ctx = new ReadContext();
            var doc = DocumentResolver.Resolve(new[] { path }, ctx)[0];
            using var s = DocumentReader.Open(doc, ctx);
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int k;
            while ((k = s.Read(buf, 0, buf.Length)) > 0) total += k;
            return total;
        }

        internal static string SizeLabel(long size) => size >= 1L << 30 ? size / (1L << 30) + "G" : size >= 1L << 20 ? size / (1L << 20) + "M" : size / 1024 + "K";

        internal static void Run(string bash)
        {
            using var p = System.Diagnostics.Process.Start("bash", new[] { "-c", bash });
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("failed: " + bash);
        }
    }
}
