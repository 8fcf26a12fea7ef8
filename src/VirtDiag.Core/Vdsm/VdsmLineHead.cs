using System;

namespace VirtDiag.Vdsm
{
    /// <summary>Which kind of line a vdsm log line is, decided from its first bytes.</summary>
    internal enum VdsmLineKind
    {
        /// <summary>No record header: a continuation line (traceback, XML, dict) or garbage.</summary>
        Continuation,
        /// <summary>Starts a new-layout record (<c>2017-02-23 11:01:02,966+0100 DEBUG (thread) …</c>).</summary>
        New,
        /// <summary>Starts an old-layout record (<c>Thread-15::DEBUG::2011-12-07 …</c>).</summary>
        Old,
    }

    /// <summary>
    /// The line-head recogniser: a few byte comparisons tell a record header from a continuation line, so the
    /// long XML and traceback bodies cost one check per line.
    /// </summary>
    internal static class VdsmLineHead
    {
        private const int MaxThreadLength = 256;

        public static VdsmLineKind Classify(ReadOnlySpan<byte> line)
        {
            if (line.Length >= 19 && IsDigit(line[0]))
            {
                if (IsDigit(line[1]) && IsDigit(line[2]) && IsDigit(line[3]) && line[4] == (byte)'-' && line[7] == (byte)'-'
                    && line[10] == (byte)' ' && line[13] == (byte)':' && line[16] == (byte)':')
                    return VdsmLineKind.New;
            }
            if (line.Length < 4 || line[0] == (byte)' ' || line[0] == (byte)'\t') return VdsmLineKind.Continuation;
            int limit = Math.Min(line.Length, MaxThreadLength + 2);
            int sep = line.Slice(0, limit).IndexOf(s_sep);
            if (sep <= 0) return VdsmLineKind.Continuation;
            return LevelLength(line.Slice(sep + 2)) > 0 ? VdsmLineKind.Old : VdsmLineKind.Continuation;
        }

        private static readonly byte[] s_sep = { (byte)':', (byte)':' };

        /// <summary>Length of a level name followed by <c>::</c> at the start of <paramref name="s"/>, else 0.</summary>
        public static int LevelLength(ReadOnlySpan<byte> s)
        {
            int n = 0;
            while (n < s.Length && n < 9 && s[n] >= (byte)'A' && s[n] <= (byte)'Z') n++;
            if (n < 4 || n + 1 >= s.Length || s[n] != (byte)':' || s[n + 1] != (byte)':') return 0;
            return ParseLevel(s.Slice(0, n)) != VdsmLogLevel.Unknown ? n : 0;
        }

        public static VdsmLogLevel ParseLevel(ReadOnlySpan<byte> s)
        {
            switch (s.Length)
            {
                case 4:
                    if (s[0] == (byte)'I' && s[1] == (byte)'N' && s[2] == (byte)'F' && s[3] == (byte)'O') return VdsmLogLevel.Info;
                    if (s[0] == (byte)'W' && s[1] == (byte)'A' && s[2] == (byte)'R' && s[3] == (byte)'N') return VdsmLogLevel.Warning;
                    if (s[0] == (byte)'C' && s[1] == (byte)'R' && s[2] == (byte)'I' && s[3] == (byte)'T') return VdsmLogLevel.Critical;
                    return VdsmLogLevel.Unknown;
                case 5:
                    if (s[0] == (byte)'D' && s[1] == (byte)'E' && s[2] == (byte)'B' && s[3] == (byte)'U' && s[4] == (byte)'G') return VdsmLogLevel.Debug;
                    if (s[0] == (byte)'E' && s[1] == (byte)'R' && s[2] == (byte)'R' && s[3] == (byte)'O' && s[4] == (byte)'R') return VdsmLogLevel.Error;
                    if (s[0] == (byte)'T' && s[1] == (byte)'R' && s[2] == (byte)'A' && s[3] == (byte)'C' && s[4] == (byte)'E') return VdsmLogLevel.Trace;
                    return VdsmLogLevel.Unknown;
                case 7:
                    return s.SequenceEqual(s_warning) ? VdsmLogLevel.Warning : VdsmLogLevel.Unknown;
                case 8:
                    return s.SequenceEqual(s_critical) ? VdsmLogLevel.Critical : VdsmLogLevel.Unknown;
                default:
                    return VdsmLogLevel.Unknown;
            }
        }

        private static readonly byte[] s_warning = System.Text.Encoding.ASCII.GetBytes("WARNING");
        private static readonly byte[] s_critical = System.Text.Encoding.ASCII.GetBytes("CRITICAL");

        public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

        /// <summary>
        /// Reads <c>YYYY-MM-DD HH:MM:SS[,.]mmm</c> at the start of <paramref name="s"/>; <paramref name="length"/> is how
        /// many bytes it took (19 without milliseconds). False (never an exception) for impossible dates.
        /// </summary>
        public static bool TryParseTime(ReadOnlySpan<byte> s, out DateTime time, out int length)
        {
            time = default;
            length = 0;
            if (s.Length < 19) return false;
            if (!Digits(s, 0, 4, out int year) || s[4] != (byte)'-' || !Digits(s, 5, 2, out int month) || s[7] != (byte)'-'
                || !Digits(s, 8, 2, out int day) || (s[10] != (byte)' ' && s[10] != (byte)'T') || !Digits(s, 11, 2, out int hour)
                || s[13] != (byte)':' || !Digits(s, 14, 2, out int minute) || s[16] != (byte)':' || !Digits(s, 17, 2, out int second))
                return false;
            int ms = 0;
            length = 19;
            if (s.Length >= 23 && (s[19] == (byte)',' || s[19] == (byte)'.') && Digits(s, 20, 3, out ms)) length = 23;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
                return false;
            time = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Unspecified);
            return true;
        }

        /// <summary>Reads <c>±HHMM</c> (or <c>Z</c>) at the start of <paramref name="s"/>.</summary>
        public static bool TryParseOffset(ReadOnlySpan<byte> s, out TimeSpan offset, out int length)
        {
            offset = default;
            length = 0;
            if (s.Length >= 1 && s[0] == (byte)'Z') { length = 1; return true; }
            if (s.Length < 5 || (s[0] != (byte)'+' && s[0] != (byte)'-')) return false;
            if (!Digits(s, 1, 2, out int h)) return false;
            int m;
            if (Digits(s, 3, 2, out m)) length = 5;
            else if (s.Length >= 6 && s[3] == (byte)':' && Digits(s, 4, 2, out m)) length = 6;
            else return false;
            if (h > 14 || m > 59) return false;
            offset = new TimeSpan(h, m, 0);
            if (s[0] == (byte)'-') offset = -offset;
            return true;
        }

        public static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
        {
            value = 0;
            if (start + count > s.Length) return false;
            for (int i = start; i < start + count; i++)
            {
                int d = s[i] - '0';
                if ((uint)d > 9) return false;
                value = value * 10 + d;
            }
            return true;
        }

        /// <summary>Finds a trailing <c>(module:line)</c>; returns the index of its '(' or -1.</summary>
        public static int FindLocation(ReadOnlySpan<byte> s, out int moduleStart, out int moduleLength, out int sourceLine)
        {
            moduleStart = moduleLength = sourceLine = 0;
            int end = s.Length;
            while (end > 0 && (s[end - 1] == (byte)' ' || s[end - 1] == (byte)'\r')) end--;
            if (end < 5 || s[end - 1] != (byte)')') return -1;
            int colon = -1;
            int i = end - 2;
            int digits = 0;
            while (i >= 0 && IsDigit(s[i])) { i--; digits++; }
            if (digits == 0 || digits > 7 || i < 1 || s[i] != (byte)':') return -1;
            colon = i;
            int j = colon - 1;
            while (j >= 0 && s[j] != (byte)'(' && s[j] != (byte)' ' && s[j] != (byte)')') j--;
            if (j < 0 || s[j] != (byte)'(' || j == colon - 1) return -1;
            moduleStart = j + 1;
            moduleLength = colon - j - 1;
            Digits(s, colon + 1, digits, out sourceLine);
            return j;
        }
    }
}
