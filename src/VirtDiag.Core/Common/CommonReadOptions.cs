using System;

namespace VirtDiag.Common
{
    /// <summary>What every reader takes: the host name of input whose host cannot be told from its path.</summary>
    public class ReadOptions
    {
        /// <summary>Host name for input whose host cannot be told from its path (pipeline text, a bare file); overrides a guessed one.</summary>
        public string? HostName { get; set; }
    }

    /// <summary>Options of the readers of wall-clock logs: time window on the host clock and the source clock's offset.</summary>
    public class CommonReadOptions : ReadOptions
    {
        /// <summary>Only records at or after this time.</summary>
        public DateTimeOffset? After { get; set; }

        /// <summary>Only records before this time.</summary>
        public DateTimeOffset? Before { get; set; }

        /// <summary>Source clock minus host clock; subtracted from source times to place them on the host clock.</summary>
        public TimeSpan TimeOffset { get; set; }

        /// <summary>A new mapping of one source's clock to the host clock (one per document: it keeps a small cache).</summary>
        public virtual SourceClock CreateClock() => new SourceClock(TimeOffset);

        /// <summary>True when <paramref name="time"/> lies in the After/Before window.</summary>
        public bool InWindow(DateTimeOffset time)
            => (!After.HasValue || time >= After.Value) && (!Before.HasValue || time < Before.Value);

        /// <summary>True when <paramref name="time"/> is unknown or lies in the window (records without a time are kept).</summary>
        public bool InWindow(DateTimeOffset? time) => !time.HasValue || InWindow(time.Value);
    }
}
