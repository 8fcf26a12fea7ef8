using System;
using System.Collections.Generic;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Vdsm;

namespace VirtDiag.OVirt
{
    /// <summary>
    /// Turns the lines of one engine.log (or server.log) into <see cref="OVirtEngineLogEntry"/> records. The engine writes
    /// <c>%d{yyyy-MM-dd HH:mm:ss,SSSX} %-5p [%c] (%t) [%X{ovirtCorrelationId}] %s%E%n</c>: a line that does not start a
    /// record (Java frames, <c>Caused by</c>, wrapped text) belongs to the record before it.
    /// </summary>
    public sealed class EngineLogParser : ILineParser<OVirtEngineLogEntry>
    {
        /// <summary>Most continuation lines kept in one record; later ones are counted but not kept.</summary>
        public const int MaxContinuationLines = 20_000;
        private const int MaxContinuationChars = 4 << 20;
        private const int MaxStrayPrefix = 64;

        private readonly LogDocument _doc;
        private readonly ReadContext _context;
        private readonly CommonReadOptions _options;
        private readonly SourceClock _clock;
        private readonly OVirtEngineEntryOptions? _filters;
        private readonly Utf8StringPool _pool = new Utf8StringPool();

        private bool _open, _skipping, _capReported;
        private DateTimeOffset _timestamp;
        private OVirtLogLevel _level;
        private string? _logger, _thread, _correlationId;
        private string _message = string.Empty;
        private List<string>? _continuation;
        private int _continuationChars;
        private long _lineNumber;
        private int _lineCount;

        // Format deviations, reported once per document with the first line that showed each.
        private long _headless, _headlessFirst, _stray, _strayFirst, _noLevel, _noLevelFirst;

        /// <summary>Creates a parser for <paramref name="document"/>; an <see cref="OVirtEngineEntryOptions"/> filters records.</summary>
        public EngineLogParser(LogDocument document, CommonReadOptions? options, ReadContext context)
        {
            _doc = document ?? throw new ArgumentNullException(nameof(document));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? new CommonReadOptions();
            _clock = _options.CreateClock();
            _filters = _options as OVirtEngineEntryOptions;
            if (_filters != null && !_filters.HasFilters) _filters = null;
        }

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<OVirtEngineLogEntry> output)
        {
            if (line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
            int start = 0;
            if (line.Length >= 19 && !VdsmLineHead.IsDigit(line[0]))
            {
                // A stray prefix (a back-tick from a paste, a BOM, a terminal remnant) must not cost the record.
                start = FindTimeStart(line);
                if (start < 0) start = 0;
            }
            if (line.Length - start >= 19 && VdsmLineHead.IsDigit(line[start]) && TryOpen(line.Slice(start), lineNumber, output))
            {
                if (start > 0 && _stray++ == 0) _strayFirst = lineNumber;
                return;
            }
            Continue(line, lineNumber);
        }

        /// <inheritdoc/>
        public void Complete(List<OVirtEngineLogEntry> output)
        {
            if (_open) Close(output);
            if (_headless > 0)
                _context.Report(_doc.Path, IssueKind.TruncatedRecord, _headless + " line(s) before the first record header belong to no record (a record begun in an earlier file, or not an engine log)", _headlessFirst);
            if (_stray > 0)
                _context.Report(_doc.Path, IssueKind.Skipped, _stray + " record header(s) had stray text before the timestamp (first at this line); the text was dropped and the records read", _strayFirst);
            if (_noLevel > 0)
                _context.Report(_doc.Path, IssueKind.Skipped, _noLevel + " line(s) start with a time but have no log level (first at this line); each was kept as a continuation of the record before it", _noLevelFirst);
            _headless = _stray = _noLevel = 0;
        }

        private static int FindTimeStart(ReadOnlySpan<byte> line)
        {
            int limit = Math.Min(line.Length - 19, MaxStrayPrefix);
            for (int i = 1; i <= limit; i++)
            {
                if (VdsmLineHead.IsDigit(line[i]) && line[i + 4] == (byte)'-' && line[i + 7] == (byte)'-' && line[i + 13] == (byte)':'
                    && !VdsmLineHead.IsDigit(line[i - 1]))
                    return i;
            }
            return -1;
        }

        private bool TryOpen(ReadOnlySpan<byte> line, long lineNumber, List<OVirtEngineLogEntry> output)
        {
            if (!VdsmLineHead.TryParseTime(line, out DateTime local, out int p)) return false;
            TimeSpan offset = TimeSpan.Zero;
            if (TryParseOffset(line.Slice(p), out TimeSpan o, out int olen)) { offset = o; p += olen; }
            int len = line.Length;
            if (p >= len || line[p] != (byte)' ') return NoLevel(lineNumber);
            while (p < len && line[p] == (byte)' ') p++;
            int ls = p;
            while (p < len && line[p] >= (byte)'A' && line[p] <= (byte)'Z') p++;
            OVirtLogLevel level = ParseLevel(line.Slice(ls, p - ls));
            if (level == OVirtLogLevel.Unknown || (p < len && line[p] != (byte)' ')) return NoLevel(lineNumber);

            if (_open) Close(output);
            _open = true;
            _skipping = false;
            _capReported = false;
            _timestamp = _clock.ToHost(new DateTimeOffset(local, offset));
            _level = level;
            _lineNumber = lineNumber;
            _lineCount = 1;
            _continuation = null;
            _continuationChars = 0;
            _logger = _thread = _correlationId = null;

            while (p < len && line[p] == (byte)' ') p++;
            ReadOnlySpan<byte> logger = default, thread = default, corr = default;
            if (p < len && line[p] == (byte)'[')
            {
                int rb = line.Slice(p + 1).IndexOf((byte)']');
                if (rb >= 0)
                {
                    logger = line.Slice(p + 1, rb);
                    p += rb + 2;
                    if (p < len && line[p] == (byte)' ') p++;
                }
            }
            if (p < len && line[p] == (byte)'(')
            {
                int close = MatchParen(line, p);
                if (close > p)
                {
                    thread = line.Slice(p + 1, close - p - 1);
                    p = close + 1;
                    if (p < len && line[p] == (byte)' ') p++;
                    if (p < len && line[p] == (byte)'[')
                    {
                        int rb = line.Slice(p + 1).IndexOf((byte)']');
                        if (rb >= 0 && (p + rb + 2 == len || line[p + rb + 2] == (byte)' '))
                        {
                            corr = line.Slice(p + 1, rb);
                            p += rb + 2;
                            if (p < len && line[p] == (byte)' ') p++;
                        }
                    }
                }
            }
            _logger = logger.Length > 0 ? _pool.Get(logger) : null;
            _thread = thread.Length > 0 ? _pool.Get(thread) : null;
            _correlationId = corr.Length > 0 ? _pool.Get(corr) : null;
            if (_filters != null && !_filters.AcceptHead(_timestamp, _level, _logger, _thread, _correlationId))
            {
                _skipping = true;
                return true;
            }
            _message = Utf8Text.Decode(line.Slice(Math.Min(p, len)));
            return true;
        }

        private bool NoLevel(long lineNumber)
        {
            if (_noLevel++ == 0) _noLevelFirst = lineNumber;
            return false;
        }

        private static int MatchParen(ReadOnlySpan<byte> line, int open)
        {
            int depth = 0;
            for (int i = open; i < line.Length; i++)
            {
                if (line[i] == (byte)'(') depth++;
                else if (line[i] == (byte)')' && --depth == 0) return i;
            }
            int fallback = line.Slice(open).IndexOf((byte)')');
            return fallback > 0 ? open + fallback : -1;
        }

        /// <summary>Reads the offset of log4j's <c>X</c>/<c>XX</c>/<c>XXX</c> patterns: <c>Z</c>, <c>+08</c>, <c>+0530</c>, <c>+05:30</c>.</summary>
        internal static bool TryParseOffset(ReadOnlySpan<byte> s, out TimeSpan offset, out int length)
        {
            offset = TimeSpan.Zero;
            length = 0;
            if (s.Length >= 1 && s[0] == (byte)'Z') { length = 1; return true; }
            if (s.Length < 3 || (s[0] != (byte)'+' && s[0] != (byte)'-') || !VdsmLineHead.Digits(s, 1, 2, out int h)) return false;
            int m = 0;
            length = 3;
            if (VdsmLineHead.Digits(s, 3, 2, out int mm)) { m = mm; length = 5; }
            else if (s.Length >= 6 && s[3] == (byte)':' && VdsmLineHead.Digits(s, 4, 2, out mm)) { m = mm; length = 6; }
            if (h > 14 || m > 59) { length = 0; return false; }
            offset = new TimeSpan(h, m, 0);
            if (s[0] == (byte)'-') offset = -offset;
            return true;
        }

        private static OVirtLogLevel ParseLevel(ReadOnlySpan<byte> s)
        {
            switch (s.Length)
            {
                case 4:
                    if (s.SequenceEqual(s_info)) return OVirtLogLevel.Info;
                    if (s.SequenceEqual(s_warn)) return OVirtLogLevel.Warning;
                    return OVirtLogLevel.Unknown;
                case 5:
                    if (s.SequenceEqual(s_debug)) return OVirtLogLevel.Debug;
                    if (s.SequenceEqual(s_error)) return OVirtLogLevel.Error;
                    if (s.SequenceEqual(s_trace)) return OVirtLogLevel.Trace;
                    if (s.SequenceEqual(s_fatal)) return OVirtLogLevel.Fatal;
                    return OVirtLogLevel.Unknown;
                case 7:
                    return s.SequenceEqual(s_warning) ? OVirtLogLevel.Warning : OVirtLogLevel.Unknown;
                case 6:
                    return s.SequenceEqual(s_severe) ? OVirtLogLevel.Error : OVirtLogLevel.Unknown;
                default:
                    return OVirtLogLevel.Unknown;
            }
        }

        private static readonly byte[] s_info = Encoding.ASCII.GetBytes("INFO"), s_warn = Encoding.ASCII.GetBytes("WARN"),
            s_debug = Encoding.ASCII.GetBytes("DEBUG"), s_error = Encoding.ASCII.GetBytes("ERROR"), s_trace = Encoding.ASCII.GetBytes("TRACE"),
            s_fatal = Encoding.ASCII.GetBytes("FATAL"), s_warning = Encoding.ASCII.GetBytes("WARNING"), s_severe = Encoding.ASCII.GetBytes("SEVERE");

        private void Continue(ReadOnlySpan<byte> line, long lineNumber)
        {
            if (!_open)
            {
                if (_headless++ == 0) _headlessFirst = lineNumber;
                return;
            }
            _lineCount++;
            if (_skipping) return;
            _continuation ??= new List<string>();
            if (_continuation.Count >= MaxContinuationLines || _continuationChars > MaxContinuationChars)
            {
                if (!_capReported)
                {
                    _capReported = true;
                    _context.Report(_doc.Path, IssueKind.LimitExceeded, "record has more than " + MaxContinuationLines + " continuation lines or " + (MaxContinuationChars >> 20) + " MiB; the rest of it is not kept", lineNumber);
                }
                return;
            }
            string text = Utf8Text.Decode(line);
            _continuationChars += text.Length;
            _continuation.Add(text);
        }

        private void Close(List<OVirtEngineLogEntry> output)
        {
            _open = false;
            if (_skipping) return;
            string message = _message;
            OVirtJavaException? exception = null;
            if (_continuation != null)
            {
                var rest = new StringBuilder(message);
                exception = JavaStackTrace.Parse(message, _continuation, rest);
                message = rest.ToString();
                _continuation = null;
            }
            if (_filters?.MatchRegex != null && !_filters.MatchRegex.IsMatch(message)) return;
            output.Add(new OVirtEngineLogEntry(_timestamp, _level, _logger, _thread, _correlationId, message, exception, _doc.HostName, _doc.Path, _lineNumber, _lineCount));
        }
    }
}
