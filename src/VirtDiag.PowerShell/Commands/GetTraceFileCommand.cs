using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Describes trace-cmd trace.dat files: version, compression, CPUs, clock, buffers, guests, time sync.</summary>
    [Cmdlet(VerbsCommon.Get, "TraceFile", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(TraceFile))]
    public sealed class GetTraceFileCommand : PathCmdlet
    {
        /// <summary>Count the events of each file (reads all of its data).</summary>
        [Parameter]
        public SwitchParameter CountEvents { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            IReadOnlyList<string> paths = ResolvePaths();
            var context = CreateContext();
            var options = new TraceReadOptions { CountEvents = CountEvents.IsPresent };
            WriteRecords(TraceReader.ReadFiles(DocumentResolver.Resolve(paths, context), options, context));
        }
    }
}
