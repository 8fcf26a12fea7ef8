using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.VMotion;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>One record per vMotion line of ESXi vmkernel.log, vmware.log and hostd.log (files, folders, bundles or piped lines).</summary>
    [Cmdlet(VerbsCommon.Get, "VMotionEvent", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(VMotionEvent))]
    public sealed class GetVMotionEventCommand : TextReaderCmdlet<VMotionOptions, VMotionEvent>
    {
        /// <summary>Only events of these migration ids (lines without an id take it from their log's context).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MigrationId { get => Options.MigrationId; set => Options.MigrationId = value; }

        /// <summary>Only records at or after this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only records before this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Source clock minus host clock; subtracted from every time read to place it on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<VMotionEvent> Open(VMotionOptions options, ReadContext context, Action<VMotionEvent> sink)
            => VMotionReader.OpenEvents(options, context, sink);
    }
}
