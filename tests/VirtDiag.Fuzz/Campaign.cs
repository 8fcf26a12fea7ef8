using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using VirtDiag.Diagnostics;

namespace VirtDiag.Fuzz
{
    /// <summary>A reader under test: its seeds, how to run it on one input, and which exceptions it may document.</summary>
    public sealed class FuzzTarget
    {
        public FuzzTarget(string name, Func<IReadOnlyList<byte[]>> seeds, Func<byte[], CancellationToken, string> run, Func<Exception, bool>? allowed = null)
        {
            Name = name; Seeds = seeds; Run = run; Allowed = allowed ?? (_ => false);
        }

        public string Name { get; }
        /// <summary>Seed inputs (real fixtures where present, else generated ones).</summary>
        public Func<IReadOnlyList<byte[]>> Seeds { get; }
        /// <summary>Runs the reader over an input and returns a fingerprint of everything it produced (records and issues).</summary>
        public Func<byte[], CancellationToken, string> Run { get; }
        /// <summary>Exceptions the reader documents for this entry point (e.g. CorruptDataException from a raw decoder).</summary>
        public Func<Exception, bool> Allowed { get; }
    }

    /// <summary>What a campaign saw for one target.</summary>
    public sealed class CampaignResult
    {
        public string Target { get; init; } = "";
        public long Inputs { get; set; }
        public List<string> Failures { get; } = new();
        public double SlowestSeconds { get; set; }
        public string SlowestInput { get; set; } = "";
        public long MaxAllocatedBytes { get; set; }
        public double PeakWorkingSetMb { get; set; }
        public int UniqueFailures => Failures.Select(f => f.Split('|')[0]).Distinct().Count();
    }

    /// <summary>
    /// Runs mutated inputs through a target with a watchdog (a hang fails with the seed and the input saved for replay),
    /// an allocation bound per input, determinism checks on a sample, and no exception escaping but the documented ones.
    /// </summary>
    public sealed class Campaign
    {
        public TimeSpan PerInputTimeout { get; init; } = TimeSpan.FromSeconds(10);
        public long AllocationBoundBase { get; init; } = 256L << 20;
        public int AllocationBoundPerInputByte { get; init; } = 64;
        public string FailureDir { get; init; } = Path.Combine(Path.GetTempPath(), "virtdiag-fuzz-failures");
        /// <summary>Every how many inputs the determinism check runs the input a second time (1: every input).</summary>
        public int DeterminismEvery { get; init; } = 16;

        public CampaignResult Run(FuzzTarget target, int seed, long maxInputs, TimeSpan maxTime, Action<CampaignResult>? onTick = null)
        {
            var result = new CampaignResult { Target = target.Name };
            IReadOnlyList<byte[]> corpus = target.Seeds();
            if (corpus.Count == 0) throw new InvalidOperationException(target.Name + ": no seeds");
            var mutator = new Mutator(seed, corpus);
            var clock = Stopwatch.StartNew();
            var lastTick = TimeSpan.Zero;
            // Seeds themselves first, unmutated: they must pass too.
            for (long i = 0; i < maxInputs && clock.Elapsed < maxTime; i++)
            {
                byte[] input;
                string how;
                if (i < corpus.Count) { input = corpus[(int)i]; how = "seed"; }
                else input = mutator.Next(out how);
                string? failure = RunOne(target, input, checkDeterminism: i % Math.Max(1, DeterminismEvery) == 0, result, out double seconds);
                result.Inputs++;
                if (seconds > result.SlowestSeconds) { result.SlowestSeconds = seconds; result.SlowestInput = how + " (" + input.Length + " bytes)"; }
                if (failure != null)
                {
                    string file = Save(target.Name, seed, i, input);
                    result.Failures.Add(failure + "|seed " + seed + " input " + i + " (" + how + ") saved as " + file);
                    if (failure.StartsWith("hang", StringComparison.Ordinal)) break; // the stuck thread cannot be stopped: end the campaign
                }
                if (onTick != null && clock.Elapsed - lastTick > TimeSpan.FromSeconds(10)) { lastTick = clock.Elapsed; onTick(result); }
            }
            result.PeakWorkingSetMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            return result;
        }

        /// <summary>
        /// Runs one saved input (a failure file) through the same checks as a campaign: watchdog, allocation bound,
        /// determinism, allowed exceptions. Returns the failure, or null with the output's fingerprint.
        /// </summary>
        public string? Replay(FuzzTarget target, byte[] input, out string fingerprint, out double seconds)
        {
            var result = new CampaignResult { Target = target.Name };
            string? failure = RunOne(target, input, checkDeterminism: true, result, out seconds);
            fingerprint = failure == null ? target.Run(input, CancellationToken.None) : "";
            return failure;
        }

        private string? RunOne(FuzzTarget target, byte[] input, bool checkDeterminism, CampaignResult result, out double seconds)
        {
            string? first = null;
            Exception? error = null;
            long allocated = 0;
            using var cts = new CancellationTokenSource();
            var sw = Stopwatch.StartNew();
            var thread = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { first = target.Run(input, cts.Token); }
                catch (Exception e) { error = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 16 << 20) { IsBackground = true };
            thread.Start();
            if (!thread.Join(PerInputTimeout))
            {
                cts.Cancel();
                seconds = sw.Elapsed.TotalSeconds;
                return thread.Join(TimeSpan.FromSeconds(2)) ? "hang: needed cancellation after " + PerInputTimeout.TotalSeconds + " s" : "hang: no progress for " + PerInputTimeout.TotalSeconds + " s";
            }
            seconds = sw.Elapsed.TotalSeconds;
            result.MaxAllocatedBytes = Math.Max(result.MaxAllocatedBytes, allocated);
            if (error != null && !target.Allowed(error)) return "exception: " + error.GetType().Name + ": " + error.Message.Split('\n')[0] + " @ " + TopFrame(error);
            long bound = AllocationBoundBase + (long)AllocationBoundPerInputByte * input.Length;
            if (allocated > bound) return "memory: allocated " + (allocated >> 20) + " MiB for a " + input.Length + "-byte input (bound " + (bound >> 20) + " MiB)";
            if (checkDeterminism && error == null)
            {
                string second = target.Run(input, CancellationToken.None);
                if (second != first) return "nondeterministic: two runs on the same input differ";
            }
            return null;
        }

        private static string TopFrame(Exception e) => (e.StackTrace ?? "").Split('\n').FirstOrDefault()?.Trim() ?? "";

        private string Save(string target, int seed, long index, byte[] input)
        {
            Directory.CreateDirectory(FailureDir);
            string file = Path.Combine(FailureDir, $"{target}-seed{seed}-{index}-{Convert.ToHexString(SHA256.HashData(input))[..12]}.bin");
            File.WriteAllBytes(file, input);
            return file;
        }

        /// <summary>A fingerprint of a run's output: count, a hash of the text, and the issues.</summary>
        public static string Fingerprint(IEnumerable<object> records, IEnumerable<object> issues)
        {
            var sb = new StringBuilder();
            int n = 0;
            foreach (object r in records) { n++; sb.Append(r).Append('\n'); }
            int k = 0;
            foreach (object i in issues) { k++; sb.Append("! ").Append(i).Append('\n'); }
            return n + " records, " + k + " issues, " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
        }
    }
}
