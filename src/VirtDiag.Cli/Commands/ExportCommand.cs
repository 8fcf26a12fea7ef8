using System;
using System.CommandLine;
using System.Linq;
using VirtDiag.Export;
using VirtDiag.Diagnostics;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag export PATHS… --to DIR | --clickhouse URL</c>: every record type, per host, to Parquet and/or ClickHouse.</summary>
    internal static class ExportCommand
    {
        public static Command Create()
        {
            var paths = CommonOptions.Paths();
            var to = new Option<string?>("--to") { Description = "Folder of the Parquet datasets: DIR/<table>/host=<host>/part-<load id>.parquet." };
            var clickHouse = new Option<string?>("--clickhouse") { Description = "ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123 (tables are created if missing)." };
            var database = new Option<string>("--database") { Description = "ClickHouse database.", DefaultValueFactory = _ => "virtdiag" };
            var parallel = new Option<int>("--parallel") { Description = "Document groups (hosts, bundles) read at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
            var includeTrace = new Option<bool>("--include-trace") { Description = "Also export trace events and KVM exit summaries of trace.dat files." };
            var cmd = new Command("export", "Every record (vMotion events and migrations, VDSM entries/tasks/commands, PSODs, guest failures) "
                + "per host to Parquet (--to) and/or ClickHouse (--clickhouse); prints one line per table and host written.");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(to);
            cmd.Options.Add(clickHouse);
            cmd.Options.Add(database);
            cmd.Options.Add(parallel);
            cmd.Options.Add(includeTrace);
            CommonOptions.AddTo(cmd);
            cmd.SetAction(parse => CliSession.Run(parse, s =>
            {
                string? dir = parse.GetValue(to);
                string? url = parse.GetValue(clickHouse);
                if (dir == null && url == null) throw new ArgumentException("export needs --to DIR, --clickhouse URL, or both");
                Uri? endpoint = null;
                if (url != null && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || (endpoint.Scheme != "http" && endpoint.Scheme != "https")))
                    throw new ArgumentException("--clickhouse: '" + url + "' is not an http(s) URL");
                var options = new ExportOptions
                {
                    OutputDirectory = dir,
                    ClickHouse = endpoint,
                    Database = parse.GetValue(database) ?? "virtdiag",
                    Parallel = Math.Max(1, parse.GetValue(parallel)),
                    IncludeTrace = parse.GetValue(includeTrace),
                    HostName = parse.GetValue(CommonOptions.Host),
                };
                var documents = s.Documents(parse.GetValue(paths), options.HostName);
                var runner = new ExportRunner(options, new DelegateIssueSink(s.Print), s.Context.CancellationToken);
                s.WriteAll(runner.Run(documents));
                return null;
            }));
            return cmd;
        }
    }
}
