/* clickhouse_query.c - merged events out of the ClickHouse mention table:
 * the filters, queries, counts and single events.
 *
 * A merged event is a group of mention rows with the same merge key (the
 * SQLite store's events_key); its representative is the mention loaded
 * first (smallest seq), as in the SQLite store, and its store id is that
 * seq. Filters on merge-key columns (dates, actors, base code, country and
 * place, which the place key fixes) go before the grouping so ClickHouse
 * reads only the matching range of the primary key; filters on the
 * representative (a 4-digit CAMEO code, quad, PLOVER type) go after it, and
 * "has a mention with" filters (reporter, document) become HAVING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"
#include "store/clickhouse.h"

static int set(const char *s) { return s != NULL && s[0] != '\0'; }

static int valid_date(const char *d) {
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
    return 1;
}

/* " AND col = 'v'", or a regular-expression match when v has wildcards. */
static int add_pattern(parley_buf *b, const char *col, const char *pattern) {
    if (strchr(pattern, '*') == NULL)
        return parley_buf_printf(b, " AND %s = ", col) || ch_quote(b, pattern);
    return parley_buf_printf(b, " AND match(%s, ", col) || ch_quote_pattern(b, pattern) || parley_buf_puts(b, ")");
}

static int all_digits(const char *s) {
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

parley_status ch_merged_from(ch_store *s, parley_buf *sql, const parley_store_query *f, const char *extra,
                             parley_buf *where, parley_error *err) {
    if (f && set(f->date_from) && !valid_date(f->date_from))
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad --from date '%s' (want YYYY-MM-DD)", f->date_from);
    if (f && set(f->date_to) && !valid_date(f->date_to))
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad --to date '%s' (want YYYY-MM-DD)", f->date_to);
    if (f && (f->quad < 0 || f->quad > 4))
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad quad %d (want 1..4)", f->quad);
    if (f && set(f->text))
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0,
                                "--text (full-text search) needs the SQLite store; ClickHouse stores have no "
                                "full-text index");
    parley_buf inner = PARLEY_BUF_INIT, having = PARLEY_BUF_INIT;
    int rc = parley_buf_puts(&inner, " WHERE 1") || parley_buf_puts(&having, " HAVING 1") ||
             parley_buf_puts(where, " WHERE 1");
    if (f && rc == 0) {
        if (set(f->date_from)) rc = rc || parley_buf_puts(&inner, " AND date >= ") || ch_quote(&inner, f->date_from);
        if (set(f->date_to)) rc = rc || parley_buf_puts(&inner, " AND date <= ") || ch_quote(&inner, f->date_to);
        if (set(f->actor))
            rc = rc || parley_buf_puts(&inner, " AND (1") || add_pattern(&inner, "source", f->actor) ||
                 parley_buf_puts(&inner, " OR 1") || add_pattern(&inner, "target", f->actor) ||
                 parley_buf_puts(&inner, ")");
        if (set(f->source)) rc = rc || add_pattern(&inner, "source", f->source);
        if (set(f->target)) rc = rc || add_pattern(&inner, "target", f->target);
        if (set(f->cameo)) {
            /* up to three digits only ever select on the base code, which is in the key */
            size_t n = strlen(f->cameo);
            if (n <= 3 && all_digits(f->cameo))
                rc = rc || parley_buf_printf(&inner, " AND substring(base, 1, %zu) = ", n) || ch_quote(&inner, f->cameo);
            else {
                parley_buf p = PARLEY_BUF_INIT;
                rc = rc || parley_buf_puts(&p, f->cameo) || parley_buf_puts(&p, "*") ||
                     parley_buf_puts(where, " AND match(r_cameo, ") || ch_quote_pattern(where, p.data) ||
                     parley_buf_puts(where, ")");
                parley_buf_free(&p);
            }
        }
        if (set(f->root)) rc = rc || parley_buf_puts(&inner, " AND substring(base, 1, 2) = ") || ch_quote(&inner, f->root);
        if (f->quad) rc = rc || parley_buf_printf(where, " AND r_quad = %d", f->quad);
        if (set(f->plover)) rc = rc || parley_buf_puts(where, " AND r_plover = ") || ch_quote(where, f->plover);
        if (set(f->country)) rc = rc || parley_buf_puts(&inner, " AND country = ") || ch_quote(&inner, f->country);
        if (set(f->place)) rc = rc || add_pattern(&inner, "place", f->place);
        if (set(f->reporter)) {
            parley_buf r = PARLEY_BUF_INIT;
            rc = rc || add_pattern(&r, "reporter", f->reporter);
            /* add_pattern wrote " AND <condition>": countIf wants the condition */
            rc = rc || r.data == NULL || parley_buf_printf(&having, " AND countIf(%s) > 0", r.data + 5);
            parley_buf_free(&r);
        }
        if (set(f->doc_id)) rc = rc || parley_buf_puts(&having, " AND countIf(doc_id = ") ||
                                 ch_quote(&having, f->doc_id) || parley_buf_puts(&having, ") > 0");
    }
    /* e_* aliases: an alias named like a column would turn that column into
     * the aggregate in WHERE too */
    rc = rc || parley_buf_puts(sql, "(SELECT mkey, any(source) AS e_source, any(target) AS e_target, any(date) AS e_date,"
                                    " any(base) AS e_base, min(seq) AS sid, count() AS nm,"
                                    " argMin(goldstein, seq) AS r_goldstein, argMin(quad, seq) AS r_quad");
    if (f && set(f->cameo)) rc = rc || parley_buf_puts(sql, ", argMin(cameo, seq) AS r_cameo");
    if (f && set(f->plover)) rc = rc || parley_buf_puts(sql, ", argMin(plover, seq) AS r_plover");
    rc = rc || (extra && parley_buf_puts(sql, extra)) || parley_buf_printf(sql, " FROM %s", s->table) ||
         parley_buf_puts(sql, inner.data) || parley_buf_puts(sql, " GROUP BY mkey") ||
         parley_buf_puts(sql, having.data) || parley_buf_puts(sql, ")");
    parley_buf_free(&inner);
    parley_buf_free(&having);
    return rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory") : PARLEY_OK;
}

static const struct {
    const char *key, *order, *cmp;
} sorts[] = {
    [PARLEY_SORT_DATE] = {"e_date", " ORDER BY e_date, sid", ">"},
    [PARLEY_SORT_DATE_DESC] = {"e_date", " ORDER BY e_date DESC, sid DESC", "<"},
    [PARLEY_SORT_GOLDSTEIN] = {"r_goldstein", " ORDER BY r_goldstein, sid", ">"},
    [PARLEY_SORT_GOLDSTEIN_DESC] = {"r_goldstein", " ORDER BY r_goldstein DESC, sid DESC", "<"},
    [PARLEY_SORT_MENTIONS_DESC] = {"nm", " ORDER BY nm DESC, sid DESC", "<"},
};

#define ROW_EXTRA                                                                                      \
    ", uniqExact(doc_id) AS na, uniqExact(if(doc_source != '', doc_source, doc_id)) AS ns,"             \
    " argMin(event_id, seq) AS r_mid, argMin(json, seq) AS r_json, any(place_key) AS e_pkey"
#define ROW_COLUMNS "SELECT sid, nm, ns, na, r_mid, r_json, e_source, e_target, e_date, e_base, e_pkey, "

/* The cursor "sort|key|sid" (the SQLite store's shape) as a keyset condition. */
static parley_status add_after(ch_store *s, parley_buf *w, int sort, const char *c, parley_error *err) {
    const char *bar1 = strchr(c, '|'), *bar2 = strrchr(c, '|');
    char *end;
    long cs = strtol(c, &end, 10);
    if (bar1 == NULL || bar2 == bar1 || end != bar1 || cs != sort)
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad cursor (or a cursor of another sort order)");
    unsigned long long sid = strtoull(bar2 + 1, &end, 10);
    if (*end != '\0' || end == bar2 + 1) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad cursor");
    char key[96];
    size_t klen = (size_t)(bar2 - bar1 - 1);
    if (klen >= sizeof key) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad cursor");
    memcpy(key, bar1 + 1, klen);
    key[klen] = '\0';
    parley_buf v = PARLEY_BUF_INIT;
    int rc;
    if (sort == PARLEY_SORT_DATE || sort == PARLEY_SORT_DATE_DESC) {
        rc = ch_quote(&v, key);
    } else {
        double d = strtod(key, &end);
        if (*end != '\0' || end == key) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "bad cursor");
        rc = parley_buf_printf(&v, "%.17g", d);
    }
    const char *k = sorts[sort].key, *op = sorts[sort].cmp;
    rc = rc || parley_buf_printf(w, " AND (%s %s %s OR (%s = %s AND sid %s %llu))", k, op, v.data, k, v.data, op, sid);
    parley_buf_free(&v);
    return rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory") : PARLEY_OK;
}

/* Fills ev->mentions from every mention row of the merged event with key
 * fields k[0..4] (source, target, date, base, place key). */
static parley_status load_mentions(ch_store *s, char **k, parley_event *ev, parley_error *err) {
    parley_buf sql = PARLEY_BUF_INIT, resp = PARLEY_BUF_INIT;
    static const char *const cols[] = {"source", "target", "date", "base", "place_key"};
    int rc = parley_buf_printf(&sql, "SELECT doc_id, json FROM %s WHERE 1", s->table);
    for (int i = 0; i < 5; i++) rc = rc || parley_buf_printf(&sql, " AND %s = ", cols[i]) || ch_quote(&sql, k[i]);
    rc = rc || parley_buf_puts(&sql, " ORDER BY seq");
    parley_status st = rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory")
                          : ch_conn_post(s->conn, NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    size_t lines = 0;
    for (const char *p = resp.data; st == PARLEY_OK && p && *p; p++) lines += *p == '\n';
    parley_mention *ms = NULL;
    if (st == PARLEY_OK && (ms = parley_arena_calloc(s->arena, lines ? lines : 1, sizeof *ms)) == NULL)
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    size_t n = 0;
    for (char *line = resp.data; st == PARLEY_OK && line && *line && n < lines;) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        char *f[2];
        if (ch_tsv_split(line, f, 2) != 2) {
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse");
            break;
        }
        parley_event m;
        st = parley_event_read_json(&m, f[1], strlen(f[1]), s->arena, s->label, 0, err);
        if (st != PARLEY_OK) break;
        ms[n].doc_id = parley_arena_strdup(s->arena, f[0]);
        ms[n].sentence = m.sentence;
        ms[n].reporter = m.reporter;
        if (ms[n].doc_id == NULL) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
        n++;
        line = nl + 1;
    }
    if (st == PARLEY_OK) {
        ev->mentions = ms;
        ev->n_mentions = n;
    }
    parley_buf_free(&sql);
    parley_buf_free(&resp);
    return st;
}

/* Decodes and delivers the rows of a ROW_COLUMNS answer held in resp. */
static parley_status deliver_rows(ch_store *s, parley_buf *resp, int sort, int with_mentions, parley_store_row_fn fn,
                                  void *user, long *n_rows, parley_error *err) {
    long n = 0;
    parley_status st = PARLEY_OK;
    char cursor[128];
    for (char *line = resp->data; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *f[12];
        if (ch_tsv_split(line, f, 12) != 12) {
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s", line);
            break;
        }
        parley_arena_reset(s->arena);
        parley_event ev;
        st = parley_event_read_json(&ev, f[5], strlen(f[5]), s->arena, s->label, 0, err);
        if (st != PARLEY_OK) break;
        unsigned long long sid = strtoull(f[0], NULL, 10);
        ev.num_mentions = (int)strtol(f[1], NULL, 10);
        ev.num_sources = (int)strtol(f[2], NULL, 10);
        ev.num_articles = (int)strtol(f[3], NULL, 10);
        if (with_mentions && (st = load_mentions(s, f + 6, &ev, err)) != PARLEY_OK) break;
        snprintf(cursor, sizeof cursor, "%d|%s|%llu", sort, f[11], sid);
        parley_store_row row = {&ev, (long long)sid, strtoull(f[4], NULL, 10), cursor};
        n++;
        if (fn(&row, user) != 0) break;
        line = nl ? nl + 1 : line + strlen(line);
    }
    if (n_rows) *n_rows = n;
    return st;
}

parley_status ch_query_events(ch_store *s, const parley_store_query *f, parley_store_row_fn fn, void *user,
                              long *n_rows, parley_error *err) {
    if (n_rows) *n_rows = 0;
    int sort = f ? (int)f->sort : PARLEY_SORT_DATE;
    if (sort < 0 || sort > PARLEY_SORT_MENTIONS_DESC)
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "unknown sort order %d", sort);
    if (f && (f->limit < 0 || f->offset < 0))
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "limit and offset must not be negative");
    parley_buf sql = PARLEY_BUF_INIT, where = PARLEY_BUF_INIT, resp = PARLEY_BUF_INIT;
    int rc = parley_buf_puts(&sql, ROW_COLUMNS) || parley_buf_puts(&sql, sorts[sort].key) ||
             parley_buf_puts(&sql, " FROM ");
    parley_status st = rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory")
                          : ch_merged_from(s, &sql, f, ROW_EXTRA, &where, err);
    if (st == PARLEY_OK && f && set(f->after)) st = add_after(s, &where, sort, f->after, err);
    if (st == PARLEY_OK) {
        rc = parley_buf_puts(&sql, where.data) || parley_buf_puts(&sql, sorts[sort].order);
        if (f && f->limit > 0) rc = rc || parley_buf_printf(&sql, " LIMIT %ld, %ld", f->offset, f->limit);
        else if (f && f->offset > 0) rc = rc || parley_buf_printf(&sql, " LIMIT %ld, %lld", f->offset, 1LL << 62);
        if (rc) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    }
    if (st == PARLEY_OK) st = ch_conn_post(s->conn, NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    if (st == PARLEY_OK) st = deliver_rows(s, &resp, sort, f ? f->with_mentions : 0, fn, user, n_rows, err);
    parley_buf_free(&sql);
    parley_buf_free(&where);
    parley_buf_free(&resp);
    return st;
}

parley_status ch_count(ch_store *s, const parley_store_query *f, long long *count, parley_error *err) {
    *count = 0;
    parley_buf sql = PARLEY_BUF_INIT, where = PARLEY_BUF_INIT;
    parley_status st = parley_buf_puts(&sql, "SELECT count() FROM ")
                           ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory")
                           : ch_merged_from(s, &sql, f, NULL, &where, err);
    if (st == PARLEY_OK && parley_buf_puts(&sql, where.data) != 0)
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    if (st == PARLEY_OK) st = ch_exec(s, sql.data, err);
    if (st == PARLEY_OK) *count = strtoll(s->resp.data, NULL, 10);
    parley_buf_free(&sql);
    parley_buf_free(&where);
    return st;
}

parley_status ch_get_event(ch_store *s, uint64_t id, int by_store_id, parley_store_row_fn fn, void *user,
                           parley_error *err) {
    parley_buf sql = PARLEY_BUF_INIT, resp = PARLEY_BUF_INIT;
    int rc = parley_buf_printf(&sql, "SELECT source, target, date, mkey FROM %s WHERE %s = %llu LIMIT 1",
                               s->table, by_store_id ? "seq" : "event_id", (unsigned long long)id);
    parley_status st = rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory")
                          : ch_conn_post(s->conn, NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    if (st == PARLEY_OK && resp.len == 0) st = PARLEY_EOF;
    char *k[4];
    if (st == PARLEY_OK) {
        char *nl = strchr(resp.data, '\n');
        if (nl) *nl = '\0';
        if (ch_tsv_split(resp.data, k, 4) != 4)
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse");
    }
    if (st == PARLEY_OK) {
        /* the key columns narrow the primary-key range, mkey picks the event */
        static const char *const cols[] = {"source", "target", "date"};
        parley_buf_clear(&sql);
        rc = parley_buf_puts(&sql, ROW_COLUMNS "e_date FROM (SELECT any(source) AS e_source, any(target) AS e_target,"
                                   " any(date) AS e_date, any(base) AS e_base, min(seq) AS sid, count() AS nm" ROW_EXTRA) ||
             parley_buf_printf(&sql, " FROM %s WHERE mkey = %llu", s->table, strtoull(k[3], NULL, 10));
        for (int i = 0; i < 3; i++) rc = rc || parley_buf_printf(&sql, " AND %s = ", cols[i]) || ch_quote(&sql, k[i]);
        rc = rc || parley_buf_puts(&sql, " GROUP BY mkey)");
        if (rc) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    }
    long n = 0;
    if (st == PARLEY_OK) st = ch_conn_post(s->conn, NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    if (st == PARLEY_OK) st = deliver_rows(s, &resp, PARLEY_SORT_DATE, 1, fn, user, &n, err);
    if (st == PARLEY_OK && n == 0) st = PARLEY_EOF;
    parley_buf_free(&sql);
    parley_buf_free(&resp);
    return st;
}
