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
            return VdsmReader.OpenEntries(options ?? new VdsmEntryOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx)).ToList();
        }

        public static List<VdsmTask> Tasks(string path, VdsmTaskOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return VdsmReader.OpenTasks(options ?? new VdsmTaskOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx)).ToList();
        }

        public static List<VdsmExternalCommand> Commands(string path, VdsmCommandOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return VdsmReader.OpenCommands(options ?? new VdsmCommandOptions(), ctx).ReadAll(DocumentResolver.Resolve(new[] { path }, ctx)).ToList();
        }

        /// <summary>Parses text as if piped in line by line (the cmdlets' -InputObject path).</summary>
        public static List<T> FromText<T>(string text, Func<ReadContext, ReadSession<T>> session, IssueCollector? issues = null)
            => session(new ReadContext(issues)).ReadAllText(text.Replace("\r\n", "\n").Split('\n')).ToList();

        public static List<VdsmLogEntry> EntriesFromText(string text, VdsmEntryOptions? options = null, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmReader.OpenEntries(WithHost(options ?? new VdsmEntryOptions()), ctx), issues);

        public static List<VdsmTask> TasksFromText(string text, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmReader.OpenTasks(WithHost(new VdsmTaskOptions()), ctx), issues);

        public static List<VdsmExternalCommand> CommandsFromText(string text, IssueCollector? issues = null)
            => FromText(text, ctx => VdsmReader.OpenCommands(WithHost(new VdsmCommandOptions()), ctx), issues);

        private static T WithHost<T>(T options) where T : VdsmReadOptions
        {
            options.HostName ??= "host1";
            return options;
        }

        /// <summary>Reads bytes as a document named <paramref name="name"/> (no file on disk).</summary>
        public static List<VdsmLogEntry> EntriesFromBytes(byte[] bytes, IssueCollector? issues = null, string name = "vdsm.log")
        {
            var ctx = new ReadContext(issues);
            var doc = LogDocument.FromStream(name, () => new MemoryStream(bytes), "host1", LogKind.Vdsm);
            return VdsmReader.OpenEntries(new VdsmEntryOptions(), ctx).ReadAll(new[] { doc }).ToList();
        }

        public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    }
}
