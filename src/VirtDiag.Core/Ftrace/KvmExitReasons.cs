using System;
using System.Collections.Generic;

namespace VirtDiag.Ftrace
{
    /// <summary>VMX basic exit reasons and SVM exit codes, named as the kvm plugin of trace-cmd names them.</summary>
    public static class KvmExitReasons
    {
        private static readonly Dictionary<ulong, string> s_vmx = new Dictionary<ulong, string>
        {
            [0] = "EXCEPTION_NMI", [1] = "EXTERNAL_INTERRUPT", [2] = "TRIPLE_FAULT", [3] = "INIT_SIGNAL", [4] = "SIPI_SIGNAL",
            [7] = "INTERRUPT_WINDOW", [8] = "NMI_WINDOW", [9] = "TASK_SWITCH", [10] = "CPUID", [12] = "HLT", [13] = "INVD", [14] = "INVLPG",
            [15] = "RDPMC", [16] = "RDTSC", [18] = "VMCALL", [19] = "VMCLEAR", [20] = "VMLAUNCH", [21] = "VMPTRLD", [22] = "VMPTRST",
            [23] = "VMREAD", [24] = "VMRESUME", [25] = "VMWRITE", [26] = "VMOFF", [27] = "VMON", [28] = "CR_ACCESS", [29] = "DR_ACCESS",
            [30] = "IO_INSTRUCTION", [31] = "MSR_READ", [32] = "MSR_WRITE", [33] = "INVALID_STATE", [34] = "MSR_LOAD_FAIL",
            [36] = "MWAIT_INSTRUCTION", [37] = "MONITOR_TRAP_FLAG", [39] = "MONITOR_INSTRUCTION", [40] = "PAUSE_INSTRUCTION",
            [41] = "MCE_DURING_VMENTRY", [43] = "TPR_BELOW_THRESHOLD", [44] = "APIC_ACCESS", [45] = "EOI_INDUCED", [46] = "GDTR_IDTR",
            [47] = "LDTR_TR", [48] = "EPT_VIOLATION", [49] = "EPT_MISCONFIG", [50] = "INVEPT", [51] = "RDTSCP", [52] = "PREEMPTION_TIMER",
            [53] = "INVVPID", [54] = "WBINVD", [55] = "XSETBV", [56] = "APIC_WRITE", [57] = "RDRAND", [58] = "INVPCID", [59] = "VMFUNC",
            [60] = "ENCLS", [61] = "RDSEED", [62] = "PML_FULL", [63] = "XSAVES", [64] = "XRSTORS", [67] = "UMWAIT", [68] = "TPAUSE",
            [74] = "BUS_LOCK", [75] = "NOTIFY",
        };

        private static readonly Dictionary<ulong, string> s_svm = BuildSvm();

        private static Dictionary<ulong, string> BuildSvm()
        {
            var d = new Dictionary<ulong, string>();
            for (int i = 0; i < 16; i++) { d[(ulong)i] = "read_cr" + i; d[(ulong)(0x10 + i)] = "write_cr" + i; d[(ulong)(0x20 + i)] = "read_dr" + i; d[(ulong)(0x30 + i)] = "write_dr" + i; }
            string[] ex = { "de", "db", "nmi", "bp", "of", "br", "ud", "nm", "df", "09", "ts", "np", "ss", "gp", "pf", "15", "mf", "ac", "mc", "xf" };
            for (int i = 0; i < ex.Length; i++) d[(ulong)(0x40 + i)] = ex[i] + "_excp";
            string[] named = { "intr", "nmi", "smi", "init", "vintr", "cr0_sel_write", "read_idtr", "read_gdtr", "read_ldtr", "read_rt",
                "write_idtr", "write_gdtr", "write_ldtr", "write_rt", "rdtsc", "rdpmc", "pushf", "popf", "cpuid", "rsm", "iret", "swint",
                "invd", "pause", "hlt", "invlpg", "invlpga", "io", "msr", "task_switch", "ferr_freeze", "shutdown", "vmrun", "hypercall",
                "vmload", "vmsave", "stgi", "clgi", "skinit", "rdtscp", "icebp", "wbinvd", "monitor", "mwait", "mwait_cond", "xsetbv", "rdpru" };
            for (int i = 0; i < named.Length; i++) d[(ulong)(0x60 + i)] = named[i];
            d[0x8f] = "write_efer_trap"; d[0x90] = "write_cr0_trap"; d[0x94] = "write_cr4_trap"; d[0x98] = "write_cr8_trap";
            d[0xa2] = "invpcid"; d[0x400] = "npf"; d[0x401] = "avic_incomplete_ipi"; d[0x402] = "avic_unaccelerated_access"; d[0x403] = "vmgexit";
            d[ulong.MaxValue] = "invalid";
            return d;
        }

        private static readonly HashSet<string> s_names = BuildNames();

        private static HashSet<string> BuildNames()
        {
            var n = new HashSet<string>(s_vmx.Values, StringComparer.Ordinal);
            foreach (string v in s_svm.Values) n.Add(v);
            return n;
        }

        /// <summary>True when <paramref name="name"/> is an exit reason as trace-cmd or the kernel prints it (<c>HLT</c>, <c>npf</c>).</summary>
        public static bool IsName(string name) => name != null && s_names.Contains(name);

        /// <summary>The name of exit <paramref name="reason"/> for the ISA (1 = VMX, 2 = SVM), or null.</summary>
        public static string? Name(int isa, ulong reason)
        {
            if (isa == 2) return s_svm.TryGetValue(reason, out string? s) ? s : null;
            return s_vmx.TryGetValue(reason & 0xFFFF, out string? v) ? v : null;
        }
    }
}
