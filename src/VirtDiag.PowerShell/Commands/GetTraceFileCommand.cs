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
    public sealed class GetTraceFileCommand : VirtDiagCmdlet
    {
        /// <summary>trace.dat files to describe; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>trace.dat files to describe, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Count the events of each file (reads all of its data).</summary>
        [Parameter]
        public SwitchParameter CountEvents { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathParameterSet;
            IReadOnlyList<string> paths = PathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
            var context = CreateContext();
            var options = new TraceReadOptions { CountEvents = CountEvents.IsPresent };
            WriteRecords(TraceReader.ReadFiles(DocumentResolver.Resolve(paths, context), options, context));
        }
    }
}
