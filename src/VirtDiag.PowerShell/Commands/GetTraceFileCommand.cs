using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Describes trace-cmd trace.dat files: version, compression, CPUs, clock, buffers, guests, time sync.</summary>
    [Cmdlet(VerbsCommon.Get, "TraceFile", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(TraceFile))]
    public sealed class GetTraceFileCommand : ReaderCmdlet<TraceReadOptions, TraceFile>
    {
        /// <summary>Count the events of each file (reads all of its data).</summary>
        [Parameter]
        public SwitchParameter CountEvents { get => Options.CountEvents; set => Options.CountEvents = value; }

        /// <inheritdoc/>
        protected override ReadSession<TraceFile> Open(TraceReadOptions options, ReadContext context, Action<TraceFile> sink)
            => TraceReader.OpenFiles(options, context, sink);
    }
}
