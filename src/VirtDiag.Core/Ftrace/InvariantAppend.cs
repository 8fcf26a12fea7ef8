using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Numbers appended to a <see cref="StringBuilder"/> as trace-cmd prints them, culture-invariant and without a string per value.</summary>
    internal static class InvariantAppend
    {
        /// <summary>A signed decimal with an ASCII minus sign whatever the culture.</summary>
        public static StringBuilder AppendDecimal(this StringBuilder sb, long value)
        {
            if (value >= 0) return AppendDecimal(sb, (ulong)value);
            sb.Append('-');
            return AppendDecimal(sb, unchecked((ulong)(-(value + 1)) + 1));
        }

        /// <summary>An unsigned decimal.</summary>
        public static unsafe StringBuilder AppendDecimal(this StringBuilder sb, ulong value)
        {
            if (value < 10) return sb.Append((char)('0' + (int)value));
            char* d = stackalloc char[20];
            int i = 20;
            do { d[--i] = (char)('0' + (int)(value % 10)); value /= 10; } while (value != 0);
            return sb.Append(d + i, 20 - i);
        }

        /// <summary>Hex digits without a prefix, lower or upper case.</summary>
        public static unsafe StringBuilder AppendHex(this StringBuilder sb, ulong value, bool upper = false)
        {
            int a = upper ? 'A' - 10 : 'a' - 10;
            if (value < 16) return sb.Append((char)(value < 10 ? '0' + (int)value : a + (int)value));
            char* d = stackalloc char[16];
            int i = 16;
            do { int n = (int)(value & 0xF); d[--i] = (char)(n < 10 ? '0' + n : a + n); value >>= 4; } while (value != 0);
            return sb.Append(d + i, 16 - i);
        }

        /// <summary>Number of hex digits of <paramref name="value"/>.</summary>
        public static int HexLength(ulong value)
        {
            int n = 1;
            while (value >= 16) { value >>= 4; n++; }
            return n;
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
