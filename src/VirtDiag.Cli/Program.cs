using System;
using System.CommandLine;
using VirtDiag.Cli.Commands;

namespace VirtDiag.Cli
{
    /// <summary>The <c>virtdiag</c> command: <c>virtdiag &lt;area&gt; &lt;what&gt; [paths...] [options]</c>.</summary>
    public static class Program
    {
        /// <summary>Builds the command tree; each area adds one command here.</summary>
        internal static RootCommand BuildRoot()
        {
            var root = new RootCommand("virtdiag: virtualization diagnostics as records (ESXi vMotion, oVirt VDSM, PSOD, guest OS failures, trace-cmd traces).");
            root.Subcommands.Add(DocsCommand.Create());
            root.Subcommands.Add(ExportCommand.Create());
            root.Subcommands.Add(GuestCommand.Create());
            root.Subcommands.Add(OVirtCommand.Create());
            root.Subcommands.Add(PsodCommand.Create());
            root.Subcommands.Add(TraceCommand.Create());
            root.Subcommands.Add(TriageCommand.Create());
            root.Subcommands.Add(VdsmCommand.Create());
            root.Subcommands.Add(VMotionCommand.Create());
            root.Subcommands.Add(TimelineCommand.Timeline());
            root.Subcommands.Add(TimelineCommand.ClockSkew());
            return root;
        }

        /// <summary>Entry point: exit 0 when all input was read, 1 when some input produced errors, 2 for usage errors.</summary>
        public static int Main(string[] args)
        {
            RootCommand root = BuildRoot();
            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine("virtdiag: " + error.Message);
                Console.Error.WriteLine("Run 'virtdiag --help' for usage.");
                return 2;
            }
            return parse.Invoke();
        }
    }
}
