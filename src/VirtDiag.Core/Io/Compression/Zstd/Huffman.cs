using System;
using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// A Huffman decoding table for literals (RFC 8878 §4.2): read from a tree description (FSE-compressed or
    /// direct 4-bit weights) and used to decode one or four backward bit streams. Entries are indexed by the next
    /// <see cref="MaxBits"/> bits; each holds the symbol (high byte) and the code length (low byte).
    /// </summary>
    internal sealed unsafe class HuffmanTable
    {
        public const int MaxTableLog = 11;
        private const int MaxWeightLog = 6;

        public readonly ushort[] Entries = new ushort[1 << MaxTableLog];
        private readonly byte[] _weights = new byte[256];
        private readonly short[] _norm = new short[256];
        private readonly FseEntry[] _fse = new FseEntry[1 << MaxWeightLog];
        private readonly ushort[] _scratch = new ushort[256];
        private readonly int[] _rankCount = new int[MaxTableLog + 2];
        private readonly int[] _rankStart = new int[MaxTableLog + 2];

        /// <summary>Code length of the longest code; 0 while no table was read.</summary>
        public int MaxBits { get; private set; }

        /// <summary>Forgets the table (a new frame starts).</summary>
        public void Reset() => MaxBits = 0;

        /// <summary>Reads a Huffman tree description from the start of <paramref name="src"/>; returns the bytes it used.</summary>
        public int Read(ReadOnlySpan<byte> src, long offset)
        {
            if (src.Length < 1) throw ZstdFault.Corrupt("Huffman tree description is missing", offset);
            int header = src[0];
            int count;
            int used;
            if (header < 128)
            {
                used = 1 + header;
                if (header == 0 || used > src.Length) throw ZstdFault.Corrupt("Huffman weights size " + header + " is out of range", offset);
                count = DecodeWeights(src.Slice(1, header), offset + 1);
            }
            else
            {
                count = header - 127;
                used = 1 + (count + 1) / 2;
                if (used > src.Length) throw ZstdFault.Corrupt("Huffman weights run past the literals section", offset);
                for (int i = 0; i < count; i++)
                {
                    int b = src[1 + i / 2];
                    _weights[i] = (byte)((i & 1) == 0 ? b >> 4 : b & 15);
                }
            }
            Build(count, offset);
            return used;
        }

        private int DecodeWeights(ReadOnlySpan<byte> src, long offset)
        {
            int n = Fse.ReadCounts(src, _norm, 255, MaxWeightLog, out int log, out int symbols, offset);
            Fse.Build(_norm, symbols, log, _fse, _scratch, offset);
            if (n >= src.Length) throw ZstdFault.Corrupt("Huffman weights have no bit stream", offset);
            int count = 0;
            fixed (byte* p = src)
            fixed (FseEntry* t = _fse)
            {
                var br = BitReader.Create(p + n, src.Length - n);
                if (!br.IsValid) throw ZstdFault.Corrupt("Huffman weights bit stream has no end marker", offset);
                int s1 = (int)br.Read(log);
                int s2 = (int)br.Read(log);
                while (true)
                {
                    if (count > 253) throw ZstdFault.Corrupt("too many Huffman weights", offset);
                    FseEntry e = t[s1];
                    _weights[count++] = e.Symbol;
                    br.Reload();
                    s1 = e.NewState + (int)br.Read(e.NbBits);
                    if (br.Overflowed)
                    {
                        _weights[count++] = t[s2].Symbol;
                        break;
                    }
                    e = t[s2];
                    _weights[count++] = e.Symbol;
                    br.Reload();
                    s2 = e.NewState + (int)br.Read(e.NbBits);
                    if (br.Overflowed)
                    {
                        _weights[count++] = t[s1].Symbol;
                        break;
                    }
                }
            }
            return count;
        }

        private void Build(int count, long offset)
        {
            if (count > 255) throw ZstdFault.Corrupt("too many Huffman weights", offset);
            Array.Clear(_rankCount, 0, _rankCount.Length);
            uint sum = 0;
            for (int i = 0; i < count; i++)
            {
                int w = _weights[i];
                if (w > MaxTableLog) throw ZstdFault.Corrupt("Huffman weight " + w + " is too large", offset);
                _rankCount[w]++;
                if (w > 0) sum += 1u << (w - 1);
            }
            if (sum == 0) throw ZstdFault.Corrupt("Huffman weights are all zero", offset);
            int maxBits = BitReader.HighBit(sum) + 1;
            if (maxBits > MaxTableLog) throw ZstdFault.Corrupt("Huffman codes are longer than " + MaxTableLog + " bits", offset);
            uint rest = (1u << maxBits) - sum;
            if ((rest & (rest - 1)) != 0) throw ZstdFault.Corrupt("Huffman weights do not form a complete code", offset);
            int last = BitReader.HighBit(rest) + 1;
            _weights[count] = (byte)last;
            _rankCount[last]++;
            int symbols = count + 1;

            int next = 0;
            for (int w = 1; w <= maxBits; w++)
            {
                _rankStart[w] = next;
                next += _rankCount[w] << (w - 1);
            }
            for (int s = 0; s < symbols; s++)
            {
                int w = _weights[s];
                if (w == 0) continue;
                int len = 1 << (w - 1);
                int start = _rankStart[w];
                ushort entry = (ushort)((s << 8) | (maxBits + 1 - w));
                for (int i = 0; i < len; i++) Entries[start + i] = entry;
                _rankStart[w] = start + len;
            }
            MaxBits = maxBits;
        }

        /// <summary>Decodes <paramref name="count"/> symbols from one backward bit stream, which must be used up exactly.</summary>
        [MethodImpl(ZstdConstants.HotPath)]
        public void Decode1(byte* src, int srcSize, byte* dst, int count, long offset)
        {
            int maxBits = MaxBits;
            fixed (ushort* table = Entries)
            {
                var br = BitReader.Create(src, srcSize);
                if (!br.IsValid) throw ZstdFault.Corrupt("Huffman stream has no end marker", offset);
                byte* op = dst;
                byte* end = dst + count;
                while (end - op >= 4)
                {
                    br.Reload();
                    ushort e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); op[0] = (byte)(e >> 8);
                    e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); op[1] = (byte)(e >> 8);
                    e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); op[2] = (byte)(e >> 8);
                    e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); op[3] = (byte)(e >> 8);
                    op += 4;
                }
                br.Reload();
                while (op < end)
                {
                    ushort e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); *op++ = (byte)(e >> 8);
                }
                if (!br.Finished) throw ZstdFault.Corrupt("Huffman stream does not end where its literals do", offset);
            }
        }

        /// <summary>Decodes <paramref name="count"/> symbols from four streams behind a 6-byte jump table.</summary>
        [MethodImpl(ZstdConstants.HotPath)]
        public void Decode4(byte* src, int srcSize, byte* dst, int count, long offset)
        {
            if (srcSize < 10) throw ZstdFault.Corrupt("4-stream Huffman literals are too short", offset);
            int s1 = src[0] | (src[1] << 8);
            int s2 = src[2] | (src[3] << 8);
            int s3 = src[4] | (src[5] << 8);
            int s4 = srcSize - 6 - s1 - s2 - s3;
            if (s4 < 1) throw ZstdFault.Corrupt("Huffman jump table points past the literals", offset);
            int segment = (count + 3) / 4;
            int last = count - 3 * segment;
            if (last < 0) throw ZstdFault.Corrupt("too few literals for 4 Huffman streams", offset);
            byte* p1 = src + 6;
            byte* p2 = p1 + s1;
            byte* p3 = p2 + s2;
            byte* p4 = p3 + s3;
            int maxBits = MaxBits;
            fixed (ushort* table = Entries)
            {
                BitReader b1 = BitReader.Create(p1, s1), b2 = BitReader.Create(p2, s2), b3 = BitReader.Create(p3, s3), b4 = BitReader.Create(p4, s4);
                if (!b1.IsValid || !b2.IsValid || !b3.IsValid || !b4.IsValid)
                    throw ZstdFault.Corrupt("a Huffman stream has no end marker", offset);
                byte* o1 = dst;
                byte* o2 = o1 + segment;
                byte* o3 = o2 + segment;
                byte* o4 = o3 + segment;
                byte* e4 = dst + count;
                byte* fastEnd = o2 - 4;
                ushort e;
                while (o1 <= fastEnd && o4 <= e4 - 4)
                {
                    b1.Reload(); b2.Reload(); b3.Reload(); b4.Reload();
                    for (int k = 0; k < 4; k++)
                    {
                        e = table[b1.Peek(maxBits)]; b1.Skip(e & 0xFF); o1[k] = (byte)(e >> 8);
                        e = table[b2.Peek(maxBits)]; b2.Skip(e & 0xFF); o2[k] = (byte)(e >> 8);
                        e = table[b3.Peek(maxBits)]; b3.Skip(e & 0xFF); o3[k] = (byte)(e >> 8);
                        e = table[b4.Peek(maxBits)]; b4.Skip(e & 0xFF); o4[k] = (byte)(e >> 8);
                    }
                    o1 += 4; o2 += 4; o3 += 4; o4 += 4;
                }
                b1 = Tail(b1, table, maxBits, o1, dst + segment);
                b2 = Tail(b2, table, maxBits, o2, dst + 2 * segment);
                b3 = Tail(b3, table, maxBits, o3, dst + 3 * segment);
                b4 = Tail(b4, table, maxBits, o4, e4);
                if (!b1.Finished || !b2.Finished || !b3.Finished || !b4.Finished)
                    throw ZstdFault.Corrupt("a Huffman stream does not end where its literals do", offset);
            }
        }

        [MethodImpl(ZstdConstants.HotPath)]
        private static BitReader Tail(BitReader br, ushort* table, int maxBits, byte* op, byte* end)
        {
            while (op < end)
            {
                br.Reload();
                ushort e = table[br.Peek(maxBits)]; br.Skip(e & 0xFF); *op++ = (byte)(e >> 8);
            }
            br.Reload();
            return br;
        }
    }
}
