using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VirtDiag.Guest;
using VirtDiag.Io;

namespace VirtDiag.Triage
{
    /// <summary>
    /// The triage's look at every text document: lines, the time they cover and where the log fell silent, host starts
    /// and stops (vmksummary <c>bootstop:</c>, a kernel's <c>Linux version</c> line) and the versions a host logs about
    /// itself (the ESXi version and build of a service's start header, VDSM's <c>I am the actual vdsm</c> start line, the kernel release).
    /// </summary>
    internal sealed class InventoryParser : ILineParser<TriageReboot>
    {
        private static readonly byte[] s_bootstop = { (byte)'b', (byte)'o', (byte)'o', (byte)'t', (byte)'s', (byte)'t', (byte)'o', (byte)'p' };
        private static readonly byte[] s_linuxVersion = System.Text.Encoding.ASCII.GetBytes("Linux version ");
        private static readonly byte[] s_vdsmStart = System.Text.Encoding.ASCII.GetBytes("I am the actual vdsm ");
        private static readonly byte[] s_esxi = System.Text.Encoding.ASCII.GetBytes(" for VMware ESX");
        // The header VMware's log facility writes when a service starts: hostd/vpxa "…, Section for VMware ESX, pid=2099676,
        // version=7.0.3, build=20328353, option=Release"; a VM's vmware.log "Log for VMware ESX pid=… version=… build=build-… option=Release".
        private static readonly Regex s_esxiBuild = new Regex(@"(?:Section|Log) for VMware ESX,? pid=\d+,? version=([0-9][^,\s]*),? build=(?:build-)?(\d+)",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private readonly LogDocument _doc;
        private readonly int _year;
        private readonly long _gapTicks;
        private readonly int _maxIntervals;
        private readonly bool _esxiKind;
        private readonly byte[] _lastTimeKey = new byte[19];
        private int _lastTimeKeyLength = -1;
        private DateTimeOffset _lastParsed;
        private DateTimeOffset _start, _last;
        private bool _open;

        public InventoryParser(LogDocument document, int year, TimeSpan gapThreshold, int maxIntervals)
        {
            _doc = document;
            _year = year;
            _gapTicks = gapThreshold.Ticks;
            _maxIntervals = Math.Max(2, maxIntervals);
            _esxiKind = document.Kind == LogKind.VmKernel || document.Kind == LogKind.VmkSummary || document.Kind == LogKind.Hostd
                || document.Kind == LogKind.VmkWarning || document.Kind == LogKind.Syslog || document.Kind == LogKind.Vpxa || document.Kind == LogKind.VmwareLog;
        }

        public LogDocument Document => _doc;
        public long Lines { get; private set; }
        public long TimedLines { get; private set; }
        public DateTimeOffset? FirstTime { get; private set; }
        public DateTimeOffset? LastTime { get; private set; }
        /// <summary>Stretches of activity, in the order they were seen (not necessarily sorted when the clock went back).</summary>
        public List<TriageInterval> Intervals { get; } = new List<TriageInterval>();
        public string? LineHost { get; private set; }
        public string? EsxiBuild { get; private set; }
        public string? VdsmVersion { get; private set; }
        public string? KernelVersion { get; private set; }

        public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<TriageReboot> output)
        {
            Lines++;
            LinePrefix p = LinePrefix.Parse(line);
            DateTimeOffset? time = p.TimeKind == PrefixTime.None ? null : Time(line, ref p);
            if (time.HasValue) Observe(time.Value);
            if (LineHost == null && p.HostLength > 0) LineHost = p.Host(line);
            ReadOnlySpan<byte> message = line.Slice(Math.Min(p.MessageStart, line.Length));
            if (message.Length >= 8 && message[0] == 'b' && message.StartsWith(s_bootstop)) Bootstop(message, time, lineNumber, output);
            else if (message.Length > 14 && message[0] == 'L' && message.StartsWith(s_linuxVersion)) KernelStart(message, time, lineNumber, output);
            if (VdsmVersion == null && (_doc.Kind == LogKind.Vdsm || _doc.Kind == LogKind.SuperVdsm)) VdsmStart(line);
            if (EsxiBuild == null && _esxiKind && line.IndexOf(s_esxi) >= 0) EsxiVersion(line);
        }

        public void Complete(List<TriageReboot> output)
        {
            if (_open) AddInterval(_start, _last);
        }

        private DateTimeOffset? Time(ReadOnlySpan<byte> line, ref LinePrefix p)
        {
            // Lines of the same second share one parse: the gap threshold is far coarser than a second.
            int keyLength = Math.Min(19, p.TimeLength);
            ReadOnlySpan<byte> key = line.Slice(p.TimeStart, keyLength);
            if (keyLength == _lastTimeKeyLength && key.SequenceEqual(new ReadOnlySpan<byte>(_lastTimeKey, 0, keyLength))) return _lastParsed;
            DateTimeOffset? t = p.WallClock(line, _year);
            if (!t.HasValue) return null;
            key.CopyTo(_lastTimeKey);
            _lastTimeKeyLength = keyLength;
            _lastParsed = t.Value;
            return t;
        }

        private void Observe(DateTimeOffset t)
        {
            TimedLines++;
            if (!FirstTime.HasValue || t < FirstTime.Value) FirstTime = t;
            if (!LastTime.HasValue || t > LastTime.Value) LastTime = t;
            if (!_open)
            {
                _start = _last = t;
                _open = true;
                return;
            }
            if (t.UtcTicks - _last.UtcTicks > _gapTicks)
            {
                AddInterval(_start, _last);
                _start = _last = t;
                return;
            }
            if (t > _last) _last = t;
            if (t < _start) _start = t;
        }

        private void AddInterval(DateTimeOffset start, DateTimeOffset end)
        {
            Intervals.Add(new TriageInterval(start, end));
            if (Intervals.Count <= _maxIntervals) return;
            // Bound memory: merge the neighbours separated by the shortest silence (that gap is the least telling one).
            int best = 0;
            long bestGap = long.MaxValue;
            for (int i = 0; i + 1 < Intervals.Count; i++)
            {
                long gap = Intervals[i + 1].Start.UtcTicks - Intervals[i].End.UtcTicks;
                if (gap < bestGap) { bestGap = gap; best = i; }
            }
            TriageInterval a = Intervals[best], b = Intervals[best + 1];
            Intervals[best] = new TriageInterval(a.Start < b.Start ? a.Start : b.Start, a.End > b.End ? a.End : b.End);
            Intervals.RemoveAt(best + 1);
        }

        private void Bootstop(ReadOnlySpan<byte> message, DateTimeOffset? time, long lineNumber, List<TriageReboot> output)
        {
            // "bootstop: Host has booted" (ESXi 5-7) or "bootstop[1234]: Host has booted" (syslog-style tag).
            int colon = message.IndexOf((byte)':');
            if (colon < 0 || colon > 24) return;
            string text = LinePrefix.Ascii(message).Trim();
            string rest = text.Substring(colon + 1).Trim();
            TriageRebootKind kind;
            if (rest.StartsWith("Host has booted", StringComparison.Ordinal)) kind = TriageRebootKind.Booted;
            else if (rest.StartsWith("Host is rebooting", StringComparison.Ordinal)) kind = TriageRebootKind.Rebooting;
            else if (rest.StartsWith("Host is powering off", StringComparison.Ordinal)) kind = TriageRebootKind.PoweringOff;
            else if (rest.StartsWith("Host is halting", StringComparison.Ordinal)) kind = TriageRebootKind.Halting;
            else return;
            output.Add(new TriageReboot(time, kind, text, _doc.Path, lineNumber));
        }

        private void KernelStart(ReadOnlySpan<byte> message, DateTimeOffset? time, long lineNumber, List<TriageReboot> output)
        {
            ReadOnlySpan<byte> rest = message.Slice(s_linuxVersion.Length);
            int end = rest.IndexOf((byte)' ');
            string release = LinePrefix.Ascii(end < 0 ? rest : rest.Slice(0, end));
            if (release.Length == 0 || release[0] < '0' || release[0] > '9') return;
            KernelVersion = release;
            string text = LinePrefix.Ascii(message.Length > 200 ? message.Slice(0, 200) : message).TrimEnd();
            output.Add(new TriageReboot(time, TriageRebootKind.KernelStarted, text, _doc.Path, lineNumber));
        }

        private void VdsmStart(ReadOnlySpan<byte> line)
        {
            // vdsm's start line: "(PID: 1234) I am the actual vdsm 4.50.3.4-1.el8 node01.example.org (4.18.0-408.el8.x86_64)".
            int at = line.IndexOf(s_vdsmStart);
            if (at < 0) return;
            string[] parts = LinePrefix.Ascii(line.Slice(at + s_vdsmStart.Length)).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) return;
            VdsmVersion = parts[0];
            if (parts.Length >= 3 && parts[2].Length > 2 && parts[2][0] == '(')
                KernelVersion = parts[2].Substring(1).TrimEnd(')');
        }

        private void EsxiVersion(ReadOnlySpan<byte> line)
        {
            Match m = s_esxiBuild.Match(LinePrefix.Ascii(line.Length > 512 ? line.Slice(0, 512) : line));
            if (!m.Success) return;
            EsxiBuild = m.Groups[1].Value + " build-" + m.Groups[2].Value;
        }
    }
}
