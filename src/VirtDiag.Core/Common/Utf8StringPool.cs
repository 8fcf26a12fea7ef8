using System;
using System.Text;

namespace VirtDiag.Common
{
    /// <summary>
    /// Interns short UTF-8 values that repeat on every line (thread, logger, module names) so each distinct value
    /// becomes one string: an open-addressing table keyed by the bytes; once full it simply makes new strings.
    /// </summary>
    internal sealed class Utf8StringPool
    {
        private const int Size = 8192;           // power of two
        private const int MaxEntries = Size / 2; // keep probes short
        private const int MaxValueLength = 128;
        private readonly byte[]?[] _keys = new byte[]?[Size];
        private readonly string?[] _values = new string?[Size];
        private int _count;

        public string Get(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0) return string.Empty;
            if (bytes.Length > MaxValueLength) return Utf8Text.Decode(bytes);
            uint h = 2166136261;
            for (int i = 0; i < bytes.Length; i++) h = (h ^ bytes[i]) * 16777619;
            int slot = (int)(h & (Size - 1));
            while (true)
            {
                byte[]? key = _keys[slot];
                if (key == null) break;
                if (bytes.SequenceEqual(key)) return _values[slot]!;
                slot = (slot + 1) & (Size - 1);
            }
            string s = Utf8Text.Decode(bytes);
            if (_count < MaxEntries)
            {
                _keys[slot] = bytes.ToArray();
                _values[slot] = s;
                _count++;
            }
            return s;
        }
    }

    /// <summary>UTF-8 bytes of a line as a string, without a copy of the span first.</summary>
    internal static class Utf8Text
    {
        /// <summary>The string of <paramref name="bytes"/> (invalid sequences become U+FFFD).</summary>
        public static unsafe string Decode(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return string.Empty;
            fixed (byte* p = bytes) return Encoding.UTF8.GetString(p, bytes.Length);
        }
    }
}
