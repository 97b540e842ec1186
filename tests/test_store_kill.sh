#!/usr/bin/env bash
# test_store_kill.sh - a loader killed with SIGKILL at random moments leaves
# a consistent store, and rerunning the load completes it with exactly the
# events, mentions and full-text entries of an uninterrupted load: no loss,
# no duplicates.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=$(mktemp -d /tmp/parley_kill.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=${KILL_TEST_EVENTS:-6000}
awk -v n="$n" -v seed=7 -f "$PARLEY_SRC/bench/store_gen.awk" >"$tmp/in.jsonl"
# the same documents a second time, later in the input, must not duplicate
head -n 300 "$tmp/in.jsonl" >>"$tmp/in.jsonl"

t0=$(date +%s%N)
"$PARLEY" load --quiet --batch 25 --db "$tmp/ref.db" "$tmp/in.jsonl"
ms=$((($(date +%s%N) - t0) / 1000000)) # how long a whole load takes on this build

summary() { # events, mentions and an order-independent digest of the export
    "$PARLEY" stats --db "$1" --by all --format csv | tail -n 1
    "$PARLEY" query --db "$1" --text 'ceasefire OR hostages' --count
    "$PARLEY" export --db "$1" --format jsonl | LC_ALL=C sort | md5sum
}
summary "$tmp/ref.db" >"$tmp/ref.txt"
# every generated line is a distinct mention; the repeated documents add none
test "$(head -n 1 "$tmp/ref.txt" | cut -d, -f7)" = "$n"

killed=0
RANDOM=42
for round in 1 2 3 4 5 6; do
    "$PARLEY" load --quiet --batch 25 --db "$tmp/k.db" "$tmp/in.jsonl" &
    pid=$!
    # somewhere in the first 10..80% of a load's time
    at=$((ms * (10 + RANDOM % 70) / 100))
    sleep "$((at / 1000)).$(printf %03d $((at % 1000)))"
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
        killed=$((killed + 1))
    fi
    wait "$pid" 2>/dev/null || true
    # consistent after every kill: opens, answers, and SQLite finds no damage
    "$PARLEY" query --db "$tmp/k.db" --count >/dev/null
    if command -v sqlite3 >/dev/null; then
        test "$(sqlite3 "$tmp/k.db" 'PRAGMA integrity_check')" = ok
        sqlite3 "$tmp/k.db" "INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('integrity-check', 1)"
    fi
done
echo "killed $killed of 6 loads mid-run"
test "$killed" -ge 3 || { echo "the loads finished too fast to be killed: raise KILL_TEST_EVENTS"; exit 1; }

"$PARLEY" load --quiet --db "$tmp/k.db" "$tmp/in.jsonl"
summary "$tmp/k.db" >"$tmp/k.txt"
if ! diff "$tmp/ref.txt" "$tmp/k.txt"; then
    echo "the store after kills and a rerun differs from an uninterrupted load"
    exit 1
fi
echo "ok: $(head -n 1 "$tmp/ref.txt")"
