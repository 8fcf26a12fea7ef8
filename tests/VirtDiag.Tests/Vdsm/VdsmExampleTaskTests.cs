using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>
    /// Issue 14 item 7: the bundled example's async task 7d5e1f20… fails with a failed qemu-img command. Its worker logs
    /// no state change at INFO level — only task.py's "Unexpected error" traceback and "aborting: Task is aborted: …".
    /// </summary>
    public sealed class VdsmExampleTaskTests
    {
        private const string TaskId = "7d5e1f20-2222-4c1d-8e1f-000000000002";

        private static string ExampleLog => Path.Combine(Repo.Root, "examples", "sosreport-rhvh01-2026-11-01-qx7f2", "var", "log", "vdsm", "vdsm.log");

        private static IReadOnlyList<LogDocument> Docs(ReadContext ctx) => DocumentResolver.Resolve(new[] { Path.Combine(Repo.Root, "examples") }, ctx);

        [Fact]
        public void FailedAsyncTaskIsFoundByResultFailed()
        {
            var ctx = new ReadContext();
            var o = new VdsmTaskOptions();
            o.Result = new[] { VdsmTaskResult.Failed };
            VdsmTask t = Assert.Single(VdsmReader.OpenTasks(o, ctx).ReadAll(Docs(ctx)));
            Assert.Equal(TaskId, t.TaskId);
            Assert.Equal(VdsmTaskKind.StorageTask, t.Kind);
            Assert.Equal(261, t.StatusCode);                                   // CopyImageError's code, from "code=261"
            Assert.Equal("low level Image copy failed", t.StatusMessage);
            Assert.StartsWith("vdsm.storage.exception.CopyImageError: low level Image copy failed", t.Error);
            Assert.Equal("rhvh01.lab", t.HostName);                             // the sosreport's hostname file
            Assert.Equal(DateTimeOffset.Parse("2026-11-01T09:31:14.740Z", System.Globalization.CultureInfo.InvariantCulture), t.EndTime);
            Assert.Equal(8, t.LineNumber);
            Assert.False(t.IsComplete);                                         // its start is not in the log
        }

        [Fact]
        public void FailedQemuImgCommandCarriesTheTaskId()
        {
            var ctx = new ReadContext();
            VdsmExternalCommand c = Assert.Single(VdsmReader.OpenCommands(new VdsmCommandOptions { Failed = true }, ctx).ReadAll(Docs(ctx)));
            Assert.Equal("/usr/bin/qemu-img", c.Executable);
            Assert.Equal(1, c.ExitCode);
            Assert.Equal(TaskId, c.TaskId);
            Assert.Equal("qemu-img: error while writing sector 2097152: No space left on device\n", c.StdErr);
            Assert.True(File.Exists(ExampleLog));
        }

        [Fact]
        public void NextJobOnTheSameWorkerDoesNotClaimACommand()
        {
            // A command on tasks/1 before any line of its task, then the worker starts the next job: the command keeps no task.
            string text =
                "2026-11-01 10:00:00,000+0000 DEBUG (tasks/1) [storage.Misc.excCmd] /usr/bin/qemu-img info /rhev/x (cwd None) (commands:198)\n" +
                "2026-11-01 10:00:00,100+0000 DEBUG (tasks/1) [storage.Misc.excCmd] SUCCESS: <err> = b''; <rc> = 0 (commands:219)\n" +
                "2026-11-01 10:00:01,000+0000 DEBUG (tasks/1) [storage.TaskManager.Task] (Task='0b0b0b0b-1111-2222-3333-444444444444') Task.run: running job 0: copyImage: <bound method> (task:898)\n";
            VdsmExternalCommand c = Assert.Single(VdsmTestSupport.CommandsFromText(text));
            Assert.Null(c.TaskId);
            Assert.True(c.Succeeded);
        }
    }
}
