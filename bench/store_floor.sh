#!/bin/bash
# store_floor.sh - the cheapest SQLite writes a loader of parley's events must make,
# without parley (bench/store_floor.c; docs/store.md, "The floor").
#
# usage: bench/store_floor.sh
# environment: N (events, default 200000, from bench/store_gen.awk), RUNS (default 3),
#              OUT (work folder, default bench/out/store-floor)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
N=${N:-200000}
RUNS=${RUNS:-3}
OUT=${OUT:-$HERE/out/store-floor}
mkdir -p "$OUT"
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror "$HERE/store_floor.c" \
    $(pkg-config --libs sqlite3) -o "$OUT/store_floor"
EVENTS=$OUT/events-$N.jsonl
[ -s "$EVENTS" ] || awk -v n=1000000 -v seed=11 -f "$HERE/store_gen.awk" | head -n "$N" >"$EVENTS"
echo "# SQLite $(pkg-config --modversion sqlite3), $N events ($(stat -c %s "$EVENTS") bytes), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
    for level in 0 1 2 3; do
        rm -f "$OUT/floor.db" "$OUT/floor.db-wal" "$OUT/floor.db-shm"
        "$OUT/store_floor" "$EVENTS" "$OUT/floor.db" $level
    done
done
rm -f "$OUT/floor.db" "$OUT/floor.db-wal" "$OUT/floor.db-shm"
