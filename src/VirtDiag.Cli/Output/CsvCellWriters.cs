using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace VirtDiag.Cli.Output
{
    /// <summary>Writes one CSV cell of a record: scalars as <see cref="RecordWriter.Text"/> writes them, nested objects as JSON, quoted when needed.</summary>
    internal abstract class CsvCellWriter
    {
        public abstract void Write(CsvLine line, object record);

        /// <summary>The cell writer of one property: typed for the common scalars, the general text or JSON path for the rest.</summary>
        public static CsvCellWriter For(Type ownerType, PropertyInfo property)
        {
            Type t = property.PropertyType;
            Type? cell = t == typeof(string) ? typeof(StringCell<>)
                : t == typeof(int) ? typeof(Int32Cell<>)
                : t == typeof(long) ? typeof(Int64Cell<>)
                : t == typeof(int?) ? typeof(NullableInt32Cell<>)
                : t == typeof(long?) ? typeof(NullableInt64Cell<>)
                : t == typeof(DateTimeOffset) ? typeof(DateTimeOffsetCell<>)
                : t == typeof(DateTimeOffset?) ? typeof(NullableDateTimeOffsetCell<>)
                : null;
            if (cell != null) return (CsvCellWriter)Activator.CreateInstance(cell.MakeGenericType(ownerType), property)!;
            if (t.IsEnum) return (CsvCellWriter)Activator.CreateInstance(typeof(EnumCell<,>).MakeGenericType(ownerType, t), property)!;
            return new BoxedCell(Getters.CompileBoxed(ownerType, property));
        }

        private static Func<object, TValue> Typed<TOwner, TValue>(PropertyInfo property)
        {
            Func<TOwner, TValue> get = Getters.Compile<TOwner, TValue>(property);
            return o => get((TOwner)o);
        }

        private sealed class StringCell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, string?> _get;
            public StringCell(PropertyInfo p) { _get = Typed<TOwner, string?>(p); }
            public override void Write(CsvLine line, object record) => line.WriteText(_get(record));
        }

        private sealed class Int32Cell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, int> _get;
            public Int32Cell(PropertyInfo p) { _get = Typed<TOwner, int>(p); }
            public override void Write(CsvLine line, object record) => line.WriteInt64(_get(record));
        }

        private sealed class Int64Cell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, long> _get;
            public Int64Cell(PropertyInfo p) { _get = Typed<TOwner, long>(p); }
            public override void Write(CsvLine line, object record) => line.WriteInt64(_get(record));
        }

        private sealed class NullableInt32Cell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, int?> _get;
            public NullableInt32Cell(PropertyInfo p) { _get = Typed<TOwner, int?>(p); }
            public override void Write(CsvLine line, object record)
            {
                int? v = _get(record);
                if (v.HasValue) line.WriteInt64(v.Value);
            }
        }

        private sealed class NullableInt64Cell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, long?> _get;
            public NullableInt64Cell(PropertyInfo p) { _get = Typed<TOwner, long?>(p); }
            public override void Write(CsvLine line, object record)
            {
                long? v = _get(record);
                if (v.HasValue) line.WriteInt64(v.Value);
            }
        }

        private sealed class DateTimeOffsetCell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, DateTimeOffset> _get;
            public DateTimeOffsetCell(PropertyInfo p) { _get = Typed<TOwner, DateTimeOffset>(p); }
            public override void Write(CsvLine line, object record) => line.WriteDateTimeOffset(_get(record));
        }

        private sealed class NullableDateTimeOffsetCell<TOwner> : CsvCellWriter
        {
            private readonly Func<object, DateTimeOffset?> _get;
            public NullableDateTimeOffsetCell(PropertyInfo p) { _get = Typed<TOwner, DateTimeOffset?>(p); }
            public override void Write(CsvLine line, object record)
            {
                DateTimeOffset? v = _get(record);
                if (v.HasValue) line.WriteDateTimeOffset(v.Value);
            }
        }

        private sealed class EnumCell<TOwner, TEnum> : CsvCellWriter where TEnum : struct, Enum
        {
            private const int MaxCached = 256;
            private readonly Func<object, TEnum> _get;
            private readonly Dictionary<TEnum, byte[]> _names = new();
            public EnumCell(PropertyInfo p) { _get = Typed<TOwner, TEnum>(p); }
            public override void Write(CsvLine line, object record)
            {
                TEnum v = _get(record);
                if (!_names.TryGetValue(v, out byte[]? name))
                {
                    name = Encoding.UTF8.GetBytes(CsvLine.Quote(RecordWriter.Text(v)));
                    if (_names.Count < MaxCached) _names[v] = name;
                }
                line.WriteRaw(name);
            }
        }

        /// <summary>Any other property: boxed, then text for scalars and JSON for nested values (the general path).</summary>
        private sealed class BoxedCell : CsvCellWriter
        {
            private readonly Func<object, object?> _get;
            public BoxedCell(Func<object, object?> get) { _get = get; }
            public override void Write(CsvLine line, object record) => line.WriteValue(_get(record));
        }
    }

    /// <summary>The output of one CSV line: cells written as UTF-8 into the pooled buffer, quoted per RFC 4180 when they hold a comma, quote or line break.</summary>
    internal sealed class CsvLine
    {
        private readonly PooledBufferWriter _out;
        private readonly Action<PooledBufferWriter, object> _json;
        private readonly PooledBufferWriter _cell = new PooledBufferWriter(4096);
        private char[] _chars = new char[256];

        public CsvLine(PooledBufferWriter output, Action<PooledBufferWriter, object> json)
        {
            _out = output;
            _json = json;
        }

        public void WriteRaw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

        public void Separator() => _out.Write((byte)',');

        public void WriteText(string? s)
        {
            if (s is null) return;
            if (s.AsSpan().IndexOfAny('\n', '\r') >= 0) s = s.Replace('\n', ' ').Replace('\r', ' ');
            WriteCell(s);
        }

        /// <summary>The text in <paramref name="text"/> as <see cref="WriteText(string)"/> writes it, without making a string.</summary>
        public void WriteText(StringBuilder text)
        {
            int n = text.Length;
            if (_chars.Length < n) _chars = new char[Math.Max(n, _chars.Length * 2)];
            text.CopyTo(0, _chars, 0, n);
            Span<char> chars = _chars.AsSpan(0, n);
            bool quote = false;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c == '\n' || c == '\r') chars[i] = ' ';
                else if (c == ',' || c == '"') quote = true;
            }
            if (!quote)
            {
                Span<byte> span = _out.GetSpan(Encoding.UTF8.GetMaxByteCount(n));
                _out.Advance(Encoding.UTF8.GetBytes(chars, span));
            }
            else WriteCell(new string(chars));
            if (_chars.Length > 1 << 16) _chars = new char[256];
        }

        /// <summary>A cell that is JSON already written as UTF-8 (quoted as <see cref="WriteValue"/> quotes nested objects).</summary>
        public void WriteJson(Action<PooledBufferWriter> write)
        {
            _cell.Clear();
            write(_cell);
            WriteQuoted(_cell.WrittenSpan);
        }

        public void WriteInt64(long v)
        {
            Span<byte> span = _out.GetSpan(24);
            Utf8Formatter.TryFormat(v, span, out int n);
            _out.Advance(n);
        }

        public void WriteDateTimeOffset(DateTimeOffset d)
        {
            Span<char> chars = stackalloc char[40];
            d.TryFormat(chars, out int n, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            Span<byte> span = _out.GetSpan(n);
            for (int i = 0; i < n; i++) span[i] = (byte)chars[i];
            _out.Advance(n);
        }

        public void WriteValue(object? value)
        {
            if (value is null) return;
            if (RecordWriter.IsScalar(value.GetType()))
            {
                WriteCell(RecordWriter.Text(value));
                return;
            }
            _cell.Clear();
            _json(_cell, value);
            WriteQuoted(_cell.WrittenSpan);
        }

        /// <summary>UTF-8 text as one cell: quoted, with quotes doubled, when it holds a comma, quote or line break.</summary>
        private void WriteQuoted(ReadOnlySpan<byte> text)
        {
            if (text.IndexOfAny((byte)',', (byte)'"') < 0 && text.IndexOfAny((byte)'\n', (byte)'\r') < 0)
            {
                _out.Write(text);
                return;
            }
            _out.Write((byte)'"');
            while (true)
            {
                int q = text.IndexOf((byte)'"');
                if (q < 0) break;
                _out.Write(text.Slice(0, q + 1));
                _out.Write((byte)'"');
                text = text.Slice(q + 1);
            }
            _out.Write(text);
            _out.Write((byte)'"');
        }

        private void WriteCell(string s)
        {
            s = Quote(s);
            Span<byte> span = _out.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
            _out.Advance(Encoding.UTF8.GetBytes(s, span));
        }

        public static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
    }
}
