using System.CommandLine;
using VirtDiag.Io;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag docs list</c>: the twin of Get-LogDocument.</summary>
    internal static class DocsCommand
    {
        public static Command Create()
        {
            Command list = new ReadCommand<DocumentListOptions, LogDocument>("list", "List the log documents in files, folders and bundles: path, host, kind, rotation, compression.",
                    (o, c) => DocumentListing.Open(o, c))
                .Bind(new Option<LogKind[]>("--kind") { Description = "Only documents of these kinds (cmdlet: -Kind).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Kind = v)
                .DefaultPaths(".")
                .Build();
            var docs = new Command("docs", "Log documents found in inputs (Get-LogDocument).");
            docs.Subcommands.Add(list);
            return docs;
        }
    }
}
