using System;
using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// The sequences section of a compressed block (RFC 8878 §3.1.1.3.2 and §3.1.1.4): the header with the table
    /// modes, the three FSE tables, and decoding each sequence and executing it at once (literals copy, then match
    /// copy with repeat offsets). Tables and repeat offsets carry over from block to block within a frame.
    /// </summary>
    internal sealed unsafe class SequencesDecoder
    {
        private const int WildSlack = 32;

        private readonly short[] _norm = new short[256];
        private readonly ushort[] _scratch = new ushort[256];
        private readonly FseEntry[] _fse = new FseEntry[1 << SequenceTables.MaxLiteralLengthLog];

        private readonly SeqTable _llFse = new SeqTable(1 << SequenceTables.MaxLiteralLengthLog);
        private readonly SeqTable _ofFse = new SeqTable(1 << SequenceTables.MaxOffsetLog);
        private readonly SeqTable _mlFse = new SeqTable(1 << SequenceTables.MaxMatchLengthLog);
        private readonly SeqTable _llRle = new SeqTable(1);
        private readonly SeqTable _ofRle = new SeqTable(1);
        private readonly SeqTable _mlRle = new SeqTable(1);
        private SeqTable? _ll, _of, _ml;

        // The three tables of a block side by side, so the hot loop needs one table pointer instead of three.
        private const int OfBase = 1 << SequenceTables.MaxLiteralLengthLog;
        private const int MlBase = OfBase + (1 << SequenceTables.MaxOffsetLog);
        private readonly SeqEntry[] _combined = new SeqEntry[MlBase + (1 << SequenceTables.MaxMatchLengthLog)];
        private long _rep0, _rep1, _rep2;

        /// <summary>A new frame starts: no tables, repeat offsets 1, 4, 8.</summary>
        public void Reset()
        {
            _ll = _of = _ml = null;
            _rep0 = 1;
            _rep1 = 4;
            _rep2 = 8;
        }

        /// <summary>
        /// Decodes and executes the sequences section at <paramref name="src"/>, writing from <paramref name="op"/>.
        /// Matches may reach back to <paramref name="history"/>; valid output ends by <paramref name="limit"/>; copies may
        /// scribble up to <paramref name="physicalEnd"/>. Returns the end of the output.
        /// </summary>
        public byte* Execute(byte* src, int srcSize, byte* lit, int litCount, byte* history, byte* op, byte* limit, byte* physicalEnd, long offset)
        {
            if (srcSize < 1) throw ZstdFault.Corrupt("block has no sequences section", offset);
            int b0 = src[0];
            int nbSeq;
            int pos;
            if (b0 < 128) { nbSeq = b0; pos = 1; }
            else if (b0 < 255)
            {
                if (srcSize < 2) throw ZstdFault.Corrupt("sequences header runs past the block", offset);
                nbSeq = ((b0 - 128) << 8) + src[1];
                pos = 2;
            }
            else
            {
                if (srcSize < 3) throw ZstdFault.Corrupt("sequences header runs past the block", offset);
                nbSeq = src[1] + (src[2] << 8) + 0x7F00;
                pos = 3;
            }
            if (nbSeq == 0)
            {
                if (pos != srcSize) throw ZstdFault.Corrupt("bytes follow a sequences section of zero sequences", offset + pos);
                return CopyLastLiterals(lit, litCount, op, limit, offset);
            }
            if (pos >= srcSize) throw ZstdFault.Corrupt("sequences modes byte is missing", offset);
            int modes = src[pos++];
            if ((modes & 3) != 0) throw ZstdFault.Corrupt("sequences modes reserved bits are set", offset + pos - 1);
            var span = new ReadOnlySpan<byte>(src, srcSize);
            _ll = SelectTable(span, ref pos, (modes >> 6) & 3, _ll, _llFse, _llRle, SequenceTables.LiteralLengthDefault,
                SequenceTables.MaxLiteralLengthCode, SequenceTables.MaxLiteralLengthLog, SequenceTables.LiteralLengthBase, SequenceTables.LiteralLengthBits, "literal length", offset);
            _of = SelectTable(span, ref pos, (modes >> 4) & 3, _of, _ofFse, _ofRle, SequenceTables.OffsetDefault,
                SequenceTables.MaxOffsetCode, SequenceTables.MaxOffsetLog, SequenceTables.OffsetBase, SequenceTables.OffsetBits, "offset", offset);
            _ml = SelectTable(span, ref pos, (modes >> 2) & 3, _ml, _mlFse, _mlRle, SequenceTables.MatchLengthDefault,
                SequenceTables.MaxMatchLengthCode, SequenceTables.MaxMatchLengthLog, SequenceTables.MatchLengthBase, SequenceTables.MatchLengthBits, "match length", offset);
            return Run(src + pos, srcSize - pos, nbSeq, lit, litCount, history, op, limit, physicalEnd, offset + pos);
        }

        private SeqTable SelectTable(ReadOnlySpan<byte> src, ref int pos, int mode, SeqTable? previous, SeqTable fse, SeqTable rle, SeqTable predefined,
            int maxSymbol, int maxLog, uint[] baseValues, byte[] bits, string what, long offset)
        {
            switch (mode)
            {
                case 0:
                    return predefined;
                case 1:
                    if (pos >= src.Length) throw ZstdFault.Corrupt(what + " RLE symbol is missing", offset + pos);
                    int symbol = src[pos++];
                    if (symbol > maxSymbol) throw ZstdFault.Corrupt(what + " RLE code " + symbol + " is out of range", offset + pos - 1);
                    SequenceTables.Rle(rle, symbol, baseValues, bits);
                    return rle;
                case 2:
                    int used = Fse.ReadCounts(src.Slice(pos), _norm, maxSymbol, maxLog, out int log, out int symbols, offset + pos);
                    if (used > src.Length - pos) throw ZstdFault.Corrupt(what + " table runs past the block", offset + pos);
                    Fse.Build(_norm, symbols, log, _fse, _scratch, offset + pos);
                    SequenceTables.Fill(fse, _fse, log, baseValues, bits);
                    pos += used;
                    return fse;
                default:
                    return previous ?? throw ZstdFault.Corrupt(what + " table is repeated but there is none", offset + pos);
            }
        }

        /// <summary>True when the output limit is the caller's destination rather than the block maximum.</summary>
        public bool LimitIsDestination { get; set; }

        private Exception Overflow(long offset) => LimitIsDestination
            ? ZstdFault.Limit("decompressed data is larger than the destination", offset)
            : ZstdFault.Corrupt("block output exceeds its maximum size", offset);

        private byte* CopyLastLiterals(byte* lit, int litCount, byte* op, byte* limit, long offset)
        {
            if (litCount > limit - op) throw Overflow(offset);
            Buffer.MemoryCopy(lit, op, litCount, litCount);
            return op + litCount;
        }

        [MethodImpl(ZstdConstants.HotPath)]
        private byte* Run(byte* stream, int streamSize, int nbSeq, byte* lit, int litCount, byte* history, byte* op, byte* limit, byte* physicalEnd, long offset)
        {
            var br = BitReader.Create(stream, streamSize);
            if (!br.IsValid) throw ZstdFault.Corrupt("sequences bit stream has no end marker", offset);
            byte* litEnd = lit + litCount;
            byte* wildEnd = physicalEnd - WildSlack;
            long rep0 = _rep0, rep1 = _rep1, rep2 = _rep2;
            Array.Copy(_ll!.Entries, 0, _combined, 0, 1 << _ll.Log);
            Array.Copy(_of!.Entries, 0, _combined, OfBase, 1 << _of.Log);
            Array.Copy(_ml!.Entries, 0, _combined, MlBase, 1 << _ml.Log);
            fixed (SeqEntry* t = _combined)
            {
                int llState = (int)br.Read(_ll.Log);
                int ofState = (int)br.Read(_of.Log);
                int mlState = (int)br.Read(_ml.Log);
                br.Reload();
                for (int n = nbSeq; n > 0; n--)
                {
                    SeqEntry ofE = t[OfBase + ofState];
                    SeqEntry mlE = t[MlBase + mlState];
                    SeqEntry llE = t[llState];
                    int ofBits = ofE.NbAddBits;
                    long offsetValue;
                    if (ofBits > 1)
                    {
                        offsetValue = (long)ofE.BaseValue + (long)br.Read(ofBits) - 3;
                        rep2 = rep1;
                        rep1 = rep0;
                        rep0 = offsetValue;
                    }
                    else
                    {
                        int index = (int)(ofE.BaseValue + br.Read(ofBits)) - 1 + (llE.BaseValue == 0 ? 1 : 0);
                        if (index == 0)
                        {
                            offsetValue = rep0;
                        }
                        else
                        {
                            offsetValue = index == 1 ? rep1 : index == 2 ? rep2 : rep0 - 1;
                            if (index != 1) rep2 = rep1;
                            rep1 = rep0;
                            rep0 = offsetValue;
                        }
                    }
                    int matchLength = (int)(mlE.BaseValue + br.Read(mlE.NbAddBits));
                    if (ofBits + mlE.NbAddBits + llE.NbAddBits >= 31) br.Reload();
                    int literalLength = (int)(llE.BaseValue + br.Read(llE.NbAddBits));
                    if (n > 1)
                    {
                        llState = llE.NextState + (int)br.Read(llE.NbBits);
                        mlState = mlE.NextState + (int)br.Read(mlE.NbBits);
                        ofState = ofE.NextState + (int)br.Read(ofE.NbBits);
                        br.Reload();
                    }

                    // Execute: literals, then the match.
                    if (literalLength > litEnd - lit) throw ZstdFault.Corrupt("a sequence uses more literals than the block has", offset);
                    long total = (long)literalLength + matchLength;
                    if (total > limit - op) throw Overflow(offset);
                    byte* matchEnd = op + total;
                    if (offsetValue <= 0 || offsetValue > (matchEnd - matchLength) - history)
                        throw ZstdFault.Corrupt("match offset " + offsetValue + " reaches before the start of the data", offset);
                    if (matchEnd <= wildEnd)
                    {
                        // Wild copies: may write up to 32 bytes past the end; literals have slack too.
                        byte* d = op;
                        byte* s = lit;
                        byte* e = op + literalLength;
                        do
                        {
                            *(ulong*)d = *(ulong*)s;
                            *(ulong*)(d + 8) = *(ulong*)(s + 8);
                            d += 16;
                            s += 16;
                        } while (d < e);
                        lit += literalLength;
                        op = e;
                        byte* m = op - offsetValue;
                        if (offsetValue >= 16)
                        {
                            do
                            {
                                *(ulong*)op = *(ulong*)m;
                                *(ulong*)(op + 8) = *(ulong*)(m + 8);
                                op += 16;
                                m += 16;
                            } while (op < matchEnd);
                        }
                        else
                        {
                            int head = matchLength < 16 ? matchLength : 16;
                            for (int i = 0; i < head; i++) op[i] = m[i];
                            op += head;
                            if (op < matchEnd)
                            {
                                long distance = offsetValue * ((16 + offsetValue - 1) / offsetValue);
                                m = op - distance;
                                do
                                {
                                    *(ulong*)op = *(ulong*)m;
                                    *(ulong*)(op + 8) = *(ulong*)(m + 8);
                                    op += 16;
                                    m += 16;
                                } while (op < matchEnd);
                            }
                        }
                        op = matchEnd;
                    }
                    else
                    {
                        Buffer.MemoryCopy(lit, op, literalLength, literalLength);
                        lit += literalLength;
                        op += literalLength;
                        byte* m = op - offsetValue;
                        for (int i = 0; i < matchLength; i++) op[i] = m[i];
                        op = matchEnd;
                    }
                }
            }
            if (!br.Finished) throw ZstdFault.Corrupt("sequences bit stream does not end with the last sequence", offset);
            _rep0 = rep0;
            _rep1 = rep1;
            _rep2 = rep2;
            return CopyLastLiterals(lit, (int)(litEnd - lit), op, limit, offset);
        }
    }
}
