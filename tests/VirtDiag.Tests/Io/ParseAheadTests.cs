using System.Globalization;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;

namespace VirtDiag.Tests.Io
{
    /// <summary>Several documents parsed on a second thread ahead of the join give what the serial read gives, in the same order.</summary>
    public class ParseAheadTests
    {
        private const string Src = "esx-src07-2026-05-02--08.00-4711";
        private const string Dst = "esx-dst09-2026-05-02--08.01-4712";
        private const int MigrationsPerFile = 700;
        private const int MaxLine = 2048;

        /// <summary>Where the test put its faults: file (relative to the temp folder) and line.</summary>
        private sealed class Layout
        {
            public readonly List<(string File, long Line)> Unmatched = new();
            public readonly List<(string File, long Line)> Overlong = new();
        }

        /// <summary>
        /// Two hosts, each with a gzip-rotated and a current vmkernel log: source lines on one host, destination lines on
        /// the other, so every migration joins across documents. Each file also holds a line that names a migration but
        /// matches no wording, an overlong line, and id-less lines of a world no line names (orphans).
        /// </summary>
        private static Layout Write(TempDir tmp)
        {
            var layout = new Layout();
            long id = 1777708800000001;
            var start = new DateTimeOffset(2026, 5, 2, 8, 0, 0, TimeSpan.Zero);
            int file = 0;
            foreach (string rotation in new[] { "vmkernel.0.gz", "vmkernel.log" })
            {
                var src = new StringBuilder();
                var dst = new StringBuilder();
                long srcLine = 0, dstLine = 0;
                void S(string text) { src.Append(text).Append('\n'); srcLine++; }
                void D(string text) { dst.Append(text).Append('\n'); dstLine++; }
                for (int k = 0; k < MigrationsPerFile; k++, id++)
                {
                    string t = start.AddSeconds(file * 10_000 + k * 7).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    int vm = 2_400_000 + k, dvm = 3_500_000 + k, net = 10 + k % 200;
                    S($"{t} cpu3:{vm})Migrate: vm {vm}: 3284: Setting VMOTION info: Source ts = {id}, src ip = <172.16.{net}.21> dest ip = <172.16.{net}.22> Dest wid = {dvm} using SHARED swap");
                    S($"{t} cpu5:{vm})Hbr: 3340: Migration start received (worldID={vm}) (migrateType=1) (event=0) (isSource=1) (sharedConfig=1)");
                    S($"{t} cpu5:{vm})Net: 3354: disconnected client from port 0x{k:x}");
                    S($"{t} cpu6:{vm})VMotion: 4531: {id} S: Stopping pre-copy: only {300 + k} pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~{900 + k}.125 MB/s, 51000% t2d)");
                    S($"{t} cpu7:{vm})Hbr: 3434: Migration end received (worldID={vm}) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)");
                    D($"{t} cpu9:{dvm})Migrate: vm {dvm}: 3284: Setting VMOTION info: Dest ts = {id}, src ip = <172.16.{net}.21> dest ip = <172.16.{net}.22> Dest wid = 0 using SHARED swap");
                    D($"{t} cpu9:{dvm})VMotionUtil: 3396: {id} D: Stream connection 1 added.");
                    D($"{t} cpu9:{dvm})Hbr: 3434: Migration end received (worldID={dvm}) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)");
                    if (k == 100 + file)
                    {
                        S($"{t} cpu2:{vm})Vol3: 1270: migration of lock records deferred on volume ds-{file}-{k}");
                        layout.Unmatched.Add((Path.Combine(Src, "var/run/log", rotation), srcLine));
                        D($"{t} cpu2:{dvm})VMotion: 9999: {id} D: " + new string('x', 20 * MaxLine));
                        layout.Overlong.Add((Path.Combine(Dst, "var/run/log", rotation), dstLine));
                        D($"{t} cpu2:{dvm})Hbr: 3340: Migration start received (worldID={9_900_000 + file}) (migrateType=1) (event=0) (isSource=0) (sharedConfig=1)");
                    }
                }
                foreach ((string host, StringBuilder text) in new[] { (Src, src), (Dst, dst) })
                {
                    string name = Path.Combine(host, "var/run/log", rotation);
                    if (rotation.EndsWith(".gz", StringComparison.Ordinal)) tmp.File(name, TarBuilder.Gzip(text.ToString()));
                    else tmp.File(name, text.ToString());
                }
                file++;
            }
            return layout;
        }

        /// <summary>Records and issues in the one order the caller saw them (push form: issues land between records).</summary>
        private static List<string> Read<T>(TempDir tmp, bool ahead, Func<VMotionOptions, ReadContext, Action<T>, ReadSession<T>> open, Func<T, string> show)
        {
            var seen = new List<string>();
            int thread = Environment.CurrentManagedThreadId;
            var ctx = new ReadContext(new DelegateIssueSink(i =>
            {
                Assert.Equal(thread, Environment.CurrentManagedThreadId);
                seen.Add("issue " + i);
            }))
            { MaxLineLength = MaxLine, ParseAhead = ahead };
            ctx.Coverage = c => seen.Add("coverage " + c);
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(tmp.Path, Src), Path.Combine(tmp.Path, Dst) }, ctx);
            ReadSession<T> session = open(new VMotionOptions(), ctx, r =>
            {
                Assert.Equal(thread, Environment.CurrentManagedThreadId);
                seen.Add(show(r));
            });
            session.Add(docs);
            session.Complete();
            return seen;
        }

        private static string ShowEvent(VMotionEvent e)
            => string.Join("|", e.Path, e.LineNumber, e.HostName, e.MigrationId, e.Kind, e.Role, e.Timestamp?.ToString("O"), e.VMWorldId, e.SourceIp, e.PagesLeft, e.Message);

        private static string ShowMigration(VMotionMigration m)
            => string.Join("|", m.MigrationId, m.Result, m.SourceHost, m.DestinationHost, m.VMWorldId, m.DestinationWorldId, m.StartTime?.ToString("O"),
                m.EndTime?.ToString("O"), m.PagesLeftAtSwitchover, m.BandwidthMBps, m.Events.Count, string.Join(",", m.Events.Select(e => e.Path + ":" + e.LineNumber)));

        [Fact]
        public void Events_ParsedAhead_AreTheSerialEventsAndIssuesInTheSameOrder()
        {
            using var tmp = new TempDir();
            Layout layout = Write(tmp);
            List<string> serial = Read<VMotionEvent>(tmp, false, (o, c, s) => VMotionReader.OpenEvents(o, c, s), ShowEvent);
            List<string> ahead = Read<VMotionEvent>(tmp, true, (o, c, s) => VMotionReader.OpenEvents(o, c, s), ShowEvent);

            Assert.Equal(serial, ahead);
            // 4 documents × 700 migrations: 4 source lines (the Net line is not one) or 3 destination lines each, plus the overlong lines' events and the orphan starts
            Assert.Equal(2 * 700 * 4 + 2 * 700 * 3 + 2 + 2, ahead.Count(s => !s.StartsWith("issue ", StringComparison.Ordinal) && !s.StartsWith("coverage ", StringComparison.Ordinal)));
            AssertIssuesNameFileAndLine(tmp, layout, ahead);
        }

        [Fact]
        public void Migrations_ParsedAhead_AreTheSerialMigrationsAndIssuesInTheSameOrder()
        {
            using var tmp = new TempDir();
            Layout layout = Write(tmp);
            List<string> serial = Read<VMotionMigration>(tmp, false, (o, c, s) => VMotionReader.OpenMigrations(o, c, s), ShowMigration);
            List<string> ahead = Read<VMotionMigration>(tmp, true, (o, c, s) => VMotionReader.OpenMigrations(o, c, s), ShowMigration);

            Assert.Equal(serial, ahead);
            List<string> migrations = ahead.Where(s => s.StartsWith("17777088", StringComparison.Ordinal)).ToList();
            Assert.Equal(1400, migrations.Count);
            // every migration joined across its two hosts' documents: the first one read, in full
            string first = migrations.Single(s => s.StartsWith("1777708800000001|", StringComparison.Ordinal));
            Assert.StartsWith("1777708800000001|Succeeded|src07|dst09|2400000|3500000|2026-05-02T08:00:00.0000000+00:00|2026-05-02T08:00:00.0000000+00:00|300|900.125|7|", first);
            AssertIssuesNameFileAndLine(tmp, layout, ahead);
            // the two id-less starts of a world no line names are orphans, reported by the join, on the caller's thread
            Assert.Equal(2, ahead.Count(s => s.StartsWith("issue ", StringComparison.Ordinal) && s.Contains(": OrphanEvent: ", StringComparison.Ordinal)));
        }

        private static void AssertIssuesNameFileAndLine(TempDir tmp, Layout layout, List<string> seen)
        {
            foreach ((string file, long line) in layout.Unmatched)
            {
                string path = Path.Combine(tmp.Path, file);
                Assert.Contains(seen, s => s.StartsWith("issue " + path + ":" + line + ": Skipped: 1 line(s) mention vMotion or migration", StringComparison.Ordinal));
            }
            foreach ((string file, long line) in layout.Overlong)
            {
                string path = Path.Combine(tmp.Path, file);
                Assert.Contains(seen, s => s.StartsWith("issue " + path + ":" + line + ": LineTooLong: ", StringComparison.Ordinal));
            }
            Assert.Equal(4, seen.Count(s => s.StartsWith("coverage ", StringComparison.Ordinal)));
        }

        [Fact]
        public void ParsersRunOnASecondThreadAndTheirIssuesComeBackOnTheCallersBetweenTheSameRecords()
        {
            using var tmp = new TempDir();
            var paths = new List<string>();
            for (int d = 0; d < 3; d++)
            {
                var text = new StringBuilder();
                for (int i = 1; i <= 5000; i++) text.Append(i % 1000 == 0 ? "bad " : "rec ").Append(d).Append(' ').Append(i).Append('\n');
                paths.Add(tmp.File("doc" + d + ".txt", text.ToString()));
            }
            int caller = Environment.CurrentManagedThreadId;
            var parserThreads = new List<int>();
            List<string> Run(bool ahead)
            {
                var seen = new List<string>();
                var ctx = new ReadContext(new DelegateIssueSink(i => seen.Add(Environment.CurrentManagedThreadId == caller ? "issue " + i : "issue on another thread"))) { ParseAhead = ahead };
                var spec = new LineSessionSpec<string, string>(d => new MarkParser(d, ctx), new PassThroughJoin<string>())
                {
                    ParserIn = (d, c) =>
                    {
                        lock (parserThreads) parserThreads.Add(Environment.CurrentManagedThreadId);
                        return new MarkParser(d, c);
                    },
                };
                var docs = DocumentResolver.Resolve(paths, ctx);
                seen.AddRange(new LineSession<string, string>(spec, ctx, null).ReadAll(docs));
                return seen;
            }

            List<string> serial = Run(false);
            Assert.Empty(parserThreads);
            List<string> ahead = Run(true);
            Assert.Equal(3, parserThreads.Count);
            Assert.DoesNotContain(caller, parserThreads);
            Assert.Equal(serial, ahead);
            Assert.Equal(3 * 4995 + 15, ahead.Count);
            string doc1 = Path.Combine(tmp.Path, "doc1.txt");
            int at = ahead.IndexOf("issue " + doc1 + ":3000: Skipped: bad line");
            Assert.True(at > 0);
            Assert.Equal("1 2999", ahead[at - 1]);
            Assert.Equal("1 3001", ahead[at + 1]);
        }

        [Fact]
        public void ACancelledReadStopsTheParserThreadAndSaysSo()
        {
            using var tmp = new TempDir();
            Write(tmp);
            using var cancel = new CancellationTokenSource();
            var ctx = new ReadContext(null, null, cancel.Token) { ParseAhead = true };
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(tmp.Path, Src), Path.Combine(tmp.Path, Dst) }, ctx);
            int n = 0;
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (VMotionEvent _ in VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs))
                {
                    if (++n == 10) cancel.Cancel();
                }
            });
            // the records of the chunk in hand still come out; the next chunk is not taken
            Assert.InRange(n, 10, 1024);
        }

        [Fact]
        public void StoppingEarlyEndsTheReadWithTheFirstRecords()
        {
            using var tmp = new TempDir();
            Write(tmp);
            var ctx = new ReadContext { ParseAhead = true };
            var docs = DocumentResolver.Resolve(new[] { Path.Combine(tmp.Path, Src), Path.Combine(tmp.Path, Dst) }, ctx);
            List<VMotionEvent> first = VMotionReader.OpenEvents(new VMotionOptions(), ctx).ReadAll(docs).Take(3).ToList();
            Assert.Equal(new long[] { 1, 2, 4 }, first.Select(e => e.LineNumber));
            Assert.All(first, e => Assert.Equal("1777708800000001", e.MigrationId));
        }

        /// <summary>Keeps lines starting "rec " as records; reports each "bad " line as skipped.</summary>
        private sealed class MarkParser : ILineParser<string>
        {
            private readonly LogDocument _doc;
            private readonly ReadContext _ctx;
            public MarkParser(LogDocument doc, ReadContext ctx) { _doc = doc; _ctx = ctx; }

            public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<string> output)
            {
                string text = Encoding.ASCII.GetString(line);
                if (text.StartsWith("rec ", StringComparison.Ordinal)) output.Add(text.Substring(4));
                else _ctx.Report(_doc.Path, IssueKind.Skipped, "bad line", lineNumber);
            }

            public void Complete(List<string> output) { }
        }
    }
}
