using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.VMotion;

namespace VirtDiag.Tests.VMotion
{
    /// <summary>Reads fixtures, files and strings through the same Core entry points the cmdlets and the CLI use.</summary>
    internal static class VMotionKit
    {
        public static string Fixture(string name) => Repo.Fixture("vmotion", name);

        public static (List<VMotionEvent> Events, IssueCollector Issues) Events(string path, VMotionOptions? options = null, string? host = null)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(new[] { path }, ctx, host);
            return (VMotionReader.ReadEvents(docs, options ?? new VMotionOptions(), ctx).ToList(), issues);
        }

        public static (List<VMotionMigration> Migrations, IssueCollector Issues) Migrations(IEnumerable<string> paths, VMotionOptions? options = null)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(paths, ctx);
            return (VMotionReader.ReadMigrations(docs, options ?? new VMotionOptions(), ctx).ToList(), issues);
        }

        public static (List<VMotionMigration> Migrations, IssueCollector Issues) Migrations(string path, VMotionOptions? options = null) => Migrations(new[] { path }, options);

        /// <summary>Text fed line by line, as piped strings are.</summary>
        public static List<VMotionEvent> EventsFromText(string text, VMotionOptions? options = null, IssueCollector? issues = null)
        {
            var feeder = VMotionReader.CreateEventFeeder(options ?? new VMotionOptions(), new ReadContext(issues));
            var output = new List<VMotionEvent>();
            feeder.Feed(text, output);
            feeder.Complete(output);
            return output;
        }

        public static (List<VMotionMigration> Migrations, IssueCollector Issues, long Orphans) MigrationsFromText(string text, VMotionOptions? options = null)
        {
            options ??= new VMotionOptions();
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var feeder = VMotionReader.CreateEventFeeder(options, ctx, forJoin: true);
            var joiner = new VMotionMigrationJoiner(options, ctx);
            var events = new List<VMotionEvent>();
            var result = new List<VMotionMigration>();
            foreach (string line in text.Split('\n'))
            {
                feeder.Feed(line, events);
                foreach (var e in events) joiner.Add(e, result);
                events.Clear();
            }
            feeder.Complete(events);
            foreach (var e in events) joiner.Add(e, result);
            joiner.Complete(result);
            return (result, issues, joiner.OrphanCount);
        }

        public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
    }
}
