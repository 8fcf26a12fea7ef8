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
            return (VMotionReader.OpenEvents(options ?? new VMotionOptions(), ctx).ReadAll(docs).ToList(), issues);
        }

        public static (List<VMotionMigration> Migrations, IssueCollector Issues) Migrations(IEnumerable<string> paths, VMotionOptions? options = null)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues);
            var docs = DocumentResolver.Resolve(paths, ctx);
            return (VMotionReader.OpenMigrations(options ?? new VMotionOptions(), ctx).ReadAll(docs).ToList(), issues);
        }

        public static (List<VMotionMigration> Migrations, IssueCollector Issues) Migrations(string path, VMotionOptions? options = null) => Migrations(new[] { path }, options);

        /// <summary>Text fed as piped strings are.</summary>
        public static List<VMotionEvent> EventsFromText(string text, VMotionOptions? options = null, IssueCollector? issues = null)
            => VMotionReader.OpenEvents(options ?? new VMotionOptions(), new ReadContext(issues)).ReadAllText(new[] { text }).ToList();

        /// <summary>Text fed line by line into one migration join; orphans are the OrphanEvent issues it reported.</summary>
        public static (List<VMotionMigration> Migrations, IssueCollector Issues, long Orphans) MigrationsFromText(string text, VMotionOptions? options = null)
        {
            var issues = new IssueCollector();
            var result = VMotionReader.OpenMigrations(options ?? new VMotionOptions(), new ReadContext(issues)).ReadAllText(text.Split('\n')).ToList();
            return (result, issues, issues.Issues.LongCount(i => i.Kind == IssueKind.OrphanEvent));
        }

        public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
    }
}
