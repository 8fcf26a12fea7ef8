using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.VMotion
{
    /// <summary>The Core entry points behind Get-VMotionEvent / Get-VMotionMigration and <c>virtdiag vmotion</c>.</summary>
    public static class VMotionReader
    {
        /// <summary>
        /// The documents vMotion is read from inside folders and bundles: vmkernel, hostd, vpxa, vmware.log, syslog/messages.
        /// vmkwarning.log is left out there (its lines repeat vmkernel.log's); a file named directly is always read.
        /// </summary>
        public static bool Accepts(LogDocument document)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            switch (document.Kind)
            {
                case LogKind.VmKernel:
                case LogKind.Hostd:
                case LogKind.Vpxa:
                case LogKind.VmwareLog:
                case LogKind.Syslog:
                case LogKind.Messages:
                case LogKind.Text:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Opens a read of vMotion events (one per vMotion line, filtered by time window and migration id); records go
        /// to <paramref name="sink"/>, or use <see cref="ReadSession{T}.ReadAll"/> without one.
        /// </summary>
        public static ReadSession<VMotionEvent> OpenEvents(VMotionOptions options, ReadContext context, Action<VMotionEvent>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var spec = new LineSessionSpec<VMotionEvent, VMotionEvent>(d => new VMotionLineParser(d, options, context), new PassThroughJoin<VMotionEvent>())
            {
                ParserIn = (d, c) => new VMotionLineParser(d, options, c),
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = e => e.Timestamp,
                NothingFound = t => t.Records == 0 ? "no vMotion lines" + (Filtered(options) ? " matched the filters" : " found") : null,
            };
            return new LineSession<VMotionEvent, VMotionEvent>(spec, context, sink);
        }

        /// <summary>
        /// Opens a read of migrations: one per migration id over all input of the session (every host, every file, piped
        /// one by one or named together), filtered by id, result and time window.
        /// </summary>
        public static ReadSession<VMotionMigration> OpenMigrations(VMotionOptions options, ReadContext context, Action<VMotionMigration>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var spec = new LineSessionSpec<VMotionEvent, VMotionMigration>(
                d => new VMotionLineParser(d, options, context, applyEventFilters: false), new VMotionMigrationJoiner(options, context))
            {
                ParserIn = (d, c) => new VMotionLineParser(d, options, c, applyEventFilters: false),
                Accepts = Accepts,
                TextDocument = LogDocument.ForText(options.HostName),
                TimeOf = e => e.Timestamp,
                NothingFound = t => t.Records == 0 ? "no vMotion lines found" : null,
            };
            return new LineSession<VMotionEvent, VMotionMigration>(spec, context, sink);
        }

        private static bool Filtered(VMotionOptions o) => o.After.HasValue || o.Before.HasValue || Filter.IsSet(o.MigrationId);

    }
}
