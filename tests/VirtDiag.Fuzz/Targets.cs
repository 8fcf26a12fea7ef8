using System.IO.Compression;
using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Fuzz
{
    /// <summary>Every reader under test, with its seeds. Real fixtures are read from ../shared/fixtures when present.</summary>
    public static class Targets
    {
        public static IReadOnlyList<FuzzTarget> All { get; } = new List<FuzzTarget>
        {
            new("lines", TextSeeds, (input, token) => RunLines(input, token)),
            new("gzip", () => TextSeeds().Take(6).Select(GzipBytes).ToList(), (input, token) => RunDocument("sample.log.gz", input, token)),
            new("tar", () => TarSeeds(), (input, token) => RunBundle("bundle.tar", input, token)),
            new("tgz", () => TarSeeds().Select(GzipBytes).ToList(), (input, token) => RunBundle("bundle.tgz", input, token)),
            new("xz", () => CompressedSeeds("xz-testsuite", "good-*.xz", "xz"), (input, token) => Drain(new VirtDiag.Io.Compression.Xz.XzDecoderStream(new MemoryStream(input), Context(NullIssueSink.Instance, token))), IsCorruptData),
            new("zstd", () => CompressedSeeds("zstd-testsuite", "*.zst", "zstd"), (input, token) => Drain(new VirtDiag.Io.Compression.Zstd.ZstdDecoderStream(new MemoryStream(input), Context(NullIssueSink.Instance, token))), IsCorruptData),
            new("txz", () => CompressedTarSeeds("xz"), (input, token) => RunBundle("bundle.tar.xz", input, token)),
            new("vmotion", () => AreaSeeds("vmotion"), (input, token) => RunRecords("vmkernel.log", input, token,
                (docs, ctx) => VirtDiag.VMotion.VMotionReader.OpenMigrations(new VirtDiag.VMotion.VMotionOptions(), ctx).ReadAll(docs).Select(m => (object)(m.MigrationId + " " + m.Result + " " + m.Events.Count)))),
            new("psod", () => AreaSeeds("psod"), (input, token) => RunRecords("vmkernel.log", input, token,
                (docs, ctx) => VirtDiag.Psod.PurpleScreenReader.Open(new VirtDiag.Psod.PurpleScreenReadOptions(), ctx).ReadAll(docs).Select(p => (object)(p.Category + " " + p.Message + " " + p.Frames.Count)))),
            new("vdsm", () => AreaSeeds("vdsm"), (input, token) => RunRecords("vdsm.log", input, token,
                (docs, ctx) => VirtDiag.Vdsm.VdsmReader.OpenTasks(new VirtDiag.Vdsm.VdsmTaskOptions(), ctx).ReadAll(docs).Select(t => (object)(t.Verb + " " + t.Result + " " + t.Entries))
                    .Concat(VirtDiag.Vdsm.VdsmReader.OpenCommands(new VirtDiag.Vdsm.VdsmCommandOptions(), ctx).ReadAll(docs).Select(c => (object)(c.Executable + " " + c.ExitCode))))),
            new("guest", () => AreaSeeds("guest"), (input, token) => RunRecords("messages", input, token,
                (docs, ctx) => VirtDiag.Guest.GuestFailureReader.Open(new VirtDiag.Guest.GuestFailureOptions(), ctx).ReadAll(docs).Select(f => (object)(f.Kind + " " + f.Code + " " + f.Message + " " + f.CallTrace.Count)))),
            new("tracedat", () => FixtureSeeds("ftrace", "*.dat", 12, 1536 * 1024, () => Array.Empty<byte[]>()).Where(b => b.Length > 0).ToList(), (input, token) => RunRecords("trace.dat", input, token,
                (docs, ctx) => VirtDiag.Ftrace.TraceReader.OpenEvents(new VirtDiag.Ftrace.TraceReadOptions(), ctx).ReadAll(docs).Take(20_000).Select(e => (object)(e.Timestamp + " " + e.Name + " " + e.Info)))),
            new("tracetext", () => AreaSeeds("ftrace/public-text").Concat(FixtureSeeds("ftrace/local", "*.txt", 8, 128 * 1024, () => Array.Empty<byte[]>())).ToList(), (input, token) => RunRecords("trace.txt", input, token,
                (docs, ctx) => VirtDiag.Ftrace.FtraceTextReader.Read(docs, new VirtDiag.Ftrace.TraceReadOptions(), ctx).Select(e => (object)(e.Timestamp + " " + e.Name + " " + e.Info)))),
        };

        /// <summary>Every fixture text of an area (capped), plus the synthetic lines.</summary>
        private static IReadOnlyList<byte[]> AreaSeeds(string area)
        {
            var seeds = new List<byte[]>(SyntheticText());
            seeds.AddRange(FixtureSeeds(area, "*", 64, 256 * 1024, () => Array.Empty<byte[]>()));
            return seeds;
        }

        /// <summary>Runs a capability over an input named <paramref name="name"/> (through the document layer) and fingerprints records and issues.</summary>
        public static string RunRecords(string name, byte[] input, CancellationToken token, Func<IReadOnlyList<LogDocument>, ReadContext, IEnumerable<object>> read)
        {
            var issues = new IssueCollector();
            var ctx = Context(issues, token);
            var docs = new[] { LogDocument.FromStream(name, () => new MemoryStream(input)) };
            var records = read(docs, ctx).ToList();
            return Campaign.Fingerprint(records, issues.Issues);
        }

        /// <summary>Raw decoder targets document <see cref="CorruptDataException"/> as their only fault.</summary>
        private static bool IsCorruptData(Exception e) => e is CorruptDataException;

        private static string Drain(Stream s)
        {
            using (s)
            {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                var hash = new VirtDiag.Fuzz.RunningHash();
                int n;
                while ((n = s.Read(buf, 0, buf.Length)) > 0) { total += n; hash.Append(buf.AsSpan(0, n)); }
                return total + " bytes, " + hash.Value.ToString("x16");
            }
        }

        /// <summary>Real container samples when fixtures are present, plus synthetic text compressed by the real program when installed.</summary>
        private static IReadOnlyList<byte[]> CompressedSeeds(string area, string pattern, string program)
        {
            var seeds = new List<byte[]>(FixtureSeeds(area, pattern, 24, 256 * 1024, () => Array.Empty<byte[]>()));
            foreach (byte[] text in SyntheticText()) { byte[]? c = Compress(program, text); if (c != null) seeds.Add(c); }
            if (seeds.Count == 0) throw new InvalidOperationException(program + ": no seeds (neither ../shared/fixtures nor the " + program + " program)");
            return seeds;
        }

        private static IReadOnlyList<byte[]> CompressedTarSeeds(string program) =>
            TarSeeds().Select(t => Compress(program, t)).Where(c => c != null).Select(c => c!).ToList();

        /// <summary>Compresses with the real program (xz, zstd) when it is installed, else null.</summary>
        public static byte[]? Compress(string program, byte[] data)
        {
            try
            {
                var psi = new System.Diagnostics.ProcessStartInfo(program, "-c") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
                using var p = System.Diagnostics.Process.Start(psi)!;
                var output = Task.Run(() => { var ms = new MemoryStream(); p.StandardOutput.BaseStream.CopyTo(ms); return ms.ToArray(); });
                p.StandardInput.BaseStream.Write(data);
                p.StandardInput.Close();
                p.WaitForExit();
                return p.ExitCode == 0 ? output.Result : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        public static FuzzTarget Get(string name) => All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException("unknown target " + name + "; targets: " + string.Join(", ", All.Select(t => t.Name)));

        /// <summary>../shared/fixtures above the working folder or the assembly, or null.</summary>
        public static string? FixtureRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (string? d = start; d != null; d = Path.GetDirectoryName(d))
                {
                    string p = Path.Combine(d, "shared", "fixtures");
                    if (Directory.Exists(p)) return p;
                    p = Path.Combine(d, "..", "shared", "fixtures");
                    if (Directory.Exists(p) && File.Exists(Path.Combine(d, "VirtDiag.psd1"))) return Path.GetFullPath(p);
                }
            }
            return null;
        }

        /// <summary>Fixture files of an area (capped in size), or the fallback when fixtures are absent.</summary>
        public static IReadOnlyList<byte[]> FixtureSeeds(string area, string pattern, int maxFiles, int maxBytes, Func<IReadOnlyList<byte[]>> fallback)
        {
            string? root = FixtureRoot();
            string dir = root == null ? "" : Path.Combine(root, area);
            if (root == null || !Directory.Exists(dir)) return fallback();
            return Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Where(f => !f.EndsWith("PROVENANCE.md", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal).Take(maxFiles)
                .Select(f => { byte[] b = File.ReadAllBytes(f); return b.Length > maxBytes ? b.AsSpan(0, maxBytes).ToArray() : b; })
                .ToList();
        }

        // Generated text (labelled synthetic) mixes the line shapes the readers meet.
        private static IReadOnlyList<byte[]> SyntheticText() => new[]
        {
            Mutator.Utf8("2015-12-25T16:39:25.565Z cpu4:2758489)Migrate: vm 2758492: 3284: Setting VMOTION info: Source ts = 1451061663105920, src ip = <192.168.1.176> dest ip = <192.168.1.177> Dest wid = 1830931 using SHARED swap\n2015-12-25T16:39:26.001Z cpu1:2758489)VMotion: 1\n"),
            Mutator.Utf8("2017-02-23 11:01:02,966+0100 DEBUG (mailbox-spm) [storage.Misc.excCmd] /usr/bin/taskset --cpu-list 0-3 /usr/bin/dd if=x (cwd None) (commands:69)\nTraceback (most recent call last):\n  File \"/a.py\", line 1, in f\n    x()\nValueError: bad\n"),
            Mutator.Utf8("[  123.456789] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\n[  123.456800] Oops: 0002 [#1] SMP\n"),
            Mutator.Utf8("PCPU 1 locked up. Failed to ack TLB invalidate.\nframe=0x3a37d98 ip=0x625e94 cr2=0x0 cr3=0x40c66000 cr4=0x16c\n"),
        };

        private static IReadOnlyList<byte[]> TextSeeds()
        {
            var seeds = new List<byte[]>(SyntheticText());
            foreach (string area in new[] { "vmotion", "psod", "guest", "vdsm" })
                seeds.AddRange(FixtureSeeds(area, "*.txt", 4, 64 * 1024, () => Array.Empty<byte[]>()));
            return seeds;
        }

        private static IReadOnlyList<byte[]> TarSeeds()
        {
            var text = TextSeeds();
            var seeds = new List<byte[]>();
            for (int i = 0; i + 1 < text.Count && seeds.Count < 4; i += 2)
            {
                seeds.Add(Tar(("esx-h1-2024-01-02--10.11-1/var/run/log/vmkernel.log", text[i]),
                    ("esx-h1-2024-01-02--10.11-1/var/run/log/vmkernel.0.gz", GzipBytes(text[i + 1])),
                    ("esx-h1-2024-01-02--10.11-1/hostname", Mutator.Utf8("h1\n"))));
            }
            return seeds;
        }

        internal static ReadContext Context(IIssueSink issues, CancellationToken token) => new(issues, null, token) { MaxLineLength = 64 * 1024, MaxDictionarySize = 64L << 20 };

        private static string RunLines(byte[] input, CancellationToken token)
        {
            var issues = new IssueCollector();
            var ctx = Context(issues, token);
            using var reader = new LineReader(new MemoryStream(input), "fuzz", ctx);
            long lines = 0, bytes = 0;
            while (reader.TryReadLine(out ReadOnlySpan<byte> line)) { lines++; bytes += line.Length; }
            return lines + " lines, " + bytes + " bytes, " + issues.Count + " issues";
        }

        /// <summary>Reads an input named <paramref name="name"/> through the whole document layer as lines.</summary>
        public static string RunDocument(string name, byte[] input, CancellationToken token)
        {
            var issues = new IssueCollector();
            var ctx = Context(issues, token);
            var doc = LogDocument.FromStream(name, () => new MemoryStream(input));
            var docs = new[] { new DocumentNamed(doc, name) }.Select(d => d.Doc).ToList();
            long lines = DocumentReader.ReadLines(docs, null, d => new CountingParser(), ctx).LongCount();
            return Campaign.Fingerprint(new object[] { lines }, issues.Issues);
        }

        private static string RunBundle(string name, byte[] input, CancellationToken token)
        {
            string dir = Path.Combine(Path.GetTempPath(), "virtdiag-fuzz-" + Environment.CurrentManagedThreadId + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            try
            {
                string path = Path.Combine(dir, name);
                File.WriteAllBytes(path, input);
                var issues = new IssueCollector();
                var ctx = Context(issues, token);
                var docs = DocumentResolver.Resolve(new[] { path }, ctx);
                long lines = DocumentReader.ReadLines(docs, null, d => new CountingParser(), ctx).LongCount();
                return Campaign.Fingerprint(docs.Select(d => (object)(d.Name + "@" + d.HostName)).Append(lines), issues.Issues.Select(i => (object)i.ToString().Replace(dir, "")));
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        private readonly record struct DocumentNamed(LogDocument Doc, string Name);

        private sealed class CountingParser : ILineParser<long>
        {
            public void ParseLine(ReadOnlySpan<byte> line, long lineNumber, List<long> output) { if (lineNumber % 64 == 0) output.Add(lineNumber); }
            public void Complete(List<long> output) { }
        }

        public static byte[] GzipBytes(byte[] data)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, true)) gz.Write(data);
            return ms.ToArray();
        }

        public static byte[] Tar(params (string Name, byte[] Data)[] files)
        {
            var ms = new MemoryStream();
            foreach (var (name, data) in files)
            {
                byte[] h = new byte[512];
                Encoding.ASCII.GetBytes(name).CopyTo(h, 0);
                Encoding.ASCII.GetBytes("0000644\0").CopyTo(h, 100);
                Encoding.ASCII.GetBytes(Convert.ToString(data.Length, 8).PadLeft(11, '0') + "\0").CopyTo(h, 124);
                Encoding.ASCII.GetBytes("14000000000\0").CopyTo(h, 136);
                for (int i = 148; i < 156; i++) h[i] = (byte)' ';
                h[156] = (byte)'0';
                Encoding.ASCII.GetBytes("ustar\000").CopyTo(h, 257);
                Encoding.ASCII.GetBytes(Convert.ToString(h.Sum(b => b), 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);
                ms.Write(h);
                ms.Write(data);
                ms.Write(new byte[(512 - data.Length % 512) % 512]);
            }
            ms.Write(new byte[1024]);
            return ms.ToArray();
        }
    }
}
