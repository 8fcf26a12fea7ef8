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

        /// <summary>Opens a read of guest failures from documents (in document order) and piped text.</summary>
        public static ReadSession<GuestOsFailure> Open(GuestFailureOptions options, ReadContext context, Action<GuestOsFailure>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var spec = new LineSessionSpec<GuestOsFailure, GuestOsFailure>(doc => new GuestFailureParser(doc, options, context), new PassThroughJoin<GuestOsFailure>())
            {
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = f => f.HostTimestamp,
            };
            return new LineSession<GuestOsFailure, GuestOsFailure>(spec, context, sink);
        }
    }
}
