/* store_schema.c - the store's schema and its migrations.
 *
 * The schema version is PRAGMA user_version; migrations[v] takes a store
 * from version v to v+1 inside one transaction, so an interrupted migration
 * leaves the previous version intact. Version 0 is an empty SQLite file.
 * A file is recognised as a parley store by PRAGMA application_id; any other
 * SQLite file with tables in it is refused rather than written to.
 * docs/store.md explains every table and index. */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

static const char schema_v1[] =
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " doc_id TEXT NOT NULL UNIQUE,"
    " date TEXT NOT NULL DEFAULT '',"
    " source TEXT NOT NULL DEFAULT '',"
    " url TEXT NOT NULL DEFAULT '',"
    " title TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY,"
    " source TEXT NOT NULL, target TEXT NOT NULL, base TEXT NOT NULL, date TEXT NOT NULL,"
    " place_key TEXT NOT NULL,"
    " cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " plover TEXT NOT NULL, country TEXT NOT NULL, place TEXT NOT NULL,"
    " source_name TEXT NOT NULL, target_name TEXT NOT NULL,"
    " rep INTEGER NOT NULL,"
    " num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL);"
    /* the merge key; with date third it also serves dyad + date-range queries */
    "CREATE UNIQUE INDEX events_key ON events(source, target, date, base, place_key);"
    "CREATE TABLE mentions("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " event INTEGER NOT NULL,"
    " doc INTEGER NOT NULL,"
    " mid INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL,"
    " reporter TEXT NOT NULL,"
    " json TEXT NOT NULL);"
    "CREATE UNIQUE INDEX mentions_doc ON mentions(doc, mid);"
    "CREATE INDEX mentions_event ON mentions(event);"
    "CREATE TABLE evidence(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(text, content='evidence', content_rowid='id');"
    "CREATE TABLE parley_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "INSERT INTO parley_meta VALUES ('fts_upto', 0);"
    /* only rows the index has seen may be deleted from it */
    "CREATE TRIGGER evidence_ad AFTER DELETE ON evidence"
    " WHEN old.id <= (SELECT value FROM parley_meta WHERE key = 'fts_upto') BEGIN"
    " INSERT INTO evidence_fts(evidence_fts, rowid, text) VALUES ('delete', old.id, old.text); END;";

/* Version 2: the events table is clustered by the merge key (a WITHOUT
 * ROWID table whose primary key is source, target, date, base, place_key)
 * and carries its representative mention's id and JSON. A dyad + date-range
 * query then reads one run of neighbouring pages instead of two random rows
 * per event (the event, then its representative in mentions): on 10M events
 * that was nearly all of /api/events' time (docs/serve.md). events.id stays
 * the stable event number (mentions.event, cursors, /api/event) through a
 * unique index. The copy reads the old events in rowid order (NOT INDEXED:
 * through the merge-key index it was two random reads per event, an hour
 * on 10M events), which is about mention order, so the representatives are
 * read nearly sequentially too; one sort then writes the new table in
 * key order. The sort spills to temporary files, not memory (see
 * store_schema_prepare). */
#define EVENTS_V2_COLUMNS                                                                                   \
    "source TEXT NOT NULL, target TEXT NOT NULL, date TEXT NOT NULL, base TEXT NOT NULL,"                     \
    " place_key TEXT NOT NULL, id INTEGER NOT NULL,"                                                         \
    " cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL,"              \
    " plover TEXT NOT NULL, country TEXT NOT NULL, place TEXT NOT NULL,"                                      \
    " source_name TEXT NOT NULL, target_name TEXT NOT NULL,"                                                  \
    " rep INTEGER NOT NULL, rep_mid INTEGER NOT NULL,"                                                        \
    " num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL,"            \
    " rep_json TEXT NOT NULL,"                                                                               \
    " PRIMARY KEY(source, target, date, base, place_key)"

static const char schema_v2[] =
    "CREATE TABLE events_v2(" EVENTS_V2_COLUMNS ") WITHOUT ROWID;"
    "INSERT INTO events_v2 SELECT e.source, e.target, e.date, e.base, e.place_key, e.id,"
    " e.cameo, e.root, e.quad, e.goldstein, e.plover, e.country, e.place, e.source_name, e.target_name,"
    " e.rep, m.mid, e.num_mentions, e.num_sources, e.num_articles, m.json"
    " FROM events e NOT INDEXED JOIN mentions m ON m.id = e.rep"
    " ORDER BY e.source, e.target, e.date, e.base, e.place_key;"
    "DROP TABLE events;"
    "ALTER TABLE events_v2 RENAME TO events;"
    "CREATE UNIQUE INDEX events_id ON events(id);";

/* The indexes that only queries need (puts need the merge key, events_id,
 * mentions_doc and mentions_event). They are part of the schema; a bulk load drops
 * them and rebuilds them at its end, and every read-write open recreates
 * any that a killed bulk load left missing. */
static const char secondary_indexes[] =
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);"
    "CREATE INDEX IF NOT EXISTS events_source ON events(source, date);"
    "CREATE INDEX IF NOT EXISTS events_target ON events(target, date);"
    "CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo, date);"
    "CREATE INDEX IF NOT EXISTS events_root ON events(root, date);"
    "CREATE INDEX IF NOT EXISTS events_quad ON events(quad, date);"
    "CREATE INDEX IF NOT EXISTS events_country ON events(country, date);"
    "CREATE INDEX IF NOT EXISTS events_place ON events(place);"
    "CREATE INDEX IF NOT EXISTS mentions_mid ON mentions(mid);";

static const char drop_secondary_indexes[] =
    "DROP INDEX IF EXISTS events_date; DROP INDEX IF EXISTS events_source; DROP INDEX IF EXISTS events_target; DROP INDEX IF EXISTS events_cameo;"
    "DROP INDEX IF EXISTS events_root; DROP INDEX IF EXISTS events_quad; DROP INDEX IF EXISTS events_country;"
    "DROP INDEX IF EXISTS events_place; DROP INDEX IF EXISTS mentions_mid;";

/* migrations[v]: version v -> v + 1. Append only; never edit a shipped one. */
static const char *const migrations[] = {schema_v1, schema_v2};

static parley_status pragma_int(parley_store *s, const char *sql, int *out, parley_error *err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return store_db_error(s, err, "cannot read schema");
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_db_error(s, err, "cannot read schema");
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return PARLEY_OK;
}

parley_status store_schema_prepare(parley_store *s, parley_error *err) {
    int version = 0, app = 0, tables = 0;
    parley_status st;
    /* the first read of a file that is not a database fails here */
    if ((st = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)) != PARLEY_OK ||
        (st = pragma_int(s, "PRAGMA user_version", &version, err)) != PARLEY_OK ||
        (st = pragma_int(s, "PRAGMA application_id", &app, err)) != PARLEY_OK) {
        if (err && strstr(err->message, "not a database")) err->status = PARLEY_ERR_FORMAT;
        return err ? err->status : st;
    }
    if ((app != 0 && app != STORE_APPLICATION_ID) || (app == 0 && tables > 0))
        return parley_error_set(err, PARLEY_ERR_FORMAT, s->path, 0,
                                "not a parley event store (a SQLite database of another application)");
    if (version > PARLEY_STORE_SCHEMA_VERSION)
        return parley_error_set(err, PARLEY_ERR_VERSION, s->path, 0,
                                "store schema version %d is newer than this parley supports (%d); upgrade parley",
                                version, PARLEY_STORE_SCHEMA_VERSION);
    if (s->readonly) {
        if (version == 0)
            return parley_error_set(err, PARLEY_ERR_FORMAT, s->path, 0, "not a parley event store (empty database)");
        if (version < PARLEY_STORE_SCHEMA_VERSION)
            return parley_error_set(err, PARLEY_ERR_VERSION, s->path, 0,
                                    "store schema version %d is older than this parley's (%d): migrate it by opening"
                                    " it read-write once, e.g. parley load --db FILE /dev/null (rewrites the events"
                                    " table: minutes on millions of events)",
                                    version, PARLEY_STORE_SCHEMA_VERSION);
        s->version = version;
        return PARLEY_OK;
    }
    /* creating a store is not migrating one */
    s->migrated_from = version > 0 && version < PARLEY_STORE_SCHEMA_VERSION ? version : 0;
    /* the copy of migration 1 -> 2 sorts every event: gigabytes on a large
       store, too many for the memory the handle's temp_store gives it */
    if (s->migrated_from && (st = store_exec(s, "PRAGMA temp_store = FILE", err)) != PARLEY_OK) return st;
    /* A new store gets 16 KiB pages (SQLite's default is 4 KiB; a page size
       is fixed once the first table exists, so older stores keep theirs).
       events is a WITHOUT ROWID table, and the interior cells of such a
       b-tree are whole rows, about 1 KB with the representative's JSON: at
       4 KiB an interior page holds 3 or 4 of them and 200k events make a
       tree nine levels deep, which every insert descends and splits.
       At 16 KiB it is five levels deep, and a fresh load takes 15-20% less
       CPU (docs/store.md, Performance). */
    if (version == 0 && (st = store_exec(s, "PRAGMA page_size = 16384", err)) != PARLEY_OK) return st;
    while (version < PARLEY_STORE_SCHEMA_VERSION) {
        char set[96];
        snprintf(set, sizeof set, "PRAGMA user_version = %d; PRAGMA application_id = %d;", version + 1,
                 STORE_APPLICATION_ID);
        if ((st = store_exec(s, "BEGIN IMMEDIATE", err)) != PARLEY_OK) return st;
        if ((st = store_exec(s, migrations[version], err)) != PARLEY_OK ||
            (st = store_exec(s, set, err)) != PARLEY_OK || (st = store_exec(s, "COMMIT", err)) != PARLEY_OK) {
            parley_error tmp;
            store_exec(s, "ROLLBACK", &tmp);
            return st;
        }
        version++;
    }
    if (s->migrated_from && (st = store_exec(s, "PRAGMA temp_store = MEMORY", err)) != PARLEY_OK) return st;
    s->version = version;
    return store_exec(s, secondary_indexes, err);
}

static parley_status in_tx(parley_store *s, const char *sql, parley_error *err) {
    if (s->readonly) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "store is open read-only");
    if (s->in_batch) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "commit the open batch first");
    parley_status st = store_exec(s, "BEGIN IMMEDIATE", err);
    if (st == PARLEY_OK) st = store_exec(s, sql, err);
    if (st == PARLEY_OK) st = store_exec(s, "COMMIT", err);
    if (st != PARLEY_OK && !sqlite3_get_autocommit(s->db)) store_exec(s, "ROLLBACK", NULL);
    return st;
}

parley_status parley_store_bulk_begin(parley_store *s, parley_error *err) {
    if (s->ch) return PARLEY_OK; /* ClickHouse has no secondary indexes */
    /* A bulk load inserts into the merge key and mention indexes in random
       order: a cache that holds them saves a read per insert. Checkpointing
       every 256 MiB of WAL instead of 4 MiB writes each page to the database
       file once per many batches. Neither affects what a commit guarantees. */
    parley_status st = store_exec(s, "PRAGMA cache_size = -1048576", err);
    if (st == PARLEY_OK) st = store_wal_checkpoint_every(s, 256LL << 20, err);
    if (st != PARLEY_OK) return st;
    return in_tx(s, drop_secondary_indexes, err);
}

parley_status parley_store_bulk_end(parley_store *s, parley_error *err) {
    if (s->ch) return PARLEY_OK; /* nothing to rebuild */
    return in_tx(s, secondary_indexes, err);
}
