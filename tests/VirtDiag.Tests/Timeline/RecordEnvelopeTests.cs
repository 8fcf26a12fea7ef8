using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>The common record envelope (<see cref="IDiagnosticRecord"/>) on every record type. Lines are written for these tests.</summary>
    public class RecordEnvelopeTests
    {
        private static LogDocument Doc(string name, string text, string host, LogKind kind)
            => LogDocument.FromStream(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)), host, kind);

        [Fact]
        public void VMotionEventCarriesHostClockAndTheTimeAsWrittenBeforeTheOffset()
        {
            string text = "2024-03-11T09:15:02.250Z cpu7:5100331)Migrate: vm 5100334: 3284: Setting VMOTION info: Source ts = 7000000000000001, src ip = <10.20.0.11> dest ip = <10.20.0.12> Dest wid = 0 using SHARED swap\n"
                        + "2024-03-11T09:15:09.900Z cpu3:5100331)WARNING: Migrate: 296: 7000000000000001 S: Failed: Connection closed by remote host, possibly due to timeout (0xbad003f) @0x41800f61cee2\n";
            var ctx = new ReadContext(new IssueCollector());
            var events = VMotionReader.OpenEvents(new VMotionOptions { TimeOffset = TimeSpan.FromSeconds(2) }, ctx).ReadAll(new[] { Doc("vmkernel.log", text, "esx-a01", LogKind.VmKernel) })
                .Cast<IDiagnosticRecord>().ToList();
            Assert.Equal(2, events.Count);
            IDiagnosticRecord info = events[0], failure = events[1];
            Assert.Equal(new DateTimeOffset(2024, 3, 11, 9, 15, 0, 250, TimeSpan.Zero), info.HostTimestamp);
            Assert.Equal(new DateTimeOffset(2024, 3, 11, 9, 15, 2, 250, TimeSpan.Zero), info.OriginalTimestamp);
            Assert.Equal(TimestampInterpretation.AsWritten, info.TimestampInterpretation);
            Assert.Equal("esx-a01", info.HostName);
            Assert.Equal(RecordSource.VMotion, info.SourceKind);
            Assert.Equal("InfoSet", info.RecordKind);
            Assert.Equal(RecordSeverity.Info, info.Severity);
            Assert.StartsWith("vMotion 7000000000000001 Source: Migrate: vm 5100334", info.Summary);
            Assert.Equal(1, info.LineNumber);
            Assert.Equal("Failure", failure.RecordKind);
            Assert.Equal(RecordSeverity.Error, failure.Severity);
            Assert.Equal(2, failure.LineNumber);
            Assert.Equal("vmkernel.log", failure.Path);

            IDiagnosticRecord m = Assert.Single(VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(new[] { Doc("vmkernel.log", text, "esx-a01", LogKind.VmKernel) }));
            Assert.Equal(new DateTimeOffset(2024, 3, 11, 9, 15, 2, 250, TimeSpan.Zero), m.HostTimestamp);
            Assert.Equal("esx-a01", m.HostName);
            Assert.Equal(RecordSeverity.Error, m.Severity);
            Assert.Equal("Migration", m.RecordKind);
            Assert.Equal("vMotion 7000000000000001 esx-a01 -> ?: Failed in 7.65 s (Connection closed by remote host, possibly due to timeout)", m.Summary);
            Assert.Equal(1, m.LineNumber);
        }

        [Fact]
        public void VdsmEntryTaskAndCommandKeepTheWrittenOffset()
        {
            string text =
                "2023-06-02 14:00:01,100+0200 INFO  (jsonrpc/3) [vdsm.api] START getVolumeInfo(sdUUID='5e1a', spUUID='7c2b', imgUUID='aa11', volUUID='bb22') from=::ffff:10.1.1.5,41022, flow_id=ab12cd, task_id=0f4e6a1c-1111-4222-8333-944445555666 (api:48)\n"
              + "2023-06-02 14:00:01,180+0200 DEBUG (jsonrpc/3) [storage.Misc.excCmd] /usr/bin/taskset --cpu-list 0-3 /usr/bin/dd if=/dev/5e1a/metadata iflag=direct of=/dev/null bs=4096 count=1 (cwd None) (commands:153)\n"
              + "2023-06-02 14:00:01,190+0200 DEBUG (jsonrpc/3) [storage.Misc.excCmd] FAILED: <err> = b'dd: failed to open: No such file\\n'; <rc> = 1 (commands:98)\n"
              + "2023-06-02 14:00:01,400+0200 INFO  (jsonrpc/3) [vdsm.api] FINISH getVolumeInfo error=Volume does not exist: ('bb22',) from=::ffff:10.1.1.5,41022, flow_id=ab12cd, task_id=0f4e6a1c-1111-4222-8333-944445555666 (api:52)\n"
              + "2023-06-02 14:00:01,401+0200 ERROR (jsonrpc/3) [storage.TaskManager.Task] (Task='0f4e6a1c-1111-4222-8333-944445555666') Unexpected error (task:877)\n";
            var ctx = new ReadContext(new IssueCollector());
            var docs = new[] { Doc("vdsm.log", text, "rhvh-07", LogKind.Vdsm) };
            var entries = VdsmReader.OpenEntries(new VdsmEntryOptions { TimeOffset = TimeSpan.FromSeconds(-1.5) }, ctx).ReadAll(docs).Cast<IDiagnosticRecord>().ToList();
            IDiagnosticRecord first = entries[0], error = entries[4];
            Assert.Equal(new DateTimeOffset(2023, 6, 2, 14, 0, 1, 100, TimeSpan.FromHours(2)), first.OriginalTimestamp);
            Assert.Equal(TimeSpan.FromHours(2), first.OriginalTimestamp!.Value.Offset);
            Assert.Equal(new DateTimeOffset(2023, 6, 2, 12, 0, 2, 600, TimeSpan.Zero), first.HostTimestamp);
            Assert.Equal(TimestampInterpretation.AsWritten, first.TimestampInterpretation);
            Assert.Equal(RecordSource.Vdsm, first.SourceKind);
            Assert.Equal("Info", first.RecordKind);
            Assert.StartsWith("[vdsm.api] START getVolumeInfo(", first.Summary);
            Assert.Equal(RecordSeverity.Error, error.Severity);
            Assert.Equal(5, error.LineNumber);
            Assert.Equal("rhvh-07", error.HostName);

            IDiagnosticRecord task = VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(docs).Cast<IDiagnosticRecord>().Single(t => t.RecordKind == "Api");
            Assert.Equal(RecordSeverity.Error, task.Severity);
            Assert.Equal("getVolumeInfo Failed in 0.3 s (Volume does not exist: ('bb22',))", task.Summary);
            Assert.Equal(new DateTimeOffset(2023, 6, 2, 12, 0, 1, 100, TimeSpan.Zero), task.HostTimestamp);
            Assert.Equal(1, task.LineNumber);

            IDiagnosticRecord cmd = Assert.Single(VdsmReader.OpenCommands(new VdsmCommandOptions(), ctx).ReadAll(docs));
            Assert.Equal("ExternalCommand", cmd.RecordKind);
            Assert.Equal(RecordSeverity.Warning, cmd.Severity);
            Assert.Equal("/usr/bin/dd failed, rc 1: dd: failed to open: No such file", cmd.Summary);
            Assert.Equal(2, cmd.LineNumber);
        }

        [Fact]
        public void VdsmLineWithoutOffsetSaysItWasReadAsUtc()
        {
            var ctx = new ReadContext(new IssueCollector());
            IDiagnosticRecord r = Assert.Single(VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(new[] { Doc("vdsm.log", "2016-11-03 08:12:44,507 WARN  (check/loop) [storage.check] Checker u'/rhev/x' is blocked for 20.00 seconds (check:279)\n", "h1", LogKind.Vdsm) }));
            Assert.Equal(TimestampInterpretation.AssumedUtc, r.TimestampInterpretation);
            Assert.Equal(RecordSeverity.Warning, r.Severity);
        }

        [Fact]
        public void PurpleScreenIsCritical()
        {
            string text = "2022-08-19T04:41:07.512Z cpu12:2097215)@BlueScreen: #PF Exception 14 in world 2097215:vmm0:dbvm01 IP 0x41801e6a2c1d addr 0x0\n";
            IDiagnosticRecord s = Assert.Single(PurpleScreenReader.Parse(text, new PurpleScreenReadOptions { TimeOffset = TimeSpan.FromSeconds(10) }, hostName: "esx-b03"));
            Assert.Equal(RecordSource.Psod, s.SourceKind);
            Assert.Equal(RecordSeverity.Critical, s.Severity);
            Assert.Equal("PageFault", s.RecordKind);
            Assert.Equal(new DateTimeOffset(2022, 8, 19, 4, 40, 57, 512, TimeSpan.Zero), s.HostTimestamp);
            Assert.Equal(new DateTimeOffset(2022, 8, 19, 4, 41, 7, 512, TimeSpan.Zero), s.OriginalTimestamp);
            Assert.Equal("esx-b03", s.HostName);
            Assert.StartsWith("PSOD PageFault: #PF Exception 14", s.Summary);
        }

        [Fact]
        public void GuestFailureGivesGuestClockAsWrittenAndHostClockAsTimestamp()
        {
            string text = "2024-01-05T22:10:04.000000+00:00 web07 kernel: Kernel panic - not syncing: Fatal exception in interrupt\n";
            var ctx = new ReadContext(new IssueCollector());
            IDiagnosticRecord g = Assert.Single(GuestFailureReader.Open(new GuestFailureOptions { TimeOffset = TimeSpan.FromSeconds(37) }, ctx).ReadAll(new[] { Doc("messages", text, "web07", LogKind.Messages) }));
            Assert.Equal(new DateTimeOffset(2024, 1, 5, 22, 10, 4, TimeSpan.Zero), g.OriginalTimestamp);
            Assert.Equal(new DateTimeOffset(2024, 1, 5, 22, 9, 27, TimeSpan.Zero), g.HostTimestamp);
            Assert.Equal(TimestampInterpretation.AsWritten, g.TimestampInterpretation);
            Assert.Equal(RecordSource.Guest, g.SourceKind);
            Assert.Equal(RecordSeverity.Critical, g.Severity);
            Assert.Equal("KernelPanic", g.RecordKind);
            Assert.Equal("web07", g.HostName);
            Assert.Contains("Fatal exception in interrupt", g.Summary);
        }

        [Fact]
        public void TraceEventHasNoWallClock()
        {
            string text = "  qemu-kvm-4410  [002]  5123.000100: kvm_exit:             reason EPT_VIOLATION rip 0xffffffff8105d2a1 info 181 0\n";
            var ctx = new ReadContext(new IssueCollector());
            var doc = Doc("trace.txt", text, "kvmhost1", LogKind.Unknown);
            IDiagnosticRecord t = Assert.Single(VirtDiag.Ftrace.TraceReader.OpenEvents(new VirtDiag.Ftrace.TraceReadOptions(), ctx).ReadAll(new[] { doc }));
            Assert.Null(t.HostTimestamp);
            Assert.Equal(TimestampInterpretation.None, t.TimestampInterpretation);
            Assert.Equal(RecordSource.Trace, t.SourceKind);
            Assert.Equal("kvm_exit", t.RecordKind);
            Assert.Equal("kvmhost1", t.HostName);
            Assert.Equal(RecordSeverity.Info, t.Severity);
            Assert.Equal(1, t.LineNumber);
        }
    }
}
