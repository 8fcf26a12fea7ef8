using System.Globalization;
using System.Text;

namespace VirtDiag.Tests.Timeline
{
    /// <summary>
    /// Writes two vm-support-like folders (<c>esx-HOST-…/var/run/log/vmkernel.log</c>) holding both sides of the same
    /// migrations, in ESXi 6 vmkernel shapes with our own ids, addresses and times. The true order of events is
    /// set here; the destination host's clock is then moved by a known amount.
    /// </summary>
    internal sealed class VMotionBundleKit : IDisposable
    {
        private readonly Dictionary<string, List<(DateTimeOffset Time, string Text)>> _lines = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _skew = new(StringComparer.Ordinal);

        public VMotionBundleKit(params (string Host, double ClockSkewSeconds)[] hosts)
        {
            Root = Path.Combine(Path.GetTempPath(), "virtdiag-timeline-" + Guid.NewGuid().ToString("N"));
            foreach (var (host, skew) in hosts)
            {
                _lines[host] = new List<(DateTimeOffset, string)>();
                _skew[host] = skew;
            }
        }

        public string Root { get; }

        public string Folder(string host) => Path.Combine(Root, "esx-" + host + "-2024-03-11--10.00-" + (Math.Abs(host.GetHashCode()) % 9000 + 1000));

        /// <summary>One successful migration: true times on the reference clock; pre-copy lasts <paramref name="preCopySeconds"/>.</summary>
        public void Migration(string id, string source, string destination, DateTimeOffset start, double preCopySeconds, int vm)
        {
            string srcIp = "10.20.0." + (11 + Index(source)), dstIp = "10.20.0." + (11 + Index(destination));
            int dvm = vm + 1000003;
            DateTimeOffset At(double s) => start.AddTicks((long)(s * TimeSpan.TicksPerSecond));
            Add(destination, At(-0.050), $"cpu2:{dvm - 3})Migrate: vm {dvm}: 3284: Setting VMOTION info: Dest ts = {id}, src ip = <{srcIp}> dest ip = <{dstIp}> Dest wid = 0 using SHARED swap");
            Add(source, At(0.000), $"cpu4:{vm - 3})Migrate: vm {vm}: 3284: Setting VMOTION info: Source ts = {id}, src ip = <{srcIp}> dest ip = <{dstIp}> Dest wid = {dvm} using SHARED swap");
            Add(source, At(0.002), $"cpu4:{vm - 3})VMotion: 2734: {id} S: Set ip address '{srcIp}' worldlet affinity to send World ID {vm + 6}");
            Add(source, At(0.003), $"cpu4:{vm - 3})Hbr: 3340: Migration start received (worldID={vm}) (migrateType=1) (event=0) (isSource=1) (sharedConfig=1)");
            Add(source, At(0.004), $"cpu4:{vm + 6})MigrateNet: 1186: {id} S: Successfully bound connection to vmknic '{srcIp}'");
            Add(source, At(0.006), $"cpu4:{vm + 6})VMotionUtil: 3396: {id} S: Stream connection 1 added.");
            Add(destination, At(0.007), $"cpu2:{dvm + 9})VMotionUtil: 3396: {id} D: Stream connection 1 added.");
            Add(destination, At(0.008), $"cpu2:{dvm - 3})Hbr: 3340: Migration start received (worldID={dvm}) (migrateType=1) (event=0) (isSource=0) (sharedConfig=1)");
            Add(source, At(preCopySeconds), $"cpu3:{vm})VMotion: 4531: {id} S: Stopping pre-copy: only 96 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~905.125 MB/s, 1000% t2d)");
            Add(source, At(preCopySeconds + 0.120), $"cpu5:{vm + 6})VMotionSend: 3643: {id} S: Sent all modified pages to destination (network bandwidth ~887.000 MB/s)");
            Add(destination, At(preCopySeconds + 0.450), $"cpu1:{dvm - 3})Hbr: 3434: Migration end received (worldID={dvm}) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)");
            Add(source, At(preCopySeconds + 0.900), $"cpu0:{vm - 3})Hbr: 3434: Migration end received (worldID={vm}) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)");
        }

        /// <summary>A line on one host only (true time), e.g. an unrelated message.</summary>
        public void Add(string host, DateTimeOffset trueTime, string body) => _lines[host].Add((trueTime, body));

        /// <summary>Writes each host's vmkernel.log, times moved by the host's clock skew, in time order.</summary>
        public string[] Write()
        {
            var folders = new List<string>();
            foreach (var (host, lines) in _lines)
            {
                string dir = Path.Combine(Folder(host), "var", "run", "log");
                Directory.CreateDirectory(dir);
                var sb = new StringBuilder();
                foreach (var (time, text) in lines.OrderBy(l => l.Time))
                {
                    DateTimeOffset written = time.AddTicks((long)(_skew[host] * TimeSpan.TicksPerSecond));
                    sb.Append(written.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(text).Append('\n');
                }
                File.WriteAllText(Path.Combine(dir, "vmkernel.log"), sb.ToString());
                folders.Add(Folder(host));
            }
            return folders.ToArray();
        }

        private int Index(string host) => _lines.Keys.ToList().IndexOf(host);

        public void Dispose()
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
    }
}
