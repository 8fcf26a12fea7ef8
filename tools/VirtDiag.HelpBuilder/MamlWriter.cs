using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace VirtDiag.HelpBuilder
{
    /// <summary>Writes cmdlet help as MAML, the XML that Get-Help reads from en-US/&lt;Assembly&gt;.dll-Help.xml.</summary>
    public static class MamlWriter
    {
        private const string Msh = "http://msh";
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>Writes every command into one helpItems document.</summary>
        public static void Write(Stream stream, IEnumerable<CommandHelp> commands)
        {
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using var w = XmlWriter.Create(stream, settings);
            w.WriteStartDocument();
            w.WriteStartElement("helpItems", Msh);
            w.WriteAttributeString("schema", "maml");
            foreach (var c in commands) WriteCommand(w, c);
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        private static void WriteCommand(XmlWriter w, CommandHelp c)
        {
            w.WriteStartElement("command", "command", Command);
            w.WriteAttributeString("xmlns", "maml", null, Maml);
            w.WriteAttributeString("xmlns", "dev", null, Dev);

            w.WriteStartElement("command", "details", Command);
            w.WriteElementString("command", "name", Command, c.Name);
            w.WriteElementString("command", "verb", Command, c.Verb);
            w.WriteElementString("command", "noun", Command, c.Noun);
            Description(w, new[] { c.Synopsis });
            w.WriteEndElement();

            Description(w, c.Description);

            w.WriteStartElement("command", "syntax", Command);
            var sets = c.Syntax.Count > 0 ? c.Syntax : new[] { new SyntaxSet("(All)", true) };
            foreach (var set in sets)
            {
                w.WriteStartElement("command", "syntaxItem", Command);
                w.WriteElementString("maml", "name", Maml, c.Name);
                var inSet = c.Parameters.Select(p => (p, s: SetOf(p, set.Name))).Where(x => x.s != null)
                    .OrderBy(x => int.TryParse(x.s!.Position, out int pos) ? pos : int.MaxValue).ThenBy(x => x.s!.IsRequired ? 0 : 1);
                foreach (var (p, s) in inSet) Parameter(w, p, s!, inSyntax: true);
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", Command);
            foreach (var p in c.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
                Parameter(w, p, p.Sets.FirstOrDefault(s => s.IsRequired) ?? p.Sets[0], inSyntax: false);
            w.WriteEndElement();

            TypeList(w, "inputTypes", "inputType", c.Inputs);
            TypeList(w, "returnValues", "returnValue", c.Outputs);

            if (c.Notes.Count > 0)
            {
                w.WriteStartElement("maml", "alertSet", Maml);
                w.WriteStartElement("maml", "alert", Maml);
                foreach (string n in c.Notes) w.WriteElementString("maml", "para", Maml, n);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteStartElement("command", "examples", Command);
            foreach (var e in c.Examples)
            {
                w.WriteStartElement("command", "example", Command);
                w.WriteElementString("maml", "title", Maml, $"--------- {e.Title} ---------");
                w.WriteElementString("dev", "code", Dev, e.Code);
                w.WriteStartElement("dev", "remarks", Dev);
                foreach (string o in e.Output) w.WriteElementString("maml", "para", Maml, o);
                foreach (string r in e.Remarks) w.WriteElementString("maml", "para", Maml, r);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "relatedLinks", Command);
            if (c.HelpUri != null) Link(w, "Online Version:", c.HelpUri);
            foreach (var l in c.Links.Where(l => !l.Text.Equals(c.Name, StringComparison.OrdinalIgnoreCase))) Link(w, l.Text, l.Uri);
            w.WriteEndElement();

            w.WriteEndElement();
        }

        private static ParameterSetHelp? SetOf(ParameterHelp p, string setName) =>
            p.Sets.FirstOrDefault(s => s.Name.Equals(setName, StringComparison.OrdinalIgnoreCase))
            ?? p.Sets.FirstOrDefault(s => s.Name == "(All)" || setName == "(All)");

        private static void Parameter(XmlWriter w, ParameterHelp p, ParameterSetHelp s, bool inSyntax)
        {
            w.WriteStartElement("command", "parameter", Command);
            w.WriteAttributeString("required", s.IsRequired ? "true" : "false");
            w.WriteAttributeString("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false");
            w.WriteAttributeString("globbing", p.SupportsWildcards ? "true" : "false");
            w.WriteAttributeString("pipelineInput", PipelineInput(p));
            w.WriteAttributeString("position", int.TryParse(s.Position, out _) ? s.Position : "named");
            w.WriteAttributeString("aliases", p.Aliases.Count > 0 ? string.Join(", ", p.Aliases) : "none");
            w.WriteElementString("maml", "name", Maml, p.Name);
            Description(w, p.Description);
            if (!(inSyntax && p.IsSwitch))
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", p.IsSwitch ? "false" : "true");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(ShortType(p.Type));
                w.WriteEndElement();
            }
            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, p.Type);
            w.WriteElementString("maml", "uri", Maml, "");
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue ?? (p.IsSwitch ? "False" : "None"));
            w.WriteEndElement();
        }

        /// <summary>The pipeline text Get-Help prints: by value and/or by property name over all of the parameter's sets.</summary>
        public static string PipelineInput(ParameterHelp p)
        {
            bool byValue = p.Sets.Any(s => s.ValueFromPipeline), byName = p.Sets.Any(s => s.ValueFromPipelineByPropertyName);
            if (byValue && byName) return "True (ByValue, ByPropertyName)";
            if (byValue) return "True (ByValue)";
            if (byName) return "True (ByPropertyName)";
            return "False";
        }

        private static string ShortType(string type)
        {
            int dot = type.LastIndexOf('.', type.EndsWith("[]", StringComparison.Ordinal) ? type.Length - 3 : type.Length - 1);
            return dot < 0 ? type : type.Substring(dot + 1);
        }

        private static void TypeList(XmlWriter w, string list, string item, IReadOnlyList<TypeHelp> types)
        {
            w.WriteStartElement("command", list, Command);
            foreach (var t in types)
            {
                w.WriteStartElement("command", item, Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, t.Type);
                w.WriteEndElement();
                Description(w, t.Description);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void Description(XmlWriter w, IEnumerable<string> paragraphs)
        {
            w.WriteStartElement("maml", "description", Maml);
            foreach (string para in paragraphs) w.WriteElementString("maml", "para", Maml, para);
            w.WriteEndElement();
        }

        private static void Link(XmlWriter w, string text, string uri)
        {
            w.WriteStartElement("maml", "navigationLink", Maml);
            w.WriteElementString("maml", "linkText", Maml, text);
            w.WriteElementString("maml", "uri", Maml, uri);
            w.WriteEndElement();
        }
    }
}
