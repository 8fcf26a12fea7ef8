using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;
using static VirtDiag.Tests.VMotion.VMotionKit;

namespace VirtDiag.Tests.VMotion
{
    /// <summary>
    /// hostd and vpxa as they are really written: ESXi 5.x bracketed hostd lines, syslog-forwarded hostd/vpxa lines with
    /// their own host name, task results (precopyStunTime), destination-side failures, vpxa's [MIGRATE] lines. All lines
    /// are SYNTHETIC, modelled on the shapes of public blog and KB excerpts (hosts, ids, paths and times invented).
    /// </summary>
    public sealed class VMotionAgentShapeTests
    {
        private const string Mid = "1401700211000123";

        [Fact]
        public void ForwardedHostd_TimeHostIdRoleAndStunTime()
        {
            const string line = "2014-06-02T09:10:11.123Z esx02.lab.example Hostd: [3C2A1B70 verbose 'VMotionSrc (1401700211000123)'] Set source task result precopyStunTime to 64250";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(new DateTimeOffset(2014, 6, 2, 9, 10, 11, 123, TimeSpan.Zero), e.Timestamp);
            Assert.Equal("esx02.lab.example", e.HostName);
            Assert.Equal(VMotionLineShape.HostdForwarded, e.Shape);
            Assert.Equal(LogKind.Hostd, e.LogKind);
            Assert.Equal("Hostd", e.Subsystem);
            Assert.Equal(VMotionEventKind.TaskResult, e.Kind);
            Assert.Equal(Mid, e.MigrationId);
            Assert.Equal(VMotionRole.Source, e.Role);
            Assert.Equal(TimeSpan.FromMilliseconds(64.25), e.StunTime);
            Assert.Equal("Set source task result precopyStunTime to 64250", e.Message);
        }

        [Fact]
        public void ForwardedHostdInAFileNamedHostdLog_KeepsItsOwnHost()
        {
            using var dir = new TempDir();
            string path = dir.File("hostd.log",
                "2014-06-02T09:10:11.123Z esx02.lab.example Hostd: [3C2A1B70 verbose 'VMotionSrc (1401700211000123)'] Set source task result precopyStunTime to 64250\n");
            var (events, issues) = Events(path, host: "collector01");
            VMotionEvent e = Assert.Single(events);
            Assert.Equal("esx02.lab.example", e.HostName);
            Assert.NotNull(e.Timestamp);
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
        }

        [Fact]
        public void Esxi5LocalHostd_BracketAfterTheTime()
        {
            const string line = "2014-06-02T09:10:11.123Z [3C2A1B70 info 'VMotionDst (1401700211000123)' opID=4e1f-77aa] Set destination task result precopyStunTime to 91000";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(VMotionLineShape.Hostd5, e.Shape);
            Assert.Equal(VMotionRole.Destination, e.Role);
            Assert.Equal("4e1f-77aa", e.OpId);
            Assert.Equal(TimeSpan.FromMilliseconds(91), e.StunTime);
        }

        [Fact]
        public void DestinationHostdFailure_MakesTheMigrationFailedWithThatReason()
        {
            // Synthetic: the source's forwarded hostd lines and the destination's, one collector file.
            string text =
                "2014-06-02T09:10:11.000Z esx01.lab.example Hostd: [5B11C270 verbose 'VMotionSrc (1401700211000123)'] VMotionSrc: Sending 'to' request\n" +
                "2014-06-02T09:10:11.400Z esx02.lab.example Hostd: [6D20AB70 warning 'Vcsvc.VMotionDst (1401700211000123)' opID=6a5c-01] Bind: Failed to initialize VMotionWorker\n";
            var (migrations, issues, orphans) = MigrationsFromText(text);
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(0, orphans);
            Assert.Equal(Mid, m.MigrationId);
            Assert.Equal(VMotionResult.Failed, m.Result);
            Assert.Equal("Failed to initialize VMotionWorker", m.FailureReason);
            Assert.Equal("esx01.lab.example", m.SourceHost);
            Assert.Equal("esx02.lab.example", m.DestinationHost);
            Assert.Equal(TimeSpan.FromMilliseconds(400), m.Duration);
            Assert.Equal(VMotionEventKind.Failure, m.Events[1].Kind);
        }

        [Fact]
        public void PastedHostdLineWithoutPrefix_FailureStillTakesTheTaskId()
        {
            // Synthetic paste: the time was cut off, the bracket survives in the text.
            const string line = "[6D20AB70 warning 'Vcsvc.VMotionDst (1401700211000123)' opID=6a5c-01] Bind: Failed to initialize VMotionWorker";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(VMotionEventKind.Failure, e.Kind);
            Assert.Equal(Mid, e.MigrationId);
            Assert.Equal(VMotionRole.Destination, e.Role);
            Assert.Equal("Failed to initialize VMotionWorker", e.FailureReason);
        }

        [Fact]
        public void HostdPrecopyStunTime_FeedsTheMigrationWhenVmwareLogIsAbsent()
        {
            string text =
                "2014-06-02T09:10:11.000Z esx01.lab.example Hostd: [5B11C270 verbose 'VMotionSrc (1401700211000123)'] VMotionSrc: Sending 'to' request\n" +
                "2014-06-02T09:10:14.000Z esx01.lab.example Hostd: [5B11C270 verbose 'VMotionSrc (1401700211000123)'] Set source task result precopyStunTime to 123456\n";
            VMotionMigration m = Assert.Single(MigrationsFromText(text).Migrations);
            Assert.Equal(TimeSpan.FromTicks(1234560), m.StunTime);
            Assert.Equal(VMotionResult.Incomplete, m.Result);
        }

        [Fact]
        public void ForwardedVpxa_ImmigratingLine_GivesIdPathNameAndDestination()
        {
            const string line = "2014-06-02T09:10:12.500Z esx02.lab.example Vpxa: [7F3A9B90 verbose 'Default' opID=9c1d-42] [MIGRATE] (1401700211000123) immigrating VM at path /vmfs/volumes/5387a1b2-11aa22bb-33cc-001b21abcdef/web-07/web-07.vmx has vmid 412";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(LogKind.Vpxa, e.LogKind);
            Assert.Equal("Vpxa", e.Subsystem);
            Assert.Equal("esx02.lab.example", e.HostName);
            Assert.Equal(VMotionEventKind.Prepare, e.Kind);
            Assert.Equal(Mid, e.MigrationId);
            Assert.Equal(VMotionRole.Destination, e.Role);
            Assert.Equal("/vmfs/volumes/5387a1b2-11aa22bb-33cc-001b21abcdef/web-07/web-07.vmx", e.VMPath);
            Assert.Equal("web-07", e.VMName);
        }

        [Fact]
        public void VpxaLog_IsAVMotionSourceJoinedByMigrationId()
        {
            using var dir = new TempDir();
            string src = dir.File("esx01/vmkernel.log",
                "2014-06-02T09:10:11.010Z cpu4:8830)Migrate: vm 8833: 3284: Setting VMOTION info: Source ts = 1401700211000123, src ip = <10.20.0.11> dest ip = <10.20.0.12> Dest wid = 9120 using SHARED swap\n" +
                "2014-06-02T09:10:14.000Z cpu0:8830)Hbr: 3434: Migration end received (worldID=8833) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)\n");
            // ESXi 6.x local vpxa.log shape: level word, vpxa[pid], bracketed context.
            string vpxa = dir.File("esx02/vpxa.log",
                "2014-06-02T09:10:12.500Z verbose vpxa[2099912] [Originator@6876 sub=Default opID=9c1d-42] [MIGRATE] (1401700211000123) immigrating VM at path /vmfs/volumes/ds01/web-07/web-07.vmx has vmid 412\n" +
                "2014-06-02T09:10:12.600Z info vpxa[2099912] [Originator@6876 sub=vpxLro opID=9c1d-42] [VpxLRO] -- BEGIN task-internal-2 -- -- vpxapi.VpxaService.getChanges --\n");
            var (migrations, issues) = Migrations(new[] { src, vpxa });
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(Mid, m.MigrationId);
            Assert.Equal("/vmfs/volumes/ds01/web-07/web-07.vmx", m.VMPath);
            Assert.Equal("web-07", m.VMName);
            Assert.Equal(VMotionResult.Succeeded, m.Result);
            VMotionEvent v = Assert.Single(m.Events, e => e.LogKind == LogKind.Vpxa);
            Assert.Equal(VMotionLineShape.Hostd6, v.Shape);
            Assert.Equal(VMotionRole.Destination, v.Role);
        }

        [Fact]
        public void Esx4ForwardedHostd_BsdSyslogWithBracketedDate()
        {
            const string line = "<166>Jun  2 09:10:11 esx41b Hostd: [2014-06-02 09:10:11.123 3C2A1B70 info 'vm:/vmfs/volumes/4d6f-aa/app-03/app-03.vmx' opID=B1C2D3E4-00000012] VMotionPrepare (1401700211000123): Sending 'to' srcIp=10.30.0.5 dstIp=10.30.0.6";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(VMotionLineShape.HostdForwarded, e.Shape);
            Assert.Equal("esx41b", e.HostName);
            Assert.Equal(new DateTimeOffset(2014, 6, 2, 9, 10, 11, 123, TimeSpan.Zero), e.Timestamp);
            Assert.Equal(VMotionEventKind.Prepare, e.Kind);
            Assert.Equal(VMotionRole.Source, e.Role);
            Assert.Equal("app-03", e.VMName);
        }

        [Fact]
        public void LookAlikeLines_AreCountedWithExamples()
        {
            var issues = new IssueCollector();
            string text =
                "2014-06-02T09:10:11.000Z cpu3:8830)VMotion: 2211: 1401700211000123 S: Stream connection 1 added.\n" +
                "2014-06-02T09:10:11.100Z cpu3:8830)Vmotion network stack is not available\n" +
                "2014-06-02T09:10:11.200Z [4A4A1B70 info 'Hostsvc'] Host vMotion config changed\n";
            List<VMotionEvent> events = EventsFromText(text, issues: issues);
            Assert.Single(events);
            Issue skipped = Assert.Single(issues.Issues, i => i.Kind == IssueKind.Skipped);
            Assert.StartsWith("2 line(s) mention vMotion or migration but match no known vMotion wording", skipped.Message);
            Assert.Contains("line 2: Vmotion network stack is not available", skipped.Message);
            Assert.Contains("line 3: Host vMotion config changed", skipped.Message);
            Assert.Equal(IssueSeverity.Verbose, IssueSeverities.Of(skipped.Kind));
        }
    }
}
