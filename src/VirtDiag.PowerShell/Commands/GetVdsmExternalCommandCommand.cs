using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Lists the external commands vdsm ran (execCmd) with their exit code, stderr and the verb they ran under.</summary>
    [Cmdlet(VerbsCommon.Get, "VdsmExternalCommand", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VdsmExternalCommand))]
    public sealed class GetVdsmExternalCommandCommand : LogInputCmdlet
    {
        private readonly VdsmCommandOptions _options = new VdsmCommandOptions();
        private ReadContext? _context;
        private VdsmTextSession<VdsmExternalCommand>? _text;
        private readonly List<VdsmExternalCommand> _buffer = new List<VdsmExternalCommand>();
        private readonly List<LogDocument> _documents = new List<LogDocument>();

        /// <summary>Only commands that failed.</summary>
        [Parameter]
        public SwitchParameter Failed { get => _options.Failed; set => _options.Failed = value; }

        /// <summary>Only commands that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only commands that started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>Zone of timestamps without an offset: UTC (default), an offset like +0100, or a zone id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                if (TimeZone != null) _options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidVdsmOption", ErrorCategory.InvalidArgument, TimeZone));
            }
            _options.HostName = HostName;
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (IsTextInput)
            {
                _text ??= VdsmTextSession<VdsmExternalCommand>.ForCommands(_options, _context!, HostName);
                foreach (string s in InputObject) _text.Feed(s, _buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
                return;
            }
            // A join: files piped one by one (Get-ChildItem vdsm.log* | …) are read together at the end, oldest first.
            _documents.AddRange(ResolveDocuments(_context!));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_documents.Count > 0) WriteRecords(VdsmReader.ReadCommands(_documents, _options, _context!));
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
