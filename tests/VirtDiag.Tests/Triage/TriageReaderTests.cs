using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Triage;

namespace VirtDiag.Tests.Triage
{
    /// <summary>The triage of examples/, of shared fixtures and of small logs written here: hosts, findings with their values, gaps, restarts, versions.</summary>
    public class TriageReaderTests
    {
        private static string Examples => Path.Combine(Repo.Root, "examples");

        internal static TriageReport Triage(IReadOnlyList<string> paths, IssueCollector issues, TriageOptions? options = null)
        {
            var ctx = new ReadContext(issues);
            return TriageReader.Run(DocumentResolver.Resolve(paths, ctx), paths, options ?? new TriageOptions { Year = 2026 }, ctx);
        }

        private static string Dir(string name)
        {
            string d = Path.Combine(Path.GetTempPath(), "virtdiag-triage-" + name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(d);
            return d;
        }

        private static string Write(string dir, string relative, params string[] lines)
        {
            string f = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(f)!);
            File.WriteAllText(f, string.Join("\n", lines) + "\n");
            return f;
        }

        [Fact]
        public void ExamplesGiveTheKnownFindingsMostSevereFirst()
        {
            var issues = new IssueCollector();
            TriageReport r = Triage(new[] { Examples }, issues);

            Assert.Equal(6, r.DocumentCount);
            Assert.Equal(new[] { "app01", "esx-a.lab", "esx-b.lab", "esx-c.lab", "rhvh01.lab" }, r.Hosts.Select(h => h.HostName));
            Assert.Equal(new[] { 2, 4, 0, 1 }, new[] { TriageSeverity.Critical, TriageSeverity.Error, TriageSeverity.Warning, TriageSeverity.Info }.Select(s => r.SeverityCounts[s]));
            Assert.Equal(new[] { TriageFindingKind.PurpleScreen, TriageFindingKind.GuestFailure, TriageFindingKind.VdsmCommandFailed, TriageFindingKind.VdsmTaskFailed, TriageFindingKind.GuestFailure,
                TriageFindingKind.VMotionFailed, TriageFindingKind.PurpleScreenPattern }, r.Findings.Select(f => f.Kind));

            TriageFinding psod = r.Findings[0];
            var screen = Assert.IsType<PurpleScreen>(psod.Record);
            Assert.Equal(PurpleScreenCategory.PageFault, screen.Category);
            Assert.Equal(14, screen.PhysicalCpu);
            Assert.Equal("esx-c.lab", psod.HostName);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 3, 11, 650, TimeSpan.Zero), psod.Time);
            Assert.EndsWith("esx-esx-c.lab-2026-11-01--12.00-1003/var/run/log/vmkernel.log", psod.Path.Replace('\\', '/'));
            Assert.Equal(1, psod.LineNumber);

            TriageFinding vm = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.VMotionFailed);
            var migration = Assert.IsType<VMotionMigration>(vm.Record);
            Assert.Equal("1761994964500011", migration.MigrationId);
            Assert.Equal("Timeout", migration.FailureReason);
            Assert.Equal("0xbad0021", migration.FailureCode);
            Assert.Equal(15, vm.LineNumber); // the "Failed: Timeout (0xbad0021)" line
            Assert.Equal("esx-a.lab", vm.HostName);

            TriageFinding cmd = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.VdsmCommandFailed);
            var command = Assert.IsType<VdsmExternalCommand>(cmd.Record);
            Assert.Equal(1, command.ExitCode);
            Assert.Equal("/usr/bin/qemu-img", command.Executable);
            Assert.Equal(6, cmd.LineNumber);

            TriageFinding panic = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.GuestFailure && f.Severity == TriageSeverity.Critical);
            Assert.Equal(GuestFailureKind.KernelPanic, Assert.IsType<GuestOsFailure>(panic.Record).Kind);
            Assert.Equal(19, panic.LineNumber);

            var pattern = Assert.IsType<PurpleScreenPattern>(Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.PurpleScreenPattern).Record);
            Assert.Equal(PurpleScreenVerdict.Inconclusive, pattern.Verdict);

            Assert.Equal(2, r.Migrations.Count);
            Assert.Equal(new[] { VMotionResult.Succeeded, VMotionResult.Failed }, r.Migrations.Select(m => m.Result));

            TriageHost c = Assert.Single(r.Hosts, h => h.HostName == "esx-c.lab");
            Assert.Equal(new[] { LogKind.VmKernel, LogKind.VmkSummary }, c.LogKinds);
            TriageReboot boot = Assert.Single(c.Reboots);
            Assert.Equal(TriageRebootKind.Booted, boot.Kind);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 14, 37, TimeSpan.Zero), boot.Time);
            Assert.Equal(5, boot.LineNumber);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 0, 1, TimeSpan.Zero), c.FirstTime);
            Assert.Empty(c.Gaps);
            Assert.Equal(2, c.FindingCount);
            Assert.Equal(TriageSeverity.Critical, c.WorstSeverity);

            // Pasted texts whose names match no log kind: read only when named.
            Assert.Equal(new[] { "esx-c.lab-psod.txt", "windows-system-event.txt" }, r.UnreadFiles.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            // the guest log ends inside the panic's report: one TruncatedRecord warning, written once
            // NotRead: the folder walk names examples' README.md, run.sh, windows-system-event.txt; verbose bookkeeping aside
            Issue warning = Assert.Single(issues.Issues, i => i.Kind != IssueKind.NotRead && IssueSeverities.Of(i.Kind) != IssueSeverity.Verbose);
            Assert.Equal(IssueKind.TruncatedRecord, warning.Kind);
            Assert.Equal(1, r.IssueCount);
            TriageSource guestRow = Assert.Single(r.Sources, s => s.Reader == "Guest" && s.Path.EndsWith("messages", StringComparison.Ordinal));
            Assert.Equal(2, guestRow.Records);
            Assert.Equal(1, guestRow.Malformed);
            TriageSource inventoryRow = Assert.Single(r.Sources, s => s.Reader == "Inventory" && s.Path.EndsWith("vmksummary.log", StringComparison.Ordinal));
            Assert.Equal(6, inventoryRow.Lines);
        }

        [Fact]
        public void EmptyFolderSaysNothingFoundWithoutAnIssue()
        {
            string dir = Dir("empty");
            var issues = new IssueCollector();
            TriageReport r = Triage(new[] { dir }, issues);
            Assert.True(r.NothingFound);
            Assert.Empty(r.Findings);
            Assert.Empty(r.Hosts);
            Assert.Empty(issues.Issues);
            Assert.StartsWith("Nothing found: no log documents in " + dir + ".", r.Summary, StringComparison.Ordinal);
        }

        [Fact]
        public void GapIsASilenceOfEveryLogOfTheHost()
        {
            string dir = Dir("gaps");
            string bundle = Path.Combine(dir, "esx-esx09.lab-2026-11-05--06.00-4242");
            // vmkernel.log writes 00:00-01:00 and 05:00-06:00; hostd.log writes 02:30-03:00: the host was silent 01:00-02:30 and 03:00-05:00.
            Write(bundle, "var/run/log/vmkernel.log",
                "2026-11-05T00:00:00.001Z cpu1:2097153)NetPort: 1590: disabled port 0x4000012",
                "2026-11-05T00:40:00.001Z cpu1:2097153)NetPort: 1590: disabled port 0x4000013",
                "2026-11-05T01:00:00.001Z cpu1:2097153)NetPort: 1590: disabled port 0x4000014",
                "2026-11-05T05:00:00.001Z cpu1:2097153)NetPort: 1590: disabled port 0x4000015",
                "2026-11-05T06:00:00.001Z cpu1:2097153)NetPort: 1590: disabled port 0x4000016");
            Write(bundle, "var/run/log/hostd.log",
                "2026-11-05T02:30:00.000Z In(166) Hostd[2099401]: [Originator@6876 sub=Vimsvc.TaskManager] Task Created : haTask-ha-host-vim.HostSystem.retrieveInternalCapability-12",
                "2026-11-05T03:00:00.000Z In(166) Hostd[2099401]: [Originator@6876 sub=Vimsvc.TaskManager] Task Completed : haTask-ha-host-vim.HostSystem.retrieveInternalCapability-12");
            TriageReport r = Triage(new[] { dir }, new IssueCollector());
            TriageHost h = Assert.Single(r.Hosts);
            Assert.Equal("esx09.lab", h.HostName);
            Assert.Equal(new[] { (1, 0, 2, 30), (3, 0, 5, 0) }, h.Gaps.Select(g => (g.Start.Hour, g.Start.Minute, g.End.Hour, g.End.Minute)));
            Assert.Equal(3, h.Covered.Count);
            Assert.Equal(TimeSpan.FromHours(1.5) - TimeSpan.FromMilliseconds(1), h.Gaps[0].Duration); // 01:00:00.001 to 02:30:00.000

            // With a 3-hour threshold neither silence is a gap.
            TriageReport wide = Triage(new[] { dir }, new IssueCollector(), new TriageOptions { GapThreshold = TimeSpan.FromHours(3), Year = 2026 });
            Assert.Empty(Assert.Single(wide.Hosts).Gaps);
        }

        [Fact]
        public void VersionsAndRestartsComeFromTheHostsOwnLines()
        {
            string dir = Dir("versions");
            string sos = Path.Combine(dir, "sosreport-node07-2026-11-02-ab12c");
            Write(sos, "hostname", "node07.lab");
            Write(sos, "var/log/vdsm/vdsm.log",
                "2026-11-02 07:00:01,100+0000 INFO  (MainThread) [vds] (PID: 4711) I am the actual vdsm 4.50.3.4-1.el8 node07.lab (4.18.0-425.3.1.el8.x86_64) (vdsmd:162)",
                "2026-11-02 07:00:02,250+0000 INFO  (MainThread) [vds] Starting vdsm (vdsmd:203)");
            Write(sos, "var/log/messages",
                "Nov  2 06:59:30 node07 kernel: Linux version 4.18.0-425.3.1.el8.x86_64 (mockbuild@builder07.lab) (gcc version 8.5.0 20210514) #1 SMP Fri Oct 14 07:51:24 UTC 2026",
                "Nov  2 06:59:31 node07 kernel: Command line: BOOT_IMAGE=(hd0,msdos1)/vmlinuz-4.18.0-425.3.1.el8.x86_64 ro");
            string esx = Path.Combine(dir, "esx-esx11.lab-2026-11-02--08.00-777");
            Write(esx, "var/run/log/vmksummary.log",
                "2026-11-02T05:10:00Z bootstop: Host is rebooting",
                "2026-11-02T05:16:42Z bootstop: Host has booted",
                "2026-11-02T06:20:00Z bootstop: Host is powering off");
            Write(esx, "var/run/log/hostd.log",
                "2026-11-02T05:17:30.112Z In(166) Hostd[2099712]: [Originator@6876 sub=Default] Log rotation time 2026-11-02T05:17:30.101Z, Section for VMware ESX, pid=2099712, version=8.0.2, build=22380479, option=Release",
                "2026-11-02T05:17:31.004Z In(166) Hostd[2099712]: [Originator@6876 sub=Default] Supported VMs 512");

            TriageReport r = Triage(new[] { dir }, new IssueCollector());
            TriageHost node = Assert.Single(r.Hosts, h => h.HostName == "node07.lab");
            Assert.Equal("4.50.3.4-1.el8", node.VdsmVersion);
            Assert.Equal("4.18.0-425.3.1.el8.x86_64", node.KernelVersion);
            TriageReboot kernel = Assert.Single(node.Reboots);
            Assert.Equal(TriageRebootKind.KernelStarted, kernel.Kind);
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 6, 59, 30, TimeSpan.Zero), kernel.Time);

            TriageHost esxHost = Assert.Single(r.Hosts, h => h.HostName == "esx11.lab");
            Assert.Equal("8.0.2 build-22380479", esxHost.EsxiBuild);
            Assert.Equal(new[] { TriageRebootKind.Rebooting, TriageRebootKind.Booted, TriageRebootKind.PoweringOff }, esxHost.Reboots.Select(b => b.Kind));
            Assert.Equal(new[] { 1L, 2L, 3L }, esxHost.Reboots.Select(b => b.LineNumber));
            Assert.Empty(r.Findings);
            Assert.Contains("No findings:", r.Summary, StringComparison.Ordinal);
        }

        [Fact]
        public void SlowVMotionIsAWarningOverTheThreshold()
        {
            TriageReport r = Triage(new[] { Examples }, new IssueCollector(), new TriageOptions { SlowMigrationThreshold = TimeSpan.FromSeconds(5), Year = 2026 });
            TriageFinding slow = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.VMotionSlow);
            Assert.Equal(TriageSeverity.Warning, slow.Severity);
            var m = Assert.IsType<VMotionMigration>(slow.Record);
            Assert.Equal("1761991502101234", m.MigrationId);
            Assert.True(m.Duration > TimeSpan.FromSeconds(5));
            Assert.Contains("at 1180.4 MB/s", slow.Summary, StringComparison.Ordinal);
        }

        [Fact]
        public void FindingsPastTheCapAreCountedNotListed()
        {
            string dir = Dir("cap");
            var lines = new List<string>();
            for (int i = 0; i < 7; i++) lines.Add($"Nov  4 0{i}:00:00 db03 kernel: [  {100 + i}.000001] Kernel panic - not syncing: test panic number {i}");
            Write(dir, "messages", lines.ToArray());
            TriageReport r = Triage(new[] { dir }, new IssueCollector(), new TriageOptions { MaxFindingsPerKind = 3, Year = 2026 });
            Assert.Equal(3, r.Findings.Count);
            Assert.Equal(4, r.FindingsNotListed);
            Assert.Contains("(+4 not listed)", r.Summary, StringComparison.Ordinal);
        }

        [Fact]
        public void ClockSkewBetweenHostsIsAWarningWithItsEstimate()
        {
            var t0 = new DateTimeOffset(2026, 11, 6, 14, 0, 0, TimeSpan.Zero);
            using var kit = new VirtDiag.Tests.Timeline.VMotionBundleKit(("esxq01", 0), ("esxq02", 42.5));
            kit.Migration("7100000000000001", "esxq01", "esxq02", t0, 2.0, 6100334);
            kit.Migration("7100000000000002", "esxq02", "esxq01", t0.AddMinutes(4), 1.2, 6200334);
            TriageReport r = Triage(kit.Write(), new IssueCollector());
            Assert.Equal(2, r.ClockSkew.Count);
            TriageFinding skew = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.ClockSkew);
            Assert.Equal(TriageSeverity.Warning, skew.Severity);
            var e = Assert.IsType<ClockSkewEstimate>(skew.Record);
            // signed as host minus reference, whichever host the estimator took as reference
            double truth = e.HostName == "esxq02" ? 42.5 : -42.5;
            Assert.InRange(truth, e.LowerBoundSeconds!.Value, e.UpperBoundSeconds!.Value);
            Assert.Contains(e.HostName == "esxq02" ? "ahead of esxq01" : "behind esxq02", skew.Summary, StringComparison.Ordinal);

            // the same hosts without a shift: an estimate, but no finding
            using var level = new VirtDiag.Tests.Timeline.VMotionBundleKit(("esxq01", 0), ("esxq02", 0));
            level.Migration("7100000000000003", "esxq01", "esxq02", t0, 2.0, 6300334);
            level.Migration("7100000000000004", "esxq02", "esxq01", t0.AddMinutes(4), 1.2, 6400334);
            TriageReport flat = Triage(level.Write(), new IssueCollector());
            Assert.Equal(2, flat.ClockSkew.Count);
            Assert.DoesNotContain(flat.Findings, f => f.Kind == TriageFindingKind.ClockSkew);
        }

        [FixtureFact]
        public void EngineLogFailuresAreFindings()
        {
            string engine = Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_engine.log");
            TriageReport r = Triage(new[] { engine }, new IssueCollector());
            var failed = r.Findings.Where(f => f.Kind == TriageFindingKind.EngineCommandFailed).ToList();
            Assert.All(failed, f => Assert.Equal(TriageSeverity.Error, f.Severity));
            var caps = failed.Select(f => Assert.IsType<OVirtEngineCommand>(f.Record)).Where(c => c.Command == "GetCapabilitiesVDSCommand").ToList();
            Assert.Equal(5, caps.Count);                                             // grep -c 'centos-host-2.*NoRouteToHost'
            Assert.All(caps, c => Assert.Equal("java.net.NoRouteToHostException: No route to host", c.Error));
            Assert.Equal(5, failed.Count(f => ((OVirtEngineCommand)f.Record).Command == "RefreshHostCapabilitiesCommand"));
            Assert.Contains("on centos-host-2", failed.First(f => ((OVirtEngineCommand)f.Record).Command == "GetCapabilitiesVDSCommand").Summary);
            Assert.Contains(r.Sources, s => s.Reader == "Engine" && s.Records > 0);
        }

        [FixtureFact]
        public void SharedFixturesGiveTheirKnownFindings()
        {
            string[] paths =
            {
                Repo.Fixture("vmotion", "esxi55-source-vmkernel-failure-precopy-io-aborted-switchover-rssing.txt"),
                Repo.Fixture("psod", "esxi7x-mce-idle51-data-cache-and-vmkernel-mca-alerts-kb372284.txt"),
                Repo.Fixture("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03", "trace.dat"),
            };
            var issues = new IssueCollector();
            TriageReport r = Triage(paths, issues);

            TriageFinding vm = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.VMotionFailed);
            var m = Assert.IsType<VMotionMigration>(vm.Record);
            Assert.Equal("1415416254017461", m.MigrationId);
            Assert.Equal("IO was aborted", m.FailureReason);
            Assert.Equal("0xbad00e0", m.FailureCode);

            TriageFinding mce = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.PurpleScreen);
            Assert.Equal(PurpleScreenCategory.MachineCheck, Assert.IsType<PurpleScreen>(mce.Record).Category);
            Assert.Equal(TriageSeverity.Critical, mce.Severity);
            // one screen is not a pattern: the verdict waits for a second one, and says so as Info
            TriageFinding pattern = Assert.Single(r.Findings, f => f.Kind == TriageFindingKind.PurpleScreenPattern);
            Assert.Equal(PurpleScreenVerdict.Inconclusive, Assert.IsType<PurpleScreenPattern>(pattern.Record).Verdict);
            Assert.Equal(TriageSeverity.Info, pattern.Severity);
            // the screen's build names the host's ESXi where no log header did
            Assert.Equal("7.X.X build-22348816", Assert.Single(r.Hosts, h => h.HostName == "(unknown)").EsxiBuild);

            // grep -o 'kvm_exit: *reason [A-Z_]*' trace.report.txt | sort | uniq -c: HLT 1665, APIC_WRITE 3206, EPT_MISCONFIG 431; 5860 in all
            Assert.Equal(5860, r.KvmExits.Sum(k => k.Count));
            Assert.Equal(1665, r.KvmExits.Where(k => k.ExitReason == "HLT").Sum(k => k.Count));
            Assert.Equal(3206, r.KvmExits.Where(k => k.ExitReason == "APIC_WRITE").Sum(k => k.Count));
            var kvm = r.Findings.Where(f => f.Kind == TriageFindingKind.KvmExits).ToList();
            Assert.NotEmpty(kvm);
            Assert.All(kvm, f => Assert.Equal(TriageSeverity.Info, f.Severity));
            Assert.True(kvm.Count <= 5 * r.KvmExits.Select(k => k.Path).Distinct().Count());
            // the binary trace is read by the KVM step only
            Assert.DoesNotContain(r.Sources, s => s.Path.EndsWith("trace.dat", StringComparison.Ordinal) && s.Reader != "KVM");
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
        }
    }
}
