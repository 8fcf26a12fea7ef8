using System;
using System.CommandLine;
using System.Linq;
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
        {
            var paths = CommonOptions.Paths();
            var ids = MigrationIdOption();
            var cmd = new Command("events", "One record per vMotion line (Get-VMotionEvent).");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(ids);
            cmd.Options.Add(CommonOptions.TimeOffset);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                VMotionOptions options = Options(parse, ids);
                s.WriteAll(VMotionReader.ReadEvents(s.Documents(parse.GetValue(paths), options.HostName), options, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command Migrations()
        {
            var paths = CommonOptions.Paths();
            var ids = MigrationIdOption();
            var result = new Option<VMotionResult[]>("--result")
            {
                Description = "Only migrations with these results: Succeeded, Failed, Incomplete (cmdlets: -Result).",
                AllowMultipleArgumentsPerToken = true,
            };
            var cmd = new Command("migrations", "One record per migration, joined across every host and log given (Get-VMotionMigration).");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(ids);
            cmd.Options.Add(result);
            cmd.Options.Add(CommonOptions.TimeOffset);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                VMotionOptions options = Options(parse, ids);
                VMotionResult[]? results = parse.GetValue(result);
                if (results != null && results.Length > 0) options.Result = results;
                s.WriteAll(VMotionReader.ReadMigrations(s.Documents(parse.GetValue(paths), options.HostName), options, s.Context));
                return null;
            }));
            return cmd;
        }

        private static VMotionOptions Options(ParseResult parse, Option<string[]> ids)
        {
            string[]? idValues = parse.GetValue(ids);
            return new VMotionOptions
            {
                After = parse.GetValue(CommonOptions.After),
                Before = parse.GetValue(CommonOptions.Before),
                HostName = parse.GetValue(CommonOptions.Host),
                TimeOffset = CommonOptions.ParseTimeOffset(parse.GetValue(CommonOptions.TimeOffset)),
                MigrationId = idValues != null && idValues.Length > 0 ? idValues.Where(i => !string.IsNullOrWhiteSpace(i)).ToArray() : null,
            };
        }
    }
}
