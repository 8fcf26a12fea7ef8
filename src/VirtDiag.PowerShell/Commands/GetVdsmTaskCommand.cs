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
    public sealed class GetVdsmTaskCommand : LogInputCmdlet
    {
        private readonly VdsmTaskOptions _options = new VdsmTaskOptions();
        private ReadContext? _context;
        private VdsmTextSession<VdsmTask>? _text;
        private readonly List<VdsmTask> _buffer = new List<VdsmTask>();
        private readonly List<LogDocument> _documents = new List<LogDocument>();

        /// <summary>Only calls of these verbs; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Verb { get; set; }

        /// <summary>Only calls with these results.</summary>
        [Parameter]
        public VdsmTaskResult[]? Result { get; set; }

        /// <summary>Only calls that took at least this long.</summary>
        [Parameter]
        public TimeSpan MinimumDuration { get => _options.MinimumDuration ?? default; set => _options.MinimumDuration = value; }

        /// <summary>Only calls that started at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only calls that started before this time.</summary>
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
                foreach (string v in Verb ?? Array.Empty<string>()) _options.Verbs.Add(v);
                foreach (VdsmTaskResult r in Result ?? Array.Empty<VdsmTaskResult>()) _options.Results.Add(r);
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
                _text ??= VdsmTextSession<VdsmTask>.ForTasks(_options, _context!, HostName);
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
            if (_documents.Count > 0) WriteRecords(VdsmReader.ReadTasks(_documents, _options, _context!));
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
