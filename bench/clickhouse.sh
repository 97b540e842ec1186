#!/bin/bash
# clickhouse.sh - load throughput and statistics latency of parley's ClickHouse
# store, and the throughput of sharded coding (docs/scale.md quotes its output).
#
# usage: bench/clickhouse.sh [PARLEY]
#   PARLEY  a release parley binary built with libcurl (default build/release/parley)
# environment:
#   N=EVENTS        synthetic events to load (default 1000000, bench/store_gen.awk)
#   RUNS=R          loads into a fresh table, and repetitions of each query (default 3)
#   LOADS=L         timed loads instead of RUNS (0: one untimed load, no server-alone
#                   or two-process figures; for the statistics alone)
#   COPIES=K        the statistics table holds K copies of the load (default 10: 10M
#                   events for N=1M), each shifted by 5 years so that they are distinct
#                   events; made server-side (INSERT SELECT), not through parley, then
#                   its statistics summary is built by a `parley load` with no input
#   CODE_DOCS=D     documents coded for the sharding figures (default 2000; from
#                   bench/out/news.jsonl, made by bench/gen_corpus.py when missing;
#                   0 skips them)
#   OUT=DIR         work folder (default bench/out/clickhouse; ~1 GB per million events)
# A private ClickHouse server is started on free loopback ports from the configs in
# tests/clickhouse/ and stopped at the end. Every figure is printed with the load
# average: on a shared machine wall times measure the neighbours too, so the CPU
# seconds of parley (/usr/bin/time) and of the server (/proc) are printed as well.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/..
PARLEY=${1:-$SRC/build/release/parley}
N=${N:-1000000}
RUNS=${RUNS:-3}
LOADS=${LOADS:-$RUNS}
COPIES=${COPIES:-10}
CODE_DOCS=${CODE_DOCS:-2000}
OUT=${OUT:-$HERE/out/clickhouse}
[ -x "$PARLEY" ] || { echo "bench: no parley binary at $PARLEY (make release)" >&2; exit 1; }
command -v clickhouse-server >/dev/null || { echo "bench: apt-get install clickhouse-server clickhouse-client" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
mkdir -p "$OUT"
# shellcheck source=bench/clickhouse_server.sh
. "$HERE/clickhouse_server.sh"
stats_line() { sort -g | awk '{ v[NR] = $1 } END { printf "min %.3f median %.3f (n=%d)", v[1], v[int((NR + 1) / 2)], NR }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

EVENTS=$OUT/events-$N.jsonl
[ -s "$EVENTS" ] || awk -v n="$N" -f "$HERE/store_gen.awk" >"$EVENTS"
echo "# parley $("$PARLEY" --version 2>/dev/null | head -1), ClickHouse $(ch 'SELECT version()'), $(nproc) cores, load average $(loadavg)"

drop_events() { for t in "$1" "$1_dm" "$1_dmv"; do ch "DROP TABLE IF EXISTS $t"; done; }
if [ "$LOADS" -eq 0 ]; then
    echo "## one untimed load of $N events (LOADS=0)"
    drop_events parley_events
    "$PARLEY" load --quiet --db "$URL" "$EVENTS"
else
echo "## load: $N events, parley load --db $URL (fresh table each run)"
: >"$OUT/load.rates"
for r in $(seq 1 "$LOADS"); do
    drop_events parley_events
    c0=$(server_cpu) t0=$(now)
    /usr/bin/time -f "%U %S" -o "$OUT/time" "$PARLEY" load --quiet --db "$URL" "$EVENTS"
    t1=$(now) c1=$(server_cpu)
    read -r u s <"$OUT/time"
    awk -v n="$N" -v t0="$t0" -v t1="$t1" -v u="$u" -v s="$s" -v c0="$c0" -v c1="$c1" -v la="$(loadavg)" 'BEGIN {
        printf "run: %.1f s wall, %.0f events/s; parley CPU %.1f s (%.0f events per CPU second); server CPU %.1f s; load %s\n",
               t1 - t0, n / (t1 - t0), u + s, n / (u + s), c1 - c0, la }'
    awk -v n="$N" -v t0="$t0" -v t1="$t1" 'BEGIN { print n / (t1 - t0) }' >>"$OUT/load.rates"
done
echo "load events/s (wall): $(stats_line <"$OUT/load.rates")"
[ "$(ch 'SELECT count() FROM parley_events')" = "$N" ] || { echo "bench: the table does not hold $N rows" >&2; exit 1; }

echo "## the server alone: INSERT SELECT of the same $N rows"
ch "DROP TABLE IF EXISTS copy_events"; ch "CREATE TABLE copy_events AS parley_events"
c0=$(server_cpu) t0=$(now)
ch "INSERT INTO copy_events SELECT * FROM parley_events"
t1=$(now) c1=$(server_cpu)
awk -v n="$N" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" 'BEGIN {
    printf "server ingest: %.1f s wall, %.0f rows/s, server CPU %.1f s\n", t1 - t0, n / (t1 - t0), c1 - c0 }'
ch "DROP TABLE copy_events"

echo "## load: two parley processes, the input split by document"
awk -v dir="$OUT" '{ match($0, /"doc_id":"[^"]*"/); id = substr($0, RSTART + 10, RLENGTH - 11);
    h = 0; for (i = 1; i <= length(id); i++) h = (h * 31 + index("0123456789abcdefghijklmnopqrstuvwxyz-_", substr(id, i, 1))) % 1000003;
    print > (dir "/half" (h % 2) ".jsonl") }' "$EVENTS"
drop_events parley_events
t0=$(now)
"$PARLEY" load --quiet --db "$URL" "$OUT/half0.jsonl" &
p0=$!
"$PARLEY" load --quiet --db "$URL" "$OUT/half1.jsonl" &
p1=$!
wait $p0 $p1
t1=$(now)
awk -v n="$N" -v t0="$t0" -v t1="$t1" -v la="$(loadavg)" 'BEGIN { printf "2 processes: %.1f s wall, %.0f events/s; load %s\n", t1 - t0, n / (t1 - t0), la }'
[ "$(ch 'SELECT count() FROM parley_events')" = "$N" ] || { echo "bench: the two loads did not store $N rows" >&2; exit 1; }
fi

echo "## statistics: dyad by month over $COPIES copies of the load"
drop_events big
ch "CREATE TABLE big AS parley_events"
for k in $(seq 0 $((COPIES - 1))); do
    # each copy is other events: other documents, dates 5k years later, its own merge keys
    ch "INSERT INTO big SELECT concat(doc_id, '-$k'), event_id, cityHash64(mkey, $k), seq * 16 + $k, source, target,
        toString(addYears(toDate(date), 5 * $k)), base, place_key, cameo, root, quad, goldstein, plover, country, place,
        source_name, target_name, reporter, sentence, doc_source, json FROM parley_events"
done
ch "OPTIMIZE TABLE big FINAL"
echo "rows $(ch 'SELECT count() FROM big'), merged events $(ch 'SELECT uniqExact(mkey) FROM big')"
# rows written behind parley's back are not in the statistics summary: a
# writer with nothing to load sees that and rebuilds it (every month)
c0=$(server_cpu) t0=$(now)
"$PARLEY" load --quiet --db "$URL?table=big" </dev/null
t1=$(now) c1=$(server_cpu)
awk -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v rows="$(ch 'SELECT count() FROM big_dm')" -v la="$(loadavg)" 'BEGIN {
    printf "summary rebuilt: %.1f s wall, server CPU %.1f s, %d summary rows; load %s\n", t1 - t0, c1 - c0, rows, la }'
# the server's CPU time counts its background work too: let the merges and
# the deletion of older summary builds finish before timing queries
t0=$(now)
for i in $(seq 1 600); do
    [ "$(ch "SELECT (SELECT count() FROM system.mutations WHERE is_done = 0) + (SELECT count() FROM system.merges)")" = 0 ] && break
    sleep 1
done
awk -v t0="$t0" -v t1="$(now)" 'BEGIN { printf "background merges and mutations done after %.0f s\n", t1 - t0 }'
for q in "--by month --group dyad" "--by month" "--top-dyads 20" "--by month --group dyad --dyad USA*,RUS*"; do
    : >"$OUT/q.times"
    : >"$OUT/q.cpu"
    : >"$OUT/q.pcpu"
    for r in $(seq 1 "$RUNS"); do
        c0=$(server_cpu) t0=$(now)
        # shellcheck disable=SC2086
        /usr/bin/time -f "%U %S" -o "$OUT/time" "$PARLEY" stats --db "$URL?table=big" $q --format csv >"$OUT/q.out"
        t1=$(now) c1=$(server_cpu)
        awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$OUT/q.times"
        awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }' >>"$OUT/q.cpu"
        awk '{ print $1 + $2 }' "$OUT/time" >>"$OUT/q.pcpu"
    done
    echo "stats $q: $(($(wc -l <"$OUT/q.out") - 1)) rows; wall s $(stats_line <"$OUT/q.times"); server CPU s $(stats_line <"$OUT/q.cpu"); parley CPU s $(stats_line <"$OUT/q.pcpu"); load $(loadavg)"
done

[ "$CODE_DOCS" -gt 0 ] || exit 0
echo "## sharded coding: $CODE_DOCS documents, 1 process vs 2 processes (split -n r/2)"
NEWS=$HERE/out/news.jsonl
[ -s "$NEWS" ] || python3 "$HERE/gen_corpus.py" --mb 10 --out "$NEWS"
head -n "$CODE_DOCS" "$NEWS" >"$OUT/docs.jsonl"
t0=$(now)
/usr/bin/time -f "%U %S" -o "$OUT/time" "$PARLEY" code "$OUT/docs.jsonl" >"$OUT/code1.jsonl" 2>/dev/null
t1=$(now)
read -r u s <"$OUT/time"
awk -v n="$CODE_DOCS" -v t0="$t0" -v t1="$t1" -v u="$u" -v s="$s" -v la="$(loadavg)" 'BEGIN {
    printf "1 process: %.1f s wall, %.1f docs/s; CPU %.1f s (%.1f docs per CPU second); load %s\n", t1 - t0, n / (t1 - t0), u + s, n / (u + s), la }'
rm -f "$OUT"/part.*
split -n r/2 "$OUT/docs.jsonl" "$OUT/part."
t0=$(now)
pids=()
for f in "$OUT"/part.??; do
    "$PARLEY" code "$f" >"$f.events" 2>/dev/null &
    pids+=($!)
done
wait "${pids[@]}" # not a bare wait: the server is a child too
t1=$(now)
awk -v n="$CODE_DOCS" -v t0="$t0" -v t1="$t1" -v la="$(loadavg)" 'BEGIN { printf "2 processes: %.1f s wall, %.1f docs/s; load %s\n", t1 - t0, n / (t1 - t0), la }'
a=$(sort "$OUT/code1.jsonl" | md5sum) b=$(cat "$OUT"/part.??.events | sort | md5sum)
[ "$a" = "$b" ] && echo "the two shards together coded exactly the events of one process" ||
    { echo "bench: sharded coding gave other events" >&2; exit 1; }
