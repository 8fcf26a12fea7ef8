using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace VirtDiag.Triage
{
    /// <summary>The short console summary of a triage report (the PowerShell default view and the CLI's table format), 120 columns wide.</summary>
    public static class TriageText
    {
        /// <summary>Findings listed in the summary; the rest are one property away (<c>.Findings</c>).</summary>
        public const int ListedFindings = 20;

        /// <summary>Renders <paramref name="report"/> as a few readable lines.</summary>
        public static string Render(TriageReport report)
        {
            if (report == null) throw new ArgumentNullException(nameof(report));
            var sb = new StringBuilder();
            string inputs = report.Inputs.Count == 0 ? "the input" : string.Join(", ", report.Inputs);
            if (report.NothingFound)
            {
                sb.Append("Nothing found: no log documents in ").Append(inputs).Append('.').AppendLine();
                sb.Append("Give files, folders or bundles (vm-support .tgz, sosreport .tar.xz) that hold vmkernel, hostd, vmware.log, vdsm, syslog or trace.dat files.");
                return sb.ToString();
            }
            sb.Append("Triage of ").Append(inputs).Append(": ").Append(report.DocumentCount).Append(" document(s), ")
              .Append(report.Hosts.Count).Append(" host(s)");
            if (report.FirstTime.HasValue) sb.Append(", ").Append(Time(report.FirstTime)).Append(" to ").Append(Time(report.LastTime));
            sb.AppendLine();
            sb.Append("Findings: ");
            sb.Append(string.Join(", ", report.SeverityCounts.OrderBy(p => p.Key).Select(p => p.Value.ToString(CultureInfo.InvariantCulture) + " " + p.Key.ToString().ToLowerInvariant())));
            if (report.FindingsNotListed > 0) sb.Append(" (+").Append(report.FindingsNotListed).Append(" not listed)");
            if (report.IssueCount > 0) sb.Append("; ").Append(report.IssueCount).Append(" problem(s) reading the input (see the error stream)");
            sb.AppendLine();
            if (report.UnreadFileCount > 0)
                sb.Append("Not read: ").Append(report.UnreadFileCount).Append(" .log/.txt file(s) in the folders whose names match no log kind (.UnreadFiles; name them to read them)").AppendLine();
            sb.AppendLine();

            sb.AppendLine(Row("Host", 24, "Logs", 40, "From", 20, "To", 20, "Gaps", 4, "Boots", 5));
            foreach (TriageHost h in report.Hosts)
            {
                string kinds = string.Join(",", h.LogKinds);
                var versions = new List<string>();
                if (h.EsxiBuild != null) versions.Add("ESXi " + h.EsxiBuild);
                if (h.VdsmVersion != null) versions.Add("vdsm " + h.VdsmVersion);
                if (h.KernelVersion != null) versions.Add("kernel " + h.KernelVersion);
                sb.AppendLine(Row(h.HostName, 24, kinds, 40, Time(h.FirstTime), 20, Time(h.LastTime), 20,
                    h.Gaps.Count.ToString(CultureInfo.InvariantCulture), 4, h.Reboots.Count.ToString(CultureInfo.InvariantCulture), 5));
                if (versions.Count > 0) sb.Append(' ', 25).AppendLine(Cut(string.Join("; ", versions), 120 - 25));
            }
            sb.AppendLine();
            if (report.Findings.Count == 0)
            {
                sb.Append("No findings: no failed or slow vMotion, purple screen, guest failure, failed VDSM task or command, failed engine command, or KVM trace in ")
                  .Append(report.DocumentCount).Append(" document(s).");
                return sb.ToString();
            }
            sb.AppendLine(Row("Severity", 8, "Time", 20, "Host", 16, "Finding", 0));
            int n = 0;
            foreach (TriageFinding f in report.Findings)
            {
                if (n++ == ListedFindings) break;
                sb.AppendLine(Row(f.Severity.ToString(), 8, Time(f.Time), 20, f.HostName ?? "", 16, Cut(f.Summary, 120 - 8 - 20 - 16 - 3), 0));
                sb.Append(' ', 8 + 1 + 20 + 1 + 16 + 1).AppendLine(f.Path.Length == 0 ? "from records on several hosts (.Record)" : "at " + CutLeft(f.Location, 120 - 47 - 3));
            }
            if (report.Findings.Count > ListedFindings)
                sb.Append("… ").Append(report.Findings.Count - ListedFindings).Append(" more in .Findings (CLI: --format json)").AppendLine();
            return sb.ToString().TrimEnd();
        }

        internal static string Time(DateTimeOffset? t)
            => t.HasValue ? t.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "-";

        private static string Cut(string s, int width) => s.Length > width ? s.Substring(0, Math.Max(1, width - 1)) + "…" : s;

        private static string CutLeft(string s, int width) => s.Length > width ? "…" + s.Substring(s.Length - width + 1) : s;

        private static string Row(params object[] cells)
        {
            var sb = new StringBuilder();
            for (int i = 0; i + 1 < cells.Length; i += 2)
            {
                string text = (string)cells[i];
                int width = (int)cells[i + 1];
                if (i > 0) sb.Append(' ');
                sb.Append(width > 0 ? Cut(text, width).PadRight(width) : text);
            }
            if (cells.Length % 2 == 1) sb.Append(' ').Append((string)cells[cells.Length - 1]);
            return sb.ToString().TrimEnd();
        }
    }
}
