using System;
using System.CommandLine;
using VirtDiag.Vdsm;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag vdsm entries|tasks|commands</c>: the twins of Get-VdsmLogEntry, Get-VdsmTask and Get-VdsmExternalCommand.</summary>
    internal static class VdsmCommand
    {
        private static readonly Option<string?> s_tz = new("--tz")
        {
            Description = "Zone of timestamps that carry no offset: UTC (the default, stated in each record's TimestampKind), +0100, or a zone id (cmdlets: -TimeZone).",
        };

        public static Command Create()
        {
            var vdsm = new Command("vdsm", "oVirt VDSM logs: records, verb calls and tasks, external commands (Get-VdsmLogEntry, Get-VdsmTask, Get-VdsmExternalCommand).");
            vdsm.Subcommands.Add(Entries());
            vdsm.Subcommands.Add(Tasks());
            vdsm.Subcommands.Add(Commands());
            return vdsm;
        }

        private static Command Entries()
        {
            var paths = CommonOptions.Paths();
            var level = new Option<VdsmLogLevel[]>("--level") { Description = "Only records of these levels (cmdlet: -Level).", AllowMultipleArgumentsPerToken = true };
            var thread = new Option<string[]>("--thread") { Description = "Only records of these threads; wildcards allowed (cmdlet: -Thread).", AllowMultipleArgumentsPerToken = true };
            var taskId = new Option<string[]>("--task-id") { Description = "Only records of these storage task UUIDs (cmdlet: -TaskId).", AllowMultipleArgumentsPerToken = true };
            var logger = new Option<string[]>("--logger") { Description = "Only records of these loggers; wildcards allowed (cmdlet: -Logger).", AllowMultipleArgumentsPerToken = true };
            var match = new Option<string?>("--match") { Description = "Only records whose message matches this regular expression (cmdlet: -Match)." };
            var cmd = new Command("entries", "Records of vdsm.log / supervdsm.log, both layouts, with tracebacks parsed (Get-VdsmLogEntry).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { level, thread, taskId, logger, match, s_tz }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var o = new VdsmEntryOptions();
                Common(parse, o);
                foreach (VdsmLogLevel l in parse.GetValue(level) ?? Array.Empty<VdsmLogLevel>()) o.Levels.Add(l);
                foreach (string t in parse.GetValue(thread) ?? Array.Empty<string>()) o.Threads.Add(t);
                foreach (string t in parse.GetValue(taskId) ?? Array.Empty<string>()) o.TaskIds.Add(t);
                foreach (string t in parse.GetValue(logger) ?? Array.Empty<string>()) o.Loggers.Add(t);
                o.Match = parse.GetValue(match);
                s.WriteAll(VdsmReader.ReadEntries(s.Documents(parse.GetValue(paths), o.HostName), o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command Tasks()
        {
            var paths = CommonOptions.Paths();
            var verb = new Option<string[]>("--verb") { Description = "Only calls of these verbs; wildcards allowed (cmdlet: -Verb).", AllowMultipleArgumentsPerToken = true };
            var result = new Option<VdsmTaskResult[]>("--result") { Description = "Only calls with these results: Succeeded, Failed, Aborted, Unknown (cmdlet: -Result).", AllowMultipleArgumentsPerToken = true };
            var minimum = new Option<double?>("--minimum-duration") { Description = "Only calls that took at least this many seconds (cmdlet: -MinimumDuration)." };
            var cmd = new Command("tasks", "Verb calls and storage tasks joined from Run and protect, START/FINISH, RPC call and task state lines (Get-VdsmTask).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { verb, result, minimum, s_tz }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var o = new VdsmTaskOptions();
                Common(parse, o);
                foreach (string v in parse.GetValue(verb) ?? Array.Empty<string>()) o.Verbs.Add(v);
                foreach (VdsmTaskResult r in parse.GetValue(result) ?? Array.Empty<VdsmTaskResult>()) o.Results.Add(r);
                double? min = parse.GetValue(minimum);
                if (min.HasValue) o.MinimumDuration = TimeSpan.FromSeconds(min.Value);
                s.WriteAll(VdsmReader.ReadTasks(s.Documents(parse.GetValue(paths), o.HostName), o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command Commands()
        {
            var paths = CommonOptions.Paths();
            var failed = new Option<bool>("--failed") { Description = "Only commands that failed (cmdlet: -Failed)." };
            var cmd = new Command("commands", "External commands vdsm ran, with exit code and stderr (Get-VdsmExternalCommand).");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(failed);
            cmd.Options.Add(s_tz);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var o = new VdsmCommandOptions { Failed = parse.GetValue(failed) };
                Common(parse, o);
                s.WriteAll(VdsmReader.ReadCommands(s.Documents(parse.GetValue(paths), o.HostName), o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static void Common(ParseResult parse, VdsmReadOptions o)
        {
            o.After = parse.GetValue(CommonOptions.After);
            o.Before = parse.GetValue(CommonOptions.Before);
            o.HostName = parse.GetValue(CommonOptions.Host);
            string? tz = parse.GetValue(s_tz);
            if (!string.IsNullOrEmpty(tz)) o.TimeZone = VdsmReadOptions.ParseTimeZone(tz!);
        }
    }
}
