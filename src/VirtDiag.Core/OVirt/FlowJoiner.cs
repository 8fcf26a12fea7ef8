using System;
using System.Collections.Generic;
using System.Linq;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.OVirt
{
    /// <summary>
    /// Joins engine commands (grouped by correlation id) with the vdsm calls that answered them: by <c>flow_id</c>
    /// (vdsm ≥ 4.20 logs the engine's correlation id), by task id (<c>Adding task</c>, a task UUID returned by FINISH),
    /// else by verb, host and time: the VDS command's name mapped to the vdsm verb it calls.
    /// </summary>
    internal sealed class FlowJoiner
    {
        private readonly OVirtFlowOptions _options;
        private readonly ReadContext _context;
        private readonly Dictionary<string, List<VdsmTask>> _byVerb = new Dictionary<string, List<VdsmTask>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<VdsmTask>> _byShortVerb = new Dictionary<string, List<VdsmTask>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<VdsmTask>> _byFlow = new Dictionary<string, List<VdsmTask>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<VdsmTask>> _byTask = new Dictionary<string, List<VdsmTask>>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<VdsmTask> _claimed = new HashSet<VdsmTask>();
        private int _held;
        private bool _capReported;

        public FlowJoiner(OVirtFlowOptions options, ReadContext context)
        {
            _options = options;
            _context = context;
        }

        /// <summary>Holds one vdsm call for joining.</summary>
        public void AddHostCall(VdsmTask t)
        {
            if (_held >= _options.MaxHostCalls)
            {
                if (!_capReported)
                {
                    _capReported = true;
                    _context.Report(t.Path, IssueKind.LimitExceeded, "more than " + _options.MaxHostCalls + " vdsm calls to join; later ones are not joined to flows", t.LineNumber);
                }
                return;
            }
            _held++;
            if (t.FlowId != null) Add(_byFlow, t.FlowId, t);
            if (t.TaskId != null) Add(_byTask, t.TaskId, t);
            if (t.Verb != null)
            {
                Add(_byVerb, t.Verb, t);
                if (t.Verb.IndexOf('.') > 0) Add(_byShortVerb, VerbKey(t.Verb), t);
            }
        }

        private static void Add(Dictionary<string, List<VdsmTask>> map, string key, VdsmTask t)
        {
            if (!map.TryGetValue(key, out List<VdsmTask>? list)) map[key] = list = new List<VdsmTask>();
            list.Add(t);
        }

        // JSON-RPC names the verb Namespace.verb (VM.create); the API layers name it verb (create).
        private static string VerbKey(string verb)
        {
            int dot = verb.LastIndexOf('.');
            return dot >= 0 ? verb.Substring(dot + 1) : verb;
        }

        /// <summary>Builds the flow of one correlation id from its commands (any order).</summary>
        public OVirtFlow Build(string correlationId, List<OVirtEngineCommand> commands)
        {
            commands.Sort((a, b) => Nullable.Compare(a.Time, b.Time));
            var calls = new List<VdsmTask>();
            var seen = new HashSet<VdsmTask>();
            void Take(VdsmTask t)
            {
                if (seen.Add(t)) { calls.Add(t); _claimed.Add(t); }
            }
            if (_byFlow.TryGetValue(correlationId, out List<VdsmTask>? byFlow)) foreach (VdsmTask t in byFlow) Take(t);
            var hosts = new List<string>();
            int answered = 0;
            foreach (OVirtEngineCommand c in commands)
            {
                foreach (string id in c.TaskIds)
                {
                    if (_byTask.TryGetValue(id, out List<VdsmTask>? byTask)) foreach (VdsmTask t in byTask) Take(t);
                }
                if (c.Kind != OVirtCommandKind.VdsCommand) continue;
                if (c.TargetHost != null && !hosts.Contains(c.TargetHost)) hosts.Add(c.TargetHost);
                bool found = false;
                foreach (VdsmTask t in calls)
                {
                    if (VerbMatches(c.Command, t.Verb) && HostMatches(c, t) && InWindow(c, t)) { found = true; break; }
                }
                // One answer per layer that logs the call (JSON-RPC, API logging, the storage dispatcher).
                var kinds = new HashSet<VdsmTaskKind>();
                bool mapped = IsMapped(c.Command);
                foreach (string verb in VdsmVerbs(c.Command))
                {
                    List<VdsmTask>? candidates = null;
                    if (_byVerb.TryGetValue(verb, out List<VdsmTask>? exact)) candidates = exact;
                    if (!mapped && _byShortVerb.TryGetValue(verb, out List<VdsmTask>? shortNamed))
                        candidates = candidates == null ? shortNamed : candidates.Concat(shortNamed).ToList();
                    if (candidates == null) continue;
                    foreach (VdsmTaskKind kind in new[] { VdsmTaskKind.JsonRpc, VdsmTaskKind.Api, VdsmTaskKind.StorageDispatcher })
                    {
                        if (kinds.Contains(kind)) continue;
                        VdsmTask? best = null;
                        TimeSpan bestGap = TimeSpan.MaxValue;
                        foreach (VdsmTask t in candidates)
                        {
                            if (t.Kind != kind || _claimed.Contains(t) || !HostMatches(c, t) || !InWindow(c, t)) continue;
                            TimeSpan gap = (t.StartTime ?? t.EndTime!.Value) - (c.StartTime ?? c.EndTime!.Value);
                            if (gap < TimeSpan.Zero) gap = -gap;
                            if (gap < bestGap) { best = t; bestGap = gap; }
                        }
                        if (best != null) { Take(best); kinds.Add(kind); found = true; }
                    }
                }
                if (found) answered++;
            }
            calls.Sort((a, b) => Nullable.Compare(a.StartTime ?? a.EndTime, b.StartTime ?? b.EndTime));

            DateTimeOffset? start = null, end = null;
            foreach (OVirtEngineCommand c in commands) { start = Min(start, c.StartTime ?? c.EndTime); end = Max(end, c.EndTime ?? c.StartTime); }
            foreach (VdsmTask t in calls) { end = Max(end, t.EndTime ?? t.StartTime); }

            OVirtCommandResult result = OVirtCommandResult.Unknown;
            string? failedAt = null, error = null;
            DateTimeOffset? failureTime = null;
            bool incomplete = false, succeeded = false;
            // Where it failed first is the deepest layer that failed: a host's answer, else a VDS command, else a backend
            // command (which fails because of those); earliest within a layer.
            int rank = 0;
            void Failure(int layer, DateTimeOffset? when, string at, string? text)
            {
                if (layer < rank || (layer == rank && failureTime != null && (when == null || when >= failureTime))) return;
                rank = layer; failureTime = when; failedAt = at; error = text;
            }
            foreach (OVirtEngineCommand c in commands)
            {
                if (c.Result == OVirtCommandResult.Failed)
                {
                    if (c.Kind == OVirtCommandKind.VdsCommand) Failure(2, c.EndTime ?? c.StartTime, c.Command + (c.TargetHost != null ? " on " + c.TargetHost : string.Empty), c.Error);
                    else Failure(1, c.EndTime ?? c.StartTime, c.Command, c.Error);
                }
                incomplete |= c.Result == OVirtCommandResult.Incomplete;
                succeeded |= c.Result == OVirtCommandResult.Succeeded;
            }
            foreach (VdsmTask t in calls)
            {
                if (t.Result != VdsmTaskResult.Failed && t.Result != VdsmTaskResult.Aborted) continue;
                string? host = t.HostName;
                if (host == null)
                {
                    foreach (OVirtEngineCommand c in commands)
                    {
                        if (c.TargetHost != null && VerbMatches(c.Command, t.Verb)) { host = c.TargetHost; break; }
                    }
                }
                Failure(3, t.EndTime ?? t.StartTime, t.Verb + " on " + (host ?? "the host"), t.Error ?? t.StatusMessage);
            }
            if (failedAt != null) result = OVirtCommandResult.Failed;
            else if (incomplete) result = OVirtCommandResult.Incomplete;
            else if (succeeded) result = OVirtCommandResult.Succeeded;

            OVirtEngineCommand? root = null;
            foreach (OVirtEngineCommand c in commands)
            {
                if (c.Kind == OVirtCommandKind.EngineCommand) { root = c; break; }
            }
            root ??= commands.Count > 0 ? commands[0] : null;
            OVirtEngineCommand first = commands[0];
            return new OVirtFlow(correlationId, root?.Command, start, end, result, failedAt, error, failureTime, commands.ToArray(), calls.ToArray(),
                hosts.ToArray(), answered, first.HostName, first.Path);
        }

        private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a == null ? b : b == null ? a : (a < b ? a : b);

        private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a == null ? b : b == null ? a : (a > b ? a : b);

        private bool InWindow(OVirtEngineCommand c, VdsmTask t)
        {
            DateTimeOffset? at = t.StartTime ?? t.EndTime;
            DateTimeOffset? from = c.StartTime ?? c.EndTime, to = c.EndTime ?? c.StartTime;
            if (at == null || from == null || to == null) return false;
            return at.Value >= from.Value - _options.Tolerance && at.Value <= to.Value + _options.Tolerance;
        }

        // A vdsm log without a known host could be any host's: only a named host must match.
        private static bool HostMatches(OVirtEngineCommand c, VdsmTask t)
            => c.TargetHost == null || t.HostName == null || HostEquals(c.TargetHost, t.HostName);

        private static bool HostEquals(string a, string b)
        {
            if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase)) return true;
            // The engine names a host by its display name or FQDN, sosreports by the short or full host name.
            string sa = a.Split('.')[0], sb = b.Split('.')[0];
            return string.Equals(sa, sb, StringComparison.OrdinalIgnoreCase);
        }

        private static bool VerbMatches(string command, string? verb)
        {
            if (verb == null) return false;
            bool mapped = IsMapped(command);
            foreach (string v in VdsmVerbs(command))
            {
                if (string.Equals(v, verb, StringComparison.OrdinalIgnoreCase)) return true;
                if (!mapped && verb.IndexOf('.') > 0 && string.Equals(v, VerbKey(verb), StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static bool IsMapped(string command) => VdsVerbs.IsKnown(command);

        // The vdsm verbs a VDS command calls (one table for the flows and the clock anchors), the API's own names first.
        internal static IEnumerable<string> VdsmVerbs(string command) => VdsVerbs.Of(command).OrderBy(v => v.IndexOf('.') >= 0);
    }
}
