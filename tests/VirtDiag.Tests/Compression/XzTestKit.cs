using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io.Compression.Xz;
using VirtDiag.Io;

namespace VirtDiag.Tests.Compression
{
    /// <summary>Decodes .xz bytes with our decoder and runs the real xz for comparison.</summary>
    internal static class XzTestKit
    {
        /// <summary>What a decode gave: every byte Read returned, and the fault it ended with (null when clean).</summary>
        public sealed record Outcome(byte[] Output, CorruptDataException? Error);

        /// <summary>
        /// Decodes with reads of <paramref name="readSize"/> bytes. Any exception other than CorruptDataException
        /// escapes and fails the test; a decode that takes over a minute fails as a hang.
        /// </summary>
        public static Outcome Decode(byte[] xz, int readSize = 1 << 16, ReadContext? context = null)
        {
            var task = Task.Run(() =>
            {
                var output = new MemoryStream();
                using var s = new XzDecoderStream(new MemoryStream(xz), context);
                byte[] buf = new byte[readSize];
                try
                {
                    int n;
                    while ((n = s.Read(buf, 0, buf.Length)) > 0) output.Write(buf, 0, n);
                    return new Outcome(output.ToArray(), null);
                }
                catch (CorruptDataException e)
                {
                    // A second Read after a fault must fault again, never resume or return 0.
                    var again = Assert.Throws<CorruptDataException>(() => s.Read(buf, 0, buf.Length));
                    Assert.Equal(e.Kind, again.Kind);
                    return new Outcome(output.ToArray(), e);
                }
            });
            if (!task.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("xz decode hung");
            return task.Result;
        }

        /// <summary>`xz -dc` of <paramref name="xz"/>: its stdout and whether it exited 0.</summary>
        public static (byte[] Output, bool Ok) ReferenceDecode(byte[] xz)
        {
            var r = Support.Tools.Run("xz", "-dc -T1", xz);
            return (r.Stdout, r.ExitCode == 0);
        }

        /// <summary>Compresses with the real xz and the given options.</summary>
        public static byte[] Compress(byte[] data, string options)
        {
            var r = Support.Tools.Run("xz", "-c -T1 " + options, data);
            if (r.ExitCode != 0) throw new InvalidOperationException("xz " + options + " failed: " + r.Stderr);
            return r.Stdout;
        }

        /// <summary>Random bytes from a fixed seed (synthetic test data).</summary>
        public static byte[] RandomBytes(int size, int seed)
        {
            var b = new byte[size];
            new Random(seed).NextBytes(b);
            return b;
        }

        /// <summary>Log-like text from a fixed seed (synthetic test data): repetitive lines with varying numbers and words.</summary>
        public static byte[] Text(int size, int seed)
        {
            var rnd = new Random(seed);
            string[] words = { "vmotion", "migrate", "host", "vdsm", "storage", "lease", "task", "finished", "error", "warning", "cpu", "world", "vmkernel" };
            var sb = new System.Text.StringBuilder(size + 200);
            long line = 0;
            while (sb.Length < size)
            {
                sb.Append("2024-05-01T12:").Append((line / 60 % 60).ToString("D2")).Append(':').Append((line % 60).ToString("D2"))
                  .Append(".").Append(rnd.Next(1000).ToString("D3")).Append("Z cpu").Append(rnd.Next(48)).Append(":")
                  .Append(2097000 + rnd.Next(5000)).Append(") ");
                int k = rnd.Next(3, 12);
                for (int i = 0; i < k; i++) sb.Append(words[rnd.Next(words.Length)]).Append(' ');
                sb.Append("id=").Append(rnd.Next(100000)).Append('\n');
                line++;
            }
            return System.Text.Encoding.ASCII.GetBytes(sb.ToString(0, size));
        }
    }
}
