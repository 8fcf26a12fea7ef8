using System.IO.Compression;
using System.Text.Json;
using VirtDiag.Cli.Output;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;

namespace VirtDiag.Tests.Io
{
    /// <summary>ReadSession.AddTogether: each document read once, every session gets exactly what its own read gives.</summary>
    public sealed class SharedReadTests : IDisposable
    {
        private static readonly JsonSerializerOptions s_json = RecordWriter.CreateJsonOptions();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "virtdiag-shared-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        /// <summary>One capability: its session opened with a sink, and the same session's own read (ReadAll).</summary>
        private sealed class Probe
        {
            public Probe(string name, Func<ReadContext, Action<object>, ReadSession> push, Func<ReadContext, IReadOnlyList<LogDocument>, IEnumerable<object>> pull)
            {
                Name = name; Push = push; Pull = pull;
            }

            public string Name { get; }
            public Func<ReadContext, Action<object>, ReadSession> Push { get; }
            public Func<ReadContext, IReadOnlyList<LogDocument>, IEnumerable<object>> Pull { get; }
        }

        private static readonly Probe[] s_probes =
        {
            new("vmotion events", (c, s) => VMotionReader.OpenEvents(new VMotionOptions(), c, s), (c, d) => VMotionReader.OpenEvents(new VMotionOptions(), c).ReadAll(d)),
            new("vmotion migrations", (c, s) => VMotionReader.OpenMigrations(new VMotionOptions(), c, s), (c, d) => VMotionReader.OpenMigrations(new VMotionOptions(), c).ReadAll(d)),
            new("vdsm entries", (c, s) => VdsmReader.OpenEntries(new VdsmEntryOptions(), c, s), (c, d) => VdsmReader.OpenEntries(new VdsmEntryOptions(), c).ReadAll(d)),
            new("vdsm tasks", (c, s) => VdsmReader.OpenTasks(new VdsmTaskOptions(), c, s), (c, d) => VdsmReader.OpenTasks(new VdsmTaskOptions(), c).ReadAll(d)),
            new("vdsm commands", (c, s) => VdsmReader.OpenCommands(new VdsmCommandOptions(), c, s), (c, d) => VdsmReader.OpenCommands(new VdsmCommandOptions(), c).ReadAll(d)),
            new("purple screens", (c, s) => PurpleScreenReader.Open(new PurpleScreenReadOptions(), c, s), (c, d) => PurpleScreenReader.Open(new PurpleScreenReadOptions(), c).ReadAll(d)),
            new("guest failures", (c, s) => GuestFailureReader.Open(new GuestFailureOptions(), c, s), (c, d) => GuestFailureReader.Open(new GuestFailureOptions(), c).ReadAll(d)),
            new("engine entries", (c, s) => OVirtReader.OpenEntries(new OVirtEngineEntryOptions(), c, s), (c, d) => OVirtReader.OpenEntries(new OVirtEngineEntryOptions(), c).ReadAll(d)),
            new("engine commands", (c, s) => OVirtReader.OpenCommands(new OVirtEngineCommandOptions(), c, s), (c, d) => OVirtReader.OpenCommands(new OVirtEngineCommandOptions(), c).ReadAll(d)),
        };

        /// <summary>Reads <paramref name="documents"/> once for every probe; returns each probe's records as JSON lines, the issues and the documents opened (coverage).</summary>
        private static (List<string>[] Records, IssueCollector Issues, List<string> Read) Together(IReadOnlyList<LogDocument> documents)
        {
            var issues = new IssueCollector();
            var read = new List<string>();
            var context = new ReadContext(issues) { Coverage = c => read.Add(c.Path) };
            var records = s_probes.Select(_ => new List<string>()).ToArray();
            var sessions = s_probes.Select((p, i) => p.Push(context, r => records[i].Add(JsonSerializer.Serialize(r, r.GetType(), s_json)))).ToList();
            ReadSession.AddTogether(documents, sessions);
            foreach (ReadSession s in sessions) s.Complete();
            return (records, issues, read);
        }

        private static List<string> Alone(Probe probe, IReadOnlyList<LogDocument> documents, IssueCollector? issues = null)
            => probe.Pull(new ReadContext(issues ?? new IssueCollector()), documents).Select(r => JsonSerializer.Serialize(r, r.GetType(), s_json)).ToList();

        /// <summary>A file as a document that counts how often it is opened: named by the user, or found in a folder.</summary>
        private static LogDocument Counted(string path, LogKind kind, Dictionary<string, int> opens, bool named = true)
        {
            Stream Open()
            {
                opens[path] = opens.TryGetValue(path, out int n) ? n + 1 : 1;
                return File.OpenRead(path);
            }
            return named
                ? LogDocument.FromStream(path, Open, null, kind)
                : new LogDocument(path, path, path, null, kind, -1, CompressionKind.None, -1, false, new StreamOrigin(Open));
        }

        [FixtureFact]
        public void EverySessionGetsTheRecordsOfItsOwnReadInItsOrder()
        {
            var opens = new Dictionary<string, int>();
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(Repo.Root, "examples"), Repo.Fixture("vmotion") }, new ReadContext(), null).ToList();
            docs.Add(Counted(Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log"), LogKind.Vdsm, opens, named: false));
            docs.Add(Counted(Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_engine.log"), LogKind.Engine, opens, named: false));
            var (records, _, read) = Together(docs);
            // Found in a folder, each goes to the sessions of its kind: their parsers share one opening.
            Assert.Equal(new[] { 1, 1 }, opens.Values.ToArray());
            opens.Clear();
            for (int i = 0; i < s_probes.Length; i++)
            {
                List<string> alone = Alone(s_probes[i], docs);
                Assert.True(alone.Count > 0, s_probes[i].Name);
                Assert.Equal(alone, records[i]);
            }
            // Read alone, each session of the kind opened it again: three vdsm sessions, two engine ones.
            Assert.Equal(new[] { 3, 2 }, opens.Values.ToArray());
            Assert.Equal(2, read.Count(p => p.EndsWith("mz-pdm_ovirt-log-analyzer_engine.log", StringComparison.Ordinal)));
        }

        [Fact]
        public void SessionsWantingOppositeOrdersEachKeepTheirs()
        {
            // vdsm.log named before vdsm.log.1: vdsm reads the rotated file first (a call begun there ends in vdsm.log),
            // vMotion reads named files in the order given. Both orders cannot hold in one pass, so there are two.
            string[] lines = File.ReadAllLines(Path.Combine(Repo.Root, "examples", "sosreport-rhvh01-2026-11-01-qx7f2", "var", "log", "vdsm", "vdsm.log"));
            Directory.CreateDirectory(_dir);
            string older = Path.Combine(_dir, "vdsm.log.1"), live = Path.Combine(_dir, "vdsm.log");
            File.WriteAllLines(older, lines.Take(lines.Length / 2));
            File.WriteAllLines(live, lines.Skip(lines.Length / 2));
            var opens = new Dictionary<string, int>();
            var docs = new[] { Counted(live, LogKind.Text, opens), Counted(older, LogKind.Text, opens) }; // named as text: every reader takes them
            var (records, _, _) = Together(docs);
            Assert.Equal(2, opens[live]);
            Assert.Equal(2, opens[older]);
            for (int i = 0; i < s_probes.Length; i++) Assert.Equal(Alone(s_probes[i], docs), records[i]);
            Assert.Equal(3, records[Array.FindIndex(s_probes, p => p.Name == "vdsm tasks")].Count);
        }

        [Fact]
        public void ANamedFileWhoseNameTellsItsKindGoesOnlyToTheReadersOfThatKind()
        {
            // `virtdiag export vmkernel.log vdsm.log`: the vdsm and engine readers do not read the vmkernel log (they used
            // to, and said "not a vdsm log" five times), the engine reader does not take vdsm lines for engine records.
            var opens = new Dictionary<string, int>();
            string vmk = Path.Combine(Repo.Root, "examples", "esx-esx-a.lab-2026-11-01--12.00-1001", "var", "run", "log", "vmkernel.log");
            string vdsm = Path.Combine(Repo.Root, "examples", "sosreport-rhvh01-2026-11-01-qx7f2", "var", "log", "vdsm", "vdsm.log");
            var docs = new[] { Counted(vmk, LogKind.VmKernel, opens), Counted(vdsm, LogKind.Vdsm, opens) };
            var (records, issues, read) = Together(docs);
            Assert.Equal(new[] { 1, 1 }, opens.Values.ToArray());
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord);
            int Index(string name) => Array.FindIndex(s_probes, p => p.Name == name);
            Assert.Equal(Alone(s_probes[Index("vmotion events")], new[] { docs[0] }), records[Index("vmotion events")]);
            Assert.Equal(Alone(s_probes[Index("vdsm tasks")], new[] { docs[1] }), records[Index("vdsm tasks")]);
            Assert.NotEmpty(records[Index("vmotion events")]);
            Assert.Equal(3, records[Index("vdsm tasks")].Count);
            Assert.Empty(records[Index("engine entries")]);
            Assert.Equal(3, read.Count(p => p == vmk)); // vMotion events, migrations and purple screens
        }

        [Fact]
        public void AFaultInADocumentIsReportedOnceAndWhatCameBeforeItIsRead()
        {
            string host = Path.Combine(_dir, "esx-esx-t.lab-2026-11-02--09.00-7", "var", "run", "log");
            Directory.CreateDirectory(host);
            byte[] text = File.ReadAllBytes(Path.Combine(Repo.Root, "examples", "esx-esx-a.lab-2026-11-01--12.00-1001", "var", "run", "log", "vmkernel.log"));
            var gz = new MemoryStream();
            var random = new Random(22);
            using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(text);
                // Lines that do not compress away, so the cut below falls well after the vMotion lines.
                for (int i = 0; i < 20000; i++)
                    z.Write(System.Text.Encoding.UTF8.GetBytes("2026-11-02T09:00:00.000Z cpu1:2097153)Noise: " + random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "\n"));
            }
            // Cut the last third off: the stream ends inside the deflate data.
            File.WriteAllBytes(Path.Combine(host, "vmkernel.1.gz"), gz.ToArray().AsSpan(0, (int)(gz.Length * 2 / 3)).ToArray());
            var docs = DocumentResolver.Resolve(new[] { _dir }, new ReadContext(), null);
            var (records, issues, _) = Together(docs);
            Issue fault = Assert.Single(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
            Assert.EndsWith("vmkernel.1.gz", fault.Source, StringComparison.Ordinal);
            Assert.Contains("lines before it were read", fault.Message, StringComparison.Ordinal);

            var alone = new IssueCollector();
            List<string> events = Alone(s_probes[0], docs, alone);
            // Every vMotion line of the text before the cut was read.
            Assert.Equal(VMotionReader.OpenEvents(new VMotionOptions(), new ReadContext()).ReadAllText(new[] { System.Text.Encoding.UTF8.GetString(text) }).Count(), events.Count);
            Assert.Equal(events, records[0]);
            Assert.Equal(fault.Kind, Assert.Single(alone.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error).Kind);
        }
    }
}
