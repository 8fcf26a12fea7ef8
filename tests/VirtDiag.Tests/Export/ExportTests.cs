using System.Data;
using DuckDB.NET.Data;
using VirtDiag.Export;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Vdsm;
using VirtDiag.VMotion;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Export
{
    /// <summary>Parquet export read back with DuckDB: counts per table equal the readers' own counts, values survive.</summary>
    public sealed class ExportParquetTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "virtdiag-export-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        internal static (IReadOnlyList<ExportedPartition> Partitions, IssueCollector Issues) Export(string output, ExportOptions? options, params string[] paths)
        {
            var issues = new IssueCollector();
            options ??= new ExportOptions();
            options.OutputDirectory ??= output;
            var docs = DocumentResolver.Resolve(paths, new ReadContext(issues), null);
            return (new ExportRunner(options, issues, CancellationToken.None).Run(docs), issues);
        }

        internal static List<object?[]> Query(string sql)
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return rows;
        }

        private string Glob(string table) => "read_parquet('" + Path.Combine(_dir, table).Replace('\\', '/') + "/**/*.parquet', hive_partitioning = true)";

        [Fact]
        public void ExamplesReadBackWithTheReadersCountsAndValues()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            var (partitions, issues) = Export(_dir, new ExportOptions { Parallel = 2 }, examples);
            Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);

            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { examples }, ctx, null);
            int events = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs).Count();
            int migrations = VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(docs).Count();
            int entries = VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(docs).Count();
            int tasks = VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(docs).Count();
            Assert.True(events > 0 && migrations > 0 && entries > 0 && tasks > 0);

            Assert.Equal((long)events, Query("SELECT count(*) FROM " + Glob("vmotion_events"))[0][0]);
            Assert.Equal((long)migrations, Query("SELECT count(*) FROM " + Glob("vmotion_migrations"))[0][0]);
            Assert.Equal((long)entries, Query("SELECT count(*) FROM " + Glob("vdsm_entries"))[0][0]);
            Assert.Equal((long)tasks, Query("SELECT count(*) FROM " + Glob("vdsm_tasks"))[0][0]);
            Assert.Equal(events, partitions.Where(p => p.Table == "vmotion_events").Sum(p => (int)p.Rows));

            // Hive partitions by host: both ESXi hosts of examples/ have their own folder.
            var hosts = Query("SELECT host, count(*) FROM " + Glob("vmotion_events") + " GROUP BY host ORDER BY host");
            Assert.Equal(new[] { "esx-a.lab", "esx-b.lab" }, hosts.Select(r => (string)r[0]!).ToArray());

            // A migration: enum as its name, TimeSpan as seconds, time as UTC timestamp plus the text as written.
            var failed = Query("SELECT MigrationId, Result, Duration, StartTime, StartTimeText FROM " + Glob("vmotion_migrations") + " WHERE Result = 'Failed'");
            var expected = VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(docs).Single(m => m.Result == VMotionResult.Failed);
            Assert.Single(failed);
            Assert.Equal(expected.MigrationId, failed[0][0]);
            Assert.Equal(expected.Duration!.Value.TotalSeconds, (double)failed[0][2]!, 6);
            Assert.Equal(expected.StartTime!.Value.UtcDateTime, ToUtc(failed[0][3]!));
            Assert.Equal(expected.StartTime.Value, DateTimeOffset.Parse((string)failed[0][4]!, System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void TimelineEntriesAreTheTimelinesOwnEntries()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            Export(_dir, new ExportOptions { Parallel = 2 }, examples);
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { examples }, ctx, null);
            var expected = VirtDiag.Timeline.TimelineReader.Read(docs, new VirtDiag.Timeline.TimelineOptions(), ctx)
                .GroupBy(e => e.Source + " " + e.Kind + " " + e.HostName).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.True(expected.Count > 5);
            var actual = Query("SELECT Source || ' ' || Kind || ' ' || HostName, count(*) FROM " + Glob("timeline_entries") + " GROUP BY ALL")
                .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
            Assert.Equal(expected.OrderBy(k => k.Key), actual.OrderBy(k => k.Key));
            // Times as written (no skew estimate), the placement saying so.
            Assert.Equal(new object?[] { "AsWritten" }, Query("SELECT DISTINCT Placement FROM " + Glob("timeline_entries") + " WHERE Timestamp IS NOT NULL").Select(r => r[0]).ToArray());
        }

        [Fact]
        public void NestedListsAreListsAndTypesAreTyped()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            Export(_dir, null, examples);
            var types = Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + Glob("vdsm_tasks") + ")")
                .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
            Assert.Equal("VARCHAR", types["Verb"]);
            Assert.StartsWith("TIMESTAMP", types["StartTime"]);
            Assert.Equal("DOUBLE", types["Duration"]);
            Assert.Equal("VARCHAR[]", types["States"]);
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { examples }, ctx, null);
            VdsmTask withStates = VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(docs).OrderByDescending(t => t.States.Count).First();
            var row = Query("SELECT len(States) FROM " + Glob("vdsm_tasks") + " WHERE TaskId = '" + withStates.TaskId + "' AND Verb = '" + withStates.Verb + "'");
            Assert.Equal((long)withStates.States.Count, Convert.ToInt64(row[0][0]));
        }

        [Fact]
        public void ExportingTheSameInputTwiceWritesTheSameFiles()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            var first = Export(_dir, null, examples).Partitions.Select(p => p.File).OrderBy(f => f).ToList();
            var second = Export(_dir, null, examples).Partitions.Select(p => p.File).OrderBy(f => f).ToList();
            Assert.Equal(first, second);
            Assert.Equal(first.Count, Directory.GetFiles(_dir, "*.parquet", SearchOption.AllDirectories).Length);
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
        }

        [FixtureFact]
        public void FixturesExportWithTheReadersCounts()
        {
            string vmotion = Repo.Fixture("vmotion"), vdsm = Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log");
            Export(_dir, new ExportOptions { Parallel = 2 }, vmotion, vdsm);
            var ctx = new ReadContext();
            var docs = DocumentResolver.Resolve(new[] { vmotion, vdsm }, ctx, null);
            long events = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs).LongCount();
            long entries = VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(docs).LongCount();
            long commands = VdsmReader.OpenCommands(new VdsmCommandOptions(), ctx).ReadAll(docs).LongCount();
            Assert.True(events > 0 && entries > 10000);
            Assert.Equal(548, commands); // the lab log's command lines, counted by the accounting tests
            Assert.Equal(events, Query("SELECT count(*) FROM " + Glob("vmotion_events"))[0][0]);
            Assert.Equal(entries, Query("SELECT count(*) FROM " + Glob("vdsm_entries"))[0][0]);
            Assert.Equal(commands, Query("SELECT count(*) FROM " + Glob("vdsm_commands"))[0][0]);
        }

        [Fact]
        public void ReExportOfAChangedBundleReplacesItsPartsAndLeavesOtherInputsAlone()
        {
            string input = Path.Combine(_dir, "in"), output = Path.Combine(_dir, "out");
            string[] lines = File.ReadAllLines(Path.Combine(Repo.Root, "examples", "esx-esx-a.lab-2026-11-01--12.00-1001", "var", "run", "log", "vmkernel.log"));
            string bundleA = Bundle(input, "esx-esx-a.lab-2026-11-01--12.00-1001", lines);
            Bundle(input, "esx-esx-b.lab-2026-11-01--12.00-1002",
                File.ReadAllLines(Path.Combine(Repo.Root, "examples", "esx-esx-b.lab-2026-11-01--12.00-1002", "var", "run", "log", "vmkernel.log")));
            string folderA = Path.Combine(output, "vmotion_events", "host=esx-a.lab"), folderB = Path.Combine(output, "vmotion_events", "host=esx-b.lab");
            Export(output, null, input);
            string firstA = Assert.Single(Directory.GetFiles(folderA, "*.parquet"));
            string partB = Assert.Single(Directory.GetFiles(folderB, "*.parquet"));
            long before = (long)Query("SELECT count(*) FROM '" + firstA + "'")[0][0]!;

            // The same bundle, changed: half its lines. Its load id changes, its source does not.
            File.SetLastWriteTimeUtc(Bundle(input, "esx-esx-a.lab-2026-11-01--12.00-1001", lines.Take(lines.Length / 2).ToArray()), DateTime.UtcNow.AddMinutes(1));
            var (_, issues) = Export(output, null, input);
            string secondA = Assert.Single(Directory.GetFiles(folderA, "*.parquet"));
            Assert.NotEqual(firstA, secondA);
            var docs = DocumentResolver.Resolve(new[] { bundleA }, new ReadContext(), null);
            long now = VMotionReader.OpenEvents(new VMotionOptions(), new ReadContext()).ReadAll(docs).LongCount();
            Assert.True(now > 0 && now < before, now + " of " + before);
            Assert.Equal(now, (long)Query("SELECT count(*) FROM '" + secondA + "'")[0][0]!);
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Source == firstA);
            Assert.Equal(partB, Assert.Single(Directory.GetFiles(folderB, "*.parquet")));

            // Changed again, now with no vMotion line: the host's vmotion_events part goes, the other host's stays.
            File.SetLastWriteTimeUtc(Bundle(input, "esx-esx-a.lab-2026-11-01--12.00-1001", new[] { "2026-11-01T12:00:00.000Z cpu0:2097152)Boot: a host with nothing to migrate" }),
                DateTime.UtcNow.AddMinutes(2));
            Export(output, null, input);
            Assert.Empty(Directory.GetFiles(folderA, "*.parquet"));
            Assert.Equal(partB, Assert.Single(Directory.GetFiles(folderB, "*.parquet")));
            Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
        }

        /// <summary>Writes NAME.tgz under <paramref name="folder"/>: an ESXi bundle holding var/run/log/vmkernel.log.</summary>
        private static string Bundle(string folder, string name, string[] vmkernelLines)
        {
            string stage = Path.Combine(folder, "stage");
            string log = Path.Combine(stage, name, "var", "run", "log");
            Directory.CreateDirectory(log);
            File.WriteAllLines(Path.Combine(log, "vmkernel.log"), vmkernelLines);
            string path = Path.Combine(folder, name + ".tgz");
            using (var file = File.Create(path))
            using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
                System.Formats.Tar.TarFile.CreateFromDirectory(Path.Combine(stage, name), gzip, includeBaseDirectory: true);
            Directory.Delete(stage, recursive: true);
            return path;
        }

        [Fact]
        public void DocumentsOfOneHostOrOneArchiveStayInOneGroup()
        {
            string root = Path.Combine(_dir, "in");
            Directory.CreateDirectory(Path.Combine(root, "esx-h1-2026-01-01--00.00-1", "var", "log"));
            Directory.CreateDirectory(Path.Combine(root, "esx-h2-2026-01-01--00.00-2", "var", "log"));
            foreach (string f in new[] { "esx-h1-2026-01-01--00.00-1/var/log/vmkernel.log", "esx-h1-2026-01-01--00.00-1/var/log/vmkernel.1.log", "esx-h2-2026-01-01--00.00-2/var/log/vmkernel.log" })
                File.WriteAllText(Path.Combine(root, f), "2026-01-01T00:00:00.000Z cpu0:1)x\n");
            var docs = DocumentResolver.Resolve(new[] { root }, new ReadContext(), null);
            var groups = ExportRunner.Group(docs);
            Assert.Equal(2, groups.Count);
            Assert.All(groups, g => Assert.Single(g.Select(d => d.HostName).Distinct()));
        }

        private static DateTime ToUtc(object value) => value switch
        {
            DateTimeOffset o => o.UtcDateTime,
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => throw new InvalidCastException(value.GetType().Name),
        };
    }
}

namespace VirtDiag.Tests.Export
{
    /// <summary>docs/SCHEMA.md lists exactly the columns the export writes (a record property added or renamed shows up here).</summary>
    public sealed class ExportSchemaDocumentTests
    {
        private const string Begin = "<!-- columns: generated from the record types; ExportSchemaDocumentTests checks it -->";
        private const string End = "<!-- columns end -->";

        [Fact]
        public void SchemaDocumentListsEveryColumnOfEveryTable()
        {
            string expected = string.Join("\n", ExportRunner.Tables.Select(t => RecordTable.For(t.Type, t.Name).MarkdownColumns()));
            string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "SCHEMA.md")).Replace("\r\n", "\n");
            int b = doc.IndexOf(Begin, StringComparison.Ordinal), e = doc.IndexOf(End, StringComparison.Ordinal);
            Assert.True(b >= 0 && e > b, "docs/SCHEMA.md lacks the generated column block markers");
            string actual = doc.Substring(b + Begin.Length, e - b - Begin.Length).Trim('\n');
            if (actual != expected.Trim('\n'))
            {
                string path = Path.Combine(Path.GetTempPath(), "virtdiag-schema-columns.md");
                File.WriteAllText(path, expected);
                Assert.Fail("docs/SCHEMA.md's column block differs from what the export writes; the current block is in " + path
                    + " (and bump RecordTable.SchemaVersion when a column changes meaning or goes away)");
            }
        }
    }
}

namespace VirtDiag.Tests.Export
{
    /// <summary>The README's DuckDB queries run as written on an export of the examples and fixtures.</summary>
    public sealed class ExportReadmeQueryTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "virtdiag-readme-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        [FixtureFact]
        public void ReadmeDuckDbQueriesRunOnAnExport()
        {
            ExportParquetTests.Export(_dir, null, Path.Combine(Repo.Root, "examples"), Repo.Fixture("psod"), Repo.Fixture("vmotion"),
                Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log"));
            string readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
            int start = readme.IndexOf("```sql\n-- which hosts", StringComparison.Ordinal);
            Assert.True(start >= 0, "README's DuckDB block not found");
            int end = readme.IndexOf("```", start + 6, StringComparison.Ordinal);
            string block = readme.Substring(start + 7, end - start - 7).Replace("'out/", "'" + _dir.Replace('\\', '/') + "/", StringComparison.Ordinal);
            string[] statements = block.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Contains("SELECT", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, statements.Length);
            var psod = ExportParquetTests.Query(statements[0]);
            var rates = ExportParquetTests.Query(statements[1]);
            var failing = ExportParquetTests.Query(statements[2]);
            Assert.NotEmpty(rates);
            Assert.All(rates, r => Assert.InRange(Convert.ToDouble(r[2]), 0.0, 1.0));
            Assert.NotNull(psod);
            Assert.NotNull(failing);
        }
    }
}
