using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace VirtDiag.HelpBuilder
{
    /// <summary>A help page that does not have the shape the reader needs, with the line where it went wrong.</summary>
    public sealed class HelpFormatException : Exception
    {
        public HelpFormatException(string path, int line, string message) : base($"{path}:{line}: {message}")
        {
            Path = path;
            LineNumber = line;
        }

        /// <summary>The page.</summary>
        public string Path { get; }

        /// <summary>The 1-based line the problem was found at.</summary>
        public int LineNumber { get; }
    }

    /// <summary>Reads the docs/help page format (platyPS schema 2024-05-01: front matter, ## sections, yaml parameter blocks).</summary>
    public static class MarkdownHelpReader
    {
        private static readonly Regex s_link = new(@"\[([^\]]+)\]\(([^)\s]+)\)", RegexOptions.CultureInvariant);

        /// <summary>The front matter's key/value pairs (empty when the page has none).</summary>
        public static IReadOnlyDictionary<string, string> FrontMatter(string text)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string[] lines = SplitLines(text);
            if (lines.Length == 0 || lines[0].Trim() != "---") return result;
            for (int i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) result[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }
            return result;
        }

        /// <summary>Parses one cmdlet page; <paramref name="path"/> only names the page in errors.</summary>
        public static CommandHelp ReadCommand(string path, string text)
        {
            var front = FrontMatter(text);
            var blocks = Tokenize(path, SplitLines(text));
            var title = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.Level == 1)
                ?? throw new HelpFormatException(path, 1, "no '# <cmdlet name>' heading");
            string name = title.Text.Trim();
            if (name.IndexOf('-') <= 0) throw new HelpFormatException(path, title.Line, $"'{name}' is not a Verb-Noun cmdlet name");

            var sections = SplitSections(blocks);
            string synopsis = string.Join(" ", Paragraphs(Require(path, sections, "SYNOPSIS", title.Line)));
            if (synopsis.Length == 0) throw new HelpFormatException(path, title.Line, "SYNOPSIS is empty");
            var description = Paragraphs(Require(path, sections, "DESCRIPTION", title.Line));

            var syntax = new List<SyntaxSet>();
            foreach (var b in Require(path, sections, "SYNTAX", title.Line).Where(b => b.Kind == BlockKind.Heading && b.Level == 3))
            {
                string set = b.Text.Trim();
                bool isDefault = set.EndsWith("(Default)", StringComparison.Ordinal);
                if (isDefault) set = set.Substring(0, set.Length - "(Default)".Length).Trim();
                syntax.Add(new SyntaxSet(set, isDefault));
            }

            var parameters = new List<ParameterHelp>();
            foreach (var (heading, body) in Subsections(Require(path, sections, "PARAMETERS", title.Line)))
            {
                string pname = heading.Text.Trim();
                if (pname == "CommonParameters") continue;
                if (!pname.StartsWith("-", StringComparison.Ordinal)) throw new HelpFormatException(path, heading.Line, $"parameter heading '{pname}' does not start with '-'");
                var yaml = body.FirstOrDefault(b => b.Kind == BlockKind.Fence && b.Info == "yaml")
                    ?? throw new HelpFormatException(path, heading.Line, $"parameter {pname} has no yaml block");
                parameters.Add(ReadParameter(path, pname.Substring(1), Paragraphs(body), yaml));
            }

            var examples = new List<ExampleHelp>();
            if (sections.TryGetValue("EXAMPLES", out var exampleBlocks))
            {
                foreach (var (heading, body) in Subsections(exampleBlocks))
                {
                    var fences = body.Where(b => b.Kind == BlockKind.Fence).ToList();
                    var code = fences.FirstOrDefault(f => !IsOutputFence(f))
                        ?? throw new HelpFormatException(path, heading.Line, $"example '{heading.Text}' has no code block");
                    var output = fences.Where(IsOutputFence).Select(f => f.Text).ToList();
                    var remarks = body.SkipWhile(b => b != code).Skip(1).Where(b => b.Kind == BlockKind.Paragraph).Select(b => Inline(b.Text)).ToList();
                    examples.Add(new ExampleHelp(heading.Text.Trim(), code.Text, output, remarks));
                }
            }

            var links = new List<LinkHelp>();
            if (sections.TryGetValue("RELATED LINKS", out var linkBlocks))
            {
                foreach (var b in linkBlocks.Where(b => b.Kind == BlockKind.Paragraph))
                {
                    var m = s_link.Match(b.Text);
                    if (!m.Success) continue;
                    string uri = m.Groups[2].Value;
                    links.Add(new LinkHelp(m.Groups[1].Value, uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? uri : ""));
                }
            }

            return new CommandHelp(name, synopsis, description, syntax, parameters, examples,
                TypeSections(sections, "INPUTS"), TypeSections(sections, "OUTPUTS"),
                sections.TryGetValue("NOTES", out var notes) ? Paragraphs(notes) : Array.Empty<string>(),
                links, front.TryGetValue("HelpUri", out var uriValue) && uriValue.Length > 0 ? uriValue : null);
        }

        /// <summary>Parses an about_ page: the '# about_X' title and its '## ' sections, as blocks for the text writer.</summary>
        public static AboutTopic ReadAbout(string path, string text)
        {
            var blocks = Tokenize(path, SplitLines(text));
            var title = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.Level == 1)
                ?? throw new HelpFormatException(path, 1, "no '# about_<Topic>' heading");
            string name = title.Text.Trim();
            if (!name.StartsWith("about_", StringComparison.Ordinal)) throw new HelpFormatException(path, title.Line, $"'{name}' does not start with about_");
            var sections = new List<AboutSection>();
            foreach (var (heading, body) in Subsections(blocks, 2))
            {
                var parts = body.Select(b => b.Kind switch
                {
                    BlockKind.Fence => new AboutBlock(b.Text, true, 0),
                    BlockKind.Heading => new AboutBlock(b.Text.Trim(), false, b.Level),
                    _ => new AboutBlock(Inline(b.Text), false, 0),
                }).ToList();
                sections.Add(new AboutSection(heading.Text.Trim(), parts));
            }
            if (!sections.Any(s => s.Title.Equals("Short description", StringComparison.OrdinalIgnoreCase)))
                throw new HelpFormatException(path, title.Line, "no '## Short description' section (Get-Help shows it as the topic's synopsis)");
            return new AboutTopic(name, sections);
        }

        private static bool IsOutputFence(Block b) => b.Info.Equals("output", StringComparison.OrdinalIgnoreCase) || b.Info.Equals("text", StringComparison.OrdinalIgnoreCase);

        private static List<Block> Require(string path, Dictionary<string, List<Block>> sections, string name, int line) =>
            sections.TryGetValue(name, out var blocks) ? blocks : throw new HelpFormatException(path, line, $"no '## {name}' section");

        private static IReadOnlyList<TypeHelp> TypeSections(Dictionary<string, List<Block>> sections, string name)
        {
            if (!sections.TryGetValue(name, out var blocks)) return Array.Empty<TypeHelp>();
            return Subsections(blocks).Select(s => new TypeHelp(s.Heading.Text.Trim(), Paragraphs(s.Body))).ToList();
        }

        private static ParameterHelp ReadParameter(string path, string name, IReadOnlyList<string> description, Block yaml)
        {
            string? type = null, defaultValue = null;
            bool wildcards = false;
            var aliases = new List<string>();
            var sets = new List<ParameterSetHelp>();
            Dictionary<string, string>? set = null;
            string? list = null;
            string[] lines = yaml.Text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string raw = lines[i].TrimEnd();
                if (raw.Trim().Length == 0) continue;
                int indent = raw.Length - raw.TrimStart().Length;
                string line = raw.Trim();
                if (indent == 0 && !(list != null && line.StartsWith("- ", StringComparison.Ordinal)))
                {
                    FlushSet();
                    list = null;
                    int colon = line.IndexOf(':');
                    if (colon < 0) throw new HelpFormatException(path, yaml.Line + 1 + i, $"parameter -{name}: '{line}' is not 'Key: value'");
                    string key = line.Substring(0, colon).Trim(), value = Unquote(line.Substring(colon + 1).Trim());
                    switch (key)
                    {
                        case "Type": type = value; break;
                        case "DefaultValue": defaultValue = value.Length == 0 || value == "None" ? null : value; break;
                        case "SupportsWildcards": wildcards = value.Equals("true", StringComparison.OrdinalIgnoreCase); break;
                        case "Aliases":
                            if (value.StartsWith("[", StringComparison.Ordinal))
                                aliases.AddRange(value.Trim('[', ']').Split(',').Select(a => Unquote(a.Trim())).Where(a => a.Length > 0));
                            else list = key;
                            break;
                        case "ParameterSets": list = key; break;
                    }
                }
                else if (list == "Aliases" && line.StartsWith("- ", StringComparison.Ordinal))
                {
                    aliases.Add(Unquote(line.Substring(2).Trim()));
                }
                else if (list == "ParameterSets")
                {
                    if (line.StartsWith("- ", StringComparison.Ordinal))
                    {
                        FlushSet();
                        set = new Dictionary<string, string>(StringComparer.Ordinal);
                        line = line.Substring(2);
                    }
                    int colon = line.IndexOf(':');
                    if (set == null || colon < 0) throw new HelpFormatException(path, yaml.Line + 1 + i, $"parameter -{name}: '{line}' is not a parameter set entry");
                    set[line.Substring(0, colon).Trim()] = Unquote(line.Substring(colon + 1).Trim());
                }
            }
            FlushSet();
            if (type == null) throw new HelpFormatException(path, yaml.Line, $"parameter -{name} has no Type");
            if (sets.Count == 0) throw new HelpFormatException(path, yaml.Line, $"parameter -{name} has no ParameterSets");
            return new ParameterHelp(name, description, type, defaultValue, wildcards, aliases, sets);

            void FlushSet()
            {
                if (set == null) return;
                sets.Add(new ParameterSetHelp(
                    set.TryGetValue("Name", out var n) ? n : "(All)",
                    set.TryGetValue("Position", out var p) ? p : "Named",
                    IsTrue(set, "IsRequired"), IsTrue(set, "ValueFromPipeline"), IsTrue(set, "ValueFromPipelineByPropertyName")));
                set = null;
            }
        }

        private static bool IsTrue(Dictionary<string, string> d, string key) => d.TryGetValue(key, out var v) && v.Equals("true", StringComparison.OrdinalIgnoreCase);

        private static string Unquote(string s) => s.Length >= 2 && (s[0] == '\'' || s[0] == '"') && s[s.Length - 1] == s[0] ? s.Substring(1, s.Length - 2) : s;

        private static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Split('\n');

        /// <summary>Paragraph text with links made readable in a console: sibling pages by name, web links with their address.</summary>
        internal static string Inline(string text) => s_link.Replace(text, m =>
            m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);

        private static List<string> Paragraphs(IEnumerable<Block> blocks) =>
            blocks.TakeWhile(b => b.Kind != BlockKind.Heading).Where(b => b.Kind != BlockKind.Fence).Select(b => Inline(b.Text)).Where(p => p.Length > 0).ToList();

        private static Dictionary<string, List<Block>> SplitSections(List<Block> blocks)
        {
            var result = new Dictionary<string, List<Block>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (heading, body) in Subsections(blocks, 2)) result[heading.Text.Trim()] = body;
            return result;
        }

        private static List<(Block Heading, List<Block> Body)> Subsections(List<Block> blocks, int level = 3)
        {
            var result = new List<(Block, List<Block>)>();
            List<Block>? current = null;
            foreach (var b in blocks)
            {
                if (b.Kind == BlockKind.Heading && b.Level <= level)
                {
                    current = null;
                    if (b.Level == level) { current = new List<Block>(); result.Add((b, current)); }
                    continue;
                }
                current?.Add(b);
            }
            return result;
        }

        private static List<Block> Tokenize(string path, string[] lines)
        {
            var blocks = new List<Block>();
            int i = 0;
            if (lines.Length > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++) { }
                if (i == lines.Length) throw new HelpFormatException(path, 1, "front matter is not closed by '---'");
                i++;
            }
            var paragraph = new StringBuilder();
            int paragraphLine = 0;
            bool preformatted = false;
            for (; i < lines.Length; i++)
            {
                string line = lines[i];
                string trimmed = line.Trim();
                if (trimmed.StartsWith("```", StringComparison.Ordinal))
                {
                    Flush();
                    int start = i;
                    string info = trimmed.Substring(3).Trim();
                    var body = new List<string>();
                    for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) body.Add(lines[i]);
                    if (i == lines.Length) throw new HelpFormatException(path, start + 1, "code block is not closed");
                    blocks.Add(new Block(BlockKind.Fence, 0, string.Join("\n", body), info, start + 1));
                    continue;
                }
                if (trimmed.Length == 0) { Flush(); continue; }
                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    Flush();
                    int level = line.TakeWhile(c => c == '#').Count();
                    blocks.Add(new Block(BlockKind.Heading, level, line.Substring(level).Trim(), "", i + 1));
                    continue;
                }
                bool listItem = Regex.IsMatch(trimmed, @"^([-*+]|\d+\.)\s") && line.Length - line.TrimStart().Length < 2;
                bool tableRow = trimmed.StartsWith("|", StringComparison.Ordinal);
                if (listItem || (tableRow && !preformatted)) Flush();
                if (paragraph.Length == 0) { paragraphLine = i + 1; preformatted = tableRow; }
                if (paragraph.Length > 0) paragraph.Append(preformatted ? '\n' : ' ');
                paragraph.Append(preformatted ? line.TrimEnd() : trimmed);
            }
            Flush();
            return blocks;

            void Flush()
            {
                if (paragraph.Length > 0) blocks.Add(new Block(BlockKind.Paragraph, 0, paragraph.ToString(), "", paragraphLine));
                paragraph.Clear();
                preformatted = false;
            }
        }

        private enum BlockKind { Heading, Paragraph, Fence }

        private sealed record Block(BlockKind Kind, int Level, string Text, string Info, int Line);
    }

    /// <summary>An about_ topic: its name and sections.</summary>
    public sealed record AboutTopic(string Name, IReadOnlyList<AboutSection> Sections);

    /// <summary>One '## ' section of an about_ topic.</summary>
    public sealed record AboutSection(string Title, IReadOnlyList<AboutBlock> Blocks);

    /// <summary>A paragraph, a code block (IsCode) or a sub-heading (HeadingLevel above 0) of an about_ section.</summary>
    public sealed record AboutBlock(string Text, bool IsCode, int HeadingLevel);
}
