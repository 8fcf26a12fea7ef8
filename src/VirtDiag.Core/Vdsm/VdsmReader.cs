using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Vdsm
{
    /// <summary>The Core entry points behind Get-VdsmLogEntry, Get-VdsmTask, Get-VdsmExternalCommand and <c>virtdiag vdsm</c>.</summary>
    public static class VdsmReader
    {
        /// <summary>True for documents these readers take from folders and bundles (vdsm.log*, supervdsm.log*).</summary>
        public static bool IsVdsmDocument(LogDocument document) => document.Kind == LogKind.Vdsm || document.Kind == LogKind.SuperVdsm;

        /// <summary>
        /// Opens a read of vdsm.log / supervdsm.log records, filtered by <paramref name="options"/>; documents given together
        /// are read oldest rotation first.
        /// </summary>
        public static ReadSession<VdsmLogEntry> OpenEntries(VdsmEntryOptions options, ReadContext context, Action<VdsmLogEntry>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return Open(options, options, new PassThroughJoin<VdsmLogEntry>(), false, context, sink);
        }

        /// <summary>Opens a read of verb calls and storage tasks joined across all input (rotated files of one host join up).</summary>
        public static ReadSession<VdsmTask> OpenTasks(VdsmTaskOptions options, ReadContext context, Action<VdsmTask>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return Open(Unfiltered(options), options, new PerHostJoin<VdsmLogEntry, VdsmTask>(() => new VdsmTaskJoiner(options, context), e => e.HostName), true, context, sink);
        }

        /// <summary>Opens a read of external commands with their results, joined across all input.</summary>
        public static ReadSession<VdsmExternalCommand> OpenCommands(VdsmCommandOptions options, ReadContext context, Action<VdsmExternalCommand>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return Open(Unfiltered(options), options, new PerHostJoin<VdsmLogEntry, VdsmExternalCommand>(() => new VdsmCommandJoiner(options, context), e => e.HostName), true, context, sink);
        }

        private static ReadSession<T> Open<T>(VdsmReadOptions parse, VdsmReadOptions options, IRecordJoin<VdsmLogEntry, T> join, bool readAtEnd, ReadContext context, Action<T>? sink)
        {
            var spec = new LineSessionSpec<VdsmLogEntry, T>(d => new VdsmLogParser(d, parse, context), join)
            {
                ParserIn = (d, c) => new VdsmLogParser(d, parse, c),
                Accepts = IsVdsmDocument,
                Order = docs => Chronological(WithoutEngineLogs(docs, context)),
                ReadAtEnd = readAtEnd,
                TimeOf = e => e.Timestamp,
                TextDocument = LogDocument.ForText(options.HostName, "<pipeline>", LogKind.Vdsm),
            };
            return new LineSession<VdsmLogEntry, T>(spec, context, sink);
        }

        /// <summary>The documents less an oVirt engine.log named explicitly, which is reported as not read (its every line would be a malformed vdsm header).</summary>
        private static IReadOnlyList<LogDocument> WithoutEngineLogs(IReadOnlyList<LogDocument> documents, ReadContext context)
        {
            var kept = new List<LogDocument>(documents.Count);
            foreach (LogDocument d in documents)
            {
                if (d.Kind == LogKind.Engine && d.IsExplicit)
                {
                    context.Report(d.Path, IssueKind.NoRelevantData, "this is an oVirt engine log, not a vdsm log; it was not read (read it with Get-OVirtEngineLogEntry, Get-OVirtEngineCommand or virtdiag ovirt entries|commands)");
                    continue;
                }
                kept.Add(d);
            }
            return kept;
        }

        /// <summary>
        /// Puts the rotated files of one log (same host, folder and name family) oldest first even when they were
        /// named one by one in another order (<c>virtdiag vdsm tasks vdsm.log vdsm.log.1.xz</c>,
        /// <c>Get-ChildItem vdsm.log* | Get-VdsmTask</c>), so joins see time run forward. Other documents keep their order.
        /// </summary>
        public static IReadOnlyList<LogDocument> Chronological(IReadOnlyList<LogDocument> documents)
        {
            var groups = new List<List<(LogDocument Doc, long Key, int Index)>>();
            var byFamily = new Dictionary<string, List<(LogDocument, long, int)>>(StringComparer.Ordinal);
            for (int i = 0; i < documents.Count; i++)
            {
                LogDocument d = documents[i];
                DocumentNaming.ParseRotation(d.Name, out string family, out long key);
                int slash = Math.Max(d.Path.LastIndexOf('/'), d.Path.LastIndexOf('\\'));
                string dir = slash >= 0 ? d.Path.Substring(0, slash) : string.Empty;
                string groupKey = d.HostName + "\u0001" + dir + "\u0001" + family;
                if (!byFamily.TryGetValue(groupKey, out var g))
                {
                    g = new List<(LogDocument, long, int)>();
                    byFamily.Add(groupKey, g);
                    groups.Add(g);
                }
                g.Add((d, key, i));
            }
            var result = new List<LogDocument>(documents.Count);
            foreach (var g in groups)
            {
                g.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
                foreach (var item in g) result.Add(item.Doc);
            }
            return result;
        }

        // Joins see every record: the time window applies to the joined results, never to their parts.
        private static VdsmReadOptions Unfiltered(VdsmReadOptions o) => new VdsmReadOptions { TimeZone = o.TimeZone, TimeOffset = o.TimeOffset, HostName = o.HostName };
    }
}
