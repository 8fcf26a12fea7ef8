using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads kernel trace events from trace.dat files (merged by time across CPUs and files) and ftrace text.</summary>
    [Cmdlet(VerbsCommon.Get, "TraceEvent", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(TraceEvent))]
    public sealed class GetTraceEventCommand : TraceWindowCmdlet
    {
        private readonly TraceReadOptions _options = new TraceReadOptions();

        /// <summary>Event names to keep, wildcards allowed: sched:*, kvm_exit.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Event { get; set; }

        /// <summary>CPUs to keep.</summary>
        [Parameter]
        public int[]? Cpu { get; set; }

        /// <summary>Task ids to keep.</summary>
        [Parameter]
        public int[]? Pid { get; set; }

        /// <summary>Command names to keep, wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Comm { get; set; }

        /// <summary>Host or guest names to keep.</summary>
        [Parameter]
        public string[]? Machine { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            AddTimeOffsets(_options.FileTimeOffsets);
            foreach (string e in Event ?? Array.Empty<string>()) _options.Events.Add(e);
            foreach (int c in Cpu ?? Array.Empty<int>()) _options.Cpus.Add(c);
            foreach (int p in Pid ?? Array.Empty<int>()) _options.Pids.Add(p);
            foreach (string c in Comm ?? Array.Empty<string>()) _options.Comms.Add(c);
            foreach (string m in Machine ?? Array.Empty<string>()) _options.Machines.Add(m);
            _options.AfterNs = AfterNs;
            _options.BeforeNs = BeforeNs;
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            IReadOnlyList<string> paths = ResolvePaths();
            var context = CreateContext();
            WriteRecords(TraceReader.ReadEvents(DocumentResolver.Resolve(paths, context), _options, context));
        }
    }
}
