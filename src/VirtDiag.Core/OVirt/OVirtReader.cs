using System.Collections.Generic;
using System.Globalization;
using System;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
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
                ParserIn = (d, c) => new EngineLogParser(d, parse, c),
                Accepts = IsEngineDocument,
                Order = VdsmReader.Chronological,
                ReadAtEnd = readAtEnd,
                TimeOf = e => e.Timestamp,
                TextDocument = LogDocument.ForText(options.HostName, "<pipeline>", LogKind.Engine),
            };
            return new LineSession<OVirtEngineLogEntry, T>(spec, context, sink);
        }

        /// <summary>
        /// Opens a read of flows across engine and hosts: the engine's commands grouped by correlation id, joined with the
        /// vdsm calls that answered them in the hosts' logs (a log-collector bundle, sosreports, files). Every document is
        /// held until the input ends, so files given one by one join as if named together. Files whose name does not tell
        /// engine.log from vdsm.log are told apart by their first record.
        /// </summary>
        public static ReadSession<OVirtFlow> OpenFlows(OVirtFlowOptions options, ReadContext context, Action<OVirtFlow>? sink = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            return new FlowSession(options, context, sink);
        }

        /// <summary>The session of flows: documents are held, then engine and host logs are read and joined at the end.</summary>
        private sealed class FlowSession : ReadSession<OVirtFlow>
        {
            private readonly OVirtFlowOptions _options;
            private readonly List<LogDocument> _held = new List<LogDocument>();

            public FlowSession(OVirtFlowOptions options, ReadContext context, Action<OVirtFlow>? sink) : base(context, sink) => _options = options;

            protected override IEnumerable<OVirtFlow> Read(IReadOnlyList<LogDocument> documents)
            {
                _held.AddRange(documents);
                return Array.Empty<OVirtFlow>();
            }

            protected override IEnumerable<OVirtFlow> End()
            {
                IReadOnlyList<LogDocument> documents = _held;
                OVirtFlowOptions o = _options;
                ReadContext context = Context;
                var engine = new List<LogDocument>();
                var hosts = new List<LogDocument>();
                foreach (LogDocument d in documents)
                {
                    if (d.Kind == LogKind.Engine) engine.Add(d);
                    else if (VdsmReader.IsVdsmDocument(d)) hosts.Add(d);
                    else if (d.IsExplicit)
                    {
                        LogKind k = Sniff(d, context);
                        if (k == LogKind.Vdsm) hosts.Add(d);
                        else engine.Add(d);
                    }
                }
                var join = new OVirtFlowJoin(o, context);
                // Without an engine log there is no flow: the hosts' calls are not read (nor held).
                if (hosts.Count > 0 && engine.Count > 0)
                {
                    foreach (VdsmTask t in VdsmReader.OpenTasks(new VdsmTaskOptions { HostName = o.HostName }, context).ReadAll(hosts)) join.AddHostCall(t);
                }
                foreach (OVirtEngineCommand c in OpenCommands(new OVirtEngineCommandOptions { TimeOffset = o.TimeOffset, HostName = o.HostName }, context).ReadAll(engine))
                    join.AddEngineCommand(c);
                return join.Complete();
            }
        }

        /// <summary>
        /// Flows from engine commands and vdsm calls read elsewhere (the export reads each document once for every
        /// capability): the calls and commands <see cref="OpenFlows"/> would read, given in any order of documents, each
        /// host's calls in its own reading order; the flows come out at <see cref="Complete"/>, ordered by time.
        /// Commands without a correlation id are not held; calls are held until the end.
        /// </summary>
        public sealed class OVirtFlowJoin
        {
            private readonly OVirtFlowOptions _options;
            private readonly FlowJoiner _joiner;
            private readonly List<string> _order = new List<string>();
            private readonly Dictionary<string, List<OVirtEngineCommand>> _byFlow = new Dictionary<string, List<OVirtEngineCommand>>(StringComparer.Ordinal);

            /// <summary>Creates an empty join.</summary>
            public OVirtFlowJoin(OVirtFlowOptions options, ReadContext context)
            {
                _options = options ?? throw new ArgumentNullException(nameof(options));
                _joiner = new FlowJoiner(options, context ?? throw new ArgumentNullException(nameof(context)));
            }

            /// <summary>Takes one vdsm verb call or task of a host (<see cref="VdsmReader.OpenTasks"/>).</summary>
            public void AddHostCall(VdsmTask call) => _joiner.AddHostCall(call ?? throw new ArgumentNullException(nameof(call)));

            /// <summary>Takes one engine command (<see cref="OpenCommands"/>, unfiltered).</summary>
            public void AddEngineCommand(OVirtEngineCommand command)
            {
                if (command == null) throw new ArgumentNullException(nameof(command));
                if (command.CorrelationId == null) return;
                if (!_byFlow.TryGetValue(command.CorrelationId, out List<OVirtEngineCommand>? list))
                {
                    _byFlow[command.CorrelationId] = list = new List<OVirtEngineCommand>();
                    _order.Add(command.CorrelationId);
                }
                list.Add(command);
            }

            /// <summary>The flows, ordered by start time, filtered by the options.</summary>
            public IReadOnlyList<OVirtFlow> Complete()
            {
                var flows = new List<OVirtFlow>(_order.Count);
                foreach (string id in _order) flows.Add(_joiner.Build(id, _byFlow[id]));
                flows.Sort((a, b) => Nullable.Compare(a.StartTime ?? a.EndTime, b.StartTime ?? b.EndTime));
                var kept = new List<OVirtFlow>(flows.Count);
                foreach (OVirtFlow f in flows)
                {
                    if (_options.Accept(f)) kept.Add(f);
                }
                return kept;
            }
        }

        /// <summary>Tells engine.log from vdsm.log by the first record header: <c>LEVEL [logger] (thread)</c> against <c>LEVEL (thread) [logger]</c> or <c>thread::LEVEL::</c>.</summary>
        internal static LogKind Sniff(LogDocument d, ReadContext context)
        {
            if (d.Name == "-") return LogKind.Unknown;
            try
            {
                using System.IO.Stream s = DocumentReader.Open(d, context);
                var buffer = new byte[16384];
                int n = 0, r;
                while (n < buffer.Length && (r = s.Read(buffer, n, buffer.Length - n)) > 0) n += r;
                string text = System.Text.Encoding.UTF8.GetString(buffer, 0, n);
                foreach (string line in text.Split('\n'))
                {
                    if (line.IndexOf("::", StringComparison.Ordinal) > 0 && System.Text.RegularExpressions.Regex.IsMatch(line, @"^[^:]+::[A-Z]+::\d{4}-")) return LogKind.Vdsm;
                    System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(line, @"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,.]\d+\S*\s+[A-Z]+\s+(?<c>[\[(])");
                    if (m.Success) return m.Groups["c"].Value == "[" ? LogKind.Engine : LogKind.Vdsm;
                }
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is CorruptDataException)
            {
                // The reader that opens it next reports the fault.
            }
            return LogKind.Unknown;
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
