using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VirtDiag.Bench
{
    /// <summary>One measured run: what ran, on how many bytes, how long, and the peak resident memory.</summary>
    public sealed record BenchRow(string Scenario, string InputSize, string Tool, long Bytes, double Seconds, double PeakRssMb, string Result)
    {
        public double MBps => Bytes / 1e6 / Math.Max(1e-9, Seconds);
    }

    /// <summary>A side-by-side comparison: our reader and the tool a user would otherwise run, on the same file, in one run.</summary>
    public interface IScenario
    {
        /// <summary>Name used on the command line.</summary>
        string Name { get; }

        /// <summary>Makes (or reuses) the input of about <paramref name="size"/> bytes and measures every contender on it.</summary>
        IEnumerable<BenchRow> Run(BenchContext context, long size);
    }

    /// <summary>Data folder and measuring helpers shared by scenarios.</summary>
    public sealed class BenchContext
    {
        public BenchContext(string dataDir) { DataDir = dataDir; Directory.CreateDirectory(dataDir); }

        public string DataDir { get; }

        /// <summary>Path of a generated input, made once by <paramref name="generate"/> and reused by later runs.</summary>
        public string Input(string name, Action<string> generate)
        {
            string path = Path.Combine(DataDir, name);
            if (!File.Exists(path))
            {
                string tmp = path + ".tmp";
                generate(tmp);
                File.Move(tmp, path, true);
            }
            return path;
        }

        /// <summary>Measures in-process work: wall time and peak RSS (VmHWM, reset through /proc/self/clear_refs before the run).</summary>
        public BenchRow Measure(string scenario, string size, string tool, long bytes, Func<string> work)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            ResetPeak();
            var sw = Stopwatch.StartNew();
            string result = work();
            sw.Stop();
            return new BenchRow(scenario, size, tool, bytes, sw.Elapsed.TotalSeconds, PeakRssMb(), result);
        }

        /// <summary>Measures an external command run by bash under /usr/bin/time (its peak RSS is the largest process's).</summary>
        public BenchRow MeasureCommand(string scenario, string size, string tool, long bytes, string bashCommand)
        {
            string timeFile = Path.GetTempFileName();
            var psi = new ProcessStartInfo("/usr/bin/time", new[] { "-f", "%e %M %U %S", "-o", timeFile, "bash", "-c", bashCommand })
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            sw.Stop();
            string[] parts = File.ReadAllText(timeFile).Trim().Split('\n').Last().Split(' ');
            File.Delete(timeFile);
            double rssMb = parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double kb) ? kb / 1024 : double.NaN;
            string result = stdout.Length > 60 ? stdout.Substring(0, 60) : stdout;
            // CPU seconds (user + system of every process of the command): comparable when the machine is shared.
            if (parts.Length > 3 && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double user)
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double sys))
                result += string.Create(CultureInfo.InvariantCulture, $"; cpu {user + sys:F2} s");
            return new BenchRow(scenario, size, tool, bytes, sw.Elapsed.TotalSeconds, rssMb, result);
        }

        private static void ResetPeak()
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static double PeakRssMb()
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string kb = line.Substring(6).Trim().Split(' ')[0];
                    return double.Parse(kb, CultureInfo.InvariantCulture) / 1024;
                }
            }
            return double.NaN;
        }

        /// <summary>Fills a file with generated lines until it reaches <paramref name="size"/> bytes.</summary>
        public static void WriteLines(string path, long size, Func<long, string> lineAt)
        {
            using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
            long written = 0;
            for (long i = 0; written < size; i++)
            {
                string line = lineAt(i);
                w.Write(line);
                w.Write('\n');
                written += Encoding.UTF8.GetByteCount(line) + 1;
            }
        }
    }
}
