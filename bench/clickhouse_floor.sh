#!/bin/bash
# clickhouse_floor.sh - what the ClickHouse server alone costs to ingest parley's
# mention rows, without parley: the floor under any `parley load --clickhouse`
# (docs/scale.md, "Why 500,000 events/s is out of reach on two cores").
#
# usage: bench/clickhouse_floor.sh [PARLEY]
#   PARLEY  a release parley built with libcurl (default build/release/parley)
# environment: N (events, default 1000000), RUNS (default 3), OUT (work folder)
#
# parley loads N synthetic events once; the table is then dumped as RowBinary
# (exactly the bytes parley sends) and re-inserted RUNS times into a fresh
# table by clickhouse-client, whose own CPU is not counted: what is printed is
# the server's CPU (user + system, the background merges it starts by itself
# included, after waiting for them) per million rows, for the whole row and for
# the row without its `json` column, and then what an OPTIMIZE FINAL adds. On two cores, 500,000 events/s leaves 4 CPU seconds per
# million events for parley and the server together.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/..
PARLEY=${1:-$SRC/build/release/parley}
N=${N:-1000000}
RUNS=${RUNS:-3}
OUT=${OUT:-$HERE/out/clickhouse-floor}
[ -x "$PARLEY" ] || { echo "bench: no parley binary at $PARLEY" >&2; exit 1; }
command -v clickhouse-server >/dev/null || { echo "bench: apt-get install clickhouse-server clickhouse-client" >&2; exit 1; }
mkdir -p "$OUT"
# shellcheck source=bench/clickhouse_server.sh
. "$HERE/clickhouse_server.sh"
quiet() { # wait for background merges and mutations
    for i in $(seq 1 600); do
        [ "$(ch "SELECT (SELECT count() FROM system.mutations WHERE is_done = 0) + (SELECT count() FROM system.merges)")" = 0 ] && break
        sleep 0.5
    done
}
EVENTS=$OUT/events-$N.jsonl
[ -s "$EVENTS" ] || awk -v n="$N" -f "$HERE/store_gen.awk" >"$EVENTS"
echo "# ClickHouse $(ch 'SELECT version()'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$PARLEY" load --quiet --db "$URL" "$EVENTS"
quiet
ch "SELECT * FROM parley_events ORDER BY seq FORMAT RowBinary" >"$OUT/rows.bin"
COLS=$(ch "SELECT arrayStringConcat(groupArray(name), ', ') FROM system.columns WHERE database = currentDatabase() AND table = 'parley_events' AND name != 'json'")
ch "SELECT $COLS FROM parley_events ORDER BY seq FORMAT RowBinary" >"$OUT/rows-nojson.bin"
echo "rows $(ch 'SELECT count() FROM parley_events'); RowBinary $(stat -c %s "$OUT/rows.bin") bytes, without json $(stat -c %s "$OUT/rows-nojson.bin")"
for variant in full nojson; do
    for r in $(seq 1 "$RUNS"); do
        ch "DROP TABLE IF EXISTS floor"
        ch "CREATE TABLE floor AS parley_events"
        file=$OUT/rows.bin cols=""
        if [ $variant = nojson ]; then ch "ALTER TABLE floor DROP COLUMN json"; file=$OUT/rows-nojson.bin; fi
        quiet
        c0=$(server_cpu) t0=$(now)
        clickhouse-client --host 127.0.0.1 --port $TCP --query "INSERT INTO floor FORMAT RowBinary" <"$file"
        t1=$(now)
        quiet
        c1=$(server_cpu)
        ch "OPTIMIZE TABLE floor FINAL"
        quiet
        c2=$(server_cpu)
        awk -v n="$N" -v v=$variant -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v c2="$c2" -v la="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
            printf "%s row: insert %.2f s wall; server CPU %.2f s (background merges included) = %.2f CPU s per million rows; merging into one part %.2f s more; load %s\n", v, t1 - t0, c1 - c0, (c1 - c0) * 1e6 / n, c2 - c1, la }'
    done
done
