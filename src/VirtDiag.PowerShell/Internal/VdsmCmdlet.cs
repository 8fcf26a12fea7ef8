using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What the three VDSM cmdlets share: -After and -Before (from <see cref="OptionsLogCmdlet{TOptions}"/>) and -TimeZone bound into the Core options, piped text fed to
    /// one text session, and paths read either at once (entries) or together at the end (joins of tasks and commands,
    /// so files piped one by one are read as one rotation set, oldest first).
    /// </summary>
    public abstract class VdsmCmdlet<TRecord, TOptions> : OptionsLogCmdlet<TOptions> where TOptions : VdsmReadOptions, new()
    {
        private readonly List<TRecord> _buffer = new List<TRecord>();
        private readonly List<LogDocument> _documents = new List<LogDocument>();
        private ReadContext? _context;
        private VdsmTextSession<TRecord>? _text;

        /// <summary>Zone of timestamps without an offset: UTC (default), an offset like +0100, or a zone id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <summary>True when records join across all input (tasks, commands): paths are read together in EndProcessing.</summary>
        protected abstract bool JoinsAcrossInputs { get; }

        /// <summary>Copies the cmdlet's own filters into <see cref="Options"/>; may throw ArgumentException.</summary>
        protected virtual void BindOptions() { }

        /// <summary>The text session for piped lines.</summary>
        protected abstract VdsmTextSession<TRecord> CreateTextSession(ReadContext context);

        /// <summary>Reads documents into records.</summary>
        protected abstract IEnumerable<TRecord> Read(IReadOnlyList<LogDocument> documents, ReadContext context);

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                BindOptions();
                if (TimeZone != null) Options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidVdsmOption", ErrorCategory.InvalidArgument, TimeZone));
            }
            Options.HostName = HostName;
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (IsTextInput)
            {
                _text ??= CreateTextSession(_context!);
                foreach (string s in PipedLines()) _text.Feed(s, _buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
                return;
            }
            if (JoinsAcrossInputs) _documents.AddRange(ResolveDocuments(_context!));
            else WriteRecords(Read(ResolveDocuments(_context!), _context!));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_documents.Count > 0) WriteRecords(Read(_documents, _context!));
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
