#!/usr/bin/env bash
# test_store_errors.sh - the store's refusals through the CLI: bad input
# lines (file:line, exit 2), a file that is not a store, a corrupted store,
# a newer schema, an unwritable path, and a full disk (a small tmpfs when we
# may mount one, else a file-size limit): clear errors, exit 1, and a store
# that is still consistent and completes on a rerun.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=$(mktemp -d /tmp/parley_err.XXXXXX)
mnt=""
cleanup() {
    if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# expect STATUS PATTERN command...: exit status and a stderr line matching PATTERN
expect() {
    local want=$1 pat=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    [ "$got" = "$want" ] || { cat "$tmp/err"; fail "$* exited $got, not $want"; }
    grep -qE -e "$pat" "$tmp/err" || { cat "$tmp/err"; fail "$*: no message matching '$pat'"; }
}

awk -v n=600 -v seed=3 -f "$PARLEY_SRC/bench/store_gen.awk" >"$tmp/in.jsonl"

# bad lines: reported with file:line, counted, skipped; the rest loads
{ head -n 10 "$tmp/in.jsonl"; echo '{"doc_id":"x","cameo":"0x1"}'; echo 'not json'; echo '';
  tail -n +11 "$tmp/in.jsonl"; } >"$tmp/bad.jsonl"
expect 2 "bad.jsonl:11: .*cameo" "$PARLEY" load --db "$tmp/a.db" "$tmp/bad.jsonl"
grep -q "bad.jsonl:12: invalid JSON" "$tmp/err" || fail "line 12 not reported"
grep -q "600 events in .* 2 lines skipped" "$tmp/err" || fail "summary: $(cat "$tmp/err")"
test "$("$PARLEY" query --db "$tmp/a.db" --count)" -gt 590 || fail "good lines not loaded"

# usage errors
expect 1 "--db FILE is required" "$PARLEY" load "$tmp/in.jsonl"
expect 1 "unknown --sort" "$PARLEY" query --db "$tmp/a.db" --sort sideways
expect 1 "bad --from date" "$PARLEY" query --db "$tmp/a.db" --from 2024/01/01
expect 1 "fts5" "$PARLEY" query --db "$tmp/a.db" --text 'AND ('
expect 1 "--dyad wants" "$PARLEY" stats --db "$tmp/a.db" --dyad USA
expect 1 "cannot open store" "$PARLEY" query --db "$tmp/missing.db"
test ! -e "$tmp/missing.db" || fail "a read-only command created a store"

# not a store: random bytes, a text file
head -c 20000 /dev/urandom >"$tmp/noise.db"
expect 1 "not a database|not a parley" "$PARLEY" load --db "$tmp/noise.db" "$tmp/in.jsonl"
cmp -s <(head -c 20000 "$tmp/noise.db") "$tmp/noise.db" || fail "foreign file was modified"
cp "$tmp/noise.db" "$tmp/noise.copy"
expect 1 "not a database|not a parley" "$PARLEY" query --db "$tmp/noise.db"
cmp -s "$tmp/noise.db" "$tmp/noise.copy" || fail "foreign file was modified by a reader"
if command -v sqlite3 >/dev/null; then
    sqlite3 "$tmp/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
    expect 1 "not a parley event store" "$PARLEY" load --db "$tmp/other.db" "$tmp/in.jsonl"
    test "$(sqlite3 "$tmp/other.db" 'SELECT count(*) FROM sqlite_schema')" = 1 || fail "foreign store was changed"
fi

# a newer schema (user_version is the big-endian int at byte 60 of the header)
cp "$tmp/a.db" "$tmp/new.db"
printf '\x00\x00\x00\x63' | dd of="$tmp/new.db" bs=1 seek=60 conv=notrunc status=none
expect 1 "newer than this parley" "$PARLEY" query --db "$tmp/new.db"
expect 1 "newer than this parley" "$PARLEY" load --db "$tmp/new.db" "$tmp/in.jsonl"

# a damaged store: pages overwritten in the middle; errors, never a crash
cp "$tmp/a.db" "$tmp/dmg.db"
size=$(stat -c %s "$tmp/dmg.db")
head -c 8192 /dev/urandom | dd of="$tmp/dmg.db" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$PARLEY" export --db "$tmp/dmg.db" --format jsonl >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -le 1 ] || fail "damaged store: exit $rc"
[ "$rc" = 0 ] || grep -qE "malformed|not a database|corrupt" "$tmp/err" || fail "damaged store: $(cat "$tmp/err")"

# an unwritable path
expect 1 "cannot open store" "$PARLEY" load --db "$tmp/no/such/dir/x.db" "$tmp/in.jsonl"
expect 1 "cannot open store" "$PARLEY" load --db "$tmp" "$tmp/in.jsonl"

# export writes atomically: a failed export leaves no file
expect 1 "cannot open store" "$PARLEY" export --db "$tmp/missing.db" --format csv --out "$tmp/x.csv"
test ! -e "$tmp/x.csv" || fail "failed export left a file"

# a full disk: a 600 KiB tmpfs if we may mount one, else a 600 KiB file-size limit
awk -v n=4000 -v seed=5 -f "$PARLEY_SRC/bench/store_gen.awk" >"$tmp/big.jsonl"
"$PARLEY" load --quiet --db "$tmp/ref.db" "$tmp/big.jsonl" || fail "reference load"
want=$("$PARLEY" export --db "$tmp/ref.db" --format jsonl | LC_ALL=C sort | md5sum)
mkdir "$tmp/small"
if mount -t tmpfs -o size=600k tmpfs "$tmp/small" 2>/dev/null; then
    mnt="$tmp/small"
    expect 1 "disk is full|database or disk is full|I/O" "$PARLEY" load --batch 50 --db "$tmp/small/s.db" "$tmp/big.jsonl"
    "$PARLEY" query --db "$tmp/small/s.db" --count >/dev/null || fail "store unusable after a full disk"
    cp "$tmp/small/s.db" "$tmp/s.db"
    [ ! -e "$tmp/small/s.db-wal" ] || cp "$tmp/small/s.db-wal" "$tmp/s.db-wal"
    echo "full disk: tmpfs"
else
    expect 1 "disk is full|database or disk is full|I/O|too large" \
        bash -c "trap '' XFSZ; ulimit -f 600; exec \"\$0\" load --batch 50 --db \"\$1\" \"\$2\"" \
        "$PARLEY" "$tmp/s.db" "$tmp/big.jsonl"
    echo "full disk: ulimit -f"
fi
if command -v sqlite3 >/dev/null; then
    test "$(sqlite3 "$tmp/s.db" 'PRAGMA integrity_check')" = ok || fail "integrity after a full disk"
fi
"$PARLEY" load --quiet --db "$tmp/s.db" "$tmp/big.jsonl" || fail "rerun after a full disk"
got=$("$PARLEY" export --db "$tmp/s.db" --format jsonl | LC_ALL=C sort | md5sum)
[ "$got" = "$want" ] || fail "rerun after a full disk differs from a clean load"
echo ok
