using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using VirtDiag.Common;

namespace VirtDiag.Psod
{
    /// <summary>Collects one screen's block and turns it into a <see cref="PurpleScreen"/>; bounded by the parser's line cap.</summary>
    internal sealed class ScreenBuilder
    {
        private const RegexOptions Rx = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        /// <summary>Message wording → category; the first row that matches wins (a new wording is one row).</summary>
        private static readonly (Regex Pattern, PurpleScreenCategory Category)[] s_categories =
        {
            (new Regex(@"ApeiHEST|HestNMI", Rx), PurpleScreenCategory.ApeiHestNmi),
            (new Regex(@"Failed to ack TLB invalidate", Rx), PurpleScreenCategory.LockedUpTlbInvalidate),
            (new Regex(@"\bNOT_IMPLEMENTED\b", Rx), PurpleScreenCategory.NotImplemented),
            (new Regex(@"\bASSERT\b", Rx), PurpleScreenCategory.Assert),
            (new Regex(@"Spin count exceeded", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.SpinCountExceeded),
            (new Regex(@"\b(?:Lost|no) heartbeat\b", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.LostHeartbeat),
            (new Regex(@"COS Error|\bOops\b", Rx), PurpleScreenCategory.ConsoleOops),
            (new Regex(@"#GP Exception|General Protection", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.GeneralProtectionFault),
            (new Regex(@"#PF Exception|Page Fault", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.PageFault),
            (new Regex(@"Machine Check|#MC Exception|\bMCE\b", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.MachineCheck),
            (new Regex(@"Panic requested by another PCPU|Panic from another CPU", Rx | RegexOptions.IgnoreCase), PurpleScreenCategory.PanicRequestedByOtherCpu),
            (new Regex(@"\bNMI\b|LINT1", Rx), PurpleScreenCategory.NmiPanic),
        };

        private static readonly Regex s_vector = new Regex(@"#(?<mn>[A-Z]{2}) Exception(?:\s*type)?\s*\(?\s*(?<vec>\d+)", Rx);
        private static readonly Regex s_world = new Regex(@"\bin world (?<wid>[0-9X#]+|<[^>\s]{1,16}>)(?::(?<wname>\S+))?", Rx);
        private static readonly Regex s_lockedCpu = new Regex(@"^PCPU\s*(?<c>\d+) locked up|^PCPU\s*(?<c>\d+): no heartbeat|\bPCPU (?<c>\d+) didn't have a heartbeat", Rx);
        private static readonly Regex s_nmiSource = new Regex(@"\(Src 0x[0-9a-fA-F]+,\s*CPU(?<c>\d+)\)", Rx);
        private static readonly Regex s_damagedFrame = new Regex(@"^(?:(?<fp>0x[0-9a-fA-F]+):)?\[(?<addr>0x[0-9a-fA-F]+)\](?<sym>[A-Za-z_][\w.$]*)?.*?(?:\+(?<off>0x[0-9a-fA-F]+))?(?:\s+stack:.*)?\s*$", Rx);
        private static readonly Regex s_ip = new Regex(@"\b(?:IP|ip|RIP|rip|EIP|eip)\s+(?<ip>0x[0-9a-fA-FnN#]+)|\s@\s+(?<ip>0x[0-9a-fA-F]+)", Rx);
        private static readonly Regex s_addr = new Regex(@"\baddr\s+(?<a>0x[0-9a-fA-FnN#]+)", Rx);
        private static readonly Regex s_msgCpu = new Regex(@"^PCPU\s*(?<c>\d+)\b|\bon PCPU\s*(?<c>\d+)\b", Rx);
        private static readonly Regex s_source = new Regex(@"(?:ASSERT|NOT_IMPLEMENTED)\s+(?<f>\S+?):(?<l>\d+)", Rx);
        private static readonly Regex s_bora = new Regex(@"\bbora-(?<n>\d+)\b", Rx);
        private static readonly Regex s_cpuToken = new Regex(@"^(?<star>\*)?(?<pfx>PCPU|CPU|pcpu|cpu)?(?<n>\d+):(?<w>\d+|[#X]+)/(?<name>.*)$", Rx);
        private static readonly Regex s_regToken = new Regex(@"^(?<n>[A-Za-z][A-Za-z0-9]{0,20})[=:](?<v>-?[0-9A-Za-z#]+)$", Rx);
        private static readonly Regex s_registerPair = new Regex(@"\b(?<n>[A-Za-z][A-Za-z0-9]{0,7})\s+(?<v>0x[0-9a-fA-F]+)\b", Rx);
        private static readonly Regex s_hardware = new Regex(@"^(?:ALERT:\s*)?(?:MCA|MCAIntel|MCE|IDT|NMI|Heartbeat|LINT1|ApeiHEST):\s|MC:\s*PCPU\d|^(?:CE|UC|SRAR|SRAO|UCNA)\s+(?:Excp|Intr|Poll)\s+G|ApeiHESTNmiHandler|[Mm]achine [Cc]heck|Hardware Error|Uncorrectable|NMI IPI received|heartbeat for \d+ seconds|Heartbeat NMI|LINT1", Rx);
        private static readonly Regex s_details = new Regex(@"Crash at (?<ts>\S+)|on CPU\s*(?<cpu>\d+)|running world (?<wid>\d+)(?:\s*-\s*(?<wname>[^\s.]+))?|VMK Uptime:\s*(?<up>[\d:.]+)", Rx | RegexOptions.IgnoreCase);
        private static readonly Regex s_uptime = new Regex(@"^(?:(?<d>\d+):)?(?<h>\d{1,2}):(?<m>\d\d):(?<s>\d\d)(?:\.(?<f>\d{1,7}))?$", Rx);

        private readonly List<string> _raw = new List<string>();
        private readonly List<PurpleScreenFrame> _frames = new List<PurpleScreenFrame>();
        private readonly Dictionary<string, string> _registers = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<PurpleScreenCpu> _cpus = new List<PurpleScreenCpu>();
        private readonly List<string> _coredump = new List<string>();
        private readonly List<string> _hardware = new List<string>();
        private readonly List<MachineCheck> _machineChecks = new List<MachineCheck>();
        private int _damagedFrames;
        private bool _apei;
        private int? _lockedCpu;
        private int? _nmiSourceCpu;
        private int _trailingIgnorable;
        private string? _uptimeText;
        private ulong? _tsc;
        private string? _codeStart;
        private int? _backtraceCpu;
        private long? _backtraceWorld;
        private int? _detailsCpu;
        private PurpleScreenWorld? _detailsWorld;
        private string? _detailsTime;
        private bool _prefixSeen;
        private string? _prefixTime;
        private int? _prefixCpu;
        private long? _prefixWorld;

        public ScreenBuilder(long lineNumber) { LineNumber = lineNumber; }

        public long LineNumber { get; }
        public string? Message { get; private set; }
        public string? Build { get; private set; }
        private string? _version;
        private long? _buildNumber;
        public int FrameCount => _frames.Count;
        public int RawCount => _raw.Count;
        public bool HasBody => Message != null || _frames.Count > 0 || _registers.Count > 0 || _cpus.Count > 0;
        public bool IsBare => _frames.Count == 0 && _registers.Count == 0 && _cpus.Count == 0;
        public bool AfterCoredump { get; private set; }
        public bool LastPrefixed { get; private set; }
        public int? LastCpu { get; private set; }
        public int UnknownRun { get; set; }
        public int BlankRun { get; set; }

        public void AddRaw(string raw, bool ignorable)
        {
            _raw.Add(raw);
            _trailingIgnorable = ignorable ? _trailingIgnorable + 1 : 0;
        }

        /// <summary>The last raw line ran on into another screen: keep only the part before <paramref name="rest"/>.</summary>
        public void CutLastRaw(string rest)
        {
            if (_raw.Count == 0) return;
            string last = _raw[_raw.Count - 1];
            int at = last.LastIndexOf(rest, StringComparison.Ordinal);
            if (at >= 0) _raw[_raw.Count - 1] = last.Substring(0, at).TrimEnd();
        }

        /// <summary>A line that belongs to the screen: resets the blank/unknown runs and remembers its prefix.</summary>
        public void Touch(LinePrefix prefix, bool ownLine = true)
        {
            LastPrefixed = prefix.Present;
            LastCpu = prefix.Cpu;
            UnknownRun = 0;
            BlankRun = 0;
            // Only the screen's own lines say which PCPU/world logged the panic; MCA or dump lines come from anywhere.
            if (prefix.Present && !_prefixSeen && ownLine)
            {
                _prefixSeen = true;
                _prefixTime = prefix.Time;
                _prefixCpu = prefix.Cpu;
                _prefixWorld = prefix.World;
            }
        }

        /// <summary>A frame the screen shows damaged (a web page's e-mail obfuscation, a cut): counted, and kept with what is still legible.</summary>
        public void DamagedFrame(string segment, LinePrefix prefix)
        {
            Touch(prefix);
            _damagedFrames++;
            Match m = s_damagedFrame.Match(segment);
            if (m.Success && _frames.Count < 512)
            {
                _frames.Add(new PurpleScreenFrame(m.Groups["fp"].Success ? m.Groups["fp"].Value : null, m.Groups["addr"].Value,
                    m.Groups["sym"].Success ? m.Groups["sym"].Value : null, null, m.Groups["off"].Success ? m.Groups["off"].Value : null, Array.Empty<string>()));
            }
        }

        /// <summary>Machine checks logged just before the screen opened (vmkernel.log writes MCA lines before @BlueScreen).</summary>
        public void AddMachineChecks(List<MachineCheck> earlier)
        {
            foreach (MachineCheck mc in earlier) if (_machineChecks.Count < 64) _machineChecks.Add(mc);
        }

        public void Apply(PsodShape shape, Match m, string segment, LinePrefix prefix)
        {
            Touch(prefix, ownLine: shape != PsodShape.Hardware && shape != PsodShape.Known && shape != PsodShape.Coredump && shape != PsodShape.CoredumpTail && shape != PsodShape.NmiSource);
            if ((shape == PsodShape.Message || shape == PsodShape.Hardware || shape == PsodShape.BacktraceHeader || shape == PsodShape.Known || shape == PsodShape.NmiSource)
                && s_hardware.IsMatch(segment) && _hardware.Count < 64)
            {
                _hardware.Add(segment);
            }
            if (shape == PsodShape.Hardware || shape == PsodShape.Message)
            {
                MachineCheck? mc = MachineCheckDecoder.TryRead(segment, prefix.Cpu);
                if (mc != null && _machineChecks.Count < 64) _machineChecks.Add(mc);
                if (segment.IndexOf("ApeiHEST", StringComparison.Ordinal) >= 0) _apei = true;
                Match hb = s_lockedCpu.Match(segment);
                if (hb.Success && shape == PsodShape.Hardware) _lockedCpu ??= ParseInt(hb.Groups["c"].Value);
                Match src = s_nmiSource.Match(segment);
                if (src.Success && shape == PsodShape.Hardware) _nmiSourceCpu ??= ParseInt(src.Groups["c"].Value); // "NMI IPI received. Was eip… (Src 0x1, CPU140)"
            }
            switch (shape)
            {
                case PsodShape.NmiSource:
                    _apei = true;
                    break;
                case PsodShape.Header:
                    string product = m.Groups["esxi"].Success ? "ESXi" : m.Groups["server"].Success ? "ESX Server" : "ESX";
                    _version = m.Groups["ver"].Success ? m.Groups["ver"].Value : null;
                    string build = m.Groups["build"].Value;
                    _buildNumber = long.TryParse(build, NumberStyles.None, CultureInfo.InvariantCulture, out long b) ? b : (long?)null;
                    Build = product + (_version != null ? " " + _version : string.Empty) + " build-" + build;
                    break;
                case PsodShape.PanicDetails:
                    foreach (Match d in s_details.Matches(m.Groups["rest"].Value))
                    {
                        if (d.Groups["ts"].Success) _detailsTime = d.Groups["ts"].Value;
                        if (d.Groups["cpu"].Success) _detailsCpu = ParseInt(d.Groups["cpu"].Value);
                        if (d.Groups["wid"].Success) _detailsWorld = new PurpleScreenWorld(ParseLong(d.Groups["wid"].Value), d.Groups["wname"].Success ? d.Groups["wname"].Value : null);
                        if (d.Groups["up"].Success) _uptimeText = d.Groups["up"].Value;
                    }
                    break;
                case PsodShape.Message:
                    string msg = m.Groups["msg"].Value.Trim();
                    if (Message == null && msg.Length > 0) Message = msg;
                    break;
                case PsodShape.BacktraceHeader:
                    if (m.Groups["locked"].Success) _lockedCpu = ParseInt(m.Groups["locked"].Value);
                    if (m.Groups["cpu"].Success) _backtraceCpu = ParseInt(m.Groups["cpu"].Value);
                    if (m.Groups["wid"].Success) _backtraceWorld = ParseLong(m.Groups["wid"].Value);
                    break;
                case PsodShape.Frame:
                    if (_frames.Count < 512) _frames.Add(Frame(m));
                    break;
                case PsodShape.GdbFrame:
                    if (_frames.Count < 512) _frames.Add(new PurpleScreenFrame(null, null, m.Groups["sym"].Value, null, null, Array.Empty<string>()));
                    break;
                case PsodShape.Registers:
                case PsodShape.CpuList:
                    Tokens(segment);
                    break;
                case PsodShape.RegisterPairs:
                    foreach (Match pair in s_registerPair.Matches(segment))
                    {
                        string name = pair.Groups["n"].Value;
                        if (_registers.Count < 256 && !_registers.ContainsKey(name)) _registers[name] = pair.Groups["v"].Value;
                    }
                    break;
                case PsodShape.Uptime:
                    if (m.Groups["up"].Success && m.Groups["up"].Value.Length > 0) _uptimeText = m.Groups["up"].Value;
                    if (m.Groups["tsc"].Success && ulong.TryParse(m.Groups["tsc"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong tsc)) _tsc = tsc;
                    break;
                case PsodShape.CodeStart:
                    _codeStart = m.Groups["cs"].Value;
                    break;
                case PsodShape.Coredump:
                    AfterCoredump = true;
                    if (_coredump.Count < 16) _coredump.Add(m.Groups["cd"].Value.Trim());
                    break;
            }
        }

        private static PurpleScreenFrame Frame(Match m)
        {
            string? fp = m.Groups["fp"].Success ? m.Groups["fp"].Value : null;
            string addr = m.Groups["addr"].Value;
            string sym = m.Groups["sym"].Value;
            string? module = null;
            int at = sym.IndexOf('@');
            if (at >= 0)
            {
                string mod = sym.Substring(at + 1);
                int hash = mod.IndexOf('#');
                if (hash >= 0) mod = mod.Substring(0, hash);
                mod = mod.Trim('(', ')');
                module = mod.Length > 0 ? mod : null;
                sym = sym.Substring(0, at);
            }
            string? off = m.Groups["off"].Success ? m.Groups["off"].Value : null;
            var stack = new List<string>();
            if (m.Groups["stack"].Success)
            {
                foreach (string v in m.Groups["stack"].Value.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)) stack.Add(v);
            }
            return new PurpleScreenFrame(fp, addr, sym.Length > 0 ? sym : null, module, off, stack);
        }

        private void Tokens(string segment)
        {
            foreach (string token in segment.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                Match c = s_cpuToken.Match(token);
                if (c.Success)
                {
                    int? n = ParseInt(c.Groups["n"].Value);
                    if (n == null || _cpus.Exists(x => x.Number == n.Value) || _cpus.Count >= 1024) continue;
                    bool running = c.Groups["star"].Success || c.Groups["pfx"].Value == "CPU";
                    string name = c.Groups["name"].Value;
                    _cpus.Add(new PurpleScreenCpu(n.Value, ParseLong(c.Groups["w"].Value), name.Length > 0 ? name : null, running));
                    continue;
                }
                Match r = s_regToken.Match(token);
                if (r.Success && _registers.Count < 256 && !_registers.ContainsKey(r.Groups["n"].Value)) _registers[r.Groups["n"].Value] = r.Groups["v"].Value;
            }
        }

        public PurpleScreen ToScreen(LogDocument document, PurpleScreenReadOptions options, SourceClock clock)
        {
            int keep = _raw.Count - _trailingIgnorable;
            if (keep < 1) keep = Math.Min(1, _raw.Count);
            var d = new PurpleScreenData
            {
                Message = Message,
                Path = document.Path,
                LineNumber = LineNumber,
                HostName = document.HostName ?? options.HostName,
                Text = string.Join("\n", _raw.GetRange(0, keep)),
                Build = Build,
                Version = _version,
                BuildNumber = _buildNumber,
                Frames = _frames.ToArray(),
                Registers = new Dictionary<string, string>(_registers, StringComparer.Ordinal),
                Cpus = _cpus.ToArray(),
                Tsc = _tsc,
                CodeStart = _codeStart,
                Coredump = _coredump.Count > 0 ? string.Join(" ", _coredump) : null,
                HardwareEvidence = _hardware.ToArray(),
                MachineChecks = _machineChecks.ToArray(),
                DamagedFrameCount = _damagedFrames,
                LogKind = document.Kind,
                Uptime = ParseUptime(_uptimeText),
            };

            string msg = Message ?? string.Empty;
            d.Category = PurpleScreenCategory.Other;
            foreach (var (pattern, category) in s_categories)
            {
                if (pattern.IsMatch(msg)) { d.Category = category; break; }
            }
            if (_apei && (d.Category == PurpleScreenCategory.Other || d.Category == PurpleScreenCategory.NmiPanic))
                d.Category = PurpleScreenCategory.ApeiHestNmi;
            if (d.Category == PurpleScreenCategory.Other && _machineChecks.Exists(x => !x.IsCorrected && x.Severity != MachineCheckSeverity.Unknown))
                d.Category = PurpleScreenCategory.MachineCheck;
            Match v = s_vector.Match(msg);
            if (v.Success) d.ExceptionVector = ParseInt(v.Groups["vec"].Value);
            else if (d.Category == PurpleScreenCategory.MachineCheck) d.ExceptionVector = 18;

            Match w = s_world.Match(msg);
            PurpleScreenWorld? messageWorld = w.Success ? new PurpleScreenWorld(ParseLong(w.Groups["wid"].Value), w.Groups["wname"].Success ? w.Groups["wname"].Value : null) : null;
            Match locked = s_lockedCpu.Match(msg);
            d.LockedUpCpu = locked.Success ? ParseInt(locked.Groups["c"].Value) : _lockedCpu;
            Match nmi = s_nmiSource.Match(msg);
            d.NmiSourceCpu = nmi.Success ? ParseInt(nmi.Groups["c"].Value) : _nmiSourceCpu;
            Match ip = s_ip.Match(msg);
            d.InstructionPointer = ip.Success ? ip.Groups["ip"].Value : Register("ip", "rip", "eip");
            Match addr = s_addr.Match(msg);
            d.FaultAddress = addr.Success ? addr.Groups["a"].Value : d.Category == PurpleScreenCategory.PageFault ? Register("cr2") : null;
            Match src = s_source.Match(msg);
            if (src.Success)
            {
                d.SourceFile = src.Groups["f"].Value;
                d.SourceLine = ParseInt(src.Groups["l"].Value);
            }
            Match bora = s_bora.Match(msg);
            if (bora.Success && d.BuildNumber == null)
            {
                d.BuildNumber = ParseLong(bora.Groups["n"].Value);
                d.Build ??= "build-" + bora.Groups["n"].Value;
            }

            PurpleScreenCpu? running = _cpus.Find(c => c.IsRunning);
            Match mc = s_msgCpu.Match(msg);
            int? messageCpu = mc.Success ? ParseInt(mc.Groups["c"].Value) : null;
            d.PhysicalCpu = running?.Number ?? _backtraceCpu ?? _detailsCpu ?? (d.Category == PurpleScreenCategory.MachineCheck ? messageCpu : null) ?? _prefixCpu ?? messageCpu;
            d.World = messageWorld
                ?? (running != null ? new PurpleScreenWorld(running.WorldId, running.WorldName) : null)
                ?? (_backtraceWorld != null ? new PurpleScreenWorld(_backtraceWorld, null) : null)
                ?? _detailsWorld
                ?? (_prefixWorld != null ? new PurpleScreenWorld(_prefixWorld, null) : null);

            DateTimeOffset? time = ParseTime(_prefixTime) ?? ParseTime(_detailsTime);
            if (time.HasValue) d.Timestamp = clock.ToHost(time.Value);
            d.ClockOffset = clock.Offset;
            return new PurpleScreen(d);
        }

        private string? Register(params string[] names)
        {
            foreach (string n in names)
            {
                if (_registers.TryGetValue(n, out string? v)) return v;
            }
            return null;
        }

        internal static TimeSpan? ParseUptime(string? text)
        {
            if (text == null) return null;
            Match m = s_uptime.Match(text.Trim());
            if (!m.Success) return null;
            int days = m.Groups["d"].Success ? ParseInt(m.Groups["d"].Value) ?? 0 : 0;
            int h = ParseInt(m.Groups["h"].Value) ?? 0, min = ParseInt(m.Groups["m"].Value) ?? 0, s = ParseInt(m.Groups["s"].Value) ?? 0;
            if (min > 59 || s > 59 || h > 23 && m.Groups["d"].Success) return null;
            long ticks = 0;
            if (m.Groups["f"].Success)
            {
                string f = m.Groups["f"].Value.PadRight(7, '0');
                ticks = long.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            return new TimeSpan(days, h, min, s) + TimeSpan.FromTicks(ticks);
        }

        private static DateTimeOffset? ParseTime(string? text)
        {
            if (text == null || text.Length < 10 || !char.IsDigit(text[0])) return null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t)
                ? t : (DateTimeOffset?)null;
        }

        private static int? ParseInt(string s) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : (int?)null;

        private static long? ParseLong(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : (long?)null;
    }
}
