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
        private static int CountLines(string path)
        {
            string text = File.ReadAllText(path);
            return text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0);
        }

        [FixtureFact]
        public void EveryVdsmLineBelongsToExactlyOneEntryOrAReportedHeadlessRun()
        {
            foreach (string file in new[] { Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log") })
            {
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var docs = DocumentResolver.Resolve(new[] { file }, ctx);
                var entries = VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(docs).ToList();
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
                var events = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs).ToList();

                var issues = new IssueCollector();
                var ctx2 = new ReadContext(issues);
                var migrations = VMotionReader.OpenMigrations(new VMotionOptions(), ctx2).ReadAll(docs).ToList();
                var joined = migrations.SelectMany(m => m.Events).ToList();
                long orphans = issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent);
                Assert.True(events.Count == joined.Count + orphans, $"{Path.GetFileName(file)}: {events.Count} events, {joined.Count} joined, {orphans} orphans");
                // exactly one: no event is in two migrations
                Assert.Equal(joined.Count, joined.Select(e => (e.Path, e.LineNumber, e.Message)).Distinct().Count());
            }
        }

        /// <summary>Every VDSM log fixture (new and old line layouts).</summary>
        private static IEnumerable<string> VdsmLogs()
        {
            yield return Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log");
            foreach (string f in Directory.GetFiles(Repo.Fixture("vdsm", "insights-core-fixtures"), "*.log").OrderBy(f => f, StringComparer.Ordinal)) yield return f;
        }

        private static int CountMatching(string path, Regex pattern) => File.ReadLines(path).Count(l => pattern.IsMatch(l));

        [FixtureFact]
        public void EveryVdsmCommandLineAndResultEndsInExactlyOneCommandOrTheOrphanReport()
        {
            var commandLine = new Regex(@"\(cwd [^)]*\)");
            var resultLine = new Regex(@"(SUCCESS|FAILED): <err> = ");
            int filesWithCommands = 0;
            foreach (string file in VdsmLogs())
            {
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var commands = VdsmReader.OpenCommands(new VdsmCommandOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { file }, ctx)).ToList();
                int starts = CountMatching(file, commandLine), results = CountMatching(file, resultLine);
                int orphans = issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent);
                string name = Path.GetFileName(file);
                if (starts > 0) filesWithCommands++;
                // Each command line starts exactly one command; each result line ends exactly one (joined, or an orphan of its own).
                Assert.True(starts == commands.Count(c => c.CommandLine != null), $"{name}: {starts} command lines, {commands.Count(c => c.CommandLine != null)} commands with one");
                Assert.True(results == commands.Count(c => c.Succeeded.HasValue), $"{name}: {results} result lines, {commands.Count(c => c.Succeeded.HasValue)} commands with a result");
                Assert.Equal(orphans, commands.Count(c => c.CommandLine == null));
                Assert.Equal(commands.Count, commands.Select(c => (c.Path, c.LineNumber)).Distinct().Count());
            }
            Assert.True(filesWithCommands >= 2, "the fixtures should hold commands in more than one file");
        }

        [FixtureFact]
        public void EveryVdsmTaskStateChangeEndsInExactlyOneTaskAndEveryDispatcherCallIsOneTask()
        {
            var stateLine = new Regex(@"moving from state \w+ -> state \w+");
            var dispatcherStart = new Regex(@"Run and protect: \w+(?!\w|, Return response)");
            int filesWithStates = 0;
            foreach (string file in VdsmLogs())
            {
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var tasks = VdsmReader.OpenTasks(new VdsmTaskOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { file }, ctx)).ToList();
                string name = Path.GetFileName(file);
                int states = CountMatching(file, stateLine);
                if (states > 0) filesWithStates++;
                var joinedStates = tasks.SelectMany(t => t.States).Select(s => s.LineNumber).ToList();
                Assert.True(states == joinedStates.Count, $"{name}: {states} state-change lines, {joinedStates.Count} states in tasks");
                Assert.Equal(joinedStates.Count, joinedStates.Distinct().Count());
                // Each dispatcher call line opens one task; each response no call was open for is reported and is a task of its own.
                int starts = CountMatching(file, dispatcherStart);
                int orphanResponses = issues.Issues.Count(i => i.Kind == IssueKind.OrphanEvent && i.Message.Contains("Return response"));
                Assert.True(starts + orphanResponses == tasks.Count(t => t.Kind == VdsmTaskKind.StorageDispatcher),
                    $"{name}: {starts} dispatcher calls + {orphanResponses} orphan responses, {tasks.Count(t => t.Kind == VdsmTaskKind.StorageDispatcher)} dispatcher tasks");
            }
            Assert.True(filesWithStates >= 2, "the fixtures should hold task state changes in more than one file");
        }

        [FixtureFact]
        public void EveryTraceTextLineIsAnEventAHeaderOrCountedAsSkipped()
        {
            string root = Repo.Fixture("ftrace");
            var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".txt", StringComparison.Ordinal) && !f.Contains(".dump.", StringComparison.Ordinal) && !f.Contains("git-lfs", StringComparison.Ordinal)
                             && (f.Contains("report", StringComparison.Ordinal) || f.Contains("tracefs", StringComparison.Ordinal) || f.Contains("public-text", StringComparison.Ordinal)))
                            || Path.GetFileName(f) == "trace-critical-path")
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
            Assert.True(files.Count >= 10, files.Count + " trace text fixtures");
            // Blank lines, # comments and trace-cmd report's own header lines, counted here without the reader.
            var header = new Regex(@"^\s*$|^#|^\s*cpus=|^\s*version = |^\s*CPU \d+ is empty\s*$");
            foreach (string file in files)
            {
                var issues = new IssueCollector();
                var ctx = new ReadContext(issues);
                var docs = DocumentResolver.Resolve(new[] { file }, ctx);
                var events = VirtDiag.Ftrace.FtraceTextReader.Read(docs, new VirtDiag.Ftrace.TraceReadOptions(), ctx).ToList();
                long lines = CountLines(file), headers = File.ReadLines(file).Count(l => header.IsMatch(l));
                Issue? skipped = issues.Issues.SingleOrDefault(i => i.Kind == IssueKind.Skipped || i.Kind == IssueKind.NoRelevantData);
                long others = skipped == null ? 0 : long.Parse(Regex.Match(skipped.Message, @"(\d+) line\(s\)").Groups[1].Value);
                string name = Path.GetFileName(file);
                Assert.True(lines == events.Count + headers + others, $"{name}: {lines} lines = {events.Count} events + {headers} headers + {others} skipped?");
                Assert.True(events.Count > 0 || (skipped != null && skipped.Kind == IssueKind.NoRelevantData), name + ": no events and no NoRelevantData warning");
            }
        }
    }
}
