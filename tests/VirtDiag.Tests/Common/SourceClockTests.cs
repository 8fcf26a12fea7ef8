using System.Text;
using System.Text.Json;
using VirtDiag.Common;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Common
{
    /// <summary>The one mapping of a source's clock to the host clock: offset, zone, year.</summary>
    public sealed class SourceClockTests
    {
        // Synthetic old-layout vdsm line: no offset in the time.
        private const string OldLayout = "Thread-27::INFO::2025-01-14 09:30:05,250::logUtils::48::dispatcher::(wrapper) Run and protect: getSpmStatus(spUUID='7e0a1b2c-0000-4000-8000-00000000c3d4')\n";

        [Fact]
        public void OffsetIsSubtractedAndZoneReadsLocalTimes()
        {
            var clock = new SourceClock(TimeSpan.FromSeconds(37), VdsmReadOptions.ParseTimeZone("+0530"));
            DateTimeOffset local = clock.FromLocal(new DateTime(2025, 1, 14, 9, 30, 5));
            Assert.Equal(new DateTimeOffset(2025, 1, 14, 9, 30, 5, TimeSpan.FromMinutes(330)), local);
            Assert.Equal(new DateTimeOffset(2025, 1, 14, 9, 29, 28, TimeSpan.FromMinutes(330)), clock.ToHost(local));
            Assert.Equal(new DateTimeOffset(2025, 1, 14, 9, 30, 5, TimeSpan.Zero), new SourceClock(TimeSpan.Zero).FromLocal(new DateTime(2025, 1, 14, 9, 30, 5)));
            Assert.Null(clock.ToHost((DateTimeOffset?)null));
        }

        [Fact]
        public void YearComesFromTheOptionThenTheInferenceThenTheCalendar()
        {
            Assert.Equal(2019, new SourceClock(TimeSpan.Zero, null, 2019, (m, d) => 2021).YearOf(3, 5));
            Assert.Equal(2021, new SourceClock(TimeSpan.Zero, null, null, (m, d) => m == 12 ? 2020 : 2021).YearOf(3, 5));
            Assert.Equal(2020, new SourceClock(TimeSpan.Zero, null, null, (m, d) => m == 12 ? 2020 : 2021).YearOf(12, 31));
            Assert.Equal(DateTime.UtcNow.Year, new SourceClock(TimeSpan.Zero).YearOf(3, 5));
        }

        [Fact]
        public void VdsmTimeOffsetShiftsRecordsAfterTheZone()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(OldLayout);
            var doc = LogDocument.FromStream("vdsm.log", () => new MemoryStream(bytes), "rhvh02", LogKind.Vdsm);
            var options = new VdsmEntryOptions { TimeZone = VdsmReadOptions.ParseTimeZone("+0100"), TimeOffset = TimeSpan.FromSeconds(-90) };
            VdsmLogEntry e = Assert.Single(VdsmReader.OpenEntries(options, new ReadContext()).ReadAll(new[] { doc }));
            Assert.Equal(new DateTimeOffset(2025, 1, 14, 9, 31, 35, 250, TimeSpan.FromHours(1)), e.Timestamp);
            Assert.Equal(VdsmTimestampKind.AssumedTimeZone, e.TimestampKind);
        }

        [Fact]
        public void CliTakesTheVdsmTimeOffset()
        {
            using var dir = new TempDir();
            string path = dir.File("vdsm.log", OldLayout);
            var (code, stdout, stderr) = CliRunner.Run($"vdsm entries \"{path}\" --time-offset 00:01:00 --format json");
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
            Assert.Equal("2025-01-14T09:29:05.25+00:00", json.RootElement.GetProperty("Timestamp").GetString());
            Assert.Equal("AssumedUtc", json.RootElement.GetProperty("TimestampKind").GetString());
        }
    }
}
