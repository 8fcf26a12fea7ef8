using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// What every VirtDiag cmdlet shares: cancellation (Ctrl+C and <c>Select-Object -First</c>), issues turned into
    /// error records through <see cref="ErrorMap"/>, and Copy-Item-style progress (quiet for 2 s, then about once a second).
    /// </summary>
    public abstract class VirtDiagCmdlet : PSCmdlet, IDisposable
    {
        /// <summary>Parameter set of <c>-Path</c>.</summary>
        protected const string PathParameterSet = "Path";
        /// <summary>Parameter set of <c>-LiteralPath</c>.</summary>
        protected const string LiteralPathParameterSet = "LiteralPath";
        /// <summary>Parameter set of strings or records from the pipeline.</summary>
        protected const string InputObjectParameterSet = "InputObject";

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        // Starts at zero (the read's start), never MinValue: now - MinValue overflows TimeSpan.
        private TimeSpan _lastProgress = TimeSpan.Zero;
        private bool _progressShown;
        private bool _disposed;

        /// <summary>Cancelled when the pipeline stops.</summary>
        protected CancellationToken CancellationToken => _cancel.Token;

        /// <summary>Activity name shown in progress.</summary>
        protected virtual string ProgressActivity => MyInvocation?.MyCommand?.Name ?? "VirtDiag";

        /// <summary>A Core read context wired to this cmdlet's error, progress and cancellation.</summary>
        protected ReadContext CreateContext() => new ReadContext(new DelegateIssueSink(WriteIssue), OnProgress, _cancel.Token);

        /// <summary>Writes an issue as an error record, warning or verbose message according to <see cref="ErrorMap"/>.</summary>
        protected void WriteIssue(Issue issue)
        {
            switch (IssueSeverities.Of(issue.Kind))
            {
                case IssueSeverity.Error: WriteError(ErrorMap.ToErrorRecord(issue)); break;
                case IssueSeverity.Warning: WriteWarning(issue.ToString()); break;
                default: WriteVerbose(issue.ToString()); break;
            }
        }

        /// <summary>Writes each record to the pipeline as soon as it exists.</summary>
        protected void WriteRecords<T>(IEnumerable<T> records)
        {
            foreach (T record in records) WriteObject(record);
        }

        private void OnProgress(ReadProgress p)
        {
            TimeSpan now = _clock.Elapsed;
            if (now < TimeSpan.FromSeconds(2) || now - _lastProgress < TimeSpan.FromSeconds(1)) return;
            _lastProgress = now;
            _progressShown = true;
            double mbps = p.BytesRead / 1e6 / Math.Max(0.001, now.TotalSeconds);
            var record = new ProgressRecord(1, ProgressActivity,
                string.Format(CultureInfo.InvariantCulture, "{0} ({1}/{2}): {3:F1} MB/s", p.Source, p.FileNumber, p.FileCount, mbps))
            {
                PercentComplete = p.PercentComplete,
            };
            WriteProgress(record);
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_progressShown) WriteProgress(new ProgressRecord(1, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <inheritdoc/>
        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Releases readers; PowerShell calls this when the pipeline ends, also after <c>Select-Object -First</c>.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            DisposeCore();
            _cancel.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what a derived cmdlet holds.</summary>
        protected virtual void DisposeCore() { }
    }

    /// <summary>
    /// A cmdlet that reads files named by <c>-Path</c> (wildcards, strings by value from the pipeline) or
    /// <c>-LiteralPath</c> (<c>Get-ChildItem</c> output through <c>PSPath</c>), in the shape of Get-FileHash.
    /// </summary>
    public abstract class PathCmdlet : VirtDiagCmdlet
    {
        /// <summary>Files, folders or bundles to read; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files, folders or bundles to read, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Resolves -Path/-LiteralPath to file system paths (errors for missing paths are written).</summary>
        protected IReadOnlyList<string> ResolvePaths()
        {
            bool literal = ParameterSetName == LiteralPathParameterSet;
            return PathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
        }
    }

    /// <summary>
    /// A cmdlet that reads logs from <c>-Path</c> / <c>-LiteralPath</c> (files, folders, bundles) or from strings in
    /// the pipeline (<c>Get-Content</c> lines, a PowerCLI Log object's <c>Entries</c>).
    /// </summary>
    public abstract class LogInputCmdlet : VirtDiagCmdlet
    {
        /// <summary>Files, folders or bundles to read; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files, folders or bundles to read, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Log lines from the pipeline; binds a PowerCLI Log object's Entries by property name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Entries", "Line")]
        [AllowEmptyString]
        [AllowNull]
        public string[] InputObject { get; set; } = Array.Empty<string>();

        /// <summary>Host name for piped text, or to override the host guessed from bundle names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        /// <summary>True when this call reads piped strings rather than paths.</summary>
        protected bool IsTextInput => ParameterSetName == InputObjectParameterSet;

        private int _stringsChecked;

        /// <summary>
        /// This record's piped strings, read as log lines; the first few that name an existing file get a warning, so a
        /// path piped as text (<c>'./vmkernel.log' | Get-VMotionEvent</c>) is never taken for a log line unsaid.
        /// </summary>
        protected IEnumerable<string> PipedLines()
        {
            foreach (string line in InputObject ?? Array.Empty<string>())
            {
                if (_stringsChecked < 32)
                {
                    _stringsChecked++;
                    if (NamesExistingFile(line))
                    {
                        WriteWarning("'" + line + "' names an existing file, but piped strings are read as log lines. To read the file, " +
                            "give it to -Path or -LiteralPath, or pipe Get-Item or Get-ChildItem output.");
                    }
                }
                yield return line;
            }
        }

        private bool NamesExistingFile(string? text)
        {
            if (string.IsNullOrWhiteSpace(text) || text!.Length > 1024 || text.IndexOf('\n') >= 0) return false;
            try
            {
                string p = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text, out ProviderInfo provider, out _);
                return provider.Name == "FileSystem" && (System.IO.File.Exists(p) || System.IO.Directory.Exists(p));
            }
            catch (Exception e) when (e is RuntimeException || e is ArgumentException || e is NotSupportedException || e is System.IO.IOException)
            {
                // A log line is not a path (a timestamp's "2024-05-01T10:" reads as a drive that does not exist).
                return false;
            }
        }

        /// <summary>Resolves -Path/-LiteralPath and lists the documents they hold (errors for missing paths are written).</summary>
        protected IReadOnlyList<LogDocument> ResolveDocuments(ReadContext context)
        {
            bool literal = ParameterSetName == LiteralPathParameterSet;
            IReadOnlyList<string> paths = PathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
            return DocumentResolver.Resolve(paths, context, HostName);
        }
    }
}
