using System;

namespace VirtDiag.Common
{
    /// <summary>Options every reader shares: time window, host name for unnamed input, clock offset.</summary>
    public class CommonReadOptions
    {
        /// <summary>Only records at or after this time.</summary>
        public DateTimeOffset? After { get; set; }

        /// <summary>Only records before this time.</summary>
        public DateTimeOffset? Before { get; set; }

        /// <summary>Host name for input whose host cannot be told from its path (pipeline text, a bare file); overrides a guessed one.</summary>
        public string? HostName { get; set; }

        /// <summary>Source clock minus host clock; subtracted from source times to place them on the host clock.</summary>
        public TimeSpan TimeOffset { get; set; }

        /// <summary>True when <paramref name="time"/> lies in the After/Before window.</summary>
        public bool InWindow(DateTimeOffset time)
            => (!After.HasValue || time >= After.Value) && (!Before.HasValue || time < Before.Value);

        /// <summary>True when <paramref name="time"/> is unknown or lies in the window (records without a time are kept).</summary>
        public bool InWindow(DateTimeOffset? time) => !time.HasValue || InWindow(time.Value);
    }
}
