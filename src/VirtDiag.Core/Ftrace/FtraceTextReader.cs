using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Ftrace
{
    /// <summary>Reads text traces: <c>trace-cmd report</c> output (plain, -R, -l, --ts-diff, multi-file, instances) and tracefs <c>trace</c> files.</summary>
    public static class FtraceTextReader
    {
        /// <summary>Reads the events of text documents, one document after another (each is already in time order).</summary>
        public static IEnumerable<TraceEvent> Read(IReadOnlyList<LogDocument> documents, TraceReadOptions options, ReadContext context)
            => DocumentReader.ReadLines(documents, null, d => new FtraceTextParser(d.Path, d.HostName, options, context), context);
    }

    /// <summary>
    /// Line parser for ftrace / trace-cmd text. Lines that are neither events nor comments (headers such as
    /// <c>version = 6</c>, notes, foreign text) are counted: a document with none of its lines an event gets a
    /// NoRelevantData warning naming the first such line; otherwise their count is reported as Skipped (verbose).
    /// Report text that went through mail is mended: a line a mail client wrapped (the rest of an event on the next
    /// line) and quoted-printable soft breaks (<c>=</c> at the line end, <c>=3D</c> for <c>=</c>) are joined back into
    /// one event; an event cut by a soft break whose rest is missing is left out and counted as damaged, never read.
    /// </summary>
    public sealed class FtraceTextParser : ILineParser<TraceEvent>
    {
        private readonly string _path;
        private readonly string? _machine;
        private readonly TraceReadOptions _options;
        private readonly ReadContext? _context;
        private bool _multiFile;
        private bool _first = true;
        private long _eventLines, _otherLines, _firstOther;
        // the last event line, held until the next line shows whether it continues it
        private string? _held;
        private TraceEvent? _heldEvent;
        private long _heldLine;
        private bool _quotedPrintable;
        private long _joined, _firstJoined, _damaged, _firstDamaged;
        // Mail clients wrap at 72 to 78 columns: a physical line of that length may have lost its rest to the next line,
        // which then starts at column 0 (event lines start with the blanks that right-align their command); a longer
        // line was not wrapped.
        private const int WrapMin = 60, WrapMax = 80;
        private int _lastPiece;

        /// <summary>Creates a parser for one document; <paramref name="context"/> (optional) receives the line accounting.</summary>
        public FtraceTextParser(string path, string? machine, TraceReadOptions options, ReadContext? context = null)
        {
            _path = path; _machine = machine; _options = options ?? new TraceReadOptions(); _context = context;
        }

        /// <summary>Lines read as events (before the filters).</summary>
        public long EventLines => _eventLines;

        /// <summary>Lines that were neither events nor comments nor blank.</summary>
        public long OtherLines => _otherLines;

        /// <summary>Event lines re-joined from a mail-wrapped or quoted-printable text.</summary>
        public long JoinedLines => _joined;

        /// <summary>Event lines cut by a soft break whose rest is missing: left out.</summary>
        public long DamagedLines => _damaged;

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<TraceEvent> output)
        {
            if (line.Length == 0 || line[0] == (byte)'#' || IsBlank(line)) { Release(output); return; }
            bool hasColon = line.IndexOf((byte)':') >= 0;
            if (_held == null && !hasColon) { if (!IsReportHeader(line)) Other(lineNumber); return; }
            string s = Encoding.UTF8.GetString(line.ToArray());
            if (!_quotedPrintable && s.IndexOf("=3D", StringComparison.Ordinal) >= 0 && AllEscapes(s)) _quotedPrintable = true;
            if (_quotedPrintable) s = DecodeQuotedPrintable(s);
            TraceEvent? parsed = null;
            bool tried = false;
            if (_held != null)
            {
                bool endsWithEquals = _held.EndsWith("=", StringComparison.Ordinal);
                if (hasColon && !(endsWithEquals && _quotedPrintable)) { parsed = Parse(s, lineNumber); tried = true; }
                if (parsed == null && !IsReportHeader(line) && (endsWithEquals || (_lastPiece >= WrapMin && _lastPiece <= WrapMax && line[0] != ' ' && line[0] != '\t')) && s.IndexOf("[LOST", StringComparison.Ordinal) < 0)
                {
                    if (endsWithEquals)
                    {
                        // a quoted-printable soft break: the rest follows without a blank, and the text is encoded
                        if (!_quotedPrintable) { _quotedPrintable = true; _held = DecodeQuotedPrintable(_held); s = DecodeQuotedPrintable(s); }
                        _held = _held.Substring(0, _held.Length - 1) + s;
                    }
                    else _held = _held + " " + s.TrimStart(); // a mail client wrapped at a blank and ate it
                    _heldEvent = null;
                    _lastPiece = line.Length;
                    if (_joined++ == 0) _firstJoined = lineNumber;
                    return;
                }
                Release(output);
            }
            if (!hasColon) { if (!IsReportHeader(line)) Other(lineNumber); return; }
            if (_first)
            {
                string t = s.Trim();
                if (t.StartsWith("cpus=", StringComparison.Ordinal)) { _first = false; return; }
                int c = t.IndexOf(": cpus=", StringComparison.Ordinal);
                if (c > 0) { _multiFile = true; _first = false; return; }
                _first = false;
            }
            if (!tried) parsed = Parse(s, lineNumber);
            if (parsed == null) { Other(lineNumber); return; }
            _held = s;
            _heldEvent = parsed;
            _heldLine = lineNumber;
            _lastPiece = line.Length;
        }

        /// <summary>Reads the held event line: an event, or damaged when a soft break cut it and its rest never came.</summary>
        private void Release(List<TraceEvent> output)
        {
            string? s = _held;
            TraceEvent? e = _heldEvent;
            _held = null;
            _heldEvent = null;
            if (s == null) return;
            if (_quotedPrintable && s.EndsWith("=", StringComparison.Ordinal))
            {
                if (_damaged++ == 0) _firstDamaged = _heldLine;
                return;
            }
            e ??= Parse(s, _heldLine);
            if (e == null) { Other(_heldLine); return; }
            _eventLines++;
            if (Keep(e)) output.Add(e);
        }

        /// <summary>Every <c>=</c> of the line starts a <c>=XX</c> escape or is a soft break at its end.</summary>
        private static bool AllEscapes(string s)
        {
            string t = s.TrimEnd(' ', '\t', '\r');
            for (int i = t.IndexOf('='); i >= 0; i = t.IndexOf('=', i + 1))
                if (!IsHexPair(t, i + 1) && i != t.Length - 1) return false;
            return true;
        }

        private static bool IsHexPair(string s, int i)
            => i >= 0 && i + 1 < s.Length && IsUpperHex(s[i]) && IsUpperHex(s[i + 1]);

        private static bool IsUpperHex(char c) => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');

        /// <summary>Decodes <c>=XX</c> escapes (a trailing soft-break <c>=</c> is kept for the join to see).</summary>
        private static string DecodeQuotedPrintable(string s)
        {
            if (s.IndexOf('=') < 0) return s;
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '=' && IsHexPair(s, i + 1))
                {
                    sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else sb.Append(s[i]);
            }
            return sb.ToString().TrimEnd(' ', '\t', '\r');
        }

        private static readonly byte[] s_cpus = Encoding.ASCII.GetBytes("cpus="), s_version = Encoding.ASCII.GetBytes("version = "),
            s_cpu = Encoding.ASCII.GetBytes("CPU "), s_isEmpty = Encoding.ASCII.GetBytes(" is empty");

        /// <summary>trace-cmd report's own header lines (cpus=N, version = N, CPU N is empty): skipped on purpose.</summary>
        private static bool IsReportHeader(ReadOnlySpan<byte> line)
        {
            int start = 0, end = line.Length;
            while (start < end && IsSpace(line[start])) start++;
            while (end > start && IsSpace(line[end - 1])) end--;
            ReadOnlySpan<byte> t = line.Slice(start, end - start);
            return t.StartsWith(s_cpus) || t.StartsWith(s_version) || (t.StartsWith(s_cpu) && t.EndsWith(s_isEmpty));
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';

        private static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (byte b in line) if (!IsSpace(b)) return false;
            return true;
        }

        private void Other(long lineNumber)
        {
            if (_otherLines++ == 0) _firstOther = lineNumber;
        }

        private bool Keep(TraceEvent e)
        {
            if (!_options.KeepEvent(e.System, e.Name)) return false;
            if (!Filter.Allows(_options.Cpu, e.Cpu)) return false;
            if (!Filter.Allows(_options.Pid, e.Pid)) return false;
            if (!_options.KeepComm(e.Comm)) return false;
            if (!_options.KeepMachine(e.Machine)) return false;
            if (_options.AfterNs.HasValue && e.Timestamp < _options.AfterNs.Value) return false;
            if (_options.BeforeNs.HasValue && e.Timestamp >= _options.BeforeNs.Value) return false;
            return true;
        }

        /// <inheritdoc/>
        public void Complete(List<TraceEvent> output)
        {
            Release(output);
            if (_context == null) return;
            if (_damaged > 0)
                _context.Report(_path, IssueKind.MalformedRecord, _damaged + " event line(s) cut by a quoted-printable soft break have no rest and were left out, the first at line " + _firstDamaged, _firstDamaged);
            long total = _otherLines + _joined + _damaged;
            if (total == 0) return;
            long first = Min(_otherLines > 0 ? _firstOther : 0, _joined > 0 ? _firstJoined : 0, _damaged > 0 ? _firstDamaged : 0);
            if (_eventLines == 0)
            {
                _context.Report(_path, IssueKind.NoRelevantData, "no trace event lines (trace-cmd report or tracefs trace text) among " + total + " line(s); the first is line " + first, first);
                return;
            }
            var parts = new List<string>();
            if (_otherLines > 0) parts.Add(_otherLines + " header(s) or note(s)");
            if (_joined > 0) parts.Add(_joined + " continuation(s) of event lines wrapped by a mail client or cut by quoted-printable soft breaks, joined back");
            if (_damaged > 0) parts.Add(_damaged + " event line(s) cut by a soft break with no rest, left out");
            _context.Report(_path, IssueKind.Skipped, total + " line(s) were not trace events (" + string.Join("; ", parts) + "), the first at line " + first, first);
        }

        private static long Min(long a, long b, long c)
        {
            long m = long.MaxValue;
            foreach (long v in new[] { a, b, c }) if (v > 0 && v < m) m = v;
            return m == long.MaxValue ? 0 : m;
        }

        internal TraceEvent? Parse(string s, long lineNumber)
        {
            string machine = _machine ?? "";
            int start = 0;
            if (_multiFile)
            {
                int c = s.IndexOf(": ", StringComparison.Ordinal);
                if (c < 0) return null;
                machine = s.Substring(0, c).Trim();
                start = c + 2;
                if (s.IndexOf("cpus=", start, StringComparison.Ordinal) == start) return null;
            }
            // find the timestamp: the first "<number>: " token
            int tsEnd = -1, tsStart = -1;
            for (int p = s.IndexOf(": ", start, StringComparison.Ordinal); p >= 0; p = s.IndexOf(": ", p + 1, StringComparison.Ordinal))
            {
                int b = p;
                while (b > start && (char.IsDigit(s[b - 1]) || s[b - 1] == '.')) b--;
                if (b < p && (b == start || s[b - 1] == ' ') && char.IsDigit(s[b]) && char.IsDigit(s[p - 1])) { tsStart = b; tsEnd = p; break; }
            }
            if (tsStart < 0) return null;
            if (!ParseTime(s, tsStart, tsEnd, out long ts)) return null;
            string pre = s.Substring(start, tsStart - start).TrimEnd();
            string post = s.Substring(tsEnd + 2);
            // --ts-diff: "(+0.000003)" right after the timestamp
            string tp = post.TrimStart();
            if (tp.StartsWith("(+", StringComparison.Ordinal)) { int cp = tp.IndexOf(')'); if (cp > 0) post = tp.Substring(cp + 1); }
            // event name
            post = post.TrimStart();
            int ec = post.IndexOf(':');
            if (ec <= 0) return null;
            string name = post.Substring(0, ec);
            if (name.IndexOf(' ') >= 0) return null;
            string info = ec + 1 < post.Length ? post.Substring(ec + 1).TrimStart(' ') : "";
            string system = "";
            int sc = name.IndexOf(':');
            if (sc > 0) { system = name.Substring(0, sc); name = name.Substring(sc + 1); }
            // prefix: [buffer:] comm-pid ( tgid) [cpu] flags   |   comm-pid cpuFLAGS (latency)
            string buffer = "";
            int cpu = -1;
            string flags = "";
            string left;
            int lb = pre.LastIndexOf(" [", StringComparison.Ordinal);
            int rb = lb >= 0 ? pre.IndexOf(']', lb) : -1;
            if (lb < 0 && pre.StartsWith("[", StringComparison.Ordinal)) { lb = 0; rb = pre.IndexOf(']'); }
            if (lb >= 0 && rb > lb && int.TryParse(pre.Substring(lb + (pre[lb] == ' ' ? 2 : 1), rb - lb - (pre[lb] == ' ' ? 2 : 1)), NumberStyles.Integer, CultureInfo.InvariantCulture, out cpu))
            {
                left = pre.Substring(0, lb).TrimEnd();
                flags = pre.Substring(rb + 1).Trim();
            }
            else
            {
                int sp = pre.LastIndexOf(' ');
                if (sp < 0) return null;
                string tok = pre.Substring(sp + 1);
                int d = 0;
                while (d < tok.Length && char.IsDigit(tok[d])) d++;
                if (d == 0) return null;
                // A run of digits too long for a CPU number is not a trace line (found by the fuzz campaign).
                if (!int.TryParse(tok.Substring(0, d), NumberStyles.None, CultureInfo.InvariantCulture, out cpu)) return null;
                flags = tok.Substring(d);
                left = pre.Substring(0, sp).TrimEnd();
            }
            // "( 1234)" tgid column
            if (left.EndsWith(")", StringComparison.Ordinal)) { int op = left.LastIndexOf('('); if (op > 0) left = left.Substring(0, op).TrimEnd(); }
            left = left.TrimStart();
            int colon = left.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) { int c2 = left.IndexOf(':'); if (c2 > 0 && c2 + 1 < left.Length && left[c2 + 1] == ' ') colon = c2; }
            if (colon > 0 && left.IndexOf(' ') > colon && left.Substring(0, colon).IndexOf(' ') < 0)
            {
                buffer = left.Substring(0, colon);
                left = left.Substring(colon + 1).TrimStart();
            }
            int dash = left.LastIndexOf('-');
            int pid = -1;
            string comm = left;
            if (dash > 0 && int.TryParse(left.Substring(dash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pp)) { pid = pp; comm = left.Substring(0, dash); }
            int pc = 0;
            if (flags.Length >= 4) { char pch = flags[3]; if (char.IsDigit(pch)) pc = pch - '0'; else if (pch >= 'a' && pch <= 'f') pc = pch - 'a' + 10; }
            return new TraceEvent(_path, machine.Length == 0 ? null : machine, buffer, ts, cpu, pid, comm, system, name, flags, pc,
                ParseFields(info), info, lineNumber);
        }

        private static bool ParseTime(string s, int a, int b, out long ns)
        {
            ns = 0;
            int dot = s.IndexOf('.', a, b - a);
            if (dot < 0) return long.TryParse(s.Substring(a, b - a), NumberStyles.Integer, CultureInfo.InvariantCulture, out ns);
            if (!long.TryParse(s.Substring(a, dot - a), NumberStyles.Integer, CultureInfo.InvariantCulture, out long sec)) return false;
            string frac = s.Substring(dot + 1, b - dot - 1);
            if (frac.Length > 9) frac = frac.Substring(0, 9);
            if (!long.TryParse(frac.PadRight(9, '0'), NumberStyles.Integer, CultureInfo.InvariantCulture, out long f)) return false;
            ns = sec * 1_000_000_000 + f;
            return true;
        }

        /// <summary>name=value pairs when the whole info is made of them (as -R prints), else no fields.</summary>
        internal static TraceFieldList? ParseFields(string info)
        {
            if (info.IndexOf('=') < 0) return null;
            var names = new List<string>();
            var values = new List<object?>();
            int i = 0;
            while (i < info.Length)
            {
                while (i < info.Length && info[i] == ' ') i++;
                if (i >= info.Length) break;
                int eq = info.IndexOf('=', i);
                if (eq < 0) return null;
                string name = info.Substring(i, eq - i);
                if (name.Length == 0 || name.IndexOf(' ') >= 0) return null;
                // a value runs to the next " name=" (values may hold spaces)
                int next = eq + 1;
                int end = info.Length;
                while (next < info.Length)
                {
                    int sp = info.IndexOf(' ', next);
                    if (sp < 0) break;
                    int eq2 = info.IndexOf('=', sp + 1);
                    int sp2 = info.IndexOf(' ', sp + 1);
                    if (eq2 > sp + 1 && (sp2 < 0 || eq2 < sp2)) { end = sp; break; }
                    next = sp + 1;
                }
                string v = info.Substring(eq + 1, end - eq - 1);
                names.Add(name);
                values.Add(long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : (object)v);
                i = end;
            }
            return names.Count == 0 ? null : new TraceFieldList(names.ToArray(), values.ToArray());
        }
    }
}
