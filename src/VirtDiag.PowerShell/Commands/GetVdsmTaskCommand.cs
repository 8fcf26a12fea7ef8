using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Joins vdsm verb calls and storage tasks: Run and protect, START/FINISH, RPC call lines and task state changes.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmTask", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VdsmTask))]
    public sealed class GetVdsmTaskCommand : VdsmCmdlet<VdsmTask, VdsmTaskOptions>
    {
        /// <summary>Only calls of these verbs; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Verb { get; set; }

        /// <summary>Only calls with these results.</summary>
        [Parameter]
        public VdsmTaskResult[]? Result { get; set; }

        /// <summary>Only calls that took at least this long.</summary>
        [Parameter]
        public TimeSpan MinimumDuration { get => Options.MinimumDuration ?? default; set => Options.MinimumDuration = value; }

        /// <inheritdoc/>
        protected override bool JoinsAcrossInputs => true;

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            foreach (string v in Verb ?? Array.Empty<string>()) Options.Verbs.Add(v);
            foreach (VdsmTaskResult r in Result ?? Array.Empty<VdsmTaskResult>()) Options.Results.Add(r);
        }

        /// <inheritdoc/>
        protected override VdsmTextSession<VdsmTask> CreateTextSession(ReadContext context) => VdsmTextSession<VdsmTask>.ForTasks(Options, context, HostName);

        /// <inheritdoc/>
        protected override IEnumerable<VdsmTask> Read(IReadOnlyList<LogDocument> documents, ReadContext context) => VdsmReader.ReadTasks(documents, Options, context);
    }
}
