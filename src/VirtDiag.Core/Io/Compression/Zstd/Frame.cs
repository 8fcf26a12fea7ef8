using System;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>A parsed zstd frame header (RFC 8878 §3.1.1.1).</summary>
    internal readonly struct FrameHeader
    {
        public FrameHeader(bool singleSegment, bool hasChecksum, uint dictionaryId, long contentSize, long windowSize)
        {
            SingleSegment = singleSegment;
            HasChecksum = hasChecksum;
            DictionaryId = dictionaryId;
            ContentSize = contentSize;
            WindowSize = windowSize;
        }

        public bool SingleSegment { get; }
        public bool HasChecksum { get; }
        public uint DictionaryId { get; }

        /// <summary>Decompressed size of the frame, or -1 when the header does not say.</summary>
        public long ContentSize { get; }

        /// <summary>How far back matches may reach.</summary>
        public long WindowSize { get; }

        /// <summary>Largest block content this frame may use.</summary>
        public int BlockMaximum => (int)Math.Min(WindowSize, ZstdConstants.MaxBlockSize);
    }

    /// <summary>Frame-level parsing: magic numbers, the frame header, block headers and the frame's checks.</summary>
    internal static class Frame
    {
        public const int MagicSize = 4;
        public const int BlockHeaderSize = 3;
        public const int ChecksumSize = 4;

        /// <summary>Little-endian 32-bit value at <paramref name="i"/>.</summary>
        public static uint Read32(ReadOnlySpan<byte> s, int i) => (uint)(s[i] | (s[i + 1] << 8) | (s[i + 2] << 16) | (s[i + 3] << 24));

        /// <summary>True for the 16 magic numbers of skippable frames.</summary>
        public static bool IsSkippable(uint magic) => (magic & ZstdConstants.SkippableMagicMask) == ZstdConstants.SkippableMagic;

        /// <summary>Size of the frame header (descriptor byte included, magic excluded) announced by its descriptor byte.</summary>
        public static int HeaderSize(byte descriptor)
        {
            int fcsFlag = descriptor >> 6;
            bool single = (descriptor & 0x20) != 0;
            int dictFlag = descriptor & 3;
            int size = 1 + (single ? 0 : 1);
            size += dictFlag == 3 ? 4 : dictFlag;
            size += fcsFlag == 0 ? (single ? 1 : 0) : 1 << fcsFlag;
            return size;
        }

        /// <summary>
        /// Parses a frame header (from the descriptor byte on). <paramref name="offset"/> is where it starts in the
        /// compressed input. Windows larger than <paramref name="maxWindow"/> are refused before anything is allocated.
        /// </summary>
        public static FrameHeader ParseHeader(ReadOnlySpan<byte> h, long maxWindow, long offset)
        {
            byte d = h[0];
            if ((d & 0x08) != 0) throw ZstdFault.Corrupt("frame header reserved bit is set", offset);
            int fcsFlag = d >> 6;
            bool single = (d & 0x20) != 0;
            bool checksum = (d & 0x04) != 0;
            int dictFlag = d & 3;
            int pos = 1;
            long window = -1;
            if (!single)
            {
                int w = h[pos++];
                int exponent = w >> 3;
                int mantissa = w & 7;
                long windowBase = 1L << (10 + exponent);
                window = windowBase + (windowBase / 8) * mantissa;
            }
            uint dict = 0;
            int dictBytes = dictFlag == 3 ? 4 : dictFlag;
            for (int i = 0; i < dictBytes; i++) dict |= (uint)h[pos++] << (8 * i);
            long fcs = -1;
            int fcsBytes = fcsFlag == 0 ? (single ? 1 : 0) : 1 << fcsFlag;
            if (fcsBytes > 0)
            {
                ulong v = 0;
                for (int i = 0; i < fcsBytes; i++) v |= (ulong)h[pos++] << (8 * i);
                if (fcsBytes == 2) v += 256;
                if (v > long.MaxValue) throw ZstdFault.Limit("frame content size " + v + " is too large", offset);
                fcs = (long)v;
            }
            if (dict != 0) throw ZstdFault.Unsupported("frame needs dictionary " + dict + " (dictionaries are not supported)", offset);
            if (single) window = fcs;
            if (window > maxWindow)
                throw ZstdFault.Limit("frame window of " + window + " bytes exceeds the limit of " + maxWindow + " bytes (ReadContext.MaxDictionarySize)", offset);
            return new FrameHeader(single, checksum, dict, fcs, window);
        }

        /// <summary>Block type from a block header.</summary>
        public enum BlockType
        {
            Raw = 0,
            Rle = 1,
            Compressed = 2,
            Reserved = 3,
        }

        /// <summary>Splits a 3-byte block header.</summary>
        public static void ParseBlockHeader(ReadOnlySpan<byte> b, out bool last, out BlockType type, out int size)
        {
            int v = b[0] | (b[1] << 8) | (b[2] << 16);
            last = (v & 1) != 0;
            type = (BlockType)((v >> 1) & 3);
            size = v >> 3;
        }

        /// <summary>Checks a block header against the frame; returns the bytes of block content to read.</summary>
        public static int CheckBlock(BlockType type, int size, int blockMax, long offset)
        {
            if (type == BlockType.Reserved) throw ZstdFault.Corrupt("block type 3 is reserved", offset);
            if (size > blockMax) throw ZstdFault.Corrupt("block of " + size + " bytes exceeds the frame's block maximum " + blockMax, offset);
            return type == BlockType.Rle ? 1 : size;
        }
    }
}
