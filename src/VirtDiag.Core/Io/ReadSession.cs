using System;
using System.Collections.Generic;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>
    /// One read of one capability, the single way in for both faces: documents (<see cref="Add(IReadOnlyList{LogDocument})"/>)
    /// and piped text (<see cref="Feed"/>) go in, records go to the sink as soon as they exist, and <see cref="Complete"/>
    /// ends the input so joins let go of what they still hold. All input of one session joins as one, so files given one
    /// by one (a pipeline) read exactly as if they had been named together. <see cref="ReadAll"/> is the pull form of the
    /// same session, for callers that want an <see cref="IEnumerable{T}"/> (the CLI, tests, scripts).
    /// </summary>
    public abstract class ReadSession<T> : ReadSession
    {
        private readonly Action<T>? _sink;
        private bool _completed;

        /// <summary>Creates a session; <paramref name="sink"/> receives the records of the push methods (null for <see cref="ReadAll"/>).</summary>
        protected ReadSession(ReadContext context, Action<T>? sink)
        {
            Context = context ?? throw new ArgumentNullException(nameof(context));
            _sink = sink;
        }

        /// <summary>Where issues, progress and cancellation come from.</summary>
        public ReadContext Context { get; }

        /// <summary>Reads one document (or takes it for a join that reads at the end).</summary>
        public void Add(LogDocument document)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            Add(new[] { document });
        }

        /// <summary>Reads documents given together (or takes them for a join that reads at the end).</summary>
        public override void Add(IReadOnlyList<LogDocument> documents)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            ThrowIfComplete();
            Emit(Read(documents));
        }

        /// <summary>Reads piped text: one string may hold several lines; line numbers run on across strings.</summary>
        public void Feed(string? text)
        {
            ThrowIfComplete();
            Emit(ReadText(text));
        }

        /// <summary>Ends the input: records still open or held by a join go to the sink; a second call does nothing.</summary>
        public override void Complete()
        {
            if (_completed) return;
            _completed = true;
            Emit(End());
        }

        /// <summary>The pull form: reads <paramref name="documents"/> and ends the input, lazily, as the caller enumerates.</summary>
        public IEnumerable<T> ReadAll(IReadOnlyList<LogDocument> documents)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (_sink != null) throw new InvalidOperationException("This session writes to a sink; use Add and Complete.");
            return ReadAllCore(documents);
        }

        /// <summary>The pull form for text: parses every string of <paramref name="texts"/> and ends the input.</summary>
        public IEnumerable<T> ReadAllText(IEnumerable<string?> texts)
        {
            if (texts == null) throw new ArgumentNullException(nameof(texts));
            if (_sink != null) throw new InvalidOperationException("This session writes to a sink; use Feed and Complete.");
            return ReadAllTextCore(texts);
        }

        /// <summary>Records of <paramref name="documents"/> that are final now (lazy); a join may hold the rest until <see cref="End"/>.</summary>
        protected abstract IEnumerable<T> Read(IReadOnlyList<LogDocument> documents);

        /// <summary>Records of one piped string that are final now; sessions that take no text say so.</summary>
        protected virtual IEnumerable<T> ReadText(string? text)
            => throw new NotSupportedException(GetType().Name + " reads documents only, not piped text.");

        /// <summary>Everything still held when the input ends.</summary>
        protected abstract IEnumerable<T> End();

        /// <summary>Sends records to the sink as they come.</summary>
        protected void Emit(IEnumerable<T> records)
        {
            if (_sink == null) throw new InvalidOperationException("This session has no sink; use ReadAll.");
            foreach (T record in records) _sink(record);
        }

        /// <summary>Sends one record to the sink.</summary>
        private protected void EmitOne(T record)
        {
            if (_sink == null) throw new InvalidOperationException("This session has no sink; use ReadAll.");
            _sink(record);
        }

        /// <summary>True when records go to a sink (the push form).</summary>
        private protected bool HasSink => _sink != null;

        /// <summary>Refuses input after <see cref="Complete"/>.</summary>
        protected void ThrowIfComplete()
        {
            if (_completed) throw new InvalidOperationException("The session is complete.");
        }

        private IEnumerable<T> ReadAllCore(IReadOnlyList<LogDocument> documents)
        {
            foreach (T r in Read(documents)) yield return r;
            _completed = true;
            foreach (T r in End()) yield return r;
        }

        private IEnumerable<T> ReadAllTextCore(IEnumerable<string?> texts)
        {
            foreach (string? text in texts)
                foreach (T r in ReadText(text)) yield return r;
            _completed = true;
            foreach (T r in End()) yield return r;
        }
    }

    /// <summary>A fold of parsed records into results (migrations, tasks, commands): results it lets go go to the output list.</summary>
    public interface IRecordJoin<in TRecord, TResult>
    {
        /// <summary>Takes one record; results it finishes are added to <paramref name="output"/>.</summary>
        void Add(TRecord record, List<TResult> output);

        /// <summary>End of input: adds every result still held (incomplete ones marked so).</summary>
        void Complete(List<TResult> output);
    }

    /// <summary>The join of a session that yields its parsed records as they are.</summary>
    public sealed class PassThroughJoin<T> : IRecordJoin<T, T>
    {
        /// <inheritdoc/>
        public void Add(T record, List<T> output) => output.Add(record);

        /// <inheritdoc/>
        public void Complete(List<T> output) { }
    }

    /// <summary>
    /// A join per host: records of another host start a fresh join, because one host's threads, tasks and commands are
    /// not another's; the previous host's join is completed first.
    /// </summary>
    public sealed class PerHostJoin<TRecord, TResult> : IRecordJoin<TRecord, TResult>
    {
        private readonly Func<IRecordJoin<TRecord, TResult>> _create;
        private readonly Func<TRecord, string?> _host;
        private IRecordJoin<TRecord, TResult> _join;
        private string? _current;
        private bool _first = true;

        /// <summary>Creates the join; <paramref name="host"/> names the host of a record.</summary>
        public PerHostJoin(Func<IRecordJoin<TRecord, TResult>> create, Func<TRecord, string?> host)
        {
            _create = create ?? throw new ArgumentNullException(nameof(create));
            _host = host ?? throw new ArgumentNullException(nameof(host));
            _join = create();
        }

        /// <inheritdoc/>
        public void Add(TRecord record, List<TResult> output)
        {
            string? host = _host(record);
            if (!_first && !string.Equals(_current, host, StringComparison.Ordinal))
            {
                _join.Complete(output);
                _join = _create();
            }
            _first = false;
            _current = host;
            _join.Add(record, output);
        }

        /// <inheritdoc/>
        public void Complete(List<TResult> output) => _join.Complete(output);
    }

    /// <summary>What a line session has read, for the "nothing relevant found" message each capability words itself.</summary>
    public sealed class LineTally
    {
        /// <summary>Documents given (named or found in folders), whether or not their kind was read, plus piped text.</summary>
        public int DocumentsGiven { get; internal set; }
        /// <summary>Documents whose lines were parsed (piped text counts as one).</summary>
        public int DocumentsParsed { get; internal set; }
        /// <summary>The first document given.</summary>
        public LogDocument? First { get; internal set; }
        /// <summary>Records the parsers made (before the join).</summary>
        public long Records { get; internal set; }
        /// <summary>Piped lines fed.</summary>
        public long TextLines { get; internal set; }

        /// <summary>The input named in one phrase: the one document's path, or the first file's and how many more.</summary>
        public string Describe()
        {
            if (First == null) return "<input>";
            return DocumentsGiven <= 1 ? First.Path : First.FilePath + " (+" + (DocumentsGiven - 1) + " more)";
        }
    }

    /// <summary>How a <see cref="LineSession{TRecord, T}"/> reads: which documents, in what order, when, and how it joins.</summary>
    public sealed class LineSessionSpec<TRecord, T>
    {
        /// <summary>Creates a spec from the parser factory and the join.</summary>
        public LineSessionSpec(Func<LogDocument, ILineParser<TRecord>> parser, IRecordJoin<TRecord, T> join)
        {
            Parser = parser ?? throw new ArgumentNullException(nameof(parser));
            Join = join ?? throw new ArgumentNullException(nameof(join));
        }

        /// <summary>Makes the parser of one document (its state lives as long as the document).</summary>
        public Func<LogDocument, ILineParser<TRecord>> Parser { get; }
        /// <summary>
        /// Makes the parser of one document reporting to the given context instead of the session's; when set, several
        /// documents are parsed ahead on a second thread (<see cref="ReadContext.ParseAhead"/>) and their issues replayed in order.
        /// </summary>
        public Func<LogDocument, ReadContext, ILineParser<TRecord>>? ParserIn { get; set; }
        /// <summary>Folds parsed records into results.</summary>
        public IRecordJoin<TRecord, T> Join { get; }
        /// <summary>Kinds read from folders and bundles (named files are always read); null reads all.</summary>
        public Func<LogDocument, bool>? Accepts { get; set; }
        /// <summary>Puts documents given together in reading order (rotated files oldest first); null keeps their order.</summary>
        public Func<IReadOnlyList<LogDocument>, IReadOnlyList<LogDocument>>? Order { get; set; }
        /// <summary>True to hold every document until the input ends and read them then, in <see cref="Order"/> over all of them.</summary>
        public bool ReadAtEnd { get; set; }
        /// <summary>The document piped text is read as.</summary>
        public LogDocument? TextDocument { get; set; }
        /// <summary>The time of a record on the host clock, for the coverage's time range (null: none kept).</summary>
        public Func<TRecord, DateTimeOffset?>? TimeOf { get; set; }
        /// <summary>The NoRelevantData message when the input held nothing this capability reads (null: none).</summary>
        public Func<LineTally, string?>? NothingFound { get; set; }
    }

    /// <summary>
    /// The session of every line format: documents and piped text through one parser per document, records through a
    /// join that lives as long as the session, so all input of one call joins as one.
    /// </summary>
    public sealed class LineSession<TRecord, T> : ReadSession<T>
    {
        private readonly LineSessionSpec<TRecord, T> _spec;
        private readonly LineTally _tally = new LineTally();
        private readonly List<LogDocument> _held = new List<LogDocument>();
        private readonly List<TRecord> _records = new List<TRecord>();
        private readonly List<T> _results = new List<T>();
        private TextInput? _text;

        /// <summary>Creates a session reading as <paramref name="spec"/> says.</summary>
        public LineSession(LineSessionSpec<TRecord, T> spec, ReadContext context, Action<T>? sink) : base(context, sink)
        {
            _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        }

        /// <summary>What has been read so far.</summary>
        public LineTally Tally => _tally;

        internal override ILineTarget? LineTarget => new Target(this);

        /// <inheritdoc/>
        protected override IEnumerable<T> Read(IReadOnlyList<LogDocument> documents)
        {
            if (documents.Count == 0) return Array.Empty<T>();
            if (_tally.First == null) _tally.First = documents[0];
            _tally.DocumentsGiven += documents.Count;
            if (_spec.ReadAtEnd)
            {
                _held.AddRange(documents);
                return Array.Empty<T>();
            }
            return ReadDocuments(_spec.Order != null ? _spec.Order(documents) : documents);
        }

        /// <inheritdoc/>
        protected override IEnumerable<T> ReadText(string? text)
        {
            if (_text == null)
            {
                LogDocument doc = _spec.TextDocument ?? LogDocument.ForText(null);
                _text = new TextInput(_spec.Parser(doc), new CoverageCounter(doc.Path));
                if (_tally.First == null) _tally.First = doc;
                _tally.DocumentsGiven++;
                _tally.DocumentsParsed++;
            }
            _text.Feed(text, _records);
            _tally.TextLines = _text.LineCount;
            return Drain();
        }

        /// <inheritdoc/>
        protected override IEnumerable<T> End()
        {
            if (_held.Count > 0)
            {
                IReadOnlyList<LogDocument> all = _spec.Order != null ? _spec.Order(_held) : _held;
                foreach (T r in ReadDocuments(all)) yield return r;
                _held.Clear();
            }
            if (_text != null)
            {
                _text.Parser.Complete(_records);
                foreach (T r in Drain()) yield return r;
                Context.Coverage?.Invoke(_text.Coverage.ToCoverage());
            }
            _spec.Join.Complete(_results);
            foreach (T r in TakeResults()) yield return r;
            string? nothing = _spec.NothingFound?.Invoke(_tally);
            if (nothing != null && _tally.DocumentsGiven > 0)
                Context.Report(_tally.Describe(), IssueKind.NoRelevantData, nothing);
        }

        private IEnumerable<T> ReadDocuments(IReadOnlyList<LogDocument> documents)
        {
            // The join needs the records in order, the parsers do not need each other: documents are parsed ahead on a
            // second core while this thread joins and writes, and the records come back in the serial order.
            Func<LogDocument, ReadContext, ILineParser<TRecord>>? parserIn = _spec.ParserIn;
            IEnumerable<TRecord> records = parserIn != null && Context.ParseAhead && CountRead(documents) > 1
                ? ParseAhead.Run(Context, ctx => DocumentReader.ReadLines(documents, _spec.Accepts, d => { _tally.DocumentsParsed++; return parserIn(d, ctx); }, ctx, _spec.TimeOf))
                : DocumentReader.ReadLines(documents, _spec.Accepts, Parser, Context, _spec.TimeOf);
            foreach (TRecord record in records)
            {
                _tally.Records++;
                _spec.Join.Add(record, _results);
                for (int i = 0; i < _results.Count; i++) yield return _results[i];
                _results.Clear();
            }
        }

        private int CountRead(IReadOnlyList<LogDocument> documents)
        {
            int n = 0;
            foreach (LogDocument d in documents) if (d.IsExplicit || _spec.Accepts == null || _spec.Accepts(d)) n++;
            return n;
        }

        private ILineParser<TRecord> Parser(LogDocument document)
        {
            _tally.DocumentsParsed++;
            return _spec.Parser(document);
        }

        private IEnumerable<T> Drain()
        {
            _tally.Records += _records.Count;
            _text!.Coverage.Records += _records.Count;
            if (_spec.TimeOf != null) foreach (TRecord record in _records) _text.Coverage.AddTime(_spec.TimeOf(record));
            foreach (TRecord record in _records) _spec.Join.Add(record, _results);
            _records.Clear();
            return TakeResults();
        }

        private IEnumerable<T> TakeResults()
        {
            for (int i = 0; i < _results.Count; i++) yield return _results[i];
            _results.Clear();
        }

        /// <summary>This session fed by <see cref="ReadSession.AddTogether"/>: the same tally, order, parsers, join and coverage as <see cref="Read"/>.</summary>
        private sealed class Target : ILineTarget
        {
            private readonly LineSession<TRecord, T> _session;

            public Target(LineSession<TRecord, T> session) => _session = session;

            public ReadContext Context => _session.Context;

            public IReadOnlyList<LogDocument> Plan(IReadOnlyList<LogDocument> documents)
            {
                LineSession<TRecord, T> s = _session;
                s.ThrowIfComplete();
                if (!s.HasSink) throw new InvalidOperationException("Documents read together go to sinks; open the session with one.");
                if (documents.Count == 0) return Array.Empty<LogDocument>();
                if (s._tally.First == null) s._tally.First = documents[0];
                s._tally.DocumentsGiven += documents.Count;
                IReadOnlyList<LogDocument> ordered = s._spec.Order != null ? s._spec.Order(documents) : documents;
                var plan = new List<LogDocument>(ordered.Count);
                foreach (LogDocument d in ordered)
                {
                    // Several readers share this pass: a file named by the user whose name tells its kind (vmkernel.log)
                    // goes to the readers of that kind only; one whose name tells nothing still goes to every reader.
                    bool named = d.IsExplicit && (d.Kind == LogKind.Text || d.Kind == LogKind.Unknown);
                    if (named || s._spec.Accepts == null || s._spec.Accepts(d)) plan.Add(d);
                }
                return plan;
            }

            public ILineDocument Begin(LogDocument document) => new Document(_session, document);
        }

        private sealed class Document : ILineDocument
        {
            private readonly LineSession<TRecord, T> _session;
            private readonly ILineParser<TRecord> _parser;
            private readonly CoverageCounter _coverage;
            private readonly List<TRecord> _output = new List<TRecord>();

            public Document(LineSession<TRecord, T> session, LogDocument document)
            {
                _session = session;
                _parser = session.Parser(document);
                _coverage = new CoverageCounter(document.Path);
                if (_parser is ICoverageAware aware) aware.Attach(_coverage);
                Needles = (_parser as ILineNeedles)?.Needles;
            }

            public byte[][]? Needles { get; }

            public void ParseLine(ReadOnlySpan<byte> line, long lineNumber)
            {
                _parser.ParseLine(line, lineNumber, _output);
                if (_output.Count > 0) Deliver();
            }

            public void Complete(long lines, long bytes)
            {
                _parser.Complete(_output);
                Deliver();
                _coverage.Lines = lines;
                _coverage.Bytes = bytes;
                _session.Context.Coverage?.Invoke(_coverage.ToCoverage());
            }

            private void Deliver()
            {
                LineSession<TRecord, T> s = _session;
                _coverage.Records += _output.Count;
                Func<TRecord, DateTimeOffset?>? timeOf = s._spec.TimeOf;
                foreach (TRecord record in _output)
                {
                    if (timeOf != null) _coverage.AddTime(timeOf(record));
                    s._tally.Records++;
                    s._spec.Join.Add(record, s._results);
                    foreach (T r in s._results) s.EmitOne(r);
                    s._results.Clear();
                }
                _output.Clear();
            }
        }

        private sealed class TextInput
        {
            private byte[] _buffer = new byte[4096];

            public TextInput(ILineParser<TRecord> parser, CoverageCounter coverage)
            {
                Parser = parser;
                Coverage = coverage;
                if (parser is ICoverageAware aware) aware.Attach(coverage);
            }

            public ILineParser<TRecord> Parser { get; }

            public CoverageCounter Coverage { get; }

            public long LineCount { get; private set; }

            public void Feed(string? text, List<TRecord> output)
            {
                if (text == null) return;
                int start = 0;
                while (start <= text.Length)
                {
                    int nl = text.IndexOf('\n', start);
                    int end = nl < 0 ? text.Length : nl;
                    if (nl < 0 && start == text.Length && start > 0) break; // trailing newline: no empty extra line
                    int len = end - start;
                    if (len > 0 && text[end - 1] == '\r') len--;
                    int max = System.Text.Encoding.UTF8.GetMaxByteCount(len);
                    if (_buffer.Length < max) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
                    int n = System.Text.Encoding.UTF8.GetBytes(text, start, len, _buffer, 0);
                    Parser.ParseLine(new ReadOnlySpan<byte>(_buffer, 0, n), ++LineCount, output);
                    Coverage.Lines = LineCount;
                    Coverage.Bytes += n + 1;
                    if (nl < 0) break;
                    start = nl + 1;
                }
            }
        }
    }
}
