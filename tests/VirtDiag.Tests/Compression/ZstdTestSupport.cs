using System.Text;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io.Compression.Zstd;
using VirtDiag.Io;
using VirtDiag.Tests.Support;

namespace VirtDiag.Tests.Compression
{
    /// <summary>A theory that needs both ../shared/fixtures and the zstd program.</summary>
    public sealed class ZstdFixtureTheoryAttribute : TheoryAttribute
    {
        public ZstdFixtureTheoryAttribute()
        {
            if (Repo.Fixtures == null) Skip = "../shared/fixtures is absent in this clone";
            else if (!Tools.Exists("zstd")) Skip = "zstd is not installed (.ci/run installs it)";
        }
    }

    /// <summary>A theory that needs the zstd program.</summary>
    public sealed class ZstdToolTheoryAttribute : TheoryAttribute
    {
        public ZstdToolTheoryAttribute()
        {
            if (!Tools.Exists("zstd")) Skip = "zstd is not installed (.ci/run installs it)";
        }
    }

    /// <summary>Helpers for the zstd tests: decoding through both APIs, running the real zstd, synthetic inputs.</summary>
    internal static class ZstdTestSupport
    {
        /// <summary>Decodes through <see cref="ZstdDecoderStream"/> with tiny reads (64 bytes: every boundary case happens); returns the output and the fault (if any).</summary>
        public static (byte[] Output, CorruptDataException? Fault) DecodeStream(byte[] compressed, int readSize = 64, long maxWindow = ReadContext.DefaultMaxDictionarySize)
        {
            var output = new MemoryStream();
            using var z = new ZstdDecoderStream(new MemoryStream(compressed), maxWindow);
            var buf = new byte[readSize];
            try
            {
                int n;
                while ((n = z.Read(buf, 0, buf.Length)) > 0) output.Write(buf, 0, n);
                return (output.ToArray(), null);
            }
            catch (CorruptDataException e)
            {
                return (output.ToArray(), e);
            }
        }

        /// <summary>Decodes through the one-shot API into a destination of <paramref name="capacity"/> bytes.</summary>
        public static (byte[] Output, CorruptDataException? Fault) DecodeOneShot(byte[] compressed, int capacity)
        {
            var dst = new byte[capacity];
            bool ok = ZstdDecoder.TryDecompress(compressed, dst, out int written, out CorruptDataException? error);
            Assert.Equal(ok, error == null);
            return (dst.AsSpan(0, written).ToArray(), error);
        }

        /// <summary>
        /// Runs the real zstd with <paramref name="args"/>; asserts success. The input goes through a temporary file
        /// (not stdin) so that zstd knows its size and writes the content size (and single-segment frames) as it does
        /// for files; `-dc` arguments read the input from stdin.
        /// </summary>
        public static byte[] Zstd(string args, byte[] input)
        {
            if (args.Contains("-d")) return Checked(args, Tools.Run("zstd", args, input));
            string file = Path.Combine(Path.GetTempPath(), "virtdiag-zstd-" + Guid.NewGuid().ToString("N"));
            try
            {
                File.WriteAllBytes(file, input);
                return Checked(args, Tools.Run("zstd", args + " -- \"" + file + "\"", Array.Empty<byte>()));
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>Runs zstd reading <paramref name="input"/> from stdin (no content size in the frame header).</summary>
        public static byte[] ZstdPiped(string args, byte[] input) => Checked(args, Tools.Run("zstd", args, input));

        private static byte[] Checked(string args, (int ExitCode, byte[] Stdout, string Stderr) r)
        {
            Assert.True(r.ExitCode == 0, "zstd " + args + " failed: " + r.Stderr);
            return r.Stdout;
        }

        /// <summary>Synthetic log text (generated, deterministic): timestamps, hosts, levels, ids, some repetition.</summary>
        public static byte[] LogText(int size, int seed)
        {
            var rnd = new Random(seed);
            string[] hosts = { "esx01", "esx02", "rhvh01", "kvm-node-7" };
            string[] levels = { "info", "warning", "error", "verbose" };
            string[] msgs = { "vMotion migration started for vm", "Heartbeat received from agent", "Storage path down on", "Task completed successfully id", "Guest OS reported state" };
            var sb = new StringBuilder(size + 256);
            var t = new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
            while (sb.Length < size)
            {
                t = t.AddMilliseconds(rnd.Next(0, 5000));
                sb.Append(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ")).Append(' ')
                  .Append(hosts[rnd.Next(hosts.Length)]).Append(" [").Append(levels[rnd.Next(levels.Length)]).Append("] ")
                  .Append(msgs[rnd.Next(msgs.Length)]).Append(' ').Append(rnd.Next(100000)).Append(" opID=").Append(rnd.Next().ToString("x8")).Append('\n');
            }
            return Encoding.ASCII.GetBytes(sb.ToString(0, size));
        }

        /// <summary>Random bytes (incompressible), deterministic.</summary>
        public static byte[] RandomBytes(int size, int seed)
        {
            var b = new byte[size];
            new Random(seed).NextBytes(b);
            return b;
        }

        /// <summary>Highly repetitive data: runs of one byte and short repeating patterns (offsets 1..15).</summary>
        public static byte[] Repetitive(int size, int seed)
        {
            var rnd = new Random(seed);
            var b = new byte[size];
            int i = 0;
            while (i < size)
            {
                int period = rnd.Next(1, 16);
                int run = rnd.Next(1, 5000);
                var pattern = new byte[period];
                rnd.NextBytes(pattern);
                for (int k = 0; k < run && i < size; k++, i++) b[i] = pattern[k % period];
            }
            return b;
        }

        /// <summary>
        /// A 64 KiB random base, then random slices of it each followed by one byte from <paramref name="alphabet"/>:
        /// later blocks hold only matches and those separator literals, so zstd emits RLE literals (one-letter
        /// alphabet), RLE-coded literal lengths, and small Huffman literal sections reused across blocks (treeless).
        /// </summary>
        public static byte[] SparseLiterals(int size, int seed, string alphabet, int sliceMin, int sliceMax)
        {
            var rnd = new Random(seed);
            var b = new byte[size];
            int baseSize = Math.Min(size, 1 << 16);
            rnd.NextBytes(b.AsSpan(0, baseSize));
            int i = baseSize;
            while (i < size)
            {
                int len = Math.Min(size - i, rnd.Next(sliceMin, sliceMax));
                Array.Copy(b, rnd.Next(baseSize - len), b, i, len);
                i += len;
                if (i < size) b[i++] = (byte)alphabet[rnd.Next(alphabet.Length)];
            }
            return b;
        }

        /// <summary>Mixed data: text, binary runs and long-distance repeats of earlier content.</summary>
        public static byte[] Mixed(int size, int seed)
        {
            var rnd = new Random(seed);
            var b = new byte[size];
            byte[] text = LogText(Math.Min(size, 1 << 16), seed);
            int i = 0;
            while (i < size)
            {
                int kind = rnd.Next(4);
                int len = Math.Min(size - i, rnd.Next(1, 20000));
                if (kind == 0) { Array.Copy(text, rnd.Next(text.Length - Math.Min(len, text.Length - 1)), b, i, Math.Min(len, text.Length - 1)); len = Math.Min(len, text.Length - 1); }
                else if (kind == 1) { var r = new byte[len]; rnd.NextBytes(r); Array.Copy(r, 0, b, i, len); }
                else if (kind == 2 && i > 0) { int from = rnd.Next(i); len = Math.Min(len, i - from); Array.Copy(b, from, b, i, len); }
                else { byte v = (byte)rnd.Next(256); for (int k = 0; k < len; k++) b[i + k] = v; }
                i += Math.Max(len, 1);
            }
            return b;
        }
    }
}
