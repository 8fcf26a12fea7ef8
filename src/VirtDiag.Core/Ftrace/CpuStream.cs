using System;
using VirtDiag.Common;
using VirtDiag.Diagnostics;

namespace VirtDiag.Ftrace
{
    /// <summary>
    /// One CPU's ring-buffer data of one buffer, decoded page by page on demand: only a window of pages (or one
    /// compressed chunk) is in memory, so a trace of any size is read in bounded memory.
    /// </summary>
    internal sealed class CpuStream
    {
        private const int TypePadding = 29, TypeTimeExtend = 30, TypeTimeStamp = 31;
        private const uint CommitMask = (1u << 27) - 1;
        private const ulong MissingEvents = 1UL << 31, MissingStored = 1UL << 30;
        private const ulong TsMsb = 0xF8UL << 56;
        private const int WindowPages = 64;
        private const long ChunkCap = 64L << 20;

        private readonly TraceFileContext _f;
        private readonly ReadContext _context;
        private readonly DatCursor _cur;
        private readonly bool _compressed;
        private readonly int _pageSize;
        private long _end;                    // end of this CPU's data in the file (plain)
        private long _next;                   // next file offset to load
        private int _chunksLeft = -1;
        private byte[] _data = Array.Empty<byte>();
        private byte[] _comp = Array.Empty<byte>();
        private int _dataLen;
        private long _dataFileOffset;         // file offset of _data[0] (plain) or of the chunk (compressed)
        private int _page = -1;               // offset of the current page in _data
        private int _pos, _pageEnd;
        private ulong _ts;
        private bool _done;

        public CpuStream(TraceFileContext f, BufferInfo buffer, TraceCpuData cpu, DatCursor cursor, ReadContext context, int order)
        {
            _f = f; _context = context; _cur = cursor; Buffer = buffer; Cpu = cpu.Cpu; Order = order;
            _compressed = buffer.Compressed;
            _pageSize = buffer.PageSize > 0 ? buffer.PageSize : f.PageSize;
            _next = cpu.Offset;
            _end = cpu.Offset + cpu.Size;
            if (cpu.Size == 0) _done = true;
        }

        public BufferInfo Buffer { get; }
        public int Cpu { get; }
        public int Order { get; }
        /// <summary>Timestamp of the current record (file clock).</summary>
        public long Timestamp;
        /// <summary>The current record's payload is <see cref="Data"/>[<see cref="RecordOffset"/> .. +<see cref="RecordLength"/>].</summary>
        public byte[] Data => _data;
        public int RecordOffset;
        public int RecordLength;
        public long LostEvents;
        public long Records;

        /// <summary>Moves to the next data record; false at the end of the data or after a fault (reported).</summary>
        public bool MoveNext()
        {
            while (!_done)
            {
                if (_page < 0 || _pos >= _pageEnd)
                {
                    if (!NextPage()) { _done = true; return false; }
                    continue;
                }
                if (ReadRecord()) { Records++; return true; }
            }
            return false;
        }

        private bool ReadRecord()
        {
            byte[] d = _data;
            if (_pageEnd - _pos < 4) { _pos = _pageEnd; return false; }
            uint w = _f.U32(d.AsSpan(_pos));
            int typeLen; uint delta;
            if (_f.BigEndian) { typeLen = (int)(w >> 27); delta = w & ((1u << 27) - 1); }
            else { typeLen = (int)(w & 31); delta = w >> 5; }
            int p = _pos + 4;
            switch (typeLen)
            {
                case TypePadding:
                    {
                        if (_pageEnd - p < 4) { _pos = _pageEnd; return false; }
                        uint len = _f.U32(d.AsSpan(p));
                        _ts += delta;
                        if (delta == 0 && len == 0) { _pos = _pageEnd; return false; }
                        _pos = (int)Math.Min(_pageEnd, (long)p + len);
                        return false;
                    }
                case TypeTimeExtend:
                case TypeTimeStamp:
                    {
                        if (_pageEnd - p < 4) { _pos = _pageEnd; return false; }
                        ulong ext = ((ulong)_f.U32(d.AsSpan(p)) << 27) + delta;
                        if (typeLen == TypeTimeStamp) _ts = ext | (_ts & TsMsb);
                        else _ts += ext;
                        _pos = p + 4;
                        return false;
                    }
                case 0:
                    {
                        if (_pageEnd - p < 4) { _pos = _pageEnd; return false; }
                        long len = (long)_f.U32(d.AsSpan(p)) - 4;
                        len = (len + 3) & ~3L;
                        p += 4;
                        if (len < 0 || p + len > _pageEnd) return BadRecord(p, len);
                        _ts += delta;
                        RecordOffset = p; RecordLength = (int)len; _pos = p + (int)len;
                        Timestamp = (long)_ts;
                        return true;
                    }
                default:
                    {
                        int len = typeLen * 4;
                        if (p + len > _pageEnd) return BadRecord(p, len);
                        _ts += delta;
                        RecordOffset = p; RecordLength = len; _pos = p + len;
                        Timestamp = (long)_ts;
                        return true;
                    }
            }
        }

        private bool BadRecord(int p, long len)
        {
            _context.Report(_f.Path, IssueKind.MalformedRecord, "CPU " + Cpu + ": record of " + len + " bytes runs past the end of its page; rest of the page skipped",
                0, PageFileOffset() + (p - _page));
            _pos = _pageEnd;
            return false;
        }

        private long PageFileOffset() => _compressed ? _dataFileOffset : _dataFileOffset + _page;

        private bool NextPage()
        {
            int nextPage = _page < 0 ? 0 : _page + _pageSize;
            if (_page < 0 || nextPage + _f.PageDataOffset > _dataLen)
            {
                if (!Load()) return false;
                nextPage = 0;
            }
            _page = nextPage;
            int hdr = _f.PageDataOffset;
            if (_dataLen - _page < hdr) { _page = _dataLen; return true; }
            _ts = _f.U64(_data.AsSpan(_page));
            ulong flags = _f.KernelLongSize == 8 ? _f.U64(_data.AsSpan(_page + 8)) : _f.U32(_data.AsSpan(_page + 8));
            uint size = (uint)flags & CommitMask;
            int avail = Math.Min(_pageSize, _dataLen - _page) - hdr;
            if (size > avail)
            {
                _context.Report(_f.Path, IssueKind.MalformedRecord, "CPU " + Cpu + ": page commit size " + size + " exceeds the page's " + avail + " data bytes; page skipped",
                    0, PageFileOffset() + 8);
                _pos = _pageEnd = _page;
                return true;
            }
            if ((flags & MissingEvents) != 0)
            {
                if ((flags & MissingStored) != 0 && size + _f.KernelLongSize <= avail)
                {
                    int at = _page + hdr + (int)size;
                    LostEvents += _f.KernelLongSize == 8 ? (long)_f.U64(_data.AsSpan(at)) : _f.U32(_data.AsSpan(at));
                }
                else LostEvents += 1;
            }
            _pos = _page + hdr;
            _pageEnd = _pos + (int)size;
            return true;
        }

        /// <summary>Loads the next window of pages (plain) or the next chunk (compressed).</summary>
        private bool Load()
        {
            try
            {
                return _compressed ? LoadChunk() : LoadPlain();
            }
            catch (CorruptDataException e)
            {
                _context.Report(_f.Path, e.Kind, "CPU " + Cpu + (Buffer.Name.Length > 0 ? " of buffer " + Buffer.Name : "") + ": " + e.Message + "; events before this point were delivered", 0, e.Offset);
                return false;
            }
        }

        private bool LoadPlain()
        {
            if (_next >= _end) return false;
            long want = Math.Min((long)_pageSize * WindowPages, _end - _next);
            if (_data.Length < want) _data = new byte[want];
            int n = _cur.ReadAt(_next, _data, 0, (int)want);
            if (n < want)
            {
                if (n <= 0) throw new CorruptDataException(IssueKind.TruncatedRecord, "file ends before the CPU data (" + (_end - _next) + " bytes missing)", _next + n);
                _context.Report(_f.Path, IssueKind.TruncatedRecord, "CPU " + Cpu + ": file ends inside the CPU data (" + (_end - _next - n) + " bytes missing); events before this point were delivered", 0, _next + n);
                _end = 0;
            }
            _dataFileOffset = _next;
            _dataLen = n;
            _next += n;
            return n > 0;
        }

        private bool LoadChunk()
        {
            var h = new byte[8];
            if (_chunksLeft < 0)
            {
                _cur.ReadExact(_next, h, 0, 4, "compressed CPU data chunk count");
                _chunksLeft = (int)_f.U32(h);
                if (_chunksLeft < 0 || _chunksLeft > 10_000_000) throw new CorruptDataException(IssueKind.MalformedRecord, "chunk count " + _chunksLeft + " is impossible", _next);
                _next += 4;
            }
            if (_chunksLeft == 0) return false;
            _cur.ReadExact(_next, h, 0, 8, "compressed chunk header");
            long csize = _f.U32(h), usize = _f.U32(h.AsSpan(4));
            if (csize > ChunkCap || usize > ChunkCap || usize == 0)
                throw new CorruptDataException(IssueKind.MalformedRecord, "chunk claims " + csize + " compressed / " + usize + " uncompressed bytes", _next);
            if (_comp.Length < csize) _comp = new byte[csize];
            _cur.ReadExact(_next + 8, _comp, 0, (int)csize, "compressed chunk");
            if (_data.Length < usize) _data = new byte[usize];
            _dataFileOffset = _next;
            ChunkDecompressor.Decompress(_f.CompressionName, _comp, (int)csize, _data, (int)usize, _context, _next + 8);
            _dataLen = (int)usize;
            _next += 8 + csize;
            _chunksLeft--;
            return true;
        }
    }
}
