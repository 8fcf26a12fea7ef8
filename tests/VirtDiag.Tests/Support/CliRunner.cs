using System.Text;

namespace VirtDiag.Tests.Support
{
    /// <summary>Runs the built virtdiag CLI as a separate process (its real exit code, stdout and stderr).</summary>
    public static class CliRunner
    {
        public static string CliDll => Path.Combine(Repo.Root, "src", "VirtDiag.Cli", "bin", Repo.Configuration, "net8.0", "virtdiag.dll");

        public static (int ExitCode, string Stdout, string Stderr) Run(string args, string? stdin = null)
        {
            var (code, stdout, stderr) = Tools.Run("dotnet", "\"" + CliDll + "\" " + args, stdin == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(stdin));
            return (code, Encoding.UTF8.GetString(stdout), stderr);
        }
    }
}
