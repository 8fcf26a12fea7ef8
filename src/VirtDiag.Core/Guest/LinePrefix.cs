using System;
using System.Globalization;

namespace VirtDiag.Guest
{
    /// <summary>The time a log prefix carries.</summary>
    internal enum PrefixTime
    {
        None,
        Iso,
        SerialDate,
        Syslog,
        /// <summary><c>dmesg -T</c>: <c>[Tue Mar  5 10:16:19 2024]</c>.</summary>
        CTime,
    }

    /// <summary>
    /// Strips the prefixes kernel and event text is found behind: serial-console dates <c>[2022-06-13 00:08:21]</c>,
    /// <c>dmesg -T</c> dates <c>[Tue Mar  5 10:16:19 2024]</c>, ISO times (rsyslog, journalctl short-iso, vmware.log,
    /// hostd), syslog <c>Mon DD HH:MM:SS[.ffffff] host tag:</c> (RFC 3164, journalctl short and short-precise), RFC 3164
    /// and printk priorities <c>&lt;4&gt;</c>, RFC 5424 headers <c>&lt;4&gt;1 TIME HOST APP PROCID MSGID SD</c>, a bare
    /// <c>kernel:</c> tag (syslogd wall messages), and dmesg <c>[  123.456789]</c> (optionally followed by a caller id
    /// <c>[    T1]</c>). Works on bytes; times are parsed only when asked for.
    /// </summary>
    internal ref struct LinePrefix
    {
        /// <summary>Where the message starts (leading blanks of the message kept: frames are indented).</summary>
        public int MessageStart;
        public PrefixTime TimeKind;
        public int TimeStart, TimeLength;
        public int UptimeStart, UptimeLength;
        public int HostStart, HostLength;
        /// <summary>A syslog/ISO line whose tag is a program other than the kernel.</summary>
        public bool OtherProgram;
        /// <summary>The line starts with an ISO time followed by <c>|</c> or a log level (vmware.log, hostd).</summary>
        public bool HostStyle;
        /// <summary>An RFC 5424 header (<c>&lt;PRI&gt;1 </c>) was read.</summary>
        public bool Rfc5424;
        /// <summary>The line starts with a bare <c>kernel:</c> tag and no time (the body of a syslogd wall message).</summary>
        public bool BareKernelTag;

        public static LinePrefix Parse(ReadOnlySpan<byte> line)
        {
            var p = new LinePrefix();
            int i = 0;
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            int start = i;
            // <PRI> of RFC 3164/5424 or a printk level (dmesg -r)
            if (i + 2 < line.Length && line[i] == '<' && IsDigit(line[i + 1]))
            {
                int k = i + 1;
                while (k < line.Length && k - i <= 4 && IsDigit(line[k])) k++;
                if (k < line.Length && line[k] == '>')
                {
                    i = k + 1;
                    if (i + 2 < line.Length && line[i] == '1' && line[i + 1] == ' ' && IsDateAt(line, i + 2))
                    {
                        p.Rfc5424 = true;
                        i += 2;
                    }
                    start = i;
                }
            }
            if (i < line.Length)
            {
                byte b = line[i];
                if (b == '[' && i + 26 <= line.Length && IsMonth(line, i + 5) && line[i + 4] == ' ' && line[i + 8] == ' '
                    && IsSyslogDay(line, i + 9) && IsTimeAt(line, i + 12) && line[i + 20] == ' ' && IsDigit(line[i + 21])
                    && IsDigit(line[i + 24]) && line[i + 25] == ']')
                {
                    p.TimeKind = PrefixTime.CTime; p.TimeStart = i + 1; p.TimeLength = 24;
                    i += 26;
                    while (i < line.Length && line[i] == ' ') i++;
                }
                else if (b == '[' && i + 21 <= line.Length && IsDateAt(line, i + 1) && line[i + 11] == ' ' && line[i + 20] == ']')
                {
                    p.TimeKind = PrefixTime.SerialDate; p.TimeStart = i + 1; p.TimeLength = 19;
                    i += 21;
                    while (i < line.Length && line[i] == ' ') i++;
                }
                else if (b >= '0' && b <= '9' && IsDateAt(line, i))
                {
                    int end = i + 10;
                    if (end < line.Length && (line[end] == 'T' || line[end] == ' ') && end + 9 <= line.Length && IsTimeAt(line, end + 1))
                    {
                        end += 9;
                        while (end < line.Length && line[end] != ' ' && line[end] != '|' && line[end] != ']') end++;
                        p.TimeKind = PrefixTime.Iso; p.TimeStart = i; p.TimeLength = end - i;
                        i = end;
                        if (i < line.Length && line[i] == '|') { p.HostStyle = true; i++; }
                        while (i < line.Length && line[i] == ' ') i++;
                        if (p.Rfc5424) i = Rfc5424Rest(line, i, ref p);
                        else if (!p.HostStyle) i = HostAndTag(line, i, ref p);
                    }
                }
                else if (b >= 'A' && b <= 'Z' && i + 15 < line.Length && IsMonth(line, i) && line[i + 3] == ' '
                    && IsSyslogDay(line, i + 4) && IsTimeAt(line, i + 7) && (line[i + 15] == ' ' || line[i + 15] == '.'))
                {
                    int end = i + 15;
                    if (line[end] == '.')
                    {
                        end++;
                        while (end < line.Length && IsDigit(line[end])) end++;
                    }
                    if (end < line.Length && line[end] == ' ')
                    {
                        p.TimeKind = PrefixTime.Syslog; p.TimeStart = i; p.TimeLength = end - i;
                        i = HostAndTag(line, end + 1, ref p);
                    }
                }
                else if (b == 'k' && StartsWithAscii(line, i, "kernel:"))
                {
                    // syslogd wall message body: " kernel:[ 8811.123456] watchdog: ..."
                    i += 7;
                    p.BareKernelTag = true;
                    if (i < line.Length && line[i] == ' ') i++;
                }
            }
            // dmesg uptime, possibly after the prefixes above
            int j = i;
            if (j < line.Length && line[j] == '[')
            {
                int k = j + 1;
                while (k < line.Length && line[k] == ' ') k++;
                int digits = k;
                while (k < line.Length && line[k] >= '0' && line[k] <= '9') k++;
                if (k > digits && k < line.Length && line[k] == '.')
                {
                    int frac = ++k;
                    while (k < line.Length && line[k] >= '0' && line[k] <= '9') k++;
                    if (k > frac && k < line.Length && line[k] == ']')
                    {
                        p.UptimeStart = digits; p.UptimeLength = k - digits;
                        k++;
                        // caller id: [    T123] / [  C2]
                        if (k < line.Length && line[k] == '[')
                        {
                            int c = k + 1;
                            while (c < line.Length && line[c] == ' ') c++;
                            if (c < line.Length && (line[c] == 'T' || line[c] == 'C'))
                            {
                                int d = c + 1;
                                while (d < line.Length && line[d] >= '0' && line[d] <= '9') d++;
                                if (d > c + 1 && d < line.Length && line[d] == ']') k = d + 1;
                            }
                        }
                        if (k < line.Length && line[k] == ' ') k++;
                        i = k;
                    }
                }
            }
            else if (p.TimeKind == PrefixTime.None && i == start && !p.BareKernelTag)
            {
                i = 0; // keep the message's own indentation when there was no prefix at all
            }
            p.MessageStart = i;
            return p;
        }

        private static int HostAndTag(ReadOnlySpan<byte> line, int i, ref LinePrefix p)
        {
            int hostStart = i;
            while (i < line.Length && line[i] != ' ') i++;
            if (i >= line.Length || i == hostStart) return hostStart;
            int hostEnd = i;
            int tagStart = i + 1;
            int t = tagStart;
            while (t < line.Length && line[t] != ' ' && line[t] != ':') t++;
            if (t >= line.Length || line[t] != ':') return hostStart;
            p.HostStart = hostStart; p.HostLength = hostEnd - hostStart;
            ReadOnlySpan<byte> tag = line.Slice(tagStart, t - tagStart);
            p.OtherProgram = !(tag.Length >= 6 && tag[0] == 'k' && tag[1] == 'e' && tag[2] == 'r' && tag[3] == 'n' && tag[4] == 'e' && tag[5] == 'l');
            t++;
            if (t < line.Length && line[t] == ' ') t++;
            return t;
        }

        /// <summary>RFC 5424 after the time: HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA, then the message.</summary>
        private static int Rfc5424Rest(ReadOnlySpan<byte> line, int i, ref LinePrefix p)
        {
            Span<int> starts = stackalloc int[4];
            Span<int> ends = stackalloc int[4];
            for (int f = 0; f < 4; f++)
            {
                starts[f] = i;
                while (i < line.Length && line[i] != ' ') i++;
                ends[f] = i;
                if (i >= line.Length) return line.Length;
                i++;
            }
            if (ends[0] - starts[0] != 1 || line[starts[0]] != '-') { p.HostStart = starts[0]; p.HostLength = ends[0] - starts[0]; }
            ReadOnlySpan<byte> app = line.Slice(starts[1], ends[1] - starts[1]);
            p.OtherProgram = !(app.Length == 6 && StartsWithAscii(app, 0, "kernel"));
            // STRUCTURED-DATA: "-" or one or more [id param="value"] elements (values may hold escaped ']')
            if (i < line.Length && line[i] == '-') i++;
            else
            {
                while (i < line.Length && line[i] == '[')
                {
                    i++;
                    bool quoted = false;
                    while (i < line.Length)
                    {
                        byte c = line[i];
                        if (c == '\\' && quoted) { i += 2; continue; }
                        if (c == '"') quoted = !quoted;
                        else if (c == ']' && !quoted) { i++; break; }
                        i++;
                    }
                }
            }
            if (i < line.Length && line[i] == ' ') i++;
            // an optional UTF-8 byte order mark before the message
            if (i + 2 < line.Length && line[i] == 0xEF && line[i + 1] == 0xBB && line[i + 2] == 0xBF) i += 3;
            return Math.Min(i, line.Length);
        }

        private static bool StartsWithAscii(ReadOnlySpan<byte> s, int at, string text)
        {
            if (at + text.Length > s.Length) return false;
            for (int k = 0; k < text.Length; k++) if (s[at + k] != text[k]) return false;
            return true;
        }

        private static bool IsDigit(byte b) => b >= '0' && b <= '9';

        private static bool IsDateAt(ReadOnlySpan<byte> s, int i)
            => i + 10 <= s.Length && IsDigit(s[i]) && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) && s[i + 4] == '-'
               && IsDigit(s[i + 5]) && IsDigit(s[i + 6]) && s[i + 7] == '-' && IsDigit(s[i + 8]) && IsDigit(s[i + 9]);

        private static bool IsTimeAt(ReadOnlySpan<byte> s, int i)
            => i + 8 <= s.Length && IsDigit(s[i]) && IsDigit(s[i + 1]) && s[i + 2] == ':' && IsDigit(s[i + 3]) && IsDigit(s[i + 4])
               && s[i + 5] == ':' && IsDigit(s[i + 6]) && IsDigit(s[i + 7]);

        private static bool IsSyslogDay(ReadOnlySpan<byte> s, int i)
            => (s[i] == ' ' || IsDigit(s[i])) && IsDigit(s[i + 1]) && s[i + 2] == ' ';

        private static readonly string[] s_months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

        private static int MonthIndex(ReadOnlySpan<byte> s, int i)
        {
            for (int m = 0; m < 12; m++)
            {
                string n = s_months[m];
                if (s[i] == n[0] && s[i + 1] == n[1] && s[i + 2] == n[2]) return m + 1;
            }
            return 0;
        }

        private static bool IsMonth(ReadOnlySpan<byte> s, int i) => MonthIndex(s, i) > 0;

        /// <summary>Month and day of a syslog time (which has no year).</summary>
        public bool TrySyslogMonthDay(ReadOnlySpan<byte> line, out int month, out int day)
        {
            month = 0; day = 0;
            if (TimeKind != PrefixTime.Syslog) return false;
            ReadOnlySpan<byte> t = line.Slice(TimeStart, TimeLength);
            month = MonthIndex(t, 0);
            day = (t[4] == ' ' ? 0 : (t[4] - '0') * 10) + (t[5] - '0');
            return month > 0;
        }

        /// <summary>The wall-clock time of the prefix, if any (<paramref name="year"/> is used for syslog times only).</summary>
        public DateTimeOffset? WallClock(ReadOnlySpan<byte> line, int year)
        {
            ReadOnlySpan<byte> t = line.Slice(TimeStart, TimeLength);
            switch (TimeKind)
            {
                case PrefixTime.CTime:
                    {
                        // "Tue Mar  5 10:16:19 2024": the weekday is not checked (dmesg -T prints it from the same clock)
                        int month = MonthIndex(t, 4);
                        int day = (t[8] == ' ' ? 0 : (t[8] - '0') * 10) + (t[9] - '0');
                        int y = (t[20] - '0') * 1000 + (t[21] - '0') * 100 + (t[22] - '0') * 10 + (t[23] - '0');
                        int h = (t[11] - '0') * 10 + (t[12] - '0'), mi = (t[14] - '0') * 10 + (t[15] - '0'), sec = (t[17] - '0') * 10 + (t[18] - '0');
                        if (month == 0 || y < 1 || day < 1 || day > DateTime.DaysInMonth(y, month) || h > 23 || mi > 59 || sec > 59) return null;
                        return new DateTimeOffset(y, month, day, h, mi, sec, TimeSpan.Zero);
                    }
                case PrefixTime.SerialDate:
                case PrefixTime.Iso:
                    {
                        string s = Ascii(t);
                        if (DateTimeOffset.TryParse(s.Replace(',', '.'), CultureInfo.InvariantCulture,
                                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset v))
                            return v;
                        return null;
                    }
                case PrefixTime.Syslog:
                    {
                        int month = MonthIndex(t, 0);
                        int day = (t[4] == ' ' ? 0 : (t[4] - '0') * 10) + (t[5] - '0');
                        int h = (t[7] - '0') * 10 + (t[8] - '0'), mi = (t[10] - '0') * 10 + (t[11] - '0'), sec = (t[13] - '0') * 10 + (t[14] - '0');
                        if (month == 0 || year < 1 || year > 9998 || day < 1 || day > DateTime.DaysInMonth(year, month) || h > 23 || mi > 59 || sec > 59) return null;
                        var v = new DateTimeOffset(year, month, day, h, mi, sec, TimeSpan.Zero);
                        if (t.Length > 16 && t[15] == '.')
                        {
                            long ticks = 0; int digits = 0;
                            for (int k = 16; k < t.Length && digits < 7; k++, digits++) ticks = ticks * 10 + (t[k] - '0');
                            for (; digits < 7; digits++) ticks *= 10;
                            v = v.AddTicks(ticks);
                        }
                        return v;
                    }
                default:
                    return null;
            }
        }

        /// <summary>The dmesg uptime, if any.</summary>
        public TimeSpan? Uptime(ReadOnlySpan<byte> line)
        {
            if (UptimeLength == 0) return null;
            if (double.TryParse(Ascii(line.Slice(UptimeStart, UptimeLength)), NumberStyles.Float, CultureInfo.InvariantCulture, out double secs)
                && secs < TimeSpan.MaxValue.TotalSeconds / 2)
                return TimeSpan.FromTicks((long)Math.Round(secs * TimeSpan.TicksPerSecond));
            return null;
        }

        public string? Host(ReadOnlySpan<byte> line) => HostLength == 0 ? null : Ascii(line.Slice(HostStart, HostLength));

        internal static unsafe string Ascii(ReadOnlySpan<byte> s)
        {
            if (s.IsEmpty) return "";
            fixed (byte* p = s) return System.Text.Encoding.UTF8.GetString(p, s.Length);
        }
    }
}
