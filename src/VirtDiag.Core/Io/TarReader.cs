using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>One tar entry header.</summary>
    internal readonly struct TarEntry
    {
        public TarEntry(string name, long size, byte type, long headerOffset, long dataOffset, DateTimeOffset? modifiedTime = null)
        {
            Name = name; Size = size; Type = type; HeaderOffset = headerOffset; DataOffset = dataOffset; ModifiedTime = modifiedTime;
        }

        /// <summary>The entry's mtime, when its header field holds a plausible one.</summary>
        public DateTimeOffset? ModifiedTime { get; }

        public string Name { get; }
        public long Size { get; }
        public byte Type { get; }
        public long HeaderOffset { get; }
        public long DataOffset { get; }
        public bool IsRegularFile => Type == (byte)'0' || Type == 0 || Type == (byte)'7';
    }

    /// <summary>
    /// Reads tar headers forward from a stream: ustar, old v7, GNU long names (<c>L</c>) and pax headers (<c>x</c>, path and size).
    /// Entry data is read through <see cref="OpenData"/>; whatever the caller leaves unread is skipped on the next call.
    /// Faults throw <see cref="CorruptDataException"/> with the tar offset.
    /// </summary>
    internal sealed class TarReader
    {
        private const int Block = 512;
        private const long MaxMetaSize = 1 << 20;
        private readonly Stream _stream;
        private readonly byte[] _header = new byte[Block];
        private readonly byte[] _scratch = new byte[64 * 1024];
        private long _position;
        private long _dataEnd;          // offset where the current entry's padded data ends
        private SubStream? _current;

        public TarReader(Stream stream) { _stream = stream; }

        /// <summary>Bytes of the tar stream consumed so far.</summary>
        public long Position => _position;

        /// <summary>Checks the ustar magic or a valid header checksum in the first block.</summary>
        public static bool LooksLikeTar(ReadOnlySpan<byte> firstBlock)
        {
            if (firstBlock.Length < Block) return false;
            if (firstBlock[257] == (byte)'u' && firstBlock[258] == (byte)'s' && firstBlock[259] == (byte)'t' && firstBlock[260] == (byte)'a' && firstBlock[261] == (byte)'r') return true;
            return ChecksumMatches(firstBlock) && firstBlock[0] != 0;
        }

        public bool TryNext(out TarEntry entry)
        {
            string? longName = null;
            long? paxSize = null;
            while (true)
            {
                FinishCurrent();
                long headerOffset = _position;
                int n = StreamUtil.ReadFully(_stream, _header, 0, Block);
                _position += n;
                if (n == 0) { entry = default; return false; }
                if (n < Block) throw new CorruptDataException(IssueKind.ArchiveTruncated, "tar header cut short (" + n + " of 512 bytes)", headerOffset);
                if (IsZeroBlock(_header)) { entry = default; return false; }
                if (!ChecksumMatches(_header)) throw new CorruptDataException(IssueKind.ChecksumMismatch, "tar header checksum does not match", headerOffset);

                byte type = _header[156];
                long size = ParseNumber(_header.AsSpan(124, 12), headerOffset);
                if (paxSize.HasValue) { size = paxSize.Value; }
                string name = longName ?? HeaderName();
                long dataOffset = _position;
                _dataEnd = dataOffset + Padded(size);

                if (type == (byte)'L' || type == (byte)'x' || type == (byte)'K' || type == (byte)'g')
                {
                    if (size > MaxMetaSize) throw new CorruptDataException(IssueKind.ArchiveCorrupt, "tar metadata entry of " + size + " bytes is too large", headerOffset);
                    byte[] meta = new byte[size];
                    int got = StreamUtil.ReadFully(_stream, meta, 0, (int)size);
                    _position += got;
                    if (got < size) throw new CorruptDataException(IssueKind.ArchiveTruncated, "tar metadata entry cut short", _position);
                    if (type == (byte)'L') longName = Encoding.UTF8.GetString(meta).TrimEnd('\0');
                    else if (type == (byte)'x') ParsePax(meta, ref longName, ref paxSize);
                    continue;
                }

                entry = new TarEntry(name, size, type, headerOffset, dataOffset, ModifiedTime(_header.AsSpan(136, 12)));
                return true;
            }
        }

        /// <summary>The current entry's data as a stream (forward only; the parent stays open).</summary>
        public Stream OpenData(TarEntry entry)
        {
            _current = new SubStream(_stream, entry.Size, k => _position += k);
            return _current;
        }

        private void FinishCurrent()
        {
            if (_current != null)
            {
                bool early = _current.ParentEndedEarly;
                _current = null;
                if (early) throw new CorruptDataException(IssueKind.ArchiveTruncated, "tar entry data cut short", _position);
            }
            if (_position < _dataEnd)
            {
                long want = _dataEnd - _position;
                long skipped = StreamUtil.Skip(_stream, want, _scratch);
                _position += skipped;
                if (skipped < want)
                {
                    throw new CorruptDataException(IssueKind.ArchiveTruncated, "tar entry data cut short", _position);
                }
            }
        }

        private string HeaderName()
        {
            string name = CString(_header.AsSpan(0, 100));
            bool ustar = _header[257] == (byte)'u' && _header[258] == (byte)'s' && _header[259] == (byte)'t' && _header[260] == (byte)'a' && _header[261] == (byte)'r';
            if (ustar && _header[263] == (byte)'0') // POSIX ustar ("ustar\0" + "00"): prefix field
            {
                string prefix = CString(_header.AsSpan(345, 155));
                if (prefix.Length > 0) name = prefix + "/" + name;
            }
            return name;
        }

        private static void ParsePax(byte[] meta, ref string? name, ref long? size)
        {
            int i = 0;
            while (i < meta.Length)
            {
                int sp = Array.IndexOf(meta, (byte)' ', i);
                if (sp < 0) break;
                if (!int.TryParse(Encoding.ASCII.GetString(meta, i, sp - i), out int len) || len <= 0 || i + len > meta.Length) break;
                string rec = Encoding.UTF8.GetString(meta, sp + 1, len - (sp + 1 - i)).TrimEnd('\n');
                int eq = rec.IndexOf('=');
                if (eq > 0)
                {
                    string key = rec.Substring(0, eq);
                    string value = rec.Substring(eq + 1);
                    if (key == "path") name = value;
                    else if (key == "size" && long.TryParse(value, out long s) && s >= 0) size = s;
                }
                i += len;
            }
        }

        private static string CString(ReadOnlySpan<byte> field)
        {
            int z = field.IndexOf((byte)0);
            if (z >= 0) field = field.Slice(0, z);
            return field.Length == 0 ? string.Empty : Encoding.UTF8.GetString(field.ToArray());
        }

        /// <summary>The octal mtime field (seconds since 1970); null when it is empty, not octal or out of range (never an error: it is only a hint).</summary>
        private static DateTimeOffset? ModifiedTime(ReadOnlySpan<byte> field)
        {
            long value = 0;
            bool any = false;
            foreach (byte b in field)
            {
                if (b == 0 || b == (byte)' ') { if (any) break; continue; }
                if (b < (byte)'0' || b > (byte)'7' || value > (1L << 40)) return null;
                value = (value << 3) + (b - '0');
                any = true;
            }
            return any && value > 0 && value < 253402300799L ? DateTimeOffset.FromUnixTimeSeconds(value) : (DateTimeOffset?)null;
        }

        private static long ParseNumber(ReadOnlySpan<byte> field, long headerOffset)
        {
            if ((field[0] & 0x80) != 0)
            {
                // GNU base-256 for sizes over 8 GiB.
                long v = field[0] & 0x7F;
                for (int i = 1; i < field.Length; i++)
                {
                    if (v > (long.MaxValue >> 8)) throw new CorruptDataException(IssueKind.ArchiveCorrupt, "tar size field overflows", headerOffset);
                    v = (v << 8) | field[i];
                }
                return v;
            }
            long value = 0;
            bool any = false;
            foreach (byte b in field)
            {
                if (b == 0 || b == (byte)' ') { if (any) break; continue; }
                if (b < (byte)'0' || b > (byte)'7') throw new CorruptDataException(IssueKind.ArchiveCorrupt, "tar number field holds a non-octal byte", headerOffset);
                value = (value << 3) + (b - '0');
                any = true;
            }
            return value;
        }

        private static long Padded(long size) => (size + Block - 1) / Block * Block;

        private static bool IsZeroBlock(byte[] block)
        {
            foreach (byte b in block) if (b != 0) return false;
            return true;
        }

        private static bool ChecksumMatches(ReadOnlySpan<byte> h)
        {
            long stored = 0;
            bool any = false;
            for (int i = 148; i < 156; i++)
            {
                byte b = h[i];
                if (b == 0 || b == (byte)' ') { if (any) break; continue; }
                if (b < (byte)'0' || b > (byte)'7') return false;
                stored = (stored << 3) + (b - '0');
                any = true;
            }
            if (!any) return false;
            long unsignedSum = 0, signedSum = 0;
            for (int i = 0; i < Block; i++)
            {
                byte b = (i >= 148 && i < 156) ? (byte)' ' : h[i];
                unsignedSum += b;
                signedSum += (sbyte)b;
            }
            return stored == unsignedSum || stored == signedSum;
        }
    }
}
