using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>A value while evaluating print fmt arguments.</summary>
    internal struct PVal
    {
        public ulong N;
        public bool Signed;
        public string? S;
        public byte[]? Bytes;    // a field's array bytes
        public int ElementSize;
        public bool Invalid;     // an identifier libtraceevent cannot resolve (enum names in symbol tables): matches nothing
        public bool IsStr => S != null;
        public long L => unchecked((long)N);
        public static PVal Num(ulong v, bool signed = false) => new PVal { N = v, Signed = signed };
        public static PVal Num(long v) => new PVal { N = unchecked((ulong)v), Signed = true };
        public static PVal Str(string s) => new PVal { S = s };
    }

    internal abstract class PNode
    {
        public abstract PVal Eval(EvalScope s);
    }

    /// <summary>What an expression can see: the event's bytes, its format and the file.</summary>
    internal sealed class EvalScope
    {
        public TraceFileContext File = null!;
        public EventFormat Format = null!;
        public byte[] Data = null!;
        public TraceEvent? Event;
    }

    /// <summary>A parsed print fmt: the format string and its argument expressions.</summary>
    internal sealed class PrintFormat
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

        // ---------------- tokenizer ----------------
        internal enum TK { Str, Num, Id, Op, End }
        internal struct Tok { public TK K; public string T; public override string ToString() => K + ":" + T; }

        internal static class Tokenizer
        {
            public static List<Tok> Tokenize(string s)
            {
                var r = new List<Tok>();
                int i = 0;
                while (i < s.Length)
                {
                    char c = s[i];
                    if (char.IsWhiteSpace(c)) { i++; continue; }
                    if (c == '"')
                    {
                        var sb = new StringBuilder();
                        i++;
                        while (i < s.Length && s[i] != '"')
                        {
                            if (s[i] == '\\' && i + 1 < s.Length) { sb.Append(s[i]).Append(s[i + 1]); i += 2; }
                            else sb.Append(s[i++]);
                        }
                        i++;
                        string v = Unescape(sb.ToString());
                        if (r.Count > 0 && r[r.Count - 1].K == TK.Str) r[r.Count - 1] = new Tok { K = TK.Str, T = r[r.Count - 1].T + v };
                        else r.Add(new Tok { K = TK.Str, T = v });
                        continue;
                    }
                    if (c == '\'')
                    {
                        int j = s.IndexOf('\'', i + 1);
                        if (j < 0) throw new FormatException();
                        string ch = Unescape(s.Substring(i + 1, j - i - 1));
                        r.Add(new Tok { K = TK.Num, T = ((int)(ch.Length > 0 ? ch[0] : '\0')).ToString(CultureInfo.InvariantCulture) });
                        i = j + 1;
                        continue;
                    }
                    if (char.IsDigit(c))
                    {
                        int j = i;
                        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == 'x' || s[j] == 'X')) j++;
                        r.Add(new Tok { K = TK.Num, T = s.Substring(i, j - i) });
                        i = j;
                        continue;
                    }
                    if (char.IsLetter(c) || c == '_')
                    {
                        int j = i;
                        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
                        r.Add(new Tok { K = TK.Id, T = s.Substring(i, j - i) });
                        i = j;
                        continue;
                    }
                    string two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                    if (two == "->" || two == "<<" || two == ">>" || two == "<=" || two == ">=" || two == "==" || two == "!=" || two == "&&" || two == "||")
                    {
                        r.Add(new Tok { K = TK.Op, T = two });
                        i += 2;
                        continue;
                    }
                    r.Add(new Tok { K = TK.Op, T = c.ToString() });
                    i++;
                }
                r.Add(new Tok { K = TK.End, T = "" });
                return r;
            }
        }

        // ---------------- parser ----------------
        private sealed class Parser
        {
            private readonly List<Tok> _t;
            private int _i;
            private readonly EventFormat _ev;
            private readonly int _longSize;

            public Parser(List<Tok> t, EventFormat ev, int longSize) { _t = t; _ev = ev; _longSize = longSize; }

            private Tok Peek(int k = 0) => _t[Math.Min(_i + k, _t.Count - 1)];
            private Tok Next() => _t[_i++];
            private bool IsOp(string op, int k = 0) { Tok t = Peek(k); return t.K == TK.Op && t.T == op; }
            private void Expect(string op) { if (!IsOp(op)) throw new FormatException("expected " + op); _i++; }

            public PrintFormat ParseTop()
            {
                var pf = new PrintFormat();
                if (Peek().K != TK.Str) throw new FormatException("no format string");
                pf.Format = Next().T;
                while (IsOp(","))
                {
                    _i++;
                    pf.Args.Add(ParseExpr());
                }
                if (Peek().K != TK.End) throw new FormatException("trailing tokens");
                return pf;
            }

            private PNode ParseExpr() => ParseTernary();

            private PNode ParseTernary()
            {
                PNode c = ParseBinary(0);
                if (IsOp("?"))
                {
                    _i++;
                    PNode a = ParseExpr();
                    Expect(":");
                    PNode b = ParseTernary();
                    return new Ternary(c, a, b);
                }
                return c;
            }

            private static readonly string[][] s_levels =
            {
                new[] { "||" }, new[] { "&&" }, new[] { "|" }, new[] { "^" }, new[] { "&" }, new[] { "==", "!=" },
                new[] { "<", ">", "<=", ">=" }, new[] { "<<", ">>" }, new[] { "+", "-" }, new[] { "*", "/", "%" },
            };

            private PNode ParseBinary(int level)
            {
                if (level >= s_levels.Length) return ParseUnary();
                PNode left = ParseBinary(level + 1);
                while (true)
                {
                    Tok t = Peek();
                    if (t.K != TK.Op || Array.IndexOf(s_levels[level], t.T) < 0) return left;
                    _i++;
                    PNode right = ParseBinary(level + 1);
                    left = Combine(t.T, left, right);
                }
            }

            private readonly HashSet<PNode> _parenthesized = new HashSet<PNode>();

            /// <summary>
            /// "a OP (b OP2 c)": libtraceevent parses the parenthesized operand first and then, when OP2 binds less
            /// tightly than OP, rotates the tree as if there were no parentheses: (a OP b) OP2 c. So
            /// "flags &amp; (M | D | P | I)" is evaluated as "(flags &amp; M) | D | P | I" and the timer_start line of
            /// trace-cmd names D|P|I for every timer. We reproduce that reading; trace-cmd's output is the reference.
            /// </summary>
            private PNode Combine(string op, PNode left, PNode right)
            {
                if (_parenthesized.Contains(right))
                {
                    if (right is Binary rb && OpPriority(op) < OpPriority(rb.Op))
                    {
                        // libtraceevent chains operators of equal priority to the right (x1 | (x2 | (x3 | x4))),
                        // so the rotation takes the chain's first operand x1
                        int prio = OpPriority(rb.Op);
                        var operands = new List<PNode>();
                        var ops = new List<string>();
                        PNode n = rb;
                        while (n is Binary b && OpPriority(b.Op) == prio && (n == rb || !_parenthesized.Contains(n)))
                        {
                            operands.Add(b.Right);
                            ops.Add(b.Op);
                            n = b.Left;
                        }
                        operands.Add(n);
                        operands.Reverse();
                        ops.Reverse();
                        PNode rest = operands[operands.Count - 1];
                        for (int k = operands.Count - 2; k >= 1; k--) rest = new Binary(ops[k], operands[k], rest);
                        return new Binary(ops[0], new Binary(op, left, operands[0]), rest);
                    }
                    if (right is Ternary rt && OpPriority(op) < 16)
                        return new Ternary(new Binary(op, left, rt.Cond), rt.Then, rt.Else);
                }
                return new Binary(op, left, right);
            }

            // libtraceevent's operator priorities (lower binds tighter)
            private static int OpPriority(string op)
            {
                switch (op)
                {
                    case "*": case "/": case "%": return 6;
                    case "+": case "-": return 7;
                    case "<<": case ">>": return 8;
                    case "<": case ">": case "<=": case ">=": return 9;
                    case "==": case "!=": return 10;
                    case "&": return 11;
                    case "^": return 12;
                    case "|": return 13;
                    case "&&": return 14;
                    case "||": return 15;
                    default: return 16;
                }
            }

            private PNode ParseUnary()
            {
                Tok t = Peek();
                if (t.K == TK.Op)
                {
                    switch (t.T)
                    {
                        case "-": _i++; return new Unary("-", ParseUnary());
                        case "!": _i++; return new Unary("!", ParseUnary());
                        case "~": _i++; return new Unary("~", ParseUnary());
                        case "+": _i++; return ParseUnary();
                        case "*": _i++; return new Unary("*", ParseUnary());
                        case "&": _i++; return new Unary("&", ParseUnary());
                        case "(":
                            if (TryCast(out int size, out bool signed, out bool isPtr))
                            {
                                PNode inner = ParseUnary();
                                return new Cast(inner, size, signed, isPtr);
                            }
                            break;
                    }
                }
                return ParsePostfix();
            }

            private static readonly HashSet<string> s_typeWords = new HashSet<string>(StringComparer.Ordinal)
            {
                "unsigned", "signed", "int", "long", "short", "char", "void", "bool", "_Bool", "struct", "const", "u8", "u16", "u32", "u64",
                "s8", "s16", "s32", "s64", "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "size_t", "ssize_t",
                "pid_t", "gfp_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t", "enum", "union", "dma_addr_t",
                "phys_addr_t", "sector_t", "__le16", "__le32", "__le64", "__be16", "__be32", "__be64", "uintptr_t", "unsigned_long",
            };

            private bool TryCast(out int size, out bool signed, out bool isPtr)
            {
                size = 8; signed = true; isPtr = false;
                int j = _i + 1;
                var words = new List<string>();
                while (j < _t.Count)
                {
                    Tok t = _t[j];
                    if (t.K == TK.Id) { words.Add(t.T); j++; continue; }
                    if (t.K == TK.Op && t.T == "*") { isPtr = true; j++; continue; }
                    break;
                }
                if (words.Count == 0 || !(_t[j].K == TK.Op && _t[j].T == ")")) return false;
                bool typeLike = s_typeWords.Contains(words[0]) || words[0].EndsWith("_t", StringComparison.Ordinal) || (isPtr && words.Count >= 1);
                if (!typeLike) return false;
                // "(x)" where x is a single unknown identifier followed by an operator is an expression, not a cast
                if (words.Count == 1 && !isPtr && !s_typeWords.Contains(words[0]) && !words[0].EndsWith("_t", StringComparison.Ordinal)) return false;
                Tok after = _t[j + 1];
                if (after.K == TK.End || (after.K == TK.Op && (after.T == "," || after.T == ")" || after.T == "?" || after.T == ":"))) return false;
                string type = string.Join(" ", words);
                if (isPtr) { size = _longSize; signed = false; }
                else
                {
                    size = EventFormat.TypeSize(type, _longSize);
                    if (type.IndexOf("long long", StringComparison.Ordinal) >= 0 || type.Contains("64")) size = 8;
                    signed = !(type.StartsWith("unsigned", StringComparison.Ordinal) || type.StartsWith("u", StringComparison.Ordinal) || type.StartsWith("__u", StringComparison.Ordinal) || type == "bool" || type == "size_t" || type.StartsWith("__le", StringComparison.Ordinal) || type.StartsWith("__be", StringComparison.Ordinal) || type.StartsWith("uint", StringComparison.Ordinal));
                    if (type == "void") { size = 8; signed = false; }
                }
                _i = j + 1;
                return true;
            }

            private PNode ParsePostfix()
            {
                PNode n = ParsePrimary();
                while (true)
                {
                    if (IsOp("["))
                    {
                        _i++;
                        PNode idx = ParseExpr();
                        Expect("]");
                        n = new Index(n, idx);
                        continue;
                    }
                    if (IsOp("->") || IsOp("."))
                    {
                        // member of a struct we do not know: unsupported
                        throw new FormatException("member access");
                    }
                    return n;
                }
            }

            private PNode ParsePrimary()
            {
                Tok t = Next();
                switch (t.K)
                {
                    case TK.Num: return new Const(ParseNumber(t.T));
                    case TK.Str: return new StrConst(t.T);
                    case TK.Op when t.T == "(":
                        {
                            PNode e = ParseExpr();
                            while (IsOp(",")) { _i++; e = ParseExpr(); }
                            Expect(")");
                            _parenthesized.Add(e);
                            return e;
                        }
                    case TK.Id:
                        if (t.T == "REC" && IsOp("->"))
                        {
                            _i++;
                            string name = Next().T;
                            FormatField? f = _ev.Field(name);
                            if (f == null) throw new FormatException("no field " + name);
                            return new FieldRef(f);
                        }
                        if (IsOp("(")) return ParseCall(t.T);
                        if (t.T == "true") return new Const(1);
                        if (t.T == "false" || t.T == "NULL") return new Const(0);
                        if (_inTable > 0) return new InvalidAtom();
                        // libtraceevent keeps an unknown name (vmemmap_base, an enum constant) as an atom that
                        // evaluates to 0: "page=%p" of "(struct page *)vmemmap_base + pfn" prints the pfn
                        return new Const(0);
                }
                throw new FormatException("unexpected " + t.T);
            }

            private List<PNode> Args()
            {
                Expect("(");
                var a = new List<PNode>();
                if (IsOp(")")) { _i++; return a; }
                while (true)
                {
                    a.Add(ParseExpr());
                    if (IsOp(",")) { _i++; continue; }
                    Expect(")");
                    return a;
                }
            }

            private int _inTable;

            private List<KeyValuePair<PNode, string>> SymbolTable()
            {
                _inTable++;
                try { return SymbolTableInner(); }
                finally { _inTable--; }
            }

            private List<KeyValuePair<PNode, string>> SymbolTableInner()
            {
                var list = new List<KeyValuePair<PNode, string>>();
                while (IsOp(","))
                {
                    _i++;
                    if (IsOp(")")) break;
                    Expect("{");
                    PNode v = ParseExpr();
                    Expect(",");
                    Tok s = Next();
                    if (s.K != TK.Str) throw new FormatException("symbol name");
                    Expect("}");
                    list.Add(new KeyValuePair<PNode, string>(v, s.T));
                }
                return list;
            }

            private PNode ParseCall(string name)
            {
                switch (name)
                {
                    case "__print_symbolic":
                    case "__print_symbolic_u64":
                        {
                            Expect("(");
                            PNode v = ParseExpr();
                            var table = SymbolTable();
                            Expect(")");
                            return new Symbolic(v, table);
                        }
                    case "__print_flags":
                    case "__print_flags_u64":
                        {
                            Expect("(");
                            PNode v = ParseExpr();
                            Expect(",");
                            Tok d = Next();
                            if (d.K != TK.Str) throw new FormatException("flags delimiter");
                            var table = SymbolTable();
                            Expect(")");
                            return new Flags(v, d.T, table);
                        }
                    case "__get_str":
                    case "__get_rel_str":
                    case "__get_dynamic_array":
                    case "__get_rel_dynamic_array":
                    case "__get_dynamic_array_len":
                    case "__get_rel_dynamic_array_len":
                    case "__get_bitmask":
                    case "__get_rel_bitmask":
                    case "__get_cpumask":
                    case "__get_rel_cpumask":
                    case "__get_sockaddr":
                        {
                            Expect("(");
                            string fname = Next().T;
                            // tolerate "__get_str(REC->x)" spellings
                            if (fname == "REC" && IsOp("->")) { _i++; fname = Next().T; }
                            Expect(")");
                            FormatField? f = _ev.Field(fname);
                            if (f == null) throw new FormatException("no field " + fname);
                            return new Dyn(name, f);
                        }
                    case "__print_hex":
                    case "__print_hex_str":
                        {
                            List<PNode> a = Args();
                            if (a.Count != 2) throw new FormatException("__print_hex");
                            return new Hex(a[0], a[1], name == "__print_hex_str");
                        }
                    case "__print_array":
                        {
                            List<PNode> a = Args();
                            if (a.Count != 3) throw new FormatException("__print_array");
                            return new ArrayPrint(a[0], a[1], a[2]);
                        }
                    case "sizeof":
                        {
                            Expect("(");
                            var words = new StringBuilder();
                            int depth = 1;
                            while (depth > 0)
                            {
                                Tok t = Next();
                                if (t.K == TK.End) throw new FormatException("sizeof");
                                if (t.K == TK.Op && t.T == "(") depth++;
                                if (t.K == TK.Op && t.T == ")") { depth--; if (depth == 0) break; }
                                words.Append(t.T).Append(' ');
                            }
                            string w = words.ToString().Trim();
                            return new Const((ulong)(w.EndsWith("*", StringComparison.Ordinal) ? _longSize : EventFormat.TypeSize(w, _longSize)));
                        }
                    default:
                        {
                            List<PNode> a = Args();
                            return Helpers.Make(name, a);
                        }
                }
            }

            private static ulong ParseNumber(string t)
            {
                string s = t.TrimEnd('u', 'U', 'l', 'L');
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    return ulong.Parse(s.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (s.Length > 1 && s[0] == '0')
                {
                    ulong v = 0;
                    foreach (char c in s) v = v * 8 + (ulong)(c - '0');
                    return v;
                }
                return ulong.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }

        // ---------------- nodes ----------------
        private sealed class Const : PNode
        {
            private readonly ulong _v;
            public Const(ulong v) { _v = v; }
            public override PVal Eval(EvalScope s) => PVal.Num(_v, true);
        }

        private sealed class InvalidAtom : PNode
        {
            public override PVal Eval(EvalScope s) => new PVal { Invalid = true };
        }

        private sealed class StrConst : PNode
        {
            private readonly string _v;
            public StrConst(string v) { _v = v; }
            public override PVal Eval(EvalScope s) => PVal.Str(_v);
        }

        internal sealed class FieldRef : PNode
        {
            public readonly FormatField F;
            public FieldRef(FormatField f) { F = f; }
            public override PVal Eval(EvalScope s) => EventDecoder.FieldValue(s.File, F, s.Data);
        }

        private sealed class Index : PNode
        {
            private readonly PNode _a, _i;
            public Index(PNode a, PNode i) { _a = a; _i = i; }
            public override PVal Eval(EvalScope s)
            {
                PVal a = _a.Eval(s);
                long i = _i.Eval(s).L;
                if (a.Bytes != null && a.ElementSize > 0)
                {
                    int off = (int)(i * a.ElementSize);
                    if (i < 0 || off + a.ElementSize > a.Bytes.Length) return PVal.Num(0);
                    return PVal.Num(s.File.Number(a.Bytes.AsSpan(off), a.ElementSize));
                }
                if (a.S != null) return PVal.Num(i >= 0 && i < a.S.Length ? a.S[(int)i] : 0UL);
                return PVal.Num(0);
            }
        }

        private sealed class Ternary : PNode
        {
            public readonly PNode Cond, Then, Else;
            public Ternary(PNode c, PNode a, PNode b) { Cond = c; Then = a; Else = b; }
            public override PVal Eval(EvalScope s) => Truth(Cond.Eval(s)) ? Then.Eval(s) : Else.Eval(s);
        }

        internal static bool Truth(PVal v) => v.S != null ? true : v.Bytes != null ? true : v.N != 0;

        private sealed class Unary : PNode
        {
            private readonly string _op; private readonly PNode _x;
            public Unary(string op, PNode x) { _op = op; _x = x; }
            public override PVal Eval(EvalScope s)
            {
                PVal v = _x.Eval(s);
                switch (_op)
                {
                    case "-": return PVal.Num(unchecked(0UL - v.N), true);
                    case "!": return PVal.Num(Truth(v) ? 0UL : 1UL, true);
                    case "~": return new PVal { N = ~v.N, Signed = v.Signed };
                    case "&": return v;
                    default:
                        if (v.Bytes != null && v.ElementSize > 0 && v.Bytes.Length >= v.ElementSize) return PVal.Num(s.File.Number(v.Bytes, v.ElementSize));
                        if (v.S != null) return PVal.Num(v.S.Length > 0 ? v.S[0] : 0UL);
                        return v;
                }
            }
        }

        private sealed class Cast : PNode
        {
            private readonly PNode _x; private readonly int _size; private readonly bool _signed; private readonly bool _ptr;
            public Cast(PNode x, int size, bool signed, bool ptr) { _x = x; _size = size; _signed = signed; _ptr = ptr; }
            public PNode Inner => _x;
            public override PVal Eval(EvalScope s)
            {
                PVal v = _x.Eval(s);
                if (v.S != null || (v.Bytes != null && _ptr)) return v;
                ulong n = v.N;
                if (_size < 8)
                {
                    int bits = _size * 8;
                    ulong mask = (1UL << bits) - 1;
                    n &= mask;
                    if (_signed && (n >> (bits - 1) & 1) != 0) n |= ~mask;
                }
                return new PVal { N = n, Signed = _signed };
            }
        }

        private sealed class Binary : PNode
        {
            private readonly string _op; private readonly PNode _a, _b;
            public Binary(string op, PNode a, PNode b) { _op = op; _a = a; _b = b; }
            public string Op => _op;
            public PNode Left => _a;
            public PNode Right => _b;
            public override PVal Eval(EvalScope s)
            {
                PVal x = _a.Eval(s);
                if (_op == "&&") return PVal.Num(Truth(x) && Truth(_b.Eval(s)) ? 1UL : 0UL, true);
                if (_op == "||") return PVal.Num(Truth(x) || Truth(_b.Eval(s)) ? 1UL : 0UL, true);
                PVal y = _b.Eval(s);
                if (x.Invalid || y.Invalid) return new PVal { Invalid = true };
                bool signed = x.Signed && y.Signed;
                ulong a = x.N, b = y.N;
                switch (_op)
                {
                    case "+": return new PVal { N = unchecked(a + b), Signed = signed };
                    case "-": return new PVal { N = unchecked(a - b), Signed = signed };
                    case "*": return new PVal { N = unchecked(a * b), Signed = signed };
                    case "/": if (b == 0) return PVal.Num(0); return signed ? PVal.Num(unchecked((long)a / (long)b)) : PVal.Num(a / b);
                    case "%": if (b == 0) return PVal.Num(0); return signed ? PVal.Num(unchecked((long)a % (long)b)) : PVal.Num(a % b);
                    case "<<": return new PVal { N = a << (int)(b & 63), Signed = x.Signed };
                    case ">>": return new PVal { N = x.Signed ? unchecked((ulong)((long)a >> (int)(b & 63))) : a >> (int)(b & 63), Signed = x.Signed };
                    case "&": return new PVal { N = a & b, Signed = signed };
                    case "|": return new PVal { N = a | b, Signed = signed };
                    case "^": return new PVal { N = a ^ b, Signed = signed };
                    case "==": return PVal.Num(Eq(x, y) ? 1UL : 0UL, true);
                    case "!=": return PVal.Num(Eq(x, y) ? 0UL : 1UL, true);
                    // libtraceevent compares as unsigned long long whatever the field's type: "REC->errno < 0" is never
                    // true there (kvm_userspace_exit), so trace-cmd prints the symbolic reason, and so do we
                    case "<": return PVal.Num(a < b ? 1UL : 0UL, true);
                    case ">": return PVal.Num(a > b ? 1UL : 0UL, true);
                    case "<=": return PVal.Num(a <= b ? 1UL : 0UL, true);
                    case ">=": return PVal.Num(a >= b ? 1UL : 0UL, true);
                }
                return PVal.Num(0);
            }

            private static bool Eq(PVal x, PVal y) => x.S != null && y.S != null ? x.S == y.S : x.N == y.N;
        }

        private sealed class Symbolic : PNode
        {
            private readonly PNode _v; private readonly List<KeyValuePair<PNode, string>> _t;
            public Symbolic(PNode v, List<KeyValuePair<PNode, string>> t) { _v = v; _t = t; }
            public override PVal Eval(EvalScope s)
            {
                ulong v = _v.Eval(s).N;
                // libtraceevent reads a field zero-extended, and a table value that is not a plain number (a negative
                // one, an unknown name) as -1
                if (_v is FieldRef fr && fr.F.Size > 0 && fr.F.Size < 8) v &= (1UL << (fr.F.Size * 8)) - 1;
                foreach (var kv in _t)
                {
                    PVal k = kv.Key.Eval(s);
                    ulong key = k.Invalid || unchecked((long)k.N) < 0 ? ulong.MaxValue : k.N;
                    if (key == v) return PVal.Str(kv.Value);
                }
                return PVal.Str("0x" + v.ToString("x", CultureInfo.InvariantCulture));
            }
        }

        private sealed class Flags : PNode
        {
            private readonly PNode _v; private readonly string _delim; private readonly List<KeyValuePair<PNode, string>> _t;
            public Flags(PNode v, string delim, List<KeyValuePair<PNode, string>> t) { _v = v; _delim = delim; _t = t; }
            public override PVal Eval(EvalScope s)
            {
                ulong v = _v.Eval(s).N;
                var sb = new StringBuilder();
                bool any = false;
                foreach (var kv in _t)
                {
                    PVal fv = kv.Key.Eval(s);
                    if (fv.Invalid) continue;
                    ulong f = fv.N;
                    if (v == 0 && f == 0) { sb.Append(kv.Value); break; }
                    if (f != 0 && (v & f) == f)
                    {
                        if (any) sb.Append(_delim);
                        sb.Append(kv.Value);
                        any = true;
                        v &= ~f;
                    }
                }
                if (v != 0)
                {
                    if (any) sb.Append(_delim);
                    sb.Append("0x").AppendHex(v);
                }
                return PVal.Str(sb.ToString());
            }
        }

        private sealed class Dyn : PNode
        {
            private readonly string _fn; private readonly FormatField _f;
            public Dyn(string fn, FormatField f) { _fn = fn; _f = f; }
            public string Function => _fn;
            public override PVal Eval(EvalScope s)
            {
                EventDecoder.Locate(s.File, _f, s.Data, out int off, out int len);
                switch (_fn)
                {
                    case "__get_str":
                    case "__get_rel_str":
                        return PVal.Str(EventDecoder.CString(s.Data, off, len));
                    case "__get_dynamic_array_len":
                    case "__get_rel_dynamic_array_len":
                        return PVal.Num((ulong)len, true);
                    case "__get_bitmask":
                    case "__get_rel_bitmask":
                    case "__get_cpumask":
                    case "__get_rel_cpumask":
                        return PVal.Str(EventDecoder.Bitmask(s.File, s.Data, off, len));
                    default:
                        {
                            var b = new byte[len];
                            Buffer.BlockCopy(s.Data, off, b, 0, len);
                            return new PVal { Bytes = b, ElementSize = Math.Max(1, _f.ElementSize), N = (ulong)off };
                        }
                }
            }
        }

        private sealed class Hex : PNode
        {
            private readonly PNode _buf, _len; private readonly bool _str;
            public Hex(PNode buf, PNode len, bool str) { _buf = buf; _len = len; _str = str; }
            public bool IsString => _str;
            public override PVal Eval(EvalScope s)
            {
                PVal b = _buf.Eval(s);
                long n = _len.Eval(s).L;
                byte[] bytes = b.Bytes ?? Array.Empty<byte>();
                var sb = new StringBuilder();
                for (int i = 0; i < n && i < bytes.Length; i++)
                {
                    if (i > 0 && !_str) sb.Append(' ');
                    sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
                }
                return PVal.Str(sb.ToString());
            }
        }

        private sealed class ArrayPrint : PNode
        {
            private readonly PNode _a, _n, _el;
            public ArrayPrint(PNode a, PNode n, PNode el) { _a = a; _n = n; _el = el; }
            public override PVal Eval(EvalScope s)
            {
                PVal a = _a.Eval(s);
                long n = _n.Eval(s).L;
                int el = (int)_el.Eval(s).L;
                byte[] bytes = a.Bytes ?? Array.Empty<byte>();
                var sb = new StringBuilder("[");
                for (long i = 0; i < n && el > 0 && (i + 1) * el <= bytes.Length; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append("0x").Append(s.File.Number(bytes.AsSpan((int)(i * el)), el).ToString("x", CultureInfo.InvariantCulture));
                }
                sb.Append(']');
                return PVal.Str(sb.ToString());
            }
        }
    }

    /// <summary>Functions kernel print fmts call that libtraceevent knows.</summary>
    internal static class Helpers
    {
        public static PNode Make(string name, List<PNode> args)
        {
            switch (name)
            {
                case "jiffies_to_msecs":
                case "jiffies_to_usecs":
                case "nsecs_to_jiffies":
                case "__builtin_constant_p":
                case "is_signed_type":
                case "__print_ns_to_secs":
                case "__print_ns_without_secs":
                default:
                    // libtraceevent cannot evaluate unknown functions either: the event prints [FAILED TO PARSE]
                    throw new FormatException("function " + name);
            }
        }
    }
}
