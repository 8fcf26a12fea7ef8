using System.Text.RegularExpressions;
using VirtDiag.Diagnostics;
using VirtDiag.Tests.Support;
using VirtDiag.Triage;

namespace VirtDiag.Tests.Triage
{
    /// <summary>The HTML report: self-contained, escaped, and checked in a real (headless) Chromium.</summary>
    public class TriageHtmlTests
    {
        private static string Examples => Path.Combine(Repo.Root, "examples");

        private static string TempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "virtdiag-html-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(d);
            return d;
        }

        private static string Html(TriageReport r)
        {
            var w = new StringWriter();
            TriageHtml.Write(r, w);
            return w.ToString();
        }

        /// <summary>A guest log whose panic message carries markup, quotes and an ampersand.</summary>
        private static string HostileLog()
        {
            string dir = TempDir();
            File.WriteAllText(Path.Combine(dir, "messages"),
                "Nov  3 04:10:00 web07 kernel: [  100.000001] Kernel panic - not syncing: <script>alert(1)</script> \"quoted\" & <img src=x onerror=alert(2)>\n");
            return dir;
        }

        [Fact]
        public void LogTextWithMarkupStaysText()
        {
            TriageReport r = TriageReaderTests.Triage(new[] { HostileLog() }, new IssueCollector());
            string html = Html(r);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;img src=x onerror=alert(2)&gt;", html);
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));                // ours, and only ours
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void ReportIsOneSelfContainedFile()
        {
            string html = Html(TriageReaderTests.Triage(new[] { Examples }, new IssueCollector()));
            Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">", html);
            foreach (string external in new[] { "<link", "@import", " src=", "url(http", "<iframe", "<object", "<embed", "fetch(", "XMLHttpRequest" })
                Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
            // the one http URL in the file is the SVG namespace the zoom script creates elements in
            Assert.Equal(new[] { "http://www.w3.org/2000/svg" }, Regex.Matches(html, "https?://[^'\"\\s<>]+").Select(m => m.Value).Distinct());
            // every finding links its source line
            Assert.Equal(7, Regex.Matches(html, "<tr id=\"f[0-9]+\"").Count);
            Assert.Contains("examples/esx-esx-a.lab-2026-11-01--12.00-1001/var/run/log/vmkernel.log:15</a>", html.Replace('\\', '/'));
        }

        [Fact]
        public void EmptyReportSaysNothingFound()
        {
            string html = Html(TriageReaderTests.Triage(new[] { TempDir() }, new IssueCollector()));
            Assert.Contains("<section id=\"nothing\"><h2>Nothing found</h2>", html);
            Assert.DoesNotContain("id=\"timeline\"", html);
        }

        [ChromiumFact]
        public void ExamplesReportInHeadlessChromium()
        {
            string file = Path.Combine(TempDir(), "triage.html");
            TriageHtml.Write(TriageReaderTests.Triage(new[] { Examples }, new IssueCollector()), file);

            Chromium.Result page = Chromium.DumpDom(file);
            string dom = page.Dom;
            Assert.Contains("data-script=\"ran\"", dom);                                   // the zoom script ran to its end
            Assert.Empty(page.ConsoleMessages);                                           // no error, no CSP refusal, nothing logged
            Assert.Empty(page.PageRequests);                                              // no request left the file
            Assert.Contains("<span class=\"n\">2</span><span class=\"l\">Critical</span>", dom);
            Assert.Contains("<span class=\"n\">4</span><span class=\"l\">Error</span>", dom);
            Assert.Contains("<span class=\"n\">5</span><span class=\"l\">Hosts</span>", dom);
            Assert.Equal(7, Regex.Matches(dom, "<tr id=\"f[0-9]+\"").Count);
            Assert.Contains("data-kind=\"PurpleScreen\"", dom);
            Assert.Contains("<span class=\"cat\">PageFault</span>", dom);
            Assert.Contains("1761994964500011", dom);
            Assert.Contains("Timeout", dom);
            Assert.Contains("qemu-img: error while writing sector 2097152: No space left on device", dom);
            Assert.Contains("7d5e1f20-2222-4c1d-8e1f-000000000002", dom);                  // the failed async copy task
            Assert.Contains("<span class=\"v\">Inconclusive</span>", dom);
            Assert.Equal(7, Regex.Matches(dom, "<circle class=\"mark ").Count);             // every timed finding on the timeline
            Assert.Single(Regex.Matches(dom, "<path class=\"reboot\""));                     // esx-c.lab booted again

            string png = Chromium.Screenshot(file, 1280, 1600);
            var (width, height, rgb) = Png.Read(png);
            Assert.Equal((1280, 1600), (width, height));
            long ink = 0;
            var colours = new HashSet<int>();
            for (int i = 0; i < rgb.Length; i += 3)
            {
                if (rgb[i] < 200 || rgb[i + 1] < 200 || rgb[i + 2] < 200) ink++;
                colours.Add((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
            }
            Assert.True(ink > width * height / 100, $"only {ink} non-white pixels: the page looks blank");
            Assert.True(colours.Count > 50, $"only {colours.Count} colours: no text or charts drawn");
        }

        [ChromiumFact]
        public void HostileLogTextIsNotRunInTheBrowser()
        {
            string file = Path.Combine(TempDir(), "hostile.html");
            TriageHtml.Write(TriageReaderTests.Triage(new[] { HostileLog() }, new IssueCollector()), file);
            Chromium.Result page = Chromium.DumpDom(file);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Dom);
            Assert.DoesNotContain("<img", page.Dom, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(page.ConsoleMessages);
            Assert.Empty(page.PageRequests);
        }

        [ChromiumFact]
        public void ChecksSeeARequestAndAConsoleErrorWhenThereAreSome()
        {
            // The control for "no request left the file" and "no console errors": a page that does both is caught.
            string file = Path.Combine(TempDir(), "control.html");
            File.WriteAllText(file, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\"><p>control</p>"
                + "<script>throw new Error('control failure');</script></body></html>");
            Chromium.Result page = Chromium.DumpDom(file);
            Assert.Contains("http://127.0.0.1:9/pixel.png", page.PageRequests);
            Assert.Contains(page.ConsoleMessages, m => m.Contains("Uncaught Error: control failure", StringComparison.Ordinal));
        }
    }
}
