#!/bin/bash
# test_clickhouse_cluster.sh - the ClickHouse store backend against a real
# two-shard cluster on this machine, checked against the SQLite store.
#
# Starts two ClickHouse servers on free loopback ports (configs generated
# from tests/clickhouse/), splits a generated corpus by document into two
# shards, loads each shard into its server with `parley load`, and compares
# through a Distributed table over both: event counts and `parley stats`
# must equal the SQLite store's on the whole corpus. Also: one server with
# the whole corpus answers `parley query` row for row like SQLite; reloading
# and re-coding documents replace them; quoting survives injection attempts;
# a server that is down gives a clear error and exit status 1.
#
# PARLEY_CH_EVENTS sets the corpus size (default 30000, a minute or two
# under the sanitizers on two cores; bench/clickhouse.sh loads millions).
# Without clickhouse-server it installs it when root, else prints SKIP and
# exits 77; a parley built without libcurl also skips.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}"
N=${PARLEY_CH_EVENTS:-30000}

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

if ! command -v clickhouse-server >/dev/null || ! command -v clickhouse-client >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "installing clickhouse-server and clickhouse-client (Debian)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client >/dev/null 2>&1 ||
            skip "clickhouse-server is not installed and apt-get could not install it"
    else
        skip "clickhouse-server/clickhouse-client not installed (apt-get install clickhouse-server clickhouse-client)"
    fi
fi
if "$PARLEY" query --count --db "http://127.0.0.1:1/?retries=0" 2>&1 | grep -q "without libcurl"; then
    skip "this parley was built without libcurl (no ClickHouse backend)"
fi

TMP=$(mktemp -d /tmp/parley-ch.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# four consecutive free ports: HTTP and TCP of each server
BASE=""
for try in $(seq 1 50); do
    b=$((20000 + (RANDOM % 20000) * 2))
    if port_free $b && port_free $((b + 1)) && port_free $((b + 2)) && port_free $((b + 3)); then BASE=$b; break; fi
done
[ -n "$BASE" ] || skip "no free loopback ports"
HTTP1=$BASE TCP1=$((BASE + 1)) HTTP2=$((BASE + 2)) TCP2=$((BASE + 3))

start_server() { # dir http tcp
    mkdir -p "$1"
    sed -e "s#@DIR@#$1#g" -e "s/@HTTP@/$2/" -e "s/@TCP@/$3/" -e "s/@SHARD1@/$TCP1/" -e "s/@SHARD2@/$TCP2/" \
        "$PARLEY_SRC/tests/clickhouse/server.xml.in" >"$1/config.xml"
    cp "$PARLEY_SRC/tests/clickhouse/users.xml" "$1/users.xml"
    clickhouse-server --config-file="$1/config.xml" >"$1/stdout.log" 2>&1 &
    PIDS+=($!)
}
ch() { clickhouse-client --host 127.0.0.1 --port "$1" --query "$2"; }
wait_up() {
    for i in $(seq 1 120); do
        ch "$1" "SELECT 1" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    cat "$2/stdout.log" "$2/server.err.log" 2>/dev/null | tail -20
    fail "ClickHouse server on port $1 did not start"
}
start_server "$TMP/s1" $HTTP1 $TCP1
start_server "$TMP/s2" $HTTP2 $TCP2
wait_up $TCP1 "$TMP/s1"
wait_up $TCP2 "$TMP/s2"
U1="http://127.0.0.1:$HTTP1/"
U2="http://127.0.0.1:$HTTP2/"
ALL="http://127.0.0.1:$HTTP1/?table=parley_events_all"

# the corpus, and its split by document (the sharding recipe of docs/scale.md)
awk -v n="$N" -v seed=7 -f "$PARLEY_SRC/bench/store_gen.awk" >"$TMP/all.jsonl"
awk -v dir="$TMP" 'BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
    { match($0, /"doc_id":"[^"]*"/); id = substr($0, RSTART, RLENGTH); h = 0
      for (i = 1; i <= length(id); i++) h = (h * 31 + ord[substr(id, i, 1)]) % 1000003
      print > (dir "/shard" (h % 2 + 1) ".jsonl") }' "$TMP/all.jsonl"
[ -s "$TMP/shard1.jsonl" ] && [ -s "$TMP/shard2.jsonl" ] || fail "the corpus did not split into two shards"

"$PARLEY" load --quiet --db "$TMP/sqlite.db" "$TMP/all.jsonl" || fail "SQLite load"
"$PARLEY" load --quiet --db "$U1" "$TMP/shard1.jsonl" || fail "load of shard 1"
"$PARLEY" load --quiet --db "$U2" "$TMP/shard2.jsonl" || fail "load of shard 2"
for p in $TCP1 $TCP2; do
    ch $p "CREATE TABLE parley_events_all AS parley_events ENGINE = Distributed(parley_cluster, default, parley_events, rand())" ||
        fail "cannot create the Distributed table"
done
rows=$(ch $TCP1 "SELECT count() FROM parley_events_all")
[ "$rows" = "$N" ] || fail "the cluster holds $rows mentions, not $N"
one=$(ch $TCP1 "SELECT count() FROM parley_events") two=$(ch $TCP2 "SELECT count() FROM parley_events")
[ "$one" -gt 0 ] && [ "$two" -gt 0 ] || fail "a shard is empty ($one, $two)"

STATS=("--by month" "--by month --group dyad" "--by week --group root --balance" "--by day --group quad"
       "--by all --group actor" "--top-actors 10 --top-dyads 10" "--by month --dyad USA*,RUS*"
       "--by month --actor *GOV --from 2021-03-01 --to 2022-06-30 --balance" "--by all --group dyad --cameo 0841"
       "--by month --quad 4 --country UKR" "--by all --place G* --group root" "--by all --reporter USA*")
# Two CSV files are the same when every field is: counts exactly, Goldstein
# sums and means to within 1e-9 relative or one unit of their sixth
# significant digit. Each store adds the Goldstein scores in its own order
# (at 1M events, 8.9e-16 against 0 where the mentions cancel out), and a
# mean that lies on a rounding tie of the printed six digits (-3187.8 / 1472
# = -2.165625) prints as -2.16562 or -2.16563 after such a last-bit difference.
same_csv() {
    [ "$(wc -l <"$1")" = "$(wc -l <"$2")" ] || return 1
    paste "$1" "$2" | awk -F '\t' '
        function num(x) { return x ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ }
        function abs(x) { return x < 0 ? -x : x }
        { gsub(/\r/, "")  # CSV lines end in CR LF
          n = split($1, a, ","); m = split($2, b, ",")
          if (n != m) exit 1
          for (i = 1; i <= n; i++) {
              if (a[i] == b[i]) continue
              if (!num(a[i]) || !num(b[i])) exit 1
              if (a[i] ~ /^-?[0-9]+$/ && b[i] ~ /^-?[0-9]+$/) exit 1
              d = abs(a[i] - b[i]); s = abs(a[i]) + abs(b[i]); big = abs(a[i]) > abs(b[i]) ? abs(a[i]) : abs(b[i])
              if (d > 1e-9 * (1 + s) && d > 1.01e-5 * big) exit 1
          } }'
}
compare() { # label url
    local a ca cs
    for a in "${STATS[@]}"; do
        # shellcheck disable=SC2086
        "$PARLEY" stats --db "$2" $a --format csv >"$TMP/c.csv" || fail "$1: parley stats $a"
        # shellcheck disable=SC2086
        "$PARLEY" stats --db "$TMP/sqlite.db" $a --format csv >"$TMP/s.csv"
        [ "$(wc -l <"$TMP/s.csv")" -gt 1 ] || fail "stats $a selects nothing: a weak check"
        same_csv "$TMP/s.csv" "$TMP/c.csv" || { diff "$TMP/s.csv" "$TMP/c.csv" | head; fail "$1: stats $a differ from SQLite"; }
    done
    for a in "" "--actor USA*" "--cameo 19" "--doc doc0000042" "--plover AID --from 2022-01-01"; do
        # shellcheck disable=SC2086
        ca=$("$PARLEY" query --count --db "$2" $a) || fail "$1: query --count $a"
        # shellcheck disable=SC2086
        cs=$("$PARLEY" query --count --db "$TMP/sqlite.db" $a)
        [ "$ca" = "$cs" ] || fail "$1: query --count $a: $ca events, SQLite $cs"
    done
}
compare "two shards" "$ALL"
echo "ok: $N events on two shards agree with SQLite (counts, ${#STATS[@]} stats)"

# one server, the whole corpus: query rows, sorts, paging and mentions like SQLite
"$PARLEY" load --quiet --db "$U1?table=single" "$TMP/all.jsonl" || fail "load into one server"
for a in "--limit 300 --format jsonl" "--sort -goldstein --limit 100 --format csv" "--sort mentions --limit 50 --mentions --format jsonl" \
         "--dyad ISR*,PSE* --sort -date --limit 80" "--offset 10 --limit 10 --place G*"; do
    # shellcheck disable=SC2086
    "$PARLEY" query --db "$U1?table=single" $a >"$TMP/c.out" 2>"$TMP/c.err" || fail "query $a"
    # shellcheck disable=SC2086
    "$PARLEY" query --db "$TMP/sqlite.db" $a >"$TMP/s.out" 2>"$TMP/s.err"
    [ -s "$TMP/s.out" ] || fail "query $a selects nothing: a weak check"
    cmp -s "$TMP/s.out" "$TMP/c.out" || { diff "$TMP/s.out" "$TMP/c.out" | head; fail "query $a differs from SQLite"; }
done
# keyset paging: each store's own cursor gives the same next page
for db in "$U1?table=single" "$TMP/sqlite.db"; do
    "$PARLEY" query --db "$db" --limit 40 --format jsonl >/dev/null 2>"$TMP/page.err"
    cursor=$(sed -n "s/.*--after '\(.*\)'.*/\1/p" "$TMP/page.err")
    [ -n "$cursor" ] || fail "no cursor from $db"
    "$PARLEY" query --db "$db" --after "$cursor" --limit 40 --format jsonl 2>/dev/null >"$TMP/page-$([ "$db" = "$TMP/sqlite.db" ] && echo s || echo c)" ||
        fail "--after on $db"
done
cmp -s "$TMP/page-s" "$TMP/page-c" || fail "the page after a cursor differs from SQLite"
for f in jsonl csv gdelt; do
    "$PARLEY" export --db "$U1?table=single" --format $f --actor 'IRN*' >"$TMP/c.out" || fail "export --format $f"
    "$PARLEY" export --db "$TMP/sqlite.db" --format $f --actor 'IRN*' >"$TMP/s.out"
    [ -s "$TMP/s.out" ] || fail "export selects nothing: a weak check"
    # GDELT's first column is the store id: SQLite's row id, ClickHouse's load sequence number
    [ $f = gdelt ] && { cut -f2- "$TMP/c.out" >"$TMP/c.cut"; cut -f2- "$TMP/s.out" >"$TMP/s.cut"; mv "$TMP/c.cut" "$TMP/c.out"; mv "$TMP/s.cut" "$TMP/s.out"; }
    cmp -s "$TMP/s.out" "$TMP/c.out" || fail "export --format $f differs from SQLite"
done
echo "ok: query rows, sorts, paging, mentions and exports agree with SQLite"

# one server: the statistics by month, dyad and actor come from the summary
# table (single_dm), rebuilt by the load; they must agree with SQLite too
[ "$(ch $TCP1 "SELECT sum(mentions) FROM single_dmv")" = "$N" ] || fail "the summary registry does not cover the load"
[ "$(ch $TCP1 "SELECT sum(mentions) FROM single_dm")" = "$N" ] || fail "the summary does not hold the load's mentions"
compare "one server (summary)" "$U1?table=single"
# a mention written behind parley's back: the summary no longer covers the
# table, so statistics take the exact path and count it
ch $TCP1 "INSERT INTO single SELECT concat(doc_id, '-x'), event_id, mkey, seq + 1, source, target, date, base, place_key,
    cameo, root, quad, goldstein, plover, country, place, source_name, target_name, reporter, sentence, doc_source, json
    FROM single ORDER BY seq LIMIT 1" || fail "cannot insert a mention by hand"
mentions() { "$PARLEY" stats --db "$1" --by all --format csv | awk -F, 'NR == 2 { print $7 }'; }
[ "$(mentions "$U1?table=single")" = $((N + 1)) ] || fail "a stale summary answered the statistics"
# any writer's close rebuilds a summary that does not cover its table
"$PARLEY" load --quiet --db "$U1?table=single" </dev/null || fail "an empty load"
[ "$(ch $TCP1 "SELECT sum(n) FROM (SELECT argMax(mentions, build) AS n FROM single_dmv GROUP BY month)")" = $((N + 1)) ] ||
    fail "the empty load did not rebuild the summary"
[ "$(mentions "$U1?table=single")" = $((N + 1)) ] || fail "the rebuilt summary lost the added mention"
ch $TCP1 "ALTER TABLE single DELETE WHERE doc_id LIKE '%-x'"
for i in $(seq 1 100); do [ "$(ch $TCP1 "SELECT count() FROM single WHERE doc_id LIKE '%-x'")" = 0 ] && break; sleep 0.2; done
# a table of an older parley (no summary) is read through the exact path
for t in single_dm single_dmv; do ch $TCP1 "DROP TABLE $t"; done
compare "one server (no summary)" "$U1?table=single"
"$PARLEY" load --quiet --db "$U1?table=single" </dev/null || fail "an empty load"
[ "$(ch $TCP1 "SELECT sum(mentions) FROM single_dm")" = "$N" ] || fail "the summary was not made for an older table"
echo "ok: statistics from the summary agree with SQLite; a stale or missing summary is not used, and is rebuilt"

# reloading changes nothing; re-coding documents replaces their events
"$PARLEY" load --quiet --db "$U1" "$TMP/shard1.jsonl" || fail "reload of shard 1"
[ "$(ch $TCP1 "SELECT count() FROM parley_events_all")" = "$N" ] || fail "a reload duplicated events"
grep '"doc_id":"doc00000[0-4][0-9]"' "$TMP/shard1.jsonl" | sed 's/"cameo":"[0-9]*"/"cameo":"190"/' \
    >"$TMP/recoded.jsonl"
[ -s "$TMP/recoded.jsonl" ] || fail "no documents to re-code"
grep -q '"cameo":"190"' "$TMP/recoded.jsonl" || fail "re-coding changed nothing"
"$PARLEY" load --quiet --db "$U1" "$TMP/recoded.jsonl" || fail "load of re-coded documents"
"$PARLEY" load --quiet --db "$TMP/sqlite.db" "$TMP/recoded.jsonl" || fail "SQLite load of re-coded documents"
compare "after re-coding" "$ALL"
# re-coding rebuilds the summary's months of the replaced and the new events
"$PARLEY" load --quiet --db "$U1?table=single" "$TMP/recoded.jsonl" || fail "load of re-coded documents (one server)"
compare "after re-coding (summary)" "$U1?table=single"
echo "ok: reloads are idempotent; re-coded documents replace their events"

# injection attempts are values, never SQL
for v in "x' OR 1=1 --" "USA\\' OR '1'='1" "*'; DROP TABLE parley_events; --" "\\\\*" $'a\nb' "US?" "[A-Z]*"; do
    ca=$("$PARLEY" query --count --db "$ALL" --actor "$v" --place "$v") || fail "query with actor '$v'"
    cs=$("$PARLEY" query --count --db "$TMP/sqlite.db" --actor "$v" --place "$v")
    [ "$ca" = "$cs" ] || fail "actor '$v': $ca events, SQLite $cs"
done
[ "$(ch $TCP1 "EXISTS TABLE parley_events")" = 1 ] || fail "the table is gone"
echo "ok: quoting holds against injection attempts"

# a load that fails half-way keeps what it committed, like SQLite, and says how much
"$PARLEY" load --db "$U1?table=partial" "$TMP/shard1.jsonl" "$TMP/missing.jsonl" 2>"$TMP/c.err" && fail "a load of a missing file succeeded"
"$PARLEY" load --db "$TMP/partial.db" "$TMP/shard1.jsonl" "$TMP/missing.jsonl" 2>"$TMP/s.err"
cmp -s "$TMP/s.err" "$TMP/c.err" || { cat "$TMP/s.err" "$TMP/c.err"; fail "a failed load reports otherwise than SQLite"; }
[ "$("$PARLEY" query --count --db "$U1?table=partial")" = "$("$PARLEY" query --count --db "$TMP/partial.db")" ] ||
    fail "a failed load kept other events than SQLite"
echo "ok: a failed load keeps its committed batches ($(tail -1 "$TMP/c.err" | cut -c1-60)...)"

# a server that is down: clear error, exit status 1, after the retries
kill "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null
"$PARLEY" load --db "$U2?retries=2" "$TMP/recoded.jsonl" 2>"$TMP/down.err"
rc=$?
[ $rc -eq 1 ] || fail "load into a stopped server: exit status $rc"
grep -q "ClickHouse server failed after 3 attempts" "$TMP/down.err" || { cat "$TMP/down.err"; fail "no clear message"; }
"$PARLEY" stats --db "$ALL" >/dev/null 2>"$TMP/down.err" && fail "stats over a cluster with a shard down succeeded"
echo "ok: a server that is down is reported ($(head -c 120 "$TMP/down.err"))"
echo "PASS"
