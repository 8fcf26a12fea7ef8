using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;
using VirtDiag.OVirt;
using VirtDiag.Tests.Support;
using VirtDiag.Vdsm;

namespace VirtDiag.Tests.Vdsm
{
    /// <summary>Rotated vdsm logs parsed ahead on a second core give exactly what the serial read gives: entries, tasks, issues.</summary>
    public class VdsmParseAheadTests
    {
        private const string Lab = "vdsm/mz-pdm_ovirt-log-analyzer_vdsm-1.log";
        private const string LabEngine = "vdsm/mz-pdm_ovirt-log-analyzer_engine.log";

        // The lab's vdsm.log cut into three rotations (vdsm.log.2 oldest), as a host keeps them.
        private static string[] Rotate(TempDir dir)
        {
            string[] lines = File.ReadAllLines(Repo.Fixture(Lab.Split('/')));
            int third = lines.Length / 3;
            dir.File("sosreport-rhvh07.lab-2017-02-23/var/log/vdsm/vdsm.log.2", string.Join("\n", lines.Take(third)) + "\n");
            dir.File("sosreport-rhvh07.lab-2017-02-23/var/log/vdsm/vdsm.log.1", string.Join("\n", lines.Skip(third).Take(third)) + "\n");
            dir.File("sosreport-rhvh07.lab-2017-02-23/var/log/vdsm/vdsm.log", string.Join("\n", lines.Skip(2 * third)) + "\n");
            return new[] { dir.Path };
        }

        private static (List<string> Records, List<string> Issues) Read<T>(string[] paths, bool ahead, Func<ReadContext, ReadSession<T>> open, Func<T, string> key)
        {
            var issues = new IssueCollector();
            var ctx = new ReadContext(issues) { ParseAhead = ahead };
            var records = open(ctx).ReadAll(DocumentResolver.Resolve(paths, ctx)).Select(key).ToList();
            return (records, issues.Issues.Select(i => i.Kind + " " + i.Source + ":" + i.LineNumber + " " + i.Message).ToList());
        }

        [FixtureFact(Lab)]
        public void EntriesParsedAheadEqualTheSerialRead()
        {
            using var dir = new TempDir();
            string[] paths = Rotate(dir);
            static string Key(VdsmLogEntry e) => e.Timestamp.ToString("o") + "|" + e.Level + "|" + e.Thread + "|" + e.Logger + "|" + e.Message + "|" + e.TaskId + "|"
                + Path.GetFileName(e.Path) + ":" + e.LineNumber + "|" + e.HostName;
            var serial = Read(paths, false, c => VdsmReader.OpenEntries(new VdsmEntryOptions(), c), Key);
            var ahead = Read(paths, true, c => VdsmReader.OpenEntries(new VdsmEntryOptions(), c), Key);
            Assert.True(serial.Records.Count > 10_000, serial.Records.Count + " entries");
            Assert.Equal(serial.Records, ahead.Records);
            Assert.Equal(serial.Issues, ahead.Issues);
            // Rotation order: the oldest file's entries come first.
            Assert.EndsWith("vdsm.log.2:1|rhvh07.lab", ahead.Records[0]);
        }

        [FixtureFact(Lab)]
        public void TasksJoinedAcrossRotationsParsedAheadEqualTheSerialRead()
        {
            using var dir = new TempDir();
            string[] paths = Rotate(dir);
            static string Key(VdsmTask t) => t.Kind + "|" + t.Verb + "|" + t.TaskId + "|" + t.Thread + "|" + t.StartTime?.ToString("o") + "|" + t.EndTime?.ToString("o") + "|" + t.Result;
            var serial = Read(paths, false, c => VdsmReader.OpenTasks(new VdsmTaskOptions(), c), Key);
            var ahead = Read(paths, true, c => VdsmReader.OpenTasks(new VdsmTaskOptions(), c), Key);
            Assert.NotEmpty(serial.Records);
            Assert.Equal(serial.Records, ahead.Records);
            Assert.Equal(serial.Issues, ahead.Issues);
        }

        [FixtureFact(LabEngine)]
        public void EngineEntriesOfRotatedLogsParsedAheadEqualTheSerialRead()
        {
            using var dir = new TempDir();
            string[] lines = File.ReadAllLines(Repo.Fixture(LabEngine.Split('/')));
            int half = lines.Length / 2;
            dir.File("sosreport-engine07.lab-2017-02-23/var/log/ovirt-engine/engine.log.1", string.Join("\n", lines.Take(half)) + "\n");
            dir.File("sosreport-engine07.lab-2017-02-23/var/log/ovirt-engine/engine.log", string.Join("\n", lines.Skip(half)) + "\n");
            static string Key(OVirtEngineLogEntry e) => e.Timestamp.ToString("o") + "|" + e.Level + "|" + e.Thread + "|" + e.Logger + "|" + e.Message + "|"
                + Path.GetFileName(e.Path) + ":" + e.LineNumber;
            var serial = Read(new[] { dir.Path }, false, c => OVirtReader.OpenEntries(new OVirtEngineEntryOptions(), c), Key);
            var ahead = Read(new[] { dir.Path }, true, c => OVirtReader.OpenEntries(new OVirtEngineEntryOptions(), c), Key);
            Assert.True(serial.Records.Count > 1_000, serial.Records.Count + " entries");
            Assert.Equal(serial.Records, ahead.Records);
            Assert.Equal(serial.Issues, ahead.Issues);
            Assert.Contains("|engine.log.1:", ahead.Records[0]);
        }
    }
}
