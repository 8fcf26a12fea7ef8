using System.Runtime.CompilerServices;

namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>Format constants of RFC 8878.</summary>
    internal static class ZstdConstants
    {
        /// <summary>Magic number of a zstd frame (little-endian 28 B5 2F FD).</summary>
        public const uint FrameMagic = 0xFD2FB528;

        /// <summary>Skippable frames use magic numbers 0x184D2A50..0x184D2A5F.</summary>
        public const uint SkippableMagicMask = 0xFFFFFFF0;

        /// <summary>The masked value of a skippable frame's magic number.</summary>
        public const uint SkippableMagic = 0x184D2A50;

        /// <summary>Largest block content: 128 KiB.</summary>
        public const int MaxBlockSize = 128 * 1024;

        /// <summary>
        /// Hot decoding loops are compiled fully optimised at once (MethodImplOptions.AggressiveOptimization, 512, is not
        /// in netstandard2.0's enum but honoured by .NET Core 3+): tiered compilation would run a whole chunk through
        /// unoptimised code first.
        /// </summary>
        public const MethodImplOptions HotPath = (MethodImplOptions)512;

        /// <summary>Smallest window the format allows: 1 KiB.</summary>
        public const int MinWindowSize = 1024;
    }
}
