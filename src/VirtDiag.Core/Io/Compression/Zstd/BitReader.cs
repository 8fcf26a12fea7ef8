using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>
    /// Reads a zstd backward bit stream (RFC 8878 §4.1): bytes are consumed from the end towards the start, the
    /// highest set bit of the last byte marks the start. Bits live in a 64-bit container refilled by 64-bit loads
    /// (partial loads near the start). Reading past the start yields zeros and sets <see cref="Overflowed"/>;
    /// callers check that at the end, so corrupt input never reads outside the stream.
    /// </summary>
    internal unsafe struct BitReader
    {
        private byte* _start;
        private byte* _ptr;
        private ulong _container;
        private int _consumed;

        /// <summary>
        /// A reader over <paramref name="size"/> bytes at <paramref name="start"/>; <see cref="IsValid"/> is false when the
        /// stream is empty or its last byte is 0 (no start marker). A factory rather than an init method, so that the
        /// JIT can keep the reader's fields in registers.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static BitReader Create(byte* start, int size)
        {
            BitReader r = default;
            if (size < 1 || start[size - 1] == 0) return r;
            byte last = start[size - 1];
            r._start = start;
            if (size >= 8)
            {
                r._ptr = start + size - 8;
                r._container = *(ulong*)r._ptr;
                r._consumed = 0;
            }
            else
            {
                r._ptr = start;
                r._container = LoadPartial(start, size);
                r._consumed = (8 - size) * 8;
            }
            r._consumed += 8 - HighBit(last);
            return r;
        }

        private static ulong LoadPartial(byte* start, int size)
        {
            ulong c = 0;
            for (int i = 0; i < size; i++) c |= (ulong)start[i] << (8 * i);
            return c;
        }

        /// <summary>False for a reader made over an empty stream or one without its start marker.</summary>
        public bool IsValid => _ptr != null;

        /// <summary>Index of the highest set bit (v &gt; 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int HighBit(uint v)
        {
            int n = 0;
            if (v >= 1u << 16) { v >>= 16; n += 16; }
            if (v >= 1u << 8) { v >>= 8; n += 8; }
            if (v >= 1u << 4) { v >>= 4; n += 4; }
            if (v >= 1u << 2) { v >>= 2; n += 2; }
            if (v >= 1u << 1) { n += 1; }
            return n;
        }

        /// <summary>Bits consumed from the container so far (64 + means the start was passed).</summary>
        public int Consumed => _consumed;

        /// <summary>True once more bits were read than the stream holds.</summary>
        public bool Overflowed => _consumed > 64 + (int)(_ptr - _start) * 8;

        /// <summary>True when every bit was read exactly.</summary>
        public bool Finished => _consumed == 64 + (int)(_ptr - _start) * 8;

        /// <summary>The next <paramref name="n"/> bits (0..57 after a reload) without consuming them. Past the start the value is meaningless (but bounded by n bits); <see cref="Overflowed"/> tells.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Peek(int n) => ((_container << _consumed) >> 1) >> (63 - n);

        /// <summary>Consumes <paramref name="n"/> bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Skip(int n) => _consumed += n;

        /// <summary>Reads <paramref name="n"/> bits (0..57 after a reload).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Read(int n)
        {
            ulong v = ((_container << _consumed) >> 1) >> (63 - n);
            _consumed += n;
            return v;
        }

        /// <summary>Refills the container from memory; afterwards at least 57 bits are available unless the start is near.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Reload()
        {
            int bytes = _consumed >> 3;
            int avail = (int)(_ptr - _start);
            if (bytes > avail) bytes = avail;
            if (bytes == 0) return;
            _ptr -= bytes;
            _consumed -= bytes << 3;
            _container = *(ulong*)_ptr;
        }
    }
}
