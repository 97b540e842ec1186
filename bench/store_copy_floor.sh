#!/bin/bash
# store_copy_floor.sh - what SQLite alone costs to write everything a bulk load
# of parley's events writes (schema 2: the clustered events table with its
# representatives' JSON, mentions, evidence, FTS5, the nine query indexes),
# without parsing, rendering or merging anything: the rows of a store that
# `parley load` filled are copied with SQL into a fresh store that PARLEY
# created, the way the loader writes them (20,000 documents per transaction,
# events in the order they were created, the full-text index filled before
# each commit, the query indexes built at the end). docs/store.md, Performance.
#
# usage: bench/store_copy_floor.sh PARLEY STORE.db
#   PARLEY    the parley binary that creates the empty store (its page size)
#   STORE.db  a store loaded by `parley load` (read only; e.g. the 200k events
#             of `awk -v n=1000000 -v seed=11 -f bench/store_gen.awk | head -200000`)
# environment: OUT (work folder, default bench/out/store-copy-floor)
# Prints the CPU seconds (user + system, as the sqlite3 shell's .timer reports
# them) of each kind of statement and the total ("indexes": the last
# transaction, which builds the query indexes). Needs the sqlite3 shell.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PARLEY=$1
SRC=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
OUT=${OUT:-$HERE/out/store-copy-floor}
mkdir -p "$OUT"
DB=$OUT/copy.db
rm -f "$DB" "$DB-wal" "$DB-shm"
"$PARLEY" load --quiet --db "$DB" /dev/null
page=$(sqlite3 "$DB" 'PRAGMA page_size')
ndocs=$(sqlite3 "$SRC" 'SELECT max(id) FROM documents')
echo "# SQLite $(sqlite3 --version | cut -d' ' -f1), $(sqlite3 "$SRC" 'SELECT count(*) FROM mentions') mentions," \
    "$ndocs documents, page size $page, load average $(cut -d' ' -f1-3 /proc/loadavg)"
{
    # the pragmas of a bulk load (store_open.c, parley_store_bulk_begin)
    echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1048576;"
    echo "PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = $((268435456 / page));"
    echo "DROP INDEX events_date; DROP INDEX events_source; DROP INDEX events_target; DROP INDEX events_cameo;"
    echo "DROP INDEX events_root; DROP INDEX events_quad; DROP INDEX events_country; DROP INDEX events_place;"
    echo "DROP INDEX mentions_mid;"
    echo "ATTACH '$SRC' AS s;"
    # events in creation order (by representative), numbered, outside the timing
    echo "CREATE TEMP TABLE ev AS SELECT * FROM s.events ORDER BY rep;"
    echo ".timer on"
    for ((lo = 0; lo < ndocs; lo += 20000)); do
        hi=$((lo + 20000))
        m0=$(sqlite3 "$SRC" "SELECT coalesce(max(id), 0) FROM mentions WHERE doc <= $lo")
        m1=$(sqlite3 "$SRC" "SELECT coalesce(max(id), 0) FROM mentions WHERE doc <= $hi")
        e0=$(sqlite3 "$SRC" "SELECT count(*) FROM events WHERE rep <= $m0")
        e1=$(sqlite3 "$SRC" "SELECT count(*) FROM events WHERE rep <= $m1")
        echo "BEGIN;"
        echo "INSERT INTO main.documents SELECT * FROM s.documents WHERE id > $lo AND id <= $hi;"
        echo "INSERT INTO main.events SELECT * FROM temp.ev WHERE rowid > $e0 AND rowid <= $e1;"
        echo "INSERT INTO main.mentions SELECT * FROM s.mentions WHERE id > $m0 AND id <= $m1;"
        echo "INSERT INTO main.evidence SELECT * FROM s.evidence WHERE id > $m0 AND id <= $m1;"
        echo "INSERT INTO evidence_fts(rowid, text) SELECT id, text FROM main.evidence"
        echo " WHERE id > (SELECT value FROM parley_meta WHERE key = 'fts_upto');"
        echo "UPDATE parley_meta SET value = (SELECT max(id) FROM main.evidence) WHERE key = 'fts_upto';"
        echo "COMMIT;"
    done
    echo "BEGIN;"
    echo "CREATE INDEX events_date ON events(date); CREATE INDEX events_source ON events(source, date);"
    echo "CREATE INDEX events_target ON events(target, date); CREATE INDEX events_cameo ON events(cameo, date);"
    echo "CREATE INDEX events_root ON events(root, date); CREATE INDEX events_quad ON events(quad, date);"
    echo "CREATE INDEX events_country ON events(country, date); CREATE INDEX events_place ON events(place);"
    echo "CREATE INDEX mentions_mid ON mentions(mid);"
    echo "COMMIT;"
} | sqlite3 "$DB" | awk -v batches=$(((ndocs + 19999) / 20000)) '
    /^Run Time/ { t = $6 + $8; n++; u += $6; s += $8
                  k = n > 8 * batches ? 8 : (n - 1) % 8; c[k] += t }
    END { split("begin documents events mentions evidence full-text watermark commit indexes", name, " ")
          for (i = 1; i <= 8; i++) printf "%s %.2f s, ", name[i + 1], c[i]
          printf "\ntotal %.2f s CPU (user %.2f + system %.2f)\n", u + s, u, s }'
test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok
rm -f "$DB" "$DB-wal" "$DB-shm"
