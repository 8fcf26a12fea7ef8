using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.OVirt;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads oVirt engine.log records: time with its own offset, level, logger, thread, correlation id, message, Java exception.</summary>
    [Cmdlet(VerbsCommon.Get, "OVirtEngineLogEntry", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(OVirtEngineLogEntry))]
    public sealed class GetOVirtEngineLogEntryCommand : OVirtEngineCmdlet<OVirtEngineLogEntry, OVirtEngineEntryOptions>
    {
        /// <summary>Only records of these levels.</summary>
        [Parameter]
        public OVirtLogLevel[]? Level { get; set; }

        /// <summary>Only records of these loggers (full name or class name); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Logger { get; set; }

        /// <summary>Only records of these threads; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Thread { get; set; }

        /// <summary>Only records of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get; set; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        /// <inheritdoc/>
        protected override bool JoinsAcrossInputs => false;

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            foreach (OVirtLogLevel l in Level ?? Array.Empty<OVirtLogLevel>()) Options.Levels.Add(l);
            foreach (string s in Logger ?? Array.Empty<string>()) Options.Loggers.Add(s);
            foreach (string s in Thread ?? Array.Empty<string>()) Options.Threads.Add(s);
            foreach (string s in CorrelationId ?? Array.Empty<string>()) Options.CorrelationIds.Add(s);
            Options.Match = Match;
        }

        /// <inheritdoc/>
        protected override OVirtTextSession<OVirtEngineLogEntry> CreateTextSession(ReadContext context) => OVirtTextSession<OVirtEngineLogEntry>.ForEntries(Options, context, HostName);

        /// <inheritdoc/>
        protected override IEnumerable<OVirtEngineLogEntry> Read(IReadOnlyList<LogDocument> documents, ReadContext context) => OVirtReader.ReadEntries(documents, Options, context);
    }
}
