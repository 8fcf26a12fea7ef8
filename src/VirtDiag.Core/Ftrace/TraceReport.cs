using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Formats events as <c>trace-cmd report</c> lines.</summary>
    public static class TraceReport
    {
        /// <summary>One line: <c>comm-pid [cpu] ts: name: info</c>, padded as trace-cmd pads it.</summary>
        public static string Line(TraceEvent e, bool raw = false)
        {
            var sb = new StringBuilder(160);
            if (e.Buffer.Length > 0) sb.Append(e.Buffer).Append(':');
            string cp = e.Comm + "-" + e.Pid.ToString(CultureInfo.InvariantCulture);
            // "%16s-%-5d": comm right-aligned in 16, pid left-aligned in 5
            int pad = 16 - e.Comm.Length;
            if (pad > 0) sb.Append(' ', pad);
            sb.Append(e.Comm).Append('-').Append(e.Pid.ToString(CultureInfo.InvariantCulture).PadRight(5));
            sb.Append(" [").Append(e.Cpu.ToString("000", CultureInfo.InvariantCulture)).Append("] ");
            string ts = e.TimestampText;
            if (ts.Length < 12) sb.Append(' ', 12 - ts.Length);
            sb.Append(ts).Append(": ");
            string name = e.Name + ":";
            sb.Append(name);
            int width = raw ? 23 : 22;
            if (name.Length < width - 1) sb.Append(' ', width - name.Length); else sb.Append(' ');
            sb.Append(raw ? e.RawFields : e.Info);
            _ = cp;
            return sb.ToString();
        }
    }
}
