using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Guest
{
    /// <summary>
    /// Every sample in ../shared/fixtures/guest, with the headline values its text shows. The table was drafted from the
    /// reader's output and then checked against each file: every string and pid in a row occurs in that file (checked by a
    /// script), and each choice (which frame is the first meaningful one, which image is the module) was checked by reading
    /// the file. The comment quotes the headline line (file:line); the other values are on the lines named in the row
    /// (CPU/PID/Comm, Pid/comm, Process (pid:), RIP/IP/EIP/PC/NIP/PSW, the first frame after dump_stack/panic/__warn/
    /// lockdep internals, Modules, Linux version). A quick independent check of any row:
    ///   grep -n -E "Comm:|comm:|Process |RIP|EIP is at|PC is at|NIP \[|Krnl PSW|Linux version" &lt;file&gt;
    /// Windows rows: code and parameters as written on the STOP/Event 1001/kd line, name from the public table,
    /// module = the first image named after the parameters (*** Address ... base at ... - image) or the kd stack's first frame.
    /// </summary>
    public class GuestFixtureTests
    {
        public sealed record Row(string File, int Count, int Index, GuestFailureKind Kind, string? CodeOrReason, string? NameOrPanic,
            string? Process, int? Pid, int? Cpu, string? KernelVersion, string? Function, string? Module);

        public static readonly Row[] Rows =
        {
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:14 "[   71.427811] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 0, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:67 "[   71.428383] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 1, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:120 "[   71.428899] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 2, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:173 "[   71.429375] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 3, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:226 "[   71.429868] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 4, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:279 "[   71.430627] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 5, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:332 "[   71.431678] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/drm_mm.c:578 drm_mm_takedown+0x2e/0x30 [drm]()"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 6, GuestFailureKind.Warning, "drivers/gpu/drm/drm_mm.c:578", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "drm_mm_takedown", "drm"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:378 "[   71.432668] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/drm_mm.c:578 drm_mm_takedown+0x2e/0x30 [drm]()"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 7, GuestFailureKind.Warning, "drivers/gpu/drm/drm_mm.c:578", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "drm_mm_takedown", "drm"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:427 "[   71.433533] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/ttm/ttm_page_alloc_dma.c:533 ttm_dma_free_pool+0xea/"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 8, GuestFailureKind.Warning, "drivers/gpu/drm/ttm/ttm_page_alloc_dma.c:533", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "ttm_dma_free_pool", "ttm"),
            // linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt:479 "[   71.546597] WARNING: CPU: 0 PID: 37 at drivers/pci/pci.c:1430 pci_disable_device+0x84/0x90()"
            new("linux-abrt-10_oopses-dmesg-multiple-warnings-radeon.txt", 10, 9, GuestFailureKind.Warning, "drivers/pci/pci.c:1430", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "pci_disable_device", null),
            // linux-abrt-1_oops-warning-radeon-gart.txt:1 "[   71.427811] WARNING: CPU: 0 PID: 37 at drivers/gpu/drm/radeon/radeon_gart.c:235 radeon_gart_unbind+0xca/0xe"
            new("linux-abrt-1_oops-warning-radeon-gart.txt", 1, 0, GuestFailureKind.Warning, "drivers/gpu/drm/radeon/radeon_gart.c:235", null, "kworker/0:1", 37, 0, "<KERNEL_VERSION>", "radeon_gart_unbind", "radeon"),
            // linux-abrt-cut_here-warning-mtrr.txt:2 "WARNING: at arch/x86/kernel/cpu/mtrr/generic.c:467"
            new("linux-abrt-cut_here-warning-mtrr.txt", 1, 0, GuestFailureKind.Warning, "arch/x86/kernel/cpu/mtrr/generic.c:467", null, "modprobe", 143, null, "2.6.32-19.el6.x86_64", "generic_get_mtrr", null),
            // linux-abrt-kernel_panic_oom-panic-out-of-memory.txt:6 "[890563.635409] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled"
            new("linux-abrt-kernel_panic_oom-panic-out-of-memory.txt", 1, 0, GuestFailureKind.KernelPanic, "Out of memory: system-wide panic_on_oom is enabled", "Out of memory: system-wide panic_on_oom is enabled", "webservice", 35943, 0, "3.10.0-327.28.2.el7.x86_64", "out_of_memory", null),
            // linux-abrt-koops-tainted-bg1-kernel-bug-filemap-i686.txt:1 "kernel BUG at mm/filemap.c:125!"
            new("linux-abrt-koops-tainted-bg1-kernel-bug-filemap-i686.txt", 1, 0, GuestFailureKind.Bug, "mm/filemap.c:125", null, "rm", 4008, 1, "2.6.38.6-27.fc15.i686", "__remove_from_page_cache", null),
            // linux-abrt-mce2-machine-check-events-logged.txt:12 "[  209.024295] mce: [Hardware Error]: Machine check events logged"
            new("linux-abrt-mce2-machine-check-events-logged.txt", 1, 0, GuestFailureKind.MachineCheck, "Machine check events logged", null, null, null, null, "3.10.0-49.el7.x86_64", null, null),
            // linux-abrt-nmi_oops-syslog-watchdog-hard-lockup.txt:2 "Jan 11 22:31:38 :HOSTNAME: kernel: WARNING: at kernel/watchdog.c:245 watchdog_overflow_callback+0x9c/0xd0()"
            new("linux-abrt-nmi_oops-syslog-watchdog-hard-lockup.txt", 1, 0, GuestFailureKind.HardLockup, "kernel/watchdog.c:245", null, "swapper/0", 0, 0, "3.8.9-200.fc18.x86_64", "watchdog_overflow_callback", null),
            // linux-abrt-nmi_oops_hash-watchdog-hard-lockup.txt:1 "WARNING: at kernel/watchdog.c:245 watchdog_overflow_callback+0x9c/0xd0()"
            new("linux-abrt-nmi_oops_hash-watchdog-hard-lockup.txt", 1, 0, GuestFailureKind.HardLockup, "kernel/watchdog.c:245", null, "swapper/0", 0, 0, "3.8.9-200.fc18.x86_64", "watchdog_overflow_callback", null),
            // linux-abrt-oops-32bit-graphics-null-deref-i686.txt:1 "BUG: unable to handle kernel NULL pointer dereference at 00000008"
            new("linux-abrt-oops-32bit-graphics-null-deref-i686.txt", 2, 0, GuestFailureKind.Oops, "unable to handle kernel NULL pointer dereference at 00000008", null, "plymouthd", 222, 0, "4.0.3-201.fc21.i686+PAE", "radeon_audio_detect", "radeon"),
            // linux-abrt-oops-32bit-graphics-null-deref-i686.txt:49 "WARNING: CPU: 1 PID: 263 at lib/list_debug.c:62 __list_del_entry+0xf4/0x100()"
            new("linux-abrt-oops-32bit-graphics-null-deref-i686.txt", 2, 1, GuestFailureKind.Warning, "lib/list_debug.c:62", null, "plymouth", 263, 1, "4.0.3-201.fc21.i686+PAE", "__list_del_entry", null),
            // linux-abrt-oops-kernel-3.x.x-warning-dma-debug.txt:2 "WARNING: at lib/dma-debug.c:800 check_unmap+0x9c/0x67f()"
            new("linux-abrt-oops-kernel-3.x.x-warning-dma-debug.txt", 1, 0, GuestFailureKind.Warning, "lib/dma-debug.c:800", null, "modprobe", 202, null, "3.0.0-3.fc16.i686.PAE", "check_unmap", null),
            // linux-abrt-oops-module-ati-kernel-bug-radeon.txt:1 "kernel BUG at drivers/gpu/drm/radeon/radeon_asic.c:56!"
            new("linux-abrt-oops-module-ati-kernel-bug-radeon.txt", 1, 0, GuestFailureKind.Bug, "drivers/gpu/drm/radeon/radeon_asic.c:56", null, "plymouthd", 280, 1, "4.0.6-300.fc22.x86_64", "radeon_invalid_rreg", "radeon"),
            // linux-abrt-oops-module-intel-warning-i915.txt:1 "WARNING: CPU: 3 PID: 40 at drivers/gpu/drm/i915/intel_pm.c:6312 intel_display_power_put+0x14c/0x160 [i915]()"
            new("linux-abrt-oops-module-intel-warning-i915.txt", 1, 0, GuestFailureKind.Warning, "drivers/gpu/drm/i915/intel_pm.c:6312", null, "kworker/3:0", 40, 3, "3.17.8-300.fc21.x86_64", "intel_display_power_put", "i915"),
            // linux-abrt-oops-module-nouveau-warning-ioremap.txt:2 "WARNING: CPU: 0 PID: 16684 at arch/x86/mm/ioremap.c:197 __ioremap_caller+0x2aa/0x3a0()"
            new("linux-abrt-oops-module-nouveau-warning-ioremap.txt", 1, 0, GuestFailureKind.Warning, "arch/x86/mm/ioremap.c:197", null, "firefox", 16684, 0, "3.19.5-200.fc21.x86_64", "__ioremap_caller", null),
            // linux-abrt-oops-module-qxl-warning-qxl.txt:1 "WARNING: CPU: 0 PID: 1113 at drivers/gpu/drm/qxl/qxl_ttm.c:414 qxl_sync_obj_wait+0x188/0x210 [qxl]()"
            new("linux-abrt-oops-module-qxl-warning-qxl.txt", 1, 0, GuestFailureKind.Warning, "drivers/gpu/drm/qxl/qxl_ttm.c:414", null, "Xorg.bin", 1113, 0, "3.17.8-300.fc21.x86_64", "qxl_sync_obj_wait", "qxl"),
            // linux-abrt-oops-with-jiffies-warning-mac80211.txt:1 "[178856.137422] WARNING: at /builddir/build/BUILD/kernel-3.2.fc16/compat-wireless-3.3-rc1-2/include/net/mac802"
            new("linux-abrt-oops-with-jiffies-warning-mac80211.txt", 1, 0, GuestFailureKind.Warning, "/builddir/build/BUILD/kernel-3.2.fc16/compat-wireless-3.3-rc1-2/include/net/mac80211.h:3618", null, "ksoftirqd/2", 22695, null, "3.2.5-3.fc16.x86_64", "rate_control_send_low", "mac80211"),
            // linux-abrt-oops-without-addrs-full-dmesg-5.4.txt:700 "[ 1156.703559] Kernel panic - not syncing: sysrq triggered crash"
            new("linux-abrt-oops-without-addrs-full-dmesg-5.4.txt", 1, 0, GuestFailureKind.KernelPanic, "sysrq triggered crash", "sysrq triggered crash", "bash", 4952, 0, "5.4.0-0.rc6.git0.1.fc32.x86_64", "sysrq_handle_crash", null),
            // linux-abrt-oops1-module-nouveau-soft-lockup-i686.txt:1 "BUG: soft lockup - CPU#1 stuck for 22s! [X:5189]"
            new("linux-abrt-oops1-module-nouveau-soft-lockup-i686.txt", 1, 0, GuestFailureKind.SoftLockup, "22s", null, "X", 5189, 1, "3.15.10-201.fc20.i686+PAE", "ioread32", null),
            // linux-abrt-oops10_s390x-kernel-bug-illegal-operation.txt:2 "[    3.841330] kernel BUG at drivers/scsi/scsi_lib.c:660!"
            new("linux-abrt-oops10_s390x-kernel-bug-illegal-operation.txt", 1, 0, GuestFailureKind.Bug, "drivers/scsi/scsi_lib.c:660", null, "systemd-udevd", 10721, 0, "3.69.69-69.0.fit.s390x", "scsi_alloc_sgtable", null),
            // linux-abrt-oops2-lockdep-recursive.txt:2 "[ INFO: possible recursive locking detected ]"
            new("linux-abrt-oops2-lockdep-recursive.txt", 1, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "94cpufreq", 3017, null, "2.6.33.1-19.fc13.x86_64", "sysfs_deactivate", null),
            // linux-abrt-oops3-syslog-messages-with-oops.txt:6 "Nov 19 12:34:38 :HOSTNAME: kernel: general protection fault: 0000 [#1] SMP"
            new("linux-abrt-oops3-syslog-messages-with-oops.txt", 3, 0, GuestFailureKind.GeneralProtectionFault, null, null, "Xorg", 1473, null, "2.6.32-0.51.rc7.git2.fc13.x86_64", "radeon_read_ring_rptr", "radeon"),
            // linux-abrt-oops3-syslog-messages-with-oops.txt:85 "Nov 19 12:39:52 :HOSTNAME: kernel: general protection fault: 0000 [#1] SMP"
            new("linux-abrt-oops3-syslog-messages-with-oops.txt", 3, 1, GuestFailureKind.GeneralProtectionFault, null, null, "Xorg", 1525, null, "2.6.32-0.51.rc7.git2.fc13.x86_64", "radeon_read_ring_rptr", "radeon"),
            // linux-abrt-oops3-syslog-messages-with-oops.txt:162 "Nov 19 16:04:04 :HOSTNAME: kernel: general protection fault: 0000 [#1] SMP"
            new("linux-abrt-oops3-syslog-messages-with-oops.txt", 3, 2, GuestFailureKind.GeneralProtectionFault, null, null, "Xorg", 1503, null, "2.6.32-0.51.rc7.git2.fc13.x86_64", "radeon_read_ring_rptr", "radeon"),
            // linux-abrt-oops5-early-boot-warning-ioremap.txt:23 "WARNING: at arch/x86/mm/ioremap.c:104 __ioremap_caller+0xa7/0x290()"
            new("linux-abrt-oops5-early-boot-warning-ioremap.txt", 1, 0, GuestFailureKind.Warning, "arch/x86/mm/ioremap.c:104", null, "swapper", 0, null, "3.0.0-1.fc16.i686", "__ioremap_caller", null),
            // linux-abrt-oops6-trap-invalid-opcode-page-allocation-failure.txt:3 "chrome: page allocation failure: order:5, mode:0x24040c0(GFP_KERNEL|__GFP_COMP)"
            new("linux-abrt-oops6-trap-invalid-opcode-page-allocation-failure.txt", 1, 0, GuestFailureKind.Warning, "page allocation failure: order:5", null, "chrome", 2979, 0, "4.9.3-200.fc25.x86_64", "__alloc_pages_slowpath", null),
            // linux-abrt-oops8_ppc64-warning-eeh.txt:2 "[ 104.630167] WARNING: at arch/powerpc/platforms/pseries/eeh.c:390"
            new("linux-abrt-oops8_ppc64-warning-eeh.txt", 1, 0, GuestFailureKind.Warning, "arch/powerpc/platforms/pseries/eeh.c:390", null, "systemd-udevd", 191, 1, "3.10.0-33.el7.ppc64", "eeh_dev_check_failure", null),
            // linux-abrt-oops9_ppc64-oops-bad-area-sig11.txt:5 "[ 104.669944] Unable to handle kernel paging request for data at address 0x000012e0"
            new("linux-abrt-oops9_ppc64-oops-bad-area-sig11.txt", 1, 0, GuestFailureKind.Oops, "Unable to handle kernel paging request for data at address 0x000012e0", null, "eehd", 251, 1, "3.10.0-33.el7.ppc64", "ipr_pci_error_detected", "ipr"),
            // linux-abrt-oops_broken_bios-warning-dmar.txt:2 "WARNING: at drivers/pci/dmar.c:633 warn_invalid_dmar+0x7d/0x8d()"
            new("linux-abrt-oops_broken_bios-warning-dmar.txt", 1, 0, GuestFailureKind.Warning, "drivers/pci/dmar.c:633", null, "swapper", 0, null, "2.6.35.6-45.fc14.x86_64", "warn_invalid_dmar", null),
            // linux-abrt-oops_recursive_locking1-lockdep.txt:2 "[   28.557007] [ INFO: possible recursive locking detected ]"
            new("linux-abrt-oops_recursive_locking1-lockdep.txt", 1, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "modprobe", 684, null, "3.1.0-0.rc0.git19.1.fc17.x86_64", "__mutex_lock_common", null),
            // linux-abrt-oops_unsupported_hw-warning-rh-taint.txt:2 "WARNING: at kernel/rh_taint.c:13 mark_hardware_unsupported+0x39/0x40()"
            new("linux-abrt-oops_unsupported_hw-warning-rh-taint.txt", 1, 0, GuestFailureKind.Warning, "kernel/rh_taint.c:13", null, "swapper", 0, 0, "3.10.0-41.el7.x86_64", "mark_hardware_unsupported", null),
            // linux-arm64-unable-to-handle-paging-request-mem-abort-arm-nas16.txt:1 "[   11.232990] Unable to handle kernel paging request at virtual address 0021a817ce8721ad"
            new("linux-arm64-unable-to-handle-paging-request-mem-abort-arm-nas16.txt", 1, 0, GuestFailureKind.Oops, "Unable to handle kernel paging request at virtual address 0021a817ce8721ad", null, null, null, null, null, null, null),
            // linux-satyr-arm-hung-task-oops-2-null-deref-arm.txt:1 "Unable to handle kernel NULL pointer dereference at virtual address 00000009"
            new("linux-satyr-arm-hung-task-oops-2-null-deref-arm.txt", 1, 0, GuestFailureKind.Oops, "Unable to handle kernel NULL pointer dereference at virtual address 00000009", null, "systemd-logind", 431, 1, "3.17.8-300.fc21.armv7hl", "shmem_getpage_gfp", null),
            // linux-satyr-arm-hung-task-oops-panic-hung-task.txt:1 "Kernel panic - not syncing: hung_task: blocked tasks"
            new("linux-satyr-arm-hung-task-oops-panic-hung-task.txt", 1, 0, GuestFailureKind.KernelPanic, "hung_task: blocked tasks", "hung_task: blocked tasks", "khungtaskd", 27, 3, "4.2.8-yocto-standard-1968fcd27440e21d39a0b9e14a3be2ad", "watchdog", null),
            // linux-satyr-github-102-warning-mm.txt:1 "WARNING: at include/linux/mm.h:283 putback_inactive_pages+0x2cc/0x360()"
            new("linux-satyr-github-102-warning-mm.txt", 1, 0, GuestFailureKind.Warning, "include/linux/mm.h:283", null, "kswapd0", 42, 1, "3.10.4-100.fc18.x86_64", "putback_inactive_pages", null),
            // linux-satyr-github-113-warning-iommu-bios.txt:1 "WARNING: at drivers/iommu/intel_irq_remapping.c:533 intel_irq_remapping_supported+0x37/0x7a()"
            new("linux-satyr-github-113-warning-iommu-bios.txt", 1, 0, GuestFailureKind.Warning, "drivers/iommu/intel_irq_remapping.c:533", null, "swapper/0", 1, 0, "3.10.12-100.fc18.x86_64", "intel_irq_remapping_supported", null),
            // linux-satyr-github-73-warning-tcp.txt:1 "WARNING: at net/ipv4/tcp_input.c:2776 tcp_fastretrans_alert+0xc7a/0xd10()"
            new("linux-satyr-github-73-warning-tcp.txt", 1, 0, GuestFailureKind.Warning, "net/ipv4/tcp_input.c:2776", null, "amule", 1797, 1, "3.10.11-100.fc18.x86_64", "tcp_fastretrans_alert", null),
            // linux-satyr-gitlog-01-lockdep-recursive.txt:2 "[   65.470000] [ INFO: possible recursive locking detected ]"
            new("linux-satyr-gitlog-01-lockdep-recursive.txt", 2, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "ksdioirqd/mmc0", 73, null, "3.5.0-rc5", "_raw_spin_lock_irqsave", null),
            // linux-satyr-gitlog-01-lockdep-recursive.txt:35 "[   65.470000] BUG: spinlock lockup suspected on CPU#0, ksdioirqd/mmc0/73"
            new("linux-satyr-gitlog-01-lockdep-recursive.txt", 2, 1, GuestFailureKind.Bug, "spinlock lockup suspected on CPU#0, ksdioirqd/mmc0/73", null, "ksdioirqd/mmc0", 73, 0, null, "do_raw_spin_lock", null),
            // linux-satyr-gitlog-02-lockdep-recursive.txt:2 "[   79.660000] [ INFO: possible recursive locking detected ]"
            new("linux-satyr-gitlog-02-lockdep-recursive.txt", 2, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "swapper", 0, null, "3.4.0-00009-g3e96082-dirty", "_raw_spin_lock_irqsave", null),
            // linux-satyr-gitlog-02-lockdep-recursive.txt:41 "[   79.660000] BUG: spinlock lockup on CPU#0, swapper/0"
            new("linux-satyr-gitlog-02-lockdep-recursive.txt", 2, 1, GuestFailureKind.Bug, "spinlock lockup on CPU#0, swapper/0", null, "swapper", 0, 0, null, "do_raw_spin_lock", null),
            // linux-satyr-gitlog-03-suspicious-rcu.txt:2 "[ 1570.586225] [ INFO: suspicious RCU usage. ]"
            new("linux-satyr-gitlog-03-suspicious-rcu.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious RCU usage", null, "Chrome_IOThread", 4467, null, "3.6.0-rc3-wl-main", "update_or_create_fnhe", null),
            // linux-satyr-gitlog-04-suspicious-rcu.txt:2 "[ 1123.442202] [ INFO: suspicious RCU usage. ]"
            new("linux-satyr-gitlog-04-suspicious-rcu.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious RCU usage", null, "sysctl", 5710, null, "3.6.0-rc1+", "call_netdevice_notifiers", null),
            // linux-satyr-gitlog-05-lockdep-inconsistent.txt:2 "[  447.627237] [ INFO: inconsistent lock state ]"
            new("linux-satyr-gitlog-05-lockdep-inconsistent.txt", 1, 0, GuestFailureKind.LockdepReport, "inconsistent lock state", null, "swapper/0", 0, null, "3.6.0-rc1-wl+", "_local_bh_enable_ip", null),
            // linux-satyr-gitlog-06-lockdep-circular.txt:2 "[  120.766529] [ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-06-lockdep-circular.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "kworker/u:3", 1497, null, "3.5.0-rc1-10292-g3701f94-dirty", "_raw_spin_lock", null),
            // linux-satyr-gitlog-07-slub-poison.txt:2 "[   99.408393] BUG kmalloc-64 (Not tainted): Poison overwritten"
            new("linux-satyr-gitlog-07-slub-poison.txt", 1, 0, GuestFailureKind.SlabCorruption, "Poison overwritten", null, null, null, null, null, "__slab_alloc.isra.50.constprop.56", null),
            // linux-satyr-gitlog-08-lockdep-recursive-notime.txt:2 "[ INFO: possible recursive locking detected ]"
            new("linux-satyr-gitlog-08-lockdep-recursive-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "filemonkey", 122, null, "3.4.0", "sysfs_addrm_finish", null),
            // linux-satyr-gitlog-09-suspicious-rcu-notime.txt:2 "[ INFO: suspicious RCU usage. ]"
            new("linux-satyr-gitlog-09-suspicious-rcu-notime.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious RCU usage", null, "swapper", 2, null, "3.4.0", "cpuacct_charge", null),
            // linux-satyr-gitlog-10-lockdep-recursive-truncated.txt:2 "INFO: possible recursive locking detected ]"
            new("linux-satyr-gitlog-10-lockdep-recursive-truncated.txt", 1, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "worker/u:1", 36, null, null, null, null),
            // linux-satyr-gitlog-11-suspicious-rcu.txt:2 "[ 1526.520230] [ INFO: suspicious RCU usage. ]"
            new("linux-satyr-gitlog-11-suspicious-rcu.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious RCU usage", null, "net.agent", 3279, null, "3.5.0-rc1+", "down_write", null),
            // linux-satyr-gitlog-12-lockdep-recursive-notime.txt:2 "[ INFO: possible recursive locking detected ]"
            new("linux-satyr-gitlog-12-lockdep-recursive-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible recursive locking detected", null, "swapper/0", 1, null, "3.4.0", "mutex_lock_nested", null),
            // linux-satyr-gitlog-13-lockdep-circular.txt:2 "[ 8683.927555] [ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-13-lockdep-circular.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "swapper/0", 0, null, "3.4.1-build-0061", "_raw_spin_lock", null),
            // linux-satyr-gitlog-14-bad-unlock-balance-truncated.txt:2 "BUG: bad unlock balance detected! ]"
            new("linux-satyr-gitlog-14-bad-unlock-balance-truncated.txt", 1, 0, GuestFailureKind.LockdepReport, "bad unlock balance detected", null, "io", 17706, null, null, "et_request_wait", null),
            // linux-satyr-gitlog-15-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-15-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "kworker/0:2", 1391, null, "3.4.0-rc5-wl+", "mutex_lock_nested", null),
            // linux-satyr-gitlog-16-bad-unlock-balance.txt:2 "[   45.154784] [ BUG: bad unlock balance detected! ]"
            new("linux-satyr-gitlog-16-bad-unlock-balance.txt", 1, 0, GuestFailureKind.LockdepReport, "bad unlock balance detected", null, "flush-254:16", 2499, null, "3.5.0-rc1-00002-gb22b1f1", "writeback_sb_inodes", null),
            // linux-satyr-gitlog-17-lockdep-inconsistent-notime.txt:2 "[ INFO: inconsistent lock state ]"
            new("linux-satyr-gitlog-17-lockdep-inconsistent-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "inconsistent lock state", null, "kworker/u:2", 30374, null, "3.4.0-wl+", "_raw_spin_lock", null),
            // linux-satyr-gitlog-18-suspicious-rcu-dereference.txt:2 "[ INFO: suspicious rcu_dereference_check() usage. ]"
            new("linux-satyr-gitlog-18-suspicious-rcu-dereference.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious rcu_dereference_check() usage", null, "arecord", 11226, null, "3.1.0-kml", "sta_rx_agg_session_timer_expired", "mac80211"),
            // linux-satyr-gitlog-19-slub-poison-notime.txt:2 "BUG numa_policy (Not tainted): Poison overwritten"
            new("linux-satyr-gitlog-19-slub-poison-notime.txt", 1, 0, GuestFailureKind.SlabCorruption, "Poison overwritten", null, null, null, null, null, "__slab_alloc", null),
            // linux-satyr-gitlog-20-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-20-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "bash", 1556, null, "3.4.0-rc4-24406-g841e6a6", "__mutex_lock_common", null),
            // linux-satyr-gitlog-21-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-21-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "ibv_srq_pingpon", 2484, null, "3.4.0-rc5+", "down_read", null),
            // linux-satyr-gitlog-22-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-22-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "jffs2_gcd_mtd6", 299, null, null, "mutex_lock_nested", null),
            // linux-satyr-gitlog-23-lock-held-returning-to-user.txt:2 "[  130.894569] [ BUG: lock held when returning to user space! ]"
            new("linux-satyr-gitlog-23-lock-held-returning-to-user.txt", 1, 0, GuestFailureKind.LockdepReport, "lock held when returning to user space", null, "trinity", 8384, null, "3.4.0-rc5-next-20120501-sasha", null, null),
            // linux-satyr-gitlog-24-lockdep-inconsistent.txt:2 "[  762.903890] [ INFO: inconsistent lock state ]"
            new("linux-satyr-gitlog-24-lockdep-inconsistent.txt", 1, 0, GuestFailureKind.LockdepReport, "inconsistent lock state", null, "squid", 1603, null, "3.3.4-build-0061", "_raw_spin_lock", null),
            // linux-satyr-gitlog-25-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-25-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "bash", 1572, null, "3.4.0-rc1+", "might_fault", null),
            // linux-satyr-gitlog-26-lockdep-circular-notime.txt:2 "[ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-26-lockdep-circular-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "rmmod", 125, null, null, "mutex_lock_nested", null),
            // linux-satyr-gitlog-27-lockdep-inconsistent-notime.txt:2 "[ INFO: inconsistent lock state ]"
            new("linux-satyr-gitlog-27-lockdep-inconsistent-notime.txt", 1, 0, GuestFailureKind.LockdepReport, "inconsistent lock state", null, "kswapd0", 28, null, "3.3.0-rc2-next-20120201", "mutex_lock_nested", null),
            // linux-satyr-gitlog-28-suspicious-rcu.txt:2 "[   21.669439] [ INFO: suspicious RCU usage. ]"
            new("linux-satyr-gitlog-28-suspicious-rcu.txt", 1, 0, GuestFailureKind.RcuReport, "suspicious RCU usage", null, "modprobe", 2139, null, "3.2.0-0.0.0.28.36b5ec9-default", "drain_mcelog_buffer", null),
            // linux-satyr-gitlog-29-slub-objects-remaining.txt:2 "BUG sas_task: Objects remaining on kmem_cache_close()"
            new("linux-satyr-gitlog-29-slub-objects-remaining.txt", 1, 0, GuestFailureKind.SlabCorruption, "Objects remaining on kmem_cache_close()", null, "modprobe", 22919, null, "3.2.0-isci+", "kmem_cache_destroy", null),
            // linux-satyr-gitlog-30-slub-poison.txt:2 "[  299.281634] BUG kmalloc-4096 (Tainted: G          I ): Poison overwritten"
            new("linux-satyr-gitlog-30-slub-poison.txt", 1, 0, GuestFailureKind.SlabCorruption, "Poison overwritten", null, null, null, null, null, "__slab_alloc", null),
            // linux-satyr-gitlog-31-lockdep-circular.txt:2 "[   84.860321] [ INFO: possible circular locking dependency detected ]"
            new("linux-satyr-gitlog-31-lockdep-circular.txt", 1, 0, GuestFailureKind.LockdepReport, "possible circular locking dependency detected", null, "bash", 949, null, "3.3.0-rc2-00026-ge4e8a39", "mutex_lock_nested", null),
            // linux-satyr-rhbz-1040900-ppc64-warning-eeh.txt:1 "WARNING: at arch/powerpc/platforms/pseries/eeh.c:390"
            new("linux-satyr-rhbz-1040900-ppc64-warning-eeh.txt", 1, 0, GuestFailureKind.Warning, "arch/powerpc/platforms/pseries/eeh.c:390", null, "systemd-udevd", 191, 1, "3.10.0-33.el7.ppc64", "eeh_dev_check_failure", null),
            // linux-satyr-rhbz-1040900-s390x-kernel-bug-illegal-operation.txt:1 "kernel BUG at drivers/scsi/scsi_lib.c:660!"
            new("linux-satyr-rhbz-1040900-s390x-kernel-bug-illegal-operation.txt", 1, 0, GuestFailureKind.Bug, "drivers/scsi/scsi_lib.c:660", null, "systemd-udevd", 10721, 0, "3.69.69-69.0.fit.s390x", "scsi_alloc_sgtable", null),
            // linux-satyr-rhbz-1040900-s390x-warning-will-oops.txt:4 "[16164.389575] WARNING: at /tmp/will_oops.VBwBJthHLD/will_oops.c:11"
            new("linux-satyr-rhbz-1040900-s390x-warning-will-oops.txt", 1, 0, GuestFailureKind.Warning, "/tmp/will_oops.VBwBJthHLD/will_oops.c:11", null, "insmod", 32037, 0, "3.10.0-54.0.1.el7.s390x", "will_oops_init", "will_oops"),
            // linux-satyr-rhbz-1140681-general-protection-fault.txt:1 "general protection fault: 0000 [#1] SMP"
            new("linux-satyr-rhbz-1140681-general-protection-fault.txt", 1, 0, GuestFailureKind.GeneralProtectionFault, null, null, "X", 946, 1, "3.15.10-201.fc20.x86_64", "find_get_entry", null),
            // linux-satyr-rhbz-1235021-nmi-watchdog-soft-lockup.txt:1 "NMI watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]"
            new("linux-satyr-rhbz-1235021-nmi-watchdog-soft-lockup.txt", 1, 0, GuestFailureKind.SoftLockup, "22s", null, "pulseaudio", 1580, 0, "4.0.5-300.fc22.x86_64+debug", "smp_call_function_many", null),
            // linux-satyr-rhbz-1518943-null-deref-pf-newformat.txt:1 "BUG: kernel NULL pointer dereference, address: 0000000000000008"
            new("linux-satyr-rhbz-1518943-null-deref-pf-newformat.txt", 1, 0, GuestFailureKind.Oops, "kernel NULL pointer dereference, address: 0000000000000008", null, "QSGRenderThread", null, null, "5.3.6-300.fc31.x86_64", "amdgpu_vm_sdma_commit", "amdgpu"),
            // linux-satyr-rhbz-827868-warning-page-alloc.txt:1 "[110417.280426] WARNING: at mm/page_alloc.c:2204 __alloc_pages_nodemask+0x231/0x8f0()"
            new("linux-satyr-rhbz-827868-warning-page-alloc.txt", 1, 0, GuestFailureKind.Warning, "mm/page_alloc.c:2204", null, "ksoftirqd/0", 3, null, "3.3.7-1.fc16.x86_64", "__alloc_pages_nodemask", null),
            // linux-satyr-rhbz-836206-sleeping-function-invalid-context.txt:1 "[  120.825464] BUG: sleeping function called from invalid context at mm/memory.c:3927"
            new("linux-satyr-rhbz-836206-sleeping-function-invalid-context.txt", 2, 0, GuestFailureKind.Bug, "sleeping function called from invalid context at mm/memory.c:3927", null, "NetworkManager", 1109, null, "3.3.0-0.15.el7.x86_64", "might_fault", null),
            // linux-satyr-rhbz-836206-sleeping-function-invalid-context.txt:21 "[  120.836197] BUG: scheduling while atomic: NetworkManager/1109/0x00000003"
            new("linux-satyr-rhbz-836206-sleeping-function-invalid-context.txt", 2, 1, GuestFailureKind.Bug, "scheduling while atomic: NetworkManager/1109/0x00000003", null, "NetworkManager", 1109, null, "3.3.0-0.15.el7.x86_64", "__schedule", null),
            // linux-satyr-rhbz-865695-0-kernel-bug-invalid-opcode-i686.txt:1 "kernel BUG at include/net/cfg80211.h:2473!"
            new("linux-satyr-rhbz-865695-0-kernel-bug-invalid-opcode-i686.txt", 1, 0, GuestFailureKind.Bug, "include/net/cfg80211.h:2473", null, "wpa_supplicant", 598, 1, "3.6.1-1.fc17.i686.PAE", "wdev_priv.part.8", "wl"),
            // linux-satyr-rhbz-865695-2-kernel-bug-invalid-opcode-x86_64.txt:1 "[   42.863016] kernel BUG at include/net/cfg80211.h:2473!"
            new("linux-satyr-rhbz-865695-2-kernel-bug-invalid-opcode-x86_64.txt", 1, 0, GuestFailureKind.Bug, "include/net/cfg80211.h:2473", null, "wpa_supplicant", 802, null, "3.6.1-1.fc17.x86_64", "wdev_priv.part.8", "wl"),
            // linux-softlockup-panic-indented-elided-sonic17358.txt:1 "[ 5300.229390] watchdog: BUG: soft lockup - CPU#2 stuck for 23s! [kworker/2:1:25629]"
            new("linux-softlockup-panic-indented-elided-sonic17358.txt", 1, 0, GuestFailureKind.SoftLockup, "23s", "softlockup: hung tasks", "kworker/2:1", 25629, 2, "5.10.0-18-2-amd64", "wait_rcu_exp_gp", null),
            // linux-vmware-guest-hung-task-fanotify-syslog-hotsos594.txt:1 "May  4 07:23:27 DELRHIUCBM002V kernel: [  240.197400] INFO: task C2 CompilerThre:1582 blocked for more than 12"
            new("linux-vmware-guest-hung-task-fanotify-syslog-hotsos594.txt", 1, 0, GuestFailureKind.HungTask, "120 seconds", null, "C2 CompilerThre", 1582, null, "4.4.0-142-generic", "schedule", null),
            // linux-vmware-guest-panic-during-vmotion-crash-bt-open-vm-tools88.txt:1 "crash> bt"
            new("linux-vmware-guest-panic-during-vmotion-crash-bt-open-vm-tools88.txt", 1, 0, GuestFailureKind.CrashDumpBacktrace, null, null, "mysqld", 2130, 0, null, null, null),
            // linux-xen-pv-oops-pf-with-serial-console-date-prefix-qubes7560.txt:4 "[2022-06-13 00:08:21] [    0.526810] Oops: 0000 [#1] PREEMPT SMP NOPTI"
            new("linux-xen-pv-oops-pf-with-serial-console-date-prefix-qubes7560.txt", 1, 0, GuestFailureKind.Oops, "0000", null, "swapper/0", 1, 0, "5.18.3-1.fc32.qubes.x86_64", "pmc_core_probe", null),
            // windows-2000-stop-0x1a-and-0x4e-pfn-list-corrupt-kbQ271955.txt:1 "STOP 0x0000001a (0x00041284, 0xca9a2000, 0x000077e0, 0xc0c00000)"
            new("windows-2000-stop-0x1a-and-0x4e-pfn-list-corrupt-kbQ271955.txt", 2, 0, GuestFailureKind.BugCheck, "0x1A", "MEMORY_MANAGEMENT", null, null, null, null, null, null),
            // windows-2000-stop-0x1a-and-0x4e-pfn-list-corrupt-kbQ271955.txt:4 "STOP 0x0000004e (0x00000007, 0x00007abf, 0x0000f17e,"
            new("windows-2000-stop-0x1a-and-0x4e-pfn-list-corrupt-kbQ271955.txt", 2, 1, GuestFailureKind.BugCheck, "0x4E", "PFN_LIST_CORRUPT", null, null, null, null, null, null),
            // windows-2000-stop-0x50-pagefault-nonpaged-datestamp-kbQ270047.txt:1 "*** STOP: 0x00000050 (0xBFB54000, 0x00000000, 0xBFB2C08E, 0x00000000)"
            new("windows-2000-stop-0x50-pagefault-nonpaged-datestamp-kbQ270047.txt", 1, 0, GuestFailureKind.BugCheck, "0x50", "PAGE_FAULT_IN_NONPAGED_AREA", null, null, null, null, null, "nm2200dp.dll"),
            // windows-event1001-bugcheck-0x1a-qbittorrent10851.txt:1 "The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000001a (0x000000000000003f, 0x00000000000698"
            new("windows-event1001-bugcheck-0x1a-qbittorrent10851.txt", 1, 0, GuestFailureKind.BugCheck, "0x1A", "MEMORY_MANAGEMENT", null, null, null, null, null, null),
            // windows-event1001-bugcheck-0x3b-server2016-meshcentral229.txt:1 "The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000003b (0x00000000c0000005, 0xffffc3e098a104"
            new("windows-event1001-bugcheck-0x3b-server2016-meshcentral229.txt", 1, 0, GuestFailureKind.BugCheck, "0x3B", "SYSTEM_SERVICE_EXCEPTION", null, null, null, null, null, null),
            // windows-event1001-bugcheck-0xa0-internal-power-error-windows-driver-docs2490.txt:1 "The computer has rebooted from a bugcheck.  The bugcheck was: 0x000000a0 (0x00000000000000f0, 0x00000000000000"
            new("windows-event1001-bugcheck-0xa0-internal-power-error-windows-driver-docs2490.txt", 1, 0, GuestFailureKind.BugCheck, "0xA0", "INTERNAL_POWER_ERROR", null, null, null, null, null, null),
            // windows-guest-bsod-seen-by-esxi-vmware-log-winbsod-synthetic-msr-kb427504.txt:1 "YYYY-MM-DDTHH:MM:SS.XXXZ vcpu-0 - WinBSOD: Synthetic MSR[0x40000100] 0x80 YYYY-MM-DDTHH:MM:SS.XXXZ vcpu-0 - Wi"
            new("windows-guest-bsod-seen-by-esxi-vmware-log-winbsod-synthetic-msr-kb427504.txt", 2, 0, GuestFailureKind.BugCheck, "0x80", "NMI_HARDWARE_FAILURE", null, null, null, null, null, null),
            // windows-guest-bsod-seen-by-esxi-vmware-log-winbsod-synthetic-msr-kb427504.txt:2 "YYYY-MM-DDTHH:MM:SS.XXXZ Hostd[#####]: Guest operating system crash detected."
            new("windows-guest-bsod-seen-by-esxi-vmware-log-winbsod-synthetic-msr-kb427504.txt", 2, 1, GuestFailureKind.HostDetectedCrash, null, null, null, null, null, null, null, null),
            // windows-kd-bugcheck-code-00000050-procmon-sysinternals113.txt:2 "Bugcheck code 00000050"
            new("windows-kd-bugcheck-code-00000050-procmon-sysinternals113.txt", 1, 0, GuestFailureKind.BugCheck, "0x50", "PAGE_FAULT_IN_NONPAGED_AREA", null, null, null, null, "PROCMON23", "PROCMON23"),
            // windows-nt-event1001-bugcheck-0x3f-kbQ145882.txt:2 "Description: The computer has rebooted from a bugcheck. The bugcheck"
            new("windows-nt-event1001-bugcheck-0x3f-kbQ145882.txt", 1, 0, GuestFailureKind.BugCheck, "0x3F", "NO_MORE_SYSTEM_PTES", null, null, null, "15.1057", null, null),
            // windows-nt-eventlog-rebooted-from-bugcheck-0x0a-kbQ123744.txt:1 "The computer has rebooted from a bugcheck. The bugcheck was: 0x0000000a"
            new("windows-nt-eventlog-rebooted-from-bugcheck-0x0a-kbQ123744.txt", 1, 0, GuestFailureKind.BugCheck, "0xA", "IRQL_NOT_LESS_OR_EQUAL", null, null, null, null, null, null),
            // windows-nt-stop-0x1e-malformed-cpuid-win32k-kbQ151989.txt:1 "STOP: 0x00000001E(0xC0000005,0x00000000,0x00000014)"
            new("windows-nt-stop-0x1e-malformed-cpuid-win32k-kbQ151989.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "win32k.sys"),
            // windows-nt-stop-0x6b-process1-initialization-failed-kbQ141242.txt:1 "***STOP: 0x0000006B (0xC000000D, 0x00000002, 0x00000000, 0x00000000)"
            new("windows-nt-stop-0x6b-process1-initialization-failed-kbQ141242.txt", 1, 0, GuestFailureKind.BugCheck, "0x6B", "PROCESS1_INITIALIZATION_FAILED", null, null, null, null, null, null),
            // windows-nt35-stop-0x1e-kmode-exception-address-base-i8042prt-kbQ126690.txt:1 "*** STOP: 0x0000001E (0xC0000047,0xFA8418B4,0x8025ea21,0xfd6829e8)"
            new("windows-nt35-stop-0x1e-kmode-exception-address-base-i8042prt-kbQ126690.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "i8042prt.SYS"),
            // windows-nt351-stop-0x0a-irql-address-base-cpuid-aic78xx-kbQ140643.txt:1 "STOP: 0x0000000A (0x0000000B,0x00000011,0x00000000,0x80013693)"
            new("windows-nt351-stop-0x0a-irql-address-base-cpuid-aic78xx-kbQ140643.txt", 1, 0, GuestFailureKind.BugCheck, "0xA", "IRQL_NOT_LESS_OR_EQUAL", null, null, null, null, null, "aic78xx.sys"),
            // windows-nt4-event1001-savedump-bugcheck-0xc000021a-kbQ235496.txt:3 "Description: The computer has rebooted from a bugcheck. The bugcheck was:"
            new("windows-nt4-event1001-savedump-bugcheck-0xc000021a-kbQ235496.txt", 1, 0, GuestFailureKind.BugCheck, "0xC000021A", "WINLOGON_FATAL_ERROR", null, null, null, "15.1381", null, null),
            // windows-nt4-stop-0x0a-dword-dump-wanarp-kbQ190203.txt:1 "*** STOP: 0x0000000A (0xXXXXXXXX,0x00000002,0x00000001,0xF8E5FCE5)"
            new("windows-nt4-stop-0x0a-dword-dump-wanarp-kbQ190203.txt", 1, 0, GuestFailureKind.BugCheck, "0xA", "IRQL_NOT_LESS_OR_EQUAL", null, null, null, null, null, "wanarp.sys"),
            // windows-nt4-stop-0x0a-irql-hal-kbQ154938.txt:1 "*** STOP: 0x0000000A (0xFC8E6000,0x00000002,0x00000000,0x804042A6)"
            new("windows-nt4-stop-0x0a-irql-hal-kbQ154938.txt", 1, 0, GuestFailureKind.BugCheck, "0xA", "IRQL_NOT_LESS_OR_EQUAL", null, null, null, null, null, "hal.dll"),
            // windows-nt4-stop-0x0a-quoted-hal-kbQ254535.txt:1 ""*** STOP: 0x0000000A (0x01010000,0x0000000C,0x00000001,0x80010000)"
            new("windows-nt4-stop-0x0a-quoted-hal-kbQ254535.txt", 1, 0, GuestFailureKind.BugCheck, "0xA", "IRQL_NOT_LESS_OR_EQUAL", null, null, null, null, null, "hal.dll"),
            // windows-nt4-stop-0x1e-nospace-rdr-kbQ228538.txt:1 "STOP:0x0000001E(C0000005,0xFEF68219,0x00000000,0x00000008)"
            new("windows-nt4-stop-0x1e-nospace-rdr-kbQ228538.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "rdr.sys"),
            // windows-nt4-stop-0x1e-nwrdr-kbQ162704.txt:1 "Stop 0X0000001E (0xC0000005, 0xfa2b5281, 0x00000000, 0x00000000)"
            new("windows-nt4-stop-0x1e-nwrdr-kbQ162704.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "NWRDR.SYS"),
            // windows-nt4-stop-0x1e-srv-kbQ163855.txt:1 "Stop 0X0000001E (0xC0000005, 0xfcb6e8f7, 0x00000000, 0x0000004C)"
            new("windows-nt4-stop-0x1e-srv-kbQ163855.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "SRV.SYS"),
            // windows-nt4-stop-0x1e-uppercase-0X-ndis-kbQ162419.txt:1 "*** STOP: 0X0000001E (0XC0000005, 0XFF0D5928, 0X00000000, 0X0000005C)"
            new("windows-nt4-stop-0x1e-uppercase-0X-ndis-kbQ162419.txt", 1, 0, GuestFailureKind.BugCheck, "0x1E", "KMODE_EXCEPTION_NOT_HANDLED", null, null, null, null, null, "NDIS.SYS"),
            // windows-nt4-stop-0x7b-inaccessible-boot-device-entii59.txt:1 "***STOP 0x0000007B (0xEDE9B6F0, 0x00000000, 0x00000000, 0x00000000)"
            new("windows-nt4-stop-0x7b-inaccessible-boot-device-entii59.txt", 1, 0, GuestFailureKind.BugCheck, "0x7B", "INACCESSIBLE_BOOT_DEVICE", null, null, null, null, null, null),
            // windows-windbg-analyze-c000007b-vmware-virtual-platform-windows-driver-docs1469.txt:4 "*                        Bugcheck Analysis                                    *"
            new("windows-windbg-analyze-c000007b-vmware-virtual-platform-windows-driver-docs1469.txt", 1, 0, GuestFailureKind.BugCheck, "0xC000007B", "STATUS_INVALID_IMAGE_FORMAT", null, null, null, "17763.1.x86fre.rs5_release.180914-1434", null, "nt"),
            // windows-windbg-bugcheck-139-kernel-security-check-failure-simplesvmhook2.txt:3 "BugCheck 139, {4, fffff8028227c4f0, fffff8028227c448, 0}"
            new("windows-windbg-bugcheck-139-kernel-security-check-failure-simplesvmhook2.txt", 1, 0, GuestFailureKind.BugCheck, "0x139", "KERNEL_SECURITY_CHECK_FAILURE", null, null, null, null, null, null),
        };

        public static IEnumerable<object[]> RowData() => Rows.Select(r => new object[] { r.File + "#" + r.Index });

        internal static List<GuestOsFailure> ReadFixture(string file, GuestFailureOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues ?? new IssueCollector());
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture("guest", file) }, ctx);
            return GuestFailureReader.Open(options ?? new GuestFailureOptions { Year = 2024 }, ctx).ReadAll(docs).ToList();
        }

        [FixtureTheory]
        [MemberData(nameof(RowData))]
        public void HeadlineValuesAsTheTextShowsThem(string key)
        {
            Row row = Rows.Single(r => r.File + "#" + r.Index == key);
            var records = ReadFixture(row.File);
            Assert.Equal(row.Count, records.Count);
            GuestOsFailure f = records[row.Index];
            Assert.Equal(row.Kind, f.Kind);
            if (f.Os == GuestOs.Windows)
            {
                Assert.Equal(row.CodeOrReason, f.Code.HasValue ? "0x" + f.Code.Value.ToString("X") : null);
                Assert.Equal(row.NameOrPanic, f.Name);
            }
            else
            {
                Assert.Equal(row.File.StartsWith("linux-", StringComparison.Ordinal) ? GuestOs.Linux : GuestOs.Unknown, f.Os); // Unknown: hostd's crash line names no OS
                Assert.Equal(row.CodeOrReason, f.Reason);
                Assert.Equal(row.NameOrPanic, f.PanicReason);
            }
            Assert.Equal(row.Process, f.Process);
            Assert.Equal(row.Pid, f.Pid);
            Assert.Equal(row.Cpu, f.Cpu);
            Assert.Equal(row.KernelVersion, f.KernelVersion);
            Assert.Equal(row.Function, f.Function);
            Assert.Equal(row.Module, f.Module);
            Assert.Equal(Repo.Fixture("guest", row.File), f.Path);
            Assert.Contains(f.Message, f.Text);
        }

        [FixtureFact]
        public void EveryFixtureFileHasARow()
        {
            var files = Directory.GetFiles(Repo.Fixture("guest"), "*.txt").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.True(files.Count >= 100, "expected the 102 guest samples, found " + files.Count);
            Assert.Equal(files, Rows.Select(r => r.File).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        }
    }
}
