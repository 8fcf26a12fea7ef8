using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Lists the external commands vdsm ran (execCmd) with their exit code, stderr and the verb they ran under.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmExternalCommand", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(VdsmExternalCommand))]
    public sealed class GetVdsmExternalCommandCommand : TextReaderCmdlet<VdsmCommandOptions, VdsmExternalCommand>
    {
        /// <summary>Only commands that failed.</summary>
        [Parameter]
        public SwitchParameter Failed { get => Options.Failed; set => Options.Failed = value; }

        /// <summary>Only commands that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only commands that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Zone of timestamps without an offset: UTC (default), an offset like +0100, or a zone id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <summary>This host's clock minus the reference clock; subtracted from every time read (after -TimeZone).</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override string InvalidOptionErrorId => "InvalidVdsmOption";

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            if (TimeZone != null) Options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
        }

        /// <inheritdoc/>
        protected override ReadSession<VdsmExternalCommand> Open(VdsmCommandOptions options, ReadContext context, Action<VdsmExternalCommand> sink)
            => VdsmReader.OpenCommands(options, context, sink);
    }
}
