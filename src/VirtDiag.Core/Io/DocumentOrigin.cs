using System;
using System.Collections.Generic;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Io
{
    /// <summary>Where a document's (still compressed) bytes come from.</summary>
    internal abstract class DocumentOrigin
    {
        public abstract Stream OpenRaw(DocumentSession session);
    }

    internal sealed class FileOrigin : DocumentOrigin
    {
        public FileOrigin(string path, int inputNumber) { FilePath = path; InputNumber = inputNumber; }
        public string FilePath { get; }
        public int InputNumber { get; }
        public override Stream OpenRaw(DocumentSession session) => session.OpenFile(FilePath, InputNumber);
    }

    internal sealed class StreamOrigin : DocumentOrigin
    {
        private readonly Func<Stream> _open;
        public StreamOrigin(Func<Stream> open) { _open = open; }
        public override Stream OpenRaw(DocumentSession session) => _open();
    }

    /// <summary>A tar entry: <see cref="Size"/> bytes at <see cref="DataOffset"/> of its container's tar stream.</summary>
    internal sealed class EntryOrigin : DocumentOrigin
    {
        public EntryOrigin(Container container, long dataOffset, long size) { Container = container; DataOffset = dataOffset; Size = size; }
        public Container Container { get; }
        public long DataOffset { get; }
        public long Size { get; }
        /// <summary>The entry's last-write time from its tar header, when plausible.</summary>
        public DateTimeOffset? ModifiedTime { get; set; }
        public override Stream OpenRaw(DocumentSession session) => session.OpenEntry(this);
    }

    /// <summary>A tar archive (a file, or an entry of another archive) and what it says about its host.</summary>
    internal sealed class Container
    {
        public Container(DocumentOrigin source, CompressionKind compression, string displayName, Container? parent, string? hostFromName)
        {
            Source = source; Compression = compression; DisplayName = displayName; Parent = parent; HostFromName = hostFromName;
        }

        public DocumentOrigin Source { get; }
        public CompressionKind Compression { get; }
        public string DisplayName { get; }
        public Container? Parent { get; }
        public string? HostFromName { get; }
        public string? HostFromFile { get; set; }

        /// <summary>The host of the innermost container that names one (a hostname file beats the archive's name).</summary>
        public string? Host => HostFromFile ?? HostFromName ?? Parent?.Host;

        public bool IsDescendantOf(Container other)
        {
            for (Container? c = Parent; c != null; c = c.Parent) if (c == other) return true;
            return false;
        }
    }

    /// <summary>
    /// Opens documents for one read: reports progress of the outermost file, and keeps one decoded, forward-only
    /// cursor per archive so that entries read in archive order cost one pass. Reading an earlier entry re-opens
    /// the archive from its start (archives are never extracted to disk).
    /// </summary>
    internal sealed class DocumentSession : IDisposable
    {
        private readonly ReadContext _context;
        private readonly int _inputCount;
        private readonly Dictionary<Container, Cursor> _cursors = new Dictionary<Container, Cursor>();
        private readonly byte[] _scratch = new byte[64 * 1024];

        public DocumentSession(ReadContext context, int inputCount)
        {
            _context = context;
            _inputCount = Math.Max(1, inputCount);
        }

        public ReadContext Context => _context;

        public Stream OpenFile(string path, int inputNumber)
        {
            var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
            long total = fs.Length;
            Action<ReadProgress>? progress = _context.Progress;
            if (progress == null) return fs;
            long lastReported = 0;
            return new CountingStream(fs, false, read =>
            {
                if (read - lastReported >= 256 * 1024 || read == total)
                {
                    lastReported = read;
                    progress(new ReadProgress(path, read, total, inputNumber, _inputCount));
                }
            });
        }

        /// <summary>Opens a document: raw bytes, then its decoder (chosen by magic bytes; the name only breaks ties).</summary>
        public Stream OpenDocument(LogDocument doc)
        {
            Stream raw = doc.Origin.OpenRaw(this);
            return OpenDecoded(raw, doc.Name, doc.Path, _context);
        }

        /// <summary>Peeks at the first bytes, picks the decoder, and reports a name that promises compression the bytes lack.</summary>
        internal static Stream OpenDecoded(Stream raw, string name, string displayName, ReadContext context)
        {
            var peek = new PeekStream(raw, 16);
            CompressionKind byMagic = Decoders.Detect(peek.Head);
            CompressionKind byName = Decoders.FromName(name);
            // .lzma has no magic bytes: a name that says so and a header that fits decide.
            if (byMagic == CompressionKind.None && byName == CompressionKind.Lzma && VirtDiag.Io.Compression.Xz.LzmaAloneDecoderStream.LooksLikeHeader(peek.Head))
                byMagic = CompressionKind.Lzma;
            if (byMagic == CompressionKind.None && byName != CompressionKind.None && peek.Head.Length > 0)
            {
                context.Report(displayName, IssueKind.ArchiveCorrupt, "named as " + byName + " data but does not start with its magic bytes; read as plain text", 0, 0);
            }
            Stream decoded = Decoders.Open(peek, byMagic, context);
            // Decode beside parsing: the decoder runs on its own thread. Not while progress is reported, whose callback
            // (PowerShell's WriteProgress) must stay on the reading thread.
            return byMagic != CompressionKind.None && context.Progress == null ? new ReadAheadStream(decoded, context.CancellationToken) : decoded;
        }

        public Stream OpenEntry(EntryOrigin entry)
        {
            Cursor cursor = CursorAt(entry.Container, entry.DataOffset);
            return new SubStream(cursor.Stream, entry.Size, k => cursor.Position += k);
        }

        private Cursor CursorAt(Container container, long offset)
        {
            // Any other use of this container's stream invalidates cursors of archives nested inside it.
            List<Container>? stale = null;
            foreach (Container c in _cursors.Keys) if (c.IsDescendantOf(container)) (stale ??= new List<Container>()).Add(c);
            if (stale != null) foreach (Container c in stale) { _cursors[c].Dispose(); _cursors.Remove(c); }

            if (!_cursors.TryGetValue(container, out Cursor? cursor) || cursor.Position > offset)
            {
                cursor?.Dispose();
                Stream raw = container.Source.OpenRaw(this);
                Stream decoded = OpenDecoded(raw, container.DisplayName, container.DisplayName, _context);
                cursor = new Cursor(decoded);
                _cursors[container] = cursor;
            }
            if (cursor.Position < offset)
            {
                long want = offset - cursor.Position;
                long got = StreamUtil.Skip(cursor.Stream, want, _scratch);
                cursor.Position += got;
                if (got < want) throw new CorruptDataException(IssueKind.ArchiveTruncated, "archive ends before the entry's data", cursor.Position);
            }
            return cursor;
        }

        public void Dispose()
        {
            foreach (Cursor c in _cursors.Values) c.Dispose();
            _cursors.Clear();
        }

        private sealed class Cursor : IDisposable
        {
            public Cursor(Stream stream) { Stream = stream; }
            public Stream Stream { get; }
            public long Position { get; set; }
            public void Dispose() => Stream.Dispose();
        }
    }

    /// <summary>Reads the first bytes of a stream ahead so a decoder can be chosen, then replays them.</summary>
    internal sealed class PeekStream : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _head;
        private readonly int _headLength;
        private int _headPos;

        public PeekStream(Stream inner, int count)
        {
            _inner = inner;
            _head = new byte[count];
            _headLength = StreamUtil.ReadFully(inner, _head, 0, count);
        }

        public ReadOnlySpan<byte> Head => new ReadOnlySpan<byte>(_head, 0, _headLength);
        public override bool CanRead => true;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position
        {
            get => _inner.CanSeek ? _inner.Position - (_headLength - _headPos) : throw new NotSupportedException();
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headPos < _headLength)
            {
                int n = Math.Min(count, _headLength - _headPos);
                Buffer.BlockCopy(_head, _headPos, buffer, offset, n);
                _headPos += n;
                return n;
            }
            return _inner.Read(buffer, offset, count);
        }

        public override void Flush() { }

        // Seekable only when the underlying file is (a plain file): the peeked head is then simply re-read.
        public override long Seek(long offset, SeekOrigin origin)
        {
            if (!_inner.CanSeek) throw new NotSupportedException();
            if (origin == SeekOrigin.Current) { offset += Position; origin = SeekOrigin.Begin; }
            _headPos = _headLength;
            return _inner.Seek(offset, origin);
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
