using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>Shortcuts for the vdsm tests: read a fixture or a string through the real document and parser layers.</summary>
    internal static class VdsmTestSupport
    {
        public const string MainLog = "mz-pdm_ovirt-log-analyzer_vdsm-1.log";

        public static string MainPath => Repo.Fixture("vdsm", MainLog);

        public static List<VdsmLogEntry> Entries(string path, VdsmEntryOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return VdsmReader.ReadEntries(DocumentResolver.Resolve(new[] { path }, ctx), options ?? new VdsmEntryOptions(), ctx).ToList();
        }

        public static List<VdsmTask> Tasks(string path, VdsmTaskOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return VdsmReader.ReadTasks(DocumentResolver.Resolve(new[] { path }, ctx), options ?? new VdsmTaskOptions(), ctx).ToList();
        }

        public static List<VdsmExternalCommand> Commands(string path, VdsmCommandOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return VdsmReader.ReadCommands(DocumentResolver.Resolve(new[] { path }, ctx), options ?? new VdsmCommandOptions(), ctx).ToList();
        }

        /// <summary>Parses text as if piped in line by line (the cmdlets' -InputObject path).</summary>
        public static List<T> FromText<T>(string text, Func<ReadContext, VdsmTextSession<T>> session, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            VdsmTextSession<T> s = session(ctx);
            var output = new List<T>();
            foreach (string line in text.Replace("\r\n", "\n").Split('\n')) s.Feed(line, output);
            s.Complete(output);
            return output;
        }

        public static List<VdsmLogEntry> EntriesFromText(string text, VdsmEntryOptions? options = null, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmTextSession<VdsmLogEntry>.ForEntries(options ?? new VdsmEntryOptions(), ctx, "host1"), issues);

        public static List<VdsmTask> TasksFromText(string text, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmTextSession<VdsmTask>.ForTasks(new VdsmTaskOptions(), ctx, "host1"), issues);

        public static List<VdsmExternalCommand> CommandsFromText(string text, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmTextSession<VdsmExternalCommand>.ForCommands(new VdsmCommandOptions(), ctx, "host1"), issues);

        /// <summary>Reads bytes as a document named <paramref name="name"/> (no file on disk).</summary>
        public static List<VdsmLogEntry> EntriesFromBytes(byte[] bytes, IssueCollector? issues = null, string name = "vdsm.log")
        {
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream(name, () => new MemoryStream(bytes), "host1", LogKind.Vdsm);
            return VdsmReader.ReadEntries(new[] { doc }, new VdsmEntryOptions(), ctx).ToList();
        }

        public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    }
}
