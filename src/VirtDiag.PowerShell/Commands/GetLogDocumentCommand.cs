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
    public sealed class GetLogDocumentCommand : VirtDiagCmdlet
    {
        /// <summary>Files, folders or bundles to list; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files, folders or bundles to list, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

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
            bool literal = ParameterSetName == LiteralPathParameterSet;
            IReadOnlyList<string> paths = PathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
            var kinds = Kind == null ? null : new HashSet<LogKind>(Kind);
            foreach (LogDocument doc in DocumentResolver.Resolve(paths, CreateContext(), HostName))
            {
                if (kinds == null || kinds.Contains(doc.Kind)) WriteObject(doc);
            }
        }
    }
}
