using System;
using System.Collections.Generic;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>
    /// A per-document state machine that turns lines into records. One instance reads one document, so its state
    /// (an open traceback, a PSOD block) survives buffer refills and never leaks into the next document.
    /// </summary>
    public interface ILineParser<T>
    {
        /// <summary>Reads one line (UTF-8, no terminator) and adds any records it completes to <paramref name="output"/>.</summary>
        void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<T> output);

        /// <summary>End of the document: adds records still open (marked incomplete where that applies).</summary>
        void Complete(List<T> output);
    }

    /// <summary>
    /// A line parser that does nothing with a line holding none of a few byte strings, so the line reader may pass
    /// such lines over unseen (<see cref="LineReader.TryReadLineContainingAny"/>).
    /// </summary>
    public interface ILineNeedles
    {
        /// <summary>The byte strings (ordinal, no '\n'); the same array every time.</summary>
        byte[][] Needles { get; }
    }

    /// <summary>Drives line parsers over documents: streaming, issue reporting, cancellation, one document after another.</summary>
    public static class DocumentReader
    {
        private const int LinesPerBatch = 4096;

        /// <summary>
        /// Reads every document that <paramref name="accept"/> takes (explicitly named files are always taken) and
        /// yields the records its parser makes, document by document, in order. The coverage of each document (lines,
        /// bytes, records, unmatched lines, and the records' time range when <paramref name="timeOf"/> is given) goes
        /// to <see cref="ReadContext.Coverage"/> when it has been read.
        /// </summary>
        public static IEnumerable<T> ReadLines<T>(IReadOnlyList<LogDocument> documents, Func<LogDocument, bool>? accept,
            Func<LogDocument, ILineParser<T>> parserFactory, ReadContext context, Func<T, DateTimeOffset?>? timeOf = null)
        {
            if (documents == null) throw new ArgumentNullException(nameof(documents));
            if (parserFactory == null) throw new ArgumentNullException(nameof(parserFactory));
            if (context == null) throw new ArgumentNullException(nameof(context));
            using var session = new DocumentSession(context, CountInputs(documents));
            var output = new List<T>();
            foreach (LogDocument doc in documents)
            {
                if (!doc.IsExplicit && accept != null && !accept(doc)) continue;
                context.CancellationToken.ThrowIfCancellationRequested();
                LineReader? reader = OpenLines(session, doc);
                if (reader == null) continue;
                using (reader)
                {
                    ILineParser<T> parser = parserFactory(doc);
                    var coverage = new CoverageCounter(doc.Path);
                    if (parser is ICoverageAware aware) aware.Attach(coverage);
                    bool more = true;
                    while (more)
                    {
                        more = ParseBatch(reader, parser, doc, context, output);
                        if (!more) parser.Complete(output);
                        coverage.Records += output.Count;
                        if (timeOf != null) foreach (T item in output) coverage.AddTime(timeOf(item));
                        foreach (T item in output) yield return item;
                        output.Clear();
                    }
                    coverage.Lines = reader.LineNumber;
                    coverage.Bytes = reader.Position;
                    context.Coverage?.Invoke(coverage.ToCoverage());
                }
            }
        }

        /// <summary>
        /// Reads each of <paramref name="order"/> once and gives its lines to every target whose set holds it (see
        /// <see cref="ReadSession.AddTogether"/>). A line reaches a parser with needles only when it holds one of them,
        /// as when that parser reads alone.
        /// </summary>
        internal static void ReadShared(List<LogDocument> order, List<(ILineTarget Target, HashSet<LogDocument> Documents)> targets, ReadContext context)
        {
            var inputs = new HashSet<string>(StringComparer.Ordinal);
            foreach (LogDocument d in order) inputs.Add(d.FilePath);
            using var session = new DocumentSession(context, inputs.Count);
            var taps = new List<ILineDocument>(targets.Count);
            foreach (LogDocument doc in order)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                taps.Clear();
                bool any = false;
                foreach (var (target, documents) in targets) any |= documents.Contains(doc);
                if (!any) continue;
                LineReader? reader = OpenLines(session, doc);
                if (reader == null) continue;
                using (reader)
                {
                    foreach (var (target, documents) in targets)
                    {
                        if (documents.Contains(doc)) taps.Add(target.Begin(doc));
                    }
                    byte[][]? needles = UnionOfNeedles(taps);
                    try
                    {
                        long batch = 0;
                        while (needles != null ? reader.TryReadLineContainingAny(needles, out ReadOnlySpan<byte> line) : reader.TryReadLine(out line))
                        {
                            if (taps.Count == 1) taps[0].ParseLine(line, reader.LineNumber);
                            else
                            {
                                foreach (ILineDocument tap in taps)
                                {
                                    if (tap.Needles == null || LineReader.ContainsAny(line, tap.Needles)) tap.ParseLine(line, reader.LineNumber);
                                }
                            }
                            if (++batch % LinesPerBatch == 0) context.CancellationToken.ThrowIfCancellationRequested();
                        }
                    }
                    catch (CorruptDataException e)
                    {
                        context.Report(doc.Path, e.Kind, e.Message + " (after line " + reader.LineNumber + "; lines before it were read)", 0, e.Offset);
                    }
                    catch (IOException e)
                    {
                        context.Report(doc.Path, IssueKind.IoError, e.Message + " (after line " + reader.LineNumber + ")", 0, reader.Position);
                    }
                    foreach (ILineDocument tap in taps) tap.Complete(reader.LineNumber, reader.Position);
                }
            }
        }

        // The reader may pass lines over only when every parser of the document would ignore them.
        private static byte[][]? UnionOfNeedles(List<ILineDocument> taps)
        {
            if (taps.Count == 1) return taps[0].Needles;
            var all = new List<byte[]>();
            foreach (ILineDocument tap in taps)
            {
                if (tap.Needles == null) return null;
                all.AddRange(tap.Needles);
            }
            return all.ToArray();
        }

        /// <summary>Opens one document and returns its decoded bytes; disposing the stream releases everything.</summary>
        public static Stream Open(LogDocument document, ReadContext context)
        {
            var session = new DocumentSession(context, 1);
            try
            {
                return new OwningStream(session.OpenDocument(document), session);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        private static int CountInputs(IReadOnlyList<LogDocument> documents)
        {
            var files = new HashSet<string>(StringComparer.Ordinal);
            foreach (LogDocument d in documents) files.Add(d.FilePath);
            return files.Count;
        }

        private static LineReader? OpenLines(DocumentSession session, LogDocument doc)
        {
            try
            {
                return new LineReader(session.OpenDocument(doc), doc.Path, session.Context);
            }
            catch (CorruptDataException e)
            {
                session.Context.Report(doc.Path, e.Kind, e.Message, 0, e.Offset);
            }
            catch (FileNotFoundException e)
            {
                session.Context.Report(doc.Path, IssueKind.FileNotFound, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                session.Context.Report(doc.Path, IssueKind.AccessDenied, e.Message);
            }
            catch (IOException e)
            {
                session.Context.Report(doc.Path, IssueKind.IoError, e.Message);
            }
            return null;
        }

        /// <summary>Parses lines until some records are made or a batch is done; false at the end of the document or on a fault.</summary>
        private static bool ParseBatch<T>(LineReader reader, ILineParser<T> parser, LogDocument doc, ReadContext context, List<T> output)
        {
            try
            {
                byte[][]? needles = (parser as ILineNeedles)?.Needles;
                for (int i = 0; i < LinesPerBatch; i++)
                {
                    ReadOnlySpan<byte> line;
                    if (!(needles != null ? reader.TryReadLineContainingAny(needles, out line) : reader.TryReadLine(out line))) return false;
                    parser.ParseLine(line, reader.LineNumber, output);
                    if (output.Count > 0) return true;
                }
                return true;
            }
            catch (CorruptDataException e)
            {
                context.Report(doc.Path, e.Kind, e.Message + " (after line " + reader.LineNumber + "; lines before it were read)", 0, e.Offset);
            }
            catch (IOException e)
            {
                context.Report(doc.Path, IssueKind.IoError, e.Message + " (after line " + reader.LineNumber + ")", 0, reader.Position);
            }
            return false;
        }

        private sealed class OwningStream : Stream
        {
            private readonly Stream _inner;
            private readonly IDisposable _owner;
            public OwningStream(Stream inner, IDisposable owner) { _inner = inner; _owner = owner; }
            public override bool CanRead => true;
            public override bool CanSeek => _inner.CanSeek;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => _inner.Position = value; }
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
            public override void Flush() { }
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing)
            {
                if (disposing) { _inner.Dispose(); _owner.Dispose(); }
                base.Dispose(disposing);
            }
        }
    }
}
