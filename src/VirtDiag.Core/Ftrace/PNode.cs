namespace VirtDiag.Ftrace
{
    /// <summary>An expression of a print fmt's arguments, evaluated against one event.</summary>
    internal abstract class PNode
    {
        public abstract PVal Eval(EvalScope s);
    }
}
