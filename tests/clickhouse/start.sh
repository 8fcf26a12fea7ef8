#!/usr/bin/env bash
# Starts Debian's clickhouse-server (18.16 here) on 127.0.0.1 with its own config and data folder under a temp
# directory, for the export tests. Prints the HTTP URL on stdout; the PID is written to $DIR/server.pid.
# Usage: tests/clickhouse/start.sh DIR [HTTP_PORT]   Stop: kill "$(cat DIR/server.pid)"
set -euo pipefail
dir=${1:?usage: start.sh DIR [HTTP_PORT]}
http=${2:-18123}
tcp=$((http + 1))
mkdir -p "$dir/data" "$dir/tmp" "$dir/log"
dir=$(cd "$dir" && pwd)
cat > "$dir/users.xml" <<XML
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
cat > "$dir/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog><size>10M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>53687091</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
</yandex>
XML
clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
echo $! > "$dir/server.pid"
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then echo "http://127.0.0.1:$http"; exit 0; fi
  if ! kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then echo "clickhouse-server exited; see $dir/log" >&2; tail -20 "$dir/log/stdout.log" "$dir/log/error.log" >&2 2>/dev/null || true; exit 1; fi
  sleep 0.1
done
echo "clickhouse-server did not answer on port $http within 10 s" >&2
exit 1
