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
        /// Log kinds read from folders and bundles (files named explicitly are always read): vmkernel logs, including the
        /// <c>vmkernel-log.N</c> extracted from a dump, but not the binary <c>vmkernel-zdump.N</c> itself, whose log text
        /// is the same screen again.
        /// </summary>
        public static bool Accepts(LogDocument document)
            => (document.Kind == LogKind.VmKernel && document.Name.IndexOf("zdump", StringComparison.OrdinalIgnoreCase) < 0)
               || document.Kind == LogKind.Text || document.Kind == LogKind.Serial;

        /// <summary>Reads every screen in <paramref name="documents"/>; reports NoRelevantData when none holds one.</summary>
        public static IEnumerable<PurpleScreen> Read(IReadOnlyList<LogDocument> documents, PurpleScreenReadOptions options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            var parsers = new List<PurpleScreenParser>();
            foreach (PurpleScreen screen in DocumentReader.ReadLines(documents, Accepts, doc =>
            {
                var p = new PurpleScreenParser(doc, options, context);
                parsers.Add(p);
                return p;
            }, context))
            {
                yield return screen;
            }
            long found = 0;
            foreach (PurpleScreenParser p in parsers) found += p.ScreenCount;
            if (found == 0 && parsers.Count > 0)
            {
                context.Report(parsers.Count == 1 ? documents[0].Path : "<input>", IssueKind.NoRelevantData,
                    "no purple diagnostic screen found in " + parsers.Count + " document(s)");
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
