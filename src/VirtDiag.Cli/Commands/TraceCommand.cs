using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using VirtDiag.Cli.Output;
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
            => new ReadCommand<TraceReadOptions, TraceFile>("info", "Describe trace.dat files: version, compression, CPUs, clock, buffers, guests, time sync (Get-TraceFile).",
                    (o, c) => TraceReader.OpenFiles(o, c))
                .Bind(new Option<bool>("--count-events") { Description = "Count the events of each file (reads all data; cmdlet: -CountEvents)." }, (o, v) => o.CountEvents = v)
                .Build();

        private static Command Events()
        {
            var first = FirstOption("Stop after this many events (like Select-Object -First).");
            var report = new Option<bool>("--report") { Description = "Print lines the way trace-cmd report does instead of records." };
            var raw = new Option<bool>("--raw") { Description = "With --report: raw fields, as trace-cmd report -R." };
            return new ReadCommand<TraceReadOptions, TraceEvent>("events", "Trace events from trace.dat files (merged by time across CPUs and files) and ftrace text (Get-TraceEvent).",
                    (o, c) => TraceReader.OpenEvents(o, c))
                .Bind(new Option<string[]>("--event", "-e") { Description = "Event names to keep, wildcards allowed: sched:*, kvm_exit (cmdlet: -Event).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Event = v)
                .Bind(new Option<int[]>("--cpu") { Description = "CPUs to keep (cmdlet: -Cpu).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Cpu = v)
                .Bind(new Option<int[]>("--pid") { Description = "Task ids to keep (cmdlet: -Pid).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Pid = v)
                .Bind(new Option<string[]>("--comm") { Description = "Command names to keep, wildcards allowed (cmdlet: -Comm).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Comm = v)
                .Bind(new Option<string[]>("--machine") { Description = "Host or guest names to keep, wildcards allowed (cmdlet: -Machine).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Machine = v)
                .Bind(AfterNsOption("Only events at or after this timestamp in ns of each file's trace clock (cmdlet: -AfterNs)."), (o, v) => o.AfterNs = v)
                .Bind(BeforeNsOption("Only events before this timestamp in ns of each file's trace clock (cmdlet: -BeforeNs)."), (o, v) => o.BeforeNs = v)
                .Bind(TsOffsetOption(), (o, v) => o.TsOffset = v)
                .With(first).With(report).With(raw)
                .Writes((s, parse, events) =>
                {
                    events = First(events, parse.GetValue(first));
                    if (!parse.GetValue(report))
                    {
                        s.WriteAll(events);
                        return;
                    }
                    bool r = parse.GetValue(raw);
                    ReportLines.Write(events, s.Output, r, RecordWriter.RenderThreads);
                })
                .Build();
        }

        private static Command KvmExits()
            => Kvm(new ReadCommand<KvmReadOptions, KvmExitSummary>("kvm-exits", "KVM exits per VM, vCPU and reason with the time spent in the host, from host (and guest) traces (Measure-KvmExit).",
                    (o, c) => KvmReader.OpenExits(o, c))
                .Bind(new Option<KvmExitGrouping>("--group-by") { Description = "Reason (VM, vCPU and exit reason), VCpu or VM (cmdlet: -GroupBy).", DefaultValueFactory = _ => KvmExitGrouping.Reason },
                    (o, v) => o.GroupBy = v))
                .Build();

        private static Command VCpuTimeline()
        {
            var first = FirstOption("Stop after this many intervals (like Select-Object -First).");
            return Kvm(new ReadCommand<KvmReadOptions, VCpuInterval>("vcpu-timeline", "Per-vCPU intervals on the host clock: in guest, handling an exit (with reason), preempted, scheduled out (Get-VCpuTimeline).",
                    (o, c) => KvmReader.OpenTimeline(o, c)))
                .With(first)
                .Writes((s, parse, intervals) => s.WriteAll(First(intervals, parse.GetValue(first))))
                .Build();
        }

        // What Measure-KvmExit and Get-VCpuTimeline share: the vCPU and VM filters, the host-clock window, per-file offsets.
        private static ReadCommand<KvmReadOptions, T> Kvm<T>(ReadCommand<KvmReadOptions, T> command) where T : notnull
            => command
                .Bind(new Option<int[]>("--vcpu") { Description = "vCPUs to report (cmdlet: -VCpu).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.VCpu = v)
                .Bind(new Option<string[]>("--vm") { Description = "VM names to report, wildcards allowed (cmdlet: -VM).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.VM = v)
                .Bind(AfterNsOption("Only events at or after this host timestamp in ns (cmdlet: -AfterNs)."), (o, v) => o.AfterNs = v)
                .Bind(BeforeNsOption("Only events before this host timestamp in ns (cmdlet: -BeforeNs)."), (o, v) => o.BeforeNs = v)
                .Bind(TsOffsetOption(), (o, v) => o.TsOffset = v);

        private static Option<long?> AfterNsOption(string description) => new("--after-ns") { Description = description };

        private static Option<long?> BeforeNsOption(string description) => new("--before-ns") { Description = description };

        private static Option<long[]> TsOffsetOption() => new("--ts-offset")
        {
            Description = "Nanoseconds added to each file's times, one per file in order (one value: every file), like trace-cmd report --ts-offset (cmdlets: -TsOffset).",
            AllowMultipleArgumentsPerToken = true,
        };

        private static Option<long?> FirstOption(string description) => new("--first") { Description = description };

        private static IEnumerable<T> First<T>(IEnumerable<T> records, long? n)
            => n.HasValue ? records.Take((int)Math.Min(int.MaxValue, n.Value)) : records;
    }
}
