using System;

namespace VirtDiag.VMotion
{
    /// <summary>What the prefix of one record told: shape, time, CPU, world, opID, forwarded host, where the text starts.</summary>
    internal struct LinePrefix
    {
        public VMotionLineShape Shape;
        public LogKind Kind;
        public bool HasTime;
        public DateTime Time;
        public TimeSpan? Uptime;
        public int? Cpu;
        public long? WorldId;
        public int OpIdStart, OpIdLength;
        public int HostStart, HostLength;
        public int ContextStart, ContextLength; // hostd: the bracketed context ('vm:/…/x.vmx', sub=…)
        public int BodyStart;
    }

    /// <summary>
    /// The prefix shapes of vmkernel.log, vmware.log and hostd.log in every ESX/ESXi era, read from bytes. Each shape
    /// is one row of <see cref="Rows"/> (era, example) and one branch of <see cref="TryRead"/>; redacted timestamps
    /// (<c>####-##-##T##:##:##</c>, <c>yyyy-mm-ddThh:mm:ss</c>, <c>[YYYY-MM-DDTHH:MM:SS]</c>) are read as "no time".
    /// </summary>
    internal static class LineShapes
    {
        /// <summary>The shapes as data: shape, era, an example prefix (used by the tests and the help page).</summary>
        public static readonly (VMotionLineShape Shape, string Era, string Example)[] Rows =
        {
            (VMotionLineShape.Esx4Uptime, "ESX 4.x", "vmkernel: 114:03:25:51.489 cpu0:4100)"),
            (VMotionLineShape.Esx4Uptime, "ESX 4.x /var/log/vmkernel", "Apr  1 15:14:34 esx41 vmkernel: 114:03:25:51.489 cpu0:4100)"),
            (VMotionLineShape.Esxi5Iso, "ESXi 5.x-7.x", "2015-12-25T16:39:25.565Z cpu4:2758489 opID=1a2b3c4d)"),
            (VMotionLineShape.Esxi8Syslog, "ESXi 8.x", "2023-04-15T08:52:34.879Z In(182) vmkernel: cpu85:19435559)"),
            (VMotionLineShape.SyslogForwarded, "syslog", "2015-02-20T11:05:06.449Z esx01 vmkernel: cpu3:427570)"),
            (VMotionLineShape.VmxPipe, "ESXi 5.x-6.x vmware.log", "2026-04-14T15:38:20.200Z| vmx| I120: "),
            (VMotionLineShape.VmxLevel, "ESXi 7.x-8.x vmware.log", "2023-04-15T08:52:34.879Z In(05) vmx - "),
            (VMotionLineShape.HostdBracket, "ESX 4.x-5.x hostd.log", "[2011-04-01 15:14:34.203 F5A5AB90 info 'vm:/vmfs/volumes/x/vm/vm.vmx' opID=F6FC49D5] "),
            (VMotionLineShape.Hostd6, "ESXi 6.x-8.x hostd.log", "2020-01-01T00:00:00.000Z info hostd[2099583] [Originator@6876 sub=Vcsvc.VMotionSrc opID=abc] "),
            (VMotionLineShape.Hostd6, "ESXi 6.x-8.x vpxa.log", "2020-01-01T00:00:00.000Z info vpxa[2099912] [Originator@6876 sub=vpxLro opID=abc] "),
            (VMotionLineShape.Hostd5, "ESXi 5.x hostd.log / vpxa.log", "2014-06-02T09:10:11.123Z [3C2A1B70 verbose 'VMotionSrc (1401700211000123)'] "),
            (VMotionLineShape.HostdForwarded, "syslog-forwarded hostd/vpxa, ESXi 5.x", "2014-06-02T09:10:11.123Z esx02.lab.example Hostd: [3C2A1B70 verbose 'VMotionSrc (1401700211000123)'] "),
            (VMotionLineShape.HostdForwarded, "syslog-forwarded hostd/vpxa, ESXi 6.x+", "2019-02-03T04:05:06.789Z esx02.lab.example Vpxa: info vpxa[2099912] [Originator@6876 sub=vpxLro opID=abc] "),
            (VMotionLineShape.HostdForwarded, "syslog-forwarded hostd, ESX 4.x", "<166>Jun  2 09:10:11 esx41b Hostd: [2014-06-02 09:10:11.123 3C2A1B70 info 'vm:/vmfs/volumes/x/vm/vm.vmx'] "),
        };

        /// <summary>Reads the prefix at the start of <paramref name="s"/>; Shape None (BodyStart 0) when none is recognised.</summary>
        public static bool TryRead(ReadOnlySpan<byte> s, out LinePrefix p)
        {
            p = default;
            int i = 0;
            // syslog PRI "<166>"
            if (s.Length > 2 && s[0] == (byte)'<' && IsDigit(s[1]))
            {
                int k = 1;
                while (k < s.Length && k < 5 && IsDigit(s[k])) k++;
                if (k < s.Length && s[k] == (byte)'>') i = k + 1;
            }
            if (i < s.Length && s[i] == (byte)'[')
            {
                int close = s.Slice(i).IndexOf((byte)']');
                if (close < 0) return false;
                close += i;
                if (IsDateAt(s, i + 1) && i + 11 < s.Length && s[i + 11] == (byte)' ')
                {
                    // hostd 4.x: [2011-04-01 15:14:34.203 F5A5AB90 info 'vm:…' opID=…] body
                    p.Shape = VMotionLineShape.HostdBracket;
                    p.Kind = LogKind.Hostd;
                    p.HasTime = TryParseTime(s.Slice(i + 1), out p.Time, out _);
                    p.ContextStart = i + 1;
                    p.ContextLength = close - i - 1;
                    FindOpId(s, i + 1, close, ref p);
                    p.BodyStart = SkipSpaces(s, close + 1);
                    return true;
                }
                if (IsDateAt(s, i + 1) && s.Length > i + 11 && s[i + 11] == (byte)'T')
                {
                    // a bracketed (often redacted) ISO time: "[YYYY-MM-DDTHH:MM:SS] In(05) vmx - …"
                    p.HasTime = TryParseTime(s.Slice(i + 1, close - i - 1), out p.Time, out _);
                    return AfterTime(s, close + 1, ref p);
                }
                return false;
            }
            if (IsDateAt(s, i) && s.Length > i + 10 && s[i + 10] == (byte)'T')
            {
                p.HasTime = TryParseTime(s.Slice(i), out p.Time, out int used);
                if (!p.HasTime) used = TimeTokenLength(s, i);
                else used += i;
                return AfterTime(s, used, ref p);
            }
            if (IsBsdTimeAt(s, i))
            {
                // ESX 4 classic syslog: "Apr  1 15:14:34 esx41 vmkernel: 114:03:25:51.489 cpu0:4100)…" (no year: the uptime is kept)
                int h = i + 16;
                int hEnd = TokenEnd(s, h);
                if (hEnd > h && StartsWith(s, hEnd + 1, "vmkernel: "))
                {
                    p.HostStart = h;
                    p.HostLength = hEnd - h;
                    i = hEnd + 1;
                }
                else if (hEnd > h && TryProgram(s, hEnd + 1, out LogKind program, out int afterProgram) && afterProgram < s.Length && s[afterProgram] == (byte)'['
                    && IsDateAt(s, afterProgram + 1))
                {
                    // ESX 4 hostd forwarded: "Jun  2 09:10:11 esx41b Hostd: [2014-06-02 09:10:11.123 3C2A1B70 info 'vm:…'] body"
                    int close = s.Slice(afterProgram).IndexOf((byte)']');
                    if (close < 0) return false;
                    close += afterProgram;
                    p.Shape = VMotionLineShape.HostdForwarded;
                    p.Kind = program;
                    p.HostStart = h;
                    p.HostLength = hEnd - h;
                    p.HasTime = TryParseTime(s.Slice(afterProgram + 1), out p.Time, out _);
                    p.ContextStart = afterProgram + 1;
                    p.ContextLength = close - afterProgram - 1;
                    FindOpId(s, afterProgram + 1, close, ref p);
                    p.BodyStart = SkipSpaces(s, close + 1);
                    return true;
                }
            }
            if (StartsWith(s, i, "vmkernel: ") && i + 10 < s.Length && IsDigit(s[i + 10]))
            {
                int j = i + 10;
                if (!TryParseUptime(s, ref j, out TimeSpan up)) return false;
                p.Shape = VMotionLineShape.Esx4Uptime;
                p.Kind = LogKind.VmKernel;
                p.Uptime = up;
                ReadCpu(s, SkipSpaces(s, j), ref p);
                return true;
            }
            return false;
        }

        private static bool AfterTime(ReadOnlySpan<byte> s, int j, ref LinePrefix p)
        {
            if (j < s.Length && s[j] == (byte)'|')
            {
                // "| vmx| I120: body"
                int second = j + 1 < s.Length ? s.Slice(j + 1).IndexOf((byte)'|') : -1;
                if (second < 0) return false;
                second += j + 1;
                int colon = s.Slice(second).IndexOf((byte)':');
                if (colon < 0) return false;
                p.Shape = VMotionLineShape.VmxPipe;
                p.Kind = LogKind.VmwareLog;
                p.BodyStart = SkipSpaces(s, second + colon + 1);
                return true;
            }
            j = SkipSpaces(s, j);
            if (j < s.Length && s[j] == (byte)'[')
            {
                // ESXi 5.x hostd/vpxa: "[3C2A1B70 verbose 'VMotionSrc (…)' opID=…] body"
                p.Shape = VMotionLineShape.Hostd5;
                p.Kind = LogKind.Hostd;
                return Bracket(s, j, ref p);
            }
            if (StartsWith(s, j, "cpu"))
            {
                p.Shape = VMotionLineShape.Esxi5Iso;
                p.Kind = LogKind.VmKernel;
                ReadCpu(s, j, ref p);
                return true;
            }
            int tokEnd = TokenEnd(s, j);
            ReadOnlySpan<byte> tok = s.Slice(j, tokEnd - j);
            int next = SkipSpaces(s, tokEnd);
            if (IsLevelToken(tok))
            {
                // ESXi 7/8: "In(182) vmkernel: cpu…", "Wa(180) vmkwarning: …", "In(166) Hostd[123]: […] …", "In(05) vmx - …"
                if (StartsWith(s, next, "vmkernel:") || StartsWith(s, next, "vmkwarning:"))
                {
                    p.Shape = VMotionLineShape.Esxi8Syslog;
                    p.Kind = LogKind.VmKernel;
                    ReadCpu(s, SkipSpaces(s, TokenEnd(s, next)), ref p);
                    return true;
                }
                int threadEnd = TokenEnd(s, next);
                ReadOnlySpan<byte> thread = s.Slice(next, threadEnd - next);
                if (thread.Length > 1 && thread[thread.Length - 1] == (byte)':' && thread.IndexOf((byte)'[') > 0)
                {
                    bool hostd = Hostd6(s, SkipSpaces(s, threadEnd), ref p);
                    if (IsVpxa(thread)) p.Kind = LogKind.Vpxa;
                    return hostd;
                }
                int dash = SkipSpaces(s, threadEnd);
                if (dash < s.Length && s[dash] == (byte)'-')
                {
                    p.Shape = VMotionLineShape.VmxLevel;
                    p.Kind = LogKind.VmwareLog;
                    p.BodyStart = SkipSpaces(s, dash + 1);
                    return true;
                }
                return false;
            }
            if (IsHostdLevelWord(tok))
            {
                // ESXi 6/7 hostd: "info hostd[2099583] [Originator@6876 sub=… opID=…] body"
                bool hostd = Hostd6(s, SkipSpaces(s, TokenEnd(s, next)), ref p);
                if (IsVpxa(s.Slice(next))) p.Kind = LogKind.Vpxa;
                return hostd;
            }
            if (tok.Length > 0 && (StartsWith(s, next, "vmkernel:") || StartsWith(s, next, "vmkwarning:")))
            {
                p.Shape = VMotionLineShape.SyslogForwarded;
                p.Kind = LogKind.VmKernel;
                p.HostStart = j;
                p.HostLength = tok.Length;
                ReadCpu(s, SkipSpaces(s, TokenEnd(s, next)), ref p);
                return true;
            }
            if (tok.Length > 0 && TryProgram(s, next, out LogKind program, out int body))
            {
                // syslog-forwarded hostd/vpxa: "<host> Hostd: [3C2A1B70 verbose '…'] body" (5.x), "<host> Vpxa: info vpxa[…] [Originator@6876 …] body" (6.x+)
                p.HostStart = j;
                p.HostLength = tok.Length;
                if (body < s.Length && s[body] == (byte)'[')
                {
                    p.Shape = VMotionLineShape.HostdForwarded;
                    p.Kind = program;
                    return Bracket(s, body, ref p);
                }
                int levelEnd = TokenEnd(s, body);
                ReadOnlySpan<byte> level = s.Slice(body, levelEnd - body);
                if (IsHostdLevelWord(level) || IsLevelToken(level))
                {
                    int afterLevel = SkipSpaces(s, levelEnd);
                    int threadEnd = TokenEnd(s, afterLevel);
                    int context = s.Slice(afterLevel, threadEnd - afterLevel).IndexOf((byte)'[') > 0 ? SkipSpaces(s, threadEnd) : afterLevel;
                    Hostd6(s, context, ref p);
                }
                else
                {
                    p.BodyStart = body;
                }
                p.Shape = VMotionLineShape.HostdForwarded;
                p.Kind = program;
                return true;
            }
            return false;
        }

        /// <summary>"Hostd:", "Hostd[123]:", "Vpxa:", "vpxa[123]:" at <paramref name="j"/>: the program of a forwarded hostd/vpxa line.</summary>
        private static bool TryProgram(ReadOnlySpan<byte> s, int j, out LogKind kind, out int body)
        {
            kind = LogKind.Unknown;
            body = j;
            int end = TokenEnd(s, j);
            ReadOnlySpan<byte> t = s.Slice(j, end - j);
            if (t.Length < 5 || t[t.Length - 1] != (byte)':') return false;
            if (IsVpxa(t)) kind = LogKind.Vpxa;
            else if ((t[0] | 0x20) == 'h' && StartsWith(s, j + 1, "ostd") && (t.Length == 6 || t[5] == (byte)'[')) kind = LogKind.Hostd;
            else return false;
            body = SkipSpaces(s, end);
            return true;
        }

        private static bool IsVpxa(ReadOnlySpan<byte> t)
            => t.Length >= 4 && (t[0] | 0x20) == 'v' && t[1] == (byte)'p' && t[2] == (byte)'x' && t[3] == (byte)'a' && (t.Length == 4 || t[4] == (byte)':' || t[4] == (byte)'[');

        /// <summary>A hostd/vpxa 5.x context in brackets at <paramref name="j"/>: "[thread level 'context' opID=…] body".</summary>
        private static bool Bracket(ReadOnlySpan<byte> s, int j, ref LinePrefix p)
        {
            int close = s.Slice(j).IndexOf((byte)']');
            if (close < 0) return false;
            close += j;
            p.ContextStart = j + 1;
            p.ContextLength = close - j - 1;
            FindOpId(s, j + 1, close, ref p);
            p.BodyStart = SkipSpaces(s, close + 1);
            return true;
        }

        private static bool Hostd6(ReadOnlySpan<byte> s, int j, ref LinePrefix p)
        {
            p.Shape = VMotionLineShape.Hostd6;
            p.Kind = LogKind.Hostd;
            if (j < s.Length && s[j] == (byte)'[')
            {
                int close = s.Slice(j).IndexOf((byte)']');
                if (close > 0)
                {
                    close += j;
                    p.ContextStart = j + 1;
                    p.ContextLength = close - j - 1;
                    FindOpId(s, j, close, ref p);
                    p.BodyStart = SkipSpaces(s, close + 1);
                    return true;
                }
            }
            p.BodyStart = j;
            return true;
        }

        /// <summary>Reads "cpuN:WID opID=X)" (digits may be redacted as '#'); the body starts after ')'.</summary>
        private static void ReadCpu(ReadOnlySpan<byte> s, int j, ref LinePrefix p)
        {
            p.BodyStart = j;
            if (!StartsWith(s, j, "cpu")) return;
            int k = j + 3;
            int cpu = 0; bool digits = false;
            while (k < s.Length && (IsDigit(s[k]) || s[k] == (byte)'#'))
            {
                if (IsDigit(s[k]) && cpu < 100_000) { cpu = cpu * 10 + (s[k] - '0'); digits = true; }
                k++;
            }
            if (digits) p.Cpu = cpu;
            if (k < s.Length && s[k] == (byte)':')
            {
                k++;
                long wid = 0; bool w = false;
                while (k < s.Length && IsDigit(s[k]) && wid < 1_000_000_000_000L) { wid = wid * 10 + (s[k] - '0'); k++; w = true; }
                if (w) p.WorldId = wid;
            }
            int close = s.Slice(k).IndexOf((byte)')');
            if (close < 0 || close > 80) return;
            FindOpId(s, k, k + close, ref p);
            p.BodyStart = k + close + 1;
        }

        private static void FindOpId(ReadOnlySpan<byte> s, int from, int to, ref LinePrefix p)
        {
            int o = s.Slice(from, to - from).IndexOf("opID="u8);
            if (o < 0) return;
            int start = from + o + 5;
            int end = start;
            while (end < to && s[end] != (byte)' ' && s[end] != (byte)']' && s[end] != (byte)')') end++;
            if (end > start) { p.OpIdStart = start; p.OpIdLength = end - start; }
        }

        /// <summary>True at "dddd-dd-dd" where each d is a digit or a redaction letter (#, y, m, d, Y, M, D).</summary>
        public static bool IsDateAt(ReadOnlySpan<byte> s, int i)
        {
            if (i < 0 || i + 10 > s.Length) return false;
            return DateChar(s[i]) && DateChar(s[i + 1]) && DateChar(s[i + 2]) && DateChar(s[i + 3]) && s[i + 4] == (byte)'-'
                && DateChar(s[i + 5]) && DateChar(s[i + 6]) && s[i + 7] == (byte)'-' && DateChar(s[i + 8]) && DateChar(s[i + 9]);
        }

        private static bool DateChar(byte b) => IsDigit(b) || b == (byte)'#' || b == (byte)'y' || b == (byte)'Y' || b == (byte)'m' || b == (byte)'M' || b == (byte)'d' || b == (byte)'D';

        /// <summary>Parses "yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]" (T or space); the time is returned in UTC.</summary>
        public static bool TryParseTime(ReadOnlySpan<byte> s, out DateTime time, out int used)
        {
            time = default;
            used = 0;
            if (s.Length < 19) return false;
            if (!(D(s, 0, 4, out int y) && s[4] == '-' && D(s, 5, 2, out int mo) && s[7] == '-' && D(s, 8, 2, out int d)
                && (s[10] == 'T' || s[10] == ' ') && D(s, 11, 2, out int h) && s[13] == ':' && D(s, 14, 2, out int mi) && s[16] == ':' && D(s, 17, 2, out int se)))
                return false;
            if (mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, Math.Min(9999, y)), mo) || h > 23 || mi > 59 || se > 60 || y < 1970 || y > 9998) return false;
            int k = 19;
            long ticks = 0;
            if (k < s.Length && (s[k] == '.' || s[k] == ','))
            {
                k++;
                long scale = TimeSpan.TicksPerSecond / 10;
                while (k < s.Length && IsDigit(s[k])) { ticks += (s[k] - '0') * scale; scale /= 10; k++; }
            }
            TimeSpan offset = TimeSpan.Zero;
            if (k < s.Length && s[k] == 'Z') k++;
            else if (k + 5 < s.Length + 0 && (s[k] == '+' || s[k] == '-') && D(s, k + 1, 2, out int oh) && s[k + 3] == ':' && D(s, k + 4, 2, out int om))
            {
                offset = new TimeSpan(oh, om, 0);
                if (s[k] == '-') offset = -offset;
                k += 6;
            }
            time = new DateTime(y, mo, d, h, mi, Math.Min(se, 59), DateTimeKind.Utc).AddTicks(ticks) - offset;
            used = k;
            return true;
        }

        private static int TimeTokenLength(ReadOnlySpan<byte> s, int i)
        {
            // A redacted time: take the token, but stop where a run-on level token "In(05)" starts ("yyyy-mm-ddThh:mm:ssIn(05)").
            int k = i + 19 <= s.Length ? i + 19 : s.Length;
            while (k < s.Length && s[k] != (byte)' ' && s[k] != (byte)'|' && !(s[k] >= 'A' && s[k] <= 'Z' && k + 2 < s.Length && s[k + 2] == (byte)'(')) k++;
            return k;
        }

        private static bool TryParseUptime(ReadOnlySpan<byte> s, ref int j, out TimeSpan up)
        {
            // D:HH:MM:SS.mmm
            up = default;
            long[] parts = new long[4];
            int n = 0;
            int k = j;
            while (n < 4)
            {
                long v = 0; int start = k;
                while (k < s.Length && IsDigit(s[k]) && k - start < 9) { v = v * 10 + (s[k] - '0'); k++; }
                if (k == start) return false;
                parts[n++] = v;
                if (n < 4) { if (k >= s.Length || s[k] != (byte)':') return false; k++; }
            }
            if (parts[1] > 23 || parts[2] > 59 || parts[3] > 60) return false;
            long ms = 0;
            if (k < s.Length && s[k] == (byte)'.')
            {
                k++;
                int digits = 0;
                while (k < s.Length && IsDigit(s[k])) { if (digits < 3) { ms = ms * 10 + (s[k] - '0'); digits++; } k++; }
                while (digits++ < 3) ms *= 10;
            }
            up = new TimeSpan((int)Math.Min(parts[0], 100_000), (int)parts[1], (int)parts[2], (int)parts[3], (int)ms);
            j = k;
            return true;
        }

        /// <summary>"Mmm dd hh:mm:ss " (BSD syslog, day padded with a space).</summary>
        public static bool IsBsdTimeAt(ReadOnlySpan<byte> s, int i)
            => i + 16 <= s.Length && s[i] >= 'A' && s[i] <= 'Z' && IsLetter(s[i + 1]) && IsLetter(s[i + 2]) && s[i + 3] == ' '
               && (s[i + 4] == ' ' || IsDigit(s[i + 4])) && IsDigit(s[i + 5]) && s[i + 6] == ' ' && IsDigit(s[i + 7]) && IsDigit(s[i + 8])
               && s[i + 9] == ':' && IsDigit(s[i + 10]) && IsDigit(s[i + 11]) && s[i + 12] == ':' && IsDigit(s[i + 13]) && IsDigit(s[i + 14]) && s[i + 15] == ' ';

        private static bool IsLevelToken(ReadOnlySpan<byte> t)
            => t.Length >= 4 && t.Length <= 8 && IsLetter(t[0]) && IsLetter(t[1]) && t[2] == (byte)'(' && t[t.Length - 1] == (byte)')';

        private static bool IsHostdLevelWord(ReadOnlySpan<byte> t)
            => t.SequenceEqual("info"u8) || t.SequenceEqual("verbose"u8) || t.SequenceEqual("warning"u8) || t.SequenceEqual("error"u8) || t.SequenceEqual("panic"u8);

        private static bool D(ReadOnlySpan<byte> s, int i, int n, out int value)
        {
            value = 0;
            for (int k = 0; k < n; k++)
            {
                byte b = s[i + k];
                if (!IsDigit(b)) return false;
                value = value * 10 + (b - '0');
            }
            return true;
        }

        private static int TokenEnd(ReadOnlySpan<byte> s, int j)
        {
            while (j < s.Length && s[j] != (byte)' ') j++;
            return j;
        }

        private static int SkipSpaces(ReadOnlySpan<byte> s, int j)
        {
            while (j < s.Length && (s[j] == (byte)' ' || s[j] == (byte)'\t')) j++;
            return j;
        }

        public static bool StartsWith(ReadOnlySpan<byte> s, int j, string ascii)
        {
            if (j < 0 || j + ascii.Length > s.Length) return false;
            for (int k = 0; k < ascii.Length; k++) if (s[j + k] != (byte)ascii[k]) return false;
            return true;
        }

        private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
        private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 25;
    }
}
