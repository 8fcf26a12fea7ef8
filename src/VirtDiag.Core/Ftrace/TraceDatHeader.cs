using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Ftrace
{
    /// <summary>Reads a trace.dat's metadata: the initial header, then v6's fixed sequence or v7's option-chained sections.</summary>
    internal static class TraceDatHeader
    {
        private const long MetaCap = 256L << 20;       // one metadata block (kallsyms of a big kernel is ~10 MB)
        private const int MaxOptionsSections = 4096;

        public static readonly byte[] Magic = { 0x17, 0x08, 0x44, (byte)'t', (byte)'r', (byte)'a', (byte)'c', (byte)'i', (byte)'n', (byte)'g' };

        /// <summary>True when the bytes start like a trace.dat.</summary>
        public static bool LooksLikeTraceDat(ReadOnlySpan<byte> head) => head.Length >= 10 && head.Slice(0, 10).SequenceEqual(Magic);

        public static TraceFileContext Read(DatCursor cur, string path, ReadContext context)
        {
            var f = new TraceFileContext { Path = path };
            var head = new byte[64];
            int n = cur.ReadAt(0, head, 0, head.Length);
            if (n < 10 || !LooksLikeTraceDat(head.AsSpan(0, n)))
                throw new CorruptDataException(n < 10 ? IssueKind.TruncatedRecord : IssueKind.UnsupportedFormat,
                    n < 10 ? "too short for a trace.dat header (" + n + " bytes)" : "not a trace.dat file (wrong magic)", 0);
            long pos = 10;
            string version = CString(cur, ref pos, 16, "file version");
            if (!int.TryParse(version, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 6 || v > 7)
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "trace.dat file version '" + version + "' is not supported (6 and 7 are)", 10);
            f.FileVersion = v;
            var b = new byte[8];
            cur.ReadExact(pos, b, 0, 6, "file header");
            if (b[0] > 1) throw new CorruptDataException(IssueKind.MalformedRecord, "endianness byte is " + b[0] + " (0 or 1 expected)", pos);
            f.BigEndian = b[0] == 1;
            f.LongSize = b[1];
            if (f.LongSize != 4 && f.LongSize != 8) throw new CorruptDataException(IssueKind.MalformedRecord, "long size is " + b[1] + " (4 or 8 expected)", pos + 1);
            f.PageSize = (int)f.U32(b.AsSpan(2));
            if (f.PageSize < 64 || f.PageSize > (1 << 24) || (f.PageSize & (f.PageSize - 1)) != 0)
                throw new CorruptDataException(IssueKind.MalformedRecord, "page size " + f.PageSize + " is impossible", pos + 2);
            pos += 6;
            if (v >= 7) ReadV7(cur, f, pos, context);
            else ReadV6(cur, f, pos, context);
            if (f.Clock == null && f.Buffers.Count > 0) f.Clock = f.Buffers[0].Clock;
            string clock = f.Buffers.Count > 0 && f.Buffers[0].Clock != null ? f.Buffers[0].Clock! : f.Clock ?? "";
            f.RawClock = (clock == "x86-tsc" || clock == "counter") && f.Tsc2Nsec == null;
            return f;
        }

        private static string CString(DatCursor cur, ref long pos, int max, string what)
        {
            var sb = new StringBuilder();
            var one = new byte[1];
            for (int i = 0; i <= max; i++)
            {
                cur.ReadExact(pos, one, 0, 1, what);
                pos++;
                if (one[0] == 0) return sb.ToString();
                sb.Append((char)one[0]);
            }
            throw new CorruptDataException(IssueKind.MalformedRecord, what + " is not terminated within " + max + " bytes", pos);
        }

        private static void ReadV6(DatCursor cur, TraceFileContext f, long pos, ReadContext context)
        {
            var b8 = new byte[16];
            pos = ReadHeaderInfo(cur, f, pos, null);
            pos = ReadFtraceEvents(cur, f, pos, null);
            pos = ReadEventFormats(cur, f, pos, null);
            // kallsyms (4-byte size), printk (4-byte size), cmdlines (8-byte size)
            cur.ReadExact(pos, b8, 0, 4, "kallsyms size"); long sz = f.U32(b8); pos += 4;
            f.KallsymsText = cur.ReadBlock(pos, sz, "kallsyms", MetaCap); pos += sz;
            cur.ReadExact(pos, b8, 0, 4, "printk size"); sz = f.U32(b8); pos += 4;
            ParsePrintk(f, cur.ReadBlock(pos, sz, "printk formats", MetaCap)); pos += sz;
            cur.ReadExact(pos, b8, 0, 8, "cmdlines size"); sz = (long)f.U64(b8); pos += 8;
            ParseCmdlines(f, cur.ReadBlock(pos, sz, "saved cmdlines", MetaCap)); pos += sz;
            cur.ReadExact(pos, b8, 0, 4, "CPU count"); int cpus = (int)f.U32(b8); pos += 4;
            if (cpus <= 0 || cpus > 65536) throw new CorruptDataException(IssueKind.MalformedRecord, "CPU count " + cpus + " is impossible", pos - 4);
            var label = new byte[10];
            cur.ReadExact(pos, label, 0, 10, "options/data label");
            string l = Encoding.ASCII.GetString(label).TrimEnd('\0');
            var extraBuffers = new List<KeyValuePair<long, string>>();
            bool traceClockOption = false;
            if (l.StartsWith("options", StringComparison.Ordinal))
            {
                pos += 10;
                while (true)
                {
                    cur.ReadExact(pos, b8, 0, 2, "option id");
                    int id = f.U16(b8); pos += 2;
                    if (id == 0) break;
                    cur.ReadExact(pos, b8, 0, 4, "option size");
                    long osz = f.U32(b8); pos += 4;
                    byte[] data = cur.ReadBlock(pos, osz, "option " + id, MetaCap);
                    if (id == 4) traceClockOption = true;
                    if (id == 3 && data.Length > 8)
                        extraBuffers.Add(new KeyValuePair<long, string>((long)f.U64(data), Cstr(data, 8, out _)));
                    else ApplyOption(f, id, data, pos, context);
                    pos += osz;
                }
                cur.ReadExact(pos, label, 0, 10, "data label");
                l = Encoding.ASCII.GetString(label).TrimEnd('\0');
            }
            pos += 10;
            if (l.StartsWith("latency", StringComparison.Ordinal))
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "latency-tracer trace.dat (text data) is not decoded; read it with trace-cmd report and pipe the text", pos);
            if (!l.StartsWith("flyrecord", StringComparison.Ordinal))
                throw new CorruptDataException(IssueKind.MalformedRecord, "expected 'flyrecord' or 'latency' but found '" + Printable(l) + "'", pos - 10);
            // trace-cmd writes an empty TRACECLOCK option in v6 and the trace_clock file's text after the per-CPU table
            if (traceClockOption && string.IsNullOrEmpty(f.Clock)) f.Clock = ReadV6TraceClock(cur, f, pos + (long)cpus * 16, context);
            var top = new BufferInfo { Name = "", Clock = f.Clock, PageSize = f.PageSize };
            ReadCpuTable(cur, f, pos, cpus, top);
            f.Buffers.Add(top);
            foreach (KeyValuePair<long, string> eb in extraBuffers)
            {
                var bi = new BufferInfo { Name = eb.Value, Clock = f.Clock, PageSize = f.PageSize };
                ReadCpuTable(cur, f, eb.Key, cpus, bi);
                f.Buffers.Add(bi);
            }
        }

        /// <summary>The v6 trace_clock section (8-byte size, then <c>[local] global counter …</c>): the bracketed clock is in use.</summary>
        private static string ReadV6TraceClock(DatCursor cur, TraceFileContext f, long pos, ReadContext context)
        {
            var b8 = new byte[8];
            string? text = null;
            if (cur.ReadAt(pos, b8, 0, 8) == 8)
            {
                long size = (long)f.U64(b8);
                if (size > 0 && size <= 4096)
                {
                    var d = new byte[size];
                    if (cur.ReadAt(pos + 8, d, 0, d.Length) == d.Length) text = Encoding.ASCII.GetString(d);
                }
            }
            int lb = text == null ? -1 : text.IndexOf('['), rb = lb < 0 ? -1 : text!.IndexOf(']', lb);
            if (rb > lb + 1) return text!.Substring(lb + 1, rb - lb - 1);
            // trace-cmd reads "local" then too (its old writers could corrupt this section)
            context.Report(f.Path, IssueKind.MalformedRecord, "the TRACECLOCK option is empty and the trace_clock section after the CPU table cannot be read; the local clock is assumed, as trace-cmd does", 0, pos);
            return "local";
        }

        private static void ReadCpuTable(DatCursor cur, TraceFileContext f, long pos, int cpus, BufferInfo into)
        {
            var t = new byte[16];
            for (int c = 0; c < cpus; c++)
            {
                cur.ReadExact(pos, t, 0, 16, "per-CPU data table");
                long off = (long)f.U64(t), size = (long)f.U64(t.AsSpan(8));
                CheckRange(cur, off, size, "CPU " + c + " data", pos);
                into.Cpus.Add(new TraceCpuData(c, off, size));
                pos += 16;
            }
        }

        private static void CheckRange(DatCursor cur, long off, long size, string what, long at)
        {
            if (off < 0 || size < 0 || off > (1L << 50) || size > (1L << 50))
                throw new CorruptDataException(IssueKind.MalformedRecord, what + " at offset " + off + " size " + size + " lies outside the file", at);
        }

        private static void ReadV7(DatCursor cur, TraceFileContext f, long pos, ReadContext context)
        {
            f.CompressionName = CString(cur, ref pos, 64, "compression name");
            f.CompressionVersion = CString(cur, ref pos, 64, "compression version");
            var b8 = new byte[16];
            cur.ReadExact(pos, b8, 0, 8, "options offset");
            long next = (long)f.U64(b8);
            var seen = new HashSet<long>();
            var sectionOffsets = new Dictionary<int, long>();
            var buffers = new List<KeyValuePair<long, byte[]>>();
            int sections = 0;
            while (next != 0)
            {
                if (!seen.Add(next) || ++sections > MaxOptionsSections)
                    throw new CorruptDataException(IssueKind.MalformedRecord, "options sections loop back to offset " + next, next);
                byte[] data = ReadSection(cur, f, next, 0, "options section", context);
                long at = next;
                next = 0;
                int p = 0;
                while (p + 6 <= data.Length)
                {
                    int id = f.U16(data.AsSpan(p));
                    long osz = f.U32(data.AsSpan(p + 2));
                    p += 6;
                    if (osz > data.Length - p)
                        throw new CorruptDataException(IssueKind.MalformedRecord, "option " + id + " claims " + osz + " bytes but its section has " + (data.Length - p), at);
                    var od = new byte[osz];
                    Buffer.BlockCopy(data, p, od, 0, (int)osz);
                    p += (int)osz;
                    if (id == 0) { if (od.Length >= 8) next = (long)f.U64(od); break; }
                    if (id >= 16 && id <= 21 && od.Length >= 8) sectionOffsets[id] = (long)f.U64(od);
                    else if (id == 3) buffers.Add(new KeyValuePair<long, byte[]>(at, od));
                    else if (id == 22) throw new CorruptDataException(IssueKind.UnsupportedFormat, "latency-tracer trace.dat (BUFFER_TEXT) is not decoded", at);
                    else ApplyOption(f, id, od, at, context);
                }
            }
            if (sectionOffsets.TryGetValue(16, out long o)) ReadHeaderInfo(cur, f, o, context);
            else throw new CorruptDataException(IssueKind.MalformedRecord, "no HEADER_INFO section: ring-buffer layout unknown", 0);
            if (sectionOffsets.TryGetValue(17, out o)) ReadFtraceEvents(cur, f, o, context);
            if (sectionOffsets.TryGetValue(18, out o)) ReadEventFormats(cur, f, o, context);
            if (sectionOffsets.TryGetValue(19, out o))
            {
                byte[] s = ReadSection(cur, f, o, 19, "kallsyms", context);
                if (s.Length >= 4) { long n = f.U32(s); f.KallsymsText = Slice(s, 4, n); }
            }
            if (sectionOffsets.TryGetValue(20, out o))
            {
                byte[] s = ReadSection(cur, f, o, 20, "printk", context);
                if (s.Length >= 4) ParsePrintk(f, Slice(s, 4, f.U32(s)));
            }
            if (sectionOffsets.TryGetValue(21, out o))
            {
                byte[] s = ReadSection(cur, f, o, 21, "cmdlines", context);
                if (s.Length >= 8) ParseCmdlines(f, Slice(s, 8, (long)f.U64(s)));
            }
            foreach (KeyValuePair<long, byte[]> bo in buffers)
            {
                byte[] d = bo.Value;
                if (d.Length < 8) continue;
                long secOff = (long)f.U64(d);
                int p = 8;
                string name = Cstr(d, p, out p);
                string clock = Cstr(d, p, out p);
                if (p + 8 > d.Length) throw new CorruptDataException(IssueKind.MalformedRecord, "BUFFER option '" + name + "' is cut short", bo.Key);
                var bi = new BufferInfo { Name = name, Clock = clock, PageSize = (int)f.U32(d.AsSpan(p)) };
                int cpus = (int)f.U32(d.AsSpan(p + 4));
                p += 8;
                if (bi.PageSize < 64 || bi.PageSize > (1 << 24) || cpus < 0 || cpus > 65536 || p + (long)cpus * 20 > d.Length)
                    throw new CorruptDataException(IssueKind.MalformedRecord, "BUFFER option '" + name + "' has impossible sizes (page " + bi.PageSize + ", " + cpus + " CPUs)", bo.Key);
                for (int c = 0; c < cpus; c++)
                {
                    int id = (int)f.U32(d.AsSpan(p));
                    long off = (long)f.U64(d.AsSpan(p + 4)), size = (long)f.U64(d.AsSpan(p + 12));
                    CheckRange(cur, off, size, "buffer '" + name + "' CPU " + id + " data", bo.Key);
                    bi.Cpus.Add(new TraceCpuData(id, off, size));
                    p += 20;
                }
                // The flyrecord section header says whether the per-CPU data is compressed in chunks.
                var sh = new byte[16];
                cur.ReadExact(secOff, sh, 0, 16, "buffer section header");
                bi.Compressed = (f.U16(sh.AsSpan(2)) & 1) != 0;
                f.Buffers.Add(bi);
            }
        }

        private static byte[] Slice(byte[] s, int start, long n)
        {
            n = Math.Max(0, Math.Min(n, s.Length - start));
            var r = new byte[n];
            Buffer.BlockCopy(s, start, r, 0, (int)n);
            return r;
        }

        /// <summary>Reads a v7 section (decompressing it when flagged) and returns its content.</summary>
        private static byte[] ReadSection(DatCursor cur, TraceFileContext f, long offset, int expectId, string what, ReadContext context)
        {
            var h = new byte[16];
            cur.ReadExact(offset, h, 0, 16, what + " section header");
            int id = f.U16(h);
            int flags = f.U16(h.AsSpan(2));
            long size = (long)f.U64(h.AsSpan(8));
            if (id != expectId)
                throw new CorruptDataException(IssueKind.MalformedRecord, what + ": section id " + id + " where " + expectId + " was expected", offset);
            if ((flags & 1) == 0) return cur.ReadBlock(offset + 16, size, what, MetaCap);
            var ch = new byte[8];
            cur.ReadExact(offset + 16, ch, 0, 8, what + " compression header");
            long csize = f.U32(ch), usize = f.U32(ch.AsSpan(4));
            byte[] comp = cur.ReadBlock(offset + 24, csize, what + " (compressed)", MetaCap);
            if (usize > MetaCap) throw new CorruptDataException(IssueKind.LimitExceeded, what + " claims " + usize + " uncompressed bytes", offset + 16);
            var outb = new byte[usize];
            ChunkDecompressor.Decompress(f.CompressionName, comp, comp.Length, outb, (int)usize, context, offset + 24);
            return outb;
        }

        // Reader over either the file (v6, sequential) or a decoded v7 section.
        private sealed class Src
        {
            private readonly DatCursor? _cur;
            private readonly byte[]? _buf;
            public long Pos;
            private readonly long _base;
            public Src(DatCursor cur, long pos) { _cur = cur; Pos = pos; }
            public Src(byte[] buf, long sectionOffset) { _buf = buf; _base = sectionOffset; }
            public byte[] Read(long n, string what)
            {
                if (_cur != null) { byte[] r = _cur.ReadBlock(Pos, n, what, MetaCap); Pos += n; return r; }
                if (n < 0 || Pos + n > _buf!.Length) throw new CorruptDataException(IssueKind.MalformedRecord, what + " runs past the end of its section", _base);
                var b = new byte[n];
                Buffer.BlockCopy(_buf, (int)Pos, b, 0, (int)n);
                Pos += n;
                return b;
            }
            public string CStr(string what)
            {
                var sb = new StringBuilder();
                while (true)
                {
                    byte c = Read(1, what)[0];
                    if (c == 0) return sb.ToString();
                    sb.Append((char)c);
                    if (sb.Length > 4096) throw new CorruptDataException(IssueKind.MalformedRecord, what + " is not terminated", Offset);
                }
            }
            public long Offset => _cur != null ? Pos : _base;
        }

        private static Src Open(DatCursor cur, TraceFileContext f, long pos, int id, string what, ReadContext? context)
            => context == null ? new Src(cur, pos) : new Src(ReadSection(cur, f, pos, id, what, context), pos);

        private static long ReadHeaderInfo(DatCursor cur, TraceFileContext f, long pos, ReadContext? context)
        {
            Src s = Open(cur, f, pos, 16, "header info", context);
            string label = Encoding.ASCII.GetString(s.Read(12, "header_page label"));
            if (label != "header_page\0") throw new CorruptDataException(IssueKind.MalformedRecord, "expected 'header_page' but found '" + Printable(label) + "'", s.Offset);
            long sz = (long)f.U64(s.Read(8, "header_page size"));
            string hp = Encoding.ASCII.GetString(s.Read(sz, "header_page"));
            label = Encoding.ASCII.GetString(s.Read(13, "header_event label"));
            if (label != "header_event\0") throw new CorruptDataException(IssueKind.MalformedRecord, "expected 'header_event' but found '" + Printable(label) + "'", s.Offset);
            sz = (long)f.U64(s.Read(8, "header_event size"));
            s.Read(sz, "header_event");
            // header_page: timestamp, commit (kernel long), data
            f.KernelLongSize = f.LongSize;
            foreach (string line in hp.Split('\n'))
            {
                FormatField? fld = EventFormat.ParseField(line.Trim(), f.LongSize);
                if (fld == null) continue;
                if (fld.Name == "commit") f.KernelLongSize = fld.Size == 4 ? 4 : 8;
                if (fld.Name == "data") f.PageDataOffset = fld.Offset;
            }
            if (f.PageDataOffset != 8 + f.KernelLongSize) f.PageDataOffset = 8 + f.KernelLongSize;
            return s.Pos;
        }

        private static long ReadFtraceEvents(DatCursor cur, TraceFileContext f, long pos, ReadContext? context)
        {
            Src s = Open(cur, f, pos, 17, "ftrace formats", context);
            long count = f.U32(s.Read(4, "ftrace format count"));
            if (count > 100000) throw new CorruptDataException(IssueKind.MalformedRecord, "ftrace format count " + count + " is impossible", s.Offset);
            for (long i = 0; i < count; i++)
            {
                long sz = (long)f.U64(s.Read(8, "ftrace format size"));
                AddFormat(f, Encoding.UTF8.GetString(s.Read(sz, "ftrace format")), "ftrace");
            }
            return s.Pos;
        }

        private static long ReadEventFormats(DatCursor cur, TraceFileContext f, long pos, ReadContext? context)
        {
            Src s = Open(cur, f, pos, 18, "event formats", context);
            long systems = f.U32(s.Read(4, "event system count"));
            if (systems > 100000) throw new CorruptDataException(IssueKind.MalformedRecord, "event system count " + systems + " is impossible", s.Offset);
            for (long i = 0; i < systems; i++)
            {
                string sys = s.CStr("event system name");
                long count = f.U32(s.Read(4, "event count"));
                if (count > 100000) throw new CorruptDataException(IssueKind.MalformedRecord, "event count " + count + " in system " + sys + " is impossible", s.Offset);
                for (long k = 0; k < count; k++)
                {
                    long sz = (long)f.U64(s.Read(8, "event format size"));
                    AddFormat(f, Encoding.UTF8.GetString(s.Read(sz, "event format of " + sys)), sys);
                }
            }
            return s.Pos;
        }

        private static void AddFormat(TraceFileContext f, string text, string system)
        {
            EventFormat? e = EventFormat.Parse(text, system, f.LongSize);
            if (e == null) return;
            f.Formats[e.Id] = e;
            f.FormatCount++;
        }

        private static void ParseCmdlines(TraceFileContext f, byte[] data)
        {
            foreach (string line in Encoding.UTF8.GetString(data).Split('\n'))
            {
                int sp = line.IndexOf(' ');
                if (sp <= 0) continue;
                if (int.TryParse(line.Substring(0, sp), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
                    f.Comms[pid] = line.Substring(sp + 1);
            }
        }

        private static void ParsePrintk(TraceFileContext f, byte[] data)
        {
            // "0xffffffff81234567 : \"format\\n\""
            foreach (string line in Encoding.UTF8.GetString(data).Split('\n'))
            {
                int c = line.IndexOf(" : ", StringComparison.Ordinal);
                if (c <= 2 || !line.StartsWith("0x", StringComparison.Ordinal)) continue;
                if (!ulong.TryParse(line.Substring(2, c - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong a)) continue;
                string fmt = line.Substring(c + 3).Trim();
                if (fmt.Length >= 2 && fmt[0] == '"' && fmt[fmt.Length - 1] == '"') fmt = fmt.Substring(1, fmt.Length - 2);
                f.Printk[a] = PrintFormat.Unescape(fmt);
            }
        }

        private static string Cstr(byte[] d, int p, out int next)
        {
            int e = p;
            while (e < d.Length && d[e] != 0) e++;
            next = Math.Min(d.Length, e + 1);
            return Encoding.UTF8.GetString(d, p, e - p);
        }

        private static string Printable(string s)
        {
            var sb = new StringBuilder();
            foreach (char c in s) sb.Append(c >= 32 && c < 127 ? c : '?');
            return sb.ToString();
        }

        private static void ApplyOption(TraceFileContext f, int id, byte[] d, long at, ReadContext context)
        {
            string Str() { return Cstr(d, 0, out _).Trim(); }
            switch (id)
            {
                case 1: f.Date = Str(); break;
                case 2: break; // CPUSTAT
                case 4:
                    // "[local] global counter ..." → the bracketed one is in use
                    string tc = Str();
                    int lb = tc.IndexOf('['), rb = tc.IndexOf(']');
                    f.Clock = lb >= 0 && rb > lb ? tc.Substring(lb + 1, rb - lb - 1) : tc;
                    break;
                case 5: f.Uname = Str(); break;
                case 7: break; // OFFSET
                case 8: if (d.Length >= 4) f.CpuCountOption = (int)f.U32(d); break;
                case 9: f.Version = Str(); break;
                case 11: if (d.Length >= 8) f.TraceId = f.U64(d); break;
                case 12: f.TimeShift = ParseTimeShift(f, d, at); break;
                case 13:
                    {
                        string name = Cstr(d, 0, out int p);
                        if (p + 12 > d.Length) throw new CorruptDataException(IssueKind.MalformedRecord, "GUEST option is cut short", at);
                        ulong tid = f.U64(d.AsSpan(p));
                        int n = (int)f.U32(d.AsSpan(p + 8));
                        p += 12;
                        if (n < 0 || p + (long)n * 8 > d.Length) throw new CorruptDataException(IssueKind.MalformedRecord, "GUEST option claims " + n + " vCPUs", at);
                        var v = new TraceVCpu[n];
                        for (int i = 0; i < n; i++) { v[i] = new TraceVCpu((int)f.U32(d.AsSpan(p)), (int)f.U32(d.AsSpan(p + 4))); p += 8; }
                        f.Guests.Add(new TraceGuest(name, tid, v));
                        break;
                    }
                case 14:
                    if (d.Length >= 16) f.Tsc2Nsec = new TraceTsc2Nsec(f.U32(d), (int)f.U32(d.AsSpan(4)), (long)f.U64(d.AsSpan(8)));
                    break;
                case 0: case 6: case 10: case 15: break;
                default:
                    context.Report(f.Path, IssueKind.Skipped, "unknown trace.dat option " + id + " (" + d.Length + " bytes) skipped", 0, at);
                    break;
            }
        }

        private static TraceTimeShift ParseTimeShift(TraceFileContext f, byte[] d, long at)
        {
            if (d.Length < 16) throw new CorruptDataException(IssueKind.MalformedRecord, "TIME_SHIFT option is cut short", at);
            ulong peer = f.U64(d);
            uint flags = f.U32(d.AsSpan(8));
            int cpus = (int)f.U32(d.AsSpan(12));
            int p = 16;
            if (cpus < 0 || cpus > 65536) throw new CorruptDataException(IssueKind.MalformedRecord, "TIME_SHIFT claims " + cpus + " CPUs", at);
            var list = new List<IReadOnlyList<TraceTimeShiftSample>>();
            var raw = new List<long[,]>();
            for (int c = 0; c < cpus; c++)
            {
                if (p + 4 > d.Length) throw new CorruptDataException(IssueKind.MalformedRecord, "TIME_SHIFT is cut short at CPU " + c, at);
                int count = (int)f.U32(d.AsSpan(p)); p += 4;
                if (count < 0 || p + (long)count * 24 > d.Length) throw new CorruptDataException(IssueKind.MalformedRecord, "TIME_SHIFT CPU " + c + " claims " + count + " samples", at);
                var s = new long[count, 3];
                for (int i = 0; i < count; i++)
                {
                    s[i, 0] = (long)f.U64(d.AsSpan(p + i * 8));
                    s[i, 1] = (long)f.U64(d.AsSpan(p + (count + i) * 8));
                    s[i, 2] = (long)f.U64(d.AsSpan(p + (2 * count + i) * 8));
                }
                p += count * 24;
                raw.Add(s);
            }
            // Newer writers append the scaling fraction bits of every sample after all CPUs (one array per CPU).
            var fractions = new List<long[]>();
            foreach (long[,] s in raw)
            {
                int n = s.GetLength(0);
                var fr = new long[n];
                if (p + (long)n * 8 <= d.Length) { for (int i = 0; i < n; i++) fr[i] = (long)f.U64(d.AsSpan(p + i * 8)); p += n * 8; }
                fractions.Add(fr);
            }
            for (int c = 0; c < raw.Count; c++)
            {
                long[,] s = raw[c];
                int n = s.GetLength(0);
                var samples = new List<TraceTimeShiftSample>(n);
                for (int i = 0; i < n; i++)
                    samples.Add(new TraceTimeShiftSample(s[i, 0], s[i, 1], s[i, 2], (int)Math.Max(0, Math.Min(63, fractions[c][i]))));
                // trace-cmd sorts the samples by time and keeps the first of samples with equal times
                var kept = new List<TraceTimeShiftSample>(n);
                foreach (TraceTimeShiftSample x in System.Linq.Enumerable.OrderBy(samples, x => x.Time)) if (kept.Count == 0 || kept[kept.Count - 1].Time != x.Time) kept.Add(x);
                list.Add(kept);
            }
            return new TraceTimeShift(peer, flags, list);
        }
    }
}
