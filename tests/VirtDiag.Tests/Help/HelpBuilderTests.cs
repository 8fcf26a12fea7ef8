using System.Xml.Linq;
using VirtDiag.HelpBuilder;

namespace VirtDiag.Tests.Help
{
    /// <summary>docs/help page → MAML and about_ text, on pages written here in the docs/help format.</summary>
    public class HelpBuilderTests
    {
        private const string Page = """
            ---
            document type: cmdlet
            HelpUri: https://example.org/Get-Widget.md
            title: Get-Widget
            ---

            # Get-Widget

            ## SYNOPSIS

            Reads widgets
            from widget logs.

            ## SYNTAX

            ### Path (Default)

            ```
            Get-Widget [-Path] <string[]> [-Failed] [<CommonParameters>]
            ```

            ### InputObject

            ```
            Get-Widget -InputObject <string[]> [-Failed] [<CommonParameters>]
            ```

            ## DESCRIPTION

            `Get-Widget` reads [widget logs](https://example.org/widgets) line by line.

            - first item
              continued here;
            - second item.

            ## EXAMPLES

            ### Example 1: Failed widgets

            ```powershell
            Get-Widget ./w.log -Failed
            ```

            ```Output
            Name Result
            ---- ------
            w1   Failed
            ```

            One widget failed; see [Get-Gadget](Get-Gadget.md).

            ## PARAMETERS

            ### -Failed

            Only failed widgets.

            ```yaml
            Type: System.Management.Automation.SwitchParameter
            DefaultValue: False
            SupportsWildcards: false
            Aliases: []
            ParameterSets:
            - Name: (All)
              Position: Named
              IsRequired: false
              ValueFromPipeline: false
              ValueFromPipelineByPropertyName: false
            ```

            ### -InputObject

            Lines from the pipeline.

            ```yaml
            Type: System.String[]
            DefaultValue: None
            SupportsWildcards: false
            Aliases:
            - Entries
            - Line
            ParameterSets:
            - Name: InputObject
              Position: Named
              IsRequired: true
              ValueFromPipeline: true
              ValueFromPipelineByPropertyName: true
            ```

            ### -Path

            Files to read.

            ```yaml
            Type: System.String[]
            DefaultValue: None
            SupportsWildcards: true
            Aliases: []
            ParameterSets:
            - Name: Path
              Position: 0
              IsRequired: true
              ValueFromPipeline: false
              ValueFromPipelineByPropertyName: true
            ```

            ### CommonParameters

            This cmdlet supports the common parameters.

            ## INPUTS

            ### System.String

            Paths or lines.

            ## OUTPUTS

            ### VirtDiag.Widget

            One object per widget.

            ## NOTES

            CLI twin: `virtdiag widget list`.

            ## RELATED LINKS

            - [Get-Gadget](Get-Gadget.md)
            - [Widget docs](https://example.org/docs)
            """;

        private static readonly XNamespace s_command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace s_maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace s_dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        [Fact]
        public void ReadsSectionsParametersAndSetsOfAPage()
        {
            var help = MarkdownHelpReader.ReadCommand("Get-Widget.md", Page);
            Assert.Equal("Get-Widget", help.Name);
            Assert.Equal("Reads widgets from widget logs.", help.Synopsis);
            Assert.Equal(new[] { "`Get-Widget` reads widget logs (https://example.org/widgets) line by line.", "- first item continued here;", "- second item." }, help.Description);
            Assert.Equal(new[] { new SyntaxSet("Path", true), new SyntaxSet("InputObject", false) }, help.Syntax);
            Assert.Equal(new[] { "Failed", "InputObject", "Path" }, help.Parameters.Select(p => p.Name));
            var input = help.Parameters[1];
            Assert.Equal(new[] { "Entries", "Line" }, input.Aliases);
            Assert.Equal("True (ByValue, ByPropertyName)", MamlWriter.PipelineInput(input));
            Assert.Equal("(All)", Assert.Single(help.Parameters[0].Sets).Name);   // "- Name:" at column 0, as platyPS writes it
            Assert.True(help.Parameters[0].IsSwitch);
            Assert.True(help.Parameters[2].SupportsWildcards);
            Assert.Equal("0", help.Parameters[2].Sets[0].Position);
            var example = Assert.Single(help.Examples);
            Assert.Equal("Example 1: Failed widgets", example.Title);
            Assert.Equal("Get-Widget ./w.log -Failed", example.Code);
            Assert.Equal("Name Result\n---- ------\nw1   Failed", Assert.Single(example.Output));
            Assert.Equal("One widget failed; see Get-Gadget.", Assert.Single(example.Remarks));
            Assert.Equal("VirtDiag.Widget", Assert.Single(help.Outputs).Type);
            Assert.Equal(new[] { new LinkHelp("Get-Gadget", ""), new LinkHelp("Widget docs", "https://example.org/docs") }, help.Links);
            Assert.Equal("https://example.org/Get-Widget.md", help.HelpUri);
        }

        [Fact]
        public void WritesOneSyntaxItemPerSetWithThatSetsParameters()
        {
            var help = MarkdownHelpReader.ReadCommand("Get-Widget.md", Page);
            using var stream = new MemoryStream();
            MamlWriter.Write(stream, new[] { help });
            var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            var command = doc.Root!.Element(s_command + "command")!;
            Assert.Equal("Get-Widget", command.Element(s_command + "details")!.Element(s_command + "name")!.Value);
            Assert.Equal("Widget", command.Element(s_command + "details")!.Element(s_command + "noun")!.Value);

            var items = command.Element(s_command + "syntax")!.Elements(s_command + "syntaxItem").ToList();
            Assert.Equal(2, items.Count);
            string[] Names(XElement item) => item.Elements(s_command + "parameter").Select(p => p.Element(s_maml + "name")!.Value).ToArray();
            Assert.Equal(new[] { "Path", "Failed" }, Names(items[0]));
            Assert.Equal(new[] { "InputObject", "Failed" }, Names(items[1]));
            var path = items[0].Elements(s_command + "parameter").First();
            Assert.Equal("true", (string?)path.Attribute("required"));
            Assert.Equal("0", (string?)path.Attribute("position"));
            Assert.Equal("true", (string?)path.Attribute("globbing"));
            Assert.Equal("String[]", path.Element(s_command + "parameterValue")!.Value);
            Assert.Null(items[0].Elements(s_command + "parameter").Last().Element(s_command + "parameterValue"));  // [-Failed], no <SwitchParameter>

            var example = command.Element(s_command + "examples")!.Element(s_command + "example")!;
            Assert.Equal("Get-Widget ./w.log -Failed", example.Element(s_dev + "code")!.Value);
            Assert.Equal(2, example.Element(s_dev + "remarks")!.Elements(s_maml + "para").Count());
            var links = command.Element(s_command + "relatedLinks")!.Elements(s_maml + "navigationLink").Select(l => l.Element(s_maml + "linkText")!.Value);
            Assert.Equal(new[] { "Online Version:", "Get-Gadget", "Widget docs" }, links);
        }

        [Fact]
        public void PageWithoutSynopsisNamesThePageAndLine()
        {
            string broken = Page.Replace("## SYNOPSIS", "## SUMMARY");
            var e = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.ReadCommand("docs/help/Get-Widget.md", broken));
            Assert.Equal("docs/help/Get-Widget.md:7: no '## SYNOPSIS' section", e.Message);
        }

        [Fact]
        public void UnclosedCodeBlockNamesItsLine()
        {
            string broken = Page.Replace("Get-Widget ./w.log -Failed\n```", "Get-Widget ./w.log -Failed\n");
            broken = broken.Substring(0, broken.IndexOf("## PARAMETERS", StringComparison.Ordinal));
            var e = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.ReadCommand("p.md", broken));
            Assert.StartsWith("p.md:", e.Message);
            Assert.EndsWith("code block is not closed", e.Message);
        }

        [Fact]
        public void AboutTopicIsPlainTextWithUpperCaseHeadingsWrappedAt80()
        {
            string page = "# about_Widget\n\n## Short description\n\nWidgets as objects.\n\n## Long description\n\n" +
                string.Join(" ", Enumerable.Repeat("widget", 30)) + "\n\n```powershell\nGet-Widget ./w.log\n```\n";
            string text = AboutTopicWriter.Write(MarkdownHelpReader.ReadAbout("about_Widget.md", page));
            Assert.StartsWith("TOPIC\n    about_Widget\n\nSHORT DESCRIPTION\n    Widgets as objects.\n\nLONG DESCRIPTION\n", text);
            Assert.Contains("\n        Get-Widget ./w.log\n", text);
            Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 80, line));
        }

        [Fact]
        public void AboutPageWithoutShortDescriptionIsRefused()
        {
            var e = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.ReadAbout("about_Widget.md", "# about_Widget\n\n## Long description\n\ntext\n"));
            Assert.Contains("Short description", e.Message);
        }
    }
}
