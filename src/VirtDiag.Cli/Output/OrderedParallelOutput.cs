using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace VirtDiag.Cli.Output
{
    /// <summary>
    /// Turns records into bytes on worker threads and writes them in the records' order: the calling thread reads the
    /// records (decoding, merging) and hands them out in batches; each worker renders a batch with its own serializer into
    /// its own buffer; one writer thread writes the finished batches to the output in sequence. At most a few batches are
    /// in flight, so memory stays bounded whatever the input's size, and the output is byte for byte what one thread
    /// would write. Used where rendering dominates and records can be rendered independently of one another (trace events).
    /// </summary>
    internal static class OrderedParallelOutput
    {
        /// <summary>What one worker renders with: write a record into <see cref="Buffer"/>.</summary>
        public sealed class Serializer<T>
        {
            public Serializer(PooledBufferWriter buffer, Action<T> write) { Buffer = buffer; Write = write; }
            public PooledBufferWriter Buffer { get; }
            public Action<T> Write { get; }
        }

        private sealed class Batch<T>
        {
            public readonly T[] Items;
            public int Count;
            public byte[]? Bytes;
            public int Length;
            public ExceptionDispatchInfo? Error;
            public readonly ManualResetEventSlim Done = new(false);
            public Batch(int size) { Items = new T[size]; }
        }

        /// <summary>
        /// Writes <paramref name="records"/> to <paramref name="output"/> with <paramref name="workers"/> render threads.
        /// A batch is handed out when full or when <paramref name="latencyMs"/> passed since its first record (a slow input
        /// still shows its records). An exception of the input is thrown here after everything before it was written; an
        /// exception of a serializer or of the output stops the input and is thrown here.
        /// </summary>
        public static void Run<T>(IEnumerable<T> records, Func<Serializer<T>> newSerializer, Stream output, int workers,
            int batchSize = 1024, long latencyMs = 200)
        {
            if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers));
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
            var work = new BlockingCollection<Batch<T>>(workers * 2);
            var order = new BlockingCollection<Batch<T>>(workers * 4);
            var free = new ConcurrentBag<Batch<T>>();
            ExceptionDispatchInfo? pipelineError = null;
            int failed = 0;

            void Fail(ExceptionDispatchInfo e)
            {
                Interlocked.CompareExchange(ref pipelineError, e, null);
                Volatile.Write(ref failed, 1);
            }

            var threads = new List<Thread>();
            for (int w = 0; w < workers; w++)
            {
                var t = new Thread(() =>
                {
                    Serializer<T>? s = null;
                    foreach (Batch<T> b in work.GetConsumingEnumerable())
                    {
                        try
                        {
                            if (Volatile.Read(ref failed) != 0) continue;
                            s ??= newSerializer();
                            for (int i = 0; i < b.Count; i++) s.Write(b.Items[i]);
                            b.Bytes = s.Buffer.Detach(out b.Length);
                        }
                        catch (Exception e)
                        {
                            b.Error = ExceptionDispatchInfo.Capture(e);
                            s?.Buffer.Clear();
                        }
                        finally
                        {
                            Array.Clear(b.Items, 0, b.Count);
                            b.Done.Set();
                        }
                    }
                    s?.Buffer.Dispose();
                }) { IsBackground = true, Name = "virtdiag render " + w };
                threads.Add(t);
            }
            var writer = new Thread(() =>
            {
                foreach (Batch<T> b in order.GetConsumingEnumerable())
                {
                    b.Done.Wait();
                    try
                    {
                        if (b.Error != null) Fail(b.Error);
                        else if (b.Bytes != null && Volatile.Read(ref failed) == 0)
                        {
                            output.Write(b.Bytes, 0, b.Length);
                            output.Flush();
                        }
                    }
                    catch (Exception e)
                    {
                        Fail(ExceptionDispatchInfo.Capture(e));
                    }
                    finally
                    {
                        if (b.Bytes != null) ArrayPool<byte>.Shared.Return(b.Bytes);
                        b.Bytes = null;
                        b.Error = null;
                        b.Count = 0;
                        b.Done.Reset();
                        free.Add(b);
                    }
                }
            }) { IsBackground = true, Name = "virtdiag output" };
            foreach (Thread t in threads) t.Start();
            writer.Start();

            ExceptionDispatchInfo? inputError = null;
            Batch<T>? current = null;
            try
            {
                long started = 0;
                foreach (T r in records)
                {
                    if (current == null)
                    {
                        if (Volatile.Read(ref failed) != 0) break;
                        if (!free.TryTake(out current)) current = new Batch<T>(batchSize);
                        started = Environment.TickCount64;
                    }
                    current.Items[current.Count++] = r;
                    if (current.Count == batchSize || (current.Count & 63) == 0 && Environment.TickCount64 - started >= latencyMs)
                    {
                        order.Add(current);
                        work.Add(current);
                        current = null;
                    }
                }
            }
            catch (Exception e)
            {
                inputError = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                // the records read before the end (or before the input failed) still go out
                if (current != null && current.Count > 0)
                {
                    order.Add(current);
                    work.Add(current);
                }
                work.CompleteAdding();
                order.CompleteAdding();
                foreach (Thread t in threads) t.Join();
                writer.Join();
                work.Dispose();
                order.Dispose();
            }
            inputError?.Throw();
            pipelineError?.Throw();
        }
    }
}
