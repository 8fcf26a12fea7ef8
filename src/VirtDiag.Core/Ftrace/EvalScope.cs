namespace VirtDiag.Ftrace
{
    /// <summary>What an expression can see: the event's bytes, its format and the file.</summary>
    internal sealed class EvalScope
    {
        public TraceFileContext File = null!;
        public EventFormat Format = null!;
        public byte[] Data = null!;
        public TraceEvent? Event;
    }
}
