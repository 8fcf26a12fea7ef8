using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// The literals section of a compressed block (RFC 8878 §3.1.1.3.1): raw, RLE, Huffman-compressed with a new
    /// tree, or treeless (the previous block's tree), in one or four streams. Literals are decoded into a buffer with
    /// <see cref="Slack"/> spare bytes so that copies may run over the end.
    /// </summary>
    internal sealed unsafe class LiteralsDecoder
    {
        /// <summary>Spare bytes after the literals (wild copies read up to 32 bytes at a time).</summary>
        public const int Slack = 64;

        /// <summary>The decoded literals of the current block; sized for the largest block seen (see <see cref="Reserve"/>).</summary>
        public byte[] Buffer { get; private set; } = new byte[Slack];

        /// <summary>Makes <see cref="Buffer"/> large enough for blocks of up to <paramref name="blockMax"/> bytes.</summary>
        public void Reserve(int blockMax)
        {
            if (Buffer.Length < blockMax + Slack) Buffer = new byte[blockMax + Slack];
        }

        /// <summary>The Huffman tree kept for treeless literals.</summary>
        public readonly HuffmanTable Huffman = new HuffmanTable();

        /// <summary>Forgets the Huffman tree (a new frame starts).</summary>
        public void Reset() => Huffman.Reset();

        /// <summary>
        /// Decodes the literals section at <paramref name="src"/> (at most <paramref name="srcSize"/> bytes) into
        /// <paramref name="lit"/> (pinned <see cref="Buffer"/>); returns the section's size and sets the literal count.
        /// </summary>
        [MethodImpl(ZstdConstants.HotPath)]
        public int Decode(byte* src, int srcSize, byte* lit, int blockMax, long offset, out int count)
        {
            if (srcSize < 1) throw ZstdFault.Corrupt("block has no literals section", offset);
            int b0 = src[0];
            int type = b0 & 3;
            int format = (b0 >> 2) & 3;
            if (type < 2)
            {
                int header, regen;
                switch (format)
                {
                    case 0:
                    case 2:
                        header = 1;
                        regen = b0 >> 3;
                        break;
                    case 1:
                        if (srcSize < 2) throw ZstdFault.Corrupt("literals header runs past the block", offset);
                        header = 2;
                        regen = (b0 >> 4) + (src[1] << 4);
                        break;
                    default:
                        if (srcSize < 3) throw ZstdFault.Corrupt("literals header runs past the block", offset);
                        header = 3;
                        regen = (b0 >> 4) + (src[1] << 4) + (src[2] << 12);
                        break;
                }
                if (regen > blockMax) throw ZstdFault.Corrupt("block has " + regen + " literals, more than the block maximum " + blockMax, offset);
                count = regen;
                if (type == 0)
                {
                    if (srcSize - header < regen) throw ZstdFault.Corrupt("raw literals run past the block", offset);
                    System.Buffer.MemoryCopy(src + header, lit, regen, regen);
                    return header + regen;
                }
                if (srcSize - header < 1) throw ZstdFault.Corrupt("RLE literals byte is missing", offset);
                byte v = src[header];
                for (int i = 0; i < regen; i++) lit[i] = v;
                return header + 1;
            }
            else
            {
                int header, bits;
                bool four = format != 0;
                switch (format)
                {
                    case 0: case 1: header = 3; bits = 10; break;
                    case 2: header = 4; bits = 14; break;
                    default: header = 5; bits = 18; break;
                }
                if (srcSize < header) throw ZstdFault.Corrupt("literals header runs past the block", offset);
                ulong h = 0;
                for (int i = 0; i < header; i++) h |= (ulong)src[i] << (8 * i);
                int mask = (1 << bits) - 1;
                int regen = (int)(h >> 4) & mask;
                int size = (int)(h >> (4 + bits)) & mask;
                if (regen > blockMax) throw ZstdFault.Corrupt("block has " + regen + " literals, more than the block maximum " + blockMax, offset);
                if (size > srcSize - header) throw ZstdFault.Corrupt("compressed literals run past the block", offset);
                byte* p = src + header;
                int streams = size;
                if (type == 2)
                {
                    int used = Huffman.Read(new System.ReadOnlySpan<byte>(p, size), offset + header);
                    p += used;
                    streams -= used;
                }
                else if (Huffman.MaxBits == 0)
                {
                    throw ZstdFault.Corrupt("treeless literals without a previous Huffman tree", offset);
                }
                if (four) Huffman.Decode4(p, streams, lit, regen, offset + header);
                else Huffman.Decode1(p, streams, lit, regen, offset + header);
                count = regen;
                return header + size;
            }
        }
    }
}
