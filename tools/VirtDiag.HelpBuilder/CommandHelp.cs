using System.Collections.Generic;

namespace VirtDiag.HelpBuilder
{
    /// <summary>One cmdlet's help as read from its docs/help page.</summary>
    public sealed class CommandHelp
    {
        public CommandHelp(string name, string synopsis, IReadOnlyList<string> description, IReadOnlyList<SyntaxSet> syntax,
            IReadOnlyList<ParameterHelp> parameters, IReadOnlyList<ExampleHelp> examples, IReadOnlyList<TypeHelp> inputs,
            IReadOnlyList<TypeHelp> outputs, IReadOnlyList<string> notes, IReadOnlyList<LinkHelp> links, string? helpUri)
        {
            Name = name;
            Synopsis = synopsis;
            Description = description;
            Syntax = syntax;
            Parameters = parameters;
            Examples = examples;
            Inputs = inputs;
            Outputs = outputs;
            Notes = notes;
            Links = links;
            HelpUri = helpUri;
        }

        /// <summary>The cmdlet name, e.g. Get-VdsmTask.</summary>
        public string Name { get; }

        /// <summary>The one-paragraph synopsis.</summary>
        public string Synopsis { get; }

        /// <summary>Description paragraphs (list items are paragraphs of their own).</summary>
        public IReadOnlyList<string> Description { get; }

        /// <summary>The parameter sets named under SYNTAX, in page order.</summary>
        public IReadOnlyList<SyntaxSet> Syntax { get; }

        /// <summary>The parameters, in page order (CommonParameters excluded).</summary>
        public IReadOnlyList<ParameterHelp> Parameters { get; }

        /// <summary>The examples, in page order.</summary>
        public IReadOnlyList<ExampleHelp> Examples { get; }

        /// <summary>The INPUTS section.</summary>
        public IReadOnlyList<TypeHelp> Inputs { get; }

        /// <summary>The OUTPUTS section.</summary>
        public IReadOnlyList<TypeHelp> Outputs { get; }

        /// <summary>NOTES paragraphs.</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>RELATED LINKS entries.</summary>
        public IReadOnlyList<LinkHelp> Links { get; }

        /// <summary>The front matter's HelpUri (the online version), when given.</summary>
        public string? HelpUri { get; }

        /// <summary>The verb part of the name.</summary>
        public string Verb => Name.Substring(0, Name.IndexOf('-'));

        /// <summary>The noun part of the name.</summary>
        public string Noun => Name.Substring(Name.IndexOf('-') + 1);
    }

    /// <summary>A parameter set heading under SYNTAX.</summary>
    public sealed record SyntaxSet(string Name, bool IsDefault);

    /// <summary>One parameter of a cmdlet, from its heading, prose and yaml block.</summary>
    public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, string Type, string? DefaultValue,
        bool SupportsWildcards, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetHelp> Sets)
    {
        /// <summary>True for a [switch] parameter.</summary>
        public bool IsSwitch => Type.EndsWith("SwitchParameter", System.StringComparison.Ordinal);
    }

    /// <summary>How a parameter behaves in one parameter set ("(All)" for every set).</summary>
    public sealed record ParameterSetHelp(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

    /// <summary>One example: title, code, output and the explanation after it.</summary>
    public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Output, IReadOnlyList<string> Remarks);

    /// <summary>An input or output type with its prose.</summary>
    public sealed record TypeHelp(string Type, IReadOnlyList<string> Description);

    /// <summary>A related link; Uri is empty for links to sibling pages.</summary>
    public sealed record LinkHelp(string Text, string Uri);
}
