using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Guest
{
    /// <summary>Behaviour of the guest failure reader. Inline texts here are synthetic (written for the test) unless a fixture is named.</summary>
    public class GuestFailureParserTests
    {
        internal static List<GuestOsFailure> ReadText(string text, GuestFailureOptions? options = null, IssueCollector? issues = null, string name = "guest.log")
        {
            var ctx = new ReadContext(issues ?? new IssueCollector());
            var doc = LogDocument.FromStream(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)), null, DocumentNaming.GuessKind(Path.GetFileName(name)));
            return GuestFailureReader.Open(options ?? new GuestFailureOptions { Year = 2024 }, ctx).ReadAll(new[] { doc }).ToList();
        }

        // ---- Windows ------------------------------------------------------------------------------------------

        [Fact]
        public void StopLineFromTheKbArticleGivesCodeNameAndParametersAsWritten()
        {
            // The line quoted in the VMware KB 315245 seed (/work/shared/seeds/004_*.txt).
            var f = Assert.Single(ReadText("STOP: 0x00000050 (0xFFFFFFF8,0x00000000,0xF9CF5C88,0x00000000)\n"));
            Assert.Equal(GuestOs.Windows, f.Os);
            Assert.Equal(GuestFailureKind.BugCheck, f.Kind);
            Assert.Equal(0x50UL, f.Code);
            Assert.Equal("PAGE_FAULT_IN_NONPAGED_AREA", f.Name);
            Assert.Equal(new[] { "0xFFFFFFF8", "0x00000000", "0xF9CF5C88", "0x00000000" }, f.Parameters);
            Assert.Equal(GuestFailureSource.GuestLog, f.Source);
        }

        [Theory]
        [InlineData("*** STOP: 0x0000007B (0xF741B84C,0xC0000034,0x00000000,0x00000000)", 0x7BUL, "INACCESSIBLE_BOOT_DEVICE")]
        [InlineData("***STOP 0x0000007B (0xEDE9B6F0, 0x00000000, 0x00000000, 0x00000000)", 0x7BUL, "INACCESSIBLE_BOOT_DEVICE")]
        [InlineData("Stop 0X0000001E (0xC0000005, 0xfa2b5281, 0x00000000, 0x00000000)", 0x1EUL, "KMODE_EXCEPTION_NOT_HANDLED")]
        [InlineData("STOP:0x0000001E(C0000005,0xFEF68219,0x00000000,0x00000008)", 0x1EUL, "KMODE_EXCEPTION_NOT_HANDLED")]
        [InlineData("*** STOP: 0x0000000A <0x00000000,0x00000002,0x00000000,0x80013693>", 0x0AUL, "IRQL_NOT_LESS_OR_EQUAL")]
        [InlineData("*** STOP: 0x0000000A \u20390x00000000,0x00000002,0x00000000,0x80013693>", 0x0AUL, "IRQL_NOT_LESS_OR_EQUAL")]
        [InlineData("\"*** STOP: 0x0000000A (0x01010000,0x0000000C,0x00000001,0x80010000)", 0x0AUL, "IRQL_NOT_LESS_OR_EQUAL")]
        [InlineData("STOP: 0x00000001E(0xC0000005,0x00000000,0x00000014)", 0x1EUL, "KMODE_EXCEPTION_NOT_HANDLED")]
        public void StopSpellings(string line, ulong code, string name)
        {
            var f = Assert.Single(ReadText(line + "\n"));
            Assert.Equal(code, f.Code);
            Assert.Equal(name, f.Name);
        }

        [Fact]
        public void Event1001With16DigitParametersAndEightDigitNt4Text()
        {
            var f = Assert.Single(ReadText("The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000003b (0x00000000c0000005, 0xfffff80002a4b5f0, 0xfffff88008b7e0d0, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: 081814-10530-01.\n"));
            Assert.Equal(0x3BUL, f.Code);
            Assert.Equal("SYSTEM_SERVICE_EXCEPTION", f.Name);
            Assert.Equal("0xfffff80002a4b5f0", f.Parameters[1]);
        }

        [Fact]
        public void KdFatalSystemErrorWithParametersOnTheNextLine()
        {
            var f = Assert.Single(ReadText("*** Fatal System Error: 0x0000003b\n                       (0x00000000C0000005,0xFFFFF80002A8F1E1,0xFFFFF88007C5EE50,0x0000000000000000)\n\n"));
            Assert.Equal(0x3BUL, f.Code);
            Assert.Equal(4, f.Parameters.Count);
            Assert.Equal("0xFFFFF80002A8F1E1", f.Parameters[1]);
        }

        [Fact]
        public void AnalyzeBlockFieldsBugcheckCodeModuleProcessBucketAndStack()
        {
            string text = string.Join("\n",
                "0: kd> !analyze -v",
                "*******************************************************************************",
                "*                        Bugcheck Analysis                                    *",
                "*******************************************************************************",
                "",
                "PAGE_FAULT_IN_NONPAGED_AREA (50)",
                "Arguments:",
                "Arg1: ffffb288402043fa, memory referenced.",
                "Arg2: 0000000000000000, value 0 = read operation, 1 = write operation.",
                "Arg3: fffff80c42651285, If non-zero, the instruction address which referenced the bad memory",
                "Arg4: 0000000000000002, (reserved)",
                "",
                "BUGCHECK_CODE:  50",
                "PROCESS_NAME:  System",
                "STACK_TEXT:  ",
                "fffff282`82c7b978 fffff80c`426532b8 : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : PROCMON23+0x1285",
                "fffff282`82c7ba80 fffff80c`3ecd6246 : ffffc90b`ed5a7000 fffff800`2f64cc00 00000000`00000000 00000000`00000000 : FLTMGR!FltpPerformPostCallbacks+0x47a",
                "",
                "MODULE_NAME: PROCMON23",
                "IMAGE_NAME:  PROCMON23.SYS",
                "FAILURE_BUCKET_ID:  AV_R_INVALID_PROCMON23!unknown_function",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal(0x50UL, f.Code);
            Assert.Equal("PAGE_FAULT_IN_NONPAGED_AREA", f.Name);
            Assert.Equal(new[] { "ffffb288402043fa", "0000000000000000", "fffff80c42651285", "0000000000000002" }, f.Parameters);
            Assert.Equal("PROCMON23.SYS", f.Module);
            Assert.Equal("System", f.Process);
            Assert.Equal("AV_R_INVALID_PROCMON23!unknown_function", f.Reason);
            Assert.Equal(GuestFailureSource.Debugger, f.Source);
            Assert.Equal(2, f.CallTrace.Count);
            Assert.Equal("FltpPerformPostCallbacks", f.CallTrace[1].Function);
            Assert.Equal("FLTMGR", f.CallTrace[1].Module);
            Assert.Equal(0x47aUL, f.CallTrace[1].Offset);
        }

        [Fact]
        public void WerBlueScreenSignature()
        {
            string text = "Problem signature:\nProblem Event Name:\tBlueScreen\nOS Version:\t6.1.7601.2.1.0.256.1\nLocale ID:\t1033\n\nAdditional information about the problem:\nBCCode:\t50\nBCP1:\tFFFFF8A01F6F9000\nBCP2:\t0000000000000000\nBCP3:\tFFFFF80002E0E1C5\nBCP4:\t0000000000000005\nOS Version:\t6_1_7601\n\nFiles that help describe the problem:\n  C:\\Windows\\Minidump\\081814-10530-01.dmp\n";
            var f = Assert.Single(ReadText(text));
            Assert.Equal(0x50UL, f.Code);
            Assert.Equal("PAGE_FAULT_IN_NONPAGED_AREA", f.Name);
            Assert.Equal(new[] { "FFFFF8A01F6F9000", "0000000000000000", "FFFFF80002E0E1C5", "0000000000000005" }, f.Parameters);
            Assert.Equal("6.1.7601.2.1.0.256.1", f.KernelVersion);
        }

        [Fact]
        public void WinBsodGroupInVmwareLogIsOneHostSideBugCheckOnTheHostClock()
        {
            // vmware.log layout (one value per line), synthetic times
            string text = string.Join("\n",
                "2024-03-05T10:15:42.100Z| vcpu-0| I005: WinBSOD: Synthetic MSR[0x40000100] 0x80",
                "2024-03-05T10:15:42.100Z| vcpu-0| I005: WinBSOD: Synthetic MSR[0x40000101] 0x4f4454",
                "2024-03-05T10:15:42.100Z| vcpu-0| I005: WinBSOD: Synthetic MSR[0x40000102] 0x0",
                "2024-03-05T10:15:42.100Z| vcpu-0| I005: WinBSOD: Synthetic MSR[0x40000103] 0x0",
                "2024-03-05T10:15:42.100Z| vcpu-0| I005: WinBSOD: Synthetic MSR[0x40000104] 0x0",
                "2024-03-05T10:15:43.000Z| vmx| I005: Tools: Tools heartbeat timeout.",
                "");
            var records = ReadText(text, new GuestFailureOptions { TimeOffset = TimeSpan.FromSeconds(37) }, name: "vmware.log");
            Assert.Equal(2, records.Count);
            GuestOsFailure bsod = records[0];
            Assert.Equal(GuestFailureKind.BugCheck, bsod.Kind);
            Assert.Equal(0x80UL, bsod.Code);
            Assert.Equal("NMI_HARDWARE_FAILURE", bsod.Name);
            Assert.Equal(new[] { "0x4f4454", "0x0", "0x0", "0x0" }, bsod.Parameters);
            Assert.Equal(GuestFailureSource.VmwareLog, bsod.Source);
            Assert.Equal((1L, 5L), (bsod.LineNumber, bsod.EndLineNumber));
            // host-side times are already on the host clock: the guest offset does not apply
            Assert.Equal(DateTimeOffset.Parse("2024-03-05T10:15:42.100Z"), bsod.HostTimestamp);
            Assert.True(bsod.IsComplete);
            Assert.Equal(GuestFailureKind.ToolsHeartbeatLost, records[1].Kind);
        }

        // ---- Linux --------------------------------------------------------------------------------------------

        [Fact]
        public void NewStyleOopsWithUnreliableFramesIrqSectionsAndTaint()
        {
            string text = string.Join("\n",
                "[ 1234.567890] BUG: kernel NULL pointer dereference, address: 0000000000000010",
                "[ 1234.567895] #PF: supervisor read access in kernel mode",
                "[ 1234.567900] Oops: 0000 [#1] SMP PTI",
                "[ 1234.567910] CPU: 3 PID: 4242 Comm: kworker/3:1 Tainted: P        W  OE     5.15.0-91-generic #101-Ubuntu",
                "[ 1234.567920] RIP: 0010:vmw_fence_obj_signaled+0x12/0x40 [vmwgfx]",
                "[ 1234.567930] Call Trace:",
                "[ 1234.567931]  <IRQ>",
                "[ 1234.567932]  ? show_regs+0x6d/0x80",
                "[ 1234.567933]  vmw_fence_obj_signaled+0x12/0x40 [vmwgfx]",
                "[ 1234.567934]  </IRQ>",
                "[ 1234.567935]  <TASK>",
                "[ 1234.567936]  process_one_work+0x228/0x3d0",
                "[ 1234.567937]  </TASK>",
                "[ 1234.567938] Modules linked in: vmwgfx(O) drm_ttm_helper ttm [last unloaded: floppy]",
                "[ 1234.567939] ---[ end trace 0000000000000000 ]---",
                "[ 1234.600000] e1000: eth0 NIC Link is Up",
                "");
            var f = Assert.Single(ReadText(text));
            Assert.Equal(GuestFailureKind.Oops, f.Kind);
            Assert.Equal((3, 4242, "kworker/3:1"), (f.Cpu!.Value, f.Pid!.Value, f.Process));
            Assert.Equal("5.15.0-91-generic", f.KernelVersion);
            Assert.Equal("PWOE", f.TaintedText);
            Assert.Equal(KernelTaint.ProprietaryModule | KernelTaint.Warning | KernelTaint.OutOfTreeModule | KernelTaint.UnsignedModule, f.Tainted);
            Assert.Equal("vmw_fence_obj_signaled", f.InstructionPointer!.Function);
            Assert.Equal((0x12UL, 0x40UL, "vmwgfx"), (f.InstructionPointer.Offset!.Value, f.InstructionPointer.Length!.Value, f.InstructionPointer.Module));
            Assert.Equal("vmw_fence_obj_signaled", f.Function);
            Assert.Equal("vmwgfx", f.Module);
            Assert.Equal(new[] { "vmwgfx", "drm_ttm_helper", "ttm" }, f.ModulesLinkedIn);
            Assert.Equal(3, f.CallTrace.Count);
            Assert.False(f.CallTrace[0].Reliable);
            Assert.Equal("IRQ", f.CallTrace[0].Context);
            Assert.True(f.CallTrace[1].Reliable);
            Assert.Null(f.CallTrace[2].Context);
            Assert.Equal(GuestTimestampKind.Uptime, f.TimestampKind);
            Assert.Equal(TimeSpan.FromSeconds(1234.56789), f.Uptime);
            Assert.Equal(15, f.EndLineNumber);
            Assert.True(f.IsComplete);
        }

        [FixtureFact]
        public void ArchitectureFrameShapes()
        {
            // ppc64: "[c000000010ff3a30] [c000000010ff3ad0] 0xc000000010ff3ad0 (unreliable)" then ".eeh_report_error+0x98/0x110"
            var ppc = GuestFixtureTests.ReadFixture("linux-abrt-oops9_ppc64-oops-bad-area-sig11.txt").Single();
            Assert.False(ppc.CallTrace[0].Reliable);
            Assert.Equal(("eeh_report_error", 0x98UL, 0x110UL), (ppc.CallTrace[1].Function, ppc.CallTrace[1].Offset!.Value, ppc.CallTrace[1].Length!.Value));
            Assert.Equal(("ipr_pci_error_detected", "ipr"), (ppc.InstructionPointer!.Function, ppc.InstructionPointer.Module));
            // ARM: "[<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>] (generic_perform_write+0xa8/0x1c0)"
            var arm = GuestFixtureTests.ReadFixture("linux-satyr-arm-hung-task-oops-2-null-deref-arm.txt").Single();
            Assert.Equal(7, arm.CallTrace.Count);
            Assert.Equal(("shmem_getpage_gfp", 0xc0333330UL), (arm.CallTrace[0].Function, arm.CallTrace[0].Address!.Value));
            // s390x: "Krnl PSW : 0404c00180000000 0000000000431f8e (scsi_alloc_sgtable+0x62/0x7c)" and "([<00000000027f8000>] 0x27f8000)"
            var s390 = GuestFixtureTests.ReadFixture("linux-abrt-oops10_s390x-kernel-bug-illegal-operation.txt").Single();
            Assert.Equal((0x431f8eUL, 0x62UL), (s390.InstructionPointer!.Address!.Value, s390.InstructionPointer.Offset!.Value));
            Assert.Equal("0x27f8000", s390.CallTrace[0].Function);
            Assert.Equal(("sd_prep_fn", "sd_mod"), (s390.CallTrace[2].Function, s390.CallTrace[2].Module));
            // crash> bt: " #0 [ffff8800bf803ab8] machine_kexec at ffffffff81051beb"
            var bt = GuestFixtureTests.ReadFixture("linux-vmware-guest-panic-during-vmotion-crash-bt-open-vm-tools88.txt").Single();
            Assert.Equal(GuestFailureSource.Debugger, bt.Source);
            Assert.Equal(7, bt.CallTrace.Count);
            Assert.Equal(("machine_kexec", 0xffffffff81051bebUL), (bt.CallTrace[0].Function, bt.CallTrace[0].Address!.Value));
        }

        [Fact]
        public void SeveralFailuresInOneLogAreSeparateRecords()
        {
            // abrt's oops3 sample holds three general protection faults in /var/log/messages
            string text = File.Exists(Repo.Fixtures == null ? "" : Repo.Fixture("guest", "linux-abrt-oops3-syslog-messages-with-oops.txt"))
                ? File.ReadAllText(Repo.Fixture("guest", "linux-abrt-oops3-syslog-messages-with-oops.txt"))
                : "Kernel panic - not syncing: a\n\nKernel panic - not syncing: b\n\nKernel panic - not syncing: c\n";
            var records = ReadText(text);
            Assert.Equal(3, records.Count);
            Assert.Equal(3, records.Select(r => r.LineNumber).Distinct().Count());
        }

        [Theory]
        [InlineData("We saw a Kernel panic - not syncing on the console yesterday; see the ticket.")]
        [InlineData("Oops: efitime: can't read time!")]
        [InlineData("[  207.849710] Machine check injector initialized")]
        [InlineData("[  209.024284] Starting machine check poll CPU 0")]
        [InlineData("The BSOD said STOP errors are common; check the KB for the STOP code list.")]
        [InlineData("May  4 07:23:27 host sshd[123]: Kernel panic - not syncing: fake, logged by another program")]
        [InlineData("traps: chrome[2979] trap invalid opcode ip:55911b28dba3 sp:7ffea558a3e0 error:0")]
        [InlineData("INFO: lockdep is turned off.")]
        public void ProseThatOnlyMentionsAFailureIsNotOne(string line)
        {
            var issues = new IssueCollector();
            Assert.Empty(ReadText(line + "\n" + "an ordinary line after it\n", issues: issues));
            // nothing but the one NoRelevantData warning every reader gives for input with nothing to read
            Assert.Equal(IssueKind.NoRelevantData, Assert.Single(issues.Issues).Kind);
        }

        [Fact]
        public void GuestClock37SecondsAheadIsPlacedOnTheHostClock()
        {
            // Synthetic: the guest logged its panic at 10:16:19 by its own clock; the host saw the crash at 10:15:42.
            string guest = "Mar  5 10:16:19 web01 kernel: [ 8811.123456] Kernel panic - not syncing: Fatal exception\n";
            string host = "2024-03-05T10:15:42.000Z info hostd[2099] [Originator@6876 sub=Vmsvc.vm:/vmfs/volumes/ds1/web01/web01.vmx] Guest operating system crash detected.\n";
            var options = new GuestFailureOptions { Year = 2024, TimeOffset = TimeSpan.Parse("00:00:37") };
            GuestOsFailure g = Assert.Single(ReadText(guest, options));
            GuestOsFailure h = Assert.Single(ReadText(host, options, name: "hostd.log"));
            Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 16, 19, TimeSpan.Zero), g.Timestamp);
            Assert.Equal(GuestTimestampKind.SyslogWallClock, g.TimestampKind);
            Assert.Equal(g.Timestamp!.Value - TimeSpan.FromSeconds(37), g.HostTimestamp);
            Assert.Equal(h.HostTimestamp, g.HostTimestamp);
            Assert.Equal("web01", g.HostName);
            Assert.Equal(GuestFailureKind.HostDetectedCrash, h.Kind);
            Assert.Equal(GuestFailureSource.Hostd, h.Source);
            Assert.Equal("web01", h.VMName);
            // the window applies to host times: the guest record at host 10:15:42 is inside [10:15:40, 10:15:45)
            options.After = new DateTimeOffset(2024, 3, 5, 10, 15, 40, TimeSpan.Zero);
            options.Before = new DateTimeOffset(2024, 3, 5, 10, 15, 45, TimeSpan.Zero);
            Assert.Single(ReadText(guest, options));
            options.TimeOffset = TimeSpan.Zero;
            Assert.Empty(ReadText(guest, options));
        }

        [Fact]
        public void WevtutilEventTextTakesItsDateAndTheOffset()
        {
            // Synthetic `wevtutil qe System /f:text` output of an Event 1001; the guest clock runs 37 s ahead.
            string text = string.Join("\n",
                "Event[0]:",
                "  Log Name: System",
                "  Source: Microsoft-Windows-WER-SystemErrorReporting",
                "  Date: 2024-03-05T10:16:19.000",
                "  Event ID: 1001",
                "  Level: Error",
                "  Description: ",
                "The computer has rebooted from a bugcheck.  The bugcheck was: 0x000000d1 (0x0000000000000000, 0x0000000000000002, 0x0000000000000000, 0xfffff8012a3b4c5d). A dump was saved in: C:\\Windows\\MEMORY.DMP. Report Id: 0b1c2d3e-0000-0000-0000-000000000000.",
                "");
            var f = Assert.Single(ReadText(text, new GuestFailureOptions { TimeOffset = TimeSpan.FromSeconds(37) }));
            Assert.Equal((0xD1UL, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"), (f.Code!.Value, f.Name));
            Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 16, 19, TimeSpan.Zero), f.Timestamp);
            Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 15, 42, TimeSpan.Zero), f.HostTimestamp);
        }

        [Fact]
        public void TripleFaultAndThePerVCpuResetsThatFollowAreOneGuestReset()
        {
            // Synthetic ESXi 8 vmware.log lines in the shape Broadcom KB 432359 shows: the triple fault, its message
            // hint, then one "CPU reset: hard" per vCPU; ten seconds later a separate soft reset.
            string text =
                "2026-03-01T10:00:00.100Z In(05) vcpu-3 - Triple fault.\n" +
                "2026-03-01T10:00:00.100Z In(05) vcpu-3 - MsgHint: msg.monitorEvent.tripleFault\n" +
                "2026-03-01T10:00:00.100Z In(05)+ vcpu-3 - A fault has occurred causing a virtual CPU to enter the shutdown state.\n" +
                "2026-03-01T10:00:00.104Z In(05) vcpu-0 - CPU reset: hard (mode HV)\n" +
                "2026-03-01T10:00:00.104Z In(05) vcpu-1 - CPU reset: hard (mode HV)\n" +
                "2026-03-01T10:00:00.104Z In(05) vcpu-2 - CPU reset: hard (mode HV)\n" +
                "2026-03-01T10:00:00.104Z In(05) vcpu-3 - CPU reset: hard (mode Emulation)\n" +
                "2026-03-01T10:00:10.000Z In(05) vcpu-0 - CPU reset: soft (mode HV)\n";
            var all = ReadText(text, name: "/vmfs/volumes/ds1/app07/vmware.log");
            Assert.Equal(2, all.Count);
            GuestOsFailure first = all[0];
            Assert.Equal(GuestFailureKind.GuestReset, first.Kind);
            Assert.Equal("Triple fault.", first.Message);
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, 100, TimeSpan.Zero), first.HostTimestamp);
            Assert.Equal(1, first.LineNumber);
            Assert.Equal(7, first.EndLineNumber);
            Assert.Equal(5, first.Text.Split('\n').Length); // the triple fault and the four vCPU resets
            Assert.Equal("app07", first.VMName);
            Assert.StartsWith("CPU reset: soft", all[1].Message);
            Assert.Equal(8, all[1].LineNumber);
        }

        [Fact]
        public void HostdCrashAndHaMonitoringResetAreHostSideRecords()
        {
            // Synthetic lines in the shapes of Broadcom KB 427504 (hostd) and of vCenter's HA reset event.
            var f = ReadText("2026-03-02T06:00:50.000Z In(166) Hostd[2099]: Guest operating system crash detected.\n", name: "hostd.log");
            Assert.Equal(GuestFailureKind.HostDetectedCrash, Assert.Single(f).Kind);
            Assert.Equal(GuestFailureSource.Hostd, f[0].Source);
            var ha = Assert.Single(ReadText("2026-03-02T06:00:52.281Z info vpxd[12345] [Originator@6876 sub=vpxLro] This virtual machine reset by HA. Reason: VMware Tools heartbeat failure. A screenshot is saved at /vmfs/volumes/ds1/app07/app07-1.png\n", name: "vpxd.log"));
            Assert.Equal(GuestFailureKind.HaMonitoringReset, ha.Kind);
            Assert.StartsWith("virtual machine reset by HA. Reason: VMware Tools heartbeat failure", ha.Message);
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 6, 0, 52, 281, TimeSpan.Zero), ha.HostTimestamp);
        }

        [Fact]
        public void VmwareLogRecordsNameTheVmFromTheirFolder()
        {
            string text = "2024-03-05T10:15:42.100Z| vcpu-0| I005: Triple fault.\n";
            var f = Assert.Single(ReadText(text, name: "/vmfs/volumes/ds1/sql02/vmware.log"));
            Assert.Equal(GuestFailureKind.GuestReset, f.Kind);
            Assert.Equal("sql02", f.VMName);
            Assert.Equal(GuestFailureSource.VmwareLog, f.Source);
        }

        [Theory]
        [InlineData("[  123.456789] Kernel panic - not syncing: x", "Uptime", null, null, 123.456789)]
        [InlineData("[123.456789] Kernel panic - not syncing: x", "Uptime", null, null, 123.456789)]
        [InlineData("Mar  5 10:16:19 web01 kernel: [  123.456789] Kernel panic - not syncing: x", "SyslogWallClock", "2024-03-05T10:16:19Z", "web01", 123.456789)]
        [InlineData("Mar 15 10:16:19 10.1.2.3 kernel: Kernel panic - not syncing: x", "SyslogWallClock", "2024-03-15T10:16:19Z", "10.1.2.3", null)]
        [InlineData("2024-03-05T10:16:19.250+01:00 web01 kernel: [    5.000000] Kernel panic - not syncing: x", "WallClock", "2024-03-05T09:16:19.25Z", "web01", 5.0)]
        [InlineData("2024-03-05T10:16:19+0000 web01 kernel: Kernel panic - not syncing: x", "WallClock", "2024-03-05T10:16:19Z", "web01", null)]
        [InlineData("[2022-06-13 00:08:21] [    0.526810] Kernel panic - not syncing: x", "WallClock", "2022-06-13T00:08:21Z", null, 0.52681)]
        [InlineData("[    0.526810][    T1] Kernel panic - not syncing: x", "Uptime", null, null, 0.52681)]
        [InlineData("                  [ 5300.237965] Kernel panic - not syncing: x", "Uptime", null, null, 5300.237965)]
        [InlineData("Kernel panic - not syncing: x", "None", null, null, null)]
        public void PrefixesGiveTimeKindHostAndUptime(string line, string kind, string? wall, string? host, double? uptime)
        {
            var f = Assert.Single(ReadText(line + "\n"));
            Assert.Equal("x", f.PanicReason);
            Assert.Equal(kind, f.TimestampKind.ToString());
            Assert.Equal(wall == null ? null : DateTimeOffset.Parse(wall), f.Timestamp);
            Assert.Equal(host, f.HostName);
            Assert.Equal(uptime.HasValue ? TimeSpan.FromTicks((long)Math.Round(uptime.Value * TimeSpan.TicksPerSecond)) : null, f.Uptime);
        }

        [Fact]
        public void OsAndKindFiltersApplyInCore()
        {
            string text = "STOP: 0x00000050 (0xFFFFFFF8,0x00000000,0xF9CF5C88,0x00000000)\n\n[ 1.0] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/1:0:99]\n[ 1.1] Modules linked in: a b\n";
            Assert.Equal(2, ReadText(text).Count);
            var linux = Assert.Single(ReadText(text, new GuestFailureOptions { Os = new[] { GuestOs.Linux } }));
            Assert.Equal(GuestFailureKind.SoftLockup, linux.Kind);
            Assert.Equal(("kworker/1:0", 99, 1), (linux.Process, linux.Pid!.Value, linux.Cpu!.Value));
            var bugcheck = Assert.Single(ReadText(text, new GuestFailureOptions { Kind = new[] { GuestFailureKind.BugCheck } }));
            Assert.Equal(0x50UL, bugcheck.Code);
        }

        [Fact]
        public void PipelineStringsGiveTheSameRecordsAsTheFile()
        {
            string text = "kernel BUG at mm/filemap.c:125!\ninvalid opcode: 0000 [#1] SMP\nPid: 4008, comm: rm Tainted: G    B       2.6.38.6-27.fc15.i686 #1\nEIP is at __remove_from_page_cache+0x64/0xb0\nCall Trace:\n [<c04b6a46>] remove_from_page_cache+0x30/0x3c\n";
            var fromFile = ReadText(text);
            var ctx = new ReadContext();
            var output = GuestFailureReader.Open(new GuestFailureOptions(), ctx).ReadAllText(text.Split('\n')).ToList();
            var f = Assert.Single(output);
            Assert.Equal(fromFile.Single().Message, f.Message);
            Assert.Equal(GuestFailureKind.Bug, f.Kind);
            Assert.Equal(("rm", 4008, "__remove_from_page_cache"), (f.Process, f.Pid!.Value, f.Function));
            Assert.Equal(KernelTaint.BadPage, f.Tainted);
        }

        [Fact]
        public void ReportCutByEndOfInputIsKeptAndMarked()
        {
            var issues = new IssueCollector();
            var f = Assert.Single(ReadText("[ 5.0] BUG: unable to handle kernel paging request at ffffc90000a00000\n[ 5.1] IP: [<ffffffff8133c5d9>] memcpy+0x9/0x110\n", issues: issues));
            Assert.False(f.IsComplete);
            Assert.Equal("memcpy", f.Function);
            Assert.Equal(IssueKind.TruncatedRecord, Assert.Single(issues.Issues).Kind);
        }

        // ---- abrt's own test suite -----------------------------------------------------------------------------

        public static IEnumerable<object[]> AbrtCases()
        {
            // names of abrt/abrt tests/examples/*.test (see ../shared/fixtures/guest-abrt-suite/PROVENANCE.md)
            foreach (string n in new[] { "cut_here", "debug_messages", "kernel_panic_oom", "mce1", "mce2", "nmi_oops_hash", "not_oops1",
                         "oops-32bit-graphics", "oops-kernel-panic-hung-tasks-arm", "oops-module-nouveau", "oops-with-jiffies", "oops-without-addrs",
                         "oops10_s390x", "oops2", "oops5", "oops6", "oops8_ppc64", "oops9_ppc64", "oops_broken_bios", "oops_recursive_locking1",
                         "oops_unsupported_hw", "xorg_journal_crash1", "xorg_journal_crash2" })
                yield return new object[] { n };
        }

        [FixtureTheory]
        [MemberData(nameof(AbrtCases))]
        public void AgreesWithAbrtOnCountAndExtent(string name)
        {
            string dir = Repo.Fixture("guest-abrt-suite");
            string right = File.ReadAllText(Path.Combine(dir, name + ".right"));
            Match found = Regex.Match(right, @"Found oopses: (\d+)");
            int expected = found.Success ? int.Parse(found.Groups[1].Value) : 0; // not_oops1.right is empty: no oops
            var ctx = new ReadContext(new IssueCollector());
            var records = GuestFailureReader.Open(new GuestFailureOptions { Year = 2024 }, ctx)
                .ReadAll(DocumentResolver.Resolve(new[] { Path.Combine(dir, name + ".test") }, ctx)).ToList();
            Assert.Equal(expected, records.Count);
            // each oops abrt printed after its "Version:" line: its first and last lines lie inside our record's text
            string[] blocks = Regex.Split("\n" + right, @"\nVersion: [^\n]*\n").Skip(1).ToArray();
            for (int i = 0; i < blocks.Length; i++)
            {
                string[] lines = blocks[i].Split('\n').Where(l => l.Trim().Length > 0).ToArray();
                string first = lines[0].Trim(), last = lines[^1].Trim();
                if (name == "oops6")
                {
                    // abrt starts this one at the user-space "traps: chrome[2979] trap invalid opcode" line; that is a
                    // process's trap, not a kernel failure, so our record starts at the kernel's "page allocation failure".
                    Assert.StartsWith("traps: chrome[2979]", first);
                    Assert.StartsWith("chrome: page allocation failure", records[i].Message);
                }
                else
                {
                    Assert.Contains(first, records[i].Text);
                }
                Assert.Contains(last, records[i].Text);
            }
            // abrt leaves Version empty for the MCE samples; mce2 has a "Linux version" line earlier in the log, which we use.
            if (name == "mce2") Assert.Equal("3.10.0-49.el7.x86_64", records[0].KernelVersion);
            if (name == "mce1") Assert.Equal("Unable to continue", records[0].PanicReason);
        }

        // ---- robustness ---------------------------------------------------------------------------------------

        [FixtureFact]
        public void RandomCutsAndNoiseOverEveryFixtureNeverThrow()
        {
            var rng = new Random(20241122); // fixed seed
            string[] noise = { "\0\0\u00ff", "Kernel panic - not syncing:", "STOP: 0x", "WinBSOD: Synthetic MSR[0x40000100] 0x", "[ 1.", "Call Trace:", " [<", "Oops: 0000 [#", "BugCheck ZZ, {", "CPU: x PID: Comm:", "\r\n\r\n" };
            var files = Directory.GetFiles(Repo.Fixture("guest"), "*.txt").Concat(Directory.GetFiles(Repo.Fixture("guest-abrt-suite"), "*.test")).ToList();
            int records = 0;
            foreach (string file in files)
            {
                byte[] data = File.ReadAllBytes(file);
                for (int round = 0; round < 6; round++)
                {
                    var ms = new MemoryStream();
                    int pos = 0;
                    while (pos < data.Length)
                    {
                        int take = rng.Next(1, 400);
                        take = Math.Min(take, data.Length - pos);
                        if (rng.Next(4) != 0) ms.Write(data, pos, take); // drop a quarter of the pieces
                        if (rng.Next(3) == 0) { byte[] n = Encoding.UTF8.GetBytes(noise[rng.Next(noise.Length)]); ms.Write(n, 0, n.Length); }
                        if (rng.Next(5) == 0) ms.WriteByte((byte)rng.Next(256));
                        pos += take;
                    }
                    byte[] mutated = ms.ToArray();
                    var issues = new IssueCollector();
                    var ctx = new ReadContext(issues);
                    var doc = LogDocument.FromStream(Path.GetFileName(file), () => new MemoryStream(mutated));
                    foreach (GuestOsFailure f in GuestFailureReader.Open(new GuestFailureOptions { Year = 2024, TimeOffset = TimeSpan.FromSeconds(37) }, ctx).ReadAll(new[] { doc }))
                    {
                        records++;
                        Assert.NotNull(f.Message);
                        Assert.True(f.LineNumber >= 1 && f.EndLineNumber >= f.LineNumber);
                    }
                }
            }
            Assert.True(records > files.Count, "mutated samples should still yield records");
        }

        [Fact]
        public void OverlongReportIsCutAtTheCapAndReported()
        {
            var sb = new StringBuilder("INFO: possible circular locking dependency detected\n");
            for (int i = 0; i < GuestFailureParser.MaxBlockLines + 100; i++) sb.Append("filler line ").Append(i).Append('\n');
            var issues = new IssueCollector();
            var f = Assert.Single(ReadText(sb.ToString(), issues: issues));
            Assert.False(f.IsComplete);
            Assert.True(f.EndLineNumber - f.LineNumber < GuestFailureParser.MaxBlockLines);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord);
        }
    }
}
