namespace VirtDiag.Ftrace
{
    /// <summary>A value while evaluating print fmt arguments.</summary>
    internal struct PVal
    {
        public ulong N;
        public bool Signed;
        public string? S;
        public byte[]? Bytes;    // a field's array bytes
        public int ElementSize;
        public bool Invalid;     // an identifier libtraceevent cannot resolve (enum names in symbol tables): matches nothing
        public bool IsStr => S != null;
        public long L => unchecked((long)N);
        public static PVal Num(ulong v, bool signed = false) => new PVal { N = v, Signed = signed };
        public static PVal Num(long v) => new PVal { N = unchecked((ulong)v), Signed = true };
        public static PVal Str(string s) => new PVal { S = s };
    }
}
