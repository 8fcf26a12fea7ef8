using System.Text;
using VirtDiag.Cli.Output;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Tests.Ftrace;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Cli
{
    /// <summary>
    /// Issue 19: trace events are rendered on several threads beside the one reading them and written in order. The bytes
    /// must be those one thread writes, for every fixture and format (events read afresh each time, so the render threads
    /// meet formats, symbols and print fmts nobody parsed before); failures of the input, of a render or of the output
    /// must come out as the one-thread writer's would, without hanging and without reading on.
    /// </summary>
    public sealed class ParallelOutputTests
    {
        public static IEnumerable<object[]> Files() => TraceDatOracleTests.Files();

        private static byte[] Serial(string stem, OutputFormat format)
        {
            var stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, format))
            {
                foreach (TraceEvent e in TraceDatOracleTests.Read(stem, new IssueCollector())) writer.Write(e);
            }
            return stream.ToArray();
        }

        [FixtureTheory]
        [MemberData(nameof(Files))]
        public void JsonAndCsvRenderedOnThreadsAreTheOneThreadBytes(string stem, bool traceCmdReads)
        {
            _ = traceCmdReads;
            foreach (OutputFormat format in new[] { OutputFormat.Json, OutputFormat.Csv })
            {
                byte[] expected = Serial(stem, format);
                var stream = new MemoryStream();
                using (var writer = new RecordWriter(stream, format))
                {
                    // small batches: many hand-offs, the threads racing on the first use of each format
                    Assert.True(writer.TryWriteAllInParallel(TraceDatOracleTests.Read(stem, new IssueCollector()), threads: 3, batchSize: 7));
                    Assert.Equal(TraceDatOracleTests.Read(stem, new IssueCollector()).Count, writer.Count);
                }
                byte[] actual = stream.ToArray();
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{stem} {format}: {actual.Length} bytes on threads, {expected.Length} on one");
                if (format == OutputFormat.Csv)
                {
                    // one header line, then one line per event
                    string text = Encoding.UTF8.GetString(actual);
                    Assert.StartsWith("Timestamp,HostTimestamp,Machine,", text);
                    Assert.Equal(1, CountOccurrences(text, "Timestamp,HostTimestamp,Machine,"));
                }
            }
        }

        [FixtureTheory]
        [MemberData(nameof(Files))]
        public void ReportLinesOnThreadsAreTheOneThreadLines(string stem, bool traceCmdReads)
        {
            _ = traceCmdReads;
            foreach (bool raw in new[] { false, true })
            {
                var one = new MemoryStream();
                ReportLines.Write(TraceDatOracleTests.Read(stem, new IssueCollector()), one, raw, threads: 1);
                var many = new MemoryStream();
                ReportLines.Write(TraceDatOracleTests.Read(stem, new IssueCollector()), many, raw, threads: 2, batchSize: 5);
                Assert.True(one.ToArray().AsSpan().SequenceEqual(many.ToArray()), $"{stem} raw={raw}");
                // and those lines are TraceReport's, one per event
                var sb = new StringBuilder();
                foreach (TraceEvent e in TraceDatOracleTests.Read(stem, new IssueCollector()))
                {
                    TraceReport.Append(sb, e, raw);
                    sb.Append(Environment.NewLine);
                }
                Assert.Equal(sb.ToString(), Encoding.UTF8.GetString(one.ToArray()));
            }
        }

        [Fact]
        public void TheTableFormatAndRecordsNotKnownToRenderConcurrentlyStayOnOneThread()
        {
            using var table = new RecordWriter(new MemoryStream(), OutputFormat.Table);
            Assert.False(table.TryWriteAllInParallel(new[] { "a" }, threads: 2));
            using var json = new RecordWriter(new MemoryStream(), OutputFormat.Json);
            Assert.False(json.TryWriteAllInParallel(new[] { "a", "b" }, threads: 2));
            Assert.Equal(0, json.Count);
        }

        private static OrderedParallelOutput.Serializer<int> Numbers()
        {
            var buffer = new PooledBufferWriter();
            return new OrderedParallelOutput.Serializer<int>(buffer, n => buffer.Write(Encoding.ASCII.GetBytes(n + "\n")));
        }

        private static string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(n => n + "\n"));

        [Fact]
        public void RecordsComeOutInTheirOrderWhateverTheBatching()
        {
            foreach (int batch in new[] { 1, 3, 64, 5000 })
            {
                var output = new MemoryStream();
                OrderedParallelOutput.Run(Enumerable.Range(1, 2500), Numbers, output, workers: 3, batchSize: batch);
                Assert.Equal(Lines(1, 2500), Encoding.ASCII.GetString(output.ToArray()));
            }
        }

        private static IEnumerable<int> FailingAfter(int n)
        {
            for (int i = 1; i <= n; i++) yield return i;
            throw new CorruptDataException(IssueKind.ArchiveTruncated, "input ends inside a record", 4242);
        }

        [Fact]
        public void AnInputFailureComesOutAfterEverythingBeforeIt()
        {
            var output = new MemoryStream();
            var e = Assert.Throws<CorruptDataException>(() => OrderedParallelOutput.Run(FailingAfter(1000), Numbers, output, workers: 2, batchSize: 16));
            Assert.Equal(4242, e.Offset);
            // the 1000 records read before the failure are all written, in order
            Assert.Equal(Lines(1, 1000), Encoding.ASCII.GetString(output.ToArray()));
        }

        [Fact]
        public void ARenderFailureStopsTheInputAndComesOut()
        {
            int read = 0;
            IEnumerable<int> Endless() { for (int i = 1; ; i++) { read = i; yield return i; } }
            var output = new MemoryStream();
            Func<OrderedParallelOutput.Serializer<int>> failing = () =>
            {
                var buffer = new PooledBufferWriter();
                return new OrderedParallelOutput.Serializer<int>(buffer, n =>
                {
                    if (n == 500) throw new InvalidOperationException("record 500 cannot be rendered");
                    buffer.Write(Encoding.ASCII.GetBytes(n + "\n"));
                });
            };
            var e = Assert.Throws<InvalidOperationException>(() => OrderedParallelOutput.Run(Endless(), failing, output, workers: 2, batchSize: 10));
            Assert.Equal("record 500 cannot be rendered", e.Message);
            // reading stopped a few batches later, not never; what was written is the records before the failing batch
            Assert.InRange(read, 500, 500 + 10 * 10);
            string written = Encoding.ASCII.GetString(output.ToArray());
            Assert.True(written.Length <= Lines(1, 490).Length && Lines(1, 490).StartsWith(written, StringComparison.Ordinal), written.Length.ToString());
        }

        private sealed class BrokenStream : MemoryStream
        {
            public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device");
        }

        [Fact]
        public void AnOutputFailureStopsTheInputAndComesOut()
        {
            int read = 0;
            IEnumerable<int> Endless() { for (int i = 1; ; i++) { read = i; yield return i; } }
            var e = Assert.Throws<IOException>(() => OrderedParallelOutput.Run(Endless(), Numbers, new BrokenStream(), workers: 2, batchSize: 8));
            Assert.Equal("No space left on device", e.Message);
            Assert.InRange(read, 1, 8 * 20);
        }

        private static int CountOccurrences(string text, string part)
        {
            int n = 0;
            for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
            return n;
        }
    }
}
