using System;
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
            Append(sb, e, raw);
            return sb.ToString();
        }

        /// <summary>Appends the line <see cref="Line"/> returns to <paramref name="sb"/>, rendering the event's text straight into it.</summary>
        public static void Append(StringBuilder sb, TraceEvent e, bool raw = false)
        {
            if (sb == null) throw new ArgumentNullException(nameof(sb));
            if (e == null) throw new ArgumentNullException(nameof(e));
            if (e.Buffer.Length > 0) sb.Append(e.Buffer).Append(':');
            // "%16s-%-5d": comm right-aligned in 16, pid left-aligned in 5
            int pad = 16 - e.Comm.Length;
            if (pad > 0) sb.Append(' ', pad);
            sb.Append(e.Comm).Append('-');
            int mark = sb.Length;
            sb.AppendDecimal(e.Pid);
            int pidLength = sb.Length - mark;
            if (pidLength < 5) sb.Append(' ', 5 - pidLength);
            sb.Append(" [");
            if (e.Cpu < 0) sb.Append(e.Cpu.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
            else
            {
                if (e.Cpu < 100) sb.Append('0', e.Cpu < 10 ? 2 : 1);
                sb.AppendDecimal(e.Cpu);
            }
            sb.Append("] ");
            mark = sb.Length;
            e.AppendTimestampText(sb);
            int tsLength = sb.Length - mark;
            if (tsLength < 12) sb.Insert(mark, " ", 12 - tsLength);
            sb.Append(": ").Append(e.Name).Append(':');
            int nameLength = e.Name.Length + 1;
            int width = raw ? 23 : 22;
            if (nameLength < width - 1) sb.Append(' ', width - nameLength); else sb.Append(' ');
            if (raw) e.AppendRawFields(sb); else e.AppendInfo(sb);
        }
    }
}
