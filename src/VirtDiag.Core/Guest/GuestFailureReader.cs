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

        /// <summary>Reads guest failures from documents, in document order; reports NoRelevantData when none is found.</summary>
        public static IEnumerable<GuestOsFailure> Read(IReadOnlyList<LogDocument> documents, GuestFailureOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (context == null) throw new ArgumentNullException(nameof(context));
            return ReadCore(documents, options, context);
        }

        private static IEnumerable<GuestOsFailure> ReadCore(IReadOnlyList<LogDocument> documents, GuestFailureOptions options, ReadContext context)
        {
            var parsers = new List<GuestFailureParser>();
            long written = 0;
            foreach (GuestOsFailure f in DocumentReader.ReadLines(documents, Accepts, doc =>
                     {
                         var p = new GuestFailureParser(doc, options, context);
                         parsers.Add(p);
                         return p;
                     }, context))
            {
                written++;
                yield return f;
            }
            if (written > 0 || documents.Count == 0) yield break;
            long found = 0;
            foreach (GuestFailureParser p in parsers) found += p.Found;
            string where = documents.Count == 1 ? documents[0].Path : documents[0].FilePath + " (+" + (documents.Count - 1) + " more)";
            context.Report(where, IssueKind.NoRelevantData, found > 0
                ? found + " guest OS failure(s) found, none matched the filters"
                : "no guest OS failure found in " + parsers.Count + " document(s) read");
        }

        /// <summary>A feeder for strings from the pipeline (each string may hold several lines).</summary>
        public static TextFeeder<GuestOsFailure> CreateFeeder(GuestFailureOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new TextFeeder<GuestOsFailure>(new GuestFailureParser(LogDocument.ForText(options.HostName), options, context, reportNoneFound: true));
        }
    }
}
