using System.Text;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.Tests.Io
{
    /// <summary>The read-ahead stream that decodes on its own thread: same bytes, faults after the bytes before them, stops on dispose.</summary>
    public sealed class ReadAheadStreamTests
    {
        /// <summary>Gives its data in uneven pieces, then throws the way a decoder does at a corrupt block.</summary>
        private sealed class FaultingStream : MemoryStream
        {
            private readonly Random _random = new Random(7);
            private readonly bool _fault;
            public FaultingStream(byte[] data, bool fault) : base(data) { _fault = fault; }
            public bool Disposed { get; private set; }
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = base.Read(buffer, offset, Math.Min(count, _random.Next(1, 70_000)));
                if (n == 0 && _fault) throw new CorruptDataException(IssueKind.ChecksumMismatch, "block 3: CRC32 mismatch", 4242);
                return n;
            }
            protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
        }

        private static byte[] Data()
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 60_000; i++) sb.Append("2024-03-01T00:00:").Append(i % 60).Append(" cpu").Append(i % 48).Append(": line ").Append(i).Append('\n');
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        [Fact]
        public void DeliversEveryByteInOrder()
        {
            byte[] data = Data();
            using var s = new ReadAheadStream(new FaultingStream(data, false));
            var copy = new MemoryStream();
            s.CopyTo(copy, 3000);
            Assert.Equal(data, copy.ToArray());
            Assert.Equal(data.Length, s.Position);
        }

        [Fact]
        public void FaultComesAfterTheBytesBeforeIt_WithItsKindAndOffset()
        {
            byte[] data = Data();
            using var s = new ReadAheadStream(new FaultingStream(data, true));
            var copy = new MemoryStream();
            var buffer = new byte[8192];
            var e = Assert.Throws<CorruptDataException>(() =>
            {
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, n);
            });
            Assert.Equal(IssueKind.ChecksumMismatch, e.Kind);
            Assert.Equal(4242, e.Offset);
            Assert.Equal(data, copy.ToArray());
        }

        [Fact]
        public void DisposeMidwayStopsTheReaderAndDisposesTheInnerStream()
        {
            var inner = new FaultingStream(Data(), false);
            var s = new ReadAheadStream(inner);
            var buffer = new byte[100];
            Assert.Equal(100, s.Read(buffer, 0, 100));
            Assert.Equal((byte)'2', buffer[0]);
            s.Dispose();
            Assert.True(inner.Disposed);
        }
    }
}
