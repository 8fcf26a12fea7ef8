using System;
using System.Globalization;

namespace VirtDiag.Common
{
    /// <summary>Text helpers for the one-line summaries of <see cref="IDiagnosticRecord"/>.</summary>
    internal static class RecordText
    {
        /// <summary>Longest summary kept; the rest is cut with an ellipsis.</summary>
        public const int MaxSummaryLength = 240;

        /// <summary>The first line of <paramref name="text"/>, trimmed and cut at <see cref="MaxSummaryLength"/>.</summary>
        public static string OneLine(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            int end = text!.IndexOfAny(s_lineEnds);
            string line = (end >= 0 ? text.Substring(0, end) : text).Trim();
            return line.Length <= MaxSummaryLength ? line : line.Substring(0, MaxSummaryLength - 1) + "…";
        }

        /// <summary>Seconds with up to three decimals, invariant (<c>12.5 s</c>).</summary>
        public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        private static readonly char[] s_lineEnds = { '\n', '\r' };
    }
}
