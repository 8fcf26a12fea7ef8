using System;
using System.Collections.Generic;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Io.Compression.Xz
{
    /// <summary>One decoding step of a block's filter chain; each pulls from the step below it (LZMA2 at the bottom).</summary>
    internal abstract class FilterStage
    {
        /// <summary>Fills up to <paramref name="count"/> bytes; 0 only at the end of the block's data.</summary>
        public abstract int Read(byte[] buffer, int offset, int count);

        /// <summary>Stacks the non-last filters of <paramref name="filters"/> over <paramref name="lzma2"/>, last-applied first.</summary>
        public static FilterStage Chain(IReadOnlyList<FilterSpec> filters, FilterStage lzma2, long headerOffset)
        {
            FilterStage top = lzma2;
            for (int i = filters.Count - 2; i >= 0; i--)
            {
                FilterSpec f = filters[i];
                if (f.Id == FilterIds.Delta)
                {
                    top = new DeltaFilter(top, f.Properties[0] + 1);
                }
                else if (FilterIds.IsBcj(f.Id))
                {
                    uint start = f.Properties.Length == 4 ? BitConverterLe.UInt32(f.Properties, 0) : 0;
                    top = new BcjFilter(top, f.Id, start);
                }
                else
                {
                    throw new CorruptDataException(IssueKind.UnsupportedFormat, "xz " + FilterIds.Name(f.Id) + " is not supported (block at byte " + headerOffset + ")", headerOffset);
                }
            }
            return top;
        }
    }

    /// <summary>The Delta filter: each byte is stored as its difference from the byte <c>distance</c> positions back.</summary>
    internal sealed class DeltaFilter : FilterStage
    {
        private readonly FilterStage _source;
        private readonly int _distance;
        private readonly byte[] _history = new byte[256];
        private byte _pos;

        public DeltaFilter(FilterStage source, int distance)
        {
            _source = source;
            _distance = distance;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _source.Read(buffer, offset, count);
            byte[] h = _history;
            byte pos = _pos;
            int distance = _distance;
            for (int i = offset, end = offset + n; i < end; i++)
            {
                byte b = (byte)(buffer[i] + h[(byte)(distance + pos)]);
                buffer[i] = b;
                h[pos--] = b;
            }
            _pos = pos;
            return n;
        }
    }
}
