using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>A parsed print fmt: the format string and its argument expressions.</summary>
    internal sealed partial class PrintFormat
    {
        public string Format = "";
        public List<PNode> Args = new List<PNode>();

        public static PrintFormat? TryParse(string text, EventFormat ev, int longSize)
        {
            try
            {
                var p = new Parser(Tokenizer.Tokenize(text), ev, longSize);
                return p.ParseTop();
            }
            catch (FormatException) { return null; }
            catch (ArgumentOutOfRangeException) { return null; }
            catch (IndexOutOfRangeException) { return null; }
        }

        public static string Unescape(string s)
        {
            if (s.IndexOf('\\') < 0) return s;
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c != '\\' || i + 1 >= s.Length) { sb.Append(c); continue; }
                char n = s[++i];
                switch (n)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '\\': sb.Append('\\'); break;
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '0': sb.Append('\0'); break;
                    default: sb.Append('\\').Append(n); break;
                }
            }
            return sb.ToString();
        }

        public void Render(EvalScope scope, StringBuilder sb) => Printf.Format(Format, Args, scope, sb);

        /// <summary>One piece of the format as libtraceevent caches it: literal text, or one conversion with its arguments.</summary>
        internal sealed class FmtItem
        {
            public string? Text;                            // literal text (null for a conversion)
            public string Spec = "";                        // the conversion ("%ps", "%*d")
            public List<PNode> Args = new List<PNode>();    // what the conversion consumes ('*' widths first)
            public FormatField? Field;                      // the event field the conversion prints, through casts
        }

        private List<FmtItem>? _items;

        /// <summary>The format split into literal and conversion items (for raw field printing, trace-cmd report -R).</summary>
        internal List<FmtItem> Items()
        {
            if (_items != null) return _items;
            var items = new List<FmtItem>();
            var lit = new StringBuilder();
            string f = Format;
            int ai = 0, i = 0;
            while (i < f.Length)
            {
                if (f[i] != '%') { lit.Append(f[i++]); continue; }
                if (i + 1 < f.Length && f[i + 1] == '%') { lit.Append("%%"); i += 2; continue; }
                int start = i++;
                var it = new FmtItem();
                while (i < f.Length && "-+ #0".IndexOf(f[i]) >= 0) i++;
                if (i < f.Length && f[i] == '*') { if (ai < Args.Count) it.Args.Add(Args[ai++]); i++; }
                while (i < f.Length && char.IsDigit(f[i])) i++;
                if (i < f.Length && f[i] == '.')
                {
                    i++;
                    if (i < f.Length && f[i] == '*') { if (ai < Args.Count) it.Args.Add(Args[ai++]); i++; }
                    while (i < f.Length && char.IsDigit(f[i])) i++;
                }
                while (i < f.Length && "hlLqjzZt".IndexOf(f[i]) >= 0) i++;
                if (i >= f.Length) { lit.Append(f, start, f.Length - start); break; }
                char conv = f[i++];
                if (conv == 'p' && i < f.Length) i = PointerExtensionEnd(f, i);
                if (lit.Length > 0) { items.Add(new FmtItem { Text = lit.ToString() }); lit.Clear(); }
                it.Spec = f.Substring(start, i - start);
                if (ai < Args.Count)
                {
                    PNode a = Args[ai++];
                    it.Args.Add(a);
                    while (a is Cast c) a = c.Inner;
                    if (a is FieldRef fr) it.Field = fr.F;
                }
                items.Add(it);
            }
            if (lit.Length > 0) items.Add(new FmtItem { Text = lit.ToString() });
            _items = items;
            return items;
        }

        // the extension letters after %p that libtraceevent takes as part of the conversion
        private static int PointerExtensionEnd(string f, int i)
        {
            char e = f[i];
            switch (e)
            {
                case 'F': case 'S': case 'f': case 's': return i + 1;
                case 'M': case 'm': return i + 1 < f.Length && (f[i + 1] == 'R' || f[i + 1] == 'F') ? i + 2 : i + 1;
                case 'I': case 'i':
                    {
                        int j = i + 1;
                        if (j < f.Length && (f[j] == '4' || f[j] == '6')) j++;
                        while (j < f.Length && "Spfshnlbc".IndexOf(f[j]) >= 0) j++;
                        return j;
                    }
                case 'U': return i + 1 < f.Length && "bBlL".IndexOf(f[i + 1]) >= 0 ? i + 2 : i + 1;
                case 'h': return i + 1 < f.Length && "CDN".IndexOf(f[i + 1]) >= 0 ? i + 2 : i + 1;
                default: return i;
            }
        }

        /// <summary>libtraceevent's kind number of an argument (enum tep_print_arg_type), which it prints in its
        /// "ARG TYPE NOT FIELD BUT n" text when %ph gets something other than a dynamic array.</summary>
        internal static int TepArgType(PNode n)
        {
            switch (n)
            {
                case Const _: case StrConst _: case InvalidAtom _: return 1;
                case FieldRef _: return 2;
                case Flags _: return 3;
                case Symbolic _: return 4;
                case Hex h: return h.IsString ? 15 : 5;
                case ArrayPrint _: return 6;
                case Cast _: return 7;
                case Dyn d:
                    switch (d.Function)
                    {
                        case "__get_str": case "__get_rel_str": return 8;
                        case "__get_bitmask": case "__get_rel_bitmask": return 13;
                        case "__get_cpumask": case "__get_rel_cpumask": return 16;
                        case "__get_dynamic_array_len": case "__get_rel_dynamic_array_len": return 14;
                        default: return 10;
                    }
                default: return 11; // operators, conditionals, indexing
            }
        }

        /// <summary>The bytes of a __get_dynamic_array argument, else null.</summary>
        internal static byte[]? DynamicArrayBytes(PNode n, EvalScope scope) => n is Dyn d && TepArgType(d) == 10 ? d.Eval(scope).Bytes : null;
    }
}
