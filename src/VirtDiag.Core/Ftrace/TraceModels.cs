using System;
using System.Collections;
using System.Collections.Generic;
using VirtDiag.Ftrace;

namespace VirtDiag
{
    /// <summary>Byte order of a trace file.</summary>
    public enum TraceEndianness
    {
        /// <summary>Least significant byte first (x86, most ARM).</summary>
        Little,
        /// <summary>Most significant byte first.</summary>
        Big,
    }

    /// <summary>What a trace file or text trace is: a trace-cmd trace.dat, or text from trace-cmd report / tracefs.</summary>
    public enum TraceFormat
    {
        /// <summary>trace-cmd binary trace.dat.</summary>
        TraceDat,
        /// <summary>Text printed by <c>trace-cmd report</c>.</summary>
        TraceCmdReport,
        /// <summary>The tracefs <c>trace</c> file (or <c>trace_pipe</c> output).</summary>
        Tracefs,
    }

    /// <summary>One trace.dat file: how it is laid out and what its options say.</summary>
    public sealed class TraceFile
    {
        internal TraceFile(string path, int fileVersion, string compression, TraceEndianness endianness, int longSize, int pageSize,
            int cpuCount, string? clock, string? kernelRelease, string? traceCmdVersion, IReadOnlyList<TraceBuffer> buffers,
            ulong? traceId, IReadOnlyList<TraceGuest> guests, TraceTimeShift? timeShift, TraceTsc2Nsec? tsc2Nsec, string? date,
            int eventFormats, long? eventCount, long lostEvents)
        {
            Path = path; FileVersion = fileVersion; Compression = compression; Endianness = endianness; LongSize = longSize;
            PageSize = pageSize; CpuCount = cpuCount; Clock = clock; KernelRelease = kernelRelease; TraceCmdVersion = traceCmdVersion;
            Buffers = buffers; TraceId = traceId; Guests = guests; TimeShift = timeShift; Tsc2Nsec = tsc2Nsec; Date = date;
            EventFormats = eventFormats; EventCount = eventCount; LostEvents = lostEvents;
        }

        /// <summary>Display path of the file.</summary>
        public string Path { get; }
        /// <summary>trace.dat file version (6 or 7).</summary>
        public int FileVersion { get; }
        /// <summary>Compression of the file's sections and data: <c>none</c>, <c>zlib 1.2.11</c>, <c>zstd 1.5.4</c>.</summary>
        public string Compression { get; }
        /// <summary>Byte order of the traced machine.</summary>
        public TraceEndianness Endianness { get; }
        /// <summary>Size of a user-space long on the traced machine (4 or 8).</summary>
        public int LongSize { get; }
        /// <summary>Ring-buffer page size in bytes.</summary>
        public int PageSize { get; }
        /// <summary>Number of CPUs (the CPUCOUNT option, else the CPUs with data).</summary>
        public int CpuCount { get; }
        /// <summary>Trace clock of the top buffer (<c>local</c>, <c>x86-tsc</c>, ...).</summary>
        public string? Clock { get; }
        /// <summary>The UNAME option: <c>Linux host 6.5.0-21-generic x86_64</c>.</summary>
        public string? KernelRelease { get; }
        /// <summary>The VERSION option: the trace-cmd that wrote the file.</summary>
        public string? TraceCmdVersion { get; }
        /// <summary>Ring buffers (top instance first) with their per-CPU data sizes.</summary>
        public IReadOnlyList<TraceBuffer> Buffers { get; }
        /// <summary>The TRACEID option: this session's trace id.</summary>
        public ulong? TraceId { get; }
        /// <summary>GUEST options: guests traced with this host.</summary>
        public IReadOnlyList<TraceGuest> Guests { get; }
        /// <summary>The TIME_SHIFT option: how this (guest) file's clock maps to its peer's.</summary>
        public TraceTimeShift? TimeShift { get; }
        /// <summary>The TSC2NSEC option: conversion of TSC cycles to nanoseconds.</summary>
        public TraceTsc2Nsec? Tsc2Nsec { get; }
        /// <summary>The DATE option (offset of timestamps to the time of day), as written.</summary>
        public string? Date { get; }
        /// <summary>Number of event formats in the file.</summary>
        public int EventFormats { get; }
        /// <summary>Number of event records, when counted (<c>-CountEvents</c>). A function_graph leaf call is two records
        /// (entry and return) that Get-TraceEvent and trace-cmd report show as one line.</summary>
        public long? EventCount { get; }
        /// <summary>Events the kernel reported lost (pages marked with missed events), when counted.</summary>
        public long LostEvents { get; }
    }

    /// <summary>One ring buffer (trace instance) of a trace file.</summary>
    public sealed class TraceBuffer
    {
        internal TraceBuffer(string name, string? clock, int pageSize, IReadOnlyList<TraceCpuData> cpus)
        { Name = name; Clock = clock; PageSize = pageSize; Cpus = cpus; }
        /// <summary>Instance name; empty for the top instance.</summary>
        public string Name { get; }
        /// <summary>Trace clock of this buffer.</summary>
        public string? Clock { get; }
        /// <summary>Page size of this buffer.</summary>
        public int PageSize { get; }
        /// <summary>Per-CPU data location and size.</summary>
        public IReadOnlyList<TraceCpuData> Cpus { get; }
        /// <summary>Bytes of per-CPU data in the file (compressed size for compressed files).</summary>
        public long DataSize { get { long n = 0; foreach (TraceCpuData c in Cpus) n += c.Size; return n; } }
        /// <inheritdoc/>
        public override string ToString() => (Name.Length == 0 ? "(top)" : Name) + " " + Cpus.Count + " CPUs " + DataSize + " bytes";
    }

    /// <summary>Where one CPU's ring-buffer data lies in the file.</summary>
    public sealed class TraceCpuData
    {
        internal TraceCpuData(int cpu, long offset, long size) { Cpu = cpu; Offset = offset; Size = size; }
        /// <summary>CPU number.</summary>
        public int Cpu { get; }
        /// <summary>File offset of the data.</summary>
        public long Offset { get; }
        /// <summary>Size of the data in the file.</summary>
        public long Size { get; }
        /// <inheritdoc/>
        public override string ToString() => Cpu + ":" + Size;
    }

    /// <summary>A guest traced together with this host (GUEST option).</summary>
    public sealed class TraceGuest
    {
        internal TraceGuest(string name, ulong traceId, IReadOnlyList<TraceVCpu> vcpus) { Name = name; TraceId = traceId; VCpus = vcpus; }
        /// <summary>Guest name.</summary>
        public string Name { get; }
        /// <summary>The guest's trace id (equals the TRACEID of the guest's file).</summary>
        public ulong TraceId { get; }
        /// <summary>vCPU → host task pid.</summary>
        public IReadOnlyList<TraceVCpu> VCpus { get; }
        /// <inheritdoc/>
        public override string ToString() => Name + " (" + VCpus.Count + " vCPUs)";
    }

    /// <summary>A guest vCPU and the host task that runs it.</summary>
    public sealed class TraceVCpu
    {
        internal TraceVCpu(int vcpu, int hostPid) { VCpu = vcpu; HostPid = hostPid; }
        /// <summary>vCPU number.</summary>
        public int VCpu { get; }
        /// <summary>Pid of the host thread running the vCPU.</summary>
        public int HostPid { get; }
        /// <inheritdoc/>
        public override string ToString() => VCpu + "→" + HostPid;
    }

    /// <summary>The TIME_SHIFT option: per-CPU clock-offset samples to the peer (host).</summary>
    public sealed class TraceTimeShift
    {
        internal TraceTimeShift(ulong peerTraceId, uint flags, IReadOnlyList<IReadOnlyList<TraceTimeShiftSample>> cpus)
        { PeerTraceId = peerTraceId; Flags = flags; Cpus = cpus; }
        /// <summary>Trace id of the peer (the host).</summary>
        public ulong PeerTraceId { get; }
        /// <summary>Protocol flags.</summary>
        public uint Flags { get; }
        /// <summary>Samples per CPU (index = CPU).</summary>
        public IReadOnlyList<IReadOnlyList<TraceTimeShiftSample>> Cpus { get; }
        /// <inheritdoc/>
        public override string ToString() => "peer 0x" + PeerTraceId.ToString("X") + ", " + Cpus.Count + " CPUs";
    }

    /// <summary>One time-sync sample: at <see cref="Time"/>, the offset and scaling to the peer clock.</summary>
    public sealed class TraceTimeShiftSample
    {
        internal TraceTimeShiftSample(long time, long offset, long scaling, int fraction = 0) { Time = time; Offset = offset; Scaling = scaling; Fraction = fraction; }
        /// <summary>When the sample was taken (this file's clock).</summary>
        public long Time { get; }
        /// <summary>Offset to add.</summary>
        public long Offset { get; }
        /// <summary>Scaling ratio (multiplier of the guest time).</summary>
        public long Scaling { get; }
        /// <summary>Fraction bits: the scaled time is shifted right by this many bits (0 when the file has none).</summary>
        public int Fraction { get; }
        /// <inheritdoc/>
        public override string ToString() => Time + ":" + Offset + "x" + Scaling + (Fraction != 0 ? ">>" + Fraction : "");
    }

    /// <summary>The TSC2NSEC option.</summary>
    public sealed class TraceTsc2Nsec
    {
        internal TraceTsc2Nsec(uint multiplier, int shift, long offset) { Multiplier = multiplier; Shift = shift; Offset = offset; }
        /// <summary>Multiplier.</summary>
        public uint Multiplier { get; }
        /// <summary>Shift.</summary>
        public int Shift { get; }
        /// <summary>Offset added after conversion.</summary>
        public long Offset { get; }
        /// <summary>Converts cycles to nanoseconds the way trace-cmd does (128-bit multiply, shift, add offset).</summary>
        public long ToNanoseconds(long cycles)
        {
            ulong c = (ulong)cycles;
            ulong hi = (c >> 32) * Multiplier;
            ulong lo = (c & 0xFFFFFFFF) * Multiplier;
            ulong r = (hi << (32 - Shift)) + (lo >> Shift);
            return (long)r + Offset;
        }
        /// <inheritdoc/>
        public override string ToString() => "mult " + Multiplier + " shift " + Shift + " offset " + Offset;
    }

    /// <summary>One kernel trace event.</summary>
    public sealed partial class TraceEvent : IDiagnosticRecord
    {
        private readonly EventFormat? _format;
        private readonly byte[]? _data;
        private readonly TraceFileContext? _file;
        private TraceFieldList? _fields;
        private string? _info;

        internal TraceEvent(TraceFileContext file, EventFormat format, byte[] data, long timestamp, long hostTimestamp, string buffer,
            int cpu, int pid, string comm, string latencyFlags, int preemptCount)
        {
            _file = file; _format = format; _data = data;
            Timestamp = timestamp; HostTimestamp = hostTimestamp; Machine = file.Machine; Buffer = buffer; Cpu = cpu; Pid = pid;
            Comm = comm; System = format.System; Name = format.Name; LatencyFlags = latencyFlags; PreemptCount = preemptCount;
            Path = file.Path;
        }

        internal TraceEvent(string path, string? machine, string buffer, long timestamp, int cpu, int pid, string comm, string system,
            string name, string latencyFlags, int preemptCount, TraceFieldList? fields, string info, long lineNumber)
        {
            Path = path; Machine = machine; Buffer = buffer; Timestamp = timestamp; HostTimestamp = timestamp; Cpu = cpu; Pid = pid;
            Comm = comm; System = system; Name = name; LatencyFlags = latencyFlags; PreemptCount = preemptCount;
            _fields = fields ?? TraceFieldList.Empty; _info = info; LineNumber = lineNumber;
        }

        /// <summary>Time in nanoseconds as recorded in the file's clock (raw cycles for <c>x86-tsc</c>).</summary>
        public long Timestamp { get; }
        /// <summary>Time on the host clock in ns: guest events after time sync, plus the file's time offset if one was given; equals <see cref="Timestamp"/> for host events without an offset.</summary>
        public long HostTimestamp { get; internal set; }
        /// <summary>Host or guest name the event comes from (the file's name for a lone file).</summary>
        public string? Machine { get; internal set; }
        /// <summary>Ring buffer (instance) name; empty for the top instance.</summary>
        public string Buffer { get; }
        /// <summary>CPU the event was recorded on.</summary>
        public int Cpu { get; }
        /// <summary>Task id (the kernel's pid of the thread).</summary>
        public int Pid { get; }
        /// <summary>Command name of the task (from the saved cmdlines; <c>&lt;...&gt;</c> when unknown).</summary>
        public string Comm { get; }
        /// <summary>Event system (<c>sched</c>, <c>kvm</c>, <c>irq</c>, ...).</summary>
        public string System { get; }
        /// <summary>Event name (<c>sched_switch</c>).</summary>
        public string Name { get; }
        /// <summary>Latency flags as <c>trace-cmd report -l</c> prints them (<c>d..1.</c>).</summary>
        public string LatencyFlags { get; }
        /// <summary>Preempt count of the common header.</summary>
        public int PreemptCount { get; }
        /// <summary>The event's own fields in format order, typed (long, ulong, string, byte[], long[]).</summary>
        public TraceFieldList Fields => _fields ??= EventDecoder.DecodeFields(_file!, _format!, _data!);
        /// <summary>The line text as <c>trace-cmd report</c> prints it after the event name.</summary>
        public string Info => _info ??= InfoRenderer.Render(_file!, _format!, _data!, this);
        /// <summary>Display path of the file.</summary>
        public string Path { get; }
        /// <summary>Line number for events read from text; 0 for trace.dat.</summary>
        public long LineNumber { get; }
        /// <summary>Guest vCPU (equal to <see cref="Cpu"/>) for guest events mapped to the host, otherwise null.</summary>
        public int? VCpu { get; internal set; }
        /// <summary>Host pid of the task running this guest event's vCPU, when known.</summary>
        public int? HostPid { get; internal set; }
        /// <summary>Full event name, <c>system:name</c>.</summary>
        public string FullName => System.Length == 0 ? Name : System + ":" + Name;
        /// <summary>Raw fields as <c>trace-cmd report -R</c> prints them (<c>name=value ...</c>).</summary>
        public string RawFields => _format != null ? EventDecoder.RenderRaw(_file!, _format, _data!) : Fields.ToString();

        /// <summary>For a funcgraph_entry whose return came right after it (a leaf call): the funcgraph_exit record, which
        /// the reader consumed as trace-cmd does, and its format.</summary>
        internal byte[]? GraphReturn;
        internal EventFormat? GraphReturnFormat;

        internal EventFormat? Format => _format;
        internal byte[]? Data => _data;
        internal TraceFileContext? File => _file;

        /// <summary>Host timestamp as <c>trace-cmd report</c> prints it (seconds with 6 decimals; raw cycles for TSC clocks without TSC2NSEC).</summary>
        public string TimestampText => _file != null && _file.RawClock ? HostTimestamp.ToString(global::System.Globalization.CultureInfo.InvariantCulture)
            : TraceTime.Format(HostTimestamp, 6);

        /// <summary>Appends <see cref="Info"/> to <paramref name="destination"/>; when Info was not asked for before, it is rendered there and not kept.</summary>
        public void AppendInfo(global::System.Text.StringBuilder destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (_info != null || _format == null) destination.Append(Info);
            else InfoRenderer.Render(_file!, _format, _data!, this, destination);
        }

        /// <summary>Appends <see cref="RawFields"/> to <paramref name="destination"/> without making a string.</summary>
        public void AppendRawFields(global::System.Text.StringBuilder destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (_format != null) EventDecoder.AppendRaw(_file!, _format, _data!, destination);
            else destination.Append(Fields.ToString());
        }

        /// <summary>Appends <see cref="TimestampText"/> to <paramref name="destination"/> without making a string.</summary>
        public void AppendTimestampText(global::System.Text.StringBuilder destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (_file != null && _file.RawClock) destination.AppendDecimal(HostTimestamp);
            else TraceTime.Append(destination, HostTimestamp, 6);
        }

        /// <inheritdoc/>
        public override string ToString() => TimestampText + " [" + Cpu.ToString("000") + "] " + Comm + "-" + Pid + " " + Name + ": " + Info;
    }

    /// <summary>The fields of an event, in format order, addressable by name.</summary>
    public sealed class TraceFieldList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        internal static readonly TraceFieldList Empty = new TraceFieldList(Array.Empty<string>(), Array.Empty<object?>());
        private readonly string[] _names;
        private readonly object?[] _values;

        internal TraceFieldList(string[] names, object?[] values) { _names = names; _values = values; }

        /// <summary>Number of fields.</summary>
        public int Count => _names.Length;
        /// <summary>The i-th field.</summary>
        public KeyValuePair<string, object?> this[int index] => new KeyValuePair<string, object?>(_names[index], _values[index]);
        /// <summary>The value of the field named <paramref name="name"/>, or null.</summary>
        public object? this[string name] { get { int i = IndexOf(name); return i < 0 ? null : _values[i]; } }
        /// <summary>Field names in order.</summary>
        public IReadOnlyList<string> Names => _names;
        /// <summary>True when a field of that name exists.</summary>
        public bool Contains(string name) => IndexOf(name) >= 0;
        /// <summary>Index of the field, or -1.</summary>
        public int IndexOf(string name) { for (int i = 0; i < _names.Length; i++) if (_names[i] == name) return i; return -1; }
        /// <summary>The value as a signed integer, or null.</summary>
        public long? GetInt64(string name)
        {
            object? v = this[name];
            switch (v) { case long l: return l; case ulong u: return unchecked((long)u); case int i: return i; default: return null; }
        }
        /// <inheritdoc/>
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() { for (int i = 0; i < _names.Length; i++) yield return this[i]; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        /// <inheritdoc/>
        public override string ToString()
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < _names.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(_names[i]).Append('=').Append(Convert.ToString(_values[i], System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
