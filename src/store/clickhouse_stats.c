/* clickhouse_stats.c - the statistics of the ClickHouse backend: counts and
 * Goldstein measures per period and group, top actors and dyads, the actor
 * list and totals, with the SQLite store's rows and order.
 *
 * As in store_stats.c, one SQL shape serves every statistic: the merged
 * events (clickhouse_query.c) grouped by a period expression and a group
 * key with every measure in the same pass. Actors (an event counts for its
 * source and its target) come from an ARRAY JOIN over the two instead of a
 * UNION. ClickHouse dates start in 1970: week labels of earlier dates are ''. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/clickhouse.h"

static const char *const period_sql[] = {
    [PARLEY_PERIOD_DAY] = "e_date",
    [PARLEY_PERIOD_WEEK] =
        "if(toDateOrZero(e_date) = toDate('0000-00-00'), '', toString(toMonday(toDateOrZero(e_date))))",
    [PARLEY_PERIOD_MONTH] = "substring(e_date, 1, 7)",
    [PARLEY_PERIOD_ALL] = "''",
};

static const char *const group_sql[] = {
    [PARLEY_GROUP_NONE] = "'' AS k1_, '' AS k2_, '' AS n_",
    [PARLEY_GROUP_ROOT] = "substring(e_base, 1, 2) AS k1_, '' AS k2_, '' AS n_",
    [PARLEY_GROUP_QUAD] = "toString(r_quad) AS k1_, '' AS k2_, '' AS n_",
    [PARLEY_GROUP_DYAD] = "e_source AS k1_, e_target AS k2_, '' AS n_",
    [PARLEY_GROUP_ACTOR] = "tupleElement(a, 1) AS k1_, '' AS k2_, max(tupleElement(a, 2)) AS n_",
};

#define MEASURES                                                                                                \
    ", count() AS events_, sum(nm), sum(r_goldstein), avg(r_goldstein), sum(r_quad <= 2), sum(r_quad >= 3) FROM "
#define ACTOR_EXTRA ", argMin(source_name, seq) AS r_sname, argMin(target_name, seq) AS r_tname"
#define ACTOR_JOIN " ARRAY JOIN arrayFilter(x -> tupleElement(x, 1) != '', [(e_source, r_sname), (e_target, r_tname)]) AS a"

enum { ORDER_PERIOD_KEY, ORDER_COUNT_DESC };

/* strtod for the numbers ClickHouse writes: a decimal of at most 15 digits
 * without exponent is an exact integer divided by an exact power of ten,
 * which one correctly rounded division turns into strtod's very result
 * (Clinger's fast path) at a fraction of its cost; anything else goes to
 * strtod. A dyad-by-month statistic parses two numbers per row, a million
 * rows. */
static double parse_double(const char *s) {
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = s + (*s == '-');
    uint64_t m = 0;
    int digits = 0, frac = -1;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            m = m * 10 + (uint64_t)(*p - '0');
            digits++;
            if (frac >= 0) frac++;
        } else if (*p == '.' && frac < 0) {
            frac = 0;
        } else {
            break;
        }
    }
    if (*p != '\0' || digits == 0 || digits > 15) return strtod(s, NULL);
    double v = (double)m / pow10[frac > 0 ? frac : 0];
    return *s == '-' ? -v : v;
}

static int row_cmp(const void *a, const void *b) {
    const parley_store_stat *x = a, *y = b;
    int c = strcmp(x->period, y->period);
    if (c == 0) c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->key2, y->key2);
}

/* The summary's answer comes as RowBinary: numbers in binary (no float
 * formatting on the server, no parsing here), strings length-prefixed. */
typedef struct rb_reader {
    const unsigned char *p, *end;
    char *strings; /* NUL-terminated copies, room for every string of the answer */
    size_t used;
} rb_reader;

static int rb_string(rb_reader *r, const char **out) {
    uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
        if (r->p >= r->end || shift > 63) return -1;
        unsigned char byte = *r->p++;
        n |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    if ((uint64_t)(r->end - r->p) < n) return -1;
    char *dst = r->strings + r->used;
    memcpy(dst, r->p, (size_t)n);
    dst[n] = '\0';
    r->used += (size_t)n + 1;
    r->p += n;
    *out = dst;
    return 0;
}

static int rb_u64(rb_reader *r, long long *out) {
    if (r->end - r->p < 8) return -1;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | r->p[i];
    r->p += 8;
    *out = (long long)v;
    return 0;
}

static int rb_f64(rb_reader *r, double *out) {
    if (r->end - r->p < 8) return -1;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | r->p[i];
    r->p += 8;
    memcpy(out, &v, sizeof *out);
    return 0;
}

/* Reads a string's bytes without copying them. */
static int rb_slice(rb_reader *r, const unsigned char **s, size_t *n) {
    uint64_t len = 0;
    for (int shift = 0;; shift += 7) {
        if (r->p >= r->end || shift > 63) return -1;
        unsigned char byte = *r->p++;
        len |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
    }
    if ((uint64_t)(r->end - r->p) < len) return -1;
    *s = r->p;
    *n = (size_t)len;
    r->p += len;
    return 0;
}

static int slice_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn) {
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* 1 when the summary rows in resp come ordered by period and keys (then
 * they are delivered as they are decoded, with nothing kept); 0 when not,
 * or when a row is cut (the full decoding reports it). */
static int rb_sorted(const parley_buf *resp) {
    rb_reader r = {(const unsigned char *)resp->data, (const unsigned char *)resp->data + resp->len, NULL, 0};
    const unsigned char *prev[3] = {NULL, NULL, NULL};
    size_t prevn[3] = {0, 0, 0};
    for (int first = 1; r.p < r.end; first = 0) {
        const unsigned char *k[4];
        size_t kn[4];
        for (int i = 0; i < 4; i++)
            if (rb_slice(&r, &k[i], &kn[i]) != 0) return 0;
        if (r.end - r.p < 40) return 0;
        r.p += 40; /* five 8-byte numbers */
        int c = 0;
        for (int i = 0; i < 3 && c == 0 && !first; i++) c = slice_cmp(prev[i], prevn[i], k[i], kn[i]);
        if (c > 0) return 0;
        for (int i = 0; i < 3; i++) prev[i] = k[i], prevn[i] = kn[i];
    }
    return 1;
}

/* One summary row: p_, k1_, k2_, n_ (String), events, mentions (UInt64),
 * Goldstein sum (Float64), cooperation, conflict (UInt64). */
static int rb_row(rb_reader *r, parley_store_stat *row) {
    if (rb_string(r, &row->period) || rb_string(r, &row->key) || rb_string(r, &row->key2) ||
        rb_string(r, &row->name) || rb_u64(r, &row->events) || rb_u64(r, &row->mentions) ||
        rb_f64(r, &row->goldstein_sum) || rb_u64(r, &row->cooperation) || rb_u64(r, &row->conflict))
        return -1;
    row->goldstein_mean = row->events ? row->goldstein_sum / (double)row->events : 0.0;
    return 0;
}

/* One TabSeparated row of the exact path (the mean is a column), split in place. */
static int tsv_row(char *line, parley_store_stat *row) {
    char *c[10];
    if (ch_tsv_split(line, c, 10) != 10) return -1;
    row->period = c[0];
    row->key = c[1];
    row->key2 = c[2];
    row->name = c[3];
    row->events = strtoll(c[4], NULL, 10);
    row->mentions = strtoll(c[5], NULL, 10);
    row->goldstein_sum = parse_double(c[6]);
    row->goldstein_mean = parse_double(c[7]);
    row->cooperation = strtoll(c[8], NULL, 10);
    row->conflict = strtoll(c[9], NULL, 10);
    return 0;
}

/* Decodes the answer (RowBinary from the summary, else TabSeparated) and
 * calls fn for each row. in_order: the server did not sort the rows; they
 * are delivered ordered by period and keys, sorted here when they did not
 * come so. */
static parley_status deliver(ch_store *s, parley_buf *resp, int binary, int in_order, parley_store_stat_fn fn,
                             void *user, parley_error *err) {
    /* a row is at least 44 bytes of RowBinary (4 empty strings, 5 numbers) or one line */
    size_t cap = 1;
    if (binary) cap += resp->len / 44;
    else
        for (const char *p = resp->data; p && (p = strchr(p, '\n')) != NULL; p++) cap++;
    /* each string's copy takes its bytes plus a NUL, where its length prefix was at least one byte */
    char *strings = binary ? malloc(resp->len + 1) : NULL;
    if (binary && strings == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    rb_reader r = {(const unsigned char *)resp->data, (const unsigned char *)resp->data + resp->len, strings, 0};
    if (binary && in_order && rb_sorted(resp)) {
        /* the usual case: each row is decoded into the start of strings and delivered */
        parley_status st = PARLEY_OK;
        while (r.p < r.end) {
            parley_store_stat row;
            r.used = 0;
            if (rb_row(&r, &row) != 0) {
                st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse (a cut row)");
                break;
            }
            row.balance = row.events ? (double)(row.cooperation - row.conflict) / (double)row.events : 0.0;
            if (fn(&row, user) != 0) break;
        }
        free(strings);
        return st;
    }
    parley_store_stat *rows = malloc(cap * sizeof *rows);
    if (rows == NULL) {
        free(strings);
        return parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    }
    parley_status st = PARLEY_OK;
    size_t n = 0;
    int sorted = 1;
    char *line = resp->data;
    while (st == PARLEY_OK && n < cap) {
        parley_store_stat *row = &rows[n];
        if (binary) {
            if (r.p == r.end) break;
            if (rb_row(&r, row) != 0) {
                st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse (a cut row)");
                break;
            }
        } else {
            if (line == NULL || *line == '\0') break;
            char *nl = strchr(line, '\n');
            if (nl) *nl = '\0';
            if (tsv_row(line, row) != 0) {
                st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s", line);
                break;
            }
            line = nl ? nl + 1 : NULL;
        }
        row->balance = row->events ? (double)(row->cooperation - row->conflict) / (double)row->events : 0.0;
        if (in_order && n > 0 && sorted && row_cmp(&rows[n - 1], row) > 0) sorted = 0;
        n++;
    }
    if (st == PARLEY_OK && !sorted) qsort(rows, n, sizeof *rows, row_cmp);
    for (size_t i = 0; st == PARLEY_OK && i < n; i++)
        if (fn(&rows[i], user) != 0) break;
    free(rows);
    free(strings);
    return st;
}

static parley_status run_stats(ch_store *s, const parley_store_query *f, parley_store_period period,
                               parley_store_group group, int order, long limit, const char *actor_pattern,
                               parley_store_stat_fn fn, void *user, parley_error *err) {
    if ((int)period < 0 || period > PARLEY_PERIOD_ALL || (int)group < 0 || group > PARLEY_GROUP_ACTOR)
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "unknown period or group");
    int actors = group == PARLEY_GROUP_ACTOR;
    parley_buf sql = PARLEY_BUF_INIT, where = PARLEY_BUF_INIT, resp = PARLEY_BUF_INIT;
    int summary = 0, in_order = 0;
    parley_status st = ch_summary_sql(s, f, period, group, order == ORDER_COUNT_DESC, limit, actor_pattern, &sql,
                                      &summary, &in_order, err);
    int rc = 0;
    if (st == PARLEY_OK && !summary) {
        rc = parley_buf_printf(&sql, "SELECT %s AS p_, %s%s", period_sql[period], group_sql[group], MEASURES);
        st = rc ? parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory")
                : ch_merged_from(s, &sql, f, actors ? ACTOR_EXTRA : NULL, &where, err);
    }
    if (st == PARLEY_OK && !summary) {
        rc = (actors && parley_buf_puts(&sql, ACTOR_JOIN)) || parley_buf_puts(&sql, where.data);
        if (actor_pattern && actor_pattern[0]) {
            if (strchr(actor_pattern, '*'))
                rc = rc || parley_buf_puts(&sql, " AND match(tupleElement(a, 1), ") ||
                     ch_quote_pattern(&sql, actor_pattern) || parley_buf_puts(&sql, ")");
            else
                rc = rc || parley_buf_puts(&sql, " AND tupleElement(a, 1) = ") || ch_quote(&sql, actor_pattern);
        }
        rc = rc || parley_buf_puts(&sql, " GROUP BY p_, k1_, k2_") ||
             parley_buf_puts(&sql, order == ORDER_COUNT_DESC ? " ORDER BY events_ DESC, k1_, k2_" : " ORDER BY p_, k1_, k2_");
        if (limit > 0) rc = rc || parley_buf_printf(&sql, " LIMIT %ld", limit);
        if (rc) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    }
    if (st == PARLEY_OK && summary && parley_buf_puts(&sql, " FORMAT RowBinary") != 0)
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    /* rows in the summary's storage order need no sort on the server: one
     * reading thread keeps that order, and deliver() checks it */
    if (st == PARLEY_OK)
        st = ch_conn_post(s->conn, in_order ? "?max_threads=1" : NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    if (st == PARLEY_OK) st = deliver(s, &resp, summary, in_order, fn, user, err);
    parley_buf_free(&sql);
    parley_buf_free(&where);
    parley_buf_free(&resp);
    return st;
}

parley_status ch_stats(ch_store *s, const parley_store_query *q, parley_store_period period,
                       parley_store_group group, parley_store_stat_fn fn, void *user, parley_error *err) {
    return run_stats(s, q, period, group, ORDER_PERIOD_KEY, 0, NULL, fn, user, err);
}

parley_status ch_top(ch_store *s, const parley_store_query *q, parley_store_group group, long n,
                     parley_store_stat_fn fn, void *user, parley_error *err) {
    if (group != PARLEY_GROUP_ACTOR && group != PARLEY_GROUP_DYAD)
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "top needs the actor or dyad group");
    if (n <= 0) return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "top needs a positive count");
    return run_stats(s, q, PARLEY_PERIOD_ALL, group, ORDER_COUNT_DESC, n, NULL, fn, user, err);
}

parley_status ch_actors(ch_store *s, const char *pattern, parley_store_stat_fn fn, void *user, parley_error *err) {
    return run_stats(s, NULL, PARLEY_PERIOD_ALL, PARLEY_GROUP_ACTOR, ORDER_PERIOD_KEY, 0, pattern, fn, user, err);
}

parley_status ch_totals(ch_store *s, long long *documents, long long *mentions, long long *events,
                        parley_error *err) {
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql,
                          "SELECT uniqExact(doc_id), count(), uniqExact(mkey) FROM %s",
                          s->table) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
    parley_status st = ch_exec(s, s->sql.data, err);
    if (st != PARLEY_OK) return st;
    char *c[3];
    if (ch_tsv_split(s->resp.data, c, 3) != 3)
        return parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse");
    *documents = strtoll(c[0], NULL, 10);
    *mentions = strtoll(c[1], NULL, 10);
    *events = strtoll(c[2], NULL, 10);
    return PARLEY_OK;
}
