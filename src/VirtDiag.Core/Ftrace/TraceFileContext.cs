using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Everything needed to decode one trace.dat's events: byte order, formats, comms, symbols.</summary>
    internal sealed class TraceFileContext
    {
        public string Path = "";
        public string? Machine;
        public int FileVersion;
        public bool BigEndian;
        public int LongSize = 8;
        public int KernelLongSize = 8;
        public int PageSize = 4096;
        public int PageDataOffset = 16;
        public string CompressionName = "none";
        public string CompressionVersion = "";
        public readonly Dictionary<int, EventFormat> Formats = new Dictionary<int, EventFormat>();
        public readonly Dictionary<int, string> Comms = new Dictionary<int, string>();
        public readonly Dictionary<ulong, string> Printk = new Dictionary<ulong, string>();
        public byte[]? KallsymsText;
        private Kallsyms? _kallsyms;
        private bool _kallsymsInit;
        private object? _kallsymsLock;
        public string? Clock;
        public string? Uname;
        public string? Version;
        public string? Date;
        public ulong? TraceId;
        public int? CpuCountOption;
        public readonly List<TraceGuest> Guests = new List<TraceGuest>();
        /// <summary>Machine names of this host's guests whose files are read with it (guest trace id → name).</summary>
        public readonly Dictionary<ulong, string> GuestMachines = new Dictionary<ulong, string>();
        public TraceTimeShift? TimeShift;
        public TraceTsc2Nsec? Tsc2Nsec;
        public readonly List<BufferInfo> Buffers = new List<BufferInfo>();
        public int FormatCount;
        /// <summary>Timestamps are raw counter values, printed without a decimal point (x86-tsc, counter without TSC2NSEC).</summary>
        public bool RawClock;

        /// <summary>The kernel symbols, parsed on first use (once, also when events are rendered on several threads).</summary>
        public Kallsyms Symbols => System.Threading.LazyInitializer.EnsureInitialized(ref _kallsyms, ref _kallsymsInit, ref _kallsymsLock, () => Kallsyms.Parse(KallsymsText))!;

        public string CommOf(int pid)
        {
            if (pid == 0) return "<idle>";
            return Comms.TryGetValue(pid, out string? c) ? c : "<...>";
        }

        public ushort U16(ReadOnlySpan<byte> b) => BigEndian ? (ushort)(b[0] << 8 | b[1]) : (ushort)(b[0] | b[1] << 8);
        public uint U32(ReadOnlySpan<byte> b) => BigEndian
            ? (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
            : (uint)(b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24);
        public ulong U64(ReadOnlySpan<byte> b) => BigEndian
            ? (ulong)U32(b) << 32 | U32(b.Slice(4))
            : U32(b) | (ulong)U32(b.Slice(4)) << 32;

        /// <summary>Reads an unsigned number of 1, 2, 4 or 8 bytes.</summary>
        public ulong Number(ReadOnlySpan<byte> b, int size)
        {
            switch (size)
            {
                case 1: return b[0];
                case 2: return U16(b);
                case 4: return U32(b);
                case 8: return U64(b);
                default: return 0;
            }
        }

        public TraceFile ToTraceFile(long? eventCount, long lostEvents)
        {
            var buffers = new List<TraceBuffer>();
            int cpus = 0;
            foreach (BufferInfo b in Buffers)
            {
                buffers.Add(new TraceBuffer(b.Name, b.Clock, b.PageSize, b.Cpus));
                cpus = Math.Max(cpus, b.Cpus.Count == 0 ? 0 : b.Cpus[b.Cpus.Count - 1].Cpu + 1);
            }
            string compression = CompressionName == "none" || CompressionName.Length == 0 ? "none" : (CompressionName + " " + CompressionVersion).Trim();
            return new TraceFile(Path, FileVersion, compression, BigEndian ? TraceEndianness.Big : TraceEndianness.Little, LongSize, PageSize,
                CpuCountOption ?? cpus, Buffers.Count > 0 ? Buffers[0].Clock ?? Clock : Clock, Uname, Version, buffers, TraceId,
                Guests.ToArray(), TimeShift, Tsc2Nsec, Date, FormatCount, eventCount, lostEvents);
        }
    }

    internal sealed class BufferInfo
    {
        public string Name = "";
        public string? Clock;
        public int PageSize;
        public bool Compressed;
        public readonly List<TraceCpuData> Cpus = new List<TraceCpuData>();
    }

    /// <summary>/proc/kallsyms, sorted, for %pS and function names.</summary>
    internal sealed class Kallsyms
    {
        private readonly ulong[] _addr;
        // names stay bytes in the file's text until a lookup asks for one (a kernel has 100k+ symbols, an event prints few)
        private readonly byte[] _text;
        private readonly int[] _nameStart;
        private readonly int[] _nameLength;
        private readonly string?[] _name;

        private Kallsyms(ulong[] a, byte[] text, int[] start, int[] length)
        {
            _addr = a; _text = text; _nameStart = start; _nameLength = length; _name = new string?[a.Length];
        }

        public static Kallsyms Parse(byte[]? text)
        {
            text ??= Array.Empty<byte>();
            var addr = new List<ulong>();
            var start = new List<int>();
            var length = new List<int>();
            int i = 0;
            while (i < text.Length)
            {
                int nl = Array.IndexOf(text, (byte)'\n', i);
                if (nl < 0) nl = text.Length;
                // "ffffffff81000000 T _stext [module]"
                int sp1 = Array.IndexOf(text, (byte)' ', i, nl - i);
                if (sp1 > i && sp1 + 3 < nl)
                {
                    ulong a = 0; bool ok = true;
                    for (int k = i; k < sp1; k++)
                    {
                        int d = Hex(text[k]);
                        if (d < 0) { ok = false; break; }
                        a = a << 4 | (uint)d;
                    }
                    int nameStart = sp1 + 3;
                    int end = nameStart;
                    while (end < nl && text[end] != ' ' && text[end] != '\t') end++;
                    if (ok && end > nameStart) { addr.Add(a); start.Add(nameStart); length.Add(end - nameStart); }
                }
                i = nl + 1;
            }
            ulong[] keys = addr.ToArray();
            var order = new int[keys.Length];
            for (int k = 0; k < order.Length; k++) order[k] = k;
            Array.Sort(keys, order);
            var s = new int[keys.Length];
            var l = new int[keys.Length];
            for (int k = 0; k < order.Length; k++) { s[k] = start[order[k]]; l[k] = length[order[k]]; }
            return new Kallsyms(keys, text, s, l);
        }

        private string Name(int index) => _name[index] ??= Encoding.ASCII.GetString(_text, _nameStart[index], _nameLength[index]);

        private static int Hex(byte c) => c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        public bool IsEmpty => _addr.Length == 0;

        /// <summary>The symbol at or below <paramref name="address"/> and the offset into it.</summary>
        public bool TryFind(ulong address, out string name, out ulong offset)
        {
            name = ""; offset = 0;
            int lo = 0, hi = _addr.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_addr[mid] <= address) { found = mid; lo = mid + 1; } else hi = mid - 1;
            }
            if (found < 0 || _addr[found] == 0) return false;
            // several symbols may share an address: the first of them (as sorted) is the one libtraceevent picks
            while (found > 0 && _addr[found - 1] == _addr[found]) found--;
            name = Name(found);
            offset = address - _addr[found];
            return true;
        }

        public bool TryExact(ulong address, out string name)
        {
            if (TryFind(address, out name, out ulong off) && off == 0) return true;
            name = "";
            return false;
        }
    }

    /// <summary>Formats trace timestamps the way trace-cmd report does.</summary>
    public static class TraceTime
    {
        /// <summary>Seconds with <paramref name="decimals"/> decimals, rounded as trace-cmd prints them: <c>589.719459</c>.</summary>
        public static string Format(long ns, int decimals)
        {
            decimals = Math.Max(1, Math.Min(9, decimals));
            long unit = 1;
            for (int i = decimals; i < 9; i++) unit *= 10;
            long t = unit > 1 ? (ns + unit / 2) / unit : ns;
            long per = 1_000_000_000 / unit;
            long sec = t / per, frac = t % per;
            if (frac < 0) frac = -frac;
            return sec.ToString(CultureInfo.InvariantCulture) + "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        }

        /// <summary>Appends what <see cref="Format"/> returns, without making a string.</summary>
        internal static void Append(StringBuilder sb, long ns, int decimals)
        {
            decimals = Math.Max(1, Math.Min(9, decimals));
            long unit = 1;
            for (int i = decimals; i < 9; i++) unit *= 10;
            long t = unit > 1 ? (ns + unit / 2) / unit : ns;
            long per = 1_000_000_000 / unit;
            long sec = t / per, frac = t % per;
            if (frac < 0) frac = -frac;
            sb.AppendDecimal(sec).Append('.');
            int zeros = decimals - InvariantAppend.DecimalLength((ulong)frac);
            if (zeros > 0) sb.Append('0', zeros);
            sb.AppendDecimal((ulong)frac);
        }
    }
}
