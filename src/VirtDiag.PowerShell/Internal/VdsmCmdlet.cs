using System;
using System.Management.Automation;
using VirtDiag.Vdsm;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What the vdsm cmdlets (Get-VdsmLogEntry, Get-VdsmTask, Get-VdsmExternalCommand) share: how times without an offset
    /// are read (-TimeZone), this host's clock offset (-TimeOffset) and the error id of a bad option.
    /// </summary>
    public abstract class VdsmCmdlet<TOptions, T> : TextReaderCmdlet<TOptions, T> where TOptions : VdsmReadOptions, new()
    {
        /// <summary>Zone of timestamps without an offset: UTC (default), an offset like +0100, or a zone id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <summary>This host's clock minus the reference clock; subtracted from every time read (after -TimeZone).</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override string InvalidOptionErrorId => "InvalidVdsmOption";

        /// <inheritdoc/>
        protected override void BindOptions()
        {
            if (TimeZone != null) Options.TimeZone = VdsmReadOptions.ParseTimeZone(TimeZone);
        }
    }
}
