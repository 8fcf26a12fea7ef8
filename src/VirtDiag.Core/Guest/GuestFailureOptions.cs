using System;
using System.Collections.Generic;
using VirtDiag.Common;

namespace VirtDiag.Guest
{
    /// <summary>Options of <see cref="GuestFailureReader"/>: the common window and offset plus OS and kind filters.</summary>
    public sealed class GuestFailureOptions : CommonReadOptions
    {
        /// <summary>Only failures of these OS families (null or empty: all).</summary>
        public GuestOs[]? Os { get; set; }

        /// <summary>Only failures of these kinds (null or empty: all).</summary>
        public GuestFailureKind[]? Kind { get; set; }

        /// <summary>The year for syslog times, which carry none (default: inferred from evidence by <see cref="VirtDiag.Common.YearInference"/>).</summary>
        public int? Year { get; set; }

        /// <inheritdoc/>
        public override SourceClock CreateClock() => new SourceClock(TimeOffset, null, Year);

        internal bool Accepts(GuestOsFailure f)
        {
            if (!Filter.Allows(Os, f.Os)) return false;
            if (!Filter.Allows(Kind, f.Kind)) return false;
            return InWindow(f.HostTimestamp);
        }
    }
}
