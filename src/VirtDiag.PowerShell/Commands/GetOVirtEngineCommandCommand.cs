using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.OVirt;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Joins engine.log into engine commands (Running command … Ending command) and VDS commands (START … FINISH, log id).</summary>
    [Cmdlet(VerbsCommon.Get, "OVirtEngineCommand", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(OVirtEngineCommand))]
    public sealed class GetOVirtEngineCommandCommand : OVirtEngineCmdlet<OVirtEngineCommand, OVirtEngineCommandOptions>
    {
        /// <summary>Only commands with these class names; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Command { get; set; }

        /// <summary>Only commands of these kinds.</summary>
        [Parameter]
        public OVirtCommandKind[]? Kind { get; set; }

        /// <summary>Only commands with these results.</summary>
        [Parameter]
        public OVirtCommandResult[]? Result { get; set; }

        /// <summary>Only commands of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get; set; }

        /// <summary>Only VDS commands sent to these hosts; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? TargetHost { get; set; }

        /// <summary>Only commands that took at least this long.</summary>
        [Parameter]
        public TimeSpan MinimumDuration { get => Options.MinimumDuration ?? default; set => Options.MinimumDuration = value; }

        /// <inheritdoc/>
        protected override bool JoinsAcrossInputs => true;

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            foreach (string s in Command ?? Array.Empty<string>()) Options.Commands.Add(s);
            foreach (OVirtCommandKind k in Kind ?? Array.Empty<OVirtCommandKind>()) Options.Kinds.Add(k);
            foreach (OVirtCommandResult r in Result ?? Array.Empty<OVirtCommandResult>()) Options.Results.Add(r);
            foreach (string s in CorrelationId ?? Array.Empty<string>()) Options.CorrelationIds.Add(s);
            foreach (string s in TargetHost ?? Array.Empty<string>()) Options.TargetHosts.Add(s);
        }

        /// <inheritdoc/>
        protected override OVirtTextSession<OVirtEngineCommand> CreateTextSession(ReadContext context) => OVirtTextSession<OVirtEngineCommand>.ForCommands(Options, context, HostName);

        /// <inheritdoc/>
        protected override IEnumerable<OVirtEngineCommand> Read(IReadOnlyList<LogDocument> documents, ReadContext context) => OVirtReader.ReadCommands(documents, Options, context);
    }
}
