using System.CommandLine;
using VirtDiag.Io;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag docs list</c>: the twin of Get-LogDocument.</summary>
    internal static class DocsCommand
    {
        public static Command Create()
        {
            var paths = CommonOptions.Paths();
            var kind = new Option<LogKind[]>("--kind") { Description = "Only documents of these kinds (cmdlet: -Kind).", AllowMultipleArgumentsPerToken = true };
            var list = new Command("list", "List the log documents in files, folders and bundles: path, host, kind, rotation, compression.");
            list.Arguments.Add(paths);
            list.Options.Add(kind);
            CommonOptions.AddTo(list, timeWindow: false);
            list.SetAction(parse => CliSession.Run(parse, s =>
            {
                LogKind[]? kinds = parse.GetValue(kind);
                string[] p = parse.GetValue(paths) ?? System.Array.Empty<string>();
                if (p.Length == 0) p = new[] { "." };
                foreach (LogDocument d in DocumentResolver.Resolve(p, s.Context, parse.GetValue(CommonOptions.Host)))
                {
                    if (kinds == null || kinds.Length == 0 || System.Array.IndexOf(kinds, d.Kind) >= 0) s.Write(d);
                }
                return null;
            }));
            var docs = new Command("docs", "Log documents found in inputs (Get-LogDocument).");
            docs.Subcommands.Add(list);
            return docs;
        }
    }
}
