using System;

namespace VirtDiag.Compression.Xz
{
    /// <summary>
    /// The LZ dictionary as a circular output window. The decoder writes at <see cref="Pos"/>; the reader copies
    /// out from <see cref="Served"/> up to <see cref="Pos"/>, in bulk. The window only wraps after everything was served.
    /// </summary>
    internal sealed class LzmaWindow
    {
        public LzmaWindow(int size)
        {
            Buffer = new byte[size];
            Size = size;
        }

        public byte[] Buffer { get; }
        /// <summary>Window length: a multiple of 4096 so position-dependent LZMA contexts survive wrapping.</summary>
        public int Size { get; }
        /// <summary>Where the next decoded byte goes.</summary>
        public int Pos;
        /// <summary>Start of the decoded bytes not yet copied out.</summary>
        public int Served;
        /// <summary>True once the window wrapped since the last dictionary reset (every byte of it is then history).</summary>
        public bool Full;

        /// <summary>Window length to hold a dictionary of <paramref name="dictSize"/> for at most <paramref name="maxOutput"/> bytes.</summary>
        public static int SizeFor(long dictSize, long maxOutput)
        {
            long n = Math.Min(dictSize, maxOutput);
            n = Math.Max(4096, (n + 4095) & ~4095L);
            return (int)Math.Min(n, int.MaxValue & ~4095);
        }

        public int Pending => Pos - Served;

        /// <summary>Forgets the history (LZMA2 dictionary reset); everything must have been served.</summary>
        public void Reset()
        {
            Pos = 0;
            Served = 0;
            Full = false;
        }

        /// <summary>Moves back to the window start when the end was reached and served.</summary>
        public void WrapIfAtEnd()
        {
            if (Pos == Size && Served == Size)
            {
                Pos = 0;
                Served = 0;
                Full = true;
            }
        }

        /// <summary>Copies up to <paramref name="count"/> pending bytes out.</summary>
        public int CopyOut(byte[] destination, int offset, int count)
        {
            int n = Math.Min(count, Pos - Served);
            if (n <= 0) return 0;
            System.Buffer.BlockCopy(Buffer, Served, destination, offset, n);
            Served += n;
            return n;
        }

        /// <summary>Appends stored (uncompressed-chunk) bytes; the caller keeps within <see cref="Size"/>.</summary>
        public void Append(byte[] source, int offset, int count)
        {
            System.Buffer.BlockCopy(source, offset, Buffer, Pos, count);
            Pos += count;
        }
    }
}
