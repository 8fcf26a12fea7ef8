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

        /// <summary>A Core read context wired to this cmdlet's errors, progress, cancellation and (verbose) per-document coverage.</summary>
        protected ReadContext CreateContext()
            => new ReadContext(new DelegateIssueSink(WriteIssue), OnProgress, _cancel.Token) { Coverage = c => WriteVerbose("Coverage: " + c) };

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
}
