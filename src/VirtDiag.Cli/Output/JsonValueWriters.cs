using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace VirtDiag.Cli.Output
{
    /// <summary>
    /// Pre-built JSON writers per type: one compiled getter and one typed value writer per property, made once per record
    /// type and reused for every record, with the output of <see cref="JsonSerializer"/> under <see cref="RecordWriter.CreateJsonOptions"/>
    /// (public readable properties in declaration order, enums by name, TimeSpan as seconds, object-typed values by their
    /// runtime type). Types it does not know (dictionaries, System types other than the scalars) go to the serializer itself.
    /// </summary>
    internal sealed class JsonWriterCache
    {
        private readonly Dictionary<Type, JsonValueWriter> _writers = new();
        private readonly List<object> _open = new();
        private Type? _lastType;
        private JsonValueWriter? _last;

        public JsonWriterCache(JsonSerializerOptions options)
        {
            Options = options;
        }

        public JsonSerializerOptions Options { get; }

        /// <summary>Writes <paramref name="value"/> (not null) as its runtime type.</summary>
        public void WriteRuntime(Utf8JsonWriter writer, object value)
        {
            Type t = value.GetType();
            if (!ReferenceEquals(t, _lastType))
            {
                _last = For(t);
                _lastType = t;
            }
            _last!.WriteBoxed(writer, value);
        }

        /// <summary>The writer for values declared as <paramref name="type"/>.</summary>
        public JsonValueWriter For(Type type)
        {
            if (_writers.TryGetValue(type, out JsonValueWriter? w)) return w;
            w = Create(type);
            _writers[type] = w;
            if (w is IDeferredInit deferred) deferred.Init(this);
            return w;
        }

        public JsonValueWriter<T> For<T>() => (JsonValueWriter<T>)For(typeof(T));

        /// <summary>
        /// Starts writing the object or collection <paramref name="value"/>; false when it is already being written
        /// further up (a reference cycle), where the serializer's <see cref="System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles"/> writes null.
        /// </summary>
        public bool Enter(object value)
        {
            for (int i = 0; i < _open.Count; i++)
            {
                if (ReferenceEquals(_open[i], value)) return false;
            }
            _open.Add(value);
            return true;
        }

        public void Exit() => _open.RemoveAt(_open.Count - 1);

        /// <summary>Forgets what a record that failed half-way left open.</summary>
        public void BeginRecord() => _open.Clear();

        private JsonValueWriter Create(Type t)
        {
            if (t == typeof(object)) return new PolymorphicJsonWriter(this);
            if (t == typeof(string)) return new StringJsonWriter();
            if (t == typeof(bool)) return new BoolJsonWriter();
            if (t == typeof(int)) return new Int32JsonWriter();
            if (t == typeof(long)) return new Int64JsonWriter();
            if (t == typeof(uint)) return new UInt32JsonWriter();
            if (t == typeof(ulong)) return new UInt64JsonWriter();
            if (t == typeof(short)) return new Int16JsonWriter();
            if (t == typeof(ushort)) return new UInt16JsonWriter();
            if (t == typeof(byte)) return new ByteJsonWriter();
            if (t == typeof(sbyte)) return new SByteJsonWriter();
            if (t == typeof(double)) return new DoubleJsonWriter();
            if (t == typeof(float)) return new SingleJsonWriter();
            if (t == typeof(decimal)) return new DecimalJsonWriter();
            if (t == typeof(char)) return new CharJsonWriter();
            if (t == typeof(DateTimeOffset)) return new DateTimeOffsetJsonWriter();
            if (t == typeof(DateTime)) return new DateTimeJsonWriter();
            if (t == typeof(TimeSpan)) return new TimeSpanSecondsJsonWriter();
            if (t == typeof(Guid)) return new GuidJsonWriter();
            if (t == typeof(byte[])) return new BytesJsonWriter();
            if (t == typeof(TraceEvent)) return TraceEventRawJson.TryCreate(this) is TraceEventRawJson raw ? new TraceEventRawJson.ValueWriter(raw) : Make(typeof(ObjectJsonWriter<>), t);
            if (t.IsEnum) return Make(typeof(EnumJsonWriter<>), t);
            Type? underlying = Nullable.GetUnderlyingType(t);
            if (underlying != null)
            {
                return IsKnown(underlying) ? Make(typeof(NullableJsonWriter<>), underlying) : Make(typeof(SerializerJsonWriter<>), t);
            }
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)) return Make(typeof(ObjectJsonWriter<>), t);
            if (IsDictionary(t) || t.IsPointer || t.IsByRef || typeof(Delegate).IsAssignableFrom(t) || IsSystemType(t) && !typeof(IEnumerable).IsAssignableFrom(t))
            {
                return Make(typeof(SerializerJsonWriter<>), t);
            }
            if (typeof(IEnumerable).IsAssignableFrom(t))
            {
                Type? element = EnumerableElement(t);
                return element != null ? Make(typeof(EnumerableJsonWriter<,>), t, element) : Make(typeof(UntypedEnumerableJsonWriter<>), t);
            }
            return Make(typeof(ObjectJsonWriter<>), t);
        }

        private bool IsKnown(Type t) => !(Create(t) is ISerializerFallback);

        private static bool IsSystemType(Type t) => t.Namespace != null && (t.Namespace == "System" || t.Namespace.StartsWith("System.", StringComparison.Ordinal));

        private static bool IsDictionary(Type t)
        {
            if (typeof(IDictionary).IsAssignableFrom(t)) return true;
            foreach (Type i in Interfaces(t))
            {
                if (!i.IsGenericType) continue;
                Type d = i.GetGenericTypeDefinition();
                if (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)) return true;
            }
            return false;
        }

        private static Type? EnumerableElement(Type t)
        {
            foreach (Type i in Interfaces(t))
            {
                if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return i.GetGenericArguments()[0];
            }
            return null;
        }

        private static IEnumerable<Type> Interfaces(Type t) => t.IsInterface ? new[] { t }.Concat(t.GetInterfaces()) : t.GetInterfaces();

        private static JsonValueWriter Make(Type generic, params Type[] args) => (JsonValueWriter)Activator.CreateInstance(generic.MakeGenericType(args))!;
    }

    /// <summary>Writers whose parts are looked up after they are cached (so a type may contain itself).</summary>
    internal interface IDeferredInit
    {
        void Init(JsonWriterCache cache);
    }

    /// <summary>Marks the writer that hands a value to <see cref="JsonSerializer"/>.</summary>
    internal interface ISerializerFallback
    {
    }

    /// <summary>Writes one value of any type.</summary>
    internal abstract class JsonValueWriter
    {
        public abstract void WriteBoxed(Utf8JsonWriter writer, object? value);
    }

    /// <summary>Writes one value of type <typeparamref name="T"/> without boxing.</summary>
    internal abstract class JsonValueWriter<T> : JsonValueWriter
    {
        public abstract void Write(Utf8JsonWriter writer, T value);

        public override void WriteBoxed(Utf8JsonWriter writer, object? value)
        {
            if (value is null) writer.WriteNullValue();
            else Write(writer, (T)value);
        }
    }

    internal sealed class StringJsonWriter : JsonValueWriter<string?>
    {
        public override void Write(Utf8JsonWriter writer, string? value)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }
    }

    internal sealed class BoolJsonWriter : JsonValueWriter<bool>
    {
        public override void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    }

    internal sealed class Int32JsonWriter : JsonValueWriter<int>
    {
        public override void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);
    }

    internal sealed class Int64JsonWriter : JsonValueWriter<long>
    {
        public override void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);
    }

    internal sealed class UInt32JsonWriter : JsonValueWriter<uint>
    {
        public override void Write(Utf8JsonWriter writer, uint value) => writer.WriteNumberValue(value);
    }

    internal sealed class UInt64JsonWriter : JsonValueWriter<ulong>
    {
        public override void Write(Utf8JsonWriter writer, ulong value) => writer.WriteNumberValue(value);
    }

    internal sealed class Int16JsonWriter : JsonValueWriter<short>
    {
        public override void Write(Utf8JsonWriter writer, short value) => writer.WriteNumberValue(value);
    }

    internal sealed class UInt16JsonWriter : JsonValueWriter<ushort>
    {
        public override void Write(Utf8JsonWriter writer, ushort value) => writer.WriteNumberValue(value);
    }

    internal sealed class ByteJsonWriter : JsonValueWriter<byte>
    {
        public override void Write(Utf8JsonWriter writer, byte value) => writer.WriteNumberValue(value);
    }

    internal sealed class SByteJsonWriter : JsonValueWriter<sbyte>
    {
        public override void Write(Utf8JsonWriter writer, sbyte value) => writer.WriteNumberValue(value);
    }

    /// <summary>Doubles; NaN and the infinities as the strings the serializer writes with named floating-point literals allowed.</summary>
    internal sealed class DoubleJsonWriter : JsonValueWriter<double>
    {
        public override void Write(Utf8JsonWriter writer, double value)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    internal sealed class SingleJsonWriter : JsonValueWriter<float>
    {
        public override void Write(Utf8JsonWriter writer, float value)
        {
            if (float.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    internal sealed class DecimalJsonWriter : JsonValueWriter<decimal>
    {
        public override void Write(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);
    }

    internal sealed class CharJsonWriter : JsonValueWriter<char>
    {
        public override void Write(Utf8JsonWriter writer, char value)
        {
            Span<char> one = stackalloc char[1];
            one[0] = value;
            writer.WriteStringValue(one);
        }
    }

    internal sealed class DateTimeOffsetJsonWriter : JsonValueWriter<DateTimeOffset>
    {
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(value);
    }

    internal sealed class DateTimeJsonWriter : JsonValueWriter<DateTime>
    {
        public override void Write(Utf8JsonWriter writer, DateTime value) => writer.WriteStringValue(value);
    }

    /// <summary>The contract's TimeSpan: a number of seconds.</summary>
    internal sealed class TimeSpanSecondsJsonWriter : JsonValueWriter<TimeSpan>
    {
        public override void Write(Utf8JsonWriter writer, TimeSpan value) => writer.WriteNumberValue(value.TotalSeconds);
    }

    internal sealed class GuidJsonWriter : JsonValueWriter<Guid>
    {
        public override void Write(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);
    }

    internal sealed class BytesJsonWriter : JsonValueWriter<byte[]?>
    {
        public override void Write(Utf8JsonWriter writer, byte[]? value)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteBase64StringValue(value);
        }
    }

    /// <summary>Enums by name (flag combinations as "A, B"), undefined values as numbers, as JsonStringEnumConverter writes them.</summary>
    internal sealed class EnumJsonWriter<T> : JsonValueWriter<T> where T : struct, Enum
    {
        private const int MaxCached = 256;
        private readonly Dictionary<T, JsonEncodedText?> _names = new();

        public override void Write(Utf8JsonWriter writer, T value)
        {
            if (!_names.TryGetValue(value, out JsonEncodedText? name))
            {
                string text = value.ToString();
                name = text.Length > 0 && (char.IsDigit(text[0]) || text[0] == '-') ? null : JsonEncodedText.Encode(text, writer.Options.Encoder);
                if (_names.Count < MaxCached) _names[value] = name;
            }
            if (name.HasValue)
            {
                writer.WriteStringValue(name.Value);
                return;
            }
            Type underlying = Enum.GetUnderlyingType(typeof(T));
            if (underlying == typeof(ulong) || underlying == typeof(uint) || underlying == typeof(ushort) || underlying == typeof(byte))
                writer.WriteNumberValue(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            else
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    internal sealed class NullableJsonWriter<T> : JsonValueWriter<T?>, IDeferredInit where T : struct
    {
        private JsonValueWriter<T>? _inner;

        public void Init(JsonWriterCache cache) => _inner = cache.For<T>();

        public override void Write(Utf8JsonWriter writer, T? value)
        {
            if (value.HasValue) _inner!.Write(writer, value.GetValueOrDefault());
            else writer.WriteNullValue();
        }
    }

    /// <summary>A value declared as <see cref="object"/>: written as its runtime type.</summary>
    internal sealed class PolymorphicJsonWriter : JsonValueWriter<object?>
    {
        private readonly JsonWriterCache _cache;

        public PolymorphicJsonWriter(JsonWriterCache cache)
        {
            _cache = cache;
        }

        public override void Write(Utf8JsonWriter writer, object? value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else if (value.GetType() == typeof(object))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                _cache.WriteRuntime(writer, value);
            }
        }
    }

    /// <summary>Types this cache does not model (dictionaries, System types): the serializer writes them with the same options.</summary>
    internal sealed class SerializerJsonWriter<T> : JsonValueWriter<T>, IDeferredInit, ISerializerFallback
    {
        private JsonSerializerOptions? _options;

        public void Init(JsonWriterCache cache) => _options = cache.Options;

        public override void Write(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, typeof(T), _options);
    }

    internal sealed class EnumerableJsonWriter<TCollection, TElement> : JsonValueWriter<TCollection>, IDeferredInit where TCollection : IEnumerable<TElement>
    {
        private JsonWriterCache? _cache;
        private JsonValueWriter<TElement>? _element;

        public void Init(JsonWriterCache cache)
        {
            _cache = cache;
            _element = cache.For<TElement>();
        }

        public override void Write(Utf8JsonWriter writer, TCollection value)
        {
            if (value is null || !_cache!.Enter(value))
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            if (value is IReadOnlyList<TElement> list)
            {
                for (int i = 0; i < list.Count; i++) _element!.Write(writer, list[i]);
            }
            else
            {
                foreach (TElement e in value) _element!.Write(writer, e);
            }
            writer.WriteEndArray();
            _cache.Exit();
        }
    }

    internal sealed class UntypedEnumerableJsonWriter<TCollection> : JsonValueWriter<TCollection>, IDeferredInit where TCollection : IEnumerable
    {
        private JsonWriterCache? _cache;
        private JsonValueWriter<object?>? _element;

        public void Init(JsonWriterCache cache)
        {
            _cache = cache;
            _element = cache.For<object?>();
        }

        public override void Write(Utf8JsonWriter writer, TCollection value)
        {
            if (value is null || !_cache!.Enter(value))
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (object? e in value) _element!.Write(writer, e);
            writer.WriteEndArray();
            _cache.Exit();
        }
    }

    /// <summary>An object: its public readable properties (most derived type's first, as the serializer orders them), each through a compiled getter.</summary>
    internal sealed class ObjectJsonWriter<T> : JsonValueWriter<T>, IDeferredInit
    {
        private static readonly bool s_isReference = !typeof(T).IsValueType;
        private JsonPropertyWriter<T>[] _properties = Array.Empty<JsonPropertyWriter<T>>();
        private JsonWriterCache? _cache;

        public void Init(JsonWriterCache cache)
        {
            _cache = cache;
            var list = new List<JsonPropertyWriter<T>>();
            foreach (PropertyInfo p in SerializedProperties(typeof(T)))
            {
                Type w = typeof(JsonPropertyWriter<,>).MakeGenericType(typeof(T), p.PropertyType);
                list.Add((JsonPropertyWriter<T>)Activator.CreateInstance(w, p, cache)!);
            }
            _properties = list.ToArray();
        }

        /// <summary>The properties <see cref="JsonSerializer"/> writes: public, with a public getter, not indexers; a name declared again in a derived type hides the base one.</summary>
        internal static List<PropertyInfo> SerializedProperties(Type type)
        {
            var result = new List<PropertyInfo>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (Type? t = type; t != null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (p.GetIndexParameters().Length > 0 || p.GetGetMethod() == null) continue;
                    if (names.Add(p.Name)) result.Add(p);
                }
            }
            return result;
        }

        public override void Write(Utf8JsonWriter writer, T value)
        {
            if (value is null || (s_isReference && !_cache!.Enter(value)))
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartObject();
            JsonPropertyWriter<T>[] props = _properties;
            for (int i = 0; i < props.Length; i++) props[i].Write(writer, value);
            writer.WriteEndObject();
            if (s_isReference) _cache!.Exit();
        }
    }

    /// <summary>One property of <typeparamref name="TOwner"/>.</summary>
    internal abstract class JsonPropertyWriter<TOwner>
    {
        public abstract void Write(Utf8JsonWriter writer, TOwner owner);
    }

    /// <summary>One property: its pre-encoded name, a compiled getter and the writer of its declared type.</summary>
    internal sealed class JsonPropertyWriter<TOwner, TValue> : JsonPropertyWriter<TOwner>
    {
        private readonly JsonEncodedText _name;
        private readonly Func<TOwner, TValue> _get;
        private readonly JsonValueWriter<TValue> _value;

        public JsonPropertyWriter(PropertyInfo property, JsonWriterCache cache)
        {
            _name = JsonEncodedText.Encode(property.Name, cache.Options.Encoder);
            _get = Getters.Compile<TOwner, TValue>(property);
            _value = cache.For<TValue>();
        }

        public override void Write(Utf8JsonWriter writer, TOwner owner)
        {
            writer.WritePropertyName(_name);
            _value.Write(writer, _get(owner));
        }
    }

    /// <summary>Compiled property getters (made once per property, never reflection per record).</summary>
    internal static class Getters
    {
        public static Func<TOwner, TValue> Compile<TOwner, TValue>(PropertyInfo property)
        {
            ParameterExpression owner = Expression.Parameter(typeof(TOwner), "owner");
            return Expression.Lambda<Func<TOwner, TValue>>(Expression.Property(owner, property), owner).Compile();
        }

        public static Func<object, object?> CompileBoxed(Type ownerType, PropertyInfo property)
        {
            ParameterExpression owner = Expression.Parameter(typeof(object), "owner");
            Expression body = Expression.Property(Expression.Convert(owner, ownerType), property);
            return Expression.Lambda<Func<object, object?>>(Expression.Convert(body, typeof(object)), owner).Compile();
        }
    }
}
