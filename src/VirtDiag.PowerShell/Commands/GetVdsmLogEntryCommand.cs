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
    public sealed class GetVdsmLogEntryCommand : LogInputCmdlet
    {
        private readonly VdsmEntryOptions _options = new VdsmEntryOptions();
        private ReadContext? _context;
        private VdsmTextSession<VdsmLogEntry>? _text;
        private readonly List<VdsmLogEntry> _buffer = new List<VdsmLogEntry>();

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

        /// <summary>Only records at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only records before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Match { get; set; }

        /// <summary>Zone of timestamps without an offset: UTC (default), an offset like +0100, or a zone id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                foreach (VdsmLogLevel l in Level ?? Array.Empty<VdsmLogLevel>()) _options.Levels.Add(l);
                foreach (string t in Thread ?? Array.Empty<string>()) _options.Threads.Add(t);
                foreach (string t in TaskId ?? Array.Empty<string>()) _options.TaskIds.Add(t);
                foreach (string t in Logger ?? Array.Empty<string>()) _options.Loggers.Add(t);
                _options.Match = Match;
                if (TimeZone != null) _options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidVdsmOption", ErrorCategory.InvalidArgument, null));
            }
            _options.HostName = HostName;
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (IsTextInput)
            {
                _text ??= VdsmTextSession<VdsmLogEntry>.ForEntries(_options, _context!, HostName);
                foreach (string s in InputObject) _text.Feed(s, _buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
                return;
            }
            WriteRecords(VdsmReader.ReadEntries(ResolveDocuments(_context!), _options, _context!));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_text != null)
            {
                _text.Complete(_buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
            }
            base.EndProcessing();
        }
    }
}
