using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Finds guest OS critical failures (bug checks, panics, oopses, lockups, host-side crash signals) and places them on the host's clock.</summary>
    [Cmdlet(VerbsCommon.Get, "GuestOsFailure", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(GuestOsFailure))]
    public sealed class GetGuestOsFailureCommand : WindowedLogCmdlet<GuestFailureOptions>
    {
        private TextFeeder<GuestOsFailure>? _feeder;
        private Common.ReadContext? _context;

        /// <summary>Only failures of these OS families.</summary>
        [Parameter]
        public GuestOs[]? Os { get; set; }

        /// <summary>Only failures of these kinds.</summary>
        [Parameter]
        public GuestFailureKind[]? Kind { get; set; }

        /// <summary>The year for syslog times, which carry none (default: the current year).</summary>
        [Parameter]
        [ValidateRange(1970, 9999)]
        public int? Year { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            Options.Os = Os;
            Options.Kind = Kind;
            Options.Year = Year;
            base.BeginProcessing();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            _context ??= CreateContext();
            if (IsTextInput)
            {
                _feeder ??= GuestFailureReader.CreateFeeder(Options, _context);
                var output = new List<GuestOsFailure>();
                foreach (string? text in PipedLines())
                {
                    _feeder.Feed(text, output);
                    WriteRecords(output);
                    output.Clear();
                }
                return;
            }
            WriteRecords(GuestFailureReader.Read(ResolveDocuments(_context), Options, _context));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_feeder != null)
            {
                var output = new List<GuestOsFailure>();
                _feeder.Complete(output);
                WriteRecords(output);
            }
            base.EndProcessing();
        }
    }
}
