using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;
using static VirtDiag.Tests.VMotion.VMotionKit;

namespace VirtDiag.Tests.VMotion
{
    /// <summary>Acceptance on the real excerpts in ../shared/fixtures/vmotion (see its PROVENANCE.md); values checked by grep.</summary>
    public sealed class VMotionFixtureTests
    {
        private const string Seed60 = "seed-esxi60-source-success-vmkernel.log";
        private const string Esxi55Failure = "esxi55-source-vmkernel-failure-precopy-io-aborted-switchover-rssing.txt";
        private const string Esxi60Partial = "esxi60-source-vmkernel-success-start-virtuallypeculiar.txt";
        private const string Esxi8Placeholders = "esxi8x-vmkernel-migrate-314-source-and-dest-placeholders-kb441977.txt";
        private const string Esx4Fsr = "esx4x-svmotion-fsr-max-switchover-source-and-dest-vmkernel-hostd-vpxd-kb307365.txt";
        private const string StunKb = "esxi-stun-time-vmware-log-migration-id-and-source-vmkernel-precopy-kb436882.txt";
        private const string Haewon = "esxi80-vmware-log-source-state-0-to-1-haewon83.txt";
        private const string VgpuKb = "esxi-vgpu-vmware-log-source-failure-max-switchover-and-dest-restoring-kb320352.txt";
        private const string NamedStatesKb = "esxi8x-vmware-log-source-failure-named-states-max-switchover-kb435078.txt";
        private const string Hostd41 = "esx41-hostd-vmotionprepare-partial-jlscz.txt";

        public static TheoryData<string> AllFixtures => new()
        {
            Seed60, Esxi55Failure, Esxi60Partial, Esxi8Placeholders, Esx4Fsr, StunKb, Haewon, VgpuKb, NamedStatesKb, Hostd41,
        };

        [FixtureFact]
        public void Esxi60SourceSequence_IsOneSucceededMigrationWithEveryField()
        {
            var (migrations, issues) = Migrations(Fixture(Seed60));
            VMotionMigration m = Assert.Single(migrations);
            // grep -o 'Source ts = [0-9]*, src ip = <[^>]*> dest ip = <[^>]*> Dest wid = [0-9]* using [A-Z]* swap' seed-esxi60-source-success-vmkernel.log
            Assert.Equal("1451061663105920", m.MigrationId);
            Assert.Equal(2758492, m.VMWorldId);
            Assert.Equal(1830931, m.DestinationWorldId);
            Assert.Equal("192.168.1.176", m.SourceIp);
            Assert.Equal("192.168.1.177", m.DestinationIp);
            Assert.Equal(VMotionSwapMode.Shared, m.SwapMode);
            // grep 'Stopping pre-copy' …: "only 0 pages left … goal of 0.500 seconds (network bandwidth ~2.116 MB/s"
            Assert.Equal(0, m.PagesLeftAtSwitchover);
            Assert.Equal(0.5, m.SwitchoverGoalSeconds);
            Assert.Equal(2.116, m.BandwidthMBps);
            Assert.Equal(new DateTimeOffset(2015, 12, 25, 16, 39, 25, 848, TimeSpan.Zero), m.PreCopyStoppedTime);
            // first line 16:39:25.565, "Migration end received" at 16:39:26.900
            Assert.Equal(VMotionResult.Succeeded, m.Result);
            Assert.Equal(new DateTimeOffset(2015, 12, 25, 16, 39, 25, 565, TimeSpan.Zero), m.StartTime);
            Assert.Equal(new DateTimeOffset(2015, 12, 25, 16, 39, 26, 900, TimeSpan.Zero), m.EndTime);
            Assert.Equal(TimeSpan.FromMilliseconds(1335), m.Duration);
            Assert.Null(m.FailureReason);
            Assert.False(m.IsStorageMigration);
            // grep -E 'Migrat|VMotion' | grep -c ' S: \|worldID=2758492\|vm 2758492'  → 11 lines of this migration
            Assert.Equal(11, m.Events.Count);
            Assert.All(m.Events, e => Assert.Equal(VMotionRole.Source, e.Role));
            Assert.Equal(new long[] { 1, 3, 4, 6, 9, 10, 11, 12, 13, 14, 15 }, m.Events.Select(e => e.LineNumber));
            // the two "MigrateNet: vm 33435:" lines (the listener world, not the VM) join nothing: reported, not dropped
            Assert.Equal(new long[] { 7, 8 }, issues.Issues.Where(i => i.Kind == IssueKind.OrphanEvent).Select(i => i.LineNumber));
        }

        [FixtureFact]
        public void Esxi60SourceSequence_EventsCarryKindsCountsAndPrefixFields()
        {
            var (events, _) = Events(Fixture(Seed60));
            // grep -cE 'Migrat|VMotion' seed-esxi60-source-success-vmkernel.log → 13
            Assert.Equal(13, events.Count);
            Assert.Equal(new[]
            {
                VMotionEventKind.InfoSet, VMotionEventKind.NetworkSetup, VMotionEventKind.MigrationStart, VMotionEventKind.ConnectionBound,
                VMotionEventKind.ConnectionAccepted, VMotionEventKind.Other, VMotionEventKind.ConnectionBound, VMotionEventKind.StreamAdded,
                VMotionEventKind.ConnectionBound, VMotionEventKind.StreamAdded, VMotionEventKind.PreCopyStopped, VMotionEventKind.PagesSent,
                VMotionEventKind.MigrationEnd,
            }, events.Select(e => e.Kind));
            VMotionEvent first = events[0];
            Assert.Equal(4, first.Cpu);
            Assert.Equal(2758489, first.WorldId);
            Assert.Equal("Migrate", first.Subsystem);
            Assert.Equal(VMotionLineShape.Esxi5Iso, first.Shape);
            Assert.Equal(LogKind.VmKernel, first.LogKind);
            Assert.Equal(new int?[] { 1, 2 }, events.Where(e => e.Kind == VMotionEventKind.StreamAdded).Select(e => e.StreamNumber));
            // Hbr lines name no migration id: it comes from worldID=2758492 seen on the "Setting VMOTION info" line
            VMotionEvent hbr = events.Single(e => e.Kind == VMotionEventKind.MigrationStart);
            Assert.Equal("1451061663105920", hbr.MigrationId);
            Assert.Equal(2758492, hbr.VMWorldId);
            Assert.Equal("Hbr", hbr.Subsystem);
        }

        [FixtureFact]
        public void Esxi55Failure_IsFailedWithReasonAndCode()
        {
            var (migrations, _) = Migrations(Fixture(Esxi55Failure));
            VMotionMigration m = Assert.Single(migrations);
            // grep -o 'Failed: .*(0x[0-9a-f]*)' → "Failed: IO was aborted (0xbad00e0)"
            Assert.Equal("1415416254017461", m.MigrationId);
            Assert.Equal(VMotionResult.Failed, m.Result);
            Assert.Equal("IO was aborted", m.FailureReason);
            Assert.Equal("0xbad00e0", m.FailureCode);
            Assert.Equal(3, m.Events.Count);
            Assert.Equal(new[] { VMotionEventKind.Warning, VMotionEventKind.Failure, VMotionEventKind.Failure }, m.Events.Select(e => e.Kind));
            Assert.Equal(new DateTimeOffset(2014, 11, 8, 3, 11, 10, 328, TimeSpan.Zero), m.EndTime);
        }

        [FixtureFact]
        public void Esxi60PartialStart_IsIncompleteWithWhatIsKnown()
        {
            var (migrations, _) = Migrations(Fixture(Esxi60Partial));
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(VMotionResult.Incomplete, m.Result);
            Assert.Equal("1451061663105920", m.MigrationId);
            Assert.Equal("192.168.1.176", m.SourceIp);
            Assert.Null(m.EndTime);
            Assert.Null(m.Duration);
            Assert.Equal(2, m.Events.Count);
        }

        [FixtureFact]
        public void Esxi8Migrate314_SourceAndDestLinesJoinDespitePlaceholders()
        {
            var (events, _) = Events(Fixture(Esxi8Placeholders));
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal(VMotionLineShape.Esxi8Syslog, e.Shape));
            Assert.All(events, e => Assert.Null(e.Timestamp)); // "####-##-##T##:##:##.###Z"
            Assert.Equal("d5991c6f", events[0].OpId);
            Assert.Equal(new[] { VMotionRole.Source, VMotionRole.Destination }, events.Select(e => e.Role));

            var (migrations, _) = Migrations(Fixture(Esxi8Placeholders));
            VMotionMigration m = Assert.Single(migrations);
            // "Source vmmLeaderID = <ex. 2118927>, ts = <ex. 7182955985622810397>, … Dest wid = <ex. 2109446> using SHARED swap, encrypted"
            Assert.Equal("7182955985622810397", m.MigrationId);
            Assert.Equal(2118927, m.VMWorldId);
            Assert.Equal(2109446, m.DestinationWorldId);
            Assert.True(m.Encrypted);
            Assert.Equal(VMotionSwapMode.Shared, m.SwapMode);
            Assert.Null(m.SourceIp); // <xx.xx.xx.xx> is a redaction
            Assert.Null(m.DestinationIp);
            Assert.Equal(VMotionResult.Incomplete, m.Result);
        }

        [FixtureFact]
        public void Esx4StorageVMotion_RunOnLinesSplitAndFailureRead()
        {
            var (events, _) = Events(Fixture(Esx4Fsr));
            // line 1 is hostd text run into "vmkernel: 114:03:25:51.489 cpu0:4100)WARNING: FSR: …"; line 3 vmkernel run into vpxd
            Assert.Equal(new long[] { 1, 2, 3 }, events.Select(e => e.LineNumber));
            Assert.All(events, e => Assert.Equal(VMotionLineShape.Esx4Uptime, e.Shape));
            Assert.All(events, e => Assert.Equal(new TimeSpan(114, 3, 25, 51, 489), e.Uptime));
            Assert.Equal(new[] { VMotionRole.Source, VMotionRole.Destination, VMotionRole.Destination }, events.Select(e => e.Role));
            Assert.Equal(new int?[] { 0, 2, 2 }, events.Select(e => e.Cpu));
            Assert.EndsWith("@0x41800f61cee2", events[2].Message); // the vpxd record after it is cut off

            var (migrations, _) = Migrations(Fixture(Esx4Fsr));
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal("xxx", m.MigrationId); // the KB's own redaction, kept so its lines still join
            Assert.True(m.IsStorageMigration);
            Assert.Equal(VMotionResult.Failed, m.Result);
            Assert.Equal("Maximum switchover time for migration exceeded", m.FailureReason);
            Assert.Equal("0xbad0109", m.FailureCode);
        }

        [FixtureFact]
        public void StunTimeKb_OldVmxShapeAndPreCopyJoinByMigrationId()
        {
            var (events, _) = Events(Fixture(StunKb));
            Assert.Equal(new[] { VMotionLineShape.VmxPipe, VMotionLineShape.VmxPipe, VMotionLineShape.Esxi5Iso }, events.Select(e => e.Shape));
            Assert.Equal(new[] { LogKind.VmwareLog, LogKind.VmwareLog, LogKind.VmKernel }, events.Select(e => e.LogKind));
            var (migrations, _) = Migrations(Fixture(StunKb));
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal("1446046703473901", m.MigrationId);
            Assert.Equal("10.0.0.2", m.SourceIp); // "Restoring from <10.0.0.2>"
            Assert.Equal(1296, m.PagesLeftAtSwitchover);
            Assert.Equal(145.404, m.BandwidthMBps);
            Assert.Equal(3, m.Events.Count);
        }

        [FixtureFact]
        public void Esxi8VmwareLog_HexMidIsDecimalAndEveryLineJoins()
        {
            var (events, _) = Events(Fixture(Haewon));
            // python3 -c "print(int('7958ea7f2d34d435',16))" → 8743996508480001077, the "mid id" of the next lines
            Assert.Equal(5, events.Count);
            Assert.All(events, e => Assert.Equal("8743996508480001077", e.MigrationId));
            Assert.All(events, e => Assert.Equal(VMotionRole.Source, e.Role));
            VMotionEvent state = events.Single(e => e.Kind == VMotionEventKind.StateChanged);
            Assert.Equal("0", state.FromState);
            Assert.Equal("1", state.ToState);
            var (migrations, issues) = Migrations(Fixture(Haewon));
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal("192.168.1.22", m.SourceIp);
            Assert.Equal("192.168.1.23", m.DestinationIp);
            Assert.Equal(0, issues.Count);
        }

        [FixtureFact]
        public void VgpuKb_FailureWithoutIdIsReportedAsOrphansNotDropped()
        {
            var (events, _) = Events(Fixture(VgpuKb));
            // grep -cE 'igrat|otion|stopped for' → 11 (the ConfigDB line and the destination's vGPU lines are not vMotion lines)
            Assert.Equal(11, events.Count);
            VMotionEvent fail = events.Single(e => e.Kind == VMotionEventKind.Failure);
            Assert.Equal("msg.checkpoint.migration.maxSwitchoverTimeExceeded", fail.FailureCode);
            Assert.Equal("The migration has exceeded the maximum switchover time of 100 second(s)", fail.FailureReason);
            Assert.Equal(VMotionRole.Source, events.Single(e => e.Kind == VMotionEventKind.ContinueOnSource).Role);
            var (migrations, issues) = Migrations(Fixture(VgpuKb));
            Assert.Empty(migrations);
            Assert.Equal(11, issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));
        }

        [FixtureFact]
        public void NamedStatesKb_StateNamesAndRunOnLevelToken()
        {
            var (events, _) = Events(Fixture(NamedStatesKb));
            // "yyyy-mm-ddThh:mm:ssIn(05) vmx - …": the level token runs into the redacted time and is still read
            Assert.All(events, e => Assert.Equal(VMotionLineShape.VmxLevel, e.Shape));
            Assert.Equal(VMotionEventKind.Stunned, events[0].Kind);
            VMotionEvent t = events.Single(e => e.Subsystem == "MigrateSetState");
            Assert.Equal("MIGRATE_TO_VMX_WAIT_HANDSHAKE (5)", t.FromState);
            Assert.Equal("MIGRATE_TO_VMX_FINISHED (6)", t.ToState);
            Assert.Equal(7, events.Count);
        }

        [FixtureFact]
        public void Esx41Hostd_VMotionPrepareGivesIdVmNameAndOpId()
        {
            var (events, _) = Events(Fixture(Hostd41));
            VMotionEvent e = Assert.Single(events);
            Assert.Equal("1301685441034055", e.MigrationId);
            Assert.Equal("Vmotion-test", e.VMName);
            Assert.Equal("F6FC49D5-000007E6-d", e.OpId);
            Assert.Equal(VMotionRole.Source, e.Role); // Sending 'to'
            Assert.Equal(LogKind.Hostd, e.LogKind);
            Assert.Equal(new DateTimeOffset(2011, 4, 1, 15, 14, 34, 203, TimeSpan.Zero), e.Timestamp);
        }

        [FixtureTheory]
        [MemberData(nameof(AllFixtures))]
        public void EveryEvent_EndsInExactlyOneMigrationOrTheOrphanReport(string name)
        {
            var (events, _) = Events(Fixture(name));
            var (migrations, issues) = Migrations(Fixture(name));
            var joined = migrations.SelectMany(m => m.Events).Select(e => e.LineNumber + ":" + e.Message).ToList();
            Assert.Equal(joined.Count, joined.Distinct().Count());
            int orphans = issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent);
            Assert.Equal(events.Count, joined.Count + orphans);
            Assert.Equal(migrations.Count, migrations.Select(m => m.MigrationId).Distinct().Count());
        }

        [FixtureFact]
        public void MigrationIdFilter_OnEventsAndMigrations()
        {
            var opts = new VMotionOptions { MigrationId = new[] { "1446046703473901" } };
            var (events, _) = Events(Fixture(StunKb), opts);
            Assert.Equal(3, events.Count);
            var (none, issues) = Events(Fixture(StunKb), new VMotionOptions { MigrationId = new[] { "1" } });
            Assert.Empty(none);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.NoRelevantData);
        }

        [FixtureFact]
        public void PipedLines_GiveTheSameMigrationAsTheFile()
        {
            string text = File.ReadAllText(Fixture(Seed60));
            var (migrations, _, orphans) = MigrationsFromText(text, new VMotionOptions { HostName = "esx-a" });
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal("1451061663105920", m.MigrationId);
            Assert.Equal("esx-a", m.SourceHost);
            Assert.Equal(new[] { "esx-a" }, m.HostsSeen);
            Assert.Equal(11, m.Events.Count);
            Assert.Equal(2, orphans);
        }
    }
}
