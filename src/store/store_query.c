/* store_query.c - reading merged events back: filtered, sorted, paged
 * queries, counts, and one event with all its mentions.
 *
 * A merged event is rendered from its representative mention's stored JSON
 * (so every field round-trips exactly) with the store's num_* counts and,
 * on request, the list of its mentions. Paging by cursor ("keyset") keeps
 * deep pages as cheap as the first: the cursor carries the sort key and id
 * of the last row delivered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"
#include "store/store_filter.h"

/* The event row carries its representative's id and JSON (schema version
 * 2), so a row is read from one place. */
#define ROW_COLUMNS "SELECT e.id, e.num_mentions, e.num_sources, e.num_articles, e.rep_mid, e.rep_json, "

static const struct {
    const char *key;     /* the sort column */
    const char *order;   /* ORDER BY */
    const char *after;   /* the keyset condition */
} sorts[] = {
    [PARLEY_SORT_DATE] = {"e.date", " ORDER BY e.date, e.id", " AND (e.date, e.id) > ("},
    [PARLEY_SORT_DATE_DESC] = {"e.date", " ORDER BY e.date DESC, e.id DESC", " AND (e.date, e.id) < ("},
    [PARLEY_SORT_GOLDSTEIN] = {"e.goldstein", " ORDER BY e.goldstein, e.id", " AND (e.goldstein, e.id) > ("},
    [PARLEY_SORT_GOLDSTEIN_DESC] = {"e.goldstein", " ORDER BY e.goldstein DESC, e.id DESC",
                                    " AND (e.goldstein, e.id) < ("},
    [PARLEY_SORT_MENTIONS_DESC] = {"e.num_mentions", " ORDER BY e.num_mentions DESC, e.id DESC",
                                   " AND (e.num_mentions, e.id) < ("},
};

/* Fills ev->mentions from the stored mentions of event (allocations in the
 * store's arena, which lives until the next row). */
static parley_status load_mentions(parley_store *s, long long event, parley_event *ev, parley_error *err) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT d.doc_id, m.json FROM mentions m JOIN documents d ON d.id = m.doc"
                           " WHERE m.event = ?1 ORDER BY m.id",
                           -1, &q, NULL) != SQLITE_OK)
        return store_db_error(s, err, "cannot prepare mentions query");
    sqlite3_bind_int64(q, 1, event);
    size_t cap = ev->num_mentions > 0 ? (size_t)ev->num_mentions : 1, n = 0;
    parley_mention *ms = parley_arena_calloc(s->arena, cap, sizeof *ms);
    if (ms == NULL) {
        sqlite3_finalize(q);
        return parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    }
    parley_status st = PARLEY_OK;
    int rc = SQLITE_DONE;
    while (st == PARLEY_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            parley_mention *bigger = parley_arena_calloc(s->arena, cap * 2, sizeof *ms);
            if (bigger == NULL) {
                st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
                break;
            }
            memcpy(bigger, ms, n * sizeof *ms);
            ms = bigger;
            cap *= 2;
        }
        parley_event m;
        st = parley_event_read_json(&m, (const char *)sqlite3_column_text(q, 1), (size_t)sqlite3_column_bytes(q, 1),
                                    s->arena, s->path, 0, err);
        if (st != PARLEY_OK) break;
        ms[n].doc_id = parley_arena_strdup(s->arena, (const char *)sqlite3_column_text(q, 0));
        ms[n].sentence = m.sentence;
        ms[n].reporter = m.reporter;
        if (ms[n].doc_id == NULL) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
        n++;
    }
    if (st == PARLEY_OK && rc != SQLITE_DONE) st = store_db_error(s, err, "cannot read mentions");
    sqlite3_finalize(q);
    if (st == PARLEY_OK) {
        ev->mentions = ms;
        ev->n_mentions = n;
    }
    return st;
}

/* A stored mention is the writer's rendering of the event with no mentions
 * and zero counts, so the merged event's JSON is that text with the
 * store's counts put in, byte for byte what decoding it, setting num_* and
 * rendering it again would give (the writer reads back to the same bytes:
 * fuzz_event_json.c). Skipping the decode and the rendering is most of the
 * work of a row. Returns 0 when json does not end as the writer ends it
 * (the caller then decodes). */
static int splice_counts(parley_store *s, const char *json, size_t len, sqlite3_stmt *st) {
    static const char tail[] = ",\"mentions\":[],\"num_mentions\":0,\"num_sources\":0,\"num_articles\":0}";
    size_t n = sizeof tail - 1;
    if (json == NULL || len < n || memcmp(json + len - n, tail, n) != 0) return 0;
    parley_buf_clear(&s->buf);
    return parley_buf_append(&s->buf, json, len - n) == 0 &&
           parley_buf_printf(&s->buf, ",\"mentions\":[],\"num_mentions\":%d,\"num_sources\":%d,\"num_articles\":%d}",
                             sqlite3_column_int(st, 1), sqlite3_column_int(st, 2), sqlite3_column_int(st, 3)) == 0;
}

/* Where rows go: fn gets decoded events; json_fn (when set) JSON text. */
typedef struct row_sink {
    parley_store_row_fn fn;
    parley_store_json_fn json_fn;
    void *user;
} row_sink;

/* Steps a prepared row query, decoding (or splicing) and delivering every row. */
static parley_status deliver_rows(parley_store *s, sqlite3_stmt *st, const parley_store_query *f, int sort,
                                  int with_mentions, const row_sink *sink, long *n_rows, parley_error *err) {
    long n = 0;
    int rc;
    parley_status status = PARLEY_OK;
    char cursor[128];
    int json_rows = sink->json_fn != NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        parley_arena_reset(s->arena);
        parley_event ev;
        long long id = sqlite3_column_int64(st, 0);
        const char *json = (const char *)sqlite3_column_text(st, 5);
        size_t json_len = (size_t)sqlite3_column_bytes(st, 5);
        int spliced = json_rows && splice_counts(s, json, json_len, st);
        if (!spliced) {
            status = parley_event_read_json(&ev, json, json_len, s->arena, s->path, 0, err);
            if (status != PARLEY_OK) break;
            ev.num_mentions = sqlite3_column_int(st, 1);
            ev.num_sources = sqlite3_column_int(st, 2);
            ev.num_articles = sqlite3_column_int(st, 3);
        }
        if (with_mentions && (status = load_mentions(s, id, &ev, err)) != PARLEY_OK) break;
        if (sort == PARLEY_SORT_GOLDSTEIN || sort == PARLEY_SORT_GOLDSTEIN_DESC)
            snprintf(cursor, sizeof cursor, "%d|%.17g|%lld", sort, sqlite3_column_double(st, 6), id);
        else if (sort == PARLEY_SORT_MENTIONS_DESC)
            snprintf(cursor, sizeof cursor, "%d|%lld|%lld", sort, sqlite3_column_int64(st, 6), id);
        else
            snprintf(cursor, sizeof cursor, "%d|%s|%lld", sort, (const char *)sqlite3_column_text(st, 6), id);
        parley_store_row row = {spliced ? NULL : &ev, id, (uint64_t)sqlite3_column_int64(st, 4), cursor};
        n++;
        int stop;
        if (!json_rows) {
            stop = sink->fn(&row, sink->user);
        } else if (spliced) {
            stop = sink->json_fn(s->buf.data, s->buf.len, &row, sink->user);
        } else {
            parley_buf_clear(&s->buf);
            if (parley_event_write_json(&ev, &s->buf) != PARLEY_OK) {
                status = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
                break;
            }
            stop = sink->json_fn(s->buf.data, s->buf.len - 1, &row, sink->user);
        }
        if (stop != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (status == PARLEY_OK && rc != SQLITE_DONE) status = store_step_error(s, f, err);
    if (n_rows) *n_rows = n;
    return status;
}

/* Appends the keyset condition for cursor c, or fails on a foreign cursor. */
static parley_status add_after(parley_store *s, store_sql *q, int sort, const char *c, parley_error *err) {
    const char *bar1 = strchr(c, '|'), *bar2 = strrchr(c, '|');
    char *end;
    long cs = strtol(c, &end, 10);
    if (bar1 == NULL || bar2 == bar1 || end != bar1 || cs != sort)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad cursor (or a cursor of another sort order)");
    long long id = strtoll(bar2 + 1, &end, 10);
    if (*end != '\0' || end == bar2 + 1) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad cursor");
    size_t klen = (size_t)(bar2 - bar1 - 1);
    char key[96];
    if (klen >= sizeof key) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad cursor");
    memcpy(key, bar1 + 1, klen);
    key[klen] = '\0';
    int rc = store_sql_add(q, sorts[sort].after);
    if (sort == PARLEY_SORT_GOLDSTEIN || sort == PARLEY_SORT_GOLDSTEIN_DESC) {
        double d = strtod(key, &end);
        if (*end != '\0' || end == key) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad cursor");
        rc = rc || store_sql_real(q, d);
    } else if (sort == PARLEY_SORT_MENTIONS_DESC) {
        long long v = strtoll(key, &end, 10);
        if (*end != '\0' || end == key) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad cursor");
        rc = rc || store_sql_int(q, v);
    } else {
        rc = rc || store_sql_text(q, key);
    }
    rc = rc || store_sql_add(q, ", ") || store_sql_int(q, id) || store_sql_add(q, ")");
    return rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory") : PARLEY_OK;
}

/* One half of an actor query (actor_split): the filters of f with the actor
 * as source (half 0) or as target of an event it is not the source of
 * (half 1), in sort order, at most lim rows. */
static parley_status actor_half(parley_store *s, store_sql *q, const parley_store_query *f, int sort, int half,
                                long lim, parley_error *err) {
    parley_store_query h = *f;
    h.actor = NULL;
    if (half == 0) h.source = f->actor;
    else h.target = f->actor;
    int rc = store_sql_add(q, "SELECT * FROM (") || store_sql_add(q, ROW_COLUMNS) ||
             store_sql_add(q, sorts[sort].key) || store_sql_add(q, store_filter_events_table(&h));
    parley_status st = rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory") : PARLEY_OK;
    if (st == PARLEY_OK) st = store_filter_where(s, q, &h, err);
    if (st == PARLEY_OK && half == 1 && (store_sql_add(q, " AND e.source <> ") || store_sql_text(q, f->actor)))
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    if (st == PARLEY_OK && f->after && f->after[0]) st = add_after(s, q, sort, f->after, err);
    if (st == PARLEY_OK && (store_sql_add(q, sorts[sort].order) || store_sql_add(q, " LIMIT ") ||
                            store_sql_int(q, lim) || store_sql_add(q, ")")))
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    return st;
}

/* An exact actor (source OR target) in date order with a limit: SQLite
 * reads every event of the actor through both indexes and sorts them all
 * (2.4 s for USAGOV on 10M events, one in twenty), where the first page
 * needs only the first rows of each. Two halves in date order, each cut at
 * the page's end (events_source and events_target are (code, date)), merged:
 * the same rows, milliseconds. */
static int actor_split(const parley_store_query *f, int sort) {
    return f && f->actor && f->actor[0] && !strchr(f->actor, '*') && !(f->source && f->source[0]) &&
           !(f->target && f->target[0]) && f->limit > 0 && (sort == PARLEY_SORT_DATE || sort == PARLEY_SORT_DATE_DESC);
}

static parley_status actor_query(parley_store *s, store_sql *q, const parley_store_query *f, int sort,
                                 parley_error *err) {
    long lim = f->limit + f->offset;
    parley_status st = actor_half(s, q, f, sort, 0, lim, err);
    if (st == PARLEY_OK && store_sql_add(q, " UNION ALL "))
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    if (st == PARLEY_OK) st = actor_half(s, q, f, sort, 1, lim, err);
    /* columns 7 and 1: the sort key and the id of ROW_COLUMNS */
    if (st == PARLEY_OK &&
        (store_sql_add(q, sort == PARLEY_SORT_DATE ? " ORDER BY 7, 1" : " ORDER BY 7 DESC, 1 DESC") ||
         store_sql_add(q, " LIMIT ") || store_sql_int(q, f->limit) || store_sql_add(q, " OFFSET ") ||
         store_sql_int(q, f->offset)))
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    return st;
}

static parley_status query_rows(parley_store *s, const parley_store_query *f, const row_sink *sink, long *n_rows,
                                parley_error *err) {
    if (n_rows) *n_rows = 0;
    int sort = f ? (int)f->sort : PARLEY_SORT_DATE;
    if (sort < 0 || sort > PARLEY_SORT_MENTIONS_DESC)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "unknown sort order %d", sort);
    if (f && (f->limit < 0 || f->offset < 0))
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "limit and offset must not be negative");
    store_sql q;
    store_sql_init(&q);
    parley_status st = PARLEY_OK;
    if (actor_split(f, sort)) {
        st = actor_query(s, &q, f, sort, err);
    } else {
        if (store_sql_add(&q, ROW_COLUMNS) || store_sql_add(&q, sorts[sort].key) ||
            store_sql_add(&q, store_filter_events_table(f)))
            st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
        if (st == PARLEY_OK) st = store_filter_where(s, &q, f, err);
        if (st == PARLEY_OK && f && f->after && f->after[0]) st = add_after(s, &q, sort, f->after, err);
        if (st == PARLEY_OK) {
            int rc = store_sql_add(&q, sorts[sort].order) || store_sql_add(&q, " LIMIT ") ||
                     store_sql_int(&q, f && f->limit > 0 ? f->limit : -1) || store_sql_add(&q, " OFFSET ") ||
                     store_sql_int(&q, f ? f->offset : 0);
            if (rc) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
        }
    }
    sqlite3_stmt *stmt = NULL;
    if (st == PARLEY_OK) st = store_sql_prepare(s, &q, &stmt, err);
    if (st == PARLEY_OK) st = deliver_rows(s, stmt, f, sort, f ? f->with_mentions : 0, sink, n_rows, err);
    store_sql_release(s, stmt);
    store_sql_free(&q);
    return st;
}

parley_status parley_store_query_events(parley_store *s, const parley_store_query *f, parley_store_row_fn fn,
                                        void *user, long *n_rows, parley_error *err) {
    if (s->ch) return ch_query_events(s->ch, f, fn, user, n_rows, err);
    row_sink sink = {fn, NULL, user};
    return query_rows(s, f, &sink, n_rows, err);
}

/* For a store that only delivers decoded events (ClickHouse): renders them. */
typedef struct render_sink {
    parley_store_json_fn fn;
    void *user;
    parley_buf buf;
    int failed;
} render_sink;

static int render_row(const parley_store_row *row, void *user) {
    render_sink *r = user;
    parley_buf_clear(&r->buf);
    if (parley_event_write_json(row->event, &r->buf) != PARLEY_OK) {
        r->failed = 1;
        return 1;
    }
    return r->fn(r->buf.data, r->buf.len - 1, row, r->user);
}

parley_status parley_store_query_json(parley_store *s, const parley_store_query *f, parley_store_json_fn fn,
                                      void *user, long *n_rows, parley_error *err) {
    if (f && f->with_mentions)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "JSON rows come without mentions");
    if (s->ch) {
        render_sink r = {fn, user, PARLEY_BUF_INIT, 0};
        parley_status st = ch_query_events(s->ch, f, render_row, &r, n_rows, err);
        parley_buf_free(&r.buf);
        if (st == PARLEY_OK && r.failed) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
        return st;
    }
    row_sink sink = {NULL, fn, user};
    return query_rows(s, f, &sink, n_rows, err);
}

parley_status parley_store_count(parley_store *s, const parley_store_query *f, long long *count, parley_error *err) {
    if (s->ch) return ch_count(s->ch, f, count, err);
    *count = 0;
    store_sql q;
    store_sql_init(&q);
    parley_status st = store_sql_add(&q, "SELECT count(*)") || store_sql_add(&q, store_filter_events_table(f))
                           ? parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory")
                           : PARLEY_OK;
    if (st == PARLEY_OK) st = store_filter_where(s, &q, f, err);
    sqlite3_stmt *stmt = NULL;
    if (st == PARLEY_OK) st = store_sql_prepare(s, &q, &stmt, err);
    if (st == PARLEY_OK) {
        if (sqlite3_step(stmt) == SQLITE_ROW) *count = sqlite3_column_int64(stmt, 0);
        else st = store_step_error(s, f, err);
    }
    store_sql_release(s, stmt);
    store_sql_free(&q);
    return st;
}

parley_status parley_store_get_event(parley_store *s, uint64_t id, int by_store_id, parley_store_row_fn fn,
                                     void *user, parley_error *err) {
    if (s->ch) return ch_get_event(s->ch, id, by_store_id, fn, user, err);
    long long event = (long long)id;
    sqlite3_stmt *stmt = NULL;
    if (!by_store_id) {
        if (sqlite3_prepare_v2(s->db, "SELECT event FROM mentions WHERE mid = ?1 LIMIT 1", -1, &stmt, NULL) !=
            SQLITE_OK)
            return store_db_error(s, err, "cannot prepare query");
        sqlite3_bind_int64(stmt, 1, (sqlite3_int64)id);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) event = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (rc == SQLITE_DONE) return PARLEY_EOF;
        if (rc != SQLITE_ROW) return store_db_error(s, err, "query failed");
    }
    if (sqlite3_prepare_v2(s->db, ROW_COLUMNS "e.date FROM events e WHERE e.id = ?1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return store_db_error(s, err, "cannot prepare query");
    sqlite3_bind_int64(stmt, 1, event);
    long n = 0;
    row_sink sink = {fn, NULL, user};
    parley_status st = deliver_rows(s, stmt, NULL, PARLEY_SORT_DATE, 1, &sink, &n, err);
    sqlite3_finalize(stmt);
    if (st == PARLEY_OK && n == 0) return PARLEY_EOF;
    return st;
}
