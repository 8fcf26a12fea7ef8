using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace VirtDiag.Tests.Support
{
    /// <summary>A fact that needs a Chromium browser (Debian's <c>chromium</c>); .ci/run installs it.</summary>
    public sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (Chromium.Executable == null) Skip = "no chromium on PATH (.ci/run installs Debian's chromium; apt-get install chromium)";
        }
    }

    /// <summary>Runs headless Chromium on a local file: the DOM after scripts ran, a screenshot, console messages, and the requests the page made.</summary>
    public static class Chromium
    {
        public static string? Executable { get; } = new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(n => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, n)))
            .FirstOrDefault(File.Exists);

        public sealed record Result(string Dom, string Stderr, IReadOnlyList<string> PageRequests, IReadOnlyList<string> ConsoleMessages);

        /// <summary>Loads <paramref name="htmlFile"/> with --dump-dom (and a NetLog); returns the DOM, console lines and the URLs the page itself asked for.</summary>
        public static Result DumpDom(string htmlFile)
        {
            string work = NewDir();
            string netLog = Path.Combine(work, "net.json");
            var (code, stdout, stderr) = Run(work, "--enable-logging=stderr --v=0 --log-net-log=\"" + netLog + "\" --dump-dom \"" + new Uri(htmlFile).AbsoluteUri + "\"");
            Assert.True(code == 0, "chromium --dump-dom exited " + code + ": " + stderr);
            var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
            return new Result(stdout, stderr, PageRequests(netLog), console);
        }

        /// <summary>Takes a screenshot of <paramref name="htmlFile"/> at the given window size and returns the PNG's path.</summary>
        public static string Screenshot(string htmlFile, int width, int height)
        {
            string work = NewDir();
            string png = Path.Combine(work, "shot.png");
            var (code, _, stderr) = Run(work, "--window-size=" + width + "," + height + " --screenshot=\"" + png + "\" \"" + new Uri(htmlFile).AbsoluteUri + "\"");
            Assert.True(code == 0 && File.Exists(png), "chromium --screenshot exited " + code + ": " + stderr);
            return png;
        }

        private static string NewDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "virtdiag-chromium-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(d);
            return d;
        }

        private static (int, string, string) Run(string work, string args)
        {
            string profile = Path.Combine(work, "profile");
            Directory.CreateDirectory(profile);
            var psi = new ProcessStartInfo(Executable!, "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                + "--disable-component-update --disable-sync --user-data-dir=\"" + profile + "\" " + args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 120 s");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        /// <summary>
        /// URLs of requests the page started: in a NetLog, a request the browser makes for itself (update checks, account
        /// lookups) has the initiator "not an origin"; one a file:// page makes has the initiator "null".
        /// </summary>
        private static List<string> PageRequests(string netLog)
        {
            var urls = new List<string>();
            if (!File.Exists(netLog)) return urls;
            string text = File.ReadAllText(netLog).TrimEnd();
            if (!text.EndsWith("}", StringComparison.Ordinal)) text = text.TrimEnd(',') + "]}"; // a log cut at exit lacks its closing brackets
            using JsonDocument doc = JsonDocument.Parse(text);
            int startJob = doc.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
            foreach (JsonElement e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                if (!e.TryGetProperty("type", out JsonElement type) || type.GetInt32() != startJob || !e.TryGetProperty("params", out JsonElement p)) continue;
                string initiator = p.TryGetProperty("initiator", out JsonElement i) ? i.GetString() ?? "" : "";
                if (initiator != "not an origin" && p.TryGetProperty("url", out JsonElement url)) urls.Add(url.GetString() ?? "");
            }
            return urls;
        }
    }

    /// <summary>Just enough of a PNG reader (8-bit RGB/RGBA, non-interlaced, as Chromium writes screenshots) to look at the pixels.</summary>
    public static class Png
    {
        public static (int Width, int Height, byte[] Rgb) Read(string path)
        {
            byte[] b = File.ReadAllBytes(path);
            int pos = 8, width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            while (pos + 8 <= b.Length)
            {
                int len = (b[pos] << 24) | (b[pos + 1] << 16) | (b[pos + 2] << 8) | b[pos + 3];
                string type = System.Text.Encoding.ASCII.GetString(b, pos + 4, 4);
                if (type == "IHDR")
                {
                    width = (b[pos + 8] << 24) | (b[pos + 9] << 16) | (b[pos + 10] << 8) | b[pos + 11];
                    height = (b[pos + 12] << 24) | (b[pos + 13] << 16) | (b[pos + 14] << 8) | b[pos + 15];
                    Assert.Equal(8, b[pos + 16]);
                    channels = b[pos + 17] == 6 ? 4 : b[pos + 17] == 2 ? 3 : throw new NotSupportedException("PNG colour type " + b[pos + 17]);
                    Assert.Equal(0, b[pos + 20]);
                }
                else if (type == "IDAT") idat.Write(b, pos + 8, len);
                pos += 12 + len;
            }
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int stride = width * channels;
            var raw = new byte[(stride + 1) * height];
            int read = 0, n;
            while (read < raw.Length && (n = z.Read(raw, read, raw.Length - read)) > 0) read += n;
            Assert.Equal(raw.Length, read);
            var rgb = new byte[width * height * 3];
            var prev = new byte[stride];
            var cur = new byte[stride];
            for (int y = 0; y < height; y++)
            {
                int f = raw[y * (stride + 1)];
                for (int x = 0; x < stride; x++)
                {
                    int a = x >= channels ? cur[x - channels] : 0, up = prev[x], c = x >= channels ? prev[x - channels] : 0;
                    int v = raw[y * (stride + 1) + 1 + x];
                    cur[x] = (byte)(f switch { 0 => v, 1 => v + a, 2 => v + up, 3 => v + (a + up) / 2, 4 => v + Paeth(a, up, c), _ => throw new InvalidDataException("PNG filter " + f) });
                }
                for (int x = 0; x < width; x++) { rgb[(y * width + x) * 3] = cur[x * channels]; rgb[(y * width + x) * 3 + 1] = cur[x * channels + 1]; rgb[(y * width + x) * 3 + 2] = cur[x * channels + 2]; }
                (prev, cur) = (cur, prev);
            }
            return (width, height, rgb);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
