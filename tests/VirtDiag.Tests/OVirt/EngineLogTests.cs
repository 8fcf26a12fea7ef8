using System.Text.RegularExpressions;
using VirtDiag.Diagnostics;
using VirtDiag.OVirt;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.OVirt.OVirtTestSupport;

namespace VirtDiag.Tests.OVirt
{
    /// <summary>
    /// engine.log records as the engine writes them (ovirt-engine.xml.in: <c>%d{yyyy-MM-dd HH:mm:ss,SSSX} %-5p [%c] (%t) [%X{ovirtCorrelationId}] %s%E%n</c>);
    /// the lines below are written for these tests in that shape.
    /// </summary>
    public sealed class EngineLogTests
    {
        [Theory]
        [InlineData("2026-03-14 09:15:26,535Z", "2026-03-14T09:15:26.535+00:00")]
        [InlineData("2026-03-14 17:15:26,535+08", "2026-03-14T17:15:26.535+08:00")]
        [InlineData("2026-03-14 17:15:26,535+0800", "2026-03-14T17:15:26.535+08:00")]
        [InlineData("2026-03-14 14:45:26,535+05:30", "2026-03-14T14:45:26.535+05:30")]
        [InlineData("2026-03-14 04:15:26,535-05", "2026-03-14T04:15:26.535-05:00")]
        public void TimestampKeepsTheOffsetAsWritten(string stamp, string expected)
        {
            var e = Assert.Single(Entries(stamp + " ERROR [org.ovirt.engine.core.bll.RunVmCommand] (default task-7) [a1b2c3d4] Something went wrong\n"));
            Assert.Equal(T(expected), e.Timestamp);
            Assert.Equal(T(expected).Offset, e.Timestamp.Offset);
            Assert.Equal(OVirtLogLevel.Error, e.Level);
            Assert.Equal("org.ovirt.engine.core.bll.RunVmCommand", e.Logger);
            Assert.Equal("RunVmCommand", e.LoggerClass);
            Assert.Equal("default task-7", e.Thread);
            Assert.Equal("a1b2c3d4", e.CorrelationId);
            Assert.Equal("Something went wrong", e.Message);
            Assert.Equal("engine01.lab", e.HostName);
        }

        [Fact]
        public void ThreadsWithSpacesAndParentheses_EmptyCorrelationId_PaddedLevels()
        {
            var list = Entries(
                "2026-03-14 09:15:26,535Z INFO  [org.ovirt.engine.core.uutils.config.ShellLikeConfd] (ServerService Thread Pool -- 61) [] Loaded file '/etc/ovirt-engine/engine.conf.d/10-lab.conf'.\n" +
                "2026-03-14 09:15:27,001Z WARN  [org.ovirt.engine.core.vdsbroker.VdsManager] (EE-ManagedThreadFactory-engine-Thread-(4)) [] Host 'node-b7' is not responding.\n" +
                "2026-03-14 09:15:28,002Z DEBUG [org.ovirt.engine.core.bll.Backend] (MSC service thread 1-3) [flow-77] Starting\n");
            Assert.Equal(3, list.Count);
            Assert.Equal("ServerService Thread Pool -- 61", list[0].Thread);
            Assert.Null(list[0].CorrelationId);
            Assert.Equal(OVirtLogLevel.Info, list[0].Level);
            Assert.Equal("EE-ManagedThreadFactory-engine-Thread-(4)", list[1].Thread);
            Assert.Equal(OVirtLogLevel.Warning, list[1].Level);
            Assert.Equal("Host 'node-b7' is not responding.", list[1].Message);
            Assert.Equal("flow-77", list[2].CorrelationId);
            Assert.Equal(OVirtLogLevel.Debug, list[2].Level);
        }

        [Fact]
        public void JavaTraceWithCausedByChainAttachesToItsRecord_AndIsNotAVdsmLocation()
        {
            string text =
                "2026-03-14 09:20:00,100+0100 ERROR [org.ovirt.engine.core.bll.RefreshHostCapabilitiesCommand] (ForkJoinPool-1-worker-9) [c0ffee01] Exception: org.ovirt.engine.core.vdsbroker.vdsbroker.VDSNetworkException: java.net.ConnectException: Connection refused\n" +
                "\tat org.ovirt.engine.core.vdsbroker.vdsbroker.VdsBrokerCommand.executeVDSCommand(VdsBrokerCommand.java:81) [vdsbroker.jar:]\n" +
                "\tat org.ovirt.engine.core.vdsbroker.VDSCommandBase.executeCommand(VDSCommandBase.java:73) [vdsbroker.jar:]\n" +
                "Caused by: java.net.ConnectException: Connection refused\n" +
                "\tat sun.nio.ch.SocketChannelImpl.checkConnect(Native Method) [rt.jar:1.8.0_201]\n" +
                "\t... 12 more\n" +
                "2026-03-14 09:20:00,200+0100 INFO  [org.ovirt.engine.core.bll.HandleVdsVersionCommand] (ForkJoinPool-1-worker-9) [c0ffee02] Running command: HandleVdsVersionCommand internal: true.\n";
            var list = Entries(text);
            Assert.Equal(2, list.Count);
            var e = list[0];
            Assert.Equal(6, e.LineCount);
            Assert.Equal("Exception: org.ovirt.engine.core.vdsbroker.vdsbroker.VDSNetworkException: java.net.ConnectException: Connection refused", e.Message);
            Assert.NotNull(e.Exception);
            Assert.Equal("org.ovirt.engine.core.vdsbroker.vdsbroker.VDSNetworkException", e.Exception!.Type);
            Assert.Equal("java.net.ConnectException: Connection refused", e.Exception.Message);
            Assert.Equal(new[] { "org.ovirt.engine.core.vdsbroker.vdsbroker.VdsBrokerCommand.executeVDSCommand(VdsBrokerCommand.java:81)", "org.ovirt.engine.core.vdsbroker.VDSCommandBase.executeCommand(VDSCommandBase.java:73)" }, e.Exception.Frames);
            Assert.Equal("java.net.ConnectException", e.Exception.Cause!.Type);
            Assert.Equal(12, e.Exception.Cause.OmittedFrames);
            Assert.Same(e.Exception.Cause, e.Exception.RootCause);
            Assert.Equal(7, list[1].LineNumber);
        }

        [Fact]
        public void ExceptionPrintedOnItsOwnLineBeforeTheFrames()
        {
            var e = Assert.Single(Entries(
                "2026-03-14 09:20:00,100Z ERROR [org.ovirt.engine.core.bll.tasks.CommandCallbacksPoller] (EE-ManagedScheduledExecutorService-engineScheduledThreadPool-Thread-3) [] Exception\n" +
                "java.lang.NullPointerException: vm is null\n" +
                "\tat org.ovirt.engine.core.bll.tasks.CommandCallbacksPoller.invokeCallbackMethods(CommandCallbacksPoller.java:129)\n"));
            Assert.Equal("Exception", e.Message);
            Assert.Equal("java.lang.NullPointerException", e.Exception!.Type);
            Assert.Equal("vm is null", e.Exception.Message);
            Assert.Single(e.Exception.Frames);
        }

        [Fact]
        public void StrayPrefixBeforeTheTimestampDoesNotLoseTheRecord_AndIsReportedOncePerDocument()
        {
            var issues = new IssueCollector();
            var list = Entries(
                "`2026-03-14 09:15:26,535Z INFO  [org.ovirt.engine.core.bll.AddVmCommand] (default task-3) [5e1f] Running command: AddVmCommand internal: false.\n" +
                "\uFEFF2026-03-14 09:15:27,535Z INFO  [org.ovirt.engine.core.bll.AddVmCommand] (default task-3) [5e1f] Lock freed to object 'EngineLock'\n" +
                "2026-03-14 09:15:28,535Z INFO  [org.ovirt.engine.core.bll.AddVmCommand] (default task-3) [5e1f] done\n", issues: issues);
            Assert.Equal(3, list.Count);
            Assert.Equal("Running command: AddVmCommand internal: false.", list[0].Message);
            Assert.Equal(T("2026-03-14T09:15:27.535Z"), list[1].Timestamp);
            var stray = Assert.Single(issues.Issues);
            Assert.Equal(IssueKind.Skipped, stray.Kind);
            Assert.StartsWith("2 record header(s) had stray text", stray.Message);
            Assert.Equal(1, stray.LineNumber);
        }

        [Fact]
        public void LinesBeforeTheFirstHeader_AndDatedLinesWithoutALevel_AreCountedOncePerDocument()
        {
            var issues = new IssueCollector();
            var list = Entries(
                "\tat org.ovirt.engine.core.bll.Backend.runAction(Backend.java:410)\n" +
                "\t... 3 more\n" +
                "2026-03-14 09:15:26,535Z INFO  [org.ovirt.engine.core.bll.Backend] (default task-1) [] first\n" +
                "2026-03-14 09:15:26 this is wrapped text that starts with a date\n" +
                "2026-03-14 09:15:27 and another\n", issues: issues);
            var e = Assert.Single(list);
            Assert.Equal(3, e.LineCount);
            Assert.Equal("first\n2026-03-14 09:15:26 this is wrapped text that starts with a date\n2026-03-14 09:15:27 and another", e.Message);
            Assert.Equal(2, issues.Issues.Count);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord && i.Message.StartsWith("2 line(s) before the first record header", StringComparison.Ordinal) && i.LineNumber == 1);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.StartsWith("2 line(s) start with a time but have no log level", StringComparison.Ordinal) && i.LineNumber == 4);
        }

        [Fact]
        public void FiltersApplyInCore()
        {
            string text =
                "2026-03-14 09:15:26,535Z INFO  [org.ovirt.engine.core.bll.RunVmCommand] (default task-1) [aa11] Running command: RunVmCommand internal: false.\n" +
                "2026-03-14 09:15:27,535Z ERROR [org.ovirt.engine.core.vdsbroker.vdsbroker.CreateBrokerVDSCommand] (default task-1) [aa11] Failed in 'CreateBrokerVDS' method\n" +
                "2026-03-14 09:15:28,535Z INFO  [org.ovirt.engine.core.bll.StopVmCommand] (default task-2) [bb22] Running command: StopVmCommand internal: false.\n";
            var o = new OVirtEngineEntryOptions();
            o.Levels.Add(OVirtLogLevel.Error);
            Assert.Equal("CreateBrokerVDSCommand", Assert.Single(Entries(text, o)).LoggerClass);
            o = new OVirtEngineEntryOptions();
            o.Loggers.Add("*VmCommand");
            Assert.Equal(2, Entries(text, o).Count);
            o = new OVirtEngineEntryOptions();
            o.CorrelationIds.Add("bb22");
            Assert.Equal("default task-2", Assert.Single(Entries(text, o)).Thread);
            o = new OVirtEngineEntryOptions { Match = "StopVm", After = T("2026-03-14T09:15:27Z") };
            Assert.Equal(3, Assert.Single(Entries(text, o)).LineNumber);
        }

        [FixtureFact]
        public void LabEngineLog_EveryLineBelongsToExactlyOneRecord()
        {
            var issues = new IssueCollector();
            var entries = FixtureEntries(issues: issues);
            string[] lines = File.ReadAllLines(EnginePath);
            int headers = lines.Count(l => Regex.IsMatch(l, @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}Z (INFO |WARN |ERROR|DEBUG) \["));
            Assert.Equal(headers, entries.Count);                               // grep -c '^20..-..-.. ..:..:..,...Z LEVEL [' = 1307
            Assert.Equal(1307, entries.Count);
            Assert.Equal(lines.Length, entries.Sum(e => e.LineCount));          // wc -l = 2593
            Assert.Empty(issues.Issues);
            long next = 1;
            foreach (var e in entries)
            {
                Assert.Equal(next, e.LineNumber);
                next += e.LineCount;
            }
            Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset));
            Assert.Equal(52, entries.Count(e => e.Level == OVirtLogLevel.Error)); // grep -cP '^\S+ \S+ ERROR'
            Assert.Equal(lines.Count(l => l.StartsWith("Caused by: ", StringComparison.Ordinal)),
                entries.Where(e => e.Exception != null).Sum(e => Chain(e.Exception!).Count() - 1));
        }

        private static IEnumerable<OVirtJavaException> Chain(OVirtJavaException e)
        {
            for (OVirtJavaException? x = e; x != null; x = x.Cause) yield return x;
        }

        [FixtureFact]
        public void LabEngineLog_NoRouteToHostTrace()
        {
            var e = FixtureEntries().Single(x => x.LineNumber == 538);
            Assert.Equal("59c64e8c", e.CorrelationId);
            Assert.Equal("org.ovirt.engine.core.vdsbroker.vdsbroker.VDSNetworkException", e.Exception!.Type);
            Assert.Equal("java.net.NoRouteToHostException", e.Exception.RootCause.Type);
            Assert.Equal("No route to host", e.Exception.RootCause.Message);
        }
    }
}
