using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Psod
{
    /// <summary>
    /// Finds purple diagnostic screens in one document's lines: strips vmkernel log prefixes, cuts lines that ran
    /// together, detects a screen start and collects the block until it ends (a blank run, lines that do not belong,
    /// the lines after the coredump line, a new screen, the end of input).
    /// </summary>
    public sealed class PurpleScreenParser : ILineParser<PurpleScreen>
    {
        private const int MaxUnknownRun = 6;
        private const int MaxLineChars = 2048;

        private readonly LogDocument _document;
        private readonly PurpleScreenReadOptions _options;
        private readonly ReadContext _context;
        private readonly bool _textMode;
        private ScreenBuilder? _open;
        private long _unmatched;
        private readonly List<(long Line, string Text)> _unmatchedExamples = new List<(long, string)>();
        private readonly List<MachineCheck> _earlierChecks = new List<MachineCheck>();
        private long _earlierChecksLine;
        private const int MaxEarlierChecks = 16;
        private const int EarlierChecksWindow = 2000;

        /// <summary>Creates a parser for <paramref name="document"/>. Logs (vmkernel.log, zdump logs) only open a screen on
        /// <c>@BlueScreen:</c>, <c>Panic Details:</c> or a build header; pasted text (pipeline, .txt) also on a bare message or frame.</summary>
        public PurpleScreenParser(LogDocument document, PurpleScreenReadOptions options, ReadContext context)
        {
            _document = document ?? throw new ArgumentNullException(nameof(document));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _textMode = IsTextKind(document.Kind);
        }

        /// <summary>Screens found so far (before filters).</summary>
        public long ScreenCount { get; private set; }

        internal static bool IsTextKind(LogKind kind)
            => kind == LogKind.Unknown || kind == LogKind.Text || kind == LogKind.Serial || kind == LogKind.WindowsText;

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<PurpleScreen> output)
        {
            if (_open == null && !MayStart(line))
            {
                if (!_textMode && MayBeMachineCheck(line)) EarlierMachineCheck(line, lineNumber);
                return;
            }
            string raw = PurpleScreenLineShapes.Clean(line.Length > MaxLineChars ? line.Slice(0, MaxLineChars) : line);
            string text = raw;
            LinePrefix prefix = PurpleScreenLineShapes.StripPrefix(ref text);
            text = text.Trim();
            if (text.Length == 0)
            {
                if (_open != null) Blank(raw, output);
                return;
            }
            List<int> points = PurpleScreenLineShapes.SplitPoints(text);
            for (int i = 0; i < points.Count; i++)
            {
                int start = points[i];
                int end = i + 1 < points.Count ? points[i + 1] : text.Length;
                string segment = text.Substring(start, end - start).Trim();
                if (segment.Length == 0) continue;
                string rawPart = i == 0 ? raw.TrimEnd() : text.Substring(start).TrimEnd();
                LinePrefix own = prefix;
                if (i > 0)
                {
                    // a log line run into the one before it ("… PCPU(s): 3).cpu3:2097152)cr0=0x…") brings its own prefix
                    LinePrefix inner = PurpleScreenLineShapes.StripPrefix(ref segment);
                    if (inner.Present) { own = inner; segment = segment.Trim(); if (segment.Length == 0) continue; }
                }
                Segment(segment, rawPart, i > 0, own, lineNumber, output);
            }
        }

        /// <inheritdoc/>
        public void Complete(List<PurpleScreen> output)
        {
            if (_open != null) CloseAtEnd(output);
            if (_unmatched == 0) return;
            var text = new System.Text.StringBuilder();
            text.Append(_unmatched).Append(" line(s) inside or just after purple screens match no known screen line shape (kept in the block, not read into fields); e.g. ");
            for (int i = 0; i < _unmatchedExamples.Count; i++)
            {
                if (i > 0) text.Append(" | ");
                text.Append("line ").Append(_unmatchedExamples[i].Line).Append(": ").Append(_unmatchedExamples[i].Text);
            }
            _context.Report(_document.Path, IssueKind.Skipped, text.ToString(), _unmatchedExamples[0].Line);
        }

        /// <summary>Lines inside screens that matched no shape (prose, unknown wordings); kept in the screen's Text only.</summary>
        public long UnmatchedCount => _unmatched;

        private void CloseAtEnd(List<PurpleScreen> output)
        {
            if (_open!.IsBare)
            {
                _context.Report(_document.Path, IssueKind.TruncatedRecord,
                    "the screen that starts here ends with the input before any registers, PCPU list or backtrace", _open.LineNumber);
            }
            Close(output);
        }

        // Bytes prefilter: a log line can only open a screen if it holds one of the strong markers, so almost every line
        // of a vmkernel.log without a PSOD is rejected by a few vectorized IndexOf calls and never decoded.
        private bool MayStart(ReadOnlySpan<byte> line)
        {
            if (line.IndexOf("BlueScreen"u8) >= 0 || line.IndexOf("Releasebuild"u8) >= 0 || line.IndexOf("Panic Details"u8) >= 0) return true;
            // ESX 3.5 "Host: 3612: COS Error: Lost heartbeat" and APEI/HEST NMI lines open a screen in logs too
            if (line.IndexOf("COS Error"u8) >= 0 || line.IndexOf("HestNMI"u8) >= 0 || line.IndexOf("HESTNmi"u8) >= 0) return true;
            if (!_textMode || LooksPrefixed(line)) return false;
            return line.IndexOf("VMware ESX"u8) >= 0 || line.IndexOf("locked up"u8) >= 0 || line.IndexOf("Exception"u8) >= 0 || line.IndexOf("[0x"u8) >= 0
                || line.IndexOf("NMI"u8) >= 0 || line.IndexOf("ASSERT"u8) >= 0 || line.IndexOf("NOT_IMPLEMENTED"u8) >= 0
                || line.IndexOf("Spin count"u8) >= 0 || line.IndexOf("eartbeat"u8) >= 0 || line.IndexOf("COS Error"u8) >= 0
                || line.IndexOf("Backtrace"u8) >= 0 || line.IndexOf("LINT1"u8) >= 0 || line.IndexOf("Panic"u8) >= 0;
        }

        // "MCA: ", "MCE: ", "MC:PCPU": one IndexOf for "MC", then the byte after it.
        private static bool MayBeMachineCheck(ReadOnlySpan<byte> line)
        {
            int from = 0;
            while (true)
            {
                int at = line.Slice(from).IndexOf("MC"u8);
                if (at < 0) return false;
                at += from;
                if (at + 3 < line.Length)
                {
                    byte next = line[at + 2];
                    if ((next == (byte)'A' || next == (byte)'E') && line[at + 3] == (byte)':') return true;
                    if (next == (byte)':' && line[at + 3] == (byte)'P') return true;
                }
                from = at + 2;
            }
        }

        private void EarlierMachineCheck(ReadOnlySpan<byte> line, long lineNumber)
        {
            string text = PurpleScreenLineShapes.Clean(line.Length > MaxLineChars ? line.Slice(0, MaxLineChars) : line);
            LinePrefix prefix = PurpleScreenLineShapes.StripPrefix(ref text);
            MachineCheck? mc = MachineCheckDecoder.TryRead(text.Trim(), prefix.Cpu);
            if (mc == null) return;
            if (_earlierChecks.Count > 0 && lineNumber - _earlierChecksLine > EarlierChecksWindow) _earlierChecks.Clear();
            if (_earlierChecks.Count >= MaxEarlierChecks) _earlierChecks.RemoveAt(0);
            _earlierChecks.Add(mc);
            _earlierChecksLine = lineNumber;
        }

        // A vmkernel log prefix ("…cpuN:W)" or "…cpuN:W opID=…)") in the first bytes: such a line can only open a screen
        // with a strong marker, so pasted logs skip decoding their many frame-like lines.
        private static bool LooksPrefixed(ReadOnlySpan<byte> line)
        {
            ReadOnlySpan<byte> head = line.Length > 160 ? line.Slice(0, 160) : line;
            int at = head.IndexOf("cpu"u8);
            while (at >= 0)
            {
                int i = at + 3, digits = 0;
                while (i < head.Length && head[i] >= (byte)'0' && head[i] <= (byte)'9') { i++; digits++; }
                if (digits > 0 && i < head.Length && head[i] == (byte)':')
                {
                    i++;
                    int worldDigits = 0;
                    while (i < head.Length && head[i] >= (byte)'0' && head[i] <= (byte)'9') { i++; worldDigits++; }
                    if (worldDigits > 0 && i < head.Length && (head[i] == (byte)')' || head[i] == (byte)' ')) return true;
                }
                int next = head.Slice(at + 3).IndexOf("cpu"u8);
                at = next < 0 ? -1 : at + 3 + next;
            }
            return false;
        }

        private void Blank(string raw, List<PurpleScreen> output)
        {
            ScreenBuilder open = _open!;
            open.AddRaw(raw, ignorable: true);
            if (++open.BlankRun >= 2) Close(output);
        }

        private void Segment(string segment, string rawPart, bool midLine, LinePrefix prefix, long lineNumber, List<PurpleScreen> output)
        {
            PsodShapeRow? row = PurpleScreenLineShapes.Classify(segment, out Match? match);
            PsodShape shape = row?.Shape ?? PsodShape.Unknown;
            if (shape == PsodShape.Frame && PurpleScreenLineShapes.IsObfuscated(segment))
            {
                row = null; // "Func@[email protected]#…", "####@example.com#1+0xf": a web page's e-mail obfuscation ate the module
                shape = PsodShape.Unknown;
            }
            bool looksLikeFrame = shape == PsodShape.Unknown && (segment.IndexOf(":[0x", StringComparison.Ordinal) >= 0 || segment.StartsWith("[0x", StringComparison.Ordinal));

            if (_open != null)
            {
                ScreenBuilder open = _open;
                bool close = false;
                switch (shape)
                {
                    case PsodShape.Header:
                        close = open.HasBody || open.Build != null;
                        break;
                    case PsodShape.PanicDetails:
                        close = open.Message != null || open.FrameCount > 0;
                        break;
                    case PsodShape.NmiSource:
                        close = open.Message != null || open.FrameCount > 0;
                        break;
                    case PsodShape.Message:
                        string msg = match!.Groups["msg"].Value.Trim();
                        close = !(open.FrameCount == 0 && !open.AfterCoredump && (open.Message == null || string.Equals(open.Message, msg, StringComparison.Ordinal)));
                        break;
                    case PsodShape.Coredump:
                    case PsodShape.CoredumpTail:
                        break;
                    case PsodShape.Known:
                        // A WARNING/ALERT line logged by another PCPU is the log going on, not part of the screen.
                        close = open.AfterCoredump || (prefix.Present && open.LastPrefixed && prefix.Cpu != open.LastCpu);
                        break;
                    case PsodShape.Unknown:
                        if (looksLikeFrame && !open.AfterCoredump) break;
                        close = open.AfterCoredump
                            || prefix.Present != open.LastPrefixed
                            || (prefix.Present && prefix.Cpu != open.LastCpu)
                            || open.UnknownRun + 1 > MaxUnknownRun;
                        break;
                    default:
                        close = open.AfterCoredump;
                        break;
                }
                if (!close && open.RawCount >= _options.MaxBlockLines)
                {
                    _context.Report(_document.Path, IssueKind.LimitExceeded,
                        "the screen that starts at line " + open.LineNumber + " runs past " + _options.MaxBlockLines + " lines; it was cut there", lineNumber);
                    close = true;
                }
                if (close)
                {
                    if (midLine) open.CutLastRaw(rawPart);
                    Close(output);
                }
                else
                {
                    if (!midLine) open.AddRaw(rawPart, ignorable: shape == PsodShape.Unknown && !looksLikeFrame);
                    if (looksLikeFrame && !IsCutFrame(segment))
                    {
                        // The screen was read; a mangled frame is counted in it (DamagedFrameCount), not an input error.
                        _context.Report(_document.Path, IssueKind.Skipped, "backtrace frame damaged, kept with what is legible and counted in DamagedFrameCount: " + Excerpt(segment), lineNumber);
                        open.DamagedFrame(segment, prefix);
                    }
                    else if (looksLikeFrame)
                    {
                        _context.Report(_document.Path, IssueKind.MalformedRecord, "backtrace frame cut short: " + Excerpt(segment), lineNumber);
                        open.Touch(prefix);
                    }
                    else if (shape == PsodShape.Unknown)
                    {
                        open.UnknownRun++;
                        _unmatched++;
                        if (_unmatchedExamples.Count < 3) _unmatchedExamples.Add((lineNumber, Excerpt(segment)));
                    }
                    else
                    {
                        open.Apply(shape, match!, segment, prefix);
                    }
                    return;
                }
            }

            if (row == null) return;
            bool start = row.StrongStart || (row.WeakStart && _textMode && !prefix.Present);
            if (!start) return;
            _open = new ScreenBuilder(lineNumber);
            if (_earlierChecks.Count > 0)
            {
                if (lineNumber - _earlierChecksLine <= EarlierChecksWindow) _open.AddMachineChecks(_earlierChecks);
                _earlierChecks.Clear();
            }
            _open.AddRaw(rawPart, ignorable: false);
            _open.Apply(shape, match!, segment, prefix);
        }

        private void Close(List<PurpleScreen> output)
        {
            ScreenBuilder open = _open!;
            _open = null;
            PurpleScreen screen = open.ToScreen(_document, _options);
            ScreenCount++;
            if (_options.Accepts(screen)) output.Add(screen);
        }

        /// <summary>A frame whose address bracket never closes: the text was cut inside it.</summary>
        private static bool IsCutFrame(string segment)
        {
            int open = segment.IndexOf("[0x", StringComparison.Ordinal);
            return open < 0 || segment.IndexOf(']', open) < 0;
        }

        internal static string Excerpt(string s) => s.Length <= 80 ? s : s.Substring(0, 80) + "…";
    }
}
