using System;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Lists the log documents in files, folders and bundles: name, host, kind, rotation, compression.</summary>
    [Cmdlet(VerbsCommon.Get, "LogDocument", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(LogDocument))]
    public sealed class GetLogDocumentCommand : ReaderCmdlet<DocumentListOptions, LogDocument>
    {
        /// <summary>Only documents of these kinds.</summary>
        [Parameter]
        public LogKind[]? Kind { get => Options.Kind; set => Options.Kind = value; }

        /// <inheritdoc/>
        protected override ReadSession<LogDocument> Open(DocumentListOptions options, ReadContext context, Action<LogDocument> sink)
            => DocumentListing.Open(options, context, sink);
    }
}
