using System;
using System.CommandLine;
using System.Linq;
using VirtDiag.Ftrace;
using VirtDiag.Kvm;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag trace info|events|kvm-exits|vcpu-timeline</c>: the twins of Get-TraceFile, Get-TraceEvent, Measure-KvmExit and Get-VCpuTimeline.</summary>
    internal static class TraceCommand
    {
        public static Command Create()
        {
            var trace = new Command("trace", "Kernel traces: trace-cmd trace.dat (v6, v7; none, zlib, zstd) and ftrace text (Get-TraceFile, Get-TraceEvent).");
            trace.Subcommands.Add(Info());
            trace.Subcommands.Add(Events());
            trace.Subcommands.Add(KvmExits());
            trace.Subcommands.Add(VCpuTimeline());
            return trace;
        }

        private static Command Info()
        {
            var paths = CommonOptions.Paths();
            var count = new Option<bool>("--count-events") { Description = "Count the events of each file (reads all data; cmdlet: -CountEvents)." };
            var cmd = new Command("info", "Describe trace.dat files: version, compression, CPUs, clock, buffers, guests, time sync (Get-TraceFile).");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(count);
            CommonOptions.AddTo(cmd, timeWindow: false);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var options = new TraceReadOptions { CountEvents = parse.GetValue(count) };
                var docs = s.Documents(parse.GetValue(paths), parse.GetValue(CommonOptions.Host));
                s.WriteAll(TraceReader.ReadFiles(docs, options, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command Events()
        {
            var paths = CommonOptions.Paths();
            var ev = new Option<string[]>("--event", "-e") { Description = "Event names to keep, wildcards allowed: sched:*, kvm_exit (cmdlet: -Event).", AllowMultipleArgumentsPerToken = true };
            var cpu = new Option<int[]>("--cpu") { Description = "CPUs to keep (cmdlet: -Cpu).", AllowMultipleArgumentsPerToken = true };
            var pid = new Option<int[]>("--pid") { Description = "Task ids to keep (cmdlet: -Pid).", AllowMultipleArgumentsPerToken = true };
            var comm = new Option<string[]>("--comm") { Description = "Command names to keep, wildcards allowed (cmdlet: -Comm).", AllowMultipleArgumentsPerToken = true };
            var machine = new Option<string[]>("--machine") { Description = "Host or guest names to keep (cmdlet: -Machine).", AllowMultipleArgumentsPerToken = true };
            var afterNs = new Option<long?>("--after-ns") { Description = "Only events at or after this timestamp in ns (cmdlet: -After)." };
            var beforeNs = new Option<long?>("--before-ns") { Description = "Only events before this timestamp in ns (cmdlet: -Before)." };
            var first = new Option<long?>("--first") { Description = "Stop after this many events (like Select-Object -First)." };
            var report = new Option<bool>("--report") { Description = "Print lines the way trace-cmd report does instead of records." };
            var raw = new Option<bool>("--raw") { Description = "With --report: raw fields, as trace-cmd report -R." };
            var tsOffset = TsOffset();
            var cmd = new Command("events", "Trace events from trace.dat files (merged by time across CPUs and files) and ftrace text (Get-TraceEvent).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { ev, cpu, pid, comm, machine, afterNs, beforeNs, first, report, raw, tsOffset }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd, timeWindow: false);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var options = new TraceReadOptions { AfterNs = parse.GetValue(afterNs), BeforeNs = parse.GetValue(beforeNs) };
                foreach (string e in parse.GetValue(ev) ?? Array.Empty<string>()) options.Events.Add(e);
                foreach (int c in parse.GetValue(cpu) ?? Array.Empty<int>()) options.Cpus.Add(c);
                foreach (int p in parse.GetValue(pid) ?? Array.Empty<int>()) options.Pids.Add(p);
                foreach (string c in parse.GetValue(comm) ?? Array.Empty<string>()) options.Comms.Add(c);
                foreach (string m in parse.GetValue(machine) ?? Array.Empty<string>()) options.Machines.Add(m);
                foreach (long x in parse.GetValue(tsOffset) ?? Array.Empty<long>()) options.FileTimeOffsets.Add(x);
                var docs = s.Documents(parse.GetValue(paths), parse.GetValue(CommonOptions.Host));
                var events = TraceReader.ReadEvents(docs, options, s.Context);
                long? n = parse.GetValue(first);
                if (n.HasValue) events = events.Take((int)Math.Min(int.MaxValue, n.Value));
                if (parse.GetValue(report))
                {
                    bool r = parse.GetValue(raw);
                    var o = new System.IO.StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
                    foreach (TraceEvent e in events) o.WriteLine(TraceReport.Line(e, r));
                    o.Flush();
                }
                else s.WriteAll(events);
                return null;
            }));
            return cmd;
        }
            private static Option<long[]> TsOffset() => new Option<long[]>("--ts-offset")
        {
            Description = "Nanoseconds added to each file's times, one per file in order (one value: every file), like trace-cmd report --ts-offset (cmdlet: -TimeOffset).",
            AllowMultipleArgumentsPerToken = true,
        };

        private static KvmReadOptions KvmOptions(ParseResult parse, Option<int[]> vcpu, Option<string[]> vm, Option<long?> afterNs, Option<long?> beforeNs, Option<long[]> tsOffset)
        {
            var o = new KvmReadOptions { AfterNs = parse.GetValue(afterNs), BeforeNs = parse.GetValue(beforeNs) };
            foreach (int c in parse.GetValue(vcpu) ?? Array.Empty<int>()) o.VCpus.Add(c);
            foreach (string m in parse.GetValue(vm) ?? Array.Empty<string>()) o.VMs.Add(m);
            foreach (long x in parse.GetValue(tsOffset) ?? Array.Empty<long>()) o.FileTimeOffsets.Add(x);
            return o;
        }

        private static Command KvmExits()
        {
            var paths = CommonOptions.Paths();
            var groupBy = new Option<KvmExitGrouping>("--group-by") { Description = "Reason (VM, vCPU and exit reason), VCpu or VM (cmdlet: -GroupBy).", DefaultValueFactory = _ => KvmExitGrouping.Reason };
            var vcpu = new Option<int[]>("--vcpu") { Description = "vCPUs to report (cmdlet: -VCpu).", AllowMultipleArgumentsPerToken = true };
            var vm = new Option<string[]>("--vm") { Description = "VM names to report, wildcards allowed (cmdlet: -VM).", AllowMultipleArgumentsPerToken = true };
            var afterNs = new Option<long?>("--after-ns") { Description = "Only events at or after this host timestamp in ns (cmdlet: -After)." };
            var beforeNs = new Option<long?>("--before-ns") { Description = "Only events before this host timestamp in ns (cmdlet: -Before)." };
            var tsOffset = TsOffset();
            var cmd = new Command("kvm-exits", "KVM exits per VM, vCPU and reason with the time spent in the host, from host (and guest) traces (Measure-KvmExit).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { groupBy, vcpu, vm, afterNs, beforeNs, tsOffset }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd, timeWindow: false);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                KvmReadOptions o = KvmOptions(parse, vcpu, vm, afterNs, beforeNs, tsOffset);
                o.GroupBy = parse.GetValue(groupBy);
                var docs = s.Documents(parse.GetValue(paths), parse.GetValue(CommonOptions.Host));
                s.WriteAll(KvmReader.MeasureExits(docs, o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command VCpuTimeline()
        {
            var paths = CommonOptions.Paths();
            var vcpu = new Option<int[]>("--vcpu") { Description = "vCPUs to report (cmdlet: -VCpu).", AllowMultipleArgumentsPerToken = true };
            var vm = new Option<string[]>("--vm") { Description = "VM names to report, wildcards allowed (cmdlet: -VM).", AllowMultipleArgumentsPerToken = true };
            var afterNs = new Option<long?>("--after-ns") { Description = "Only events at or after this host timestamp in ns (cmdlet: -After)." };
            var beforeNs = new Option<long?>("--before-ns") { Description = "Only events before this host timestamp in ns (cmdlet: -Before)." };
            var tsOffset = TsOffset();
            var first = new Option<long?>("--first") { Description = "Stop after this many intervals (like Select-Object -First)." };
            var cmd = new Command("vcpu-timeline", "Per-vCPU intervals on the host clock: in guest, handling an exit (with reason), preempted, scheduled out (Get-VCpuTimeline).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { vcpu, vm, afterNs, beforeNs, tsOffset, first }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd, timeWindow: false);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                KvmReadOptions o = KvmOptions(parse, vcpu, vm, afterNs, beforeNs, tsOffset);
                var docs = s.Documents(parse.GetValue(paths), parse.GetValue(CommonOptions.Host));
                var list = KvmReader.ReadTimeline(docs, o, s.Context);
                long? n = parse.GetValue(first);
                if (n.HasValue) list = list.Take((int)Math.Min(int.MaxValue, n.Value));
                s.WriteAll(list);
                return null;
            }));
            return cmd;
        }
    }
}
