using System.Globalization;
using VirtDiag.Fuzz;

// dotnet run -c Release --project tests/VirtDiag.Fuzz -- --minutes 10 --target gzip [--inputs 1000000] [--seed 1]
// --target all runs every target in turn for the given minutes each. Prints per target: inputs tried,
// unique failures, slowest input, peak memory. Failing inputs are saved for replay (path printed):
// --target NAME --replay FILE runs one saved input through the same checks and prints the outcome.
// --determinism-every N runs every Nth input twice and compares the outputs (default 16; 1 checks every input).
string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

string targetName = Arg("--target", "all");
double minutes = double.Parse(Arg("--minutes", "1"), CultureInfo.InvariantCulture);
long inputs = long.Parse(Arg("--inputs", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
int seed = int.Parse(Arg("--seed", "1"), CultureInfo.InvariantCulture);
string? replay = Arg("--replay", "");
if (replay.Length > 0)
{
    if (targetName == "all") { Console.Error.WriteLine("--replay needs --target NAME (the target named in the saved file's name)"); return 2; }
    var replayCampaign = new Campaign();
    string? outcome = replayCampaign.Replay(Targets.Get(targetName), File.ReadAllBytes(replay), out string fingerprint, out double took);
    Console.WriteLine(outcome == null
        ? string.Create(CultureInfo.InvariantCulture, $"{replay}: ok in {took:F3} s: {fingerprint}")
        : string.Create(CultureInfo.InvariantCulture, $"{replay}: FAIL after {took:F3} s: {outcome}"));
    return outcome == null ? 0 : 1;
}

var targets = targetName == "all" ? Targets.All : new[] { Targets.Get(targetName) };
var campaign = new Campaign { FailureDir = Arg("--failures", Path.Combine("fuzz-failures")), DeterminismEvery = int.Parse(Arg("--determinism-every", "16"), CultureInfo.InvariantCulture) };
int failed = 0;
Console.WriteLine("| target | inputs | unique failures | slowest input | slowest s | max alloc/input MiB | peak working set MiB |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
foreach (FuzzTarget t in targets)
{
    CampaignResult r = campaign.Run(t, seed, inputs, TimeSpan.FromMinutes(minutes),
        tick => Console.Error.WriteLine($"  {tick.Target}: {tick.Inputs} inputs, {tick.Failures.Count} failures"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Target} | {r.Inputs} | {r.UniqueFailures} | {r.SlowestInput} | {r.SlowestSeconds:F3} | {r.MaxAllocatedBytes / 1048576.0:F1} | {r.PeakWorkingSetMb:F0} |"));
    foreach (string f in r.Failures.Take(20)) Console.Error.WriteLine("  FAIL " + f);
    failed += r.Failures.Count;
}
return failed == 0 ? 0 : 1;
