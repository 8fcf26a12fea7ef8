namespace VirtDiag
{
    /// <summary>What a log document is, guessed from its path.</summary>
    public enum LogKind
    {
        /// <summary>Not recognised from its name.</summary>
        Unknown,
        /// <summary>ESXi <c>vmkernel.log</c> (and rotated <c>vmkernel.N.gz</c>, zdump <c>vmkernel-log.N</c>).</summary>
        VmKernel,
        /// <summary>ESXi <c>vmkwarning.log</c>.</summary>
        VmkWarning,
        /// <summary>ESXi <c>vmksummary.log</c>.</summary>
        VmkSummary,
        /// <summary>ESXi <c>hostd.log</c>.</summary>
        Hostd,
        /// <summary>ESXi <c>vpxa.log</c>.</summary>
        Vpxa,
        /// <summary>vCenter <c>vpxd.log</c>.</summary>
        Vpxd,
        /// <summary>A VM's <c>vmware.log</c> (and <c>vmware-N.log</c>).</summary>
        VmwareLog,
        /// <summary>oVirt <c>vdsm.log</c>.</summary>
        Vdsm,
        /// <summary>oVirt <c>supervdsm.log</c>.</summary>
        SuperVdsm,
        /// <summary>oVirt <c>engine.log</c>.</summary>
        Engine,
        /// <summary>Linux <c>/var/log/messages</c>.</summary>
        Messages,
        /// <summary>Linux <c>kern.log</c>.</summary>
        Kern,
        /// <summary>Linux <c>syslog</c>.</summary>
        Syslog,
        /// <summary>Linux <c>dmesg</c> output.</summary>
        Dmesg,
        /// <summary>kdump's <c>vmcore-dmesg.txt</c>.</summary>
        VmcoreDmesg,
        /// <summary>A serial console capture.</summary>
        Serial,
        /// <summary>A journal export (<c>journalctl</c> text).</summary>
        Journal,
        /// <summary>A trace-cmd <c>trace.dat</c> file.</summary>
        TraceDat,
        /// <summary>Windows event log text or crash analysis text.</summary>
        WindowsText,
        /// <summary>A plain text file given explicitly.</summary>
        Text,
    }
}
