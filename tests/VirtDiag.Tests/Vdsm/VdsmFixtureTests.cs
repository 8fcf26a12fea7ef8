using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>
    /// The real 3.6 MB new-layout vdsm.log from an oVirt lab (../shared/fixtures/vdsm, see PROVENANCE.md).
    /// Every number is checked independently with the grep/sed command in the comment beside it
    /// (F=mz-pdm_ovirt-log-analyzer_vdsm-1.log in that folder).
    /// </summary>
    public sealed class VdsmFixtureTests
    {
        [FixtureFact]
        public void MainLog_EntriesCountAndLayout()
        {
            var issues = new IssueCollector();
            List<VdsmLogEntry> entries = Entries(MainPath, issues: issues);
            Assert.Equal(16474, entries.Count);                       // grep -c '^[0-9]' $F
            Assert.Empty(issues.Issues);
            Assert.All(entries, e => Assert.Equal(VdsmTimestampKind.FromLog, e.TimestampKind));
            Assert.All(entries, e => Assert.Equal(VdsmLogFormat.New, e.Format));
            Assert.Equal(16603, entries.Sum(e => (long)e.LineCount)); // wc -l $F: every line belongs to one record

            VdsmLogEntry first = entries[0];                          // head -1 $F
            Assert.Equal(T("2017-02-23T11:01:02.966+01:00"), first.Timestamp);
            Assert.Equal(TimeSpan.FromHours(1), first.Timestamp.Offset);
            Assert.Equal(VdsmLogLevel.Debug, first.Level);
            Assert.Equal("mailbox-spm", first.Thread);
            Assert.Equal("storage.Misc.excCmd", first.Logger);
            Assert.Equal("commands", first.Module);
            Assert.Equal(69, first.LineNumberInSource);
            Assert.EndsWith("bs=1024000 (cwd None)", first.Message);
            Assert.Equal(1, first.LineNumber);

            // Thread names with parentheses and spaces: sed -n 16p $F
            VdsmLogEntry io = entries.Single(e => e.LineNumber == 16);
            Assert.Equal("ioprocess communication (14359)", io.Thread);
            Assert.Equal("IOProcess", io.Logger);
            Assert.Equal("Queuing request (slotsLeft=20)", io.Message);
            Assert.Equal("__init__", io.Module);
            Assert.Equal(445, io.LineNumberInSource);

            Assert.Equal(9, entries.Count(e => e.Level == VdsmLogLevel.Warning)); // grep -c '^2017-02-23 [0-9:,+]* WARN ' $F
            Assert.Equal(2, entries.Count(e => e.Level == VdsmLogLevel.Error));   // grep -c '^2017-02-23 [0-9:,+]* ERROR' $F
        }

        [FixtureFact]
        public void MainLog_TracebacksAndXmlBodies()
        {
            List<VdsmLogEntry> entries = Entries(MainPath);
            List<VdsmLogEntry> withTb = entries.Where(e => e.Traceback != null).ToList();
            Assert.Equal(2, withTb.Count);                            // grep -c 'Traceback (most recent call last)' $F

            VdsmLogEntry a = withTb[0];                               // sed -n '2144,2160p' $F
            Assert.Equal(2144, a.LineNumber);
            Assert.Equal(17, a.LineCount);
            Assert.Equal("Internal server error", a.Message.Split('\n')[0]);
            Assert.Equal("__init__", a.Module);
            Assert.Equal(589, a.LineNumberInSource);
            Assert.Equal("NotConnectedError", a.Traceback!.ExceptionType);
            Assert.Equal("VM u'dd18b0d2-ecd0-43dc-9f86-7e1219780967' was not started yet or was shut down", a.Traceback.ExceptionMessage);
            Assert.Equal(7, a.Traceback.Frames.Count);                // sed -n '2145,2160p' $F | grep -c '^  File'
            Assert.True(a.Traceback.IsComplete);
            VdsmTracebackFrame top = a.Traceback.Frames[0];
            Assert.Equal("/usr/lib/python2.7/site-packages/yajsonrpc/__init__.py", top.File);
            Assert.Equal(584, top.Line);
            Assert.Equal("_handle_request", top.Function);
            Assert.Equal("res = method(**params)", top.Code);
            VdsmTracebackFrame last = a.Traceback.Frames[6];
            Assert.Equal("/usr/lib/python2.7/site-packages/vdsm/virt/virdomain.py", last.File);
            Assert.Equal(47, last.Line);
            Assert.Equal("__getattr__", last.Function);
            Assert.Equal("% self.vmid)", last.Code);

            VdsmLogEntry b = withTb[1];                               // sed -n '12347,12359p' $F
            Assert.Equal(12347, b.LineNumber);
            Assert.Equal(13, b.LineCount);
            Assert.Equal("libvirtError", b.Traceback!.ExceptionType);
            Assert.Equal("unsupported configuration: Attaching memory device with size '2097152' would exceed domain's maxMemory config", b.Traceback.ExceptionMessage);
            Assert.Equal(5, b.Traceback.Frames.Count);                // sed -n '12348,12359p' $F | grep -c '^  File'
            Assert.Equal("attachDevice", b.Traceback.Frames[4].Function);
            Assert.Equal(536, b.Traceback.Frames[4].Line);

            // Domain XML dump: the header at 8316, 99 continuation lines, "(vm:2093)" alone on line 8415.
            VdsmLogEntry xml = entries.Single(e => e.LineNumber == 8316);
            Assert.Equal(100, xml.LineCount);                         // sed -n '8317,8415p' $F | grep -vc '^[0-9]'  (= 99)
            Assert.Equal("vm", xml.Module);
            Assert.Equal(2093, xml.LineNumberInSource);
            Assert.EndsWith("</domain>", xml.Message);
            Assert.Contains("<name>debian</name>", xml.Message);
            Assert.Null(xml.Traceback);

            // One-line XML continuation with the location at its end: sed -n '12152,12153p' $F
            VdsmLogEntry hot = entries.Single(e => e.LineNumber == 12152);
            Assert.Equal(2, hot.LineCount);
            Assert.Equal(2600, hot.LineNumberInSource);
            Assert.EndsWith("</memory>", hot.Message);
        }

        [FixtureFact]
        public void MainLog_Filters()
        {
            var o = new VdsmEntryOptions();
            o.Level = new[] { VdsmLogLevel.Error };
            Assert.Equal(2, Entries(MainPath, o).Count);              // grep -c '^2017-02-23 [0-9:,+]* ERROR' $F

            o = new VdsmEntryOptions();
            o.TaskId = new[] { "C7E3D5B8-25CF-4FDA-B416-E4458EDCE9DB" };
            // grep -cE "Task='c7e3d5b8-25cf-4fda-b416-e4458edce9db'|[Tt]ask c7e3d5b8-25cf-4fda-b416-e4458edce9db" $F
            Assert.Equal(25, Entries(MainPath, o).Count);

            o = new VdsmEntryOptions { Match = "volume group" };
            Assert.Equal(12, Entries(MainPath, o).Count);             // grep -c 'Volume group' $F

            o = new VdsmEntryOptions();
            o.Thread = new[] { "jsonrpc/*" };
            Assert.Equal(5181, Entries(MainPath, o).Count);           // grep -c ' (jsonrpc/' $F

            o = new VdsmEntryOptions();
            o.Logger = new[] { "storage.misc.EXCCMD" };
            o.Thread = new[] { "mailbox-spm" };
            // grep -c '(mailbox-spm) \[storage.Misc.excCmd\]' $F
            Assert.Equal(Count("(mailbox-spm) [storage.Misc.excCmd]"), Entries(MainPath, o).Count);

            o = new VdsmEntryOptions { After = T("2017-02-23T11:10:00+01:00"), Before = T("2017-02-23T11:11:00+01:00") };
            // grep -c '^2017-02-23 11:10:' $F
            Assert.Equal(Count("2017-02-23 11:10:", atStart: true), Entries(MainPath, o).Count);
        }

        private static int Count(string text, bool atStart = false)
            => File.ReadLines(MainPath).Count(l => atStart ? l.StartsWith(text, StringComparison.Ordinal) : l.Contains(text, StringComparison.Ordinal));

        [FixtureFact]
        public void MainLog_Tasks()
        {
            var issues = new IssueCollector();
            List<VdsmTask> tasks = Tasks(MainPath, issues: issues);
            List<VdsmTask> dispatcher = tasks.Where(t => t.Kind == VdsmTaskKind.StorageDispatcher).ToList();
            Assert.Equal(397, dispatcher.Count);                      // grep -c 'Run and protect: [A-Za-z]*(' $F
            Assert.All(dispatcher, t => Assert.True(t.IsComplete));   // grep -c 'Run and protect: [A-Za-z]*, Return response' $F = 397
            Assert.All(dispatcher, t => Assert.NotNull(t.TaskId));    // grep -c 'moving from state init -> state preparing' $F = 397
            Assert.Equal(108, dispatcher.Count(t => t.Verb == "getSpmStatus")); // grep -c 'Run and protect: getSpmStatus(' $F
            Assert.Equal(6, dispatcher.Count(t => t.IsAsync));        // grep -c 'moving from state acquiring -> state queued' $F
            Assert.DoesNotContain(tasks, t => t.Kind == VdsmTaskKind.StorageTask); // every task was joined to its verb
            Assert.Empty(issues.Issues);

            // First getSpmStatus: sed -n '56,60p' $F
            VdsmTask spm = dispatcher.First(t => t.Verb == "getSpmStatus");
            Assert.Equal("c92b356d-1092-4499-9017-2e49408edfab", spm.TaskId);
            Assert.Equal("jsonrpc/7", spm.Thread);
            Assert.Equal(56, spm.LineNumber);
            Assert.Equal(T("2017-02-23T11:01:04.687+01:00"), spm.StartTime);
            Assert.Equal(T("2017-02-23T11:01:04.698+01:00"), spm.EndTime);
            Assert.Equal(TimeSpan.FromMilliseconds(11), spm.Duration);
            Assert.Equal(VdsmTaskResult.Succeeded, spm.Result);
            Assert.Equal("00000001-0001-0001-0001-000000000311", spm.ArgumentValues["spUUID"]);
            Assert.Equal("None", spm.ArgumentValues["options"]);
            Assert.Equal(new[] { "init>preparing", "preparing>finished" }, spm.States.Select(s => s.From + ">" + s.To));

            // Async deleteImage: grep -n 'c7e3d5b8-25cf-4fda-b416-e4458edce9db' $F (lines 1104 .. 1437)
            VdsmTask del = dispatcher.Single(t => t.TaskId == "c7e3d5b8-25cf-4fda-b416-e4458edce9db");
            Assert.Equal("deleteImage", del.Verb);
            Assert.True(del.IsAsync);
            Assert.Equal(T("2017-02-23T11:02:43.876+01:00"), del.StartTime);
            Assert.Equal(T("2017-02-23T11:02:44.391+01:00"), del.EndTime);   // sed -n 1437p $F: running -> finished
            Assert.Equal(TimeSpan.FromMilliseconds(515), del.Duration);
            Assert.Equal(VdsmTaskResult.Succeeded, del.Result);
            Assert.Equal(new[] { "preparing", "acquiring", "queued", "running", "finished" }, del.States.Select(s => s.To));
            Assert.Equal("tasks/6", del.States[3].Thread);
            Assert.Equal(1348, del.States[3].LineNumber);
            Assert.Equal("e916fb28-b8b9-4ca3-9834-9fdcdef6f949", del.ArgumentValues["imgUUID"]);

            // JSON-RPC: grep -cE 'RPC call \S+ succeeded' $F = 498, grep -cE 'RPC call \S+ failed' $F = 2
            List<VdsmTask> rpc = tasks.Where(t => t.Kind == VdsmTaskKind.JsonRpc).ToList();
            Assert.Equal(498, rpc.Count(t => t.Result == VdsmTaskResult.Succeeded));
            Assert.Equal(2, rpc.Count(t => t.Result == VdsmTaskResult.Failed));
            VdsmTask io = rpc.Single(t => t.Verb == "Host.getAllVmIoTunePolicies" && t.Result == VdsmTaskResult.Failed); // sed -n '2143,2161p' $F
            Assert.Equal(-32603, io.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(0.013), io.Duration);  // 11:02:49,841 .. 11:02:49,854 (logged "in 0.01 seconds")
            Assert.Equal("NotConnectedError: VM u'dd18b0d2-ecd0-43dc-9f86-7e1219780967' was not started yet or was shut down", io.Error);

            // API logging: grep -c '\] START hotplugMemory' $F = 4 ([api] and [vdsm.api] nest); the second call fails with code 70.
            List<VdsmTask> hot = tasks.Where(t => t.Kind == VdsmTaskKind.Api && t.Verb == "hotplugMemory").ToList();
            Assert.Equal(4, hot.Count);
            VdsmTask failed = hot.Single(t => t.Result == VdsmTaskResult.Failed && t.LineNumber == 12344); // sed -n '12344p;12360p' $F
            Assert.Equal(70, failed.StatusCode);
            Assert.Equal("unsupported configuration: Attaching memory device with size '2097152' would exceed domain's maxMemory config", failed.StatusMessage);
            Assert.Equal(T("2017-02-23T11:12:43.001+01:00"), failed.EndTime);
            Assert.Equal("libvirtError: unsupported configuration: Attaching memory device with size '2097152' would exceed domain's maxMemory config", failed.Error);
        }

        [FixtureFact]
        public void MainLog_TaskFilters()
        {
            var o = new VdsmTaskOptions();
            o.Verb = new[] { "getspm*" };
            Assert.Equal(108, Tasks(MainPath, o).Count);              // grep -c 'Run and protect: getSpmStatus(' $F
            o = new VdsmTaskOptions();
            o.Result = new[] { VdsmTaskResult.Failed };
            Assert.Equal(4, Tasks(MainPath, o).Count);                // 2 'RPC call … failed' + the hotplugMemory FINISH with code 70 in [vdsm.api] and [api]
            o = new VdsmTaskOptions { MinimumDuration = TimeSpan.FromSeconds(0.5) };
            Assert.All(Tasks(MainPath, o), t => Assert.True(t.Duration >= TimeSpan.FromSeconds(0.5)));
            Assert.Contains(Tasks(MainPath, o), t => t.TaskId == "c7e3d5b8-25cf-4fda-b416-e4458edce9db");
        }

        [FixtureFact]
        public void MainLog_ExternalCommands()
        {
            var issues = new IssueCollector();
            List<VdsmExternalCommand> cmds = Commands(MainPath, issues: issues);
            Assert.Equal(548, cmds.Count);                            // grep -c '(cwd ' $F
            Assert.Equal(536, cmds.Count(c => c.Succeeded == true));  // grep -c 'SUCCESS: <err>' $F
            Assert.Equal(12, cmds.Count(c => c.Succeeded == false));  // grep -c 'FAILED: <err>' $F
            Assert.All(cmds, c => Assert.True(c.IsComplete));
            Assert.Empty(issues.Issues);

            // sed -n '2974p;2978p' $F: the lvm vgs behind taskset and sudo failed with rc 5.
            VdsmExternalCommand lvm = cmds.First(c => c.Succeeded == false);
            Assert.Equal(2974, lvm.LineNumber);
            Assert.Equal("monitor/ed2199d", lvm.Thread);
            Assert.Equal("/sbin/lvm", lvm.Executable);
            Assert.StartsWith("/usr/bin/taskset --cpu-list 0-5 /usr/bin/sudo -n /sbin/lvm vgs --config ", lvm.CommandLine);
            Assert.Equal(5, lvm.ExitCode);
            Assert.Equal("  Volume group \"ed2199d0-0125-480e-85f0-04e9a3548abe\" not found\n  Cannot process volume group ed2199d0-0125-480e-85f0-04e9a3548abe\n", lvm.StdErr);
            Assert.Equal(T("2017-02-23T11:03:44.729+01:00"), lvm.EndTime);
            Assert.Equal(TimeSpan.FromMilliseconds(34), lvm.Duration);
            Assert.Null(lvm.Cwd);

            VdsmExternalCommand dd = cmds[0];                         // sed -n '1,2p' $F
            Assert.Equal("dd", dd.Executable);
            Assert.Equal(0, dd.ExitCode);
            Assert.Equal("1+0 records in\n1+0 records out\n1024000 bytes (1.0 MB) copied, 0.0021751 s, 471 MB/s\n", dd.StdErr);

            Assert.Equal(12, Commands(MainPath, new VdsmCommandOptions { Failed = true }).Count);
        }
    }
}
