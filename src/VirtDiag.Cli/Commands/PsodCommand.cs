using System.CommandLine;
using VirtDiag.Psod;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag psod show|pattern</c>: the twins of Get-PurpleScreen / ConvertFrom-PurpleScreen and Measure-PurpleScreenPattern.</summary>
    internal static class PsodCommand
    {
        public static Command Create()
        {
            var psod = new Command("psod", "ESXi purple diagnostic screens (Get-PurpleScreen, ConvertFrom-PurpleScreen, Measure-PurpleScreenPattern).");
            psod.Subcommands.Add(Screens("show", "Read purple screens from pasted text, vmkernel logs (vmkernel.log, vmkernel-zdump logs) and bundles.").Build());
            psod.Subcommands.Add(Screens("pattern", "Compare the purple screens of each host: same message and stack, same PCPU, same world, machine checks; give a verdict.")
                .Writes((s, _, screens) =>
                {
                    var analyzer = new PurpleScreenPatternAnalyzer();
                    foreach (PurpleScreen screen in screens) analyzer.Add(screen);
                    s.WriteAll(analyzer.Complete());
                })
                .Build());
            return psod;
        }

        // Both subcommands read screens from the same paths and filters; they differ in what they write.
        private static ReadCommand<PurpleScreenReadOptions, PurpleScreen> Screens(string name, string description)
            => new ReadCommand<PurpleScreenReadOptions, PurpleScreen>(name, description, (o, c) => PurpleScreenReader.Open(o, c))
                .Bind(new Option<PurpleScreenCategory[]>("--category") { Description = "Only screens of these categories (cmdlets: -Category).", AllowMultipleArgumentsPerToken = true },
                    (o, v) => o.Category = v)
                .Window()
                .Offset();
    }
}
