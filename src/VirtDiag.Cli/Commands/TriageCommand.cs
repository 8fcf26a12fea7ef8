using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Triage;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag triage PATHS… [--html FILE]</c>: the twin of Invoke-VirtDiagTriage.</summary>
    internal static class TriageCommand
    {
        public static Command Create()
        {
            var paths = CommonOptions.Paths();
            var html = new Option<string?>("--html") { Description = "Also write the report as one self-contained HTML file (cmdlets: -OutFile)." };
            var gap = new Option<string?>("--gap") { Description = "A silence of every log of a host longer than this is a gap: hh:mm:ss or seconds (default 01:00:00; cmdlets: -GapThreshold)." };
            var slow = new Option<string?>("--slow-vmotion") { Description = "A vMotion longer than this is a finding: hh:mm:ss or seconds (default 00:05:00; cmdlets: -SlowMigrationThreshold)." };
            var year = new Option<int?>("--year") { Description = "Year for syslog lines without one (default: this year; cmdlets: -Year)." };
            var command = new Command("triage", "Read every log in the paths and answer 'what happened?': hosts, time covered, gaps, restarts, versions, and the findings most severe first.");
            command.Arguments.Add(paths);
            command.Options.Add(html);
            command.Options.Add(gap);
            command.Options.Add(slow);
            command.Options.Add(year);
            CommonOptions.AddTo(command);
            command.SetAction(parse => CliSession.Run(parse, s =>
            {
                string[] inputs = parse.GetValue(paths) ?? Array.Empty<string>();
                if (inputs.Length == 0)
                {
                    Console.Error.WriteLine("virtdiag: triage needs at least one path (a file, folder or bundle)");
                    return 2;
                }
                OutputFormat format = parse.GetValue(CommonOptions.Format);
                if (format == OutputFormat.Csv)
                {
                    Console.Error.WriteLine("virtdiag: triage writes --format table or json (one report, not rows)");
                    return 2;
                }
                var options = new TriageOptions
                {
                    HostName = parse.GetValue(CommonOptions.Host),
                    Year = parse.GetValue(year),
                };
                string? gapText = parse.GetValue(gap), slowText = parse.GetValue(slow);
                if (gapText != null) options.GapThreshold = CommonOptions.ParseTimeOffset(gapText);
                if (slowText != null) options.SlowMigrationThreshold = CommonOptions.ParseTimeOffset(slowText);
                using var progress = new StderrProgress(!Console.IsErrorRedirected);
                var context = new ReadContext(new DelegateIssueSink(i => { progress.Clear(); s.Print(i); }), progress.OnRead, s.Context.CancellationToken);
                var documents = s.Documents(inputs, options.HostName);
                TriageReport report = TriageReader.Run(documents, inputs, options, context, progress.OnStep);
                progress.Clear();
                if (format == OutputFormat.Json) s.Write(report);
                else Console.Out.WriteLine(report.Summary);
                string? htmlPath = parse.GetValue(html);
                if (htmlPath == null) return null;
                try
                {
                    TriageHtml.Write(report, htmlPath);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Console.Error.WriteLine("virtdiag: cannot write " + htmlPath + ": " + e.Message);
                    return 1;
                }
                if (format != OutputFormat.Json) Console.Out.WriteLine(Environment.NewLine + "HTML report: " + htmlPath);
                return null;
            }));
            return command;
        }

        /// <summary>One progress line on standard error, redrawn in place, only when standard error is a terminal.</summary>
        private sealed class StderrProgress : IDisposable
        {
            private readonly bool _enabled;
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private TimeSpan _last = TimeSpan.Zero;
            private string _step = "";
            private int _width;

            public StderrProgress(bool enabled) { _enabled = enabled; }

            public void OnStep(string name, int number, int count)
            {
                _step = string.Format(CultureInfo.InvariantCulture, "[{0}/{1} {2}]", number, count, name);
                Draw(_step);
            }

            public void OnRead(ReadProgress p)
            {
                TimeSpan now = _clock.Elapsed;
                if (now - _last < TimeSpan.FromMilliseconds(250)) return;
                _last = now;
                string pct = p.PercentComplete >= 0 ? " " + p.PercentComplete.ToString(CultureInfo.InvariantCulture) + "%" : "";
                Draw(string.Format(CultureInfo.InvariantCulture, "{0} {1} ({2}/{3}){4}", _step, p.Source, p.FileNumber, p.FileCount, pct));
            }

            private void Draw(string text)
            {
                if (!_enabled) return;
                int max = Math.Max(20, SafeWidth() - 1);
                if (text.Length > max) text = "…" + text.Substring(text.Length - max + 1);
                Console.Error.Write("\r" + text.PadRight(_width) + "\r" + text);
                _width = text.Length;
            }

            public void Clear()
            {
                if (!_enabled || _width == 0) return;
                Console.Error.Write("\r" + new string(' ', _width) + "\r");
                _width = 0;
            }

            private static int SafeWidth()
            {
                try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; }
                catch (IOException) { return 100; }
            }

            public void Dispose() => Clear();
        }
    }
}
