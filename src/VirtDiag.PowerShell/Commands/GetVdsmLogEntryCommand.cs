using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads oVirt vdsm.log / supervdsm.log records (both layouts), with multi-line bodies and tracebacks.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmLogEntry", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VdsmLogEntry))]
    public sealed class GetVdsmLogEntryCommand : VdsmCmdlet<VdsmLogEntry, VdsmEntryOptions>
    {
        /// <summary>Only records of these levels.</summary>
        [Parameter]
        public VdsmLogLevel[]? Level { get; set; }

        /// <summary>Only records of these threads; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Thread { get; set; }

        /// <summary>Only records that belong to these storage task UUIDs.</summary>
        [Parameter]
        public string[]? TaskId { get; set; }

        /// <summary>Only records of these loggers; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Logger { get; set; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        /// <inheritdoc/>
        protected override bool JoinsAcrossInputs => false;

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            foreach (VdsmLogLevel l in Level ?? Array.Empty<VdsmLogLevel>()) Options.Levels.Add(l);
            foreach (string t in Thread ?? Array.Empty<string>()) Options.Threads.Add(t);
            foreach (string t in TaskId ?? Array.Empty<string>()) Options.TaskIds.Add(t);
            foreach (string t in Logger ?? Array.Empty<string>()) Options.Loggers.Add(t);
            Options.Match = Match;
        }

        /// <inheritdoc/>
        protected override VdsmTextSession<VdsmLogEntry> CreateTextSession(ReadContext context) => VdsmTextSession<VdsmLogEntry>.ForEntries(Options, context, HostName);

        /// <inheritdoc/>
        protected override IEnumerable<VdsmLogEntry> Read(IReadOnlyList<LogDocument> documents, ReadContext context) => VdsmReader.ReadEntries(documents, Options, context);
    }
}
