using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Joins vdsm verb calls and storage tasks: Run and protect, START/FINISH, RPC call lines and task state changes.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmTask", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(VdsmTask))]
    public sealed class GetVdsmTaskCommand : VdsmCmdlet<VdsmTaskOptions, VdsmTask>
    {
        /// <summary>Only calls of these verbs; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Verb { get => Options.Verb; set => Options.Verb = value; }

        /// <summary>Only calls with these results.</summary>
        [Parameter]
        public VdsmTaskResult[]? Result { get => Options.Result; set => Options.Result = value; }

        /// <summary>Only calls that took at least this long.</summary>
        [Parameter]
        public TimeSpan MinimumDuration { get => Options.MinimumDuration ?? default; set => Options.MinimumDuration = value; }

        /// <summary>Only calls that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only calls that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <inheritdoc/>
        protected override ReadSession<VdsmTask> Open(VdsmTaskOptions options, ReadContext context, Action<VdsmTask> sink)
            => VdsmReader.OpenTasks(options, context, sink);
    }
}
