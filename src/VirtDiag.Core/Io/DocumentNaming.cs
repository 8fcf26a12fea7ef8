using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtDiag.Io
{
    /// <summary>What a file name says: log kind, rotation family and index, compression, archive-ness, host.</summary>
    public static class DocumentNaming
    {
        private static readonly Regex s_numbered = new Regex(@"^(?<base>.+)\.(?<n>\d{1,5})$", RegexOptions.CultureInvariant);
        private static readonly Regex s_numberedDashLog = new Regex(@"^(?<base>.+?)-(?<n>\d{1,5})\.log$", RegexOptions.CultureInvariant);
        private static readonly Regex s_dated = new Regex(@"^(?<base>.+)-(?<d>\d{8})$", RegexOptions.CultureInvariant);
        private static readonly Regex s_esxBundle = new Regex(@"^esx-(?<h>.+?)-\d{4}-\d{2}-\d{2}--", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex s_sosreport = new Regex(@"^sosreport-(?<h>.+?)(?:[-.]\d{4,})?-(?:\d{4}-\d{2}-\d{2}|\d{8,14})(?:-[A-Za-z0-9]+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Strips one compression extension (<c>.gz</c>, <c>.xz</c>, <c>.zst</c>, <c>.bz2</c>).</summary>
        public static string StripCompression(string name)
        {
            foreach (string ext in new[] { ".gz", ".xz", ".zst", ".bz2" })
            {
                if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name.Substring(0, name.Length - ext.Length);
            }
            return name;
        }

        /// <summary>True for names of tar archives, compressed or not.</summary>
        public static bool IsArchiveName(string name)
        {
            string n = name.ToLowerInvariant();
            return n.EndsWith(".tar", StringComparison.Ordinal) || n.EndsWith(".tgz", StringComparison.Ordinal) || n.EndsWith(".txz", StringComparison.Ordinal)
                || n.EndsWith(".tzst", StringComparison.Ordinal) || n.EndsWith(".tar.gz", StringComparison.Ordinal) || n.EndsWith(".tar.xz", StringComparison.Ordinal)
                || n.EndsWith(".tar.zst", StringComparison.Ordinal) || n.EndsWith(".tar.bz2", StringComparison.Ordinal);
        }

        /// <summary>The archive name without its archive extensions (<c>esx-h-2024….tgz</c> → <c>esx-h-2024…</c>).</summary>
        public static string StripArchiveExtension(string name)
        {
            string n = StripCompression(name);
            if (n.EndsWith(".tar", StringComparison.OrdinalIgnoreCase)) n = n.Substring(0, n.Length - 4);
            foreach (string ext in new[] { ".tgz", ".txz", ".tzst" })
            {
                if (n.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) n = n.Substring(0, n.Length - ext.Length);
            }
            return n;
        }

        /// <summary>The log kind a file name suggests (directories are not looked at).</summary>
        public static LogKind GuessKind(string fileName)
        {
            string n = StripCompression(fileName).ToLowerInvariant();
            if (n.EndsWith(".dat", StringComparison.Ordinal) && n.IndexOf("trace", StringComparison.Ordinal) >= 0) return LogKind.TraceDat;
            if (n.IndexOf("vmkwarning", StringComparison.Ordinal) >= 0) return LogKind.VmkWarning;
            if (n.IndexOf("vmksummary", StringComparison.Ordinal) >= 0) return LogKind.VmkSummary;
            if (n.IndexOf("vmkernel", StringComparison.Ordinal) >= 0) return LogKind.VmKernel;
            if (n.StartsWith("hostd", StringComparison.Ordinal)) return LogKind.Hostd;
            if (n.StartsWith("vpxa", StringComparison.Ordinal)) return LogKind.Vpxa;
            if (n.StartsWith("vpxd", StringComparison.Ordinal)) return LogKind.Vpxd;
            if (n == "vmware.log" || (n.StartsWith("vmware-", StringComparison.Ordinal) && n.EndsWith(".log", StringComparison.Ordinal) && s_numberedDashLog.IsMatch(n))) return LogKind.VmwareLog;
            if (n.StartsWith("supervdsm", StringComparison.Ordinal)) return LogKind.SuperVdsm;
            if (n.StartsWith("vdsm", StringComparison.Ordinal) && n.IndexOf(".log", StringComparison.Ordinal) >= 0) return LogKind.Vdsm;
            if (n.StartsWith("engine", StringComparison.Ordinal) && n.IndexOf(".log", StringComparison.Ordinal) >= 0) return LogKind.Engine;
            if (n.StartsWith("vmcore-dmesg", StringComparison.Ordinal)) return LogKind.VmcoreDmesg;
            if (n.StartsWith("dmesg", StringComparison.Ordinal)) return LogKind.Dmesg;
            if (n.StartsWith("messages", StringComparison.Ordinal)) return LogKind.Messages;
            if (n.StartsWith("kern.log", StringComparison.Ordinal)) return LogKind.Kern;
            if (n.StartsWith("syslog", StringComparison.Ordinal)) return LogKind.Syslog;
            if (n.StartsWith("serial", StringComparison.Ordinal) || n.StartsWith("console", StringComparison.Ordinal)) return LogKind.Serial;
            if (n.StartsWith("journal", StringComparison.Ordinal)) return LogKind.Journal;
            return LogKind.Unknown;
        }

        /// <summary>
        /// Splits a file name into its rotation family and a sort key: dated files (<c>messages-20240101</c>) oldest
        /// date first, then numbered ones highest number first (<c>vmkernel.7.gz</c> … <c>vmkernel.0.gz</c>,
        /// <c>vdsm.log.2.xz</c>, <c>vdsm.log.1.xz</c>), then the live file (<c>vmkernel.log</c>, <c>vdsm.log</c>).
        /// </summary>
        /// <returns>The rotation index: N for a numbered file, -1 for the live file or a dated one.</returns>
        public static int ParseRotation(string fileName, out string family, out long sortKey)
        {
            string n = StripCompression(fileName).ToLowerInvariant();
            Match m = s_numberedDashLog.Match(n);
            if (!m.Success) m = s_numbered.Match(n);
            if (m.Success)
            {
                int idx = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                family = Family(m.Groups["base"].Value);
                sortKey = 2_000_000_000L - idx; // higher index = older = earlier
                return idx;
            }
            m = s_dated.Match(n);
            if (m.Success)
            {
                family = Family(m.Groups["base"].Value);
                sortKey = long.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) - 100_000_000L; // before every numbered file
                return -1;
            }
            family = Family(n);
            sortKey = long.MaxValue;
            return -1;
        }

        private static string Family(string b) => b.EndsWith(".log", StringComparison.Ordinal) ? b.Substring(0, b.Length - 4) : b;

        /// <summary>The host a bundle or folder name names (<c>esx-HOST-2024-01-02--…</c>, <c>sosreport-HOST-…</c>), or null.</summary>
        public static string? HostFromBundleName(string name)
        {
            string n = StripArchiveExtension(name);
            Match m = s_esxBundle.Match(n);
            if (m.Success) return m.Groups["h"].Value;
            m = s_sosreport.Match(n);
            if (m.Success)
            {
                string h = m.Groups["h"].Value;
                return h.StartsWith("LogCollector", StringComparison.OrdinalIgnoreCase) ? null : h;
            }
            return null;
        }

        /// <summary>The last host named by any component of a path (the innermost bundle wins), or null.</summary>
        public static string? HostFromPath(string path)
        {
            string? host = null;
            foreach (string part in path.Split('/', '\\'))
            {
                if (part.Length == 0) continue;
                string? h = HostFromBundleName(part);
                if (h != null) host = h;
            }
            return host;
        }
    }
}
