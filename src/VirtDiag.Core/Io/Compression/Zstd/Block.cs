namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// Decodes the content of compressed blocks (RFC 8878 §3.1.1.3): a literals section followed by a sequences
    /// section. Keeps what carries over between the blocks of a frame (Huffman tree, FSE tables, repeat offsets).
    /// </summary>
    internal sealed unsafe class BlockDecoder
    {
        private readonly LiteralsDecoder _literals = new LiteralsDecoder();
        private readonly SequencesDecoder _sequences = new SequencesDecoder();

        public BlockDecoder() => Reset();

        /// <summary>A new frame starts.</summary>
        public void Reset()
        {
            _literals.Reset();
            _sequences.Reset();
        }

        /// <summary>
        /// Decodes the compressed block at <paramref name="src"/> into <paramref name="op"/>. Matches may reach back to
        /// <paramref name="history"/>; output must end by <paramref name="limit"/>; the memory up to
        /// <paramref name="physicalEnd"/> may be scribbled on. <paramref name="limitIsDestination"/> says an overflow means
        /// the caller's destination is too small (LimitExceeded) rather than corrupt data. Returns the number of bytes produced.
        /// </summary>
        public int DecodeCompressed(byte* src, int size, byte* history, byte* op, byte* limit, byte* physicalEnd, int blockMax, bool limitIsDestination, long offset)
        {
            _sequences.LimitIsDestination = limitIsDestination;
            _literals.Reserve(blockMax);
            fixed (byte* lit = _literals.Buffer)
            {
                int used = _literals.Decode(src, size, lit, blockMax, offset, out int litCount);
                byte* end = _sequences.Execute(src + used, size - used, lit, litCount, history, op, limit, physicalEnd, offset + used);
                return (int)(end - op);
            }
        }
    }
}
