using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Parquet;
using Parquet.Schema;

namespace VirtDiag.Export
{
    /// <summary>
    /// Writes one record table of one host partition as a Parquet file (<c>DIR/table/host=H/part-SOURCE-LOAD.parquet</c>),
    /// in row groups of at most <see cref="RowGroupSize"/> rows or about <see cref="RowGroupBytes"/> bytes of values
    /// held, so memory stays flat however many rows, and however long, there are.
    /// </summary>
    internal sealed class ParquetPartitionWriter : IDisposable
    {
        /// <summary>Rows buffered before a row group is written.</summary>
        public const int RowGroupSize = 65536;

        /// <summary>Estimated bytes of buffered values (strings at two bytes a character, object overheads) before a row group is written.</summary>
        public const long RowGroupBytes = 8L << 20;

        private readonly RecordTable _table;
        private readonly List<object?[]> _rows = new();
        private readonly List<(Column Column, DataField Field, DataField? TextField)> _fields = new();
        private readonly FileStream _stream;
        private readonly ParquetWriter _writer;
        private readonly string _finalPath;
        private readonly string _tempPath;
        private long _bufferedBytes;
        private bool _completed;

        public ParquetPartitionWriter(string directory, RecordTable table, string host, string sourceId, string loadId, IReadOnlyDictionary<string, string> metadata)
        {
            _table = table;
            var schemaFields = new List<Field>();
            foreach (Column c in table.Columns)
            {
                switch (c.Kind)
                {
                    case ColumnKind.Timestamp:
                        var t = new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, true);
                        var text = new DataField<string>(c.Name + "Text", true);
                        _fields.Add((c, t, text));
                        schemaFields.Add(t);
                        schemaFields.Add(text);
                        break;
                    case ColumnKind.StringList:
                        // Elements not nullable: Parquet.Net writes an empty list for a row whose list is empty or null.
                        var item = new DataField<string>("element", false);
                        _fields.Add((c, item, null));
                        schemaFields.Add(new ListField(c.Name, item));
                        break;
                    default:
                        DataField f = c.Kind switch
                        {
                            ColumnKind.Int64 => new DataField<long?>(c.Name),
                            ColumnKind.Double => new DataField<double?>(c.Name),
                            ColumnKind.Bool => new DataField<bool?>(c.Name),
                            _ => new DataField<string>(c.Name, true),
                        };
                        _fields.Add((c, f, null));
                        schemaFields.Add(f);
                        break;
                }
            }
            string folder = Path.Combine(directory, table.Name, "host=" + SafeName(host));
            Directory.CreateDirectory(folder);
            _finalPath = Path.Combine(folder, "part-" + sourceId + "-" + loadId + ".parquet");
            _tempPath = _finalPath + ".tmp";
            _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
            _writer = ParquetWriter.CreateAsync(new ParquetSchema(schemaFields), _stream, options).GetAwaiter().GetResult();
            _writer.CustomMetadata = new Dictionary<string, string>(metadata);
        }

        /// <summary>The file written once <see cref="Complete"/> has run.</summary>
        public string FilePath => _finalPath;

        /// <summary>Rows written so far.</summary>
        public long RowCount { get; private set; }

        /// <summary>Adds one record as a row.</summary>
        public void Add(object record)
        {
            var row = new object?[_fields.Count];
            long bytes = 32 + 8 * row.Length;
            for (int i = 0; i < _fields.Count; i++)
            {
                Column c = _fields[i].Column;
                object? value = RecordTable.Convert(c.Kind, c.Get(record));
                row[i] = value;
                bytes += SizeOf(value);
            }
            _rows.Add(row);
            _bufferedBytes += bytes;
            RowCount++;
            if (_rows.Count >= RowGroupSize || _bufferedBytes >= RowGroupBytes) Flush();
        }

        /// <summary>Writes what is buffered and the footer, then moves the file into place (a failed export leaves no part file).</summary>
        public void Complete()
        {
            Flush();
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
            File.Move(_tempPath, _finalPath, overwrite: true);
            _completed = true;
        }

        private void Flush()
        {
            if (_rows.Count == 0) return;
            using ParquetRowGroupWriter group = _writer.CreateRowGroup();
            for (int i = 0; i < _fields.Count; i++)
            {
                var (column, field, textField) = _fields[i];
                int col = i;
                switch (column.Kind)
                {
                    case ColumnKind.Timestamp:
                        var times = new DateTime?[_rows.Count];
                        var texts = new string?[_rows.Count];
                        for (int r = 0; r < _rows.Count; r++)
                        {
                            if (_rows[r][col] is DateTimeOffset t)
                            {
                                times[r] = t.UtcDateTime;
                                texts[r] = RecordTable.TimeText(t);
                            }
                        }
                        group.WriteAsync<DateTime>(field, times, null).GetAwaiter().GetResult();
                        group.WriteAsync(textField!, texts!, null).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.StringList:
                        var values = new List<string?>();
                        var levels = new List<int>();
                        foreach (object?[] row in _rows)
                        {
                            string[] items = row[col] as string[] ?? Array.Empty<string>();
                            if (items.Length == 0)
                            {
                                values.Add(null);
                                levels.Add(0);
                                continue;
                            }
                            for (int k = 0; k < items.Length; k++)
                            {
                                values.Add(items[k]);
                                levels.Add(k == 0 ? 0 : 1);
                            }
                        }
                        group.WriteAsync(field, values!, levels.ToArray()).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.Int64:
                        group.WriteAsync<long>(field, _rows.Select(r => (long?)r[col]).ToArray(), null).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.Double:
                        group.WriteAsync<double>(field, _rows.Select(r => (double?)r[col]).ToArray(), null).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.Bool:
                        group.WriteAsync<bool>(field, _rows.Select(r => (bool?)r[col]).ToArray(), null).GetAwaiter().GetResult();
                        break;
                    default:
                        group.WriteAsync(field, _rows.Select(r => (string?)r[col]).ToArray()!, null).GetAwaiter().GetResult();
                        break;
                }
            }
            _rows.Clear();
            _bufferedBytes = 0;
        }

        private static long SizeOf(object? value)
        {
            switch (value)
            {
                case null: return 0;
                case string s: return 24 + 2L * s.Length;
                case string[] list:
                    long n = 24 + 8L * list.Length;
                    foreach (string item in list) n += 24 + 2L * item.Length;
                    return n;
                default: return 24;
            }
        }

        /// <summary>The source id in a part file's name (<c>part-SOURCE-LOAD.parquet</c>); null for any other name.</summary>
        public static string? SourceIdOf(string fileName)
        {
            const string prefix = "part-", suffix = ".parquet";
            if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(suffix, StringComparison.Ordinal)) return null;
            string[] parts = fileName.Substring(prefix.Length, fileName.Length - prefix.Length - suffix.Length).Split('-');
            return parts.Length == 2 && parts[0].Length == 16 && parts[1].Length == 16 ? parts[0] : null;
        }

        /// <summary>A host name as a folder name: anything but letters, digits, '.', '-' and '_' becomes '_'.</summary>
        public static string SafeName(string host)
            => new string(host.Select(ch => char.IsLetterOrDigit(ch) || ch == '.' || ch == '-' || ch == '_' ? ch : '_').ToArray());

        public void Dispose()
        {
            if (_completed) return;
            _completed = true;
            try { _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (IOException) { }
            _stream.Dispose();
            try { File.Delete(_tempPath); } catch (IOException) { }
        }
    }
}
