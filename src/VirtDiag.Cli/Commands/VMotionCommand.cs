using System.CommandLine;
using VirtDiag.VMotion;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag vmotion events|migrations</c>: the twins of Get-VMotionEvent and Get-VMotionMigration.</summary>
    internal static class VMotionCommand
    {
        public static Command Create()
        {
            var vmotion = new Command("vmotion", "vMotion from ESXi host logs: vmkernel.log, vmware.log, hostd.log (Get-VMotionEvent, Get-VMotionMigration).");
            vmotion.Subcommands.Add(Events());
            vmotion.Subcommands.Add(Migrations());
            return vmotion;
        }

        private static Option<string[]> MigrationIdOption() => new("--migration-id")
        {
            Description = "Only these migration ids, e.g. 1451061663105920 (cmdlets: -MigrationId).",
            AllowMultipleArgumentsPerToken = true,
        };

        private static Command Events()
            => new ReadCommand<VMotionOptions, VMotionEvent>("events", "One record per vMotion line (Get-VMotionEvent).",
                    (o, c) => VMotionReader.OpenEvents(o, c))
                .Bind(MigrationIdOption(), (o, v) => o.MigrationId = v)
                .Offset()
                .Window()
                .Build();

        private static Command Migrations()
            => new ReadCommand<VMotionOptions, VMotionMigration>("migrations", "One record per migration, joined across every host and log given (Get-VMotionMigration).",
                    (o, c) => VMotionReader.OpenMigrations(o, c))
                .Bind(MigrationIdOption(), (o, v) => o.MigrationId = v)
                .Bind(new Option<VMotionResult[]>("--result")
                {
                    Description = "Only migrations with these results: Succeeded, Failed, Incomplete (cmdlets: -Result).",
                    AllowMultipleArgumentsPerToken = true,
                }, (o, v) => o.Result = v)
                .Offset()
                .Window()
                .Build();
    }
}
