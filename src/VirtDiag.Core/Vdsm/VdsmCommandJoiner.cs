using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Vdsm
{
    /// <summary>
    /// Joins an external command's line (<c>cmd … (cwd None)</c>) with the <c>SUCCESS</c>/<c>FAILED: &lt;err&gt; = …;
    /// &lt;rc&gt; = N</c> line its thread logs next, and notes the verb and storage task the thread was running.
    /// One command is open per thread at most; a result with no command is reported as an orphan and still emitted.
    /// </summary>
    public sealed class VdsmCommandJoiner : IRecordJoin<VdsmLogEntry, VdsmExternalCommand>
    {
        private readonly VdsmCommandOptions _options;
        private readonly ReadContext _context;
        private readonly Dictionary<string, Open> _open = new Dictionary<string, Open>(StringComparer.Ordinal);
        private readonly Dictionary<string, (string? Verb, string? TaskId)> _threadWork = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        private const int MaxThreads = 100_000;

        /// <summary>Creates a joiner; <paramref name="options"/> filters what is emitted.</summary>
        public VdsmCommandJoiner(VdsmCommandOptions? options, ReadContext context)
        {
            _options = options ?? new VdsmCommandOptions();
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Adds one record; commands it finishes are added to <paramref name="output"/>.</summary>
        public void Add(VdsmLogEntry e, List<VdsmExternalCommand> output)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            if (_held.Count > 0 && _held.TryGetValue(e.Thread, out VdsmExternalCommand? held)) Release(held, e, output);
            string m = e.Message;
            if (m.Length == 0) return;
            char c0 = m[0];
            if ((c0 == 'S' || c0 == 'F') && VdsmText.TryParseCommandResult(m, out bool ok, out int? rc, out string? stderr))
            {
                Result(e, ok, rc, stderr, output);
                return;
            }
            if (m[m.Length - 1] == ')' && m.IndexOf("(cwd ", StringComparison.Ordinal) >= 0 && VdsmText.TryParseCommandLine(m, out string cl, out string? cwd))
            {
                if (_open.TryGetValue(e.Thread, out Open? previous)) Emit(previous, null, output);
                if (_open.Count >= MaxThreads)
                {
                    _context.Report(e.Path, IssueKind.LimitExceeded, "more than " + MaxThreads + " commands open at once; open ones are emitted incomplete", e.LineNumber);
                    foreach (Open o in new List<Open>(_open.Values)) Emit(o, null, output);
                }
                _threadWork.TryGetValue(e.Thread, out var work);
                _open[e.Thread] = new Open(e, cl, cwd, work.Verb, e.TaskId ?? work.TaskId);
                return;
            }
            TrackWork(e, m);
        }

        /// <summary>End of input: commands with no result are emitted incomplete.</summary>
        public void Complete(List<VdsmExternalCommand> output)
        {
            var rest = new List<Open>(_open.Values);
            rest.Sort((a, b) => a.Start.LineNumber.CompareTo(b.Start.LineNumber));
            foreach (Open o in rest) Emit(o, null, output);
            _open.Clear();
            foreach (VdsmExternalCommand h in new List<VdsmExternalCommand>(_held.Values)) Release(h, null, output);
        }

        // A command that ended on an async task worker (tasks/N) before any line named the task: the worker's next
        // record (the job's error, "aborting: …") names the task it ran for, unless it starts the next job.
        private readonly Dictionary<string, VdsmExternalCommand> _held = new Dictionary<string, VdsmExternalCommand>(StringComparer.Ordinal);

        private static bool WaitsForTask(VdsmExternalCommand c) => c.TaskId == null && c.Thread.StartsWith("tasks/", StringComparison.Ordinal);

        private void Release(VdsmExternalCommand c, VdsmLogEntry? next, List<VdsmExternalCommand> output)
        {
            _held.Remove(c.Thread);
            string m = next?.Message ?? string.Empty;
            if (next?.TaskId != null && m.IndexOf("Task.run: running job", StringComparison.Ordinal) < 0 && m.IndexOf("moving from state queued", StringComparison.Ordinal) < 0
                && m.IndexOf("moving from state init", StringComparison.Ordinal) < 0)
            {
                c = new VdsmExternalCommand(c.CommandLine, c.Executable, c.Cwd, c.StartTime, c.EndTime, c.Duration, c.Succeeded, c.ExitCode, c.StdErr,
                    c.Thread, next.TaskId, c.TaskVerb, c.IsComplete, c.HostName, c.Path, c.LineNumber);
            }
            if (_options.Accept(c)) output.Add(c);
        }

        private void Output(VdsmExternalCommand c, List<VdsmExternalCommand> output)
        {
            if (WaitsForTask(c))
            {
                if (_held.TryGetValue(c.Thread, out VdsmExternalCommand? earlier)) Release(earlier, null, output);
                _held[c.Thread] = c;
                return;
            }
            if (_options.Accept(c)) output.Add(c);
        }

        // What each thread is doing: the verb call open on it and the storage task it serves.
        private void TrackWork(VdsmLogEntry e, string m)
        {
            if (m.StartsWith("Run and protect: ", StringComparison.Ordinal))
            {
                string verb = VdsmText.Identifier(m, 17, out int end);
                if (string.CompareOrdinal(m, end, ", Return response:", 0, 18) == 0) SetWork(e.Thread, null, null);
                else SetWork(e.Thread, verb, e.TaskId ?? Current(e.Thread).TaskId);
            }
            else if (m.StartsWith("START ", StringComparison.Ordinal))
            {
                string word = VdsmText.Identifier(m, 6, out int end);
                if (word == "task" && end + 1 < m.Length && VdsmText.IsUuidAt(m, end + 1)) SetWork(e.Thread, Current(e.Thread).Verb, m.Substring(end + 1, 36));
                else if (word.Length > 0 && word != "check" && word != "thread") SetWork(e.Thread, word, VdsmText.KeyValue(m, "task_id=") ?? e.TaskId);
            }
            else if (m.StartsWith("FINISH ", StringComparison.Ordinal))
            {
                string word = VdsmText.Identifier(m, 7, out _);
                if (word != "check" && word != "thread") SetWork(e.Thread, null, null);
            }
            else if (e.TaskId != null && (m.IndexOf("moving from state init", StringComparison.Ordinal) >= 0
                || (e.Thread.StartsWith("tasks/", StringComparison.Ordinal) && m.IndexOf("Task.run: running job", StringComparison.Ordinal) >= 0)))
            {
                SetWork(e.Thread, Current(e.Thread).Verb, e.TaskId);
            }
        }

        private (string? Verb, string? TaskId) Current(string thread) => _threadWork.TryGetValue(thread, out var w) ? w : default;

        private void SetWork(string thread, string? verb, string? taskId)
        {
            if (verb == null && taskId == null) { _threadWork.Remove(thread); return; }
            if (_threadWork.Count >= MaxThreads && !_threadWork.ContainsKey(thread)) _threadWork.Clear();
            _threadWork[thread] = (verb, taskId);
        }

        private void Result(VdsmLogEntry e, bool ok, int? rc, string? stderr, List<VdsmExternalCommand> output)
        {
            if (_open.TryGetValue(e.Thread, out Open? o))
            {
                o.End = e;
                o.Succeeded = ok;
                o.ExitCode = rc;
                o.StdErr = stderr;
                Emit(o, e, output);
                return;
            }
            _context.Report(e.Path, IssueKind.OrphanEvent, (ok ? "SUCCESS" : "FAILED") + " of an external command whose command line was not seen on thread " + e.Thread, e.LineNumber);
            _threadWork.TryGetValue(e.Thread, out var work);
            var c = new VdsmExternalCommand(null, null, null, null, e.Timestamp, null, ok, rc, stderr, e.Thread, e.TaskId ?? work.TaskId, work.Verb,
                false, e.HostName, e.Path, e.LineNumber) { ClockOffset = e.ClockOffset, TimestampKind = e.TimestampKind };
            Output(c, output);
        }

        private void Emit(Open o, VdsmLogEntry? end, List<VdsmExternalCommand> output)
        {
            _open.Remove(o.Start.Thread);
            VdsmLogEntry s = o.Start;
            DateTimeOffset? endTime = end?.Timestamp;
            var c = new VdsmExternalCommand(o.CommandLine, VdsmText.Executable(o.CommandLine), o.Cwd, s.Timestamp, endTime,
                endTime.HasValue ? endTime.Value - s.Timestamp : (TimeSpan?)null, end == null ? null : o.Succeeded, o.ExitCode, o.StdErr,
                s.Thread, o.TaskId, o.Verb, end != null, s.HostName, s.Path, s.LineNumber) { ClockOffset = s.ClockOffset, TimestampKind = s.TimestampKind };
            Output(c, output);
        }

        private sealed class Open
        {
            public Open(VdsmLogEntry start, string commandLine, string? cwd, string? verb, string? taskId)
            {
                Start = start; CommandLine = commandLine; Cwd = cwd; Verb = verb; TaskId = taskId;
            }

            public readonly VdsmLogEntry Start;
            public readonly string CommandLine;
            public readonly string? Cwd, Verb, TaskId;
            public VdsmLogEntry? End;
            public bool Succeeded;
            public int? ExitCode;
            public string? StdErr;
        }
    }
}
