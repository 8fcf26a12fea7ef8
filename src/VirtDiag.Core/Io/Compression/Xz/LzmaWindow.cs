using System;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// The LZ dictionary as a circular output window. The decoder writes at <see cref="Pos"/>; the reader copies
    /// out from <see cref="Served"/> up to <see cref="Pos"/>, in bulk. The window only wraps after everything was served.
    /// The buffer starts small and grows (before the first wrap only, so no history moves) up to <see cref="MaxSize"/>:
    /// a 1 KB rotated log compressed with an 8 MiB dictionary costs 64 KiB, not 8 MiB.
    /// </summary>
    internal sealed class LzmaWindow
    {
        /// <summary>The first buffer length; growth multiplies it by 4 each time the end is reached.</summary>
        public const int InitialSize = 64 * 1024;

        public LzmaWindow(int maxSize)
        {
            MaxSize = maxSize;
            Size = Math.Min(maxSize, InitialSize);
            Buffer = new byte[Size];
        }

        public byte[] Buffer { get; private set; }
        /// <summary>Current buffer length, a multiple of 4096; the window wraps only once it has reached <see cref="MaxSize"/>.</summary>
        public int Size { get; private set; }
        /// <summary>Window length for the dictionary: a multiple of 4096 so position-dependent LZMA contexts survive wrapping.</summary>
        public int MaxSize { get; }
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

        /// <summary>At the buffer's end: grows it while below <see cref="MaxSize"/>, else moves back to the window start once everything was served.</summary>
        public void WrapIfAtEnd()
        {
            if (Pos == Size && Size < MaxSize)
            {
                int grown = (int)Math.Min(MaxSize, (long)Size * 4);
                var buffer = new byte[grown];
                System.Buffer.BlockCopy(Buffer, 0, buffer, 0, Pos);
                Buffer = buffer;
                Size = grown;
                return;
            }
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
