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
    public sealed class GetVMotionMigrationCommand : LogInputCmdlet
    {
        private readonly VMotionOptions _options = new VMotionOptions();
        private readonly List<VMotionEvent> _events = new List<VMotionEvent>();
        private readonly List<VMotionMigration> _migrations = new List<VMotionMigration>();
        private ReadContext? _context;
        private TextFeeder<VMotionEvent>? _feeder;
        private VMotionMigrationJoiner? _joiner;

        /// <summary>Only these migration ids.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? MigrationId { get => _options.MigrationId as string[]; set => _options.MigrationId = value; }

        /// <summary>Only migrations with these results (Succeeded, Failed, Incomplete).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public VMotionResult[]? Result { get => _options.Result as VMotionResult[]; set => _options.Result = value; }

        /// <summary>Only migrations still running at or after this time.</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only migrations started before this time.</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>Source clock minus host clock, subtracted from every time read.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => _options.TimeOffset; set => _options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            _options.HostName = HostName;
            _context = CreateContext();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            ReadContext context = _context ?? CreateContext();
            // One join for the whole pipeline: files piped one by one (source host, then destination host) meet in it.
            _joiner ??= new VMotionMigrationJoiner(_options, context);
            if (IsTextInput)
            {
                _feeder ??= VMotionReader.CreateEventFeeder(_options, context, forJoin: true);
                foreach (string? line in InputObject ?? Array.Empty<string>()) _feeder.Feed(line, _events);
                Join();
                return;
            }
            WriteRecords(VMotionReader.ReadInto(_joiner, ResolveDocuments(context), _options, context));
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
