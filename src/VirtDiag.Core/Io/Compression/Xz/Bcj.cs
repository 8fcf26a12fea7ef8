namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// The branch/call/jump filters (x86, PowerPC, IA-64, ARM, ARM-Thumb, SPARC, ARM64): they turn absolute addresses
    /// in branch instructions back into relative ones. Bytes that may still be the start of an instruction are held
    /// until more data comes; at the end they pass unchanged.
    /// </summary>
    internal sealed class BcjFilter : FilterStage
    {
        private static readonly bool[] s_x86AllowedStatus = { true, true, true, false, true, false, false, false };
        private static readonly int[] s_x86BitNumber = { 0, 1, 2, 2, 3, 3, 3, 3 };
        private static readonly uint[] s_ia64BranchTable =
        {
            0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0,
            4, 4, 6, 6, 0, 0, 7, 7,
            4, 4, 0, 0, 4, 4, 0, 0,
        };

        private readonly FilterStage _source;
        private readonly ulong _id;
        private readonly byte[] _buf = new byte[1 << 16];
        private uint _nowPos;
        private int _outPos;
        private int _filtered;
        private int _dataEnd;
        private bool _sourceEnded;
        private uint _x86PrevMask;
        private uint _x86PrevPos = unchecked((uint)-5);

        public BcjFilter(FilterStage source, ulong id, uint startOffset)
        {
            _source = source;
            _id = id;
            _nowPos = startOffset;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                if (_outPos < _filtered)
                {
                    int n = System.Math.Min(count, _filtered - _outPos);
                    System.Buffer.BlockCopy(_buf, _outPos, buffer, offset, n);
                    _outPos += n;
                    return n;
                }
                int tail = _dataEnd - _filtered;
                if (tail > 0 && _filtered > 0) System.Buffer.BlockCopy(_buf, _filtered, _buf, 0, tail);
                _dataEnd = tail;
                _filtered = 0;
                _outPos = 0;
                if (_sourceEnded)
                {
                    if (tail == 0) return 0;
                    _filtered = tail;
                    continue;
                }
                int got = _source.Read(_buf, _dataEnd, _buf.Length - _dataEnd);
                if (got == 0)
                {
                    _sourceEnded = true;
                    continue;
                }
                _dataEnd += got;
                int done = Convert(_buf, _dataEnd);
                _nowPos += (uint)done;
                _filtered = done;
            }
        }

        private int Convert(byte[] b, int size) => _id switch
        {
            FilterIds.X86 => X86(b, size),
            FilterIds.PowerPc => PowerPc(b, size, _nowPos),
            FilterIds.Ia64 => Ia64(b, size, _nowPos),
            FilterIds.Arm => Arm(b, size, _nowPos),
            FilterIds.ArmThumb => ArmThumb(b, size, _nowPos),
            FilterIds.Sparc => Sparc(b, size, _nowPos),
            _ => Arm64(b, size, _nowPos),
        };

        private static bool Test86MSByte(uint b) => b == 0 || b == 0xFF;

        private int X86(byte[] buffer, int size)
        {
            uint nowPos = _nowPos;
            uint prevMask = _x86PrevMask;
            uint prevPos = _x86PrevPos;
            if (size < 5) return 0;
            if (nowPos - prevPos > 5) prevPos = nowPos - 5;
            int limit = size - 5;
            int i = 0;
            while (i <= limit)
            {
                uint b = buffer[i];
                if (b != 0xE8 && b != 0xE9)
                {
                    i++;
                    continue;
                }
                uint offset = nowPos + (uint)i - prevPos;
                prevPos = nowPos + (uint)i;
                if (offset > 5)
                {
                    prevMask = 0;
                }
                else
                {
                    for (uint k = 0; k < offset; k++)
                    {
                        prevMask &= 0x77;
                        prevMask <<= 1;
                    }
                }
                b = buffer[i + 4];
                if (Test86MSByte(b) && s_x86AllowedStatus[(prevMask >> 1) & 7] && (prevMask >> 1) < 0x10)
                {
                    uint src = b << 24 | (uint)buffer[i + 3] << 16 | (uint)buffer[i + 2] << 8 | buffer[i + 1];
                    uint dest;
                    while (true)
                    {
                        dest = src - (nowPos + (uint)i + 5);
                        if (prevMask == 0) break;
                        int bit = s_x86BitNumber[prevMask >> 1];
                        b = (byte)(dest >> (24 - bit * 8));
                        if (!Test86MSByte(b)) break;
                        src = dest ^ ((1u << (32 - bit * 8)) - 1);
                    }
                    buffer[i + 4] = (byte)~(((dest >> 24) & 1) - 1);
                    buffer[i + 3] = (byte)(dest >> 16);
                    buffer[i + 2] = (byte)(dest >> 8);
                    buffer[i + 1] = (byte)dest;
                    i += 5;
                    prevMask = 0;
                }
                else
                {
                    i++;
                    prevMask |= 1;
                    if (Test86MSByte(b)) prevMask |= 0x10;
                }
            }
            _x86PrevMask = prevMask;
            _x86PrevPos = prevPos;
            return i;
        }

        private static int PowerPc(byte[] b, int size, uint nowPos)
        {
            size &= ~3;
            int i;
            for (i = 0; i < size; i += 4)
            {
                if ((b[i] >> 2) == 0x12 && (b[i + 3] & 3) == 1)
                {
                    uint src = ((uint)b[i] & 3) << 24 | (uint)b[i + 1] << 16 | (uint)b[i + 2] << 8 | ((uint)b[i + 3] & ~3u);
                    uint dest = src - (nowPos + (uint)i);
                    b[i] = (byte)(0x48 | ((dest >> 24) & 0x03));
                    b[i + 1] = (byte)(dest >> 16);
                    b[i + 2] = (byte)(dest >> 8);
                    b[i + 3] = (byte)((uint)(b[i + 3] & 0x03) | dest);
                }
            }
            return i;
        }

        private static int Ia64(byte[] b, int size, uint nowPos)
        {
            int i;
            for (i = 0; i + 16 <= size; i += 16)
            {
                uint mask = s_ia64BranchTable[b[i] & 0x1F];
                int bitPos = 5;
                for (int slot = 0; slot < 3; slot++, bitPos += 41)
                {
                    if (((mask >> slot) & 1) == 0) continue;
                    int bytePos = bitPos >> 3;
                    int bitRes = bitPos & 7;
                    ulong instruction = 0;
                    for (int j = 0; j < 6; j++) instruction |= (ulong)b[i + j + bytePos] << (8 * j);
                    ulong norm = instruction >> bitRes;
                    if (((norm >> 37) & 0xF) == 0x5 && ((norm >> 9) & 0x7) == 0)
                    {
                        uint src = (uint)((norm >> 13) & 0xFFFFF);
                        src |= (uint)((norm >> 36) & 1) << 20;
                        src <<= 4;
                        uint dest = src - (nowPos + (uint)i);
                        dest >>= 4;
                        norm &= ~((ulong)0x8FFFFF << 13);
                        norm |= (ulong)(dest & 0xFFFFF) << 13;
                        norm |= (ulong)(dest & 0x100000) << (36 - 20);
                        instruction &= (1UL << bitRes) - 1;
                        instruction |= norm << bitRes;
                        for (int j = 0; j < 6; j++) b[i + j + bytePos] = (byte)(instruction >> (8 * j));
                    }
                }
            }
            return i;
        }

        private static int Arm(byte[] b, int size, uint nowPos)
        {
            int i;
            for (i = 0; i + 4 <= size; i += 4)
            {
                if (b[i + 3] == 0xEB)
                {
                    uint src = ((uint)b[i + 2] << 16 | (uint)b[i + 1] << 8 | b[i]) << 2;
                    uint dest = (src - (nowPos + (uint)i + 8)) >> 2;
                    b[i + 2] = (byte)(dest >> 16);
                    b[i + 1] = (byte)(dest >> 8);
                    b[i] = (byte)dest;
                }
            }
            return i;
        }

        private static int ArmThumb(byte[] b, int size, uint nowPos)
        {
            int i;
            for (i = 0; i + 4 <= size; i += 2)
            {
                if ((b[i + 1] & 0xF8) == 0xF0 && (b[i + 3] & 0xF8) == 0xF8)
                {
                    uint src = (((uint)b[i + 1] & 7) << 19 | (uint)b[i] << 11 | ((uint)b[i + 3] & 7) << 8 | b[i + 2]) << 1;
                    uint dest = (src - (nowPos + (uint)i + 4)) >> 1;
                    b[i + 1] = (byte)(0xF0 | ((dest >> 19) & 0x7));
                    b[i] = (byte)(dest >> 11);
                    b[i + 3] = (byte)(0xF8 | ((dest >> 8) & 0x7));
                    b[i + 2] = (byte)dest;
                    i += 2;
                }
            }
            return i;
        }

        private static int Sparc(byte[] b, int size, uint nowPos)
        {
            size &= ~3;
            int i;
            for (i = 0; i < size; i += 4)
            {
                if ((b[i] == 0x40 && (b[i + 1] & 0xC0) == 0x00) || (b[i] == 0x7F && (b[i + 1] & 0xC0) == 0xC0))
                {
                    uint src = ((uint)b[i] << 24 | (uint)b[i + 1] << 16 | (uint)b[i + 2] << 8 | b[i + 3]) << 2;
                    uint dest = (src - (nowPos + (uint)i)) >> 2;
                    dest = (((0 - ((dest >> 22) & 1)) << 22) & 0x3FFFFFFF) | (dest & 0x3FFFFF) | 0x40000000;
                    b[i] = (byte)(dest >> 24);
                    b[i + 1] = (byte)(dest >> 16);
                    b[i + 2] = (byte)(dest >> 8);
                    b[i + 3] = (byte)dest;
                }
            }
            return i;
        }

        private static int Arm64(byte[] b, int size, uint nowPos)
        {
            int i;
            for (i = 0; i + 4 <= size; i += 4)
            {
                uint pc = nowPos + (uint)i;
                uint instr = BitConverterLe.UInt32(b, i);
                if ((instr >> 26) == 0x25)
                {
                    uint src = instr;
                    pc = 0u - (pc >> 2);
                    instr = 0x94000000 | ((src + pc) & 0x03FFFFFF);
                }
                else if ((instr & 0x9F000000) == 0x90000000)
                {
                    uint src = ((instr >> 29) & 3) | ((instr >> 3) & 0x001FFFFC);
                    if (((src + 0x00020000) & 0x001C0000) != 0) continue;
                    instr &= 0x9000001F;
                    pc = 0u - (pc >> 12);
                    uint dest = src + pc;
                    instr |= (dest & 3) << 29;
                    instr |= (dest & 0x0003FFFC) << 3;
                    instr |= (0u - (dest & 0x00020000)) & 0x00E00000;
                }
                else
                {
                    continue;
                }
                b[i] = (byte)instr;
                b[i + 1] = (byte)(instr >> 8);
                b[i + 2] = (byte)(instr >> 16);
                b[i + 3] = (byte)(instr >> 24);
            }
            return i;
        }
    }
}
