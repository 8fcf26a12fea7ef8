using System.Text.RegularExpressions;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Surface
{
    /// <summary>`dotnet publish src/VirtDiag.PowerShell` lays out a loadable module folder; checked here without PowerShell.</summary>
    public class PublishedModuleTests
    {
        [Fact]
        public void PublishLaysOutTheModuleFolderWithItsVersionWritten()
        {
            using var dir = new TempDir();
            string moduleDir = Path.Combine(dir.Path, "VirtDiag") + Path.DirectorySeparatorChar;
            var (code, stdout, stderr) = Tools.Run("dotnet",
                $"publish \"{Path.Combine(Repo.Root, "src", "VirtDiag.PowerShell")}\" -c {Repo.Configuration} --no-build --nologo -o \"{Path.Combine(dir.Path, "publish")}\" -p:ModuleOutDir=\"{moduleDir}\"");
            Assert.True(code == 0, System.Text.Encoding.UTF8.GetString(stdout) + stderr);

            foreach (string f in new[] { "VirtDiag.psd1", "VirtDiag.PowerShell.dll", "VirtDiag.Core.dll", "ICSharpCode.SharpZipLib.dll", "VirtDiag.format.ps1xml", "VirtDiag.types.ps1xml" })
                Assert.True(File.Exists(Path.Combine(moduleDir, f)), f + " missing from the module folder");
            foreach (string f in new[] { "System.Memory.dll", "System.Buffers.dll", "System.Runtime.CompilerServices.Unsafe.dll", "System.Numerics.Vectors.dll" })
                Assert.True(File.Exists(Path.Combine(moduleDir, "dependencies", f)), "dependencies/" + f + " missing (Windows PowerShell 5.1 polyfill)");
            Assert.False(File.Exists(Path.Combine(moduleDir, "System.Management.Automation.dll")), "PowerShellStandard.Library must not ship");

            var manifest = Manifest.Parse(File.ReadAllText(Path.Combine(moduleDir, "VirtDiag.psd1")));
            string props = File.ReadAllText(Path.Combine(Repo.Root, "Directory.Build.props"));
            string version = Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
            Assert.Equal(version, manifest.Value("ModuleVersion"));
            Assert.Equal(new[] { "Desktop", "Core" }, manifest.Editions);
            var source = Manifest.Parse(File.ReadAllText(Path.Combine(Repo.Root, "VirtDiag.psd1")));
            Assert.Equal(source.Cmdlets, manifest.Cmdlets);

            // Help ships with every publish: MAML for every exported cmdlet and the about_VirtDiag topic, from docs/help.
            string maml = File.ReadAllText(Path.Combine(moduleDir, "en-US", "VirtDiag.PowerShell.dll-Help.xml"));
            var documented = Regex.Matches(maml, "<command:name>([^<]+)</command:name>").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(manifest.Cmdlets.OrderBy(c => c, StringComparer.Ordinal), documented.OrderBy(c => c, StringComparer.Ordinal));
            string about = File.ReadAllText(Path.Combine(moduleDir, "en-US", "about_VirtDiag.help.txt"));
            Assert.StartsWith("TOPIC\n    about_VirtDiag\n", about);
            Assert.Contains("SHORT DESCRIPTION\n", about);
        }
    }
}
