using System.IO.Compression;
using System.Text;

namespace VirtDiag.Tests.Support
{
    /// <summary>Writes small ustar archives (with GNU long names when a name is over 100 bytes) for tests.</summary>
    public sealed class TarBuilder
    {
        private readonly MemoryStream _ms = new();

        public TarBuilder File(string name, byte[] content, byte type = (byte)'0')
        {
            if (Encoding.UTF8.GetByteCount(name) > 100)
            {
                byte[] n = Encoding.UTF8.GetBytes(name + "\0");
                Header("././@LongLink", n.Length, (byte)'L');
                Data(n);
            }
            Header(name, content.Length, type);
            Data(content);
            return this;
        }

        public TarBuilder File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

        public TarBuilder Directory(string name) { Header(name.TrimEnd('/') + "/", 0, (byte)'5'); return this; }

        public byte[] ToArray()
        {
            var copy = new MemoryStream();
            _ms.Position = 0;
            _ms.CopyTo(copy);
            copy.Write(new byte[1024]);
            return copy.ToArray();
        }

        private void Header(string name, long size, byte type)
        {
            byte[] h = new byte[512];
            byte[] nb = Encoding.UTF8.GetBytes(name);
            Array.Copy(nb, h, Math.Min(100, nb.Length));
            Octal(h, 100, 8, 0x1A4);
            Octal(h, 108, 8, 0);
            Octal(h, 116, 8, 0);
            Octal(h, 124, 12, size);
            Octal(h, 136, 12, 1_700_000_000);
            for (int i = 148; i < 156; i++) h[i] = (byte)' ';
            h[156] = type;
            Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(h, 257);
            long sum = h.Sum(b => (long)b);
            Octal(h, 148, 7, sum);
            h[155] = (byte)' ';
            _ms.Write(h);
        }

        private void Data(byte[] content)
        {
            _ms.Write(content);
            int pad = (512 - content.Length % 512) % 512;
            _ms.Write(new byte[pad]);
        }

        private static void Octal(byte[] h, int offset, int len, long value)
        {
            string s = Convert.ToString(value, 8).PadLeft(len - 1, '0');
            Encoding.ASCII.GetBytes(s).CopyTo(h, offset);
            h[offset + len - 1] = 0;
        }

        public static byte[] Gzip(byte[] data)
        {
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
            return ms.ToArray();
        }

        public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A temporary folder deleted at dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir() { Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "virtdiag-" + Guid.NewGuid().ToString("N")); System.IO.Directory.CreateDirectory(Path); }
        public string Path { get; }
        public string File(string name, byte[] content)
        {
            string p = System.IO.Path.Combine(Path, name);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
            System.IO.File.WriteAllBytes(p, content);
            return p;
        }
        public string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));
        public void Dispose() { try { System.IO.Directory.Delete(Path, true); } catch (IOException) { } }
    }
}
