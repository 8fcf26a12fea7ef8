using System;
using System.IO;
using System.IO.Compression;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Ftrace
{
    /// <summary>Reads a trace.dat document at offsets, with the file's faults named (what was being read, where).</summary>
    internal sealed class DatCursor
    {
        private readonly DatDocument _doc;

        public DatCursor(DatDocument doc) { _doc = doc; }

        public long Length => _doc.Length;

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer only at the end of the data.</summary>
        public int ReadAt(long offset, byte[] buffer, int index, int count)
        {
            if (offset < 0)
                throw new CorruptDataException(IssueKind.MalformedRecord, "the file points at a negative offset (" + offset + ")", 0);
            // An offset past the end (from a corrupt header) reads nothing; MemoryStream would even refuse the seek.
            if (Length >= 0 && offset >= Length) return 0;
            return _doc.ReadAt(offset, buffer, index, count);
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes or fails with a truncation naming <paramref name="what"/>.</summary>
        public void ReadExact(long offset, byte[] buffer, int index, int count, string what)
        {
            int n = ReadAt(offset, buffer, index, count);
            if (n < count)
                throw new CorruptDataException(IssueKind.TruncatedRecord, "file ends inside " + what + " (" + count + " bytes wanted at offset " + offset + ", " + n + " present)", offset + n);
        }

        public byte[] ReadBlock(long offset, long count, string what, long cap)
        {
            if (count < 0 || count > cap)
                throw new CorruptDataException(IssueKind.MalformedRecord, what + " claims " + count + " bytes, more than the " + cap + " allowed", offset);
            if (Length >= 0 && offset + count > Length)
                throw new CorruptDataException(IssueKind.TruncatedRecord, what + " claims " + count + " bytes at offset " + offset + " but the file has " + Length, offset);
            var b = new byte[count];
            ReadExact(offset, b, 0, (int)count, what);
            return b;
        }
    }
}
