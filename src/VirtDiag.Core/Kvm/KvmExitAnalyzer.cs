using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;

namespace VirtDiag.Kvm
{
    /// <summary>Options of Measure-KvmExit and Get-VCpuTimeline: what to read and how to group.</summary>
    public sealed class KvmReadOptions : ReadOptions
    {
        /// <summary>How exits are grouped in summaries.</summary>
        public KvmExitGrouping GroupBy { get; set; } = KvmExitGrouping.Reason;
        /// <summary>vCPUs to report; null or empty reports all (every vCPU is still followed, so times stay right).</summary>
        public int[]? VCpu { get; set; }
        /// <summary>VM names to report (wildcards); null or empty reports all.</summary>
        public string[]? VM { get; set; }
        /// <summary>Only events at or after this host timestamp (ns); applies to piped events too.</summary>
        public long? AfterNs { get; set; }
        /// <summary>Only events before this host timestamp (ns); applies to piped events too.</summary>
        public long? BeforeNs { get; set; }
        /// <summary>Per-file time offsets in ns, as <see cref="TraceReadOptions.TsOffset"/>.</summary>
        public long[]? TsOffset { get; set; }

        /// <summary>The trace reading options: only the events the analysis needs are decoded (kvm_*, sched_switch).</summary>
        public TraceReadOptions ToTraceOptions()
        {
            // The reader's window is on each file's own clock: pass it down (to skip decoding) only when no file is shifted;
            // the analyzer applies it again on the host clock.
            bool shifted = false;
            foreach (long x in TsOffset ?? Array.Empty<long>()) if (x != 0) shifted = true;
            return new TraceReadOptions
            {
                AfterNs = shifted ? null : AfterNs,
                BeforeNs = shifted ? null : BeforeNs,
                HostName = HostName,
                Event = new[] { "kvm_*", "sched_switch" },
                TsOffset = TsOffset,
            };
        }

        internal bool Keep(string vm, int vcpu) => Filter.Allows(VCpu, vcpu) && Filter.AllowsMatch(VM, vm);
    }

    /// <summary>
    /// Follows the host threads that run vCPUs through kvm_exit, kvm_entry and sched_switch events (host clock order, as
    /// Get-TraceEvent gives them) and yields per-vCPU intervals as they end and exit summaries at the end. State is one
    /// open interval per vCPU thread plus one aggregate per thread and exit reason: bounded by the trace's threads, not its length.
    /// </summary>
    public sealed class KvmExitAnalyzer
    {
        private readonly KvmReadOptions _options;
        private readonly ReadContext _context;
        private readonly bool _timeline;
        private readonly Dictionary<(string, int), VThread> _threads = new Dictionary<(string, int), VThread>();
        private readonly HashSet<TraceFileContext> _filesSeen = new HashSet<TraceFileContext>();
        private readonly Dictionary<(string, int), GuestVCpu> _guestPids = new Dictionary<(string, int), GuestVCpu>();
        private readonly Dictionary<int, string> _guestMachineByHostPid = new Dictionary<int, string>();
        private readonly List<string> _paths = new List<string>();
        private readonly SortedDictionary<string, long> _otherKvm = new SortedDictionary<string, long>(StringComparer.Ordinal);
        private long _exits, _entries, _events, _lastTs = long.MinValue;
        // text kvm_exit reasons that are not exit reason names (cut by wrapping, mangled, or from an unknown CPU)
        private readonly SortedDictionary<string, long> _unknownReasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        private long _unknownReasonCount;
        private string? _firstUnknownPath;
        private long _firstUnknownLine;
        private bool _completed;

        /// <summary>An analyzer; <paramref name="timeline"/> makes <see cref="Add"/> emit intervals.</summary>
        public KvmExitAnalyzer(KvmReadOptions options, ReadContext context, bool timeline)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _timeline = timeline;
        }

        /// <summary>Number of kvm_exit events seen.</summary>
        public long Exits => _exits;

        private sealed class GuestVCpu { public string Name = ""; public ulong TraceId; public int VCpu; }

        private sealed class Agg { public KvmIsa Isa; public long Count, TotalNs, MaxNs, Incomplete; }

        private sealed class VThread
        {
            public string Machine = "", Path = "", Comm = "";
            public int Pid, VCpu = -1;
            public bool HasState;
            public VCpuState State;
            public long Start;
            public int Cpu;
            public string? Reason;
            public bool InExit;
            public long ExitStart;
            public string ExitReason = "";
            public KvmIsa ExitIsa;
            public long GuestNs, HostNs;
            public readonly Dictionary<string, Agg> Aggs = new Dictionary<string, Agg>(StringComparer.Ordinal);
        }

        /// <summary>Takes the next event (host-clock order); finished intervals are added to <paramref name="emit"/> when following a timeline.</summary>
        public void Add(TraceEvent e, List<VCpuInterval>? emit)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            long t = e.HostTimestamp;
            if ((_options.AfterNs.HasValue && t < _options.AfterNs.Value) || (_options.BeforeNs.HasValue && t >= _options.BeforeNs.Value)) return;
            _events++;
            NotePath(e.Path);
            if (t > _lastTs) _lastTs = t;
            TraceFileContext? file = e.File;
            if (file != null && _filesSeen.Add(file)) LearnGuests(file, e.Machine ?? "");
            if (e.HostPid.HasValue && e.Machine != null && !_guestMachineByHostPid.ContainsKey(e.HostPid.Value))
                _guestMachineByHostPid[e.HostPid.Value] = e.Machine;
            if (e.VCpu.HasValue) return; // guest events: only used to name the guest
            string name = e.Name;
            if (name == "kvm_exit") Exit(e, t, emit);
            else if (name == "kvm_entry") Entry(e, t, emit);
            else if (name == "sched_switch") Switch(e, t, emit);
            else if (name.StartsWith("kvm_", StringComparison.Ordinal) || e.System == "kvm")
                _otherKvm[name] = _otherKvm.TryGetValue(name, out long n) ? n + 1 : 1;
        }

        private void NotePath(string path) { if (_paths.Count < 64 && !_paths.Contains(path)) _paths.Add(path); }

        private void LearnGuests(TraceFileContext f, string machine)
        {
            foreach (TraceGuest g in f.Guests)
            {
                // a nameless GUEST entry takes the name of the guest's file when that file was read with the host
                string name = g.Name.Length > 0 ? g.Name : f.GuestMachines.TryGetValue(g.TraceId, out string? m) ? m : "";
                foreach (TraceVCpu v in g.VCpus)
                    _guestPids[(machine, v.HostPid)] = new GuestVCpu { Name = name, TraceId = g.TraceId, VCpu = v.VCpu };
            }
        }

        private VThread Thread(TraceEvent e)
        {
            var key = (e.Machine ?? "", e.Pid);
            if (!_threads.TryGetValue(key, out VThread? th))
            {
                th = new VThread { Machine = key.Item1, Pid = e.Pid, Path = e.Path, Comm = e.Comm };
                if (_guestPids.TryGetValue(key, out GuestVCpu? g)) th.VCpu = g.VCpu;
                _threads[key] = th;
            }
            return th;
        }

        private void Exit(TraceEvent e, long t, List<VCpuInterval>? emit)
        {
            _exits++;
            VThread th = Thread(e);
            if (TryInt(e, "vcpu_id", out long vid)) th.VCpu = (int)vid;
            string reason;
            KvmIsa isa;
            if (TryInt(e, "exit_reason", out long code) || TryInt(e, "exit_code", out code))
            {
                isa = TryInt(e, "isa", out long i) && i == 2 ? KvmIsa.SVM : KvmIsa.VMX;
                reason = KvmExitReasons.Name((int)isa, unchecked((ulong)code)) ?? "UNKNOWN (" + code.ToString(CultureInfo.InvariantCulture) + ")";
            }
            else
            {
                // text input: "reason HLT rip ..." (trace-cmd) or "vcpu 0 reason hlt rip ..." (newer kernels' format)
                isa = KvmIsa.Unknown;
                reason = WordAfter(e.Info, "reason ") ?? "";
                if (!KvmExitReasons.IsName(reason))
                {
                    // never counted as a reason of its own: flagged, with the exit left out
                    if (_unknownReasonCount++ == 0) { _firstUnknownPath = e.Path; _firstUnknownLine = e.LineNumber; }
                    string key = reason.Length == 0 ? "(none)" : reason.Length > 40 ? reason.Substring(0, 40) : reason;
                    if (_unknownReasons.Count < 16 || _unknownReasons.ContainsKey(key)) _unknownReasons[key] = _unknownReasons.TryGetValue(key, out long n) ? n + 1 : 1;
                    _exits--;
                    return;
                }
            }
            if (th.InExit) CloseExit(th, null); // two exits without an entry between them (lost events): the first has no known end
            if (th.HasState && th.State == VCpuState.InGuest) th.GuestNs += t - th.Start;
            th.InExit = true; th.ExitStart = t; th.ExitReason = reason; th.ExitIsa = isa;
            Agg a = AggOf(th, reason, isa);
            a.Count++;
            Open(th, VCpuState.HandlingExit, reason, t, e.Cpu, emit);
        }

        private void Entry(TraceEvent e, long t, List<VCpuInterval>? emit)
        {
            _entries++;
            VThread th = Thread(e);
            if (TryInt(e, "vcpu_id", out long vid)) th.VCpu = (int)vid;
            else if (th.VCpu < 0 && WordAfter(e.Info, "vcpu ") is string w && int.TryParse(w.TrimEnd(','), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) th.VCpu = v;
            if (th.InExit) CloseExit(th, t);
            Open(th, VCpuState.InGuest, null, t, e.Cpu, emit);
        }

        private void Switch(TraceEvent e, long t, List<VCpuInterval>? emit)
        {
            long prev, next, st;
            if (TryInt(e, "prev_pid", out prev) && TryInt(e, "next_pid", out next)) TryInt(e, "prev_state", out st);
            else if (!ParseSwitchText(e.Info, out prev, out next, out st)) return;
            string machine = e.Machine ?? "";
            // a thread is followed from its first kvm event, or from the start when the GUEST option names it a vCPU thread
            if (!_threads.TryGetValue((machine, (int)prev), out VThread? th) && _guestPids.ContainsKey((machine, (int)prev)) && e.Pid == (int)prev)
                th = Thread(e);
            if (th != null)
            {
                VCpuState s = (st & 0xFF) == 0 ? VCpuState.Preempted : VCpuState.ScheduledOut;
                Open(th, s, th.InExit ? th.ExitReason : null, t, e.Cpu, emit);
            }
            if (_threads.TryGetValue((machine, (int)next), out VThread? tn) && tn.HasState
                && (tn.State == VCpuState.Preempted || tn.State == VCpuState.ScheduledOut))
                Open(tn, VCpuState.HandlingExit, tn.InExit ? tn.ExitReason : null, t, e.Cpu, emit);
        }

        private void CloseExit(VThread th, long? end)
        {
            Agg a = AggOf(th, th.ExitReason, th.ExitIsa);
            if (end.HasValue)
            {
                long d = end.Value - th.ExitStart;
                a.TotalNs += d;
                if (d > a.MaxNs) a.MaxNs = d;
                th.HostNs += d;
            }
            else a.Incomplete++;
            th.InExit = false;
        }

        private static Agg AggOf(VThread th, string reason, KvmIsa isa)
        {
            if (!th.Aggs.TryGetValue(reason, out Agg? a)) { a = new Agg { Isa = isa }; th.Aggs[reason] = a; }
            return a;
        }

        private void Open(VThread th, VCpuState state, string? reason, long t, int cpu, List<VCpuInterval>? emit)
        {
            if (th.HasState && _timeline && emit != null) Emit(th, t, false, emit);
            th.HasState = true; th.State = state; th.Reason = reason; th.Start = t; th.Cpu = cpu;
        }

        private void Emit(VThread th, long end, bool incomplete, List<VCpuInterval> emit)
        {
            string vm = VmOf(th);
            if (!_options.Keep(vm, th.VCpu)) return;
            emit.Add(new VCpuInterval(th.Path, vm, th.VCpu, th.Pid, th.State, th.Reason, th.Start, Math.Max(th.Start, end), th.Cpu, incomplete));
        }

        private string VmOf(VThread th)
        {
            if (_guestPids.TryGetValue((th.Machine, th.Pid), out GuestVCpu? g))
            {
                if (g.Name.Length > 0) return g.Name;
                if (_guestMachineByHostPid.TryGetValue(th.Pid, out string? m)) return m;
                return "guest 0x" + g.TraceId.ToString("X", CultureInfo.InvariantCulture);
            }
            // qemu names vCPU threads "CPU 0/KVM": all of one untraced qemu's threads share the name without the prefix
            string c = th.Comm;
            if (c.StartsWith("CPU ", StringComparison.Ordinal))
            {
                int slash = c.IndexOf('/');
                if (slash > 4) c = c.Substring(slash + 1);
            }
            return c;
        }

        /// <summary>Ends the timeline: the open interval of every vCPU thread, marked incomplete, ending at the trace's last event.</summary>
        public IReadOnlyList<VCpuInterval> CompleteTimeline()
        {
            var list = new List<VCpuInterval>();
            foreach (VThread th in Ordered())
                if (th.HasState) Emit(th, _lastTs, true, list);
            Finish();
            return list;
        }

        /// <summary>Ends the analysis: summaries grouped per <see cref="KvmReadOptions.GroupBy"/> (exits still open count as incomplete).</summary>
        public IReadOnlyList<KvmExitSummary> CompleteSummary()
        {
            var rows = new List<KvmExitSummary>();
            List<VThread> threads = Ordered();
            foreach (VThread th in threads) if (th.InExit) CloseExit(th, null);
            var byVm = new Dictionary<string, List<VThread>>(StringComparer.Ordinal);
            var vmOrder = new List<string>();
            foreach (VThread th in threads)
            {
                if (th.Aggs.Count == 0) continue;
                string vm = VmOf(th);
                if (!_options.Keep(vm, th.VCpu)) continue;
                if (!byVm.TryGetValue(vm, out List<VThread>? l)) { l = new List<VThread>(); byVm[vm] = l; vmOrder.Add(vm); }
                l.Add(th);
            }
            vmOrder.Sort(StringComparer.Ordinal);
            foreach (string vm in vmOrder)
            {
                List<VThread> ths = byVm[vm];
                if (_options.GroupBy == KvmExitGrouping.VM)
                {
                    long c = 0, tot = 0, max = 0, inc = 0, g = 0, h = 0;
                    KvmIsa isa = KvmIsa.Unknown;
                    foreach (VThread th in ths)
                    {
                        g += th.GuestNs; h += th.HostNs;
                        foreach (Agg a in th.Aggs.Values) { c += a.Count; tot += a.TotalNs; max = Math.Max(max, a.MaxNs); inc += a.Incomplete; if (isa == KvmIsa.Unknown) isa = a.Isa; }
                    }
                    rows.Add(new KvmExitSummary(ths[0].Path, vm, null, null, null, isa, c, tot, max, inc, g, h));
                    continue;
                }
                foreach (VThread th in ths)
                {
                    if (_options.GroupBy == KvmExitGrouping.VCpu)
                    {
                        long c = 0, tot = 0, max = 0, inc = 0;
                        KvmIsa isa = KvmIsa.Unknown;
                        foreach (Agg a in th.Aggs.Values) { c += a.Count; tot += a.TotalNs; max = Math.Max(max, a.MaxNs); inc += a.Incomplete; if (isa == KvmIsa.Unknown) isa = a.Isa; }
                        rows.Add(new KvmExitSummary(th.Path, vm, th.VCpu, th.Pid, null, isa, c, tot, max, inc, th.GuestNs, th.HostNs));
                        continue;
                    }
                    var aggs = new List<KeyValuePair<string, Agg>>(th.Aggs);
                    aggs.Sort((x, y) => y.Value.TotalNs != x.Value.TotalNs ? y.Value.TotalNs.CompareTo(x.Value.TotalNs) : string.CompareOrdinal(x.Key, y.Key));
                    foreach (var kv in aggs)
                        rows.Add(new KvmExitSummary(th.Path, vm, th.VCpu, th.Pid, kv.Key, kv.Value.Isa, kv.Value.Count, kv.Value.TotalNs,
                            kv.Value.MaxNs, kv.Value.Incomplete, th.GuestNs, th.HostNs));
                }
            }
            Finish();
            return rows;
        }

        private List<VThread> Ordered()
        {
            var list = new List<VThread>(_threads.Values);
            list.Sort((a, b) => a.VCpu != b.VCpu ? a.VCpu.CompareTo(b.VCpu) : a.Pid.CompareTo(b.Pid));
            return list;
        }

        private void Finish()
        {
            if (_completed) return;
            _completed = true;
            if (_unknownReasonCount > 0)
            {
                var u = new StringBuilder();
                u.Append(_unknownReasonCount.ToString(CultureInfo.InvariantCulture))
                 .Append(" kvm_exit event(s) name a reason that is not in the exit-reason table and were not counted (");
                int i = 0;
                foreach (var kv in _unknownReasons)
                {
                    if (i++ > 0) u.Append(", ");
                    u.Append('\'').Append(kv.Key).Append("' ×").Append(kv.Value.ToString(CultureInfo.InvariantCulture));
                }
                u.Append("); the first is line ").Append(_firstUnknownLine.ToString(CultureInfo.InvariantCulture));
                _context.Report(_firstUnknownPath ?? "(input)", IssueKind.MalformedRecord, u.ToString(), _firstUnknownLine);
            }
            if (_exits > 0) return;
            var sb = new StringBuilder("no kvm_exit events: nothing to measure. ");
            if (_events == 0) sb.Append("The input has no kvm or sched_switch events at all.");
            else if (_otherKvm.Count > 0)
            {
                sb.Append("The trace has other kvm events (");
                int i = 0;
                foreach (var kv in _otherKvm)
                {
                    if (i++ == 8) { sb.Append(", ..."); break; }
                    if (i > 1) sb.Append(", ");
                    sb.Append(kv.Key).Append(' ').Append(kv.Value.ToString(CultureInfo.InvariantCulture));
                }
                sb.Append(") but no kvm_exit");
                if (_entries == 0) sb.Append(" or kvm_entry");
                sb.Append(": the host kernel did not fire them (PVM-style hosts never do) or kvm:kvm_exit was not recorded (trace-cmd record -e kvm).");
            }
            else sb.Append("The input has no kvm events; record the host with trace-cmd record -e kvm -e sched:sched_switch.");
            if (_paths.Count == 0) _context.Report("(input)", IssueKind.NoRelevantData, sb.ToString());
            else foreach (string p in _paths) _context.Report(p, IssueKind.NoRelevantData, sb.ToString());
        }

        /// <summary>trace-cmd report text: "comm:pid [prio] S ==> comm:pid [prio]" (comms may hold spaces and colons); state R → 0.</summary>
        internal static bool ParseSwitchText(string info, out long prev, out long next, out long state)
        {
            prev = next = 0; state = 1;
            int arrow = info.IndexOf(" ==> ", StringComparison.Ordinal);
            if (arrow < 0) return false;
            string left = info.Substring(0, arrow).Trim(), right = info.Substring(arrow + 5).Trim();
            int lb = left.LastIndexOf(" [", StringComparison.Ordinal), rb = left.LastIndexOf("] ", StringComparison.Ordinal);
            if (lb < 0 || rb < lb) return false;
            if (!PidOf(left.Substring(0, lb), out prev)) return false;
            string s = left.Substring(rb + 2).Trim();
            state = s.Length > 0 && s[0] == 'R' ? 0 : 1;
            int rlb = right.LastIndexOf(" [", StringComparison.Ordinal);
            return PidOf(rlb >= 0 ? right.Substring(0, rlb) : right, out next);
        }

        private static bool PidOf(string commPid, out long pid)
        {
            int c = commPid.LastIndexOf(':');
            pid = 0;
            return c >= 0 && long.TryParse(commPid.Substring(c + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out pid);
        }

        private static string? WordAfter(string text, string marker)
        {
            int i = text.IndexOf(marker, StringComparison.Ordinal);
            if (i < 0) return null;
            i += marker.Length;
            int j = i;
            while (j < text.Length && text[j] != ' ') j++;
            return j > i ? text.Substring(i, j - i) : null;
        }

        private static bool TryInt(TraceEvent e, string name, out long value)
        {
            EventFormat? f = e.Format;
            if (f != null)
            {
                FormatField? ff = f.Field(name);
                if (ff == null || ff.IsArray) { value = 0; return false; }
                value = unchecked((long)EventDecoder.Scalar(e.File!, ff, e.Data!, out _));
                return true;
            }
            long? v = e.Fields.GetInt64(name);
            value = v ?? 0;
            return v.HasValue;
        }
    }
}
