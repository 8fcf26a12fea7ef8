using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;

namespace VirtDiag.Psod
{
    /// <summary>What one piece of a PSOD block is.</summary>
    internal enum PsodShape
    {
        Blank,
        Header,
        PanicDetails,
        Message,
        NmiSource,
        BacktraceHeader,
        Frame,
        GdbFrame,
        Registers,
        RegisterPairs,
        CpuList,
        CpuState,
        Uptime,
        CodeStart,
        Coredump,
        CoredumpTail,
        Known,
        Hardware,
        Ellipsis,
        Unknown,
    }

    /// <summary>One row of the shape table: a pattern, what it is, and the product era it was seen in.</summary>
    internal sealed class PsodShapeRow
    {
        public PsodShapeRow(PsodShape shape, string pattern, string era, bool strongStart = false, bool weakStart = false)
        {
            Shape = shape;
            Pattern = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
            Era = era;
            StrongStart = strongStart;
            WeakStart = weakStart;
        }

        public PsodShape Shape { get; }
        public Regex Pattern { get; }
        public string Era { get; }
        /// <summary>Starts a screen wherever it is seen, log prefix or not.</summary>
        public bool StrongStart { get; }
        /// <summary>Starts a screen only in unprefixed (pasted) text.</summary>
        public bool WeakStart { get; }
    }

    /// <summary>
    /// The line shapes of every ESX/ESXi era as data: a new wording is one row. Regexes run only on candidate lines
    /// (inside an open screen, or lines that passed the byte prefilter), never on every line of a log.
    /// </summary>
    internal static class PurpleScreenLineShapes
    {
        // Hex as written, with the placeholders KB pastes use (0xnnnn, 0x####, 0xADDRESS1, 0x…): read, then kept as unknown.
        private const string Hex = @"0x(?:[0-9A-Za-z#]|…|\.\.\.)+";

        /// <summary>Ordered: the first row that matches wins.</summary>
        public static readonly IReadOnlyList<PsodShapeRow> Rows = new[]
        {
            new PsodShapeRow(PsodShape.Header, @"^\[?VMware ESX(?<esxi>i)?(?<server> Server)?(?:\s+(?<ver>[0-9Xx#][0-9A-Za-z.#]*))?\s*\[(?:Release)?build-(?<build>[0-9XxNn#]+)", "ESX 3.x–ESXi 8.x header: VMware ESX Server [Releasebuild-98103 / VMware ESXi 7.0.3 [Releasebuild-N x86_64]; [build-N x86_64] in ANSI-coloured copies", strongStart: true),
            new PsodShapeRow(PsodShape.PanicDetails, @"^Panic Details:\s*(?<rest>.*)$", "ESXi 6.5+ zdump: Panic Details: Crash at … on CPU n running world N - name", strongStart: true),
            new PsodShapeRow(PsodShape.Message, @"^(?:(?:Panic|PSOD) Message:\s*)?@?BlueScreen:\s*(?<msg>.*)$", "every era: @BlueScreen: <message>; ESXi 7+: Panic Message: @BlueScreen: …; ESXi 8 summary: PSOD Message: @BlueScreen: … on PCPUn in world N:name", strongStart: true),
            new PsodShapeRow(PsodShape.Message, @"^Host:\s*\d+:\s*(?<msg>COS Error:.*)$", "ESX 3.5 vmkernel log: 0:01:02:03.456 cpu1:1024)Host: 3612: COS Error: Lost heartbeat", strongStart: true),
            new PsodShapeRow(PsodShape.NmiSource, @"^(?:ALERT:\s*)?(?:NMI:\s*\d+:\s*ApeiHESTNmiHandler requested PSOD|ApeiHEST:\s*\d+:\s*Invoked HestNMIHandler)", "ESXi 6.7+ APEI/HEST NMI: ApeiHEST: 233: Invoked HestNMIHandler … NMI: 1031: ApeiHESTNmiHandler requested PSOD", strongStart: true),
            new PsodShapeRow(PsodShape.Message, @"^(?<msg>(?:PCPU\s*[\d#]+ locked up|PCPU\s*[\d#]+: no heartbeat|#[A-Z]{2} Exception|Machine Check Exception|NMI IPI: Panic|Panic from another CPU|LINT1(?: motherboard interrupt|/NMI)|ASSERT\s+\S+:\d+|NOT_IMPLEMENTED\s+\S+|Spin count exceeded|(?i:Lost heartbeat)|COS Error).*)$", "bare screen message (pasted text); LINT1/NMI (motherboard nonmaskable interrupt), undiagnosed …", weakStart: true),
            new PsodShapeRow(PsodShape.BacktraceHeader, @"^(?:Backtrace for current CPU #(?<cpu>\d+)(?:,\s*worldID=(?<wid>\d+))?.*|Saved backtrace from: pcpu (?<cpu>\d+).*|Backtrace for Saved/Locked CPU\s*-\s*(?<locked>\d+):?.*|Backtrace:?\s*)$", "ESXi 6.x–8.x: Backtrace for current CPU #8, worldID=…, fp=…; Saved backtrace from: pcpu 0 Heartbeat NMI; ESXi 8: Backtrace for Saved/Locked CPU - 0:", weakStart: true),
            new PsodShapeRow(PsodShape.Frame, @"^(?:(?<fp>" + Hex + @"):)?\[(?<addr>" + Hex + @")\](?<sym>[^\s+]*?)(?:\+(?<off>" + Hex + @"))?(?:\s+stack:\s*(?<stack>.*?))?\s*$", "frames: 0x3a37ef4:[0x625e94]Panic+0x17 stack: … (ESX 3/4); …Sym@vmkernel#nover+0x… (5.x+); [0x…]Sym@module#nover+0x… (7.x/8.x)", weakStart: true),
            new PsodShapeRow(PsodShape.GdbFrame, @"^#(?<n>\d{1,3})\s+(?:0x[0-9a-fA-F]+\s+in\s+)?(?<sym>[A-Za-z_<][\w:.<>~$]*)\s*(?:\((?<args>.*?)\)?)?(?:\s+at\s+(?<src>\S+))?\s*$", "gdb-style frames from coredump analysis: #0  DLM_free (msp=…)"),
            new PsodShapeRow(PsodShape.CpuList, @"^\*?(?:P?CPU|p?cpu)?\s?\d+:(?:\d+|[#X]+)/", "world list: *0:1037/helper1-4 1:1107/vmm0:Fagi; ESXi: *PCPU3:2097670/bootstrap"),
            new PsodShapeRow(PsodShape.CpuState, @"^PCPU\s*\d+:\s*[A-Z]+\s*$", "ESXi 5.x+ PCPU state list: PCPU  0: SSSSHSSS"),
            new PsodShapeRow(PsodShape.Registers, @"^(?:base\s+)?[A-Za-z][A-Za-z0-9]{0,12}=\S", "registers: frame=… ip=… cr2=… (ESX 3/4), cr0=… cr2=… cr3=… (ESXi), base fs=0x0 gs=0x…"),
            new PsodShapeRow(PsodShape.Registers, @"^(?:[A-Za-z][A-Za-z0-9]{1,20}:" + Hex + @"\s*)+$", "ESX 4.x: lastClrIntrRA:0x…, FSbase:0x0 GSbase:0x0 kernelGSbase:0x0"),
            new PsodShapeRow(PsodShape.RegisterPairs, @"^World:\s*\d+:\s*(?:PRDA|TR|CR0|CR2|RIP|RSP|RAX|FS|GS)\b", "ESXi 6.x+ vmkernel dump: World: 3015: PRDA 0x… ss 0x0 ds 0x10b …; World: 3018: CR0 0x80010031 CR3 0x… CR4 0x…"),
            new PsodShapeRow(PsodShape.Uptime, @"^VMK uptime:\s*(?<up>\S*)(?:\s+TSC:\s*(?<tsc>\d+))?", "VMK uptime: 7:05:43:45.014 TSC: 1751259712918392"),
            new PsodShapeRow(PsodShape.Uptime, @"^TSC:\s*(?<tsc>\d+)", "TSC alone"),
            new PsodShapeRow(PsodShape.CodeStart, @"^Code start(?:s at)?:?\s*(?<cs>" + Hex + ")", "Code start: 0x418… / Code starts at 0x418…"),
            new PsodShapeRow(PsodShape.Coredump, @"^(?<cd>(?:Starting coredump|Coredump to|Dumping using slot|using slot|Slot \d+ of \d+|No place on disk to dump|Finalized dump header|Successfully dumped|Dump to .*).*)$", "Starting coredump to disk … (ESX 3); Coredump to disk. Slot 1 of 1. (4.x+)"),
            new PsodShapeRow(PsodShape.CoredumpTail, @"^(?:Dump:|Dumping|DumpSpinWait|Dump [A-Z])", "dump progress lines after the coredump line"),
            new PsodShapeRow(PsodShape.Hardware, @"(?:^(?:ALERT:\s*)?(?:MCA|MCAIntel|MCE|IDT|NMI|Heartbeat|LINT1|ApeiHEST):\s|^(?:CE|UC|SRAR|SRAO|UCNA)\s+(?:Excp|Intr|Poll)\s+G|MC:\s*PCPU\d|[Mm]achine [Cc]heck|Hardware Error|Uncorrectable|NMI IPI received|heartbeat for \d+ seconds|Heartbeat NMI)", "MCA/MCE/NMI/heartbeat/APEI lines (hardware evidence); ESXi 6.0 MC:PCPUn B:… S:…; bare SRAR Excp G7 B1 S… on the screen"),
            new PsodShapeRow(PsodShape.Known, @"^(?:PTEs:|LBR:|Code start|VMNIX:|ALERT:|WARNING:|System has encountered|Panic Message:|Backtrace|Saved backtrace|Uncorrectable|\*\*\*)", "other lines a screen carries: PTEs, LBR, VMNIX heartbeat alerts"),
            new PsodShapeRow(PsodShape.Ellipsis, @"^(?:\.{3,}|…)\s*$", "elision in KB articles"),
        };

        private static readonly Regex s_ansi = new Regex(@"\x1B\[[0-9;?]*[A-Za-z]|\x1B[()][A-Z0-9]|\x1B|\^\[\[[0-9;]*[A-Za-z]|\[\d{1,3}(?:;\d{1,3})*m", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        // Log prefixes: ISO time + optional syslog severity/program + cpuN:world[ opID=…]) ; ESX 3/4 uptime prefix; BSD syslog header.
        private static readonly Regex s_prefix = new Regex(
            @"^(?:(?<ts>\S{1,40}T\S{1,40}|\d+:\d\d:\d\d:\d\d\.\d+|[A-Z][a-z]{2}\s+\d{1,2}\s+\d\d:\d\d:\d\d\s+\S+)\s+)?(?:[A-Z][a-z]\(\d+\)\s+)?(?:[\w.-]+(?:\[\d+\])?:\s+)?(?:(?<up>\d+:\d\d:\d\d:\d\d\.\d+)\s+)?cpu(?<cpu>\d+):(?<world>\d+)(?:\s[^)/\[]{0,80})?\)",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex s_prefixNoCpu = new Regex(
            @"^(?<ts>\d{4}-\d\d-\d\dT\S+|YYYY-\S+)\s+(?:[A-Z][a-z]\(\d+\)\s+)?(?:vmkernel|vmkwarning|vmkalert)(?:\[\d+\])?:\s+",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        // Places where lines that ran together can be cut apart (the text before must not end with ':', i.e. be a label).
        private static readonly Regex s_split = new Regex(
            @"(?<=[).,;])(?=(?:\d{4}-\d\d-\d\dT\S+\s+)?cpu\d+:\d+\))|(?<=\S)\s*(?=@BlueScreen:)|(?<=\S\s)(?=BlueScreen:)|\s+(?=0x[0-9a-fA-F]+:\[0x)|\s+(?=\[0x[0-9a-fA-F]+\][A-Za-z_<])|\s+(?=(?:VMK uptime:|Code start:|PTEs:|LBR:|frame=0x|cr0=0x|es=0x|eax=0x|rax=0x|rdx=0x|rdi=0x|r10=|r13=|err=|\*?P?CPU\d+:\d+/|\*\d+:\d+/|base fs=|Starting coredump|Coredump to disk|Slot \d+ of \d+|Backtrace for current CPU|Saved backtrace from|Backtrace:|Panic Message:|PSOD Message:|Panic Details:|\[?VMware ESX|#[A-Z]{2} Exception|PCPU \d+ locked up|Machine Check Exception|NMI IPI: Panic|LINT1/NMI))",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>Turns a line's bytes into text: invalid UTF-8 becomes U+FFFD, ANSI colour codes and control characters go.</summary>
        public static string Clean(ReadOnlySpan<byte> line)
        {
            string s = Utf8Text.Decode(line);
            if (s.IndexOf('\x1B') >= 0 || s.IndexOf('[') >= 0) s = s_ansi.Replace(s, string.Empty);
            bool control = false;
            foreach (char c in s)
            {
                if (c < ' ' || c == '\x7F') { control = true; break; }
            }
            if (!control) return s;
            var sb = new StringBuilder(s.Length);
            foreach (char c in s) sb.Append(c == '\t' ? ' ' : (c < ' ' || c == '\x7F') ? '\0' : c);
            return sb.ToString().Replace("\0", string.Empty);
        }


        /// <summary>Strips a vmkernel log prefix, returning what it said (time, PCPU, world), or leaves the text as it is.</summary>
        public static LinePrefix StripPrefix(ref string text)
        {
            if (text.Length < 6) return default;
            int cpuAt = text.IndexOf("cpu", StringComparison.Ordinal);
            if (cpuAt >= 0 && cpuAt < 160)
            {
                Match m = s_prefix.Match(text);
                if (m.Success)
                {
                    text = text.Substring(m.Length);
                    return new LinePrefix(true, m.Groups["ts"].Success ? m.Groups["ts"].Value : null,
                        int.TryParse(m.Groups["cpu"].Value, out int cpu) ? cpu : (int?)null,
                        long.TryParse(m.Groups["world"].Value, out long w) ? w : (long?)null);
                }
            }
            if (text.IndexOf(": ", StringComparison.Ordinal) > 0)
            {
                Match m = s_prefixNoCpu.Match(text);
                if (m.Success)
                {
                    text = text.Substring(m.Length);
                    return new LinePrefix(true, m.Groups["ts"].Value, null, null);
                }
            }
            return default;
        }

        /// <summary>Cut points of lines that ran together (0 is always the first).</summary>
        public static List<int> SplitPoints(string text)
        {
            var points = new List<int> { 0 };
            if (text.Length < 12) return points;
            foreach (Match m in s_split.Matches(text))
            {
                int at = m.Index + m.Length;
                if (at <= 0 || at >= text.Length) continue;
                string before = text.Substring(points[points.Count - 1], m.Index - points[points.Count - 1]).TrimEnd();
                if (before.Length == 0) continue;
                // "Panic Message: @BlueScreen: #PF …", "@BlueScreen: PCPU 1 locked up": a label, not two lines; prose ending in
                // a colon ("The host showed: PCPU 3 locked up …") is cut off so the message is taken.
                if (before.EndsWith("@", StringComparison.Ordinal) || before.EndsWith("BlueScreen", StringComparison.Ordinal)) continue;
                if (before.EndsWith(":", StringComparison.Ordinal) && (before.EndsWith("BlueScreen:", StringComparison.Ordinal) || before.EndsWith("Message:", StringComparison.Ordinal)
                    || before.EndsWith("Details:", StringComparison.Ordinal) || before.IndexOf(' ') < 0)) continue;
                points.Add(at);
            }
            return points;
        }

        /// <summary>What web pages put where they hid an "a@b" they took for an e-mail address (Cloudflare and similar).</summary>
        private static readonly string[] s_obfuscations = { "[email", "email protected]", "@example.com", "__cf_email__", "/cdn-cgi/l/email-protection" };

        /// <summary>True when a frame's symbol@module was mangled as an e-mail address by the page it was copied from.</summary>
        public static bool IsObfuscated(string segment)
        {
            foreach (string o in s_obfuscations) if (segment.IndexOf(o, StringComparison.Ordinal) >= 0) return true;
            return false;
        }

        /// <summary>The first row matching <paramref name="text"/> (trimmed, non-empty), or null.</summary>
        public static PsodShapeRow? Classify(string text, out Match? match)
        {
            foreach (PsodShapeRow row in Rows)
            {
                Match m = row.Pattern.Match(text);
                if (m.Success) { match = m; return row; }
            }
            match = null;
            return null;
        }
    }

    /// <summary>What a vmkernel log prefix said.</summary>
    internal readonly struct LinePrefix
    {
        public LinePrefix(bool present, string? time, int? cpu, long? world) { Present = present; Time = time; Cpu = cpu; World = world; }
        public bool Present { get; }
        public string? Time { get; }
        public int? Cpu { get; }
        public long? World { get; }
    }
}
