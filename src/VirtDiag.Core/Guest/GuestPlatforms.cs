using System;

namespace VirtDiag.Guest
{
    /// <summary>
    /// Maps the kernel's <c>Hardware name:</c> text (DMI system vendor and product, then the BIOS) to the hypervisor. The
    /// rows are the vendor/product strings each platform's virtual firmware reports; the first row found wins.
    /// </summary>
    internal static class GuestPlatforms
    {
        private static readonly (string Marker, GuestPlatform Platform)[] s_rows =
        {
            ("VMware", GuestPlatform.VMware),
            ("Cloud Hypervisor", GuestPlatform.CloudHypervisor),
            ("cloud-hypervisor", GuestPlatform.CloudHypervisor),
            ("Microsoft Corporation Virtual Machine", GuestPlatform.HyperV),
            ("Hyper-V", GuestPlatform.HyperV),
            ("Xen", GuestPlatform.Xen),
            ("VirtualBox", GuestPlatform.VirtualBox),
            ("innotek", GuestPlatform.VirtualBox),
            ("Parallels", GuestPlatform.Parallels),
            ("BHYVE", GuestPlatform.Bhyve),
            ("QEMU", GuestPlatform.Kvm),
            ("KVM", GuestPlatform.Kvm),
            ("Bochs", GuestPlatform.Kvm),
            ("oVirt", GuestPlatform.Kvm),
            ("RHEV Hypervisor", GuestPlatform.Kvm),
            ("OpenStack", GuestPlatform.Kvm),
            ("Nutanix AHV", GuestPlatform.Kvm),
            ("Google Compute Engine", GuestPlatform.Kvm),
            ("Amazon EC2", GuestPlatform.Kvm),
            ("Alibaba Cloud ECS", GuestPlatform.Kvm),
            ("linux,dummy-virt", GuestPlatform.Kvm),
        };

        /// <summary>The platform <paramref name="hardwareName"/> names; <see cref="GuestPlatform.Other"/> when none is recognised.</summary>
        public static GuestPlatform FromHardwareName(string hardwareName)
        {
            if (string.IsNullOrEmpty(hardwareName)) return GuestPlatform.Unknown;
            foreach (var (marker, platform) in s_rows)
            {
                if (hardwareName.IndexOf(marker, StringComparison.Ordinal) >= 0) return platform;
            }
            return GuestPlatform.Other;
        }
    }
}
