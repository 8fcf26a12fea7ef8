using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Guest
{
    /// <summary>The one Core entry point behind Get-GuestOsFailure and <c>virtdiag guest failures</c>.</summary>
    public static class GuestFailureReader
    {
        /// <summary>Log kinds read when a folder or bundle is given (explicitly named files are always read).</summary>
        public static bool Accepts(LogDocument document)
        {
            switch (document.Kind)
            {
                case LogKind.Messages: case LogKind.Kern: case LogKind.Syslog: case LogKind.Dmesg: case LogKind.VmcoreDmesg:
                case LogKind.Serial: case LogKind.Journal: case LogKind.WindowsText: case LogKind.VmwareLog: case LogKind.Hostd:
                case LogKind.Text:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Opens a read of guest failures from documents (in document order) and piped text; reports NoRelevantData at
        /// the end when none was given, saying whether none was found or none matched the filters.
        /// </summary>
        public static ReadSession<GuestOsFailure> Open(GuestFailureOptions options, ReadContext context, Action<GuestOsFailure>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            // Parsers are made on the parse-ahead thread too (ParserIn); the list is read at the end for the nothing-found message.
            var parsers = new List<GuestFailureParser>();
            GuestFailureParser Make(LogDocument doc, ReadContext c)
            {
                var p = new GuestFailureParser(doc, options, c);
                lock (parsers) parsers.Add(p);
                return p;
            }
            var spec = new LineSessionSpec<GuestOsFailure, GuestOsFailure>(doc => Make(doc, context), new PassThroughJoin<GuestOsFailure>())
            {
                ParserIn = Make,
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = f => f.HostTimestamp,
                NothingFound = t =>
                {
                    if (t.Records > 0 || t.DocumentsParsed == 0) return null;
                    long found = 0;
                    lock (parsers) foreach (GuestFailureParser p in parsers) found += p.Found;
                    if (found > 0) return found + " guest OS failure(s) found, none matched the filters";
                    return t.TextLines > 0 && t.DocumentsParsed == 1
                        ? "no guest OS failure found"
                        : "no guest OS failure found in " + t.DocumentsParsed + " document(s) read";
                },
            };
            return new LineSession<GuestOsFailure, GuestOsFailure>(spec, context, sink);
        }
    }
}
