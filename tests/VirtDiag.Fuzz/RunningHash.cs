namespace VirtDiag.Fuzz
{
    /// <summary>A cheap running fingerprint (FNV-1a over 64-bit words) for comparing two runs' outputs; not a checksum format.</summary>
    internal struct RunningHash
    {
        private ulong _h;
        private bool _started;

        public void Append(ReadOnlySpan<byte> data)
        {
            if (!_started) { _h = 14695981039346656037UL; _started = true; }
            foreach (byte b in data) { _h ^= b; _h *= 1099511628211UL; }
        }

        public ulong Value => _h;
    }
}
