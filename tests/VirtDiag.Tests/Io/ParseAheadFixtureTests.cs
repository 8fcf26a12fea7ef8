using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Guest;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Io
{
    /// <summary>Every guest and PSOD fixture named in one read, parsed ahead on a second core: the same records and issues as the serial read.</summary>
    public class ParseAheadFixtureTests
    {
        private static string[] Files(string folder)
            => Directory.GetFiles(Repo.Fixture(folder)).Where(f => !Path.GetFileName(f).EndsWith(".md", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        private static (List<string> Records, List<string> Issues) Read<T>(string[] files, bool ahead, Func<ReadContext, ReadSession<T>> open, Func<T, string> key)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues) { ParseAhead = ahead };
            var records = open(ctx).ReadAll(DocumentResolver.Resolve(files, ctx)).Select(key).ToList();
            return (records, issues.Issues.Select(i => i.Kind + " " + i.Source + ":" + i.LineNumber + " " + i.Message).ToList());
        }

        [FixtureFact]
        public void GuestFailuresOfEveryFixtureParsedAheadEqualTheSerialRead()
        {
            string[] files = Files("guest");
            static string Key(GuestOsFailure f) => f.Kind + "|" + f.Code + "|" + f.HostTimestamp?.ToString("o") + "|" + f.Message + "|" + Path.GetFileName(f.Path) + ":" + f.LineNumber;
            var serial = Read(files, false, c => GuestFailureReader.Open(new GuestFailureOptions { Year = 2024 }, c), Key);
            var ahead = Read(files, true, c => GuestFailureReader.Open(new GuestFailureOptions { Year = 2024 }, c), Key);
            Assert.True(serial.Records.Count > 50, serial.Records.Count + " failures");
            Assert.Equal(serial.Records, ahead.Records);
            Assert.Equal(serial.Issues, ahead.Issues);
        }

        [FixtureFact]
        public void PurpleScreensOfEveryFixtureParsedAheadEqualTheSerialRead()
        {
            string[] files = Files("psod");
            static string Key(PurpleScreen s) => s.Category + "|" + s.Timestamp?.ToString("o") + "|" + s.Message + "|" + s.Frames.Count + "|" + Path.GetFileName(s.Path) + ":" + s.LineNumber;
            var serial = Read(files, false, c => PurpleScreenReader.Open(new PurpleScreenReadOptions(), c), Key);
            var ahead = Read(files, true, c => PurpleScreenReader.Open(new PurpleScreenReadOptions(), c), Key);
            Assert.True(serial.Records.Count > 10, serial.Records.Count + " screens");
            Assert.Equal(serial.Records, ahead.Records);
            Assert.Equal(serial.Issues, ahead.Issues);
        }
    }
}
