using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Guest
{
    /// <summary>
    /// Per-document state machine that finds guest OS failures in text: Linux kernel reports, Windows bug check texts,
    /// debugger output, and host-side guest signals (vmware.log, hostd). Lines are bytes; a string is made only for
    /// lines that pass the byte prefilter or belong to an open report.
    /// </summary>
    public sealed class GuestFailureParser : ILineParser<GuestOsFailure>
    {
        /// <summary>Most lines a report may hold before it is cut (bounded state).</summary>
        public const int MaxBlockLines = 600;
        private const int MaxLinesBeforeTrace = 200;
        private const int SecondaryWindow = 12;

        private static readonly byte[] s_cutHere = System.Text.Encoding.ASCII.GetBytes("[ cut here ]");
        private static readonly byte[] s_linuxVersion = System.Text.Encoding.ASCII.GetBytes("Linux version ");
        private static readonly byte[] s_winBsod = System.Text.Encoding.ASCII.GetBytes("WinBSOD: Synthetic MSR[0x4000010");
        private static readonly Regex s_winBsodItem = new(@"WinBSOD: Synthetic MSR\[0x4000010(?<n>[0-4])\] 0x(?<value>[0-9a-fA-F]+)", RegexOptions.CultureInvariant);
        private static readonly Regex s_isoAtStart = new(@"^\s*(?<t>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)", RegexOptions.CultureInvariant);
        private static readonly Regex s_vmxPath = new(@"/vmfs/volumes/[^ \]]*/(?<vm>[^/ \]]+)\.vmx", RegexOptions.CultureInvariant);

        private readonly LogDocument _doc;
        private readonly GuestFailureOptions _options;
        private readonly ReadContext _context;
        private readonly YearInference _years;
        private readonly SourceClock _clock;
        private readonly bool _hostDocument;
        private readonly JournalLines _journal = new();
        // the last fully dated prefix, kept as bytes and parsed only when a year-less time needs it
        private readonly byte[] _dated = new byte[48];
        private int _datedLength;
        private PrefixTime _datedKind;
        // syslogd wall message ("Message from syslogd@host at ...") whose body line follows
        private byte[]? _wallPrefix;
        private string? _wallHost;
        private long _wallLine;
        private byte[] _rewritten = new byte[256];
        // lines that trigger a report (NMI, watchdog, sysrq) seen shortly before its headline
        private readonly List<(string Text, long Line)> _triggers = new();
        private const int TriggerWindow = 30;
        // accounting
        private long _found, _written;
        private long _unmatched;
        private readonly List<string> _unmatchedExamples = new();
        private long _damagedPrefixes;
        private long _firstDamagedLine;
        private FailureBlock? _open;
        private string? _docKernelVersion;
        private long _cutHereLine;
        private string? _cutHereText;
        private BsodGroup? _bsod;
        // A guest reset seen from the host (Triple fault, then "CPU reset" once per vCPU) is one record: the signals of
        // one VM within a couple of seconds and lines are held here and joined.
        private GuestOsFailure? _reset;
        private const int ResetJoinLines = 20;
        private static readonly TimeSpan s_resetJoinTime = TimeSpan.FromSeconds(2);
        private DateTimeOffset? _eventDate;
        private readonly string? _vmName;
        private long _eventDateLine;
        private static readonly byte[] s_eventDate = System.Text.Encoding.ASCII.GetBytes("Date: ");

        /// <summary>Creates a parser for one document.</summary>
        public GuestFailureParser(LogDocument document, GuestFailureOptions options, ReadContext context)
        {
            _doc = document ?? throw new ArgumentNullException(nameof(document));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _years = new YearInference(options.Year, FileTimeOf(document));
            _clock = options.CreateClock();
            if (document.Kind == LogKind.VmwareLog)
            {
                string[] parts = document.Path.Replace('\\', '/').Split('/');
                if (parts.Length >= 2 && parts[parts.Length - 2].Length > 0 && parts[parts.Length - 2] != "." && parts[parts.Length - 2] != "..") _vmName = parts[parts.Length - 2];
            }
            _hostDocument = document.Kind == LogKind.VmwareLog || document.Kind == LogKind.Hostd || document.Kind == LogKind.Vpxa
                            || document.Kind == LogKind.Vpxd || document.Kind == LogKind.VmKernel;
        }

        /// <summary>The failures this parser found, before the OS/kind/time filters.</summary>
        internal long Found => _found;

        private static DateTimeOffset? FileTimeOf(LogDocument document)
        {
            if (document.Origin is EntryOrigin entry) return entry.ModifiedTime;
            if (!(document.Origin is FileOrigin file)) return null;
            try
            {
                var info = new System.IO.FileInfo(file.FilePath);
                return info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) : (DateTimeOffset?)null;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
        }

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<GuestOsFailure> output)
        {
            if (_reset != null && lineNumber - _reset.EndLineNumber > ResetJoinLines) FlushReset(output);
            if (_journal.TryTransform(line, out ReadOnlySpan<byte> journal))
            {
                if (journal.IsEmpty) return;
                line = journal;
            }
            LinePrefix p = LinePrefix.Parse(line);
            if (p.TimeKind == PrefixTime.None && p.UptimeLength == 0 && !p.BareKernelTag && !p.Rfc5424 && p.MessageStart == 0)
            {
                if (TryWallMessage(line, lineNumber)) return;
                if (TryDamagedPrefix(ref line, ref p, lineNumber) && _damagedPrefixes++ == 0) _firstDamagedLine = lineNumber;
            }
            else if (p.BareKernelTag && _wallPrefix != null && lineNumber - _wallLine <= 3)
            {
                line = JoinWallMessage(line, p);
                p = LinePrefix.Parse(line);
            }
            if (p.TimeKind != PrefixTime.None && p.TimeKind != PrefixTime.Syslog && p.TimeLength <= _dated.Length)
            {
                line.Slice(p.TimeStart, p.TimeLength).CopyTo(_dated);
                _datedLength = p.TimeLength;
                _datedKind = p.TimeKind;
            }
            // Host-side lines start with an ISO time (or the "YYYY-MM-DDTHH..." placeholder of KB excerpts); guest
            // dmesg and syslog lines never do, so they skip these scans.
            if (p.HostStyle || _hostDocument || (line.Length > 0 && line[0] >= '0' && line[0] <= '9') || (line.Length > 0 && line[0] == 'Y'))
            {
                if (HostSignals(line, lineNumber, output)) return;
            }
            if (p.OtherProgram) return;
            ReadOnlySpan<byte> message = line.Slice(p.MessageStart);
            int lead = 0;
            while (lead < message.Length && (message[lead] == ' ' || message[lead] == '\t')) lead++;
            ReadOnlySpan<byte> trimmed = message.Slice(lead);

            if (_open != null)
            {
                ContinueOpen(line, p, message, trimmed, lead > 0, lineNumber, output);
                return;
            }
            Idle(line, p, trimmed, lineNumber, output);
        }

        private void Idle(ReadOnlySpan<byte> line, LinePrefix p, ReadOnlySpan<byte> trimmed, long lineNumber, List<GuestOsFailure> output)
        {
            if (trimmed.Length > 0 && trimmed[0] == '-' && trimmed.IndexOf(s_cutHere) >= 0)
            {
                _cutHereLine = lineNumber;
                _cutHereText = LinePrefix.Ascii(line);
                return;
            }
            if (trimmed.Length > 14 && trimmed[0] == 'L' && trimmed.StartsWith(s_linuxVersion))
            {
                ReadOnlySpan<byte> v = trimmed.Slice(14);
                int sp = v.IndexOf((byte)' ');
                _docKernelVersion = LinePrefix.Ascii(sp < 0 ? v : v.Slice(0, sp));
            }
            if (trimmed.Length > 16 && trimmed[0] == 'D' && trimmed.StartsWith(s_eventDate))
            {
                // wevtutil /f:text: "Date: 2024-03-05T10:16:19.123" a few lines above the event's description
                Match d = s_isoAtStart.Match(LinePrefix.Ascii(trimmed.Slice(6)));
                if (d.Success && TryIso(d.Groups["t"].Value, out DateTimeOffset when)) { _eventDate = when; _eventDateLine = lineNumber; }
                return;
            }
            if (GuestFailureShapes.MayBeHeadline(trimmed) || GuestFailureShapes.MayBeHeadlineInside(trimmed))
            {
                string t = LinePrefix.Ascii(trimmed).TrimEnd();
                HeadlineShape? shape = Match(t, out Match? m);
                if (shape != null)
                {
                    Start(shape, m, t, line, p, lineNumber);
                    return;
                }
                if (GuestFailureShapes.LooksLikeReport(trimmed))
                {
                    _unmatched++;
                    if (_unmatchedExamples.Count < 3) _unmatchedExamples.Add("line " + lineNumber + ": " + (t.Length > 100 ? t.Substring(0, 100) + "…" : t));
                }
            }
            if (GuestFailureShapes.IsTrigger(trimmed))
            {
                if (_triggers.Count == 4) _triggers.RemoveAt(0);
                _triggers.Add((LinePrefix.Ascii(line), lineNumber));
            }
            if (trimmed.Length > 0) _cutHereText = null;
        }

        /// <summary>Remembers a syslogd wall message header; its <c>kernel:</c> body line follows.</summary>
        private bool TryWallMessage(ReadOnlySpan<byte> line, long lineNumber)
        {
            int i = 0;
            while (i < line.Length && line[i] == ' ') i++;
            ReadOnlySpan<byte> t = line.Slice(i);
            if (t.Length < 30 || t[0] != 'M' || !t.StartsWith(s_wallHeader)) return false;
            string text = LinePrefix.Ascii(t.Slice(s_wallHeader.Length));
            Match m = s_wallRest.Match(text);
            if (!m.Success) return false;
            _wallHost = m.Groups["host"].Value;
            // rsyslog writes "Mmm dd hh:mm:ss", BSD syslogd ctime "Ddd Mmm dd hh:mm:ss yyyy"
            string prefix = m.Groups["year"].Success
                ? "[" + m.Groups["ctime"].Value + "] "
                : m.Groups["syslog"].Value + " " + _wallHost + " ";
            _wallPrefix = System.Text.Encoding.ASCII.GetBytes(prefix);
            _wallLine = lineNumber;
            return true;
        }

        private ReadOnlySpan<byte> JoinWallMessage(ReadOnlySpan<byte> line, LinePrefix p)
        {
            byte[] prefix = _wallPrefix!;
            bool syslog = prefix[0] != '[';
            ReadOnlySpan<byte> tag = syslog ? s_kernelTag : ReadOnlySpan<byte>.Empty;
            // the body after "kernel:", its "[  123.456]" uptime kept for the prefix reader
            int k = line.IndexOf(s_kernelTag.AsSpan(0, 7));
            ReadOnlySpan<byte> rest = line.Slice(k + 7);
            if (rest.Length > 0 && rest[0] == ' ') rest = rest.Slice(1);
            int need = prefix.Length + tag.Length + rest.Length;
            if (_rewritten.Length < need) _rewritten = new byte[Math.Max(need, _rewritten.Length * 2)];
            prefix.CopyTo(_rewritten, 0);
            tag.CopyTo(_rewritten.AsSpan(prefix.Length));
            rest.CopyTo(_rewritten.AsSpan(prefix.Length + tag.Length));
            _wallPrefix = null;
            return new ReadOnlySpan<byte>(_rewritten, 0, need);
        }

        /// <summary>
        /// A line with no prefix the reader knows but with <c> kernel: </c> early in it (a syslog prefix that lost characters),
        /// or a report headline later in it: read the message from there.
        /// </summary>
        private static bool TryDamagedPrefix(ref ReadOnlySpan<byte> line, ref LinePrefix p, long lineNumber)
        {
            if (line.Length < 12 || line[0] == ' ' || line[0] == '\t') return false;
            ReadOnlySpan<byte> head = line.Slice(0, Math.Min(line.Length, 96));
            int k = head.IndexOf(s_kernelTagSpaced);
            if (k > 0)
            {
                line = line.Slice(k + 1);
                p = LinePrefix.Parse(line);
                return true;
            }
            foreach (byte[] marker in s_headlinesInside)
            {
                int at = line.IndexOf(marker);
                if (at > 0 && LooksLikePrefixRemnant(line.Slice(0, at)))
                {
                    line = line.Slice(at);
                    p = LinePrefix.Parse(line);
                    return true;
                }
            }
            return false;
        }

        /// <summary>What is left of a log prefix: a time fragment (<c>0:16:1</c>) or a kernel tag, not prose.</summary>
        private static bool LooksLikePrefixRemnant(ReadOnlySpan<byte> s)
        {
            if (s.Length > 64) return false;
            if (s.IndexOf(s_kernelTag.AsSpan(0, 6)) >= 0) return true;
            for (int i = 1; i + 1 < s.Length; i++)
                if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') return true;
            return false;
        }

        private static readonly byte[] s_wallHeader = System.Text.Encoding.ASCII.GetBytes("Message from syslogd@");
        private static readonly byte[] s_kernelTag = System.Text.Encoding.ASCII.GetBytes("kernel: ");
        private static readonly byte[] s_kernelTagSpaced = System.Text.Encoding.ASCII.GetBytes(" kernel: ");
        private static readonly byte[][] s_headlinesInside =
        {
            System.Text.Encoding.ASCII.GetBytes("kernel BUG at "),
            System.Text.Encoding.ASCII.GetBytes("BUG: unable to handle "),
            System.Text.Encoding.ASCII.GetBytes("BUG: kernel NULL pointer"),
        };
        private static readonly Regex s_wallRest = new(
            @"^(?<host>[^\s]+) at (?:(?<ctime>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<syslog2>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (?<year>\d{4}))|(?<syslog>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}))",
            RegexOptions.CultureInvariant);

        private void ContinueOpen(ReadOnlySpan<byte> line, LinePrefix p, ReadOnlySpan<byte> message, ReadOnlySpan<byte> trimmed, bool indented,
            long lineNumber, List<GuestOsFailure> output)
        {
            FailureBlock block = _open!;
            string raw = LinePrefix.Ascii(line);
            string t = LinePrefix.Ascii(trimmed).TrimEnd();

            if (t.StartsWith("---[ end ", StringComparison.Ordinal) && block.Style == BlockStyle.Kernel)
            {
                block.AddText(raw, lineNumber);
                Close(output, complete: true);
                return;
            }
            if (trimmed.Length > 0 && trimmed[0] == '-' && trimmed.IndexOf(s_cutHere) >= 0)
            {
                Close(output, complete: true);
                _cutHereLine = lineNumber;
                _cutHereText = raw;
                return;
            }
            if (GuestFailureShapes.MayBeHeadline(trimmed) || GuestFailureShapes.MayBeHeadlineInside(trimmed))
            {
                HeadlineShape? shape = Match(t, out Match? m);
                if (shape != null)
                {
                    if (CanMerge(block, shape))
                    {
                        block.AddText(raw, lineNumber);
                        block.Merge(shape, m, t);
                        return;
                    }
                    Close(output, complete: true);
                    Start(shape, m, t, line, p, lineNumber);
                    return;
                }
            }

            switch (block.Style)
            {
                case BlockStyle.Kernel:
                    if (block.InTrace && !FailureBlock.IsTraceLine(t, indented))
                    {
                        Close(output, complete: true);
                        Idle(line, p, trimmed, lineNumber, output);
                        return;
                    }
                    if (t.Length == 0 && block.InTrace)
                    {
                        Close(output, complete: true);
                        return;
                    }
                    block.AddText(raw, lineNumber);
                    block.ReadKernelLine(t, indented);
                    if (block.BlankRun >= 3 || (!block.InTrace && block.LineCount > MaxLinesBeforeTrace) || block.LineCount >= MaxBlockLines)
                        Close(output, complete: block.BlankRun >= 3, cut: block.BlankRun < 3);
                    return;
                case BlockStyle.MachineCheck:
                    if (t.StartsWith("Bank ", StringComparison.Ordinal) || t.StartsWith("[Hardware Error]", StringComparison.Ordinal)
                        || t.StartsWith("mce: [Hardware Error]", StringComparison.Ordinal) || t.StartsWith("TSC ", StringComparison.Ordinal)
                        || t.StartsWith("MCG", StringComparison.Ordinal) || t.StartsWith("PROCESSOR", StringComparison.Ordinal)
                        || t.StartsWith("ADDR", StringComparison.Ordinal) || t.StartsWith("MISC", StringComparison.Ordinal)
                        || t.StartsWith("RIP", StringComparison.Ordinal))
                    {
                        block.AddText(raw, lineNumber);
                        if (block.LineCount >= 40) Close(output, complete: true);
                        return;
                    }
                    Close(output, complete: true);
                    Idle(line, p, trimmed, lineNumber, output);
                    return;
                case BlockStyle.WindowsScreen:
                    // A STOP screen may go on after one blank line (the "Address dword dump" table of NT 4.0).
                    if (t.Length == 0)
                    {
                        if (block.BlankRun > 0 || block.LineCount >= 6) Close(output, complete: true);
                        else block.NoteBlank(true);
                        return;
                    }
                    if (block.LineCount >= 6 || (block.BlankRun > 0 && !t.StartsWith("Address", StringComparison.Ordinal)))
                    {
                        Close(output, complete: true);
                        Idle(line, p, trimmed, lineNumber, output);
                        return;
                    }
                    block.AddText(raw, lineNumber);
                    block.NoteBlank(false);
                    return;
                case BlockStyle.Debugger:
                    block.AddText(raw, lineNumber);
                    block.ReadDebuggerLine(t);
                    if (block.LineCount >= MaxBlockLines) Close(output, complete: false, cut: true);
                    return;
                case BlockStyle.Wer:
                    if (t.Length == 0 || block.ReadWerLine(t))
                    {
                        block.AddText(raw, lineNumber);
                        if (block.LineCount >= 40) Close(output, complete: true);
                        return;
                    }
                    Close(output, complete: true);
                    Idle(line, p, trimmed, lineNumber, output);
                    return;
                case BlockStyle.CrashBt:
                    if (t.StartsWith("crash>", StringComparison.Ordinal))
                    {
                        Close(output, complete: true);
                        return;
                    }
                    if (t.Length > 0 && (indented || t[0] == '#' || t.StartsWith("PID:", StringComparison.Ordinal)))
                    {
                        block.AddText(raw, lineNumber);
                        ReadCrashLine(block, t);
                        return;
                    }
                    Close(output, complete: true);
                    if (t.Length > 0) Idle(line, p, trimmed, lineNumber, output);
                    return;
            }
        }

        private static readonly Regex s_crashHeader = new(@"^PID: (?<pid>\d+)\s+TASK: \S+\s+CPU: (?<cpu>\d+)\s+COMMAND: ""(?<comm>[^""]*)""", RegexOptions.CultureInvariant);

        private static void ReadCrashLine(FailureBlock block, string t)
        {
            Match m;
            if (t.StartsWith("PID:", StringComparison.Ordinal) && (m = s_crashHeader.Match(t)).Success)
            {
                block.Record.Pid ??= FailureBlock.Int(m.Groups["pid"].Value);
                block.Record.Cpu ??= FailureBlock.Int(m.Groups["cpu"].Value);
                block.Record.Process ??= m.Groups["comm"].Value;
                return;
            }
            block.ReadKernelLine(t, false);
        }

        private static bool CanMerge(FailureBlock block, HeadlineShape shape)
        {
            switch (shape.Role)
            {
                case ShapeRole.Panic:
                    return (block.Style == BlockStyle.Kernel || block.Style == BlockStyle.MachineCheck) && block.Kind != GuestFailureKind.KernelPanic;
                case ShapeRole.Secondary:
                    // a second banner starts a second analysis; a title or STACK_TEXT belongs to the one open
                    if (shape.Style == BlockStyle.Debugger)
                        return block.Style == BlockStyle.Debugger && (!block.HasAnalyze || !shape.Marker.StartsWith("Bugcheck Analysis", StringComparison.Ordinal));
                    if (shape.Style == BlockStyle.Wer) return block.Style == BlockStyle.Wer;
                    return block.Style == BlockStyle.Kernel && !block.InTrace && block.LinesSinceHeadline <= SecondaryWindow
                           && block.Kind != GuestFailureKind.KernelPanic && block.Kind != GuestFailureKind.HungTask
                           && block.Kind != GuestFailureKind.LockdepReport && block.Kind != GuestFailureKind.RcuReport
                           && block.Kind != GuestFailureKind.SoftLockup && block.Kind != GuestFailureKind.SlabCorruption
                           && !(block.Kind == shape.Kind && shape.Kind != GuestFailureKind.Oops);
                default:
                    return false;
            }
        }

        private static HeadlineShape? Match(string t, out Match? match)
        {
            foreach (HeadlineShape shape in GuestFailureShapes.Rows)
            {
                if (shape.Matches(t, out match)) return shape;
            }
            match = null;
            return null;
        }

        private void Start(HeadlineShape shape, Match? m, string message, ReadOnlySpan<byte> line, LinePrefix p, long lineNumber)
        {
            var block = new FailureBlock(shape, m, message, lineNumber);
            GuestOsFailure r = block.Record;
            r.Path = _doc.Path;
            r.HostName = p.Host(line) ?? (_wallHost != null && lineNumber - _wallLine <= 3 ? _wallHost : null) ?? _doc.HostName ?? _options.HostName;
            if (r.HostName == ":HOSTNAME:" || r.HostName == "-") r.HostName = _doc.HostName ?? _options.HostName;
            foreach (var (text, at) in _triggers)
            {
                if (lineNumber - at <= TriggerWindow) block.AddTrigger(text);
            }
            _triggers.Clear();
            SetTime(r, p, line, guestClock: true);
            if (r.Timestamp == null && shape.Os == GuestOs.Windows && _eventDate.HasValue && lineNumber - _eventDateLine <= 15)
            {
                r.Timestamp = _eventDate;
                r.TimestampKind = GuestTimestampKind.WallClock;
                r.HostTimestamp = _clock.ToHost(_eventDate.Value);
            }
            if (r.Source == GuestFailureSource.GuestLog && _doc.Kind == LogKind.VmwareLog) r.Source = GuestFailureSource.VmwareLog;
            r.VMName ??= _vmName;
            if (_cutHereText != null && _cutHereLine == lineNumber - 1) block.AddText(_cutHereText, _cutHereLine);
            _cutHereText = null;
            block.AddText(LinePrefix.Ascii(line), lineNumber);
            _open = block;
        }

        private void SetTime(GuestOsFailure r, LinePrefix p, ReadOnlySpan<byte> line, bool guestClock)
        {
            DateTimeOffset? wall = null;
            GuestTimestampKind kind = GuestTimestampKind.WallClock;
            if (p.TimeKind == PrefixTime.Syslog)
            {
                if (p.TrySyslogMonthDay(line, out int month, out int day))
                {
                    ObserveDated();
                    var (year, source) = _years.Resolve(month, day);
                    wall = p.WallClock(line, year);
                    kind = source switch
                    {
                        YearSource.Option => GuestTimestampKind.SyslogWallClock,
                        YearSource.DatedLine => GuestTimestampKind.SyslogYearFromDatedLine,
                        YearSource.FileTime => GuestTimestampKind.SyslogYearFromFileTime,
                        _ => GuestTimestampKind.SyslogYearAssumed,
                    };
                }
            }
            else if (p.TimeKind != PrefixTime.None)
            {
                wall = p.WallClock(line, 0);
            }
            r.Uptime = p.Uptime(line);
            if (wall.HasValue)
            {
                r.Timestamp = wall;
                r.TimestampKind = kind;
                r.HostTimestamp = guestClock ? _clock.ToHost(wall.Value) : wall;
            }
            else if (r.Uptime.HasValue)
            {
                r.TimestampKind = GuestTimestampKind.Uptime;
            }
        }

        /// <summary>Hands the last dated prefix seen to the year inference (parsed here, not on every line).</summary>
        private void ObserveDated()
        {
            if (_datedLength == 0) return;
            var dated = new LinePrefix { TimeKind = _datedKind, TimeStart = 0, TimeLength = _datedLength };
            DateTimeOffset? when = dated.WallClock(new ReadOnlySpan<byte>(_dated, 0, _datedLength), 0);
            _datedLength = 0;
            if (when.HasValue) _years.ObserveDated(when.Value);
        }

        private void Close(List<GuestOsFailure> output, bool complete, bool cut = false)
        {
            FailureBlock? block = _open;
            _open = null;
            if (block == null) return;
            GuestOsFailure r = block.Finish(complete, _docKernelVersion);
            if (block.StartedByStackText && r.Code == null)
            {
                // a STACK_TEXT without nt!KeBugCheckEx is not a bug check (user-mode analyses print one too)
                _unmatched++;
                if (_unmatchedExamples.Count < 3) _unmatchedExamples.Add("line " + r.LineNumber + ": STACK_TEXT: without a nt!KeBugCheckEx frame");
                return;
            }
            _found++;
            if (cut)
            {
                _context.Report(_doc.Path, IssueKind.TruncatedRecord,
                    "guest failure report starting at line " + r.LineNumber + " cut after " + block.LineCount + " lines (no end of its call trace seen)", r.EndLineNumber);
            }
            if (_options.Accepts(r)) { output.Add(r); _written++; }
        }

        /// <inheritdoc/>
        public void Complete(List<GuestOsFailure> output)
        {
            CompleteBlocks(output);
            if (_unmatched > 0)
                _context.Report(_doc.Path, IssueKind.Skipped, _unmatched + " line(s) look like the start of a crash report but match no known shape ("
                    + string.Join("; ", _unmatchedExamples) + ")");
            if (_damagedPrefixes > 0)
                _context.Report(_doc.Path, IssueKind.Skipped, _damagedPrefixes + " line(s) carry a log prefix the reader does not know (damaged or cut); read from their kernel message on, the first is line " + _firstDamagedLine, _firstDamagedLine);
            if (_journal.Unreadable > 0)
                _context.Report(_doc.Path, IssueKind.Skipped, _journal.Unreadable + " journal MESSAGE field(s) are binary (not UTF-8 text) and were not read");
        }

        private void CompleteBlocks(List<GuestOsFailure> output)
        {
            if (_open != null)
            {
                bool complete = _open.Style == BlockStyle.Debugger || _open.Style == BlockStyle.WindowsScreen || _open.Style == BlockStyle.CrashBt
                                || _open.Style == BlockStyle.MachineCheck || _open.Style == BlockStyle.Wer || _open.InTrace;
                if (!complete)
                    _context.Report(_doc.Path, IssueKind.TruncatedRecord, "guest failure report starting at line " + _open.Record.LineNumber + " ends with the input", _open.Record.EndLineNumber);
                Close(output, complete);
            }
            if (_bsod != null && _reset != null && _bsod.LineNumber < _reset.LineNumber) FlushBsod(output);
            FlushReset(output);
            FlushBsod(output);
        }

        // ---- host side -------------------------------------------------------------------------------------------

        private sealed class BsodGroup
        {
            public long LineNumber, EndLineNumber;
            public ulong? Code;
            public readonly string?[] Parameters = new string?[4];
            public DateTimeOffset? Timestamp;
            public string Text = "";
            public int Seen;
        }

        private bool HostSignals(ReadOnlySpan<byte> line, long lineNumber, List<GuestOsFailure> output)
        {
            if (line.IndexOf(s_winBsod) >= 0)
            {
                FlushReset(output);
                ReadBsod(LinePrefix.Ascii(line), lineNumber, output);
                return true;
            }
            foreach (var (marker, kind, os) in GuestFailureShapes.HostSignals)
            {
                if (!Contains(line, marker)) continue;
                string text = LinePrefix.Ascii(line);
                var r = new GuestOsFailure(os, kind, HostMessage(text, marker))
                {
                    Path = _doc.Path,
                    LineNumber = lineNumber,
                    EndLineNumber = lineNumber,
                    Text = text,
                    HostName = _doc.HostName ?? _options.HostName,
                    Source = SourceOf(text),
                };
                Match ts = s_isoAtStart.Match(text);
                if (ts.Success && TryIso(ts.Groups["t"].Value, out DateTimeOffset when))
                {
                    r.Timestamp = when; r.HostTimestamp = when; r.TimestampKind = GuestTimestampKind.WallClock;
                }
                Match vm = s_vmxPath.Match(text);
                r.VMName = vm.Success ? vm.Groups["vm"].Value : _vmName;
                FlushBsod(output);
                if (kind == GuestFailureKind.GuestReset)
                {
                    if (_reset != null && _reset.VMName == r.VMName && (r.Timestamp == null || _reset.Timestamp == null || r.Timestamp.Value - _reset.Timestamp.Value <= s_resetJoinTime))
                    {
                        _reset.EndLineNumber = lineNumber;
                        _reset.Text += "\n" + text;
                        return true;
                    }
                    FlushReset(output);
                    _reset = r;
                    return true;
                }
                FlushReset(output);
                _found++;
                if (_options.Accepts(r)) { output.Add(r); _written++; }
                return true;
            }
            return false;
        }

        private GuestFailureSource SourceOf(string text)
        {
            if (_doc.Kind == LogKind.VmwareLog) return GuestFailureSource.VmwareLog;
            if (_doc.Kind == LogKind.Hostd || text.IndexOf("Hostd", StringComparison.OrdinalIgnoreCase) >= 0) return GuestFailureSource.Hostd;
            if (text.IndexOf("vcpu-", StringComparison.Ordinal) >= 0 || text.IndexOf("| vmx", StringComparison.Ordinal) >= 0) return GuestFailureSource.VmwareLog;
            return GuestFailureSource.HostLog;
        }

        private static string HostMessage(string text, string marker)
        {
            int i = text.IndexOf(marker, StringComparison.Ordinal);
            return text.Substring(i).Trim();
        }

        private void ReadBsod(string text, long lineNumber, List<GuestOsFailure> output)
        {
            // The KB shows a whole group on one line; vmware.log has one value per line. Both are read item by item.
            foreach (Match m in s_winBsodItem.Matches(text))
            {
                int n = m.Groups["n"].Value[0] - '0';
                string value = "0x" + m.Groups["value"].Value;
                if (n == 0 || _bsod == null || lineNumber - _bsod.EndLineNumber > 50)
                {
                    FlushBsod(output);
                    _bsod = new BsodGroup { LineNumber = lineNumber };
                    Match ts = s_isoAtStart.Match(text.Substring(0, m.Index));
                    if (ts.Success && TryIso(ts.Groups["t"].Value, out DateTimeOffset when)) _bsod.Timestamp = when;
                }
                if (_bsod.EndLineNumber != lineNumber) _bsod.Text += (_bsod.Text.Length > 0 ? "\n" : "") + text;
                _bsod.EndLineNumber = lineNumber;
                _bsod.Seen |= 1 << n;
                if (n == 0) { if (BugCheckCodes.TryParseCode(value, out ulong code)) _bsod.Code = code; }
                else _bsod.Parameters[n - 1] = value;
                if (n == 4) FlushBsod(output);
            }
        }

        private void FlushReset(List<GuestOsFailure> output)
        {
            GuestOsFailure? r = _reset;
            _reset = null;
            if (r == null) return;
            _found++;
            if (_options.Accepts(r)) { output.Add(r); _written++; }
        }

        private void FlushBsod(List<GuestOsFailure> output)
        {
            BsodGroup? g = _bsod;
            _bsod = null;
            if (g == null) return;
            var ps = new List<string>();
            foreach (string? v in g.Parameters) { if (v == null) break; ps.Add(v); }
            string message = "WinBSOD: Synthetic MSR[0x40000100] " + (g.Code.HasValue ? "0x" + g.Code.Value.ToString("x", CultureInfo.InvariantCulture) : "?");
            var r = new GuestOsFailure(GuestOs.Windows, GuestFailureKind.BugCheck, message)
            {
                Code = g.Code,
                Name = g.Code.HasValue ? BugCheckCodes.NameOf(g.Code.Value) : null,
                Parameters = ps.ToArray(),
                Source = GuestFailureSource.VmwareLog,
                Path = _doc.Path,
                LineNumber = g.LineNumber,
                EndLineNumber = g.EndLineNumber,
                Text = g.Text,
                HostName = _doc.HostName ?? _options.HostName,
                VMName = _vmName,
                IsComplete = g.Seen == 0x1F,
            };
            if (g.Timestamp.HasValue)
            {
                r.Timestamp = g.Timestamp; r.HostTimestamp = g.Timestamp; r.TimestampKind = GuestTimestampKind.WallClock;
            }
            if (ps.Count > 0) r.ParameterDetails = BugCheckParameters.Describe(r.Code, ps);
            _found++;
            if (_options.Accepts(r)) { output.Add(r); _written++; }
        }

        private static bool TryIso(string s, out DateTimeOffset value)
            => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

        private static bool Contains(ReadOnlySpan<byte> line, string marker)
        {
            // markers are ASCII; compare without allocating
            int first = marker[0];
            int from = 0;
            while (from < line.Length)
            {
                int i = line.Slice(from).IndexOf((byte)first);
                if (i < 0) return false;
                i += from;
                if (i + marker.Length > line.Length) return false;
                bool ok = true;
                for (int k = 1; k < marker.Length; k++) if (line[i + k] != marker[k]) { ok = false; break; }
                if (ok) return true;
                from = i + 1;
            }
            return false;
        }
    }
}
