using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using VirtDiag.Common;

namespace VirtDiag.Io
{
    /// <summary>
    /// Runs a serial read on a second thread while the caller consumes what it made: records come back in the order they
    /// were made, and every issue, coverage and progress callback of the read is replayed on the caller's thread at the
    /// place among the records where it happened, so the caller sees exactly what the serial read would have shown.
    /// At most <see cref="MaxChunks"/> chunks of <see cref="ItemsPerChunk"/> records or callbacks wait, so memory stays flat.
    /// </summary>
    internal static class ParseAhead
    {
        private const int ItemsPerChunk = 1024;
        private const int MaxChunks = 4;

        /// <summary>
        /// Enumerates <paramref name="read"/>, started on a second thread with a context that defers its callbacks; the
        /// callbacks go to <paramref name="context"/> on the enumerating thread. Disposing the enumerator stops the read.
        /// </summary>
        public static IEnumerable<T> Run<T>(ReadContext context, Func<ReadContext, IEnumerable<T>> read)
        {
            using var pipe = new Pipe<T>(context, read);
            while (pipe.Take(out Chunk<T>? chunk))
            {
                int next = 0;
                for (int i = 0; i < chunk!.Records.Count; i++)
                {
                    while (next < chunk.Callbacks.Count && chunk.Callbacks[next].At == i) chunk.Callbacks[next++].Callback();
                    yield return chunk.Records[i];
                }
                while (next < chunk.Callbacks.Count) chunk.Callbacks[next++].Callback();
            }
        }

        private sealed class Chunk<T>
        {
            public readonly List<T> Records = new List<T>();
            public readonly List<(int At, Action Callback)> Callbacks = new List<(int, Action)>();
            public bool IsFull => Records.Count >= ItemsPerChunk || Callbacks.Count >= ItemsPerChunk;
            public bool IsEmpty => Records.Count == 0 && Callbacks.Count == 0;
        }

        private sealed class Pipe<T> : IDisposable
        {
            private readonly ReadContext _context;
            private readonly Queue<Chunk<T>> _ready = new Queue<Chunk<T>>();
            private readonly object _gate = new object();
            private readonly object _fill = new object();
            private readonly Thread _thread;
            private Chunk<T> _current = new Chunk<T>();
            private bool _done;
            private bool _stopping;
            private ExceptionDispatchInfo? _fault;

            public Pipe(ReadContext context, Func<ReadContext, IEnumerable<T>> read)
            {
                _context = context;
                var deferred = new ReadContext(new DeferredSink(this), context.Progress == null ? null : p => Defer(() => context.Progress(p)), context.CancellationToken)
                {
                    Coverage = context.Coverage == null ? null : c => Defer(() => context.Coverage!(c)),
                    MaxLineLength = context.MaxLineLength,
                    MaxDictionarySize = context.MaxDictionarySize,
                    MaxArchiveDepth = context.MaxArchiveDepth,
                    ParseAhead = false,
                };
                _thread = new Thread(() => Produce(read, deferred)) { IsBackground = true, Name = "VirtDiag parse-ahead" };
                _thread.Start();
            }

            private void Produce(Func<ReadContext, IEnumerable<T>> read, ReadContext deferred)
            {
                try
                {
                    foreach (T record in read(deferred))
                    {
                        bool full;
                        lock (_fill)
                        {
                            _current.Records.Add(record);
                            full = _current.IsFull;
                        }
                        if (full && !Publish()) return;
                    }
                }
                catch (Exception e)
                {
                    // Everything made before the fault goes out first, then the fault.
                    lock (_gate) _fault = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    lock (_gate)
                    {
                        lock (_fill) if (!_current.IsEmpty && !_stopping) _ready.Enqueue(_current);
                        _done = true;
                        Monitor.PulseAll(_gate);
                    }
                }
            }

            /// <summary>The callback waits in the chunk being filled, after the records made before it (a decoder's own thread may call too).</summary>
            private void Defer(Action callback)
            {
                bool full;
                lock (_fill)
                {
                    _current.Callbacks.Add((_current.Records.Count, callback));
                    full = _current.IsFull;
                }
                if (full && !Publish()) throw new OperationCanceledException("The parse-ahead reader was stopped.");
            }

            private bool Publish()
            {
                lock (_gate)
                {
                    while (_ready.Count >= MaxChunks && !_stopping) Monitor.Wait(_gate);
                    if (_stopping) return false;
                    lock (_fill)
                    {
                        if (!_current.IsEmpty) _ready.Enqueue(_current);
                        _current = new Chunk<T>();
                    }
                    Monitor.PulseAll(_gate);
                }
                return true;
            }

            /// <summary>The next chunk in order; false when the read has ended (its fault, if any, is thrown instead).</summary>
            public bool Take(out Chunk<T>? chunk)
            {
                // checked at every chunk, not only while waiting: a cancelled read stops within one chunk of records
                _context.CancellationToken.ThrowIfCancellationRequested();
                lock (_gate)
                {
                    while (_ready.Count == 0 && !_done)
                    {
                        _context.CancellationToken.ThrowIfCancellationRequested();
                        Monitor.Wait(_gate, 100);
                    }
                    if (_ready.Count == 0)
                    {
                        chunk = null;
                        _fault?.Throw();
                        return false;
                    }
                    chunk = _ready.Dequeue();
                    Monitor.PulseAll(_gate);
                    return true;
                }
            }

            public void Dispose()
            {
                lock (_gate)
                {
                    _stopping = true;
                    _ready.Clear();
                    Monitor.PulseAll(_gate);
                }
                // The reader stops at its next record or callback; one blocked on a silent pipe is left behind (a background thread).
                _thread.Join(TimeSpan.FromSeconds(5));
            }

            private sealed class DeferredSink : Diagnostics.IIssueSink
            {
                private readonly Pipe<T> _pipe;
                public DeferredSink(Pipe<T> pipe) { _pipe = pipe; }
                public void Report(Diagnostics.Issue issue) => _pipe.Defer(() => _pipe._context.Report(issue));
            }
        }
    }
}
