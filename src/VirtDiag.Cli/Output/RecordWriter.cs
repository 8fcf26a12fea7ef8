using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace VirtDiag.Cli.Output
{
    /// <summary>Output formats of every command.</summary>
    internal enum OutputFormat
    {
        Table,
        Json,
        Csv,
    }

    /// <summary>
    /// Writes records as a table (the columns of the PowerShell default view), JSON Lines (one object per line,
    /// .NET property names, enums by name, DateTimeOffset ISO 8601, TimeSpan as seconds) or CSV.
    /// </summary>
    internal sealed class RecordWriter : IDisposable
    {
        private static readonly Lazy<Dictionary<string, List<(string Label, string Property, int Width)>>> s_views = new(LoadViews);
        private readonly TextWriter _out;
        private readonly OutputFormat _format;
        private readonly JsonSerializerOptions _json;
        private Type? _tableType;
        private List<(string Label, PropertyInfo? Property, int Width)>? _columns;
        private List<PropertyInfo>? _csvColumns;

        public RecordWriter(TextWriter output, OutputFormat format)
        {
            _out = output;
            _format = format;
            _json = CreateJsonOptions();
        }

        public long Count { get; private set; }

        public static JsonSerializerOptions CreateJsonOptions()
        {
            var o = new JsonSerializerOptions
            {
                WriteIndented = false,
                ReferenceHandler = ReferenceHandler.IgnoreCycles,
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            o.Converters.Add(new JsonStringEnumConverter());
            o.Converters.Add(new TimeSpanSecondsConverter());
            return o;
        }

        public void Write(object record)
        {
            Count++;
            switch (_format)
            {
                case OutputFormat.Json:
                    _out.WriteLine(JsonSerializer.Serialize(record, record.GetType(), _json));
                    break;
                case OutputFormat.Csv:
                    WriteCsv(record);
                    break;
                default:
                    WriteTable(record);
                    break;
            }
        }

        private void WriteTable(object record)
        {
            Type t = record.GetType();
            if (_tableType != t)
            {
                _tableType = t;
                _columns = ColumnsFor(t);
                if (Count > 1) _out.WriteLine();
                _out.WriteLine(string.Join(" ", _columns.Select(c => Pad(c.Label, c.Width))).TrimEnd());
                _out.WriteLine(string.Join(" ", _columns.Select(c => Pad(new string('-', Math.Max(c.Label.Length, Math.Min(c.Width, 12))), c.Width))).TrimEnd());
            }
            _out.WriteLine(string.Join(" ", _columns!.Select(c => Pad(Text(c.Property?.GetValue(record)), c.Width))).TrimEnd());
        }

        private static string Pad(string s, int width)
        {
            if (width <= 0) return s;
            return s.Length > width ? s.Substring(0, Math.Max(1, width - 1)) + "…" : s.PadRight(width);
        }

        private static List<(string, PropertyInfo?, int)> ColumnsFor(Type t)
        {
            if (s_views.Value.TryGetValue(t.FullName ?? t.Name, out var view))
            {
                return view.Select(v => (v.Label, t.GetProperty(v.Property), v.Width)).ToList();
            }
            return t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => IsScalar(p.PropertyType)).Take(6)
                .Select(p => (p.Name, (PropertyInfo?)p, 20)).ToList();
        }

        private void WriteCsv(object record)
        {
            Type t = record.GetType();
            if (_csvColumns == null || _csvColumns[0].DeclaringType != t && !t.IsSubclassOf(_csvColumns[0].DeclaringType!))
            {
                _csvColumns = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
                _out.WriteLine(string.Join(",", _csvColumns.Select(p => Csv(p.Name))));
            }
            _out.WriteLine(string.Join(",", _csvColumns.Select(p => Csv(CsvText(p.GetValue(record))))));
        }

        private string CsvText(object? value)
        {
            if (value == null) return string.Empty;
            if (IsScalar(value.GetType())) return Text(value);
            return JsonSerializer.Serialize(value, value.GetType(), _json);
        }

        private static string Csv(string s)
        {
            if (s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0) return s;
            return "\"" + s.Replace("\"", "\"\"") + "\"";
        }

        internal static bool IsScalar(Type t)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan) || t == typeof(Guid);
        }

        internal static string Text(object? value)
        {
            switch (value)
            {
                case null: return string.Empty;
                case string s: return s.Replace('\n', ' ').Replace('\r', ' ');
                case DateTimeOffset d: return d.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                case DateTime d: return d.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
                case TimeSpan ts: return ts.ToString("c", CultureInfo.InvariantCulture);
                case double d: return d.ToString("0.###", CultureInfo.InvariantCulture);
                case float f: return f.ToString("0.###", CultureInfo.InvariantCulture);
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                case IEnumerable e: return string.Join(";", e.Cast<object?>().Take(8).Select(Text));
                default: return value.ToString() ?? string.Empty;
            }
        }

        private static Dictionary<string, List<(string, string, int)>> LoadViews()
        {
            var views = new Dictionary<string, List<(string, string, int)>>(StringComparer.Ordinal);
            using Stream? s = typeof(RecordWriter).Assembly.GetManifestResourceStream("VirtDiag.format.ps1xml");
            if (s == null) return views;
            XDocument doc = XDocument.Load(s);
            foreach (XElement view in doc.Descendants("View"))
            {
                string? typeName = view.Element("ViewSelectedBy")?.Element("TypeName")?.Value;
                XElement? table = view.Element("TableControl");
                if (typeName == null || table == null || views.ContainsKey(typeName)) continue;
                var headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").ToList() ?? new List<XElement>();
                var items = table.Descendants("TableColumnItem").ToList();
                var cols = new List<(string, string, int)>();
                for (int i = 0; i < items.Count; i++)
                {
                    string? prop = items[i].Element("PropertyName")?.Value;
                    if (prop == null) continue;
                    string label = i < headers.Count ? headers[i].Element("Label")?.Value ?? prop : prop;
                    int width = i < headers.Count && int.TryParse(headers[i].Element("Width")?.Value, out int w) ? w : 0;
                    cols.Add((label, prop, width));
                }
                views[typeName] = cols;
            }
            return views;
        }

        public void Dispose() => _out.Flush();

        private sealed class TimeSpanSecondsConverter : JsonConverter<TimeSpan>
        {
            public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());
            public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(value.TotalSeconds);
        }
    }
}
