using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.VMotion;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>One record per vMotion, joined by migration id across every host and log given.</summary>
    [Cmdlet(VerbsCommon.Get, "VMotionMigration", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(VMotionMigration))]
    public sealed class GetVMotionMigrationCommand : WindowedLogCmdlet<VMotionOptions>
    {
        private readonly List<VMotionEvent> _events = new List<VMotionEvent>();
        private readonly List<VMotionMigration> _migrations = new List<VMotionMigration>();
        private ReadContext? _context;
        private TextFeeder<VMotionEvent>? _feeder;
        private VMotionMigrationJoiner? _joiner;

        /// <summary>Only these migration ids.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MigrationId { get => Options.MigrationId as string[]; set => Options.MigrationId = value; }

        /// <summary>Only migrations with these results (Succeeded, Failed, Incomplete).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public VMotionResult[]? Result { get => Options.Result as VMotionResult[]; set => Options.Result = value; }

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
            // One join for the whole pipeline: files piped one by one (source host, then destination host) meet in it.
            _joiner ??= new VMotionMigrationJoiner(Options, context);
            if (IsTextInput)
            {
                _feeder ??= VMotionReader.CreateEventFeeder(Options, context, forJoin: true);
                foreach (string? line in PipedLines()) _feeder.Feed(line, _events);
                Join();
                return;
            }
            WriteRecords(VMotionReader.ReadInto(_joiner, ResolveDocuments(context), Options, context));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_joiner != null)
            {
                if (_feeder != null)
                {
                    _feeder.Complete(_events);
                    Join();
                }
                _joiner.Complete(_migrations);
                WriteRecords(_migrations);
                _migrations.Clear();
            }
            base.EndProcessing();
        }

        private void Join()
        {
            foreach (VMotionEvent e in _events) _joiner!.Add(e, _migrations);
            _events.Clear();
            WriteRecords(_migrations);
            _migrations.Clear();
        }
    }
}
