using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.OVirt
{
    /// <summary>Shortcuts for the oVirt tests: read the lab engine.log or a string through the real document and parser layers.</summary>
    internal static class OVirtTestSupport
    {
        public static string EnginePath => Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_engine.log");

        public static string VdsmPath => Repo.Fixture("vdsm", "mz-pdm_ovirt-log-analyzer_vdsm-1.log");

        private static IReadOnlyList<LogDocument> Docs(byte[] bytes, string name) =>
            new[] { LogDocument.FromStream(name, () => new MemoryStream(bytes), "engine01.lab", LogKind.Engine) };

        public static List<OVirtEngineLogEntry> Entries(string text, OVirtEngineEntryOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return OVirtReader.ReadEntries(Docs(System.Text.Encoding.UTF8.GetBytes(text), "engine.log"), options ?? new OVirtEngineEntryOptions(), ctx).ToList();
        }

        public static List<OVirtEngineCommand> Commands(string text, OVirtEngineCommandOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return OVirtReader.ReadCommands(Docs(System.Text.Encoding.UTF8.GetBytes(text), "engine.log"), options ?? new OVirtEngineCommandOptions(), ctx).ToList();
        }

        public static List<OVirtEngineLogEntry> FixtureEntries(OVirtEngineEntryOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return OVirtReader.ReadEntries(DocumentResolver.Resolve(new[] { EnginePath }, ctx), options ?? new OVirtEngineEntryOptions(), ctx).ToList();
        }

        public static List<OVirtEngineCommand> FixtureCommands(OVirtEngineCommandOptions? options = null, IssueCollector? issues = null)
        {
            var ctx = new ReadContext(issues);
            return OVirtReader.ReadCommands(DocumentResolver.Resolve(new[] { EnginePath }, ctx), options ?? new OVirtEngineCommandOptions(), ctx).ToList();
        }

        public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    }
}
