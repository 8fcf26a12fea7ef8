using System;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>
    /// A fixed-size summary of a list of (Unpadded Size, Uncompressed Size) records: count, sums and a CRC-64 of the
    /// sequence. The blocks as decoded and the Index as stored each make one; they must be equal.
    /// </summary>
    internal sealed class XzIndexHash
    {
        private readonly byte[] _record = new byte[16];
        private ulong _unpaddedSum;
        private ulong _uncompressedSum;
        private ulong _crc;

        public ulong Count { get; private set; }

        public void Add(ulong unpadded, ulong uncompressed)
        {
            Count++;
            _unpaddedSum = unchecked(_unpaddedSum + unpadded);
            _uncompressedSum = unchecked(_uncompressedSum + uncompressed);
            for (int i = 0; i < 8; i++)
            {
                _record[i] = (byte)(unpadded >> (8 * i));
                _record[8 + i] = (byte)(uncompressed >> (8 * i));
            }
            _crc = Crc64.Update(_crc, _record);
        }

        public bool SameAs(XzIndexHash other) =>
            Count == other.Count && _unpaddedSum == other._unpaddedSum && _uncompressedSum == other._uncompressedSum && _crc == other._crc;
    }

    /// <summary>Reads the Index field of an .xz stream and verifies it against the blocks that were decoded.</summary>
    internal static class XzIndex
    {
        /// <summary>
        /// Reads the Index whose indicator byte (0x00) was read at <paramref name="start"/>; returns its size in bytes.
        /// </summary>
        public static long ReadAndVerify(XzInput input, long start, XzIndexHash blocks)
        {
            var reader = new Reader(input);
            ulong count = reader.Vli();
            if (count != blocks.Count)
                throw Corrupt("the Index lists " + count + " blocks but the stream has " + blocks.Count, start);
            var stored = new XzIndexHash();
            for (ulong i = 0; i < count; i++)
            {
                long at = input.Offset;
                ulong unpadded = reader.Vli();
                ulong uncompressed = reader.Vli();
                if (unpadded == 0 || unpadded > (Vli.Max & ~3UL)) throw Corrupt("an Index record has an invalid Unpadded Size " + unpadded, at);
                stored.Add(unpadded, uncompressed);
            }
            while (reader.Length % 4 != 0)
            {
                long at = input.Offset;
                if (reader.Byte() != 0) throw Corrupt("the Index padding is not zero", at);
            }
            uint crc = reader.Crc;
            var field = new byte[4];
            long crcAt = input.Offset;
            input.ReadExactly(field, 0, 4, "index");
            if (BitConverterLe.UInt32(field, 0) != crc)
                throw new CorruptDataException(IssueKind.ChecksumMismatch, "xz Index CRC32 does not match at byte " + crcAt, crcAt);
            if (!stored.SameAs(blocks))
                throw Corrupt("the Index does not match the sizes of the decoded blocks", start);
            return reader.Length + 4;
        }

        private static CorruptDataException Corrupt(string what, long at) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, "xz data is corrupt: " + what + " (at byte " + at + ")", at);

        private sealed class Reader
        {
            private readonly XzInput _input;
            private readonly byte[] _one = new byte[1];

            public Reader(XzInput input)
            {
                _input = input;
                // The indicator byte (0x00) was read by the caller; it counts toward the size and the CRC32.
                Crc = Crc32.Update(0, new byte[] { 0 });
                Length = 1;
            }

            public uint Crc { get; private set; }
            public long Length { get; private set; }

            public byte Byte()
            {
                byte b = _input.ReadByteOrThrow("index");
                _one[0] = b;
                Crc = Crc32.Update(Crc, _one);
                Length++;
                return b;
            }

            public ulong Vli()
            {
                long at = _input.Offset;
                ulong value = 0;
                for (int i = 0; i < 9; i++)
                {
                    byte b = Byte();
                    value |= (ulong)(b & 0x7F) << (7 * i);
                    if ((b & 0x80) == 0)
                    {
                        if (i > 0 && b == 0) break;
                        return value;
                    }
                }
                throw Corrupt("an Index integer is malformed", at);
            }
        }
    }
}
