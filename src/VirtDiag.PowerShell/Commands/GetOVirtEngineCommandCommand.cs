using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Joins engine.log into engine commands (Running command … Ending command) and VDS commands (START … FINISH, log id).</summary>
    [Cmdlet(VerbsCommon.Get, "OVirtEngineCommand", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(OVirtEngineCommand))]
    public sealed class GetOVirtEngineCommandCommand : TextReaderCmdlet<OVirtEngineCommandOptions, OVirtEngineCommand>
    {
        /// <summary>Only commands with these class names; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Command { get => Options.Command; set => Options.Command = value; }

        /// <summary>Only commands of these kinds.</summary>
        [Parameter]
        public OVirtCommandKind[]? Kind { get => Options.Kind; set => Options.Kind = value; }

        /// <summary>Only commands with these results.</summary>
        [Parameter]
        public OVirtCommandResult[]? Result { get => Options.Result; set => Options.Result = value; }

        /// <summary>Only commands of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get => Options.CorrelationId; set => Options.CorrelationId = value; }

        /// <summary>Only VDS commands sent to these hosts; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? TargetHost { get => Options.TargetHost; set => Options.TargetHost = value; }

        /// <summary>Only commands that took at least this long.</summary>
        [Parameter]
        public TimeSpan MinimumDuration { get => Options.MinimumDuration ?? default; set => Options.MinimumDuration = value; }

        /// <summary>Only commands that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only commands that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Engine clock minus host clock; subtracted from every time read.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<OVirtEngineCommand> Open(OVirtEngineCommandOptions options, ReadContext context, Action<OVirtEngineCommand> sink)
            => OVirtReader.OpenCommands(options, context, sink);
    }
}
