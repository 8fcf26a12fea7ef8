using System.Collections.Generic;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>One entry of a block's List of Filter Flags.</summary>
    internal readonly struct FilterSpec
    {
        public FilterSpec(ulong id, byte[] properties) { Id = id; Properties = properties; }

        public ulong Id { get; }
        public byte[] Properties { get; }
    }

    /// <summary>The .xz filter IDs this decoder knows.</summary>
    internal static class FilterIds
    {
        public const ulong Delta = 0x03;
        public const ulong X86 = 0x04;
        public const ulong PowerPc = 0x05;
        public const ulong Ia64 = 0x06;
        public const ulong Arm = 0x07;
        public const ulong ArmThumb = 0x08;
        public const ulong Sparc = 0x09;
        public const ulong Arm64 = 0x0A;
        public const ulong Lzma2 = 0x21;

        public static bool IsBcj(ulong id) => id >= X86 && id <= Arm64;

        public static string Name(ulong id) => id switch
        {
            Delta => "Delta", X86 => "x86 BCJ", PowerPc => "PowerPC BCJ", Ia64 => "IA-64 BCJ", Arm => "ARM BCJ",
            ArmThumb => "ARM-Thumb BCJ", Sparc => "SPARC BCJ", Arm64 => "ARM64 BCJ", Lzma2 => "LZMA2",
            _ => "filter 0x" + id.ToString("X"),
        };
    }

    /// <summary>Variable-length integers of the .xz format: 7 bits a byte, at most 9 bytes, minimal encoding.</summary>
    internal static class Vli
    {
        public const ulong Max = ulong.MaxValue / 2;

        /// <summary>Decodes a VLI from <paramref name="buffer"/>; false when it runs past <paramref name="end"/> or is malformed.</summary>
        public static bool TryRead(byte[] buffer, ref int pos, int end, out ulong value)
        {
            value = 0;
            for (int i = 0; i < 9; i++)
            {
                if (pos >= end) return false;
                byte b = buffer[pos++];
                value |= (ulong)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return i == 0 || b != 0;
            }
            return false;
        }
    }

    /// <summary>A parsed and checked .xz Block Header.</summary>
    internal sealed class BlockHeader
    {
        private BlockHeader(int size, ulong? compressedSize, ulong? uncompressedSize, IReadOnlyList<FilterSpec> filters)
        {
            Size = size;
            CompressedSize = compressedSize;
            UncompressedSize = uncompressedSize;
            Filters = filters;
        }

        /// <summary>Bytes of the header, size byte and CRC32 included.</summary>
        public int Size { get; }
        public ulong? CompressedSize { get; }
        public ulong? UncompressedSize { get; }
        /// <summary>Filters in encoding order; the last one is LZMA2.</summary>
        public IReadOnlyList<FilterSpec> Filters { get; }

        /// <summary>Reads the rest of a block header whose first (size) byte <paramref name="sizeByte"/> was already read at <paramref name="start"/>.</summary>
        public static BlockHeader Read(XzInput input, byte sizeByte, long start, int checkSize)
        {
            int size = (sizeByte + 1) * 4;
            var h = new byte[size];
            h[0] = sizeByte;
            input.ReadExactly(h, 1, size - 1, "block header");
            int bodyEnd = size - 4;
            if (Crc32.Compute(new System.ReadOnlySpan<byte>(h, 0, bodyEnd)) != BitConverterLe.UInt32(h, bodyEnd))
                throw new CorruptDataException(IssueKind.ChecksumMismatch, "xz block header CRC32 does not match at byte " + start, start);

            byte flags = h[1];
            if ((flags & 0x3C) != 0)
                throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz block header uses reserved flags 0x" + flags.ToString("X2") + " at byte " + start, start);
            int pos = 2;
            ulong? compressed = null, uncompressed = null;
            if ((flags & 0x40) != 0)
            {
                if (!Vli.TryRead(h, ref pos, bodyEnd, out ulong c)) throw Corrupt("its Compressed Size is malformed", start);
                if (c == 0) throw Corrupt("its Compressed Size is zero", start);
                // The whole block (header, data, check) must stay below 2^63 bytes.
                if (c > (Vli.Max & ~3UL) - (ulong)size - (ulong)checkSize) throw Corrupt("its Compressed Size is too large", start);
                compressed = c;
            }
            if ((flags & 0x80) != 0)
            {
                if (!Vli.TryRead(h, ref pos, bodyEnd, out ulong u)) throw Corrupt("its Uncompressed Size is malformed", start);
                uncompressed = u;
            }

            int count = (flags & 3) + 1;
            var filters = new List<FilterSpec>(count);
            for (int i = 0; i < count; i++)
            {
                if (!Vli.TryRead(h, ref pos, bodyEnd, out ulong id)) throw Corrupt("its filter flags are malformed", start);
                if (!Vli.TryRead(h, ref pos, bodyEnd, out ulong propSize)) throw Corrupt("its filter flags are malformed", start);
                if (propSize > (ulong)(bodyEnd - pos)) throw Corrupt("its filter properties run past the header", start);
                var props = new byte[(int)propSize];
                System.Array.Copy(h, pos, props, 0, props.Length);
                pos += props.Length;
                filters.Add(new FilterSpec(id, props));
            }
            for (; pos < bodyEnd; pos++)
            {
                if (h[pos] != 0)
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz block header has data in its padding (a newer format feature?) at byte " + start, start);
            }

            for (int i = 0; i < filters.Count; i++)
            {
                ulong id = filters[i].Id;
                bool last = i == filters.Count - 1;
                if (id == FilterIds.Lzma2 && !last)
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz filter chain has LZMA2 before its end at byte " + start, start);
                if (id != FilterIds.Lzma2 && last)
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz filter chain ends in " + FilterIds.Name(id) + " instead of LZMA2 at byte " + start, start);
                if (id != FilterIds.Lzma2 && id != FilterIds.Delta && !FilterIds.IsBcj(id))
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz " + FilterIds.Name(id) + " is not supported (at byte " + start + ")", start);
                int expected = id == FilterIds.Lzma2 || id == FilterIds.Delta ? 1 : -1;
                int got = filters[i].Properties.Length;
                if (expected == 1 ? got != 1 : got != 0 && got != 4)
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz " + FilterIds.Name(id) + " has " + got + " property bytes at byte " + start, start);
            }
            return new BlockHeader(size, compressed, uncompressed, filters);
        }

        private static CorruptDataException Corrupt(string what, long start) =>
            new CorruptDataException(IssueKind.ArchiveCorrupt, "xz block header at byte " + start + " is corrupt: " + what, start);
    }
}
