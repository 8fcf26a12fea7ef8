using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Joins engine.log and the hosts' vdsm logs into flows: one per correlation id, with its engine and VDS commands and the vdsm calls that answered.</summary>
    [Cmdlet(VerbsCommon.Get, "OVirtFlow", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(OVirtFlow))]
    public sealed class GetOVirtFlowCommand : ReaderCmdlet<OVirtFlowOptions, OVirtFlow>
    {
        /// <summary>Only flows of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get => Options.CorrelationId; set => Options.CorrelationId = value; }

        /// <summary>Only flows with these results.</summary>
        [Parameter]
        public OVirtCommandResult[]? Result { get => Options.Result; set => Options.Result = value; }

        /// <summary>Only flows whose root command matches; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Command { get => Options.Command; set => Options.Command = value; }

        /// <summary>Only flows that sent a VDS command to one of these hosts; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? TargetHost { get => Options.TargetHost; set => Options.TargetHost = value; }

        /// <summary>Only flows that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only flows that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>How far a vdsm call may lie outside its VDS command's start and end and still be joined by verb.</summary>
        [Parameter]
        public TimeSpan Tolerance { get => Options.Tolerance; set => Options.Tolerance = value; }

        /// <inheritdoc/>
        protected override ReadSession<OVirtFlow> Open(OVirtFlowOptions options, ReadContext context, Action<OVirtFlow> sink)
            => OVirtReader.OpenFlows(options, context, sink);
    }
}
