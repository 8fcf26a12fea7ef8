using System;
using System.IO;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Ftrace
{
    /// <summary>
    /// One trace.dat document for one read, readable at any offset by every cursor of the read (the header's and each
    /// CPU's). A plain file is read in place; a compressed or archived one is decoded once, as it is opened, into a
    /// temporary file deleted when the read ends (the per-CPU data is read in parallel runs, which a forward-only
    /// decoder could give only by decoding from the start once per CPU). Progress is the document's one pass.
    /// </summary>
    internal sealed class DatDocument : IDisposable
    {
        private readonly object _lock = new object();
        private readonly LogDocument? _forwardOf;   // a header-only read of a compressed document: read forward, re-opened to go back
        private readonly ReadContext? _context;
        private readonly byte[]? _skip;
        private Stream _stream;
        private long _pos;

        private DatDocument(Stream seekable, bool spooled)
        {
            _stream = seekable;
            Spooled = spooled;
            try { Length = seekable.Length; } catch (NotSupportedException) { Length = -1; }
            _pos = seekable.Position;
        }

        private DatDocument(Stream forward, LogDocument doc, ReadContext context)
        {
            _stream = forward;
            _forwardOf = doc;
            _context = context;
            _skip = new byte[64 * 1024];
            Length = -1;
        }

        /// <summary>
        /// Opens a document for reading its header only (what the clock mapping needs): a compressed one is read forward
        /// to the end of the header instead of being decoded whole. Not for reading events.
        /// </summary>
        public static DatDocument OpenHeaderOnly(LogDocument doc, ReadContext context)
        {
            Stream s = DocumentReader.Open(doc, context);
            return s.CanSeek ? new DatDocument(s, false) : new DatDocument(s, doc, context);
        }

        /// <summary>Bytes of the (decoded) document, or -1 when unknown.</summary>
        public long Length { get; }

        /// <summary>True when the document was decoded into a temporary file.</summary>
        public bool Spooled { get; }

        /// <summary>
        /// Opens the document when its first bytes are a trace.dat header (a file cut inside the magic counts: reading it
        /// reports how short it is); null for anything else, or when it cannot be opened (the text reader reports that).
        /// </summary>
        public static DatDocument? TryOpen(LogDocument doc, ReadContext context)
        {
            Stream? s = null;
            try
            {
                s = DocumentReader.Open(doc, context);
                var head = new byte[10];
                int n = StreamUtil.ReadFully(s, head, 0, 10);
                bool dat = TraceDatHeader.LooksLikeTraceDat(head.AsSpan(0, n))
                    || (n > 0 && n < 10 && head.AsSpan(0, n).SequenceEqual(TraceDatHeader.Magic.AsSpan(0, n)));
                if (!dat) { s.Dispose(); return null; }
                if (s.CanSeek)
                {
                    s.Seek(0, SeekOrigin.Begin);
                    var plain = new DatDocument(s, false);
                    s = null;
                    return plain;
                }
                DatDocument spooled = Spool(doc, context, s, head, n);
                s = null;
                return spooled;
            }
            catch (CorruptDataException) { s?.Dispose(); return null; }
            catch (IOException) { s?.Dispose(); return null; }
            catch (UnauthorizedAccessException) { s?.Dispose(); return null; }
        }

        /// <summary>Opens a document known (or said) to be a trace.dat; faults opening it are thrown.</summary>
        public static DatDocument Open(LogDocument doc, ReadContext context)
        {
            Stream s = DocumentReader.Open(doc, context);
            try
            {
                if (s.CanSeek) return new DatDocument(s, false);
                return Spool(doc, context, s, Array.Empty<byte>(), 0);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }

        // The decoded bytes go to a temporary file once; a decoder fault keeps what came before it (reported once here,
        // and the cursors then find the file ending early, as for a truncated file).
        private static DatDocument Spool(LogDocument doc, ReadContext context, Stream decoded, byte[] head, int headLength)
        {
            string path = Path.GetTempFileName();
            var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            try
            {
                using (decoded)
                {
                    spool.Write(head, 0, headLength);
                    var buffer = new byte[64 * 1024];
                    try
                    {
                        int n;
                        while ((n = decoded.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            spool.Write(buffer, 0, n);
                            context.CancellationToken.ThrowIfCancellationRequested();
                        }
                    }
                    catch (CorruptDataException e)
                    {
                        context.Report(doc.Path, e.Kind, e.Message + "; what was decoded before it is read", 0, e.Offset);
                    }
                }
                spool.Flush();
                spool.Seek(0, SeekOrigin.Begin);
                return new DatDocument(spool, true);
            }
            catch
            {
                spool.Dispose();
                throw;
            }
        }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer only at the end of the data.</summary>
        public int ReadAt(long offset, byte[] buffer, int index, int count)
        {
            lock (_lock)
            {
                if (offset != _pos && _forwardOf != null)
                {
                    if (offset < _pos) { _stream.Dispose(); _stream = DocumentReader.Open(_forwardOf, _context!); _pos = 0; }
                    while (_pos < offset)
                    {
                        int k = _stream.Read(_skip!, 0, (int)Math.Min(_skip!.Length, offset - _pos));
                        if (k <= 0) return 0;
                        _pos += k;
                    }
                }
                else if (offset != _pos) { _stream.Seek(offset, SeekOrigin.Begin); _pos = offset; }
                int total = 0;
                while (total < count)
                {
                    int n = _stream.Read(buffer, index + total, count - total);
                    if (n <= 0) break;
                    total += n;
                }
                _pos += total;
                return total;
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
