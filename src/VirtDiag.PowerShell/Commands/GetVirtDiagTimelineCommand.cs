using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Timeline;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Every record of every source and host in one stream ordered on one clock, clocks reconciled on request.</summary>
    [Cmdlet(VerbsCommon.Get, "VirtDiagTimeline", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(TimelineEntry))]
    public sealed class GetVirtDiagTimelineCommand : PathCmdlet
    {
        private readonly TimelineOptions _options = new TimelineOptions();
        private readonly List<string> _paths = new List<string>();

        /// <summary>Only entries at or after this time (reference clock).</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only entries before this time (reference clock).</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>Only entries of these hosts; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? HostName { get => _options.HostName; set => _options.HostName = value; }

        /// <summary>Only entries of these sources.</summary>
        [Parameter]
        public RecordSource[]? Source { get => _options.Source; set => _options.Source = value; }

        /// <summary>Only entries at least this severe (default Info).</summary>
        [Parameter]
        public RecordSeverity Severity { get => _options.MinimumSeverity; set => _options.MinimumSeverity = value; }

        /// <summary>Reads trace files too.</summary>
        [Parameter]
        public SwitchParameter IncludeTrace { get => _options.IncludeTrace; set => _options.IncludeTrace = value; }

        /// <summary>Estimates each host's clock offset from the input and places entries on the reference clock.</summary>
        [Parameter]
        public SwitchParameter EstimateClockSkew { get => _options.EstimateClockSkew; set => _options.EstimateClockSkew = value; }

        /// <summary>Clock offsets by hand, host name to seconds (host clock minus reference clock); they win over estimates.</summary>
        [Parameter]
        public Hashtable? ClockOffset { get; set; }

        /// <summary>The host whose clock is the reference (default: the oVirt engine, else the host with the most anchors).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReferenceHostName { get => _options.ReferenceHostName; set => _options.ReferenceHostName = value; }

        /// <summary>Zone of vdsm and engine times written without an offset: +02:00, UTC or a zone id (default UTC).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                if (TimeZone != null) _options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
                _options.ClockOffset = HostClockOffset.FromTable(ClockOffset);
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidClockOption", ErrorCategory.InvalidArgument, (object?)TimeZone ?? ClockOffset));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string p in ResolvePaths())
                if (!_paths.Contains(p)) _paths.Add(p);
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            // The merge needs every input at once: paths from all pipeline objects are read together here.
            var context = CreateContext();
            IReadOnlyList<LogDocument> documents = DocumentResolver.Resolve(_paths, context);
            WriteRecords(TimelineReader.Read(documents, _options, context));
            base.EndProcessing();
        }
    }
}
