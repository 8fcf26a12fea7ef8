using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>The print fmt's tokens: strings (adjacent ones joined), numbers, identifiers, operators.</summary>
    internal sealed partial class PrintFormat
    {
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
    }
}
