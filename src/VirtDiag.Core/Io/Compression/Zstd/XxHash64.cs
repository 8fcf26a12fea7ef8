using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>Streaming XXH64 with seed 0: zstd's content checksum is its lower 32 bits (RFC 8878 §3.1.1).</summary>
    internal unsafe sealed class XxHash64
    {
        private const ulong P1 = 11400714785074694791UL;
        private const ulong P2 = 14029467366897019727UL;
        private const ulong P3 = 1609587929392839161UL;
        private const ulong P4 = 9650029242287828579UL;
        private const ulong P5 = 2870177450012600261UL;

        private ulong _v1, _v2, _v3, _v4;
        private long _total;
        private readonly byte[] _pending = new byte[32];
        private int _pendingCount;

        public XxHash64() => Reset();

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            _v1 = unchecked(P1 + P2);
            _v2 = P2;
            _v3 = 0;
            _v4 = unchecked(0 - P1);
            _total = 0;
            _pendingCount = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Round(ulong acc, ulong input)
        {
            unchecked
            {
                acc += input * P2;
                acc = (acc << 31) | (acc >> 33);
                return acc * P1;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Merge(ulong acc, ulong v)
        {
            unchecked
            {
                acc ^= Round(0, v);
                return acc * P1 + P4;
            }
        }

        /// <summary>Adds <paramref name="length"/> bytes at <paramref name="p"/>.</summary>
        [MethodImpl(ZstdConstants.HotPath)]
        public void Update(byte* p, int length)
        {
            _total += length;
            if (_pendingCount + length < 32)
            {
                for (int i = 0; i < length; i++) _pending[_pendingCount + i] = p[i];
                _pendingCount += length;
                return;
            }
            if (_pendingCount > 0)
            {
                int fill = 32 - _pendingCount;
                for (int i = 0; i < fill; i++) _pending[_pendingCount + i] = p[i];
                p += fill;
                length -= fill;
                fixed (byte* q = _pending) Stripes(q, 32);
                _pendingCount = 0;
            }
            int whole = length & ~31;
            if (whole > 0) Stripes(p, whole);
            for (int i = whole; i < length; i++) _pending[_pendingCount++] = p[i];
        }

        [MethodImpl(ZstdConstants.HotPath)]
        private void Stripes(byte* p, int length)
        {
            ulong v1 = _v1, v2 = _v2, v3 = _v3, v4 = _v4;
            byte* end = p + length;
            while (p < end)
            {
                v1 = Round(v1, *(ulong*)p);
                v2 = Round(v2, *(ulong*)(p + 8));
                v3 = Round(v3, *(ulong*)(p + 16));
                v4 = Round(v4, *(ulong*)(p + 24));
                p += 32;
            }
            _v1 = v1; _v2 = v2; _v3 = v3; _v4 = v4;
        }

        /// <summary>The hash of everything added since <see cref="Reset"/>.</summary>
        public ulong Digest()
        {
            unchecked
            {
                ulong h;
                if (_total >= 32)
                {
                    h = ((_v1 << 1) | (_v1 >> 63)) + ((_v2 << 7) | (_v2 >> 57)) + ((_v3 << 12) | (_v3 >> 52)) + ((_v4 << 18) | (_v4 >> 46));
                    h = Merge(h, _v1);
                    h = Merge(h, _v2);
                    h = Merge(h, _v3);
                    h = Merge(h, _v4);
                }
                else
                {
                    h = P5;
                }
                h += (ulong)_total;
                fixed (byte* b = _pending)
                {
                    byte* p = b;
                    byte* end = b + _pendingCount;
                    while (p + 8 <= end)
                    {
                        h ^= Round(0, *(ulong*)p);
                        h = ((h << 27) | (h >> 37)) * P1 + P4;
                        p += 8;
                    }
                    if (p + 4 <= end)
                    {
                        h ^= *(uint*)p * P1;
                        h = ((h << 23) | (h >> 41)) * P2 + P3;
                        p += 4;
                    }
                    while (p < end)
                    {
                        h ^= *p * P5;
                        h = ((h << 11) | (h >> 53)) * P1;
                        p++;
                    }
                }
                h ^= h >> 33;
                h *= P2;
                h ^= h >> 29;
                h *= P3;
                h ^= h >> 32;
                return h;
            }
        }
    }
}
