using System.Text;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Fuzz
{
    /// <summary>
    /// "Nothing lost" (issue 10): every line is part of a record, a line skipped on purpose, or a reported issue; every
    /// event of a join ends in exactly one aggregate or in the orphan report. Line counts are taken independently.
    /// </summary>
    public class AccountingTests
    {
        private static int CountLines(string path) => File.ReadAllText(path).Split('\n').Length - (File.ReadAllText(path).EndsWith('\n') ? 1 : 0);

        [FixtureFact]
        public void EveryVdsmLineBelongsToExactlyOneEntryOrAReportedHeadlessRun()
        {
            foreach (string file in new[] { Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log") })
            {
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var docs = DocumentResolver.Resolve(new[] { file }, ctx);
                var entries = VdsmReader.ReadEntries(docs, new VdsmEntryOptions(), ctx).ToList();
                long headless = issues.Issues.Where(i => i.Kind == IssueKind.TruncatedRecord && i.Message.Contains("before the first record header"))
                    .Sum(i => long.Parse(Regex.Match(i.Message, @"^\d+").Value));
                // wc -l equivalent, counted here without the reader:
                Assert.Equal(CountLines(file), entries.Sum(e => (long)e.LineCount) + headless);
                // and the records tile the file: each starts right after the previous one ends
                long next = 1 + headless;
                foreach (var e in entries)
                {
                    Assert.Equal(next, e.LineNumber);
                    next = e.LineNumber + e.LineCount;
                }
            }
        }

        [FixtureFact]
        public void EveryVMotionEventEndsInExactlyOneMigrationOrTheOrphanReport()
        {
            string dir = Repo.Fixture("vmotion");
            foreach (string file in Directory.GetFiles(dir).Where(f => !f.EndsWith("PROVENANCE.md", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
            {
                var ctx = new ReadContext(new IssueCollector());
                var docs = DocumentResolver.Resolve(new[] { file }, ctx);
                var events = VMotionReader.ReadEvents(docs, new VMotionOptions(), ctx).ToList();

                var issues = new IssueCollector();
                var ctx2 = new ReadContext(issues);
                var migrations = VMotionReader.ReadMigrations(docs, new VMotionOptions(), ctx2).ToList();
                var joined = migrations.SelectMany(m => m.Events).ToList();
                long orphans = issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent);
                Assert.True(events.Count == joined.Count + orphans, $"{Path.GetFileName(file)}: {events.Count} events, {joined.Count} joined, {orphans} orphans");
                // exactly one: no event is in two migrations
                Assert.Equal(joined.Count, joined.Select(e => (e.Path, e.LineNumber, e.Message)).Distinct().Count());
            }
        }
    }
}
