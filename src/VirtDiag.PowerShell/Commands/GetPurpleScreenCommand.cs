using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads ESXi purple diagnostic screens from vmkernel logs, vmkernel-zdump logs, saved screen text and support bundles.</summary>
    [Cmdlet(VerbsCommon.Get, "PurpleScreen", DefaultParameterSetName = InputObjectParameterSet)]
    [OutputType(typeof(PurpleScreen))]
    public sealed class GetPurpleScreenCommand : TextReaderCmdlet<PurpleScreenReadOptions, PurpleScreen>
    {
        /// <summary>Only screens of these categories.</summary>
        [Parameter]
        public PurpleScreenCategory[]? Category { get => Options.Category; set => Options.Category = value; }

        /// <summary>Only screens at or after this time (host clock; screens without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only screens before this time (host clock; screens without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }

        /// <summary>Source clock minus host clock; subtracted from every time read to place it on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override ReadSession<PurpleScreen> Open(PurpleScreenReadOptions options, ReadContext context, Action<PurpleScreen> sink)
            => PurpleScreenReader.Open(options, context, sink);
    }
}
