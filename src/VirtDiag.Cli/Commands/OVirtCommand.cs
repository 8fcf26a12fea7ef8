using System;
using System.CommandLine;
using VirtDiag.Common;
using VirtDiag.OVirt;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag ovirt entries|commands</c>: the twins of Get-OVirtEngineLogEntry and Get-OVirtEngineCommand.</summary>
    internal static class OVirtCommand
    {
        public static Command Create()
        {
            var ovirt = new Command("ovirt", "oVirt engine.log: records, engine and VDS commands (Get-OVirtEngineLogEntry, Get-OVirtEngineCommand).");
            ovirt.Subcommands.Add(Entries());
            ovirt.Subcommands.Add(Commands());
            return ovirt;
        }

        private static Command Entries()
        {
            var paths = CommonOptions.Paths();
            var level = new Option<OVirtLogLevel[]>("--level") { Description = "Only records of these levels (cmdlet: -Level).", AllowMultipleArgumentsPerToken = true };
            var logger = new Option<string[]>("--logger") { Description = "Only records of these loggers, full or class name; wildcards allowed (cmdlet: -Logger).", AllowMultipleArgumentsPerToken = true };
            var thread = new Option<string[]>("--thread") { Description = "Only records of these threads; wildcards allowed (cmdlet: -Thread).", AllowMultipleArgumentsPerToken = true };
            var corr = new Option<string[]>("--correlation-id") { Description = "Only records of these correlation ids; wildcards allowed (cmdlet: -CorrelationId).", AllowMultipleArgumentsPerToken = true };
            var match = new Option<string?>("--match") { Description = "Only records whose message matches this regular expression (cmdlet: -Match)." };
            var cmd = new Command("entries", "Records of engine.log with their own UTC offset, correlation id and Java exception (Get-OVirtEngineLogEntry).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { level, logger, thread, corr, match, CommonOptions.TimeOffset }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var o = new OVirtEngineEntryOptions();
                Common(parse, o);
                foreach (OVirtLogLevel l in parse.GetValue(level) ?? Array.Empty<OVirtLogLevel>()) o.Levels.Add(l);
                foreach (string t in parse.GetValue(logger) ?? Array.Empty<string>()) o.Loggers.Add(t);
                foreach (string t in parse.GetValue(thread) ?? Array.Empty<string>()) o.Threads.Add(t);
                foreach (string t in parse.GetValue(corr) ?? Array.Empty<string>()) o.CorrelationIds.Add(t);
                o.Match = parse.GetValue(match);
                s.WriteAll(OVirtReader.ReadEntries(s.Documents(parse.GetValue(paths), o.HostName), o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Command Commands()
        {
            var paths = CommonOptions.Paths();
            var command = new Option<string[]>("--command") { Description = "Only commands with these class names; wildcards allowed (cmdlet: -Command).", AllowMultipleArgumentsPerToken = true };
            var kind = new Option<OVirtCommandKind[]>("--kind") { Description = "Only commands of these kinds: EngineCommand, VdsCommand, LoggedCall (cmdlet: -Kind).", AllowMultipleArgumentsPerToken = true };
            var result = new Option<OVirtCommandResult[]>("--result") { Description = "Only commands with these results: Succeeded, Failed, Incomplete, Unknown (cmdlet: -Result).", AllowMultipleArgumentsPerToken = true };
            var corr = new Option<string[]>("--correlation-id") { Description = "Only commands of these correlation ids; wildcards allowed (cmdlet: -CorrelationId).", AllowMultipleArgumentsPerToken = true };
            var target = new Option<string[]>("--target-host") { Description = "Only VDS commands sent to these hosts; wildcards allowed (cmdlet: -TargetHost).", AllowMultipleArgumentsPerToken = true };
            var minimum = new Option<double?>("--minimum-duration") { Description = "Only commands that took at least this many seconds (cmdlet: -MinimumDuration)." };
            var cmd = new Command("commands", "Engine commands (Running command … Ending command) and VDS commands (START … FINISH, log id) joined (Get-OVirtEngineCommand).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { command, kind, result, corr, target, minimum, CommonOptions.TimeOffset }) cmd.Options.Add(o);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var o = new OVirtEngineCommandOptions();
                Common(parse, o);
                foreach (string t in parse.GetValue(command) ?? Array.Empty<string>()) o.Commands.Add(t);
                foreach (OVirtCommandKind k in parse.GetValue(kind) ?? Array.Empty<OVirtCommandKind>()) o.Kinds.Add(k);
                foreach (OVirtCommandResult r in parse.GetValue(result) ?? Array.Empty<OVirtCommandResult>()) o.Results.Add(r);
                foreach (string t in parse.GetValue(corr) ?? Array.Empty<string>()) o.CorrelationIds.Add(t);
                foreach (string t in parse.GetValue(target) ?? Array.Empty<string>()) o.TargetHosts.Add(t);
                double? min = parse.GetValue(minimum);
                if (min.HasValue) o.MinimumDuration = TimeSpan.FromSeconds(min.Value);
                s.WriteAll(OVirtReader.ReadCommands(s.Documents(parse.GetValue(paths), o.HostName), o, s.Context));
                return null;
            }));
            return cmd;
        }

        private static void Common(ParseResult parse, CommonReadOptions o)
        {
            o.After = parse.GetValue(CommonOptions.After);
            o.Before = parse.GetValue(CommonOptions.Before);
            o.HostName = parse.GetValue(CommonOptions.Host);
            o.TimeOffset = CommonOptions.ParseTimeOffset(parse.GetValue(CommonOptions.TimeOffset));
        }
    }
}
