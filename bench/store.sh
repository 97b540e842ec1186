#!/bin/bash
# store.sh - load throughput and query latency of parley's event store.
#
# usage: bench/store.sh [PARLEY]
#   PARLEY  a release parley binary (default build/release/parley); libparley.a of
#           the same build folder is linked into the query benchmark (store_bench.c)
# environment:
#   N=EVENTS      synthetic events to load (default 10000000), from store_gen.awk
#   LOAD_RUNS=R   loads into a fresh store (default 3; 1 when N >= 5000000); min/median
#   ROUNDS=R      repetitions of each query set (default 5)
#   OUT=DIR       where the store goes (default bench/out; needs ~2.3 GB per million events)
# The loader reads the generator through a pipe; its own CPU time (user + system,
# /usr/bin/time) is the single-core figure to quote on a shared machine, wall time
# measures the neighbours too. Query latencies are in-process (no start-up).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PARLEY=${1:-$HERE/../build/release/parley}
BUILD=$(cd "$(dirname "$PARLEY")" && pwd)
N=${N:-10000000}
ROUNDS=${ROUNDS:-5}
OUT=${OUT:-$HERE/out}
if [ -z "${LOAD_RUNS:-}" ]; then
    if [ "$N" -ge 5000000 ]; then LOAD_RUNS=1; else LOAD_RUNS=3; fi
fi
[ -x "$PARLEY" ] || { echo "bench: no parley binary at $PARLEY (make release)" >&2; exit 1; }
[ -f "$BUILD/libparley.a" ] || { echo "bench: no libparley.a next to $PARLEY" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
mkdir -p "$OUT"
DB=$OUT/store-$N.db

cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$HERE/../include" "$HERE/store_bench.c" "$BUILD/libparley.a" \
    $(pkg-config --libs jansson sqlite3) $(pkg-config --libs libcurl 2>/dev/null) -lm -lpthread -o "$OUT/store_bench"

echo "store bench: $N events, $LOAD_RUNS load run(s), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
walls=()
cpus=()
for run in $(seq 1 "$LOAD_RUNS"); do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    awk -v n="$N" -v seed=11 -f "$HERE/store_gen.awk" |
        /usr/bin/time -f '%e %U %S %M' -o "$OUT/store-time.txt" "$PARLEY" load --quiet --db "$DB" -
    read -r wall user sys rss <"$OUT/store-time.txt"
    cpu=$(echo "$user + $sys" | bc)
    printf 'load run %d: wall %.1f s, cpu %.1f s (user %.1f + sys %.1f), peak RSS %d MB: %.0f events/s wall, %.0f events/s cpu\n' \
        "$run" "$wall" "$cpu" "$user" "$sys" $((rss / 1024)) "$(echo "$N / $wall" | bc -l)" "$(echo "$N / $cpu" | bc -l)"
    walls+=("$wall")
    cpus+=("$cpu")
done
stat_line() { # label values...: min-throughput (slowest run) and median
    local label=$1
    shift
    local sorted
    sorted=$(printf '%s\n' "$@" | sort -g)
    local worst med
    worst=$(echo "$sorted" | tail -n 1)
    med=$(echo "$sorted" | sed -n "$((($# + 1) / 2))p")
    printf 'load %-4s events/s: min %.0f, median %.0f\n' "$label" "$(echo "$N / $worst" | bc -l)" "$(echo "$N / $med" | bc -l)"
}
stat_line wall "${walls[@]}"
stat_line cpu "${cpus[@]}"
echo "store size: $(du -h "$DB" | cut -f1)"
"$OUT/store_bench" "$DB" "$ROUNDS"
