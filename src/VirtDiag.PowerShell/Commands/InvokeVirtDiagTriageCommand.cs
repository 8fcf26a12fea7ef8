using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;
using VirtDiag.Triage;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Reads every log in files, folders and bundles and answers "what happened?" in one report, optionally as one HTML file.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VirtDiagTriage", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TriageReport))]
    public sealed class InvokeVirtDiagTriageCommand : PathCmdlet
    {
        private readonly List<string> _paths = new List<string>();
        private readonly TriageOptions _options = new TriageOptions();
        private string _step = "";

        /// <summary>Host name for documents whose host cannot be told from their path; overrides hosts guessed from bundle names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get => _options.HostName; set => _options.HostName = value; }

        /// <summary>Also write the report as one self-contained HTML file here.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>A silence of every log of a host longer than this is a gap (default one hour).</summary>
        [Parameter]
        public TimeSpan GapThreshold { get => _options.GapThreshold; set => _options.GapThreshold = value; }

        /// <summary>A succeeded vMotion that took longer than this is a finding (default five minutes).</summary>
        [Parameter]
        public TimeSpan SlowMigrationThreshold { get => _options.SlowMigrationThreshold; set => _options.SlowMigrationThreshold = value; }

        /// <summary>Year for syslog lines without one (default: this year).</summary>
        [Parameter]
        [ValidateRange(1970, 9999)]
        public int Year { get => _options.Year ?? DateTime.UtcNow.Year; set => _options.Year = value; }

        /// <inheritdoc/>
        protected override string ProgressActivity => "Invoke-VirtDiagTriage" + (_step.Length > 0 ? ": " + _step : "");

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            if (GapThreshold <= TimeSpan.Zero || SlowMigrationThreshold <= TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-GapThreshold and -SlowMigrationThreshold must be positive"),
                    "ThresholdNotPositive", ErrorCategory.InvalidArgument, null));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string p in ResolvePaths())
            {
                if (!_paths.Contains(p)) _paths.Add(p);
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            ReadContext context = CreateContext();
            IReadOnlyList<LogDocument> documents = DocumentResolver.Resolve(_paths, context, HostName);
            TriageReport report = TriageReader.Run(documents, _paths, _options, context, (name, number, count) => _step = name + " (" + number + "/" + count + ")");
            if (OutFile != null)
            {
                string target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(target, "Write the triage report as HTML"))
                {
                    try
                    {
                        TriageHtml.Write(report, target);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        WriteError(new ErrorRecord(e, "OutFileNotWritten", e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, target));
                    }
                }
            }
            WriteObject(report);
            base.EndProcessing();
        }
    }
}
