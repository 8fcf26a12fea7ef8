using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>
    /// The old <c>thread::LEVEL::time::module::line::logger::(func) message</c> layout: the flows of the oVirt wiki page
    /// "Vdsm Log Files" (../shared/fixtures/vdsm/ovirt-site-wiki/log-files.html.md, seed 001), the insights-core
    /// excerpts and supervdsm lines quoted in vdsm commit messages.
    /// </summary>
    public sealed class VdsmOldFormatTests
    {
        // The wiki's excerpts, with only the MediaWiki→Markdown damage repaired (PROVENANCE.md lists it):
        // "`[`INFO::2011-09-18`](INFO::2011-09-18)`" link artefacts → "INFO::2011-09-18", lines wrapped onto indented
        // continuation lines joined back, two records joined on one line split, backticks around <err>/<rc> and the
        // stray spaces inside UUIDs removed. Values and wording are the page's.
        private const string GetSpmStatusFlow = """
Thread-1952463::INFO::2011-09-18 05:01:01,867::dispatcher::109::Storage.Dispatcher.Protect::(run) Run and protect: getSpmStatus, args: ( spUUID=ffb469ec-d98b-4614-b3fc-c88f206d4cfd)
Thread-1952463::DEBUG::2011-09-18 05:01:01,868::task::611::TaskManager.Task::(_updateState) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::moving from state init -> state preparing
Thread-1952463::DEBUG::2011-09-18 05:01:01,868::spm::695::Storage.SPM::(public_getSpmStatus) spUUID=ffb469ec-d98b-4614-b3fc-c88f206d4cfd: spmStatus=SPM spmLver=0 spmId=1
Thread-1952463::DEBUG::2011-09-18 05:01:01,868::task::1205::TaskManager.Task::(prepare) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::finished: {'spm_st': {'spmId': 1, 'spmStatus': 'SPM', 'spmLver': 0}}
Thread-1952463::DEBUG::2011-09-18 05:01:01,869::task::611::TaskManager.Task::(_updateState) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::moving from state preparing -> state finished
Thread-1952463::DEBUG::2011-09-18 05:01:01,869::resourceManager::806::ResourceManager.Owner::(releaseAll) Owner.releaseAll requests {} resources {}
Thread-1952463::DEBUG::2011-09-18 05:01:01,870::resourceManager::841::ResourceManager.Owner::(cancelAll) Owner.cancelAll requests {}
Thread-1952463::DEBUG::2011-09-18 05:01:01,870::task::1003::TaskManager.Task::(_decref) Task=8a107a91-ecb4-4e10-9fb3-a7b400ed2c44::ref 0 aborting False
Thread-1952463::INFO::2011-09-18 05:01:01,870::dispatcher::115::Storage.Dispatcher.Protect::(run) Run and protect: getSpmStatus, Return response: {'status': {'message': 'OK', 'code': 0}, 'spm_st': {'spmId': 1, 'spmStatus': 'SPM', 'spmLver': 0}}
""";

        private const string SpmStartFlow = """
Thread-50::INFO::2011-06-23 13:04:29,774::dispatcher::94::Storage.Dispatcher.Protect::(run) Run and protect: spmStart, args: ( spUUID=a2cc366a-a7a3-4684-8f8a-e53bce1da025 prevID=-1 prevLVER=-1 recoveryMode=-1 scsiFencing=False)
Thread-50::INFO::2011-06-23 13:04:29,782::dispatcher::100::Storage.Dispatcher.Protect::(run) Run and protect: spmStart, Return response: {'status': {'message': 'OK', 'code': 0}, 'uuid': 'bad26fcc-6e8b-4046-aab0-b4cbfb735aeb'}
bad26fcc-6e8b-4046-aab0-b4cbfb735aeb::DEBUG::2011-06-23 13:04:29,783::task::904::TaskManager.Task::(_runJobs) Task.run: running job 0: spmStart: <bound method SPM.start of <storage.spm.SPM instance at 0x1c8eb00>> (args: ('a2cc366a-a7a3-4684-8f8a-e53bce1da025', -1, -1, -1, False, 250, None) kwargs: {})
bad26fcc-6e8b-4046-aab0-b4cbfb735aeb::DEBUG::2011-06-23 13:04:32,855::task::912::TaskManager.Task::(_runJobs) Task.run: exit - success: result
bad26fcc-6e8b-4046-aab0-b4cbfb735aeb::DEBUG::2011-06-23 13:04:32,856::task::492::TaskManager.Task::(_debug) Task bad26fcc-6e8b-4046-aab0-b4cbfb735aeb: ref 0 aborting False
bad26fcc-6e8b-4046-aab0-b4cbfb735aeb::DEBUG::2011-06-23 13:04:32,857::threadPool::47::Misc.ThreadPool::(setRunningTask) Number of running tasks: 0
""";

        private const string ExternalCommands = """
21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,125::blockSD::732::Storage.Misc.excCmd::(mountMaster) '/usr/bin/sudo -n /sbin/e2fsck -p /dev/52493f96-d716-409f-b696-8cb8d5b43527/master' (cwd None)
21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,195::blockSD::732::Storage.Misc.excCmd::(mountMaster) SUCCESS: <err> = ; <rc> = 0
21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,196::blockSD::757::Storage.Misc.excCmd::(mountMaster) '/usr/bin/sudo -n /sbin/tune2fs -j /dev/52493f96-d716-409f-b696-8cb8d5b43527/master' (cwd None)
21a24db4-d553-437b-844b-30414bcc8f97::DEBUG::2011-06-23 13:11:12,213::blockSD::757::Storage.Misc.excCmd::(mountMaster) FAILED: <err> = 'The filesystem already has a journal.\n';<rc> = 1
""";

        private const string CopyImageFlow = """
Thread-1713::INFO::2011-07-03 11:31:29,891::dispatcher::94::Storage.Dispatcher.Protect::(run) Run and protect: copyImage, args: ( sdUUID=eea4a640-a90a-4c7e-aa23-ae7420a5f9cb spUUID=e235e2c8-05cf-4868-b749-e0447fd0196e vmUUID=6580ecb9-5f3d-4f32-a420-ed6a1cd3a295 srcImgUUID=dbed3bfd-f247-4884-95e5-31a09bc561ca srcVolUUID=94bfb3b4-5060-462b-b85a-f8d2f1c77cd1 dstImgUUID=43299473-9a01-4905-bed4-489f1ba2c94b dstVolUUID=10645650-2231-46ee-bceb-618181d9ae7a description=DasdAS dstSdUUID=eea4a640-a90a-4c7e-aa23-ae7420a5f9cb volType=6 volFormat=4 preallocate=2 postZero=False force=False)
Thread-1713::INFO::2011-07-03 11:31:30,544::dispatcher::100::Storage.Dispatcher.Protect::(run) Run and protect: copyImage, Return response: {'status': {'message': 'OK', 'code': 0}, 'uuid': 'e62a8238-30bf-4f38-99e5-2da35769783b'}
e62a8238-30bf-4f38-99e5-2da35769783b::DEBUG::2011-07-03 11:31:30,545::task::492::TaskManager.Task::(_debug) Task e62a8238-30bf-4f38-99e5-2da35769783b: _save: orig /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/tasks/e62a8238-30bf-4f38-99e5-2da35769783b temp /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/tasks/e62a8238-30bf-4f38-99e5-2da35769783b.temp
e62a8238-30bf-4f38-99e5-2da35769783b::DEBUG::2011-07-03 11:31:34,110::volume::929::Storage.Misc.excCmd::(qemuConvert) '/bin/nice -n 19 /usr/bin/ionice -c 2 -n 7 /usr/bin/qemu-img convert -f qcow2 /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/eea4a640-a90a-4c7e-aa23-ae7420a5f9cb/images/dbed3bfd-f247-4884-95e5-31a09bc561ca/94bfb3b4-5060-462b-b85a-f8d2f1c77cd1 -O qcow2 /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/eea4a640-a90a-4c7e-aa23-ae7420a5f9cb/images/43299473-9a01-4905-bed4-489f1ba2c94b/10645650-2231-46ee-bceb-618181d9ae7a' (cwd None)
e62a8238-30bf-4f38-99e5-2da35769783b::DEBUG::2011-07-03 11:31:34,124::task::492::TaskManager.Task::(_debug) Task e62a8238-30bf-4f38-99e5-2da35769783b: _save: orig /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/tasks/e62a8238-30bf-4f38-99e5-2da35769783b temp /rhev/data-center/e235e2c8-05cf-4868-b749-e0447fd0196e/tasks/e62a8238-30bf-4f38-99e5-2da35769783b.temp
e62a8238-30bf-4f38-99e5-2da35769783b::DEBUG::2011-07-03 11:31:34,196::volume::929::Storage.Misc.excCmd::(qemuConvert) SUCCESS: <err> = []; <rc> = 0
""";

        private const string MoveImageFlow = """
Thread-785::INFO::2011-06-12 11:32:40,202::dispatcher::94::Storage.Dispatcher.Protect::(run) Run and protect: moveImage, args: ( spUUID=5ccf59cb-4924-4e13-85d4-fe2b882a857d srcDomUUID=a0c2b674-456a-4eff-9717-915a4151a25c dstDomUUID=8cea8d77-f2ff-4ae6-8567-36e00afcd5ba imgUUID=197305c8-6e35-4e73-b316-f61bfc6c7800 vmUUID=d00a23e1-076e-4351-b4a0-d1c15e59dbd2 op=1 postZero=False force=False)
Thread-785::INFO::2011-06-12 11:32:41,091::dispatcher::100::Storage.Dispatcher.Protect::(run) Run and protect: moveImage, Return response: {'status': {'message': 'OK', 'code': 0}, 'uuid': 'ed948e15-7ff0-4598-a5af-0b96a8df547c'}
ed948e15-7ff0-4598-a5af-0b96a8df547c::DEBUG::2011-06-12 11:32:41,092::task::492::TaskManager.Task::(_debug) Task ed948e15-7ff0-4598-a5af-0b96a8df547c: moving from state queued -> state running
ed948e15-7ff0-4598-a5af-0b96a8df547c::DEBUG::2011-06-12 11:32:44,220::image::538::Storage.Misc.excCmd::(move) '/usr/bin/ionice -c2 -n7 /bin/dd if=/rhev/data-center/5ccf59cb-4924-4e13-85d4-fe2b882a857d/a0c2b674-456a-4eff-9717-915a4151a25c/images/197305c8-6e35-4e73-b316-f61bfc6c7800/07381c87-3ebe-48f7-a633-21e41564d578 of=/rhev/data-center/5ccf59cb-4924-4e13-85d4-fe2b882a857d/8cea8d77-f2ff-4ae6-8567-36e00afcd5ba/images/197305c8-6e35-4e73-b316-f61bfc6c7800/07381c87-3ebe-48f7-a633-21e41564d578 bs=1048576 seek=0 skip=0 conv=notrunc count=1024 oflag=direct' (cwd None)
""";

        private const string StartupTraceback = """
MainThread::INFO::2011-12-05 07:04:56,101::vdsm::71::vds::(run) I am the actual vdsm 4.9-0
MainThread::ERROR::2011-12-05 07:04:56,300::vdsm::74::vds::(run) Traceback (most recent call last):
  File "/usr/share/vdsm/vdsm", line 72, in run
    serve_clients(log)
  File "/usr/share/vdsm/vdsm", line 40, in serve_clients
    cif = clientIF.clientIF(log)
  File "/usr/share/vdsm/clientIF.py", line 111, in init
    self._libvirt = libvirtconnection.get()
  File "/usr/share/vdsm/libvirtconnection.py", line 111, in get
    conn = libvirt.openAuth('qemu:///system', auth, 0)
  File "/usr/lib64/python2.6/site-packages/libvirt.py", line 102, in openAuth
    if ret is None:raise libvirtError('virConnectOpenAuth() failed')
libvirtError: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory
Thread-15::DEBUG::2011-12-07 11:44:17,737::clientIF::54::vds::(wrapper) [10.35.17.240]::call getVdsCapabilities with () {}
""";

        [Fact]
        public void Wiki_LineStructure_AndTraceback()
        {
            List<VdsmLogEntry> e = EntriesFromText(StartupTraceback);
            Assert.Equal(3, e.Count);
            VdsmLogEntry start = e[0];
            Assert.Equal(VdsmLogFormat.Old, start.Format);
            Assert.Equal("MainThread", start.Thread);
            Assert.Equal(VdsmLogLevel.Info, start.Level);
            Assert.Equal(new DateTimeOffset(2011, 12, 5, 7, 4, 56, 101, TimeSpan.Zero), start.Timestamp);
            Assert.Equal(VdsmTimestampKind.AssumedUtc, start.TimestampKind);
            Assert.Equal("vdsm", start.Module);
            Assert.Equal(71, start.LineNumberInSource);
            Assert.Equal("vds", start.Logger);
            Assert.Equal("run", start.Function);
            Assert.Equal("I am the actual vdsm 4.9-0", start.Message);
            Assert.Equal("host1", start.HostName);

            VdsmTraceback tb = e[1].Traceback!;
            Assert.Equal(12, e[1].LineCount);                         // the header, 10 frame lines, the exception
            Assert.Equal("libvirtError", tb.ExceptionType);
            Assert.Equal("Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory", tb.ExceptionMessage);
            Assert.Equal(5, tb.Frames.Count);
            Assert.Equal("/usr/share/vdsm/libvirtconnection.py", tb.Frames[3].File);
            Assert.Equal(111, tb.Frames[3].Line);
            Assert.Equal("get", tb.Frames[3].Function);
            Assert.Equal("conn = libvirt.openAuth('qemu:///system', auth, 0)", tb.Frames[3].Code);

            // A message containing '::' after the function: split at most six times.
            Assert.Equal("[10.35.17.240]::call getVdsCapabilities with () {}", e[2].Message);
            Assert.Equal("wrapper", e[2].Function);
        }

        [Fact]
        public void Wiki_GetSpmStatus_SyncTask()
        {
            var issues = new IssueCollector();
            VdsmTask t = Assert.Single(TasksFromText(GetSpmStatusFlow, issues));
            Assert.Empty(issues.Issues);
            Assert.Equal(VdsmTaskKind.StorageDispatcher, t.Kind);
            Assert.Equal("getSpmStatus", t.Verb);
            Assert.Equal("ffb469ec-d98b-4614-b3fc-c88f206d4cfd", t.ArgumentValues["spUUID"]);
            Assert.Equal("8a107a91-ecb4-4e10-9fb3-a7b400ed2c44", t.TaskId);
            Assert.Equal("Thread-1952463", t.Thread);
            Assert.False(t.IsAsync);
            Assert.Equal(VdsmTaskResult.Succeeded, t.Result);
            Assert.Equal(0, t.StatusCode);
            Assert.Equal("OK", t.StatusMessage);
            Assert.Equal(TimeSpan.FromMilliseconds(3), t.Duration);   // 05:01:01,867 .. 05:01:01,870
            Assert.Equal(new[] { "init>preparing", "preparing>finished" }, t.States.Select(s => s.From + ">" + s.To));
            Assert.Equal(9, t.Entries);
            Assert.True(t.IsComplete);
        }

        [Fact]
        public void Wiki_SpmStart_AsyncTask()
        {
            VdsmTask t = Assert.Single(TasksFromText(SpmStartFlow));
            Assert.Equal("spmStart", t.Verb);
            Assert.True(t.IsAsync);
            Assert.Equal("bad26fcc-6e8b-4046-aab0-b4cbfb735aeb", t.TaskId);
            Assert.Equal("-1", t.ArgumentValues["prevID"]);
            Assert.Equal("False", t.ArgumentValues["scsiFencing"]);
            Assert.Equal(new DateTimeOffset(2011, 6, 23, 13, 4, 32, 855, TimeSpan.Zero), t.EndTime); // "Task.run: exit - success"
            Assert.Equal(TimeSpan.FromMilliseconds(3081), t.Duration);
            Assert.Equal(VdsmTaskResult.Succeeded, t.Result);
            Assert.True(t.IsComplete);
            Assert.Equal(4, t.Entries);                               // both dispatcher lines + the two task-thread lines up to the exit
        }

        [Fact]
        public void Wiki_CopyImage_AndMoveImage()
        {
            VdsmTask copy = Assert.Single(TasksFromText(CopyImageFlow));
            Assert.Equal("copyImage", copy.Verb);
            Assert.True(copy.IsAsync);
            Assert.Equal("e62a8238-30bf-4f38-99e5-2da35769783b", copy.TaskId);
            Assert.Equal("DasdAS", copy.ArgumentValues["description"]);
            Assert.Equal(14, copy.ArgumentValues.Count);
            Assert.False(copy.IsComplete);                            // the excerpt stops before the task ends
            Assert.Equal(VdsmTaskResult.Succeeded, copy.Result);      // what the response said

            VdsmExternalCommand qemu = Assert.Single(CommandsFromText(CopyImageFlow));
            Assert.Equal("/usr/bin/qemu-img", qemu.Executable);       // behind nice -n 19 and ionice -c 2 -n 7
            Assert.StartsWith("/bin/nice -n 19 /usr/bin/ionice -c 2 -n 7 /usr/bin/qemu-img convert -f qcow2 ", qemu.CommandLine);
            Assert.Equal("e62a8238-30bf-4f38-99e5-2da35769783b", qemu.TaskId);
            Assert.True(qemu.Succeeded);
            Assert.Equal(0, qemu.ExitCode);
            Assert.Equal("[]", qemu.StdErr);
            Assert.Equal(TimeSpan.FromMilliseconds(86), qemu.Duration);

            VdsmTask move = Assert.Single(TasksFromText(MoveImageFlow));
            Assert.Equal("moveImage", move.Verb);
            Assert.Equal("ed948e15-7ff0-4598-a5af-0b96a8df547c", move.TaskId);
            VdsmTaskState running = Assert.Single(move.States);
            Assert.Equal("queued", running.From);
            Assert.Equal("running", running.To);
            Assert.Equal("ed948e15-7ff0-4598-a5af-0b96a8df547c", running.Thread);
            Assert.Equal(VdsmTaskResult.Unknown, VdsmTaskResultOf(move)); // still running at the end of the excerpt

            VdsmExternalCommand dd = Assert.Single(CommandsFromText(MoveImageFlow));
            Assert.Equal("/bin/dd", dd.Executable);                   // behind ionice -c2 -n7
            Assert.Null(dd.Succeeded);
            Assert.False(dd.IsComplete);
        }

        private static VdsmTaskResult VdsmTaskResultOf(VdsmTask t) => t.IsComplete ? t.Result : VdsmTaskResult.Unknown;

        [Fact]
        public void Wiki_Tune2fsFailed_WithRcAndStderr()
        {
            List<VdsmExternalCommand> cmds = CommandsFromText(ExternalCommands);
            Assert.Equal(2, cmds.Count);
            VdsmExternalCommand e2fsck = cmds[0];
            Assert.Equal("/sbin/e2fsck", e2fsck.Executable);
            Assert.True(e2fsck.Succeeded);
            Assert.Equal(0, e2fsck.ExitCode);
            Assert.Equal(string.Empty, e2fsck.StdErr);
            VdsmExternalCommand tune = cmds[1];
            Assert.Equal("/usr/bin/sudo -n /sbin/tune2fs -j /dev/52493f96-d716-409f-b696-8cb8d5b43527/master", tune.CommandLine);
            Assert.Equal("/sbin/tune2fs", tune.Executable);
            Assert.False(tune.Succeeded);
            Assert.Equal(1, tune.ExitCode);
            Assert.Equal("The filesystem already has a journal.\n", tune.StdErr);
            Assert.Equal("21a24db4-d553-437b-844b-30414bcc8f97", tune.TaskId);
            Assert.Equal(TimeSpan.FromMilliseconds(17), tune.Duration);
            Assert.Null(tune.Cwd);
        }

        [Fact]
        public void Wiki_CallerAddress_OfAStorageVerb()
        {
            // The wiki's "Storage verbs log the caller and the verb in separate lines" excerpt (wrapping repaired).
            string text = "Thread-1950::DEBUG::2011-12-07 12:14:15,017::clientIF::225::Storage.Dispatcher.Protect::(wrapper) [10.35.16.71]\n"
                + "Thread-1950::INFO::2011-12-07 12:14:15,018::dispatcher::94::Storage.Dispatcher.Protect::(run) Run and protect: getDeviceList, args: ( storageType=2)\n";
            VdsmTask t = Assert.Single(TasksFromText(text));
            Assert.Equal("getDeviceList", t.Verb);
            Assert.Equal("10.35.16.71", t.CallerAddress);
            Assert.Equal("2", t.ArgumentValues["storageType"]);
            Assert.False(t.IsComplete);
            Assert.Equal(VdsmTaskResult.Unknown, t.Result);
        }

        [FixtureFact]
        public void WikiPage_AsPublished_ReadsWithoutCrashAndFindsTheFlows()
        {
            // The damaged page itself, fed as text: the flows are still found where a line survived whole.
            string page = File.ReadAllText(Repo.Fixture("vdsm", "ovirt-site-wiki", "log-files.html.md"));
            var issues = new IssueCollector();
            List<VdsmLogEntry> entries = EntriesFromText(page, issues: issues);
            // grep -cE '^ +[A-Za-z0-9-]+::(DEBUG|INFO|ERROR)::' log-files.html.md counts indented heads; a head must start its line,
            // so the page parses to none and the whole page is reported once as lines without a record header.
            Assert.Empty(entries);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord);
            string dedented = string.Join("\n", page.Split('\n').Select(l => l.TrimStart()));
            List<VdsmTask> tasks = TasksFromText(dedented);
            // The getTaskStatus verb lines carry link artefacts in the level field, but its task's first state change
            // survived whole: grep -n 'fc97d685-b677-4942-8df6-c0b6fcd33873' log-files.html.md
            VdsmTask status = Assert.Single(tasks, t => t.TaskId == "fc97d685-b677-4942-8df6-c0b6fcd33873");
            Assert.Equal(VdsmTaskKind.StorageTask, status.Kind);
            Assert.Equal("Thread-66", status.Thread);
            Assert.Equal("init>preparing", status.States[0].From + ">" + status.States[0].To);
            Assert.False(status.IsComplete);
            List<VdsmExternalCommand> cmds = CommandsFromText(dedented);
            // The qemu-img command line survived whole; its SUCCESS line has `<err>` in backticks, so it stays open.
            Assert.Contains(cmds, c => c.Executable == "/usr/bin/qemu-img" && c.TaskId == "e62a8238-30bf-4f38-99e5-2da35769783b" && !c.IsComplete);
        }

        [FixtureFact]
        public void InsightsCore_Ver3_OldLayout()
        {
            string path = Repo.Fixture("vdsm", "insights-core-fixtures", "insights-core_test_vdsm_log_VDSM_VER_3_LOG.log");
            List<VdsmLogEntry> e = Entries(path);
            Assert.Equal(File.ReadLines(path).Count(l => l.Length > 0), e.Count); // grep -c . $F: one record per line
            Assert.Contains(e, x => x.Thread == "VM Channels Listener" && x.Message == "Timeout on fileno 47.");
            VdsmLogEntry state = e.Single(x => x.Message.Contains("moving from state init", StringComparison.Ordinal));
            Assert.Equal("57faf240-0efe-44e2-8485-ffa182bbc9dd", state.TaskId);

            var issues = new IssueCollector();
            VdsmTask repo = Assert.Single(Tasks(path, issues: issues));
            Assert.Equal("repoStats", repo.Verb);
            Assert.Equal("57faf240-0efe-44e2-8485-ffa182bbc9dd", repo.TaskId);
            Assert.Equal("Thread-13", repo.Thread);
            Assert.Equal(VdsmTaskResult.Succeeded, repo.Result);

            List<VdsmExternalCommand> cmds = Commands(path, issues: issues);
            // grep -c 'SUCCESS: <err>' $F = 3, grep -c '(cwd None)' $F = 2: the first SUCCESS has no command line in the excerpt.
            Assert.Equal(3, cmds.Count);
            Assert.False(cmds[0].IsComplete);
            Assert.Null(cmds[0].CommandLine);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.OrphanEvent && i.LineNumber == 1);
            Assert.Equal("/bin/dd", cmds[1].Executable);
            Assert.Equal("1+0 records in\n1+0 records out\n4096 bytes (4.1 kB) copied, 0.00020047 s, 20.4 MB/s\n", cmds[1].StdErr);
        }

        [FixtureFact]
        public void Falafel2016_BareLineIsAContinuation_AndDottedThread()
        {
            string path = Repo.Fixture("vdsm", "insights-core-fixtures", "falafel_test_vdsm_log_VDSM_LOG_2016.log");
            List<VdsmLogEntry> e = Entries(path);
            Assert.Equal(2, e.Count);
            Assert.Equal(2, e[0].LineCount);
            Assert.EndsWith("\nMigration is stuck: Hasn't progressed in 300.093597889 seconds. Aborting.", e[0].Message);
            Assert.Equal("jsonrpc.Executor-worker-2", e[1].Thread);
            Assert.Equal("Run and protect: repoStats(options=None)", e[1].Message);
        }

        [FixtureFact]
        public void SuperVdsm_FromCommitMessages()
        {
            // Lines quoted (indented by two spaces) in vdsm commit 44ac0375c9f2: grep -n 'MainProcess|' $C
            string c = File.ReadAllText(Repo.Fixture("vdsm", "oVirt-vdsm_git-commit-messages_with-log-excerpts.txt"));
            string lines = string.Join("\n", c.Split('\n').Where(l => l.StartsWith("  MainProcess|", StringComparison.Ordinal)).Select(l => l.Substring(2)));
            List<VdsmLogEntry> e = EntriesFromText(lines);
            Assert.Equal(5, e.Count);                                 // grep -c '^  MainProcess|' $C
            Assert.All(e, x => Assert.Equal("MainProcess|Thread-1000", x.Thread));
            VdsmExternalCommand ip = Assert.Single(CommandsFromText(lines));
            Assert.Equal("/sbin/ip link set dev eth0 mtu None", ip.CommandLine);
            Assert.Equal("/sbin/ip", ip.Executable);
            Assert.False(ip.Succeeded);
            Assert.Equal(255, ip.ExitCode);
            Assert.Equal("Error: argument \"None\" is wrong: Invalid \"mtu\" value\n\n", ip.StdErr);
        }
    }
}
