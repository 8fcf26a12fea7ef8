using System;
using System.CommandLine;
using VirtDiag.Guest;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag guest failures|bugcheck</c>: the twins of Get-GuestOsFailure and Get-BugCheckCode.</summary>
    internal static class GuestCommand
    {
        public static Command Create()
        {
            var guest = new Command("guest", "Guest OS critical failures (Windows bug checks, Linux panics/oopses/lockups, host-side crash signals) on the host's clock.");
            guest.Subcommands.Add(Failures());
            guest.Subcommands.Add(BugCheck());
            return guest;
        }

        private static Command Failures()
            => new ReadCommand<GuestFailureOptions, GuestOsFailure>("failures", "Find guest OS failures in guest logs, consoles, debugger output, vmware.log and hostd.log (Get-GuestOsFailure).",
                    (o, c) => GuestFailureReader.Open(o, c))
                .Bind(new Option<GuestOs[]>("--os") { Description = "Only failures of these OS families: Windows, Linux, Unknown (cmdlet: -Os).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Os = v)
                .Bind(new Option<GuestFailureKind[]>("--kind") { Description = "Only failures of these kinds, e.g. BugCheck KernelPanic Oops SoftLockup (cmdlet: -Kind).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Kind = v)
                .Bind(new Option<int?>("--year") { Description = "Year for syslog times, which carry none (default: from a dated line before them, else the file's time, else this year; TimestampKind says which; cmdlet: -Year)." }, (o, v) => o.Year = v)
                .Offset()
                .Window()
                .Build();

        private static Command BugCheck()
        {
            var code = new Argument<string[]>("code")
            {
                Description = "Codes (0x50, 0x00000050, 50, c000021a) or name patterns (*PAGE_FAULT*, irql); none lists the whole table.",
                Arity = ArgumentArity.ZeroOrMore,
            };
            var cmd = new Command("bugcheck", "Look up Windows bug check codes and names in the public reference table (Get-BugCheckCode).");
            cmd.Arguments.Add(code);
            cmd.Options.Add(CommonOptions.Format);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                string[] queries = parse.GetValue(code) ?? Array.Empty<string>();
                if (queries.Length == 0) { s.WriteAll(BugCheckCodes.All); return null; }
                int found = 0;
                foreach (string q in queries)
                {
                    foreach (BugCheckCode c in BugCheckCodes.Lookup(q)) { s.Write(c); found++; }
                }
                if (found == 0)
                {
                    Console.Error.WriteLine("virtdiag: no bug check code matches " + string.Join(", ", queries));
                    return 1;
                }
                return null;
            }));
            return cmd;
        }
    }
}
