/* clickhouse_stats.c - the statistics of the ClickHouse backend: counts and
 * Goldstein measures per period and group, top actors and dyads, the actor
 * list and totals, with the SQLite store's rows and order.
 *
 * As in store_stats.c, one SQL shape serves every statistic: the merged
 * events (clickhouse_query.c) grouped by a period expression and a group
 * key with every measure in the same pass. Actors (an event counts for its
 * source and its target) come from an ARRAY JOIN over the two instead of a
 * UNION. ClickHouse dates start in 1970: week labels of earlier dates are ''. */
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

static parley_status run_stats(ch_store *s, const parley_store_query *f, parley_store_period period,
                               parley_store_group group, int order, long limit, const char *actor_pattern,
                               parley_store_stat_fn fn, void *user, parley_error *err) {
    if ((int)period < 0 || period > PARLEY_PERIOD_ALL || (int)group < 0 || group > PARLEY_GROUP_ACTOR)
        return parley_error_set(err, PARLEY_ERR_ARG, s->label, 0, "unknown period or group");
    int actors = group == PARLEY_GROUP_ACTOR;
    parley_buf sql = PARLEY_BUF_INIT, where = PARLEY_BUF_INIT, resp = PARLEY_BUF_INIT;
    int summary = 0;
    parley_status st = ch_summary_sql(s, f, period, group, order == ORDER_COUNT_DESC, limit, actor_pattern, &sql,
                                      &summary, err);
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
    if (st == PARLEY_OK) st = ch_conn_post(s->conn, NULL, sql.data, sql.len, &resp, s->label, NULL, err);
    for (char *line = resp.data; st == PARLEY_OK && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *c[10];
        if (ch_tsv_split(line, c, 10) != 10) {
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s", line);
            break;
        }
        parley_store_stat row;
        row.period = c[0];
        row.key = c[1];
        row.key2 = c[2];
        row.name = c[3];
        row.events = strtoll(c[4], NULL, 10);
        row.mentions = strtoll(c[5], NULL, 10);
        row.goldstein_sum = strtod(c[6], NULL);
        row.goldstein_mean = strtod(c[7], NULL);
        row.cooperation = strtoll(c[8], NULL, 10);
        row.conflict = strtoll(c[9], NULL, 10);
        row.balance = row.events ? (double)(row.cooperation - row.conflict) / (double)row.events : 0.0;
        if (fn(&row, user) != 0) break;
        line = nl ? nl + 1 : line + strlen(line);
    }
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
