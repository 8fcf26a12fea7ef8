using System;
using VirtDiag.Ftrace;
using VirtDiag.Kvm;

namespace VirtDiag
{
    /// <summary>Hardware virtualization extension that produced a VM exit.</summary>
    public enum KvmIsa
    {
        /// <summary>Not told by the event (text input without the isa field).</summary>
        Unknown = 0,
        /// <summary>Intel VT-x: VMX basic exit reasons.</summary>
        VMX = 1,
        /// <summary>AMD-V: SVM exit codes.</summary>
        SVM = 2,
    }

    /// <summary>How <c>Measure-KvmExit</c> groups exits.</summary>
    public enum KvmExitGrouping
    {
        /// <summary>One row per VM, vCPU and exit reason.</summary>
        Reason,
        /// <summary>One row per VM and vCPU, all reasons together.</summary>
        VCpu,
        /// <summary>One row per VM, all vCPUs and reasons together.</summary>
        VM,
    }

    /// <summary>What a vCPU's host thread was doing during an interval.</summary>
    public enum VCpuState
    {
        /// <summary>Running guest code: from kvm_entry to the next kvm_exit.</summary>
        InGuest,
        /// <summary>In the host handling a VM exit (kernel or user space), from kvm_exit (or switching back in) to kvm_entry.</summary>
        HandlingExit,
        /// <summary>Switched out while runnable (sched_switch with prev_state R): another task took the host CPU.</summary>
        Preempted,
        /// <summary>Switched out while blocked (sched_switch with prev_state S, D, ...), e.g. a halted vCPU waiting for an interrupt.</summary>
        ScheduledOut,
    }

    /// <summary>KVM VM exits of one VM / vCPU / exit reason (per <see cref="KvmExitGrouping"/>), with the time spent in the host.</summary>
    public sealed class KvmExitSummary
    {
        internal KvmExitSummary(string path, string vm, int? vcpu, int? hostPid, string? exitReason, KvmIsa isa, long count,
            long totalNs, long maxNs, long incomplete, long vcpuGuestNs, long vcpuHostNs)
        {
            Path = path; VM = vm; VCpu = vcpu; HostPid = hostPid; ExitReason = exitReason; Isa = isa; Count = count;
            long timed = count - incomplete;
            TotalTimeInHost = KvmTime.ToSpan(totalNs);
            MeanTimeInHost = KvmTime.ToSpan(timed > 0 ? totalNs / timed : 0);
            MaxTimeInHost = KvmTime.ToSpan(maxNs);
            TotalTimeInHostNs = totalNs;
            Incomplete = incomplete;
            TimeInGuest = KvmTime.ToSpan(vcpuGuestNs);
            TimeInHost = KvmTime.ToSpan(vcpuHostNs);
            ShareOfHostTime = vcpuHostNs > 0 ? Math.Round(100.0 * totalNs / vcpuHostNs, 2) : 0;
        }

        /// <summary>Display path of the (first) trace the exits come from.</summary>
        public string Path { get; }
        /// <summary>The VM: the guest's name from the host's GUEST option (or the merged guest file's name); for vCPU threads of guests not traced with the host, the thread's command name without qemu's <c>CPU n/</c> prefix.</summary>
        public string VM { get; }
        /// <summary>vCPU number (kvm_entry/kvm_exit vcpu_id or the GUEST option); null for VM rows.</summary>
        public int? VCpu { get; }
        /// <summary>Host thread (pid) that runs the vCPU; null for VM rows.</summary>
        public int? HostPid { get; }
        /// <summary>Exit reason as trace-cmd prints it (<c>HLT</c>, <c>EPT_MISCONFIG</c>, <c>msr</c>, <c>npf</c>); null for VCpu and VM rows.</summary>
        public string? ExitReason { get; }
        /// <summary>VMX or SVM.</summary>
        public KvmIsa Isa { get; }
        /// <summary>Number of exits.</summary>
        public long Count { get; }
        /// <summary>Sum over the exits of kvm_exit → next kvm_entry on the same vCPU thread.</summary>
        public TimeSpan TotalTimeInHost { get; }
        /// <summary><see cref="TotalTimeInHost"/> in nanoseconds (exact).</summary>
        public long TotalTimeInHostNs { get; }
        /// <summary>Mean time in the host per exit (exits without a following kvm_entry not counted).</summary>
        public TimeSpan MeanTimeInHost { get; }
        /// <summary>Longest exit.</summary>
        public TimeSpan MaxTimeInHost { get; }
        /// <summary>Exits with no kvm_entry after them in the trace (counted in <see cref="Count"/>, their time unknown).</summary>
        public long Incomplete { get; }
        /// <summary>Total time the vCPU (VM rows: all its vCPUs) ran guest code: kvm_entry → next kvm_exit.</summary>
        public TimeSpan TimeInGuest { get; }
        /// <summary>Total time the vCPU (VM rows: all its vCPUs) spent in the host between an exit and the next entry.</summary>
        public TimeSpan TimeInHost { get; }
        /// <summary>Percent of the vCPU's (VM rows: the VM's) time in the host that went to these exits.</summary>
        public double ShareOfHostTime { get; }
        /// <inheritdoc/>
        public override string ToString() => VM + " vcpu " + VCpu + " " + (ExitReason ?? "(all)") + " x" + Count + " " + TotalTimeInHost;
    }

    /// <summary>One interval of a vCPU's host thread on the host clock: in the guest, handling an exit, or switched out.</summary>
    public sealed class VCpuInterval
    {
        internal VCpuInterval(string path, string vm, int vcpu, int hostPid, VCpuState state, string? exitReason, long start, long end, int hostCpu, bool incomplete)
        {
            Path = path; VM = vm; VCpu = vcpu; HostPid = hostPid; State = state; ExitReason = exitReason; Start = start; End = end;
            HostCpu = hostCpu; Incomplete = incomplete; Duration = KvmTime.ToSpan(end - start);
        }

        /// <summary>Display path of the host trace.</summary>
        public string Path { get; }
        /// <summary>The VM (as in <see cref="KvmExitSummary.VM"/>).</summary>
        public string VM { get; }
        /// <summary>vCPU number; -1 while not yet known.</summary>
        public int VCpu { get; }
        /// <summary>Host thread running the vCPU; join with guest events' <c>HostPid</c>.</summary>
        public int HostPid { get; }
        /// <summary>What the thread was doing.</summary>
        public VCpuState State { get; }
        /// <summary>Exit being handled (HandlingExit, and Preempted/ScheduledOut in the middle of an exit).</summary>
        public string? ExitReason { get; }
        /// <summary>Start, ns on the host clock (compare with <c>TraceEvent.HostTimestamp</c>).</summary>
        public long Start { get; }
        /// <summary>End, ns on the host clock (exclusive).</summary>
        public long End { get; }
        /// <summary>End − Start.</summary>
        public TimeSpan Duration { get; }
        /// <summary>Host CPU of the event that started the interval (for switched-out intervals, the CPU the thread left).</summary>
        public int HostCpu { get; }
        /// <summary>The trace ended before the interval did; End is the last event time of the trace.</summary>
        public bool Incomplete { get; }
        /// <summary>Start as trace-cmd prints times (seconds, 6 decimals).</summary>
        public string StartText => TraceTime.Format(Start, 6);
        /// <inheritdoc/>
        public override string ToString() => StartText + " vcpu " + VCpu + " " + State + (ExitReason != null ? " " + ExitReason : "") + " " + Duration;
    }
}

namespace VirtDiag.Kvm
{
    internal static class KvmTime
    {
        public static TimeSpan ToSpan(long ns) => TimeSpan.FromTicks(ns / 100);
    }
}
