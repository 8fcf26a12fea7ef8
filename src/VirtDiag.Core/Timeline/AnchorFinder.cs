using System;
using System.Collections.Generic;
using System.Globalization;
using VirtDiag.Common;

namespace VirtDiag.Timeline
{
    /// <summary>Finds causal pairs of records on two hosts (the anchors clock offsets are estimated from).</summary>
    public static class AnchorFinder
    {
        /// <summary>
        /// Two anchors per succeeded migration seen on both hosts: the source's last pre-copy record (pages sent, pre-copy
        /// stopped) comes before the destination's end of migration (it cannot end before the last pages arrive), and the
        /// destination's records of the running migration (info set, connections, streams, start, restoring) come before
        /// the source's end (the source ends only once the destination has resumed the VM).
        /// </summary>
        public static IEnumerable<ClockAnchor> FromMigration(VMotionMigration migration)
        {
            if (migration == null) throw new ArgumentNullException(nameof(migration));
            string? src = migration.SourceHost, dst = migration.DestinationHost;
            if (migration.Result != VMotionResult.Succeeded || src == null || dst == null || string.Equals(src, dst, StringComparison.OrdinalIgnoreCase)) yield break;
            VMotionEvent? srcData = null, srcEnd = null, dstEnd = null, dstRunning = null;
            foreach (VMotionEvent e in migration.Events)
            {
                if (!e.Timestamp.HasValue) continue;
                bool onSource = e.Role == VMotionRole.Source && string.Equals(e.HostName, src, StringComparison.OrdinalIgnoreCase);
                bool onDestination = e.Role == VMotionRole.Destination && string.Equals(e.HostName, dst, StringComparison.OrdinalIgnoreCase);
                if (onSource && (e.Kind == VMotionEventKind.PagesSent || e.Kind == VMotionEventKind.PreCopyStopped)) srcData = Latest(srcData, e);
                else if (onSource && e.Kind == VMotionEventKind.MigrationEnd) srcEnd = Latest(srcEnd, e);
                else if (onDestination && (e.Kind == VMotionEventKind.MigrationEnd || e.Kind == VMotionEventKind.Unstunned)) dstEnd = Earliest(dstEnd, e);
            }
            foreach (VMotionEvent e in migration.Events)
            {
                if (!e.Timestamp.HasValue || e.Role != VMotionRole.Destination || !string.Equals(e.HostName, dst, StringComparison.OrdinalIgnoreCase)) continue;
                if (!IsRunningOnDestination(e.Kind)) continue;
                if (dstEnd != null && e.Timestamp > dstEnd.Timestamp) continue;
                dstRunning = Latest(dstRunning, e);
            }
            if (srcData != null && dstEnd != null)
                yield return new ClockAnchor("VMotionPagesSentBeforeDestinationEnd", src, srcData.Timestamp!.Value, dst, dstEnd.Timestamp!.Value, Where(srcData, dstEnd));
            if (dstRunning != null && srcEnd != null)
                yield return new ClockAnchor("VMotionDestinationBeforeSourceEnd", dst, dstRunning.Timestamp!.Value, src, srcEnd.Timestamp!.Value, Where(dstRunning, srcEnd));
        }

        private static bool IsRunningOnDestination(VMotionEventKind kind)
        {
            switch (kind)
            {
                case VMotionEventKind.InfoSet: case VMotionEventKind.NetworkSetup: case VMotionEventKind.ConnectionBound:
                case VMotionEventKind.ConnectionAccepted: case VMotionEventKind.StreamAdded: case VMotionEventKind.MigrationStart:
                case VMotionEventKind.Restoring:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Pairs guest-side crashes (bug check, kernel panic, on the guest's clock) with the host-side records of them
        /// (hostd's guest OS crash, a guest reset, an HA reset) of the same VM: the crash comes first. One-sided bounds.
        /// A host-side record is paired with the guest crash nearest to it within <paramref name="window"/>; the VM is
        /// matched by name (VM name = guest host name, or the same first label), or taken as the one guest when the
        /// input holds one guest and one VM.
        /// </summary>
        public static IEnumerable<ClockAnchor> FromGuestFailures(IReadOnlyList<GuestOsFailure> guestSide, IReadOnlyList<GuestOsFailure> hostSide, TimeSpan window)
        {
            if (guestSide == null) throw new ArgumentNullException(nameof(guestSide));
            if (hostSide == null) throw new ArgumentNullException(nameof(hostSide));
            var guests = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var vms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (GuestOsFailure g in guestSide) if (g.HostName != null) guests.Add(g.HostName);
            foreach (GuestOsFailure h in hostSide) if (h.VMName != null) vms.Add(h.VMName);
            bool single = guests.Count == 1 && vms.Count == 1;
            foreach (GuestOsFailure h in hostSide)
            {
                if (!h.HostTimestamp.HasValue || h.HostName == null) continue;
                GuestOsFailure? best = null;
                TimeSpan bestGap = TimeSpan.MaxValue;
                foreach (GuestOsFailure g in guestSide)
                {
                    if (!g.HostTimestamp.HasValue || g.HostName == null || string.Equals(g.HostName, h.HostName, StringComparison.OrdinalIgnoreCase)) continue;
                    if (!single && !SameMachine(g.HostName, h.VMName)) continue;
                    TimeSpan gap = (h.HostTimestamp.Value - g.HostTimestamp.Value).Duration();
                    if (gap <= window && gap < bestGap) { best = g; bestGap = gap; }
                }
                if (best != null)
                    yield return new ClockAnchor("GuestFailureBeforeHostRecord", best.HostName!, best.HostTimestamp!.Value, h.HostName, h.HostTimestamp.Value, Where(best, h));
            }
        }

        /// <summary>
        /// Two anchors per point of a trace-cmd host–guest recording's clock mapping, one each way with the same
        /// instant on both trace clocks, so the guest's trace clock is bounded on both sides at that instant. These are
        /// trace clocks (TSC through TSC2NSEC, uptime), placed on a nominal date from 1970-01-01 to be compared.
        /// </summary>
        internal static IEnumerable<ClockAnchor> FromTraceClock(IEnumerable<Ftrace.TraceClockPoint> points)
        {
            foreach (Ftrace.TraceClockPoint p in points)
            {
                if (string.Equals(p.Guest, p.Host, StringComparison.OrdinalIgnoreCase)) continue;
                DateTimeOffset host = TraceInstant(p.HostNs), guest = TraceInstant(p.GuestNs);
                yield return new ClockAnchor(TraceTimeShiftKind, p.Host, host, p.Guest, guest, p.Evidence);
                yield return new ClockAnchor(TraceTimeShiftKind, p.Guest, guest, p.Host, host, p.Evidence);
            }
        }

        /// <summary>The anchor kind of a trace recording's own guest/host clock mapping.</summary>
        public const string TraceTimeShiftKind = "TraceTimeShift";

        private static DateTimeOffset TraceInstant(long ns) => s_traceEpoch.AddTicks(ns / 100);

        private static readonly DateTimeOffset s_traceEpoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>True for a guest-side record that is a crash (bug check, kernel panic).</summary>
        public static bool IsGuestCrash(GuestOsFailure f)
            => f != null && (f.Source == GuestFailureSource.GuestLog || f.Source == GuestFailureSource.Debugger)
               && (f.Kind == GuestFailureKind.BugCheck || f.Kind == GuestFailureKind.KernelPanic);

        /// <summary>True for a host-side record that follows a guest crash (crash detected, reset, HA reset).</summary>
        public static bool IsHostSeenCrash(GuestOsFailure f)
            => f != null && (f.Source == GuestFailureSource.VmwareLog || f.Source == GuestFailureSource.Hostd || f.Source == GuestFailureSource.HostLog)
               && (f.Kind == GuestFailureKind.HostDetectedCrash || f.Kind == GuestFailureKind.GuestReset || f.Kind == GuestFailureKind.HaMonitoringReset);

        private static bool SameMachine(string guestHost, string? vmName) => vmName != null && SameHost(guestHost, vmName);

        /// <summary>The same host, by name: equal ignoring case, or one is the other's fully qualified name (<c>web07</c>, <c>web07.lab.example</c>).</summary>
        public static bool SameHost(string a, string b)
        {
            if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase)) return true;
            if (a.Length > b.Length) { string t = a; a = b; b = t; }
            return b.Length > a.Length + 1 && b[a.Length] == '.' && b.StartsWith(a, StringComparison.OrdinalIgnoreCase) && !char.IsDigit(b[a.Length + 1]);
        }

        internal static string Where(IDiagnosticRecord a, IDiagnosticRecord b) => Where(a.Path, a.LineNumber) + " -> " + Where(b.Path, b.LineNumber);

        // The end of a joined call (the engine's FINISH line) is where the second record of an end-to-end pair sits.
        internal static string Where(IDiagnosticRecord a, OVirtEngineCommand end, bool endOfFirst)
            => Where(a.Path, a.LineNumber) + " -> " + Where(end.Path, end.EndLineNumber ?? end.LineNumber) + (endOfFirst ? " (ends)" : "");

        private static string Where(string path, long line) => line > 0 ? path + ":" + line.ToString(CultureInfo.InvariantCulture) : path;

        private static VMotionEvent Latest(VMotionEvent? a, VMotionEvent b) => a == null || b.Timestamp > a.Timestamp ? b : a;

        private static VMotionEvent Earliest(VMotionEvent? a, VMotionEvent b) => a == null || b.Timestamp < a.Timestamp ? b : a;
    }
}
