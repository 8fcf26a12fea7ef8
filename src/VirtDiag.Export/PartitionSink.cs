using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using VirtDiag.Diagnostics;

namespace VirtDiag.Export
{
    /// <summary>
    /// The rows of one record table for one host in one export: to a Parquet part file and/or ClickHouse batches.
    /// A ClickHouse failure is reported (naming the table, host and input) and ends that load only; its partial rows
    /// are deleted so nothing stays half-written, and the rest of the export goes on.
    /// </summary>
    internal sealed class PartitionSink : IDisposable
    {
        private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly RecordTable _table;
        private readonly string _host;
        private readonly string _loadId;
        private readonly string _source;
        private readonly IIssueSink _issues;
        private readonly ParquetPartitionWriter? _parquet;
        private ClickHouseClient? _clickHouse;
        private readonly string _sourceId;
        private readonly MemoryStream _batch = new();
        private Utf8JsonWriter? _json;
        private int _batchRows;
        private bool _alreadyLoaded;

        public PartitionSink(RecordTable table, string host, string loadId, string sourceId, string source, string? directory, ClickHouseClient? clickHouse, IIssueSink issues)
        {
            _table = table; _host = host; _loadId = loadId; _sourceId = sourceId; _source = source; _issues = issues;
            if (directory != null)
            {
                var metadata = new Dictionary<string, string>
                {
                    ["virtdiag.schema_version"] = RecordTable.SchemaVersion.ToString(CultureInfo.InvariantCulture),
                    ["virtdiag.table"] = table.Name,
                    ["virtdiag.record_type"] = table.Type.FullName ?? table.Type.Name,
                    ["virtdiag.host"] = host,
                    ["virtdiag.load_id"] = loadId,
                    ["virtdiag.source_id"] = sourceId,
                };
                _parquet = new ParquetPartitionWriter(directory, table, host, sourceId, loadId, metadata);
            }
            if (clickHouse != null)
            {
                try
                {
                    clickHouse.EnsureTable(table);
                    _alreadyLoaded = clickHouse.IsLoaded(loadId);
                    if (!_alreadyLoaded)
                    {
                        clickHouse.DeletePartial(table, loadId);
                        _clickHouse = clickHouse;
                    }
                }
                catch (ClickHouseException e)
                {
                    Fail(e);
                }
            }
        }

        /// <summary>Rows taken.</summary>
        public long Rows { get; private set; }

        /// <summary>Adds one record.</summary>
        public void Add(object record)
        {
            Rows++;
            _parquet?.Add(record);
            if (_clickHouse == null) return;
            _json ??= new Utf8JsonWriter(_batch, s_jsonOptions);
            WriteRow(_json, record);
            _json.Flush();
            _batch.WriteByte((byte)'\n');
            _json.Reset(_batch);
            if (++_batchRows >= ClickHouseClient.BatchRows || _batch.Length >= ClickHouseClient.BatchBytes) SendBatch();
        }

        /// <summary>Finishes the Parquet file and the last batch, and records the load; null when nothing was exported.</summary>
        public ExportedPartition Complete()
        {
            string? file = null;
            if (_parquet != null)
            {
                _parquet.Complete();
                file = _parquet.FilePath;
            }
            if (_clickHouse != null)
            {
                SendBatch();
                if (_clickHouse != null)
                {
                    try
                    {
                        _clickHouse.MarkLoaded(_table, _host, _sourceId, _loadId, Rows);
                    }
                    catch (ClickHouseException e)
                    {
                        Fail(e);
                    }
                    if (_clickHouse != null)
                    {
                        // The new load is complete: earlier loads of the same source go (a failure here leaves both, said so).
                        try
                        {
                            foreach (string old in _clickHouse.DeleteReplaced(_table, _host, _sourceId, _loadId))
                                _issues.Report(new Issue(_source, IssueKind.Skipped, "ClickHouse: " + _table.Name + " for host " + _host + ": load " + old + " replaced by " + _loadId));
                        }
                        catch (ClickHouseException e)
                        {
                            _issues.Report(new Issue(_source, IssueKind.IoError, "ClickHouse: " + _table.Name + " for host " + _host + " was loaded as " + _loadId
                                + ", but the rows of its earlier loads could not be deleted (" + e.Message + "); both are in the table"));
                        }
                    }
                }
            }
            return new ExportedPartition(_table.Name, _host, _loadId, Rows, file, _alreadyLoaded);
        }

        private void SendBatch()
        {
            if (_batchRows == 0 || _clickHouse == null) return;
            try
            {
                _clickHouse.Insert(_table, _batch.GetBuffer(), (int)_batch.Length);
            }
            catch (ClickHouseException e)
            {
                Fail(e);
            }
            _batch.SetLength(0);
            _batchRows = 0;
        }

        private void Fail(ClickHouseException e)
        {
            ClickHouseClient? client = _clickHouse;
            _clickHouse = null;
            string cleanup = string.Empty;
            if (client != null)
            {
                try { client.DeletePartial(_table, _loadId); cleanup = "; its rows written so far were deleted"; }
                catch (ClickHouseException) { cleanup = "; rows written so far could not be deleted (load id " + _loadId + ")"; }
            }
            _issues.Report(new Issue(_source, IssueKind.IoError,
                "ClickHouse: " + _table.Name + " for host " + _host + " was not loaded (" + e.Message + ")" + cleanup));
        }

        private void WriteRow(Utf8JsonWriter w, object record)
        {
            w.WriteStartObject();
            w.WriteString("Host", _host);
            w.WriteString("LoadId", _loadId);
            DateTimeOffset? time = _table.TimeOf(record);
            w.WriteString("EventTime", (time ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            foreach (Column c in _table.Columns)
            {
                object? v = RecordTable.Convert(c.Kind, c.Get(record));
                switch (c.Kind)
                {
                    case ColumnKind.Timestamp:
                        if (v is DateTimeOffset t)
                        {
                            DateTime utc = t.UtcDateTime;
                            w.WriteString(c.Name, utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                            w.WriteNumber(c.Name + "Micros", (uint)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
                            w.WriteString(c.Name + "Text", RecordTable.TimeText(t));
                        }
                        else
                        {
                            w.WriteNull(c.Name);
                            w.WriteNull(c.Name + "Micros");
                            w.WriteNull(c.Name + "Text");
                        }
                        break;
                    case ColumnKind.StringList:
                        w.WriteStartArray(c.Name);
                        foreach (string s in v as string[] ?? Array.Empty<string>()) w.WriteStringValue(s);
                        w.WriteEndArray();
                        break;
                    case ColumnKind.Int64:
                        if (v is long l) w.WriteNumber(c.Name, l); else w.WriteNull(c.Name);
                        break;
                    case ColumnKind.Double:
                        if (v is double d && !double.IsNaN(d) && !double.IsInfinity(d)) w.WriteNumber(c.Name, d); else w.WriteNull(c.Name);
                        break;
                    case ColumnKind.Bool:
                        if (v is bool b) w.WriteNumber(c.Name, b ? 1 : 0); else w.WriteNull(c.Name);
                        break;
                    default:
                        if (v is string s2) w.WriteString(c.Name, s2); else w.WriteNull(c.Name);
                        break;
                }
            }
            w.WriteEndObject();
        }

        public void Dispose()
        {
            _parquet?.Dispose();
            _json?.Dispose();
            _batch.Dispose();
        }
    }
}
