using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Numbers appended to a <see cref="StringBuilder"/> as trace-cmd prints them, culture-invariant and without a string per value.</summary>
    internal static class InvariantAppend
    {
        [System.ThreadStatic] private static char[]? t_digits;

        private static char[] Digits => t_digits ??= new char[24];

        /// <summary>A signed decimal with an ASCII minus sign whatever the culture.</summary>
        public static StringBuilder AppendDecimal(this StringBuilder sb, long value)
        {
            if (value >= 0) return AppendDecimal(sb, (ulong)value);
            sb.Append('-');
            return AppendDecimal(sb, unchecked((ulong)(-(value + 1)) + 1));
        }

        /// <summary>An unsigned decimal.</summary>
        public static StringBuilder AppendDecimal(this StringBuilder sb, ulong value)
        {
            char[] d = Digits;
            int i = d.Length;
            do { d[--i] = (char)('0' + (int)(value % 10)); value /= 10; } while (value != 0);
            return sb.Append(d, i, d.Length - i);
        }

        /// <summary>Hex digits without a prefix, lower or upper case.</summary>
        public static StringBuilder AppendHex(this StringBuilder sb, ulong value, bool upper = false)
        {
            char[] d = Digits;
            int i = d.Length;
            int a = upper ? 'A' - 10 : 'a' - 10;
            do { int n = (int)(value & 0xF); d[--i] = (char)(n < 10 ? '0' + n : a + n); value >>= 4; } while (value != 0);
            return sb.Append(d, i, d.Length - i);
        }

        /// <summary>Number of decimal digits of <paramref name="value"/>.</summary>
        public static int DecimalLength(ulong value)
        {
            int n = 1;
            while (value >= 10) { value /= 10; n++; }
            return n;
        }
    }
}
