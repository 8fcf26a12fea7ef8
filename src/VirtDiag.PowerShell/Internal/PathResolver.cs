using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// Resolves -Path (wildcards) and -LiteralPath the way Get-FileHash does: FileSystem provider only, a missing
    /// literal path is an ObjectNotFound error, a wildcard matching nothing is silent, duplicates dropped in input order.
    /// </summary>
    public static class PathResolver
    {
        /// <summary>Resolves <paramref name="paths"/> to provider paths; errors are written through <paramref name="cmdlet"/>.</summary>
        public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
        {
            var result = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string path in paths)
            {
                if (string.IsNullOrEmpty(path)) continue;
                try
                {
                    ProviderInfo provider;
                    IEnumerable<string> resolved;
                    if (literal)
                    {
                        string p = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                        if (provider.Name != "FileSystem")
                        {
                            WriteNotFileSystem(cmdlet, path, provider);
                            continue;
                        }
                        if (!File.Exists(p) && !Directory.Exists(p))
                        {
                            WriteNotFound(cmdlet, path);
                            continue;
                        }
                        resolved = new[] { p };
                    }
                    else
                    {
                        resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                    }
                    if (provider.Name != "FileSystem")
                    {
                        WriteNotFileSystem(cmdlet, path, provider);
                        continue;
                    }
                    foreach (string r in resolved)
                    {
                        if (seen.Add(r)) result.Add(r);
                    }
                }
                catch (ItemNotFoundException)
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(path)) WriteNotFound(cmdlet, path);
                }
            }
            return result;
        }

        private static void WriteNotFileSystem(PSCmdlet cmdlet, string path, ProviderInfo provider)
        {
            cmdlet.WriteError(new ErrorRecord(new ArgumentException("VirtDiag reads files only; '" + path + "' is on the " + provider.Name + " provider."),
                "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
        }

        private static void WriteNotFound(PSCmdlet cmdlet, string path)
        {
            cmdlet.WriteError(new ErrorRecord(new FileNotFoundException("Cannot find path '" + path + "' because it does not exist.", path),
                "FileNotFound", ErrorCategory.ObjectNotFound, path));
        }
    }
}
