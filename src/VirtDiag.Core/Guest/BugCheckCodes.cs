using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtDiag.Guest
{
    /// <summary>The public Windows bug check code table: lookup by code, by number as text, or by name pattern.</summary>
    public static class BugCheckCodes
    {
        private static readonly Dictionary<ulong, BugCheckCode> s_byCode = Build();

        private static Dictionary<ulong, BugCheckCode> Build()
        {
            var d = new Dictionary<ulong, BugCheckCode>(BugCheckTable.Entries.Length);
            foreach (var (code, name) in BugCheckTable.Entries) d[code] = new BugCheckCode(code, name);
            return d;
        }

        /// <summary>Every code in the table, in code order.</summary>
        public static IReadOnlyList<BugCheckCode> All
        {
            get
            {
                var list = new List<BugCheckCode>(s_byCode.Values);
                list.Sort((a, b) => a.Code.CompareTo(b.Code));
                return list;
            }
        }

        /// <summary>The entry for <paramref name="code"/>, or null when the table has none.</summary>
        public static BugCheckCode? Find(ulong code) => s_byCode.TryGetValue(code, out BugCheckCode? c) ? c : null;

        /// <summary>The name of <paramref name="code"/>, or null.</summary>
        public static string? NameOf(ulong code) => Find(code)?.Name;

        /// <summary>
        /// Looks up a user's query: <c>0x50</c> / <c>0x00000050</c> / <c>50</c> (hex, as Windows and WinDbg print codes),
        /// <c>80</c>, or a name with wildcards (<c>*PAGE_FAULT*</c>) or a plain part of a name (<c>irql</c>).
        /// </summary>
        public static IEnumerable<BugCheckCode> Lookup(string query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            string q = query.Trim();
            if (q.Length == 0) throw new ArgumentException("empty bug check code query", nameof(query));
            if (TryParseCode(q, out ulong code))
            {
                BugCheckCode? hit = Find(code);
                if (hit != null) { yield return hit; yield break; }
                if (q.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) yield break;
            }
            bool wildcard = q.IndexOfAny(new[] { '*', '?' }) >= 0;
            string pattern = wildcard
                ? "^" + Regex.Escape(q).Replace(@"\*", ".*").Replace(@"\?", ".") + "$"
                : Regex.Escape(q);
            var rx = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            foreach (BugCheckCode c in All)
            {
                if (rx.IsMatch(c.Name)) yield return c;
            }
        }

        /// <summary>Reads a code written as <c>0x50</c>, <c>0X0000001E</c> or bare hex digits (<c>50</c>, <c>c000021a</c>).</summary>
        public static bool TryParseCode(string text, out ulong code)
        {
            string t = text.Trim();
            if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) t = t.Substring(2);
            code = 0;
            if (t.Length == 0 || t.Length > 16) return false;
            return ulong.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code);
        }
    }
}
