using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using VirtDiag.Diagnostics;

namespace VirtDiag.Export
{
    /// <summary>A refusal or an unreachable server, after the retries.</summary>
    internal sealed class ClickHouseException : Exception
    {
        public ClickHouseException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// ClickHouse over its HTTP interface with JSONEachRow, in DDL that works from 18.16 up (DateTime plus a
    /// microseconds column, no DateTime64/Map/JSON types). Tables are MergeTree ordered by host and time, partitioned by
    /// month. Every partition of an export is one load with an id; <c>virtdiag_loads</c> records finished loads, so a
    /// re-run skips them, rows of an unfinished load are deleted before it is written again, and a finished load replaces
    /// the earlier loads of the same source (same outermost files, changed content) for its table and host.
    /// </summary>
    internal sealed class ClickHouseClient
    {
        /// <summary>Rows per INSERT.</summary>
        public const int BatchRows = 10000;

        /// <summary>Bytes of JSON per INSERT at most (a batch of long rows goes out before it has <see cref="BatchRows"/>).</summary>
        public const int BatchBytes = 4 << 20;

        private static readonly TimeSpan[] s_backoff = { TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(2) };
        private readonly HttpClient _http;
        private readonly Uri _endpoint;
        private readonly object _ddlLock = new();
        private readonly HashSet<string> _created = new(StringComparer.Ordinal);

        public ClickHouseClient(Uri endpoint, string database)
        {
            _endpoint = endpoint;
            Database = database;
            _http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        }

        /// <summary>The database written to.</summary>
        public string Database { get; }

        /// <summary>Creates the database and the loads table; false (with an issue) when the server cannot be used.</summary>
        public bool TryPrepare(IIssueSink issues)
        {
            try
            {
                Execute("CREATE DATABASE IF NOT EXISTS " + Quote(Database));
                Execute("CREATE TABLE IF NOT EXISTS " + Quote(Database) + ".virtdiag_loads (LoadId String, TableName String, Host String, Rows UInt64, "
                    + "SchemaVersion UInt32, LoadedAt DateTime('UTC'), SourceId String) ENGINE = MergeTree() ORDER BY (TableName, Host, LoadId)");
                // A loads table of an earlier version lacks SourceId: its loads are never replaced, new ones are.
                if (Query("SELECT count() FROM system.columns WHERE database = " + Literal(Database) + " AND table = 'virtdiag_loads' AND name = 'SourceId'").Trim() == "0")
                    Execute("ALTER TABLE " + Quote(Database) + ".virtdiag_loads ADD COLUMN SourceId String");
                return true;
            }
            catch (ClickHouseException e)
            {
                issues.Report(new Issue(_endpoint.ToString(), IssueKind.IoError, "ClickHouse cannot be used: " + e.Message));
                return false;
            }
        }

        /// <summary>
        /// Creates the table of <paramref name="table"/> when this run has not yet done so; a table made by an earlier
        /// version with fewer columns gets the missing ones (<c>ALTER TABLE … ADD COLUMN</c>, each after the column before
        /// it in the current schema; rows already there read them as NULL or an empty array).
        /// </summary>
        public void EnsureTable(RecordTable table)
        {
            lock (_ddlLock)
            {
                if (_created.Contains(table.Name)) return;
                IReadOnlyList<(string Name, string Type)> columns = Columns(table);
                Execute("CREATE TABLE IF NOT EXISTS " + TableName(table) + " (" + string.Join(", ", columns.Select(c => Quote(c.Name) + " " + c.Type))
                    + ") ENGINE = MergeTree() PARTITION BY toYYYYMM(EventTime) ORDER BY (Host, EventTime)");
                var existing = new HashSet<string>(Query("SELECT name FROM system.columns WHERE database = " + Literal(Database) + " AND table = " + Literal(table.Name)
                    + " FORMAT TabSeparatedRaw").Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
                for (int i = 0; i < columns.Count; i++)
                {
                    if (existing.Contains(columns[i].Name)) continue;
                    Execute("ALTER TABLE " + TableName(table) + " ADD COLUMN " + Quote(columns[i].Name) + " " + columns[i].Type
                        + (i > 0 && existing.Contains(columns[i - 1].Name) ? " AFTER " + Quote(columns[i - 1].Name) : string.Empty));
                    existing.Add(columns[i].Name);
                }
                _created.Add(table.Name);
            }
        }

        /// <summary>The ClickHouse columns of a record table: host, load id and event time, then the record's own (docs/SCHEMA.md).</summary>
        internal static IReadOnlyList<(string Name, string Type)> Columns(RecordTable table)
        {
            var cols = new List<(string, string)> { ("Host", "String"), ("LoadId", "String"), ("EventTime", "DateTime('UTC')") };
            foreach (Column c in table.Columns)
            {
                switch (c.Kind)
                {
                    case ColumnKind.Timestamp:
                        cols.Add((c.Name, "Nullable(DateTime('UTC'))"));
                        cols.Add((c.Name + "Micros", "Nullable(UInt32)"));
                        cols.Add((c.Name + "Text", "Nullable(String)"));
                        break;
                    case ColumnKind.StringList: cols.Add((c.Name, "Array(String)")); break;
                    case ColumnKind.Int64: cols.Add((c.Name, "Nullable(Int64)")); break;
                    case ColumnKind.Double: cols.Add((c.Name, "Nullable(Float64)")); break;
                    case ColumnKind.Bool: cols.Add((c.Name, "Nullable(UInt8)")); break;
                    default: cols.Add((c.Name, "Nullable(String)")); break;
                }
            }
            return cols;
        }

        /// <summary>True when a load with this id finished before (it is not written again).</summary>
        public bool IsLoaded(string loadId)
            => Query("SELECT count() FROM " + Quote(Database) + ".virtdiag_loads WHERE LoadId = " + Literal(loadId)).Trim() != "0";

        /// <summary>Deletes rows an unfinished earlier load left, and waits until ClickHouse has applied the deletion.</summary>
        public void DeletePartial(RecordTable table, string loadId)
        {
            string where = " WHERE LoadId = " + Literal(loadId);
            if (Query("SELECT count() FROM " + TableName(table) + where).Trim() == "0") return;
            Execute("ALTER TABLE " + TableName(table) + " DELETE" + where);
            WaitForMutations(table.Name, "rows of an unfinished earlier load " + loadId + " in " + table.Name);
        }

        /// <summary>
        /// Deletes the rows and the load records of earlier loads of the same source (a bundle exported again after it
        /// changed) for this table and host, once the new load is complete; returns their ids.
        /// </summary>
        public IReadOnlyList<string> DeleteReplaced(RecordTable table, string host, string sourceId, string loadId)
        {
            string loads = Quote(Database) + ".virtdiag_loads";
            string match = " WHERE TableName = " + Literal(table.Name) + " AND Host = " + Literal(host) + " AND SourceId = " + Literal(sourceId)
                + " AND LoadId != " + Literal(loadId);
            var old = Query("SELECT DISTINCT LoadId FROM " + loads + match + " FORMAT TabSeparatedRaw").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (old.Length == 0) return old;
            string ids = string.Join(", ", old.Select(Literal));
            Execute("ALTER TABLE " + TableName(table) + " DELETE WHERE LoadId IN (" + ids + ")");
            WaitForMutations(table.Name, "rows of the replaced loads " + ids + " in " + table.Name);
            Execute("ALTER TABLE " + loads + " DELETE" + match);
            WaitForMutations("virtdiag_loads", "the replaced loads " + ids);
            return old;
        }

        private void WaitForMutations(string table, string what)
        {
            for (int i = 0; i < 300; i++)
            {
                if (Query("SELECT count() FROM system.mutations WHERE database = " + Literal(Database) + " AND table = " + Literal(table) + " AND is_done = 0").Trim() == "0") return;
                Thread.Sleep(100);
            }
            throw new ClickHouseException(what + " were not deleted within 30 s");
        }

        /// <summary>Inserts rows (already JSONEachRow lines) with retry and backoff.</summary>
        public void Insert(RecordTable table, byte[] body, int length)
        {
            Send("INSERT INTO " + TableName(table) + " FORMAT JSONEachRow", new ByteArrayContent(body, 0, length));
        }

        /// <summary>Marks a load finished.</summary>
        public void MarkLoaded(RecordTable table, string host, string sourceId, string loadId, long rows)
        {
            var line = new StringBuilder();
            line.Append("{\"LoadId\":").Append(JsonSerializer.Serialize(loadId))
                .Append(",\"SourceId\":").Append(JsonSerializer.Serialize(sourceId))
                .Append(",\"TableName\":").Append(JsonSerializer.Serialize(table.Name))
                .Append(",\"Host\":").Append(JsonSerializer.Serialize(host))
                .Append(",\"Rows\":").Append(rows.ToString(CultureInfo.InvariantCulture))
                .Append(",\"SchemaVersion\":").Append(RecordTable.SchemaVersion.ToString(CultureInfo.InvariantCulture))
                .Append(",\"LoadedAt\":\"").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("\"}\n");
            Send("INSERT INTO " + Quote(Database) + ".virtdiag_loads FORMAT JSONEachRow", new StringContent(line.ToString(), Encoding.UTF8));
        }

        /// <summary>Runs a query and returns its text answer.</summary>
        public string Query(string sql) => Send(null, new StringContent(sql, Encoding.UTF8));

        private void Execute(string sql) => Send(null, new StringContent(sql, Encoding.UTF8));

        private string Send(string? queryInUrl, HttpContent content)
        {
            var uri = new UriBuilder(_endpoint);
            if (queryInUrl != null) uri.Query = "query=" + Uri.EscapeDataString(queryInUrl);
            Exception? last = null;
            byte[] body = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            for (int attempt = 0; attempt <= s_backoff.Length; attempt++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, uri.Uri) { Content = new ByteArrayContent(body) };
                    using HttpResponseMessage response = _http.Send(request);
                    string text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
                    if (response.IsSuccessStatusCode) return text;
                    // 4xx and ClickHouse's own refusals (syntax, unknown field, types) do not get better by retrying;
                    // overload, timeouts and network faults may.
                    string message = "HTTP " + (int)response.StatusCode + ": " + FirstLine(text);
                    if ((int)response.StatusCode < 500 || !IsTransient(text)) throw new ClickHouseException(message);
                    last = new ClickHouseException(message);
                }
                catch (HttpRequestException e) { last = e; }
                catch (System.Threading.Tasks.TaskCanceledException e) { last = e; }
                if (attempt < s_backoff.Length) Thread.Sleep(s_backoff[attempt]);
            }
            throw new ClickHouseException(FirstLine(last?.Message ?? "no answer") + " (after " + (s_backoff.Length + 1) + " tries)", last);
        }

        // ClickHouse error codes worth another try: timeouts, network, memory, too many queries or parts.
        private static readonly int[] s_transientCodes = { 159, 164, 202, 209, 210, 241, 252, 319 };

        private static bool IsTransient(string body)
        {
            if (!body.StartsWith("Code: ", StringComparison.Ordinal)) return true;
            int end = body.IndexOf(',', 6);
            return end > 6 && int.TryParse(body.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out int code)
                && Array.IndexOf(s_transientCodes, code) >= 0;
        }

        private string TableName(RecordTable table) => Quote(Database) + "." + Quote(table.Name);

        private static string FirstLine(string s)
        {
            int nl = s.IndexOf('\n');
            string line = (nl < 0 ? s : s.Substring(0, nl)).Trim();
            return line.Length > 300 ? line.Substring(0, 300) + "…" : line;
        }

        internal static string Quote(string identifier) => "`" + identifier.Replace("\\", "\\\\").Replace("`", "\\`") + "`";

        internal static string Literal(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
    }
}
