using System;
using System.Collections.Generic;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Vdsm
{
    /// <summary>
    /// Turns the lines of one vdsm.log / supervdsm.log (either layout, mixed freely) into <see cref="VdsmLogEntry"/>
    /// records. A record stays open until the next header line, so tracebacks, XML and dict dumps become part of it;
    /// header filters (level, thread, logger, time) are applied before any string is made.
    /// </summary>
    public sealed class VdsmLogParser : ILineParser<VdsmLogEntry>
    {
        /// <summary>Most continuation lines kept in one record; later ones are counted but not kept.</summary>
        public const int MaxContinuationLines = 20_000;
        private const int MaxContinuationChars = 4 << 20;
        private const int MaxHeadlessKept = 400;

        private readonly LogDocument _doc;
        private readonly ReadContext _context;
        private readonly VdsmReadOptions _options;
        private readonly VdsmEntryOptions? _filters;
        private readonly Utf8StringPool _pool = new Utf8StringPool();
        private readonly SourceClock _clock;

        // The open record.
        private bool _open;
        private bool _skipping;
        private DateTimeOffset _timestamp;
        private VdsmTimestampKind _timestampKind;
        private VdsmLogLevel _level;
        private string _thread = string.Empty;
        private string? _logger, _module, _function;
        private int _sourceLine;
        private string _message = string.Empty;
        // The header's message as UTF-8: most records are one line, and their text is only decoded when someone
        // reads VdsmLogEntry.Message. One exact array per record (not a shared chunk), so an entry kept by a
        // Where-Object pins nothing but its own text.
        private byte[]? _msgChunk;
        private int _msgOffset, _msgLength;
        private const int MaxLazyMessage = 64 * 1024;
        private static readonly byte[] s_tracebackMarker = Encoding.ASCII.GetBytes(VdsmTracebackParser.Marker);
        private long _lineNumber;
        private int _lineCount;
        private VdsmLogFormat _format;
        private bool _hasLocation;
        private StringBuilder? _continuation;
        private int _lastLineStrip;
        private string? _lastLineModule;
        private int _lastLineSource;
        private bool _capReported;

        // Lines before the first header (a record begun in an earlier file).
        private long _headlessStart;
        private long _headlessCount;
        private StringBuilder? _headless;

        /// <summary>Creates a parser for <paramref name="document"/>; <paramref name="filters"/> may be null (keep everything).</summary>
        public VdsmLogParser(LogDocument document, VdsmReadOptions? options, ReadContext context)
        {
            _doc = document ?? throw new ArgumentNullException(nameof(document));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? new VdsmReadOptions();
            _filters = _options as VdsmEntryOptions;
            _clock = _options.CreateClock();
        }

        /// <summary>Records read so far (kept or filtered).</summary>
        public long RecordCount { get; private set; }

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<VdsmLogEntry> output)
        {
            VdsmLineKind kind = VdsmLineHead.Classify(line);
            if (kind == VdsmLineKind.Continuation)
            {
                Continue(line, lineNumber);
                return;
            }
            bool ok = kind == VdsmLineKind.New ? OpenNew(line, lineNumber, output) : OpenOld(line, lineNumber, output);
            if (!ok) Continue(line, lineNumber);
        }

        /// <inheritdoc/>
        public void Complete(List<VdsmLogEntry> output)
        {
            if (_open) Close(output);
            if (_headlessCount > 0) ReportHeadless();
        }

        private void Continue(ReadOnlySpan<byte> line, long lineNumber)
        {
            if (!_open)
            {
                if (_headlessCount == 0) _headlessStart = lineNumber;
                _headlessCount++;
                if (_headlessCount <= MaxHeadlessKept)
                {
                    _headless ??= new StringBuilder();
                    _headless.Append(Utf8Text.Decode(line)).Append('\n');
                }
                return;
            }
            _lineCount++;
            if (_skipping) return;
            _continuation ??= new StringBuilder(256);
            if (_lineCount > MaxContinuationLines || _continuation.Length > MaxContinuationChars)
            {
                if (!_capReported)
                {
                    _capReported = true;
                    _context.Report(_doc.Path, IssueKind.LimitExceeded, "record has more than " + MaxContinuationLines + " continuation lines or " + (MaxContinuationChars >> 20) + " MiB; the rest of it is not kept", lineNumber);
                }
                return;
            }
            _continuation.Append('\n');
            int before = _continuation.Length;
            int loc = VdsmLineHead.FindLocation(line, out int ms, out int ml, out int src);
            if (loc >= 0)
            {
                int keep = loc;
                while (keep > 0 && line[keep - 1] == (byte)' ') keep--;
                _lastLineStrip = line.Length - keep; // the location is ASCII, so bytes = chars
                _lastLineModule = _pool.Get(line.Slice(ms, ml));
                _lastLineSource = src;
            }
            else
            {
                _lastLineStrip = 0;
            }
            _continuation.Append(Utf8Text.Decode(line));
            if (before == _continuation.Length) _lastLineStrip = 0;
        }

        private void ReportHeadless()
        {
            string what = _headlessCount + " line(s) before the first record header belong to no record (a record begun in an earlier file, or not a vdsm log)";
            if (_headless != null)
            {
                string text = _headless.ToString();
                VdsmTraceback? tb = VdsmTracebackParser.Parse(text);
                if (tb != null) what += "; they hold a traceback with " + tb.Frames.Count + " frame(s)" + (tb.ExceptionType != null ? " ending in " + tb.ExceptionType + ": " + tb.ExceptionMessage : string.Empty);
            }
            _context.Report(_doc.Path, IssueKind.TruncatedRecord, what, _headlessStart);
            _headlessCount = 0;
            _headless = null;
        }

        private bool OpenNew(ReadOnlySpan<byte> line, long lineNumber, List<VdsmLogEntry> output)
        {
            if (!VdsmLineHead.TryParseTime(line, out DateTime local, out int p))
            {
                _context.Report(_doc.Path, IssueKind.MalformedRecord, "line starts like a record but its time is not a valid date; kept as a continuation line", lineNumber);
                return false;
            }
            bool hasOffset = VdsmLineHead.TryParseOffset(line.Slice(p), out TimeSpan offset, out int olen);
            if (hasOffset) p += olen;
            BeginRecord(local, hasOffset, offset, lineNumber, VdsmLogFormat.New, output);

            bool complete = false, headChecked = false;
            int len = line.Length;
            while (p < len && line[p] == (byte)' ') p++;
            int ls = p;
            while (p < len && line[p] >= (byte)'A' && line[p] <= (byte)'Z') p++;
            _level = VdsmLineHead.ParseLevel(line.Slice(ls, p - ls));
            while (p < len && line[p] == (byte)' ') p++;
            if (p < len && line[p] == (byte)'(')
            {
                int close = MatchParen(line, p);
                if (close > p)
                {
                    ReadOnlySpan<byte> thread = line.Slice(p + 1, close - p - 1);
                    p = close + 1;
                    if (p + 1 < len && line[p] == (byte)' ' && line[p + 1] == (byte)'[')
                    {
                        int lb = p + 2;
                        int rb = line.Slice(lb).IndexOf((byte)']');
                        if (rb >= 0)
                        {
                            ReadOnlySpan<byte> logger = line.Slice(lb, rb);
                            p = lb + rb + 1;
                            if (p < len && line[p] == (byte)' ') p++;
                            complete = true;
                            if (!HeadAccepted(thread, logger)) return true;
                            _thread = _pool.Get(thread);
                            _logger = _pool.Get(logger);
                            SetMessageWithLocation(line.Slice(p));
                            return true;
                        }
                    }
                    if (!HeadAccepted(thread, default)) return true;
                    headChecked = true;
                    _thread = _pool.Get(thread);
                }
            }
            if (!complete)
            {
                if (!headChecked && !HeadAccepted(default, default)) return true;
                _context.Report(_doc.Path, IssueKind.MalformedRecord, "record header is cut short (no '(thread) [logger]' after the level)", lineNumber);
                SetMessageWithLocation(line.Slice(Math.Min(p, len)));
            }
            return true;
        }

        private static int MatchParen(ReadOnlySpan<byte> line, int open)
        {
            int depth = 0;
            for (int i = open; i < line.Length; i++)
            {
                byte b = line[i];
                if (b == (byte)'(') depth++;
                else if (b == (byte)')' && --depth == 0)
                {
                    if (i + 2 < line.Length && line[i + 1] == (byte)' ' && line[i + 2] == (byte)'[') return i;
                    break;
                }
            }
            // Unbalanced parentheses inside the thread name: fall back to the first ") [".
            for (int i = open + 1; i + 2 < line.Length; i++)
            {
                if (line[i] == (byte)')' && line[i + 1] == (byte)' ' && line[i + 2] == (byte)'[') return i;
            }
            return -1;
        }

        private bool OpenOld(ReadOnlySpan<byte> line, long lineNumber, List<VdsmLogEntry> output)
        {
            ReadOnlySpan<byte> rest = line;
            NextField(ref rest, out ReadOnlySpan<byte> thread);
            NextField(ref rest, out ReadOnlySpan<byte> level);
            ReadOnlySpan<byte> timeField = Trim(rest);
            if (!VdsmLineHead.TryParseTime(timeField, out DateTime local, out int tlen))
            {
                _context.Report(_doc.Path, IssueKind.MalformedRecord, "old-layout record header has no valid time after the level; kept as a continuation line", lineNumber);
                return false;
            }
            rest = timeField.Slice(tlen);
            bool hasOffset = VdsmLineHead.TryParseOffset(rest, out TimeSpan offset, out int olen);
            if (hasOffset) rest = rest.Slice(olen);
            BeginRecord(local, hasOffset, offset, lineNumber, VdsmLogFormat.Old, output);
            _level = VdsmLineHead.ParseLevel(Trim(level));
            rest = TrimStart(rest);
            bool ok = rest.Length >= 2 && rest[0] == (byte)':' && rest[1] == (byte)':';
            if (ok) rest = rest.Slice(2);
            ok &= NextField(ref rest, out ReadOnlySpan<byte> module);
            ok &= NextField(ref rest, out ReadOnlySpan<byte> srcLine);
            ok &= NextField(ref rest, out ReadOnlySpan<byte> logger);
            if (!HeadAccepted(thread, ok ? logger : default)) return true;
            _thread = _pool.Get(thread);
            if (!ok)
            {
                _context.Report(_doc.Path, IssueKind.MalformedRecord, "old-layout record header is cut short (module::line::logger missing)", lineNumber);
                SetMessage(Trim(rest));
                return true;
            }
            _module = module.Length > 0 ? _pool.Get(module) : null;
            VdsmLineHead.Digits(srcLine, 0, srcLine.Length, out _sourceLine);
            _logger = _pool.Get(logger);
            rest = TrimStart(rest);
            if (rest.Length > 0 && rest[0] == (byte)'(')
            {
                int close = rest.IndexOf((byte)')');
                if (close > 0)
                {
                    _function = _pool.Get(rest.Slice(1, close - 1));
                    rest = rest.Slice(close + 1);
                    if (rest.Length > 0 && rest[0] == (byte)' ') rest = rest.Slice(1);
                }
            }
            _hasLocation = true;
            SetMessage(rest);
            return true;
        }

        /// <summary>Cuts the next <c>::</c>-separated field (trimmed); false when no separator is left (the field is the rest).</summary>
        private static bool NextField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
        {
            for (int i = 0; i + 1 < rest.Length; i++)
            {
                if (rest[i] == (byte)':' && rest[i + 1] == (byte)':')
                {
                    field = Trim(rest.Slice(0, i));
                    rest = rest.Slice(i + 2);
                    return true;
                }
            }
            field = Trim(rest);
            rest = default;
            return false;
        }

        private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> s)
        {
            int a = 0;
            while (a < s.Length && (s[a] == (byte)' ' || s[a] == (byte)'\t')) a++;
            return s.Slice(a);
        }

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
        {
            s = TrimStart(s);
            int b = s.Length;
            while (b > 0 && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t' || s[b - 1] == (byte)'\r')) b--;
            return s.Slice(0, b);
        }

        private void BeginRecord(DateTime local, bool hasOffset, TimeSpan offset, long lineNumber, VdsmLogFormat format, List<VdsmLogEntry> output)
        {
            // Only a header that proved valid ends the record before it.
            if (_open) Close(output);
            if (_headlessCount > 0) ReportHeadless();
            _open = true;
            _skipping = false;
            RecordCount++;
            if (hasOffset)
            {
                _timestamp = new DateTimeOffset(local, offset);
                _timestampKind = VdsmTimestampKind.FromLog;
            }
            else
            {
                _timestamp = _clock.FromLocal(local);
                _timestampKind = _clock.Zone == null ? VdsmTimestampKind.AssumedUtc : VdsmTimestampKind.AssumedTimeZone;
            }
            _timestamp = _clock.ToHost(_timestamp);
            _lineNumber = lineNumber;
            _lineCount = 1;
            _format = format;
            _level = VdsmLogLevel.Unknown;
            _thread = string.Empty;
            _logger = _module = _function = null;
            _sourceLine = 0;
            _message = string.Empty;
            _msgChunk = null;
            _msgLength = 0;
            _hasLocation = false;
            _continuation = null;
            _lastLineStrip = 0;
            _lastLineModule = null;
            _capReported = false;
        }

        /// <summary>Applies the header filters; false marks the record as skipped (its continuation lines are only counted).</summary>
        private bool HeadAccepted(ReadOnlySpan<byte> thread, ReadOnlySpan<byte> logger)
        {
            VdsmEntryOptions? f = _filters;
            if (f == null || !f.HasHeadFilters) return true;
            bool ok = Filter.Allows(f.Level, _level) && f.InWindow(_timestamp);
            if (ok && Filter.IsSet(f.Thread)) ok = Wildcard.AnyMatch(f.Thread!, _pool.Get(thread));
            if (ok && Filter.IsSet(f.Logger)) ok = logger.Length > 0 && Wildcard.AnyMatch(f.Logger!, _pool.Get(logger));
            if (!ok) _skipping = true;
            return ok;
        }

        private void SetMessageWithLocation(ReadOnlySpan<byte> rest)
        {
            int loc = VdsmLineHead.FindLocation(rest, out int ms, out int ml, out int src);
            if (loc >= 0)
            {
                _module = _pool.Get(rest.Slice(ms, ml));
                _sourceLine = src;
                _hasLocation = true;
                int end = loc;
                while (end > 0 && rest[end - 1] == (byte)' ') end--;
                rest = rest.Slice(0, end);
            }
            SetMessage(rest);
        }

        private void SetMessage(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > MaxLazyMessage)
            {
                _message = Utf8Text.Decode(bytes);
                _msgChunk = null;
                return;
            }
            _msgChunk = bytes.ToArray();
            _msgOffset = 0;
            _msgLength = bytes.Length;
        }

        private string HeaderMessage()
            => _msgChunk == null ? _message : Utf8Text.Decode(new ReadOnlySpan<byte>(_msgChunk, _msgOffset, _msgLength));

        private void Close(List<VdsmLogEntry> output)
        {
            _open = false;
            if (_skipping) return;
            VdsmTraceback? traceback = null;
            VdsmEntryOptions? f = _filters;
            if (_continuation == null && _msgChunk != null)
            {
                // One-line record: keep the text as bytes until it is read.
                var bytes = new ReadOnlySpan<byte>(_msgChunk, _msgOffset, _msgLength);
                string? lazyTaskId = VdsmText.FindTaskId(_thread, bytes);
                string? decoded = null;
                if (bytes.Length > 30 && bytes.EndsWith(s_tracebackMarker)) traceback = VdsmTracebackParser.Parse(decoded = HeaderMessage());
                if (f != null)
                {
                    if (Filter.IsSet(f.TaskId) && (lazyTaskId == null || !ContainsIgnoreCase(f.TaskId!, lazyTaskId))) return;
                    if (f.MatchRegex != null && !f.MatchRegex.IsMatch(decoded ??= HeaderMessage())) return;
                }
                output.Add(new VdsmLogEntry(_timestamp, _timestampKind, _level, _thread, _logger, _module, _sourceLine, _function, decoded,
                    _msgChunk, _msgOffset, _msgLength, traceback, lazyTaskId, _doc.HostName, _doc.Path, _lineNumber, _lineCount, _format) { ClockOffset = _options.TimeOffset });
                return;
            }
            string message = HeaderMessage();
            if (_continuation != null)
            {
                if (!_hasLocation && _lastLineModule != null)
                {
                    _continuation.Length -= _lastLineStrip;
                    // The location stood alone on the last line (Python appended it after a body ending in a newline).
                    while (_continuation.Length > 0 && _continuation[_continuation.Length - 1] == '\n') _continuation.Length--;
                    _module = _lastLineModule;
                    _sourceLine = _lastLineSource;
                }
                // Blank lines at the end (a file ending in empty lines) carry nothing.
                while (_continuation.Length > 0 && (_continuation[_continuation.Length - 1] == '\n' || _continuation[_continuation.Length - 1] == ' '
                    || _continuation[_continuation.Length - 1] == '\r')) _continuation.Length--;
                message += _continuation.ToString();
                _continuation = null;
                traceback = VdsmTracebackParser.Parse(message);
            }
            else if (message.Length > 30 && message.EndsWith(VdsmTracebackParser.Marker, StringComparison.Ordinal))
            {
                traceback = VdsmTracebackParser.Parse(message);
            }
            string? taskId = VdsmText.FindTaskId(_thread, message);
            if (f != null)
            {
                if (Filter.IsSet(f.TaskId) && (taskId == null || !ContainsIgnoreCase(f.TaskId!, taskId))) return;
                if (f.MatchRegex != null && !f.MatchRegex.IsMatch(message)) return;
            }
            output.Add(new VdsmLogEntry(_timestamp, _timestampKind, _level, _thread, _logger, _module, _sourceLine, _function, message,
                null, 0, 0, traceback, taskId, _doc.HostName, _doc.Path, _lineNumber, _lineCount, _format) { ClockOffset = _options.TimeOffset });
        }

        private static bool ContainsIgnoreCase(IList<string> list, string value)
        {
            foreach (string s in list)
            {
                if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }
    }
}
