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

        /// <summary>Opens a read of engine.log records, filtered by <paramref name="options"/>; documents given together are read oldest rotation first.</summary>
        public static ReadSession<OVirtEngineLogEntry> OpenEntries(OVirtEngineEntryOptions options, ReadContext context, Action<OVirtEngineLogEntry>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return Open(options, options, new PassThroughJoin<OVirtEngineLogEntry>(), false, context, sink);
        }

        /// <summary>Opens a read of engine commands and VDS commands joined from their start and end lines across all input (per host).</summary>
        public static ReadSession<OVirtEngineCommand> OpenCommands(OVirtEngineCommandOptions options, ReadContext context, Action<OVirtEngineCommand>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var join = new PerHostJoin<OVirtEngineLogEntry, OVirtEngineCommand>(() => new EngineCommandJoiner(options, context), e => e.HostName);
            return Open(Unfiltered(options), options, join, true, context, sink);
        }

        /// <summary>Opens a read of the audit-log events (<c>EVENT_ID: NAME(N), …</c>) of the engine logs.</summary>
        public static ReadSession<OVirtAuditEvent> OpenAuditEvents(OVirtAuditEventOptions options, ReadContext context, Action<OVirtAuditEvent>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var entryOptions = new OVirtEngineEntryOptions { TimeOffset = options.TimeOffset, HostName = options.HostName, After = options.After, Before = options.Before };
            return Open(entryOptions, options, new AuditJoin(options), false, context, sink);
        }

        private static ReadSession<T> Open<T>(CommonReadOptions parse, CommonReadOptions options, IRecordJoin<OVirtEngineLogEntry, T> join, bool readAtEnd, ReadContext context, Action<T>? sink)
        {
            var spec = new LineSessionSpec<OVirtEngineLogEntry, T>(d => new EngineLogParser(d, parse, context), join)
            {
                Accepts = IsEngineDocument,
                Order = VdsmReader.Chronological,
                ReadAtEnd = readAtEnd,
                TimeOf = e => e.Timestamp,
                TextDocument = LogDocument.ForText(options.HostName, "<pipeline>", LogKind.Engine),
            };
            return new LineSession<OVirtEngineLogEntry, T>(spec, context, sink);
        }

        // Joins see every record: filters apply to the joined results, never to their parts.
        private static CommonReadOptions Unfiltered(CommonReadOptions o) => new CommonReadOptions { TimeOffset = o.TimeOffset, HostName = o.HostName };

        private sealed class AuditJoin : IRecordJoin<OVirtEngineLogEntry, OVirtAuditEvent>
        {
            private readonly OVirtAuditEventOptions _options;

            public AuditJoin(OVirtAuditEventOptions options) { _options = options; }

            public void Add(OVirtEngineLogEntry record, List<OVirtAuditEvent> output)
            {
                OVirtAuditEvent? a = ToAuditEvent(record);
                if (a != null && _options.Accept(a)) output.Add(a);
            }

            public void Complete(List<OVirtAuditEvent> output) { }
        }

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
}
