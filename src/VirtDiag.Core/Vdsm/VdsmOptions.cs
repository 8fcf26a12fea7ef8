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

        /// <summary>Only records of these levels (empty: all).</summary>
        public IList<VdsmLogLevel> Levels { get; } = new List<VdsmLogLevel>();

        /// <summary>Only records of these threads; <c>*</c> and <c>?</c> wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Threads { get; } = new List<string>();

        /// <summary>Only records that belong to these storage task UUIDs (empty: all).</summary>
        public IList<string> TaskIds { get; } = new List<string>();

        /// <summary>Only records of these loggers; wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Loggers { get; } = new List<string>();

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

        internal bool HasHeadFilters => Levels.Count > 0 || Threads.Count > 0 || Loggers.Count > 0 || After.HasValue || Before.HasValue;
    }

    /// <summary>Filters of Get-VdsmTask.</summary>
    public sealed class VdsmTaskOptions : VdsmReadOptions
    {
        /// <summary>Only calls of these verbs; wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Verbs { get; } = new List<string>();

        /// <summary>Only calls with these results (empty: all).</summary>
        public IList<VdsmTaskResult> Results { get; } = new List<VdsmTaskResult>();

        /// <summary>Only calls that took at least this long.</summary>
        public TimeSpan? MinimumDuration { get; set; }

        /// <summary>Most calls and tasks held open at once; the oldest is emitted incomplete beyond it.</summary>
        public int MaxOpen { get; set; } = 100_000;

        internal bool Accept(VdsmTask t)
        {
            if (Verbs.Count > 0 && (t.Verb == null || !Wildcard.AnyMatch(Verbs, t.Verb))) return false;
            if (Results.Count > 0 && !Results.Contains(t.Result)) return false;
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

    /// <summary>PowerShell-style wildcards (<c>*</c>, <c>?</c>), case-insensitive, without a PowerShell reference.</summary>
    internal static class Wildcard
    {
        public static bool AnyMatch(IList<string> patterns, string value)
        {
            foreach (string p in patterns)
            {
                if (IsMatch(p, value)) return true;
            }
            return false;
        }

        public static bool IsMatch(string pattern, string value)
        {
            int p = 0, v = 0, star = -1, mark = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(value[v]))) { p++; v++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
                else if (star >= 0) { p = star + 1; v = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }
}
