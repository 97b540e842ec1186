#!/usr/bin/env bash
# test_store_cli.sh - parley load/query/stats/export end to end: every
# output format agrees with --count, cursor paging visits every event once,
# exports have the documented shape (CSV header + records, 58 GDELT columns).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=$(mktemp -d /tmp/parley_cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for c in load query stats export; do "$PARLEY" "$c" --help | grep -q "usage: parley $c" || fail "$c --help"; done

awk -v n=900 -v seed=9 -f "$PARLEY_SRC/bench/store_gen.awk" >"$tmp/in.jsonl"
"$PARLEY" load --quiet --db "$tmp/s.db" <"$tmp/in.jsonl"
db=(--db "$tmp/s.db")
total=$("$PARLEY" query "${db[@]}" --count)
[ "$total" -gt 800 ] && [ "$total" -le 900 ] || fail "count $total"

# formats agree
[ "$("$PARLEY" query "${db[@]}" --format jsonl | wc -l)" = "$total" ] || fail "jsonl rows"
[ "$("$PARLEY" query "${db[@]}" | wc -l)" = "$total" ] || fail "table rows"
[ "$("$PARLEY" export "${db[@]}" --format csv | wc -l)" = "$((total + 1))" ] || fail "csv rows"
"$PARLEY" export "${db[@]}" --format gdelt --out "$tmp/g.tsv" 2>/dev/null
[ "$(wc -l <"$tmp/g.tsv")" = "$total" ] || fail "gdelt rows"
[ "$(awk -F'\t' '{print NF}' "$tmp/g.tsv" | sort -u)" = 58 ] || fail "gdelt columns"
sub=$("$PARLEY" query "${db[@]}" --actor 'USA*' --quad 4 --count)
[ "$("$PARLEY" query "${db[@]}" --actor 'USA*' --quad 4 --format csv | wc -l)" = "$((sub + 1))" ] || fail "filtered csv"
[ "$sub" -gt 0 ] && [ "$sub" -lt "$total" ] || fail "filter did not filter: $sub of $total"
# an exported line loads back
"$PARLEY" query "${db[@]}" --format jsonl --mentions --limit 5 2>/dev/null >"$tmp/five.jsonl"
"$PARLEY" load --quiet --db "$tmp/back.db" "$tmp/five.jsonl"
[ "$("$PARLEY" query --db "$tmp/back.db" --count)" = 5 ] || fail "reload of exported lines"

# cursor paging: pages of 100 with --after cover every event exactly once
"$PARLEY" query "${db[@]}" --sort -date --format jsonl | grep -o '"id":"[0-9a-f]*"' >"$tmp/all.txt"
: >"$tmp/paged.txt"
after=""
for _ in $(seq 1 20); do
    "$PARLEY" query "${db[@]}" --sort -date --format jsonl --limit 100 ${after:+--after "$after"} \
        >"$tmp/page.jsonl" 2>"$tmp/page.err"
    grep -o '"id":"[0-9a-f]*"' "$tmp/page.jsonl" >>"$tmp/paged.txt" || true
    after=$(sed -n "s/.*--after '\(.*\)'/\1/p" "$tmp/page.err")
    [ -n "$after" ] || break
done
cmp -s "$tmp/all.txt" "$tmp/paged.txt" || fail "paging differs from one query"

# stats: per-month counts add up to the total; top actors are ranked
sum=$("$PARLEY" stats "${db[@]}" --by month --format csv | tail -n +2 | cut -d, -f6 | paste -sd+ | bc)
[ "$sum" = "$total" ] || fail "monthly counts sum to $sum, not $total"
"$PARLEY" stats "${db[@]}" --top-actors 5 --format csv | tail -n +2 | cut -d, -f6 >"$tmp/top.txt"
[ "$(wc -l <"$tmp/top.txt")" = 5 ] || fail "top actors"
sort -rn "$tmp/top.txt" | cmp -s - "$tmp/top.txt" || fail "top actors not ranked"
"$PARLEY" stats "${db[@]}" --dyad 'ISR*,PSE*' --by all --balance --format jsonl | grep -q '"balance":' || fail "balance"
# A store of the previous schema (version 1: events by rowid, the representative's JSON only in
# mentions) is migrated by a read-write open, and `parley code --db` and `parley load` say so.
if command -v sqlite3 >/dev/null; then
    for cmd in code load; do
        "$PARLEY" load --quiet --db "$tmp/v1.db" <"$tmp/in.jsonl"
        sqlite3 "$tmp/v1.db" "CREATE TABLE ev1(id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
            base TEXT NOT NULL, date TEXT NOT NULL, place_key TEXT NOT NULL, cameo TEXT NOT NULL, root TEXT NOT NULL,
            quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT NOT NULL, country TEXT NOT NULL,
            place TEXT NOT NULL, source_name TEXT NOT NULL, target_name TEXT NOT NULL, rep INTEGER NOT NULL,
            num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL);
            INSERT INTO ev1 SELECT id, source, target, base, date, place_key, cameo, root, quad, goldstein, plover,
            country, place, source_name, target_name, rep, num_mentions, num_sources, num_articles FROM events;
            DROP TABLE events; ALTER TABLE ev1 RENAME TO events;
            CREATE UNIQUE INDEX events_key ON events(source, target, date, base, place_key);
            PRAGMA user_version = 1;"
        if "$PARLEY" query --db "$tmp/v1.db" --count >/dev/null 2>"$tmp/err"; then fail "v1 store read without migration"; fi
        if [ "$cmd" = code ]; then
            "$PARLEY" code --db "$tmp/v1.db" "$PARLEY_SRC/examples/texts/"*.txt 2>"$tmp/err" >/dev/null
        else
            "$PARLEY" load --quiet --db "$tmp/v1.db" </dev/null 2>"$tmp/err"
        fi
        grep -q "parley $cmd: migrated $tmp/v1.db from store schema version 1 to 2" "$tmp/err" ||
            fail "$cmd: no migration message: $(cat "$tmp/err")"
        [ "$("$PARLEY" query --db "$tmp/v1.db" --count)" -ge "$total" ] || fail "$cmd: events lost in migration"
        rm -f "$tmp/v1.db"*
    done
else
    echo "skip: no sqlite3 shell to write a version 1 store (apt-get install sqlite3)"
fi
echo "ok: $total events"
