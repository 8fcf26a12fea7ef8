using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VirtDiag.Ftrace;

namespace VirtDiag.Cli.Output
{
    /// <summary><c>virtdiag trace events --report</c>: events as <c>trace-cmd report</c> lines, UTF-8, one per line.</summary>
    internal static class ReportLines
    {
        /// <summary>Writes the lines of <paramref name="events"/> to <paramref name="output"/>, rendered on <paramref name="threads"/> threads beside the reading one (1: on this thread).</summary>
        public static void Write(IEnumerable<TraceEvent> events, Stream output, bool raw, int threads, int batchSize = 1024)
        {
            if (threads < 2)
            {
                var line = new Line(new PooledBufferWriter(), raw);
                try
                {
                    foreach (TraceEvent e in events)
                    {
                        line.Write(e);
                        if (line.Buffer.WrittenCount >= 1 << 15) line.Buffer.Drain(output);
                    }
                    line.Buffer.Drain(output);
                    output.Flush();
                }
                finally { line.Buffer.Dispose(); }
                return;
            }
            OrderedParallelOutput.Run(events, () =>
            {
                var line = new Line(new PooledBufferWriter(), raw);
                return new OrderedParallelOutput.Serializer<TraceEvent>(line.Buffer, line.Write);
            }, output, threads, batchSize);
            output.Flush();
        }

        // one line rendered straight into a reused builder (no Info string is made or kept), then encoded into the buffer
        private sealed class Line
        {
            private readonly StringBuilder _text = new(256);
            private readonly bool _raw;
            private char[] _chars = new char[256];

            public Line(PooledBufferWriter buffer, bool raw) { Buffer = buffer; _raw = raw; }

            public PooledBufferWriter Buffer { get; }

            public void Write(TraceEvent e)
            {
                StringBuilder sb = _text.Clear();
                TraceReport.Append(sb, e, _raw);
                sb.Append(Environment.NewLine);
                int n = sb.Length;
                if (_chars.Length < n) _chars = new char[Math.Max(n, _chars.Length * 2)];
                sb.CopyTo(0, _chars, 0, n);
                Span<byte> span = Buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(n));
                Buffer.Advance(Encoding.UTF8.GetBytes(new ReadOnlySpan<char>(_chars, 0, n), span));
                // a huge line (a long print) does not keep a huge buffer for every later event
                if (sb.Capacity > 1 << 16) { _text.Capacity = 256; _chars = new char[256]; }
            }
        }
    }
}
