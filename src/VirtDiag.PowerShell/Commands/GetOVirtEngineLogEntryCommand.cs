using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads oVirt engine.log records: time with its own offset, level, logger, thread, correlation id, message, Java exception.</summary>
    [Cmdlet(VerbsCommon.Get, "OVirtEngineLogEntry", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(OVirtEngineLogEntry))]
    public sealed class GetOVirtEngineLogEntryCommand : TextReaderCmdlet<OVirtEngineEntryOptions, OVirtEngineLogEntry>
    {
        /// <summary>Only records of these levels.</summary>
        [Parameter]
        public OVirtLogLevel[]? Level { get => Options.Level; set => Options.Level = value; }

        /// <summary>Only records of these loggers (full name or class name); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Logger { get => Options.Logger; set => Options.Logger = value; }

        /// <summary>Only records of these threads; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Thread { get => Options.Thread; set => Options.Thread = value; }

        /// <summary>Only records of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get => Options.CorrelationId; set => Options.CorrelationId = value; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        /// <summary>Only records at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only records before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Engine clock minus host clock; subtracted from every time read.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override string InvalidOptionErrorId => "InvalidOVirtOption";

        /// <inheritdoc/>
        protected override void BindOptions() => Options.Match = Match;

        /// <inheritdoc/>
        protected override ReadSession<OVirtEngineLogEntry> Open(OVirtEngineEntryOptions options, ReadContext context, Action<OVirtEngineLogEntry> sink)
            => OVirtReader.OpenEntries(options, context, sink);
    }
}
