using System;
using System.Security.Cryptography;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320) computed slicing-by-8.</summary>
    internal static class Crc32
    {
        private static readonly uint[] s_table = BuildTable();

        private static uint[] BuildTable()
        {
            var t = new uint[8 * 256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            for (int i = 0; i < 256; i++)
                for (int s = 1; s < 8; s++) t[s * 256 + i] = (t[(s - 1) * 256 + i] >> 8) ^ t[t[(s - 1) * 256 + i] & 0xFF];
            return t;
        }

        /// <summary>CRC-32 of <paramref name="data"/>.</summary>
        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

        /// <summary>Continues a CRC-32 (pass the previous result, 0 to start).</summary>
        public static unsafe uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            crc = ~crc;
            fixed (uint* t = s_table)
            fixed (byte* start = data)
            {
                byte* p = start;
                byte* end = start + data.Length;
                while (end - p >= 8)
                {
                    uint a = (uint)(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24) ^ crc;
                    uint b = (uint)(p[4] | p[5] << 8 | p[6] << 16 | p[7] << 24);
                    crc = t[7 * 256 + (a & 0xFF)] ^ t[6 * 256 + ((a >> 8) & 0xFF)] ^ t[5 * 256 + ((a >> 16) & 0xFF)] ^ t[4 * 256 + (a >> 24)]
                        ^ t[3 * 256 + (b & 0xFF)] ^ t[2 * 256 + ((b >> 8) & 0xFF)] ^ t[256 + ((b >> 16) & 0xFF)] ^ t[b >> 24];
                    p += 8;
                }
                while (p < end) crc = t[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }
    }

    /// <summary>CRC-64 as .xz uses it (ECMA-182 polynomial, reflected 0xC96C5795D7870F42), table-driven slicing-by-8.</summary>
    internal static class Crc64
    {
        private static readonly ulong[] s_table = BuildTable();

        private static ulong[] BuildTable()
        {
            var t = new ulong[8 * 256];
            for (ulong i = 0; i < 256; i++)
            {
                ulong c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xC96C5795D7870F42UL ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            for (int i = 0; i < 256; i++)
                for (int s = 1; s < 8; s++) t[s * 256 + i] = (t[(s - 1) * 256 + i] >> 8) ^ t[t[(s - 1) * 256 + i] & 0xFF];
            return t;
        }

        /// <summary>Continues a CRC-64 (pass the previous result, 0 to start).</summary>
        public static unsafe ulong Update(ulong crc, ReadOnlySpan<byte> data)
        {
            crc = ~crc;
            fixed (ulong* t = s_table)
            fixed (byte* start = data)
            {
                byte* p = start;
                byte* end = start + data.Length;
                while (end - p >= 8)
                {
                    ulong v = crc ^ ((ulong)(uint)(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24) | (ulong)(uint)(p[4] | p[5] << 8 | p[6] << 16 | p[7] << 24) << 32);
                    crc = t[7 * 256 + (v & 0xFF)] ^ t[6 * 256 + ((v >> 8) & 0xFF)] ^ t[5 * 256 + ((v >> 16) & 0xFF)] ^ t[4 * 256 + ((v >> 24) & 0xFF)]
                        ^ t[3 * 256 + ((v >> 32) & 0xFF)] ^ t[2 * 256 + ((v >> 40) & 0xFF)] ^ t[256 + ((v >> 48) & 0xFF)] ^ t[v >> 56];
                    p += 8;
                }
                while (p < end) crc = t[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }
    }

    /// <summary>
    /// The integrity check of one .xz block over its uncompressed data: none, CRC32, CRC64 or SHA-256 are verified;
    /// the other IDs the format reserves have a known size and are skipped unverified.
    /// </summary>
    internal sealed class XzCheck : IDisposable
    {
        private readonly IncrementalHash? _sha256;
        private uint _crc32;
        private ulong _crc64;

        public XzCheck(int id)
        {
            Id = id;
            Size = SizeOf(id);
            if (id == 10) _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        /// <summary>The check ID from the stream flags (0-15).</summary>
        public int Id { get; }

        /// <summary>Bytes of the check field.</summary>
        public int Size { get; }

        /// <summary>True for the IDs this decoder verifies (0, 1, 4, 10).</summary>
        public bool IsSupported => IsKnown(Id);

        /// <summary>Name used in messages.</summary>
        public string Name => Id switch { 0 => "none", 1 => "CRC32", 4 => "CRC64", 10 => "SHA-256", _ => "check ID " + Id };

        public static bool IsKnown(int id) => id == 0 || id == 1 || id == 4 || id == 10;

        public static int SizeOf(int id) => id == 0 ? 0 : 4 << ((id - 1) / 3);

        /// <summary>Starts a new block.</summary>
        public void Reset()
        {
            _crc32 = 0;
            _crc64 = 0;
            if (_sha256 != null) _sha256.GetHashAndReset();
        }

        public void Update(byte[] data, int offset, int count)
        {
            switch (Id)
            {
                case 1: _crc32 = Crc32.Update(_crc32, new ReadOnlySpan<byte>(data, offset, count)); break;
                case 4: _crc64 = Crc64.Update(_crc64, new ReadOnlySpan<byte>(data, offset, count)); break;
                case 10: _sha256!.AppendData(data, offset, count); break;
            }
        }

        /// <summary>Compares the stored check field with the computed value; unsupported IDs always match.</summary>
        public bool Matches(byte[] stored)
        {
            switch (Id)
            {
                case 1: return BitConverterLe.UInt32(stored, 0) == _crc32;
                case 4: return ((ulong)BitConverterLe.UInt32(stored, 4) << 32 | BitConverterLe.UInt32(stored, 0)) == _crc64;
                case 10:
                    byte[] h = _sha256!.GetHashAndReset();
                    for (int i = 0; i < 32; i++) if (h[i] != stored[i]) return false;
                    return true;
                default:
                    return true;
            }
        }

        public void Dispose() => _sha256?.Dispose();
    }

    internal static class BitConverterLe
    {
        public static uint UInt32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    }
}
