using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VirtDiag.Ftrace
{
    /// <summary>Reads an event's fields from its record bytes by its format.</summary>
    internal static class EventDecoder
    {
        public static void Locate(TraceFileContext file, FormatField f, byte[] data, out int off, out int len)
        {
            if (f.IsDynamic)
            {
                if (f.Offset + 4 > data.Length) { off = 0; len = 0; return; }
                uint v = file.U32(data.AsSpan(f.Offset));
                off = (int)(v & 0xFFFF);
                len = (int)(v >> 16);
                if (f.IsRelative) off += f.Offset + f.Size;
            }
            else { off = f.Offset; len = f.Size; }
            if (off < 0 || off > data.Length) { off = 0; len = 0; }
            if (off + len > data.Length) len = data.Length - off;
            if (len < 0) len = 0;
        }

        public static string CString(byte[] data, int off, int len)
        {
            int end = off;
            int max = off + len;
            while (end < max && data[end] != 0) end++;
            return Encoding.UTF8.GetString(data, off, end - off);
        }

        public static ulong Scalar(TraceFileContext file, FormatField f, byte[] data, out bool signed)
        {
            signed = f.Signed;
            if (f.Offset + f.Size > data.Length || f.Size <= 0) return 0;
            ulong n = file.Number(data.AsSpan(f.Offset), f.Size);
            if (f.Signed && f.Size < 8)
            {
                int bits = f.Size * 8;
                if ((n >> (bits - 1) & 1) != 0) n |= ~((1UL << bits) - 1);
            }
            return n;
        }

        public static PVal FieldValue(TraceFileContext file, FormatField f, byte[] data)
        {
            if (f.IsArray)
            {
                Locate(file, f, data, out int off, out int len);
                if (f.IsString) return new PVal { S = CString(data, off, len), N = (ulong)off };
                var b = new byte[len];
                Buffer.BlockCopy(data, off, b, 0, len);
                return new PVal { Bytes = b, ElementSize = Math.Max(1, f.ElementSize) };
            }
            ulong v = Scalar(file, f, data, out bool signed);
            return new PVal { N = v, Signed = signed && !f.IsPointer };
        }

        /// <summary>The typed field values: long/ulong/bool for scalars, string for char arrays, byte[] or long[] for arrays.</summary>
        public static TraceFieldList DecodeFields(TraceFileContext file, EventFormat format, byte[] data)
        {
            FormatField[] fields = format.Fields;
            string[] names = FieldNames(format);
            var values = new object?[fields.Length];
            for (int i = 0; i < fields.Length; i++)
            {
                FormatField f = fields[i];
                if (f.IsArray)
                {
                    values[i] = ArrayValue(file, f, data);
                    continue;
                }
                ulong v = Scalar(file, f, data, out bool signed);
                if (f.IsBool) values[i] = v != 0;
                else if (signed && !f.IsPointer) values[i] = unchecked((long)v);
                else values[i] = v;
            }
            return new TraceFieldList(names, values);
        }

        /// <summary>The typed value of an array field: string for char arrays, byte[] for byte arrays, long[] for wider elements.</summary>
        public static object ArrayValue(TraceFileContext file, FormatField f, byte[] data)
        {
            Locate(file, f, data, out int off, out int len);
            if (f.IsString) return CString(data, off, len);
            int el = Math.Max(1, f.ElementSize);
            if (el == 1)
            {
                var b = new byte[len];
                Buffer.BlockCopy(data, off, b, 0, len);
                return b;
            }
            var arr = new long[len / el];
            for (int k = 0; k < arr.Length; k++) arr[k] = unchecked((long)file.Number(data.AsSpan(off + k * el), el));
            return arr;
        }

        /// <summary>The names of a format's fields, one array shared by all its events' <see cref="TraceFieldList"/>s.</summary>
        public static string[] FieldNames(EventFormat format) => format.FieldNames ??= Array.ConvertAll(format.Fields, x => x.Name);

        /// <summary>Fields as <c>trace-cmd report -R</c> prints them: <c>name=value</c> separated by spaces.</summary>
        public static string RenderRaw(TraceFileContext file, EventFormat format, byte[] data)
        {
            var sb = new StringBuilder();
            AppendRaw(file, format, data, sb);
            return sb.ToString();
        }

        /// <summary>
        /// Fields as libtraceevent prints them raw ("name=value ..."): it walks the print fmt's conversions along with the
        /// fields, from where the previous field was found, and prints a scalar field with the first conversion of it it
        /// finds (function pointers by name, "%03d" padding, a "0x" written just before); past the last conversion, and
        /// for arrays, strings and fields the format does not print, the value is printed plainly.
        /// </summary>
        public static void AppendRaw(TraceFileContext file, EventFormat format, byte[] data, StringBuilder sb)
        {
            RawPlan plan = format.RawPlan ??= RawPlan.Of(file, format);
            EvalScope? scope = null;
            FormatField[] fields = format.Fields;
            for (int i = 0; i < fields.Length; i++)
            {
                FormatField f = fields[i];
                if (i > 0) sb.Append(' ');
                sb.Append(f.Name).Append('=');
                PrintFormat.FmtItem? item = plan.Items[i];
                if (item != null)
                {
                    int mark = sb.Length;
                    if (plan.Has0x[i]) sb.Append("0x");
                    scope ??= new EvalScope { File = file, Format = format, Data = data };
                    try { Printf.Format(item.Spec, item.Args, scope, sb); }
                    catch (IndexOutOfRangeException) { sb.Length = mark; AppendRawValue(file, f, data, sb); }
                    catch (ArgumentOutOfRangeException) { sb.Length = mark; AppendRawValue(file, f, data, sb); }
                    continue;
                }
                AppendRawValue(file, f, data, sb);
            }
        }

        /// <summary>
        /// For each field of a format, the print fmt conversion its raw value is printed with (null: printed plainly) and
        /// whether a "0x" comes right before it. It depends on the format alone, so it is worked out once per format.
        /// </summary>
        internal sealed class RawPlan
        {
            public PrintFormat.FmtItem?[] Items = Array.Empty<PrintFormat.FmtItem?>();
            public bool[] Has0x = Array.Empty<bool>();

            public static RawPlan Of(TraceFileContext file, EventFormat format)
            {
                PrintFormat? pf = null;
                try { pf = format.Print(file); } catch (FormatException) { pf = null; }
                List<PrintFormat.FmtItem>? items = pf?.Items();
                var plan = new RawPlan { Items = new PrintFormat.FmtItem?[format.Fields.Length], Has0x = new bool[format.Fields.Length] };
                int pos = items != null && items.Count > 0 ? 0 : -1;
                for (int i = 0; i < format.Fields.Length; i++)
                {
                    FormatField f = format.Fields[i];
                    if (pos < 0 || items == null || f.IsArray || f.IsString) continue;
                    int k = pos, found = -1;
                    bool has0x = false;
                    do
                    {
                        PrintFormat.FmtItem it = items[k];
                        if (it.Text != null) has0x = it.Text.Length > 1 && it.Text.EndsWith("0x", StringComparison.Ordinal);
                        else if (ReferenceEquals(it.Field, f)) { found = k; break; }
                        else has0x = false;
                        k = k + 1 < items.Count ? k + 1 : 0;
                    }
                    while (k != pos);
                    if (found < 0) continue;
                    plan.Items[i] = items[found];
                    plan.Has0x[i] = has0x;
                    pos = found + 1 < items.Count ? found + 1 : -1;
                }
                return plan;
            }
        }

        private static void AppendRawValue(TraceFileContext file, FormatField f, byte[] data, StringBuilder sb)
        {
            if (f.IsArray)
            {
                Locate(file, f, data, out int off, out int len);
                if (f.IsRawString && Printable(data, off, len)) { sb.Append(CString(data, off, len)); return; }
                sb.Append("ARRAY[");
                for (int i = 0; i < len; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(data[off + i].ToString("x2", CultureInfo.InvariantCulture));
                }
                sb.Append(']');
                return;
            }
            ulong v = Scalar(file, f, data, out _);
            if (f.IsPointer)
            {
                sb.Append("0x").AppendHex(v);
                return;
            }
            if (f.Signed)
            {
                switch (f.Size)
                {
                    case 4:
                        if (f.IsLong) sb.Append("0x").Append(((uint)v).ToString("x", CultureInfo.InvariantCulture));
                        else sb.Append(((int)v).ToString(CultureInfo.InvariantCulture));
                        return;
                    case 2: sb.Append(((short)v).ToString(CultureInfo.InvariantCulture).PadLeft(2)); return;
                    case 1: sb.Append(((sbyte)v).ToString(CultureInfo.InvariantCulture)); return;
                    default: sb.Append(unchecked((long)v).ToString(CultureInfo.InvariantCulture)); return;
                }
            }
            if (f.IsLong) sb.Append("0x").AppendHex(v);
            else sb.Append(v.ToString(CultureInfo.InvariantCulture));
        }

        private static bool Printable(byte[] d, int off, int len)
        {
            for (int i = off; i < off + len && d[i] != 0; i++)
                if (d[i] < 0x20 || d[i] > 0x7E) return false;
            return true;
        }

        public static string Bitmask(TraceFileContext file, byte[] data, int off, int len)
        {
            // As libtraceevent: hex digits, most significant first, comma every 32 bits, leading zero words trimmed.
            var sb = new StringBuilder();
            int words = len / 4;
            bool started = false;
            for (int w = words - 1; w >= 0; w--)
            {
                uint v = file.U32(data.AsSpan(off + w * 4));
                if (!started && v == 0 && w > 0) continue;
                if (started) sb.Append(',');
                if (started) sb.Append(v.ToString("x8", CultureInfo.InvariantCulture)); else sb.AppendHex(v);
                started = true;
            }
            return sb.ToString();
        }
    }
}
