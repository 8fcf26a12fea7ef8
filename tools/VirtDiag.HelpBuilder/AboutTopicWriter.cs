using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VirtDiag.HelpBuilder
{
    /// <summary>Writes an about_ topic as the plain text Get-Help shows (about_X.help.txt): upper-case headings, indented, wrapped.</summary>
    public static class AboutTopicWriter
    {
        private const int Width = 80;

        /// <summary>The topic's text, with '\n' line ends.</summary>
        public static string Write(AboutTopic topic)
        {
            var sb = new StringBuilder();
            sb.Append("TOPIC\n    ").Append(topic.Name).Append("\n\n");
            foreach (var section in topic.Sections)
            {
                sb.Append(section.Title.ToUpperInvariant()).Append('\n');
                foreach (var block in section.Blocks)
                {
                    if (block.IsCode)
                    {
                        foreach (string line in block.Text.Split('\n')) sb.Append(line.Length == 0 ? "" : "        " + line).Append('\n');
                    }
                    else if (block.HeadingLevel > 0)
                    {
                        sb.Append("  ").Append(block.Text.ToUpperInvariant()).Append('\n');
                    }
                    else if (block.Text.Contains('\n'))
                    {
                        foreach (string line in block.Text.Split('\n')) sb.Append("    ").Append(line).Append('\n');
                    }
                    else
                    {
                        bool item = block.Text.StartsWith("- ", StringComparison.Ordinal);
                        foreach (string line in Wrap(block.Text, Width - 4, item ? "  " : "")) sb.Append("    ").Append(line).Append('\n');
                    }
                    sb.Append('\n');
                }
                if (section.Blocks.Count == 0) sb.Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>Word-wraps at spaces; continuation lines get <paramref name="hang"/> in front; a word longer than the width stays whole.</summary>
        internal static IEnumerable<string> Wrap(string text, int width, string hang)
        {
            var line = new StringBuilder();
            foreach (string word in text.Split(' ').Where(w => w.Length > 0))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear().Append(hang);
                }
                else if (line.Length > 0 && line.ToString() != hang)
                {
                    line.Append(' ');
                }
                line.Append(word);
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }
}
