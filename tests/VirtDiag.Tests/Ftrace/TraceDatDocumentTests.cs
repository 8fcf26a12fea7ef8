using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Ftrace;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Ftrace
{
    /// <summary>
    /// A trace.dat is one document of one read (issue 15): compressed or inside an archive, it is decoded once for the
    /// header and every CPU's cursor, and its progress is one pass over the outer file.
    /// </summary>
    public class TraceDatDocumentTests
    {
        // the documents are listed first (a pass of its own over an archive), then read with the context under test
        private static List<TraceEvent> Read(string path, ReadContext ctx)
            => TraceReader.OpenEvents(new TraceReadOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, new ReadContext(new IssueCollector()))).ToList();

        [FixtureFact("ftrace/local/local-sched-v6.dat")]
        public void DatInsideTgzIsDecodedOnceAndReadsAsThePlainFile()
        {
            string plain = Repo.Fixture("ftrace", "local", "local-sched-v6.dat");
            using var dir = new TempDir();
            string tgz = dir.File("host01-traces.tgz", TarBuilder.Gzip(new TarBuilder().File("traces/trace.dat", File.ReadAllBytes(plain)).ToArray()));
            var progress = new List<ReadProgress>();
            var issues = new IssueCollector();
            List<TraceEvent> fromTgz = Read(tgz, new ReadContext(issues, p => progress.Add(p)));
            List<TraceEvent> fromPlain = Read(plain, new ReadContext(new IssueCollector()));

            Assert.Empty(issues.Issues);
            Assert.Equal(fromPlain.Count, fromTgz.Count);
            Assert.Equal(TraceReport.Line(fromPlain[0]), TraceReport.Line(fromTgz[0]));
            Assert.Equal(TraceReport.Line(fromPlain[^1]), TraceReport.Line(fromTgz[^1]));
            Assert.Equal(tgz + "!/traces/trace.dat", fromTgz[0].Path);
            // one pass: the outer file's bytes only grow, and its end is reached once (before: once per CPU, plus the
            // header's cursor and the format check)
            Assert.NotEmpty(progress);
            Assert.All(progress, p => Assert.Equal(new FileInfo(tgz).Length, p.TotalBytes));
            for (int i = 1; i < progress.Count; i++) Assert.True(progress[i].BytesRead >= progress[i - 1].BytesRead, "progress went back: the archive was read again");
            Assert.Equal(1, progress.Count(p => p.BytesRead == p.TotalBytes));
        }

        [FixtureFact("ftrace/local/local-sched-v6.dat")]
        public void CutGzipDatReportsTheFaultOnceAndDeliversTheEventsBeforeIt()
        {
            string plain = Repo.Fixture("ftrace", "local", "local-sched-v6.dat");
            byte[] gz = TarBuilder.Gzip(File.ReadAllBytes(plain));
            using var dir = new TempDir();
            // the last 200 bytes of the gzip member hold the end of the CPU data (the header and kallsyms come first)
            string cut = dir.File("trace-host01.dat.gz", gz.AsSpan(0, gz.Length - 200).ToArray());
            var issues = new IssueCollector();
            List<TraceEvent> events = Read(cut, new ReadContext(issues));

            Issue fault = Assert.Single(issues.Issues, i => i.Kind == IssueKind.ArchiveTruncated);
            Assert.Equal(cut, fault.Source);
            Assert.Contains("what was decoded before it is read", fault.Message);
            // which CPU's data the cut reaches depends on how much the gzip decoder hands out before the fault
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.TruncatedRecord && i.Message.StartsWith("CPU ", StringComparison.Ordinal)
                && i.Message.Contains(": file ends inside the CPU data", StringComparison.Ordinal));
            Assert.NotEmpty(events);
            Assert.True(events.Count < Read(plain, new ReadContext(new IssueCollector())).Count);
            Assert.DoesNotContain(issues.Issues, i => i.Kind == IssueKind.IoError);
        }
        [FixtureFact("ftrace/local/local-sched-v7-zstd.dat")]
        public void HeaderOnlyOpenOfAGzippedDatReadsItsOptions()
        {
            // the clock mapping reads headers only: a .dat.gz is read forward (re-opened for the v7 sections that lie
            // before the options section at its end), not decoded whole; values as local-sched-v7-zstd.dump.txt lists them
            string plain = Repo.Fixture("ftrace", "local", "local-sched-v7-zstd.dat");
            using var dir = new TempDir();
            string gz = dir.File("trace-host01.dat.gz", TarBuilder.Gzip(File.ReadAllBytes(plain)));
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            TraceFileContext? f = TraceReader.OpenFile(Assert.Single(DocumentResolver.Resolve(new[] { gz }, ctx)), ctx);

            Assert.Empty(issues.Issues);
            Assert.NotNull(f);
            Assert.Equal(0xEC13EA320AD150AEUL, f!.TraceId);
            Assert.Equal("Linux vm 6.18.44-fc-v669 x86_64", f.Uname);
            Assert.Equal("3.1.6 not-a-git-repo", f.Version);
            Assert.Equal("zstd", f.CompressionName);
            Assert.Equal(2, f.Buffers[0].Cpus.Count);
        }
    }
}
