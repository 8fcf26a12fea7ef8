using System.Globalization;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.VMotion;

namespace VirtDiag.Bench.Scenarios
{
    /// <summary>
    /// Issue 19: the CLI's record writers alone (JSON Lines, CSV, table) on real records held in memory, written to a
    /// null stream on one thread: records per second per core. The records are the vMotion events of the genvmk.py file
    /// of the size asked for (the 10M file's events repeated to 1,000,000 records for each size; the size only names the row).
    /// </summary>
    public sealed class OutputScenario : IScenario
    {
        private const int Records = 1_000_000;

        public string Name => "output";

        public IEnumerable<BenchRow> Run(BenchContext context, long size)
        {
            string label = LinesScenario.SizeLabel(size);
            string generator = Path.GetFullPath(Path.Combine("..", "shared", "bench", "genvmk.py"));
            string path = context.Input("genvmk-10M.vmkernel.log", p => EndToEndScenario.Bash($"python3 '{generator}' '{p}' 10"));
            var ctx = new ReadContext();
            List<VMotionEvent> events = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx)).ToList();
            var simple = new List<SimpleRecord>();
            foreach (VMotionEvent e in events) simple.Add(new SimpleRecord(e.Timestamp ?? default, e.HostName, e.MigrationId, e.Kind, e.LineNumber));
            foreach (OutputFormat format in new[] { OutputFormat.Json, OutputFormat.Csv, OutputFormat.Table })
            {
                yield return Run(context, label, "simple 5-field record", format, simple);
                yield return Run(context, label, "VMotionEvent", format, events);
            }
        }

        private static BenchRow Run<T>(BenchContext context, string label, string what, OutputFormat format, List<T> records) where T : notnull
        {
            long bytes = 0;
            double cpu = 0;
            var counting = new CountingStream();
            BenchRow row = context.Measure("output", label, $"virtdiag RecordWriter {format} ({what})", 0, () =>
            {
                var self = System.Diagnostics.Process.GetCurrentProcess();
                TimeSpan before = self.TotalProcessorTime;
                using (var writer = new RecordWriter(counting, format))
                {
                    for (int i = 0; i < Records; i++) writer.Write(records[i % records.Count]);
                }
                self.Refresh();
                cpu = (self.TotalProcessorTime - before).TotalSeconds;
                bytes = counting.Length;
                return "";
            });
            double perSecond = Records / row.Seconds;
            return row with { Bytes = bytes, Result = string.Create(CultureInfo.InvariantCulture, $"{Records:N0} records, {perSecond:N0} records/s; cpu {cpu:F2} s = {Records / Math.Max(cpu, 1e-9):N0} records/s per core") };
        }

        /// <summary>A small flat record: time, two strings, an enum, a number.</summary>
        public sealed class SimpleRecord
        {
            public SimpleRecord(DateTimeOffset time, string? host, string? id, VMotionEventKind kind, long line) { Time = time; Host = host; Id = id; Kind = kind; Line = line; }
            public DateTimeOffset Time { get; }
            public string? Host { get; }
            public string? Id { get; }
            public VMotionEventKind Kind { get; }
            public long Line { get; }
        }

        private sealed class CountingStream : Stream
        {
            private long _length;
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _length;
            public override long Position { get => _length; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _length += count;
        }
    }
}
