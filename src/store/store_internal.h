/* store_internal.h - what the files of src/store share: the handle, the
 * cached statements and small helpers. Not a public header. */
#ifndef PARLEY_STORE_INTERNAL_H
#define PARLEY_STORE_INTERNAL_H

#include <sqlite3.h>

#include "parley/arena.h"
#include "parley/buf.h"
#include "parley/store.h"
#include "store/clickhouse.h"

/* 'PRLY': marks a SQLite file as a parley store (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x50524C59

enum store_stmt_id {
    ST_DOC_FIND,
    ST_DOC_INSERT,
    ST_DOC_UPDATE,
    ST_DOC_DELETE,
    ST_DOC_EVENTS,
    ST_DOC_DEL_EVIDENCE,
    ST_DOC_DEL_MENTIONS,
    ST_EVENT_FIND,
    ST_EVENT_INSERT,
    ST_EVENT_NEXT_ID,
    ST_EVENT_COUNTS,
    ST_EVENT_UPDATE_COUNTS,
    ST_EVENT_UPDATE_REP,
    ST_EVENT_GET_REP,
    ST_EVENT_DELETE,
    ST_MENTION_INSERT,
    ST_MENTION_NEXT_ID,
    ST_MENTION_JSON,
    ST_EVIDENCE_INSERT,
    ST_FTS_SYNC,
    ST_FTS_MARK,
    ST_COUNT
};

/* A merged event changed by the current put. created: made by this put,
 * so all its mentions are the added ones, from one document, and its
 * counts need no query. */
struct store_touched {
    long long event;
    long long first_mention;
    int created;
    int added;
};

/* Prepared filter queries by SQL text (store_filter.c): the SQL depends only
 * on which filters are set, so a server repeats a few texts with new values,
 * and preparing was a third of a small query's time. */
#define STORE_QUERY_CACHE 16
struct store_cached_query {
    char *sql;
    size_t len;
    sqlite3_stmt *stmt;
    unsigned long long used; /* for replacing the least recently used */
    int busy;                /* handed out and not released yet */
};

struct parley_store {
    struct ch_store *ch;    /* non-NULL: a ClickHouse store (src/store/clickhouse.h) */
    sqlite3 *db;
    int readonly;
    int in_batch;
    int version;
    int migrated_from;      /* the version this open migrated from, 0 if none */
    char path[256];
    sqlite3_stmt *st[ST_COUNT];
    parley_arena *arena;    /* decoded events of the current row */
    parley_buf buf;         /* rendering of the current mention */
    /* The id of the next mention inside the open write transaction (0:
     * unknown, read again): puts give it to a mention before inserting it,
     * so an event created for that mention is written with its final
     * representative and counts in one INSERT. */
    long long next_mention;
    long long next_event;   /* the same for events.id (0: read again) */
    struct store_cached_query queries[STORE_QUERY_CACHE];
    unsigned long long query_clock;
    struct store_touched *touched; /* merged events whose counts must be recomputed */
    size_t n_touched, cap_touched;
};

/* Sets err from the database's last message. */
parley_status store_db_error(parley_store *s, parley_error *err, const char *what);

/* Runs SQL without results (schema, pragmas, transactions). */
parley_status store_exec(parley_store *s, const char *sql, parley_error *err);

/* Checkpoints the WAL whenever it holds about this many bytes: the
 * pragma counts pages, and stores have 4 KiB or 16 KiB pages
 * (store_schema.c). */
parley_status store_wal_checkpoint_every(parley_store *s, long long bytes, parley_error *err);

/* Returns the cached statement id, prepared on first use, reset and unbound. */
sqlite3_stmt *store_stmt(parley_store *s, enum store_stmt_id id, parley_error *err);

/* Creates or migrates the schema to PARLEY_STORE_SCHEMA_VERSION (read-write),
 * or checks it (read-only). */
parley_status store_schema_prepare(parley_store *s, parley_error *err);

/* The merge key of an event (store_put.c): base code and place key. */
void store_event_base(const parley_event *ev, char base[4]);
void store_event_place_key(const parley_event *ev, parley_buf *out);

/* 1 when ev can be stored: a CAMEO code of 2 to 4 digits and a quad class
 * 1..4. Both stores (SQLite, ClickHouse) refuse a document with another
 * before writing anything. */
int store_event_valid(const parley_event *ev);

/* store_put.c: finds or creates the merged event of ev, whose stored JSON
 * is json (a new event keeps it as its representative's; rep > 0: a new
 * event is written with rep as representative and the counts of that one
 * mention; 0: rep -1 and zero counts, for a recount); recomputes the
 * counts of the events touched since the last call. */
parley_status store_find_event(parley_store *s, const parley_event *ev, const char *json, size_t json_len,
                               long long rep, long long *event, int *created, parley_error *err);
parley_status store_recount_touched(parley_store *s, parley_error *err);
parley_status store_touch(parley_store *s, long long event, int created, long long mention, parley_error *err);

/* Brings the full-text index up to date with the evidence table. Called in
 * the writing transaction just before it commits: FTS5 flushes its pending
 * terms at every statement savepoint once it has been written in a
 * transaction, so indexing row by row would flush (and fragment the index)
 * once per statement. */
parley_status store_fts_sync(parley_store *s, parley_error *err);

/* COMMIT after syncing the full-text index (store_open.c). */
parley_status store_commit_tx(parley_store *s, parley_error *err);

/* Turns a user pattern with '*' wildcards into a GLOB pattern that matches
 * '?' and '[' literally. */
int store_glob_pattern(const char *pattern, parley_buf *out);

#endif
