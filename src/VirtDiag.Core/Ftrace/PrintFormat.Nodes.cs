using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>The expression nodes of print fmt arguments and how each evaluates.</summary>
    internal sealed partial class PrintFormat
    {
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
}
