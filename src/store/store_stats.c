/* store_stats.c - aggregates over the merged events: counts per period and
 * group, Goldstein sums and means, cooperation/conflict balance, top actors
 * and dyads, the actor list, and totals.
 *
 * One SQL shape serves every statistic: the filtered events (the same
 * filters as queries) grouped by a period expression and a group key, with
 * every measure computed in the same pass, so a caller (CLI or HTTP) picks
 * the columns it shows rather than issuing one query per measure. */
#include <string.h>

#include "store/store_filter.h"

static const char *const period_sql[] = {
    [PARLEY_PERIOD_DAY] = "date",
    /* the Monday of the week: back 6 days, then forward to a Monday */
    [PARLEY_PERIOD_WEEK] = "coalesce(date(date, '-6 days', 'weekday 1'), '')",
    [PARLEY_PERIOD_MONTH] = "substr(date, 1, 7)",
    [PARLEY_PERIOD_ALL] = "''",
};

static const char *const group_sql[] = {
    [PARLEY_GROUP_NONE] = "'', '', ''",
    [PARLEY_GROUP_ROOT] = "root, '', ''",
    [PARLEY_GROUP_QUAD] = "CAST(quad AS TEXT), '', ''",
    [PARLEY_GROUP_DYAD] = "source, target, ''",
    [PARLEY_GROUP_ACTOR] = "actor, '', max(aname)",
};

#define MEASURES                                                                                     \
    ", count(*), sum(num_mentions), sum(goldstein), avg(goldstein), sum(quad <= 2), sum(quad >= 3)" \
    " FROM "

#define ACTOR_ROWS                                                                                             \
    "(SELECT date, goldstein, quad, num_mentions, source AS actor, source_name AS aname FROM f WHERE source <> ''" \
    " UNION ALL SELECT date, goldstein, quad, num_mentions, target, target_name FROM f WHERE target <> '') a"

/* What the measures read: never e.*, which would carry every event's JSON
 * into a materialized f (the actor rows read f twice). */
#define STAT_COLUMNS \
    "e.date, e.goldstein, e.quad, e.num_mentions, e.root, e.source, e.target, e.source_name, e.target_name"

enum { ORDER_PERIOD_KEY, ORDER_COUNT_DESC };

static parley_status run_stats(parley_store *s, const parley_store_query *f, parley_store_period period,
                               parley_store_group group, int order, long limit, const char *actor_pattern,
                               parley_store_stat_fn fn, void *user, parley_error *err) {
    if ((int)period < 0 || period > PARLEY_PERIOD_ALL || (int)group < 0 || group > PARLEY_GROUP_ACTOR)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "unknown period or group");
    store_sql q;
    store_sql_init(&q);
    parley_status st = PARLEY_OK;
    if (store_sql_add(&q, "WITH f AS (SELECT " STAT_COLUMNS) || store_sql_add(&q, store_filter_events_table(f)))
        st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    if (st == PARLEY_OK) st = store_filter_where(s, &q, f, err);
    if (st == PARLEY_OK) {
        int rc = store_sql_add(&q, ") SELECT ") || store_sql_add(&q, period_sql[period]) || store_sql_add(&q, " AS p, ") ||
                 store_sql_add(&q, group_sql[group]) || store_sql_add(&q, MEASURES) ||
                 store_sql_add(&q, group == PARLEY_GROUP_ACTOR ? ACTOR_ROWS : "f");
        if (rc == 0 && actor_pattern && actor_pattern[0]) {
            parley_buf g = PARLEY_BUF_INIT;
            rc = store_glob_pattern(actor_pattern, &g) || store_sql_add(&q, " WHERE actor GLOB ") ||
                 store_sql_text(&q, g.data);
            parley_buf_free(&g);
        }
        if (rc == 0) rc = store_sql_add(&q, " GROUP BY 1, 2, 3");
        if (rc == 0)
            rc = store_sql_add(&q, order == ORDER_COUNT_DESC ? " ORDER BY 5 DESC, 2, 3" : " ORDER BY 1, 2, 3");
        if (rc == 0 && limit > 0) rc = store_sql_add(&q, " LIMIT ") || store_sql_int(&q, limit);
        if (rc) st = parley_error_set(err, PARLEY_ERR_NOMEM, s->path, 0, "out of memory");
    }
    sqlite3_stmt *stmt = NULL;
    if (st == PARLEY_OK) st = store_sql_prepare(s, &q, &stmt, err);
    int rc = SQLITE_DONE;
    while (st == PARLEY_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        parley_store_stat row;
        row.period = (const char *)sqlite3_column_text(stmt, 0);
        row.key = (const char *)sqlite3_column_text(stmt, 1);
        row.key2 = (const char *)sqlite3_column_text(stmt, 2);
        row.name = (const char *)sqlite3_column_text(stmt, 3);
        if (!row.period) row.period = "";
        if (!row.key) row.key = "";
        if (!row.key2) row.key2 = "";
        if (!row.name) row.name = "";
        row.events = sqlite3_column_int64(stmt, 4);
        row.mentions = sqlite3_column_int64(stmt, 5);
        row.goldstein_sum = sqlite3_column_double(stmt, 6);
        row.goldstein_mean = sqlite3_column_double(stmt, 7);
        row.cooperation = sqlite3_column_int64(stmt, 8);
        row.conflict = sqlite3_column_int64(stmt, 9);
        row.balance = row.events ? (double)(row.cooperation - row.conflict) / (double)row.events : 0.0;
        if (fn(&row, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (st == PARLEY_OK && rc != SQLITE_DONE) st = store_step_error(s, f, err);
    store_sql_release(s, stmt);
    store_sql_free(&q);
    return st;
}

parley_status parley_store_stats(parley_store *s, const parley_store_query *q, parley_store_period period,
                                 parley_store_group group, parley_store_stat_fn fn, void *user, parley_error *err) {
    if (s->ch) return ch_stats(s->ch, q, period, group, fn, user, err);
    return run_stats(s, q, period, group, ORDER_PERIOD_KEY, 0, NULL, fn, user, err);
}

parley_status parley_store_top(parley_store *s, const parley_store_query *q, parley_store_group group, long n,
                               parley_store_stat_fn fn, void *user, parley_error *err) {
    if (s->ch) return ch_top(s->ch, q, group, n, fn, user, err);
    if (group != PARLEY_GROUP_ACTOR && group != PARLEY_GROUP_DYAD)
        return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "top needs the actor or dyad group");
    if (n <= 0) return parley_error_set(err, PARLEY_ERR_ARG, s->path, 0, "top needs a positive count");
    return run_stats(s, q, PARLEY_PERIOD_ALL, group, ORDER_COUNT_DESC, n, NULL, fn, user, err);
}

parley_status parley_store_actors(parley_store *s, const char *pattern, parley_store_stat_fn fn, void *user,
                                  parley_error *err) {
    if (s->ch) return ch_actors(s->ch, pattern, fn, user, err);
    return run_stats(s, NULL, PARLEY_PERIOD_ALL, PARLEY_GROUP_ACTOR, ORDER_PERIOD_KEY, 0, pattern, fn, user, err);
}

parley_status parley_store_totals(parley_store *s, long long *documents, long long *mentions, long long *events,
                                  parley_error *err) {
    if (s->ch) return ch_totals(s->ch, documents, mentions, events, err);
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions),"
                           " (SELECT count(*) FROM events)",
                           -1, &stmt, NULL) != SQLITE_OK)
        return store_db_error(s, err, "cannot prepare totals");
    parley_status st = PARLEY_OK;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        *documents = sqlite3_column_int64(stmt, 0);
        *mentions = sqlite3_column_int64(stmt, 1);
        *events = sqlite3_column_int64(stmt, 2);
    } else {
        st = store_db_error(s, err, "cannot count");
    }
    sqlite3_finalize(stmt);
    return st;
}
