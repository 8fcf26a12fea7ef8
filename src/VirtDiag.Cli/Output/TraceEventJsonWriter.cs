using System;
using System.Buffers;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Text.Json;
using VirtDiag.Ftrace;

namespace VirtDiag.Cli.Output
{
    /// <summary>
    /// <see cref="TraceEvent"/> as JSON, byte for byte as the generic object writer writes it, but with the three texts
    /// (<c>Info</c>, <c>RawFields</c>, <c>TimestampText</c>) rendered into one reused buffer instead of a string per event,
    /// the repeated strings (comm, event name, path) encoded once, and the fields written without a writer per value.
    /// Properties come in the order the serializer gives them; those not special-cased use the generic property writer.
    /// </summary>
    internal sealed class TraceEventJsonWriter : JsonValueWriter<TraceEvent>, IDeferredInit
    {
        private JsonPropertyWriter<TraceEvent>[] _properties = Array.Empty<JsonPropertyWriter<TraceEvent>>();

        public void Init(JsonWriterCache cache)
        {
            var list = new List<JsonPropertyWriter<TraceEvent>>();
            var strings = new Dictionary<string, JsonEncodedText>(ReferenceEqualityComparer.Instance);
            foreach (PropertyInfo p in ObjectJsonWriter<TraceEvent>.SerializedProperties(typeof(TraceEvent)))
            {
                JsonEncodedText name = JsonEncodedText.Encode(p.Name, cache.Options.Encoder);
                var text = new EncodedStrings(cache.Options.Encoder, strings);
                switch (p.Name)
                {
                    case nameof(TraceEvent.Info): list.Add(new RenderedProperty(name, (e, sb) => e.AppendInfo(sb))); break;
                    case nameof(TraceEvent.RawFields): list.Add(new RenderedProperty(name, (e, sb) => e.AppendRawFields(sb))); break;
                    case nameof(TraceEvent.TimestampText): list.Add(new RenderedProperty(name, (e, sb) => e.AppendTimestampText(sb))); break;
                    case nameof(TraceEvent.Fields): list.Add(new FieldsProperty(name, cache)); break;
                    case nameof(TraceEvent.Machine): list.Add(new CachedStringProperty(name, text, e => e.Machine)); break;
                    case nameof(TraceEvent.Buffer): list.Add(new CachedStringProperty(name, text, e => e.Buffer)); break;
                    case nameof(TraceEvent.Comm): list.Add(new CachedStringProperty(name, text, e => e.Comm)); break;
                    case nameof(TraceEvent.System): list.Add(new CachedStringProperty(name, text, e => e.System)); break;
                    case nameof(TraceEvent.Name): list.Add(new CachedStringProperty(name, text, e => e.Name)); break;
                    case nameof(TraceEvent.LatencyFlags): list.Add(new CachedStringProperty(name, text, e => e.LatencyFlags)); break;
                    case nameof(TraceEvent.Path): list.Add(new CachedStringProperty(name, text, e => e.Path)); break;
                    case nameof(TraceEvent.FullName): list.Add(new FullNameProperty(name, text)); break;
                    default:
                        Type w = typeof(JsonPropertyWriter<,>).MakeGenericType(typeof(TraceEvent), p.PropertyType);
                        list.Add((JsonPropertyWriter<TraceEvent>)Activator.CreateInstance(w, p, cache)!);
                        break;
                }
            }
            _properties = list.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, TraceEvent value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartObject();
            JsonPropertyWriter<TraceEvent>[] props = _properties;
            for (int i = 0; i < props.Length; i++) props[i].Write(writer, value);
            writer.WriteEndObject();
        }

        /// <summary>
        /// Strings seen again and again (the same instance each time) encoded once, a bounded number of them; each property
        /// remembers its last one, which is most often the next one too (path, machine, buffer; a task's run of events).
        /// </summary>
        private sealed class EncodedStrings
        {
            private const int Capacity = 8192;
            private readonly Dictionary<string, JsonEncodedText> _encoded;
            private readonly System.Text.Encodings.Web.JavaScriptEncoder? _encoder;
            private string? _last;
            private JsonEncodedText _lastText;

            public EncodedStrings(System.Text.Encodings.Web.JavaScriptEncoder? encoder, Dictionary<string, JsonEncodedText> shared)
            {
                _encoder = encoder;
                _encoded = shared;
            }

            public void Write(Utf8JsonWriter writer, JsonEncodedText name, string? value)
            {
                if (value is null) { writer.WriteNull(name); return; }
                if (!ReferenceEquals(value, _last))
                {
                    if (!_encoded.TryGetValue(value, out JsonEncodedText text))
                    {
                        if (_encoded.Count >= Capacity) { writer.WriteString(name, value); return; }
                        text = JsonEncodedText.Encode(value, _encoder);
                        _encoded[value] = text;
                    }
                    _last = value;
                    _lastText = text;
                }
                writer.WriteString(name, _lastText);
            }
        }

        private sealed class CachedStringProperty : JsonPropertyWriter<TraceEvent>
        {
            private readonly JsonEncodedText _name;
            private readonly EncodedStrings _text;
            private readonly Func<TraceEvent, string?> _get;

            public CachedStringProperty(JsonEncodedText name, EncodedStrings text, Func<TraceEvent, string?> get) { _name = name; _text = text; _get = get; }

            public override void Write(Utf8JsonWriter writer, TraceEvent owner) => _text.Write(writer, _name, _get(owner));
        }

        /// <summary><c>system:name</c> is made per access; it is looked up by the event name's instance and its system's.</summary>
        private sealed class FullNameProperty : JsonPropertyWriter<TraceEvent>
        {
            private readonly JsonEncodedText _name;
            private readonly EncodedStrings _text;
            private readonly Dictionary<string, (string System, string FullName)> _byName = new(ReferenceEqualityComparer.Instance);
            private string? _lastName, _lastSystem, _lastFull;

            public FullNameProperty(JsonEncodedText name, EncodedStrings text) { _name = name; _text = text; }

            public override void Write(Utf8JsonWriter writer, TraceEvent owner)
            {
                if (!ReferenceEquals(owner.Name, _lastName) || !ReferenceEquals(owner.System, _lastSystem))
                {
                    if (!_byName.TryGetValue(owner.Name, out var known) || !ReferenceEquals(known.System, owner.System))
                    {
                        known = (owner.System, owner.FullName);
                        if (_byName.Count < 8192) _byName[owner.Name] = known;
                    }
                    _lastName = owner.Name;
                    _lastSystem = owner.System;
                    _lastFull = known.FullName;
                }
                _text.Write(writer, _name, _lastFull);
            }
        }

        /// <summary>A text the event appends to a builder: rendered into one reused buffer and written from there.</summary>
        private sealed class RenderedProperty : JsonPropertyWriter<TraceEvent>
        {
            private readonly JsonEncodedText _name;
            private readonly Action<TraceEvent, StringBuilder> _render;
            private readonly StringBuilder _text = new(256);
            private char[] _chars = new char[256];

            public RenderedProperty(JsonEncodedText name, Action<TraceEvent, StringBuilder> render) { _name = name; _render = render; }

            public override void Write(Utf8JsonWriter writer, TraceEvent owner)
            {
                StringBuilder sb = _text.Clear();
                _render(owner, sb);
                int n = sb.Length;
                if (_chars.Length < n) _chars = new char[Math.Max(n, _chars.Length * 2)];
                sb.CopyTo(0, _chars, 0, n);
                writer.WriteString(_name, new ReadOnlySpan<char>(_chars, 0, n));
                // a huge text (a long print) does not keep a huge buffer for every later event
                if (sb.Capacity > 1 << 16) { _text.Capacity = 256; _chars = new char[256]; }
            }
        }

        /// <summary>The fields as the serializer writes a list of key/value pairs: <c>[{"Key":name,"Value":value},…]</c>.</summary>
        private sealed class FieldsProperty : JsonPropertyWriter<TraceEvent>
        {
            private static readonly JsonEncodedText s_key = JsonEncodedText.Encode("Key");
            private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("Value");
            private readonly JsonEncodedText _name;
            private readonly JsonValueWriter<object?> _other;
            private readonly Dictionary<IReadOnlyList<string>, JsonEncodedText[]> _keys = new(ReferenceEqualityComparer.Instance);
            private IReadOnlyList<string>? _lastNames;
            private JsonEncodedText[] _lastKeys = Array.Empty<JsonEncodedText>();
            private readonly System.Text.Encodings.Web.JavaScriptEncoder? _encoder;

            public FieldsProperty(JsonEncodedText name, JsonWriterCache cache)
            {
                _name = name;
                _other = cache.For<object?>();
                _encoder = cache.Options.Encoder;
            }

            // the names of a format's fields are one list shared by its events: encoded once per format
            private JsonEncodedText[] Keys(IReadOnlyList<string> names)
            {
                if (ReferenceEquals(names, _lastNames)) return _lastKeys;
                if (!_keys.TryGetValue(names, out JsonEncodedText[]? keys))
                {
                    keys = new JsonEncodedText[names.Count];
                    for (int i = 0; i < keys.Length; i++) keys[i] = JsonEncodedText.Encode(names[i], _encoder);
                    if (_keys.Count < 8192) _keys[names] = keys;
                }
                _lastNames = names;
                _lastKeys = keys;
                return keys;
            }

            public override void Write(Utf8JsonWriter writer, TraceEvent owner)
            {
                writer.WritePropertyName(_name);
                writer.WriteStartArray();
                if (owner.Format != null) WriteFromRecord(writer, owner.File!, owner.Format, owner.Data!);
                else WriteList(writer, owner.Fields);
                writer.WriteEndArray();
            }

            // the values TraceEvent.Fields would hold, read from the record as it decodes them, written without boxing
            private void WriteFromRecord(Utf8JsonWriter writer, TraceFileContext file, EventFormat format, byte[] data)
            {
                FormatField[] fields = format.Fields;
                JsonEncodedText[] keys = Keys(EventDecoder.FieldNames(format));
                for (int i = 0; i < fields.Length; i++)
                {
                    FormatField f = fields[i];
                    writer.WriteStartObject();
                    writer.WriteString(s_key, keys[i]);
                    writer.WritePropertyName(s_value);
                    if (f.IsArray)
                    {
                        object value = EventDecoder.ArrayValue(file, f, data);
                        if (value is string s) writer.WriteStringValue(s);
                        else _other.Write(writer, value);
                    }
                    else
                    {
                        ulong v = EventDecoder.Scalar(file, f, data, out bool signed);
                        if (f.IsBool) writer.WriteBooleanValue(v != 0);
                        else if (signed && !f.IsPointer) writer.WriteNumberValue(unchecked((long)v));
                        else writer.WriteNumberValue(v);
                    }
                    writer.WriteEndObject();
                }
            }

            private void WriteList(Utf8JsonWriter writer, TraceFieldList fields)
            {
                JsonEncodedText[] keys = Keys(fields.Names);
                for (int i = 0; i < keys.Length; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteString(s_key, keys[i]);
                    writer.WritePropertyName(s_value);
                    switch (fields[i].Value)
                    {
                        case long l: writer.WriteNumberValue(l); break;
                        case ulong u: writer.WriteNumberValue(u); break;
                        case string s: writer.WriteStringValue(s); break;
                        case bool b: writer.WriteBooleanValue(b); break;
                        case null: writer.WriteNullValue(); break;
                        case object other: _other.Write(writer, other); break;
                    }
                    writer.WriteEndObject();
                }
            }
        }
    }
}
