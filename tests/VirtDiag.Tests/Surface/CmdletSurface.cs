using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace VirtDiag.Tests.Surface
{
    /// <summary>How one parameter takes part in one parameter set.</summary>
    public sealed record ParameterSetUse(string SetName, int? Position, bool Mandatory, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

    /// <summary>A cmdlet parameter as seen in metadata.</summary>
    public sealed record ParameterInfo(string Name, string TypeName, IReadOnlyList<ParameterSetUse> Sets, IReadOnlyList<string> Aliases, bool SupportsWildcards);

    /// <summary>A cmdlet as seen in metadata (read with MetadataLoadContext; nothing is executed).</summary>
    public sealed record CmdletInfo(string ClassName, bool IsSealed, string Verb, string Noun, string? DefaultParameterSet,
        IReadOnlyList<string> OutputTypes, IReadOnlyList<ParameterInfo> Parameters)
    {
        public string Name => Verb + "-" + Noun;
    }

    /// <summary>Reads the cmdlets of an assembly without loading it for execution (no PowerShell engine needed).</summary>
    public sealed class CmdletSurface : IDisposable
    {
        private const string AllSets = "__AllParameterSets";
        private readonly MetadataLoadContext _mlc;

        private CmdletSurface(MetadataLoadContext mlc, List<CmdletInfo> cmdlets, Func<string, Type?> findType)
        {
            _mlc = mlc;
            Cmdlets = cmdlets;
            FindType = findType;
        }

        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        /// <summary>Looks up a type by full name in the loaded assemblies.</summary>
        public Func<string, Type?> FindType { get; }

        /// <summary>Loads the cmdlets of <paramref name="assemblyPath"/>; <paramref name="also"/> are assemblies whose types views may name (the export engine).</summary>
        public static CmdletSurface Load(string assemblyPath, string smaPath, Func<Type, bool>? include = null, IEnumerable<string>? also = null)
        {
            var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")) { smaPath };
            foreach (string a in also ?? Enumerable.Empty<string>())
                if (!paths.Any(q => Path.GetFileName(q).Equals(Path.GetFileName(a), StringComparison.OrdinalIgnoreCase))) paths.Add(a);
            string dir = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
            paths.AddRange(Directory.GetFiles(dir, "*.dll").Where(p => !paths.Any(q => Path.GetFileName(q).Equals(Path.GetFileName(p), StringComparison.OrdinalIgnoreCase))));
            if (!paths.Contains(assemblyPath)) paths.Add(assemblyPath);
            var mlc = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
            Assembly asm = mlc.LoadFromAssemblyPath(assemblyPath);
            foreach (string a in also ?? Enumerable.Empty<string>()) mlc.LoadFromAssemblyPath(a);
            var cmdlets = new List<CmdletInfo>();
            foreach (Type t in asm.GetTypes())
            {
                if (include != null && !include(t)) continue;
                CustomAttributeData? cmdlet = t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
                if (cmdlet == null) continue;
                cmdlets.Add(Read(t, cmdlet));
            }
            Type? Find(string name)
            {
                foreach (Assembly a in mlc.GetAssemblies())
                {
                    Type? t = a.GetType(name);
                    if (t != null) return t;
                }
                return null;
            }
            return new CmdletSurface(mlc, cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), Find);
        }

        private static CmdletInfo Read(Type t, CustomAttributeData cmdlet)
        {
            string verb = (string)cmdlet.ConstructorArguments[0].Value!;
            string noun = (string)cmdlet.ConstructorArguments[1].Value!;
            string? defaultSet = cmdlet.NamedArguments.Where(n => n.MemberName == "DefaultParameterSetName").Select(n => (string?)n.TypedValue.Value).FirstOrDefault();
            var outputs = new List<string>();
            foreach (CustomAttributeData ot in t.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute"))
            {
                foreach (CustomAttributeTypedArgument arg in ot.ConstructorArguments)
                {
                    if (arg.Value is IEnumerable<CustomAttributeTypedArgument> items)
                    {
                        foreach (var item in items) outputs.Add(item.Value is Type ty ? ty.FullName! : item.Value!.ToString()!);
                    }
                }
            }

            var parameters = new List<ParameterInfo>();
            foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var attrs = p.GetCustomAttributesData();
                var sets = new List<ParameterSetUse>();
                foreach (CustomAttributeData pa in attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute"))
                {
                    T Named<T>(string name, T fallback) => pa.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();
                    int pos = Named("Position", int.MinValue);
                    sets.Add(new ParameterSetUse(Named("ParameterSetName", AllSets), pos == int.MinValue ? null : pos, Named("Mandatory", false),
                        Named("ValueFromPipeline", false), Named("ValueFromPipelineByPropertyName", false)));
                }
                if (sets.Count == 0) continue;
                var aliases = attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                    .SelectMany(a => a.ConstructorArguments.SelectMany(c => c.Value is IEnumerable<CustomAttributeTypedArgument> xs ? xs.Select(x => (string)x.Value!) : new[] { (string)c.Value! }))
                    .ToList();
                bool wildcards = attrs.Any(a => a.AttributeType.FullName == "System.Management.Automation.SupportsWildcardsAttribute");
                parameters.Add(new ParameterInfo(p.Name, p.PropertyType.ToString(), sets, aliases, wildcards));
            }
            return new CmdletInfo(t.Name, t.IsSealed, verb, noun, defaultSet, outputs, parameters);
        }

        /// <summary>The type names that have a table view in a format file.</summary>
        public static Dictionary<string, List<string>> ViewsIn(string formatFile)
        {
            var views = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (XElement v in XDocument.Load(formatFile).Descendants("View"))
            {
                string? type = v.Element("ViewSelectedBy")?.Element("TypeName")?.Value;
                if (type == null) continue;
                views[type] = v.Descendants("PropertyName").Select(e => e.Value).ToList();
            }
            return views;
        }

        public void Dispose() => _mlc.Dispose();
    }

    /// <summary>The surface rules (STYLE.md §3): each returns human-readable violations, empty when the cmdlet is right.</summary>
    public static class CmdletSurfaceRules
    {
        public static IReadOnlyList<string> Check(CmdletInfo c, ISet<string> approvedVerbs, IReadOnlyDictionary<string, List<string>> views)
        {
            var v = new List<string>();
            if (!approvedVerbs.Contains(c.Verb)) v.Add($"{c.Name}: verb '{c.Verb}' is not an approved verb");
            if (c.ClassName != c.Verb + c.Noun + "Command") v.Add($"{c.Name}: class {c.ClassName} should be named {c.Verb}{c.Noun}Command");
            if (!c.IsSealed) v.Add($"{c.Name}: class {c.ClassName} is not sealed");
            if (c.OutputTypes.Count == 0) v.Add($"{c.Name}: no [OutputType]");
            foreach (string o in c.OutputTypes)
            {
                if (!views.ContainsKey(o)) v.Add($"{c.Name}: output type {o} has no view in the format file");
            }

            var setNames = c.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != "__AllParameterSets").Distinct().ToList();
            if (setNames.Count >= 2 && c.DefaultParameterSet == null) v.Add($"{c.Name}: {setNames.Count} parameter sets but no DefaultParameterSetName");
            if (setNames.Count == 0) setNames.Add("__AllParameterSets");
            bool hasTextInputSet = c.Parameters.Any(p => p.Name == "InputObject" && p.TypeName.StartsWith("System.String", StringComparison.Ordinal) && p.Sets.Any(s => s.ValueFromPipeline));

            foreach (string set in setNames)
            {
                var inSet = c.Parameters.SelectMany(p => p.Sets.Where(s => s.SetName == set || s.SetName == "__AllParameterSets").Select(s => (p, s))).ToList();
                foreach (var dup in inSet.Where(x => x.s.Position.HasValue).GroupBy(x => x.s.Position!.Value).Where(g => g.Count() > 1))
                {
                    v.Add($"{c.Name}: parameters {string.Join(", ", dup.Select(d => "-" + d.p.Name))} share position {dup.Key} in set {set}");
                }
                if (inSet.Count > 0 && !inSet.Any(x => x.s.Mandatory || x.s.Position.HasValue || x.s.ValueFromPipeline || x.s.ValueFromPipelineByPropertyName))
                {
                    v.Add($"{c.Name}: parameter set {set} has no way to receive input (nothing mandatory, positional or from the pipeline)");
                }
            }

            ParameterInfo? path = c.Parameters.FirstOrDefault(p => p.Name == "Path");
            if (path != null)
            {
                if (path.TypeName != "System.String[]") v.Add($"{c.Name}: -Path should be string[] (is {path.TypeName})");
                if (!path.SupportsWildcards) v.Add($"{c.Name}: -Path should carry [SupportsWildcards]");
                ParameterSetUse? u = path.Sets.FirstOrDefault();
                if (u == null || u.Position != 0) v.Add($"{c.Name}: -Path should be at position 0");
                if (u == null || !u.ValueFromPipelineByPropertyName) v.Add($"{c.Name}: -Path should take ValueFromPipelineByPropertyName");
                // Get-FileHash shape: -Path takes strings by value, unless a -InputObject set takes log text by value.
                if (!hasTextInputSet && (u == null || !u.ValueFromPipeline)) v.Add($"{c.Name}: -Path should take ValueFromPipeline");
                ParameterInfo? literal = c.Parameters.FirstOrDefault(p => p.Name == "LiteralPath");
                if (literal == null) v.Add($"{c.Name}: -Path without -LiteralPath");
            }
            ParameterInfo? lp = c.Parameters.FirstOrDefault(p => p.Name == "LiteralPath");
            if (lp != null)
            {
                if (lp.TypeName != "System.String[]") v.Add($"{c.Name}: -LiteralPath should be string[]");
                if (!lp.Aliases.Contains("PSPath") || !lp.Aliases.Contains("LP")) v.Add($"{c.Name}: -LiteralPath should have aliases PSPath and LP");
                if (!lp.Sets.Any(s => s.ValueFromPipelineByPropertyName)) v.Add($"{c.Name}: -LiteralPath should take ValueFromPipelineByPropertyName");
                if (lp.Sets.Any(s => s.ValueFromPipeline)) v.Add($"{c.Name}: -LiteralPath should not take ValueFromPipeline");
                if (lp.SupportsWildcards) v.Add($"{c.Name}: -LiteralPath must not support wildcards");
            }
            return v;
        }

        /// <summary>Checks a platyPS page: synopsis, description, an example with a powershell fence, a section per parameter.</summary>
        public static IReadOnlyList<string> CheckHelp(CmdletInfo c, string? markdown)
        {
            var v = new List<string>();
            if (markdown == null) return new[] { $"{c.Name}: docs/help/{c.Name}.md is missing" };
            string Section(string heading)
            {
                int i = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
                if (i < 0) return "";
                int start = i + heading.Length + 2;
                int next = markdown.IndexOf("\n## ", start, StringComparison.Ordinal);
                return markdown.Substring(start, (next < 0 ? markdown.Length : next) - start).Trim();
            }
            if (!markdown.Contains("\ntitle: " + c.Name + "\n", StringComparison.Ordinal)) v.Add($"{c.Name}: help front matter has no 'title: {c.Name}'");
            if (Section("## SYNOPSIS").Length < 10) v.Add($"{c.Name}: help has no synopsis");
            if (Section("## DESCRIPTION").Length < 40) v.Add($"{c.Name}: help has no description");
            string examples = Section("## EXAMPLES");
            if (!examples.Contains("### Example 1", StringComparison.Ordinal) || !examples.Contains("```powershell", StringComparison.Ordinal)) v.Add($"{c.Name}: help has no example with a powershell fence");
            string parameters = Section("## PARAMETERS");
            foreach (ParameterInfo p in c.Parameters)
            {
                int i = parameters.IndexOf("### -" + p.Name + "\n", StringComparison.Ordinal);
                if (i < 0) { v.Add($"{c.Name}: help has no section for -{p.Name}"); continue; }
                int next = parameters.IndexOf("```yaml", i, StringComparison.Ordinal);
                string prose = next < 0 ? "" : parameters.Substring(i + p.Name.Length + 5, next - i - p.Name.Length - 5).Trim();
                if (prose.Length < 10) v.Add($"{c.Name}: help section -{p.Name} has no description");
                // The yaml block's Type (as platyPS writes it: System.Nullable`1[System.Int32], System.String[]) must be the parameter's.
                int end = next < 0 ? -1 : parameters.IndexOf("```", next + 7, StringComparison.Ordinal);
                string yaml = end < 0 ? "" : parameters.Substring(next, end - next);
                string? helpType = yaml.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Type: ", StringComparison.Ordinal)).Select(l => l.Substring(6).Trim()).FirstOrDefault();
                if (helpType != p.TypeName) v.Add($"{c.Name}: help gives -{p.Name} the type {helpType ?? "(none)"}, the parameter is {p.TypeName}");
            }
            if (Section("## OUTPUTS").Length == 0) v.Add($"{c.Name}: help has no OUTPUTS section");
            return v;
        }
    }
}
