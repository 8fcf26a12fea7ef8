using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Psod
{
    /// <summary>
    /// vmksummary.log: the host's hourly heartbeat, boots and shutdowns. A kernel error line (<c>VMkernel error</c>) is a
    /// panic whose screen is not in this log; with the boot next to it and no clean shutdown before that boot it becomes
    /// a <see cref="PurpleScreen"/> of kind VmkSummary with its <see cref="PurpleScreen.RebootTime"/>. A boot with no
    /// clean shutdown and no kernel error line is reported (verbose): a power loss or a crash that left no record here.
    /// </summary>
    public sealed class VmkSummaryParser : ILineParser<PurpleScreen>
    {
        private enum Event { Panic, Boot, CleanShutdown, Heartbeat }

        private const RegexOptions Rx = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        /// <summary>The line wordings of ESX 4 (syslog via logger/vmkhalt) and ESXi 5–8 (bootstop, heartbeat) as data.</summary>
        private static readonly (Event Event, Regex Pattern, string Era)[] s_rows =
        {
            (Event.Panic, new Regex(@"\bVMkernel error\b", Rx), "ESX/ESXi 4.x-5.x: logger: (1251797206) VMkernel error"),
            (Event.Boot, new Regex(@"\bHost has booted\b|\bStarting system\b|\bloaded VMkernel\b", Rx), "bootstop: Host has booted (5.x+); vmkhalt: (N) Starting system... / logger: (N) loaded VMkernel (4.x)"),
            (Event.CleanShutdown, new Regex(@"\bHost is (?:rebooting|halting|powering off|shutting down)\b|\b(?:Rebooting|Halting|Powering off) system\b", Rx), "bootstop[N]: Host is rebooting|halting|powering off (5.x+); vmkhalt: (N) Rebooting|Halting system... (4.x)"),
            (Event.Heartbeat, new Regex(@"\bheartbeat: up\b|\bhb: vmk loaded\b", Rx), "heartbeat: up 0d1h, 3 VMs; … (5.x+); logger: (N) hb: vmk loaded, … (4.x)"),
        };

        private static readonly Regex s_epoch = new Regex(@"\((?<s>1\d{9})\)", Rx);

        private readonly LogDocument _document;
        private readonly PurpleScreenReadOptions _options;
        private readonly ReadContext _context;
        private bool _cleanSinceBoot;
        private bool _seenAny;
        private (DateTimeOffset? Time, long Line)? _lastBoot;
        private bool _lastBootUnclean;
        private bool _lastBootHadPanic;
        private PurpleScreenData? _pending;
        private Event? _lastEvent;

        /// <summary>Creates a parser for one vmksummary.log.</summary>
        public VmkSummaryParser(LogDocument document, PurpleScreenReadOptions options, ReadContext context)
        {
            _document = document ?? throw new ArgumentNullException(nameof(document));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Panics found so far (before filters).</summary>
        public long ScreenCount { get; private set; }

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<PurpleScreen> output)
        {
            if (line.IndexOf("oot"u8) < 0 && line.IndexOf("VMkernel"u8) < 0 && line.IndexOf("system"u8) < 0 && line.IndexOf("Host is"u8) < 0
                && line.IndexOf("eartbeat"u8) < 0 && line.IndexOf("hb:"u8) < 0) return;
            string text = Utf8Text.Decode(line);
            foreach (var (ev, pattern, _) in s_rows)
            {
                if (!pattern.IsMatch(text)) continue;
                DateTimeOffset? time = Time(text);
                Apply(ev, time, text, lineNumber, output);
                _lastEvent = ev;
                return;
            }
        }

        private void Apply(Event ev, DateTimeOffset? time, string text, long lineNumber, List<PurpleScreen> output)
        {
            switch (ev)
            {
                case Event.Heartbeat:
                    _seenAny = true;
                    break;
                case Event.CleanShutdown:
                    _cleanSinceBoot = true;
                    _seenAny = true;
                    break;
                case Event.Boot:
                    // One boot logs up to three lines (Starting system, VMkernel error, loaded VMkernel): the first opens it.
                    if (_lastBoot.HasValue && (_lastEvent == Event.Boot || (_lastEvent == Event.Panic && _pending == null))) break;
                    FinishBoot();
                    bool unclean = _seenAny && !_cleanSinceBoot;
                    _lastBoot = (time, lineNumber);
                    _lastBootUnclean = unclean;
                    _lastBootHadPanic = false;
                    if (_pending != null)
                    {
                        // ESXi order: the error line, then the boot; a clean shutdown in between would make it a later, unrelated boot
                        _pending.RebootTime = _cleanSinceBoot ? null : Shift(time);
                        Emit(_pending, output);
                        _pending = null;
                        _lastBootHadPanic = true;
                    }
                    _cleanSinceBoot = false;
                    _seenAny = true;
                    break;
                case Event.Panic:
                    var d = new PurpleScreenData
                    {
                        Message = text.Substring(Math.Max(0, text.IndexOf("VMkernel error", StringComparison.Ordinal))).Trim(),
                        Category = PurpleScreenCategory.Other,
                        Timestamp = Shift(time),
                        HostName = _document.HostName ?? _options.HostName,
                        Text = text,
                        Path = _document.Path,
                        LineNumber = lineNumber,
                        LogKind = LogKind.VmkSummary,
                    };
                    if (_lastBoot.HasValue && _lastEvent == Event.Boot)
                    {
                        // ESX 4 order: Starting system, then VMkernel error (logged while booting after the crash)
                        d.RebootTime = Shift(_lastBoot.Value.Time);
                        _lastBootHadPanic = true;
                        Emit(d, output);
                    }
                    else
                    {
                        if (_pending != null) Emit(_pending, output);
                        _pending = d;
                    }
                    _seenAny = true;
                    break;
            }
        }

        /// <inheritdoc/>
        public void Complete(List<PurpleScreen> output)
        {
            FinishBoot();
            if (_pending != null) Emit(_pending, output);
            _pending = null;
        }

        private void FinishBoot()
        {
            if (_lastBoot.HasValue && _lastBootUnclean && !_lastBootHadPanic)
            {
                _context.Report(_document.Path, IssueKind.Skipped,
                    "the host booted" + (_lastBoot.Value.Time.HasValue ? " at " + _lastBoot.Value.Time.Value.ToString("o", CultureInfo.InvariantCulture) : "")
                    + " with no clean shutdown logged before it and no kernel error line: a power loss, a reset, or a crash that left no record here (look for vmkernel-zdump files)",
                    _lastBoot.Value.Line);
            }
            _lastBoot = null;
        }

        private void Emit(PurpleScreenData d, List<PurpleScreen> output)
        {
            ScreenCount++;
            var screen = new PurpleScreen(d);
            if (_options.Accepts(screen)) output.Add(screen);
        }

        private DateTimeOffset? Shift(DateTimeOffset? t) => t.HasValue ? t.Value - _options.TimeOffset : (DateTimeOffset?)null;

        private static DateTimeOffset? Time(string text)
        {
            if (text.Length >= 19 && char.IsDigit(text[0]) && text[4] == '-' && text[10] == 'T')
            {
                int end = text.IndexOf(' ');
                string token = end > 0 ? text.Substring(0, end) : text;
                if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset iso)) return iso;
            }
            // ESX 4 syslog lines carry no year, but the program writes the epoch: "vmkhalt: (1268148374) Starting system..."
            Match e = s_epoch.Match(text);
            if (e.Success && long.TryParse(e.Groups["s"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            return null;
        }

    }
}
