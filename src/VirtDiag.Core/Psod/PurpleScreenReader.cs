using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.Psod
{
    /// <summary>The one Core entry point of Get-PurpleScreen and <c>virtdiag psod show</c>: documents → screens.</summary>
    public static class PurpleScreenReader
    {
        /// <summary>
        /// Log kinds read from folders and bundles (files named explicitly are always read): vmkernel logs, including the
        /// <c>vmkernel-log.N</c> extracted from a dump, but not the binary <c>vmkernel-zdump.N</c> itself, whose log text
        /// is the same screen again.
        /// </summary>
        public static bool Accepts(LogDocument document)
            => (document.Kind == LogKind.VmKernel && document.Name.IndexOf("zdump", StringComparison.OrdinalIgnoreCase) < 0)
               || document.Kind == LogKind.Text || document.Kind == LogKind.Serial;

        /// <summary>
        /// Opens a read of purple screens from logs, dumps and pasted text; reports NoRelevantData at the end when no
        /// input held a screen.
        /// </summary>
        public static ReadSession<PurpleScreen> Open(PurpleScreenReadOptions options, ReadContext context, Action<PurpleScreen>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var parsers = new List<PurpleScreenParser>();
            var spec = new LineSessionSpec<PurpleScreen, PurpleScreen>(doc =>
            {
                var p = new PurpleScreenParser(doc, options, context);
                parsers.Add(p);
                return p;
            }, new PassThroughJoin<PurpleScreen>())
            {
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = s => s.Timestamp,
                NothingFound = t =>
                {
                    long found = 0;
                    foreach (PurpleScreenParser p in parsers) found += p.ScreenCount;
                    if (found > 0 || t.DocumentsParsed == 0) return null;
                    return t.TextLines > 0 && t.DocumentsParsed == 1
                        ? "no purple diagnostic screen found in " + t.TextLines + " line(s)"
                        : "no purple diagnostic screen found in " + t.DocumentsParsed + " document(s)";
                },
            };
            return new LineSession<PurpleScreen, PurpleScreen>(spec, context, sink);
        }

        /// <summary>Reads the screens in one string (tests, scripts).</summary>
        public static IReadOnlyList<PurpleScreen> Parse(string text, PurpleScreenReadOptions? options = null, ReadContext? context = null, string? hostName = null)
        {
            PurpleScreenReadOptions o = options ?? new PurpleScreenReadOptions();
            if (hostName != null) o.HostName = hostName;
            return new List<PurpleScreen>(Open(o, context ?? new ReadContext()).ReadAllText(new[] { text }));
        }
    }
}
