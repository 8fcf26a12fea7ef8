using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace VirtDiag.Timeline
{
    /// <summary>A clock offset given by hand: the host's clock minus the reference clock, in seconds.</summary>
    public sealed class HostClockOffset
    {
        /// <summary>Creates an offset for <paramref name="hostName"/>.</summary>
        public HostClockOffset(string hostName, double seconds)
        {
            if (string.IsNullOrEmpty(hostName)) throw new ArgumentException("A clock offset needs a host name.", nameof(hostName));
            if (double.IsNaN(seconds) || double.IsInfinity(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A clock offset is a finite number of seconds.");
            HostName = hostName;
            Seconds = seconds;
        }

        /// <summary>The host (its name as the timeline gives it, case ignored).</summary>
        public string HostName { get; }

        /// <summary>The host's clock minus the reference clock, seconds.</summary>
        public double Seconds { get; }

        /// <summary>One offset per entry of a host → seconds table (PowerShell's <c>@{ 'esx02' = 12.5 }</c>); null gives null.</summary>
        public static HostClockOffset[]? FromTable(IDictionary? table)
        {
            if (table == null) return null;
            var result = new List<HostClockOffset>(table.Count);
            foreach (DictionaryEntry e in table)
                result.Add(new HostClockOffset(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, Convert.ToDouble(e.Value, CultureInfo.InvariantCulture)));
            return result.ToArray();
        }

        /// <inheritdoc/>
        public override string ToString() => HostName + "=" + Seconds.ToString("R", CultureInfo.InvariantCulture);
    }
}
