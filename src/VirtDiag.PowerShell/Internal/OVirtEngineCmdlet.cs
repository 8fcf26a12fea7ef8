using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.OVirt;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What the engine.log cmdlets share: -After, -Before, -TimeOffset and -HostName bound into the Core options, piped
    /// text fed to one text session, and paths read at once (entries) or together at the end (joined commands, so
    /// rotated files piped one by one are read oldest first).
    /// </summary>
    public abstract class OVirtEngineCmdlet<TRecord, TOptions> : WindowedLogCmdlet<TOptions> where TOptions : CommonReadOptions, new()
    {
        private readonly List<TRecord> _buffer = new List<TRecord>();
        private readonly List<LogDocument> _documents = new List<LogDocument>();
        private ReadContext? _context;
        private OVirtTextSession<TRecord>? _text;

        /// <summary>True when records join across all input: paths are read together in EndProcessing.</summary>
        protected abstract bool JoinsAcrossInputs { get; }

        /// <summary>Copies the cmdlet's own filters into the options; may throw ArgumentException.</summary>
        protected virtual void BindOptions() { }

        /// <summary>The text session for piped lines.</summary>
        protected abstract OVirtTextSession<TRecord> CreateTextSession(ReadContext context);

        /// <summary>Reads documents into records.</summary>
        protected abstract IEnumerable<TRecord> Read(IReadOnlyList<LogDocument> documents, ReadContext context);

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                BindOptions();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "InvalidOVirtOption", ErrorCategory.InvalidArgument, null));
            }
            base.BeginProcessing();
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
