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
    public sealed class GetGuestOsFailureCommand : LogInputCmdlet
    {
        private readonly GuestFailureOptions _options = new GuestFailureOptions();
        private TextFeeder<GuestOsFailure>? _feeder;
        private Common.ReadContext? _context;

        /// <summary>Only failures of these OS families.</summary>
        [Parameter]
        public GuestOs[]? Os { get; set; }

        /// <summary>Only failures of these kinds.</summary>
        [Parameter]
        public GuestFailureKind[]? Kind { get; set; }

        /// <summary>Guest clock minus host clock; subtracted from guest times to place them on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get; set; }

        /// <summary>Only failures at or after this time on the host clock (failures without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset? After { get; set; }

        /// <summary>Only failures before this time on the host clock (failures without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset? Before { get; set; }

        /// <summary>The year for syslog times, which carry none (default: the current year).</summary>
        [Parameter]
        [ValidateRange(1970, 9999)]
        public int? Year { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            _options.Os = Os;
            _options.Kind = Kind;
            _options.TimeOffset = TimeOffset;
            _options.After = After;
            _options.Before = Before;
            _options.Year = Year;
            _options.HostName = HostName;
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            _context ??= CreateContext();
            if (IsTextInput)
            {
                _feeder ??= GuestFailureReader.CreateFeeder(_options, _context);
                var output = new List<GuestOsFailure>();
                foreach (string? text in InputObject ?? Array.Empty<string>())
                {
                    _feeder.Feed(text, output);
                    WriteRecords(output);
                    output.Clear();
                }
                return;
            }
            WriteRecords(GuestFailureReader.Read(ResolveDocuments(_context), _options, _context));
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
