/* clickhouse.h - the ClickHouse backend of the event store (src/store/clickhouse_*.c).
 *
 * parley_store_open() hands a store "path" that is an http:// URL to this
 * backend, and every public parley_store_* function forwards to the ch_*
 * function of the same name when the handle is a ClickHouse one, so the CLI
 * and the HTTP server never know which backend they talk to. Not a public
 * header; docs/scale.md documents the table, the URL and the differences.
 *
 * The table holds one row per mention (one coded event of one document);
 * merged events (the SQLite store's events rows) are formed at query time by
 * grouping on the same merge key (source, target, date, base code, place
 * key), with the first-loaded mention (smallest seq) as the representative. */
#ifndef PARLEY_STORE_CLICKHOUSE_H
#define PARLEY_STORE_CLICKHOUSE_H

#include <pthread.h>
#include <stdint.h>

#include "parley/arena.h"
#include "parley/buf.h"
#include "parley/store.h"

typedef struct ch_store ch_store;

/* A month ("YYYY-MM", the first 7 bytes of a date) in the set of touched months. */
typedef struct ch_month {
    char used;
    char m[8];
} ch_month;

/* 1 when path names a ClickHouse server (http://host:port/...). */
int ch_is_url(const char *path);

/* ---- SQL text (clickhouse_sql.c): ClickHouse 18.16 has no bound
 * parameters, so every value goes through these. ---- */

/* Appends s as a ClickHouse string literal, quotes included: backslash and
 * quote are escaped, control bytes become \xHH. Returns 0 or -1 (memory). */
int ch_quote(parley_buf *out, const char *s);

/* Appends a string literal holding an RE2 regular expression that matches
 * exactly the user pattern, '*' matching any run of bytes and everything
 * else literal (anchored). */
int ch_quote_pattern(parley_buf *out, const char *pattern);

/* Appends s escaped for the TabSeparated format (\\, \t, \n, \r, \0). */
int ch_tsv_escape(parley_buf *out, const char *s);

/* RowBinary, the format rows are inserted in: a string is its length
 * (LEB128) and its bytes, a number its little-endian bytes (an Int32 as
 * its two's complement). Each returns 0 or -1 (memory). */
int ch_rb_string(parley_buf *out, const char *s, size_t n);
/* Appends only the length prefix of a string of n bytes (its bytes follow in pieces). */
int ch_rb_length(parley_buf *out, size_t n);
int ch_rb_uint(parley_buf *out, uint64_t v, int bytes);
int ch_rb_double(parley_buf *out, double d);

/* Splits one TabSeparated line in place into at most max fields, unescaping
 * them; returns the number of fields. line must be NUL-terminated. */
int ch_tsv_split(char *line, char **fields, int max);

/* 1 when name is a safe table name: [A-Za-z_][A-Za-z0-9_]* with an optional
 * "database." prefix of the same form. */
int ch_valid_table(const char *name);

/* ---- transport (clickhouse_http.c) ---- */

typedef struct ch_conn ch_conn;

/* base: "http://host:port/"; retries: attempts after the first. */
parley_status ch_conn_new(ch_conn **out, const char *base, int retries, parley_error *err);
void ch_conn_free(ch_conn *c);
/* Sends body (SQL, or rows when query is the INSERT put in the URL) and
 * fills resp with the answer. Connection failures and server errors 5xx
 * are retried with exponential backoff; a rejected query (4xx) is not.
 * label names the store in messages. *retried (may be NULL) gets the
 * number of retries made. */
parley_status ch_conn_post(ch_conn *c, const char *url_query, const char *body, size_t len, parley_buf *resp,
                           const char *label, long *retried, parley_error *err);

/* ---- the backend (clickhouse_store.c, clickhouse_query.c, clickhouse_stats.c) ---- */

struct ch_store {
    ch_conn *conn;
    char label[512];         /* the URL as given, for messages */
    char table[128];
    int readonly;
    int fresh;               /* the table was empty at open: no document can need replacing */
    int in_batch;
    int needs_optimize;      /* a retried insert or an append may have left duplicates */
    uint64_t seq;            /* load order: the next mention's seq */
    parley_buf rows;         /* pending rows, RowBinary */
    long long n_rows;
    parley_buf replace;      /* quoted ids of the pending batch's replaced documents, each ended by '\n' */
    long long n_replace;
    size_t kept_rows, kept_replace;  /* the buffers' lengths at the last commit */
    long long kept_n_rows, kept_n_replace;
    long long batch_rows;    /* flush threshold */
    long retries;            /* over the handle's life */
    parley_buf sql, resp, tmp;
    parley_arena *arena;     /* decoded rows */
    /* the batch in flight: sent by a thread on its own connection while the
     * next batch is filled (flush_rows in clickhouse_store.c) */
    ch_conn *sender;
    pthread_t thread;
    int in_flight;
    parley_buf flight, flight_resp;
    long long flight_rows;
    long flight_retried;
    parley_status flight_st;
    parley_error flight_err;
    ch_month *months;        /* months touched by this writer: their summary is rebuilt at close */
    size_t n_months, cap_months;
    int all_months;          /* too many to list: rebuild every month */
};

/* The parley_store handle around a ClickHouse store: what parley_store_open
 * and parley_store_close call for a URL (clickhouse_store.c). */
parley_status ch_store_open(parley_store **out, const char *url, int flags, parley_error *err);
parley_status ch_store_close(parley_store *s, parley_error *err);

parley_status ch_open(ch_store **out, const char *url, int flags, parley_error *err);
parley_status ch_close(ch_store *s, parley_error *err);
parley_status ch_begin(ch_store *s, parley_error *err);
parley_status ch_commit(ch_store *s, parley_error *err);
parley_status ch_rollback(ch_store *s, parley_error *err);
parley_status ch_put(ch_store *s, const parley_store_doc *doc, const parley_event *events, size_t n, int append,
                     parley_error *err);
parley_status ch_delete_doc(ch_store *s, const char *doc_id, parley_error *err);
parley_status ch_merge(ch_store *s, long long *n_events, parley_error *err);
/* Runs sql and leaves the answer in s->resp. */
parley_status ch_exec(ch_store *s, const char *sql, parley_error *err);

parley_status ch_query_events(ch_store *s, const parley_store_query *q, parley_store_row_fn fn, void *user,
                              long *n_rows, parley_error *err);
parley_status ch_count(ch_store *s, const parley_store_query *q, long long *count, parley_error *err);
parley_status ch_get_event(ch_store *s, uint64_t id, int by_store_id, parley_store_row_fn fn, void *user,
                           parley_error *err);

parley_status ch_stats(ch_store *s, const parley_store_query *q, parley_store_period period,
                       parley_store_group group, parley_store_stat_fn fn, void *user, parley_error *err);
parley_status ch_top(ch_store *s, const parley_store_query *q, parley_store_group group, long n,
                     parley_store_stat_fn fn, void *user, parley_error *err);
parley_status ch_actors(ch_store *s, const char *pattern, parley_store_stat_fn fn, void *user, parley_error *err);
parley_status ch_totals(ch_store *s, long long *documents, long long *mentions, long long *events,
                        parley_error *err);

/* Appends to sql the merged-event subquery over s->table for the filters
 * of q: "(SELECT mkey, e_source, e_target, e_date, e_base, sid, nm,
 * r_goldstein, r_quad<extra> FROM t WHERE ... GROUP BY mkey HAVING ...)", and to where " WHERE 1 AND
 * <conditions on the representative>" for the caller to place (after an
 * ARRAY JOIN, say). extra: more aggregate columns, constant text. */
parley_status ch_merged_from(ch_store *s, parley_buf *sql, const parley_store_query *q, const char *extra,
                             parley_buf *where, parley_error *err);

/* ---- the dyad-by-month summary (clickhouse_summary.c) ---- */

/* Creates <table>_dm and <table>_dmv when missing (writers, at open). */
parley_status ch_summary_create(ch_store *s, parley_error *err);
/* Notes that the month of date has changed. Returns 0 or -1 (memory). */
int ch_summary_touch(ch_store *s, const char *date);
/* Rebuilds the touched months, and every month when the summary does not
 * cover the table's mentions (writers, at close). */
parley_status ch_summary_refresh(ch_store *s, parley_error *err);
/* 1 when the summary can answer this statistic (period, group, filters). */
int ch_summary_serves(const parley_store_query *q, parley_store_period period, parley_store_group group);
/* Appends to sql the statistic over the summary, answering in the columns
 * p_, k1_, k2_, n_ (String), events_, mentions (UInt64), Goldstein sum
 * (Float64), cooperation, conflict (UInt64) - no mean: the caller divides
 * the sum - ordered by count (by_count) or by period
 * and key, and sets *usable; *usable = 0 (sql untouched) when the summary
 * cannot serve it or does not cover the table's mentions. *in_order = 1:
 * the query has no ORDER BY, its rows come in the table's order when read
 * by one thread, and the caller must check that order (sort if needed). */
parley_status ch_summary_sql(ch_store *s, const parley_store_query *q, parley_store_period period,
                             parley_store_group group, int by_count, long limit, const char *actor_pattern,
                             parley_buf *sql, int *usable, int *in_order, parley_error *err);

#endif
