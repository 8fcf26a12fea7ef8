using System;
using System.Collections.Generic;
using System.Management.Automation;
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
        private readonly List<PurpleScreen> _buffer = new List<PurpleScreen>();
        private PurpleScreenTextConverter? _converter;

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
        protected override void ProcessRecord()
        {
            _converter ??= new PurpleScreenTextConverter(_options, CreateContext());
            foreach (string text in InputObject ?? Array.Empty<string>())
            {
                _converter.Feed(text, _buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_converter != null)
            {
                _converter.Complete(_buffer);
                WriteRecords(_buffer);
                _buffer.Clear();
            }
            base.EndProcessing();
        }
    }
}
