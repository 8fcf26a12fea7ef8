using VirtDiag.Io.Compression.Xz;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>Legacy .lzma (LZMA_Alone): the xz-utils test files and differential runs against `xz --format=lzma` on generated data.</summary>
    public sealed class XzLzmaAloneTests
    {
        private static XzTestKit.Outcome Decode(byte[] data, int readSize = 1 << 16)
        {
            var task = Task.Run(() =>
            {
                var output = new MemoryStream();
                using var s = new LzmaAloneDecoderStream(new MemoryStream(data));
                byte[] buf = new byte[readSize];
                try
                {
                    int n;
                    while ((n = s.Read(buf, 0, buf.Length)) > 0) output.Write(buf, 0, n);
                    return new XzTestKit.Outcome(output.ToArray(), null);
                }
                catch (CorruptDataException e)
                {
                    return new XzTestKit.Outcome(output.ToArray(), e);
                }
            });
            if (!task.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException(".lzma decode hung");
            return task.Result;
        }

        public static IEnumerable<object[]> Files(string prefix)
        {
            string? dir = Repo.Fixtures == null ? null : Path.Combine(Repo.Fixtures, "xz-testsuite");
            if (dir == null || !Directory.Exists(dir)) return new[] { new object[] { prefix + "(absent)" } };
            return Directory.GetFiles(dir, prefix + "*.lzma").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n! });
        }

        public static IEnumerable<object[]> GoodFiles() => Files("good-");
        public static IEnumerable<object[]> BadFiles() => Files("bad-");

        [FixtureTheory]
        [MemberData(nameof(GoodFiles))]
        public void GoodLzmaFileDecodesLikeXz(string name)
        {
            byte[] data = File.ReadAllBytes(Repo.Fixture("xz-testsuite", name));
            foreach (int readSize in new[] { 1, 65536 })
            {
                var got = Decode(data, readSize);
                Assert.Null(got.Error);
                Assert.NotEmpty(got.Output);
                if (Tools.Exists("xz"))
                {
                    var r = Tools.Run("xz", "-dc --format=lzma", data);
                    Assert.Equal(0, r.ExitCode);
                    Assert.Equal(r.Stdout, got.Output);
                }
            }
        }

        [FixtureTheory]
        [MemberData(nameof(BadFiles))]
        public void BadLzmaFileGivesCorruptData(string name)
        {
            byte[] data = File.ReadAllBytes(Repo.Fixture("xz-testsuite", name));
            var got = Decode(data);
            Assert.NotNull(got.Error);
            Assert.Contains(got.Error!.Kind, new[] { IssueKind.ArchiveCorrupt, IssueKind.ArchiveTruncated });
            if (Tools.Exists("xz"))
            {
                var r = Tools.Run("xz", "-dc --format=lzma", data);
                Assert.NotEqual(0, r.ExitCode);
                int common = Math.Min(r.Stdout.Length, got.Output.Length);
                Assert.Equal(r.Stdout.AsSpan(0, common).ToArray(), got.Output.AsSpan(0, common).ToArray());
            }
        }

        [ToolFact("xz")]
        public void DifferentialAgainstXzFormatLzma()
        {
            byte[] text = XzTestKit.Text(1_500_000, 41);
            byte[] random = XzTestKit.RandomBytes(100_000, 42);
            foreach (string opts in new[] { "-0", "-6", "-9e", "--lzma1=preset=6,lc=4,lp=0,pb=0", "--lzma1=dict=4KiB", "--lzma1=dict=64KiB,lc=0,lp=4,pb=4" })
            {
                foreach (byte[] data in new[] { text, random, Array.Empty<byte>() })
                {
                    var r = Tools.Run("xz", "-c --format=lzma " + opts, data);
                    Assert.Equal(0, r.ExitCode);
                    var got = Decode(r.Stdout, 4093);
                    Assert.Null(got.Error);
                    Assert.True(data.AsSpan().SequenceEqual(got.Output), "differs for " + opts);
                }
            }
        }

        [ToolFact("xz")]
        public void EveryTruncationGivesAnErrorAfterAPrefix()
        {
            byte[] text = XzTestKit.Text(3000, 43);
            var r = Tools.Run("xz", "-c --format=lzma -6", text);
            for (int cut = 0; cut < r.Stdout.Length; cut++)
            {
                var got = Decode(r.Stdout.AsSpan(0, cut).ToArray());
                Assert.NotNull(got.Error);
                Assert.True(text.AsSpan(0, got.Output.Length).SequenceEqual(got.Output), "cut " + cut);
                var reference = Tools.Run("xz", "-dc --format=lzma", r.Stdout.AsSpan(0, cut).ToArray());
                // xz may decode one more symbol at the cut (it reads a range coder byte later than we do).
                Assert.True(got.Output.Length >= reference.Stdout.Length - 300, "cut " + cut + ": ours " + got.Output.Length + " xz " + reference.Stdout.Length);
            }
        }
    
        [ToolFact("xz")]
        public void LzmaLogFileIsReadThroughTheInputLayer()
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 1; i <= 30_000; i++) sb.Append("legacy line ").Append(i).Append('\n');
            var r = Tools.Run("xz", "-c --format=lzma -6", System.Text.Encoding.ASCII.GetBytes(sb.ToString()));
            using var dir = new TempDir();
            string path = dir.File("messages.2.lzma", r.Stdout);
            var issues = new IssueCollector();
            var ctx = new VirtDiag.Common.ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { path }, ctx);
            Assert.Equal(CompressionKind.Lzma, Assert.Single(docs).Compression);
            using var reader = new LineReader(DocumentReader.Open(docs[0], ctx), path, ctx);
            long n = 0;
            string last = "";
            while (reader.TryReadLine(out ReadOnlySpan<byte> line)) { n++; last = System.Text.Encoding.ASCII.GetString(line); }
            Assert.Empty(issues.Issues);
            Assert.Equal(30_000, n);
            Assert.Equal("legacy line 30000", last);
        }

        [ToolFact("xz")]
        public void RandomDamageNeverThrowsAnythingElseNorHangs()
        {
            byte[] text = XzTestKit.Text(20_000, 44);
            byte[] lzma = Tools.Run("xz", "-c --format=lzma -6", text).Stdout;
            var rnd = new Random(45);
            for (int i = 0; i < 200; i++)
            {
                byte[] d = (byte[])lzma.Clone();
                for (int e = 1 + rnd.Next(3); e > 0; e--) d[13 + rnd.Next(d.Length - 13)] = (byte)rnd.Next(256);
                if (i % 3 == 0) d = d.AsSpan(0, rnd.Next(d.Length)).ToArray();
                var got = Decode(d, 1 + rnd.Next(70_000));
                Assert.True(got.Error != null || got.Output.Length > 0 || d.Length <= 13, "damage " + i);
            }
        }
    }
}
