using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Psod;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Psod
{
    internal static class Psod
    {
        /// <summary>Reads a fixture of ../shared/fixtures/psod through the input layer, as Get-PurpleScreen -Path does.</summary>
        public static List<PurpleScreen> ReadFixture(string file, out IssueCollector issues, PurpleScreenReadOptions? options = null)
        {
            issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { Repo.Fixture("psod", file) }, ctx);
            return PurpleScreenReader.Open(options ?? new PurpleScreenReadOptions(), ctx).ReadAll(docs).ToList();
        }

        public static List<PurpleScreen> ReadFixture(string file) => ReadFixture(file, out _);

        /// <summary>Parses text as ConvertFrom-PurpleScreen does (one string per pipeline object, here one per line).</summary>
        public static List<PurpleScreen> Convert(IEnumerable<string> lines, out IssueCollector issues, PurpleScreenReadOptions? options = null, string? host = null)
        {
            issues = new IssueCollector();
            PurpleScreenReadOptions o = options ?? new PurpleScreenReadOptions();
            if (host != null) o.HostName = host;
            return PurpleScreenReader.Open(o, new ReadContext(issues)).ReadAllText(lines).ToList();
        }

        public static List<PurpleScreen> Convert(string text) => Convert(new[] { text }, out _);

        public static string FixtureText(string file) => File.ReadAllText(Repo.Fixture("psod", file));
    }
}
