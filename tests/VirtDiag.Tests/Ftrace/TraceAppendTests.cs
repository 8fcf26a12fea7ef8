using System.Text;
using System.Text.Json;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>
    /// The writers render an event's texts straight into their buffers (issue 19): what they append must be exactly what
    /// the properties return, for every event of every fixture, whatever was in the buffer before.
    /// </summary>
    public class TraceAppendTests
    {
        public static IEnumerable<object[]> Files() => TraceDatOracleTests.Files();

        [FixtureTheory]
        [MemberData(nameof(Files))]
        public void AppendedTextsEqualTheProperties(string stem, bool traceCmdReads)
        {
            _ = traceCmdReads;
            // two reads: the first only appends (so nothing was rendered and cached before), the second asks the properties
            List<TraceEvent> appended = TraceDatOracleTests.Read(stem, new IssueCollector());
            List<TraceEvent> asked = TraceDatOracleTests.Read(stem, new IssueCollector());
            Assert.Equal(asked.Count, appended.Count);
            var sb = new StringBuilder();
            for (int i = 0; i < asked.Count; i++)
            {
                TraceEvent a = appended[i], p = asked[i];
                sb.Clear().Append("kept|");
                a.AppendInfo(sb);
                Assert.True("kept|" + p.Info == sb.ToString(), $"{stem} event {i + 1} Info: '{sb}' vs '{p.Info}'");
                sb.Clear().Append("kept|");
                a.AppendRawFields(sb);
                Assert.Equal("kept|" + p.RawFields, sb.ToString());
                sb.Clear();
                a.AppendTimestampText(sb);
                Assert.Equal(p.TimestampText, sb.ToString());
                sb.Clear().Append("kept|");
                TraceReport.Append(sb, a, i % 2 == 0);
                Assert.Equal("kept|" + TraceReport.Line(p, i % 2 == 0), sb.ToString());
            }
        }

        [FixtureFact("ftrace/local/local-sched-v6.dat", "ftrace/local/local-sched-v6.report.txt")]
        public void ReportLinesAppendedIntoOneBuilderAreTraceCmdsLines()
        {
            // head -3 local-sched-v6.report.txt (after its "cpus=2" line), as trace-cmd 3.1 printed them
            string[] expected = File.ReadLines(Repo.Fixture("ftrace", "local", "local-sched-v6.report.txt")).Skip(1).Take(3).ToArray();
            var sb = new StringBuilder();
            var lines = new List<string>();
            foreach (TraceEvent e in TraceDatOracleTests.Read("local/local-sched-v6", new IssueCollector()).Take(3))
            {
                TraceReport.Append(sb.Clear(), e);
                lines.Add(sb.ToString());
            }
            Assert.Equal(expected, lines);
            // the sched plugin's wakeup text, padded after the name as trace-cmd pads it
            Assert.Equal("           sleep-20283 [001]   590.343977: sched_wakeup:         migration/1:21 [0] CPU:001", lines[1]);
        }

        [FixtureTheory]
        [MemberData(nameof(Files))]
        public void TraceEventJsonEqualsTheSerializer(string stem, bool traceCmdReads)
        {
            _ = traceCmdReads;
            List<TraceEvent> events = TraceDatOracleTests.Read(stem, new IssueCollector()).Take(4000).ToList();
            var stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, OutputFormat.Json))
            {
                foreach (TraceEvent e in events) writer.Write(e);
            }
            string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(events.Count, lines.Length);
            JsonSerializerOptions options = RecordWriter.CreateJsonOptions();
            for (int i = 0; i < events.Count; i++) Assert.Equal(JsonSerializer.Serialize(events[i], options), lines[i]);
        }

        [FixtureFact("ftrace/public-text/tracecompass-incubator/trace-func-graph")]
        public void TextTraceEventJsonEqualsTheSerializer()
        {
            var ctx = new ReadContext(new IssueCollector());
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture("ftrace", "public-text", "tracecompass-incubator", "trace-func-graph") }, ctx);
            List<TraceEvent> events = TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(docs).Take(2000).ToList();
            Assert.NotEmpty(events);
            var stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, OutputFormat.Json))
            {
                foreach (TraceEvent e in events) writer.Write(e);
            }
            string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            JsonSerializerOptions options = RecordWriter.CreateJsonOptions();
            for (int i = 0; i < events.Count; i++) Assert.Equal(JsonSerializer.Serialize(events[i], options), lines[i]);

            // an event inside another record (a timeline entry's Record, say) goes through the generic writers' TraceEvent
            // writer, not the top-level byte writer: the same bytes
            var nested = events.Take(500).Select(e => new Holder(e)).ToList();
            stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, OutputFormat.Json))
            {
                foreach (Holder h in nested) writer.Write(h);
            }
            lines = Encoding.UTF8.GetString(stream.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(nested.Count, lines.Length);
            for (int i = 0; i < nested.Count; i++) Assert.Equal(JsonSerializer.Serialize(nested[i], options), lines[i]);
        }

        public sealed class Holder
        {
            public Holder(TraceEvent e) { Event = e; }
            public string Kind => "holder";
            public TraceEvent Event { get; }
        }

        [Fact]
        public void TraceEventJsonEscapesAndArraysAsTheSerializerDoes()
        {
            // texts and fields the byte writer must escape (quotes, backslash, control characters, non-ASCII, HTML-ish
            // characters, a surrogate pair) or hand to the generic writer (byte and number arrays, null), each compared
            // with JsonSerializer under the CLI's options
            var fields = new TraceFieldList(
                new[] { "nr", "big", "ok", "path\\name", "bytes", "cpus", "none", "empty" },
                new object?[] { -5L, 18446744073709551615UL, true, "C:\\tmp\\\"a b\"\tx\u00e9\u00fc <b>&'+`", new byte[] { 1, 2, 3, 250 }, new long[] { 1, -2, 3 }, null, "" });
            var events = new List<TraceEvent>
            {
                new TraceEvent("/var/tmp/tr\u00e4ce.txt", "h\"1", "inst", 1234567890123, 3, 42, "kworker/0:1\"x", "sched", "sched_switch", "d..1.", 1,
                    fields, "prev_comm=a\"b\\c\u0001d \u00e9\u00e8 \ud83d\ude00 <x>&y'z+1 \u007f", 7),
                new TraceEvent("t.txt", null, "", 5, 0, 0, "<idle>", "", "print", ".....", 0, null, "plain text", 8),
            };
            var stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, OutputFormat.Json))
            {
                foreach (TraceEvent e in events) writer.Write(e);
            }
            string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            JsonSerializerOptions options = RecordWriter.CreateJsonOptions();
            Assert.Equal(events.Count, lines.Length);
            for (int i = 0; i < events.Count; i++) Assert.Equal(JsonSerializer.Serialize(events[i], options), lines[i]);
            // what a user reading the JSON gets back
            using JsonDocument doc = JsonDocument.Parse(lines[0]);
            Assert.Equal("prev_comm=a\"b\\c\u0001d \u00e9\u00e8 \ud83d\ude00 <x>&y'z+1 \u007f", doc.RootElement.GetProperty("Info").GetString());
            Assert.Equal("AQID+g==", doc.RootElement.GetProperty("Fields")[4].GetProperty("Value").GetString());
            Assert.Equal(18446744073709551615UL, doc.RootElement.GetProperty("Fields")[1].GetProperty("Value").GetUInt64());
            Assert.Equal("sched:sched_switch", doc.RootElement.GetProperty("FullName").GetString());
        }
    }
}
