using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Timeline;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Estimates each host's clock offset against a reference host from causal pairs of records across hosts.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "ClockSkew", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(ClockSkewEstimate))]
    public sealed class MeasureClockSkewCommand : PathCmdlet
    {
        private readonly ClockSkewOptions _options = new ClockSkewOptions();
        private readonly List<string> _paths = new List<string>();

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
            if (TimeZone == null) return;
            try
            {
                _options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
            }
            catch (System.ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidTimeZone", ErrorCategory.InvalidArgument, TimeZone));
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
            // Anchors pair records of different hosts: paths from all pipeline objects are measured together.
            var context = CreateContext();
            IReadOnlyList<LogDocument> documents = DocumentResolver.Resolve(_paths, context);
            WriteRecords(TimelineReader.MeasureClockSkew(documents, _options, context));
            base.EndProcessing();
        }
    }
}
