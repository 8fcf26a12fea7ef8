using System.Globalization;
using System.Reflection;
using System.Text;
using VirtDiag.Bench;

// Usage: dotnet run -c Release --project bench/VirtDiag.Bench -- <scenario|all> [--sizes 10M,100M,1G] [--data bench/data] [--out bench/results]
// Generated inputs are cached in --data (git-ignored). Each scenario writes bench/results/<scenario>.md.
var scenarios = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IScenario).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

string which = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "";
string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

if (which.Length == 0)
{
    Console.WriteLine("scenarios: " + string.Join(", ", scenarios.Select(s => s.Name)) + ", all");
    return 2;
}

long[] sizes = Arg("--sizes", "10M,100M,1G").Split(',').Select(ParseSize).ToArray();
var context = new BenchContext(Arg("--data", Path.Combine("bench", "data")));
string outDir = Arg("--out", Path.Combine("bench", "results"));
Directory.CreateDirectory(outDir);

foreach (IScenario s in scenarios.Where(s => which == "all" || s.Name == which))
{
    var rows = new List<BenchRow>();
    foreach (long size in sizes)
    {
        foreach (BenchRow row in s.Run(context, size))
        {
            rows.Add(row);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Scenario,-12} {row.InputSize,6} {row.Tool,-34} {row.MBps,9:F1} MB/s {row.Seconds,8:F3} s {row.PeakRssMb,8:F1} MB  {row.Result}"));
        }
    }
    File.WriteAllText(Path.Combine(outDir, s.Name + ".md"), Markdown(s.Name, rows));
}
return 0;

static long ParseSize(string s)
{
    s = s.Trim().ToUpperInvariant();
    long mult = s.EndsWith('G') ? 1L << 30 : s.EndsWith('M') ? 1L << 20 : s.EndsWith('K') ? 1L << 10 : 1;
    return long.Parse(mult == 1 ? s : s[..^1], CultureInfo.InvariantCulture) * mult;
}

static string Markdown(string name, List<BenchRow> rows)
{
    var sb = new StringBuilder();
    sb.AppendLine(CultureInfo.InvariantCulture, $"# bench: {name}");
    sb.AppendLine();
    sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
    sb.AppendLine("Ratio = our MB/s ÷ the MB/s of the reference tool row above it (the nearest row not run by virtdiag), same input, same run.");
    sb.AppendLine();
    sb.AppendLine("| input | tool | MB/s | seconds | peak RSS MB | ratio | result |");
    sb.AppendLine("|---|---|---:|---:|---:|---:|---|");
    foreach (var group in rows.GroupBy(r => r.InputSize))
    {
        BenchRow reference = group.First();
        foreach (BenchRow r in group)
        {
            if (!r.Tool.StartsWith("virtdiag", StringComparison.Ordinal)) reference = r;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.InputSize} | {r.Tool} | {r.MBps:F1} | {r.Seconds:F3} | {r.PeakRssMb:F1} | {r.MBps / reference.MBps:F2} | {r.Result.Replace("|", "/")} |"));
        }
    }
    return sb.ToString();
}
