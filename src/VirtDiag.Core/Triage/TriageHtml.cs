using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace VirtDiag.Triage
{
    /// <summary>
    /// Writes a triage report as ONE self-contained HTML file: CSS and a small zoom script inline, charts as SVG drawn
    /// here, no request to anything outside the file (a Content-Security-Policy says so to the browser). Every text
    /// taken from a log is HTML-escaped; no log text is ever placed inside the script.
    /// </summary>
    public static class TriageHtml
    {
        /// <summary>Migrations drawn in the duration and bandwidth charts (the table lists every kept migration).</summary>
        public const int MaxChartedMigrations = 2000;

        private const int ChartWidth = 1000;
        private const int LabelWidth = 170;
        private const int LaneHeight = 30;

        /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (UTF-8, replaced if it exists).</summary>
        public static void Write(TriageReport report, string path)
        {
            using var w = new StreamWriter(path, false, new UTF8Encoding(false));
            Write(report, w);
        }

        /// <summary>Writes <paramref name="report"/> as HTML to <paramref name="output"/>.</summary>
        public static void Write(TriageReport report, TextWriter output)
        {
            if (report == null) throw new ArgumentNullException(nameof(report));
            if (output == null) throw new ArgumentNullException(nameof(output));
            var w = new HtmlOut(output);
            Head(w, report);
            Cards(w, report);
            if (report.NothingFound)
            {
                w.Raw("<section id=\"nothing\"><h2>Nothing found</h2><p>").Text(TriageText.Render(report)).Raw("</p></section>");
            }
            else
            {
                Timeline(w, report);
                Findings(w, report);
                Hosts(w, report);
                Migrations(w, report);
                PurpleScreens(w, report);
                GuestFailures(w, report);
                Vdsm(w, report);
                Kvm(w, report);
                Skew(w, report);
                Coverage(w, report);
            }
            w.Raw("<footer>Written by VirtDiag from the logs listed above; every finding names the file and line it was read from.</footer>\n");
            w.Raw("<script>").Raw(Script).Raw("</script>\n</body>\n</html>\n");
            output.Flush();
        }

        private static void Head(HtmlOut w, TriageReport r)
        {
            w.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            w.Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
            w.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.Raw("<title>VirtDiag triage: ").Text(r.Inputs.Count == 0 ? "input" : string.Join(", ", r.Inputs)).Raw("</title>\n");
            w.Raw("<style>").Raw(Css).Raw("</style>\n</head>\n<body>\n");
            w.Raw("<header><h1>VirtDiag triage</h1><p class=\"sub\">");
            w.Text(r.Inputs.Count == 0 ? "input" : string.Join(", ", r.Inputs)).Raw(" &middot; ").Text(r.DocumentCount.ToString(CultureInfo.InvariantCulture)).Raw(" document(s)");
            if (r.FirstTime.HasValue) w.Raw(" &middot; ").Text(TriageText.Time(r.FirstTime)).Raw(" to ").Text(TriageText.Time(r.LastTime));
            w.Raw(" &middot; gaps over ").Text(TriageReader.Span(r.GapThreshold)).Raw(", slow vMotion over ").Text(TriageReader.Span(r.SlowMigrationThreshold));
            w.Raw("</p></header>\n");
        }

        private static void Cards(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"summary\" class=\"cards\">");
            foreach (TriageSeverity s in Enum.GetValues(typeof(TriageSeverity)))
            {
                r.SeverityCounts.TryGetValue(s, out int n);
                Card(w, Sev(s), n.ToString(CultureInfo.InvariantCulture), s.ToString(), "#findings");
            }
            Card(w, "hosts", r.Hosts.Count.ToString(CultureInfo.InvariantCulture), "Hosts", "#hosts");
            Card(w, "docs", r.DocumentCount.ToString(CultureInfo.InvariantCulture), "Documents", "#coverage");
            int failed = r.Migrations.Count(m => m.Result == VMotionResult.Failed);
            Card(w, "vmotion", (r.Migrations.Count + r.MigrationsNotListed).ToString(CultureInfo.InvariantCulture), "vMotions (" + failed.ToString(CultureInfo.InvariantCulture) + " failed)", "#migrations");
            Card(w, "issues", r.IssueCount.ToString(CultureInfo.InvariantCulture), "Reading problems", "#coverage");
            w.Raw("</section>\n");
        }

        private static void Card(HtmlOut w, string cls, string value, string label, string href)
            => w.Raw("<a class=\"card ").Raw(cls).Raw("\" href=\"").Raw(href).Raw("\"><span class=\"n\">").Text(value).Raw("</span><span class=\"l\">").Text(label).Raw("</span></a>");

        private static string Sev(TriageSeverity s) => "sev-" + s.ToString().ToLowerInvariant();

        // ---- timeline ----

        private static void Timeline(HtmlOut w, TriageReport r)
        {
            var hosts = r.Hosts.ToList();
            DateTimeOffset? t0 = r.FirstTime, t1 = r.LastTime;
            foreach (TriageFinding f in r.Findings.Where(f => f.Time.HasValue))
            {
                if (!t0.HasValue || f.Time < t0) t0 = f.Time;
                if (!t1.HasValue || f.Time > t1) t1 = f.Time;
            }
            w.Raw("<section id=\"timeline\"><h2>Timeline</h2>");
            if (!t0.HasValue || hosts.Count == 0)
            {
                w.Raw("<p class=\"empty\">No timed lines: nothing to place on a timeline.</p></section>\n");
                return;
            }
            long a = Ms(t0!.Value), b = Ms(t1!.Value);
            if (b - a < 60_000) { a -= 30_000; b += 30_000; }
            long margin = (b - a) / 50; // a mark at either end stays whole
            a -= margin;
            b += margin;
            int height = 30 + hosts.Count * LaneHeight + 10;
            w.Raw("<p class=\"controls\"><button type=\"button\" data-zoom=\"in\">Zoom in</button> <button type=\"button\" data-zoom=\"out\">Zoom out</button> ")
             .Raw("<button type=\"button\" data-zoom=\"reset\">Whole range</button> <span class=\"hint\">Wheel to zoom, drag to pan. Bars: time covered by logs; hatched: gaps; dots: findings; triangles: restarts.</span></p>");
            w.Raw("<svg id=\"tl\" class=\"chart\" viewBox=\"0 0 ").Num(ChartWidth).Raw(" ").Num(height).Raw("\" data-t0=\"").Num(a).Raw("\" data-t1=\"").Num(b)
             .Raw("\" data-x0=\"").Num(LabelWidth).Raw("\" data-x1=\"").Num(ChartWidth - 10).Raw("\" role=\"img\" aria-label=\"Timeline of every host\">");
            w.Raw("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#d33\" opacity=\"0.45\"/></pattern>")
             .Raw("<clipPath id=\"plot\"><rect x=\"").Num(LabelWidth).Raw("\" y=\"0\" width=\"").Num(ChartWidth - 10 - LabelWidth).Raw("\" height=\"").Num(height).Raw("\"/></clipPath></defs>");
            w.Raw("<g class=\"axis\" id=\"tl-axis\">");
            Ticks(w, a, b, height);
            w.Raw("</g><g clip-path=\"url(#plot)\">");
            for (int i = 0; i < hosts.Count; i++)
            {
                TriageHost h = hosts[i];
                int y = 26 + i * LaneHeight;
                foreach (TriageInterval c in h.Covered) Span(w, a, b, Ms(c.Start), Ms(c.End), y + 8, 12, "cov", null);
                foreach (TriageInterval g in h.Gaps) Span(w, a, b, Ms(g.Start), Ms(g.End), y + 4, 20, "gap", "Gap: no line from any log of " + h.HostName + " for " + TriageReader.Span(g.Duration) + " (" + TriageText.Time(g.Start) + " to " + TriageText.Time(g.End) + ")");
                foreach (TriageReboot rb in h.Reboots.Where(x => x.Time.HasValue))
                {
                    long t = Ms(rb.Time!.Value);
                    w.Raw("<path class=\"reboot\" data-t=\"").Num(t).Raw("\" data-y=\"").Num(y).Raw("\" d=\"M").Num(X(a, b, t)).Raw(" ").Num(y).Raw(" l-5 -6 h10 z\"><title>")
                     .Text(rb.Kind + " at " + TriageText.Time(rb.Time) + ": " + rb.Text + " (" + rb.Path + ":" + rb.LineNumber.ToString(CultureInfo.InvariantCulture) + ")").Raw("</title></path>");
                }
            }
            int index = 0;
            foreach (TriageFinding f in r.Findings)
            {
                index++;
                if (!f.Time.HasValue) continue;
                int lane = hosts.FindIndex(h => string.Equals(h.HostName, string.IsNullOrEmpty(f.HostName) ? TriageReader.UnknownHost : f.HostName, StringComparison.OrdinalIgnoreCase));
                if (lane < 0) continue;
                int y = 26 + lane * LaneHeight + 14;
                long t = Ms(f.Time.Value);
                w.Raw("<a href=\"#f").Num(index).Raw("\"><circle class=\"mark ").Raw(Sev(f.Severity)).Raw("\" data-t=\"").Num(t).Raw("\" cx=\"").Num(X(a, b, t)).Raw("\" cy=\"").Num(y)
                 .Raw("\" r=\"").Raw(f.Severity <= TriageSeverity.Error ? "6" : "4").Raw("\"><title>").Text(f.Severity + " " + TriageText.Time(f.Time) + " " + f.Summary).Raw("</title></circle></a>");
            }
            w.Raw("</g>");
            for (int i = 0; i < hosts.Count; i++)
            {
                int y = 26 + i * LaneHeight;
                w.Raw("<text class=\"lane\" x=\"4\" y=\"").Num(y + 18).Raw("\">").Text(Cut(hosts[i].HostName, 24)).Raw("<title>").Text(hosts[i].HostName).Raw("</title></text>");
                w.Raw("<line class=\"sep\" x1=\"0\" x2=\"").Num(ChartWidth).Raw("\" y1=\"").Num(y + LaneHeight - 2).Raw("\" y2=\"").Num(y + LaneHeight - 2).Raw("\"/>");
            }
            w.Raw("</svg></section>\n");
        }

        private static void Ticks(HtmlOut w, long a, long b, int height)
        {
            const int count = 6;
            for (int i = 0; i <= count; i++)
            {
                long t = a + (b - a) * i / count;
                double x = X(a, b, t);
                w.Raw("<line x1=\"").Num(x).Raw("\" x2=\"").Num(x).Raw("\" y1=\"18\" y2=\"").Num(height).Raw("\"/>");
                w.Raw("<text x=\"").Num(x).Raw("\" y=\"12\" text-anchor=\"").Raw(i == 0 ? "start" : i == count ? "end" : "middle").Raw("\">")
                 .Text(DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Raw("</text>");
            }
        }

        private static void Span(HtmlOut w, long a, long b, long start, long end, int y, int height, string cls, string? title)
        {
            double x0 = X(a, b, start), x1 = X(a, b, end);
            w.Raw("<rect class=\"").Raw(cls).Raw("\" data-t=\"").Num(start).Raw("\" data-t2=\"").Num(end).Raw("\" x=\"").Num(x0).Raw("\" y=\"").Num(y)
             .Raw("\" width=\"").Num(Math.Max(1.5, x1 - x0)).Raw("\" height=\"").Num(height).Raw("\">");
            if (title != null) w.Raw("<title>").Text(title).Raw("</title>");
            w.Raw("</rect>");
        }

        private static double X(long a, long b, long t) => LabelWidth + (ChartWidth - 10 - LabelWidth) * (double)(t - a) / Math.Max(1, b - a);

        private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

        // ---- tables ----

        private static void Findings(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"findings\"><h2>Findings, most severe first</h2>");
            if (r.Findings.Count == 0)
            {
                w.Raw("<p class=\"empty\">No findings: no failed or slow vMotion, purple screen, guest failure, failed VDSM task or command, or KVM trace.</p></section>\n");
                return;
            }
            if (r.FindingsNotListed > 0) w.Raw("<p class=\"note\">").Text(r.FindingsNotListed.ToString(CultureInfo.InvariantCulture) + " more findings were found but not listed (per-kind cap).").Raw("</p>");
            w.Raw("<table><thead><tr><th>#</th><th>Severity</th><th>Time (UTC)</th><th>Host</th><th>Kind</th><th>Finding</th><th>Source</th></tr></thead><tbody>");
            int i = 0;
            foreach (TriageFinding f in r.Findings)
            {
                i++;
                w.Raw("<tr id=\"f").Num(i).Raw("\" class=\"").Raw(Sev(f.Severity)).Raw("\" data-kind=\"").Raw(f.Kind.ToString()).Raw("\"><td>").Num(i).Raw("</td><td class=\"sev\">").Text(f.Severity.ToString())
                 .Raw("</td><td class=\"t\">").Text(TriageText.Time(f.Time)).Raw("</td><td>").Text(f.HostName ?? "").Raw("</td><td>").Text(f.Kind.ToString())
                 .Raw("</td><td class=\"msg\">").Text(f.Summary).Raw("</td><td class=\"src\">");
                Source(w, f.Path, f.LineNumber);
                w.Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table></section>\n");
        }

        private static void Hosts(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"hosts\"><h2>Hosts</h2><table><thead><tr><th>Host</th><th>Logs</th><th>Documents</th><th>Lines</th><th>From (UTC)</th><th>To (UTC)</th>")
             .Raw("<th>Gaps</th><th>Restarts</th><th>Versions</th><th>Findings</th></tr></thead><tbody>");
            foreach (TriageHost h in r.Hosts)
            {
                w.Raw("<tr><td>").Text(h.HostName).Raw("</td><td>").Text(string.Join(", ", h.LogKinds)).Raw("</td><td class=\"r\">").Num(h.DocumentCount)
                 .Raw("</td><td class=\"r\">").Text(h.Lines.ToString("N0", CultureInfo.InvariantCulture)).Raw("</td><td class=\"t\">").Text(TriageText.Time(h.FirstTime))
                 .Raw("</td><td class=\"t\">").Text(TriageText.Time(h.LastTime)).Raw("</td><td>");
                if (h.Gaps.Count == 0) w.Raw("none");
                foreach (TriageInterval g in h.Gaps) w.Raw("<div>").Text(TriageText.Time(g.Start) + " + " + TriageReader.Span(g.Duration)).Raw("</div>");
                w.Raw("</td><td>");
                if (h.Reboots.Count == 0) w.Raw("none");
                foreach (TriageReboot rb in h.Reboots)
                {
                    w.Raw("<div>").Text(TriageText.Time(rb.Time) + " " + rb.Kind + " ");
                    Source(w, rb.Path, rb.LineNumber);
                    w.Raw("</div>");
                }
                w.Raw("</td><td>");
                if (h.EsxiBuild != null) w.Raw("<div>ESXi ").Text(h.EsxiBuild).Raw("</div>");
                if (h.VdsmVersion != null) w.Raw("<div>vdsm ").Text(h.VdsmVersion).Raw("</div>");
                if (h.KernelVersion != null) w.Raw("<div>kernel ").Text(h.KernelVersion).Raw("</div>");
                w.Raw("</td><td class=\"r ").Raw(h.WorstSeverity.HasValue ? Sev(h.WorstSeverity.Value) : "").Raw("\">").Num(h.FindingCount).Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table></section>\n");
        }

        private static void Migrations(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"migrations\"><h2>vMotion migrations</h2>");
            if (r.Migrations.Count == 0)
            {
                w.Raw("<p class=\"empty\">No vMotion found in the logs.</p></section>\n");
                return;
            }
            if (r.MigrationsNotListed > 0) w.Raw("<p class=\"note\">").Text(r.MigrationsNotListed.ToString(CultureInfo.InvariantCulture) + " more migrations were joined but not kept.").Raw("</p>");
            var charted = r.Migrations.Take(MaxChartedMigrations).ToList();
            BarChart(w, "mig-duration", "Duration (s)", charted.Select(m => (m.MigrationId, m.Duration?.TotalSeconds, m.Result.ToString().ToLowerInvariant())).ToList());
            BarChart(w, "mig-bandwidth", "Bandwidth (MB/s)", charted.Select(m => (m.MigrationId, m.BandwidthMBps, m.Result.ToString().ToLowerInvariant())).ToList());
            if (r.Migrations.Count > charted.Count) w.Raw("<p class=\"note\">The charts show the first ").Num(charted.Count).Raw(" migrations; the table lists all.</p>");
            w.Raw("<table><thead><tr><th>Start (UTC)</th><th>Migration id</th><th>VM</th><th>Source</th><th>Destination</th><th>Duration</th><th>MB/s</th><th>Result</th><th>Reason</th><th>Source line</th></tr></thead><tbody>");
            foreach (VMotionMigration m in r.Migrations)
            {
                VMotionEvent? first = m.Events.Count > 0 ? m.Events[0] : null;
                w.Raw("<tr class=\"mig-").Raw(m.Result.ToString().ToLowerInvariant()).Raw("\"><td class=\"t\">").Text(TriageText.Time(m.StartTime)).Raw("</td><td>").Text(m.MigrationId)
                 .Raw("</td><td>").Text(m.VMName ?? "").Raw("</td><td>").Text(m.SourceHost ?? "").Raw("</td><td>").Text(m.DestinationHost ?? "")
                 .Raw("</td><td class=\"r\">").Text(m.Duration.HasValue ? TriageReader.Span(m.Duration.Value) : "").Raw("</td><td class=\"r\">")
                 .Text(m.BandwidthMBps.HasValue ? m.BandwidthMBps.Value.ToString("0.#", CultureInfo.InvariantCulture) : "").Raw("</td><td>").Text(m.Result.ToString())
                 .Raw("</td><td class=\"msg\">").Text(m.FailureReason ?? "").Raw("</td><td class=\"src\">");
                if (first != null) Source(w, first.Path, first.LineNumber);
                w.Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table></section>\n");
        }

        private static void BarChart(HtmlOut w, string id, string title, List<(string Label, double? Value, string Class)> bars)
        {
            double max = bars.Where(x => x.Value.HasValue).Select(x => x.Value!.Value).DefaultIfEmpty(0).Max();
            const int height = 140, top = 20, bottom = 20, left = 60;
            int plot = ChartWidth - left - 10;
            w.Raw("<figure><figcaption>").Text(title + (max > 0 ? ", largest " + max.ToString("0.##", CultureInfo.InvariantCulture) : ", none logged")).Raw("</figcaption>");
            w.Raw("<svg id=\"").Raw(id).Raw("\" class=\"chart bars\" viewBox=\"0 0 ").Num(ChartWidth).Raw(" ").Num(height).Raw("\" role=\"img\" aria-label=\"").Text(title).Raw("\">");
            w.Raw("<line class=\"base\" x1=\"").Num(left).Raw("\" x2=\"").Num(ChartWidth - 10).Raw("\" y1=\"").Num(height - bottom).Raw("\" y2=\"").Num(height - bottom).Raw("\"/>");
            w.Raw("<text x=\"").Num(left - 4).Raw("\" y=\"").Num(top + 4).Raw("\" text-anchor=\"end\">").Text(max.ToString("0.##", CultureInfo.InvariantCulture)).Raw("</text>");
            w.Raw("<text x=\"").Num(left - 4).Raw("\" y=\"").Num(height - bottom).Raw("\" text-anchor=\"end\">0</text>");
            double step = bars.Count == 0 ? 0 : (double)plot / bars.Count;
            for (int i = 0; i < bars.Count; i++)
            {
                var (label, value, cls) = bars[i];
                if (!value.HasValue || max <= 0) continue;
                double h = (height - top - bottom) * value.Value / max;
                w.Raw("<rect class=\"bar ").Raw(cls).Raw("\" x=\"").Num(left + i * step + step * 0.1).Raw("\" y=\"").Num(height - bottom - h).Raw("\" width=\"").Num(Math.Max(0.5, step * 0.8))
                 .Raw("\" height=\"").Num(Math.Max(0.5, h)).Raw("\"><title>").Text(label + ": " + value.Value.ToString("0.###", CultureInfo.InvariantCulture)).Raw("</title></rect>");
            }
            w.Raw("</svg></figure>");
        }

        private static void PurpleScreens(HtmlOut w, TriageReport r)
        {
            var patterns = r.Findings.Where(f => f.Kind == TriageFindingKind.PurpleScreenPattern).ToList();
            var screens = r.Findings.Where(f => f.Kind == TriageFindingKind.PurpleScreen).ToList();
            w.Raw("<section id=\"psod\"><h2>Purple screens</h2>");
            if (screens.Count == 0)
            {
                w.Raw("<p class=\"empty\">No purple diagnostic screen found.</p></section>\n");
                return;
            }
            foreach (TriageFinding pf in patterns)
            {
                var p = (PurpleScreenPattern)pf.Record;
                w.Raw("<div class=\"verdict ").Raw(Sev(pf.Severity)).Raw("\"><h3>").Text((p.HostName ?? TriageReader.UnknownHost) + ": ").Raw("<span class=\"v\">").Text(p.Verdict.ToString()).Raw("</span> over ")
                 .Num(p.Count).Raw(" screen(s)</h3><ul>");
                foreach (string e in p.Evidence) w.Raw("<li>").Text(e).Raw("</li>");
                w.Raw("</ul></div>");
            }
            foreach (TriageFinding f in screens)
            {
                var s = (PurpleScreen)f.Record;
                w.Raw("<div class=\"screen\"><h3>").Text(TriageText.Time(s.Timestamp) + " " + (s.HostName ?? "") + " ").Raw("<span class=\"cat\">").Text(s.Category.ToString()).Raw("</span></h3><p class=\"msg\">")
                 .Text(s.Message ?? "").Raw("</p><p>");
                if (s.Version != null || s.Build != null) w.Text("ESXi " + (s.Version ?? "") + " " + (s.Build ?? "") + " · ");
                if (s.PhysicalCpu.HasValue) w.Text("PCPU " + s.PhysicalCpu.Value.ToString(CultureInfo.InvariantCulture) + " · ");
                if (s.World != null) w.Text("world " + s.World + " · ");
                w.Raw("source ");
                Source(w, s.Path, s.LineNumber);
                w.Raw("</p>");
                if (s.Frames.Count > 0)
                {
                    w.Raw("<ol class=\"frames\">");
                    foreach (PurpleScreenFrame fr in s.Frames.Take(8)) w.Raw("<li>").Text(fr.ToString() + (fr.Module != null ? " [" + fr.Module + "]" : "")).Raw("</li>");
                    w.Raw("</ol>");
                }
                w.Raw("<details><summary>Screen text</summary><pre>").Text(s.Text).Raw("</pre></details></div>\n");
            }
            w.Raw("</section>\n");
        }

        private static void GuestFailures(HtmlOut w, TriageReport r)
        {
            var list = r.Findings.Where(f => f.Kind == TriageFindingKind.GuestFailure).ToList();
            w.Raw("<section id=\"guest\"><h2>Guest failures (host clock)</h2>");
            if (list.Count == 0)
            {
                w.Raw("<p class=\"empty\">No guest OS failure found.</p></section>\n");
                return;
            }
            w.Raw("<table><thead><tr><th>Time (UTC)</th><th>Host / VM</th><th>OS</th><th>Kind</th><th>Code</th><th>Message</th><th>Source</th></tr></thead><tbody>");
            foreach (TriageFinding f in list)
            {
                var g = (GuestOsFailure)f.Record;
                w.Raw("<tr class=\"").Raw(Sev(f.Severity)).Raw("\"><td class=\"t\">").Text(TriageText.Time(f.Time)).Raw("</td><td>").Text((g.HostName ?? "") + (g.VMName != null ? " / " + g.VMName : ""))
                 .Raw("</td><td>").Text(g.Os.ToString()).Raw("</td><td>").Text(g.Kind.ToString()).Raw("</td><td>")
                 .Text(g.Code.HasValue ? "0x" + g.Code.Value.ToString("X", CultureInfo.InvariantCulture) + (g.Name != null ? " " + g.Name : "") : g.Name ?? "")
                 .Raw("</td><td class=\"msg\">").Text(g.Message).Raw("<details><summary>Text</summary><pre>").Text(g.Text).Raw("</pre></details></td><td class=\"src\">");
                Source(w, g.Path, g.LineNumber);
                w.Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table></section>\n");
        }

        private static void Vdsm(HtmlOut w, TriageReport r)
        {
            var tasks = r.Findings.Where(f => f.Kind == TriageFindingKind.VdsmTaskFailed).ToList();
            var commands = r.Findings.Where(f => f.Kind == TriageFindingKind.VdsmCommandFailed).ToList();
            var engine = r.Findings.Where(f => f.Kind == TriageFindingKind.EngineCommandFailed).ToList();
            w.Raw("<section id=\"vdsm\"><h2>VDSM and engine failures</h2>");
            if (tasks.Count == 0 && commands.Count == 0 && engine.Count == 0)
            {
                w.Raw("<p class=\"empty\">No failed VDSM task or external command, no failed engine command.</p></section>\n");
                return;
            }
            if (engine.Count > 0)
            {
                w.Raw("<h3>Engine commands (engine.log)</h3><table><thead><tr><th>Time (UTC)</th><th>Engine</th><th>Kind</th><th>Command</th><th>Target host</th><th>Correlation id</th><th>Error</th><th>Source</th></tr></thead><tbody>");
                foreach (TriageFinding f in engine)
                {
                    var c = (OVirtEngineCommand)f.Record;
                    w.Raw("<tr><td class=\"t\">").Text(TriageText.Time(f.Time)).Raw("</td><td>").Text(c.HostName ?? "").Raw("</td><td>").Text(c.Kind.ToString()).Raw("</td><td>").Text(c.Command)
                     .Raw("</td><td>").Text(c.TargetHost ?? "").Raw("</td><td>").Text(c.CorrelationId ?? "").Raw("</td><td class=\"msg\">").Text(c.Error ?? "").Raw("</td><td class=\"src\">");
                    Source(w, f.Path, f.LineNumber);
                    w.Raw("</td></tr>\n");
                }
                w.Raw("</tbody></table>");
            }
            if (tasks.Count > 0)
            {
                w.Raw("<h3>Tasks and verb calls</h3><table><thead><tr><th>End (UTC)</th><th>Host</th><th>Kind</th><th>Verb</th><th>Task id</th><th>Duration</th><th>Code</th><th>Error</th><th>Source</th></tr></thead><tbody>");
                foreach (TriageFinding f in tasks)
                {
                    var t = (VdsmTask)f.Record;
                    w.Raw("<tr><td class=\"t\">").Text(TriageText.Time(f.Time)).Raw("</td><td>").Text(t.HostName ?? "").Raw("</td><td>").Text(t.Kind.ToString()).Raw("</td><td>").Text(t.Verb ?? "")
                     .Raw("</td><td>").Text(t.TaskId ?? "").Raw("</td><td class=\"r\">").Text(t.Duration.HasValue ? TriageReader.Span(t.Duration.Value) : "").Raw("</td><td>")
                     .Text(t.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "").Raw("</td><td class=\"msg\">").Text(t.Error ?? t.StatusMessage ?? "").Raw("</td><td class=\"src\">");
                    Source(w, t.Path, t.LineNumber);
                    w.Raw("</td></tr>\n");
                }
                w.Raw("</tbody></table>");
            }
            if (commands.Count > 0)
            {
                w.Raw("<h3>External commands</h3><table><thead><tr><th>End (UTC)</th><th>Host</th><th>Executable</th><th>rc</th><th>Task</th><th>stderr</th><th>Source</th></tr></thead><tbody>");
                foreach (TriageFinding f in commands)
                {
                    var c = (VdsmExternalCommand)f.Record;
                    w.Raw("<tr><td class=\"t\">").Text(TriageText.Time(f.Time)).Raw("</td><td>").Text(c.HostName ?? "").Raw("</td><td>").Text(c.Executable ?? "")
                     .Raw("</td><td class=\"r\">").Text(c.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "").Raw("</td><td>").Text((c.TaskVerb ?? "") + (c.TaskId != null ? " " + c.TaskId : ""))
                     .Raw("</td><td class=\"msg\">").Text(c.StdErr ?? "").Raw("<details><summary>Command line</summary><pre>").Text(c.CommandLine ?? "").Raw("</pre></details></td><td class=\"src\">");
                    Source(w, c.Path, c.LineNumber);
                    w.Raw("</td></tr>\n");
                }
                w.Raw("</tbody></table>");
            }
            w.Raw("</section>\n");
        }

        private static void Kvm(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"kvm\"><h2>KVM exits</h2>");
            if (r.KvmExits.Count == 0)
            {
                w.Raw("<p class=\"empty\">No trace.dat with KVM exits was given.</p></section>\n");
                return;
            }
            foreach (var trace in r.KvmExits.GroupBy(k => k.Path))
            {
                var rows = trace.OrderByDescending(k => k.TotalTimeInHostNs).Take(12).ToList();
                long max = Math.Max(1, rows.Max(k => k.TotalTimeInHostNs));
                int height = 20 + rows.Count * 22;
                w.Raw("<figure><figcaption>").Text("Time in host per exit reason: ").Raw("<span class=\"src\">");
                Source(w, trace.Key, 0);
                w.Raw("</span></figcaption><svg class=\"chart kvm\" viewBox=\"0 0 ").Num(ChartWidth).Raw(" ").Num(height).Raw("\" role=\"img\" aria-label=\"KVM exits\">");
                for (int i = 0; i < rows.Count; i++)
                {
                    KvmExitSummary k = rows[i];
                    int y = 10 + i * 22;
                    double width = (ChartWidth - 10 - 360) * (double)k.TotalTimeInHostNs / max;
                    w.Raw("<text x=\"4\" y=\"").Num(y + 14).Raw("\">").Text(Cut(k.VM + " " + (k.ExitReason ?? "?"), 40)).Raw("</text>")
                     .Raw("<rect class=\"bar kvm\" x=\"260\" y=\"").Num(y + 2).Raw("\" width=\"").Num(Math.Max(1, width)).Raw("\" height=\"16\"><title>")
                     .Text(k.ExitReason + ": " + k.Count.ToString("N0", CultureInfo.InvariantCulture) + " exits, " + TriageReader.Span(k.TotalTimeInHost) + " in host").Raw("</title></rect>")
                     .Raw("<text x=\"").Num(266 + width).Raw("\" y=\"").Num(y + 14).Raw("\">").Text(TriageReader.Span(k.TotalTimeInHost) + ", " + k.Count.ToString("N0", CultureInfo.InvariantCulture) + " exits").Raw("</text>");
                }
                w.Raw("</svg></figure>\n");
            }
            w.Raw("</section>\n");
        }

        private static void Skew(HtmlOut w, TriageReport r)
        {
            if (r.ClockSkew.Count == 0) return;
            w.Raw("<section id=\"skew\"><h2>Clock skew between hosts</h2><p class=\"hint\">Offsets are host clock minus the reference host's clock, from causal pairs of records across hosts; times elsewhere in this report are as each host wrote them.</p>")
             .Raw("<table><thead><tr><th>Host</th><th>Reference</th><th>Offset</th><th>Bounds</th><th>Anchors</th><th>Kinds</th><th>Confidence</th><th>Outliers</th></tr></thead><tbody>");
            foreach (ClockSkewEstimate e in r.ClockSkew)
            {
                w.Raw("<tr><td>").Text(e.HostName).Raw("</td><td>").Text(e.ReferenceHostName).Raw("</td><td class=\"r\">")
                 .Text(e.OffsetSeconds.HasValue ? e.OffsetSeconds.Value.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "-").Raw("</td><td>")
                 .Text(e.LowerBoundSeconds.HasValue && e.UpperBoundSeconds.HasValue ? "[" + e.LowerBoundSeconds.Value.ToString("0.###", CultureInfo.InvariantCulture) + ", " + e.UpperBoundSeconds.Value.ToString("0.###", CultureInfo.InvariantCulture) + "]" : "")
                 .Raw("</td><td class=\"r\">").Num(e.Anchors).Raw("</td><td>").Text(string.Join(", ", e.AnchorKinds)).Raw("</td><td>").Text(e.Confidence.ToString())
                 .Raw("</td><td class=\"r\">").Num(e.Outliers).Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table></section>\n");
        }

        private static void Coverage(HtmlOut w, TriageReport r)
        {
            w.Raw("<section id=\"coverage\"><h2>Coverage: what each reader made of each document</h2>")
             .Raw("<p class=\"hint\">Malformed: lines that looked like records but matched no shape, or records cut short. Orphans: events that joined nothing. Errors: input that could not be read.</p>");
            w.Raw("<table><thead><tr><th>Reader</th><th>Document</th><th>Host</th><th>Kind</th><th>Lines</th><th>Records</th><th>Malformed</th><th>Orphans</th><th>Errors</th><th>From (UTC)</th><th>To (UTC)</th></tr></thead><tbody>");
            foreach (TriageSource s in r.Sources)
            {
                bool bad = s.Malformed > 0 || s.Errors > 0;
                w.Raw("<tr").Raw(bad ? " class=\"warn\"" : "").Raw("><td>").Text(s.Reader).Raw("</td><td class=\"src\">");
                Source(w, s.Path, 0);
                w.Raw("</td><td>").Text(s.HostName ?? "").Raw("</td><td>").Text(s.Kind.ToString()).Raw("</td><td class=\"r\">").Text(s.Reader == TriageReader.Steps[0] ? s.Lines.ToString("N0", CultureInfo.InvariantCulture) : "")
                 .Raw("</td><td class=\"r\">").Text(s.Records.ToString("N0", CultureInfo.InvariantCulture)).Raw("</td><td class=\"r\">").Num(s.Malformed).Raw("</td><td class=\"r\">").Num(s.Orphans)
                 .Raw("</td><td class=\"r\">").Num(s.Errors).Raw("</td><td class=\"t\">").Text(TriageText.Time(s.FirstTime)).Raw("</td><td class=\"t\">").Text(TriageText.Time(s.LastTime)).Raw("</td></tr>\n");
            }
            w.Raw("</tbody></table>");
            if (r.UnreadFileCount > 0)
            {
                w.Raw("<h3 id=\"unread\">Not read</h3><p class=\"note\">").Text(r.UnreadFileCount.ToString(CultureInfo.InvariantCulture)
                    + " .log or .txt file(s) under the folders given have names that match no log kind, so no reader took them; name a file on the command line to read it.").Raw("</p><ul>");
                foreach (string f in r.UnreadFiles) { w.Raw("<li>"); Source(w, f, 0); w.Raw("</li>"); }
                w.Raw("</ul>");
            }
            w.Raw("</section>\n");
        }

        /// <summary>A source reference: a file link for a plain file, the bundle's link (member in the text) for an archive entry.</summary>
        private static void Source(HtmlOut w, string path, long line)
        {
            if (string.IsNullOrEmpty(path)) { w.Raw("<span class=\"path\">(many documents)</span>"); return; }
            string text = line > 0 ? path + ":" + line.ToString(CultureInfo.InvariantCulture) : path;
            string? href = FileHref(path);
            if (href == null) { w.Raw("<span class=\"path\">").Text(text).Raw("</span>"); return; }
            w.Raw("<a class=\"path\" href=\"").Text(href).Raw("\">").Text(text).Raw("</a>");
        }

        private static string? FileHref(string path)
        {
            if (string.IsNullOrEmpty(path) || path[0] == '<' || path == "-") return null;
            int bang = path.IndexOf('!');
            string file = bang > 0 ? path.Substring(0, bang) : path;
            try
            {
                return new Uri(Path.GetFullPath(file)).AbsoluteUri;
            }
            catch (Exception e) when (e is ArgumentException || e is UriFormatException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                return null;
            }
        }

        private static string Cut(string s, int width) => s.Length > width ? s.Substring(0, width - 1) + "…" : s;

        /// <summary>The only way text reaches the page: <see cref="Text"/> escapes it, <see cref="Raw"/> is for our own markup.</summary>
        private sealed class HtmlOut
        {
            private readonly TextWriter _w;
            public HtmlOut(TextWriter w) { _w = w; }

            public HtmlOut Raw(string markup) { _w.Write(markup); return this; }

            public HtmlOut Num(long n) { _w.Write(n.ToString(CultureInfo.InvariantCulture)); return this; }

            public HtmlOut Num(double n) { _w.Write(n.ToString("0.##", CultureInfo.InvariantCulture)); return this; }

            public HtmlOut Text(string? s)
            {
                if (s == null) return this;
                foreach (char c in s)
                {
                    switch (c)
                    {
                        case '&': _w.Write("&amp;"); break;
                        case '<': _w.Write("&lt;"); break;
                        case '>': _w.Write("&gt;"); break;
                        case '"': _w.Write("&quot;"); break;
                        case '\'': _w.Write("&#39;"); break;
                        case '\0': _w.Write('\uFFFD'); break;
                        default:
                            if (c < ' ' && c != '\n' && c != '\t' && c != '\r') _w.Write('\uFFFD');
                            else _w.Write(c);
                            break;
                    }
                }
                return this;
            }
        }

        private const string Css = @"
:root{--crit:#8b1a8b;--err:#c62828;--warn:#b26a00;--info:#1565c0;--ok:#2e7d32;--fg:#1d1d1f;--muted:#666;--line:#ddd}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);margin:0 auto;max-width:1280px;padding:16px 24px}
h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:12px 0 6px}
.sub,.hint,.note,.empty,footer{color:var(--muted)}.empty{font-style:italic}footer{margin-top:32px;font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}.card{display:flex;flex-direction:column;min-width:120px;padding:10px 14px;border:1px solid var(--line);border-left:6px solid #999;border-radius:6px;text-decoration:none;color:inherit}
.card .n{font-size:26px;font-weight:600}.card .l{font-size:12px;color:var(--muted)}
.card.sev-critical{border-left-color:var(--crit)}.card.sev-error{border-left-color:var(--err)}.card.sev-warning{border-left-color:var(--warn)}.card.sev-info{border-left-color:var(--info)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f6;position:sticky;top:0}td.r{text-align:right;font-variant-numeric:tabular-nums}td.t{white-space:nowrap;font-variant-numeric:tabular-nums}
td.msg{word-break:break-word;max-width:560px}td.src,.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
tr.sev-critical td.sev{color:var(--crit);font-weight:700}tr.sev-error td.sev{color:var(--err);font-weight:700}tr.sev-warning td.sev{color:var(--warn);font-weight:600}tr.sev-info td.sev{color:var(--info)}
td.sev-critical{color:var(--crit);font-weight:700}td.sev-error{color:var(--err);font-weight:700}tr.warn td{background:#fff6e5}
tr.mig-failed td{background:#fdecec}tr:target td{outline:2px solid #f5b800}
pre{white-space:pre-wrap;word-break:break-word;font-size:12px;background:#f7f7f9;padding:8px;border-radius:4px;max-height:420px;overflow:auto}
details summary{cursor:pointer;color:var(--muted);font-size:12px}
.chart{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:4px;background:#fff;user-select:none}
.chart text{font-size:11px;fill:#333}.chart .lane{font-size:12px;font-weight:600}.axis line,.sep{stroke:#eee}.axis text{fill:#666}
.cov{fill:#9ec5e8}.gap{fill:url(#hatch);stroke:#d33;stroke-width:.5}.reboot{fill:#222}
.mark{stroke:#fff;stroke-width:1}.mark.sev-critical{fill:var(--crit)}.mark.sev-error{fill:var(--err)}.mark.sev-warning{fill:var(--warn)}.mark.sev-info{fill:var(--info)}
.bar.succeeded{fill:var(--ok)}.bar.failed{fill:var(--err)}.bar.incomplete{fill:#999}.bar.kvm{fill:var(--info)}.base{stroke:#999}
figure{margin:8px 0 14px}figcaption{font-size:12px;color:var(--muted);margin-bottom:2px}
.controls button{font:inherit;font-size:12px;padding:2px 8px}
.verdict{border-left:6px solid #999;padding:4px 12px;margin:8px 0;background:#faf7fb}.verdict.sev-critical{border-left-color:var(--crit)}.verdict.sev-error{border-left-color:var(--err)}.verdict .v{font-weight:700}
.screen{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:8px 0}.cat{color:var(--crit)}ol.frames{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;margin:4px 0}
@media print{body{max-width:none;padding:0;font-size:11px}.controls,.hint{display:none}th{position:static}h2{break-after:avoid}tr,figure,.screen,.verdict{break-inside:avoid}
details>pre{display:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}.card{min-width:90px;padding:4px 8px}}
";

        // Zoom and pan of the timeline: positions are recomputed from each element's data-t (ms since the epoch), so dots
        // stay round and labels stay legible. It reads only numbers from attributes we wrote; no log text goes through it.
        private const string Script = @"
(function(){
'use strict';
var svg=document.getElementById('tl');if(!svg){document.body.setAttribute('data-script','ran');return;}
var A=+svg.getAttribute('data-t0'),B=+svg.getAttribute('data-t1'),X0=+svg.getAttribute('data-x0'),X1=+svg.getAttribute('data-x1');
var a=A,b=B,ns='http://www.w3.org/2000/svg',axis=document.getElementById('tl-axis'),H=+svg.viewBox.baseVal.height;
function x(t){return X0+(X1-X0)*(t-a)/Math.max(1,b-a);}
function pad(n){return (n<10?'0':'')+n;}
function label(t){var d=new Date(t);return pad(d.getUTCMonth()+1)+'-'+pad(d.getUTCDate())+' '+pad(d.getUTCHours())+':'+pad(d.getUTCMinutes())+':'+pad(d.getUTCSeconds());}
function draw(){
 var i,e,n=svg.querySelectorAll('[data-t]');
 for(i=0;i<n.length;i++){e=n[i];var t=+e.getAttribute('data-t');
  if(e.tagName==='circle'){e.setAttribute('cx',x(t));}
  else if(e.tagName==='rect'){var x0=x(t),x1=x(+e.getAttribute('data-t2'));e.setAttribute('x',x0);e.setAttribute('width',Math.max(1.5,x1-x0));}
  else if(e.tagName==='path'){var y=+e.getAttribute('data-y');e.setAttribute('d','M'+x(t)+' '+y+' l-5 -6 h10 z');}}
 while(axis.firstChild)axis.removeChild(axis.firstChild);
 for(i=0;i<=6;i++){var t=a+(b-a)*i/6,l=document.createElementNS(ns,'line'),s=document.createElementNS(ns,'text');
  l.setAttribute('x1',x(t));l.setAttribute('x2',x(t));l.setAttribute('y1',18);l.setAttribute('y2',H);
  s.setAttribute('x',x(t));s.setAttribute('y',12);s.setAttribute('text-anchor',i===0?'start':i===6?'end':'middle');s.textContent=label(t);
  axis.appendChild(l);axis.appendChild(s);}
}
function zoom(f,c){var m=c===undefined?(a+b)/2:c;var w=Math.max(1000,(b-a)*f);a=m-(m-a)*w/(b-a);b=a+w;clamp();draw();}
function clamp(){var w=b-a;if(w>=B-A){a=A;b=B;return;}if(a<A){a=A;b=A+w;}if(b>B){b=B;a=B-w;}}
function at(ev){var r=svg.getBoundingClientRect(),px=(ev.clientX-r.left)*svg.viewBox.baseVal.width/r.width;return a+(b-a)*(px-X0)/(X1-X0);}
svg.addEventListener('wheel',function(ev){ev.preventDefault();zoom(ev.deltaY<0?0.8:1.25,at(ev));},{passive:false});
var drag=null;
svg.addEventListener('mousedown',function(ev){drag={x:ev.clientX,a:a,b:b};});
window.addEventListener('mousemove',function(ev){if(!drag)return;var r=svg.getBoundingClientRect(),d=(ev.clientX-drag.x)*svg.viewBox.baseVal.width/r.width*(drag.b-drag.a)/(X1-X0);a=drag.a-d;b=drag.b-d;clamp();draw();});
window.addEventListener('mouseup',function(){drag=null;});
var btn=document.querySelectorAll('[data-zoom]');
for(var i=0;i<btn.length;i++)btn[i].addEventListener('click',function(){var z=this.getAttribute('data-zoom');if(z==='in')zoom(0.5);else if(z==='out')zoom(2);else{a=A;b=B;draw();}});
draw();
document.body.setAttribute('data-script','ran');
})();
";
    }
}
