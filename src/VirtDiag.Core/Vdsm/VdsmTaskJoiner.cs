using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Vdsm
{
    /// <summary>
    /// Folds <see cref="VdsmLogEntry"/> records into <see cref="VdsmTask"/> calls: storage dispatcher
    /// <c>Run and protect</c> pairs, <c>START</c>/<c>FINISH</c> API logging, JSON-RPC <c>Calling</c> … <c>RPC call … in S
    /// seconds</c>, and storage task state changes (following async tasks onto their worker or UUID threads).
    /// Finished calls are emitted and forgotten; open ones are emitted by <see cref="Complete"/> marked incomplete.
    /// </summary>
    public sealed class VdsmTaskJoiner : IRecordJoin<VdsmLogEntry, VdsmTask>
    {
        private const string RunAndProtect = "Run and protect: ";
        private readonly VdsmTaskOptions _options;
        private readonly ReadContext _context;
        private readonly Dictionary<(string Thread, VdsmTaskKind Kind), Call> _byThread = new Dictionary<(string, VdsmTaskKind), Call>();
        private readonly Dictionary<string, Call> _byTask = new Dictionary<string, Call>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<Call>> _apiByThread = new Dictionary<string, List<Call>>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _callerByThread = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly LinkedList<Call> _open = new LinkedList<Call>();
        private long _sequence;

        /// <summary>Creates a joiner; <paramref name="options"/> filters what is emitted.</summary>
        public VdsmTaskJoiner(VdsmTaskOptions? options, ReadContext context)
        {
            _options = options ?? new VdsmTaskOptions();
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Adds one record; calls it finishes are added to <paramref name="output"/>.</summary>
        public void Add(VdsmLogEntry e, List<VdsmTask> output)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            string m = e.Message;
            CountEntry(e);

            if (m.StartsWith(RunAndProtect, StringComparison.Ordinal)) { Dispatcher(e, m, output); return; }
            if (m.StartsWith("RPC call ", StringComparison.Ordinal)) { RpcEnd(e, m, output); return; }
            if (m.StartsWith("Calling '", StringComparison.Ordinal)) { RpcStart(e, m, output); return; }
            if (m.StartsWith("Return '", StringComparison.Ordinal)) { RpcReturn(e, m); return; }
            if ((m.StartsWith("START ", StringComparison.Ordinal) || m.StartsWith("FINISH ", StringComparison.Ordinal)) && IsApiLogger(e.Logger))
            {
                Api(e, m, output);
                return;
            }
            int moving = e.TaskId != null ? m.IndexOf("moving from state ", StringComparison.Ordinal) : -1;
            if (moving >= 0) { StateChange(e, m, moving, output); return; }
            if (m.Length > 2 && m[0] == '[' && (m.EndsWith("]", StringComparison.Ordinal) || m.IndexOf("]::call ", StringComparison.Ordinal) > 0))
            {
                // Old layout: the caller's address, logged just before the verb by the same thread.
                int close = m.IndexOf(']');
                if (close > 1) _callerByThread[e.Thread] = m.Substring(1, close - 1);
                return;
            }
            if (e.TaskId != null && m.IndexOf("Task.run: exit - success", StringComparison.Ordinal) >= 0
                && _byTask.TryGetValue(e.TaskId, out Call? running) && running.Terminal == null)
            {
                // Old async tasks often log no final state change, only the job's exit.
                running.Terminal = "finished";
                running.TerminalTime = e.Timestamp;
                TryFinish(running, output);
                return;
            }
            if (e.TaskId != null && AfterContext(m).StartsWith("aborting: ", StringComparison.Ordinal)) { Aborting(e, AfterContext(m), output); return; }
            if (e.Level >= VdsmLogLevel.Error) NoteError(e, output);
        }

        /// <summary>
        /// task.py logs <c>aborting: %s</c> with the TaskAborted it caught (<c>Task is aborted: 'value=… abortedcode=N'</c>;
        /// older vdsm wrote <c>code=N</c>): the task ends there with that code, also when no state change was logged.
        /// </summary>
        private void Aborting(VdsmLogEntry e, string m, List<VdsmTask> output)
        {
            Call c = TaskCall(e, output);
            c.Aborting = true;
            c.AbortTime ??= e.Timestamp;
            int v = m.IndexOf("value=", StringComparison.Ordinal);
            if (v >= 0)
            {
                string text = m.Substring(v + 6).TrimEnd('\'', '"', ')', ' ');
                int code = text.LastIndexOf("code=", StringComparison.Ordinal);
                if (code > 0 && int.TryParse(text.Substring(code + 5).Trim('\'', '"', ' '), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int n))
                {
                    c.AbortCode = n;
                    int cut = text.LastIndexOf(' ', code);
                    text = cut > 0 ? text.Substring(0, cut) : text;
                    c.StatusCode ??= n;
                }
                c.StatusMessage ??= text.Trim();
            }
        }

        /// <summary>The call serving the record's task, or a <see cref="VdsmTaskKind.StorageTask"/> opened for it (its start was not seen).</summary>
        private Call TaskCall(VdsmLogEntry e, List<VdsmTask> output)
        {
            if (_byTask.TryGetValue(e.TaskId!, out Call? c)) return c;
            c = Open(e, VdsmTaskKind.StorageTask, null, null, output);
            c.Orphan = true;
            c.StartTime = null;
            c.TaskId = e.TaskId;
            _byTask[e.TaskId!] = c;
            return c;
        }

        /// <summary>End of input: emits every call still open, marked incomplete unless its end was seen.</summary>
        public void Complete(List<VdsmTask> output)
        {
            var all = new List<Call>(_open);
            all.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            foreach (Call c in all) Emit(c, output, final: true);
            _byThread.Clear();
            _byTask.Clear();
            _apiByThread.Clear();
            _open.Clear();
        }

        private static bool IsApiLogger(string? logger)
        {
            if (logger == null) return false;
            // api.logged(on=…) logs on "api.virt", "api.host", "api.storage", "api.network", "vdsm.api"; api.method on "api".
            return logger.EndsWith("api", StringComparison.OrdinalIgnoreCase) || logger.StartsWith("api.", StringComparison.Ordinal)
                || logger.IndexOf("ispatcher", StringComparison.Ordinal) >= 0;
        }

        private void CountEntry(VdsmLogEntry e)
        {
            Call? seen = null;
            foreach (VdsmTaskKind k in s_kinds)
            {
                if (_byThread.TryGetValue((e.Thread, k), out Call? c)) { c.Entries++; seen = c; }
            }
            if (_apiByThread.TryGetValue(e.Thread, out List<Call>? stack))
            {
                foreach (Call a in stack) { a.Entries++; seen = a; }
            }
            if (e.TaskId != null && _byTask.TryGetValue(e.TaskId, out Call? t) && !ReferenceEquals(t, seen) && !t.OnThread(e.Thread)) t.Entries++;
        }

        private static readonly VdsmTaskKind[] s_kinds = { VdsmTaskKind.JsonRpc, VdsmTaskKind.StorageDispatcher, VdsmTaskKind.Api, VdsmTaskKind.StorageTask };

        private Call Open(VdsmLogEntry e, VdsmTaskKind kind, string? verb, string? args, List<VdsmTask> output)
        {
            if (kind == VdsmTaskKind.Api) return OpenApi(e, verb, args, output);
            if (_byThread.TryGetValue((e.Thread, kind), out Call? previous))
            {
                // The thread moved on: a call still waiting for its storage task lives on by task id; any other is cut.
                _byThread.Remove((e.Thread, kind));
                bool waitsForTask = previous.TaskId != null && previous.Terminal == null && (previous.IsAsync || previous.ResponseSeen);
                if (!waitsForTask) Emit(previous, output, final: true);
            }
            var c = new Call(++_sequence, kind, e) { Verb = verb, Arguments = args, StartTime = e.Timestamp, Entries = 1 };
            c.Node = _open.AddLast(c);
            _byThread[(e.Thread, kind)] = c;
            if (kind != VdsmTaskKind.JsonRpc && _byThread.TryGetValue((e.Thread, VdsmTaskKind.StorageTask), out Call? pending)
                && pending.TaskId != null && !pending.IsAsync && pending.Terminal == null && c.TaskId == null)
            {
                // New layout: the task moved init -> preparing just before the dispatcher logged the verb.
                Adopt(c, pending);
            }
            if (_callerByThread.TryGetValue(e.Thread, out string? caller))
            {
                c.CallerAddress = caller;
                _callerByThread.Remove(e.Thread);
            }
            if (_open.Count > _options.MaxOpen)
            {
                Call oldest = _open.First!.Value;
                _context.Report(oldest.Path, IssueKind.LimitExceeded, "more than " + _options.MaxOpen + " calls open at once; the oldest (" + oldest.Verb + ") is emitted incomplete", oldest.LineNumber);
                Emit(oldest, output, final: true);
            }
            return c;
        }

        // API logging nests (the [api] layer wraps the [vdsm.api] one on the same thread), so API calls form a stack per thread.
        private Call OpenApi(VdsmLogEntry e, string? verb, string? args, List<VdsmTask> output)
        {
            if (!_apiByThread.TryGetValue(e.Thread, out List<Call>? stack)) _apiByThread[e.Thread] = stack = new List<Call>();
            if (stack.Count >= 16) Emit(stack[0], output, final: true);
            var c = new Call(++_sequence, VdsmTaskKind.Api, e) { Verb = verb, Arguments = args, StartTime = e.Timestamp, Entries = 1 };
            c.Node = _open.AddLast(c);
            stack.Add(c);
            return c;
        }

        private Call? FindApi(string thread, string verb)
        {
            if (!_apiByThread.TryGetValue(thread, out List<Call>? stack)) return null;
            for (int i = stack.Count - 1; i >= 0; i--)
            {
                if (stack[i].Verb == verb) return stack[i];
            }
            return null;
        }

        private void Adopt(Call call, Call pending)
        {
            call.TaskId = pending.TaskId;
            call.States.AddRange(pending.States);
            // The pending task was seen first (new layout logs init -> preparing before the verb).
            call.StartTime = pending.StartTime; call.LineNumber = pending.LineNumber; call.Path = pending.Path;
            call.Entries += pending.Entries - 1;
            Forget(pending);
            _byTask[call.TaskId!] = call;
        }

        private void Forget(Call c)
        {
            if (c.Node != null) { _open.Remove(c.Node); c.Node = null; }
            if (_byThread.TryGetValue((c.Thread, c.Kind), out Call? t) && ReferenceEquals(t, c)) _byThread.Remove((c.Thread, c.Kind));
            if (c.Kind == VdsmTaskKind.Api && _apiByThread.TryGetValue(c.Thread, out List<Call>? stack))
            {
                stack.Remove(c);
                if (stack.Count == 0) _apiByThread.Remove(c.Thread);
            }
            if (c.TaskId != null && _byTask.TryGetValue(c.TaskId, out Call? k) && ReferenceEquals(k, c)) _byTask.Remove(c.TaskId);
        }

        private void Dispatcher(VdsmLogEntry e, string m, List<VdsmTask> output)
        {
            int vs = RunAndProtect.Length;
            string verb = VdsmText.Identifier(m, vs, out int ve);
            if (verb.Length == 0) return;
            const string ret = ", Return response:";
            if (string.CompareOrdinal(m, ve, ret, 0, ret.Length) == 0)
            {
                string response = m.Substring(ve + ret.Length).Trim();
                if (!_byThread.TryGetValue((e.Thread, VdsmTaskKind.StorageDispatcher), out Call? c) || c.Verb != verb)
                {
                    _context.Report(e.Path, IssueKind.OrphanEvent, "'Run and protect: " + verb + ", Return response' with no call of " + verb + " open on thread " + e.Thread, e.LineNumber);
                    c = new Call(++_sequence, VdsmTaskKind.StorageDispatcher, e) { Verb = verb, Orphan = true, Entries = 1 };
                    c.Node = _open.AddLast(c);
                }
                c.ResponseSeen = true;
                c.EndTime = e.Timestamp;
                VdsmText.ParseStatus(response, out int? code, out string? msg);
                c.StatusCode = code;
                c.StatusMessage = msg;
                c.Result = code.HasValue && code.Value != 0 ? VdsmTaskResult.Failed : VdsmTaskResult.Succeeded;
                int u = response.IndexOf("'uuid': '", StringComparison.Ordinal);
                if (u >= 0 && VdsmText.IsUuidAt(response, u + 9))
                {
                    string id = response.Substring(u + 9, 36);
                    c.IsAsync = true;
                    if (c.TaskId == null || !string.Equals(c.TaskId, id, StringComparison.OrdinalIgnoreCase))
                    {
                        if (_byTask.TryGetValue(id, out Call? standalone) && !ReferenceEquals(standalone, c)) Adopt(c, standalone);
                        c.TaskId = id;
                    }
                    _byTask[id] = c;
                }
                TryFinish(c, output);
                return;
            }
            string? args = null;
            const string oldArgs = ", args:";
            if (string.CompareOrdinal(m, ve, oldArgs, 0, oldArgs.Length) == 0) args = m.Substring(ve + oldArgs.Length).Trim();
            else if (ve < m.Length && m[ve] == '(')
            {
                int close = m.LastIndexOf(')');
                args = close > ve ? m.Substring(ve + 1, close - ve - 1) : m.Substring(ve + 1);
            }
            Open(e, VdsmTaskKind.StorageDispatcher, verb, args, output);
        }

        private void Api(VdsmLogEntry e, string m, List<VdsmTask> output)
        {
            bool start = m[0] == 'S';
            int vs = start ? 6 : 7;
            string verb = VdsmText.Identifier(m, vs, out int ve);
            if (verb.Length == 0) return;
            if (start)
            {
                // Python's repr never writes a raw line break, so one inside START's arguments is a wrap of the
                // line (a paste, a mail): the pieces are one text.
                string rest = m.IndexOf('\n') >= 0 ? Unwrap(m.Substring(ve)) : m.Substring(ve);
                string? args;
                if (rest.StartsWith("(", StringComparison.Ordinal))
                {
                    int close = FindClose(rest, 0);
                    args = close > 0 ? rest.Substring(1, close - 1) : rest.Substring(1);
                }
                else args = rest.Trim().Length > 0 ? rest.Trim() : null;
                if (args != null && args.StartsWith("args=", StringComparison.Ordinal)) args = args.Substring(5);
                Call c = Open(e, VdsmTaskKind.Api, verb, args, output);
                int ctx = rest.LastIndexOf(" from=", StringComparison.Ordinal);
                if (ctx >= 0) c.Context = rest.Substring(ctx + 1);
                c.CallerAddress = VdsmText.KeyValue(rest, "from=") ?? c.CallerAddress;
                c.FlowId = VdsmText.KeyValue(rest, "flow_id=");
                string? task = VdsmText.KeyValue(rest, "task_id=");
                if (task != null && VdsmText.IsUuid(task))
                {
                    if (_byTask.TryGetValue(task, out Call? standalone) && !ReferenceEquals(standalone, c)) Adopt(c, standalone);
                    c.TaskId = task;
                    _byTask[task] = c;
                }
                return;
            }
            Call? call = FindApi(e.Thread, verb);
            if (call == null)
            {
                if (_byThread.TryGetValue((e.Thread, VdsmTaskKind.StorageDispatcher), out Call? d) && d.Verb == verb) call = d;
                else
                {
                    _context.Report(e.Path, IssueKind.OrphanEvent, "'FINISH " + verb + "' with no START of " + verb + " open on thread " + e.Thread, e.LineNumber);
                    call = new Call(++_sequence, VdsmTaskKind.Api, e) { Verb = verb, Orphan = true, Entries = 1 };
                    call.Node = _open.AddLast(call);
                }
            }
            string tail = m.Substring(ve).Trim();
            call.ResponseSeen = true;
            call.EndTime = e.Timestamp;
            call.CallerAddress ??= VdsmText.KeyValue(tail, "from=");
            if (tail.StartsWith("error=", StringComparison.Ordinal))
            {
                string err = tail.Substring(6);
                int from = err.LastIndexOf(" from=", StringComparison.Ordinal);
                if (from > 0) err = err.Substring(0, from).TrimEnd(',');
                call.Result = VdsmTaskResult.Failed;
                call.Error = err;
                call.StatusMessage ??= err;
            }
            else
            {
                VdsmText.ParseStatus(tail, out int? code, out string? msg);
                call.StatusCode = code;
                call.StatusMessage = msg;
                call.Result = code.HasValue && code.Value != 0 ? VdsmTaskResult.Failed : VdsmTaskResult.Succeeded;
            }
            TryFinish(call, output);
        }

        private static string Unwrap(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (string part in s.Split('\n')) sb.Append(part.TrimEnd('\r'));
            return sb.ToString();
        }

        private static int FindClose(string s, int open)
        {
            int depth = 0;
            char quote = '\0';
            for (int i = open; i < s.Length; i++)
            {
                char c = s[i];
                if (quote != '\0') { if (c == '\\') i++; else if (c == quote) quote = '\0'; continue; }
                if (c == '\'' || c == '"') quote = c;
                else if (c == '(') depth++;
                else if (c == ')' && --depth == 0) return i;
            }
            return -1;
        }

        private void RpcStart(VdsmLogEntry e, string m, List<VdsmTask> output)
        {
            int q = m.IndexOf('\'', 9);
            if (q < 0) return;
            string verb = m.Substring(9, q - 9);
            const string with = " in bridge with ";
            int w = m.IndexOf(with, q, StringComparison.Ordinal);
            string? args = w >= 0 ? m.Substring(w + with.Length) : null;
            Open(e, VdsmTaskKind.JsonRpc, verb, args, output);
        }

        private void RpcReturn(VdsmLogEntry e, string m)
        {
            // "Return 'Image.delete' in bridge with <task uuid>": the call queued an async task.
            const string with = " in bridge with ";
            int w = m.IndexOf(with, StringComparison.Ordinal);
            if (w < 0 || !_byThread.TryGetValue((e.Thread, VdsmTaskKind.JsonRpc), out Call? c)) return;
            string value = m.Substring(w + with.Length).Trim();
            if (VdsmText.IsUuid(value)) c.TaskId ??= value;
        }

        private void RpcEnd(VdsmLogEntry e, string m, List<VdsmTask> output)
        {
            int sp = m.IndexOf(' ', 9);
            if (sp < 0) return;
            string verb = m.Substring(9, sp - 9);
            string rest = m.Substring(sp + 1);
            VdsmTaskResult result;
            int? code = null;
            double seconds = double.NaN;
            if (rest.StartsWith("succeeded in ", StringComparison.Ordinal))
            {
                result = VdsmTaskResult.Succeeded;
                seconds = Seconds(rest, 13);
            }
            else if (rest.StartsWith("failed", StringComparison.Ordinal))
            {
                result = VdsmTaskResult.Failed;
                int er = rest.IndexOf("(error ", StringComparison.Ordinal);
                if (er >= 0)
                {
                    int ee = er + 7;
                    if (ee < rest.Length && rest[ee] == '-') ee++;
                    while (ee < rest.Length && char.IsDigit(rest[ee])) ee++;
                    if (int.TryParse(rest.Substring(er + 7, ee - er - 7), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int v)) code = v;
                }
                int inAt = rest.LastIndexOf(" in ", StringComparison.Ordinal);
                if (inAt >= 0) seconds = Seconds(rest, inAt + 4);
            }
            else if (rest.StartsWith("took more than ", StringComparison.Ordinal))
            {
                result = VdsmTaskResult.Succeeded;
                int colon = rest.LastIndexOf(": ", StringComparison.Ordinal);
                if (colon >= 0) seconds = Seconds(rest, colon + 2);
            }
            else return;

            if (!_byThread.TryGetValue((e.Thread, VdsmTaskKind.JsonRpc), out Call? c) || c.Verb != verb)
            {
                // The summary line alone is a whole call: its start is end minus the logged duration.
                c = new Call(++_sequence, VdsmTaskKind.JsonRpc, e) { Verb = verb, Entries = 1 };
                c.Node = _open.AddLast(c);
                if (!double.IsNaN(seconds)) c.StartTime = e.Timestamp - TimeSpan.FromSeconds(seconds);
            }
            c.ResponseSeen = true;
            c.EndTime = e.Timestamp;
            c.Result = result;
            c.StatusCode = code ?? (result == VdsmTaskResult.Succeeded ? 0 : (int?)null);
            c.StatusMessage = result == VdsmTaskResult.Succeeded ? "succeeded" : "failed";
            if (!double.IsNaN(seconds)) c.LoggedDuration = TimeSpan.FromSeconds(seconds);
            Emit(c, output, final: false);
        }

        private static double Seconds(string s, int start)
        {
            int end = start;
            while (end < s.Length && (char.IsDigit(s[end]) || s[end] == '.')) end++;
            return double.TryParse(s.Substring(start, end - start), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        }

        private void StateChange(VdsmLogEntry e, string m, int moving, List<VdsmTask> output)
        {
            // "moving from state A -> state B"
            int a = moving + 18;
            string from = VdsmText.Identifier(m, a, out int ae);
            int arrow = m.IndexOf("-> state ", ae, StringComparison.Ordinal);
            if (arrow < 0) return;
            string to = VdsmText.Identifier(m, arrow + 9, out _);
            string id = e.TaskId!;
            if (!_byTask.TryGetValue(id, out Call? c))
            {
                // A call open on this thread with no task yet (old layout logs the verb first), else a task of its own.
                c = null;
                foreach (VdsmTaskKind k in new[] { VdsmTaskKind.StorageDispatcher, VdsmTaskKind.Api })
                {
                    if (_byThread.TryGetValue((e.Thread, k), out Call? open) && open.TaskId == null && !open.ResponseSeen) { c = open; break; }
                }
                if (c == null)
                {
                    if (from != "init")
                    {
                        _context.Report(e.Path, IssueKind.OrphanEvent, "task " + id + " moves from " + from + " to " + to + " but its start was not seen", e.LineNumber);
                    }
                    c = Open(e, VdsmTaskKind.StorageTask, null, null, output);
                    c.Orphan = from != "init";
                }
                c.TaskId = id;
                _byTask[id] = c;
            }
            c.States.Add(new VdsmTaskState(e.Timestamp, from, to, e.Thread, e.LineNumber));
            if (to == "acquiring" || to == "queued" || to == "running") c.IsAsync = true;
            if (to == "aborting") c.Aborting = true;
            if (to == "finished" || to == "failed" || to == "recovered")
            {
                c.Terminal = to;
                c.TerminalTime = e.Timestamp;
                TryFinish(c, output);
            }
        }

        private void NoteError(VdsmLogEntry e, List<VdsmTask> output)
        {
            Call? c = null;
            if (e.TaskId != null) _byTask.TryGetValue(e.TaskId, out c);
            if (c == null && _apiByThread.TryGetValue(e.Thread, out List<Call>? stack)) c = stack[stack.Count - 1];
            // An async task's worker reports its job's failure before any other line of it (INFO-level logs).
            if (c == null && e.TaskId != null && e.Thread.StartsWith("tasks/", StringComparison.Ordinal)) c = TaskCall(e, output);
            if (c == null)
            {
                foreach (VdsmTaskKind k in new[] { VdsmTaskKind.StorageDispatcher, VdsmTaskKind.Api, VdsmTaskKind.JsonRpc })
                {
                    if (_byThread.TryGetValue((e.Thread, k), out c)) break;
                }
            }
            if (c == null || c.Error != null) return;
            c.Error = e.Traceback != null && e.Traceback.ExceptionType != null
                ? e.Traceback.ExceptionType + ": " + e.Traceback.ExceptionMessage
                : FirstLine(e.Message);
            // Old dispatcher: an ERROR with the status dict ends a failed verb call.
            if (c.Kind == VdsmTaskKind.StorageDispatcher && e.Logger != null && e.Logger.IndexOf("ispatcher", StringComparison.OrdinalIgnoreCase) >= 0
                && e.Message.StartsWith("{'status'", StringComparison.Ordinal))
            {
                VdsmText.ParseStatus(e.Message, out int? code, out string? msg);
                c.StatusCode = code; c.StatusMessage = msg; c.Result = VdsmTaskResult.Failed; c.ResponseSeen = true; c.EndTime = e.Timestamp;
                TryFinish(c, output);
            }
        }

        /// <summary>The message after the <c>(Task='…') </c> context vdsm 4.x puts first.</summary>
        private static string AfterContext(string m)
        {
            if (m.Length < 2 || m[0] != '(') return m;
            int close = m.IndexOf("') ", StringComparison.Ordinal);
            return close > 0 && close < 64 ? m.Substring(close + 3) : m;
        }

        private static string FirstLine(string s)
        {
            int nl = s.IndexOf('\n');
            if (nl >= 0) s = s.Substring(0, nl);
            // Drop the "(Task='…') " / "(vmId='…') " context vdsm puts before the text.
            if (s.Length > 2 && s[0] == '(')
            {
                int close = s.IndexOf("') ", StringComparison.Ordinal);
                if (close > 0 && close < 64) s = s.Substring(close + 3);
            }
            return s;
        }

        private void TryFinish(Call c, List<VdsmTask> output)
        {
            bool done;
            if (c.Kind == VdsmTaskKind.StorageTask) done = c.Terminal != null;
            else if (c.IsAsync) done = c.ResponseSeen && c.Terminal != null;
            else done = c.ResponseSeen && (c.TaskId == null || c.Terminal != null || c.Kind == VdsmTaskKind.Api || c.Kind == VdsmTaskKind.JsonRpc);
            if (done) Emit(c, output, final: false);
        }

        private void Emit(Call c, List<VdsmTask> output, bool final)
        {
            Forget(c);
            VdsmTaskResult result = c.Result;
            DateTimeOffset? end = c.EndTime;
            if (c.Terminal != null)
            {
                if (c.TerminalTime > end || end == null) end = c.TerminalTime;
                if (c.Aborting) result = VdsmTaskResult.Aborted;
                else if (c.Terminal == "failed") result = VdsmTaskResult.Failed;
                else if (c.IsAsync || c.Kind == VdsmTaskKind.StorageTask) result = result == VdsmTaskResult.Failed ? result : VdsmTaskResult.Succeeded;
            }
            if (c.Aborting && (result == VdsmTaskResult.Failed || result == VdsmTaskResult.Unknown)) result = VdsmTaskResult.Aborted;
            // vdsm moves every failing task through aborting: a task aborted by an error (a traceback, an error code
            // other than TaskAborted's own 411) failed; Aborted stays for tasks stopped without one.
            if (result == VdsmTaskResult.Aborted && (c.Error != null || (c.AbortCode.HasValue && c.AbortCode.Value != 411))) result = VdsmTaskResult.Failed;
            if (c.Terminal == null && c.AbortTime.HasValue && (end == null || c.AbortTime > end)) end = c.AbortTime;
            bool complete = !c.Orphan && c.StartTime.HasValue && (c.ResponseSeen || c.Terminal != null) && (!c.IsAsync || c.Terminal != null);
            if (!complete && c.Terminal == null && !c.ResponseSeen && !c.AbortTime.HasValue) result = VdsmTaskResult.Unknown;
            TimeSpan? duration = c.LoggedDuration ?? (c.StartTime.HasValue && end.HasValue ? end.Value - c.StartTime.Value : (TimeSpan?)null);
            if (c.LoggedDuration.HasValue && c.StartTime.HasValue && end.HasValue && end.Value - c.StartTime.Value > c.LoggedDuration.Value)
                duration = end.Value - c.StartTime.Value;
            var task = new VdsmTask(c.Kind, c.Verb, c.Arguments, VdsmText.ParseArguments(c.Arguments), c.TaskId, c.Thread, c.IsAsync,
                c.CallerAddress, c.FlowId, c.StartTime, end, duration, c.States.ToArray(), result, c.StatusCode, c.StatusMessage, c.Error,
                c.Entries, complete, c.HostName, c.Path, c.LineNumber) { ClockOffset = c.ClockOffset, TimestampKind = c.TimestampKind }.WithIds(VdsmText.FindIds(c.Context == null ? c.Arguments : c.Arguments + " " + c.Context));
            _ = final;
            if (_options.Accept(task)) output.Add(task);
        }

        private sealed class Call
        {
            public Call(long sequence, VdsmTaskKind kind, VdsmLogEntry e)
            {
                Sequence = sequence; Kind = kind; Thread = e.Thread; HostName = e.HostName; Path = e.Path; LineNumber = e.LineNumber;
                ClockOffset = e.ClockOffset; TimestampKind = e.TimestampKind;
            }

            public long Sequence;
            public VdsmTaskKind Kind;
            public string? Verb, Arguments, TaskId, CallerAddress, FlowId, StatusMessage, Error, Terminal, HostName, Context;
            public string Thread, Path;
            public long LineNumber;
            public bool IsAsync, ResponseSeen, Aborting, Orphan;
            public DateTimeOffset? StartTime, EndTime, TerminalTime, AbortTime;
            public int? AbortCode;
            public TimeSpan? LoggedDuration;
            public TimeSpan ClockOffset;
            public VdsmTimestampKind TimestampKind;
            public int? StatusCode;
            public int Entries;
            public VdsmTaskResult Result;
            public readonly List<VdsmTaskState> States = new List<VdsmTaskState>();
            public LinkedListNode<Call>? Node;

            public bool OnThread(string thread) => string.Equals(Thread, thread, StringComparison.Ordinal);
        }
    }
}
