using System.Text.RegularExpressions;
using VirtDiag.Diagnostics;
using VirtDiag.OVirt;
using VirtDiag.Tests.Support;
using static VirtDiag.Tests.OVirt.OVirtTestSupport;

namespace VirtDiag.Tests.OVirt
{
    /// <summary>
    /// Engine and VDS commands joined as the engine logs them: LoggedUtils' <c>START, {}, log id: {}</c> / <c>FINISH, {}, return: {}, log id: {}</c>,
    /// VDSCommandBase's <c>Command '{}' execution failed: {}</c>, CommandBase's <c>Running command:</c> / <c>Ending command '{}' …</c>.
    /// </summary>
    public sealed class EngineCommandTests
    {
        private const string Flow =
            "2026-03-14 10:00:00,000+08 INFO  [org.ovirt.engine.core.bll.storage.disk.AddDiskCommand] (default task-4) [d15c0a11] Running command: AddDiskCommand internal: false. Entities affected :  ID: 6b0d1c22-0000-4a4a-8b8b-000000000001 Type: StorageAction group CREATE_DISK with role type USER\n" +
            "2026-03-14 10:00:00,100+08 INFO  [org.ovirt.engine.core.bll.storage.disk.image.AddImageFromScratchCommand] (default task-4) [d15c0a11] Running command: AddImageFromScratchCommand internal: true.\n" +
            "2026-03-14 10:00:00,200+08 INFO  [org.ovirt.engine.core.vdsbroker.irsbroker.CreateImageVDSCommand] (default task-4) [d15c0a11] START, CreateImageVDSCommand( CreateImageVDSCommandParameters:{storagePoolId='5849b030-626e-47cb-ad90-3ce782d831b3', imageSizeInBytes='1073741824'}), log id: 1a2b3c4d\n" +
            "2026-03-14 10:00:00,700+08 INFO  [org.ovirt.engine.core.vdsbroker.irsbroker.CreateImageVDSCommand] (default task-4) [d15c0a11] FINISH, CreateImageVDSCommand, return: 0d5a6e1f-9a3b-4c2d-8e7f-101112131415, log id: 1a2b3c4d\n" +
            "2026-03-14 10:00:00,800+08 INFO  [org.ovirt.engine.core.bll.tasks.AsyncTaskManager] (default task-4) [d15c0a11] Adding task '0d5a6e1f-9a3b-4c2d-8e7f-101112131415' (Parent Command 'AddImageFromScratch', Parameters Type 'org.ovirt.engine.core.common.asynctasks.AsyncTaskParameters'), polling hasn't started yet..\n" +
            "2026-03-14 10:00:01,000+08 INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] START, SetVmTicketVDSCommand(HostName = node-a3.lab, SetVmTicketVDSCommandParameters:{hostId='11111111-2222-3333-4444-555555555555', vmId='aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'}), log id: 5f00aa\n" +
            "2026-03-14 10:00:01,050+08 ERROR [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] Failed in 'SetVmTicketVDS' method\n" +
            "2026-03-14 10:00:01,060+08 ERROR [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] Command 'SetVmTicketVDSCommand(HostName = node-a3.lab, SetVmTicketVDSCommandParameters:{hostId='11111111-2222-3333-4444-555555555555'})' execution failed: VDSGenericException: VDSErrorException: Failed to SetVmTicketVDS, error = Virtual machine does not exist, code = 1\n" +
            "2026-03-14 10:00:01,061+08 INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] FINISH, SetVmTicketVDSCommand, log id: 5f00aa\n" +
            "2026-03-14 10:00:02,000+08 ERROR [org.ovirt.engine.core.vdsbroker.vdsbroker.GetCapabilitiesVDSCommand] (EE-ManagedThreadFactory-engine-Thread-12) [3e3e] Command 'GetCapabilitiesVDSCommand(HostName = node-c9.lab, VdsIdAndVdsVDSCommandParametersBase:{hostId='99999999-8888-7777-6666-555555555555'})' execution failed: java.net.NoRouteToHostException: No route to host\n" +
            "2026-03-14 10:00:09,000+08 INFO  [org.ovirt.engine.core.bll.storage.disk.image.AddImageFromScratchCommand] (EE-ManagedThreadFactory-engineScheduled-Thread-2) [d15c0a11] Ending command 'org.ovirt.engine.core.bll.storage.disk.image.AddImageFromScratchCommand' successfully.\n" +
            "2026-03-14 10:00:10,000+08 WARN  [org.ovirt.engine.core.bll.storage.disk.RemoveDiskCommand] (default task-5) [9f9f] Validation of action 'RemoveDisk' failed for user admin@internal-authz. Reasons: VAR__ACTION__REMOVE,VAR__TYPE__DISK,ACTION_TYPE_FAILED_VM_IS_LOCKED\n" +
            "2026-03-14 10:00:11,000+08 INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.DestroyVDSCommand] (default task-6) [4040] START, DestroyVDSCommand(HostName = node-a3.lab, DestroyVmVDSCommandParameters:{vmId='aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'}), log id: 7e7e\n";

        [Fact]
        public void OwnFlow_JoinsStartFinishFailuresAndEngineCommands()
        {
            var issues = new IssueCollector();
            var cmds = Commands(Flow, issues: issues);

            var create = cmds.Single(c => c.Command == "CreateImageVDSCommand");
            Assert.Equal(OVirtCommandKind.VdsCommand, create.Kind);
            Assert.Equal(OVirtCommandResult.Succeeded, create.Result);
            Assert.Equal("1a2b3c4d", create.LogId);
            Assert.Null(create.TargetHost);                                      // irsbroker: sent to the SPM, no HostName
            Assert.Equal("AddImageFromScratchCommand", create.ParentCommand);
            Assert.Equal(new[] { "0d5a6e1f-9a3b-4c2d-8e7f-101112131415" }, create.TaskIds);
            Assert.Equal(TimeSpan.FromMilliseconds(500), create.Duration);
            Assert.Equal(T("2026-03-14T10:00:00.200+08:00"), create.StartTime);
            Assert.Equal(TimeSpan.FromHours(8), create.StartTime!.Value.Offset);
            Assert.Equal(3, create.LineNumber);
            Assert.Equal(4, create.EndLineNumber);
            Assert.Equal("engine01.lab", create.HostName);

            var ticket = cmds.Single(c => c.Command == "SetVmTicketVDSCommand");
            Assert.Equal(OVirtCommandResult.Failed, ticket.Result);
            Assert.Equal("node-a3.lab", ticket.TargetHost);
            Assert.Equal("VDSGenericException: VDSErrorException: Failed to SetVmTicketVDS, error = Virtual machine does not exist, code = 1", ticket.Error);
            Assert.Equal(9, ticket.EndLineNumber);

            var caps = cmds.Single(c => c.Command == "GetCapabilitiesVDSCommand");
            Assert.Equal(OVirtCommandResult.Failed, caps.Result);
            Assert.Null(caps.StartTime);
            Assert.Equal("node-c9.lab", caps.TargetHost);
            Assert.Equal("java.net.NoRouteToHostException: No route to host", caps.Error);

            var scratch = cmds.Single(c => c.Command == "AddImageFromScratchCommand");
            Assert.Equal(OVirtCommandKind.EngineCommand, scratch.Kind);
            Assert.Equal(OVirtCommandResult.Succeeded, scratch.Result);
            Assert.True(scratch.IsInternal);
            Assert.Equal("AddDiskCommand", scratch.ParentCommand);
            Assert.Equal(new[] { "0d5a6e1f-9a3b-4c2d-8e7f-101112131415" }, scratch.TaskIds);
            Assert.Equal(TimeSpan.FromSeconds(8.9), scratch.Duration);

            var add = cmds.Single(c => c.Command == "AddDiskCommand");
            Assert.Equal(OVirtCommandResult.Unknown, add.Result);                 // synchronous: the engine logs no end
            Assert.False(add.IsInternal);
            Assert.StartsWith("ID: 6b0d1c22-0000-4a4a-8b8b-000000000001 Type: Storage", add.Arguments);

            var remove = cmds.Single(c => c.Command == "RemoveDiskCommand");
            Assert.Equal(OVirtCommandResult.Failed, remove.Result);
            Assert.Equal("validation failed: VAR__ACTION__REMOVE,VAR__TYPE__DISK,ACTION_TYPE_FAILED_VM_IS_LOCKED", remove.Error);

            var destroy = cmds.Single(c => c.Command == "DestroyVDSCommand");
            Assert.Equal(OVirtCommandResult.Incomplete, destroy.Result);
            Assert.Null(destroy.EndTime);
            Assert.Equal(7, cmds.Count);
            Assert.Empty(issues.Issues);
        }

        [Fact]
        public void FiltersApplyToJoinedCommands()
        {
            var o = new OVirtEngineCommandOptions();
            o.Results.Add(OVirtCommandResult.Failed);
            o.Kinds.Add(OVirtCommandKind.VdsCommand);
            Assert.Equal(new[] { "SetVmTicketVDSCommand", "GetCapabilitiesVDSCommand" }, Commands(Flow, o).Select(c => c.Command));
            o = new OVirtEngineCommandOptions();
            o.TargetHosts.Add("node-a*");
            Assert.Equal(2, Commands(Flow, o).Count);
            o = new OVirtEngineCommandOptions { MinimumDuration = TimeSpan.FromSeconds(1) };
            Assert.Equal("AddImageFromScratchCommand", Assert.Single(Commands(Flow, o)).Command);
        }

        [Fact]
        public void FinishWithoutStart_IsReturnedAndReported()
        {
            var issues = new IssueCollector();
            var c = Assert.Single(Commands("2026-03-14 10:00:00,700Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.FullListVDSCommand] (EE-ManagedThreadFactory-engineScheduled-Thread-9) [] FINISH, FullListVDSCommand, return: [{vmId=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}], log id: 33\n", issues: issues));
            Assert.Equal(OVirtCommandResult.Succeeded, c.Result);
            Assert.Null(c.StartTime);
            Assert.Equal("[{vmId=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}]", c.ReturnValue);
            Assert.Equal(IssueKind.OrphanEvent, Assert.Single(issues.Issues).Kind);
        }

        [FixtureFact]
        public void LabEngineLog_EveryStartAndFinishIsInExactlyOneVdsCommand()
        {
            string[] lines = File.ReadAllLines(EnginePath);
            var startLines = Enumerable.Range(0, lines.Length).Where(i => Regex.IsMatch(lines[i], @"\] START, \w+VDSCommand\(.*, log id: \w+$")).Select(i => (long)i + 1).ToList();
            var finishLines = Enumerable.Range(0, lines.Length).Where(i => Regex.IsMatch(lines[i], @"\] FINISH, \w+VDSCommand, .*log id: \w+$")).Select(i => (long)i + 1).ToList();
            Assert.Equal(132, startLines.Count);                                   // grep -cP '\] START, \w+VDSCommand\('
            Assert.Equal(132, finishLines.Count);
            var issues = new IssueCollector();
            var vds = FixtureCommands(issues: issues).Where(c => c.Kind == OVirtCommandKind.VdsCommand).ToList();
            Assert.Equal(startLines, vds.Where(c => c.StartTime != null).Select(c => c.LineNumber).OrderBy(x => x));
            Assert.Equal(finishLines, vds.Where(c => c.StartTime != null).Select(c => c.EndLineNumber!.Value).OrderBy(x => x));
            Assert.Equal(132 + 5, vds.Count);                                        // and the 5 failures logged without a START
            Assert.All(vds.Where(c => c.StartTime != null), c => Assert.NotNull(c.EndTime));
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.OrphanEvent);
        }

        [FixtureFact]
        public void LabEngineLog_EveryRunningCommandIsInExactlyOneEngineCommand()
        {
            string[] lines = File.ReadAllLines(EnginePath);
            var running = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("] Running command: ", StringComparison.Ordinal)).Select(i => (long)i + 1).ToList();
            Assert.Equal(77, running.Count);                                        // grep -c 'Running command:'
            var all = FixtureCommands().Where(c => c.Kind == OVirtCommandKind.EngineCommand).ToList();
            var engine = all.Where(c => c.Error == null || !c.Error.StartsWith("validation failed", StringComparison.Ordinal)).ToList();
            Assert.Equal(1106, all.Single(c => c.Command == "RemoveDiskCommand" && c.Error != null).LineNumber);  // grep -n "Validation of action"
            Assert.Equal(running, engine.Select(c => c.LineNumber).OrderBy(x => x));
            // grep -c "Ending command '.*' successfully" = 13, each closing one of them
            var ended = engine.Where(c => c.EndLineNumber != null).ToList();
            Assert.Equal(13, ended.Count);
            Assert.All(ended, c => { Assert.NotNull(c.StartTime); Assert.Equal(OVirtCommandResult.Succeeded, c.Result); });
            var hibernate = ended.First(c => c.Command == "HibernateVmCommand");
            Assert.Contains("c1b3a9b7-c7fa-46de-bca8-9ad192b846b3", hibernate.TaskIds);
            Assert.Equal(1529, hibernate.EndLineNumber);
        }

        [FixtureFact]
        public void LabEngineLog_GetCapabilitiesToCentosHost2FailsWithNoRouteToHost()
        {
            var o = new OVirtEngineCommandOptions();
            o.Commands.Add("GetCapabilitiesVDSCommand");
            o.Results.Add(OVirtCommandResult.Failed);
            var failed = FixtureCommands(o);
            Assert.Equal(5, failed.Count);                                           // grep -c 'centos-host-2.*NoRouteToHost'
            Assert.All(failed, c =>
            {
                Assert.Equal("centos-host-2", c.TargetHost);
                Assert.Equal("java.net.NoRouteToHostException: No route to host", c.Error);
                Assert.Equal(OVirtCommandKind.VdsCommand, c.Kind);
            });
            Assert.Equal(new long[] { 531, 1117, 1307, 2290, 2476 }, failed.Select(c => c.LineNumber));
            Assert.Equal("1312686", failed[0].CorrelationId);
            Assert.Equal("RefreshHostCapabilitiesCommand", failed[0].ParentCommand);
            var refresh = FixtureCommands().Where(c => c.Command == "RefreshHostCapabilitiesCommand" && c.Result == OVirtCommandResult.Failed).ToList();
            Assert.Equal(5, refresh.Count);                                          // grep -c "RefreshHostCapabilitiesCommand' failed: "
        }

        [FixtureFact]
        public void LabEngineLog_AuditEvents()
        {
            var ctx = new VirtDiag.Common.ReadContext();
            var events = OVirtReader.ReadAuditEvents(VirtDiag.Io.DocumentResolver.Resolve(new[] { EnginePath }, ctx), null, ctx).ToList();
            Assert.Equal(60, events.Count);                                          // grep -c 'EVENT_ID'
            var first = events.First(e => e.EventName == "VDS_HOST_NOT_RESPONDING");
            Assert.Equal(9027, first.EventCode);
            Assert.Equal(534, first.LineNumber);
            Assert.StartsWith("Host centos-host-2 is not responding.", first.Message);
        }
    }
}
