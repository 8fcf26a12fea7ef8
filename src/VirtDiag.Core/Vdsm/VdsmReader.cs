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

        /// <summary>Records of the vdsm logs among <paramref name="documents"/>, filtered by <paramref name="options"/>, document by document.</summary>
        public static IEnumerable<VdsmLogEntry> ReadEntries(IReadOnlyList<LogDocument> documents, VdsmReadOptions? options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            VdsmReadOptions o = options ?? new VdsmEntryOptions();
            var kept = new List<LogDocument>(documents.Count);
            foreach (LogDocument d in documents)
            {
                // An engine.log named on the command line would give one malformed-header error per line here.
                if (d.Kind == LogKind.Engine && d.IsExplicit)
                {
                    context.Report(d.Path, IssueKind.NoRelevantData, "this is an oVirt engine log, not a vdsm log; it was not read (read it with Get-OVirtEngineLogEntry, Get-OVirtEngineCommand or virtdiag ovirt entries|commands)");
                    continue;
                }
                kept.Add(d);
            }
            return DocumentReader.ReadLines(Chronological(kept), IsVdsmDocument, d => new VdsmLogParser(d, o, context), context);
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

        /// <summary>Verb calls and storage tasks joined across the documents (rotated files of one host join up).</summary>
        public static IEnumerable<VdsmTask> ReadTasks(IReadOnlyList<LogDocument> documents, VdsmTaskOptions? options, ReadContext context)
        {
            VdsmTaskOptions o = options ?? new VdsmTaskOptions();
            return Join<VdsmTaskJoiner, VdsmTask>(ReadEntries(documents, Unfiltered(o), context), () => new VdsmTaskJoiner(o, context), (j, e, l) => j.Add(e, l), (j, l) => j.Complete(l));
        }

        /// <summary>External commands with their results, across the documents.</summary>
        public static IEnumerable<VdsmExternalCommand> ReadCommands(IReadOnlyList<LogDocument> documents, VdsmCommandOptions? options, ReadContext context)
        {
            VdsmCommandOptions o = options ?? new VdsmCommandOptions();
            return Join<VdsmCommandJoiner, VdsmExternalCommand>(ReadEntries(documents, Unfiltered(o), context), () => new VdsmCommandJoiner(o, context), (j, e, l) => j.Add(e, l), (j, l) => j.Complete(l));
        }

        // Joins see every record: the time window applies to the joined results, never to their parts.
        private static VdsmReadOptions Unfiltered(VdsmReadOptions o) => new VdsmReadOptions { TimeZone = o.TimeZone, TimeOffset = o.TimeOffset, HostName = o.HostName };

        private static IEnumerable<T> Join<TJoiner, T>(IEnumerable<VdsmLogEntry> entries, Func<TJoiner> create,
            Action<TJoiner, VdsmLogEntry, List<T>> add, Action<TJoiner, List<T>> complete)
        {
            var output = new List<T>();
            TJoiner joiner = create();
            string? host = null;
            bool first = true;
            foreach (VdsmLogEntry e in entries)
            {
                if (!first && !string.Equals(host, e.HostName, StringComparison.Ordinal))
                {
                    // Another host's logs: its threads are not this host's threads.
                    complete(joiner, output);
                    joiner = create();
                }
                first = false;
                host = e.HostName;
                add(joiner, e, output);
                foreach (T item in output) yield return item;
                output.Clear();
            }
            complete(joiner, output);
            foreach (T item in output) yield return item;
        }
    }

    /// <summary>
    /// Reads vdsm lines given as strings (pipeline input): each <see cref="Feed"/> parses the lines of one string,
    /// numbering runs on across strings, and <see cref="Complete"/> ends the input (the last record, open calls).
    /// </summary>
    public sealed class VdsmTextSession<T>
    {
        private readonly TextFeeder<VdsmLogEntry> _feeder;
        private readonly Action<VdsmLogEntry, List<T>> _add;
        private readonly Action<List<T>> _complete;
        private readonly List<VdsmLogEntry> _entries = new List<VdsmLogEntry>();

        private VdsmTextSession(VdsmReadOptions options, ReadContext context, string? hostName, Action<VdsmLogEntry, List<T>> add, Action<List<T>> complete)
        {
            _feeder = new TextFeeder<VdsmLogEntry>(new VdsmLogParser(LogDocument.ForText(hostName ?? options.HostName, "<pipeline>", LogKind.Vdsm), options, context));
            _add = add;
            _complete = complete;
        }

        /// <summary>Parses the lines in <paramref name="text"/>; finished results go to <paramref name="output"/>.</summary>
        public void Feed(string? text, List<T> output)
        {
            _feeder.Feed(text, _entries);
            Drain(output);
        }

        /// <summary>Ends the input.</summary>
        public void Complete(List<T> output)
        {
            _feeder.Complete(_entries);
            Drain(output);
            _complete(output);
        }

        private void Drain(List<T> output)
        {
            foreach (VdsmLogEntry e in _entries) _add(e, output);
            _entries.Clear();
        }

        /// <summary>A session that yields log records.</summary>
        public static VdsmTextSession<VdsmLogEntry> ForEntries(VdsmEntryOptions options, ReadContext context, string? hostName)
            => new VdsmTextSession<VdsmLogEntry>(options, context, hostName, (e, l) => l.Add(e), _ => { });

        /// <summary>A session that yields joined verb calls and tasks.</summary>
        public static VdsmTextSession<VdsmTask> ForTasks(VdsmTaskOptions options, ReadContext context, string? hostName)
        {
            var joiner = new VdsmTaskJoiner(options, context);
            return new VdsmTextSession<VdsmTask>(new VdsmReadOptions { TimeZone = options.TimeZone, TimeOffset = options.TimeOffset }, context, hostName, joiner.Add, joiner.Complete);
        }

        /// <summary>A session that yields external commands.</summary>
        public static VdsmTextSession<VdsmExternalCommand> ForCommands(VdsmCommandOptions options, ReadContext context, string? hostName)
        {
            var joiner = new VdsmCommandJoiner(options, context);
            return new VdsmTextSession<VdsmExternalCommand>(new VdsmReadOptions { TimeZone = options.TimeZone, TimeOffset = options.TimeOffset }, context, hostName, joiner.Add, joiner.Complete);
        }
    }
}
