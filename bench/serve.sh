#!/usr/bin/env bash
# serve.sh - load test of `parley serve` with wrk (Debian package wrk).
#
#   bench/serve.sh PARLEY [EVENTS] [THREADS] [SECONDS]
#
# Generates EVENTS synthetic events (bench/store_gen.awk, 3 per document),
# loads them into bench/out/serve-EVENTS.db (kept for reruns), starts the
# server with THREADS workers (default 4), then:
#  1. 200 concurrent connections for SECONDS (default 20) on a mix of the
#     dashboard's requests with one in five malformed; afterwards the server
#     must answer again (the time it takes to work off the backlog is shown);
#  2. 50 concurrent connections on /api/events for one dyad and one month
#     (many dyads and months), reporting p50/p95/p99 latency.
# Environment: DB=FILE serves an existing store instead (for example the
# 10M-event store of bench/store.sh, bench/out/store-10000000.db); ONLY=1
# or ONLY=2 runs only that test.
# Use a Release build: the sanitizers of a Debug build cost several times.
set -euo pipefail
PARLEY=${1:?usage: bench/serve.sh PARLEY [EVENTS] [THREADS] [SECONDS]}
EVENTS=${2:-1000000}
THREADS=${3:-4}
SECS=${4:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/out"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "serve.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

DB=${DB:-$OUT/serve-$EVENTS.db}
if [ ! -s "$DB" ]; then
  echo "generating and loading $EVENTS events into $DB ..."
  start=$(date +%s)
  awk -v n="$EVENTS" -v seed=11 -f "$HERE/store_gen.awk" | "$PARLEY" load --quiet --db "$DB" -
  echo "loaded in $(( $(date +%s) - start )) s"
fi
# (a full aggregate: minutes on 10M events, so not with ONLY)
[ -n "${ONLY:-}" ] || "$PARLEY" stats --db "$DB" --by month 2>/dev/null | tail -1 || true

LOG="$OUT/serve-bench.log"
: >"$LOG"  # emptied here, so no port of an earlier run is read below
"$PARLEY" serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS" 2>"$LOG" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
PORT=""
for _ in $(seq 1 300); do
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$LOG")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$LOG" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
echo "server: $THREADS threads on $BASE, store $DB ($(du -h "$DB" | cut -f1)), $(nproc) CPUs"

if [ "${ONLY:-}" != 2 ]; then
echo "== 1. 200 connections, mixed requests, 1 in 5 malformed, ${SECS}s"
wrk -t 2 -c 200 -d "${SECS}s" --timeout 10s -s "$HERE/serve_mixed.lua" "$BASE" | grep -E "Requests/sec|p50|Socket|Non-2xx"
# The backlog of slow queries left by the storm is worked off or shed (503
# with Retry-After); a client that retries as told gets its answer.
t0=$(date +%s.%N)
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -m 30 -w '%{http_code}' "$BASE/api/events?limit=1" || true) # 000: no answer in 30 s
  [ "$code" = 200 ] && break
  sleep 1
done
echo "after the storm: GET /api/events -> $code after $(echo "$(date +%s.%N) - $t0" | bc) s"
[ "$code" = 200 ]
fi

[ "${ONLY:-}" != 1 ] || exit 0
echo "== 2. 50 connections, /api/events dyad + month, ${SECS}s"
wrk -t 2 -c 50 -d "${SECS}s" --timeout 10s -s "$HERE/serve_dyad.lua" "$BASE" | grep -E "Requests/sec|p50"
