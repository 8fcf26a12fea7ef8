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
    public sealed class GetVdsmExternalCommandCommand : VdsmCmdlet<VdsmCommandOptions, VdsmExternalCommand>
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

        /// <inheritdoc/>
        protected override ReadSession<VdsmExternalCommand> Open(VdsmCommandOptions options, ReadContext context, Action<VdsmExternalCommand> sink)
            => VdsmReader.OpenCommands(options, context, sink);
    }
}
