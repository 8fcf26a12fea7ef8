using System;
using System.Collections.Generic;
using VirtDiag.Common;
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

        /// <summary>Reads guest failures from documents, in document order.</summary>
        public static IEnumerable<GuestOsFailure> Read(IReadOnlyList<LogDocument> documents, GuestFailureOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return DocumentReader.ReadLines(documents, Accepts, doc => new GuestFailureParser(doc, options, context), context);
        }

        /// <summary>A feeder for strings from the pipeline (each string may hold several lines).</summary>
        public static TextFeeder<GuestOsFailure> CreateFeeder(GuestFailureOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new TextFeeder<GuestOsFailure>(new GuestFailureParser(LogDocument.ForText(options.HostName), options, context));
        }
    }
}
