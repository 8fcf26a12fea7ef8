using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads oVirt vdsm.log / supervdsm.log records (both layouts), with multi-line bodies and tracebacks.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmLogEntry", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(VdsmLogEntry))]
    public sealed class GetVdsmLogEntryCommand : VdsmCmdlet<VdsmEntryOptions, VdsmLogEntry>
    {
        /// <summary>Only records of these levels.</summary>
        [Parameter]
        public VdsmLogLevel[]? Level { get => Options.Level; set => Options.Level = value; }

        /// <summary>Only records of these threads; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Thread { get => Options.Thread; set => Options.Thread = value; }

        /// <summary>Only records that belong to these storage task UUIDs.</summary>
        [Parameter]
        public string[]? TaskId { get => Options.TaskId; set => Options.TaskId = value; }

        /// <summary>Only records of these loggers; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Logger { get => Options.Logger; set => Options.Logger = value; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        /// <summary>Only records at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only records before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            Options.Match = Match;
            base.BindOptions();
        }

        /// <inheritdoc/>
        protected override ReadSession<VdsmLogEntry> Open(VdsmEntryOptions options, ReadContext context, Action<VdsmLogEntry> sink)
            => VdsmReader.OpenEntries(options, context, sink);
    }
}
