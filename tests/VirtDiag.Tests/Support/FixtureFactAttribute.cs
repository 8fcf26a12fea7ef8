namespace VirtDiag.Tests.Support
{
    /// <summary>
    /// A fact that needs ../shared/fixtures (and, when named, these files under it, e.g. <c>ftrace/local/x.dat</c>):
    /// skipped, with the reason, in a clone that has none. CI always has them.
    /// </summary>
    public sealed class FixtureFactAttribute : FactAttribute
    {
        public FixtureFactAttribute(params string[] files)
        {
            if (Repo.Fixtures == null)
            {
                Skip = "../shared/fixtures is absent in this clone (third-party samples are read from there, never copied)";
                return;
            }
            foreach (string f in files)
            {
                if (!File.Exists(Path.Combine(Repo.Fixtures, f))) { Skip = f + " is absent from ../shared/fixtures"; break; }
            }
        }
    }

    /// <summary>A theory that needs ../shared/fixtures.</summary>
    public sealed class FixtureTheoryAttribute : TheoryAttribute
    {
        public FixtureTheoryAttribute()
        {
            if (Repo.Fixtures == null) Skip = "../shared/fixtures is absent in this clone (third-party samples are read from there, never copied)";
        }
    }

    /// <summary>A fact that needs an external program (xz, gzip, zstd, trace-cmd); CI installs them.</summary>
    public sealed class ToolFactAttribute : FactAttribute
    {
        public ToolFactAttribute(params string[] tools)
        {
            foreach (string t in tools)
            {
                if (!Tools.Exists(t)) { Skip = t + " is not installed (.ci/run installs it)"; break; }
            }
        }
    }

    /// <summary>A theory that needs an external program (trace-cmd): skipped when it is not installed.</summary>
    public sealed class ToolTheoryAttribute : TheoryAttribute
    {
        public ToolTheoryAttribute(params string[] tools)
        {
            foreach (string t in tools)
            {
                if (!Tools.Exists(t)) { Skip = t + " is not installed (.ci/run installs it)"; break; }
            }
        }

        /// <summary>Also skip, with the reason, in a clone without ../shared/fixtures.</summary>
        public bool NeedsFixtures
        {
            get => false;
            set
            {
                if (value && Skip == null && Repo.Fixtures == null) Skip = "../shared/fixtures is absent in this clone (third-party samples are read from there, never copied)";
            }
        }
    }

    /// <summary>Runs external programs for differential tests.</summary>
    public static class Tools
    {
        public static bool Exists(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, name)));

        /// <summary>Runs a program with stdin bytes and returns (exit code, stdout bytes, stderr text).</summary>
        public static (int ExitCode, byte[] Stdout, string Stderr) Run(string file, string args, byte[]? stdin = null)
        {
            var psi = new System.Diagnostics.ProcessStartInfo(file, args)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var outTask = Task.Run(() => { var ms = new MemoryStream(); p.StandardOutput.BaseStream.CopyTo(ms); return ms.ToArray(); });
            var errTask = p.StandardError.ReadToEndAsync();
            if (stdin != null) p.StandardInput.BaseStream.Write(stdin, 0, stdin.Length);
            p.StandardInput.Close();
            p.WaitForExit();
            return (p.ExitCode, outTask.Result, errTask.Result);
        }
    }
}
