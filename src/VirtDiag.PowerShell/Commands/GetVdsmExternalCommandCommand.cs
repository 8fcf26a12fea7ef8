using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Lists the external commands vdsm ran (execCmd) with their exit code, stderr and the verb they ran under.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmExternalCommand", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VdsmExternalCommand))]
    public sealed class GetVdsmExternalCommandCommand : VdsmCmdlet<VdsmExternalCommand, VdsmCommandOptions>
    {
        /// <summary>Only commands that failed.</summary>
        [Parameter]
        public SwitchParameter Failed { get => Options.Failed; set => Options.Failed = value; }

        /// <inheritdoc/>
        protected override bool JoinsAcrossInputs => true;

        /// <inheritdoc/>
        protected override VdsmTextSession<VdsmExternalCommand> CreateTextSession(ReadContext context) => VdsmTextSession<VdsmExternalCommand>.ForCommands(Options, context, HostName);

        /// <inheritdoc/>
        protected override IEnumerable<VdsmExternalCommand> Read(IReadOnlyList<LogDocument> documents, ReadContext context) => VdsmReader.ReadCommands(documents, Options, context);
    }
}
