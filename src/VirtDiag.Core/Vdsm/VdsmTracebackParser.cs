using System;
using System.Collections.Generic;
using System.Globalization;

namespace VirtDiag.Vdsm
{
    /// <summary>Reads a Python traceback out of a record's text: frames (file, line, function, code) and the exception.</summary>
    internal static class VdsmTracebackParser
    {
        public const string Marker = "Traceback (most recent call last):";

        /// <summary>The last traceback in <paramref name="text"/>, or null when there is none.</summary>
        public static VdsmTraceback? Parse(string text)
        {
            int start = text.IndexOf(Marker, StringComparison.Ordinal);
            if (start < 0) return null;
            var frames = new List<VdsmTracebackFrame>();
            string? excType = null;
            System.Text.StringBuilder? excMessage = null;
            bool sawException = false;
            string? file = null, function = null, code = null;
            int line = 0;
            bool frameOpen = false;

            int pos = start + Marker.Length;
            while (pos < text.Length)
            {
                int nl = text.IndexOf('\n', pos);
                int end = nl < 0 ? text.Length : nl;
                string raw = text.Substring(pos, end - pos).TrimEnd('\r');
                pos = end + 1;
                string trimmed = raw.Trim();
                if (trimmed.Length == 0) continue;
                if (trimmed.StartsWith(Marker, StringComparison.Ordinal))
                {
                    // A chained exception: the traceback that follows is the one that ended the record.
                    if (frameOpen) frames.Add(new VdsmTracebackFrame(file!, line, function, code));
                    frameOpen = false;
                    frames.Clear();
                    excType = null; excMessage = null; sawException = false;
                    continue;
                }
                if (!sawException && trimmed.StartsWith("File \"", StringComparison.Ordinal) && TryFrame(trimmed, out string f, out int l, out string? fn))
                {
                    if (frameOpen) frames.Add(new VdsmTracebackFrame(file!, line, function, code));
                    file = f; line = l; function = fn; code = null; frameOpen = true;
                    continue;
                }
                if (!sawException && frameOpen && code == null && raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && LooksIndentedMoreThanFrame(raw))
                {
                    code = trimmed;
                    continue;
                }
                if (!sawException)
                {
                    if (frameOpen) frames.Add(new VdsmTracebackFrame(file!, line, function, code));
                    frameOpen = false;
                    sawException = true;
                    SplitException(trimmed, out excType, out string? msg);
                    excMessage = msg == null ? null : new System.Text.StringBuilder(msg);
                }
                else if (trimmed.StartsWith("During handling of the above exception", StringComparison.Ordinal)
                    || trimmed.StartsWith("The above exception was the direct cause", StringComparison.Ordinal))
                {
                    continue;
                }
                else
                {
                    excMessage ??= new System.Text.StringBuilder();
                    if (excMessage.Length > 0) excMessage.Append('\n');
                    excMessage.Append(trimmed);
                }
            }
            if (frameOpen) frames.Add(new VdsmTracebackFrame(file!, line, function, code));
            return new VdsmTraceback(excType, excMessage?.ToString(), frames.ToArray(), sawException);
        }

        // Python prints frames with two spaces and code with four; wrapped logs indent everything, so "deeper" is
        // judged against the frame line's own indent only when it is standard.
        private static bool LooksIndentedMoreThanFrame(string raw)
        {
            int n = 0;
            while (n < raw.Length && (raw[n] == ' ' || raw[n] == '\t')) n++;
            return n >= 3 && !raw.Substring(n).StartsWith("File \"", StringComparison.Ordinal);
        }

        private static bool TryFrame(string s, out string file, out int line, out string? function)
        {
            file = string.Empty; line = 0; function = null;
            int q = s.IndexOf('"', 6);
            if (q < 0) return false;
            file = s.Substring(6, q - 6);
            int li = s.IndexOf(", line ", q, StringComparison.Ordinal);
            if (li < 0) return true;
            int ls = li + 7, le = ls;
            while (le < s.Length && char.IsDigit(s[le])) le++;
            int.TryParse(s.Substring(ls, le - ls), NumberStyles.None, CultureInfo.InvariantCulture, out line);
            int fi = s.IndexOf(", in ", le, StringComparison.Ordinal);
            if (fi >= 0) function = s.Substring(fi + 5).Trim();
            return true;
        }

        private static void SplitException(string s, out string? type, out string? message)
        {
            int colon = s.IndexOf(": ", StringComparison.Ordinal);
            string head = colon < 0 ? s.TrimEnd(':') : s.Substring(0, colon);
            if (IsDottedName(head))
            {
                type = head;
                message = colon < 0 ? null : s.Substring(colon + 2);
            }
            else
            {
                type = null;
                message = s;
            }
        }

        private static bool IsDottedName(string s)
        {
            if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] == '_')) return false;
            foreach (char c in s)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.')) return false;
            }
            return true;
        }
    }
}
