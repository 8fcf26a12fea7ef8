using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.OVirt
{
    /// <summary>
    /// Joins engine.log records into <see cref="OVirtEngineCommand"/>s, following the engine's own log calls:
    /// LoggedUtils (<c>START, {}, log id: {}</c>, <c>FINISH, {}, return: {}, log id: {}</c>, <c>ERROR, {}, exception: {}, log id: {}</c>),
    /// VDSCommandBase (<c>Command '{}' execution failed: {}</c>), CommandBase (<c>Running command: X internal: B.</c>,
    /// <c>Ending command '{}' successfully.|with failure.</c>, <c>Command '{}' failed: {}</c>, <c>Validation of action '{}' failed</c>,
    /// <c>Transaction rolled-back for command '{}'.</c>) and AsyncTaskManager (<c>Adding task '{}' (Parent Command '{}', …</c>).
    /// </summary>
    internal sealed class EngineCommandJoiner
    {
        /// <summary>Backend commands whose end was not logged are emitted once the log has moved on this far past their last activity.</summary>
        internal static readonly TimeSpan EndHorizon = TimeSpan.FromHours(6);

        private static readonly Regex s_uuid = new Regex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex s_taskIdArg = new Regex(@"\btaskId='(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F-]{27})'", RegexOptions.CultureInvariant);

        private sealed class Open
        {
            public OVirtCommandKind Kind;
            public string Command = string.Empty;
            public string? TargetHost, CorrelationId, LogId, Thread, Arguments, Error, ReturnValue, ParentCommand, HostName;
            public DateTimeOffset? StartTime, EndTime;
            public DateTimeOffset LastSeen;
            public OVirtCommandResult Result;
            public List<string>? TaskIds;
            public bool IsInternal;
            public string Path = string.Empty;
            public long LineNumber;
            public long? EndLineNumber;
            public long Sequence;
        }

        private readonly OVirtEngineCommandOptions _options;
        private readonly ReadContext _context;
        private readonly Dictionary<string, Open> _calls = new Dictionary<string, Open>(StringComparer.Ordinal);
        private readonly Dictionary<string, Open> _lastCallByThread = new Dictionary<string, Open>(StringComparer.Ordinal);
        private readonly LinkedList<Open> _engine = new LinkedList<Open>();
        private readonly Dictionary<string, Open> _lastEngineByThread = new Dictionary<string, Open>(StringComparer.Ordinal);
        private long _sequence;
        private DateTimeOffset _now;

        public EngineCommandJoiner(OVirtEngineCommandOptions options, ReadContext context)
        {
            _options = options;
            _context = context;
        }

        public void Add(OVirtEngineLogEntry e, List<OVirtEngineCommand> output)
        {
            _now = e.Timestamp;
            string m = e.Message;
            if (m.StartsWith("START, ", StringComparison.Ordinal)) Start(e, m, output);
            else if (m.StartsWith("FINISH, ", StringComparison.Ordinal)) Finish(e, m, output, failed: false);
            else if (m.StartsWith("ERROR, ", StringComparison.Ordinal) && m.IndexOf(", exception: ", StringComparison.Ordinal) > 0) Finish(e, m, output, failed: true);
            else if (m.StartsWith("Running command: ", StringComparison.Ordinal)) Running(e, m, output);
            else if (m.StartsWith("Ending command '", StringComparison.Ordinal)) Ending(e, m, output);
            else if (m.StartsWith("Command '", StringComparison.Ordinal)) CommandFailed(e, m, output);
            else if (m.StartsWith("Adding task '", StringComparison.Ordinal)) AddingTask(e, m);
            else if (m.StartsWith("Validation of action '", StringComparison.Ordinal)) ValidationFailed(e, m, output);
            else if (m.StartsWith("Transaction rolled-back for command '", StringComparison.Ordinal)) RolledBack(e, m);
            if (_engine.Count > 0) EmitStale(output);
        }

        public void Complete(List<OVirtEngineCommand> output)
        {
            var rest = new List<Open>(_calls.Values);
            rest.AddRange(_engine);
            rest.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            foreach (Open o in rest)
            {
                if (o.Kind != OVirtCommandKind.EngineCommand && o.Result == OVirtCommandResult.Unknown) o.Result = OVirtCommandResult.Incomplete;
                else if (o.Kind == OVirtCommandKind.EngineCommand && o.Result == OVirtCommandResult.Unknown && o.TaskIds != null) o.Result = OVirtCommandResult.Incomplete;
                Emit(o, output);
            }
            _calls.Clear();
            _engine.Clear();
            _lastCallByThread.Clear();
            _lastEngineByThread.Clear();
        }

        private Open New(OVirtEngineLogEntry e, OVirtCommandKind kind, string command)
            => new Open
            {
                Kind = kind, Command = command, CorrelationId = e.CorrelationId, Thread = e.Thread, HostName = e.HostName, Path = e.Path,
                LineNumber = e.LineNumber, StartTime = e.Timestamp, LastSeen = e.Timestamp, Sequence = ++_sequence,
            };

        private static string ThreadKey(OVirtEngineLogEntry e) => e.Thread ?? string.Empty;

        private static bool TrySplitLogId(string m, out string body, out string logId)
        {
            int at = m.LastIndexOf(", log id: ", StringComparison.Ordinal);
            if (at < 0) { body = m; logId = string.Empty; return false; }
            body = m.Substring(0, at);
            logId = m.Substring(at + 10).Trim();
            return logId.Length > 0;
        }

        private void Start(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output)
        {
            if (!TrySplitLogId(m, out string body, out string logId)) return;
            body = body.Substring(7);
            int paren = body.IndexOf('(');
            string name = (paren > 0 ? body.Substring(0, paren) : body).Trim();
            string? args = null;
            if (paren > 0)
            {
                int close = body.LastIndexOf(')');
                args = (close > paren ? body.Substring(paren + 1, close - paren - 1) : body.Substring(paren + 1)).Trim();
            }
            var o = New(e, KindOf(name), name);
            o.LogId = logId;
            o.Arguments = args;
            o.TargetHost = TargetHostOf(args);
            o.Result = OVirtCommandResult.Unknown;
            if (args != null)
            {
                foreach (Match t in s_taskIdArg.Matches(args)) AddTask(o, t.Groups["id"].Value);
            }
            if (_lastEngineByThread.TryGetValue(ThreadKey(e), out Open? parent) && parent.CorrelationId == e.CorrelationId)
            {
                o.ParentCommand = parent.Command;
                parent.LastSeen = e.Timestamp;
            }
            string key = logId + "\u0001" + e.Path;
            if (_calls.TryGetValue(key, out Open? previous))
            {
                _context.Report(e.Path, IssueKind.TruncatedRecord, "log id " + logId + " started again before its FINISH; the earlier " + previous.Command + " is returned incomplete", e.LineNumber);
                previous.Result = previous.Result == OVirtCommandResult.Failed ? previous.Result : OVirtCommandResult.Incomplete;
                _calls.Remove(key);
                Emit(previous, output);
            }
            if (_calls.Count >= _options.MaxOpen) EvictOldestCall(output);
            _calls[key] = o;
            _lastCallByThread[ThreadKey(e)] = o;
        }

        private static OVirtCommandKind KindOf(string name)
            => name.EndsWith("VDSCommand", StringComparison.Ordinal) || name.EndsWith("VdsCommand", StringComparison.Ordinal) ? OVirtCommandKind.VdsCommand : OVirtCommandKind.LoggedCall;

        private static string? TargetHostOf(string? args)
        {
            if (args == null) return null;
            int h = args.IndexOf("HostName = ", StringComparison.Ordinal);
            if (h < 0 || h > 2) return null;
            int s = h + 11, end = s;
            while (end < args.Length && args[end] != ',' && args[end] != ')') end++;
            string host = args.Substring(s, end - s).Trim();
            return host.Length == 0 ? null : host;
        }

        private void Finish(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output, bool failed)
        {
            if (!TrySplitLogId(m, out string body, out string logId)) return;
            body = body.Substring(failed ? 7 : 8);
            string marker = failed ? ", exception: " : ", return: ";
            int r = body.IndexOf(marker, StringComparison.Ordinal);
            string name = (r >= 0 ? body.Substring(0, r) : body).Trim();
            string? value = r >= 0 ? body.Substring(r + marker.Length) : null;
            string key = logId + "\u0001" + e.Path;
            if (!_calls.TryGetValue(key, out Open? o))
            {
                _context.Report(e.Path, IssueKind.OrphanEvent, (failed ? "ERROR" : "FINISH") + " of " + name + " (log id " + logId + ") has no START in the input; returned without a start", e.LineNumber);
                o = New(e, KindOf(name), name);
                o.LogId = logId;
                o.StartTime = null;
                o.Result = OVirtCommandResult.Unknown;
            }
            else
            {
                _calls.Remove(key);
            }
            o.EndTime = e.Timestamp;
            o.EndLineNumber = e.LineNumber;
            if (failed)
            {
                o.Result = OVirtCommandResult.Failed;
                o.Error ??= value;
            }
            else
            {
                if (o.Result != OVirtCommandResult.Failed) o.Result = OVirtCommandResult.Succeeded;
                o.ReturnValue = value;
                if (value != null && s_uuid.IsMatch(value.Trim())) AddTask(o, value.Trim());
            }
            if (_lastCallByThread.TryGetValue(ThreadKey(e), out Open? last) && ReferenceEquals(last, o)) _lastCallByThread.Remove(ThreadKey(e));
            Emit(o, output);
        }

        private void CommandFailed(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output)
        {
            int exec = m.IndexOf("' execution failed: ", StringComparison.Ordinal);
            if (exec > 0)
            {
                string text = m.Substring(9, exec - 9);
                int paren = text.IndexOf('(');
                string name = paren > 0 ? text.Substring(0, paren) : text;
                string error = m.Substring(exec + 20);
                if (_lastCallByThread.TryGetValue(ThreadKey(e), out Open? o) && o.Command == name && o.EndTime == null)
                {
                    o.Result = OVirtCommandResult.Failed;
                    o.Error = error;
                    o.LastSeen = e.Timestamp;
                    return;
                }
                // VDSCommandBase logs the failure even for commands that never logged a START (GetCapabilitiesVDSCommand).
                string? args = paren > 0 ? text.Substring(paren + 1, Math.Max(0, text.LastIndexOf(')') - paren - 1)) : null;
                var f = New(e, KindOf(name), name);
                f.StartTime = null;
                f.EndTime = e.Timestamp;
                f.EndLineNumber = e.LineNumber;
                f.Arguments = args;
                f.TargetHost = TargetHostOf(args);
                f.Result = OVirtCommandResult.Failed;
                f.Error = error;
                if (_lastEngineByThread.TryGetValue(ThreadKey(e), out Open? parent) && parent.CorrelationId == e.CorrelationId) f.ParentCommand = parent.Command;
                Emit(f, output);
                return;
            }
            int failed = m.IndexOf("' failed: ", StringComparison.Ordinal);
            if (failed > 0)
            {
                Open? o = FindEngine(ShortName(m.Substring(9, failed - 9)), e.CorrelationId, ThreadKey(e));
                if (o != null)
                {
                    o.Result = OVirtCommandResult.Failed;
                    o.Error ??= m.Substring(failed + 10);
                    o.LastSeen = e.Timestamp;
                }
            }
        }

        private static string ShortName(string className) => className.Substring(className.LastIndexOf('.') + 1).Trim();

        private void Running(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output)
        {
            int s = 17, end = s;
            while (end < m.Length && m[end] != ' ' && m[end] != '(') end++;
            string name = m.Substring(s, end - s);
            var o = New(e, OVirtCommandKind.EngineCommand, name);
            o.Result = OVirtCommandResult.Unknown;
            o.IsInternal = m.IndexOf(" internal: true", StringComparison.Ordinal) > 0;
            int ent = m.IndexOf("Entities affected :", StringComparison.Ordinal);
            if (ent > 0) o.Arguments = m.Substring(ent + 19).Trim();
            string thread = ThreadKey(e);
            if (_lastEngineByThread.TryGetValue(thread, out Open? parent) && parent.CorrelationId == e.CorrelationId && !ReferenceEquals(parent, o)
                && parent.Command != name)
                o.ParentCommand = parent.Command;
            if (_engine.Count >= _options.MaxOpen)
            {
                Open oldest = _engine.First!.Value;
                _engine.RemoveFirst();
                Settle(oldest);
                Emit(oldest, output);
            }
            _engine.AddLast(o);
            _lastEngineByThread[thread] = o;
        }

        private Open? FindEngine(string name, string? correlationId, string? thread)
        {
            Open? byName = null;
            for (LinkedListNode<Open>? n = _engine.Last; n != null; n = n.Previous)
            {
                Open o = n.Value;
                if (o.Command != name) continue;
                if (correlationId != null && o.CorrelationId == correlationId) return o;
                if (thread != null && o.Thread == thread && correlationId == null) return o;
                byName ??= o;
            }
            return byName;
        }

        private void Ending(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output)
        {
            int q = m.IndexOf('\'', 16);
            if (q < 0) return;
            string name = ShortName(m.Substring(16, q - 16));
            bool success = m.IndexOf("' successfully", q, StringComparison.Ordinal) == q;
            Open? o = FindEngine(name, e.CorrelationId, null);
            if (o == null)
            {
                _context.Report(e.Path, IssueKind.OrphanEvent, "Ending command '" + name + "' has no Running command in the input; returned without a start", e.LineNumber);
                o = New(e, OVirtCommandKind.EngineCommand, name);
                o.StartTime = null;
            }
            else
            {
                _engine.Remove(o);
                if (_lastEngineByThread.TryGetValue(o.Thread ?? string.Empty, out Open? last) && ReferenceEquals(last, o)) _lastEngineByThread.Remove(o.Thread ?? string.Empty);
            }
            o.EndTime = e.Timestamp;
            o.EndLineNumber = e.LineNumber;
            o.Result = success && o.Result != OVirtCommandResult.Failed ? OVirtCommandResult.Succeeded : OVirtCommandResult.Failed;
            if (!success) o.Error ??= "Ending command with failure";
            Emit(o, output);
        }

        private void AddingTask(OVirtEngineLogEntry e, string m)
        {
            int q = m.IndexOf('\'', 13);
            if (q < 0) return;
            string task = m.Substring(13, q - 13);
            int p = m.IndexOf("(Parent Command '", q, StringComparison.Ordinal);
            if (p < 0) return;
            int pe = m.IndexOf('\'', p + 17);
            if (pe < 0) return;
            string parent = m.Substring(p + 17, pe - p - 17);
            // The action type names the command class: CommandsFactory loads ActionType X as XCommand.
            Open? o = FindEngine(parent + "Command", e.CorrelationId, null) ?? FindEngine(parent, e.CorrelationId, null);
            if (o == null) return;
            AddTask(o, task);
            o.LastSeen = e.Timestamp;
        }

        private void ValidationFailed(OVirtEngineLogEntry e, string m, List<OVirtEngineCommand> output)
        {
            int q = m.IndexOf('\'', 22);
            if (q < 0) return;
            var o = New(e, OVirtCommandKind.EngineCommand, m.Substring(22, q - 22) + "Command");
            o.EndTime = e.Timestamp;
            o.EndLineNumber = e.LineNumber;
            o.Result = OVirtCommandResult.Failed;
            int r = m.IndexOf("Reasons: ", q, StringComparison.Ordinal);
            o.Error = "validation failed" + (r > 0 ? ": " + m.Substring(r + 9) : string.Empty);
            Emit(o, output);
        }

        private void RolledBack(OVirtEngineLogEntry e, string m)
        {
            int q = m.IndexOf('\'', 37);
            if (q < 0) return;
            Open? o = FindEngine(ShortName(m.Substring(37, q - 37)), e.CorrelationId, ThreadKey(e));
            if (o == null) return;
            o.Result = OVirtCommandResult.Failed;
            o.Error ??= "transaction rolled back";
        }

        private static void AddTask(Open o, string id)
        {
            o.TaskIds ??= new List<string>();
            foreach (string t in o.TaskIds)
            {
                if (string.Equals(t, id, StringComparison.OrdinalIgnoreCase)) return;
            }
            o.TaskIds.Add(id);
        }

        private void EmitStale(List<OVirtEngineCommand> output)
        {
            while (_engine.Count > 0)
            {
                Open first = _engine.First!.Value;
                if (_now - first.LastSeen < EndHorizon) break;
                _engine.RemoveFirst();
                if (_lastEngineByThread.TryGetValue(first.Thread ?? string.Empty, out Open? last) && ReferenceEquals(last, first)) _lastEngineByThread.Remove(first.Thread ?? string.Empty);
                Settle(first);
                Emit(first, output);
            }
        }

        private static void Settle(Open o)
        {
            if (o.Result == OVirtCommandResult.Unknown && o.TaskIds != null) o.Result = OVirtCommandResult.Incomplete;
        }

        private void EvictOldestCall(List<OVirtEngineCommand> output)
        {
            Open? oldest = null;
            string? key = null;
            foreach (var kv in _calls)
            {
                if (oldest == null || kv.Value.Sequence < oldest.Sequence) { oldest = kv.Value; key = kv.Key; }
            }
            if (oldest == null) return;
            _calls.Remove(key!);
            _context.Report(oldest.Path, IssueKind.LimitExceeded, "more than " + _options.MaxOpen + " calls open at once; " + oldest.Command + " (log id " + oldest.LogId + ") is returned without its end", oldest.LineNumber);
            if (oldest.Result == OVirtCommandResult.Unknown) oldest.Result = OVirtCommandResult.Incomplete;
            Emit(oldest, output);
        }

        private void Emit(Open o, List<OVirtEngineCommand> output)
        {
            var c = new OVirtEngineCommand(o.Kind, o.Command, o.TargetHost, o.CorrelationId, o.LogId, o.Thread, o.Arguments, o.StartTime, o.EndTime,
                o.Result, o.Error, o.ReturnValue, o.ParentCommand, (IReadOnlyList<string>?)o.TaskIds ?? Array.Empty<string>(), o.IsInternal, o.HostName,
                o.Path, o.LineNumber, o.EndLineNumber);
            if (_options.Accept(c)) output.Add(c);
        }
    }
}
