using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;
using static VirtDiag.Tests.VMotion.VMotionKit;

namespace VirtDiag.Tests.VMotion
{
    /// <summary>
    /// Joins across hosts, filters, shapes, bounds and bad input. All log lines here are SYNTHETIC: written for the
    /// tests, modelled on the wording of the real excerpts in ../shared/fixtures/vmotion (ids, IPs and worlds invented).
    /// </summary>
    public sealed class VMotionSyntheticTests
    {
        private const string Mid = "1776160800100001";

        // Synthetic source host vmkernel.log, with unrelated lines between the vMotion ones.
        internal const string SourceVmkernel =
            "2026-04-14T09:59:59.900Z cpu1:2097152)ScsiDeviceIO: 4124: Cmd(0x45b8c1a2b3c0) 0x89, CmdSN 0x2c from world 2097153 to dev \"naa.600\" failed H:0x0 D:0x2 P:0x0\n" +
            "2026-04-14T10:00:00.100Z cpu4:2100001)Migrate: vm 2100004: 3284: Setting VMOTION info: Source ts = 1776160800100001, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = 3200007 using SHARED swap\n" +
            "2026-04-14T10:00:00.102Z cpu4:2100001)Hbr: 3340: Migration start received (worldID=2100004) (migrateType=1) (event=0) (isSource=1) (sharedConfig=1)\n" +
            "2026-04-14T10:00:00.104Z cpu4:2100010)MigrateNet: 1186: 1776160800100001 S: Successfully bound connection to vmknic '10.1.1.11'\n" +
            "2026-04-14T10:00:00.105Z cpu4:2100010)VMotionUtil: 3396: 1776160800100001 S: Stream connection 1 added.\n" +
            "2026-04-14T10:00:01.000Z cpu7:2097300)NMP: nmp_ThrottleLogForDevice:3689: Cmd 0x89 (0x45b8c1a2b3c0, 2097153) to dev \"naa.600\" on path \"vmhba1:C0:T0:L0\" Failed\n" +
            "2026-04-14T10:00:02.500Z cpu3:2100004)VMotion: 4531: 1776160800100001 S: Stopping pre-copy: only 112 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~1180.250 MB/s, 9500% t2d)\n" +
            "2026-04-14T10:00:02.610Z cpu5:2100010)VMotionSend: 3643: 1776160800100001 S: Sent all modified pages to destination (network bandwidth ~1022.500 MB/s)\n" +
            "2026-04-14T10:00:03.000Z cpu0:2100001)Hbr: 3434: Migration end received (worldID=2100004) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)\n";

        // Synthetic destination host vmkernel.log.
        internal const string DestVmkernel =
            "2026-04-14T10:00:00.120Z cpu2:3200001)Migrate: vm 3200007: 3284: Setting VMOTION info: Dest ts = 1776160800100001, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = 0 using SHARED swap\n" +
            "2026-04-14T10:00:00.121Z cpu2:3200001)Hbr: 3340: Migration start received (worldID=3200007) (migrateType=1) (event=0) (isSource=0) (sharedConfig=1)\n" +
            "2026-04-14T10:00:00.130Z cpu2:3200012)MigrateNet: 1186: 1776160800100001 D: Successfully bound connection to vmknic '10.1.1.12'\n" +
            "2026-04-14T10:00:03.050Z cpu1:3200001)Hbr: 3434: Migration end received (worldID=3200007) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)\n";

        // Synthetic destination VM vmware.log (ESXi 8 shape).
        internal const string DestVmwareLog =
            "2026-04-14T10:00:00.118Z In(05) vmx - DICT                  displayName = \"app-vm01\"\n" +
            "2026-04-14T10:00:00.119Z In(05) vmx - Migrate_Open: Restoring from <10.1.1.11> with migration id 1776160800100001\n" +
            "2026-04-14T10:00:02.950Z In(05) vmx - Checkpoint_Unstun: vm stopped for 331012 us\n";

        private const string SrcBundle = "esx-src01-2026-04-14--10.00-1234";
        private const string DstBundle = "esx-dst01-2026-04-14--10.01-5678";

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void SourceAndDestinationLogs_GiveOneMigrationWithBothHosts(bool bundles)
        {
            using var tmp = new TempDir();
            var paths = new List<string>();
            if (bundles)
            {
                paths.Add(tmp.File(SrcBundle + ".tgz", TarBuilder.Gzip(new TarBuilder()
                    .File(SrcBundle + "/var/run/log/vmkernel.log", SourceVmkernel).ToArray())));
                paths.Add(tmp.File(DstBundle + ".tgz", TarBuilder.Gzip(new TarBuilder()
                    .File(DstBundle + "/var/run/log/vmkernel.log", DestVmkernel)
                    .File(DstBundle + "/vmfs/volumes/ds1/app-vm01/vmware.log", DestVmwareLog).ToArray())));
            }
            else
            {
                tmp.File(SrcBundle + "/var/run/log/vmkernel.log", SourceVmkernel);
                tmp.File(DstBundle + "/var/run/log/vmkernel.log", DestVmkernel);
                tmp.File(DstBundle + "/vmfs/volumes/ds1/app-vm01/vmware.log", DestVmwareLog);
                paths.Add(Path.Combine(tmp.Path, SrcBundle));
                paths.Add(Path.Combine(tmp.Path, DstBundle));
            }

            var (migrations, issues) = Migrations(paths);
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(Mid, m.MigrationId);
            Assert.Equal("src01", m.SourceHost);
            Assert.Equal("dst01", m.DestinationHost);
            Assert.Equal(new[] { "src01", "dst01" }, m.HostsSeen);
            Assert.Equal(2100004, m.VMWorldId);
            Assert.Equal(3200007, m.DestinationWorldId);
            Assert.Equal("app-vm01", m.VMName);
            Assert.Equal("10.1.1.11", m.SourceIp);
            Assert.Equal("10.1.1.12", m.DestinationIp);
            Assert.Equal(TimeSpan.FromTicks(331012 * 10), m.StunTime);
            Assert.Equal(112, m.PagesLeftAtSwitchover);
            Assert.Equal(1180.25, m.BandwidthMBps);
            Assert.Equal(VMotionResult.Succeeded, m.Result);
            Assert.Equal(new DateTimeOffset(2026, 4, 14, 10, 0, 0, 100, TimeSpan.Zero), m.StartTime);
            Assert.Equal(new DateTimeOffset(2026, 4, 14, 10, 0, 3, 50, TimeSpan.Zero), m.EndTime);
            Assert.Equal(TimeSpan.FromMilliseconds(2950), m.Duration);
            // 7 source + 4 destination vmkernel lines + 2 vmware.log lines
            Assert.Equal(13, m.Events.Count);
            Assert.Equal(2, m.Events.Count(e => e.LogKind == LogKind.VmwareLog));
            Assert.Equal(0, issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void IdLessLinesInAnotherRotatedFile_JoinThroughTheHostsWorldIdMap(bool idFirst)
        {
            string[] lines = SourceVmkernel.Split('\n');
            string setting = lines[1] + "\n";
            string hbrEnd = lines[8] + "\n"; // names only worldID=2100004
            using var tmp = new TempDir();
            string log = SrcBundle + "/var/run/log/";
            // vmkernel.1 is read before vmkernel.log (oldest first)
            tmp.File(log + "vmkernel.1", idFirst ? setting : hbrEnd);
            tmp.File(log + "vmkernel.log", idFirst ? hbrEnd : setting);
            var (migrations, issues) = Migrations(new[] { Path.Combine(tmp.Path, SrcBundle) });
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(2, m.Events.Count);
            Assert.Equal(VMotionResult.Succeeded, m.Result);
            Assert.Equal("src01", m.SourceHost);
            Assert.Equal(0, issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));
        }

        [Fact]
        public void DestinationHbrLinesJoinThroughTheDestinationWorldId()
        {
            var events = EventsFromText(DestVmkernel, new VMotionOptions { HostName = "dst01" });
            Assert.All(events, e => Assert.Equal(Mid, e.MigrationId));
            Assert.All(events, e => Assert.Equal(VMotionRole.Destination, e.Role));
        }

        [Fact]
        public void RunTogetherRecords_AreSplitAtTheEmbeddedTimestamp()
        {
            string[] lines = SourceVmkernel.Split('\n');
            // a page that lost its newlines: the stream line and the pre-copy line (with an unrelated line) glued
            string glued = lines[4] + lines[5] + lines[6] + "\n";
            var events = EventsFromText(glued);
            Assert.Equal(new[] { VMotionEventKind.StreamAdded, VMotionEventKind.PreCopyStopped }, events.Select(e => e.Kind));
            Assert.All(events, e => Assert.Equal(1, e.LineNumber));
            Assert.Equal(new DateTimeOffset(2026, 4, 14, 10, 0, 2, 500, TimeSpan.Zero), events[1].Timestamp);
            Assert.Equal(112, events[1].PagesLeft);
            Assert.Equal("VMotionUtil: 3396: 1776160800100001 S: Stream connection 1 added.", events[0].Message);

            // vmware.log records run together (old pipe shape)
            var vmx = EventsFromText("2026-04-14T15:38:20.200Z| vmx| I120: Migrate_Open: Restoring from <10.0.0.2> with migration id 1446046703473901" +
                "2026-04-14T15:38:21.000Z| vmx| I120: Checkpoint_Unstun: vm stopped for 412000 us");
            Assert.Equal(new[] { VMotionEventKind.Restoring, VMotionEventKind.Unstunned }, vmx.Select(e => e.Kind));
            Assert.Equal("1446046703473901", vmx[1].MigrationId);
            Assert.Equal(TimeSpan.FromMilliseconds(412), vmx[1].StunTime);
        }

        [Fact]
        public void VmkwarningInABundle_IsNotReadTwice()
        {
            using var tmp = new TempDir();
            string tgz = tmp.File(SrcBundle + ".tgz", TarBuilder.Gzip(new TarBuilder()
                .File(SrcBundle + "/var/run/log/vmkernel.log", SourceVmkernel)
                .File(SrcBundle + "/var/run/log/vmkwarning.log", SourceVmkernel.Split('\n')[1] + "\n").ToArray()));
            var (events, _) = Events(tgz);
            Assert.Equal(7, events.Count);
            Assert.All(events, e => Assert.EndsWith("vmkernel.log", e.Path));
        }

        [Fact]
        public void RedactedFields_AreLeftOutAndTheRestIsRead()
        {
            const string line = "2026-04-14T10:00:00.100Z cpu4:2100001)Migrate: vm 2100004: 3284: Setting VMOTION info: Source ts = 1776160800100001, src ip = <ip> dest ip = xx.xx.xx.xx Dest wid = #### using SHARED swap";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(Mid, e.MigrationId);
            Assert.Null(e.SourceIp);
            Assert.Null(e.DestinationIp);
            Assert.Null(e.DestinationWorldId);
            Assert.Equal(2100004, e.VMWorldId);
            Assert.Equal("SHARED", e.SwapMode);
            const string hashTime = "####-##-##T##:##:##.###Z cpu## )VMotion: 4531: 1776160800100001 S: Stopping pre-copy: only 12 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~<bw> MB/s)";
            VMotionEvent p = Assert.Single(EventsFromText(hashTime));
            Assert.Null(p.Timestamp);
            Assert.Null(p.Cpu);
            Assert.Equal(12, p.PagesLeft);
            Assert.Null(p.BandwidthMBps);
        }

        [Theory]
        [InlineData("2015-02-20T11:05:06.449Z esx01 vmkernel: cpu3:427570)VMotion: 4531: 1424430306000001 S: Stopping pre-copy: only 5 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~812.000 MB/s, 800% t2d)",
            VMotionLineShape.SyslogForwarded, "esx01", 3, 427570L, null)]
        [InlineData("2024-03-01T08:00:00.000Z In(182) vmkernel: cpu85:19435559 opID=5a1b2c3d)Migrate: 314: vmotion: Source vmmLeaderID = 19435560, ts = 7182955985622810397, srcIP = <10.2.0.1> dstIP = <10.2.0.2> Dest wid = 2109446 using SHARED swap, encrypted",
            VMotionLineShape.Esxi8Syslog, "h", 85, 19435559L, "5a1b2c3d")]
        [InlineData("2024-03-01T08:00:01.000Z Wa(180) vmkwarning: cpu12:19435561)WARNING: Migrate: 269: 7182955985622810397 S: Failed: Connection closed by remote host, possibly due to timeout (0xbad003f) @0x42002a1b2c3d",
            VMotionLineShape.Esxi8Syslog, "h", 12, 19435561L, null)]
        [InlineData("2015-12-25T16:39:25.567Z cpu4:2758489 opID=8f2e1a3b)VMotion: 2734: 1451061663105920 S: Set ip address '192.168.1.176' worldlet affinity to send World ID 2772001",
            VMotionLineShape.Esxi5Iso, "h", 4, 2758489L, "8f2e1a3b")]
        [InlineData("<166>2024-03-01T08:00:02.000Z esx02 vmkernel: cpu1:100)Hbr: 3434: Migration end received (worldID=19435560) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)",
            VMotionLineShape.SyslogForwarded, "esx02", 1, 100L, null)]
        [InlineData("Apr  1 15:14:34 esx41 vmkernel: 114:03:25:51.489 cpu0:4100)WARNING: Migrate: 296: 1301685441034055 D: Failed: Maximum switchover time for migration exceeded(0xbad0109) @0x41800f61cee2",
            VMotionLineShape.Esx4Uptime, "esx41", 0, 4100L, null)]
        public void PrefixShapes_AreReadPerEra(string line, VMotionLineShape shape, string host, int cpu, long world, string? opId)
        {
            VMotionEvent e = Assert.Single(EventsFromText(line, new VMotionOptions { HostName = "h" }));
            Assert.Equal(shape, e.Shape);
            Assert.Equal(host, e.HostName);
            Assert.Equal(cpu, e.Cpu);
            Assert.Equal(world, e.WorldId);
            Assert.Equal(opId, e.OpId);
            Assert.Equal(LogKind.VmKernel, e.LogKind);
            Assert.True(e.Timestamp.HasValue != e.Uptime.HasValue, "a wall-clock time or an uptime, not both");
        }

        [Fact]
        public void ShapeTable_EveryRowIsRecognised()
        {
            foreach (var row in LineShapes.Rows)
            {
                byte[] line = Encoding.UTF8.GetBytes(row.Example + "Migrate: 1: 42 S: test");
                Assert.True(LineShapes.TryRead(line, out LinePrefix p), row.Example);
                Assert.Equal(row.Shape, p.Shape);
                Assert.Equal("Migrate: 1: 42 S: test", Encoding.UTF8.GetString(line, p.BodyStart, line.Length - p.BodyStart));
            }
        }

        [Fact]
        public void Esxi8Failure_ReasonAndCodeFromVmkwarning()
        {
            var (migrations, _, _) = MigrationsFromText(
                "2024-03-01T08:00:01.000Z Wa(180) vmkwarning: cpu12:19435561)WARNING: Migrate: 269: 7182955985622810397 S: Failed: Connection closed by remote host, possibly due to timeout (0xbad003f) @0x42002a1b2c3d");
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(VMotionResult.Failed, m.Result);
            Assert.Equal("Connection closed by remote host, possibly due to timeout", m.FailureReason);
            Assert.Equal("0xbad003f", m.FailureCode);
        }

        [Fact]
        public void Hostd6_OpIdCarriesTheMigrationIdToTheStateLine()
        {
            const string hostd =
                "2026-04-14T10:00:00.090Z info hostd[2099583] [Originator@6876 sub=Vcsvc.VMotionSrc opID=op-77aa] VMotionSrc (1776160800100001): Sending phase 1\n" +
                "2026-04-14T10:00:00.095Z info hostd[2099583] [Originator@6876 sub=Vmsvc.vm:/vmfs/volumes/ds1/app-vm01/app-vm01.vmx opID=op-77aa] State Transition (VM_STATE_ON -> VM_STATE_EMIGRATING)\n";
            var events = EventsFromText(hostd);
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal(Mid, e.MigrationId));
            Assert.All(events, e => Assert.Equal(VMotionLineShape.Hostd6, e.Shape));
            Assert.Equal(VMotionEventKind.HostState, events[1].Kind);
            Assert.Equal("app-vm01", events[1].VMName);
            Assert.All(events, e => Assert.Equal(VMotionRole.Source, e.Role));
        }

        [Fact]
        public void HostdDestinationAndFaults_AreReadAsFailuresOfTheMigration()
        {
            // SYNTHETIC hostd.log (ESXi 6/7 shape) of a destination host whose vMotion failed.
            const string hostd =
                "2026-04-14T11:00:00.010Z info hostd[2099583] [Originator@6876 sub=Vcsvc.VMotionDst opID=op-88bb] VMotionDst (1776160800100002): Received migrate 'from' request\n" +
                "2026-04-14T11:00:00.020Z info hostd[2099583] [Originator@6876 sub=Vmsvc.vm:/vmfs/volumes/ds1/db-vm02/db-vm02.vmx opID=op-88bb] State Transition (VM_STATE_OFF -> VM_STATE_IMMIGRATING)\n" +
                "2026-04-14T11:01:40.000Z info hostd[2099583] [Originator@6876 sub=Vcsvc.VMotionDst opID=op-88bb] ResolveCb: Failed with fault: (vmodl.fault.SystemError) msg.migrate.fail.timeout\n";
            var (migrations, _, orphans) = MigrationsFromText(hostd);
            VMotionMigration m = Assert.Single(migrations);
            Assert.Equal(0, orphans);
            Assert.Equal("1776160800100002", m.MigrationId);
            Assert.Equal("db-vm02", m.VMName);
            Assert.Equal(VMotionResult.Failed, m.Result);
            Assert.Equal("msg.migrate.fail.timeout", m.FailureCode);
            Assert.All(m.Events, e => Assert.Equal(VMotionRole.Destination, e.Role));
            Assert.Equal(TimeSpan.FromSeconds(99.99), m.Duration);
        }

        [Fact]
        public void Hostd6_VcsvcTaskNamedOnlyInTheContext()
        {
            // SYNTHETIC hostd.log line: the vMotion task and its id are in the bracketed context, not in the text.
            const string line = "2026-04-14T10:00:00.300Z info hostd[2100187] [Originator@6876 sub=Vcsvc.VMotionSrc (1776160800100001) opID=op-1 user=vpxuser] VMotionEntry: migrateType = 1";
            VMotionEvent e = Assert.Single(EventsFromText(line));
            Assert.Equal(Mid, e.MigrationId);
            Assert.Equal(VMotionRole.Source, e.Role);
            Assert.Equal(VMotionEventKind.Other, e.Kind);
            Assert.Equal("VMotionEntry: migrateType = 1", e.Message);
            Assert.Equal(LogKind.Hostd, e.LogKind);
        }

        [Fact]
        public void TimeWindowAndIdFilters_ApplyInCore()
        {
            var after = new VMotionOptions { After = new DateTimeOffset(2026, 4, 14, 10, 0, 2, TimeSpan.Zero) };
            var late = EventsFromText(SourceVmkernel, after);
            Assert.Equal(new long[] { 7, 8, 9 }, late.Select(e => e.LineNumber));
            // the Hbr end line names only worldID=2100004: the id comes from the "Setting VMOTION info" line outside the window
            Assert.Equal(Mid, late[2].MigrationId);
            Assert.Equal(3, EventsFromText(SourceVmkernel, new VMotionOptions { After = after.After, MigrationId = new[] { Mid } }).Count);
            var before = new VMotionOptions { Before = new DateTimeOffset(2026, 4, 14, 10, 0, 0, 103, TimeSpan.Zero) };
            Assert.Equal(new long[] { 2, 3 }, EventsFromText(SourceVmkernel, before).Select(e => e.LineNumber));
            var offset = new VMotionOptions { TimeOffset = TimeSpan.FromHours(1) };
            Assert.Equal(new DateTimeOffset(2026, 4, 14, 9, 0, 0, 100, TimeSpan.Zero), EventsFromText(SourceVmkernel, offset)[0].Timestamp);

            Assert.Single(MigrationsFromText(SourceVmkernel, new VMotionOptions { Result = new[] { VMotionResult.Succeeded } }).Migrations);
            Assert.Empty(MigrationsFromText(SourceVmkernel, new VMotionOptions { Result = new[] { VMotionResult.Failed } }).Migrations);
            Assert.Empty(MigrationsFromText(SourceVmkernel, new VMotionOptions { After = new DateTimeOffset(2026, 4, 14, 11, 0, 0, TimeSpan.Zero) }).Migrations);
            // a window inside the migration keeps it whole
            var inside = MigrationsFromText(SourceVmkernel, new VMotionOptions { After = new DateTimeOffset(2026, 4, 14, 10, 0, 2, TimeSpan.Zero) }).Migrations;
            Assert.Equal(7, Assert.Single(inside).Events.Count);
            Assert.Empty(MigrationsFromText(SourceVmkernel, new VMotionOptions { MigrationId = new[] { "99" } }).Migrations);
        }

        [Fact]
        public void Join_IsBounded_FinishedMigrationsLeaveEarlyAndNoneIsLost()
        {
            var options = new VMotionOptions { MaxHeldMigrations = 4 };
            options.HostName = "h";
            var output = new List<VMotionMigration>();
            var session = VMotionReader.OpenMigrations(options, new ReadContext(), output.Add);
            int earlyMax = 0;
            for (int i = 0; i < 50; i++)
            {
                string id = (1776160800200000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string text = SourceVmkernel.Replace(Mid, id).Replace("2100004", (2200000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
                session.Feed(text);
                earlyMax = output.Count;
            }
            Assert.True(earlyMax >= 45, "finished migrations must be emitted while reading, got " + earlyMax);
            session.Complete();
            Assert.Equal(50, output.Count);
            Assert.Equal(50, output.Select(m => m.MigrationId).Distinct().Count());
            Assert.All(output, m => Assert.Equal(7, m.Events.Count));
            Assert.All(output, m => Assert.Equal(VMotionResult.Succeeded, m.Result));
        }

        [Fact]
        public void Join_MigrationWrittenEarlyBeforeTheOtherHostsLog_IsAnnouncedOnceAndComesOutTwice()
        {
            // 50 source-side migrations with a cap of 4, then the destination host's log for the same 50 (synthetic).
            var options = new VMotionOptions { MaxHeldMigrations = 4 };
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var output = new List<VMotionMigration>();
            var session = VMotionReader.OpenMigrations(options, ctx, output.Add);
            string Id(int i) => (1776160800200000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (host, template, world) in new[] { ("src", SourceVmkernel, "2100004"), ("dst", DestVmkernel, "3200007") })
            {
                // one host's log, read as one document of the session
                var log = new System.Text.StringBuilder();
                for (int i = 0; i < 50; i++)
                    log.Append(template.Replace(Mid, Id(i)).Replace(world, (int.Parse(world) + 1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                byte[] bytes = Encoding.UTF8.GetBytes(log.ToString());
                session.Add(LogDocument.FromStream("vmkernel.log", () => new MemoryStream(bytes), host, LogKind.VmKernel));
            }
            session.Complete();
            var warned = issues.Issues.Where(i => i.Kind == IssueKind.TruncatedRecord).ToList();
            var twice = output.GroupBy(m => m.MigrationId).Where(g => g.Count() == 2).Select(g => g.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.True(warned.Count >= 40, warned.Count + " warnings");
            Assert.Equal(50 + warned.Count, output.Count);
            Assert.Equal(warned.Count, twice.Count);
            // one warning per split migration, naming its id, on the destination log's first line of it
            Assert.Equal(twice, warned.Select(w => System.Text.RegularExpressions.Regex.Match(w.Message, @"vMotion (\d+)").Groups[1].Value).OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(warned, w => Assert.Contains("MaxHeldMigrations", w.Message));
            // the rest joined both hosts into one record
            Assert.All(output.Where(m => !twice.Contains(m.MigrationId)), m => Assert.Equal(new[] { "dst", "src" }, m.HostsSeen.OrderBy(h => h, StringComparer.Ordinal)));
        }

        [Theory]
        [InlineData(4242)]
        [InlineData(7)]
        [InlineData(2026)]
        public void Garbage_RandomCutsAndInvalidUtf8_NeverThrow(int seed)
        {
            // fixed seeds: cuts, splices and byte noise over the synthetic lines (and the fixtures when present)
            var rng = new Random(seed);
            var corpus = new List<string>((SourceVmkernel + DestVmkernel + DestVmwareLog).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            if (Repo.Fixtures != null)
            {
                foreach (string f in Directory.GetFiles(Path.Combine(Repo.Fixtures, "vmotion"), "*.*").Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
                    corpus.AddRange(File.ReadAllLines(f).Where(l => l.Length > 0));
            }
            var sb = new MemoryStream();
            for (int i = 0; i < 5000; i++)
            {
                string a = corpus[rng.Next(corpus.Count)];
                string b = corpus[rng.Next(corpus.Count)];
                byte[] bytes = Encoding.UTF8.GetBytes(a.Substring(rng.Next(a.Length)) + b.Substring(0, rng.Next(b.Length)));
                for (int k = rng.Next(3); k > 0 && bytes.Length > 0; k--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                sb.Write(bytes);
                if (rng.Next(4) != 0) sb.WriteByte((byte)'\n');
            }
            byte[] data = sb.ToArray();
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream("fuzz.log", () => new MemoryStream(data));
            var events = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(new[] { doc }).ToList();
            var migrations = VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(new[] { LogDocument.FromStream("fuzz.log", () => new MemoryStream(data)) }).ToList();
            Assert.NotEmpty(events);
            Assert.Equal(events.Count, migrations.Sum(m => m.Events.Count) + issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent));
        }

        [Fact]
        public void TruncatedLines_YieldWhatCanBeRead()
        {
            string line = SourceVmkernel.Split('\n')[6]; // the pre-copy line
            for (int cut = 0; cut <= line.Length; cut++)
            {
                var events = EventsFromText(line.Substring(0, cut));
                Assert.True(events.Count <= 1);
            }
            // cut after the id marker: the event is still there with its id, without the numbers
            VMotionEvent e = Assert.Single(EventsFromText(line.Substring(0, line.IndexOf("only", StringComparison.Ordinal))));
            Assert.Equal(Mid, e.MigrationId);
            Assert.Equal(VMotionEventKind.PreCopyStopped, e.Kind);
            Assert.Null(e.PagesLeft);
            // cut inside the bandwidth: pages and goal are still read
            VMotionEvent g = Assert.Single(EventsFromText(line.Substring(0, line.IndexOf("MB/s", StringComparison.Ordinal))));
            Assert.Equal(112, g.PagesLeft);
            Assert.Equal(0.5, g.SwitchoverGoalSeconds);
            Assert.Null(g.BandwidthMBps);
        }
    }
}
