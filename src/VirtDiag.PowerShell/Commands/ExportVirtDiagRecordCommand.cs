using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>
    /// Every record of every capability, per record type and host, to Parquet datasets and/or a ClickHouse server: the
    /// twin of <c>virtdiag export</c>. The export engine (Parquet.Net needs .NET 8) ships in the module's export/ folder
    /// and is loaded on PowerShell 7.4 or later; Windows PowerShell 5.1 gets a clear error pointing to the CLI.
    /// </summary>
    [Cmdlet(VerbsData.Export, "VirtDiagRecord", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
    [OutputType("VirtDiag.Export.ExportedPartition")]
    public sealed class ExportVirtDiagRecordCommand : PathCmdlet
    {
        private static readonly object s_loadLock = new object();
        private static Assembly? s_engine;
        private readonly List<string> _paths = new List<string>();
        private Assembly? _engine;

        /// <summary>Folder of the Parquet datasets: Destination/&lt;table&gt;/host=&lt;host&gt;/part-….parquet (created if missing).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123 (tables are created or given missing columns).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? ClickHouseUri { get; set; }

        /// <summary>ClickHouse database (default virtdiag).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Database { get; set; } = "virtdiag";

        /// <summary>Document groups (hosts, bundles) read at once (default: the number of processors).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>Also export trace events and KVM exit summaries of trace.dat files.</summary>
        [Parameter]
        public SwitchParameter IncludeTrace { get; set; }

        /// <summary>Host name for files whose host cannot be told from their path; overrides a guessed one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            if (Destination == null && ClickHouseUri == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Export-VirtDiagRecord needs -Destination, -ClickHouseUri, or both."),
                    "NoExportTarget", ErrorCategory.InvalidArgument, null));
            }
            if (ClickHouseUri != null && (!ClickHouseUri.IsAbsoluteUri || (ClickHouseUri.Scheme != "http" && ClickHouseUri.Scheme != "https")))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-ClickHouseUri: '" + ClickHouseUri + "' is not an absolute http(s) URL."),
                    "InvalidClickHouseUri", ErrorCategory.InvalidArgument, ClickHouseUri));
            }
            string? problem = LoadEngine(out _engine);
            if (problem != null)
                ThrowTerminatingError(new ErrorRecord(new PlatformNotSupportedException(problem), "ExportEngineUnavailable", ErrorCategory.NotInstalled, null));
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string p in ResolvePaths())
                if (!_paths.Contains(p)) _paths.Add(p);
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            // Groups of documents (a host's rotated logs, one bundle) and joins across hosts need every input at once.
            IReadOnlyList<LogDocument> documents = DocumentResolver.Resolve(_paths, CreateContext(), HostName);
            string? folder = Destination == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
            string target = folder != null && ClickHouseUri != null ? folder + " and " + ClickHouseUri : folder ?? ClickHouseUri!.ToString();
            if (documents.Count > 0 && ShouldProcess(target, "Export the records of " + documents.Count + " document(s)"))
            {
                foreach (object partition in Run(_engine!, documents, folder)) WriteObject(partition);
            }
            base.EndProcessing();
        }

        // The engine reports issues from its worker threads; they are written here, on the pipeline thread, as they come.
        private IEnumerable Run(Assembly engine, IReadOnlyList<LogDocument> documents, string? folder)
        {
            Type optionsType = engine.GetType("VirtDiag.Export.ExportOptions", true)!;
            Type runnerType = engine.GetType("VirtDiag.Export.ExportRunner", true)!;
            object options = Activator.CreateInstance(optionsType)!;
            void Set(string name, object? value) => optionsType.GetProperty(name)!.SetValue(options, value);
            Set("OutputDirectory", folder);
            Set("ClickHouse", ClickHouseUri);
            Set("Database", Database);
            Set("Parallel", ThrottleLimit);
            Set("IncludeTrace", IncludeTrace.IsPresent);
            Set("HostName", HostName);
            using var issues = new BlockingCollection<Issue>();
            object runner = Activator.CreateInstance(runnerType, options, new DelegateIssueSink(issues.Add), CancellationToken)!;
            MethodInfo run = runnerType.GetMethod("Run", new[] { typeof(IReadOnlyList<LogDocument>) })!;
            Task<IEnumerable> work = Task.Run(() => (IEnumerable)run.Invoke(runner, new object[] { documents })!);
            while (!work.IsCompleted)
            {
                if (issues.TryTake(out Issue? issue, 200)) WriteIssue(issue);
            }
            while (issues.TryTake(out Issue? issue)) WriteIssue(issue);
            try
            {
                return work.GetAwaiter().GetResult();
            }
            catch (TargetInvocationException e) when (e.InnerException is OperationCanceledException)
            {
                return Array.Empty<object>();
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e.InnerException, "ExportWriteFailed", ErrorCategory.WriteError, folder));
                return Array.Empty<object>();
            }
        }

        // Null when the engine is loaded; else why it cannot be (the runtime is older than .NET 8, or the file is missing).
        private static string? LoadEngine(out Assembly? engine)
        {
            lock (s_loadLock)
            {
                engine = s_engine;
                if (engine != null) return null;
                if (Environment.Version.Major < 8)
                {
                    return "Export-VirtDiagRecord needs PowerShell 7.4 or later (.NET 8 or later; this session runs .NET " + Environment.Version +
                        "). On Windows PowerShell 5.1 use the CLI: virtdiag export PATHS --to DIR [--clickhouse URL].";
                }
                string dir = System.IO.Path.GetDirectoryName(typeof(ExportVirtDiagRecordCommand).Assembly.Location) ?? ".";
                string path = System.IO.Path.Combine(System.IO.Path.Combine(dir, "export"), "VirtDiag.Export.dll");
                if (!File.Exists(path)) return "The export engine is missing from the module folder: " + path + " (publish the module with dotnet publish src/VirtDiag.PowerShell).";
                s_engine = engine = Assembly.LoadFrom(path);
                return null;
            }
        }
    }
}
