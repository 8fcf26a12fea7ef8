using static VirtDiag.Tests.Vdsm.VdsmTestSupport;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>
    /// Shapes taken from vdsm's own source, with values written for these tests: lib/vdsm/common/api.py's logged(on=…)
    /// (<c>START %s %s</c> / <c>FINISH %s return=%s %s</c> / <c>FINISH %s error=%s %s</c>, context <c>from=…, flow_id=…, vmId=…</c>
    /// on "api.virt", "api.host", "api.storage", "vdsm.api"), cmdutils.retcode_log_line (<c>{0}: &lt;err&gt; = {1!r}; &lt;rc&gt; = {2!r}</c>
    /// with Python 3 bytes) and storage/task.py.
    /// </summary>
    public sealed class VdsmSourceShapesTests
    {
        [Fact]
        public void ApiHostStartFinish_WithoutTaskId_IsATask()
        {
            string text =
                "2026-05-02 14:00:00,100+0200 INFO  (jsonrpc/3) [api.host] START getAllVmStats() from=::1,48512 (api:48)\n" +
                "2026-05-02 14:00:00,112+0200 INFO  (jsonrpc/3) [api.host] FINISH getAllVmStats return={'status': {'code': 0, 'message': 'Done'}, 'statsList': (suppressed)} from=::1,48512 (api:54)\n";
            var t = Assert.Single(TasksFromText(text));
            Assert.Equal(VdsmTaskKind.Api, t.Kind);
            Assert.Equal("getAllVmStats", t.Verb);
            Assert.Equal("::1", t.CallerAddress);
            Assert.Equal(VdsmTaskResult.Succeeded, t.Result);
            Assert.Equal(0, t.StatusCode);
            Assert.Equal(TimeSpan.FromMilliseconds(12), t.Duration);
        }

        [Fact]
        public void ApiVirtCreate_VmIdFromContext_AndWrappedArgumentsRejoined()
        {
            string text =
                "2026-05-02 14:01:00,000+0200 INFO  (jsonrpc/5) [api.virt] START create(vmParams={'vmId': '3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23', 'vmName': 'db-prim\n" +
                "ary-01', 'memSize': 4096}) from=::ffff:192.0.2.10,54012, flow_id=7ab3e001, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:48)\n" +
                "2026-05-02 14:01:00,250+0200 INFO  (jsonrpc/5) [api.virt] FINISH create return={'status': {'code': 0, 'message': 'Done'}} from=::ffff:192.0.2.10,54012, flow_id=7ab3e001, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:54)\n" +
                "2026-05-02 14:01:00,300+0200 INFO  (vm/3c5a7e21) [virt.vm] (vmId='3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23') VM wrapper has started (vm:2791)\n";
            var t = Assert.Single(TasksFromText(text));
            Assert.Equal("create", t.Verb);
            Assert.Equal("vmParams={'vmId': '3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23', 'vmName': 'db-primary-01', 'memSize': 4096}", t.Arguments);
            Assert.Equal("7ab3e001", t.FlowId);
            Assert.Equal("3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23", t.VmId);
            Assert.Equal("::ffff:192.0.2.10", t.CallerAddress);
            var last = EntriesFromText(text).Last();
            Assert.Equal("3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23", last.VmId);
            Assert.Equal("virt.vm", last.Logger);
        }

        [Fact]
        public void StorageVerb_IdsAsTypedProperties()
        {
            string text =
                "2026-05-02 14:02:00,000+0200 INFO  (jsonrpc/1) [vdsm.api] START getVolumeInfo(sdUUID='0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', spUUID='f1e2d3c4-b5a6-4978-8a9b-aabbccddeeff', imgUUID='11112222-3333-4444-8555-666677778888', volUUID='99990000-aaaa-4bbb-8ccc-ddddeeeeffff', options=None) from=::ffff:192.0.2.10,54100, flow_id=5d5d, task_id=abababab-cdcd-4efe-8f0f-121212121212 (api:48)\n" +
                "2026-05-02 14:02:00,040+0200 INFO  (jsonrpc/1) [vdsm.api] FINISH getVolumeInfo return={'info': {'status': 'OK'}} from=::ffff:192.0.2.10,54100, flow_id=5d5d, task_id=abababab-cdcd-4efe-8f0f-121212121212 (api:54)\n";
            var t = Assert.Single(TasksFromText(text));
            Assert.Equal("0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", t.StorageDomainId);
            Assert.Equal("f1e2d3c4-b5a6-4978-8a9b-aabbccddeeff", t.StoragePoolId);
            Assert.Equal("11112222-3333-4444-8555-666677778888", t.ImageId);
            Assert.Equal("99990000-aaaa-4bbb-8ccc-ddddeeeeffff", t.VolumeId);
            Assert.Null(t.VmId);
            Assert.Equal("abababab-cdcd-4efe-8f0f-121212121212", t.TaskId);
        }

        [Fact]
        public void JsonRpcBridgeCall_IdsFromTheDictSpelling()
        {
            string text =
                "2026-05-02 14:03:00,000+0200 DEBUG (jsonrpc/2) [jsonrpc.JsonRpcServer] Calling 'Volume.getInfo' in bridge with {u'storagepoolID': u'f1e2d3c4-b5a6-4978-8a9b-aabbccddeeff', u'storagedomainID': u'0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', u'imageID': u'11112222-3333-4444-8555-666677778888', u'volumeID': u'99990000-aaaa-4bbb-8ccc-ddddeeeeffff'} (__init__:532)\n" +
                "2026-05-02 14:03:00,050+0200 INFO  (jsonrpc/2) [jsonrpc.JsonRpcServer] RPC call Volume.getInfo succeeded in 0.05 seconds (__init__:539)\n";
            var t = Assert.Single(TasksFromText(text));
            Assert.Equal("Volume.getInfo", t.Verb);
            Assert.Equal("0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", t.StorageDomainId);
            Assert.Equal("99990000-aaaa-4bbb-8ccc-ddddeeeeffff", t.VolumeId);
        }

        [Fact]
        public void ExternalCommand_Python3Bytes_WithUtf8Escapes()
        {
            string text =
                "2026-05-02 14:04:00,000+0200 DEBUG (tasks/2) [common.commands] /usr/bin/taskset --cpu-list 0-3 /usr/bin/qemu-img info --output json -U /rhev/data-center/mnt/nfs01:_exports_data/0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/images/img/vol (cwd None) (commands:153)\n" +
                "2026-05-02 14:04:00,090+0200 DEBUG (tasks/2) [common.commands] FAILED: <err> = b\"qemu-img: Could not open '/rhev/x': \\xe2\\x80\\x98vol\\xe2\\x80\\x99 is locked\\n\"; <rc> = 1 (commands:185)\n" +
                "2026-05-02 14:04:01,000+0200 DEBUG (jsonrpc/0) [common.commands] SUCCESS: <err> = b''; <rc> = 0 (commands:185)\n";
            var cmds = CommandsFromText(text);
            Assert.Equal(2, cmds.Count);
            var failed = cmds.Single(c => c.Succeeded == false);
            Assert.Equal("/usr/bin/qemu-img", failed.Executable);
            Assert.Equal(1, failed.ExitCode);
            Assert.Equal("qemu-img: Could not open '/rhev/x': \u2018vol\u2019 is locked\n", failed.StdErr);
            var orphan = cmds.Single(c => c.Succeeded == true);
            Assert.Equal("", orphan.StdErr);
            Assert.Null(orphan.CommandLine);
        }
        [Fact]
        public void EngineLogGivenToTheVdsmReader_IsOneWarningNotAnErrorPerLine()
        {
            var issues = new VirtDiag.Diagnostics.IssueCollector();
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(
                "2026-05-02 12:00:00,000+08 INFO  [org.ovirt.engine.core.bll.StopVmCommand] (default task-2) [f10w-42] Running command: StopVmCommand internal: false.\n" +
                "2026-05-02 12:00:01,000+08 ERROR [org.ovirt.engine.core.bll.StopVmCommand] (default task-2) [f10w-42] Command 'org.ovirt.engine.core.bll.StopVmCommand' failed: boom\n");
            var ctx = new VirtDiag.Common.ReadContext(issues);
            var doc = VirtDiag.LogDocument.FromStream("engine.log", () => new MemoryStream(bytes), "engine01.lab", LogKind.Engine);
            Assert.Empty(VirtDiag.Vdsm.VdsmReader.OpenEntries(new VirtDiag.Vdsm.VdsmEntryOptions(), ctx).ReadAll(new[] { doc }));
            var issue = Assert.Single(issues.Issues);
            Assert.Equal(VirtDiag.Diagnostics.IssueKind.NoRelevantData, issue.Kind);
            Assert.Contains("Get-OVirtEngineLogEntry", issue.Message);
        }
    }
}
