using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace VirtDiag.OVirt
{
    /// <summary>
    /// Reads a Java stack trace as <c>Throwable.printStackTrace</c> writes it (<c>Type: message</c>, <c>\tat frame</c>,
    /// <c>\t... N more</c>, <c>Caused by: Type: message</c>) out of a record's continuation lines.
    /// </summary>
    internal static class JavaStackTrace
    {
        // A class name with a package, as exceptions are printed: java.net.NoRouteToHostException, org.x.Y$Inner.
        private static readonly Regex s_typeAtStart = new Regex(@"^(?<t>[A-Za-z_$][\w$]*(?:\.[\w$]+)+)(?::\s?(?<m>.*))?$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
        private static readonly Regex s_typeInText = new Regex(@"(?<![\w$.])(?<t>[a-z][\w$]*(?:\.[\w$]+)*\.[A-Z][\w$]*(?:Exception|Error|Throwable|Fault))(?:: (?<m>.*))?$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

        private sealed class Segment
        {
            public string Type = string.Empty;
            public string? Message;
            public readonly List<string> Frames = new List<string>();
            public int Omitted;
        }

        /// <summary>
        /// Parses <paramref name="lines"/> (the record's continuation lines); lines that are not part of the trace are
        /// appended to <paramref name="message"/> after a newline. Null when the lines hold no frame and no <c>Caused by</c>.
        /// </summary>
        public static OVirtJavaException? Parse(string header, List<string> lines, StringBuilder message)
        {
            var segments = new List<Segment>();
            Segment? current = null;
            string? lastText = null;
            int lastTextStart = -1;
            foreach (string raw in lines)
            {
                string t = raw.TrimStart(' ', '\t');
                if (t.StartsWith("at ", StringComparison.Ordinal) && t.IndexOf('(') > 0)
                {
                    if (current == null)
                    {
                        current = new Segment();
                        segments.Add(current);
                        string? headText = lastText ?? header;
                        Match m = lastText != null ? s_typeAtStart.Match(lastText) : Match.Empty;
                        // The exception's own line printed alone before its frames is part of the trace, not of the message.
                        if (m.Success) message.Length = lastTextStart;
                        else m = s_typeInText.Match(header);
                        if (m.Success)
                        {
                            current.Type = m.Groups["t"].Value;
                            current.Message = m.Groups["m"].Success ? m.Groups["m"].Value : null;
                        }
                        else
                        {
                            current.Type = "?";
                            current.Message = headText;
                        }
                    }
                    current.Frames.Add(Frame(t.Substring(3)));
                    continue;
                }
                if (t.StartsWith("... ", StringComparison.Ordinal) && t.EndsWith(" more", StringComparison.Ordinal) && current != null)
                {
                    int.TryParse(t.Substring(4, t.Length - 9), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out current.Omitted);
                    continue;
                }
                if (t.StartsWith("Caused by: ", StringComparison.Ordinal))
                {
                    current = new Segment();
                    segments.Add(current);
                    Match m = s_typeAtStart.Match(t.Substring(11));
                    current.Type = m.Success ? m.Groups["t"].Value : t.Substring(11);
                    current.Message = m.Success && m.Groups["m"].Success ? m.Groups["m"].Value : null;
                    continue;
                }
                if (t.StartsWith("Suppressed: ", StringComparison.Ordinal) && current != null) continue;
                lastTextStart = message.Length;
                message.Append('\n').Append(raw);
                lastText = segments.Count == 0 ? t : null;
            }
            if (segments.Count == 0) return null;
            OVirtJavaException? e = null;
            for (int i = segments.Count - 1; i >= 0; i--)
            {
                Segment s = segments[i];
                e = new OVirtJavaException(s.Type, s.Message, s.Frames, s.Omitted, e);
            }
            return e;
        }

        /// <summary>A frame without the jar suffix the engine's formatter adds (<c> [bll.jar:]</c>, <c> ~[na:1.8.0]</c>).</summary>
        private static string Frame(string t)
        {
            int close = t.LastIndexOf(')');
            return close > 0 && close < t.Length - 1 ? t.Substring(0, close + 1) : t;
        }
    }
}
