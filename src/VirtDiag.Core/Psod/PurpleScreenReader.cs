using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Psod
{
    /// <summary>The one Core entry point of Get-PurpleScreen and <c>virtdiag psod show</c>: documents → screens.</summary>
    public static class PurpleScreenReader
    {
        /// <summary>
        /// Log kinds read from folders and bundles (files named explicitly are always read): vmkernel logs, the
        /// <c>vmkernel-log.N</c> extracted from a dump, <c>vmkernel-zdump*</c> coredumps (their log text is read where it
        /// is stored plain; a screen already read from another log of the host is not given twice), and vmksummary.log.
        /// </summary>
        public static bool Accepts(LogDocument document)
            => document.Kind == LogKind.VmKernel || document.Kind == LogKind.VmkSummary || document.Kind == LogKind.Text || document.Kind == LogKind.Serial;

        private const int MaxRemembered = 4096;

        /// <summary>
        /// Opens a read of purple screens from logs, dumps and pasted text; reports NoRelevantData at the end when no
        /// input held a screen.
        /// </summary>
        public static ReadSession<PurpleScreen> Open(PurpleScreenReadOptions options, ReadContext context, Action<PurpleScreen>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            // Parsers are made on the parse-ahead thread too (ParserIn); the lists are read at the end for the nothing-found message.
            var parsers = new List<PurpleScreenParser>();
            var summaries = new List<VmkSummaryParser>();
            ILineParser<PurpleScreen> Make(LogDocument doc, ReadContext c)
            {
                lock (parsers)
                {
                    if (doc.Kind == LogKind.VmkSummary)
                    {
                        var s = new VmkSummaryParser(doc, options, c);
                        summaries.Add(s);
                        return s;
                    }
                    var p = new PurpleScreenParser(doc, options, c);
                    parsers.Add(p);
                    return p;
                }
            }
            var spec = new LineSessionSpec<PurpleScreen, PurpleScreen>(doc => Make(doc, context), new SameScreenOnce(context))
            {
                ParserIn = Make,
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = s => s.Timestamp,
                NothingFound = t =>
                {
                    long found = 0;
                    lock (parsers)
                    {
                        foreach (PurpleScreenParser p in parsers) found += p.ScreenCount;
                        foreach (VmkSummaryParser s in summaries) found += s.ScreenCount;
                    }
                    if (found > 0 || t.DocumentsParsed == 0) return null;
                    return t.TextLines > 0 && t.DocumentsParsed == 1
                        ? "no purple diagnostic screen found in " + t.TextLines + " line(s)"
                        : "no purple diagnostic screen found in " + t.DocumentsParsed + " document(s)";
                },
            };
            return new LineSession<PurpleScreen, PurpleScreen>(spec, context, sink);
        }

        /// <summary>
        /// Gives the same panic once when it is read from vmkernel.log and again from the coredump's log
        /// (vmkernel-zdump, vmkernel-log.N): the first one read is given, the later one reported as skipped.
        /// </summary>
        private sealed class SameScreenOnce : IRecordJoin<PurpleScreen, PurpleScreen>
        {
            private readonly ReadContext _context;
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

            public SameScreenOnce(ReadContext context) => _context = context;

            public void Add(PurpleScreen screen, List<PurpleScreen> output)
            {
                if (screen.Timestamp.HasValue && screen.LogKind == LogKind.VmKernel)
                {
                    string key = screen.HostName + "|" + screen.Timestamp.Value.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + screen.Message;
                    if (_seen.Contains(key))
                    {
                        _context.Report(screen.Path, IssueKind.Skipped, "the screen here was already read from another log of the host (same time and message); not given twice", screen.LineNumber);
                        return;
                    }
                    if (_seen.Count >= MaxRemembered) _seen.Clear();
                    _seen.Add(key);
                }
                output.Add(screen);
            }

            public void Complete(List<PurpleScreen> output) { }
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
