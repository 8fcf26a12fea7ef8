using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.VMotion;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>One record per vMotion, joined by migration id across every host and log given (named together or piped one by one).</summary>
    [Cmdlet(VerbsCommon.Get, "VMotionMigration", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(VMotionMigration))]
    public sealed class GetVMotionMigrationCommand : TextReaderCmdlet<VMotionOptions, VMotionMigration>
    {
        /// <summary>Only these migration ids.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MigrationId { get => Options.MigrationId; set => Options.MigrationId = value; }

        /// <summary>Only migrations with these results (Succeeded, Failed, Incomplete).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public VMotionResult[]? Result { get => Options.Result; set => Options.Result = value; }

        /// <summary>Only migrations that started at or after this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only migrations that started before this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Source clock minus host clock; subtracted from every time read to place it on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<VMotionMigration> Open(VMotionOptions options, ReadContext context, Action<VMotionMigration> sink)
            => VMotionReader.OpenMigrations(options, context, sink);
    }
}
