using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Kvm;
using VirtDiag.OVirt;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Tests.Cli
{
    /// <summary>
    /// The CLI's pre-built JSON Lines and CSV writers against the contract: every record type the CLI writes, read from
    /// the real fixtures, comes out byte for byte as <see cref="JsonSerializer"/> writes it under the contract's options
    /// (and as the reflection CSV writes it); a record type the writer has never seen is written the same way.
    /// </summary>
    public sealed class RecordWriterTests
    {
        /// <summary>A record type no reader makes, with every kind of property the contract names.</summary>
        public sealed class SampleRecord
        {
            public SampleRecord(string? name, DateTimeOffset at, TimeSpan duration, VMotionResult result, IReadOnlyList<SampleStream> streams)
            {
                Name = name; At = at; Duration = duration; Result = result; Streams = streams;
            }

            public string? Name { get; }
            public DateTimeOffset At { get; }
            public TimeSpan Duration { get; }
            public VMotionResult Result { get; }
            public IReadOnlyList<SampleStream> Streams { get; }
            public long? Missing => null;
            public double Ratio => double.NaN;
            public object Boxed => 42L;
            public IReadOnlyDictionary<string, string> Registers => new Dictionary<string, string> { ["RIP"] = "0x41000000" };
            public byte[] Raw => new byte[] { 1, 2, 3 };
            public FileAttributes Flags => FileAttributes.ReadOnly | FileAttributes.Hidden;
            public TimeSpan? Stun => TimeSpan.FromMilliseconds(250);
            public string this[int i] => i.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A nested object of <see cref="SampleRecord"/>.</summary>
        public sealed class SampleStream
        {
            public SampleStream(string address, int port) { Address = address; Port = port; }
            public string Address { get; }
            public int Port { get; }
        }

        private static SampleRecord Sample() => new SampleRecord("vm-01, \"db\"\nsecond line", new DateTimeOffset(2024, 5, 1, 12, 0, 0, 123, TimeSpan.FromHours(2)),
            TimeSpan.FromSeconds(12.5), VMotionResult.Failed, new[] { new SampleStream("10.20.0.11", 8000), new SampleStream("10.20.0.12", 8001) });

        [Fact]
        public void NewRecordType_JsonHoldsTheContract()
        {
            string line = Assert.Single(Lines(new object[] { Sample() }, OutputFormat.Json));
            using var json = JsonDocument.Parse(line);
            JsonElement r = json.RootElement;
            Assert.Equal(12.5, r.GetProperty("Duration").GetDouble());
            Assert.Equal(0.25, r.GetProperty("Stun").GetDouble());
            Assert.Equal("2024-05-01T12:00:00.123+02:00", r.GetProperty("At").GetString());
            Assert.Equal("Failed", r.GetProperty("Result").GetString());
            Assert.Equal("ReadOnly, Hidden", r.GetProperty("Flags").GetString());
            Assert.Equal(8001, r.GetProperty("Streams")[1].GetProperty("Port").GetInt32());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("Missing").ValueKind);
            Assert.Equal("NaN", r.GetProperty("Ratio").GetString());
            Assert.Equal(42, r.GetProperty("Boxed").GetInt64());
            Assert.Equal("0x41000000", r.GetProperty("Registers").GetProperty("RIP").GetString());
            Assert.Equal("AQID", r.GetProperty("Raw").GetString());
            Assert.Equal(Reference(Sample()), line);
        }

        [Fact]
        public void NewRecordType_CsvHasHeaderScalarsAsTextAndNestedAsJson()
        {
            string[] lines = Lines(new object[] { Sample(), Sample() }, OutputFormat.Csv);
            Assert.Equal(3, lines.Length);
            Assert.Equal("Name,At,Duration,Result,Streams,Missing,Ratio,Boxed,Registers,Raw,Flags,Stun", lines[0]);
            Assert.StartsWith("\"vm-01, \"\"db\"\" second line\",2024-05-01T12:00:00.123+02:00,00:00:12.5000000,Failed,"
                + "\"[{\"\"Address\"\":\"\"10.20.0.11\"\",\"\"Port\"\":8000},", lines[1]);
            Assert.EndsWith(",,NaN,42,\"{\"\"RIP\"\":\"\"0x41000000\"\"}\",\"\"\"AQID\"\"\",\"ReadOnly, Hidden\",00:00:00.2500000", lines[1]);
            Assert.Equal(ReferenceCsv(new object[] { Sample(), Sample() }), lines);
        }

        /// <summary>A record that refers back to itself through its children.</summary>
        public sealed class SampleNode
        {
            public SampleNode(string name) { Name = name; }
            public string Name { get; }
            public SampleNode? Parent { get; set; }
            public List<SampleNode> Children { get; } = new();
        }

        [Fact]
        public void ReferenceCycle_IsWrittenAsNullWhereTheSerializerIgnoresIt()
        {
            var root = new SampleNode("engine-01");
            var child = new SampleNode("vds-02") { Parent = root };
            root.Children.Add(child);
            child.Children.Add(root);
            string line = Assert.Single(Lines(new object[] { root }, OutputFormat.Json));
            Assert.Equal("{\"Name\":\"engine-01\",\"Parent\":null,\"Children\":[{\"Name\":\"vds-02\",\"Parent\":null,\"Children\":[null]}]}", line);
            Assert.Equal(Reference(root), line);
        }

        [FixtureFact]
        public void EveryCliRecordType_JsonEqualsTheSerializer()
        {
            List<object> records = FixtureRecords();
            string[] lines = Lines(records, OutputFormat.Json);
            Assert.Equal(records.Count, lines.Length);
            for (int i = 0; i < records.Count; i++) Assert.Equal(Reference(records[i]), lines[i]);
        }

        [FixtureFact]
        public void EveryCliRecordType_CsvEqualsTheReflectionWriter()
        {
            foreach (IGrouping<Type, object> group in FixtureRecords().GroupBy(r => r.GetType()))
            {
                object[] records = group.ToArray();
                Assert.Equal(ReferenceCsv(records), Lines(records, OutputFormat.Csv));
            }
        }

        [Fact]
        public void TraceEventCsvCellsWithCommasQuotesLineBreaksAndArraysEqualTheReflectionWriter()
        {
            // the CSV writer renders a trace event's Info, RawFields and timestamp into a builder and its Fields as JSON
            // bytes: cells that need quoting, a line break inside Info, non-ASCII and arrays must come out as the
            // reflection writer writes them
            var fields = new TraceFieldList(new[] { "nr", "msg", "bytes", "cpus" },
                new object?[] { -5L, "a,b \"c\"", new byte[] { 1, 2, 250 }, new long[] { 1, -2 } });
            var records = new object[]
            {
                new TraceEvent("tr.txt", "h1", "", 1234567890123, 3, 42, "kworker/0:1", "sched", "sched_switch", "d..1.", 1,
                    fields, "prev=a,b \"q\"\nnext line \u00e9 \ud83d\ude00", 7),
                new TraceEvent("tr.txt", null, "", 5, 0, 0, "<idle>", "", "print", ".....", 0, null, "plain", 8),
            };
            string[] lines = Lines(records, OutputFormat.Csv);
            Assert.Equal(ReferenceCsv(records), lines);
            Assert.Contains(",\"prev=a,b \"\"q\"\" next line \u00e9 \ud83d\ude00\",", lines[1]);
        }

        [FixtureFact]
        public void EveryCliRecordType_TableHasTheViewHeaderAndOneLinePerRecord()
        {
            var vmotion = FixtureRecords().OfType<VMotionEvent>().ToArray();
            string[] lines = Lines(vmotion, OutputFormat.Table);
            Assert.StartsWith("Timestamp", lines[0]);
            Assert.Equal(vmotion.Length + 2, lines.Length);
            Assert.Contains(vmotion[0].MigrationId ?? "", lines[2]);
        }

        private static string[] Lines(IEnumerable<object> records, OutputFormat format)
        {
            var stream = new MemoryStream();
            using (var writer = new RecordWriter(stream, format))
            {
                foreach (object r in records) writer.Write(r);
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }

        private static string Reference(object record) => JsonSerializer.Serialize(record, record.GetType(), RecordWriter.CreateJsonOptions());

        /// <summary>The CSV as the reflection writer made it: every public property; scalars as text, the rest as JSON; RFC 4180 quoting.</summary>
        private static string[] ReferenceCsv(IReadOnlyList<object> records)
        {
            var props = records[0].GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0).ToList();
            var lines = new List<string> { string.Join(",", props.Select(p => Quote(p.Name))) };
            foreach (object r in records)
            {
                lines.Add(string.Join(",", props.Select(p =>
                {
                    object? v = p.GetValue(r);
                    return Quote(v == null ? "" : RecordWriter.IsScalar(v.GetType()) ? RecordWriter.Text(v) : JsonSerializer.Serialize(v, v.GetType(), RecordWriter.CreateJsonOptions()));
                })));
            }
            return lines.ToArray();
        }

        private static string Quote(string s) => s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

        /// <summary>Records of every type the CLI writes, from the fixtures.</summary>
        private static List<object> FixtureRecords()
        {
            var ctx = new ReadContext(new IssueCollector());
            IReadOnlyList<LogDocument> Docs(params string[] parts) => DocumentResolver.Resolve(new[] { Repo.Fixture(parts) }, ctx);
            var records = new List<object>();
            var vmotion = Docs("vmotion");
            records.AddRange(VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(vmotion));
            records.AddRange(VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(vmotion));
            var vdsm = Docs("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log");
            records.AddRange(VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(vdsm).Take(500));
            records.AddRange(VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(vdsm).Take(500));
            records.AddRange(VdsmReader.OpenCommands(new VdsmCommandOptions(), ctx).ReadAll(Docs("vdsm")).Take(200));
            var psod = PurpleScreenReader.Open(new PurpleScreenReadOptions(), ctx).ReadAll(Docs("psod")).ToList();
            records.AddRange(psod);
            var pattern = new PurpleScreenPatternAnalyzer();
            foreach (PurpleScreen p in psod) pattern.Add(p);
            records.AddRange(pattern.Complete());
            records.AddRange(GuestFailureReader.Open(new GuestFailureOptions(), ctx).ReadAll(Docs("guest")));
            records.AddRange(BugCheckCodes.All.Take(50));
            var traces = Docs("ftrace", "public-dat", "v7-zlib-hostguest-hip24-2024-03");
            records.AddRange(TraceReader.OpenFiles(new TraceReadOptions(), ctx).ReadAll(traces));
            records.AddRange(TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(traces).Take(3000));
            records.AddRange(TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(Docs("ftrace", "public-text", "tracecompass-incubator", "trace-func-graph")).Take(500));
            records.AddRange(KvmReader.OpenExits(new KvmReadOptions(), ctx).ReadAll(traces));
            records.AddRange(KvmReader.OpenTimeline(new KvmReadOptions(), ctx).ReadAll(traces).Take(500));
            var engine = Docs("vdsm", "mz-pdm_ovirt-log-analyzer_engine.log");
            records.AddRange(OVirtReader.OpenEntries(new OVirtEngineEntryOptions(), ctx).ReadAll(engine).Take(500));
            records.AddRange(OVirtReader.OpenCommands(new OVirtEngineCommandOptions(), ctx).ReadAll(engine).Take(200));
            records.AddRange(vmotion.Take(5));
            return records;
        }
    }
}
