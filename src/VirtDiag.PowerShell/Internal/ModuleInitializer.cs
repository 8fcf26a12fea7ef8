using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// On Windows PowerShell 5.1 the netstandard polyfills (System.Memory and friends) are not in the GAC: they ship
    /// in the module's <c>dependencies/</c> folder and are loaded from there, for requests made by our own assemblies
    /// only. PowerShell 7 has them in the runtime and never asks.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string s_moduleDir = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
        private static readonly string s_dependencyDir = Path.Combine(s_moduleDir, "dependencies");

        /// <summary>Hooks assembly resolution.</summary>
        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        /// <summary>Unhooks assembly resolution.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            Assembly? requester = args.RequestingAssembly;
            if (requester != null)
            {
                string? dir = Path.GetDirectoryName(requester.Location);
                if (!string.Equals(dir, s_moduleDir, StringComparison.OrdinalIgnoreCase) && !string.Equals(dir, s_dependencyDir, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
            }
            string name = new AssemblyName(args.Name).Name ?? string.Empty;
            foreach (string dir in new[] { s_dependencyDir, s_moduleDir })
            {
                string candidate = Path.Combine(dir, name + ".dll");
                if (File.Exists(candidate)) return Assembly.LoadFrom(candidate);
            }
            return null;
        }
    }
}
