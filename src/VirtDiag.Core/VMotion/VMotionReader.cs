using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
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

        /// <summary>One event per vMotion line of <paramref name="documents"/>, filtered by time window and migration id.</summary>
        public static IEnumerable<VMotionEvent> ReadEvents(IReadOnlyList<LogDocument> documents, VMotionOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            long n = 0;
            foreach (VMotionEvent e in DocumentReader.ReadLines(documents, Accepts, d => new VMotionLineParser(d, options, context), context))
            {
                n++;
                yield return e;
            }
            if (n == 0 && documents.Count > 0) context.Report(Describe(documents), IssueKind.NoRelevantData, "no vMotion lines" + (Filtered(options) ? " matched the filters" : " found"));
        }

        /// <summary>One migration per migration id over all of <paramref name="documents"/> (every host), filtered by id, result and time window.</summary>
        public static IEnumerable<VMotionMigration> ReadMigrations(IReadOnlyList<LogDocument> documents, VMotionOptions options, ReadContext context)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var joiner = new VMotionMigrationJoiner(options, context);
            var output = new List<VMotionMigration>();
            foreach (VMotionEvent e in DocumentReader.ReadLines(documents, Accepts, d => new VMotionLineParser(d, options, context, applyEventFilters: false), context))
            {
                joiner.Add(e, output);
                foreach (VMotionMigration m in output) yield return m;
                output.Clear();
            }
            joiner.Complete(output);
            foreach (VMotionMigration m in output) yield return m;
            if (joiner.EventCount == 0 && documents.Count > 0) context.Report(Describe(documents), IssueKind.NoRelevantData, "no vMotion lines found");
        }

        /// <summary>
        /// Reads <paramref name="documents"/> into a join that outlives this call (a cmdlet's ProcessRecord calls, each
        /// given other files) and yields the migrations it lets go; call <see cref="VMotionMigrationJoiner.Complete"/> at the end.
        /// </summary>
        public static IEnumerable<VMotionMigration> ReadInto(VMotionMigrationJoiner joiner, IReadOnlyList<LogDocument> documents, VMotionOptions options, ReadContext context)
        {
            if (joiner == null) throw new ArgumentNullException(nameof(joiner));
            if (options == null) throw new ArgumentNullException(nameof(options));
            var output = new List<VMotionMigration>();
            foreach (VMotionEvent e in DocumentReader.ReadLines(documents, Accepts, d => new VMotionLineParser(d, options, context, applyEventFilters: false), context))
            {
                joiner.Add(e, output);
                foreach (VMotionMigration m in output) yield return m;
                output.Clear();
            }
        }

        /// <summary>A feeder of piped strings (one document named by <see cref="CommonReadOptions.HostName"/>) for events.</summary>
        public static TextFeeder<VMotionEvent> CreateEventFeeder(VMotionOptions options, ReadContext context, bool forJoin = false)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new TextFeeder<VMotionEvent>(new VMotionLineParser(LogDocument.ForText(options.HostName), options, context, applyEventFilters: !forJoin));
        }

        private static bool Filtered(VMotionOptions o) => o.After.HasValue || o.Before.HasValue || (o.MigrationId != null && o.MigrationId.Count > 0);

        private static string Describe(IReadOnlyList<LogDocument> documents)
            => documents.Count == 1 ? documents[0].Path : documents[0].FilePath + (documents.Count > 1 ? " (+" + (documents.Count - 1) + " more)" : "");
    }
}
