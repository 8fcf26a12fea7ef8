using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace VirtDiag.Export
{
    /// <summary>How one record property is stored in a columnar table.</summary>
    internal enum ColumnKind
    {
        /// <summary>Text; enums by name; nested objects as compact JSON.</summary>
        String,
        /// <summary>Whole numbers (all integer widths).</summary>
        Int64,
        /// <summary>Floating point; TimeSpan as seconds.</summary>
        Double,
        /// <summary>True/false.</summary>
        Bool,
        /// <summary>An instant: UTC timestamp (micros); a companion <c>…Text</c> column keeps the time as written with its offset.</summary>
        Timestamp,
        /// <summary>A list: of strings, enum names, or nested objects as compact JSON each.</summary>
        StringList,
    }

    /// <summary>One column of a record table: its name, kind, and how to take the value from a record.</summary>
    internal sealed class Column
    {
        public Column(string name, ColumnKind kind, Func<object, object?> get)
        {
            Name = name; Kind = kind; Get = get;
        }

        public string Name { get; }
        public ColumnKind Kind { get; }
        public Func<object, object?> Get { get; }
    }

    /// <summary>
    /// The table a record type is exported as: one column per public property (built once per type by reflection,
    /// never per record), plus the host partition and the primary time used to order and partition rows.
    /// </summary>
    internal sealed class RecordTable
    {
        /// <summary>Version of the export schema (docs/SCHEMA.md); written into every Parquet file and ClickHouse table comment.</summary>
        public const int SchemaVersion = 1;

        private static readonly ConcurrentDictionary<Type, RecordTable> s_tables = new();
        // The host clock first: a guest failure's HostTimestamp is the one rows are ordered by, not the guest's own.
        private static readonly string[] s_timeNames = { "HostTimestamp", "Timestamp", "StartTime", "Time", "EndTime" };
        private static readonly string[] s_hostNames = { "HostName", "SourceHost", "DestinationHost" };
        private static readonly JsonSerializerOptions s_json = RecordJson.CreateOptions();

        private readonly Func<object, DateTimeOffset?> _time;
        private readonly Func<object, string?> _host;

        private RecordTable(Type type, string name)
        {
            Type = type;
            Name = name;
            var columns = new List<Column>();
            foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length != 0 || p.GetMethod == null || IsLeftOut(type, p.Name)) continue;
                columns.Add(new Column(p.Name, KindOf(p.PropertyType), Getter(p)));
            }
            // The envelope every record implements explicitly (issue 15/20): the same four facts for every table.
            if (typeof(IDiagnosticRecord).IsAssignableFrom(type))
            {
                void Envelope(string name, ColumnKind kind, Func<IDiagnosticRecord, object?> get)
                {
                    if (!columns.Exists(c => c.Name == name)) columns.Add(new Column(name, kind, r => get((IDiagnosticRecord)r)));
                }
                Envelope("SourceKind", ColumnKind.String, r => r.SourceKind);
                Envelope("RecordKind", ColumnKind.String, r => r.RecordKind);
                Envelope("Severity", ColumnKind.String, r => r.Severity);
                Envelope("Summary", ColumnKind.String, r => r.Summary);
            }
            Columns = columns;
            PropertyInfo? time = s_timeNames.Select(n => type.GetProperty(n)).FirstOrDefault(p => p != null && Underlying(p.PropertyType) == typeof(DateTimeOffset));
            PropertyInfo? host = s_hostNames.Select(n => type.GetProperty(n)).FirstOrDefault(p => p != null && p.PropertyType == typeof(string));
            TimeColumn = time?.Name;
            Func<object, object?>? timeGet = time == null ? null : Getter(time);
            Func<object, object?>? hostGet = host == null ? null : Getter(host);
            _time = timeGet == null ? _ => null : r => (DateTimeOffset?)timeGet(r);
            _host = hostGet == null ? _ => null : r => (string?)hostGet(r);
        }

        /// <summary>The record type.</summary>
        public Type Type { get; }
        /// <summary>Dataset / table name (snake case, plural: <c>vmotion_events</c>).</summary>
        public string Name { get; }
        /// <summary>Every exported property, in declaration order.</summary>
        public IReadOnlyList<Column> Columns { get; }
        /// <summary>The property rows are ordered and partitioned by (null when the type has no time).</summary>
        public string? TimeColumn { get; }

        /// <summary>The table of <paramref name="type"/>, named <paramref name="name"/> the first time it is asked for.</summary>
        public static RecordTable For(Type type, string name) => s_tables.GetOrAdd(type, t => new RecordTable(t, name));

        /// <summary>The record's primary time on the host clock, if it has one.</summary>
        public DateTimeOffset? TimeOf(object record) => _time(record);

        /// <summary>The host a record belongs to (its partition), or <paramref name="fallback"/>.</summary>
        public string HostOf(object record, string? fallback)
        {
            string? h = _host(record);
            if (string.IsNullOrWhiteSpace(h)) h = fallback;
            return string.IsNullOrWhiteSpace(h) ? "unknown" : h!;
        }

        /// <summary>A value as the table stores it: string, long, double, bool, DateTimeOffset, or string[].</summary>
        public static object? Convert(ColumnKind kind, object? value)
        {
            if (value == null) return null;
            switch (kind)
            {
                case ColumnKind.String:
                    return value switch
                    {
                        string s => s,
                        Enum e => e.ToString(),
                        IFormattable f when IsSimple(value.GetType()) => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => JsonSerializer.Serialize(value, value.GetType(), s_json),
                    };
                case ColumnKind.Int64:
                    return value is ulong u ? unchecked((long)u) : System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                case ColumnKind.Double:
                    return value is TimeSpan ts ? ts.TotalSeconds : System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                case ColumnKind.Bool:
                    return (bool)value;
                case ColumnKind.Timestamp:
                    return value is DateTime dt ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : (DateTimeOffset)value;
                case ColumnKind.StringList:
                    var list = new List<string>();
                    foreach (object? item in (IEnumerable)value)
                    {
                        if (item == null) continue;
                        list.Add(item is string s ? s : item is Enum en ? en.ToString()
                            : IsSimple(item.GetType()) ? System.Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty
                            : JsonSerializer.Serialize(item, item.GetType(), s_json));
                    }
                    return list.ToArray();
                default:
                    return value;
            }
        }

        /// <summary>ISO 8601 text of an instant with the offset it was read with.</summary>
        public static string TimeText(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

        private static ColumnKind KindOf(Type t)
        {
            Type u = Underlying(t);
            if (u == typeof(string) || u.IsEnum || u == typeof(Guid) || u == typeof(char)) return ColumnKind.String;
            if (u == typeof(bool)) return ColumnKind.Bool;
            if (u == typeof(DateTimeOffset) || u == typeof(DateTime)) return ColumnKind.Timestamp;
            if (u == typeof(TimeSpan) || u == typeof(double) || u == typeof(float) || u == typeof(decimal)) return ColumnKind.Double;
            if (u == typeof(int) || u == typeof(long) || u == typeof(short) || u == typeof(byte) || u == typeof(sbyte)
                || u == typeof(uint) || u == typeof(ulong) || u == typeof(ushort)) return ColumnKind.Int64;
            if (u.GetInterfaces().Concat(new[] { u }).Any(i => i.IsGenericType
                && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>))))
                return ColumnKind.String;
            if (typeof(IEnumerable).IsAssignableFrom(u)) return ColumnKind.StringList;
            return ColumnKind.String;
        }

        // A migration's events are rows of vmotion_events already (joined by MigrationId): not repeated inside each migration.
        // A timeline entry's record is a row of its own table already.
        private static bool IsLeftOut(Type type, string property)
            => (type == typeof(VMotionMigration) && property == nameof(VMotionMigration.Events))
               || (type == typeof(TimelineEntry) && property == nameof(TimelineEntry.Record));

        /// <summary>The columns of a table as the export writes them, one Markdown table row each (docs/SCHEMA.md is checked against it).</summary>
        public string MarkdownColumns()
        {
            var sb = new System.Text.StringBuilder();
            sb.Append("### ").Append(Name).Append(" (`").Append(Type.FullName).Append("`)\n\n");
            sb.Append("| column | Parquet | ClickHouse |\n|---|---|---|\n");
            foreach (Column c in Columns)
            {
                (string parquet, string clickHouse) = c.Kind switch
                {
                    ColumnKind.Timestamp => ("TIMESTAMP(MICROS, UTC) + `" + c.Name + "Text` string", "Nullable(DateTime('UTC')) + `" + c.Name + "Micros` Nullable(UInt32) + `" + c.Name + "Text` Nullable(String)"),
                    ColumnKind.StringList => ("LIST<STRING>", "Array(String)"),
                    ColumnKind.Int64 => ("INT64", "Nullable(Int64)"),
                    ColumnKind.Double => ("DOUBLE", "Nullable(Float64)"),
                    ColumnKind.Bool => ("BOOLEAN", "Nullable(UInt8)"),
                    _ => ("STRING", "Nullable(String)"),
                };
                sb.Append("| ").Append(c.Name).Append(" | ").Append(parquet).Append(" | ").Append(clickHouse).Append(" |\n");
            }
            return sb.ToString();
        }

        private static bool IsSimple(Type t) => t.IsPrimitive || t == typeof(decimal) || t == typeof(Guid);

        private static Type Underlying(Type t) => Nullable.GetUnderlyingType(t) ?? t;

        // A compiled getter per property: rows are many, reflection per value would dominate the export.
        private static Func<object, object?> Getter(PropertyInfo p)
        {
            ParameterExpression record = Expression.Parameter(typeof(object), "record");
            Expression body = Expression.Convert(Expression.Property(Expression.Convert(record, p.DeclaringType!), p), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, record).Compile();
        }
    }
}
