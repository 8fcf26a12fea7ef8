using VirtDiag.Common;
using VirtDiag.Guest;
using VirtDiag.Io;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>Issue 7: Get-GuestOsFailure's reader vs `grep -c -E "Kernel panic|Oops|BUG:"` on a generated guest kernel log.</summary>
    public sealed class GuestScenario : IScenario
    {
        public string Name => "guest";

        // Synthetic dmesg lines of a busy VM (typical driver, filesystem, network and audit chatter).
        private static readonly string[] s_noise =
        {
            "e1000: ens192 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
            "EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro",
            "audit: type=1400 audit({0}.123:{1}): apparmor=\"STATUS\" operation=\"profile_replace\" name=\"/usr/sbin/ntpd\" pid={1} comm=\"apparmor_parser\"",
            "IPv6: ADDRCONF(NETDEV_CHANGE): ens192: link becomes ready",
            "sd 2:0:0:0: [sda] Write cache: disabled, read cache: disabled, doesn't support DPO or FUA",
            "vmw_pvscsi: msg type: 0x0 - MSG RING: 1/0 (5)",
            "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
            "systemd-journald[{1}]: Received SIGTERM from PID 1 (systemd).",
            "usb 2-1: new full-speed USB device number {2} using uhci_hcd",
            "NFS: state manager: check lease failed on NFSv4 server 10.0.0.{2} with error 13",
            "perf: interrupt took too long (2512 > 2500), lowering kernel.perf_event_max_sample_rate to 79500",
            "nf_conntrack: nf_conntrack: table full, dropping packet",
        };

        private static readonly string[] s_oops =
        {
            "BUG: kernel NULL pointer dereference, address: 0000000000000010",
            "#PF: supervisor read access in kernel mode",
            "#PF: error_code(0x0000) - not-present page",
            "PGD 0 P4D 0",
            "Oops: 0000 [#1] SMP PTI",
            "CPU: 1 PID: {1} Comm: kworker/1:2 Tainted: G           OE     5.15.0-91-generic #101-Ubuntu",
            "Hardware name: VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020",
            "Workqueue: events vmw_fb_dirty_flush [vmwgfx]",
            "RIP: 0010:vmw_fb_dirty_flush+0x5a/0x2c0 [vmwgfx]",
            "Code: 48 8b 45 10 48 63 40 50 48 03 45 08 <8b> 00 48 8b 55 10 4c 89 e7",
            "RSP: 0018:ffffb4a5c0f4fe18 EFLAGS: 00010246",
            "RAX: 0000000000000000 RBX: ffff8f3a41e2a000 RCX: 0000000000000000",
            "Call Trace:",
            " <TASK>",
            " ? show_regs+0x6d/0x80",
            " ? __die+0x24/0x80",
            " ? page_fault_oops+0x99/0x1b0",
            " process_one_work+0x228/0x3d0",
            " worker_thread+0x53/0x420",
            " kthread+0x127/0x150",
            " ret_from_fork+0x1f/0x30",
            " </TASK>",
            "Modules linked in: vmwgfx(OE) drm_ttm_helper ttm vmw_balloon vmw_vmci vmw_pvscsi",
            "CR2: 0000000000000010",
            "---[ end trace 1a2b3c4d5e6f7081 ]---",
        };

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string path = context.Input($"guest-{label}.log", p => Generate(p, size));
            long bytes = new FileInfo(path).Length;
            yield return context.MeasureCommand(Name, label, "grep -c -E \"Kernel panic\\|Oops\\|BUG:\"", bytes, $"grep -c -E 'Kernel panic|Oops|BUG:' '{path}'");
            yield return context.Measure(Name, label, "virtdiag GuestFailureReader", bytes, () => Count(path).ToString());
        }

        /// <summary>About <paramref name="size"/> bytes of dmesg text with one oops every ~40 MB (at least two).</summary>
        private static void Generate(string path, long size)
        {
            long noiseLines = Math.Max(1, size / 95);
            long every = Math.Max(1000, Math.Min(noiseLines / 2, 400_000));
            double uptime = 12.0;
            int oopsLine = -1;
            long pid = 1000;
            BenchContext.WriteLines(path, size, i =>
            {
                uptime += 0.000731;
                string text;
                if (oopsLine >= 0)
                {
                    text = s_oops[oopsLine].Replace("{1}", pid.ToString());
                    oopsLine = oopsLine + 1 == s_oops.Length ? -1 : oopsLine + 1;
                }
                else if (i > 0 && i % every == 0)
                {
                    pid++;
                    oopsLine = 1;
                    text = s_oops[0];
                }
                else
                {
                    text = string.Format(s_noise[i % s_noise.Length], 1700000000 + i / 1000, 1000 + i % 30000, i % 127);
                }
                return $"[{uptime,12:F6}] {text}";
            });
        }

        internal static long Count(string path)
        {
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            long n = 0;
            foreach (GuestOsFailure _ in GuestFailureReader.Open(new GuestFailureOptions { Year = 2024 }, ctx).ReadAll(docs)) n++;
            return n;
        }
    }
}
