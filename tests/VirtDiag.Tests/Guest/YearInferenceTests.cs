using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using static VirtDiag.Tests.Guest.GuestFailureParserTests;

namespace VirtDiag.Tests.Guest
{
    /// <summary>Year-less syslog times take their year from evidence and say which (issue 18).</summary>
    public class YearInferenceTests
    {
        private static readonly Func<DateTimeOffset> s_now = () => new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public void TheUsersYearWins()
        {
            var y = new YearInference(2019, new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), s_now);
            y.ObserveDated(new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal((2019, YearSource.Option), y.Resolve(12, 30));
        }

        [Fact]
        public void ADatedLineBeforeGivesTheYearAndNewYearFollows()
        {
            var y = new YearInference(null, null, s_now);
            y.ObserveDated(new DateTimeOffset(2021, 12, 31, 22, 0, 0, TimeSpan.Zero));
            Assert.Equal((2021, YearSource.DatedLine), y.Resolve(12, 31));
            Assert.Equal((2022, YearSource.DatedLine), y.Resolve(1, 1));
            Assert.Equal((2022, YearSource.DatedLine), y.Resolve(1, 2));
        }

        [Fact]
        public void ADatedLineInDecemberThenAJanuaryLineIsTheNextYear()
        {
            var y = new YearInference(null, null, s_now);
            y.ObserveDated(new DateTimeOffset(2021, 12, 30, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal((2022, YearSource.DatedLine), y.Resolve(1, 3));
        }

        [Fact]
        public void TheFileTimeBoundsTheYearFromAbove()
        {
            var y = new YearInference(null, new DateTimeOffset(2025, 1, 4, 3, 0, 0, TimeSpan.Zero), s_now);
            Assert.Equal((2024, YearSource.FileTime), y.Resolve(12, 28));
            Assert.Equal((2025, YearSource.FileTime), y.Resolve(1, 3));
        }

        [Fact]
        public void WithoutEvidenceTheYearIsAssumedAndSaidSo()
        {
            var y = new YearInference(null, null, s_now);
            Assert.Equal((2026, YearSource.Assumed), y.Resolve(3, 5));
        }

        [Fact]
        public void ParserTakesTheYearFromADatedLineAndSaysSo()
        {
            string text = "2021-12-31T23:59:58.000000+00:00 web07 systemd[1]: Starting the year.\nJan  1 00:00:05 web07 kernel: [ 99.0] Kernel panic - not syncing: Fatal exception\n";
            var f = Assert.Single(ReadText(text, new GuestFailureOptions()));
            Assert.Equal(GuestTimestampKind.SyslogYearFromDatedLine, f.TimestampKind);
            Assert.Equal(DateTimeOffset.Parse("2022-01-01T00:00:05Z"), f.Timestamp);
        }

        [Fact]
        public void ParserWithoutEvidenceMarksTheYearAssumed()
        {
            var f = Assert.Single(ReadText("Mar  5 10:16:19 web07 kernel: Kernel panic - not syncing: Fatal exception\n", new GuestFailureOptions()));
            Assert.Equal(GuestTimestampKind.SyslogYearAssumed, f.TimestampKind);
            Assert.Equal(DateTime.UtcNow.Year, f.Timestamp!.Value.Year);
        }

        [Fact]
        public void ParserTakesTheYearFromTheArchiveEntrysTime()
        {
            string dir = Path.Combine(Path.GetTempPath(), "h18-year-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string tar = Path.Combine(dir, "sosreport-web07.tar");
                using (var fs = File.Create(tar))
                using (var w = new System.Formats.Tar.TarWriter(fs, System.Formats.Tar.TarEntryFormat.Ustar))
                {
                    var e = new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "sosreport-web07/var/log/messages")
                    {
                        ModificationTime = new DateTimeOffset(2023, 1, 3, 4, 0, 0, TimeSpan.Zero),
                        DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("Dec 29 18:00:00 web07 kernel: Kernel panic - not syncing: Fatal exception\n")),
                    };
                    w.WriteEntry(e);
                }
                var ctx = new ReadContext(new IssueCollector());
                var f = Assert.Single(GuestFailureReader.Open(new GuestFailureOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { tar }, ctx)));
                Assert.Equal(GuestTimestampKind.SyslogYearFromFileTime, f.TimestampKind);
                Assert.Equal(DateTimeOffset.Parse("2022-12-29T18:00:00Z"), f.Timestamp);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void ParserTakesTheYearFromTheFilesLastWriteTime()
        {
            string dir = Path.Combine(Path.GetTempPath(), "h18-year-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string file = Path.Combine(dir, "messages");
                File.WriteAllText(file, "Dec 30 23:10:00 web07 kernel: Kernel panic - not syncing: Fatal exception\n");
                File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 2, 5, 0, 0, DateTimeKind.Utc));
                var ctx = new ReadContext(new IssueCollector());
                var f = Assert.Single(GuestFailureReader.Open(new GuestFailureOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { file }, ctx)));
                Assert.Equal(GuestTimestampKind.SyslogYearFromFileTime, f.TimestampKind);
                Assert.Equal(DateTimeOffset.Parse("2019-12-30T23:10:00Z"), f.Timestamp);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
