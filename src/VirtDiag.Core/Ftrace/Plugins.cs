using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Output of trace-cmd's event plugins (sched, kvm, hrtimer, kmem, tlb) re-expressed.</summary>
    internal static class Plugins
    {
        private static bool Field(TraceFileContext f, EventFormat e, byte[] d, string name, out ulong v)
        {
            FormatField? fl = e.Field(name);
            if (fl == null || fl.IsArray) { v = 0; return false; }
            v = EventDecoder.Scalar(f, fl, d, out _);
            return true;
        }

        private static string Str(TraceFileContext f, EventFormat e, byte[] d, string name)
        {
            FormatField? fl = e.Field(name);
            if (fl == null) return "";
            EventDecoder.Locate(f, fl, d, out int off, out int len);
            return EventDecoder.CString(d, off, len);
        }

        public static bool TryRender(TraceFileContext f, EventFormat e, byte[] d, StringBuilder sb)
        {
            switch (e.Name)
            {
                case "sched_switch" when e.System == "sched":
                    {
                        if (!Field(f, e, d, "prev_pid", out ulong ppid) || !Field(f, e, d, "next_pid", out ulong npid)) return false;
                        Field(f, e, d, "prev_prio", out ulong pprio); Field(f, e, d, "next_prio", out ulong nprio);
                        Field(f, e, d, "prev_state", out ulong state);
                        sb.Append(Str(f, e, d, "prev_comm")).Append(':').Append((long)(int)ppid).Append(" [").Append((int)pprio).Append("] ");
                        const string states = "SDTtZXxW";
                        bool found = false;
                        for (int i = 0; i < states.Length; i++)
                        {
                            if ((state & (1UL << i)) == 0) continue;
                            if (found) sb.Append('|');
                            found = true;
                            sb.Append(states[i]);
                        }
                        if (!found) sb.Append('R');
                        sb.Append(" ==> ").Append(Str(f, e, d, "next_comm")).Append(':').Append((long)(int)npid).Append(" [").Append((int)nprio).Append(']');
                        return true;
                    }
                case "sched_wakeup" when e.System == "sched":
                case "sched_wakeup_new" when e.System == "sched":
                    {
                        if (!Field(f, e, d, "pid", out ulong pid)) return false;
                        Field(f, e, d, "prio", out ulong prio);
                        sb.Append(Str(f, e, d, "comm")).Append(':').Append((long)(int)pid).Append(" [").Append((int)prio).Append(']');
                        if (Field(f, e, d, "success", out ulong ok)) sb.Append(" success=").Append((int)ok);
                        if (Field(f, e, d, "target_cpu", out ulong cpu)) sb.Append(" CPU:").Append(cpu.ToString("000", CultureInfo.InvariantCulture));
                        return true;
                    }
                case "hrtimer_start" when e.System == "timer":
                    {
                        if (!Field(f, e, d, "hrtimer", out ulong t) || !Field(f, e, d, "function", out ulong fn)) return false;
                        sb.Append("hrtimer=0x").AppendHex(t).Append(" function=");
                        Func(f, fn, sb);
                        if (Field(f, e, d, "expires", out ulong ex)) sb.Append(" expires=").Append(ex);
                        if (Field(f, e, d, "softexpires", out ulong sx)) sb.Append(" softexpires=").Append(sx);
                        return true;
                    }
                case "hrtimer_expire_entry" when e.System == "timer":
                    {
                        if (!Field(f, e, d, "hrtimer", out ulong t) || !Field(f, e, d, "function", out ulong fn)) return false;
                        sb.Append("hrtimer=0x").AppendHex(t);
                        if (Field(f, e, d, "now", out ulong now)) sb.Append(" now=").Append(now);
                        sb.Append(" function=");
                        Func(f, fn, sb);
                        return true;
                    }
                case "tlb_flush" when e.System == "tlb":
                    {
                        // the tlb plugin: "pages=%ld reason=<name> (%d)"; reasons it does not know print no name
                        if (!Field(f, e, d, "pages", out ulong pages) || !Field(f, e, d, "reason", out ulong reason)) return false;
                        sb.Append("pages=").Append(unchecked((long)pages).ToString(CultureInfo.InvariantCulture)).Append(" reason=");
                        switch (reason)
                        {
                            case 0: sb.Append("flush on task switch"); break;
                            case 1: sb.Append("remote shootdown"); break;
                            case 2: sb.Append("local shootdown"); break;
                            case 3: sb.Append("local mm shootdown"); break;
                        }
                        sb.Append(" (").Append(unchecked((long)reason).ToString(CultureInfo.InvariantCulture)).Append(')');
                        return true;
                    }
                case "kvm_entry" when e.System == "kvm":
                    {
                        // the kvm plugin: " vcpu %u rip 0x%lx" (a leading space; no comma whatever the kernel's format says)
                        if (!Field(f, e, d, "vcpu_id", out ulong vcpu) || !Field(f, e, d, "rip", out ulong rip)) return false;
                        sb.Append(" vcpu ").Append((uint)vcpu).Append(" rip 0x").AppendHex(rip);
                        return true;
                    }
                case "kvm_exit" when e.System == "kvm":
                case "kvm_nested_vmexit" when e.System == "kvm":
                case "kvm_nested_vmexit_inject" when e.System == "kvm":
                    {
                        if (!Field(f, e, d, "exit_reason", out ulong reason) && !Field(f, e, d, "exit_code", out reason)) return false;
                        if (!Field(f, e, d, "isa", out ulong isa)) isa = 1;
                        string? name = KvmExitReasons.Name((int)isa, reason);
                        if (name != null) sb.Append("reason ").Append(name);
                        else sb.Append("reason UNKNOWN (").Append(reason).Append(')');
                        if (e.Name != "kvm_exit") return false;
                        if (Field(f, e, d, "guest_rip", out ulong rip)) sb.Append(" rip 0x").AppendHex(rip);
                        if (Field(f, e, d, "info1", out ulong i1) && Field(f, e, d, "info2", out ulong i2))
                            sb.Append(" info ").AppendHex(i1).Append(' ').AppendHex(i2);
                        return true;
                    }
            }
            return false;
        }

        private static void Func(TraceFileContext f, ulong addr, StringBuilder sb)
        {
            if (f.KallsymsText != null && f.Symbols.TryFind(addr, out string name, out ulong off))
                sb.Append(name).Append("/0x").AppendHex(unchecked(0UL - off));
            else sb.Append("0x").Append(addr.ToString("x8", CultureInfo.InvariantCulture));
        }

        /// <summary>The kmem plugin prefixes kmalloc/kfree/kmem_cache_* lines with "(call_site+off) ".</summary>
        public static bool KmemCallSite(TraceFileContext f, EventFormat e, byte[] d, StringBuilder sb)
        {
            if (!Field(f, e, d, "call_site", out ulong cs)) return false;
            if (f.KallsymsText == null || !f.Symbols.TryFind(cs, out string name, out ulong off)) return false;
            sb.Append('(').Append(name).Append("+0x").AppendHex(off).Append(") ");
            return true;
        }
    }
}
