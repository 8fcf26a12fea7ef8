using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using VirtDiag.Common;

namespace VirtDiag.Vdsm
{
    /// <summary>Options every VDSM reader takes: how to read timestamps that carry no UTC offset.</summary>
    public class VdsmReadOptions : CommonReadOptions
    {
        /// <summary>Zone of timestamps without an offset (old layout, 4.19); null reads them as UTC and says so in each record.</summary>
        public TimeZoneInfo? TimeZone { get; set; }

        /// <inheritdoc/>
        public override SourceClock CreateClock() => new SourceClock(TimeOffset, TimeZone);

        /// <summary>
        /// Reads a zone as the user writes it: <c>UTC</c>, <c>+0100</c>, <c>-05:30</c>, or a system zone id
        /// (<c>Europe/Prague</c>, <c>Central European Standard Time</c>). Throws <see cref="ArgumentException"/> for anything else.
        /// </summary>
        public static TimeZoneInfo ParseTimeZone(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("time zone is empty");
            string t = text.Trim();
            if (t.Equals("UTC", StringComparison.OrdinalIgnoreCase) || t.Equals("Z", StringComparison.OrdinalIgnoreCase) || t.Equals("GMT", StringComparison.OrdinalIgnoreCase))
                return TimeZoneInfo.Utc;
            if (t[0] == '+' || t[0] == '-')
            {
                string digits = t.Substring(1).Replace(":", string.Empty);
                if ((digits.Length == 4 || digits.Length == 2) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
                {
                    int hours = digits.Length == 4 ? v / 100 : v, minutes = digits.Length == 4 ? v % 100 : 0;
                    if (hours <= 14 && minutes < 60)
                    {
                        var offset = new TimeSpan(hours, minutes, 0);
                        if (t[0] == '-') offset = -offset;
                        return TimeZoneInfo.CreateCustomTimeZone("UTC" + t, offset, "UTC" + t, "UTC" + t);
                    }
                }
                throw new ArgumentException("time zone '" + text + "' is not an offset like +0100 or -05:30");
            }
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(t);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException || e is InvalidTimeZoneException)
            {
                throw new ArgumentException("unknown time zone '" + text + "' (use UTC, an offset like +0100, or a zone id like Europe/Prague)", e);
            }
        }
    }

    /// <summary>Filters of Get-VdsmLogEntry, applied in Core before records are built.</summary>
    public sealed class VdsmEntryOptions : VdsmReadOptions
    {
        private string? _match;

        /// <summary>Only records of these levels (null or empty: all).</summary>
        public VdsmLogLevel[]? Level { get; set; }

        /// <summary>Only records of these threads; <c>*</c> and <c>?</c> wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Thread { get; set; }

        /// <summary>Only records that belong to these storage task UUIDs (null or empty: all).</summary>
        public string[]? TaskId { get; set; }

        /// <summary>Only records of these loggers; wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Logger { get; set; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        public string? Match
        {
            get => _match;
            set
            {
                _match = value;
                try
                {
                    MatchRegex = string.IsNullOrEmpty(value) ? null : new Regex(value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException("-Match: '" + value + "' is not a valid regular expression: " + e.Message, nameof(Match), e);
                }
            }
        }

        internal Regex? MatchRegex { get; private set; }

        internal bool HasHeadFilters => Filter.IsSet(Level) || Filter.IsSet(Thread) || Filter.IsSet(Logger) || After.HasValue || Before.HasValue;
    }

    /// <summary>Filters of Get-VdsmTask.</summary>
    public sealed class VdsmTaskOptions : VdsmReadOptions
    {
        /// <summary>Only calls of these verbs; wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Verb { get; set; }

        /// <summary>Only calls with these results (null or empty: all).</summary>
        public VdsmTaskResult[]? Result { get; set; }

        /// <summary>Only calls that took at least this long.</summary>
        public TimeSpan? MinimumDuration { get; set; }

        /// <summary>Most calls and tasks held open at once; the oldest is emitted incomplete beyond it.</summary>
        public int MaxOpen { get; set; } = 100_000;

        internal bool Accept(VdsmTask t)
        {
            if (!Filter.AllowsMatch(Verb, t.Verb)) return false;
            if (!Filter.Allows(Result, t.Result)) return false;
            if (MinimumDuration.HasValue && (!t.Duration.HasValue || t.Duration.Value < MinimumDuration.Value)) return false;
            return InWindow(t.StartTime ?? t.EndTime);
        }
    }

    /// <summary>Filters of Get-VdsmExternalCommand.</summary>
    public sealed class VdsmCommandOptions : VdsmReadOptions
    {
        /// <summary>Only commands that failed (FAILED, or a non-zero exit code).</summary>
        public bool Failed { get; set; }

        internal bool Accept(VdsmExternalCommand c)
        {
            if (Failed && c.Succeeded != false) return false;
            return InWindow(c.StartTime ?? c.EndTime);
        }
    }
}
