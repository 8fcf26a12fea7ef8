using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>
    /// The lab log split at record boundaries into vdsm.log.2.X (oldest), vdsm.log.1.X and the live vdsm.log, compressed
    /// with the real xz / gzip programs: read as a folder, it gives the same records, tasks and commands, in
    /// chronological order, as the single file (tasks that straddle a rotation join up).
    /// </summary>
    public sealed class VdsmRotationTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "virtdiag-vdsm-rot-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        [FixtureToolFact("xz")]
        public void RotatedXz_GivesIdenticalObjectsInOrder() => RotatedGivesIdenticalObjects("xz", "-c");

        [FixtureToolFact("gzip")]
        public void RotatedGzip_GivesIdenticalObjectsInOrder() => RotatedGivesIdenticalObjects("gz", "-c");

        private void RotatedGivesIdenticalObjects(string ext, string args)
        {
            string folder = Path.Combine(_dir, "host-a", "var", "log", "vdsm");
            Directory.CreateDirectory(folder);
            string[] lines = File.ReadAllLines(MainPath);
            // Split where a record starts, near the thirds, so that some tasks straddle the rotations.
            int a = NextHead(lines, lines.Length / 3), b = NextHead(lines, 2 * lines.Length / 3);
            byte[] Part(int from, int to) => System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines[from..to]) + "\n");
            string tool = ext == "xz" ? "xz" : "gzip";
            File.WriteAllBytes(Path.Combine(folder, "vdsm.log.2." + ext), Compress(tool, args, Part(0, a)));
            File.WriteAllBytes(Path.Combine(folder, "vdsm.log.1." + ext), Compress(tool, args, Part(a, b)));
            File.WriteAllBytes(Path.Combine(folder, "vdsm.log"), Part(b, lines.Length));

            List<VdsmLogEntry> single = Entries(MainPath);
            List<VdsmLogEntry> rotated = Entries(_dir);
            Assert.Equal(single.Count, rotated.Count);
            Assert.Equal(single.Select(Key), rotated.Select(Key));
            // Chronological: oldest rotation first, then .1, then the live file.
            Assert.EndsWith("vdsm.log.2." + ext, rotated[0].Path);
            Assert.EndsWith("vdsm.log", rotated[^1].Path);
            Assert.Equal(a + 1, rotated.First(e => e.Path.EndsWith("vdsm.log.1." + ext, StringComparison.Ordinal)).LineNumber + a);
            for (int i = 1; i < rotated.Count; i++) Assert.True(rotated[i].Timestamp >= rotated[i - 1].Timestamp.AddSeconds(-1));

            List<VdsmTask> t1 = Tasks(MainPath), t2 = Tasks(_dir);
            Assert.Equal(t1.Select(TaskKey), t2.Select(TaskKey));
            List<VdsmExternalCommand> c1 = Commands(MainPath), c2 = Commands(_dir);
            Assert.Equal(c1.Select(CommandKey), c2.Select(CommandKey));

            // Named one by one, newest first (Get-ChildItem's order, or a shell glob): still read oldest first.
            var ctx = new VirtDiag.Common.ReadContext();
            var named = VirtDiag.Io.DocumentResolver.Resolve(new[] { "vdsm.log", "vdsm.log.1." + ext, "vdsm.log.2." + ext }.Select(f => Path.Combine(folder, f)), ctx);
            Assert.Equal(t1.Select(TaskKey), VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(named).Select(TaskKey));
        }

        private static int NextHead(string[] lines, int i)
        {
            while (!lines[i].StartsWith("2017-", StringComparison.Ordinal)) i++;
            return i;
        }

        private static byte[] Compress(string tool, string args, byte[] data)
        {
            var (code, stdout, stderr) = Tools.Run(tool, args, data);
            Assert.True(code == 0, tool + " failed: " + stderr);
            return stdout;
        }

        private static string Key(VdsmLogEntry e) => string.Join("|", e.Timestamp.ToString("o"), e.TimestampKind, e.Level, e.Thread, e.Logger, e.Module,
            e.LineNumberInSource, e.Message, e.TaskId, e.LineCount, e.Traceback?.ExceptionType, e.Traceback?.Frames.Count);

        private static string TaskKey(VdsmTask t) => string.Join("|", t.Kind, t.Verb, t.TaskId, t.Thread, t.StartTime?.ToString("o"), t.EndTime?.ToString("o"),
            t.Result, t.StatusCode, t.IsAsync, t.IsComplete, t.Entries, t.States.Count, t.Error);

        private static string CommandKey(VdsmExternalCommand c) => string.Join("|", c.CommandLine, c.StartTime?.ToString("o"), c.EndTime?.ToString("o"),
            c.Succeeded, c.ExitCode, c.StdErr, c.TaskId, c.TaskVerb, c.IsComplete);
    }
}

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>A fact that needs both ../shared/fixtures and an external program (skipped, with the reason, without either).</summary>
    public sealed class FixtureToolFactAttribute : FactAttribute
    {
        public FixtureToolFactAttribute(string tool)
        {
            if (Repo.Fixtures == null) Skip = "../shared/fixtures is absent in this clone";
            else if (!Tools.Exists(tool)) Skip = tool + " is not installed (.ci/run installs it)";
        }
    }
}
