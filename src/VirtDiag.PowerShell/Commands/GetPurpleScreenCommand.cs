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
    public sealed class GetPurpleScreenCommand : WindowedLogCmdlet<PurpleScreenReadOptions>
    {
        private PurpleScreenTextConverter? _converter;
        private readonly List<PurpleScreen> _buffer = new List<PurpleScreen>();

        /// <summary>Only screens of these categories.</summary>
        [Parameter]
        public PurpleScreenCategory[]? Category { get => Options.Category; set => Options.Category = value; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var context = CreateContext();
            if (IsTextInput)
            {
                _converter ??= new PurpleScreenTextConverter(Options, context, HostName);
                foreach (string line in PipedLines())
                {
                    _converter.Feed(line, _buffer);
                    WriteRecords(_buffer);
                    _buffer.Clear();
                }
                return;
            }
            WriteRecords(PurpleScreenReader.Read(ResolveDocuments(context), Options, context));
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
