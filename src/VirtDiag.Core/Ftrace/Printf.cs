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
                            if (prec < 0)
                            {
                                ulong magnitude = n < 0 ? (ulong)(-(n + 1)) + 1 : (ulong)n;
                                string signText = n < 0 ? "-" : plus ? "+" : space ? " " : "";
                                int fill = width - signText.Length - InvariantAppend.DecimalLength(magnitude);
                                if (fill > 0 && !left && !zero) sb.Append(' ', fill);
                                sb.Append(signText);
                                if (fill > 0 && !left && zero) sb.Append('0', fill);
                                sb.AppendDecimal(magnitude);
                                if (fill > 0 && left) sb.Append(' ', fill);
                                continue;
                            }
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
                            if (prec < 0 && conv != 'o')
                            {
                                string prefixText = alt && n != 0 && conv != 'u' ? (conv == 'x' ? "0x" : "0X") : "";
                                int fill = width - prefixText.Length - (conv == 'u' ? InvariantAppend.DecimalLength(n) : InvariantAppend.HexLength(n));
                                if (fill > 0 && !left && !zero) sb.Append(' ', fill);
                                sb.Append(prefixText);
                                if (fill > 0 && !left && zero) sb.Append('0', fill);
                                if (conv == 'u') sb.AppendDecimal(n); else sb.AppendHex(n, conv == 'X');
                                if (fill > 0 && left) sb.Append(' ', fill);
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
}
