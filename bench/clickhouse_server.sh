# clickhouse_server.sh - sourced by the ClickHouse benchmarks (clickhouse.sh,
# clickhouse_floor.sh): starts a private ClickHouse server on free loopback
# ports from the configs in tests/clickhouse/, under $OUT/server, and stops it
# when the calling script exits. Needs SRC (the repository root) and OUT.
# Defines SERVER (its pid), HTTP and TCP (its ports), URL, and
#   ch SQL          run a query with clickhouse-client
#   server_cpu      CPU seconds (user + system) the server has used so far
#   now             the time in seconds
rm -rf "$OUT/server"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
HTTP=""
for try in $(seq 1 50); do
    b=$((20000 + (RANDOM % 20000) * 2))
    if port_free $b && port_free $((b + 1)); then HTTP=$b; TCP=$((b + 1)); break; fi
done
[ -n "$HTTP" ] || { echo "bench: no free ports" >&2; exit 1; }
mkdir -p "$OUT/server"
sed -e "s#@DIR@#$OUT/server#g" -e "s/@HTTP@/$HTTP/" -e "s/@TCP@/$TCP/" -e "s/@SHARD1@/$TCP/" -e "s/@SHARD2@/$TCP/" \
    "$SRC/tests/clickhouse/server.xml.in" >"$OUT/server/config.xml"
cp "$SRC/tests/clickhouse/users.xml" "$OUT/server/"
clickhouse-server --config-file="$OUT/server/config.xml" >"$OUT/server/stdout.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
ch() { clickhouse-client --host 127.0.0.1 --port $TCP --query "$1"; }
for i in $(seq 1 120); do ch "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
URL="http://127.0.0.1:$HTTP/"
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVER/stat"; }
now() { date +%s.%N; }
