using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VirtDiag.Common;

namespace VirtDiag.Vdsm
{
    /// <summary>Small text helpers for vdsm messages: task ids, Python string literals, argument lists, status dicts, wrappers.</summary>
    internal static class VdsmText
    {
        public static bool IsUuidAt(string s, int i)
        {
            if (i < 0 || i + 36 > s.Length) return false;
            for (int k = 0; k < 36; k++)
            {
                char c = s[i + k];
                if (k == 8 || k == 13 || k == 18 || k == 23) { if (c != '-') return false; }
                else if (!IsHex(c)) return false;
            }
            return i + 36 == s.Length || !IsHex(s[i + 36]);
        }

        public static bool IsUuid(string s) => s.Length == 36 && IsUuidAt(s, 0);

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        /// <summary>The storage task a record belongs to: a UUID thread, or <c>(Task='…')</c>, <c>Task=`…`</c>, <c>Task …</c>, <c>task_id=…</c> in the message.</summary>
        public static string? FindTaskId(string thread, string message)
        {
            if (thread.Length == 36 && IsUuid(thread)) return thread;
            // New layout puts "(Task='uuid')" first: check it before scanning.
            if (message.Length >= 44 && message[0] == '(' && string.CompareOrdinal(message, 1, "Task='", 0, 6) == 0 && IsUuidAt(message, 7))
                return message.Substring(7, 36);
            if (message.Length < 41) return null; // "task " and a UUID at least
            int from = 2;
            while (true)
            {
                // Scan for the 'k' of "task"/"Task" with the single-char search, the fastest the runtime has.
                int k = message.IndexOf('k', from);
                if (k < 0) return null;
                from = k + 1;
                if (message[k - 1] != 's' || message[k - 2] != 'a') continue;
                int i = k - 2;
                if (i < 1) continue;
                char t = message[i - 1];
                if (t != 'T' && t != 't') continue;
                if (i >= 2 && char.IsLetter(message[i - 2])) continue;
                int j = i + 3;
                if (j < message.Length && message[j] == '_')
                {
                    if (string.CompareOrdinal(message, j, "_id=", 0, 4) != 0) continue;
                    j += 4;
                }
                else if (j < message.Length && message[j] == '=')
                {
                    j++;
                    if (j < message.Length && (message[j] == '\'' || message[j] == '`')) j++;
                }
                else if (j < message.Length && message[j] == ' ')
                {
                    j++;
                }
                else continue;
                if (IsUuidAt(message, j)) return message.Substring(j, 36);
            }
        }

        /// <summary>The same as <see cref="FindTaskId(string, string)"/> over the message's UTF-8 bytes.</summary>
        public static string? FindTaskId(string thread, ReadOnlySpan<byte> m)
        {
            if (thread.Length == 36 && IsUuid(thread)) return thread;
            if (m.Length >= 44 && m[0] == (byte)'(' && m[1] == (byte)'T' && m[2] == (byte)'a' && m[3] == (byte)'s' && m[4] == (byte)'k'
                && m[5] == (byte)'=' && m[6] == (byte)'\'' && IsUuidAt(m, 7))
                return Ascii(m.Slice(7, 36));
            if (m.Length < 41) return null;
            int from = 2;
            while (from < m.Length)
            {
                int rel = m.Slice(from).IndexOf((byte)'k');
                if (rel < 0) return null;
                int k = from + rel;
                from = k + 1;
                if (m[k - 1] != (byte)'s' || m[k - 2] != (byte)'a') continue;
                int i = k - 2;
                if (i < 1) continue;
                byte t = m[i - 1];
                if (t != (byte)'T' && t != (byte)'t') continue;
                if (i >= 2 && IsAsciiLetter(m[i - 2])) continue;
                int j = i + 3;
                if (j < m.Length && m[j] == (byte)'_')
                {
                    if (j + 4 > m.Length || m[j + 1] != (byte)'i' || m[j + 2] != (byte)'d' || m[j + 3] != (byte)'=') continue;
                    j += 4;
                }
                else if (j < m.Length && m[j] == (byte)'=')
                {
                    j++;
                    if (j < m.Length && (m[j] == (byte)'\'' || m[j] == (byte)'`')) j++;
                }
                else if (j < m.Length && m[j] == (byte)' ')
                {
                    j++;
                }
                else continue;
                if (IsUuidAt(m, j)) return Ascii(m.Slice(j, 36));
            }
            return null;
        }

        private static bool IsAsciiLetter(byte b) => (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || b >= 0x80;

        private static bool IsUuidAt(ReadOnlySpan<byte> s, int i)
        {
            if (i < 0 || i + 36 > s.Length) return false;
            for (int k = 0; k < 36; k++)
            {
                char c = (char)s[i + k];
                if (k == 8 || k == 13 || k == 18 || k == 23) { if (c != '-') return false; }
                else if (!IsHex(c)) return false;
            }
            return i + 36 == s.Length || !IsHex((char)s[i + 36]);
        }

        private static string Ascii(ReadOnlySpan<byte> s) => Utf8Text.Decode(s);

        /// <summary>Reads a Python string literal (<c>'…'</c>, <c>"…"</c>, <c>b'…'</c>, <c>u'…'</c>) at <paramref name="start"/>, unescaped.</summary>
        public static string? ReadPyString(string s, int start, out int end)
        {
            end = start;
            int i = start;
            bool bytes = i < s.Length && s[i] == 'b';
            bool highByte = false;
            if (i < s.Length && (s[i] == 'b' || s[i] == 'u')) i++;
            if (i >= s.Length || (s[i] != '\'' && s[i] != '"')) return null;
            char q = s[i++];
            var sb = new StringBuilder();
            while (i < s.Length)
            {
                char c = s[i];
                if (c == q) { end = i + 1; return Text(sb, bytes && highByte); }
                if (c == '\\' && i + 1 < s.Length)
                {
                    char n = s[i + 1];
                    i += 2;
                    switch (n)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case '0': sb.Append('\0'); break;
                        case '\\': sb.Append('\\'); break;
                        case '\'': sb.Append('\''); break;
                        case '"': sb.Append('"'); break;
                        case 'x':
                            if (i + 2 <= s.Length && int.TryParse(s.Substring(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int x)) { sb.Append((char)x); i += 2; highByte |= x >= 0x80; }
                            else sb.Append("\\x");
                            break;
                        default: sb.Append('\\').Append(n); break;
                    }
                    continue;
                }
                sb.Append(c);
                i++;
            }
            end = s.Length; // unterminated: a cut line
            return Text(sb, bytes && highByte);
        }

        // Python 3 prints bytes (b'…', what commands.py logs as <err>) with \xNN for every non-ASCII byte: those are UTF-8.
        private static string Text(StringBuilder sb, bool utf8Bytes)
        {
            if (!utf8Bytes) return sb.ToString();
            var raw = new byte[sb.Length];
            for (int k = 0; k < sb.Length; k++) raw[k] = (byte)sb[k];
            return Encoding.UTF8.GetString(raw);
        }

        private static readonly System.Text.RegularExpressions.Regex s_ids = new System.Text.RegularExpressions.Regex(
            @"(?<![A-Za-z_])['""]?(?<k>sdUUID|spUUID|imgUUID|volUUID|srcImgUUID|srcVolUUID|vmId|vmID|vmUUID|storagedomainID|storagepoolID|imageID|volumeID)['""]?\s*[:=]\s*u?['""]?(?<v>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>
        /// The ids vdsm names in a verb's arguments or context, in the spellings of its API (<c>sdUUID=</c>,
        /// <c>'storagedomainID': </c>, <c>vmId=</c>): VM, storage pool, storage domain, image, volume; the first of each wins.
        /// </summary>
        public static (string? Vm, string? Pool, string? Domain, string? Image, string? Volume) FindIds(string? text)
        {
            string? vm = null, pool = null, domain = null, image = null, volume = null;
            if (string.IsNullOrEmpty(text) || text!.IndexOf("-", StringComparison.Ordinal) < 0) return (vm, pool, domain, image, volume);
            foreach (System.Text.RegularExpressions.Match m in s_ids.Matches(text))
            {
                string v = m.Groups["v"].Value;
                switch (m.Groups["k"].Value)
                {
                    case "vmId": case "vmID": case "vmUUID": vm ??= v; break;
                    case "spUUID": case "storagepoolID": pool ??= v; break;
                    case "sdUUID": case "storagedomainID": domain ??= v; break;
                    case "imgUUID": case "imageID": case "srcImgUUID": image ??= v; break;
                    default: volume ??= v; break;
                }
            }
            return (vm, pool, domain, image, volume);
        }

        /// <summary>The VM id of a record that begins with vdsm's <c>(vmId='…')</c> context, or null.</summary>
        public static string? VmIdOf(string message)
        {
            const string tag = "(vmId='";
            return message.Length >= tag.Length + 38 && message.StartsWith(tag, StringComparison.Ordinal) && message[tag.Length + 36] == '\'' && IsUuidAt(message, tag.Length)
                ? message.Substring(tag.Length, 36) : null;
        }

        /// <summary>Parses <c>SUCCESS: &lt;err&gt; = '…'; &lt;rc&gt; = N</c> (or FAILED); false when the message is not one.</summary>
        public static bool TryParseCommandResult(string m, out bool success, out int? rc, out string? stderr)
        {
            success = false; rc = null; stderr = null;
            const string errTag = "<err> = ";
            if (m.StartsWith("SUCCESS: ", StringComparison.Ordinal)) success = true;
            else if (!m.StartsWith("FAILED: ", StringComparison.Ordinal)) return false;
            int e = m.IndexOf(errTag, StringComparison.Ordinal);
            if (e < 0) return false;
            int vs = e + errTag.Length;
            int r = m.LastIndexOf("<rc> = ", StringComparison.Ordinal);
            if (r >= 0)
            {
                int ds = r + 7, de = ds;
                if (de < m.Length && m[de] == '-') de++;
                while (de < m.Length && char.IsDigit(m[de])) de++;
                if (int.TryParse(m.Substring(ds, de - ds), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code)) rc = code;
            }
            string? literal = ReadPyString(m, vs, out int end);
            if (literal != null && (r < 0 || end <= r)) stderr = literal;
            else
            {
                int stop = r >= 0 ? r : m.Length;
                string raw = m.Substring(vs, Math.Max(0, stop - vs)).Trim().TrimEnd(';').Trim();
                stderr = raw;
            }
            return true;
        }

        /// <summary>Splits <c>cmd … (cwd X)</c>: the command line (outer quotes removed) and the cwd (null for None).</summary>
        public static bool TryParseCommandLine(string m, out string commandLine, out string? cwd)
        {
            commandLine = string.Empty; cwd = null;
            if (m.Length < 8 || m[m.Length - 1] != ')') return false;
            int c = m.LastIndexOf(" (cwd ", StringComparison.Ordinal);
            if (c < 0 && m.StartsWith("(cwd ", StringComparison.Ordinal)) c = -1;
            else if (c < 0) return false;
            int vs = c + 6;
            string cw = m.Substring(vs, m.Length - 1 - vs).Trim();
            cwd = cw == "None" ? null : cw;
            string cl = c < 0 ? string.Empty : m.Substring(0, c).Trim();
            if (cl.Length >= 2 && cl[0] == '\'' && cl[cl.Length - 1] == '\'') cl = cl.Substring(1, cl.Length - 2);
            commandLine = cl;
            return cl.Length > 0;
        }

        private static readonly HashSet<string> s_wrappers = new HashSet<string>(StringComparer.Ordinal)
        { "sudo", "taskset", "nice", "ionice", "setsid", "env", "timeout", "chrt", "prlimit", "systemd-run" };

        /// <summary>The program a command line really runs, after sudo/taskset/nice/ionice/setsid/env/timeout wrappers.</summary>
        public static string? Executable(string commandLine)
        {
            List<string> t = Tokens(commandLine);
            int i = 0;
            while (i < t.Count)
            {
                string name = BaseName(t[i]);
                if (!s_wrappers.Contains(name)) return t[i];
                i++;
                switch (name)
                {
                    case "sudo":
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            string o = t[i++];
                            if ((o == "-u" || o == "-g" || o == "-C" || o == "-p") && i < t.Count) i++;
                            if (o == "--") break;
                        }
                        break;
                    case "taskset":
                        bool list = false;
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            string o = t[i++];
                            if (o == "-c" || o == "--cpu-list") { list = true; if (i < t.Count) i++; }
                        }
                        if (!list && i < t.Count) i++; // the mask
                        break;
                    case "nice":
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            string o = t[i++];
                            if (o == "-n" && i < t.Count) i++;
                        }
                        break;
                    case "ionice":
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            string o = t[i++];
                            if ((o == "-c" || o == "-n" || o == "-p" || o == "--class" || o == "--classdata") && i < t.Count) i++;
                        }
                        break;
                    case "env":
                        while (i < t.Count && (t[i].StartsWith("-", StringComparison.Ordinal) || t[i].IndexOf('=') > 0)) i++;
                        break;
                    case "timeout":
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            string o = t[i++];
                            if ((o == "-s" || o == "-k") && i < t.Count) i++;
                        }
                        if (i < t.Count) i++; // the duration
                        break;
                    case "chrt":
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal)) i++;
                        if (i < t.Count) i++; // the priority
                        break;
                    default:
                        while (i < t.Count && t[i].StartsWith("-", StringComparison.Ordinal)) i++;
                        break;
                }
            }
            return null;
        }

        private static string BaseName(string s)
        {
            int slash = s.LastIndexOf('/');
            return slash >= 0 ? s.Substring(slash + 1) : s;
        }

        /// <summary>Splits a command line on blanks, keeping '…' and "…" groups together (quotes removed).</summary>
        public static List<string> Tokens(string s)
        {
            var list = new List<string>();
            var sb = new StringBuilder();
            char quote = '\0';
            bool any = false;
            foreach (char c in s)
            {
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0'; else sb.Append(c);
                }
                else if (c == '\'' || c == '"') { quote = c; any = true; }
                else if (c == ' ' || c == '\t')
                {
                    if (sb.Length > 0 || any) { list.Add(sb.ToString()); sb.Clear(); any = false; }
                }
                else sb.Append(c);
            }
            if (sb.Length > 0 || any) list.Add(sb.ToString());
            return list;
        }

        /// <summary>Simple <c>key=value</c> pairs of an argument list (<c>a=1, b=u'x'</c> or old <c>( a=1 b=x)</c>).</summary>
        public static IReadOnlyDictionary<string, string> ParseArguments(string? args)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(args)) return d;
            string s = args!.Trim();
            if (s.StartsWith("(", StringComparison.Ordinal) && s.EndsWith(")", StringComparison.Ordinal)) s = s.Substring(1, s.Length - 2);
            bool commaSeparated = s.IndexOf(", ", StringComparison.Ordinal) >= 0 || s.IndexOf(' ') < 0;
            int depth = 0, start = 0;
            char quote = '\0';
            for (int i = 0; i <= s.Length; i++)
            {
                char c = i < s.Length ? s[i] : ',';
                if (quote != '\0')
                {
                    if (c == '\\') i++;
                    else if (c == quote) quote = '\0';
                    continue;
                }
                if (c == '\'' || c == '"') { quote = c; continue; }
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
                else if (depth <= 0 && (c == ',' || (!commaSeparated && c == ' ')))
                {
                    AddPair(d, s.Substring(start, i - start));
                    start = i + 1;
                }
            }
            return d;
        }

        private static void AddPair(Dictionary<string, string> d, string part)
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) return;
            string key = part.Substring(0, eq).Trim();
            if (key.Length == 0 || !(char.IsLetter(key[0]) || key[0] == '_')) return;
            foreach (char c in key) if (!(char.IsLetterOrDigit(c) || c == '_')) return;
            string value = part.Substring(eq + 1).Trim();
            if (value.Length > 0 && (value[0] == '\'' || value[0] == '"' || ((value[0] == 'u' || value[0] == 'b') && value.Length > 1 && (value[1] == '\'' || value[1] == '"'))))
                value = ReadPyString(value, 0, out _) ?? value;
            d[key] = value;
        }

        /// <summary>Reads <c>'code': N</c> and <c>'message': '…'</c> from a status dict (the <c>'status'</c> one when present).</summary>
        public static void ParseStatus(string text, out int? code, out string? message)
        {
            code = null; message = null;
            int from = text.IndexOf("'status': {", StringComparison.Ordinal);
            if (from < 0) from = 0;
            int c = text.IndexOf("'code': ", from, StringComparison.Ordinal);
            if (c >= 0)
            {
                int ds = c + 8, de = ds;
                if (de < text.Length && text[de] == '-') de++;
                while (de < text.Length && char.IsDigit(text[de])) de++;
                if (int.TryParse(text.Substring(ds, de - ds), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)) code = v;
            }
            int m = text.IndexOf("'message': ", from, StringComparison.Ordinal);
            if (m >= 0) message = ReadPyString(text, m + 11, out _);
        }

        /// <summary>The value of <c>name=</c> up to the next comma, blank or closing parenthesis (last occurrence).</summary>
        public static string? KeyValue(string s, string name)
        {
            int i = s.LastIndexOf(name, StringComparison.Ordinal);
            if (i < 0 || (i > 0 && char.IsLetterOrDigit(s[i - 1]))) return null;
            int vs = i + name.Length, ve = vs;
            while (ve < s.Length && s[ve] != ',' && s[ve] != ' ' && s[ve] != ')') ve++;
            return ve > vs ? s.Substring(vs, ve - vs) : null;
        }

        /// <summary>A leading identifier (letters, digits, '_', '.') at <paramref name="start"/>.</summary>
        public static string Identifier(string s, int start, out int end)
        {
            end = start;
            while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_' || s[end] == '.')) end++;
            return s.Substring(start, end - start);
        }
    }
}
