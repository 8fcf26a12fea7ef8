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
using VirtDiag.Export;

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
    /// .NET property names, enums by name, DateTimeOffset ISO 8601, TimeSpan as seconds) or CSV, as UTF-8 into one
    /// pooled buffer that goes to the output stream in large writes. Each record type gets its writer once (compiled
    /// getters, pre-encoded names); no reflection per record.
    /// </summary>
    internal sealed class RecordWriter : IDisposable
    {
        private const int DrainBytes = 1 << 15;
        private const long DrainMilliseconds = 200;
        private static readonly Lazy<Dictionary<string, List<(string Label, string Property, int Width)>>> s_views = new(LoadViews);
        private static readonly byte[] s_newLine = Encoding.UTF8.GetBytes(Environment.NewLine);
        private readonly Stream _out;
        private readonly OutputFormat _format;
        private readonly PooledBufferWriter _buffer = new();
        private readonly JsonWriterCache _json;
        private readonly Utf8JsonWriter _jsonWriter;
        private readonly CsvLine _csvLine;
        private readonly StringBuilder _line = new();
        private Utf8JsonWriter? _cellWriter;
        private long _lastDrain = Environment.TickCount64;
        private bool _abandoned;
        private TraceEventRawJson? _traceJson;
        private bool _traceJsonMade;
        private Type? _tableType;
        private List<(string Label, Func<object, object?>? Get, int Width)>? _columns;
        private Type? _csvType;
        private CsvCellWriter[]? _csvCells;

        public RecordWriter(Stream output, OutputFormat format)
        {
            _out = output;
            _format = format;
            _json = new JsonWriterCache(CreateJsonOptions());
            _jsonWriter = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = _json.Options.Encoder, SkipValidation = true });
            _csvLine = new CsvLine(_buffer, JsonCell);
        }

        public long Count { get; private set; }

        public static JsonSerializerOptions CreateJsonOptions() => RecordJson.CreateOptions();

        public void Write(object record)
        {
            Count++;
            Append(record);
            if (_buffer.WrittenCount >= DrainBytes || Environment.TickCount64 - _lastDrain >= DrainMilliseconds) Drain();
        }

        /// <summary>
        /// Record types whose records can be rendered on several threads at once: rendering one reads only that record and
        /// what its reader made before handing it out, and changes nothing shared. Trace events qualify (their texts are
        /// rendered from the event's own bytes and the file's formats, parsed once under a lock).
        /// </summary>
        private static bool RendersConcurrently(Type t) => t == typeof(TraceEvent);

        /// <summary>Render threads for <see cref="TryWriteAllInParallel{T}"/>: <c>VIRTDIAG_OUTPUT_THREADS</c> when set (1: none), else the cores up to 4.</summary>
        internal static int RenderThreads
        {
            get
            {
                string? env = Environment.GetEnvironmentVariable("VIRTDIAG_OUTPUT_THREADS");
                if (env != null && int.TryParse(env, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1) return Math.Min(n, 16);
                return Math.Min(Environment.ProcessorCount, 4);
            }
        }

        /// <summary>
        /// Writes all of <paramref name="records"/> as JSON or CSV rendered on <see cref="RenderThreads"/> threads beside the
        /// one reading them, in their order (the same bytes <see cref="Write"/> gives); false (nothing written) where that
        /// does not apply: the table format, one core, or records that are not of one sealed type known to render concurrently.
        /// </summary>
        public bool TryWriteAllInParallel<T>(IEnumerable<T> records, int? threads = null, int batchSize = 1024) where T : notnull
        {
            int workers = threads ?? RenderThreads;
            if (_format == OutputFormat.Table || workers < 2 || !typeof(T).IsSealed || !RendersConcurrently(typeof(T))) return false;
            Drain();
            OrderedParallelOutput.Run(Counted(records), () =>
            {
                var w = new RecordWriter(Stream.Null, _format);
                if (_format == OutputFormat.Csv) w.PrepareCsv(typeof(T), writeHeader: false);
                return new OrderedParallelOutput.Serializer<T>(w._buffer, r => w.Append(r));
            }, _out, workers, batchSize);
            return true;
        }

        // counts the records as they go out; the CSV header is written (here, before any batch) when the first one comes
        private IEnumerable<T> Counted<T>(IEnumerable<T> records) where T : notnull
        {
            foreach (T r in records)
            {
                if (Count++ == 0 && _format == OutputFormat.Csv)
                {
                    PrepareCsv(typeof(T), writeHeader: true);
                    Drain();
                }
                yield return r;
            }
        }

        private void Append(object record)
        {
            switch (_format)
            {
                case OutputFormat.Json:
                    if (record is TraceEvent trace && TraceJson() is TraceEventRawJson raw)
                    {
                        raw.Write(_buffer, trace);
                        break;
                    }
                    _json.BeginRecord();
                    _json.WriteRuntime(_jsonWriter, record);
                    _jsonWriter.Flush();
                    _jsonWriter.Reset();
                    break;
                case OutputFormat.Csv:
                    WriteCsv(record);
                    break;
                default:
                    WriteTable(record);
                    break;
            }
            _buffer.Write(s_newLine);
        }

        private void Drain()
        {
            _buffer.Drain(_out);
            _out.Flush();
            _lastDrain = Environment.TickCount64;
        }

        // trace events by the million: their own byte writer, made on the first one (null: TraceEvent changed, use the generic one)
        private TraceEventRawJson? TraceJson()
        {
            if (!_traceJsonMade)
            {
                _traceJson = TraceEventRawJson.TryCreate(_json);
                _traceJsonMade = true;
            }
            return _traceJson;
        }

        private void JsonCell(PooledBufferWriter cell, object value)
        {
            _cellWriter ??= new Utf8JsonWriter(cell, new JsonWriterOptions { Encoder = _json.Options.Encoder, SkipValidation = true });
            _cellWriter.Reset(cell);
            _json.BeginRecord();
            _json.WriteRuntime(_cellWriter, value);
            _cellWriter.Flush();
        }

        private void WriteLine(string text)
        {
            Span<byte> span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        }

        private void WriteTable(object record)
        {
            Type t = record.GetType();
            if (_tableType != t)
            {
                _tableType = t;
                _columns = ColumnsFor(t);
                if (Count > 1) _buffer.Write(s_newLine);
                WriteLine(string.Join(" ", _columns.Select(c => Pad(c.Label, c.Width))).TrimEnd());
                _buffer.Write(s_newLine);
                WriteLine(string.Join(" ", _columns.Select(c => Pad(new string('-', Math.Max(c.Label.Length, Math.Min(c.Width, 12))), c.Width))).TrimEnd());
                _buffer.Write(s_newLine);
            }
            StringBuilder line = _line.Clear();
            List<(string Label, Func<object, object?>? Get, int Width)> columns = _columns!;
            for (int i = 0; i < columns.Count; i++)
            {
                if (i > 0) line.Append(' ');
                AppendPadded(line, Text(columns[i].Get?.Invoke(record)), columns[i].Width);
            }
            int end = line.Length;
            while (end > 0 && char.IsWhiteSpace(line[end - 1])) end--;
            line.Length = end;
            WriteLine(line.ToString());
        }

        private static void AppendPadded(StringBuilder line, string s, int width)
        {
            if (width <= 0) line.Append(s);
            else if (s.Length > width) line.Append(s, 0, Math.Max(1, width - 1)).Append('…');
            else line.Append(s).Append(' ', width - s.Length);
        }

        private static string Pad(string s, int width)
        {
            if (width <= 0) return s;
            return s.Length > width ? s.Substring(0, Math.Max(1, width - 1)) + "…" : s.PadRight(width);
        }

        private static List<(string, Func<object, object?>?, int)> ColumnsFor(Type t)
        {
            if (s_views.Value.TryGetValue(t.FullName ?? t.Name, out var view))
            {
                return view.Select(v => (v.Label, Getter(t, t.GetProperty(v.Property)), v.Width)).ToList();
            }
            return t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => IsScalar(p.PropertyType) && p.GetIndexParameters().Length == 0).Take(6)
                .Select(p => (p.Name, Getter(t, p), 20)).ToList();
        }

        private static Func<object, object?>? Getter(Type t, PropertyInfo? p) =>
            p == null || p.GetIndexParameters().Length > 0 || p.GetGetMethod(true) == null ? null : Getters.CompileBoxed(t, p);

        private void WriteCsv(object record)
        {
            Type t = record.GetType();
            if (_csvType == null || _csvType != t && !t.IsSubclassOf(_csvType)) PrepareCsv(t, writeHeader: true);
            CsvCellWriter[] cells = _csvCells!;
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) _csvLine.Separator();
                cells[i].Write(_csvLine, record);
            }
        }

        // the columns of records of type t from now on, and (unless a render thread prepares) their header line
        private void PrepareCsv(Type t, bool writeHeader)
        {
            List<PropertyInfo> columns = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetGetMethod(true) != null).ToList();
            _csvType = columns.Count > 0 ? columns[0].DeclaringType : t;
            _csvCells = columns.Select(p => (t == typeof(TraceEvent) ? TraceJson()?.CsvCell(p.Name) : null) ?? CsvCellWriter.For(p.DeclaringType!, p)).ToArray();
            if (!writeHeader) return;
            WriteLine(string.Join(",", columns.Select(p => CsvLine.Quote(p.Name))));
            _buffer.Write(s_newLine);
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

        /// <summary>Forgets what is buffered: the output is gone (its reader closed the pipe).</summary>
        public void Abandon()
        {
            _buffer.Clear();
            _abandoned = true;
        }

        public void Dispose()
        {
            if (!_abandoned) Drain();
            _jsonWriter.Dispose();
            _cellWriter?.Dispose();
            _buffer.Dispose();
        }
    }
}
