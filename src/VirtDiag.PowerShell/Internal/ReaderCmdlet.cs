using System;
using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>
    /// <c>-Path</c> (wildcards; strings by value where no text input set exists) and <c>-LiteralPath</c>
    /// (<c>Get-ChildItem</c> output through <c>PSPath</c>), in the shape of Get-FileHash: the path input of every cmdlet
    /// that reads files. The cmdlets that read all input as one whole (timeline, clock skew, triage) take it from here.
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

        /// <summary>Resolves -Path/-LiteralPath of this pipeline object to file system paths (errors for missing paths are written).</summary>
        protected IReadOnlyList<string> ResolvePaths()
        {
            bool literal = ParameterSetName == LiteralPathParameterSet;
            return PathResolver.Resolve(this, literal ? LiteralPath : Path, literal);
        }
    }

    /// <summary>
    /// The one base of every reading cmdlet: the path input of <see cref="PathCmdlet"/> and <c>-HostName</c>, bound into the Core
    /// options; one Core read session per pipeline, opened in BeginProcessing, fed in ProcessRecord and completed in
    /// EndProcessing, so every input of one call joins as one. Each cmdlet declares its own filters in its own file,
    /// each bound to its option in one line.
    /// </summary>
    public abstract class ReaderCmdlet<TOptions, T> : PathCmdlet where TOptions : ReadOptions, new()
    {
        private ReadSession<T>? _session;
        private ReadContext? _context;

        /// <summary>Host name for piped text or a bare file, or to override the host guessed from bundle names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostName { get => Options.HostName; set => Options.HostName = value; }

        /// <summary>The Core options the parameters are bound into.</summary>
        protected TOptions Options { get; } = new TOptions();

        /// <summary>The session of this pipeline (open between BeginProcessing and EndProcessing).</summary>
        protected ReadSession<T> Session => _session ?? throw new InvalidOperationException("The read session opens in BeginProcessing.");

        /// <summary>Opens the Core session over the bound options; records go to <paramref name="sink"/>.</summary>
        protected abstract ReadSession<T> Open(TOptions options, ReadContext context, Action<T> sink);

        /// <summary>Sets options that take more than a one-line binding; an <see cref="ArgumentException"/> stops the cmdlet with InvalidArgument.</summary>
        protected virtual void BindOptions() { }

        /// <summary>The error id of a terminating error from <see cref="BindOptions"/>.</summary>
        protected virtual string InvalidOptionErrorId => "InvalidOption";

        /// <summary>Takes the objects of the InputObject parameter set (piped text, piped records).</summary>
        protected virtual void ProcessInputObject() { }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                BindOptions();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, InvalidOptionErrorId, ErrorCategory.InvalidArgument, null));
            }
            _context = CreateContext();
            _session = Open(Options, _context, record => WriteObject(record));
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                ProcessInputObject();
                return;
            }
            Session.Add(DocumentResolver.Resolve(ResolvePaths(), _context!, HostName));
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            _session?.Complete();
            base.EndProcessing();
        }
    }

    /// <summary>
    /// A reader that also takes log lines from the pipeline (<c>Get-Content</c> lines, a PowerCLI Log object's
    /// <c>Entries</c>), fed to the same session as files. Its default parameter set is the text one, so piped strings
    /// are lines while <c>-Path</c> (or a first positional argument) names files.
    /// </summary>
    public abstract class TextReaderCmdlet<TOptions, T> : ReaderCmdlet<TOptions, T> where TOptions : ReadOptions, new()
    {
        /// <summary>Log lines from the pipeline; binds a PowerCLI Log object's Entries by property name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Entries", "Line")]
        [AllowEmptyString]
        [AllowNull]
        public string[] InputObject { get; set; } = Array.Empty<string>();

        private int _stringsChecked;

        /// <inheritdoc/>
        protected override void ProcessInputObject()
        {
            foreach (string? text in InputObject ?? Array.Empty<string>())
            {
                // the first few strings that name an existing file get a warning: a path piped as text is never taken for a log line unsaid
                if (_stringsChecked < 32)
                {
                    _stringsChecked++;
                    if (NamesExistingFile(text))
                    {
                        WriteWarning("'" + text + "' names an existing file, but piped strings are read as log lines. To read the file, " +
                            "give it to -Path or -LiteralPath, or pipe Get-Item or Get-ChildItem output.");
                    }
                }
                Session.Feed(text);
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
    }
}
