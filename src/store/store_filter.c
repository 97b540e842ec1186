/* store_filter.c - turning a parley_store_query into a WHERE clause.
 *
 * The SQL text is assembled only from constant fragments chosen by which
 * filters are set; every user value (dates, patterns, FTS queries) is bound
 * as a parameter. Query, count and stats share this so that the same
 * filters mean the same rows everywhere. */
#include <stdlib.h>
#include <string.h>

#include "store/store_filter.h"

void store_sql_init(store_sql *q) { memset(q, 0, sizeof *q); }

void store_sql_free(store_sql *q) {
    parley_buf_free(&q->sql);
    for (int i = 0; i < q->n; i++)
        if (q->b[i].kind == BIND_TEXT) free(q->b[i].text);
    q->n = 0;
}

int store_sql_add(store_sql *q, const char *fragment) { return parley_buf_puts(&q->sql, fragment); }

int store_sql_text(store_sql *q, const char *value) {
    if (q->n == STORE_MAX_BINDS) return -1;
    char *copy = strdup(value);
    if (copy == NULL) return -1;
    q->b[q->n].kind = BIND_TEXT;
    q->b[q->n++].text = copy;
    return parley_buf_puts(&q->sql, "?");
}

int store_sql_int(store_sql *q, long long value) {
    if (q->n == STORE_MAX_BINDS) return -1;
    q->b[q->n].kind = BIND_INT;
    q->b[q->n++].i = value;
    return parley_buf_puts(&q->sql, "?");
}

int store_sql_real(store_sql *q, double value) {
    if (q->n == STORE_MAX_BINDS) return -1;
    q->b[q->n].kind = BIND_REAL;
    q->b[q->n++].d = value;
    return parley_buf_puts(&q->sql, "?");
}

/* A free cached statement for sql, or NULL. */
static sqlite3_stmt *cache_take(parley_store *s, const char *sql, size_t len) {
    for (int i = 0; i < STORE_QUERY_CACHE; i++) {
        struct store_cached_query *c = &s->queries[i];
        if (c->stmt && !c->busy && c->len == len && memcmp(c->sql, sql, len) == 0) {
            c->busy = 1;
            c->used = ++s->query_clock;
            return c->stmt;
        }
    }
    return NULL;
}

/* Keeps a new statement in the least recently used free slot; when every
 * slot is in use (nested queries) it stays uncached and is finalized on
 * release. */
static void cache_put(parley_store *s, const char *sql, size_t len, sqlite3_stmt *stmt) {
    struct store_cached_query *victim = NULL;
    for (int i = 0; i < STORE_QUERY_CACHE; i++) {
        struct store_cached_query *c = &s->queries[i];
        if (c->busy) continue;
        if (victim == NULL || c->stmt == NULL || (victim->stmt && c->used < victim->used)) victim = c;
        if (c->stmt == NULL) break;
    }
    char *copy = victim ? malloc(len + 1) : NULL;
    if (copy == NULL) return;
    memcpy(copy, sql, len);
    copy[len] = '\0';
    sqlite3_finalize(victim->stmt);
    free(victim->sql);
    *victim = (struct store_cached_query){copy, len, stmt, ++s->query_clock, 1};
}

void store_sql_release(parley_store *s, sqlite3_stmt *stmt) {
    if (stmt == NULL) return;
    for (int i = 0; i < STORE_QUERY_CACHE; i++) {
        struct store_cached_query *c = &s->queries[i];
        if (c->stmt == stmt) {
            /* unbound too: the values belong to the caller's store_sql */
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            c->busy = 0;
            return;
        }
    }
    sqlite3_finalize(stmt);
}

void store_sql_cache_free(parley_store *s) {
    for (int i = 0; i < STORE_QUERY_CACHE; i++) {
        sqlite3_finalize(s->queries[i].stmt);
        free(s->queries[i].sql);
        s->queries[i] = (struct store_cached_query){0};
    }
}

parley_status store_sql_prepare(parley_store *s, store_sql *q, sqlite3_stmt **out, parley_error *err) {
    *out = NULL;
    if (q->sql.data == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    *out = cache_take(s, q->sql.data, q->sql.len);
    if (*out == NULL) {
        if (sqlite3_prepare_v3(s->db, q->sql.data, (int)q->sql.len, SQLITE_PREPARE_PERSISTENT, out, NULL) !=
            SQLITE_OK)
            return store_db_error(s, err, "cannot prepare query");
        cache_put(s, q->sql.data, q->sql.len, *out);
    }
    for (int i = 0; i < q->n; i++) {
        int rc;
        if (q->b[i].kind == BIND_TEXT) rc = sqlite3_bind_text(*out, i + 1, q->b[i].text, -1, SQLITE_STATIC);
        else if (q->b[i].kind == BIND_INT) rc = sqlite3_bind_int64(*out, i + 1, q->b[i].i);
        else rc = sqlite3_bind_double(*out, i + 1, q->b[i].d);
        if (rc != SQLITE_OK) {
            store_sql_release(s, *out);
            *out = NULL;
            return store_db_error(s, err, "cannot bind query");
        }
    }
    return PARLEY_OK;
}

static int valid_date(const char *d) {
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
    return 1;
}

static int set(const char *s) { return s != NULL && s[0] != '\0'; }

/* prefix + "GLOB ?" + suffix with the user pattern made literal except '*';
 * a pattern without '*' becomes "= ?", which the planner recognises as an
 * equality on the index (a GLOB is only a range to it, and it would then
 * prefer the date index for dyad queries). prefix ends in the column name. */
static int add_glob(store_sql *q, const char *prefix, const char *pattern, const char *suffix) {
    if (strchr(pattern, '*') == NULL)
        return store_sql_add(q, prefix) || store_sql_add(q, " = ") || store_sql_text(q, pattern) ||
               store_sql_add(q, suffix);
    parley_buf g = PARLEY_BUF_INIT;
    int rc = store_glob_pattern(pattern, &g);
    if (rc == 0) rc = store_sql_add(q, prefix) || store_sql_add(q, " GLOB ");
    if (rc == 0) rc = store_sql_text(q, g.data);
    if (rc == 0) rc = store_sql_add(q, suffix);
    parley_buf_free(&g);
    return rc;
}

const char *store_filter_events_table(const parley_store_query *f) {
    /* A dyad of two exact codes: SQLite's estimates (sampled statistics or
     * none) can rank events_target (target, date) above the merge key and
     * then scan every event of the target in the date range; measured on 1M
     * events that was the slow half of dyad queries. NOT INDEXED leaves only
     * the table itself, clustered by the merge key (source, target, date,
     * ...): one run of neighbouring rows. The choice depends only on which
     * filters are set, never on their values. */
    if (f && set(f->source) && set(f->target) && !strchr(f->source, '*') && !strchr(f->target, '*'))
        return " FROM events e NOT INDEXED";
    return " FROM events e";
}

parley_status store_filter_where(parley_store *s, store_sql *q, const parley_store_query *f, parley_error *err) {
    int rc = store_sql_add(q, " WHERE 1");
    if (f == NULL) return rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory") : PARLEY_OK;
    if (set(f->date_from) && !valid_date(f->date_from))
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad --from date '%s' (want YYYY-MM-DD)", f->date_from);
    if (set(f->date_to) && !valid_date(f->date_to))
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad --to date '%s' (want YYYY-MM-DD)", f->date_to);
    if (f->quad < 0 || f->quad > 4)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "bad quad %d (want 1..4)", f->quad);
    if (set(f->date_from) && rc == 0) rc = store_sql_add(q, " AND e.date >= ") || store_sql_text(q, f->date_from);
    if (set(f->date_to) && rc == 0) rc = store_sql_add(q, " AND e.date <= ") || store_sql_text(q, f->date_to);
    if (set(f->actor) && rc == 0) {
        rc = add_glob(q, " AND (e.source", f->actor, "") || add_glob(q, " OR e.target", f->actor, ")");
    }
    if (set(f->source) && rc == 0) rc = add_glob(q, " AND e.source", f->source, "");
    if (set(f->target) && rc == 0) rc = add_glob(q, " AND e.target", f->target, "");
    if (set(f->cameo) && rc == 0) {
        parley_buf g = PARLEY_BUF_INIT;
        rc = store_glob_pattern(f->cameo, &g) || parley_buf_puts(&g, "*") || store_sql_add(q, " AND e.cameo GLOB ") ||
             store_sql_text(q, g.data);
        parley_buf_free(&g);
    }
    if (set(f->root) && rc == 0) rc = store_sql_add(q, " AND e.root = ") || store_sql_text(q, f->root);
    if (f->quad && rc == 0) rc = store_sql_add(q, " AND e.quad = ") || store_sql_int(q, f->quad);
    if (set(f->plover) && rc == 0) rc = store_sql_add(q, " AND e.plover = ") || store_sql_text(q, f->plover);
    if (set(f->country) && rc == 0) rc = store_sql_add(q, " AND e.country = ") || store_sql_text(q, f->country);
    if (set(f->place) && rc == 0) rc = add_glob(q, " AND e.place", f->place, "");
    if (set(f->reporter) && rc == 0)
        rc = add_glob(q, " AND EXISTS (SELECT 1 FROM mentions r WHERE r.event = e.id AND r.reporter",
                      f->reporter, ")");
    if (set(f->text) && rc == 0)
        rc = store_sql_add(q, " AND e.id IN (SELECT r.event FROM evidence_fts JOIN mentions r"
                              " ON r.id = evidence_fts.rowid WHERE evidence_fts MATCH ") ||
             store_sql_text(q, f->text) || store_sql_add(q, ")");
    if (set(f->doc_id) && rc == 0)
        rc = store_sql_add(q, " AND e.id IN (SELECT r.event FROM mentions r JOIN documents d ON d.id = r.doc"
                              " WHERE d.doc_id = ") ||
             store_sql_text(q, f->doc_id) || store_sql_add(q, ")");
    if (rc != 0) return parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory or too many filters");
    return PARLEY_OK;
}

parley_status store_step_error(parley_store *s, const parley_store_query *f, parley_error *err) {
    parley_status st = store_db_error(s, err, "query failed");
    /* a malformed full-text query is the caller's mistake, not the store's */
    if (f && set(f->text) && strstr(sqlite3_errmsg(s->db), "fts5") != NULL) {
        if (err) err->status = PARLEY_ERR_ARG;
        st = PARLEY_ERR_ARG;
    }
    return st;
}
