using System;
using System.CommandLine;
using VirtDiag.OVirt;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag ovirt entries|commands</c>: the twins of Get-OVirtEngineLogEntry and Get-OVirtEngineCommand.</summary>
    internal static class OVirtCommand
    {
        public static Command Create()
        {
            var ovirt = new Command("ovirt", "oVirt engine.log: records, engine and VDS commands, flows across engine and hosts (Get-OVirtEngineLogEntry, Get-OVirtEngineCommand, Get-OVirtFlow).");
            ovirt.Subcommands.Add(Entries());
            ovirt.Subcommands.Add(Commands());
            ovirt.Subcommands.Add(Flows());
            return ovirt;
        }

        private static Command Entries()
            => new ReadCommand<OVirtEngineEntryOptions, OVirtEngineLogEntry>("entries", "Records of engine.log with their own UTC offset, correlation id and Java exception (Get-OVirtEngineLogEntry).",
                    (o, c) => OVirtReader.OpenEntries(o, c))
                .Bind(new Option<OVirtLogLevel[]>("--level") { Description = "Only records of these levels (cmdlet: -Level).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Level = v)
                .Bind(new Option<string[]>("--logger") { Description = "Only records of these loggers, full or class name; wildcards allowed (cmdlet: -Logger).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Logger = v)
                .Bind(new Option<string[]>("--thread") { Description = "Only records of these threads; wildcards allowed (cmdlet: -Thread).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Thread = v)
                .Bind(new Option<string[]>("--correlation-id") { Description = "Only records of these correlation ids; wildcards allowed (cmdlet: -CorrelationId).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.CorrelationId = v)
                .Bind(new Option<string?>("--match") { Description = "Only records whose message matches this regular expression (cmdlet: -Match)." }, (o, v) => o.Match = v)
                .Offset()
                .Window()
                .Build();

        private static Command Commands()
            => new ReadCommand<OVirtEngineCommandOptions, OVirtEngineCommand>("commands", "Engine commands (Running command … Ending command) and VDS commands (START … FINISH, log id) joined (Get-OVirtEngineCommand).",
                    (o, c) => OVirtReader.OpenCommands(o, c))
                .Bind(new Option<string[]>("--command") { Description = "Only commands with these class names; wildcards allowed (cmdlet: -Command).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Command = v)
                .Bind(new Option<OVirtCommandKind[]>("--kind") { Description = "Only commands of these kinds: EngineCommand, VdsCommand, LoggedCall (cmdlet: -Kind).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Kind = v)
                .Bind(new Option<OVirtCommandResult[]>("--result") { Description = "Only commands with these results: Succeeded, Failed, Incomplete, Unknown (cmdlet: -Result).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Result = v)
                .Bind(new Option<string[]>("--correlation-id") { Description = "Only commands of these correlation ids; wildcards allowed (cmdlet: -CorrelationId).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.CorrelationId = v)
                .Bind(new Option<string[]>("--target-host") { Description = "Only VDS commands sent to these hosts; wildcards allowed (cmdlet: -TargetHost).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.TargetHost = v)
                .Bind(new Option<double?>("--minimum-duration") { Description = "Only commands that took at least this many seconds (cmdlet: -MinimumDuration)." },
                    (o, v) => o.MinimumDuration = v.HasValue ? TimeSpan.FromSeconds(v.Value) : null)
                .Offset()
                .Window()
                .Build();

        private static Command Flows()
            => new ReadCommand<OVirtFlowOptions, OVirtFlow>("flows", "One record per correlation id: engine commands, the VDS commands sent to hosts and the vdsm calls that answered (Get-OVirtFlow).",
                    (o, c) => OVirtReader.OpenFlows(o, c))
                .Bind(new Option<string[]>("--correlation-id") { Description = "Only flows of these correlation ids; wildcards allowed (cmdlet: -CorrelationId).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.CorrelationId = v)
                .Bind(new Option<OVirtCommandResult[]>("--result") { Description = "Only flows with these results: Succeeded, Failed, Incomplete, Unknown (cmdlet: -Result).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Result = v)
                .Bind(new Option<string[]>("--command") { Description = "Only flows whose root command matches; wildcards allowed (cmdlet: -Command).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.Command = v)
                .Bind(new Option<string[]>("--target-host") { Description = "Only flows that sent a VDS command to these hosts; wildcards allowed (cmdlet: -TargetHost).", AllowMultipleArgumentsPerToken = true }, (o, v) => o.TargetHost = v)
                .Bind(new Option<double?>("--tolerance") { Description = "Seconds a vdsm call may lie outside its VDS command and still be joined by verb; default 2 (cmdlet: -Tolerance)." },
                    (o, v) => { if (v.HasValue) o.Tolerance = TimeSpan.FromSeconds(v.Value); })
                .Window()
                .Build();
    }
}
