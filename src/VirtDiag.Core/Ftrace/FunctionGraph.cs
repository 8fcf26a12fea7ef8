using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
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
}
