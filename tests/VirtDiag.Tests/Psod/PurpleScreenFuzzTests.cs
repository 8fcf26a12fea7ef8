using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    /// <summary>Random cuts, joins and byte noise over every fixture (fixed seeds): never an exception; partial screens or issues.</summary>
    public class PurpleScreenFuzzTests
    {
        public static IEnumerable<object[]> Fixtures()
        {
            if (Repo.Fixtures == null) yield break;
            foreach (string f in Directory.GetFiles(Path.Combine(Repo.Fixtures, "psod"), "*.txt").OrderBy(f => f, StringComparer.Ordinal))
                yield return new object[] { Path.GetFileName(f) };
        }

        private static List<PurpleScreen> ReadBytes(byte[] bytes, string name, IssueCollector issues, int maxLine = ReadContext.DefaultMaxLineLength)
        {
            var ctx = new ReadContext(issues) { MaxLineLength = maxLine };
            var doc = LogDocument.FromStream(name, () => new MemoryStream(bytes));
            return PurpleScreenReader.Open(new PurpleScreenReadOptions(), ctx).ReadAll(new[] { doc }).ToList();
        }

        private static void AssertSane(IEnumerable<PurpleScreen> screens)
        {
            foreach (PurpleScreen s in screens)
            {
                Assert.True(s.LineNumber >= 1);
                Assert.NotNull(s.Text);
                Assert.NotNull(s.Frames);
                Assert.NotNull(s.Registers);
                Assert.All(s.Frames, f => Assert.NotNull(f.StackArguments));
            }
        }

        [FixtureTheory]
        [MemberData(nameof(Fixtures))]
        public void RandomCutsNeverThrow(string file)
        {
            byte[] bytes = File.ReadAllBytes(Repo.Fixture("psod", file));
            var rng = new Random(1000 + file.Length);
            for (int i = 0; i < 200; i++)
            {
                int start = rng.Next(bytes.Length);
                int length = rng.Next(bytes.Length - start + 1);
                var issues = new IssueCollector();
                AssertSane(ReadBytes(bytes.AsSpan(start, length).ToArray(), file, issues));
            }
        }

        [FixtureTheory]
        [MemberData(nameof(Fixtures))]
        public void RandomJoinsNeverThrowAndKeepFrames(string file)
        {
            string text = File.ReadAllText(Repo.Fixture("psod", file));
            int framesWhole = Psod.Convert(text).Sum(s => s.Frames.Count);
            var rng = new Random(2000 + file.Length);
            for (int i = 0; i < 100; i++)
            {
                var sb = new StringBuilder();
                foreach (char c in text) sb.Append(c == '\n' && rng.Next(3) == 0 ? (rng.Next(2) == 0 ? " " : "") : c.ToString());
                var screens = Psod.Convert(new[] { sb.ToString() }, out _);
                AssertSane(screens);
                // Lines joined with a space keep every bracketed frame readable, joined without one some may be lost.
                Assert.True(screens.Sum(s => s.Frames.Count) <= framesWhole + 1);
            }
        }

        [FixtureTheory]
        [MemberData(nameof(Fixtures))]
        public void ByteNoiseNeverThrows(string file)
        {
            byte[] clean = File.ReadAllBytes(Repo.Fixture("psod", file));
            byte[] noise = { 0x00, 0x1B, 0xFF, 0xC3, 0x80, (byte)'\r', (byte)'\n', (byte)'[', (byte)']', (byte)':', (byte)'@', (byte)'#', (byte)'*', (byte)'/' };
            var rng = new Random(3000 + file.Length);
            for (int i = 0; i < 200; i++)
            {
                var bytes = new List<byte>(clean);
                int edits = 1 + rng.Next(20);
                for (int e = 0; e < edits && bytes.Count > 0; e++)
                {
                    int at = rng.Next(bytes.Count);
                    byte b = rng.Next(2) == 0 ? noise[rng.Next(noise.Length)] : (byte)rng.Next(256);
                    switch (rng.Next(3))
                    {
                        case 0: bytes[at] = b; break;
                        case 1: bytes.Insert(at, b); break;
                        default: bytes.RemoveAt(at); break;
                    }
                }
                var issues = new IssueCollector();
                AssertSane(ReadBytes(bytes.ToArray(), file, issues, maxLine: i % 4 == 0 ? 48 : ReadContext.DefaultMaxLineLength));
            }
        }

        [Fact]
        public void GarbageAndHugeLinesGiveIssuesNotExceptions()
        {
            var rng = new Random(42);
            byte[] garbage = new byte[200_000];
            rng.NextBytes(garbage);
            var issues = new IssueCollector();
            AssertSane(ReadBytes(garbage, "garbage.bin", issues));
            // One 100 kB line of frame-like text: cut to a bounded length, no regex blow-up.
            string huge = "@BlueScreen: #PF Exception 14 in world 1:x " + string.Concat(Enumerable.Repeat("0x4100c7ff7d08:[0x41803645e7fc]WorldNewInt+0xa3 stack: 0x1 ", 1500));
            var screens = Psod.Convert(new[] { huge }, out _);
            PurpleScreen s = Assert.Single(screens);
            Assert.InRange(s.Frames.Count, 1, 512);
        }

        [Fact]
        public void EndlessBlockIsCutWithLimitExceeded()
        {
            // Synthetic: a screen followed by 5000 frame lines never ends by itself; the cap cuts it and says so.
            var lines = new List<string> { "@BlueScreen: #PF Exception 14 in world 1:x IP 0x1 addr 0x0" };
            for (int i = 0; i < 5000; i++) lines.Add("0x4100c7ff7d08:[0x41803645e7fc]F" + i + "+0xa3 stack: 0x1");
            var screens = Psod.Convert(lines, out var issues, new PurpleScreenReadOptions { MaxBlockLines = 1000 });
            Assert.Contains(issues.Issues, i => i.Kind == IssueKind.LimitExceeded && i.LineNumber == 1001);
            Assert.Equal(512, screens[0].Frames.Count);
        }
    }
}
