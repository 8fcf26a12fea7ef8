using System;
using System.Management.Automation;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Turns purple diagnostic screen text (pasted, transcribed, Get-Content lines) into PurpleScreen objects, one per screen.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "PurpleScreen")]
    [OutputType(typeof(PurpleScreen))]
    public sealed class ConvertFromPurpleScreenCommand : VirtDiagCmdlet
    {
        private readonly PurpleScreenReadOptions _options = new PurpleScreenReadOptions();
        private ReadSession<PurpleScreen>? _session;

        /// <summary>Screen text: one or more lines per string; a screen may span many strings.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string[] InputObject { get; set; } = Array.Empty<string>();

        /// <summary>Host name to put on the screens.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get => _options.HostName; set => _options.HostName = value; }

        /// <summary>Only screens of these categories.</summary>
        [Parameter]
        public PurpleScreenCategory[]? Category { get => _options.Category; set => _options.Category = value; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => _session = PurpleScreenReader.Open(_options, CreateContext(), screen => WriteObject(screen));

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string? text in InputObject ?? Array.Empty<string>()) _session!.Feed(text);
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            _session?.Complete();
            base.EndProcessing();
        }
    }
}
