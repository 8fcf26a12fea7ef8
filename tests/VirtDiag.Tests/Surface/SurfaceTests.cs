using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Surface
{
    /// <summary>The cmdlet surface checked from metadata: no PowerShell engine is needed (or available) here.</summary>
    public class SurfaceTests
    {
        private static readonly Lazy<HashSet<string>> s_verbs = new(() =>
            File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Surface", "ApprovedVerbs.txt")).Where(l => l.Length > 0 && l[0] != '#').ToHashSet(StringComparer.Ordinal));

        private static string FormatFile => Path.Combine(Repo.Root, "src", "Views", "VirtDiag.format.ps1xml");

        // Export-VirtDiagRecord's output type lives in the export engine, loaded by the cmdlet at run time.
        private static CmdletSurface Module() => CmdletSurface.Load(Repo.PowerShellAssembly, Repo.SmaPath, also: new[] { typeof(VirtDiag.Export.ExportedPartition).Assembly.Location });

        [Fact]
        public void ModuleAssemblyHasCmdlets()
        {
            using var surface = Module();
            Assert.Contains(surface.Cmdlets, c => c.Name == "Get-LogDocument");
        }

        [Fact]
        public void EveryCmdletFollowsTheSurfaceRules()
        {
            using var surface = Module();
            var views = CmdletSurface.ViewsIn(FormatFile);
            var violations = surface.Cmdlets.SelectMany(c => CmdletSurfaceRules.Check(c, s_verbs.Value, views)).ToList();
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }

        [Fact]
        public void EveryCmdletHasACompleteHelpPage()
        {
            using var surface = Module();
            var violations = new List<string>();
            foreach (CmdletInfo c in surface.Cmdlets)
            {
                string page = Path.Combine(Repo.Root, "docs", "help", c.Name + ".md");
                violations.AddRange(CmdletSurfaceRules.CheckHelp(c, File.Exists(page) ? File.ReadAllText(page).Replace("\r\n", "\n") : null));
            }
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }

        [Fact]
        public void ModuleHelpPageListsEveryCmdlet()
        {
            using var surface = Module();
            string page = File.ReadAllText(Path.Combine(Repo.Root, "docs", "help", "VirtDiag.md"));
            var missing = surface.Cmdlets.Where(c => !page.Contains("### [" + c.Name + "](" + c.Name + ".md)", StringComparison.Ordinal)).Select(c => c.Name).ToList();
            Assert.True(missing.Count == 0, "docs/help/VirtDiag.md does not list: " + string.Join(", ", missing));
        }

        [Fact]
        public void EveryCmdletHasAPesterFile()
        {
            using var surface = Module();
            var missing = surface.Cmdlets.Where(c => !File.Exists(Path.Combine(Repo.Root, "tests", "Pester", c.Name + ".Tests.ps1"))).Select(c => c.Name).ToList();
            Assert.True(missing.Count == 0, "no Pester file for: " + string.Join(", ", missing));
        }

        [Fact]
        public void EveryViewNamesRealPropertiesOfItsType()
        {
            using var surface = Module();
            var problems = new List<string>();
            foreach (var (typeName, properties) in CmdletSurface.ViewsIn(FormatFile))
            {
                Type? t = surface.FindType(typeName);
                if (t == null) { problems.Add($"view for unknown type {typeName}"); continue; }
                foreach (string p in properties)
                {
                    if (t.GetProperty(p, BindingFlags.Public | BindingFlags.Instance) == null) problems.Add($"{typeName} has no property {p}");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void KnownBadCmdletsAreCaughtByEveryRule()
        {
            using var surface = CmdletSurface.Load(typeof(SurfaceTests).Assembly.Location, Repo.SmaPath, t => t.Namespace == "VirtDiag.Tests.Surface.KnownBad");
            var views = CmdletSurface.ViewsIn(FormatFile);
            CmdletInfo fetch = surface.Cmdlets.Single(c => c.Name == "Fetch-Widget");
            var v = CmdletSurfaceRules.Check(fetch, s_verbs.Value, views);
            Assert.Contains(v, m => m.Contains("not an approved verb"));
            Assert.Contains(v, m => m.Contains("should be named FetchWidgetCommand"));
            Assert.Contains(v, m => m.Contains("not sealed"));
            Assert.Contains(v, m => m.Contains("no [OutputType]"));
            Assert.Contains(v, m => m.Contains("-Path should be string[]"));
            Assert.Contains(v, m => m.Contains("[SupportsWildcards]"));
            Assert.Contains(v, m => m.Contains("share position 0"));
            Assert.Contains(v, m => m.Contains("set B has no way to receive input"));
            Assert.Contains(v, m => m.Contains("-Path without -LiteralPath"));
            Assert.Contains(CmdletSurfaceRules.CheckHelp(fetch, null), m => m.Contains("docs/help/Fetch-Widget.md is missing"));

            CmdletInfo gadget = surface.Cmdlets.Single(c => c.Name == "Get-Gadget");
            var g = CmdletSurfaceRules.Check(gadget, s_verbs.Value, views);
            Assert.Contains(g, m => m.Contains("output type VirtDiag.Tests.Surface.KnownBad.Gadget has no view"));
            Assert.Contains(g, m => m.Contains("aliases PSPath and LP"));
            Assert.Contains(g, m => m.Contains("no DefaultParameterSetName"));
            Assert.DoesNotContain(g, m => m.Contains("approved verb"));

            string page = "---\ntitle: Get-Gadget\n---\n# Get-Gadget\n\n## SYNOPSIS\n\nGets gadgets from somewhere.\n\n## DESCRIPTION\n\nshort\n\n## PARAMETERS\n\n### -Name\n\n```yaml\n```\n";
            var h = CmdletSurfaceRules.CheckHelp(gadget, page);
            Assert.Contains(h, m => m.Contains("no description"));
            Assert.Contains(h, m => m.Contains("no example"));
            Assert.Contains(h, m => m.Contains("no section for -LiteralPath"));
            Assert.Contains(h, m => m.Contains("section -Name has no description"));
            Assert.Contains(h, m => m.Contains("help gives -Name the type (none), the parameter is System.String"));
        }

        [Fact]
        public void ManifestExportsExactlyTheCmdletsInTheAssembly()
        {
            using var surface = Module();
            var manifest = Manifest.Parse(File.ReadAllText(Path.Combine(Repo.Root, "VirtDiag.psd1")));
            Assert.Equal(surface.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), manifest.Cmdlets.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "Desktop", "Core" }, manifest.Editions);
            Assert.Equal("5.1", manifest.Value("PowerShellVersion"));
            Assert.Equal("4.7.2", manifest.Value("DotNetFrameworkVersion"));
            Assert.Equal("VirtDiag.PowerShell.dll", manifest.Value("RootModule"));
            Assert.Equal("{{ModuleVersion}}", manifest.Value("ModuleVersion"));
            Assert.Contains("PSEdition_Desktop", manifest.Raw);
            Assert.Contains("PSEdition_Core", manifest.Raw);
            Assert.Contains("'VirtDiag.format.ps1xml'", manifest.Raw);
            Assert.Contains("'VirtDiag.types.ps1xml'", manifest.Raw);
        }
    }

    /// <summary>Just enough of a .psd1 reader for the manifest tests.</summary>
    public sealed class Manifest
    {
        private Manifest(string raw) { Raw = raw; }

        public string Raw { get; }
        public IReadOnlyList<string> Cmdlets => List("CmdletsToExport");
        public IReadOnlyList<string> Editions => List("CompatiblePSEditions");

        public static Manifest Parse(string text) => new(Regex.Replace(text, @"(?m)^\s*#.*$", ""));

        public string? Value(string key)
        {
            Match m = Regex.Match(Raw, @"(?m)^\s*" + key + @"\s*=\s*'([^']*)'");
            return m.Success ? m.Groups[1].Value : null;
        }

        public IReadOnlyList<string> List(string key)
        {
            Match m = Regex.Match(Raw, key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline);
            return m.Success ? Regex.Matches(m.Groups[1].Value, "'([^']*)'").Select(x => x.Groups[1].Value).ToList() : new List<string>();
        }
    }
}
