using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtDiag
{
    /// <summary>
    /// The class of an MCA error code (IA32_MCi_STATUS bits 15:0), as the Intel SDM (Vol. 3B, "Interpreting the MCA
    /// Error Codes") and the AMD APM (Vol. 2, machine-check error codes) define it.
    /// </summary>
    public enum MachineCheckErrorClass
    {
        /// <summary>No status, or a code outside the architectural encodings (model-specific).</summary>
        Unknown,
        /// <summary>0x0000: no error.</summary>
        NoError,
        /// <summary>0x0001: unclassified.</summary>
        Unclassified,
        /// <summary>0x0002: microcode ROM parity error.</summary>
        MicrocodeRomParity,
        /// <summary>0x0003: external error (another agent's BINIT#/MCERR#).</summary>
        External,
        /// <summary>0x0004: functional redundancy check master/slave error.</summary>
        FunctionalRedundancyCheck,
        /// <summary>0x0005: internal parity error.</summary>
        InternalParity,
        /// <summary>0x0006: SMM handler code access violation.</summary>
        SmmHandlerAccessViolation,
        /// <summary>0x0400: internal timer error (a core stopped retiring instructions).</summary>
        InternalTimer,
        /// <summary>0x0E0B: I/O error (PCIe, reported through the IIO).</summary>
        IoError,
        /// <summary>0000 01xx xxxx xxxx: internal unclassified.</summary>
        InternalUnclassified,
        /// <summary>0000 0000 0000 11LL: generic cache hierarchy.</summary>
        GenericCacheHierarchy,
        /// <summary>0000 0000 0001 TTLL: TLB.</summary>
        Tlb,
        /// <summary>0000 0000 1MMM CCCC: memory controller (DIMM, channel).</summary>
        MemoryController,
        /// <summary>0000 0001 RRRR TTLL: cache hierarchy (AMD: "memory").</summary>
        CacheHierarchy,
        /// <summary>0000 1PPT RRRR IILL: bus and interconnect.</summary>
        BusInterconnect,
    }

    /// <summary>How bad a machine check is, from the UC, PCC, S and AR bits (Intel SDM, "Machine-Check Error Classes").</summary>
    public enum MachineCheckSeverity
    {
        /// <summary>The status value was not logged (redacted or absent): only the logged word, if any, tells.</summary>
        Unknown,
        /// <summary>UC=0: corrected by hardware (CE).</summary>
        Corrected,
        /// <summary>UC=1, PCC=0, S=0: uncorrected, no action required (UCNA).</summary>
        UncorrectedNoAction,
        /// <summary>UC=1, PCC=0, S=1, AR=0: software-recoverable, action optional (SRAO).</summary>
        ActionOptional,
        /// <summary>UC=1, PCC=0, S=1, AR=1: software-recoverable, action required (SRAR).</summary>
        ActionRequired,
        /// <summary>UC=1, PCC=1: the processor context is corrupt; the system cannot go on.</summary>
        Fatal,
    }

    /// <summary>One machine-check bank report decoded: <c>MCA: 208: UC Excp G4 B6 S… A… M… P…/8 …</c>, <c>MC:PCPU42 B:4 S:0x… M:0x… A:0x…</c>, <c>MCE: … Bank 4, Status 0x…</c>.</summary>
    public sealed class MachineCheck
    {
        internal MachineCheck() { }

        /// <summary>The PCPU that reported it (<c>MC:PCPUn</c>, or the log prefix's <c>cpuN</c>), or null.</summary>
        public int? Cpu { get; internal set; }

        /// <summary>The MCA bank number, or null when not logged.</summary>
        public int? Bank { get; internal set; }

        /// <summary>IA32_MCi_STATUS, or null when redacted or absent.</summary>
        public ulong? Status { get; internal set; }

        /// <summary>IA32_MCi_ADDR as logged (hex without 0x), or null.</summary>
        public string? Address { get; internal set; }

        /// <summary>IA32_MCi_MISC as logged (hex without 0x), or null.</summary>
        public string? Misc { get; internal set; }

        /// <summary>The severity word ESXi logged (<c>CE</c>, <c>UC</c>, <c>SRAR</c>, <c>SRAO</c>, <c>UCNA</c>), or null.</summary>
        public string? LoggedSeverity { get; internal set; }

        /// <summary>VAL (bit 63): the bank holds a valid error.</summary>
        public bool? Valid { get; internal set; }

        /// <summary>OVER (bit 62): an earlier error was overwritten.</summary>
        public bool? Overflow { get; internal set; }

        /// <summary>UC (bit 61): the error was not corrected.</summary>
        public bool? Uncorrected { get; internal set; }

        /// <summary>EN (bit 60): reporting was enabled for this error.</summary>
        public bool? Enabled { get; internal set; }

        /// <summary>MISCV (bit 59): the MISC register holds information.</summary>
        public bool? MiscValid { get; internal set; }

        /// <summary>ADDRV (bit 58): the ADDR register holds the error address.</summary>
        public bool? AddressValid { get; internal set; }

        /// <summary>PCC (bit 57): the processor context may be corrupt.</summary>
        public bool? ProcessorContextCorrupt { get; internal set; }

        /// <summary>S (bit 56): signalled as a machine-check exception (software error recovery).</summary>
        public bool? Signaled { get; internal set; }

        /// <summary>AR (bit 55): software must act before going on.</summary>
        public bool? ActionRequired { get; internal set; }

        /// <summary>The MCA error code (bits 15:0), or null.</summary>
        public int? ErrorCode { get; internal set; }

        /// <summary>The model-specific error code (bits 31:16), or null.</summary>
        public int? ModelSpecificCode { get; internal set; }

        /// <summary>The architectural class of <see cref="ErrorCode"/>.</summary>
        public MachineCheckErrorClass ErrorClass { get; internal set; }

        /// <summary>Corrected, UCNA, SRAO, SRAR or fatal: from the status bits, else from the logged word.</summary>
        public MachineCheckSeverity Severity { get; internal set; }

        /// <summary>True when the error was corrected by hardware.</summary>
        public bool IsCorrected => Severity == MachineCheckSeverity.Corrected;

        /// <summary>ESXi's own words after the registers (<c>Memory Controller Read Error on Channel 1.</c>), or null.</summary>
        public string? Description { get; internal set; }

        /// <summary>The line it was read from.</summary>
        public string Line { get; internal set; } = "";

        /// <inheritdoc/>
        public override string ToString()
            => "B" + Bank?.ToString(CultureInfo.InvariantCulture) + " " + Severity + " " + ErrorClass + (Status.HasValue ? " S0x" + Status.Value.ToString("x16", CultureInfo.InvariantCulture) : "");
    }
}

namespace VirtDiag.Psod
{
    /// <summary>
    /// Reads machine-check lines of every ESX/ESXi era (one row per shape) and decodes IA32_MCi_STATUS per the public
    /// Intel SDM Vol. 3B / AMD APM Vol. 2 descriptions: the flag bits 63..55, the MCA error code class, the severity.
    /// </summary>
    internal static class MachineCheckDecoder
    {
        private const RegexOptions Rx = RegexOptions.CultureInvariant | RegexOptions.Compiled;
        private const string H = "[0-9a-fA-F#X]";

        /// <summary>The line shapes, newest first; a new ESXi wording is one row.</summary>
        private static readonly (string Era, Regex Pattern)[] s_rows =
        {
            ("ESXi 6.5+: MCA: 208: UC Excp G4 B6 Sbb00… A… M… P…/8 text; also bare on the screen", new Regex(
                @"(?:^|\s|:)(?<sev>CE|UC|SRAR|SRAO|UCNA|DEFERRED|FATAL)\s+(?:Excp|Intr|Poll|CMCI)\s+G" + H + @"+\s+B(?<bank>\d{1,3})(?:\s+S(?<s>" + H + @"{1,16})(?=\s|$))?(?:\s+A(?<a>" + H + @"{0,16})(?=\s|$))?(?:\s+M(?<m>" + H + @"{0,16})(?=\s|$))?(?:\s+P" + H + @"{0,16}/\d+)?\s*(?<desc>.*)$", Rx)),
            ("ESX 4.x-ESXi 6.0: MC:PCPU42 B:4 S:0xbe00… M:0x… A:0x…", new Regex(
                @"MC:\s*PCPU(?<cpu>\d+)\s+B:\s*(?<bank>\d+)\s+S:\s*(?:0x)?(?<s>" + H + @"{1,16})(?:\s+M:\s*(?:0x)?(?<m>" + H + @"{1,16}):?)?(?:\s+A:\s*(?:0x)?(?<a>" + H + @"{1,16}))?", Rx)),
            ("ESX 4.x: MCE: 171: Machine Check Exception: Bank 4, Status 0x…", new Regex(
                @"\bMCE\b.*?\bBank:?\s*(?<bank>\d+),?\s*Status:?\s*(?:0x)?(?<s>" + H + @"{1,16})(?:.*?\bAddr(?:ess)?:?\s*(?:0x)?(?<a>" + H + @"{1,16}))?(?:.*?\bMisc:?\s*(?:0x)?(?<m>" + H + @"{1,16}))?", Rx | RegexOptions.IgnoreCase)),
        };

        /// <summary>True when <paramref name="text"/> may be a machine-check line (cheap literal test before the rows).</summary>
        public static bool MayBe(string text)
            => text.IndexOf(" Excp ", StringComparison.Ordinal) >= 0 || text.IndexOf(" Intr ", StringComparison.Ordinal) >= 0 || text.IndexOf(" Poll ", StringComparison.Ordinal) >= 0
               || text.IndexOf("MC:", StringComparison.Ordinal) >= 0 || text.IndexOf("Status", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Decodes one line, or returns null when no row matches.</summary>
        public static MachineCheck? TryRead(string text, int? prefixCpu)
        {
            if (!MayBe(text)) return null;
            foreach (var (_, pattern) in s_rows)
            {
                Match m = pattern.Match(text);
                if (!m.Success) continue;
                var mc = new MachineCheck
                {
                    Line = text,
                    Bank = int.TryParse(m.Groups["bank"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int bank) ? bank : (int?)null,
                    Cpu = m.Groups["cpu"].Success && int.TryParse(m.Groups["cpu"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) ? cpu : prefixCpu,
                    LoggedSeverity = m.Groups["sev"].Success ? m.Groups["sev"].Value : null,
                    Address = Register(m.Groups["a"]),
                    Misc = Register(m.Groups["m"]),
                };
                string desc = m.Groups["desc"].Success ? m.Groups["desc"].Value.Trim() : "";
                mc.Description = desc.Length > 0 ? desc : null;
                if (m.Groups["s"].Success && ulong.TryParse(m.Groups["s"].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong status))
                    Decode(mc, status);
                else
                    mc.Severity = FromWord(mc.LoggedSeverity);
                return mc;
            }
            return null;
        }

        /// <summary>Fills the flag bits, error codes, class and severity of <paramref name="mc"/> from IA32_MCi_STATUS.</summary>
        internal static void Decode(MachineCheck mc, ulong status)
        {
            mc.Status = status;
            mc.Valid = Bit(status, 63);
            mc.Overflow = Bit(status, 62);
            mc.Uncorrected = Bit(status, 61);
            mc.Enabled = Bit(status, 60);
            mc.MiscValid = Bit(status, 59);
            mc.AddressValid = Bit(status, 58);
            mc.ProcessorContextCorrupt = Bit(status, 57);
            mc.Signaled = Bit(status, 56);
            mc.ActionRequired = Bit(status, 55);
            int code = (int)(status & 0xFFFF);
            mc.ErrorCode = code;
            mc.ModelSpecificCode = (int)((status >> 16) & 0xFFFF);
            mc.ErrorClass = Classify(code);
            if (!mc.Uncorrected.Value) mc.Severity = MachineCheckSeverity.Corrected;
            else if (mc.ProcessorContextCorrupt.Value) mc.Severity = MachineCheckSeverity.Fatal;
            else if (!mc.Signaled.Value) mc.Severity = MachineCheckSeverity.UncorrectedNoAction;
            else mc.Severity = mc.ActionRequired.Value ? MachineCheckSeverity.ActionRequired : MachineCheckSeverity.ActionOptional;
        }

        /// <summary>The architectural class of an MCA error code; bit 12 (corrected-report filtering) is ignored in compound codes.</summary>
        internal static MachineCheckErrorClass Classify(int code)
        {
            switch (code)
            {
                case 0x0000: return MachineCheckErrorClass.NoError;
                case 0x0001: return MachineCheckErrorClass.Unclassified;
                case 0x0002: return MachineCheckErrorClass.MicrocodeRomParity;
                case 0x0003: return MachineCheckErrorClass.External;
                case 0x0004: return MachineCheckErrorClass.FunctionalRedundancyCheck;
                case 0x0005: return MachineCheckErrorClass.InternalParity;
                case 0x0006: return MachineCheckErrorClass.SmmHandlerAccessViolation;
                case 0x0400: return MachineCheckErrorClass.InternalTimer;
                case 0x0E0B: return MachineCheckErrorClass.IoError;
            }
            if ((code & 0xFC00) == 0x0400) return MachineCheckErrorClass.InternalUnclassified;
            int c = code & ~0x1000;
            if ((c & 0xF800) == 0x0800) return MachineCheckErrorClass.BusInterconnect;
            if ((c & 0xFF00) == 0x0100) return MachineCheckErrorClass.CacheHierarchy;
            if ((c & 0xFF80) == 0x0080) return MachineCheckErrorClass.MemoryController;
            if ((c & 0xFFF0) == 0x0010) return MachineCheckErrorClass.Tlb;
            if ((c & 0xFFFC) == 0x000C) return MachineCheckErrorClass.GenericCacheHierarchy;
            return MachineCheckErrorClass.Unknown;
        }

        private static MachineCheckSeverity FromWord(string? word)
        {
            switch (word)
            {
                case "CE": return MachineCheckSeverity.Corrected;
                case "UCNA": return MachineCheckSeverity.UncorrectedNoAction;
                case "SRAO": return MachineCheckSeverity.ActionOptional;
                case "SRAR": return MachineCheckSeverity.ActionRequired;
                case "FATAL": return MachineCheckSeverity.Fatal;
                default: return MachineCheckSeverity.Unknown;
            }
        }

        private static bool Bit(ulong v, int bit) => ((v >> bit) & 1) != 0;

        private static string? Register(Group g)
        {
            if (!g.Success || g.Value.Length == 0) return null;
            foreach (char ch in g.Value) if (!Uri.IsHexDigit(ch)) return null; // redacted (####, XXXX): unknown
            return g.Value.ToLowerInvariant();
        }
    }
}
