using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Ftrace
{
    /// <summary>Filters for reading trace events; applied before an event object is made.</summary>
    public sealed class TraceReadOptions : ReadOptions
    {
        /// <summary>Event names to keep: <c>sched_switch</c>, <c>sched:*</c>, <c>kvm_*</c> (wildcards * and ?); null or empty keeps all.</summary>
        public string[]? Event { get; set; }
        /// <summary>CPUs to keep; null or empty keeps all.</summary>
        public int[]? Cpu { get; set; }
        /// <summary>Task ids to keep; null or empty keeps all.</summary>
        public int[]? Pid { get; set; }
        /// <summary>Command names to keep (wildcards allowed); null or empty keeps all.</summary>
        public string[]? Comm { get; set; }
        /// <summary>Machines (host or guest names, wildcards allowed) to keep; null or empty keeps all.</summary>
        public string[]? Machine { get; set; }
        /// <summary>Only events at or after this timestamp (ns, file clock).</summary>
        public long? AfterNs { get; set; }
        /// <summary>Only events before this timestamp (ns, file clock).</summary>
        public long? BeforeNs { get; set; }
        /// <summary>
        /// Nanoseconds added to the host-clock time of each file's events, by the order the files are given (like
        /// <c>trace-cmd report -i a.dat --ts-offset N -i b.dat --ts-offset M</c>): for traces recorded without time-sync
        /// data. One value applies to every file; missing values are 0. Added after a guest's TIME_SHIFT mapping.
        /// </summary>
        public long[]? TsOffset { get; set; }
        /// <summary>Count every event when describing a file (reads all data).</summary>
        public bool CountEvents { get; set; }

        /// <summary>The offset of the <paramref name="index"/>th file given, as <see cref="TsOffset"/> says.</summary>
        internal long TsOffsetOf(int index)
        {
            if (TsOffset == null || TsOffset.Length == 0) return 0;
            if (TsOffset.Length == 1) return TsOffset[0];
            return index < TsOffset.Length ? TsOffset[index] : 0;
        }

        /// <summary>
        /// True when the event passes <see cref="Event"/>: a pattern with a colon is matched against <c>system:name</c>,
        /// one without against the name alone or the whole <c>system:name</c>.
        /// </summary>
        internal bool KeepEvent(string system, string name)
        {
            if (!Filter.IsSet(Event)) return true;
            string full = system.Length > 0 ? system + ":" + name : name;
            foreach (string p in Event!)
            {
                if (Wildcard.IsMatch(p, full)) return true;
                if (p.IndexOf(':') < 0 && Wildcard.IsMatch(p, name)) return true;
            }
            return false;
        }

        internal bool KeepComm(string comm) => Filter.AllowsMatch(Comm, comm);

        internal bool KeepMachine(string? machine) => Filter.AllowsMatch(Machine, machine);
    }

    /// <summary>Reads trace.dat files (v6, v7; none, zlib, zstd) and text traces into events and file descriptions.</summary>
    public static class TraceReader
    {
        /// <summary>True when the document's first bytes are a trace.dat header.</summary>
        public static bool IsTraceDat(LogDocument doc, ReadContext context)
        {
            try
            {
                using Stream s = DocumentReader.Open(doc, context);
                var head = new byte[10];
                int n = StreamUtil.ReadFully(s, head, 0, 10);
                // A file cut inside the magic is still a trace.dat: reading it reports how short it is.
                return TraceDatHeader.LooksLikeTraceDat(head.AsSpan(0, n))
                    || (n > 0 && n < 10 && head.AsSpan(0, n).SequenceEqual(TraceDatHeader.Magic.AsSpan(0, n)));
            }
            catch (CorruptDataException) { return false; }
            catch (IOException) { return false; }
        }

        /// <summary>Opens a description of trace.dat documents, one <see cref="TraceFile"/> per file as it is read.</summary>
        public static ReadSession<TraceFile> OpenFiles(TraceReadOptions options, ReadContext context, Action<TraceFile>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new FileSession(options, context, sink);
        }

        /// <summary>
        /// Opens a read of trace events. Every document of the session is merged with every other by timestamp, across
        /// CPUs, buffers and files (guest files with a TIME_SHIFT to a host given alongside are placed on the host clock),
        /// so the events come out when the input ends. Lazy: pages are decoded as events are asked for.
        /// </summary>
        public static ReadSession<TraceEvent> OpenEvents(TraceReadOptions options, ReadContext context, Action<TraceEvent>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new EventSession(options, context, sink);
        }

        private sealed class FileSession : ReadSession<TraceFile>
        {
            private readonly TraceReadOptions _options;

            public FileSession(TraceReadOptions options, ReadContext context, Action<TraceFile>? sink) : base(context, sink) { _options = options; }

            protected override IEnumerable<TraceFile> Read(IReadOnlyList<LogDocument> documents) => ReadFiles(documents, _options, Context);

            protected override IEnumerable<TraceFile> End() => Array.Empty<TraceFile>();
        }

        private sealed class EventSession : ReadSession<TraceEvent>
        {
            private readonly TraceReadOptions _options;
            private readonly List<LogDocument> _documents = new List<LogDocument>();

            public EventSession(TraceReadOptions options, ReadContext context, Action<TraceEvent>? sink) : base(context, sink) { _options = options; }

            protected override IEnumerable<TraceEvent> Read(IReadOnlyList<LogDocument> documents)
            {
                _documents.AddRange(documents);
                return Array.Empty<TraceEvent>();
            }

            protected override IEnumerable<TraceEvent> End() => ReadEvents(_documents, _options, Context);
        }

        private static IEnumerable<TraceFile> ReadFiles(IReadOnlyList<LogDocument> documents, TraceReadOptions options, ReadContext context)
        {
            foreach (LogDocument doc in documents)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                DatDocument? dat = OpenDocument(doc, context);
                if (dat == null) continue;
                long? count = null;
                long lost = 0;
                TraceFileContext? f;
                using (dat)
                {
                    f = ReadHeader(doc, dat, context);
                    if (f == null) continue;
                    if (options.CountEvents)
                    {
                        long n = 0;
                        foreach (CpuStream s in OpenStreams(f, dat, context))
                        {
                            while (s.MoveNext()) n++;
                            lost += s.LostEvents;
                            context.CancellationToken.ThrowIfCancellationRequested();
                        }
                        count = n;
                    }
                }
                yield return f.ToTraceFile(count, lost);
            }
        }

        /// <summary>Opens a document named as a trace.dat once for the whole read; null (reported) when it cannot be opened.</summary>
        private static DatDocument? OpenDocument(LogDocument doc, ReadContext context)
        {
            try { return DatDocument.Open(doc, context); }
            catch (CorruptDataException e) { context.Report(doc.Path, e.Kind, e.Message, 0, e.Offset); }
            catch (FileNotFoundException e) { context.Report(doc.Path, IssueKind.FileNotFound, e.Message); }
            catch (UnauthorizedAccessException e) { context.Report(doc.Path, IssueKind.AccessDenied, e.Message); }
            catch (IOException e) { context.Report(doc.Path, IssueKind.IoError, e.Message); }
            return null;
        }

        /// <summary>Reads only the header, formats and options of a trace.dat document; null (reported) when it cannot be read.</summary>
        internal static TraceFileContext? OpenFile(LogDocument doc, ReadContext context)
        {
            DatDocument dat;
            try { dat = DatDocument.OpenHeaderOnly(doc, context); }
            catch (CorruptDataException e) { context.Report(doc.Path, e.Kind, e.Message, 0, e.Offset); return null; }
            catch (FileNotFoundException e) { context.Report(doc.Path, IssueKind.FileNotFound, e.Message); return null; }
            catch (UnauthorizedAccessException e) { context.Report(doc.Path, IssueKind.AccessDenied, e.Message); return null; }
            catch (IOException e) { context.Report(doc.Path, IssueKind.IoError, e.Message); return null; }
            using (dat) return ReadHeader(doc, dat, context);
        }

        /// <summary>Reads the header, formats and options of an opened trace.dat; null (reported) when they cannot be read.</summary>
        internal static TraceFileContext? ReadHeader(LogDocument doc, DatDocument dat, ReadContext context)
        {
            try
            {
                TraceFileContext f = TraceDatHeader.Read(new DatCursor(dat), doc.Path, context);
                f.Machine = doc.HostName;
                return f;
            }
            catch (CorruptDataException e) { context.Report(doc.Path, e.Kind, e.Message, 0, e.Offset); }
            catch (IOException e) { context.Report(doc.Path, IssueKind.IoError, e.Message); }
            return null;
        }

        private static List<CpuStream> OpenStreams(TraceFileContext f, DatDocument dat, ReadContext context)
        {
            var list = new List<CpuStream>();
            int order = 0;
            foreach (BufferInfo b in f.Buffers)
                foreach (TraceCpuData c in b.Cpus)
                    list.Add(new CpuStream(f, b, c, new DatCursor(dat), context, order++));
            return list;
        }

        /// <summary>
        /// Reads the events of every document, merged by timestamp across CPUs, buffers and files (guest files with
        /// a TIME_SHIFT to a host given alongside are placed on the host clock). Lazy: pages are decoded as the
        /// enumeration asks for events, so stopping early reads nothing more.
        /// </summary>
        internal static IEnumerable<TraceEvent> ReadEvents(IReadOnlyList<LogDocument> documents, TraceReadOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var binary = new List<KeyValuePair<DatDocument, TraceFileContext>>();
            var offsets = new Dictionary<TraceFileContext, long>();
            int docIndex = -1;
            var text = new List<LogDocument>();
            var opened = new List<DatDocument>();
            var streams = new List<Source>();
            var names = new Dictionary<TraceFileContext, LogDocument>();
            try
            {
                foreach (LogDocument doc in documents)
                {
                    docIndex++;
                    // one open per document: its first bytes say trace.dat or text, and a trace.dat stays open for every cursor
                    DatDocument? dat = DatDocument.TryOpen(doc, context);
                    if (dat == null) { text.Add(doc); continue; }
                    opened.Add(dat);
                    TraceFileContext? f = ReadHeader(doc, dat, context);
                    if (f == null) continue;
                    offsets[f] = options.TsOffsetOf(docIndex);
                    names[f] = doc;
                    binary.Add(new KeyValuePair<DatDocument, TraceFileContext>(dat, f));
                }
                NameMachines(binary.ConvertAll(kv => new KeyValuePair<LogDocument, TraceFileContext>(names[kv.Value], kv.Value)));
                var timeMaps = TimeSync.Build(binary.ConvertAll(kv => kv.Value));
                int order = 0;
                foreach (var kv in binary)
                {
                    if (!options.KeepMachine(kv.Value.Machine)) continue;
                    timeMaps.TryGetValue(kv.Value, out TimeSync? map);
                    foreach (CpuStream s in OpenStreams(kv.Value, kv.Key, context))
                        streams.Add(new Source(kv.Value, s, map, order++) { Offset = offsets[kv.Value] });
                }
                foreach (TraceEvent e in Merge(streams, options, context)) yield return e;
                if (text.Count > 0)
                    foreach (TraceEvent e in FtraceTextReader.Read(text, options, context)) yield return e;
            }
            finally
            {
                foreach (DatDocument d in opened) d.Dispose();
            }
        }

        internal static void NameMachines(List<KeyValuePair<LogDocument, TraceFileContext>> files)
        {
            // A guest is named by the host's GUEST option whose trace id equals the guest file's TRACEID.
            foreach (var kv in files)
            {
                TraceFileContext f = kv.Value;
                foreach (var other in files)
                    foreach (TraceGuest g in other.Value.Guests)
                        if (f.TraceId.HasValue && g.TraceId == f.TraceId.Value && g.Name.Length > 0) f.Machine = g.Name;
                if (f.Machine == null)
                {
                    bool isHostOfGuest = false;
                    foreach (var other in files) if (other.Value.TimeShift != null && f.TraceId.HasValue && other.Value.TimeShift.PeerTraceId == f.TraceId.Value) isHostOfGuest = true;
                    f.Machine = isHostOfGuest || f.Guests.Count > 0 ? "host" : Path.GetFileNameWithoutExtension(kv.Key.Name);
                }
            }
            foreach (var kv in files)
                foreach (var other in files)
                    foreach (TraceGuest g in kv.Value.Guests)
                        if (other.Value.TraceId.HasValue && other.Value.TraceId.Value == g.TraceId && other.Value.Machine != null)
                            kv.Value.GuestMachines[g.TraceId] = other.Value.Machine;
        }

        internal sealed class Source
        {
            public Source(TraceFileContext f, CpuStream s, TimeSync? map, int order) { File = f; Stream = s; Map = map; Order = order; }
            public readonly TraceFileContext File;
            public readonly CpuStream Stream;
            public readonly TimeSync? Map;
            public readonly int Order;
            public long Offset; // ns added to the host-clock time (per-file time offset)
            public long Key;    // host-clock timestamp of the current record
            public long Ts;     // file-clock timestamp of the current record
        }

        private static IEnumerable<TraceEvent> Merge(List<Source> sources, TraceReadOptions options, ReadContext context)
        {
            var keep = new Dictionary<EventFormat, bool>();
            var heap = new List<Source>(sources.Count);
            foreach (Source s in sources) if (Advance(s, options)) HeapPush(heap, s);
            long counter = 0;
            while (heap.Count > 0)
            {
                Source s = heap[0];
                CpuStream cs = s.Stream;
                TraceFileContext f = s.File;
                TraceEvent? made = Make(f, cs, s, options, keep);
                if (Advance(s, options)) HeapReplaceTop(heap, s); else HeapPop(heap);
                if (made != null && heap.Count > 0 && made.System == "ftrace" && made.Name == "funcgraph_entry" && TakeGraphReturn(made, heap[0]))
                {
                    // trace-cmd's function_graph output: a call whose return is the very next record is one leaf line
                    // ("func();" with its duration) and the return is not printed on its own
                    Source r = heap[0];
                    if (Advance(r, options)) HeapReplaceTop(heap, r); else HeapPop(heap);
                }
                if ((++counter & 4095) == 0) context.CancellationToken.ThrowIfCancellationRequested();
                if (made != null) yield return made;
            }
        }

        /// <summary>
        /// One record of lookahead, as trace-cmd 3.1 does it: the next record of the merged stream (any CPU) is the
        /// funcgraph_exit of the same file, task and function. Then it is kept on the entry for its Info.
        /// </summary>
        private static bool TakeGraphReturn(TraceEvent entry, Source next)
        {
            TraceFileContext f = next.File;
            if (!ReferenceEquals(f, entry.File) || entry.Format == null || entry.Data == null) return false;
            CpuStream cs = next.Stream;
            byte[] d = cs.Data;
            int off = cs.RecordOffset, len = cs.RecordLength;
            if (len < 8) return false;
            if (!f.Formats.TryGetValue(f.U16(d.AsSpan(off)), out EventFormat? fmt) || fmt.Name != "funcgraph_exit" || fmt.System != "ftrace") return false;
            if (fmt.CommonPid == null || fmt.CommonPid.Offset + 4 > len || (int)f.U32(d.AsSpan(off + fmt.CommonPid.Offset)) != entry.Pid) return false;
            FormatField? rf = fmt.Field("func"), ef = entry.Format.Field("func");
            if (rf == null || ef == null || rf.Offset + rf.Size > len) return false;
            var data = new byte[len];
            Buffer.BlockCopy(d, off, data, 0, len);
            if (EventDecoder.Scalar(f, rf, data, out _) != EventDecoder.Scalar(f, ef, entry.Data, out _)) return false;
            entry.GraphReturn = data;
            entry.GraphReturnFormat = fmt;
            return true;
        }

        private static bool Advance(Source s, TraceReadOptions options)
        {
            if (!s.Stream.MoveNext()) return false;
            long raw = s.Stream.Timestamp;
            s.Ts = ToNs(s.File, raw);
            s.Key = (s.Map != null ? ToNs(s.File, s.Map.ToHost(s.Stream.Cpu, raw)) : s.Ts) + s.Offset;
            if (options.BeforeNs.HasValue && s.Ts >= options.BeforeNs.Value) return false;
            return true;
        }

        private static long ToNs(TraceFileContext f, long raw) => f.Tsc2Nsec != null ? f.Tsc2Nsec.ToNanoseconds(raw) : raw;

        private static TraceEvent? Make(TraceFileContext f, CpuStream cs, Source s, TraceReadOptions options, Dictionary<EventFormat, bool> keep)
        {
            byte[] d = cs.Data;
            int off = cs.RecordOffset, len = cs.RecordLength;
            if (len < 8) return null;
            long ts = s.Ts;
            if (options.AfterNs.HasValue && ts < options.AfterNs.Value) return null;
            if (!Filter.Allows(options.Cpu, cs.Cpu)) return null;
            int type = f.U16(d.AsSpan(off));
            if (!f.Formats.TryGetValue(type, out EventFormat? fmt)) return null;
            int pid0 = fmt.CommonPid != null && fmt.CommonPid.Offset + 4 <= len ? (int)f.U32(d.AsSpan(off + fmt.CommonPid.Offset)) : -1;
            string comm0 = f.CommOf(pid0);
            if (fmt.System == "sched") LearnComms(f, fmt, d, off, len);
            if (!keep.TryGetValue(fmt, out bool k)) { k = options.KeepEvent(fmt.System, fmt.Name); keep[fmt] = k; }
            if (!k) return null;
            int pid = pid0;
            if (!Filter.Allows(options.Pid, pid)) return null;
            string comm = comm0;
            if (!options.KeepComm(comm)) return null;
            var data = new byte[len];
            Buffer.BlockCopy(d, off, data, 0, len);
            int flags = fmt.CommonFlags != null ? data[fmt.CommonFlags.Offset] : 0;
            int pc = fmt.CommonPreempt != null ? data[fmt.CommonPreempt.Offset] : 0;
            var ev = new TraceEvent(f, fmt, data, ts, s.Key, cs.Buffer.Name, cs.Cpu, pid, comm, LatencyFlags(flags, pc), pc);
            if (s.Map != null) { ev.VCpu = cs.Cpu; ev.HostPid = s.Map.HostPid(cs.Cpu); }
            return ev;
        }

        // trace-cmd's sched plugin saves the comms it prints, so tasks missing from saved_cmdlines get names as the trace goes.
        // Hot path (most events of a sched trace): the (comm, pid) field pairs are found once per format, the pid is read in
        // place, and only a pid without a name yet costs a copy and a string.
        private static void LearnComms(TraceFileContext f, EventFormat fmt, byte[] d, int off, int len)
        {
            FormatField[]? pairs = fmt.LearnPairs;
            if (pairs == null) { pairs = LearnPairsOf(fmt); fmt.LearnPairs = pairs; }
            for (int i = 0; i + 1 < pairs.Length; i += 2)
            {
                FormatField c = pairs[i], p = pairs[i + 1];
                if (p.Size <= 0 || p.Offset + p.Size > len) continue;
                int pid = (int)f.Number(d.AsSpan(off + p.Offset, p.Size), p.Size);
                if (pid == 0 || f.Comms.ContainsKey(pid)) continue;
                var span = new byte[len];
                Buffer.BlockCopy(d, off, span, 0, len);
                EventDecoder.Locate(f, c, span, out int co, out int cl);
                f.Comms[pid] = EventDecoder.CString(span, co, cl);
            }
        }

        private static FormatField[] LearnPairsOf(EventFormat fmt)
        {
            string[] names;
            switch (fmt.Name)
            {
                case "sched_switch": names = new[] { "prev_comm", "prev_pid", "next_comm", "next_pid" }; break;
                case "sched_wakeup": case "sched_wakeup_new": names = new[] { "comm", "pid" }; break;
                default: return Array.Empty<FormatField>();
            }
            var list = new List<FormatField>();
            for (int i = 0; i < names.Length; i += 2)
            {
                FormatField? c = fmt.Field(names[i]), p = fmt.Field(names[i + 1]);
                if (c != null && p != null) { list.Add(c); list.Add(p); }
            }
            return list.ToArray();
        }

        private static readonly string[] s_latCache = new string[1 << 16];

        internal static string LatencyFlags(int flags, int pc)
        {
            int key = (flags & 0xFF) << 8 | (pc & 0xFF);
            string? s = s_latCache[key];
            if (s != null) return s;
            bool nmi = (flags & 0x40) != 0, hard = (flags & 0x08) != 0, soft = (flags & 0x10) != 0;
            var c = new char[5];
            c[0] = (flags & 0x02) != 0 ? 'X' : (flags & 0x01) != 0 ? 'd' : '.';
            c[1] = (flags & 0x04) != 0 ? 'N' : '.';
            c[2] = nmi && hard ? 'Z' : nmi ? 'z' : hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.';
            int p = pc & 0xF, m = (pc >> 4) & 0xF;
            c[3] = p == 0 ? '.' : (char)(p < 10 ? '0' + p : 'a' + p - 10);
            c[4] = m == 0 ? '.' : (char)(m < 10 ? '0' + m : 'a' + m - 10);
            s = new string(c);
            s_latCache[key] = s;
            return s;
        }

        // ---- a binary min-heap on (Key, Order): equal times come out in CPU order, as trace-cmd does ----
        private static bool Less(Source a, Source b) => a.Key < b.Key || (a.Key == b.Key && a.Order < b.Order);

        private static void HeapPush(List<Source> h, Source s)
        {
            h.Add(s);
            int i = h.Count - 1;
            while (i > 0)
            {
                int p = (i - 1) >> 1;
                if (!Less(h[i], h[p])) break;
                (h[i], h[p]) = (h[p], h[i]);
                i = p;
            }
        }

        private static void HeapPop(List<Source> h)
        {
            int last = h.Count - 1;
            h[0] = h[last];
            h.RemoveAt(last);
            if (h.Count > 0) SiftDown(h, 0);
        }

        private static void HeapReplaceTop(List<Source> h, Source s) { h[0] = s; SiftDown(h, 0); }

        private static void SiftDown(List<Source> h, int i)
        {
            int n = h.Count;
            while (true)
            {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < n && Less(h[l], h[m])) m = l;
                if (r < n && Less(h[r], h[m])) m = r;
                if (m == i) return;
                (h[i], h[m]) = (h[m], h[i]);
                i = m;
            }
        }
    }
}
