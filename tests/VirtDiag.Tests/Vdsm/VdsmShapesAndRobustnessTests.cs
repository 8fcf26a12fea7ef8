using System.Text;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>New-layout variants (offset or not, level width 5 or 7), time zones, and bad input: never a crash.</summary>
    public sealed class VdsmShapesAndRobustnessTests
    {
        private static string Insights(string n) => Repo.Fixture("vdsm", "insights-core-fixtures", "insights-core_test_vdsm_log_VDSM_VER_4_LOG_" + n + ".log");

        [FixtureFact]
        public void InsightsVer4_2_TracebackDispatcherRpcAndOpenApiCall()
        {
            string path = Insights("2");
            List<VdsmLogEntry> e = Entries(path);
            Assert.Equal(File.ReadLines(path).Count(l => l.StartsWith("2017", StringComparison.Ordinal)), e.Count); // grep -c '^2017' $F
            VdsmLogEntry failed = e[0];
            Assert.Equal(TimeSpan.FromMinutes(330), failed.Timestamp.Offset);    // +0530
            Assert.Equal("vm/1b8dc1a2", failed.Thread);
            Assert.Equal(617, failed.LineNumberInSource);
            Assert.Equal("libvirtError", failed.Traceback!.ExceptionType);
            Assert.Equal("internal error: Attempted double use of PCI slot 0000:00:01.0 (may need \"multifunction='on'\" for device on function 0)", failed.Traceback.ExceptionMessage);
            Assert.Equal("wrapperrr", failed.Traceback.Frames[3].Function); // the fixture author's typo, kept
            Assert.Single(e, x => x.Level == VdsmLogLevel.Warning);

            List<VdsmTask> tasks = Tasks(path);
            VdsmTask spm = tasks.Single(t => t.Verb == "getSpmStatus");
            Assert.True(spm.IsComplete);
            Assert.Equal(TimeSpan.FromMilliseconds(12), spm.Duration);
            VdsmTask rpc = tasks.Single(t => t.Verb == "StoragePool.getSpmStatus");
            Assert.Equal(TimeSpan.FromSeconds(0.01), rpc.Duration);   // "succeeded in 0.01 seconds" with no Calling line
            Assert.Equal(rpc.EndTime - TimeSpan.FromSeconds(0.01), rpc.StartTime);
            VdsmTask destroy = tasks.Single(t => t.Verb == "destroy");
            Assert.Equal(VdsmTaskKind.Api, destroy.Kind);
            Assert.False(destroy.IsComplete);                         // START with no FINISH in the excerpt
            Assert.Equal(VdsmTaskResult.Unknown, destroy.Result);
            Assert.Equal("1", destroy.ArgumentValues["gracefulAttempts"]);
        }

        [FixtureFact]
        public void InsightsVer4_3_And_4_ThreadNamesWithParenthesesAndSpaces()
        {
            List<VdsmLogEntry> e3 = Entries(Insights("3"));
            Assert.Contains(e3, x => x.Thread == "ioprocess communication (16074)"); // grep -c 'ioprocess communication (16074)' $F
            List<VdsmLogEntry> e4 = Entries(Insights("4"));
            VdsmLogEntry ssl = e4.First(x => x.Level == VdsmLogLevel.Error);
            Assert.Equal("Reactor thread", ssl.Thread);
            Assert.Equal("ProtocolDetector.SSLHandshakeDispatcher", ssl.Logger);
            Assert.Equal("Error during handshake: unexpected eof", ssl.Message);
            Assert.Equal("m2cutils", ssl.Module);
            Assert.Equal(304, ssl.LineNumberInSource);
        }

        [FixtureFact]
        public void InsightsVer4_5_TasksetCommand()
        {
            List<VdsmExternalCommand> c = Commands(Insights("5"));
            Assert.Equal(2, c.Count);                                 // grep -c 'SUCCESS: <err>' $F
            Assert.All(c, x => Assert.Equal("dd", x.Executable));     // /usr/bin/taskset --cpu-list 0-15 dd …
            Assert.Equal(TimeSpan.FromMilliseconds(51), c[0].Duration); // 09:20:02,955 .. 09:20:03,006
        }

        // vdsm 4.19-dev (commit 13c38e2d4): no offset, level padded to 7. Quoted in the commit-message file, line 2093.
        private const string NoOffsetSeven = "2016-09-23 02:11:43,319 INFO    (MainThread) [vds] VDSM will run with cpu affinity: frozenset([1]) (vdsm:251)";

        [Fact]
        public void NoOffset_IsUtcByDefault_AndSaysSo()
        {
            VdsmLogEntry e = Assert.Single(EntriesFromText(NoOffsetSeven));
            Assert.Equal(VdsmLogLevel.Info, e.Level);
            Assert.Equal("MainThread", e.Thread);
            Assert.Equal("vds", e.Logger);
            Assert.Equal("VDSM will run with cpu affinity: frozenset([1])", e.Message);
            Assert.Equal(251, e.LineNumberInSource);
            Assert.Equal(VdsmTimestampKind.AssumedUtc, e.TimestampKind);
            Assert.Equal(new DateTimeOffset(2016, 9, 23, 2, 11, 43, 319, TimeSpan.Zero), e.Timestamp);
        }

        [Theory]
        [InlineData("+0300", 180)]
        [InlineData("-05:30", -330)]
        [InlineData("UTC", 0)]
        [InlineData("Europe/Prague", 120)] // CEST on 2016-09-23
        public void TimeZone_AppliesToTimesWithoutOffset(string zone, int offsetMinutes)
        {
            var o = new VdsmEntryOptions { TimeZone = VdsmReadOptions.ParseTimeZone(zone) };
            VdsmLogEntry e = Assert.Single(EntriesFromText(NoOffsetSeven, o));
            Assert.Equal(VdsmTimestampKind.AssumedTimeZone, e.TimestampKind);
            Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), e.Timestamp.Offset);
            Assert.Equal(new DateTime(2016, 9, 23, 2, 11, 43, 319), e.Timestamp.DateTime);

            // A time with its own offset keeps it whatever the zone.
            VdsmLogEntry own = Assert.Single(EntriesFromText("2017-02-23 11:01:02,966+0100 DEBUG (mailbox-spm) [storage.Misc.excCmd] x (commands:69)", o));
            Assert.Equal(VdsmTimestampKind.FromLog, own.TimestampKind);
            Assert.Equal(TimeSpan.FromHours(1), own.Timestamp.Offset);
        }

        [Theory]
        [InlineData("")]
        [InlineData("Mars/Olympus")]
        [InlineData("+2500")]
        public void TimeZone_BadValueIsAnArgumentError(string zone)
        {
            Assert.ThrowsAny<ArgumentException>(() => VdsmReadOptions.ParseTimeZone(zone));
        }

        [Fact]
        public void LinesCutMidway_BecomeEntriesWithIssues()
        {
            string text = "2017-02-23 11:01:02,966+0100 DEB\n"
                + "2017-02-23 11:01:03,000+0100 INFO  (jsonrpc/4) [jsonrpc.JsonRp\n"
                + "2017-02-2\n"
                + "Thread-13::INFO::2015-05-04 00:01:15,854::logUt\n"
                + "2017-02-23 11:01:04,000+0100 INFO  (jsonrpc/4) [dispatcher] whole (logUtils:51)\n";
            var issues = new IssueCollector();
            List<VdsmLogEntry> e = EntriesFromText(text, issues: issues);
            Assert.Equal(4, e.Count);
            Assert.Equal(VdsmLogLevel.Unknown, e[0].Level);           // "DEB" is no level
            Assert.Equal("jsonrpc/4", e[1].Thread);
            Assert.Null(e[1].Logger);
            Assert.EndsWith("\n2017-02-2", e[1].Message);             // too short to be a head: a continuation
            Assert.Equal("Thread-13", e[2].Thread);
            Assert.Null(e[2].Logger);
            Assert.Equal("whole", e[3].Message);
            Assert.Equal(3, issues.Issues.Count(i => i.Kind == IssueKind.MalformedRecord));
        }

        [Fact]
        public void TracebackAtEndOfFile_IsKeptIncomplete()
        {
            string text = "2017-02-23 11:02:49,851+0100 ERROR (jsonrpc/4) [jsonrpc.JsonRpcServer] Internal server error (__init__:589)\n"
                + "Traceback (most recent call last):\n"
                + "  File \"/usr/lib/python2.7/site-packages/yajsonrpc/__init__.py\", line 584, in _handle_request\n"
                + "    res = method(**params)\n"
                + "  File \"/usr/lib/python2.7/site-packages/vdsm/rpc/Bridge.py\", line 202, in _dynamicMethod\n";
            VdsmLogEntry e = Assert.Single(EntriesFromBytes(Encoding.UTF8.GetBytes(text)));
            Assert.Equal(5, e.LineCount);
            Assert.False(e.Traceback!.IsComplete);
            Assert.Null(e.Traceback.ExceptionType);
            Assert.Equal(2, e.Traceback.Frames.Count);
            Assert.Equal("_dynamicMethod", e.Traceback.Frames[1].Function);
            Assert.Null(e.Traceback.Frames[1].Code);
        }

        [Fact]
        public void TracebackWithNoHeader_IsReportedAndReadingGoesOn()
        {
            string text = "  File \"/usr/share/vdsm/virt/vm.py\", line 2603, in hotplugMemory\n"
                + "    self._dom.attachDevice(deviceXml)\n"
                + "libvirtError: unsupported configuration\n"
                + "2017-02-23 11:12:43,000+0100 ERROR (jsonrpc/2) [virt.vm] hotplugMemory failed (vm:2605)\n";
            var issues = new IssueCollector();
            VdsmLogEntry e = Assert.Single(EntriesFromBytes(Encoding.UTF8.GetBytes(text), issues));
            Assert.Equal(4, e.LineNumber);
            Issue i = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.TruncatedRecord, i.Kind);
            Assert.Equal(1, i.LineNumber);
            Assert.StartsWith("3 line(s) before the first record header", i.Message);

            // With the Traceback line but no header: the issue names the exception.
            issues = new IssueCollector();
            EntriesFromBytes(Encoding.UTF8.GetBytes("Traceback (most recent call last):\n" + text), issues);
            Assert.Contains("ending in libvirtError: unsupported configuration", Assert.Single(issues.Issues).Message);
        }

        [Fact]
        public void GarbageAndJoinedLines_NeverThrow()
        {
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.UTF8.GetBytes("2017-02-23 11:01:02,966+0100 DEBUG (a) [b] one (m:1)2017-02-23 11:01:02,967+0100 DEBUG (a) [b] two (m:2)\n"));
            bytes.AddRange(new byte[] { 0, 0xFF, 0xFE, (byte)'\n', 0xC3, (byte)':', (byte)':', (byte)'\n' });
            bytes.AddRange(Encoding.UTF8.GetBytes("::DEBUG::\n(\n()[]\n9999-99-99 99:99:99,999 DEBUG (x) [y] z\n"));
            bytes.AddRange(Encoding.UTF8.GetBytes("2017-02-23 11:01:03,000+0100 INFO  (t) [l] last (m:3)\n"));
            var issues = new IssueCollector();
            List<VdsmLogEntry> e = EntriesFromBytes(bytes.ToArray(), issues);
            Assert.Equal(2, e.Count);
            Assert.Contains("2017-02-23 11:01:02,967+0100 DEBUG (a) [b] two", e[0].Message); // joined line: one record
            Assert.Equal(2, e[0].LineNumberInSource);
            Assert.Equal(7, e[0].LineCount);                          // the garbage lines are its continuation
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.MalformedRecord && i.LineNumber == 7); // impossible date
            Assert.Equal("last", e[1].Message);
        }

        [FixtureFact]
        public void RandomCutsOfTheLabLog_NeverThrow()
        {
            byte[] all = File.ReadAllBytes(MainPath);
            var rng = new Random(20261122);                           // fixed seed: reproducible
            for (int round = 0; round < 40; round++)
            {
                int start = rng.Next(all.Length - 1);
                int length = Math.Min(all.Length - start, rng.Next(1, 200_000));
                byte[] slice = new byte[length];
                Array.Copy(all, start, slice, 0, length);
                if (round % 3 == 0) slice[rng.Next(length)] = (byte)'\n'; // and a line split in two
                var issues = new IssueCollector();
                List<VdsmLogEntry> e = EntriesFromBytes(slice, issues);
                string text = Encoding.UTF8.GetString(slice);
                Assert.True(e.Count <= text.Split('\n').Length);
                List<VdsmTask> t = TasksFromText(text, issues);
                List<VdsmExternalCommand> c = CommandsFromText(text, issues);
                Assert.All(t, x => Assert.True(x.StartTime.HasValue || x.EndTime.HasValue));
                Assert.All(c, x => Assert.True(x.StartTime.HasValue || x.EndTime.HasValue));
            }
        }

        [Fact]
        public void OrphanEnds_AreReportedAndStillEmitted()
        {
            string text = "2017-02-23 11:01:04,697+0100 INFO  (jsonrpc/7) [dispatcher] Run and protect: getSpmStatus, Return response: {'status': {'message': 'OK', 'code': 0}} (logUtils:54)\n"
                + "2017-02-23 11:01:04,698+0100 INFO  (jsonrpc/1) [vdsm.api] FINISH destroy error=Virtual machine does not exist (api:52)\n"
                + "2017-02-23 11:01:04,699+0100 DEBUG (tasks/1) [storage.TaskManager.Task] (Task='0df331a8-9832-41d4-80f3-6970ec7ab620') moving from state queued -> state running (task:600)\n"
                + "2017-02-23 11:01:04,700+0100 DEBUG (m) [storage.Misc.excCmd] FAILED: <err> = 'x'; <rc> = 3 (commands:93)\n";
            var issues = new IssueCollector();
            List<VdsmTask> t = TasksFromText(text, issues);
            Assert.Equal(3, t.Count);
            Assert.All(t, x => Assert.False(x.IsComplete));
            Assert.Equal(VdsmTaskResult.Succeeded, t.Single(x => x.Verb == "getSpmStatus").Result);
            VdsmTask destroy = t.Single(x => x.Verb == "destroy");
            Assert.Equal(VdsmTaskResult.Failed, destroy.Result);
            Assert.Equal("Virtual machine does not exist", destroy.Error);
            Assert.Equal("0df331a8-9832-41d4-80f3-6970ec7ab620", t.Single(x => x.Kind == VdsmTaskKind.StorageTask).TaskId);
            Assert.Equal(3, issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));

            VdsmExternalCommand c = Assert.Single(CommandsFromText(text, issues));
            Assert.Null(c.CommandLine);
            Assert.Equal(3, c.ExitCode);
            Assert.Equal(4, issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));
        }

        [Fact]
        public void HugeRecord_IsCapped()
        {
            var sb = new StringBuilder("2017-02-23 11:01:04,697+0100 INFO  (t) [l] big dump\n");
            for (int i = 0; i < VdsmLogParser.MaxContinuationLines + 50; i++) sb.Append("    <x/>\n");
            sb.Append("2017-02-23 11:01:05,000+0100 INFO  (t) [l] after (m:1)\n");
            var issues = new IssueCollector();
            List<VdsmLogEntry> e = EntriesFromBytes(Encoding.UTF8.GetBytes(sb.ToString()), issues);
            Assert.Equal(2, e.Count);
            Assert.Equal(VdsmLogParser.MaxContinuationLines + 51, e[0].LineCount);
            Assert.Equal(VdsmLogParser.MaxContinuationLines - 1, e[0].Message.Count(ch => ch == '\n'));
            Assert.Single(issues.Issues, i => i.Kind == IssueKind.LimitExceeded);
        }

        [Fact]
        public void ApiStartFinish_WithFromFlowIdAndTaskId()
        {
            // The unified storage/virt API logging of vdsm ≥ 4.19.49 / 4.20 (NOTES.md §2), synthetic ids.
            string text = "2018-06-14 07:44:54,700-0400 INFO  (jsonrpc/7) [vdsm.api] START getSpmStatus(spUUID=u'5a9ca74c-fbc1-4844-92db-18086447c491', options=None) from=::ffff:10.35.0.1,51122, flow_id=3f2a9c1b, task_id=1d9d4b6e-4a7c-4c1b-9d1e-3e5f8a2b7c10 (api:46)\n"
                + "2018-06-14 07:44:54,701-0400 DEBUG (jsonrpc/7) [storage.TaskManager.Task] (Task='1d9d4b6e-4a7c-4c1b-9d1e-3e5f8a2b7c10') moving from state init -> state preparing (task:602)\n"
                + "2018-06-14 07:44:54,760-0400 DEBUG (jsonrpc/7) [storage.TaskManager.Task] (Task='1d9d4b6e-4a7c-4c1b-9d1e-3e5f8a2b7c10') moving from state preparing -> state aborting (task:602)\n"
                + "2018-06-14 07:44:54,767-0400 ERROR (jsonrpc/7) [storage.Dispatcher] FINISH getSpmStatus error=Cannot inquire Lease(name='SDM') (dispatcher:83)\n";
            VdsmTask t = Assert.Single(TasksFromText(text));
            Assert.Equal("getSpmStatus", t.Verb);
            Assert.Equal("::ffff:10.35.0.1", t.CallerAddress);
            Assert.Equal("3f2a9c1b", t.FlowId);
            Assert.Equal("1d9d4b6e-4a7c-4c1b-9d1e-3e5f8a2b7c10", t.TaskId);
            Assert.Equal(VdsmTaskResult.Failed, t.Result);                     // aborting because of an error is a failure
            Assert.Equal("Cannot inquire Lease(name='SDM')", t.Error);
            Assert.Equal(TimeSpan.FromMilliseconds(67), t.Duration);
            Assert.Equal(2, t.States.Count);
        }
    
        [Fact]
        public void SlowRpcCall_FailedAsyncTask_AndCritLevel()
        {
            // Wordings of current vdsm (NOTES.md §2): a slow JSON-RPC call, an async task ending in state failed. Synthetic ids.
            string text = "2021-08-27 14:08:34,579-0500 WARN  (jsonrpc/7) [jsonrpc.JsonRpcServer] RPC call Host.getDeviceList took more than 60.00 seconds to succeed: 62.41 (__init__:316)\n"
                + "2021-08-27 14:09:00,000-0500 DEBUG (jsonrpc/2) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') moving from state init -> state preparing (task:624)\n"
                + "2021-08-27 14:09:00,001-0500 INFO  (jsonrpc/2) [vdsm.api] START copyImage(sdUUID='a', spUUID='b') from=::ffff:192.168.1.10,40000, flow_id=abc123, task_id=6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01 (api:48)\n"
                + "2021-08-27 14:09:00,010-0500 DEBUG (jsonrpc/2) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') moving from state preparing -> state acquiring (task:624)\n"
                + "2021-08-27 14:09:00,011-0500 DEBUG (jsonrpc/2) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') moving from state acquiring -> state queued (task:624)\n"
                + "2021-08-27 14:09:00,012-0500 INFO  (jsonrpc/2) [vdsm.api] FINISH copyImage return=None from=::ffff:192.168.1.10,40000, flow_id=abc123, task_id=6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01 (api:54)\n"
                + "2021-08-27 14:09:00,020-0500 DEBUG (tasks/3) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') moving from state queued -> state running (task:624)\n"
                + "2021-08-27 14:09:05,020-0500 CRIT  (tasks/3) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') Unexpected error (task:877)\n"
                + "2021-08-27 14:09:05,021-0500 DEBUG (tasks/3) [storage.TaskManager.Task] (Task='6c0e6a7e-0b7a-4c55-8a45-5d6a8d2b6f01') moving from state running -> state failed (task:624)\n";
            Assert.Single(EntriesFromText(text), e => e.Level == VdsmLogLevel.Critical);
            List<VdsmTask> t = TasksFromText(text);
            Assert.Equal(2, t.Count);
            VdsmTask slow = t[0];
            Assert.Equal("Host.getDeviceList", slow.Verb);
            Assert.Equal(VdsmTaskResult.Succeeded, slow.Result);
            Assert.Equal(TimeSpan.FromSeconds(62.41), slow.Duration);
            VdsmTask copy = t[1];
            Assert.Equal("copyImage", copy.Verb);
            Assert.True(copy.IsAsync);
            Assert.Equal(VdsmTaskResult.Failed, copy.Result);
            Assert.Equal("Unexpected error", copy.Error);
            Assert.Equal("abc123", copy.FlowId);
            Assert.Equal(TimeSpan.FromMilliseconds(5021), copy.Duration);   // 14:09:00,000 (init) .. 14:09:05,021 (failed)
            Assert.Equal(new[] { "preparing", "acquiring", "queued", "running", "failed" }, copy.States.Select(x => x.To));
        }
    }
}
