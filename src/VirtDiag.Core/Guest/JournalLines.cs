using System;
using System.Globalization;
using System.Text;

namespace VirtDiag.Guest
{
    /// <summary>
    /// Turns systemd journal exports into plain log lines the prefix reader knows: <c>journalctl -o export</c> (one
    /// <c>KEY=value</c> per line, entries split by a blank line) and <c>journalctl -o json</c> (one object per line).
    /// Each entry's MESSAGE becomes <c>&lt;ISO time&gt; &lt;host&gt; &lt;identifier&gt;: [&lt;uptime&gt;] &lt;message&gt;</c> from
    /// <c>__REALTIME_TIMESTAMP</c>, <c>_HOSTNAME</c>, <c>SYSLOG_IDENTIFIER</c> and <c>__MONOTONIC_TIMESTAMP</c>.
    /// </summary>
    internal sealed class JournalLines
    {
        private const int MaxMessage = 64 * 1024;
        private bool _export;
        private long? _realtime, _monotonic;
        private string? _host, _identifier;
        private byte[] _buffer = new byte[512];

        /// <summary>Binary (length-prefixed) or non-string MESSAGE fields that could not be read as text.</summary>
        public long Unreadable { get; private set; }

        /// <summary>
        /// Reads one line. Returns false for a line that is not journal output (read it as it is). Returns true with an
        /// empty <paramref name="synthetic"/> for a journal field that is not a message, or with the message line made.
        /// </summary>
        public bool TryTransform(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> synthetic)
        {
            synthetic = default;
            if (line.Length > 1 && line[0] == '{' && line[1] == '"') return Json(line, out synthetic);
            if (!_export)
            {
                if (!StartsWith(line, "__CURSOR=") && !StartsWith(line, "__REALTIME_TIMESTAMP=")) return false;
                _export = true;
            }
            if (line.Length == 0)
            {
                _realtime = null; _monotonic = null; _identifier = null;
                return true;
            }
            int eq = line.IndexOf((byte)'=');
            if (eq < 0 && Is(line, "MESSAGE")) Unreadable++;
            if (eq <= 0 || !IsFieldName(line.Slice(0, eq)))
            {
                // a binary field's name line, its length and data, or text that is not export format at all
                return true;
            }
            ReadOnlySpan<byte> key = line.Slice(0, eq), value = line.Slice(eq + 1);
            if (Is(key, "__REALTIME_TIMESTAMP")) _realtime = Number(value);
            else if (Is(key, "__MONOTONIC_TIMESTAMP")) _monotonic = Number(value);
            else if (Is(key, "_HOSTNAME")) _host = Ascii(value);
            else if (Is(key, "SYSLOG_IDENTIFIER")) _identifier = Ascii(value);
            else if (Is(key, "MESSAGE")) synthetic = Make(value, _realtime, _monotonic, _host, _identifier);
            return true;
        }

        private bool Json(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> synthetic)
        {
            synthetic = default;
            string text = Ascii(line);
            string? message = null, realtime = null, monotonic = null, host = null, identifier = null;
            bool sawMessage = false;
            int i = 1;
            while (i < text.Length)
            {
                while (i < text.Length && (text[i] == ' ' || text[i] == ',')) i++;
                if (i >= text.Length || text[i] == '}') break;
                if (text[i] != '"') return false;
                string? key = ReadString(text, ref i);
                while (i < text.Length && text[i] == ' ') i++;
                if (key == null || i >= text.Length || text[i] != ':') return false;
                i++;
                while (i < text.Length && text[i] == ' ') i++;
                string? value = null;
                if (i < text.Length && text[i] == '"') value = ReadString(text, ref i);
                else if (!SkipValue(text, ref i)) return false;
                switch (key)
                {
                    case "MESSAGE": message = value; sawMessage = true; break;
                    case "__REALTIME_TIMESTAMP": realtime = value; break;
                    case "__MONOTONIC_TIMESTAMP": monotonic = value; break;
                    case "_HOSTNAME": host = value; break;
                    case "SYSLOG_IDENTIFIER": identifier = value; break;
                }
            }
            if (!sawMessage) return realtime != null;
            if (message == null) { Unreadable++; return true; }
            byte[] m = Encoding.UTF8.GetBytes(message);
            synthetic = Make(m, ParseLong(realtime), ParseLong(monotonic), host, identifier);
            return true;
        }

        private ReadOnlySpan<byte> Make(ReadOnlySpan<byte> message, long? realtimeUs, long? monotonicUs, string? host, string? identifier)
        {
            var sb = new StringBuilder(96);
            if (realtimeUs.HasValue && realtimeUs.Value >= 0 && realtimeUs.Value < 253402300799000000L)
            {
                DateTimeOffset t = DateTimeOffset.FromUnixTimeMilliseconds(realtimeUs.Value / 1000).AddTicks(realtimeUs.Value % 1000 * 10);
                sb.Append(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("Z ");
                sb.Append(string.IsNullOrEmpty(host) ? "-" : host).Append(' ');
                sb.Append(string.IsNullOrEmpty(identifier) ? "kernel" : identifier).Append(": ");
            }
            if (monotonicUs.HasValue && monotonicUs.Value >= 0)
                sb.Append('[').Append((monotonicUs.Value / 1000000).ToString(CultureInfo.InvariantCulture)).Append('.')
                  .Append((monotonicUs.Value % 1000000).ToString("D6", CultureInfo.InvariantCulture)).Append("] ");
            string head = sb.ToString();
            int msgLen = Math.Min(message.Length, MaxMessage);
            int need = head.Length + msgLen;
            if (_buffer.Length < need) _buffer = new byte[Math.Max(need, _buffer.Length * 2)];
            for (int k = 0; k < head.Length; k++) _buffer[k] = (byte)head[k];
            message.Slice(0, msgLen).CopyTo(_buffer.AsSpan(head.Length));
            return new ReadOnlySpan<byte>(_buffer, 0, need);
        }

        private static string? ReadString(string s, ref int i)
        {
            var sb = new StringBuilder();
            i++;
            while (i < s.Length)
            {
                char c = s[i++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (i >= s.Length) return null;
                char e = s[i++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (i + 4 > s.Length || !int.TryParse(s.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int u)) return null;
                        sb.Append((char)u); i += 4; break;
                    default: sb.Append(e); break;
                }
            }
            return null;
        }

        /// <summary>Skips a number, literal, or an array/object (journald writes non-UTF-8 messages as byte arrays).</summary>
        private static bool SkipValue(string s, ref int i)
        {
            int depth = 0;
            bool quoted = false;
            while (i < s.Length)
            {
                char c = s[i];
                if (quoted)
                {
                    if (c == '\\') i++;
                    else if (c == '"') quoted = false;
                }
                else if (c == '"') quoted = true;
                else if (c == '[' || c == '{') depth++;
                else if (c == ']' || c == '}')
                {
                    if (depth == 0) return true;
                    depth--;
                }
                else if (c == ',' && depth == 0) return true;
                i++;
            }
            return depth == 0;
        }

        private static bool IsFieldName(ReadOnlySpan<byte> k)
        {
            foreach (byte b in k)
                if (!((b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_')) return false;
            return true;
        }

        private static bool Is(ReadOnlySpan<byte> k, string name)
        {
            if (k.Length != name.Length) return false;
            for (int i = 0; i < k.Length; i++) if (k[i] != name[i]) return false;
            return true;
        }

        private static bool StartsWith(ReadOnlySpan<byte> s, string p) => s.Length >= p.Length && Is(s.Slice(0, p.Length), p);

        private static long? Number(ReadOnlySpan<byte> v)
        {
            long n = 0;
            if (v.IsEmpty || v.Length > 18) return null;
            foreach (byte b in v)
            {
                if (b < '0' || b > '9') return null;
                n = n * 10 + (b - '0');
            }
            return n;
        }

        private static long? ParseLong(string? s)
            => s != null && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

        private static string Ascii(ReadOnlySpan<byte> s) => LinePrefix.Ascii(s);
    }
}
