using System;

namespace VirtDiag.Common
{
    /// <summary>
    /// The one mapping from a source's clock to the host clock, used by every reader of wall-clock logs: the source's
    /// offset (source clock minus host clock, subtracted), the zone of times written without an offset, and the year of
    /// times written without one (syslog). One instance per document: it caches the zone's offset per local hour.
    /// </summary>
    public sealed class SourceClock
    {
        private readonly Func<int, int, int>? _inferYear;
        private long _zoneHour = long.MinValue;
        private TimeSpan _zoneOffset;

        /// <summary>Creates a clock; <paramref name="inferYear"/> (month, day → year) is where evidence in the input decides the year of yearless times.</summary>
        public SourceClock(TimeSpan offset, TimeZoneInfo? zone = null, int? year = null, Func<int, int, int>? inferYear = null)
        {
            Offset = offset;
            Zone = zone;
            Year = year;
            _inferYear = inferYear;
        }

        /// <summary>Source clock minus host clock.</summary>
        public TimeSpan Offset { get; }

        /// <summary>Zone of times written without an offset; null reads them as UTC (and the records say so).</summary>
        public TimeZoneInfo? Zone { get; }

        /// <summary>The year given for times written without one; null lets inference or the current year decide.</summary>
        public int? Year { get; }

        /// <summary>A time read from the source, placed on the host clock.</summary>
        public DateTimeOffset ToHost(DateTimeOffset sourceTime) => Offset == TimeSpan.Zero ? sourceTime : sourceTime - Offset;

        /// <summary>A time read from the source, if any, placed on the host clock.</summary>
        public DateTimeOffset? ToHost(DateTimeOffset? sourceTime) => sourceTime.HasValue ? ToHost(sourceTime.Value) : (DateTimeOffset?)null;

        /// <summary>A time written without an offset, read in <see cref="Zone"/> (UTC when none), still on the source's clock.</summary>
        public DateTimeOffset FromLocal(DateTime local)
        {
            if (Zone == null) return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero);
            long hour = local.Ticks / TimeSpan.TicksPerHour;
            if (hour != _zoneHour)
            {
                _zoneHour = hour;
                _zoneOffset = Zone.GetUtcOffset(local);
            }
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zoneOffset);
        }

        /// <summary>The year of a time written without one: <see cref="Year"/> when given, else the inference when there is one, else this UTC year.</summary>
        public int YearOf(int month, int day)
        {
            if (Year.HasValue) return Year.Value;
            if (_inferYear != null) return _inferYear(month, day);
            return DateTime.UtcNow.Year;
        }
    }
}
