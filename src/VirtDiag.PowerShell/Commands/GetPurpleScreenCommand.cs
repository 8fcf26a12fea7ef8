using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Psod;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads ESXi purple diagnostic screens from vmkernel logs, vmkernel-zdump logs, saved screen text and support bundles.</summary>
    [Cmdlet(VerbsCommon.Get, "PurpleScreen", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(PurpleScreen))]
    public sealed class GetPurpleScreenCommand : LogInputCmdlet
    {
        private readonly PurpleScreenReadOptions _options = new PurpleScreenReadOptions();
        private PurpleScreenTextConverter? _converter;
        private readonly List<PurpleScreen> _buffer = new List<PurpleScreen>();

        /// <summary>Only screens of these categories.</summary>
        [Parameter]
        public PurpleScreenCategory[]? Category { get => _options.Category; set => _options.Category = value; }

        /// <summary>Only screens logged at or after this time (screens without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset After { get => _options.After ?? default; set => _options.After = value; }

        /// <summary>Only screens logged before this time (screens without a time are kept).</summary>
        [Parameter]
        public DateTimeOffset Before { get => _options.Before ?? default; set => _options.Before = value; }

        /// <summary>Source clock minus host clock; subtracted from log times.</summary>
        [Parameter]
        public TimeSpan TimeOffset { get => _options.TimeOffset; set => _options.TimeOffset = value; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            _options.HostName = HostName;
            var context = CreateContext();
            if (IsTextInput)
            {
                _converter ??= new PurpleScreenTextConverter(_options, context, HostName);
                foreach (string line in InputObject ?? Array.Empty<string>())
                {
                    _converter.Feed(line, _buffer);
                    WriteRecords(_buffer);
                    _buffer.Clear();
                }
                return;
            }
            WriteRecords(PurpleScreenReader.Read(ResolveDocuments(context), _options, context));
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
