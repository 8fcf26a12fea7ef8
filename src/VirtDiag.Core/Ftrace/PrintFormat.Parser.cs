using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>The print fmt's arguments parsed into expression nodes, as libtraceevent reads them.</summary>
    internal sealed partial class PrintFormat
    {
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
                            return PrintFunctions.Make(name, a);
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
    }
}
