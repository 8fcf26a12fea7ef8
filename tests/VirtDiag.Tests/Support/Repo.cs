using System.Reflection;

namespace VirtDiag.Tests.Support
{
    /// <summary>Where things are: the repository root, ../shared/fixtures, built assemblies.</summary>
    public static class Repo
    {
        private static readonly Lazy<string> s_root = new(() =>
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "VirtDiag.psd1"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root (VirtDiag.psd1) not found above " + AppContext.BaseDirectory);
        });

        /// <summary>The repository root.</summary>
        public static string Root => s_root.Value;

        /// <summary>../shared/fixtures beside the repository, or null when this clone has none.</summary>
        public static string? Fixtures
        {
            get
            {
                string p = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));
                return Directory.Exists(p) ? p : null;
            }
        }

        /// <summary>A path under ../shared/fixtures.</summary>
        public static string Fixture(params string[] parts) => Path.Combine(new[] { Fixtures ?? throw new InvalidOperationException("no fixtures") }.Concat(parts).ToArray());

        /// <summary>The build configuration the tests were built with.</summary>
        public static string Configuration => Metadata("Configuration") ?? "Debug";

        /// <summary>PowerShellStandard.Library's System.Management.Automation.dll (reference assembly, read with MetadataLoadContext).</summary>
        public static string SmaPath => Metadata("SmaPath") ?? throw new InvalidOperationException("SmaPath missing");

        /// <summary>The built VirtDiag.PowerShell.dll.</summary>
        public static string PowerShellAssembly => Path.Combine(Root, "src", "VirtDiag.PowerShell", "bin", Configuration, "netstandard2.0", "VirtDiag.PowerShell.dll");

        private static string? Metadata(string key) =>
            typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
    }
}
