using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Kvm;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 9: merging a host+guest pair onto one clock and summarising KVM exits vs reading the two files alone.
    /// The only real pair (../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03, zlib v7, 4.2 MB,
    /// 101,750 events) cannot be scaled like the v6 seed (compressed chunks, chained option sections), so each row
    /// processes the pair as many times as it takes to pass the requested size; the merge and the analysis keep bounded
    /// state, so the ratio between rows is what a single file of that size would show. Peak RSS shows that repetition
    /// does not grow memory.
    /// </summary>
    public sealed class KvmScenario : IScenario
    {
        public string Name => "kvm";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string host = FtraceScenario.Fixture("public-dat", "v7-zlib-hostguest-hip24-2024-03", "trace.dat");
            string guest = FtraceScenario.Fixture("public-dat", "v7-zlib-hostguest-hip24-2024-03", "trace-Salamander4.dat");
            if (!File.Exists(host)) throw new FileNotFoundException("the ftrace fixtures are needed", host);
            long pair = new FileInfo(host).Length + new FileInfo(guest).Length;
            int passes = (int)Math.Max(1, (size + pair - 1) / pair);
            long bytes = pair * passes;
            yield return context.Measure(Name, label, $"virtdiag read host, then guest ({passes}x)", bytes, () =>
            {
                long n = 0;
                for (int i = 0; i < passes; i++) n += FtraceScenario.CountEvents(new[] { host }, false) + FtraceScenario.CountEvents(new[] { guest }, false);
                return n.ToString();
            });
            yield return context.Measure(Name, label, $"virtdiag merged on host clock ({passes}x)", bytes, () =>
            {
                long n = 0;
                for (int i = 0; i < passes; i++) n += FtraceScenario.CountEvents(new[] { host, guest }, false);
                return n.ToString();
            });
            yield return context.Measure(Name, label, $"virtdiag merged + Measure-KvmExit ({passes}x)", bytes, () =>
            {
                long exits = 0;
                for (int i = 0; i < passes; i++)
                {
                    var ctx = new ReadContext();
                    var docs = DocumentResolver.Resolve(new[] { host, guest }, ctx);
                    // all events read and merged, as Get-TraceEvent host,guest | Measure-KvmExit does
                    exits += KvmReader.OpenExits(new KvmReadOptions(), ctx).ReadAll(TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(docs)).Sum(r => r.Count);
                }
                return exits.ToString();
            });
            yield return context.Measure(Name, label, $"virtdiag merged + Get-VCpuTimeline ({passes}x)", bytes, () =>
            {
                long n = 0;
                for (int i = 0; i < passes; i++)
                {
                    var ctx = new ReadContext();
                    var docs = DocumentResolver.Resolve(new[] { host, guest }, ctx);
                    n += KvmReader.OpenTimeline(new KvmReadOptions(), ctx).ReadAll(TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(docs)).LongCount();
                }
                return n.ToString();
            });
        }
    }
}
