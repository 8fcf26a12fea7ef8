using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Finds guest OS critical failures (bug checks, panics, oopses, lockups, host-side crash signals) and places them on the host's clock.</summary>
    [Cmdlet(VerbsCommon.Get, "GuestOsFailure", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(GuestOsFailure))]
    public sealed class GetGuestOsFailureCommand : TextReaderCmdlet<GuestFailureOptions, GuestOsFailure>
    {
        /// <summary>Only failures of these OS families.</summary>
        [Parameter]
        public GuestOs[]? Os { get => Options.Os; set => Options.Os = value; }

        /// <summary>Only failures of these kinds.</summary>
        [Parameter]
        public GuestFailureKind[]? Kind { get => Options.Kind; set => Options.Kind = value; }

        /// <summary>The year for syslog times, which carry none (default: from a dated line before them, else the file's time, else this year; TimestampKind says which).</summary>
        [Parameter]
        [ValidateRange(1970, 9999)]
        public int? Year { get => Options.Year; set => Options.Year = value; }

        /// <summary>Only failures at or after this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only failures before this time (host clock).</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Guest clock minus host clock; subtracted from every time read to place it on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<GuestOsFailure> Open(GuestFailureOptions options, ReadContext context, Action<GuestOsFailure> sink)
            => GuestFailureReader.Open(options, context, sink);
    }
}
