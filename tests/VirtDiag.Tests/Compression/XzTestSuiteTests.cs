using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>The xz-utils decoder test files (../shared/fixtures/xz-testsuite, see its PROVENANCE.md and README).</summary>
    public sealed class XzTestSuiteTests
    {
        public static IEnumerable<object[]> Files(string prefix)
        {
            string? dir = Repo.Fixtures == null ? null : Path.Combine(Repo.Fixtures, "xz-testsuite");
            if (dir == null || !Directory.Exists(dir)) return new[] { new object[] { prefix + "(absent)" } };
            return Directory.GetFiles(dir, prefix + "*.xz").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n! });
        }

        public static IEnumerable<object[]> GoodFiles() => Files("good-");
        public static IEnumerable<object[]> BadFiles() => Files("bad-");
        public static IEnumerable<object[]> UnsupportedFiles() => Files("unsupported-");

        private static byte[] Load(string name) => File.ReadAllBytes(Repo.Fixture("xz-testsuite", name));

        [FixtureTheory]
        [MemberData(nameof(GoodFiles))]
        public void GoodFileDecodesLikeXz(string name)
        {
            byte[] xz = Load(name);
            foreach (int readSize in new[] { 1, 7, 65536 })
            {
                var got = XzTestKit.Decode(xz, readSize);
                Assert.Null(got.Error);
                if (Tools.Exists("xz"))
                {
                    var reference = XzTestKit.ReferenceDecode(xz);
                    Assert.True(reference.Ok, "xz -dc rejects " + name);
                    Assert.Equal(reference.Output, got.Output);
                }
            }
        }

        // Sizes from the README and `xz -dc FILE | wc -c` (xz-utils 5.4.1).
        [FixtureTheory]
        [InlineData("good-0-empty.xz", 0)]
        [InlineData("good-0cat-empty.xz", 0)]
        [InlineData("good-0catpad-empty.xz", 0)]
        [InlineData("good-0pad-empty.xz", 0)]
        [InlineData("good-1-check-crc64.xz", 13)]
        [InlineData("good-1-check-sha256.xz", 13)]
        [InlineData("good-1-lzma2-5.xz", 0)]
        [InlineData("good-1-empty-bcj-lzma2.xz", 0)]
        [InlineData("good-1-delta-lzma2.tiff.xz", 929138)]
        public void GoodFileHasKnownSize(string name, int size)
        {
            var got = XzTestKit.Decode(Load(name));
            Assert.Null(got.Error);
            Assert.Equal(size, got.Output.Length);
        }

        [FixtureFact]
        public void CheckFilesDecodeToHelloWorld()
        {
            foreach (string name in new[] { "good-1-check-none.xz", "good-1-check-crc32.xz", "good-1-check-crc64.xz", "good-1-check-sha256.xz", "good-2-lzma2.xz" })
            {
                var got = XzTestKit.Decode(Load(name));
                Assert.Null(got.Error);
                Assert.Equal("Hello\nWorld!\n", System.Text.Encoding.ASCII.GetString(got.Output));
            }
        }

        /// <summary>The kind each bad file must give, judged from its README description.</summary>
        private static IssueKind ExpectedKind(string name)
        {
            if (name.StartsWith("bad-1-check-", StringComparison.Ordinal) || name is "bad-1-block_header-3.xz" or "bad-1-stream_flags-2.xz"
                or "bad-1-stream_flags-3.xz" or "bad-2-index-4.xz")
                return IssueKind.ChecksumMismatch;
            return IssueKind.ArchiveCorrupt;
        }

        [FixtureTheory]
        [MemberData(nameof(BadFiles))]
        public void BadFileGivesCorruptDataWithSensibleKind(string name)
        {
            byte[] xz = Load(name);
            foreach (int readSize in new[] { 1, 65536 })
            {
                var got = XzTestKit.Decode(xz, readSize);
                Assert.NotNull(got.Error);
                Assert.True(got.Error!.Offset >= 0 && got.Error.Offset <= xz.Length, name + ": offset " + got.Error.Offset);
                IssueKind expected = ExpectedKind(name);
                Assert.True(got.Error.Kind == expected || (expected == IssueKind.ArchiveCorrupt && got.Error.Kind == IssueKind.ArchiveTruncated),
                    name + ": " + got.Error.Kind + " " + got.Error.Message);
                if (Tools.Exists("xz"))
                {
                    // Whatever xz wrote before its error, we delivered too (and nothing that disagrees with it).
                    var reference = XzTestKit.ReferenceDecode(xz);
                    Assert.False(reference.Ok);
                    int common = Math.Min(reference.Output.Length, got.Output.Length);
                    Assert.Equal(reference.Output.AsSpan(0, common).ToArray(), got.Output.AsSpan(0, common).ToArray());
                }
            }
        }

        [FixtureTheory]
        [MemberData(nameof(UnsupportedFiles))]
        public void UnsupportedFileGivesUnsupportedFormat(string name)
        {
            var got = XzTestKit.Decode(Load(name));
            Assert.NotNull(got.Error);
            Assert.Equal(IssueKind.UnsupportedFormat, got.Error!.Kind);
        }

        [FixtureFact]
        public void UnsupportedCheckStillDeliversTheData()
        {
            // unsupported-check.xz uses check ID 2; like `xz -dc`, the data comes out, then the check is reported unverified.
            var got = XzTestKit.Decode(Load("unsupported-check.xz"));
            Assert.Equal("Hello\nWorld!\n", System.Text.Encoding.ASCII.GetString(got.Output));
            Assert.Equal(IssueKind.UnsupportedFormat, got.Error!.Kind);
        }
    }
}
