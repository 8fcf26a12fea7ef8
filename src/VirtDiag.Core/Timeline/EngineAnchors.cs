using System;
using System.Collections.Generic;
using VirtDiag.OVirt;

namespace VirtDiag.Timeline
{
    /// <summary>
    /// Pairs the engine's VDS commands (<c>START, XVDSCommand(HostName = h, …)</c> … <c>FINISH</c>) with the vdsm
    /// calls that served them on host h: the engine's START comes before vdsm's start of the verb, vdsm's end before
    /// the engine's FINISH. A pair is made by flow id (the engine's correlation id logged as vdsm's <c>flow_id=</c>),
    /// else by verb and host when exactly one vdsm call of that verb starts within the window around the engine's START.
    /// </summary>
    public sealed class EngineAnchors
    {
        private readonly string _engineHost;
        private readonly TimeSpan _window;
        private readonly Dictionary<string, List<Pending>> _byHost = new Dictionary<string, List<Pending>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Pending> _all = new List<Pending>();

        /// <summary>Creates a matcher for the engine on <paramref name="engineHost"/>; vdsm calls are looked for within <paramref name="window"/> of each START.</summary>
        public EngineAnchors(string engineHost, TimeSpan window)
        {
            _engineHost = engineHost ?? throw new ArgumentNullException(nameof(engineHost));
            _window = window;
        }

        /// <summary>How many engine VDS commands with a start, an end and a target host were offered.</summary>
        public int EngineCommands => _all.Count;

        /// <summary>Takes one engine command (only VDS commands with a target host, a start and an end are used).</summary>
        public void AddEngineCommand(OVirtEngineCommand command)
        {
            if (command == null) throw new ArgumentNullException(nameof(command));
            if (command.Kind != OVirtCommandKind.VdsCommand || command.TargetHost == null || !command.StartTime.HasValue || !command.EndTime.HasValue) return;
            var p = new Pending(command, VdsVerbs.Of(command.Command, command.Arguments), VdsVerbs.IsKnown(command.Command));
            if (!_byHost.TryGetValue(command.TargetHost, out var list)) _byHost.Add(command.TargetHost, list = new List<Pending>());
            list.Add(p);
            _all.Add(p);
        }

        /// <summary>Offers one vdsm call (after every engine command was added).</summary>
        public void AddVdsmCall(VdsmTask call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            if (call.HostName == null || call.Verb == null || !call.StartTime.HasValue || !call.EndTime.HasValue || call.Kind == VdsmTaskKind.StorageTask) return;
            foreach (var byHost in _byHost)
            {
                if (AnchorFinder.SameHost(byHost.Key, call.HostName)) Offer(byHost.Value, call);
            }
        }

        private void Offer(List<Pending> list, VdsmTask call)
        {
            foreach (Pending p in list)
            {
                if (!Matches(p, call.Verb!)) continue;
                if (call.FlowId != null && p.Command.CorrelationId != null && string.Equals(call.FlowId, p.Command.CorrelationId, StringComparison.OrdinalIgnoreCase))
                {
                    p.ByFlow ??= call;
                    continue;
                }
                if ((call.StartTime!.Value - p.Command.StartTime!.Value).Duration() > _window) continue;
                // One candidate per call layer: the JSON-RPC bridge, the API log and the storage dispatcher each log the same call.
                int k = (int)call.Kind;
                p.Count[k]++;
                p.Candidate[k] ??= call;
            }
        }

        /// <summary>The anchors: two per engine command matched to exactly one vdsm call (per call layer).</summary>
        public IEnumerable<ClockAnchor> Anchors()
        {
            foreach (Pending p in _all)
            {
                OVirtEngineCommand e = p.Command;
                var calls = new List<VdsmTask>();
                if (p.ByFlow != null) calls.Add(p.ByFlow);
                else
                {
                    for (int k = 0; k < p.Count.Length; k++)
                        if (p.Count[k] == 1) calls.Add(p.Candidate[k]!);
                }
                foreach (VdsmTask v in calls)
                {
                    string kind = p.ByFlow != null ? "EngineVdsCommandByFlowId" : "EngineVdsCommandByVerb";
                    yield return new ClockAnchor(kind, _engineHost, e.StartTime!.Value, v.HostName!, v.StartTime!.Value, AnchorFinder.Where(e, v));
                    yield return new ClockAnchor(kind, v.HostName!, v.EndTime!.Value, _engineHost, e.EndTime!.Value, AnchorFinder.Where(v, e, endOfFirst: true));
                }
            }
        }

        /// <summary>The vdsm verb an engine VDS command calls (<c>MigrateBrokerVDSCommand</c> → <c>VM.migrate</c>, <c>ResumeBrokerVDSCommand</c> → <c>VM.cont</c>); a command unknown to ovirt-engine's current source is guessed from its name.</summary>
        public static string VerbOf(string engineCommand)
        {
            IReadOnlyList<string> names = VdsVerbs.Of(engineCommand);
            return names.Count > 0 ? names[0] : string.Empty;
        }

        // A known command matches the names vdsm logs its call by (JSON-RPC verb, API or storage method), exactly; a guessed
        // one also matches a qualified vdsm verb by its method (FooBar guessed as fooBar meets Host.fooBar).
        private static bool Matches(Pending p, string vdsmVerb)
        {
            foreach (string name in p.Verbs)
            {
                if (string.Equals(name, vdsmVerb, StringComparison.OrdinalIgnoreCase)) return true;
                if (!p.Known && vdsmVerb.IndexOf('.') >= 0 && string.Equals(name, Method(vdsmVerb), StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static string Method(string verb) => verb.Substring(verb.LastIndexOf('.') + 1);

        private sealed class Pending
        {
            public Pending(OVirtEngineCommand command, IReadOnlyList<string> verbs, bool known) { Command = command; Verbs = verbs; Known = known; }

            public readonly OVirtEngineCommand Command;
            public readonly IReadOnlyList<string> Verbs;
            public readonly bool Known;
            public readonly int[] Count = new int[4];
            public readonly VdsmTask?[] Candidate = new VdsmTask?[4];
            public VdsmTask? ByFlow;
        }
    }
}
