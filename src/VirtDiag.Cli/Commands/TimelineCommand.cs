using System;
using System.CommandLine;
using System.Linq;
using VirtDiag.Timeline;
using VirtDiag.Vdsm;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag timeline</c> and <c>virtdiag clock-skew</c>: the twins of Get-VirtDiagTimeline and Measure-ClockSkew.</summary>
    internal static class TimelineCommand
    {
        public static Command Timeline()
        {
            var paths = CommonOptions.Paths();
            var host = new Option<string[]>("--host") { Description = "Only entries of these hosts (wildcards; cmdlet: -HostName).", AllowMultipleArgumentsPerToken = true };
            var source = new Option<RecordSource[]>("--source") { Description = "Only entries of these sources: VMotion, Vdsm, OVirtEngine, Psod, Guest, Trace (cmdlet: -Source).", AllowMultipleArgumentsPerToken = true };
            var severity = new Option<RecordSeverity?>("--severity") { Description = "Only entries at least this severe: Debug, Info (default), Warning, Error, Critical (cmdlet: -Severity)." };
            var includeTrace = new Option<bool>("--include-trace") { Description = "Read trace files too (cmdlet: -IncludeTrace)." };
            var estimate = new Option<bool>("--estimate-clock-skew") { Description = "Estimate each host's clock offset from the input and place entries on the reference clock (cmdlet: -EstimateClockSkew)." };
            var offsets = new Option<string[]>("--clock-offset") { Description = "HOST=SECONDS, the host's clock minus the reference's; repeatable; wins over estimates (cmdlet: -ClockOffset)." };
            var reference = ReferenceOption();
            var tz = TimeZoneOption();
            var cmd = new Command("timeline", "Every record of every source and host in one stream ordered on one clock (Get-VirtDiagTimeline).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { host, source, severity, includeTrace, estimate, offsets, reference, tz, CommonOptions.After, CommonOptions.Before, CommonOptions.Format, CommonOptions.Verbose })
                cmd.Options.Add(o);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var options = new TimelineOptions
                {
                    After = parse.GetValue(CommonOptions.After),
                    Before = parse.GetValue(CommonOptions.Before),
                    HostName = parse.GetValue(host),
                    Source = parse.GetValue(source),
                    MinimumSeverity = parse.GetValue(severity) ?? RecordSeverity.Info,
                    IncludeTrace = parse.GetValue(includeTrace),
                    EstimateClockSkew = parse.GetValue(estimate),
                    ClockOffset = parse.GetValue(offsets)?.Select(CommonOptions.ParseClockOffset).ToArray(),
                    ReferenceHostName = parse.GetValue(reference),
                    TimeZone = TimeZone(parse.GetValue(tz)),
                };
                s.WriteAll(TimelineReader.Read(s.Documents(parse.GetValue(paths), null), options, s.Context));
                return null;
            }));
            return cmd;
        }

        public static Command ClockSkew()
        {
            var paths = CommonOptions.Paths();
            var reference = ReferenceOption();
            var tz = TimeZoneOption();
            var cmd = new Command("clock-skew", "Each host's clock offset against a reference host, estimated from causal pairs of records (Measure-ClockSkew).");
            cmd.Arguments.Add(paths);
            foreach (Option o in new Option[] { reference, tz, CommonOptions.Format, CommonOptions.Verbose })
                cmd.Options.Add(o);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                var options = new ClockSkewOptions { ReferenceHostName = parse.GetValue(reference), TimeZone = TimeZone(parse.GetValue(tz)) };
                s.WriteAll(TimelineReader.MeasureClockSkew(s.Documents(parse.GetValue(paths), null), options, s.Context));
                return null;
            }));
            return cmd;
        }

        private static Option<string?> ReferenceOption() => new("--reference-host")
        {
            Description = "The host whose clock is the reference (default: the oVirt engine, else the host with the most anchors; cmdlet: -ReferenceHostName).",
        };

        private static Option<string?> TimeZoneOption() => new("--tz")
        {
            Description = "Zone of vdsm/engine times written without an offset: +02:00, UTC, or a zone id (default UTC; cmdlet: -TimeZone).",
        };

        private static TimeZoneInfo? TimeZone(string? text) => string.IsNullOrWhiteSpace(text) ? null : VdsmReadOptions.ParseTimeZone(text!);
    }
}
