using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.VMotion
{
    /// <summary>
    /// Turns the lines of one document (vmkernel.log, vmware.log, hostd.log, syslog, piped text) into
    /// <see cref="VMotionEvent"/>s. Most lines are dropped by a byte search for a few markers before any string is
    /// made; the rest are split where another record starts inside them, their prefix is read (<see cref="LineShapes"/>)
    /// and their text matched against <see cref="Wordings"/>. Lines without a migration id get it from the document's
    /// context: the vmware.log's current migration, a hostd opID, or the VM's world id.
    /// </summary>
    public sealed class VMotionLineParser : ILineParser<VMotionEvent>, ILineNeedles
    {
        private const int MaxContextEntries = 4096;
        private const int MaxPending = 16;
        private const int MaxExamples = 3;

        private readonly LogDocument _document;
        private readonly VMotionOptions _options;
        private readonly ReadContext _context;
        private readonly List<(long Line, string Text)> _unmatchedExamples = new List<(long, string)>();
        private long _unmatched;
        private readonly SourceClock _clock;
        private readonly bool _applyEventFilters;
        private readonly bool _vmxMarkers;
        private readonly bool _hostdMarkers;
        private readonly Dictionary<string, string> _pool = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly string?[] _recent = new string?[16];
        private int _recentNext;
        private readonly Dictionary<long, string> _worldToMigration = new Dictionary<long, string>();
        private readonly Dictionary<string, (string Id, VMotionRole Role)> _opToMigration = new Dictionary<string, (string, VMotionRole)>(StringComparer.Ordinal);
        private string? _vmxMigration;
        private VMotionRole _vmxRole;
        private string? _vmName;
        private readonly List<VMotionEvent> _vmxPending = new List<VMotionEvent>();
        private bool _vmxSeenId;

        /// <summary>
        /// Creates a parser for <paramref name="document"/>. With <paramref name="applyEventFilters"/> the time window
        /// and migration ids of <paramref name="options"/> drop events here (Get-VMotionEvent); the join applies them to
        /// whole migrations instead.
        /// </summary>
        public VMotionLineParser(LogDocument document, VMotionOptions options, ReadContext context, bool applyEventFilters = true)
        {
            _document = document ?? throw new ArgumentNullException(nameof(document));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _clock = options.CreateClock();
            _applyEventFilters = applyEventFilters;
            LogKind k = document.Kind;
            bool generic = k != LogKind.VmKernel && k != LogKind.VmkWarning && k != LogKind.Hostd && k != LogKind.VmwareLog && k != LogKind.Vpxa;
            _vmxMarkers = generic || k == LogKind.VmwareLog;
            _hostdMarkers = generic || k == LogKind.Hostd || k == LogKind.Vpxa;
            Needles = _vmxMarkers ? (_hostdMarkers ? s_allMarkers : s_vmxMarkers) : _hostdMarkers ? s_hostdMarkers : s_markers;
        }

        /// <summary>Byte strings one of which every vMotion line holds; with vmware.log's and hostd.log's own where they apply.</summary>
        private static readonly byte[][] s_markers = Bytes("igrat", "otion", "FSR:");
        private static readonly byte[][] s_vmxMarkers = Bytes("igrat", "otion", "FSR:", "stopped for", "displayName");
        private static readonly byte[][] s_hostdMarkers = Bytes("igrat", "otion", "FSR:", "MIGRAT", "ResolveCb");
        private static readonly byte[][] s_allMarkers = Bytes("igrat", "otion", "FSR:", "stopped for", "displayName", "MIGRAT", "ResolveCb");

        private static byte[][] Bytes(params string[] markers) => Array.ConvertAll(markers, m => Encoding.ASCII.GetBytes(m));

        /// <summary>The markers of this document's kind: a line holding none of them is not read (<see cref="ILineNeedles"/>).</summary>
        public byte[][] Needles { get; }

        /// <summary>True when a line may hold a vMotion record: the cheap byte test run on every line.</summary>
        internal bool IsCandidate(ReadOnlySpan<byte> line)
        {
            foreach (byte[] marker in Needles)
            {
                if (line.IndexOf(marker) >= 0) return true;
            }
            return false;
        }

        /// <inheritdoc/>
        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<VMotionEvent> output)
        {
            if (!IsCandidate(line)) return;
            if (_vmxMarkers && TryDisplayName(line)) return;
            int start = 0;
            while (start < line.Length)
            {
                int next = NextRecordStart(line, start + 1);
                ParseRecord(line.Slice(start, next - start), lineNumber, output);
                start = next;
            }
        }

        /// <summary>Lines that passed the byte prefilter (they name vMotion or migration) but matched no wording: not read as events.</summary>
        public long UnmatchedCount => _unmatched;

        /// <inheritdoc/>
        public void Complete(List<VMotionEvent> output)
        {
            FlushPending(output);
            if (_unmatched == 0) return;
            var text = new StringBuilder();
            text.Append(_unmatched).Append(" line(s) mention vMotion or migration but match no known vMotion wording and were not read as events; e.g. ");
            for (int i = 0; i < _unmatchedExamples.Count; i++)
            {
                if (i > 0) text.Append(" | ");
                text.Append("line ").Append(_unmatchedExamples[i].Line).Append(": ").Append(_unmatchedExamples[i].Text);
            }
            _context.Report(_document.Path, IssueKind.Skipped, text.ToString(), _unmatchedExamples.Count > 0 ? _unmatchedExamples[0].Line : 0);
        }

        /// <summary>Where the next record starts inside a line whose newlines were lost (or the line's end).</summary>
        private static int NextRecordStart(ReadOnlySpan<byte> line, int from)
        {
            for (int i = from; i + 10 < line.Length; i++)
            {
                byte b = line[i];
                // "Hostd: [2014-06-02 …" is the bracket of this record's own forwarded prefix, not a new record
                // the '-' of "dddd-" first: it rules out almost every position before the wider tests run
                bool maybe = (b == (byte)'[' && line[i + 5] == (byte)'-' && LineShapes.IsDateAt(line, i + 1) && !(line[i - 1] == (byte)' ' && i >= 2 && line[i - 2] == (byte)':'))
                    || (line[i + 4] == (byte)'-' && line[i + 10] == (byte)'T' && LineShapes.IsDateAt(line, i))
                    || (b >= (byte)'A' && b <= (byte)'Z' && LineShapes.IsBsdTimeAt(line, i))
                    // "…tmpvmkernel: 114:03:…" glued; after a space it is this record's own syslog prefix
                    || (b == (byte)'v' && line[i - 1] != (byte)' ' && LineShapes.StartsWith(line, i, "vmkernel: ") && i + 10 < line.Length && (uint)(line[i + 10] - '0') <= 9);
                if (maybe && LineShapes.TryRead(line.Slice(i), out LinePrefix p) && p.Shape != VMotionLineShape.None) return i;
            }
            return line.Length;
        }

        private void ParseRecord(ReadOnlySpan<byte> record, long lineNumber, List<VMotionEvent> output)
        {
            if (!LineShapes.TryRead(record, out LinePrefix p)) p = default;
            DateTimeOffset? time = null;
            if (p.HasTime) time = _clock.ToHost(new DateTimeOffset(p.Time, TimeSpan.Zero));
            // A vMotion line outside the time window is still read (candidates are few): it may teach the
            // document's context (world id or opID -> migration id) that later lines in the window need.
            bool inWindow = !_applyEventFilters || !time.HasValue || _options.InWindow(time.Value);

            string message = Utf8Text.Decode(record.Slice(Math.Min(p.BodyStart, record.Length))).TrimEnd();
            if (message.Length == 0) return;
            LogKind kind = KindOf(p);
            Wording? wording = Wordings.Find(message, kind, out Match match);
            string? subsystem = Subsystem(message, p, kind);
            string? context = p.ContextLength > 0 ? Utf8Text.Decode(record.Slice(p.ContextStart, p.ContextLength)) : null;
            // hostd: the vMotion task may be named only in the context, "[Originator@6876 sub=Vcsvc.VMotionSrc (1551867585883155) opID=…]",
            // "[3C2A1B70 verbose 'VMotionSrc (1401700211000123)']"; it gives the id and side of a line whose own wording says what happened.
            Wording? contextWording = null;
            Match contextMatch = Match.Empty;
            if (context != null && context.IndexOf("VMotion", StringComparison.Ordinal) >= 0)
                contextWording = Wordings.Find(context, kind, out contextMatch);
            if (wording == null && contextWording == null && !IsVMotionSubsystem(subsystem, p.Shape))
            {
                Unmatched(lineNumber, message);
                return;
            }

            var e = new VMotionEvent
            {
                Timestamp = time,
                ClockOffset = _options.TimeOffset,
                Uptime = p.Uptime,
                Shape = p.Shape,
                Cpu = p.Cpu,
                WorldId = p.WorldId,
                OpId = p.OpIdLength > 0 ? Pool(record.Slice(p.OpIdStart, p.OpIdLength)) : null,
                HostName = p.HostLength > 0 ? Pool(record.Slice(p.HostStart, p.HostLength)) : _document.HostName,
                LogKind = kind,
                Subsystem = subsystem ?? "",
                Kind = wording?.Kind ?? VMotionEventKind.Other,
                Message = message,
                Path = _document.Path,
                LineNumber = lineNumber,
            };
            if (wording != null)
            {
                wording.Read?.Invoke(match, e);
                if (e.Role == VMotionRole.Unknown) e.Role = wording.Role;
            }
            if (contextWording != null)
            {
                // id and side from the context; what happened is the line's own wording (Other when it has none)
                var scratch = new VMotionEvent();
                contextWording.Read?.Invoke(contextMatch, scratch);
                e.MigrationId ??= scratch.MigrationId;
                if (e.Role == VMotionRole.Unknown) e.Role = scratch.Role != VMotionRole.Unknown ? scratch.Role : contextWording.Role;
            }
            if (e.MigrationId == null && wording != null && wording.Kind != VMotionEventKind.Prepare && Wordings.TryAgentTask(message, out string taskId, out VMotionRole taskRole))
            {
                e.MigrationId = taskId; // a pasted hostd line without its prefix: "… 'VMotionDst (…)' …] Bind: Failed to …"
                if (e.Role == VMotionRole.Unknown) e.Role = taskRole;
            }
            ReadMarker(message, e);
            if (context != null && e.VMName == null) e.VMName = VmxName(context);
            bool waits = ApplyDocumentContext(e);
            if (!inWindow) return;
            if (waits)
            {
                _vmxPending.Add(e);
                if (_vmxPending.Count > MaxPending) FlushPending(output);
                return;
            }
            if (_vmxPending.Count > 0)
            {
                FlushPending(output);
                if (e.Role == VMotionRole.Unknown && e.MigrationId == _vmxMigration) e.Role = _vmxRole;
            }
            Emit(e, output);
        }

        private void Emit(VMotionEvent e, List<VMotionEvent> output)
        {
            if (_applyEventFilters && !_options.WantsMigration(e.MigrationId)) return;
            output.Add(e);
        }

        /// <summary>vmware.log lines logged just before the first one naming the migration (Migrate.PrepareSource) take its id.</summary>
        private void FlushPending(List<VMotionEvent> output)
        {
            if (_vmxRole == VMotionRole.Unknown && _vmxMigration != null)
            {
                foreach (VMotionEvent p in _vmxPending) if (p.Role != VMotionRole.Unknown) { _vmxRole = p.Role; break; }
            }
            foreach (VMotionEvent p in _vmxPending)
            {
                if (p.MigrationId == null && _vmxMigration != null)
                {
                    p.MigrationId = _vmxMigration;
                    if (p.Role == VMotionRole.Unknown) p.Role = _vmxRole;
                }
                Emit(p, output);
            }
            _vmxPending.Clear();
        }

        /// <summary>The " 1451061663105920 S: " marker: the migration id before it and the role it names.</summary>
        private static void ReadMarker(string message, VMotionEvent e)
        {
            int at = message.IndexOf(" S: ", StringComparison.Ordinal);
            VMotionRole role = VMotionRole.Source;
            int d = message.IndexOf(" D: ", StringComparison.Ordinal);
            if (at < 0 || (d >= 0 && d < at)) { at = d; role = VMotionRole.Destination; }
            if (at <= 0) return;
            int tokenStart = message.LastIndexOf(' ', at - 1) + 1;
            if (tokenStart >= at) return;
            string token = message.Substring(tokenStart, at - tokenStart);
            if (token.EndsWith(":", StringComparison.Ordinal)) return;
            e.Role = role;
            if (e.MigrationId == null) e.MigrationId = Wordings.CleanId(token);
        }

        /// <summary>Fills the migration id from the document's context; true when a vmware.log line must wait for the first id.</summary>
        private bool ApplyDocumentContext(VMotionEvent e)
        {
            if (e.Shape == VMotionLineShape.VmxPipe || e.Shape == VMotionLineShape.VmxLevel || (e.Shape == VMotionLineShape.None && _document.Kind == LogKind.VmwareLog))
            {
                if (e.VMName == null) e.VMName = _vmName;
                if (e.MigrationId == null && !_vmxSeenId) return true;
                if (e.MigrationId != null)
                {
                    _vmxSeenId = true;
                    if (e.MigrationId != _vmxMigration) _vmxRole = VMotionRole.Unknown;
                    _vmxMigration = e.MigrationId;
                    if (e.Role != VMotionRole.Unknown) _vmxRole = e.Role;
                }
                else
                {
                    e.MigrationId = _vmxMigration;
                    if (e.Role != VMotionRole.Unknown && _vmxMigration != null && _vmxRole == VMotionRole.Unknown) _vmxRole = e.Role;
                }
                if (e.Role == VMotionRole.Unknown) e.Role = _vmxRole;
                return false;
            }
            if (e.OpId != null)
            {
                if (e.MigrationId != null)
                {
                    Remember(_opToMigration, e.OpId, (e.MigrationId, e.Role));
                }
                else if (_opToMigration.TryGetValue(e.OpId, out var op))
                {
                    // hostd: lines of one operation (opID) share its migration and, unless they say otherwise, its side
                    e.MigrationId = op.Id;
                    if (e.Role == VMotionRole.Unknown) e.Role = op.Role;
                }
            }
            if (e.VMWorldId.HasValue)
            {
                if (e.MigrationId != null) Remember(_worldToMigration, e.VMWorldId.Value, e.MigrationId);
                else if (_worldToMigration.TryGetValue(e.VMWorldId.Value, out string? m)) e.MigrationId = m;
            }
            return false;
        }

        private static void Remember<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key, TValue value) where TKey : notnull
        {
            if (map.Count >= MaxContextEntries && !map.ContainsKey(key)) map.Clear();
            map[key] = value;
        }

        private bool TryDisplayName(ReadOnlySpan<byte> line)
        {
            int at = line.IndexOf("displayName = \""u8);
            if (at < 0) return false;
            int start = at + 15;
            int end = line.Slice(start).IndexOf((byte)'"');
            if (end <= 0) return true;
            _vmName = Utf8Text.Decode(line.Slice(start, end));
            return true;
        }

        /// <summary>The .vmx file name of a hostd context (<c>'vm:/vmfs/volumes/…/Vmotion-test/Vmotion-test.vmx'</c>).</summary>
        internal static string? VmxName(string context)
        {
            int vmx = context.IndexOf(".vmx", StringComparison.Ordinal);
            if (vmx < 0) return null;
            int slash = context.LastIndexOf('/', vmx);
            if (slash < 0) return null;
            string name = context.Substring(slash + 1, vmx - slash - 1);
            return name.Length == 0 || name.IndexOf('<') >= 0 ? null : name;
        }

        private void Unmatched(long lineNumber, string message)
        {
            _unmatched++;
            if (_unmatchedExamples.Count < MaxExamples) _unmatchedExamples.Add((lineNumber, message.Length <= 100 ? message : message.Substring(0, 100) + "…"));
        }

        private LogKind KindOf(in LinePrefix p)
        {
            // The line's own shape beats a kind guessed from the file name (a KB excerpt mixes logs in one file); hostd and
            // vpxa write the same prefix shapes, so a vpxa.log's local lines are vpxa's.
            LogKind k = _document.Kind;
            if (p.Shape != VMotionLineShape.None)
                return p.Kind == LogKind.Hostd && k == LogKind.Vpxa && p.Shape != VMotionLineShape.HostdForwarded ? LogKind.Vpxa : p.Kind;
            return k == LogKind.VmKernel || k == LogKind.VmkWarning || k == LogKind.Hostd || k == LogKind.VmwareLog || k == LogKind.Vpxa ? k : LogKind.Unknown;
        }

        private string? Subsystem(string message, in LinePrefix p, LogKind kind)
        {
            if (p.Shape == VMotionLineShape.HostdBracket || p.Shape == VMotionLineShape.Hostd6 || p.Shape == VMotionLineShape.Hostd5 || p.Shape == VMotionLineShape.HostdForwarded)
                return kind == LogKind.Vpxa ? "Vpxa" : "Hostd";
            int i = 0;
            if (message.StartsWith("WARNING: ", StringComparison.Ordinal)) i = 9;
            else if (message.StartsWith("ALERT: ", StringComparison.Ordinal)) i = 7;
            if (i < message.Length && message[i] == '[') return "Msg";
            int colon = message.IndexOf(':', i);
            if (colon <= i || colon - i > 40) return null;
            for (int k = i; k < colon; k++)
            {
                char c = message[k];
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.')) return null;
            }
            return PoolSlice(message, i, colon - i);
        }

        /// <summary>The pooled copy of a subsystem name, found among the recent ones without cutting a substring first.</summary>
        private string PoolSlice(string s, int start, int length)
        {
            foreach (string? r in _recent)
            {
                if (r != null && r.Length == length && string.CompareOrdinal(s, start, r, 0, length) == 0) return r;
            }
            string v = Pool(s, start, length);
            _recent[_recentNext] = v;
            _recentNext = (_recentNext + 1) % _recent.Length;
            return v;
        }

        private static bool IsVMotionSubsystem(string? subsystem, VMotionLineShape shape)
        {
            if (subsystem == null) return false;
            return subsystem.StartsWith("Migrat", StringComparison.Ordinal) || subsystem.StartsWith("VMotion", StringComparison.Ordinal)
                || subsystem == "FSR";
        }

        private string Pool(ReadOnlySpan<byte> bytes) => Pool(Utf8Text.Decode(bytes), 0, -1);

        private string Pool(string s, int start, int length)
        {
            string v = length < 0 ? s : s.Substring(start, length);
            if (_pool.TryGetValue(v, out string? pooled)) return pooled;
            if (_pool.Count < 1024) _pool[v] = v;
            return v;
        }

    }
}
