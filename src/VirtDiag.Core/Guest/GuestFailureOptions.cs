using System;
using System.Collections.Generic;
using VirtDiag.Common;

namespace VirtDiag.Guest
{
    /// <summary>Options of <see cref="GuestFailureReader"/>: the common window and offset plus OS and kind filters.</summary>
    public sealed class GuestFailureOptions : CommonReadOptions
    {
        /// <summary>Only failures of these OS families (null or empty: all).</summary>
        public IReadOnlyCollection<GuestOs>? Os { get; set; }

        /// <summary>Only failures of these kinds (null or empty: all).</summary>
        public IReadOnlyCollection<GuestFailureKind>? Kind { get; set; }

        /// <summary>The year for syslog times, which carry none (default: inferred from evidence by <see cref="VirtDiag.Common.YearInference"/>).</summary>
        public int? Year { get; set; }

        internal bool Accepts(GuestOsFailure f)
        {
            if (Os != null && Os.Count > 0 && !Contains(Os, f.Os)) return false;
            if (Kind != null && Kind.Count > 0 && !Contains(Kind, f.Kind)) return false;
            return InWindow(f.HostTimestamp);
        }

        private static bool Contains<T>(IReadOnlyCollection<T> set, T value)
        {
            foreach (T v in set) if (EqualityComparer<T>.Default.Equals(v, value)) return true;
            return false;
        }
    }
}
