/* parley/store.h - the SQLite event store: load coded events, merge them,
 * query, count and export them.
 *
 * One row per merged event: events with the same source and target codes,
 * CAMEO base code (first 3 digits), date and place, within and across
 * documents, become one event with several mentions (num_mentions,
 * num_sources and num_articles are kept as GDELT does). The schema, the
 * indexes and the migrations are documented in docs/store.md.
 *
 * A handle is used by one thread at a time; open one handle per thread (the
 * database is in WAL mode, so readers are never blocked by a writer). Every
 * call returns a parley_status and fills err; nothing prints. Query and stats
 * results are handed to a callback whose pointers are valid only during the
 * call; the callback returns 0 to go on or non-zero to stop early (the call
 * then returns PARLEY_OK). */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"
#include "parley/event.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this parley writes (PRAGMA user_version). Stores from
 * version 1 up are migrated on a read-write open; a newer one is refused
 * with PARLEY_ERR_VERSION. */
#define PARLEY_STORE_SCHEMA_VERSION 2

typedef struct parley_store parley_store;

enum {
    PARLEY_STORE_CREATE = 0,   /* read-write; creates the file and schema when missing */
    PARLEY_STORE_READONLY = 1  /* read-only; the file must exist and be a parley store */
};

/* Opens (or creates) the store at path. flags: PARLEY_STORE_CREATE or
 * PARLEY_STORE_READONLY. Errors: PARLEY_ERR_IO (cannot open or create),
 * PARLEY_ERR_FORMAT (not a SQLite database, or a foreign one),
 * PARLEY_ERR_VERSION (newer schema), PARLEY_ERR_DB. */
parley_status parley_store_open(parley_store **out, const char *path, int flags, parley_error *err);

/* Commits a pending batch (see parley_store_begin) and closes. NULL is allowed.
 * Returns the status of that final commit. */
parley_status parley_store_close(parley_store *store, parley_error *err);

/* The schema version of the open file (after migration). */
int parley_store_schema_version(const parley_store *store);

/* The schema version this open migrated the file from (a read-write open
 * of an older store), or 0 when it migrated nothing. */
int parley_store_migrated_from(const parley_store *store);

/* Batched writes: between begin and commit every put goes into one
 * transaction (much faster than one transaction per document). Without
 * begin, each put is its own transaction. A process killed inside a batch
 * loses that batch only; the file stays consistent. A put refused for bad
 * input (PARLEY_ERR_ARG) writes nothing and the batch goes on; a put that
 * fails in the database (disk full, I/O) rolls the whole batch back and
 * ends it (the message says so): rerun its documents. */
parley_status parley_store_begin(parley_store *store, parley_error *err);
parley_status parley_store_commit(parley_store *store, parley_error *err);
parley_status parley_store_rollback(parley_store *store, parley_error *err);

/* Bulk loading: bulk_begin drops the indexes that only queries use, so
 * that loading many events into a store (a fresh one above all) does not
 * update eight indexes per event; bulk_end rebuilds them in one pass each.
 * In between, queries work but are slow. A load killed in between leaves a
 * consistent store: the next read-write open rebuilds the indexes. Both
 * refuse while a batch is open. */
parley_status parley_store_bulk_begin(parley_store *store, parley_error *err);
parley_status parley_store_bulk_end(parley_store *store, parley_error *err);

/* A document's metadata. Only id is required; NULL means "". */
typedef struct parley_store_doc {
    const char *id;
    const char *date;
    const char *source;   /* the news outlet: counted by num_sources */
    const char *url;
    const char *title;
} parley_store_doc;

/* Stores the events coded from one document, replacing whatever that
 * document contributed before (re-putting is idempotent: no duplicates).
 * Each event becomes a mention of the merged event it belongs to.
 * events[i].mentions and num_* are ignored (the store recomputes them);
 * events[i].doc_id may be NULL (doc->id is used). */
parley_status parley_store_put(parley_store *store, const parley_store_doc *doc, const parley_event *events,
                               size_t n_events, parley_error *err);

/* Like parley_store_put but adds to what the document already has instead of
 * replacing it (a document whose events arrive in several pieces). An
 * identical event (same parley_event_id in the same document) is stored once. */
parley_status parley_store_put_append(parley_store *store, const parley_store_doc *doc,
                                      const parley_event *events, size_t n_events, parley_error *err);

/* Removes a document and its mentions; merged events left without mentions
 * disappear. Removing an unknown document is not an error. */
parley_status parley_store_delete_doc(parley_store *store, const char *doc_id, parley_error *err);

/* Rebuilds every merged event from the stored mentions (the merge rule
 * applied from scratch). Puts keep the store merged already; this is for
 * migrations and repairs. *n_events (if not NULL) gets the merged count. */
parley_status parley_store_merge(parley_store *store, long long *n_events, parley_error *err);

/* ---- queries ---- */

typedef enum parley_store_sort {
    PARLEY_SORT_DATE = 0,       /* oldest first, then id */
    PARLEY_SORT_DATE_DESC = 1,  /* newest first */
    PARLEY_SORT_GOLDSTEIN = 2,  /* most conflictual (lowest) first */
    PARLEY_SORT_GOLDSTEIN_DESC = 3,
    PARLEY_SORT_MENTIONS_DESC = 4
} parley_store_sort;

/* Filters; a zeroed struct (or NULL) matches everything. Actor patterns are
 * codes with '*' wildcards ("USA*", "*GOV", "USAGOV"); strings are bound as
 * values, never spliced into SQL. Dates are inclusive YYYY-MM-DD. */
typedef struct parley_store_query {
    const char *date_from, *date_to;
    const char *actor;      /* source OR target matches */
    const char *source, *target;
    const char *cameo;      /* code prefix: "0841", "084", "08" */
    const char *root;       /* "08" */
    int quad;               /* 1..4, 0 = any */
    const char *plover;     /* PLOVER type, exact */
    const char *country;    /* ISO alpha-3 of the place */
    const char *place;      /* place name, '*' wildcards allowed */
    const char *reporter;   /* a mention's reporter code pattern */
    const char *text;       /* SQLite FTS5 query over the evidence texts */
    const char *doc_id;     /* events with a mention from this document */
    parley_store_sort sort;
    long limit;             /* 0 = no limit */
    long offset;
    /* Keyset paging: pass the cursor returned with the last row of a page
     * (parley_store_row.cursor) to get the rows after it with the same
     * filters and sort; NULL or "" = from the start. Cheaper than offset. */
    const char *after;
    int with_mentions;      /* 1: fill ev->mentions for every row */
} parley_store_query;

/* One result: the merged event (its representative mention, with num_* and,
 * if asked, mentions from the store), its store id and a paging cursor. */
typedef struct parley_store_row {
    const parley_event *event;
    long long store_id;     /* events.id */
    uint64_t event_id;      /* parley_event_id of the representative mention ("id" in JSON) */
    const char *cursor;     /* opaque; pass as parley_store_query.after */
} parley_store_row;

typedef int (*parley_store_row_fn)(const parley_store_row *row, void *user);

/* Runs the query and calls fn for each row in order. *n_rows (if not NULL)
 * gets the number of rows delivered. PARLEY_ERR_ARG for a bad filter (bad
 * date, bad FTS query, bad cursor), PARLEY_ERR_DB otherwise. */
parley_status parley_store_query_events(parley_store *store, const parley_store_query *q, parley_store_row_fn fn,
                                        void *user, long *n_rows, parley_error *err);

/* The rows of parley_store_query_events as JSON text: json[0..len) is
 * exactly what parley_event_write_json writes for the row's event, without
 * the newline. A store may skip decoding the event (row->event is then
 * NULL; store_id, event_id and cursor are always set), which makes this
 * the cheaper call for callers that only pass events on as JSON. Not with
 * q->with_mentions (PARLEY_ERR_ARG). */
typedef int (*parley_store_json_fn)(const char *json, size_t len, const parley_store_row *row, void *user);
parley_status parley_store_query_json(parley_store *store, const parley_store_query *q, parley_store_json_fn fn,
                                      void *user, long *n_rows, parley_error *err);

/* Counts the events matching q (limit, offset, after and sort ignored). */
parley_status parley_store_count(parley_store *store, const parley_store_query *q, long long *count,
                                 parley_error *err);

/* One merged event with all its mentions, found by the id of any of its
 * mentions (parley_event_id, as printed in "id") or, when by_store_id is 1,
 * by events.id. fn is called once; PARLEY_EOF when there is no such event. */
parley_status parley_store_get_event(parley_store *store, uint64_t id, int by_store_id, parley_store_row_fn fn,
                                     void *user, parley_error *err);

/* ---- statistics ---- */

typedef enum parley_store_period {
    PARLEY_PERIOD_DAY = 0,
    PARLEY_PERIOD_WEEK = 1,   /* labelled by the Monday, YYYY-MM-DD */
    PARLEY_PERIOD_MONTH = 2,  /* YYYY-MM */
    PARLEY_PERIOD_ALL = 3     /* one row, period "" */
} parley_store_period;

typedef enum parley_store_group {
    PARLEY_GROUP_NONE = 0,
    PARLEY_GROUP_ROOT = 1,    /* key = "01".."20" */
    PARLEY_GROUP_QUAD = 2,    /* key = "1".."4" */
    PARLEY_GROUP_DYAD = 3,    /* key = source code, key2 = target code */
    PARLEY_GROUP_ACTOR = 4    /* key = actor code (as source or target) */
} parley_store_group;

/* One statistics row. Unused text fields are "". */
typedef struct parley_store_stat {
    const char *period;       /* per parley_store_period */
    const char *key, *key2;   /* per parley_store_group */
    const char *name;         /* a canonical name for key (actors only), or "" */
    long long events;         /* merged events */
    long long mentions;       /* sum of num_mentions */
    double goldstein_sum;
    double goldstein_mean;
    long long cooperation;    /* events in quads 1 and 2 */
    long long conflict;       /* events in quads 3 and 4 */
    double balance;           /* (cooperation - conflict) / events, in -1..1 */
} parley_store_stat;

typedef int (*parley_store_stat_fn)(const parley_store_stat *row, void *user);

/* Aggregates the events matching q (sort, limit of q ignored) per period and
 * group, ordered by period then key. Every row carries all the measures
 * (counts, Goldstein mean and sum, cooperation/conflict balance), so one
 * call serves "counts per month by root", "Goldstein per dyad and week" and
 * "balance per day". */
parley_status parley_store_stats(parley_store *store, const parley_store_query *q, parley_store_period period,
                                 parley_store_group group, parley_store_stat_fn fn, void *user,
                                 parley_error *err);

/* The top n actors (group ACTOR) or dyads (group DYAD) by number of events
 * among those matching q, most first; period is "". */
parley_status parley_store_top(parley_store *store, const parley_store_query *q, parley_store_group group, long n,
                               parley_store_stat_fn fn, void *user, parley_error *err);

/* Every actor code in the store with its name and event count (as source or
 * target), ordered by code; pattern (NULL = all) filters codes with '*'. */
parley_status parley_store_actors(parley_store *store, const char *pattern, parley_store_stat_fn fn, void *user,
                                  parley_error *err);

/* Totals: documents, mentions and merged events. */
parley_status parley_store_totals(parley_store *store, long long *documents, long long *mentions,
                                  long long *events, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
