using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Vdsm;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 5: a generated new-layout vdsm.log with the flows of a busy SPM host — JSON-RPC polling, sync storage verbs
    /// (getSpmStatus), async ones (deleteImage on a tasks/N worker), mailbox dd and failing lvm commands, storage
    /// checks, ioprocess chatter, tracebacks and domain XML — against <c>grep -c "Run and protect"</c> on the same file.
    /// </summary>
    public sealed class VdsmScenario : IScenario
    {
        public string Name => "vdsm";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string log = context.Input($"vdsm-{label}.log", p =>
            {
                using IEnumerator<string> lines = Generate().GetEnumerator();
                BenchContext.WriteLines(p, size, _ => { lines.MoveNext(); return lines.Current; });
            });
            long bytes = new FileInfo(log).Length;
            yield return context.MeasureCommand(Name, label, "grep -c \"Run and protect\"", bytes, $"grep -c 'Run and protect' '{log}'");
            yield return context.Measure(Name, label, "virtdiag vdsm entries", bytes, () => Count(log, (d, c) => VdsmReader.OpenEntries(new VdsmEntryOptions(), c).ReadAll(d)));
            yield return context.Measure(Name, label, "virtdiag vdsm tasks", bytes, () => Count(log, (d, c) => VdsmReader.OpenTasks(new VdsmTaskOptions(), c).ReadAll(d)));
            yield return context.Measure(Name, label, "virtdiag vdsm commands", bytes, () => Count(log, (d, c) => VdsmReader.OpenCommands(new VdsmCommandOptions(), c).ReadAll(d)));

            // Several documents (issue 19): the same log as a host's four rotations (vdsm.log.3 oldest) through the CLI; on one
            // core everything runs on the reading thread, on two the next rotation is parsed while the calls are joined.
            const string done = ".done";
            string rotated = context.Input($"vdsm-{label}-rotated{done}", p =>
            {
                string marker = Path.GetFullPath(p);
                string dir = marker.Substring(0, marker.LastIndexOf(done, StringComparison.Ordinal));
                EndToEndScenario.Bash($"rm -rf '{dir}' && mkdir -p '{dir}' && cd '{dir}' && split -n l/4 -d -a 1 '{Path.GetFullPath(log)}' part && mv part0 vdsm.log.3 && mv part1 vdsm.log.2 && mv part2 vdsm.log.1 && mv part3 vdsm.log && touch '{marker}'");
            });
            rotated = rotated.Substring(0, rotated.Length - done.Length);
            string cli = "dotnet '" + EndToEndScenario.Cli + "'";
            yield return context.MeasureCommand(Name, label, "1 core: vdsm tasks, 4 rotated files", bytes, $"taskset -c 0 {cli} vdsm tasks '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vdsm tasks, 4 rotated files, 2 cores", bytes, $"{cli} vdsm tasks '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "1 core: vdsm entries, 4 rotated files", bytes, $"taskset -c 0 {cli} vdsm entries '{rotated}' | wc -l");
            yield return context.MeasureCommand(Name, label, "virtdiag vdsm entries, 4 rotated files, 2 cores", bytes, $"{cli} vdsm entries '{rotated}' | wc -l");
        }

        private static string Count<T>(string path, Func<IReadOnlyList<LogDocument>, ReadContext, IEnumerable<T>> read)
        {
            var issues = new VirtDiag.Diagnostics.IssueCollector(10);
            var ctx = new ReadContext(issues);
            long n = 0;
            foreach (T _ in read(DocumentResolver.Resolve(new[] { path }, ctx), ctx)) n++;
            return n.ToString(CultureInfo.InvariantCulture) + (issues.Count > 0 ? " (" + issues.Count + " issues)" : "");
        }

        internal static IEnumerable<string> Generate(DateTime? start = null)
        {
            var t = start ?? new DateTime(2017, 2, 23, 11, 0, 0, DateTimeKind.Unspecified);
            var rng = new Random(5);
            string Ts() { t = t.AddMilliseconds(rng.Next(0, 4)); return t.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture) + "+0100"; }
            string Uuid() { var b = new byte[16]; rng.NextBytes(b); return new Guid(b).ToString(); }
            const string pool = "00000001-0001-0001-0001-000000000311";
            const string sd = "009bfffc-15dd-44e1-a4c8-7e554fe8c033";
            for (long k = 0; ; k++)
            {
                string j = "jsonrpc/" + (k % 8);
                yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Calling 'Host.getAllVmStats' in bridge with {{}} (__init__:569)";
                yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Return 'Host.getAllVmStats' in bridge with (suppressed) (__init__:594)";
                yield return $"{Ts()} INFO  ({j}) [jsonrpc.JsonRpcServer] RPC call Host.getAllVmStats succeeded in 0.00 seconds (__init__:552)";

                string task = Uuid();
                j = "jsonrpc/" + ((k + 3) % 8);
                yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Calling 'StoragePool.getSpmStatus' in bridge with {{u'storagepoolID': u'{pool}'}} (__init__:569)";
                yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{task}') moving from state init -> state preparing (task:600)";
                yield return $"{Ts()} INFO  ({j}) [dispatcher] Run and protect: getSpmStatus(spUUID=u'{pool}', options=None) (logUtils:51)";
                yield return $"{Ts()} INFO  ({j}) [dispatcher] Run and protect: getSpmStatus, Return response: {{'spm_st': {{'spmId': 7, 'spmStatus': 'SPM', 'spmLver': 508L}}}} (logUtils:54)";
                yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{task}') finished: {{'spm_st': {{'spmId': 7, 'spmStatus': 'SPM', 'spmLver': 508L}}}} (task:1196)";
                yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{task}') moving from state preparing -> state finished (task:600)";
                yield return $"{Ts()} DEBUG ({j}) [storage.ResourceManager.Owner] Owner.releaseAll requests {{}} resources {{}} (resourceManager:913)";
                yield return $"{Ts()} DEBUG ({j}) [storage.ResourceManager.Owner] Owner.cancelAll requests {{}} (resourceManager:950)";
                yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{task}') ref 0 aborting False (task:998)";
                yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Return 'StoragePool.getSpmStatus' in bridge with {{'spmId': 7, 'spmStatus': 'SPM', 'spmLver': 508L}} (__init__:594)";
                yield return $"{Ts()} INFO  ({j}) [jsonrpc.JsonRpcServer] RPC call StoragePool.getSpmStatus succeeded in 0.01 seconds (__init__:552)";

                yield return $"{Ts()} DEBUG (mailbox-spm) [storage.Misc.excCmd] /usr/bin/taskset --cpu-list 0-5 dd if=/rhev/data-center/{pool}/mastersd/dom_md/inbox iflag=direct,fullblock count=1 bs=1024000 (cwd None) (commands:69)";
                yield return $"{Ts()} DEBUG (mailbox-spm) [storage.Misc.excCmd] SUCCESS: <err> = '1+0 records in\\n1+0 records out\\n1024000 bytes (1.0 MB) copied, 0.0021751 s, 471 MB/s\\n'; <rc> = 0 (commands:93)";
                yield return $"{Ts()} DEBUG (check/loop) [storage.check] START check u'/rhev/data-center/mnt/centos-storage:_exports_data-master/{sd}/dom_md/metadata' (delay=0.00) (check:283)";
                yield return $"{Ts()} DEBUG (check/loop) [storage.check] FINISH check u'/rhev/data-center/mnt/centos-storage:_exports_data-master/{sd}/dom_md/metadata' (rc=0, elapsed=0.01) (check:328)";
                yield return $"{Ts()} DEBUG (ioprocess communication (14359)) [IOProcess] Queuing request (slotsLeft=20) (__init__:445)";
                yield return $"{Ts()} DEBUG (ioprocess communication (14359)) [IOProcess] ({k % 1000}) Start request for method 'statvfs' (waitTime=61) (__init__:445)";
                yield return $"{Ts()} DEBUG (ioprocess communication (14359)) [IOProcess] ({k % 1000}) Finished request for method 'statvfs' (runTime=940) (__init__:445)";
                yield return $"{Ts()} DEBUG (vmchannels) [virt.vm] (vmId='43f02a2d-e563-4f11-a7bc-9ee191cfeba1') Guest's message heartbeat: {{u'memory-stat': {{u'swap_out': 0, u'majflt': 0, u'mem_free': 1401948, u'swap_in': 0}}, u'free-ram': u'1369'}} (guestagent:470)";

                if (k % 50 == 7)
                {
                    string async = Uuid(), img = Uuid(), worker = "tasks/" + (k % 10);
                    j = "jsonrpc/" + ((k + 5) % 8);
                    yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Calling 'Image.delete' in bridge with {{u'postZero': u'false', u'force': u'false', u'storagepoolID': u'{pool}', u'storagedomainID': u'{sd}', u'imageID': u'{img}'}} (__init__:569)";
                    yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{async}') moving from state init -> state preparing (task:600)";
                    yield return $"{Ts()} INFO  ({j}) [dispatcher] Run and protect: deleteImage(sdUUID=u'{sd}', spUUID=u'{pool}', imgUUID=u'{img}', postZero=u'false', force=u'false', discard=False) (logUtils:51)";
                    yield return $"{Ts()} INFO  ({j}) [dispatcher] Run and protect: deleteImage, Return response: None (logUtils:54)";
                    yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{async}') moving from state preparing -> state acquiring (task:600)";
                    yield return $"{Ts()} DEBUG ({j}) [storage.TaskManager.Task] (Task='{async}') moving from state acquiring -> state queued (task:600)";
                    yield return $"{Ts()} DEBUG ({j}) [jsonrpc.JsonRpcServer] Return 'Image.delete' in bridge with {async} (__init__:594)";
                    yield return $"{Ts()} INFO  ({j}) [jsonrpc.JsonRpcServer] RPC call Image.delete succeeded in 0.33 seconds (__init__:552)";
                    yield return $"{Ts()} INFO  ({worker}) [storage.ThreadPool.WorkerThread] START task {async} (cmd=<bound method Task.commit of <vdsm.storage.task.Task instance at 0x7f2ce87b9368>>, args=None) (threadPool:208)";
                    yield return $"{Ts()} DEBUG ({worker}) [storage.TaskManager.Task] (Task='{async}') moving from state queued -> state running (task:600)";
                    yield return $"{Ts()} DEBUG ({worker}) [storage.Misc.excCmd] /usr/bin/taskset --cpu-list 0-5 /usr/bin/nice -n 19 /usr/bin/ionice -c 3 /usr/bin/dd if=/dev/zero of=/rhev/data-center/{pool}/{sd}/images/{img}/x bs=1048576 count=1024 oflag=direct (cwd None) (commands:69)";
                    yield return $"{Ts()} DEBUG ({worker}) [storage.Misc.excCmd] SUCCESS: <err> = '1024+0 records in\\n1024+0 records out\\n'; <rc> = 0 (commands:93)";
                    yield return $"{Ts()} DEBUG ({worker}) [storage.TaskManager.Task] (Task='{async}') moving from state running -> state finished (task:600)";
                    yield return $"{Ts()} DEBUG ({worker}) [storage.TaskManager.Task] (Task='{async}') Task.run: exit - success: result  (task:921)";
                    yield return $"{Ts()} INFO  ({worker}) [storage.ThreadPool.WorkerThread] FINISH task {async} (threadPool:210)";
                }
                if (k % 200 == 13)
                {
                    yield return $"{Ts()} DEBUG (monitor/ed2199d) [storage.Misc.excCmd] /usr/bin/taskset --cpu-list 0-5 /usr/bin/sudo -n /sbin/lvm vgs --config ' devices {{ preferred_names = [\"^/dev/mapper/\"] }} ' --noheadings --units b --nosuffix --separator '|' ed2199d0-0125-480e-85f0-04e9a3548abe (cwd None) (commands:69)";
                    yield return $"{Ts()} DEBUG (monitor/ed2199d) [storage.Misc.excCmd] FAILED: <err> = '  Volume group \"ed2199d0-0125-480e-85f0-04e9a3548abe\" not found\\n  Cannot process volume group ed2199d0-0125-480e-85f0-04e9a3548abe\\n'; <rc> = 5 (commands:93)";
                }
                if (k % 500 == 250)
                {
                    yield return $"{Ts()} ERROR (jsonrpc/4) [jsonrpc.JsonRpcServer] Internal server error (__init__:589)";
                    yield return "Traceback (most recent call last):";
                    yield return "  File \"/usr/lib/python2.7/site-packages/yajsonrpc/__init__.py\", line 584, in _handle_request";
                    yield return "    res = method(**params)";
                    yield return "  File \"/usr/share/vdsm/virt/vm.py\", line 2819, in _getVmPolicy";
                    yield return "    metadata_xml = self._dom.metadata(";
                    yield return "NotConnectedError: VM u'dd18b0d2-ecd0-43dc-9f86-7e1219780967' was not started yet or was shut down";
                    yield return $"{Ts()} INFO  (vm/dd18b0d2) [virt.vm] (vmId='dd18b0d2-ecd0-43dc-9f86-7e1219780967') <?xml version='1.0' encoding='UTF-8'?>";
                    yield return "<domain xmlns:ovirt-tune=\"http://ovirt.org/vm/tune/1.0\" type=\"kvm\">";
                    yield return "    <name>debian</name>";
                    yield return "    <uuid>dd18b0d2-ecd0-43dc-9f86-7e1219780967</uuid>";
                    yield return "    <memory>524288</memory>";
                    yield return "</domain>";
                    yield return " (vm:2093)";
                }
            }
        }
    }
}
