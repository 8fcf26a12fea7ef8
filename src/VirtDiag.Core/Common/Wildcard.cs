using System.Collections.Generic;

namespace VirtDiag.Common
{
    /// <summary>PowerShell-style wildcards (<c>*</c>, <c>?</c>), case-insensitive, without a PowerShell reference: the one matcher of every filter.</summary>
    public static class Wildcard
    {
        /// <summary>True when <paramref name="value"/> matches one of <paramref name="patterns"/>.</summary>
        public static bool AnyMatch(IEnumerable<string> patterns, string value)
        {
            foreach (string p in patterns)
            {
                if (IsMatch(p, value)) return true;
            }
            return false;
        }

        /// <summary>True when the whole of <paramref name="value"/> matches <paramref name="pattern"/>.</summary>
        public static bool IsMatch(string pattern, string value)
        {
            int p = 0, v = 0, star = -1, mark = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(value[v]))) { p++; v++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
                else if (star >= 0) { p = star + 1; v = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }

    /// <summary>The one rule of every set filter in the options: null or empty keeps everything.</summary>
    public static class Filter
    {
        /// <summary>True when <paramref name="set"/> is null or empty, or holds <paramref name="value"/>.</summary>
        public static bool Allows<T>(T[]? set, T value)
        {
            if (set == null || set.Length == 0) return true;
            foreach (T x in set) if (EqualityComparer<T>.Default.Equals(x, value)) return true;
            return false;
        }

        /// <summary>True when <paramref name="patterns"/> is null or empty, or one of them matches <paramref name="value"/> (a null value matches none).</summary>
        public static bool AllowsMatch(string[]? patterns, string? value)
            => patterns == null || patterns.Length == 0 || (value != null && Wildcard.AnyMatch(patterns, value));

        /// <summary>True when <paramref name="set"/> holds something.</summary>
        public static bool IsSet<T>(T[]? set) => set != null && set.Length > 0;
    }
}
