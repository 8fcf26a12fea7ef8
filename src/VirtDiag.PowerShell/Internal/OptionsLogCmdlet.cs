using System;
using System.Management.Automation;
using VirtDiag.Common;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// A path-or-text log reader whose parameters bind straight into its Core options, which filter before records
    /// reach the pipeline: -After and -Before (the VDSM readers and <see cref="WindowedLogCmdlet{TOptions}"/> build on it).
    /// </summary>
    public abstract class OptionsLogCmdlet<TOptions> : LogInputCmdlet where TOptions : CommonReadOptions, new()
    {
        /// <summary>The Core options the parameters are bound into.</summary>
        protected TOptions Options { get; } = new TOptions();

        /// <summary>Only records at or after this time (records without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset After { get => Options.After ?? default; set => Options.After = value; }

        /// <summary>Only records before this time (records without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset Before { get => Options.Before ?? default; set => Options.Before = value; }
    }

    /// <summary>
    /// What the log readers placed on the host clock share (vMotion, purple screens, guest failures): -TimeOffset on top
    /// of -After/-Before, and -HostName copied into the options when processing begins.
    /// </summary>
    public abstract class WindowedLogCmdlet<TOptions> : OptionsLogCmdlet<TOptions> where TOptions : CommonReadOptions, new()
    {
        /// <summary>Source clock minus host clock; subtracted from every time read to place it on the host clock.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => Options.TimeOffset; set => Options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            Options.HostName = HostName;
            base.BeginProcessing();
        }
    }
}
