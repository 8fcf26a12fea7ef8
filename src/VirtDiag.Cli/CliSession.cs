using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Timeline;

namespace VirtDiag.Cli
{
    /// <summary>Options every command shares, defined once.</summary>
    internal static class CommonOptions
    {
        public static readonly Option<OutputFormat> Format = new("--format", "-f")
        {
            Description = "Output format: table (the PowerShell default view's columns), json (JSON Lines) or csv.",
            DefaultValueFactory = _ => OutputFormat.Table,
        };

        public static readonly Option<string?> Host = new("--host")
        {
            Description = "Host name for stdin or a bare file; overrides hosts guessed from bundle names (cmdlets: -HostName).",
        };

        public static readonly Option<bool> Verbose = new("--verbose", "-v")
        {
            Description = "Also print bookkeeping messages (skipped entries, events not joined).",
        };

        public static readonly Option<bool> Coverage = new("--coverage")
        {
            Description = "Print what was read of each document to standard error: lines, bytes, records, lines that looked like records but matched no known shape, time range (cmdlets: -Verbose).",
        };

        public static readonly Option<DateTimeOffset?> After = new("--after")
        {
            Description = "Only records at or after this time (ISO 8601; cmdlets: -After).",
        };

        public static readonly Option<DateTimeOffset?> Before = new("--before")
        {
            Description = "Only records before this time (ISO 8601; cmdlets: -Before).",
        };

        public static readonly Option<string?> TimeOffset = new("--time-offset")
        {
            Description = "Source clock minus host clock, as [-]hh:mm:ss[.fff] or seconds (cmdlets: -TimeOffset).",
        };

        public static Argument<string[]> Paths()
        {
            var paths = new Argument<string[]>("paths")
            {
                Description = "Files, folders, bundles (.tgz, .tar.xz, …) or globs; '-' or nothing reads standard input.",
                Arity = ArgumentArity.ZeroOrMore,
            };
            paths.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (token.Value.StartsWith("--", StringComparison.Ordinal) && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                        result.AddError("Unrecognized option '" + token.Value + "'.");
                }
            });
            return paths;
        }

        /// <summary>Adds the options every reading command takes.</summary>
        public static void AddTo(Command command)
        {
            command.Options.Add(Format);
            command.Options.Add(Host);
            command.Options.Add(Verbose);
            command.Options.Add(Coverage);
        }

        public static TimeSpan ParseTimeOffset(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return TimeSpan.Zero;
            string t = text.Trim();
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) return TimeSpan.FromSeconds(seconds);
            bool negative = t.StartsWith("-", StringComparison.Ordinal);
            if (negative) t = t.Substring(1);
            if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out TimeSpan ts)) return negative ? -ts : ts;
            throw new FormatException("--time-offset: '" + text + "' is neither seconds nor [-]hh:mm:ss");
        }

        /// <summary>Reads <c>HOST=SECONDS</c> of <c>--clock-offset</c>.</summary>
        public static HostClockOffset ParseClockOffset(string text)
        {
            int eq = text.LastIndexOf('=');
            if (eq <= 0 || !double.TryParse(text.Substring(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || double.IsNaN(seconds) || double.IsInfinity(seconds))
                throw new FormatException("--clock-offset: '" + text + "' is not HOST=SECONDS");
            return new HostClockOffset(text.Substring(0, eq), seconds);
        }
    }

    /// <summary>One command run: inputs, issues to stderr, records to stdout, exit code.</summary>
    internal sealed class CliSession : IDisposable
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly TextWriter _stderr;
        private readonly bool _verbose;
        private readonly RecordWriter _writer;
        private int _errors;

        public CliSession(ParseResult parse, Stream? stdout = null, TextWriter? stderr = null)
        {
            _stderr = stderr ?? Console.Error;
            _verbose = parse.GetValue(CommonOptions.Verbose);
            Output = stdout ?? StandardOutput.Open();
            _writer = new RecordWriter(Output, parse.GetValue(CommonOptions.Format));
            Context = new ReadContext(new DelegateIssueSink(Print), null, _cancel.Token);
            if (parse.GetValue(CommonOptions.Coverage) || _verbose) Context.Coverage = c => _stderr.WriteLine("virtdiag: coverage: " + c);
            Console.CancelKeyPress += OnCancel;
        }

        public ReadContext Context { get; }

        /// <summary>Where records go (standard output unless a test gives a stream).</summary>
        public Stream Output { get; }

        public int ErrorCount => _errors;

        /// <summary>0 when all input was read, 1 when some input produced errors.</summary>
        public int ExitCode => _errors > 0 ? 1 : 0;

        public void Print(Issue issue)
        {
            IssueSeverity severity = IssueSeverities.Of(issue.Kind);
            if (severity == IssueSeverity.Error) _errors++;
            if (severity == IssueSeverity.Verbose && !_verbose) return;
            _stderr.WriteLine("virtdiag: " + issue);
        }

        public void Write(object record) => _writer.Write(record);

        public void WriteAll<T>(IEnumerable<T> records) where T : notnull
        {
            if (_writer.TryWriteAllInParallel(records)) return;
            foreach (T r in records) _writer.Write(r);
        }

        /// <summary>Paths, folders and globs as documents; no path or '-' is standard input.</summary>
        public IReadOnlyList<LogDocument> Documents(string[]? paths, string? host)
        {
            var expanded = new List<string>();
            bool stdin = paths == null || paths.Length == 0;
            foreach (string p in paths ?? Array.Empty<string>())
            {
                if (p == "-") { stdin = true; continue; }
                if (p.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    var matches = Glob(p);
                    if (matches.Count == 0) Print(new Issue(p, IssueKind.FileNotFound, "no file matches this pattern"));
                    expanded.AddRange(matches);
                }
                else
                {
                    expanded.Add(p);
                }
            }
            var docs = new List<LogDocument>(DocumentResolver.Resolve(expanded, Context, host));
            if (stdin) docs.Add(LogDocument.FromStream("-", Console.OpenStandardInput, host, LogKind.Text));
            return docs;
        }

        internal static List<string> Glob(string pattern)
        {
            string full = pattern.Replace('\\', '/');
            int firstWild = full.IndexOfAny(new[] { '*', '?' });
            int baseEnd = full.LastIndexOf('/', firstWild);
            string baseDir = baseEnd < 0 ? "." : (baseEnd == 0 ? "/" : full.Substring(0, baseEnd));
            if (!Directory.Exists(baseDir)) return new List<string>();
            string rx = "^" + Regex.Escape(baseEnd < 0 ? "./" + full : full).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$";
            var regex = new Regex(rx, RegexOptions.CultureInvariant);
            bool deep = full.IndexOf('/', firstWild) >= 0;
            return Directory.EnumerateFileSystemEntries(baseDir, "*", deep ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => regex.IsMatch(f.Replace('\\', '/')))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            _cancel.Cancel();
        }

        private void OutputClosed() => _writer.Abandon();

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _writer.Dispose();
            _cancel.Dispose();
        }

        /// <summary>Runs a command body with the contract's exit codes: 0 ok, 1 input errors, 2 usage errors.</summary>
        public static int Run(ParseResult parse, Func<CliSession, int?> body)
        {
            using var session = new CliSession(parse);
            try
            {
                int? code = body(session);
                return code ?? session.ExitCode;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("virtdiag: cancelled");
                return 130;
            }
            catch (IOException e) when (StandardOutput.IsClosedReader(e))
            {
                // the reader of our output has gone (`| head`): stop reading, quietly, as grep and trace-cmd do
                session.OutputClosed();
                return session.ExitCode;
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException)
            {
                Console.Error.WriteLine("virtdiag: " + e.Message);
                return 2;
            }
        }
    }
}
