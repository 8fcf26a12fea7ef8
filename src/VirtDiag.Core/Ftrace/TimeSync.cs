using System;
using System.Collections.Generic;

namespace VirtDiag.Ftrace
{
    /// <summary>Maps a guest file's timestamps to its host's clock from the TIME_SHIFT samples (interpolated per vCPU).</summary>
    internal sealed class TimeSync
    {
        private readonly TraceTimeShift _shift;
        private readonly TraceGuest? _guest;

        private TimeSync(TraceTimeShift shift, TraceGuest? guest) { _shift = shift; _guest = guest; }

        /// <summary>Time maps for every file that is a guest of another file given with it.</summary>
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

        public int? HostPid(int vcpu)
        {
            if (_guest == null) return null;
            foreach (TraceVCpu v in _guest.VCpus) if (v.VCpu == vcpu) return v.HostPid;
            return null;
        }

        /// <summary>Guest raw time → host raw time: offset interpolated between the samples around it.</summary>
        public long ToHost(int cpu, long ts)
        {
            if (_shift.Cpus.Count == 0) return ts;
            IReadOnlyList<TraceTimeShiftSample> s = _shift.Cpus[cpu < _shift.Cpus.Count ? cpu : 0];
            if (s.Count == 0) return ts;
            if (s.Count == 1 || ts <= s[0].Time) return Scale(ts, s[0]) + s[0].Offset;
            TraceTimeShiftSample last = s[s.Count - 1];
            if (ts >= last.Time) return Scale(ts, last) + last.Offset;
            int lo = 0, hi = s.Count - 1;
            while (hi - lo > 1) { int mid = (lo + hi) >> 1; if (s[mid].Time <= ts) lo = mid; else hi = mid; }
            TraceTimeShiftSample a = s[lo], b = s[hi];
            double off = a.Offset + (double)(b.Offset - a.Offset) * (ts - a.Time) / (b.Time - a.Time);
            return Scale(ts, a) + (long)off;
        }

        private static long Scale(long ts, TraceTimeShiftSample s) => s.Scaling == 0 || s.Scaling == 1 ? ts : ts * s.Scaling;
    }
}
