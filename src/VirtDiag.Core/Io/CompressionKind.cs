namespace VirtDiag
{
    /// <summary>A compression wrapper around a document.</summary>
    public enum CompressionKind
    {
        /// <summary>Plain bytes.</summary>
        None,
        /// <summary>gzip (RFC 1952), one or more members.</summary>
        Gzip,
        /// <summary>xz (.xz container, LZMA2).</summary>
        Xz,
        /// <summary>Zstandard (RFC 8878).</summary>
        Zstd,
        /// <summary>bzip2 (recognised, not decoded).</summary>
        Bzip2,
        /// <summary>Legacy .lzma (LZMA_Alone): no magic bytes, recognised by name and a header that fits.</summary>
        Lzma,
        /// <summary>zlib (RFC 1950): never a file's wrapper here, the compression of trace.dat chunks.</summary>
        Zlib,
    }
}
