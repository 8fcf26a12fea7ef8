using System.Globalization;
using System.Net.Http;
using System.Text;
using VirtDiag.Export;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.VMotion;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Export
{
    /// <summary>A fact that needs a ClickHouse server: .ci/run starts one (tests/clickhouse/start.sh) and sets VIRTDIAG_CLICKHOUSE_URL.</summary>
    public sealed class ClickHouseFactAttribute : FactAttribute
    {
        public ClickHouseFactAttribute()
        {
            if (string.IsNullOrEmpty(ClickHouseExportTests.Url))
                Skip = "VIRTDIAG_CLICKHOUSE_URL is not set (.ci/run starts clickhouse-server on 127.0.0.1 with tests/clickhouse/start.sh and sets it)";
        }
    }

    /// <summary>Export into a real ClickHouse server, counts and values queried back over HTTP.</summary>
    public sealed class ClickHouseExportTests
    {
        internal static string? Url => Environment.GetEnvironmentVariable("VIRTDIAG_CLICKHOUSE_URL");

        private static readonly HttpClient s_http = new();
        private readonly string _database = "virtdiag_test_" + Guid.NewGuid().ToString("N").Substring(0, 12);

        private static string Sql(string sql)
        {
            using var response = s_http.PostAsync(Url, new StringContent(sql, Encoding.UTF8)).GetAwaiter().GetResult();
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Assert.True(response.IsSuccessStatusCode, sql + " → " + text);
            return text.Trim();
        }

        private long Count(string table, string where = "") => long.Parse(Sql("SELECT count() FROM " + _database + "." + table + where), CultureInfo.InvariantCulture);

        private (IReadOnlyList<ExportedPartition> Partitions, IssueCollector Issues) Export(params string[] paths)
            => ExportParquetTests.Export(null!, new ExportOptions { ClickHouse = new Uri(Url!), Database = _database, OutputDirectory = null, Parallel = 2 }, paths);

        [ClickHouseFact]
        public void ExamplesLoadWithTheReadersCountsAndAReRunAddsNothing()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            try
            {
                var (first, issues) = Export(examples);
                Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
                var ctx = new ReadContext();
                var docs = DocumentResolver.Resolve(new[] { examples }, ctx, null);
                var migrations = VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(docs).ToList();
                Assert.Equal(VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs).LongCount(), Count("vmotion_events"));
                Assert.Equal(migrations.Count, Count("vmotion_migrations"));
                // One export may write several parts of a table and host (groups of input without a host name are "unknown").
                var perHost = first.GroupBy(p => (p.Table, p.HostName)).ToList();
                foreach (var g in perHost) Assert.Equal(g.Sum(p => p.Rows), Count(g.Key.Table, " WHERE Host = '" + g.Key.HostName + "'"));

                VMotionMigration failed = migrations.Single(m => m.Result == VMotionResult.Failed);
                string row = Sql("SELECT MigrationId, Result, Duration, toUnixTimestamp(StartTime), StartTimeMicros FROM " + _database
                    + ".vmotion_migrations WHERE Result = 'Failed' FORMAT TSV");
                string[] f = row.Split('\t');
                Assert.Equal(failed.MigrationId, f[0]);
                Assert.Equal(failed.Duration!.Value.TotalSeconds, double.Parse(f[2], CultureInfo.InvariantCulture), 6);
                Assert.Equal(failed.StartTime!.Value.ToUnixTimeSeconds(), long.Parse(f[3], CultureInfo.InvariantCulture));
                Assert.Equal(failed.StartTime.Value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond / 10, long.Parse(f[4], CultureInfo.InvariantCulture));

                var (second, _) = Export(examples);
                Assert.All(second, p => Assert.True(p.AlreadyLoaded, p.Table + " " + p.HostName));
                Assert.Equal(migrations.Count, Count("vmotion_migrations"));
                foreach (var g in perHost) Assert.Equal(g.Sum(p => p.Rows), Count(g.Key.Table, " WHERE Host = '" + g.Key.HostName + "'"));
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + _database);
            }
        }

        [ClickHouseFact]
        public void RowsOfAnUnfinishedLoadAreReplacedNotDoubled()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            try
            {
                var (first, _) = Export(examples);
                ExportedPartition events = first.First(p => p.Table == "vmotion_events");
                // An earlier run that died after inserting: its rows are there, its load was never marked finished.
                Sql("ALTER TABLE " + _database + ".virtdiag_loads DELETE WHERE LoadId = '" + events.LoadId + "'");
                for (int i = 0; i < 50 && Count("virtdiag_loads", " WHERE LoadId = '" + events.LoadId + "'") > 0; i++) Thread.Sleep(100);
                var (second, issues) = Export(examples);
                Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
                Assert.False(second.Single(p => p.LoadId == events.LoadId).AlreadyLoaded);
                Assert.Equal(events.Rows, Count("vmotion_events", " WHERE LoadId = '" + events.LoadId + "'"));
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + _database);
            }
        }

        [ClickHouseFact]
        public void AChangedBundleExportedAgainReplacesItsEarlierLoad()
        {
            string original = File.ReadAllText(Path.Combine(Repo.Root, "examples", "esx-esx-a.lab-2026-11-01--12.00-1001", "var", "run", "log", "vmkernel.log"));
            using var dir = new TempDir();
            const string name = "esx-esx-a.lab-2026-11-01--12.00-1001/var/run/log/vmkernel.log";
            string log = dir.File(name, original);
            long EventsIn(string path)
            {
                var ctx = new ReadContext();
                return VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx, null)).LongCount();
            }
            try
            {
                var (first, _) = Export(dir.Path);
                ExportedPartition before = first.Single(p => p.Table == "vmotion_events");
                Assert.Equal(EventsIn(dir.Path), Count("vmotion_events", " WHERE Host = 'esx-a.lab'"));

                // The same bundle collected again later holds half the lines: a new load of the same source.
                string[] lines = original.Split('\n');
                File.WriteAllText(log, string.Join("\n", lines.Take(lines.Length / 2)) + "\n");
                long now = EventsIn(dir.Path);
                Assert.InRange(now, 1, before.Rows - 1);
                var (second, issues) = Export(dir.Path);
                ExportedPartition after = second.Single(p => p.Table == "vmotion_events");
                Assert.NotEqual(before.LoadId, after.LoadId);
                Assert.False(after.AlreadyLoaded);
                Assert.Equal(now, Count("vmotion_events", " WHERE Host = 'esx-a.lab'"));
                Assert.Equal(0, Count("vmotion_events", " WHERE LoadId = '" + before.LoadId + "'"));
                Assert.Equal(1, Count("virtdiag_loads", " WHERE TableName = 'vmotion_events' AND Host = 'esx-a.lab'"));
                Assert.Contains(issues.Issues, i => i.Kind == IssueKind.Skipped && i.Message.Contains("load " + before.LoadId + " replaced by " + after.LoadId));
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + _database);
            }
        }

        [ClickHouseFact]
        public void ATableOfAnEarlierSchemaGetsTheMissingColumnsAndKeepsItsRows()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            try
            {
                // vmotion_migrations as an earlier version made it: the envelope and two columns, one row already loaded.
                Sql("CREATE DATABASE " + _database);
                Sql("CREATE TABLE " + _database + ".vmotion_migrations (Host String, LoadId String, EventTime DateTime('UTC'), MigrationId Nullable(String), "
                    + "VMName Nullable(String)) ENGINE = MergeTree() PARTITION BY toYYYYMM(EventTime) ORDER BY (Host, EventTime)");
                Sql("INSERT INTO " + _database + ".vmotion_migrations (Host, LoadId, EventTime, MigrationId, VMName) VALUES ('esx-old.lab', 'earlier', '2026-10-01 08:00:00', '9999999999999999', 'vm-kept')");
                var (_, issues) = Export(examples);
                Assert.DoesNotContain(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);

                var expected = ClickHouseClient.Columns(RecordTable.For(typeof(VMotionMigration), "vmotion_migrations")).Select(c => c.Name + " " + c.Type).ToArray();
                string[] actual = Sql("SELECT name, type FROM system.columns WHERE database = '" + _database + "' AND table = 'vmotion_migrations' FORMAT TabSeparatedRaw")
                    .Split('\n').Select(l => l.Replace('\t', ' ')).ToArray();
                Assert.Equal(expected, actual);
                Assert.Contains("Result Nullable(String)", actual);

                var ctx = new ReadContext();
                var migrations = VMotionReader.OpenMigrations(new VMotionOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { examples }, ctx, null)).ToList();
                Assert.Equal(migrations.Count + 1, Count("vmotion_migrations"));
                Assert.Equal("vm-kept\t\\N\t\\N", Sql("SELECT VMName, Result, Duration FROM " + _database + ".vmotion_migrations WHERE LoadId = 'earlier' FORMAT TSV"));
                VMotionMigration failed = migrations.Single(m => m.Result == VMotionResult.Failed);
                Assert.NotNull(failed.SourceHost);
                Assert.Equal(failed.MigrationId + "\t" + failed.SourceHost + "\t" + failed.DestinationHost,
                    Sql("SELECT MigrationId, SourceHost, DestinationHost FROM " + _database + ".vmotion_migrations WHERE Result = 'Failed' FORMAT TSV"));
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + _database);
            }
        }

        [ClickHouseFact]
        public void ARefusedBatchIsReportedWithItsInputAndTheRestIsLoaded()
        {
            string examples = Path.Combine(Repo.Root, "examples");
            try
            {
                // A table of the same name whose Message column is a number: the server refuses every insert into it.
                Sql("CREATE DATABASE " + _database);
                Sql("CREATE TABLE " + _database + ".vmotion_events (Host String, LoadId String, EventTime DateTime('UTC'), Message UInt32) ENGINE = MergeTree() ORDER BY Host");
                var (partitions, issues) = Export(examples);
                // One per host partition, each naming the input it came from and the server's reason.
                var refused = issues.Issues.Where(i => i.Kind == IssueKind.IoError && i.Message.Contains("vmotion_events", StringComparison.Ordinal))
                    .OrderBy(i => i.Source, StringComparer.Ordinal).ToList();
                Assert.Equal(2, refused.Count);
                Assert.Contains("esx-esx-a.lab", refused[0].Source, StringComparison.Ordinal);
                Assert.Contains("esx-esx-b.lab", refused[1].Source, StringComparison.Ordinal);
                Assert.All(refused, i => Assert.Contains("Cannot parse input", i.Message, StringComparison.Ordinal));
                Assert.Equal(0, Count("vmotion_events"));
                Assert.Equal(partitions.Where(p => p.Table == "vdsm_entries").Sum(p => p.Rows), Count("vdsm_entries"));
                Assert.True(Count("vdsm_entries") > 0);
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + _database);
            }
        }
    }

    /// <summary>ClickHouse failures that need no server.</summary>
    public sealed class ClickHouseUnreachableTests
    {
        [Fact]
        public void AnUnreachableServerIsOneErrorNamingItAndNothingIsWritten()
        {
            var issues = new IssueCollector();
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(Repo.Root, "examples") }, new ReadContext(issues), null);
            // Port 9 (discard) on loopback: nothing listens here.
            var runner = new ExportRunner(new ExportOptions { ClickHouse = new Uri("http://127.0.0.1:9/") }, issues, CancellationToken.None);
            Assert.Empty(runner.Run(docs));
            Issue issue = Assert.Single(issues.Issues, i => IssueSeverities.Of(i.Kind) == IssueSeverity.Error);
            Assert.Equal(IssueKind.IoError, issue.Kind);
            Assert.Equal("http://127.0.0.1:9/", issue.Source);
            Assert.Contains("ClickHouse cannot be used", issue.Message, StringComparison.Ordinal);
        }
    }
}

namespace VirtDiag.Tests.Export
{
    /// <summary>The CLI as users run it: export to ClickHouse, counts queried back equal the JSON Lines the per-area commands print.</summary>
    public sealed class ClickHouseCliTests
    {
        [ClickHouseFact]
        public void CliExportOfExamplesAndFixturesMatchesTheJsonLinesCounts()
        {
            string database = "virtdiag_cli_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var inputs = new List<string> { Path.Combine(Repo.Root, "examples") };
            if (Repo.Fixtures != null)
            {
                inputs.Add(Repo.Fixture("vmotion"));
                inputs.Add(Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log"));
            }
            string paths = string.Join(" ", inputs.Select(p => "\"" + p + "\""));
            using var http = new HttpClient();
            string Sql(string sql) => http.PostAsync(ClickHouseExportTests.Url, new StringContent(sql)).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult().Trim();
            try
            {
                var (code, stdout, stderr) = CliRunner.Run("export " + paths + " --clickhouse " + ClickHouseExportTests.Url + " --database " + database + " --format json");
                Assert.True(code == 0 || code == 1, stderr);
                Assert.DoesNotContain("ClickHouse", stderr, StringComparison.Ordinal);
                foreach (var (table, command) in new[] { ("vmotion_events", "vmotion events"), ("vmotion_migrations", "vmotion migrations"),
                    ("vdsm_entries", "vdsm entries"), ("vdsm_tasks", "vdsm tasks"), ("vdsm_commands", "vdsm commands"), ("guest_failures", "guest failures") })
                {
                    var (_, lines, _) = CliRunner.Run(command + " " + paths + " --format json");
                    long expected = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).LongLength;
                    Assert.True(expected > 0, command);
                    Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Sql("SELECT count() FROM " + database + "." + table));
                }
            }
            finally
            {
                Sql("DROP DATABASE IF EXISTS " + database);
            }
        }
    }
}
