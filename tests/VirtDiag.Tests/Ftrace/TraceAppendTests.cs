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
        }
    }
}
