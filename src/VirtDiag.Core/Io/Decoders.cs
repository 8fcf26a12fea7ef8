using System;
using System.IO;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>Recognises compressed data and wraps it in the matching decoder stream.</summary>
    public static class Decoders
    {
        /// <summary>Names the compression from the first bytes of the data (magic numbers win over names).</summary>
        public static CompressionKind Detect(ReadOnlySpan<byte> head)
        {
            if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B) return CompressionKind.Gzip;
            if (head.Length >= 6 && head[0] == 0xFD && head[1] == (byte)'7' && head[2] == (byte)'z' && head[3] == (byte)'X' && head[4] == (byte)'Z' && head[5] == 0) return CompressionKind.Xz;
            if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD) return CompressionKind.Zstd;
            if (head.Length >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h') return CompressionKind.Bzip2;
            return CompressionKind.None;
        }

        /// <summary>Names the compression from a file name's extension.</summary>
        public static CompressionKind FromName(string name)
        {
            string n = name.ToLowerInvariant();
            if (n.EndsWith(".gz", StringComparison.Ordinal) || n.EndsWith(".tgz", StringComparison.Ordinal)) return CompressionKind.Gzip;
            if (n.EndsWith(".xz", StringComparison.Ordinal) || n.EndsWith(".txz", StringComparison.Ordinal)) return CompressionKind.Xz;
            if (n.EndsWith(".zst", StringComparison.Ordinal) || n.EndsWith(".tzst", StringComparison.Ordinal)) return CompressionKind.Zstd;
            if (n.EndsWith(".bz2", StringComparison.Ordinal) || n.EndsWith(".tbz2", StringComparison.Ordinal)) return CompressionKind.Bzip2;
            if (n.EndsWith(".lzma", StringComparison.Ordinal)) return CompressionKind.Lzma;
            return CompressionKind.None;
        }

        /// <summary>
        /// Wraps <paramref name="compressed"/> in a decoder for <paramref name="kind"/>. Decoder faults surface as
        /// <see cref="CorruptDataException"/> from <c>Read</c>, after every byte before the fault was returned.
        /// </summary>
        public static Stream Open(Stream compressed, CompressionKind kind, ReadContext context)
        {
            switch (kind)
            {
                case CompressionKind.None:
                    return compressed;
                case CompressionKind.Gzip:
                    return new GzipDecoderStream(compressed);
                case CompressionKind.Zlib:
                    return new GzipDecoderStream(compressed, zlib: true);
                case CompressionKind.Xz:
                    return new VirtDiag.Io.Compression.Xz.XzDecoderStream(compressed, context);
                case CompressionKind.Lzma:
                    return new VirtDiag.Io.Compression.Xz.LzmaAloneDecoderStream(compressed, context);
                case CompressionKind.Zstd:
                    return new VirtDiag.Io.Compression.Zstd.ZstdDecoderStream(compressed, context);
                default:
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, kind + " data is recognised but not decoded by this version", 0);
            }
        }
    }

    /// <summary>
    /// gzip through SharpZipLib's inflater: unlike System.IO.Compression.GZipStream it reads every member on
    /// .NET Framework too, verifies each member's CRC-32 and size, and fails on a truncated member instead of
    /// ending quietly. Its faults are turned into <see cref="CorruptDataException"/> with the compressed offset.
    /// The same for zlib (RFC 1950, trace.dat chunks): header checked, Adler-32 verified.
    /// </summary>
    internal sealed class GzipDecoderStream : Stream
    {
        private readonly CountingStream _counted;
        private readonly InflaterInputStream _gzip;
        private readonly string _format;
        private long _produced;

        public GzipDecoderStream(Stream compressed, bool zlib = false)
        {
            _counted = new CountingStream(compressed);
            _format = zlib ? "zlib" : "gzip";
            _gzip = zlib
                ? new InflaterInputStream(_counted, new Inflater(false), 64 * 1024) { IsStreamOwner = true }
                : new GZipInputStream(_counted, 64 * 1024) { IsStreamOwner = true };
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        // SharpZipLib's inflater drops what it inflated in a Read call when the input ends inside it: asking for a few KiB
        // at a time keeps that loss under 2 KiB (a few lines), and a fault after some output is held until that output is taken.
        private const int Chunk = 2 * 1024;
        private CorruptDataException? _pending;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pending != null)
            {
                CorruptDataException p = _pending;
                _pending = null;
                throw p;
            }
            int total = 0;
            while (total < count)
            {
                int n;
                try
                {
                    n = ReadChunk(buffer, offset + total, Math.Min(Chunk, count - total));
                }
                catch (CorruptDataException e) when (total > 0)
                {
                    _pending = e;
                    break;
                }
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        private int ReadChunk(byte[] buffer, int offset, int count)
        {
            try
            {
                int n = _gzip.Read(buffer, offset, count);
                _produced += n;
                return n;
            }
            catch (GZipException e)
            {
                throw Translate(e);
            }
            catch (SharpZipBaseException e)
            {
                throw Translate(e);
            }
            catch (EndOfStreamException e)
            {
                throw new CorruptDataException(IssueKind.ArchiveTruncated, _format + " data ends early (" + e.Message + ") after " + _produced + " decompressed bytes", _counted.BytesRead);
            }
            catch (Exception e) when (e is IndexOutOfRangeException || e is ArgumentException || e is InvalidOperationException || e is NullReferenceException || e is OverflowException)
            {
                // SharpZipLib's inflater meets some corrupt Huffman tables with these instead of its own exceptions
                // (found by the fuzz harness); they come from its internals, never from our arguments.
                throw new CorruptDataException(IssueKind.ArchiveCorrupt, _format + " data is corrupt (" + e.GetType().Name + " in the inflater) after " + _produced + " decompressed bytes", _counted.BytesRead);
            }
        }

        private CorruptDataException Translate(Exception e)
        {
            string m = e.Message ?? string.Empty;
            IssueKind kind = IssueKind.ArchiveCorrupt;
            if (m.IndexOf("EOF", StringComparison.OrdinalIgnoreCase) >= 0 || m.IndexOf("EOS", StringComparison.OrdinalIgnoreCase) >= 0 || m.IndexOf("end of stream", StringComparison.OrdinalIgnoreCase) >= 0)
                kind = IssueKind.ArchiveTruncated;
            else if (m.IndexOf("CRC", StringComparison.OrdinalIgnoreCase) >= 0 || m.IndexOf("size", StringComparison.OrdinalIgnoreCase) >= 0
                || m.IndexOf("Adler", StringComparison.OrdinalIgnoreCase) >= 0)
                kind = IssueKind.ChecksumMismatch;
            string what = _format + (kind == IssueKind.ArchiveTruncated ? " data ends early" : kind == IssueKind.ChecksumMismatch ? " check failed" : " data is corrupt");
            return new CorruptDataException(kind, what + " (" + m + ") after " + _produced + " decompressed bytes", _counted.BytesRead);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _gzip.Dispose();
            base.Dispose(disposing);
        }
    }
}
