using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using static VirtDiag.Tests.Guest.GuestFailureParserTests;

namespace VirtDiag.Tests.Guest
{
    /// <summary>
    /// Guest reports in the prefixes and wordings the kernel, journald, syslog daemons, WinDbg and Windows event text
    /// really use (issue 18). Every line here is synthetic: written for the test after the printk formats and the
    /// public shapes, with our own hosts, times, addresses and values.
    /// </summary>
    public class GuestShapeCoverageTests
    {
        private const string SoftLockup = "watchdog: BUG: soft lockup - CPU#2 stuck for 23s! [kworker/2:1:4187]";

        // ---- prefixes -----------------------------------------------------------------------------------------

        [Theory]
        [InlineData("[Tue Mar  5 10:16:19 2024] " + SoftLockup, "WallClock", "2024-03-05T10:16:19Z", null, null)]
        [InlineData("[Sat Nov 16 07:02:44 2024] " + SoftLockup, "WallClock", "2024-11-16T07:02:44Z", null, null)]
        [InlineData("<4>Mar  5 10:16:19 web07 kernel: " + SoftLockup, "SyslogWallClock", "2024-03-05T10:16:19Z", "web07", null)]
        [InlineData("<4>1 2024-03-05T10:16:19.250000+01:00 web07 kernel - - - " + SoftLockup, "WallClock", "2024-03-05T09:16:19.25Z", "web07", null)]
        [InlineData("<4>1 2024-03-05T10:16:19Z web07 kernel - - [meta sequenceId=\"12\" note=\"a ] b\"] " + SoftLockup, "WallClock", "2024-03-05T10:16:19Z", "web07", null)]
        [InlineData("Mar 05 10:16:19 web07 kernel: " + SoftLockup, "SyslogWallClock", "2024-03-05T10:16:19Z", "web07", null)]
        [InlineData("2024-03-05T10:16:19+0100 web07 kernel: " + SoftLockup, "WallClock", "2024-03-05T09:16:19Z", "web07", null)]
        [InlineData("Mar 05 10:16:19.654321 web07 kernel: " + SoftLockup, "SyslogWallClock", "2024-03-05T10:16:19.654321Z", "web07", null)]
        [InlineData("<4>[  812.250000] " + SoftLockup, "Uptime", null, null, 812.25)]
        public void EveryCommonPrefixGivesTheLockupItsTimeAndHost(string line, string kind, string? wall, string? host, double? uptime)
        {
            var f = Assert.Single(ReadText(line + "\n"));
            Assert.Equal(GuestFailureKind.SoftLockup, f.Kind);
            Assert.Equal(("kworker/2:1", 4187, 2, 23), (f.Process, f.Pid!.Value, f.Cpu!.Value, f.StuckSeconds!.Value));
            Assert.Equal(kind, f.TimestampKind.ToString());
            Assert.Equal(wall == null ? null : DateTimeOffset.Parse(wall), f.Timestamp);
            Assert.Equal(host, f.HostName);
            Assert.Equal(uptime.HasValue ? TimeSpan.FromSeconds(uptime.Value) : null, f.Uptime);
        }

        [Fact]
        public void AnRfc5424LineOfAnotherProgramIsNotAKernelReport()
        {
            var issues = new IssueCollector();
            Assert.Empty(ReadText("<30>1 2024-03-05T10:16:19Z web07 backupd 811 - - Kernel panic - not syncing: quoted by a script\n", issues: issues));
        }

        [Fact]
        public void SyslogdWallMessageBodyIsTheLockup()
        {
            string text = "\nMessage from syslogd@db03 at Mar  5 10:16:19 ...\n kernel:[ 8812.104233] " + SoftLockup + "\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestFailureKind.SoftLockup, f.Kind);
            Assert.Equal("db03", f.HostName);
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:16:19Z"), f.Timestamp);
            Assert.Equal(TimeSpan.FromSeconds(8812.104233), f.Uptime);
            Assert.Equal(23, f.StuckSeconds);
        }

        [Fact]
        public void BsdSyslogdWallMessageWithCtimeCarriesItsYear()
        {
            string text = "Message from syslogd@db03 at Tue Mar  5 10:16:19 2024 ...\n kernel:" + SoftLockup + "\n";
            var f = Assert.Single(ReadText(text, new GuestFailureOptions()));
            Assert.Equal(GuestTimestampKind.WallClock, f.TimestampKind);
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:16:19Z"), f.Timestamp);
            Assert.Equal("db03", f.HostName);
        }

        [Fact]
        public void JournalctlExportEntriesAreReadFieldByField()
        {
            // journalctl -o export: realtime 2024-03-05T10:16:19.500000Z, monotonic 8812.104233 s
            string text = string.Join("\n",
                "__CURSOR=s=aa11;i=2f1;b=bb22;m=20d4;t=613d;x=cc33",
                "__REALTIME_TIMESTAMP=1709633779500000",
                "__MONOTONIC_TIMESTAMP=8812104233",
                "_BOOT_ID=0f3c2a9e51d84b7c9a5e2d6f70c1b3a8",
                "_TRANSPORT=kernel",
                "PRIORITY=0",
                "SYSLOG_FACILITY=0",
                "SYSLOG_IDENTIFIER=kernel",
                "MESSAGE=" + SoftLockup,
                "_HOSTNAME=db03",
                "",
                "__CURSOR=s=aa11;i=2f2;b=bb22;m=20d5;t=613e;x=cc34",
                "__REALTIME_TIMESTAMP=1709633779500100",
                "SYSLOG_IDENTIFIER=kernel",
                "MESSAGE=Modules linked in: virtio_net virtio_blk",
                "_HOSTNAME=db03",
                "");
            var f = Assert.Single(ReadText(text, new GuestFailureOptions()));
            Assert.Equal(GuestFailureKind.SoftLockup, f.Kind);
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:16:19.5Z"), f.Timestamp);
            Assert.Equal(GuestTimestampKind.WallClock, f.TimestampKind);
            Assert.Equal(TimeSpan.FromSeconds(8812.104233), f.Uptime);
            Assert.Equal(new[] { "virtio_net", "virtio_blk" }, f.ModulesLinkedIn);
        }

        [Fact]
        public void JournalctlJsonLinesAreReadAndOtherProgramsLeftOut()
        {
            string text = string.Join("\n",
                "{\"__CURSOR\":\"s=aa11;i=301\",\"__REALTIME_TIMESTAMP\":\"1709633779500000\",\"__MONOTONIC_TIMESTAMP\":\"8812104233\",\"_HOSTNAME\":\"db03\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"PRIORITY\":\"0\",\"MESSAGE\":\"" + SoftLockup + "\"}",
                "{\"__CURSOR\":\"s=aa11;i=302\",\"__REALTIME_TIMESTAMP\":\"1709633780000000\",\"_HOSTNAME\":\"db03\",\"SYSLOG_IDENTIFIER\":\"notes\",\"MESSAGE\":\"Kernel panic - not syncing: \\\"quoted\\\" in a note\"}",
                "{\"__CURSOR\":\"s=aa11;i=303\",\"__REALTIME_TIMESTAMP\":\"1709633781000000\",\"_HOSTNAME\":\"db03\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":[75,101,114,255]}",
                "");
            var issues = new IssueCollector();
            var f = Assert.Single(ReadText(text, new GuestFailureOptions(), issues));
            Assert.Equal(("db03", 23), (f.HostName, f.StuckSeconds!.Value));
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:16:19.5Z"), f.Timestamp);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.StartsWith("1 journal MESSAGE field(s) are binary", StringComparison.Ordinal));
        }

        // ---- damaged prefix --------------------------------------------------------------------------------------

        [Fact]
        public void DamagedSyslogPrefixOnTheFirstLineKeepsTheBugLocation()
        {
            string text = string.Join("\n",
                "ar  5 10:16:1 web07 kernel: kernel BUG at drivers/block/zram/zram_drv.c:1287!",
                "Mar  5 10:16:19 web07 kernel: invalid opcode: 0000 [#3] SMP NOPTI",
                "Mar  5 10:16:19 web07 kernel: CPU: 1 PID: 9921 Comm: kswapd0 Not tainted 5.14.0-162.el9.x86_64 #1",
                "Mar  5 10:16:19 web07 kernel: Call Trace:",
                "Mar  5 10:16:19 web07 kernel:  zram_submit_bio+0x51/0x90 [zram]",
                "Mar  5 10:16:19 web07 kernel: ---[ end trace 5a1c0b3d2e4f6a7b ]---",
                "");
            var issues = new IssueCollector();
            var f = Assert.Single(ReadText(text, issues: issues));
            Assert.Equal(GuestFailureKind.Bug, f.Kind);
            Assert.Equal("drivers/block/zram/zram_drv.c:1287", f.BugLocation);
            Assert.Equal(3, f.OopsNumber);
            Assert.Equal(1, f.LineNumber);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.LineNumber == 1 && i.Message.Contains("prefix the reader does not know", StringComparison.Ordinal));
        }

        // ---- RHEL and 6.x headers ----------------------------------------------------------------------------------

        [Theory]
        [InlineData("CPU: 6 PID: 3110 Comm: jbd2/dm-0-8 Kdump: loaded Tainted: G        W IOEL   --------- -  - 4.18.0-477.10.1.el8_8.x86_64 #1", 6, 3110, "jbd2/dm-0-8", "GWIOEL", "4.18.0-477.10.1.el8_8.x86_64")]
        [InlineData("CPU: 3 PID: 77 Comm: kworker/3:1 Tainted: G           OE  ------------   3.10.0-1160.el7.x86_64 #1", 3, 77, "kworker/3:1", "GOE", "3.10.0-1160.el7.x86_64")]
        [InlineData("CPU: 0 UID: 0 PID: 512 Comm: systemd-udevd Not tainted 6.13.2-200.fc41.x86_64 #1", 0, 512, "systemd-udevd", "", "6.13.2-200.fc41.x86_64")]
        [InlineData("CPU: 2 PID: 1 Comm: swapper/0 Kdump: loaded Not tainted 5.14.0-362.8.1.el9_3.x86_64 #1", 2, 1, "swapper/0", "", "5.14.0-362.8.1.el9_3.x86_64")]
        public void CpuPidCommHeaderOfEveryEra(string header, int cpu, int pid, string comm, string taint, string version)
        {
            string text = "[  41.000001] BUG: kernel NULL pointer dereference, address: 0000000000000018\n[  41.000002] Oops: 0000 [#1] PREEMPT SMP PTI\n[  41.000003] " + header + "\n[  41.000004] Call Trace:\n[  41.000005]  <TASK>\n[  41.000006]  blk_mq_run_hw_queue+0x11/0x20\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal((cpu, pid, comm, taint, version), (f.Cpu!.Value, f.Pid!.Value, f.Process, f.TaintedText, f.KernelVersion));
            Assert.Equal(0x18UL, f.FaultAddress);
            Assert.Equal(1, f.OopsNumber);
        }

        // ---- typed facts -------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020", GuestPlatform.VMware)]
        [InlineData("VMware, Inc. VMware20,1/440BX Desktop Reference Platform, BIOS VMW201.00V.21805430.B64.2305221830 05/22/2023", GuestPlatform.VMware)]
        [InlineData("QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-2.el9 04/01/2014", GuestPlatform.Kvm)]
        [InlineData("Red Hat KVM/RHEL, BIOS 1.16.1-1.el9 04/01/2014", GuestPlatform.Kvm)]
        [InlineData("Microsoft Corporation Virtual Machine/Virtual Machine, BIOS Hyper-V UEFI Release v4.1 04/06/2022", GuestPlatform.HyperV)]
        [InlineData("Xen HVM domU, BIOS 4.11.amazon 08/24/2006", GuestPlatform.Xen)]
        [InlineData("Cloud Hypervisor cloud-hypervisor, BIOS 0", GuestPlatform.CloudHypervisor)]
        [InlineData("innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006", GuestPlatform.VirtualBox)]
        [InlineData("Google Google Compute Engine/Google Compute Engine, BIOS Google 01/01/2011", GuestPlatform.Kvm)]
        [InlineData("Dell Inc. PowerEdge R750/0PJ80M, BIOS 1.8.2 09/14/2022", GuestPlatform.Other)]
        public void HardwareNameTellsTheHypervisor(string hardware, GuestPlatform platform)
        {
            string text = "[ 9.1] BUG: unable to handle page fault for address: ffffb3c2c0a1f000\n[ 9.2] #PF: supervisor read access in kernel mode\n[ 9.3] Oops: 0000 [#2] SMP NOPTI\n[ 9.4] CPU: 0 PID: 1 Comm: init Not tainted 5.15.0-91-generic #101-Ubuntu\n[ 9.5] Hardware name: " + hardware + "\n[ 9.6] RIP: 0010:memcpy_orig+0x31/0x140\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal(hardware, f.HardwareName);
            Assert.Equal(platform, f.Platform);
            Assert.Equal(0xffffb3c2c0a1f000UL, f.FaultAddress);
            Assert.Equal(2, f.OopsNumber);
        }

        [Fact]
        public void OldPidLineCarriesTheHardwareName()
        {
            string text = "WARNING: at fs/xfs/xfs_aops.c:1244 xfs_vm_releasepage+0xcb/0x100 [xfs]() (Not tainted)\nPid: 602, comm: kswapd0 Not tainted 2.6.32-754.el6.x86_64 #1 VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform\nCall Trace:\n [<ffffffff81071e27>] ? warn_slowpath_common+0x87/0xc0\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestPlatform.VMware, f.Platform);
            Assert.Equal("fs/xfs/xfs_aops.c:1244", f.BugLocation);
            Assert.Equal(("kswapd0", 602), (f.Process, f.Pid!.Value));
        }

        [Fact]
        public void NmiTriggerLinesAreKeptWithThePanic()
        {
            string text = string.Join("\n",
                "[ 5120.441000] Uhhuh. NMI received for unknown reason 3d on CPU 0.",
                "[ 5120.441002] Do you have a strange power saving mode enabled?",
                "[ 5120.441003] Dazed and confused, but trying to continue",
                "[ 5120.441100] Kernel panic - not syncing: NMI: Not continuing",
                "[ 5120.441200] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 4.18.0-553.el8_10.x86_64 #1",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestFailureKind.KernelPanic, f.Kind);
            Assert.Equal("NMI: Not continuing", f.PanicReason);
            Assert.Equal(2, f.TriggerLines.Count);
            Assert.EndsWith("Uhhuh. NMI received for unknown reason 3d on CPU 0.", f.TriggerLines[0], StringComparison.Ordinal);
            Assert.EndsWith("Dazed and confused, but trying to continue", f.TriggerLines[1], StringComparison.Ordinal);
        }

        [Fact]
        public void NewHardLockupWordingWithCpuPrefix()
        {
            var f = Assert.Single(ReadText("[ 301.5] watchdog: CPU5: Watchdog detected hard LOCKUP on cpu 5\n[ 301.6] Modules linked in: kvm\n"));
            Assert.Equal((GuestFailureKind.HardLockup, 5), (f.Kind, f.Cpu!.Value));
        }

        [Fact]
        public void HungTaskGivesItsSeconds()
        {
            var f = Assert.Single(ReadText("[ 1234.5] INFO: task postgres:20817 blocked for more than 245 seconds.\n[ 1234.6]       Not tainted 5.14.0-427.el9.x86_64 #1\n"));
            Assert.Equal(("postgres", 20817, 245), (f.Process, f.Pid!.Value, f.StuckSeconds!.Value));
        }

        [Fact]
        public void RcuStallNamesTheStalledCpusAndTheDetector()
        {
            string text = string.Join("\n",
                "[  610.10] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
                "[  610.11] rcu: \t3-....: (1 GPs behind) idle=7c4/1/0x4000000000000000 softirq=1201/1202 fqs=5210",
                "[  610.12] rcu: \t6-...!: (0 ticks this GP) idle=0a2/1/0x4000000000000000 softirq=990/990 fqs=5210",
                "[  610.13] rcu: \t(detected by 1, t=21002 jiffies, g=88817, q=420 ncpus=8)",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestFailureKind.RcuReport, f.Kind);
            Assert.Equal(new[] { 3, 6 }, f.StalledCpus);
            Assert.Equal(1, f.StallDetectedByCpu);
            Assert.False(f.StallSelfDetected);
        }

        [Fact]
        public void OldRcuStallOnOneLineAndSelfDetectedStall()
        {
            var old = Assert.Single(ReadText("[ 9.0] INFO: rcu_sched detected stalls on CPUs/tasks: { 2 7} (detected by 4, t=60002 jiffies, g=1021, c=1020, q=12)\n"));
            Assert.Equal(new[] { 2, 7 }, old.StalledCpus);
            Assert.Equal(4, old.StallDetectedByCpu);
            var self = Assert.Single(ReadText("[ 9.0] rcu: INFO: rcu_sched self-detected stall on CPU\n[ 9.1] rcu: \t5-....: (20999 ticks this GP) idle=f1e/1/0x4000000000000002\n[ 9.2] rcu: \t(t=21000 jiffies g=5221 q=88 ncpus=6)\n"));
            Assert.Equal(new[] { 5 }, self.StalledCpus);
            Assert.Equal((5, true), (self.StallDetectedByCpu!.Value, self.StallSelfDetected!.Value));
        }

        // ---- Windows ------------------------------------------------------------------------------------------------

        [Fact]
        public void AnalyzeWithoutBannerIsRecognisedByItsTitle()
        {
            string text = string.Join("\n",
                "DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1)",
                "An attempt was made to access a pageable (or completely invalid) address at an",
                "Arguments:",
                "Arg1: ffffd40b1e2c0a18, memory referenced",
                "Arg2: 0000000000000002, IRQL",
                "Arg3: 0000000000000000, value 0 = read operation, 1 = write operation",
                "Arg4: fffff8044d1a2b3c, address which referenced memory",
                "",
                "SYMBOL_NAME:  netfoo+1b3c",
                "IMAGE_NAME:  netfoo.sys",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal((0xD1UL, "DRIVER_IRQL_NOT_LESS_OR_EQUAL", "netfoo.sys"), (f.Code!.Value, f.Name, f.Module));
            Assert.Equal(4, f.ParameterDetails.Count);
            Assert.Equal(("ffffd40b1e2c0a18", "Memory referenced"), (f.ParameterDetails[0].Value, f.ParameterDetails[0].Meaning));
            Assert.Equal("Address of the instruction that referenced the memory", f.ParameterDetails[3].Meaning);
        }

        [Fact]
        public void AnUppercaseTitleThatDisagreesWithTheTableIsNotABugCheck()
        {
            Assert.Empty(ReadText("PAGE_FAULT_IN_NONPAGED_AREA (d1)\nSOME_BUILD_FLAG (12)\n"));
        }

        [Fact]
        public void StackTextAloneGivesTheCodeFromKeBugCheckEx()
        {
            string text = string.Join("\n",
                "STACK_TEXT:  ",
                "ffff8a81`2c8f6f88 fffff806`1a4f3e29 : 00000000`0000000a ffffd40b`1e2c0a18 00000000`00000002 00000000`00000000 : nt!KeBugCheckEx",
                "ffff8a81`2c8f6f90 fffff806`1a4ef0a3 : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : nt!KiBugCheckDispatch+0x69",
                "ffff8a81`2c8f70d0 fffff804`4d1a2b3c : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : netfoo+0x1b3c",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal((0x0AUL, "IRQL_NOT_LESS_OR_EQUAL"), (f.Code!.Value, f.Name));
            Assert.Equal(new[] { "ffffd40b`1e2c0a18", "00000000`00000002", "00000000`00000000" }, f.Parameters);
            Assert.Equal("KeBugCheckEx", f.CallTrace[0].Function);
            Assert.Equal(3, f.CallTrace.Count);
        }

        [Fact]
        public void StackTextWithoutKeBugCheckExIsCountedNotReported()
        {
            var issues = new IssueCollector();
            Assert.Empty(ReadText("STACK_TEXT:  \n0000009a`1f2fe8a8 00007ffb`3c41d0ee : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : ntdll!NtWaitForSingleObject+0x14\n", issues: issues));
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.Contains("STACK_TEXT: without a nt!KeBugCheckEx frame", StringComparison.Ordinal));
        }

        [Fact]
        public void Event1001WithASpaceBeforeTheColonAndTheDumpPath()
        {
            var f = Assert.Single(ReadText("The computer has rebooted from a bugcheck.  The bugcheck was : 0x00000133 (0x0000000000000001, 0x0000000000001e00, 0xfffff8061b2fb320, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: 3b1f0c2d-9e8a-4c11-b0d2-5f7e6a9c1d20.\n"));
            Assert.Equal((0x133UL, "DPC_WATCHDOG_VIOLATION"), (f.Code!.Value, f.Name));
            Assert.Equal("0x0000000000001e00", f.Parameters[1]);
            Assert.Equal(@"C:\Windows\MEMORY.DMP", f.DumpPath);
            Assert.StartsWith("0: one DPC or ISR ran too long", f.ParameterDetails[0].Meaning, StringComparison.Ordinal);
        }

        [Fact]
        public void WerBlueScreenTakesTheDriverModule()
        {
            string text = "Problem Event Name:\tBlueScreen\nOS Version:\t10.0.17763.2.0.0.272.7\nBCCode:\t7e\nBCP1:\tFFFFFFFFC0000005\nBCP2:\tFFFFF8012A3B4C5D\nBCP3:\tFFFFD20C3F8E7A18\nBCP4:\tFFFFD20C3F8E7460\n*** storfoo.sys - Address FFFFF8012A3B4C5D base at FFFFF8012A380000, DateStamp 5e1a2b3c\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal((0x7EUL, "storfoo.sys"), (f.Code!.Value, f.Module));
            Assert.Equal("Address where the exception occurred", f.ParameterDetails[1].Meaning);
        }

        [Fact]
        public void KernelPower41WithItsDecimalBugcheckCode()
        {
            string text = "The system has rebooted without cleanly shutting down first. This error could be caused if the system stopped responding, crashed, or lost power unexpectedly.\nBugcheckCode 209\nBugcheckParameter1 0xffffa00c1b2c3d40\nBugcheckParameter2 0x2\nBugcheckParameter3 0x0\nBugcheckParameter4 0xfffff8044d1a2b3c\n\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestFailureKind.UncleanReboot, f.Kind);
            Assert.Equal((0xD1UL, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"), (f.Code!.Value, f.Name));
            Assert.Equal("0xfffff8044d1a2b3c", f.Parameters[3]);
        }

        // ---- accounting ---------------------------------------------------------------------------------------------

        [Fact]
        public void NothingFoundIsNoRelevantDataAndUnknownReportShapesAreCounted()
        {
            var issues = new IssueCollector();
            Assert.Empty(ReadText("[ 1.0] WARNING: stack recursion on stack type 4\n[ 1.1] INFO: task kworker blocked too long\n[ 1.2] systemd[1]: Started.\n", issues: issues));
            Issue skipped = Assert.Single(issues.Issues, i => i.Kind == IssueKind.Skipped);
            Assert.StartsWith("2 line(s) look like the start of a crash report but match no known shape (line 1: WARNING: stack recursion", skipped.Message, StringComparison.Ordinal);
            Assert.Contains("line 2: INFO: task kworker blocked too long", skipped.Message, StringComparison.Ordinal);
            Assert.Single(issues.Issues, i => i.Kind == IssueKind.NoRelevantData);
        }

        [Fact]
        public void FilteredAwayIsSaidSo()
        {
            var issues = new IssueCollector();
            Assert.Empty(ReadText("[ 1.0] " + SoftLockup + "\n", new GuestFailureOptions { Year = 2024, Os = new[] { GuestOs.Windows } }, issues));
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.NoRelevantData && i.Message == "1 guest OS failure(s) found, none matched the filters");
        }
    }
}
