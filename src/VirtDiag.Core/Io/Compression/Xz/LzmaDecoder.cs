using System;
using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>How a run of the LZMA decoder ended.</summary>
    internal enum LzmaStatus
    {
        /// <summary>The output limit was reached.</summary>
        Ok,
        /// <summary>The end-of-payload marker was decoded.</summary>
        EndMarker,
        /// <summary>A match reached back before the start of the dictionary.</summary>
        DistanceError,
        /// <summary>The symbols read past the end of the input the caller allowed.</summary>
        InputOverrun,
    }

    /// <summary>
    /// The LZMA1 decoder (literal/match/rep coding over a range decoder) that LZMA2 chunks and .lzma files use. One
    /// <see cref="Decode"/> call runs the whole hot loop with its state in locals and writes it back once.
    /// </summary>
    internal sealed unsafe class LzmaDecoder
    {
        private const int States = 12;
        private const int IsMatch = 0;
        private const int IsRep = IsMatch + (States << 4);
        private const int IsRepG0 = IsRep + States;
        private const int IsRepG1 = IsRepG0 + States;
        private const int IsRepG2 = IsRepG1 + States;
        private const int IsRep0Long = IsRepG2 + States;
        private const int DistSlot = IsRep0Long + (States << 4);
        private const int DistSpecial = DistSlot + (4 << 6);
        private const int Align = DistSpecial + 114;
        private const int LenCoder = Align + 16;
        internal const int LenLow = 2;
        internal const int LenMid = LenLow + (16 << 3);
        internal const int LenHigh = LenMid + (16 << 3);
        private const int LenCoderSize = LenHigh + 256;
        private const int RepLenCoder = LenCoder + LenCoderSize;
        private const int Literal = RepLenCoder + LenCoderSize;

        private ushort[] _probs = Array.Empty<ushort>();
        private int _lc;
        private uint _lpMask;
        private uint _pbMask;
        private uint _range;
        private uint _code;
        private uint _state;
        private uint _rep0, _rep1, _rep2, _rep3;
        private uint _remainLen;

        /// <summary>Bytes of a match still to copy when the output limit stopped the last run.</summary>
        public uint PendingMatch => _remainLen;

        /// <summary>True when the range decoder ended cleanly (code 0), as at the end of an LZMA2 chunk.</summary>
        public bool RangeFinished => _code == 0;

        /// <summary>Sets lc/lp/pb; the caller resets the state afterwards.</summary>
        public void SetProperties(int lc, int lp, int pb)
        {
            _lc = lc;
            _lpMask = (1u << lp) - 1;
            _pbMask = (1u << pb) - 1;
            int n = Literal + (0x300 << (lc + lp));
            if (_probs.Length != n) _probs = new ushort[n];
        }

        /// <summary>Resets probabilities, state and distances (an LZMA2 state reset).</summary>
        public void ResetState()
        {
            _probs.AsSpan().Fill(RangeDecoder.ProbInit);
            _state = 0;
            _rep0 = _rep1 = _rep2 = _rep3 = 0;
            _remainLen = 0;
        }

        /// <summary>Starts the range decoder on 5 bytes at <paramref name="pos"/>; false if the first byte is not zero.</summary>
        public bool InitRange(byte[] input, ref int pos)
        {
            if (input[pos] != 0) return false;
            _code = (uint)(input[pos + 1] << 24 | input[pos + 2] << 16 | input[pos + 3] << 8 | input[pos + 4]);
            _range = 0xFFFFFFFF;
            pos += 5;
            return _code != 0xFFFFFFFF;
        }

        /// <summary>
        /// Decodes into <paramref name="w"/> until its position reaches <paramref name="outLimit"/>, the end marker, or an
        /// error. Reads <paramref name="input"/> from <paramref name="inPos"/>; a symbol starting at or after
        /// <paramref name="inLimit"/> is an overrun. The buffer must have 64 readable bytes past <paramref name="inLimit"/>.
        /// </summary>
        public LzmaStatus Decode(LzmaWindow w, byte[] input, ref int inPos, int inLimit, int outLimit)
        {
            LzmaStatus status = LzmaStatus.Ok;
            fixed (ushort* probs = _probs)
            fixed (byte* inBase = input)
            fixed (byte* dict = w.Buffer)
            {
                RangeDecoder rc;
                rc.Range = _range;
                rc.Code = _code;
                rc.In = inBase + inPos;
                byte* inEnd = inBase + inLimit;
                uint pos = (uint)w.Pos;
                uint dictSize = (uint)w.Size;
                bool full = w.Full;
                uint limit = (uint)outLimit;
                uint state = _state, rep0 = _rep0, rep1 = _rep1, rep2 = _rep2, rep3 = _rep3;
                uint pbMask = _pbMask, lpMask = _lpMask;
                int lc = _lc;
                int litShift = 8 - lc;
                ushort* literals = probs + Literal;

                uint len = _remainLen;
                if (len != 0 && pos < limit) len = CopyMatch(dict, ref pos, dictSize, rep0, len, limit);

                while (pos < limit)
                {
                    if (rc.In > inEnd) { status = LzmaStatus.InputOverrun; break; }
                    uint posState = pos & pbMask;
                    if (rc.Bit(probs + IsMatch + (state << 4) + posState) == 0)
                    {
                        uint prev = pos != 0 ? dict[pos - 1] : full ? dict[dictSize - 1] : 0u;
                        ushort* lit = literals + 0x300 * (((pos & lpMask) << lc) + (prev >> litShift));
                        uint sym = 1;
                        if (state < 7)
                        {
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            sym = (sym << 1) | rc.Bit(lit + sym);
                            state = state < 4 ? 0 : state - 3;
                        }
                        else
                        {
                            uint mpos = pos - rep0 - 1;
                            if (pos <= rep0) mpos += dictSize;
                            uint matchByte = dict[mpos];
                            uint offs = 0x100;
                            do
                            {
                                matchByte <<= 1;
                                uint matchBit = matchByte & offs;
                                uint bit = rc.Bit(lit + offs + matchBit + sym);
                                sym = (sym << 1) | bit;
                                offs &= bit != 0 ? matchBit : ~matchBit;
                            }
                            while (sym < 0x100);
                            state = state < 10 ? state - 3 : state - 6;
                        }
                        dict[pos++] = (byte)sym;
                        continue;
                    }

                    if (rc.Bit(probs + IsRep + state) == 0)
                    {
                        state = state < 7 ? 7u : 10u;
                        len = rc.Length(probs + LenCoder, posState);
                        rep3 = rep2;
                        rep2 = rep1;
                        rep1 = rep0;
                        uint lenState = len < 6 ? len - 2 : 3;
                        uint slot = rc.BitTree(probs + DistSlot + (lenState << 6), 6);
                        if (slot < 4)
                        {
                            rep0 = slot;
                        }
                        else
                        {
                            int bits = (int)(slot >> 1) - 1;
                            rep0 = (2 | (slot & 1)) << bits;
                            if (slot < 14)
                            {
                                rep0 += rc.ReverseBitTree(probs + DistSpecial + rep0 - slot - 1, bits);
                            }
                            else
                            {
                                rep0 += rc.DirectBits(bits - 4) << 4;
                                rep0 += rc.ReverseBitTree(probs + Align, 4);
                                if (rep0 == 0xFFFFFFFF)
                                {
                                    status = LzmaStatus.EndMarker;
                                    len = 0;
                                    break;
                                }
                            }
                        }
                    }
                    else if (rc.Bit(probs + IsRepG0 + state) == 0)
                    {
                        if (rc.Bit(probs + IsRep0Long + (state << 4) + posState) == 0)
                        {
                            state = state < 7 ? 9u : 11u;
                            len = 1;
                        }
                        else
                        {
                            state = state < 7 ? 8u : 11u;
                            len = rc.Length(probs + RepLenCoder, posState);
                        }
                    }
                    else
                    {
                        uint dist;
                        if (rc.Bit(probs + IsRepG1 + state) == 0)
                        {
                            dist = rep1;
                        }
                        else
                        {
                            if (rc.Bit(probs + IsRepG2 + state) == 0)
                            {
                                dist = rep2;
                            }
                            else
                            {
                                dist = rep3;
                                rep3 = rep2;
                            }
                            rep2 = rep1;
                        }
                        rep1 = rep0;
                        rep0 = dist;
                        state = state < 7 ? 8u : 11u;
                        len = rc.Length(probs + RepLenCoder, posState);
                    }

                    if (rep0 >= (full ? dictSize : pos))
                    {
                        status = LzmaStatus.DistanceError;
                        len = 0;
                        break;
                    }
                    len = CopyMatch(dict, ref pos, dictSize, rep0, len, limit);
                }

                _range = rc.Range;
                _code = rc.Code;
                inPos = (int)(rc.In - inBase);
                w.Pos = (int)pos;
                _state = state;
                _rep0 = rep0;
                _rep1 = rep1;
                _rep2 = rep2;
                _rep3 = rep3;
                _remainLen = len;
            }
            return status;
        }

        /// <summary>Copies a match of <paramref name="len"/> bytes from distance <paramref name="dist"/>; returns the bytes left for the next run.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint CopyMatch(byte* dict, ref uint pos, uint dictSize, uint dist, uint len, uint limit)
        {
            uint n = limit - pos;
            if (n > len) n = len;
            uint src = pos - dist - 1;
            if (pos <= dist) src += dictSize;
            byte* d = dict + pos;
            pos += n;
            if (src + n <= dictSize)
            {
                byte* s = dict + src;
                byte* e = d + n;
                if (dist >= 7)
                {
                    // Source and destination are at least 8 apart, so whole 8-byte words copy correctly even when
                    // the match overlaps itself; nothing is written past the match end.
                    while (e - d >= 8)
                    {
                        Unsafe.WriteUnaligned(d, Unsafe.ReadUnaligned<ulong>(s));
                        d += 8;
                        s += 8;
                    }
                    while (d < e) *d++ = *s++;
                }
                else
                {
                    do *d++ = *s++; while (d < e);
                }
            }
            else
            {
                for (uint i = 0; i < n; i++)
                {
                    *d++ = dict[src++];
                    if (src == dictSize) src = 0;
                }
            }
            return len - n;
        }
    }
}
