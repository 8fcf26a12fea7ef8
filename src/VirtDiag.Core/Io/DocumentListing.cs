using System;
using System.Collections.Generic;
using VirtDiag.Common;

namespace VirtDiag.Io
{
    /// <summary>What Get-LogDocument and <c>virtdiag docs list</c> list.</summary>
    public sealed class DocumentListOptions : ReadOptions
    {
        /// <summary>Only documents of these kinds (null or empty: all).</summary>
        public LogKind[]? Kind { get; set; }
    }

    /// <summary>The Core entry point behind Get-LogDocument: the documents found in files, folders and bundles.</summary>
    public static class DocumentListing
    {
        /// <summary>Opens a listing: each document given is passed on when its kind is wanted.</summary>
        public static ReadSession<LogDocument> Open(DocumentListOptions options, ReadContext context, Action<LogDocument>? sink = null)
            => new Session(options ?? throw new ArgumentNullException(nameof(options)), context, sink);

        private sealed class Session : ReadSession<LogDocument>
        {
            private readonly DocumentListOptions _options;

            public Session(DocumentListOptions options, ReadContext context, Action<LogDocument>? sink) : base(context, sink) { _options = options; }

            protected override IEnumerable<LogDocument> Read(IReadOnlyList<LogDocument> documents)
            {
                foreach (LogDocument d in documents)
                    if (Filter.Allows(_options.Kind, d.Kind)) yield return d;
            }

            protected override IEnumerable<LogDocument> End() => Array.Empty<LogDocument>();
        }
    }
}
