using System;
using System.Collections.Generic;

namespace VirtDiag.Ftrace
{
    /// <summary>
    /// Maps a guest file's raw timestamps to its host's clock from the TIME_SHIFT samples, the way trace-cmd's reader does:
    /// per vCPU, the pair of samples around the time is chosen (the first or last pair outside the sampled span), the
    /// offset is the earlier sample's, or interpolated linearly between the two (rounded to nearest) when the protocol flags
    /// ask for interpolation (flag 0x1, as the ptp protocol sets), the time is scaled by the earlier sample's
    /// <c>(ts * scaling) &gt;&gt; fraction</c>, and the offset is added. A lone sample adds its offset unscaled. A vCPU
    /// without samples keeps its time. The result is still in the guest file's raw units (TSC cycles for TSC clocks);
    /// TSC2NSEC is applied after it.
    /// </summary>
    internal sealed class TimeSync
    {
        /// <summary>TIME_SHIFT protocol flag: interpolate the offset between samples.</summary>
        internal const uint FlagInterpolate = 0x1;

        private readonly TraceTimeShift _shift;
        private readonly TraceGuest? _guest;

        private TimeSync(TraceTimeShift shift, TraceGuest? guest) { _shift = shift; _guest = guest; }

        internal static TimeSync For(TraceTimeShift shift) => new TimeSync(shift, null);

        /// <summary>Time maps for every file with a TIME_SHIFT option; the guest's vCPU → host task map when its host is given too.</summary>
        public static Dictionary<TraceFileContext, TimeSync> Build(List<TraceFileContext> files)
        {
            var d = new Dictionary<TraceFileContext, TimeSync>();
            foreach (TraceFileContext g in files)
            {
                if (g.TimeShift == null) continue;
                // trace-cmd applies a guest file's TIME_SHIFT even when the host file is not given
                TraceGuest? guest = null;
                foreach (TraceFileContext h in files)
                {
                    if (h == g || !h.TraceId.HasValue || h.TraceId.Value != g.TimeShift.PeerTraceId) continue;
                    foreach (TraceGuest x in h.Guests) if (g.TraceId.HasValue && x.TraceId == g.TraceId.Value) guest = x;
                }
                d[g] = new TimeSync(g.TimeShift, guest);
            }
            return d;
        }

        /// <summary>The guest's name from its host's GUEST option, when known.</summary>
        public string? GuestName => _guest?.Name;

        public int? HostPid(int vcpu)
        {
            if (_guest == null) return null;
            foreach (TraceVCpu v in _guest.VCpus) if (v.VCpu == vcpu) return v.HostPid;
            return null;
        }

        /// <summary>Guest raw time on vCPU <paramref name="cpu"/> → host raw time.</summary>
        public long ToHost(int cpu, long ts)
        {
            if (cpu < 0 || cpu >= _shift.Cpus.Count) return ts;
            IReadOnlyList<TraceTimeShiftSample> s = _shift.Cpus[cpu];
            if (s.Count == 0) return ts;
            if (s.Count == 1) return unchecked(ts + s[0].Offset);
            int lo;
            if (ts <= s[0].Time) lo = 0;
            else if (ts >= s[s.Count - 1].Time) lo = s.Count - 2;
            else
            {
                // the last sample at or before ts; it has a successor because ts is before the last sample
                int a = 0, b = s.Count - 1;
                while (b - a > 1) { int mid = (a + b) >> 1; if (s[mid].Time <= ts) a = mid; else b = mid; }
                lo = a;
            }
            return Correct(ts, (_shift.Flags & FlagInterpolate) != 0, s[lo], s[lo + 1]);
        }

        private static long Correct(long ts, bool interpolate, TraceTimeShiftSample min, TraceTimeShiftSample max)
        {
            long cor = min.Offset;
            if (interpolate)
            {
                long delta = max.Time - min.Time;
                if (delta != 0)
                {
                    // C integer arithmetic: (x + delta/2) / delta truncates toward zero
                    long x = unchecked((ts - min.Time) * (max.Offset - min.Offset));
                    cor = min.Offset + unchecked(x + delta / 2) / delta;
                }
            }
            // A scaling of 0 would zero every time; writers always store 1 when there is no scaling.
            ulong scaling = min.Scaling == 0 ? 1UL : unchecked((ulong)min.Scaling);
            ulong scaled = unchecked((ulong)ts * scaling) >> min.Fraction;
            return unchecked((long)scaled + cor);
        }
    }
}
