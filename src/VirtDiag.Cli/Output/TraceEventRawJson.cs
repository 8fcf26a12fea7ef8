using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VirtDiag.Ftrace;

namespace VirtDiag.Cli.Output
{
    /// <summary>
    /// A <see cref="TraceEvent"/> as one JSON object written as bytes straight into the output buffer: the bytes the
    /// serializer writes (property order, escaping of the contract's encoder), without a <see cref="Utf8JsonWriter"/> call
    /// per token. Trace events are the one record type that comes by the million, so its writer is worth the special
    /// case; <see cref="TryCreate"/> gives null when TraceEvent has a property this writer does not know, and the generic
    /// writer is used.
    /// </summary>
    internal sealed class TraceEventRawJson
    {
        private enum Kind { Int64, Int32, NullableInt32, CachedString, Fields, Info, RawFields, TimestampText, FullName }

        private readonly Kind[] _kinds;
        private readonly Func<TraceEvent, long>[] _int64;
        private readonly Func<TraceEvent, int>[] _int32;
        private readonly Func<TraceEvent, int?>[] _nullable;
        private readonly Func<TraceEvent, string?>[] _strings;
        private readonly int[] _slot;
        private readonly byte[][] _prefix;                 // {"Name": for the first property, ,"Name": for the others
        private readonly string?[] _lastString;            // per string property: its last value (same instance) ...
        private byte[][] _lastBytes;                       // ... and that value's JSON (quotes and escaping included)
        private readonly Dictionary<string, byte[]> _encoded = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<IReadOnlyList<string>, byte[][]> _keys = new(ReferenceEqualityComparer.Instance);
        private IReadOnlyList<string>? _lastNames;
        private byte[][] _lastKeys = Array.Empty<byte[]>();
        private readonly Dictionary<(string System, string Name), byte[]> _fullNames = new();
        private string? _lastSystem, _lastName;
        private byte[] _lastFullName = Array.Empty<byte>();
        private readonly JavaScriptEncoder _encoder;
        private readonly JsonValueWriter<object?> _other;
        private readonly Utf8JsonWriter _otherWriter;
        private readonly StringBuilder _text = new(256);
        private char[] _chars = new char[256];

        private static readonly byte[] s_null = Encoding.ASCII.GetBytes("null");
        private static readonly byte[] s_true = Encoding.ASCII.GetBytes("true");
        private static readonly byte[] s_false = Encoding.ASCII.GetBytes("false");
        private static readonly byte[] s_keyOpen = Encoding.ASCII.GetBytes("{\"Key\":");
        private static readonly byte[] s_valueOpen = Encoding.ASCII.GetBytes(",\"Value\":");

        private TraceEventRawJson(List<(Kind Kind, string Name, PropertyInfo Property)> plan, JsonWriterCache cache)
        {
            _encoder = cache.Options.Encoder as JavaScriptEncoder ?? JavaScriptEncoder.Default;
            _other = cache.For<object?>();
            _otherWriter = new Utf8JsonWriter(new ArrayBufferWriter<byte>(), new JsonWriterOptions { Encoder = _encoder, SkipValidation = true });
            int n = plan.Count;
            _kinds = new Kind[n];
            _prefix = new byte[n][];
            _slot = new int[n];
            var i64 = new List<Func<TraceEvent, long>>();
            var i32 = new List<Func<TraceEvent, int>>();
            var nul = new List<Func<TraceEvent, int?>>();
            var str = new List<Func<TraceEvent, string?>>();
            for (int i = 0; i < n; i++)
            {
                (Kind kind, string name, PropertyInfo p) = plan[i];
                _kinds[i] = kind;
                _prefix[i] = Encoding.UTF8.GetBytes((i == 0 ? "{" : ",") + "\"" + name + "\":");
                switch (kind)
                {
                    case Kind.Int64: _slot[i] = i64.Count; i64.Add(Getters.Compile<TraceEvent, long>(p)); break;
                    case Kind.Int32: _slot[i] = i32.Count; i32.Add(Getters.Compile<TraceEvent, int>(p)); break;
                    case Kind.NullableInt32: _slot[i] = nul.Count; nul.Add(Getters.Compile<TraceEvent, int?>(p)); break;
                    case Kind.CachedString: _slot[i] = str.Count; str.Add(Getters.Compile<TraceEvent, string?>(p)); break;
                }
            }
            _int64 = i64.ToArray();
            _int32 = i32.ToArray();
            _nullable = nul.ToArray();
            _strings = str.ToArray();
            _lastString = new string?[_strings.Length];
            _lastBytes = new byte[_strings.Length][];
        }

        /// <summary>A trace event inside another record (a timeline entry's Record): these bytes, handed over as a raw value.</summary>
        internal sealed class ValueWriter : JsonValueWriter<TraceEvent>
        {
            private readonly TraceEventRawJson _raw;
            private readonly PooledBufferWriter _bytes = new(1024);

            public ValueWriter(TraceEventRawJson raw) { _raw = raw; }

            public override void Write(Utf8JsonWriter writer, TraceEvent value)
            {
                if (value is null)
                {
                    writer.WriteNullValue();
                    return;
                }
                _bytes.Clear();
                _raw.Write(_bytes, value);
                writer.WriteRawValue(_bytes.WrittenSpan, skipInputValidation: true);
            }
        }

        /// <summary>The writer, or null when a serialized property of TraceEvent is not one this writer knows.</summary>
        public static TraceEventRawJson? TryCreate(JsonWriterCache cache)
        {
            var plan = new List<(Kind, string, PropertyInfo)>();
            foreach (PropertyInfo p in ObjectJsonWriter<TraceEvent>.SerializedProperties(typeof(TraceEvent)))
            {
                Kind kind;
                switch (p.Name)
                {
                    case nameof(TraceEvent.Fields): kind = Kind.Fields; break;
                    case nameof(TraceEvent.Info): kind = Kind.Info; break;
                    case nameof(TraceEvent.RawFields): kind = Kind.RawFields; break;
                    case nameof(TraceEvent.TimestampText): kind = Kind.TimestampText; break;
                    case nameof(TraceEvent.FullName): kind = Kind.FullName; break;
                    default:
                        if (p.PropertyType == typeof(long)) kind = Kind.Int64;
                        else if (p.PropertyType == typeof(int)) kind = Kind.Int32;
                        else if (p.PropertyType == typeof(int?)) kind = Kind.NullableInt32;
                        else if (p.PropertyType == typeof(string)) kind = Kind.CachedString;
                        else return null;
                        break;
                }
                plan.Add((kind, p.Name, p));
            }
            // names that would need escaping are not expected; leave them to the generic writer
            foreach (var (_, name, _) in plan)
                if (JsonEncodedText.Encode(name, cache.Options.Encoder).ToString() != name) return null;
            return new TraceEventRawJson(plan, cache);
        }

        public void Write(PooledBufferWriter o, TraceEvent e)
        {
            Kind[] kinds = _kinds;
            for (int i = 0; i < kinds.Length; i++)
            {
                o.Write(_prefix[i]);
                switch (kinds[i])
                {
                    case Kind.Int64: WriteNumber(o, _int64[_slot[i]](e)); break;
                    case Kind.Int32: WriteNumber(o, _int32[_slot[i]](e)); break;
                    case Kind.NullableInt32:
                        int? v = _nullable[_slot[i]](e);
                        if (v.HasValue) WriteNumber(o, v.Value); else o.Write(s_null);
                        break;
                    case Kind.CachedString: WriteCached(o, _slot[i], _strings[_slot[i]](e)); break;
                    case Kind.FullName: WriteFullName(o, e); break;
                    case Kind.Fields: WriteFields(o, e); break;
                    case Kind.Info: e.AppendInfo(_text.Clear()); WriteText(o); break;
                    case Kind.RawFields: e.AppendRawFields(_text.Clear()); WriteText(o); break;
                    case Kind.TimestampText: e.AppendTimestampText(_text.Clear()); WriteText(o); break;
                }
            }
            o.Write((byte)'}');
        }

        private static void WriteNumber(PooledBufferWriter o, long v)
        {
            Span<byte> span = o.GetSpan(24);
            Utf8Formatter.TryFormat(v, span, out int n);
            o.Advance(n);
        }

        private static void WriteNumber(PooledBufferWriter o, ulong v)
        {
            Span<byte> span = o.GetSpan(24);
            Utf8Formatter.TryFormat(v, span, out int n);
            o.Advance(n);
        }

        // a string seen again and again (the same instance: comm, event name, path) is escaped once
        private void WriteCached(PooledBufferWriter o, int slot, string? value)
        {
            if (value is null) { o.Write(s_null); return; }
            if (!ReferenceEquals(value, _lastString[slot]))
            {
                if (!_encoded.TryGetValue(value, out byte[]? bytes))
                {
                    bytes = Quoted(value.AsSpan());
                    if (_encoded.Count >= 8192) { o.Write(bytes); return; }
                    _encoded[value] = bytes;
                }
                _lastString[slot] = value;
                _lastBytes[slot] = bytes;
            }
            o.Write(_lastBytes[slot]);
        }

        // system:name, looked up by the two strings' contents only when they are not the last event's instances
        private void WriteFullName(PooledBufferWriter o, TraceEvent e)
        {
            if (!ReferenceEquals(e.System, _lastSystem) || !ReferenceEquals(e.Name, _lastName))
            {
                if (!_fullNames.TryGetValue((e.System, e.Name), out byte[]? bytes))
                {
                    bytes = Quoted(e.FullName.AsSpan());
                    if (_fullNames.Count < 8192) _fullNames[(e.System, e.Name)] = bytes;
                }
                _lastSystem = e.System;
                _lastName = e.Name;
                _lastFullName = bytes;
            }
            o.Write(_lastFullName);
        }

        private byte[] Quoted(ReadOnlySpan<char> text)
        {
            var buffer = new PooledBufferWriter(Math.Max(64, text.Length * 6 + 2));
            try
            {
                WriteString(buffer, text);
                return buffer.WrittenSpan.ToArray();
            }
            finally { buffer.Dispose(); }
        }

        // the builder's text as a JSON string
        private void WriteText(PooledBufferWriter o)
        {
            StringBuilder sb = _text;
            int n = sb.Length;
            if (_chars.Length < n) _chars = new char[Math.Max(n, _chars.Length * 2)];
            sb.CopyTo(0, _chars, 0, n);
            WriteString(o, new ReadOnlySpan<char>(_chars, 0, n));
            // a huge text (a long print) does not keep a huge buffer for every later event
            if (sb.Capacity > 1 << 16) { sb.Capacity = 256; _chars = new char[256]; }
        }

        /// <summary>
        /// A JSON string: printable ASCII that the encoder leaves alone (nearly every trace text) is copied as it is;
        /// anything else is escaped by <see cref="JsonEncodedText"/>, as the serializer escapes it.
        /// </summary>
        private void WriteString(PooledBufferWriter o, ReadOnlySpan<char> text)
        {
            Span<byte> span = o.GetSpan(text.Length + 2);
            span[0] = (byte)'"';
            bool plain = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x20 || c > 0x7E) { plain = false; break; }
                span[i + 1] = (byte)c;
            }
            if (plain && _encoder.FindFirstCharacterToEncodeUtf8(span.Slice(1, text.Length)) < 0)
            {
                span[text.Length + 1] = (byte)'"';
                o.Advance(text.Length + 2);
                return;
            }
            JsonEncodedText escaped = JsonEncodedText.Encode(text, _encoder);
            o.Write((byte)'"');
            o.Write(escaped.EncodedUtf8Bytes);
            o.Write((byte)'"');
        }

        private byte[][] Keys(IReadOnlyList<string> names)
        {
            if (ReferenceEquals(names, _lastNames)) return _lastKeys;
            if (!_keys.TryGetValue(names, out byte[][]? keys))
            {
                keys = new byte[names.Count][];
                for (int i = 0; i < keys.Length; i++) keys[i] = Quoted(names[i].AsSpan());
                if (_keys.Count < 8192) _keys[names] = keys;
            }
            _lastNames = names;
            _lastKeys = keys;
            return keys;
        }

        /// <summary>
        /// CSV cells of a trace event that would otherwise make strings per event: Info, RawFields and TimestampText are
        /// rendered into one reused builder (Info is not kept on the event), Fields is this writer's JSON of them.
        /// </summary>
        public CsvCellWriter? CsvCell(string property)
        {
            switch (property)
            {
                case nameof(TraceEvent.Info): return new TextCell((e, sb) => e.AppendInfo(sb));
                case nameof(TraceEvent.RawFields): return new TextCell((e, sb) => e.AppendRawFields(sb));
                case nameof(TraceEvent.TimestampText): return new TextCell((e, sb) => e.AppendTimestampText(sb));
                case nameof(TraceEvent.Fields): return new FieldsCell(this);
                default: return null;
            }
        }

        private sealed class TextCell : CsvCellWriter
        {
            private readonly Action<TraceEvent, StringBuilder> _render;
            private readonly StringBuilder _text = new(256);

            public TextCell(Action<TraceEvent, StringBuilder> render) { _render = render; }

            public override void Write(CsvLine line, object record)
            {
                _render((TraceEvent)record, _text.Clear());
                line.WriteText(_text);
                if (_text.Capacity > 1 << 16) _text.Capacity = 256;
            }
        }

        private sealed class FieldsCell : CsvCellWriter
        {
            private readonly TraceEventRawJson _json;
            private TraceEvent? _event;
            private readonly Action<PooledBufferWriter> _write;

            public FieldsCell(TraceEventRawJson json) { _json = json; _write = o => _json.WriteFields(o, _event!); }

            public override void Write(CsvLine line, object record)
            {
                _event = (TraceEvent)record;
                line.WriteJson(_write);
                _event = null;
            }
        }

        // [{"Key":name,"Value":value},…] with the values TraceEvent.Fields holds, read from the record bytes when it has them
        private void WriteFields(PooledBufferWriter o, TraceEvent e)
        {
            o.Write((byte)'[');
            if (e.Format is EventFormat format)
            {
                FormatField[] fields = format.Fields;
                byte[][] keys = Keys(EventDecoder.FieldNames(format));
                TraceFileContext file = e.File!;
                byte[] data = e.Data!;
                for (int i = 0; i < fields.Length; i++)
                {
                    FormatField f = fields[i];
                    if (i > 0) o.Write((byte)',');
                    o.Write(s_keyOpen);
                    o.Write(keys[i]);
                    o.Write(s_valueOpen);
                    if (f.IsArray) WriteValue(o, EventDecoder.ArrayValue(file, f, data));
                    else
                    {
                        ulong v = EventDecoder.Scalar(file, f, data, out bool signed);
                        if (f.IsBool) o.Write(v != 0 ? s_true : s_false);
                        else if (signed && !f.IsPointer) WriteNumber(o, unchecked((long)v));
                        else WriteNumber(o, v);
                    }
                    o.Write((byte)'}');
                }
            }
            else
            {
                TraceFieldList list = e.Fields;
                byte[][] keys = Keys(list.Names);
                for (int i = 0; i < keys.Length; i++)
                {
                    if (i > 0) o.Write((byte)',');
                    o.Write(s_keyOpen);
                    o.Write(keys[i]);
                    o.Write(s_valueOpen);
                    WriteValue(o, list[i].Value);
                    o.Write((byte)'}');
                }
            }
            o.Write((byte)']');
        }

        private void WriteValue(PooledBufferWriter o, object? value)
        {
            switch (value)
            {
                case null: o.Write(s_null); break;
                case long l: WriteNumber(o, l); break;
                case ulong u: WriteNumber(o, u); break;
                case bool b: o.Write(b ? s_true : s_false); break;
                case string s: WriteString(o, s.AsSpan()); break;
                default:
                    // arrays and anything else: the generic value writer, on its own writer over this buffer
                    _otherWriter.Reset(o);
                    _other.Write(_otherWriter, value);
                    _otherWriter.Flush();
                    break;
            }
        }
    }
}
