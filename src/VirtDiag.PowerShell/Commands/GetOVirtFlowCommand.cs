using System;
using System.Collections.Generic;
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
    public sealed class GetOVirtFlowCommand : PathCmdlet
    {
        private readonly OVirtFlowOptions _options = new OVirtFlowOptions();
        private readonly List<LogDocument> _documents = new List<LogDocument>();
        private ReadContext? _context;

        /// <summary>Only flows of these correlation ids; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? CorrelationId { get; set; }

        /// <summary>Only flows with these results.</summary>
        [Parameter]
        public OVirtCommandResult[]? Result { get; set; }

        /// <summary>Only flows whose root command matches; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Command { get; set; }

        /// <summary>Only flows that sent a VDS command to one of these hosts; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? TargetHost { get; set; }

        /// <summary>Only flows that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only flows that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>How far a vdsm call may lie outside its VDS command's start and end and still be joined by verb.</summary>
        [Parameter]
        public TimeSpan Tolerance { get => _options.Tolerance; set => _options.Tolerance = value; }

        /// <summary>Host name for files whose host cannot be told from their path.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            foreach (string s in CorrelationId ?? Array.Empty<string>()) _options.CorrelationIds.Add(s);
            foreach (OVirtCommandResult r in Result ?? Array.Empty<OVirtCommandResult>()) _options.Results.Add(r);
            foreach (string s in Command ?? Array.Empty<string>()) _options.Commands.Add(s);
            foreach (string s in TargetHost ?? Array.Empty<string>()) _options.TargetHosts.Add(s);
            _options.HostName = HostName;
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord() => _documents.AddRange(DocumentResolver.Resolve(ResolvePaths(), _context!, HostName));

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_documents.Count > 0) WriteRecords(OVirtReader.ReadFlows(_documents, _options, _context!));
            base.EndProcessing();
        }
    }
}
