using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>printf as libtraceevent applies it to print fmt arguments.</summary>
    internal static class Printf
    {
        public static void Format(string fmt, List<PNode> args, EvalScope scope, StringBuilder sb)
        {
            int ai = 0;
            PVal NextArg() => ai < args.Count ? args[ai++].Eval(scope) : PVal.Num(0);
            int i = 0;
            while (i < fmt.Length)
            {
                char c = fmt[i];
                if (c != '%')
                {
                    int next = fmt.IndexOf('%', i);
                    if (next < 0) next = fmt.Length;
                    sb.Append(fmt, i, next - i);
                    i = next;
                    continue;
                }
                i++;
                if (i >= fmt.Length) { sb.Append('%'); break; }
                if (fmt[i] == '%') { sb.Append('%'); i++; continue; }
                bool left = false, zero = false, plus = false, space = false, alt = false;
                for (; i < fmt.Length; i++)
                {
                    char f = fmt[i];
                    if (f == '-') left = true; else if (f == '0') zero = true; else if (f == '+') plus = true;
                    else if (f == ' ') space = true; else if (f == '#') alt = true; else break;
                }
                int width = -1, prec = -1;
                if (i < fmt.Length && fmt[i] == '*') { width = (int)NextArg().L; if (width < 0) { left = true; width = -width; } i++; }
                else { int w = 0; bool any = false; while (i < fmt.Length && char.IsDigit(fmt[i])) { w = w * 10 + (fmt[i] - '0'); i++; any = true; } if (any) width = w; }
                if (i < fmt.Length && fmt[i] == '.')
                {
                    i++;
                    if (i < fmt.Length && fmt[i] == '*') { prec = (int)NextArg().L; i++; }
                    else { int p = 0; while (i < fmt.Length && char.IsDigit(fmt[i])) { p = p * 10 + (fmt[i] - '0'); i++; } prec = p; }
                }
                int ls = 0; bool h = false, hh = false;
                while (i < fmt.Length)
                {
                    char m = fmt[i];
                    if (m == 'l') { ls++; i++; }
                    else if (m == 'L' || m == 'q' || m == 'j') { ls = 2; i++; }
                    else if (m == 'z' || m == 'Z' || m == 't') { ls = 1; i++; }
                    else if (m == 'h') { if (h) hh = true; h = true; i++; }
                    else break;
                }
                if (i >= fmt.Length) break;
                char conv = fmt[i++];
                int longSize = scope.File.LongSize;
                int size = ls >= 2 ? 8 : ls == 1 ? longSize : hh ? 1 : h ? 2 : 4;
                string text;
                switch (conv)
                {
                    case 'd':
                    case 'i':
                        {
                            PVal v = NextArg();
                            long n = SignExtend(v.N, size);
                            if (width < 0 && prec < 0 && !plus && !space) { sb.AppendDecimal(n); continue; }
                            string digits = n < 0 ? ((ulong)(-(n + 1)) + 1).ToString(CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
                            if (prec >= 0) digits = digits.PadLeft(prec, '0');
                            string sign = n < 0 ? "-" : plus ? "+" : space ? " " : "";
                            text = Pad(sign, digits, width, left, zero && prec < 0);
                            break;
                        }
                    case 'u':
                    case 'x':
                    case 'X':
                    case 'o':
                        {
                            ulong n = Truncate(NextArg().N, size);
                            if (width < 0 && prec < 0 && (!alt || n == 0) && conv != 'o')
                            {
                                if (conv == 'u') sb.AppendDecimal(n); else sb.AppendHex(n, conv == 'X');
                                continue;
                            }
                            string digits = conv == 'u' ? n.ToString(CultureInfo.InvariantCulture)
                                : conv == 'o' ? Convert.ToString(unchecked((long)n), 8)
                                : n.ToString(conv == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                            if (prec >= 0) digits = digits.PadLeft(prec, '0');
                            string prefix = alt && n != 0 ? (conv == 'x' ? "0x" : conv == 'X' ? "0X" : conv == 'o' ? "0" : "") : "";
                            text = Pad(prefix, digits, width, left, zero && prec < 0);
                            break;
                        }
                    case 'c':
                        text = Pad("", ((char)(NextArg().N & 0xFF)).ToString(), width, left, false);
                        break;
                    case 's':
                        {
                            PNode? node = ai < args.Count ? args[ai] : null;
                            PVal v = NextArg();
                            if (node is PrintFormat.FieldRef fr && !fr.F.IsArray && fr.F.Size == scope.File.LongSize)
                            {
                                // libtraceevent: a long-sized scalar field printed with %s is an address: the printk
                                // format it points at, else the address in hex without "0x" ("request=ffffffffa1e3de99")
                                v = PVal.Str(scope.File.Printk.TryGetValue(v.N, out string? fmtText) ? fmtText : v.N.ToString("x", CultureInfo.InvariantCulture));
                            }
                            string s = v.S ?? (v.Bytes != null ? EventDecoder.CString(v.Bytes, 0, v.Bytes.Length)
                                : scope.File.Printk.TryGetValue(v.N, out string? pk) ? pk : "0x" + v.N.ToString("x", CultureInfo.InvariantCulture));
                            if (prec >= 0 && s.Length > prec) s = s.Substring(0, prec);
                            if (width <= s.Length) { sb.Append(s); continue; }
                            text = Pad("", s, width, left, false);
                            break;
                        }
                    case 'p' when i < fmt.Length && fmt[i] == 'h':
                        {
                            // %*ph: a dynamic array's bytes in hex (at most width of them); libtraceevent prints
                            // "ARG TYPE NOT FIELD BUT <kind>" for any other argument (9p_protocol_dump)
                            i++;
                            string delim = " ";
                            if (i < fmt.Length && (fmt[i] == 'C' || fmt[i] == 'D' || fmt[i] == 'N')) { delim = fmt[i] == 'C' ? ":" : fmt[i] == 'D' ? "-" : ""; i++; }
                            PNode? node = ai < args.Count ? args[ai++] : null;
                            byte[]? buf = node == null ? null : PrintFormat.DynamicArrayBytes(node, scope);
                            if (node == null) text = "";
                            else if (buf == null) text = "ARG TYPE NOT FIELD BUT " + PrintFormat.TepArgType(node).ToString(CultureInfo.InvariantCulture);
                            else
                            {
                                var hb = new StringBuilder();
                                int plen = Math.Min(width, buf.Length);
                                for (int k = 0; k < plen; k++) { if (k > 0) hb.Append(delim); hb.Append(buf[k].ToString("x2", CultureInfo.InvariantCulture)); }
                                text = hb.ToString();
                            }
                            break;
                        }
                    case 'p':
                        {
                            PVal v = NextArg();
                            char ext = i < fmt.Length ? fmt[i] : '\0';
                            if (width < 0 && v.S == null && v.N != 0 && "SsFfBMmIi".IndexOf(ext) < 0)
                            {
                                sb.Append("0x").AppendHex(v.N);
                                continue;
                            }
                            text = Pointer(scope, v, ext, ref i, fmt);
                            text = Pad("", text, width, left, false);
                            break;
                        }
                    case 'e': case 'f': case 'g': case 'E': case 'G':
                        text = NextArg().N.ToString(CultureInfo.InvariantCulture);
                        break;
                    default:
                        text = "%" + conv;
                        break;
                }
                sb.Append(text);
            }
        }

        private static long SignExtend(ulong v, int size)
        {
            if (size >= 8) return unchecked((long)v);
            int bits = size * 8;
            ulong mask = (1UL << bits) - 1;
            v &= mask;
            if ((v >> (bits - 1) & 1) != 0) v |= ~mask;
            return unchecked((long)v);
        }

        private static ulong Truncate(ulong v, int size) => size >= 8 ? v : v & ((1UL << (size * 8)) - 1);

        private static string Pad(string prefix, string body, int width, bool left, bool zero)
        {
            int len = prefix.Length + body.Length;
            if (width <= len) return prefix + body;
            if (left) return prefix + body + new string(' ', width - len);
            if (zero) return prefix + new string('0', width - len) + body;
            return new string(' ', width - len) + prefix + body;
        }

        private static string Pointer(EvalScope scope, PVal v, char ext, ref int i, string fmt)
        {
            ulong n = v.N;
            switch (ext)
            {
                case 'S': case 's': case 'F': case 'f': case 'B':
                    i++;
                    if (scope.File.KallsymsText != null && scope.File.Symbols.TryFind(n, out string name, out ulong off) && n != 0)
                        return ext == 's' || ext == 'f' ? name : name + "+0x" + off.ToString("x", CultureInfo.InvariantCulture);
                    return "0x" + n.ToString("x", CultureInfo.InvariantCulture);
                case 'M': case 'm':
                    {
                        i++;
                        if (i < fmt.Length && (fmt[i] == 'R' || fmt[i] == 'F')) i++;
                        byte[] b = v.Bytes ?? Array.Empty<byte>();
                        var sb = new StringBuilder();
                        for (int k = 0; k < 6 && k < b.Length; k++) { if (k > 0 && ext == 'M') sb.Append(':'); sb.Append(b[k].ToString("x2", CultureInfo.InvariantCulture)); }
                        return sb.ToString();
                    }
                case 'I': case 'i':
                    {
                        i++;
                        char kind = i < fmt.Length ? fmt[i] : '4';
                        if (kind == '4' || kind == '6') i++;
                        if (i < fmt.Length && (fmt[i] == 'c' || fmt[i] == 'S')) i++;
                        byte[] b = v.Bytes ?? Array.Empty<byte>();
                        if (kind == '4' && b.Length >= 4) return b[0] + "." + b[1] + "." + b[2] + "." + b[3];
                        if (kind == '6' && b.Length >= 16) return new System.Net.IPAddress(Slice(b, 16)).ToString();
                        return "";
                    }
                default:
                    // libtraceevent consumes only the extensions it knows (F f S s M m I i U h): "%px", "%pK" print the
                    // pointer and then the letter itself ("skbaddr=0xffff9e844999dc00x")
                    break;
            }
            if (v.S != null) return v.S;
            return n == 0 ? "(nil)" : "0x" + n.ToString("x", CultureInfo.InvariantCulture);
        }

        private static byte[] Slice(byte[] b, int n) { var r = new byte[n]; Buffer.BlockCopy(b, 0, r, 0, n); return r; }
    }

    /// <summary>Renders the Info text of an event: trace-cmd's plugins for the events that have one, else the print fmt.</summary>
    internal static class InfoRenderer
    {
        public static string Render(TraceFileContext file, EventFormat format, byte[] data, TraceEvent? ev)
        {
            var sb = new StringBuilder(96);
            Render(file, format, data, ev, sb);
            return sb.ToString();
        }

        /// <summary>Appends the Info text to <paramref name="sb"/> (what was there before stays).</summary>
        public static void Render(TraceFileContext file, EventFormat format, byte[] data, TraceEvent? ev, StringBuilder sb)
        {
            int mark = sb.Length;
            try
            {
                if (format.System == "ftrace" && FunctionGraph.TryRender(file, format, data, ev, sb)) return;
                sb.Length = mark;
                if (Plugins.TryRender(file, format, data, sb)) return;
                sb.Length = mark;
                PrintFormat? pf = format.Print(file);
                if (pf != null)
                {
                    var scope = new EvalScope { File = file, Format = format, Data = data, Event = ev };
                    if (format.System == "kmem" && Plugins.KmemCallSite(file, format, data, sb)) { }
                    pf.Render(scope, sb);
                    // trace-cmd ends every event with one newline: a print fmt's own trailing "\n" does not show
                    while (sb.Length > mark && sb[sb.Length - 1] == '\n') sb.Length--;
                    return;
                }
            }
            catch (IndexOutOfRangeException) { }
            catch (ArgumentOutOfRangeException) { }
            sb.Length = mark;
            sb.Append("[FAILED TO PARSE] ");
            EventDecoder.AppendRaw(file, format, data, sb);
        }
    }

    /// <summary>
    /// trace-cmd's own ftrace handlers (function, function_graph) re-expressed: a call tree with durations. A leaf call
    /// needs its return record, which the reader attaches to the entry (<see cref="TraceEvent.GraphReturn"/>).
    /// </summary>
    internal static class FunctionGraph
    {
        private const int Indent = 2;

        private static bool Field(TraceFileContext f, EventFormat e, byte[] d, string name, out ulong v)
        {
            FormatField? fl = e.Field(name);
            if (fl == null || fl.IsArray || fl.Offset + fl.Size > d.Length) { v = 0; return false; }
            v = EventDecoder.Scalar(f, fl, d, out _);
            return true;
        }

        public static bool TryRender(TraceFileContext f, EventFormat e, byte[] d, TraceEvent? ev, StringBuilder sb)
        {
            switch (e.Name)
            {
                case "function":
                    {
                        if (!Field(f, e, d, "ip", out ulong ip)) { sb.Append('!'); return true; }
                        if (Symbol(f, ip, out string? fn)) sb.Append(fn).Append(" <-- ");
                        else sb.Append("0x").AppendHex(ip);
                        if (!Field(f, e, d, "parent_ip", out ulong pip)) { sb.Append('!'); return true; }
                        if (Symbol(f, pip, out string? pn)) sb.Append(pn);
                        else sb.Append("0x").AppendHex(pip);
                        return true;
                    }
                case "funcgraph_entry":
                    {
                        if (ev?.GraphReturn is byte[] ret && ev.GraphReturnFormat is EventFormat rf)
                        {
                            if (!Field(f, rf, ret, "rettime", out ulong rt) || !Field(f, rf, ret, "calltime", out ulong ct)) { sb.Append('!'); return true; }
                            Duration(sb, unchecked(rt - ct));
                            if (!Depth(f, e, d, sb)) return true;
                            if (!Field(f, e, d, "func", out ulong fa)) { sb.Append('!'); return true; }
                            if (Symbol(f, fa, out string? name)) sb.Append(name).Append("();");
                            else sb.AppendHex(fa).Append("();");
                            return true;
                        }
                        sb.Append("  ").Append("           |  ");
                        if (!Depth(f, e, d, sb)) return true;
                        if (!Field(f, e, d, "func", out ulong fn2)) { sb.Append('!'); return true; }
                        if (Symbol(f, fn2, out string? n2)) sb.Append(n2).Append("() {");
                        else sb.AppendHex(fn2).Append("() {");
                        return true;
                    }
                case "funcgraph_exit":
                    {
                        if (!Field(f, e, d, "rettime", out ulong rt) || !Field(f, e, d, "calltime", out ulong ct)) { sb.Append('!'); return true; }
                        Duration(sb, unchecked(rt - ct));
                        if (!Depth(f, e, d, sb)) return true;
                        sb.Append('}');
                        return true;
                    }
            }
            return false;
        }

        private static bool Symbol(TraceFileContext f, ulong addr, out string? name)
        {
            name = null;
            if (f.KallsymsText == null || !f.Symbols.TryFind(addr, out string n, out _)) return false;
            name = n;
            return true;
        }

        private static bool Depth(TraceFileContext f, EventFormat e, byte[] d, StringBuilder sb)
        {
            if (!Field(f, e, d, "depth", out ulong depth)) { sb.Append('!'); return false; }
            int n = unchecked((int)(depth * Indent));
            if (n > 0) sb.Append(' ', Math.Min(n, 4096));
            return true;
        }

        // overhead marker, then "usecs.nsecs us " padded to the column, then "|  "
        private static void Duration(StringBuilder sb, ulong ns)
        {
            sb.Append(ns > 1_000_000_000UL ? "$ " : ns > 1_000_000UL ? "# " : ns > 100_000UL ? "! " : ns > 10_000UL ? "+ " : "  ");
            string us = (ns / 1000).ToString(CultureInfo.InvariantCulture);
            int len = us.Length;
            sb.Append(us);
            if (len < 7)
            {
                string rem = (ns % 1000).ToString("000", CultureInfo.InvariantCulture);
                sb.Append('.').Append(rem);
                len += 1 + rem.Length;
            }
            sb.Append(" us ");
            if (len < 7) sb.Append(' ', 7 - len);
            sb.Append("|  ");
        }
    }

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
