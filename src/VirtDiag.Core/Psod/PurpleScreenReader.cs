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

        /// <summary>Reads every screen in <paramref name="documents"/>; reports NoRelevantData when none holds one.</summary>
        public static IEnumerable<PurpleScreen> Read(IReadOnlyList<LogDocument> documents, PurpleScreenReadOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var parsers = new List<PurpleScreenParser>();
            var summaries = new List<VmkSummaryParser>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (PurpleScreen screen in DocumentReader.ReadLines<PurpleScreen>(documents, Accepts, doc =>
            {
                if (doc.Kind == LogKind.VmkSummary)
                {
                    var s = new VmkSummaryParser(doc, options, context);
                    summaries.Add(s);
                    return s;
                }
                var p = new PurpleScreenParser(doc, options, context);
                parsers.Add(p);
                return p;
            }, context))
            {
                // The same panic in vmkernel.log and in the coredump's log (vmkernel-zdump, vmkernel-log.N): the first one read is given.
                if (screen.Timestamp.HasValue && screen.LogKind == LogKind.VmKernel)
                {
                    string key = screen.HostName + "|" + screen.Timestamp.Value.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + screen.Message;
                    if (seen.Contains(key))
                    {
                        context.Report(screen.Path, IssueKind.Skipped, "the screen here was already read from another log of the host (same time and message); not given twice", screen.LineNumber);
                        continue;
                    }
                    if (seen.Count >= MaxRemembered) seen.Clear();
                    seen.Add(key);
                }
                yield return screen;
            }
            long found = 0;
            foreach (PurpleScreenParser p in parsers) found += p.ScreenCount;
            foreach (VmkSummaryParser s in summaries) found += s.ScreenCount;
            int read = parsers.Count + summaries.Count;
            if (found == 0 && read > 0)
            {
                context.Report(read == 1 ? documents[0].Path : "<input>", IssueKind.NoRelevantData,
                    "no purple diagnostic screen found in " + read + " document(s)");
            }
        }

        /// <summary>Reads the screens in one string (tests, scripts).</summary>
        public static IReadOnlyList<PurpleScreen> Parse(string text, PurpleScreenReadOptions? options = null, ReadContext? context = null, string? hostName = null)
        {
            var converter = new PurpleScreenTextConverter(options ?? new PurpleScreenReadOptions(), context ?? new ReadContext(), hostName);
            var output = new List<PurpleScreen>();
            converter.Feed(text, output);
            converter.Complete(output);
            return output;
        }
    }

    /// <summary>
    /// ConvertFrom-PurpleScreen's accumulator: strings arrive one pipeline object at a time and a screen spans many
    /// of them, so the parser's state lives here between calls; screens come out as their block ends, the last at <see cref="Complete"/>.
    /// </summary>
    public sealed class PurpleScreenTextConverter
    {
        private readonly LogDocument _document;
        private readonly PurpleScreenParser _parser;
        private readonly TextFeeder<PurpleScreen> _feeder;
        private readonly ReadContext _context;

        /// <summary>Creates a converter for piped text from <paramref name="hostName"/> (or options.HostName).</summary>
        public PurpleScreenTextConverter(PurpleScreenReadOptions options, ReadContext context, string? hostName = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _document = LogDocument.ForText(hostName ?? options.HostName);
            _parser = new PurpleScreenParser(_document, options, context);
            _feeder = new TextFeeder<PurpleScreen>(_parser);
        }

        /// <summary>Feeds one string (one or more lines); finished screens are added to <paramref name="output"/>.</summary>
        public void Feed(string? text, List<PurpleScreen> output) => _feeder.Feed(text, output);

        /// <summary>Ends the input: adds the screen still open; reports NoRelevantData when the text held none.</summary>
        public void Complete(List<PurpleScreen> output)
        {
            _feeder.Complete(output);
            if (_parser.ScreenCount == 0 && _feeder.LineCount > 0)
                _context.Report(_document.Path, IssueKind.NoRelevantData, "no purple diagnostic screen found in " + _feeder.LineCount + " line(s)");
        }
    }
}
