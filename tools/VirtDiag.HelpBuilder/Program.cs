using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace VirtDiag.HelpBuilder
{
    /// <summary>`VirtDiag.HelpBuilder DOCS_DIR OUT_DIR`: docs/help cmdlet pages → OUT_DIR/VirtDiag.PowerShell.dll-Help.xml, about_*.md → about_*.help.txt.</summary>
    public static class Program
    {
        /// <summary>The MAML file name Get-Help looks for beside a binary module's assembly.</summary>
        public const string MamlFileName = "VirtDiag.PowerShell.dll-Help.xml";

        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: VirtDiag.HelpBuilder <docs/help folder> <output en-US folder>");
                return 2;
            }
            try
            {
                var (commands, abouts) = Build(args[0], args[1]);
                Console.WriteLine($"help: {commands} cmdlet pages and {abouts} about topics written to {Path.GetFullPath(args[1])}");
                return 0;
            }
            catch (HelpFormatException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        }

        /// <summary>Reads every page of <paramref name="docs"/> and writes the help files into <paramref name="output"/>.</summary>
        public static (int Commands, int Abouts) Build(string docs, string output)
        {
            var commands = new List<CommandHelp>();
            var abouts = new List<AboutTopic>();
            foreach (string page in Directory.GetFiles(docs, "*.md").OrderBy(p => p, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(page);
                string name = Path.GetFileNameWithoutExtension(page);
                if (name.StartsWith("about_", StringComparison.Ordinal))
                    abouts.Add(MarkdownHelpReader.ReadAbout(page, text));
                else if (MarkdownHelpReader.FrontMatter(text).TryGetValue("document type", out var type) && type == "cmdlet")
                    commands.Add(MarkdownHelpReader.ReadCommand(page, text));
            }
            Directory.CreateDirectory(output);
            using (var stream = File.Create(Path.Combine(output, MamlFileName))) MamlWriter.Write(stream, commands);
            foreach (var about in abouts)
                File.WriteAllText(Path.Combine(output, about.Name + ".help.txt"), AboutTopicWriter.Write(about));
            return (commands.Count, abouts.Count);
        }
    }
}
