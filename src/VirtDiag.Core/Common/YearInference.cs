using System;

namespace VirtDiag.Common
{
    /// <summary>Where the year of a year-less time (syslog <c>Mon DD HH:MM:SS</c>) came from.</summary>
    public enum YearSource
    {
        /// <summary>Given by the user (<c>-Year</c> / <c>--year</c>).</summary>
        Option,
        /// <summary>Taken from a dated line read before it in the same document (ISO time, <c>dmesg -T</c>, serial console date).</summary>
        DatedLine,
        /// <summary>Taken from the time the file (or the archive entry) was last written: the text cannot be newer than that.</summary>
        FileTime,
        /// <summary>No evidence: the current year was assumed.</summary>
        Assumed,
    }

    /// <summary>
    /// Gives year-less times a year from evidence, one document at a time: a year the user named wins; else the last
    /// dated line before (the line is later than it, so a December anchor followed by a January line moves on a
    /// year); else the file's last-write time (the line is not later than it, so a December line in a file written in
    /// January is from the year before); else the current year, marked as assumed. Within a document the year follows
    /// the month sequence, so a log running from December into January steps over New Year.
    /// </summary>
    public sealed class YearInference
    {
        private static readonly TimeSpan s_slack = TimeSpan.FromDays(2);
        private readonly int? _optionYear;
        private readonly DateTimeOffset? _fileTime;
        private readonly Func<DateTimeOffset> _now;
        private DateTimeOffset? _anchor;
        private int _lastYear;
        private int _lastMonth;
        private YearSource _lastSource;

        /// <summary>Creates the inference for one document.</summary>
        /// <param name="optionYear">The year the user named, if any.</param>
        /// <param name="fileTime">When the document was last written (file or archive entry time), if known.</param>
        /// <param name="now">The clock used when there is no evidence (tests pass a fixed one).</param>
        public YearInference(int? optionYear, DateTimeOffset? fileTime, Func<DateTimeOffset>? now = null)
        {
            _optionYear = optionYear;
            _fileTime = fileTime;
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Notes a fully dated time read in the document (it anchors the year-less lines after it).</summary>
        public void ObserveDated(DateTimeOffset time)
        {
            _anchor = time;
            _lastMonth = 0;
        }

        /// <summary>The year for a time of <paramref name="month"/>/<paramref name="day"/>, and where it came from.</summary>
        public (int Year, YearSource Source) Resolve(int month, int day)
        {
            if (month < 1 || month > 12) throw new ArgumentOutOfRangeException(nameof(month));
            if (_optionYear.HasValue) return (_optionYear.Value, YearSource.Option);
            if (_lastMonth != 0)
            {
                // the same run of year-less lines: months only move forward, a step back is New Year
                int year = month < _lastMonth && _lastMonth - month >= 6 ? _lastYear + 1 : _lastYear;
                return Remember(year, month, _lastSource);
            }
            if (_anchor.HasValue)
            {
                DateTimeOffset a = _anchor.Value;
                int year = a.Year;
                if (Candidate(year, month, day) < a - s_slack) year++;
                return Remember(year, month, YearSource.DatedLine);
            }
            if (_fileTime.HasValue)
            {
                DateTimeOffset f = _fileTime.Value;
                int year = f.Year;
                if (Candidate(year, month, day) > f + s_slack) year--;
                return Remember(year, month, YearSource.FileTime);
            }
            return Remember(_now().Year, month, YearSource.Assumed);
        }

        private (int, YearSource) Remember(int year, int month, YearSource source)
        {
            _lastYear = year; _lastMonth = month; _lastSource = source;
            return (year, source);
        }

        private static DateTimeOffset Candidate(int year, int month, int day)
        {
            int d = Math.Min(Math.Max(day, 1), DateTime.DaysInMonth(year, month));
            return new DateTimeOffset(year, month, d, 12, 0, 0, TimeSpan.Zero);
        }
    }
}
