using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.OVirt.OVirtTestSupport;

namespace VirtDiag.Tests.OVirt
{
    /// <summary>Flows across engine and hosts: engine commands by correlation id, joined with the vdsm calls that answered them.</summary>
    public sealed class FlowTests
    {
        private static List<OVirtFlow> LabFlows(OVirtFlowOptions? o = null, string? vdsmHost = null)
        {
            var ctx = new ReadContext();
            var docs = new List<LogDocument>(DocumentResolver.Resolve(new[] { EnginePath }, ctx));
            docs.AddRange(DocumentResolver.Resolve(new[] { VdsmPath }, ctx, vdsmHost));
            return OVirtReader.OpenFlows(o ?? new OVirtFlowOptions(), ctx).ReadAll(docs).ToList();
        }

        [FixtureFact]
        public void LabLogs_FailedMemoryHotplugIsJoinedToTheFailingVdsmVerbOnTheHost()
        {
            var f = LabFlows(vdsmHost: "rhel-7.3-host-1").Single(x => x.CorrelationId == "4384ed66");
            Assert.Equal("HotSetAmountOfMemoryCommand", f.RootCommand);
            Assert.Equal(OVirtCommandResult.Failed, f.Result);
            Assert.Equal("hotplugMemory on rhel-7.3-host-1", f.FailedAt);
            Assert.StartsWith("libvirtError: unsupported configuration: Attaching memory device with size '2097152'", f.Error);
            Assert.Equal(new[] { "rhel-7.3-host-1" }, f.Hosts);
            Assert.Equal(1, f.VdsCommandsAnswered);
            // engine.log line 2194 (START SetAmountOfMemoryVDSCommand); vdsm.log lines 12342 (Calling 'VM.hotplugMemory') and 12344 ([vdsm.api] START)
            Assert.Equal(2194, f.Commands.Single(c => c.Kind == OVirtCommandKind.VdsCommand).LineNumber);
            Assert.Equal(new long[] { 12342, 12344 }, f.HostCalls.Select(t => t.LineNumber).OrderBy(x => x));
            Assert.All(f.HostCalls, t => Assert.Equal("dd18b0d2-ecd0-43dc-9f86-7e1219780967", t.VmId));
            // One clock: engine in Z and vdsm in +0100 compare as instants; the host's answer lies within 2 s of the engine's call.
            var call = f.Commands.Single(c => c.Kind == OVirtCommandKind.VdsCommand);
            Assert.Equal(TimeSpan.Zero, call.StartTime!.Value.Offset);
            Assert.Equal(TimeSpan.FromHours(1), f.HostCalls[0].StartTime!.Value.Offset);
            Assert.InRange((f.HostCalls[0].StartTime!.Value - call.StartTime.Value).TotalSeconds, -2, 2);
        }

        [FixtureFact]
        public void LabLogs_StorageFlowJoinsByReturnedTaskIdAndByVerb()
        {
            var f = LabFlows().Single(x => x.CorrelationId == "39c4bb9d");
            Assert.Equal("AddImageFromScratchCommand", f.RootCommand);
            Assert.Equal(OVirtCommandResult.Succeeded, f.Result);
            // CreateImageVDSCommand returned task 930b2398…, the task of vdsm's createVolume; GetVolumeInfoVDSCommand ↔ getVolumeInfo
            var create = f.HostCalls.Single(t => t.Verb == "createVolume");
            Assert.Equal("930b2398-e860-453c-b3cc-aa3425208913", create.TaskId);
            Assert.Contains(f.HostCalls, t => t.Verb == "Volume.getInfo");
            Assert.Contains(f.HostCalls, t => t.Verb == "getVolumeInfo");
        }

        [FixtureFact]
        public void LabLogs_InTheOverlapEveryVdsCommandToHost1WithAVerbInTheHostLogIsAnswered()
        {
            // vdsm-1.log spans 10:01:02Z .. 10:19:02Z (head -1 / tail -1, +0100); RunVm, Migrate, Shutdown, HotSetAmountOfMemory to rhel-7.3-host-1
            var flows = LabFlows(new OVirtFlowOptions { After = T("2017-02-23T10:01:02Z") }, "rhel-7.3-host-1");
            foreach (string id in new[] { "06b4e502-501c-4d73-9df6-8a56a903b83c", "ab17dc28-9786-47e6-b452-a738c8054ec3", "2c74eb79", "4384ed66" })
            {
                var f = flows.Single(x => x.CorrelationId == id);
                Assert.True(f.VdsCommandsAnswered >= 1, id);
                Assert.Contains(f.HostCalls, t => t.Kind == VdsmTaskKind.JsonRpc);
            }
            var run = flows.Single(x => x.CorrelationId == "06b4e502-501c-4d73-9df6-8a56a903b83c");
            Assert.Equal(new[] { "VM.create", "create" }, run.HostCalls.Select(t => t.Verb));
            // Flows to the other host are not joined to this host's calls.
            Assert.All(flows.Where(x => x.Hosts.Count == 1 && x.Hosts[0] == "rhel-7.3-host-2"), x => Assert.Empty(x.HostCalls));
        }

        [FixtureFact]
        public void LabLogs_CapabilityRefreshFailsAtTheVdsCommand()
        {
            var o = new OVirtFlowOptions();
            o.Result = new[] { OVirtCommandResult.Failed };
            o.TargetHost = new[] { "centos-host-2" };
            var flows = LabFlows(o);
            Assert.Equal(5, flows.Count);                                         // the 5 GetCapabilities failures
            Assert.All(flows, f =>
            {
                Assert.Equal("RefreshHostCapabilitiesCommand", f.RootCommand);
                Assert.Equal("GetCapabilitiesVDSCommand on centos-host-2", f.FailedAt);
                Assert.Equal("java.net.NoRouteToHostException: No route to host", f.Error);
            });
        }

        [Fact]
        public void FlowIdJoin_Vdsm4x()
        {
            string engine =
                "2026-05-02 12:00:00,000Z INFO  [org.ovirt.engine.core.bll.StopVmCommand] (default task-2) [f10w-42] Running command: StopVmCommand internal: false.\n" +
                "2026-05-02 12:00:00,100Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.DestroyVDSCommand] (default task-2) [f10w-42] START, DestroyVDSCommand(HostName = node-a3.lab, DestroyVmVDSCommandParameters:{vmId='3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23'}), log id: 44\n" +
                "2026-05-02 12:00:09,000Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.DestroyVDSCommand] (default task-2) [f10w-42] FINISH, DestroyVDSCommand, return: PoweringDown, log id: 44\n";
            string vdsm =
                "2026-05-02 14:00:05,000+0200 INFO  (jsonrpc/1) [api.virt] START destroy(gracefulAttempts=1) from=::ffff:192.0.2.10,54012, flow_id=f10w-42, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:48)\n" +
                "2026-05-02 14:00:08,500+0200 INFO  (jsonrpc/1) [api.virt] FINISH destroy return={'status': {'code': 0, 'message': 'Machine destroyed'}} from=::ffff:192.0.2.10,54012, flow_id=f10w-42, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:54)\n";
            var ctx = new ReadContext();
            var docs = new[]
            {
                LogDocument.FromStream("engine.log", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(engine)), "engine01.lab", LogKind.Engine),
                LogDocument.FromStream("vdsm.log", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(vdsm)), "node-a3.lab", LogKind.Vdsm),
            };
            var f = Assert.Single(OVirtReader.OpenFlows(new OVirtFlowOptions { Tolerance = TimeSpan.Zero }, ctx).ReadAll(docs));
            Assert.Equal("StopVmCommand", f.RootCommand);
            var t = Assert.Single(f.HostCalls);                                   // by flow_id, beyond any time tolerance
            Assert.Equal("destroy", t.Verb);
            Assert.Equal("3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23", t.VmId);
            Assert.Equal(OVirtCommandResult.Succeeded, f.Result);
            Assert.Equal(TimeSpan.FromSeconds(9), f.Duration);
            Assert.Equal("engine01.lab", f.HostName);
        }

        [Theory]
        [InlineData("CreateBrokerVDSCommand", "create,VM.create")]
        [InlineData("GetVolumeInfoVDSCommand", "getVolumeInfo,Volume.getInfo")]
        [InlineData("HSMClearTaskVDSCommand", "clearTask,Task.clear")]
        [InlineData("SetAmountOfMemoryVDSCommand", "hotplugMemory,VM.hotplugMemory")]
        [InlineData("GetDeviceListVDSCommand", "getDeviceList,Host.getDeviceList")]
        [InlineData("ResumeBrokerVDSCommand", "cont,VM.cont")]
        [InlineData("GetVmsInfoVDSCommand", "getVmsInfo,StoragePool.getBackedUpVmsInfo")]
        [InlineData("FrobnicateWidgetVDSCommand", "frobnicateWidget")]
        public void VdsCommandToVdsmVerb(string command, string verbs)
        {
            Assert.Equal(verbs, string.Join(",", FlowJoiner.VdsmVerbs(command)));
        }
    }
}
