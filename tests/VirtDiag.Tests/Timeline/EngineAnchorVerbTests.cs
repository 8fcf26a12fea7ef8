using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Timeline;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>
    /// The engine's VDS commands meet the vdsm calls that served them by the verbs ovirt-engine's broker really sends
    /// (JsonRpcVdsServer/JsonRpcIIrsServer) and the names vdsm logs them by (API.py's storage methods), not by a guess
    /// from the class name. Our own lines: an engine (Z) and host node-b7 whose clock runs 3.25 s ahead.
    /// </summary>
    public sealed class EngineAnchorVerbTests
    {
        [Theory]
        [InlineData("ResumeBrokerVDSCommand", "VM.cont")]                           // not "resume"
        [InlineData("ResumeVDSCommand", "VM.cont")]                                 // the wrapper that always runs ResumeBroker
        [InlineData("ActivateStorageDomainVDSCommand", "StorageDomain.activate")]   // not "activateStorageDomain"
        [InlineData("GetVmsInfoVDSCommand", "StoragePool.getBackedUpVmsInfo")]      // the old table said StorageDomain.getVmsInfo
        [InlineData("MigrateStatusVDSCommand", "VM.getMigrationStatus")]
        [InlineData("SetVmTicketVDSCommand", "VM.updateDevice")]                    // a graphics device update since 4.x
        [InlineData("HSMGetStorageDomainsListVDSCommand", "Host.getStorageDomains")]
        [InlineData("SPMGetAllTasksStatusesVDSCommand", "Host.getAllTasksStatuses")]
        [InlineData("CreateImageVDSCommand", "Volume.create")]                      // removed in 4.4.2, still in older engine logs
        [InlineData("FullListVDSCommand", "Host.getVMFullList")]                    // removed in 4.4
        [InlineData("FrobnicateWidgetBrokerVDSCommand", "frobnicateWidget")]        // unknown: guessed from the name
        public void VerbOfAnEngineCommandIsTheOneItsBrokerSends(string command, string verb)
        {
            Assert.Equal(verb, EngineAnchors.VerbOf(command));
        }

        private const string Engine =
            "2026-09-21 08:14:05,000Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.ResumeBrokerVDSCommand] (default task-31) [c0ffee01] START, ResumeBrokerVDSCommand(HostName = node-b7.lab, ResumeVDSCommandParameters:{hostId='5a1d0e3c-7b2f-4c8e-9d61-0f2e4a6b8c10', vmId='b7e10c44-2d3a-4f5b-8c6d-7e8f90a1b2c3'}), log id: 6e61a7b0\n"
          + "2026-09-21 08:14:05,120Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.ResumeBrokerVDSCommand] (default task-31) [c0ffee01] FINISH, ResumeBrokerVDSCommand, return: PoweringUp, log id: 6e61a7b0\n"
          + "2026-09-21 08:20:00,000Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.ActivateStorageDomainVDSCommand] (EE-ManagedThreadFactory-engine-Thread-88) [d00dfeed] START, ActivateStorageDomainVDSCommand(HostName = node-b7.lab, ActivateStorageDomainVDSCommandParameters:{storagePoolId='0c2f4e6a-8b1d-4a3c-9e5f-7a9b1c3d5e7f', storageDomainId='3e5a7c9e-1b3d-4f5a-8c7e-9f1b3d5a7c9e'}), log id: 1f2e3d4c\n"
          + "2026-09-21 08:20:00,900Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.ActivateStorageDomainVDSCommand] (EE-ManagedThreadFactory-engine-Thread-88) [d00dfeed] FINISH, ActivateStorageDomainVDSCommand, return: true, log id: 1f2e3d4c\n";

        // node-b7 writes +0000 but its clock is 3.25 s ahead: the call of 08:14:05.050 (true) is written 08:14:08,300.
        private const string Vdsm =
            "2026-09-21 08:14:08,300+0000 DEBUG (jsonrpc/4) [jsonrpc.JsonRpcServer] Calling 'VM.cont' in bridge with {'vmID': 'b7e10c44-2d3a-4f5b-8c6d-7e8f90a1b2c3'} (__init__:329)\n"
          + "2026-09-21 08:14:08,301+0000 INFO  (jsonrpc/4) [api.virt] START cont() from=::ffff:198.51.100.20,50212, vmId=b7e10c44-2d3a-4f5b-8c6d-7e8f90a1b2c3 (api:48)\n"
          + "2026-09-21 08:14:08,320+0000 INFO  (jsonrpc/4) [api.virt] FINISH cont return={'status': {'code': 0, 'message': 'Done'}, 'vmList': {}} from=::ffff:198.51.100.20,50212, vmId=b7e10c44-2d3a-4f5b-8c6d-7e8f90a1b2c3 (api:54)\n"
          + "2026-09-21 08:14:08,330+0000 INFO  (jsonrpc/4) [jsonrpc.JsonRpcServer] RPC call VM.cont succeeded in 0.03 seconds (__init__:356)\n"
          + "2026-09-21 08:20:03,400+0000 DEBUG (jsonrpc/6) [jsonrpc.JsonRpcServer] Calling 'StorageDomain.activate' in bridge with {'storagedomainID': '3e5a7c9e-1b3d-4f5a-8c7e-9f1b3d5a7c9e', 'storagepoolID': '0c2f4e6a-8b1d-4a3c-9e5f-7a9b1c3d5e7f'} (__init__:329)\n"
          + "2026-09-21 08:20:03,401+0000 INFO  (jsonrpc/6) [vdsm.api] START activateStorageDomain(sdUUID='3e5a7c9e-1b3d-4f5a-8c7e-9f1b3d5a7c9e', spUUID='0c2f4e6a-8b1d-4a3c-9e5f-7a9b1c3d5e7f', options=None) from=::ffff:198.51.100.20,50212, task_id=4a6c8e0a-2c4e-4a6c-8e0a-2c4e6a8c0e2a (api:48)\n"
          + "2026-09-21 08:20:04,000+0000 INFO  (jsonrpc/6) [vdsm.api] FINISH activateStorageDomain return=None from=::ffff:198.51.100.20,50212, task_id=4a6c8e0a-2c4e-4a6c-8e0a-2c4e6a8c0e2a (api:54)\n"
          + "2026-09-21 08:20:04,010+0000 INFO  (jsonrpc/6) [jsonrpc.JsonRpcServer] RPC call StorageDomain.activate succeeded in 0.61 seconds (__init__:356)\n";

        private static LogDocument Doc(string name, string text, string host, LogKind kind)
            => LogDocument.FromStream(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)), host, kind);

        [Fact]
        public void CallsNamedOnlyByTheBrokersVerbsAnchorTheHostClock()
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = new[] { Doc("engine.log", Engine, "engine02.lab", LogKind.Engine), Doc("vdsm.log", Vdsm, "node-b7.lab", LogKind.Vdsm) };
            var anchors = TimelineReader.FindAnchors(docs, new ClockSkewOptions(), ctx);
            // Two commands, each answered on two layers (JSON-RPC bridge and API logging), two anchors per layer.
            Assert.Equal(8, anchors.Count);
            Assert.All(anchors, a => Assert.Equal("EngineVdsCommandByVerb", a.Kind));
            Assert.Equal(4, anchors.Count(a => a.FromHost == "engine02.lab" && a.ToHost == "node-b7.lab"));
            // Each call is named by the line it starts on: 'VM.cont' (1), START cont (2), 'StorageDomain.activate' (5), START activateStorageDomain (6).
            Assert.Equal(
                new[]
                {
                    "engine.log:1 -> vdsm.log:1", "engine.log:1 -> vdsm.log:2", "engine.log:3 -> vdsm.log:5", "engine.log:3 -> vdsm.log:6",
                    "vdsm.log:1 -> engine.log:2 (ends)", "vdsm.log:2 -> engine.log:2 (ends)", "vdsm.log:5 -> engine.log:4 (ends)", "vdsm.log:6 -> engine.log:4 (ends)",
                },
                anchors.Select(a => a.Evidence).OrderBy(x => x, StringComparer.Ordinal));

            ClockSkewEstimate host = TimelineReader.MeasureClockSkew(docs, new ClockSkewOptions(), ctx).Single(e => e.HostName == "node-b7.lab");
            Assert.Equal("engine02.lab", host.ReferenceHostName);
            // Tightest by hand: START 08:14:05,000 → 'VM.cont' called 08:14:08,300 gives ≤ 3.300 (+0.002 for the
            // millisecond cut); RPC call VM.cont succeeded 08:14:08,330 → engine FINISH 08:14:05,120 gives ≥ 3.210 (−0.002).
            // The truth, 3.25 s, is inside; the estimate is the midpoint.
            Assert.Equal(3.208, host.LowerBoundSeconds!.Value, 3);
            Assert.Equal(3.302, host.UpperBoundSeconds!.Value, 3);
            Assert.Equal(3.255, host.OffsetSeconds!.Value, 3);
            Assert.Equal(8, host.Anchors);
            Assert.Equal(0, host.Outliers);
        }
    }
}
