using System;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Renders the Info text of an event: trace-cmd's plugins for the events that have one, else the print fmt.</summary>
    internal static class InfoRenderer
    {
        public static string Render(TraceFileContext file, EventFormat format, byte[] data, TraceEvent? ev)
        {
            var sb = new StringBuilder(96);
            Render(file, format, data, ev, sb);
            return sb.ToString();
        }

        /// <summary>Appends the Info text to <paramref name="sb"/> (what was there before stays).</summary>
        public static void Render(TraceFileContext file, EventFormat format, byte[] data, TraceEvent? ev, StringBuilder sb)
        {
            int mark = sb.Length;
            try
            {
                if (format.System == "ftrace" && FunctionGraph.TryRender(file, format, data, ev, sb)) return;
                sb.Length = mark;
                if (Plugins.TryRender(file, format, data, sb)) return;
                sb.Length = mark;
                PrintFormat? pf = format.Print(file);
                if (pf != null)
                {
                    var scope = new EvalScope { File = file, Format = format, Data = data, Event = ev };
                    if (format.System == "kmem" && Plugins.KmemCallSite(file, format, data, sb)) { }
                    pf.Render(scope, sb);
                    // trace-cmd ends every event with one newline: a print fmt's own trailing "\n" does not show
                    while (sb.Length > mark && sb[sb.Length - 1] == '\n') sb.Length--;
                    return;
                }
            }
            catch (IndexOutOfRangeException) { }
            catch (ArgumentOutOfRangeException) { }
            sb.Length = mark;
            sb.Append("[FAILED TO PARSE] ");
            EventDecoder.AppendRaw(file, format, data, sb);
        }
    }
}
