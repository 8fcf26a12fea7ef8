using System;

namespace VirtDiag.Timeline
{
    /// <summary>Options of Measure-ClockSkew / <c>virtdiag clock-skew</c>: how anchors are found and which host is the reference.</summary>
    public class ClockSkewOptions
    {
        /// <summary>The host whose clock is the reference; else the oVirt engine, else the host with the most anchors.</summary>
        public string? ReferenceHostName { get; set; }

        /// <summary>Zone of vdsm and engine times written without an offset (UTC when not given).</summary>
        public TimeZoneInfo? TimeZone { get; set; }

        /// <summary>Year for guest syslog lines that have none (the current year when not given).</summary>
        public int? Year { get; set; }

        /// <summary>How far apart a guest failure and the host-side record of it may be written to be paired (default 1 hour: the guest clock may be off by that much).</summary>
        public TimeSpan GuestAnchorWindow { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How long (on the hosts' clocks, read side by side) a vMotion finished on one side waits for its other side (default 1 day: a host's clock may be off by that much); a side written later comes out as a second migration, reported.</summary>
        public TimeSpan VMotionJoinWindow { get; set; } = TimeSpan.FromDays(1);

        /// <summary>How far apart the engine's START of a VDS command and vdsm's start of the verb may be written to be paired without a flow id (default 2 minutes); only a call alone in that window is paired.</summary>
        public TimeSpan EngineAnchorWindow { get; set; } = TimeSpan.FromMinutes(2);
    }

    /// <summary>Options of Get-VirtDiagTimeline / <c>virtdiag timeline</c>.</summary>
    public sealed class TimelineOptions : ClockSkewOptions
    {
        /// <summary>Only entries at or after this time (reference clock).</summary>
        public DateTimeOffset? After { get; set; }

        /// <summary>Only entries before this time (reference clock).</summary>
        public DateTimeOffset? Before { get; set; }

        /// <summary>Only entries of these hosts (wildcards); null or empty keeps all.</summary>
        public string[]? HostName { get; set; }

        /// <summary>Only entries of these sources; null or empty keeps all (trace events only with <see cref="IncludeTrace"/>).</summary>
        public RecordSource[]? Source { get; set; }

        /// <summary>Only entries at least this severe (default Info: vdsm DEBUG records are left out unless Debug is asked for).</summary>
        public RecordSeverity MinimumSeverity { get; set; } = RecordSeverity.Info;

        /// <summary>Read trace files too (off by default: a trace holds millions of events, and trace clocks are not wall clocks).</summary>
        public bool IncludeTrace { get; set; }

        /// <summary>Estimate each host's clock offset from the input (as Measure-ClockSkew does) and place entries on the reference clock.</summary>
        public bool EstimateClockSkew { get; set; }

        /// <summary>Offsets given by hand (host clock minus reference clock); they win over estimates, and the last one given for a host wins.</summary>
        public HostClockOffset[]? ClockOffset { get; set; }

        /// <summary>Entries held per joined source (vdsm calls and commands, engine commands: each comes out at its end) to put it back in order of start (default 4,096, about a minute of a busy host's calls); later ones are reported.</summary>
        public int ReorderCapacity { get; set; } = 4096;

        /// <summary>Entries held per document source (records in line order, nearly ordered in time already); later ones are reported.</summary>
        public int DocumentReorderCapacity { get; set; } = 256;

        internal bool Reconcile => EstimateClockSkew || ClockOffset?.Length > 0;
    }
}
