using System;
using System.Collections.Generic;
using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Vdsm;

namespace VirtDiag.OVirt
{
    /// <summary>The Core entry points behind Get-OVirtEngineLogEntry, Get-OVirtEngineCommand and <c>virtdiag ovirt</c>.</summary>
    public static class OVirtReader
    {
        /// <summary>True for documents these readers take from folders and bundles (engine.log*).</summary>
        public static bool IsEngineDocument(LogDocument document) => document != null && document.Kind == LogKind.Engine;

        /// <summary>Records of the engine logs among <paramref name="documents"/>, filtered by <paramref name="options"/>, rotated files oldest first.</summary>
        public static IEnumerable<OVirtEngineLogEntry> ReadEntries(IReadOnlyList<LogDocument> documents, CommonReadOptions? options, ReadContext context)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            CommonReadOptions o = options ?? new OVirtEngineEntryOptions();
            return DocumentReader.ReadLines(VdsmReader.Chronological(documents), IsEngineDocument, d => new EngineLogParser(d, o, context), context);
        }

        /// <summary>Engine commands and VDS commands joined from their start and end lines, across the documents.</summary>
        public static IEnumerable<OVirtEngineCommand> ReadCommands(IReadOnlyList<LogDocument> documents, OVirtEngineCommandOptions? options, ReadContext context)
        {
            OVirtEngineCommandOptions o = options ?? new OVirtEngineCommandOptions();
            var output = new List<OVirtEngineCommand>();
            var joiner = new EngineCommandJoiner(o, context);
            string? host = null;
            bool first = true;
            foreach (OVirtEngineLogEntry e in ReadEntries(documents, Unfiltered(o), context))
            {
                if (!first && !string.Equals(host, e.HostName, StringComparison.Ordinal))
                {
                    joiner.Complete(output);
                    joiner = new EngineCommandJoiner(o, context);
                }
                first = false;
                host = e.HostName;
                joiner.Add(e, output);
                foreach (OVirtEngineCommand c in output) yield return c;
                output.Clear();
            }
            joiner.Complete(output);
            foreach (OVirtEngineCommand c in output) yield return c;
        }

        /// <summary>The audit-log events (<c>EVENT_ID: NAME(N), …</c>) of the engine logs.</summary>
        public static IEnumerable<OVirtAuditEvent> ReadAuditEvents(IReadOnlyList<LogDocument> documents, OVirtAuditEventOptions? options, ReadContext context)
        {
            OVirtAuditEventOptions o = options ?? new OVirtAuditEventOptions();
            var entryOptions = new OVirtEngineEntryOptions { TimeOffset = o.TimeOffset, HostName = o.HostName, After = o.After, Before = o.Before };
            foreach (OVirtEngineLogEntry e in ReadEntries(documents, entryOptions, context))
            {
                OVirtAuditEvent? a = ToAuditEvent(e);
                if (a != null && o.Accept(a)) yield return a;
            }
        }

        // Joins see every record: filters apply to the joined results, never to their parts.
        private static CommonReadOptions Unfiltered(CommonReadOptions o) => new CommonReadOptions { TimeOffset = o.TimeOffset, HostName = o.HostName };

        /// <summary>
        /// Reads AuditLogDirector's <c>EVENT_ID: {0}({1}), {2}</c> (MessageFormat, so the number may carry a thousands separator);
        /// older engines put <c>Correlation ID: …, Call Stack: …, Custom Event ID: …, Message: </c> before the text.
        /// </summary>
        internal static OVirtAuditEvent? ToAuditEvent(OVirtEngineLogEntry e)
        {
            string m = e.Message;
            if (!m.StartsWith("EVENT_ID: ", StringComparison.Ordinal)) return null;
            int open = m.IndexOf('(', 10);
            if (open < 0) return null;
            int close = m.IndexOf(')', open);
            if (close < 0) return null;
            string name = m.Substring(10, open - 10).Trim();
            string digits = m.Substring(open + 1, close - open - 1).Replace(",", string.Empty).Replace(".", string.Empty).Replace("\u00a0", string.Empty);
            int? code = int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int c) ? c : (int?)null;
            string text = close + 1 < m.Length ? m.Substring(close + 1).TrimStart(',', ' ') : string.Empty;
            if (text.StartsWith("Correlation ID: ", StringComparison.Ordinal))
            {
                int msg = text.IndexOf("Message: ", StringComparison.Ordinal);
                if (msg >= 0) text = text.Substring(msg + 9);
            }
            return new OVirtAuditEvent(e.Timestamp, e.Level, name, code, e.CorrelationId, text, e.Thread, e.HostName, e.Path, e.LineNumber);
        }
    }

    /// <summary>
    /// Reads engine.log lines given as strings (pipeline input): each <see cref="Feed"/> parses the lines of one string,
    /// numbering runs on across strings, and <see cref="Complete"/> ends the input.
    /// </summary>
    public sealed class OVirtTextSession<T>
    {
        private readonly TextFeeder<OVirtEngineLogEntry> _feeder;
        private readonly Action<OVirtEngineLogEntry, List<T>> _add;
        private readonly Action<List<T>> _complete;
        private readonly List<OVirtEngineLogEntry> _entries = new List<OVirtEngineLogEntry>();

        private OVirtTextSession(CommonReadOptions options, ReadContext context, string? hostName, Action<OVirtEngineLogEntry, List<T>> add, Action<List<T>> complete)
        {
            _feeder = new TextFeeder<OVirtEngineLogEntry>(new EngineLogParser(LogDocument.ForText(hostName ?? options.HostName, "<pipeline>", LogKind.Engine), options, context));
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
            foreach (OVirtEngineLogEntry e in _entries) _add(e, output);
            _entries.Clear();
        }

        /// <summary>A session that yields engine log records.</summary>
        public static OVirtTextSession<OVirtEngineLogEntry> ForEntries(OVirtEngineEntryOptions options, ReadContext context, string? hostName)
            => new OVirtTextSession<OVirtEngineLogEntry>(options, context, hostName, (e, l) => l.Add(e), _ => { });

        /// <summary>A session that yields joined engine and VDS commands.</summary>
        public static OVirtTextSession<OVirtEngineCommand> ForCommands(OVirtEngineCommandOptions options, ReadContext context, string? hostName)
        {
            var joiner = new EngineCommandJoiner(options, context);
            return new OVirtTextSession<OVirtEngineCommand>(new CommonReadOptions { TimeOffset = options.TimeOffset }, context, hostName, joiner.Add, joiner.Complete);
        }
    }
}
