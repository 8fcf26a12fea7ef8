using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Lists the log documents in files, folders and bundles: name, host, kind, rotation, compression.</summary>
    [Cmdlet(VerbsCommon.Get, "LogDocument", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(LogDocument))]
    public sealed class GetLogDocumentCommand : PathCmdlet
    {
        /// <summary>Only documents of these kinds.</summary>
        [Parameter]
        public LogKind[]? Kind { get; set; }

        /// <summary>Host name to give every document, overriding the one guessed from bundle names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            IReadOnlyList<string> paths = ResolvePaths();
            var kinds = Kind == null ? null : new HashSet<LogKind>(Kind);
            foreach (LogDocument doc in DocumentResolver.Resolve(paths, CreateContext(), HostName))
            {
                if (kinds == null || kinds.Contains(doc.Kind)) WriteObject(doc);
            }
        }
    }
}
