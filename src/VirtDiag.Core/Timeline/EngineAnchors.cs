using System;
using System.Collections.Generic;

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
        // Engine VDS command names whose vdsm verb is not the command's own name (ovirt-engine's JSON-RPC client names them).
        private static readonly Dictionary<string, string> s_verbs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["FullList"] = "Host.getVMFullList",
            ["ClearTask"] = "Task.clear",
            ["DeleteImageGroup"] = "Image.delete",
            ["CreateImage"] = "Volume.create",
            ["CreateVolume"] = "Volume.create",
            ["GetVolumeInfo"] = "Volume.getInfo",
            ["GetImageInfo"] = "Volume.getInfo",
            ["Create"] = "VM.create",
            ["MigrateStatus"] = "VM.getMigrationStatus",
            ["SetAmountOfMemory"] = "VM.hotplugMemory",
            ["SpmStatus"] = "StoragePool.getSpmStatus",
            ["GetStoragePoolInfo"] = "StoragePool.getInfo",
            ["ConnectStoragePool"] = "StoragePool.connect",
            ["DisconnectStoragePool"] = "StoragePool.disconnect",
            ["SpmStart"] = "StoragePool.spmStart",
            ["SpmStop"] = "StoragePool.spmStop",
            ["CancelMigrate"] = "VM.migrateCancel",
            ["ConnectStorageServer"] = "StoragePool.connectStorageServer",
            ["DisconnectStorageServer"] = "StoragePool.disconnectStorageServer",
            ["GetAllTasksInfo"] = "Host.getAllTasksInfo",
            ["GetAllTasksStatuses"] = "Host.getAllTasksStatuses",
            ["GetVmsInfo"] = "StorageDomain.getVmsInfo",
        };

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
            var p = new Pending(command, VerbOf(command.Command));
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
                if (!Matches(p.Verb, call.Verb!)) continue;
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

        /// <summary>The vdsm verb an engine VDS command calls (<c>MigrateBrokerVDSCommand</c> → <c>migrate</c>, <c>FullListVDSCommand</c> → <c>Host.getVMFullList</c>).</summary>
        public static string VerbOf(string engineCommand)
        {
            string n = engineCommand ?? string.Empty;
            if (n.EndsWith("VDSCommand", StringComparison.Ordinal)) n = n.Substring(0, n.Length - "VDSCommand".Length);
            if (n.EndsWith("Broker", StringComparison.Ordinal)) n = n.Substring(0, n.Length - "Broker".Length);
            if (n.StartsWith("HSM", StringComparison.Ordinal) || n.StartsWith("SPM", StringComparison.Ordinal)) n = n.Substring(3);
            if (s_verbs.TryGetValue(n, out string? verb)) return verb;
            return n.Length == 0 ? n : char.ToLowerInvariant(n[0]) + n.Substring(1);
        }

        // A qualified verb (VM.migrate) matches itself or, in logs that name the method only (vdsm.api START migrate), its method.
        private static bool Matches(string engineVerb, string vdsmVerb)
        {
            if (string.Equals(engineVerb, vdsmVerb, StringComparison.OrdinalIgnoreCase)) return true;
            return string.Equals(Method(engineVerb), Method(vdsmVerb), StringComparison.OrdinalIgnoreCase)
                   && (engineVerb.IndexOf('.') < 0 || vdsmVerb.IndexOf('.') < 0);
        }

        private static string Method(string verb) => verb.Substring(verb.LastIndexOf('.') + 1);

        private sealed class Pending
        {
            public Pending(OVirtEngineCommand command, string verb) { Command = command; Verb = verb; }

            public readonly OVirtEngineCommand Command;
            public readonly string Verb;
            public readonly int[] Count = new int[4];
            public readonly VdsmTask?[] Candidate = new VdsmTask?[4];
            public VdsmTask? ByFlow;
        }
    }
}
