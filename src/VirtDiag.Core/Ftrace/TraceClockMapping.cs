using System;
using System.Collections.Generic;
using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Ftrace
{
    /// <summary>One instant as a trace-cmd host–guest recording saw it on both trace clocks, in nanoseconds of each.</summary>
    internal sealed class TraceClockPoint
    {
        public TraceClockPoint(string guest, string host, long guestNs, long hostNs, string evidence)
        {
            Guest = guest; Host = host; GuestNs = guestNs; HostNs = hostNs; Evidence = evidence;
        }

        /// <summary>The guest's machine name (as trace events name it).</summary>
        public string Guest { get; }
        /// <summary>The host's machine name.</summary>
        public string Host { get; }
        /// <summary>The instant on the guest's trace clock.</summary>
        public long GuestNs { get; }
        /// <summary>The same instant on the host's trace clock.</summary>
        public long HostNs { get; }
        /// <summary>Where the mapping was read: file, option, vCPU and sample.</summary>
        public string Evidence { get; }
    }

    /// <summary>
    /// The clock mapping a host–guest recording writes into the guest's trace.dat (the TIME_SHIFT option: per vCPU,
    /// samples of the guest TSC → host TSC offset and scaling, measured while tracing), read as points on both clocks.
    /// Each sample is one instant: the guest's own time is its raw time through its TSC2NSEC; the host's is the sample
    /// mapped the way the merge maps every guest event (<see cref="TimeSync"/>, then TSC2NSEC).
    /// </summary>
    internal static class TraceClockMapping
    {
        /// <summary>The points of every guest file whose host file is in <paramref name="documents"/> too; a guest whose host is missing is reported.</summary>
        public static List<TraceClockPoint> Read(IReadOnlyList<LogDocument> documents, ReadContext context)
        {
            var files = new List<KeyValuePair<LogDocument, TraceFileContext>>();
            foreach (LogDocument d in documents)
            {
                TraceFileContext? f = TraceReader.OpenFile(d, context);
                if (f != null) files.Add(new KeyValuePair<LogDocument, TraceFileContext>(d, f));
            }
            TraceReader.NameMachines(files);
            var points = new List<TraceClockPoint>();
            foreach (var g in files)
            {
                TraceTimeShift? shift = g.Value.TimeShift;
                if (shift == null) continue;
                KeyValuePair<LogDocument, TraceFileContext>? host = null;
                foreach (var h in files)
                    if (h.Value != g.Value && h.Value.TraceId == shift.PeerTraceId) host = h;
                string peer = "0x" + shift.PeerTraceId.ToString("X16", CultureInfo.InvariantCulture);
                if (host == null)
                {
                    context.Report(g.Key.Path, IssueKind.Skipped, "its TIME_SHIFT maps the guest's clock to the host trace " + peer
                        + ", which is not in the input: no clock anchor from it (give the host's trace.dat too)");
                    continue;
                }
                var map = TimeSync.For(shift);
                string guestName = g.Value.Machine ?? g.Key.Name, hostName = host.Value.Value.Machine ?? host.Value.Key.Name;
                for (int cpu = 0; cpu < shift.Cpus.Count; cpu++)
                {
                    IReadOnlyList<TraceTimeShiftSample> samples = shift.Cpus[cpu];
                    for (int i = 0; i < samples.Count; i++)
                    {
                        long raw = samples[i].Time;
                        points.Add(new TraceClockPoint(guestName, hostName, ToNs(g.Value, raw), ToNs(g.Value, map.ToHost(cpu, raw)),
                            g.Key.Path + ": TIME_SHIFT to " + host.Value.Key.Path + " (trace " + peer + "), vCPU "
                            + cpu.ToString(CultureInfo.InvariantCulture) + " sample " + (i + 1).ToString(CultureInfo.InvariantCulture)
                            + " of " + samples.Count.ToString(CultureInfo.InvariantCulture)));
                    }
                }
            }
            return points;
        }

        // The merge puts a guest event on the host clock through the guest file's own TSC2NSEC (TraceReader.ToNs).
        private static long ToNs(TraceFileContext f, long raw) => f.Tsc2Nsec != null ? f.Tsc2Nsec.ToNanoseconds(raw) : raw;
    }
}
