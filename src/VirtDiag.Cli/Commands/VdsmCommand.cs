using System;
using System.CommandLine;
using VirtDiag.Vdsm;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag vdsm entries|tasks|commands</c>: the twins of Get-VdsmLogEntry, Get-VdsmTask and Get-VdsmExternalCommand.</summary>
    internal static class VdsmCommand
    {
        public static Command Create()
        {
            var vdsm = new Command("vdsm", "oVirt VDSM logs: records, verb calls and tasks, external commands (Get-VdsmLogEntry, Get-VdsmTask, Get-VdsmExternalCommand).");
            vdsm.Subcommands.Add(Entries());
            vdsm.Subcommands.Add(Tasks());
            vdsm.Subcommands.Add(Commands());
            return vdsm;
        }

        private static Option<string?> TimeZoneOption() => new("--tz")
        {
            Description = "Zone of timestamps that carry no offset: UTC (the default, stated in each record's TimestampKind), +0100, or a zone id (cmdlets: -TimeZone).",
        };

        private static void TimeZone(VdsmReadOptions o, string? tz)
        {
            if (!string.IsNullOrEmpty(tz)) o.TimeZone = VdsmReadOptions.ParseTimeZone(tz!);
        }

        private static Command Entries()
            => new ReadCommand<VdsmEntryOptions, VdsmLogEntry>("entries", "Records of vdsm.log / supervdsm.log, both layouts, with tracebacks parsed (Get-VdsmLogEntry).",
                    (o, c) => VdsmReader.OpenEntries(o, c))
                .Bind(new Option<VdsmLogLevel[]>("--level") { Description = "Only records of these levels (cmdlet: -Level).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Level = v)
                .Bind(new Option<string[]>("--thread") { Description = "Only records of these threads; wildcards allowed (cmdlet: -Thread).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Thread = v)
                .Bind(new Option<string[]>("--task-id") { Description = "Only records of these storage task UUIDs (cmdlet: -TaskId).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.TaskId = v)
                .Bind(new Option<string[]>("--logger") { Description = "Only records of these loggers; wildcards allowed (cmdlet: -Logger).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Logger = v)
                .Bind(new Option<string?>("--match") { Description = "Only records whose message matches this regular expression (cmdlet: -Match)." }, (o, v) => o.Match = v)
                .Bind(TimeZoneOption(), TimeZone)
                .Offset()
                .Window()
                .Build();

        private static Command Tasks()
            => new ReadCommand<VdsmTaskOptions, VdsmTask>("tasks", "Verb calls and storage tasks joined from Run and protect, START/FINISH, RPC call and task state lines (Get-VdsmTask).",
                    (o, c) => VdsmReader.OpenTasks(o, c))
                .Bind(new Option<string[]>("--verb") { Description = "Only calls of these verbs; wildcards allowed (cmdlet: -Verb).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Verb = v)
                .Bind(new Option<VdsmTaskResult[]>("--result") { Description = "Only calls with these results: Succeeded, Failed, Aborted, Unknown (cmdlet: -Result).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Result = v)
                .Bind(new Option<double?>("--minimum-duration") { Description = "Only calls that took at least this many seconds (cmdlet: -MinimumDuration)." },
                    (o, v) => o.MinimumDuration = v.HasValue ? TimeSpan.FromSeconds(v.Value) : null)
                .Bind(TimeZoneOption(), TimeZone)
                .Offset()
                .Window()
                .Build();

        private static Command Commands()
            => new ReadCommand<VdsmCommandOptions, VdsmExternalCommand>("commands", "External commands vdsm ran, with exit code and stderr (Get-VdsmExternalCommand).",
                    (o, c) => VdsmReader.OpenCommands(o, c))
                .Bind(new Option<bool>("--failed") { Description = "Only commands that failed (cmdlet: -Failed)." }, (o, v) => o.Failed = v)
                .Bind(TimeZoneOption(), TimeZone)
                .Offset()
                .Window()
                .Build();
    }
}
