using System;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// One-shot Zstandard decompression (RFC 8878) of data held in memory, e.g. one compressed chunk of a trace.dat
    /// v7 file whose uncompressed size is known. Frames may be concatenated; skippable frames are skipped.
    /// For streams use <see cref="ZstdDecoderStream"/>.
    /// </summary>
    public static class ZstdDecoder
    {
        [ThreadStatic]
        private static BlockDecoder? t_decoder;

        [ThreadStatic]
        private static XxHash64? t_hash;

        /// <summary>
        /// Decompresses all frames in <paramref name="source"/> into <paramref name="destination"/> and returns the number
        /// of bytes written. Faults throw <see cref="CorruptDataException"/>; the bytes decoded before the fault are in
        /// <paramref name="destination"/> (use <see cref="TryDecompress"/> to learn how many).
        /// </summary>
        public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            if (!TryDecompress(source, destination, out int written, out CorruptDataException? error)) throw error!;
            return written;
        }

        /// <summary>
        /// Decompresses all frames in <paramref name="source"/> into <paramref name="destination"/>. Returns false with
        /// the fault in <paramref name="error"/> for corrupt, truncated or unsupported data, or when the output does not
        /// fit; <paramref name="written"/> then counts the bytes delivered before the fault (whole blocks).
        /// </summary>
        public static unsafe bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written, out CorruptDataException? error)
        {
            written = 0;
            error = null;
            // Decoder state (literal buffer, tables) is reused per thread: callers such as the trace.dat reader
            // decompress thousands of small chunks.
            BlockDecoder decoder = t_decoder ??= new BlockDecoder();
            XxHash64 hash = t_hash ??= new XxHash64();
            fixed (byte* src = source)
            fixed (byte* dst = destination)
            {
                int pos = 0;
                int outPos = 0;
                byte* dstEnd = dst + destination.Length;
                try
                {
                    while (pos < source.Length)
                    {
                        if (source.Length - pos < Frame.MagicSize) throw ZstdFault.Truncated("frame magic number is cut off", pos);
                        uint magic = Frame.Read32(source, pos);
                        if (Frame.IsSkippable(magic))
                        {
                            if (source.Length - pos < 8) throw ZstdFault.Truncated("skippable frame header is cut off", pos);
                            uint skip = Frame.Read32(source, pos + 4);
                            if (skip > (uint)(source.Length - pos - 8)) throw ZstdFault.Truncated("skippable frame is cut off", pos);
                            pos += 8 + (int)skip;
                            continue;
                        }
                        if (magic != ZstdConstants.FrameMagic) throw ZstdFault.Corrupt("not a zstd frame (magic " + magic.ToString("X8") + ")", pos);
                        long frameOffset = pos;
                        pos += Frame.MagicSize;
                        if (pos >= source.Length) throw ZstdFault.Truncated("frame header is cut off", pos);
                        int headerSize = Frame.HeaderSize(source[pos]);
                        if (source.Length - pos < headerSize) throw ZstdFault.Truncated("frame header is cut off", pos);
                        FrameHeader header = Frame.ParseHeader(source.Slice(pos, headerSize), long.MaxValue, pos);
                        pos += headerSize;
                        if (header.ContentSize > destination.Length - outPos)
                            throw ZstdFault.Limit("frame content of " + header.ContentSize + " bytes does not fit the " + (destination.Length - outPos) + " bytes left in the destination", frameOffset);
                        decoder.Reset();
                        if (header.HasChecksum) hash.Reset();
                        int blockMax = header.BlockMaximum;
                        int frameStart = outPos;
                        bool last;
                        do
                        {
                            if (source.Length - pos < Frame.BlockHeaderSize) throw ZstdFault.Truncated("block header is cut off", pos);
                            Frame.ParseBlockHeader(source.Slice(pos, 3), out last, out Frame.BlockType type, out int size);
                            long blockOffset = pos;
                            int content = Frame.CheckBlock(type, size, blockMax, blockOffset);
                            pos += Frame.BlockHeaderSize;
                            int available = source.Length - pos;
                            int room = destination.Length - outPos;
                            int produced;
                            if (type == Frame.BlockType.Raw)
                            {
                                int n = Math.Min(Math.Min(size, available), room);
                                Buffer.MemoryCopy(src + pos, dst + outPos, n, n);
                                if (header.HasChecksum) hash.Update(dst + outPos, n);
                                outPos += n;
                                written = outPos;
                                if (n < size)
                                {
                                    if (n == available) throw ZstdFault.Truncated("raw block is cut off", pos + n);
                                    throw ZstdFault.Limit("decompressed data is larger than the destination", pos + n);
                                }
                                produced = size;
                            }
                            else
                            {
                                if (available < content) throw ZstdFault.Truncated((type == Frame.BlockType.Rle ? "RLE" : "compressed") + " block is cut off", blockOffset);
                                if (type == Frame.BlockType.Rle)
                                {
                                    if (size > room) throw ZstdFault.Limit("decompressed data is larger than the destination", blockOffset);
                                    new Span<byte>(dst + outPos, size).Fill(src[pos]);
                                    produced = size;
                                }
                                else
                                {
                                    byte* op = dst + outPos;
                                    byte* limit = room > blockMax ? op + blockMax : dstEnd;
                                    produced = decoder.DecodeCompressed(src + pos, size, dst + frameStart, op, limit, dstEnd, blockMax, room <= blockMax, pos);
                                }
                                if (header.HasChecksum) hash.Update(dst + outPos, produced);
                                outPos += produced;
                                written = outPos;
                            }
                            pos += content;
                            if (header.ContentSize >= 0 && outPos - frameStart > header.ContentSize)
                                throw ZstdFault.Corrupt("frame holds more than its declared content size " + header.ContentSize, blockOffset);
                        } while (!last);
                        if (header.ContentSize >= 0 && outPos - frameStart != header.ContentSize)
                            throw ZstdFault.Corrupt("frame holds " + (outPos - frameStart) + " bytes, its header says " + header.ContentSize, pos);
                        if (header.HasChecksum)
                        {
                            if (source.Length - pos < Frame.ChecksumSize) throw ZstdFault.Truncated("content checksum is cut off", pos);
                            uint expected = Frame.Read32(source, pos);
                            uint actual = (uint)hash.Digest();
                            if (expected != actual) throw ZstdFault.Checksum("frame content hashes to " + actual.ToString("X8") + ", the frame says " + expected.ToString("X8"), pos);
                            pos += Frame.ChecksumSize;
                        }
                    }
                    written = outPos;
                    return true;
                }
                catch (CorruptDataException e)
                {
                    error = e;
                    return false;
                }
            }
        }

        /// <summary>
        /// The content size declared by the first frame header in <paramref name="source"/>, or -1 when it is not
        /// declared or <paramref name="source"/> does not start with a complete zstd frame header.
        /// </summary>
        public static long GetFrameContentSize(ReadOnlySpan<byte> source)
        {
            if (source.Length < 5 || Frame.Read32(source, 0) != ZstdConstants.FrameMagic) return -1;
            int headerSize = Frame.HeaderSize(source[4]);
            if (source.Length < 4 + headerSize) return -1;
            try
            {
                return Frame.ParseHeader(source.Slice(4, headerSize), long.MaxValue, 4).ContentSize;
            }
            catch (CorruptDataException)
            {
                return -1;
            }
        }
    }
}
