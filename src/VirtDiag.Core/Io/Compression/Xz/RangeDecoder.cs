using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// The LZMA range decoder, held as a local by the decoding loop so its fields stay in registers; it normalizes after
    /// every bit, so it is always normalized between calls. Input is read through a raw pointer: the caller pads the
    /// buffer and checks for overrun once per symbol instead of once per byte.
    /// </summary>
    internal unsafe struct RangeDecoder
    {
        public const int ProbBits = 11;
        public const ushort ProbInit = 1 << (ProbBits - 1);
        private const int MoveBits = 5;
        private const uint TopValue = 1u << 24;

        public uint Range;
        public uint Code;
        public byte* In;

        /// <summary>Decodes one bit with the adaptive probability at <paramref name="p"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Bit(ushort* p)
        {
            uint prob = *p;
            uint bound = (Range >> ProbBits) * prob;
            uint bit;
            if (Code < bound)
            {
                Range = bound;
                *p = (ushort)(prob + (((1u << ProbBits) - prob) >> MoveBits));
                bit = 0;
            }
            else
            {
                Range -= bound;
                Code -= bound;
                *p = (ushort)(prob - (prob >> MoveBits));
                bit = 1;
            }
            if (Range < TopValue)
            {
                Range <<= 8;
                Code = (Code << 8) | *In++;
            }
            return bit;
        }

        /// <summary>Decodes a <paramref name="bits"/>-bit symbol most significant bit first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint BitTree(ushort* probs, int bits)
        {
            uint sym = 1;
            for (int i = 0; i < bits; i++) sym = (sym << 1) | Bit(probs + sym);
            return sym - (1u << bits);
        }

        /// <summary>Decodes a <paramref name="bits"/>-bit symbol least significant bit first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint ReverseBitTree(ushort* probs, int bits)
        {
            uint sym = 1;
            uint result = 0;
            for (int i = 0; i < bits; i++)
            {
                uint bit = Bit(probs + sym);
                sym = (sym << 1) | bit;
                result |= bit << i;
            }
            return result;
        }

        /// <summary>Decodes <paramref name="count"/> bits of fixed probability one half.</summary>
        public uint DirectBits(int count)
        {
            uint result = 0;
            do
            {
                Range >>= 1;
                Code -= Range;
                uint t = 0u - (Code >> 31);
                Code += Range & t;
                result = (result << 1) + (t + 1);
                if (Range < TopValue)
                {
                    Range <<= 8;
                    Code = (Code << 8) | *In++;
                }
            }
            while (--count > 0);
            return result;
        }

        /// <summary>Decodes a match length (2..273) with the length coder at <paramref name="lc"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Length(ushort* lc, uint posState)
        {
            if (Bit(lc) == 0) return BitTree(lc + LzmaDecoder.LenLow + (posState << 3), 3) + 2;
            if (Bit(lc + 1) == 0) return BitTree(lc + LzmaDecoder.LenMid + (posState << 3), 3) + 10;
            return BitTree(lc + LzmaDecoder.LenHigh, 8) + 18;
        }
    }
}
