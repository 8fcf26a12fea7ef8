using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.VMotion;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>One record per vMotion line of ESXi vmkernel.log, vmware.log and hostd.log (files, folders, bundles or piped lines).</summary>
    [Cmdlet(VerbsCommon.Get, "VMotionEvent", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VMotionEvent))]
    public sealed class GetVMotionEventCommand : WindowedLogCmdlet<VMotionOptions>
    {
        private readonly List<VMotionEvent> _buffer = new List<VMotionEvent>();
        private ReadContext? _context;
        private TextFeeder<VMotionEvent>? _feeder;

        /// <summary>Only events of these migration ids (lines without an id take it from their log's context).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MigrationId { get => Options.MigrationId as string[]; set => Options.MigrationId = value; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            ReadContext context = _context ?? CreateContext();
            if (IsTextInput)
            {
                _feeder ??= VMotionReader.CreateEventFeeder(Options, context);
                foreach (string? line in PipedLines()) _feeder.Feed(line, _buffer);
                Flush();
                return;
            }
            WriteRecords(VMotionReader.ReadEvents(ResolveDocuments(context), Options, context));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_feeder != null)
            {
                _feeder.Complete(_buffer);
                Flush();
            }
            base.EndProcessing();
        }

        private void Flush()
        {
            WriteRecords(_buffer);
            _buffer.Clear();
        }
    }
}
