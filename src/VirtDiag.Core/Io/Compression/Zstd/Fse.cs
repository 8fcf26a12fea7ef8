using System;
using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>One state of an FSE decoding table: the symbol it emits and how to reach the next state.</summary>
    internal struct FseEntry
    {
        public ushort NewState;
        public byte Symbol;
        public byte NbBits;
    }

    /// <summary>
    /// Finite State Entropy tables (RFC 8878 §4.1): reading a table description (normalized counts) and
    /// spreading it into a decoding table.
    /// </summary>
    internal static class Fse
    {
        /// <summary>
        /// Reads a table description at the start of <paramref name="src"/> into <paramref name="norm"/> (one count per
        /// symbol, -1 for "less than 1"); returns the bytes it used. Throws on a malformed description.
        /// </summary>
        public static int ReadCounts(ReadOnlySpan<byte> src, short[] norm, int maxSymbol, int maxLog, out int tableLog, out int symbolCount, long offset)
        {
            var bits = new ForwardBits(src);
            int log = (int)bits.Read(4) + 5;
            if (log > maxLog) throw ZstdFault.Corrupt("FSE accuracy log " + log + " exceeds " + maxLog, offset);
            int remaining = (1 << log) + 1;
            int threshold = 1 << log;
            int nbBits = log + 1;
            int symbol = 0;
            bool previousZero = false;
            Array.Clear(norm, 0, norm.Length);
            while (remaining > 1)
            {
                if (previousZero)
                {
                    int repeat;
                    do
                    {
                        repeat = (int)bits.Read(2);
                        symbol += repeat;
                        if (symbol > maxSymbol + 1) throw ZstdFault.Corrupt("FSE table has too many symbols", offset);
                    } while (repeat == 3);
                    if (bits.Overrun) throw ZstdFault.Corrupt("FSE table description ends early", offset);
                }
                if (symbol > maxSymbol) throw ZstdFault.Corrupt("FSE table has too many symbols", offset);
                int max = (2 * threshold - 1) - remaining;
                int value;
                int low = (int)bits.Peek(nbBits - 1);
                if (low < max)
                {
                    value = low;
                    bits.Skip(nbBits - 1);
                }
                else
                {
                    value = (int)bits.Peek(nbBits);
                    if (value >= threshold) value -= max;
                    bits.Skip(nbBits);
                }
                int count = value - 1;
                remaining -= count < 0 ? -count : count;
                norm[symbol++] = (short)count;
                previousZero = count == 0;
                if (remaining < 1) throw ZstdFault.Corrupt("FSE table counts exceed the table size", offset);
                while (remaining < threshold)
                {
                    nbBits--;
                    threshold >>= 1;
                }
                if (bits.Overrun) throw ZstdFault.Corrupt("FSE table description ends early", offset);
            }
            if (remaining != 1) throw ZstdFault.Corrupt("FSE table counts do not fill the table", offset);
            tableLog = log;
            symbolCount = symbol;
            return bits.BytesUsed;
        }

        /// <summary>Spreads normalized counts over a table of 2^<paramref name="log"/> states (RFC 8878 §4.1.1).</summary>
        [MethodImpl(ZstdConstants.HotPath)]
        public static void Build(short[] norm, int symbolCount, int log, FseEntry[] table, ushort[] scratch, long offset)
        {
            int size = 1 << log;
            int high = size - 1;
            for (int s = 0; s < symbolCount; s++)
            {
                if (norm[s] == -1)
                {
                    table[high--].Symbol = (byte)s;
                    scratch[s] = 1;
                }
                else
                {
                    scratch[s] = (ushort)norm[s];
                }
            }
            int mask = size - 1;
            int step = (size >> 1) + (size >> 3) + 3;
            int pos = 0;
            for (int s = 0; s < symbolCount; s++)
            {
                for (int i = 0; i < norm[s]; i++)
                {
                    table[pos].Symbol = (byte)s;
                    do pos = (pos + step) & mask; while (pos > high);
                }
            }
            if (pos != 0) throw ZstdFault.Corrupt("FSE table counts are inconsistent", offset);
            for (int u = 0; u < size; u++)
            {
                int s = table[u].Symbol;
                int next = scratch[s]++;
                int nb = log - BitReader.HighBit((uint)next);
                table[u].NbBits = (byte)nb;
                table[u].NewState = (ushort)((next << nb) - size);
            }
        }
    }

    /// <summary>A little-endian forward bit reader for table descriptions; reads zeros past the end and says so.</summary>
    internal ref struct ForwardBits
    {
        private readonly ReadOnlySpan<byte> _src;
        private int _bit;

        public ForwardBits(ReadOnlySpan<byte> src)
        {
            _src = src;
            _bit = 0;
        }

        public bool Overrun => _bit > _src.Length * 8;
        public int BytesUsed => (_bit + 7) >> 3;

        public uint Peek(int n)
        {
            uint v = 0;
            int byteIndex = _bit >> 3;
            for (int i = 0; i < 4; i++)
            {
                int j = byteIndex + i;
                if (j < _src.Length) v |= (uint)_src[j] << (8 * i);
            }
            v >>= _bit & 7;
            return n == 0 ? 0 : v & (uint)((1L << n) - 1);
        }

        public void Skip(int n) => _bit += n;

        public uint Read(int n)
        {
            uint v = Peek(n);
            _bit += n;
            return v;
        }
    }
}
