using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>
    /// Acceptance on every sample of ../shared/fixtures/psod (see its PROVENANCE.md). Expected values were read off the
    /// text by hand; the grep that confirms each count is in the comment beside it.
    /// </summary>
    public class PurpleScreenFixtureTests
    {
        [FixtureFact]
        public void SeedReferenceEsx3xLockedUpTlb()
        {
            // Seed 002 lines 5-19: the KB "Interpreting an ESX host purple diagnostic screen" example.
            var screens = Psod.ReadFixture("seed-esx3x-pcpu1-locked-up-tlb.txt", out var issues);
            PurpleScreen s = Assert.Single(screens);
            Assert.Empty(issues.Issues);
            Assert.Equal("PCPU 1 locked up. Failed to ack TLB invalidate.", s.Message);        // line 1
            Assert.Equal(PurpleScreenCategory.LockedUpTlbInvalidate, s.Category);
            Assert.Equal("0x625e94", s.Registers["ip"]);                                        // line 2: ip=0x625e94
            Assert.Equal("0x40c66000", s.Registers["cr3"]);                                     // line 2: cr3=0x40c66000
            Assert.Equal("0x3a37d98", s.Registers["frame"]);
            Assert.Equal("-1", s.Registers["err"]);                                             // line 5: err=-1
            Assert.Equal(18, s.Registers.Count);                                                // grep -o '[a-z0-9]*=' | wc -l → 18
            Assert.Equal(0, s.PhysicalCpu);                                                     // line 6: *0:1037/helper1-4
            Assert.Equal(1037, s.World!.Id);
            Assert.Equal("helper1-4", s.World.Name);
            Assert.Equal(4, s.Cpus.Count);
            Assert.True(s.Cpus[0].IsRunning);
            Assert.Equal("vmm0:Fagi", s.Cpus[1].WorldName);                                     // 1:1107/vmm0:Fagi
            Assert.Equal(1107, s.Cpus[1].WorldId);
            Assert.False(s.Cpus[1].IsRunning);
            Assert.Equal(7, s.Frames.Count);                                                    // grep -c ':\[0x' → 7
            Assert.Equal("Panic", s.Frames[0].Symbol);
            Assert.Equal("0x17", s.Frames[0].Offset);
            Assert.Equal("Panic+0x17", s.Frames[0].ToString());
            Assert.Equal("0x3a37ef4", s.Frames[0].FramePointer);
            Assert.Equal("0x625e94", s.Frames[0].Address);
            Assert.Equal(new[] { "0x833ab4", "0x3a37f10", "0x3a37f48" }, s.Frames[0].StackArguments);
            Assert.Null(s.Frames[0].Module);
            Assert.Equal("TLBDoInvalidate+0x38f", s.Frames[2].ToString());
            Assert.Equal("blk_dev+0xfd76461f", s.Frames[6].ToString());
            Assert.Equal(1751259712918392UL, s.Tsc);                                            // VMK uptime: hh:mm:ss:ms TSC: 1751259712918392
            Assert.Null(s.Uptime);                                                              // "hh:mm:ss:ms" is a placeholder
            Assert.Null(s.Build);                                                               // the seed block has no header line
            Assert.Equal("0x625e94", s.InstructionPointer);
            Assert.StartsWith("Starting coredump to disk", s.Coredump);
            Assert.Equal(1, s.LineNumber);
            Assert.Equal(15, s.Text.Split('\n').Length);                                        // wc -l → 15
        }

        [FixtureFact]
        public void Kb1004250Esx3xWithBuildAndUptime()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esx3x-pcpu1-locked-up-tlb-helper1-4-kb1004250.txt"));
            Assert.Equal("ESX Server build-98103", s.Build);                                    // VMware ESX Server [Releasebuild-98103
            Assert.Equal(98103, s.BuildNumber);
            Assert.Equal(PurpleScreenCategory.LockedUpTlbInvalidate, s.Category);
            Assert.Equal("PCPU 1 locked up. Failed to ack TLB invalidate.", s.Message);
            Assert.Equal(0, s.PhysicalCpu);
            Assert.Equal("1037:helper1-4", s.World!.ToString());
            Assert.Equal(7, s.Frames.Count);
            Assert.Equal("Panic+0x17", s.Frames[0].ToString());
            Assert.Equal(new TimeSpan(7, 5, 43, 45, 14), s.Uptime);                              // VMK uptime: 7:05:43:45.014
            Assert.Equal(1751259712918392UL, s.Tsc);
        }

        [FixtureFact]
        public void Kb308590LostHeartbeatSixteenPcpus()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esx3x-lost-heartbeat-cos-kb308590.txt"));
            Assert.Equal(PurpleScreenCategory.LostHeartbeat, s.Category);
            Assert.Equal("Lost heartbeat", s.Message);
            Assert.Equal("ESX Server build-123630", s.Build);
            Assert.Equal(16, s.Cpus.Count);                                                     // grep -o '[0-9]*:[0-9]*/' | wc -l → 16
            Assert.Equal(0, s.PhysicalCpu);                                                     // *0:1024/console
            Assert.Equal(1024, s.World!.Id);
            Assert.Equal("console", s.World.Name);
            Assert.Equal("Worker#0:", s.Cpus[12].WorldName);                                    // 12:1237/Worker#0:
            Assert.Equal("0xc014b306", s.InstructionPointer);
            Assert.Equal("0x2e3d2", s.Registers["ebp"]);
            Assert.Single(s.Frames);
            Assert.Equal("blk_dev+0xbd8524a5", s.Frames[0].ToString());
            Assert.Equal(new TimeSpan(42, 14, 3, 58, 308), s.Uptime);                            // VMK uptime: 42:14:03:58.308
            Assert.Equal(11010722567976450UL, s.Tsc);
            Assert.Contains("VMNIX: ALERT: HB: 365: Lost heartbeat", s.Text);                   // the prefixed COS heartbeat alert stays in the block
        }

        [FixtureFact]
        public void Kb1020181Gp13Helper13RegistersOnly()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esx40-gp13-helper13-0-registers-partial-kb1020181.txt"));
            Assert.Equal(PurpleScreenCategory.GeneralProtectionFault, s.Category);
            Assert.Equal("#GP Exception(13) in world 4130:helper13-0 @ 0x41803399e303", s.Message);
            Assert.Equal(13, s.ExceptionVector);
            Assert.Equal("0x41803399e303", s.InstructionPointer);
            Assert.Equal("ESX build-164009", s.Build);                                          // [VMware ESX [Releasebuild-164009 X86_64
            Assert.Equal(4130, s.World!.Id);
            Assert.Equal("helper13-0", s.World.Name);                                           // from the message; the list truncates it
            Assert.Equal(1, s.PhysicalCpu);                                                     // *1:4130/helper13-
            Assert.Equal("helper13-", s.Cpus.Single(c => c.IsRunning).WorldName);
            Assert.Equal("0x10246", s.Registers["rflags"]);
            Assert.Equal("0x417ff3614660", s.Registers["r15"]);
            Assert.Equal(22, s.Registers.Count);                                                // grep -o '[a-z0-9]*=' | wc -l → 22
            Assert.Empty(s.Frames);                                                             // PARTIAL: the excerpt has no backtrace
        }

        [FixtureFact]
        public void Kb2012404Pf14WorldNewIntOldFrames()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esx41-esxi50-pf14-worldnewint-sh-kb2012404.txt"));
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Equal(14, s.ExceptionVector);
            Assert.Equal(1056477182, s.World!.Id);                                              // in world 1056477182:sh
            Assert.Equal("sh", s.World.Name);
            Assert.Null(s.PhysicalCpu);
            Assert.Equal("0x41803645e7fc", s.InstructionPointer);
            Assert.Equal("0x417ff5d1e50c", s.FaultAddress);
            Assert.Equal(7, s.Frames.Count);                                                    // grep -c ':\[0x' → 7
            Assert.Equal("WorldNewInt+0xa3", s.Frames[0].ToString());
            Assert.Null(s.Frames[0].Module);
            Assert.Equal("User_LinuxSyscallHandler", s.Frames[6].Symbol);
            Assert.Equal("0x418036400000", s.CodeStart);                                        // Code starts at 0x418036400000
        }

        [FixtureFact]
        public void Kb311064AssertDuringVMotionWithUptimePrefixes()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esx4x-assert-pframe_int-vmmemmigrate-vmotion-kb311064.txt"));
            Assert.Equal(PurpleScreenCategory.Assert, s.Category);
            Assert.Equal("ASSERT bora/vmkernel/main/pframe_int.h:527", s.Message);
            Assert.Equal("bora/vmkernel/main/pframe_int.h", s.SourceFile);
            Assert.Equal(527, s.SourceLine);
            Assert.Equal(1, s.PhysicalCpu);                                                     // prefix 0:01:39:57.763 cpu1:4553)
            Assert.Equal(4553, s.World!.Id);
            Assert.Equal(8, s.Frames.Count);                                                    // grep -c ':\[0x' → 8 (the last is <unknown>)
            Assert.Equal("Panic+0xa9", s.Frames[0].ToString());
            Assert.Equal("VmMemMigrate_TransferMemory", s.Frames[2].Symbol);
            Assert.Equal("<unknown>", s.Frames[7].Symbol);
            Assert.Equal(new TimeSpan(0, 1, 39, 57, 763), s.Uptime);
            Assert.Equal("Coredump to disk. Slot 1 of 1.", s.Coredump);
            Assert.Equal("0x41800bf41587", s.Registers["lastClrIntrRA"]);
            Assert.Equal("0x0", s.Registers["kernelGSbase"]);
            Assert.Null(s.Timestamp);                                                           // uptime prefixes carry no wall clock
        }

        [FixtureFact]
        public void Kb311064HeaderLinesAreTwoScreens()
        {
            var screens = Psod.ReadFixture("esx-not-implemented-util-c83-header-kb311064.txt", out var issues);
            Assert.Equal(2, screens.Count);
            Assert.Equal(PurpleScreenCategory.Assert, screens[0].Category);
            Assert.Equal("bora/vmkernel/main/pframe_int.h", screens[0].SourceFile);
            Assert.Equal(527, screens[0].SourceLine);
            Assert.Equal(PurpleScreenCategory.NotImplemented, screens[1].Category);
            Assert.Equal("/build/mts/release/bora-84374/bora/vmkernel/main/util.c", screens[1].SourceFile);
            Assert.Equal(83, screens[1].SourceLine);
            Assert.Equal(84374, screens[1].BuildNumber);                                        // bora-84374
            Assert.Equal(2, screens[1].LineNumber);
            Assert.All(screens, s => Assert.Empty(s.Frames));
            // Message-only screens are partial: the last one, cut by the end of input, is reported.
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord && i.LineNumber == 2);
        }

        [FixtureFact]
        public void Kb2000091LockedUpThenGluedNoHeartbeat()
        {
            var screens = Psod.ReadFixture("esxi50-pcpu-locked-up-tlb-no-heartbeat-hp-pcc-kb2000091.txt");
            Assert.Equal(2, screens.Count);                                                     // "@BlueScreen:" glued onto line 3 starts the second
            PurpleScreen a = screens[0], b = screens[1];
            Assert.Equal(PurpleScreenCategory.LockedUpTlbInvalidate, a.Category);
            Assert.Equal("PCPU 39 locked up. Failed to ack TLB invalidate (total of 1 locked up, PCPU(s): 39).", a.Message);
            Assert.Equal(39, a.PhysicalCpu);                                                    // no PCPU list: the locked-up PCPU the message names
            Assert.Null(a.World);
            Assert.Equal(2, a.Frames.Count);
            Assert.Equal("Panic", a.Frames[0].Symbol);
            Assert.Equal("vmkernel", a.Frames[0].Module);                                       // Panic@vmkernel#nover+0xa9
            Assert.Equal("0xa9", a.Frames[0].Offset);
            Assert.Equal("TLBDoInvalidate+0x45a", a.Frames[1].ToString());
            Assert.Equal(new[] { "0x41228efc7ce8" }, a.Frames[1].StackArguments);               // the glued message is not a stack value
            Assert.DoesNotContain("no heartbeat", a.Text);

            Assert.Equal(PurpleScreenCategory.LostHeartbeat, b.Category);
            Assert.Equal("PCPU 0: no heartbeat, IPIs received (0/1).", b.Message);
            Assert.Equal(0, b.PhysicalCpu);
            Assert.Equal(3, b.LineNumber);
            Assert.Equal(2, b.Frames.Count);                                                    // "..." elisions are skipped
            Assert.Equal("Heartbeat_DetectCPULockups+0x2d3", b.Frames[1].ToString());
            Assert.Equal(2, b.HardwareEvidence.Count);                                          // NMI IPI received; didn't have a heartbeat for 8 seconds
            Assert.StartsWith("NMI: 1943: NMI IPI received", b.HardwareEvidence[0]);
        }

        [FixtureFact]
        public void UggLiPf14E1000PollRxRing()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esxi51-55-pf14-e1000pollrxring-vmast-ugg.li.txt"));
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Equal("#PF Exception 14 in world 63406:vmast.63405 IP 0x41801cd9c266 addr 0x0", s.Message);
            Assert.Equal(63406, s.World!.Id);
            Assert.Equal("vmast.63405", s.World.Name);
            Assert.Equal("0x41801cd9c266", s.InstructionPointer);
            Assert.Equal("0x0", s.FaultAddress);
            Assert.Equal(19, s.Frames.Count);                                                   // grep -o '\[0x[0-9a-f]*\]' | wc -l → 19
            Assert.Equal("E1000PollRxRing", s.Frames[0].Symbol);
            Assert.Equal("0xdb9", s.Frames[0].Offset);
            Assert.Equal("vmkernel", s.Frames[0].Module);
            Assert.Null(s.Frames[4].Module);                                                    // EtherswitchForwardLeafPortsQuick@#+0xd6
            Assert.Equal("EtherswitchForwardLeafPortsQuick", s.Frames[4].Symbol);
            Assert.Null(s.Frames[18].Symbol);                                                   // 0x41229eb9bff8:[0x0] stack: 0x0
            Assert.Equal("0x0", s.Frames[18].Address);
            Assert.Equal(new TimeSpan(1, 8, 27, 56, 829), s.Uptime);
            Assert.Equal("0x41801cc00000", s.CodeStart);
        }

        [FixtureFact]
        public void Kb318512FramesOnlyNoHeader()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esxi703-80-pframe-isbackedbylpage-frames-only-kb318512.txt"));
            Assert.Null(s.Message);
            Assert.Equal(PurpleScreenCategory.Other, s.Category);
            Assert.Equal(6, s.Frames.Count);                                                    // wc -l → 6
            Assert.Null(s.Frames[0].FramePointer);
            Assert.Equal("0x42001ab7c298", s.Frames[0].Address);
            Assert.Equal("PFrame_IsBackedByLPage+0x0", s.Frames[0].ToString());
            Assert.Equal("vmkernel", s.Frames[0].Module);
            Assert.Equal("CpuSched_StartWorld+0x86", s.Frames[5].ToString());
        }

        [FixtureFact]
        public void Kb307646NmiIpiInVmkernelLogPrefixes()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esxi703-nmi-ipi-panic-requested-heartbeat-vmfs6-unmap-partial-kb307646.txt"));
            Assert.Equal(PurpleScreenCategory.PanicRequestedByOtherCpu, s.Category);
            Assert.Equal("NMI IPI: Panic requested by another PCPU. RIPOFF(base):RBP:CS [0x1404f8(0x420004800000):0x12b8:0xf48] (Src 0x1, CPU0)", s.Message);
            Assert.Equal(new DateTimeOffset(2021, 10, 20, 3, 11, 41, 679, TimeSpan.Zero), s.Timestamp);
            Assert.Equal(0, s.PhysicalCpu);                                                     // Saved backtrace from: pcpu 0 / cpu0:2352732)
            Assert.Equal(2352732, s.World!.Id);
            Assert.Null(s.World.Name);
            Assert.Equal(new TimeSpan(11, 7, 27, 23, 196), s.Uptime);
            Assert.Equal(7, s.Frames.Count);                                                    // grep -c ':\[0x' → 7
            Assert.Equal("HeapVSIAddChunkInfo+0x1b0", s.Frames[0].ToString());
            Assert.Equal("esx", s.Frames[2].Module);                                            // J6_NewOnDiskTxn@esx#nover
            Assert.Equal("0x420004800000", s.CodeStart);
            Assert.Contains(s.HardwareEvidence, l => l.Contains("Heartbeat NMI"));
        }

        [FixtureFact]
        public void Kb316522NotImplementedThenNmiBacktrace()
        {
            var screens = Psod.ReadFixture("esxi7x-8x-not-implemented-world-c2307-heap-hpe-ilo-kb316522.txt");
            Assert.Equal(2, screens.Count);                                                     // two symptom lines of the KB, each a screen message
            Assert.Equal(PurpleScreenCategory.NotImplemented, screens[0].Category);
            Assert.Equal("NOT_IMPLEMENTED bora/vmkernel/main/world.c:2307", screens[0].Message);
            Assert.Equal("bora/vmkernel/main/world.c", screens[0].SourceFile);
            Assert.Equal(2307, screens[0].SourceLine);
            PurpleScreen s = screens[1];
            Assert.Equal(PurpleScreenCategory.PanicRequestedByOtherCpu, s.Category);
            Assert.Equal(8, s.PhysicalCpu);                                                     // Backtrace for current CPU #8, worldID=2097296
            Assert.Equal(2097296, s.World!.Id);
            Assert.Equal(8, s.Frames.Count);                                                    // grep -c ':\[0x' → 8
            Assert.Equal("PanicvPanicInt+0x1f5", s.Frames[0].ToString());
            Assert.Equal(5, s.Frames[0].StackArguments.Count);
            Assert.Equal("Int6_UD2Assert", s.Frames[3].Symbol);
            Assert.Contains("ALERT: Heap: 2746", s.Text);
        }

        [FixtureFact]
        public void Kb372284MachineCheckWithMcaLines()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esxi7x-mce-idle51-data-cache-and-vmkernel-mca-alerts-kb372284.txt"));
            Assert.Equal(PurpleScreenCategory.MachineCheck, s.Category);
            Assert.Equal("Machine Check Exception on PCPUXX in world 111111:idle51", s.Message);
            Assert.Equal(18, s.ExceptionVector);
            Assert.Equal("ESXi 7.X.X build-22348816", s.Build);
            Assert.Equal(22348816, s.BuildNumber);
            Assert.Equal("7.X.X", s.Version);
            Assert.Null(s.PhysicalCpu);                                                         // PCPUXX is redacted; MCA lines' cpu58 is not the screen's
            Assert.Equal(111111, s.World!.Id);
            Assert.Equal("idle51", s.World.Name);
            Assert.Empty(s.Frames);
            // grep -c -E 'MCA|Machine Check|Hardware Error|Uncorrectable|IDT' → 9 lines of hardware evidence
            Assert.Equal(9, s.HardwareEvidence.Count);
            Assert.Null(s.Timestamp);                                                           // YYYY-MM-DD redacted
        }

        [FixtureFact]
        public void Kb381540TwoPageFaultsWithGdbFrames()
        {
            var screens = Psod.ReadFixture("esxi801-pf14-res3helperqu-fsunmapmanag-gdb-style-frames-kb381540.txt");
            Assert.Equal(2, screens.Count);
            Assert.Equal("res3HelperQu", screens[0].World!.Name);
            Assert.Equal(2102584, screens[0].World!.Id);
            Assert.Equal("0x100000008", screens[0].FaultAddress);
            Assert.Equal(10, screens[0].Frames.Count);                                          // #0..#9
            Assert.Equal("DLM_free", screens[0].Frames[0].Symbol);
            Assert.Null(screens[0].Frames[0].Offset);
            Assert.Equal("Res3FlushHelperVMFS6", screens[0].Frames[9].Symbol);
            Assert.Equal("FSUnmapManag", screens[1].World!.Name);
            Assert.Equal(2097977, screens[1].World!.Id);
            Assert.Equal(8, screens[1].Frames.Count);                                           // #0..#7
            Assert.Equal("UnmapManager", screens[1].Frames[7].Symbol);
            Assert.Equal(14, screens[1].LineNumber);
            Assert.All(screens, s => Assert.Equal(PurpleScreenCategory.PageFault, s.Category));
        }

        [FixtureFact]
        public void Kb417157PanicMessagePf14NetWorldThenUnrelatedLog()
        {
            PurpleScreen s = Assert.Single(Psod.ReadFixture("esxi8x-pf14-networld-vm-vmxnet3-asynctx-kb417157.txt"));
            Assert.Equal(PurpleScreenCategory.PageFault, s.Category);
            Assert.Equal("#PF Exception 14 in world 19435391:NetWorld-VM- IP 0x4200188bcaed addr 0x270", s.Message);
            Assert.Equal(19435391, s.World!.Id);
            Assert.Equal("NetWorld-VM-", s.World.Name);
            Assert.Equal("0x270", s.FaultAddress);
            Assert.Equal(4, s.Frames.Count);
            Assert.Equal("Vmxnet3VMKDev_AsyncTx+0x1d", s.Frames[0].ToString());
            Assert.Equal(new[] { "0x430215a1b800", "0x42001873b1ee", "0x431582248148", "0x21218872707", "0x1" }, s.Frames[0].StackArguments);
            Assert.DoesNotContain("Admission failure", s.Text);                                 // the In(182) block after the blank line is not the screen
            Assert.Equal(6, s.Text.Split('\n').Length);
        }
    }
}
