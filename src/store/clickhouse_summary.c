/* clickhouse_summary.c - the dyad-by-month summary of a ClickHouse store:
 * kept up to date by every writer at close, and used by the statistics it
 * can answer exactly.
 *
 * Merged events exist only at query time (clickhouse_query.c): a statistic
 * over the mention table groups every mention by its merge key first, which
 * costs seconds per million events. The summary table <table>_dm holds, per
 * month, source and target, the measures of the merged events - events,
 * mentions, Goldstein sum, cooperation and conflict counts, the largest
 * representative names - so a dyad-by-month statistic over 10 million
 * events reads about a million summary rows instead. It answers the
 * statistics by month or over everything, by no group, dyad or actor,
 * filtered on actors only (the only filters on its key); every other
 * statistic takes the exact path.
 *
 * Writers remember the months they touched (the months of the mentions
 * they put and of the documents they replaced or deleted) and rebuild those
 * months at close from the mention table, under a new build number (a
 * clock value, like seq). The registry <table>_dmv names each month's build
 * and the mentions it covers; it is written after the build's rows, so a
 * reader takes each month's highest registered build and never sees a
 * half-written one. A build started later has seen every insert that ended
 * before it started, so with loaders on one machine (one clock) the highest
 * build is the most complete. Older builds are deleted in the background.
 *
 * A reader uses the summary only when the mentions the registry covers are
 * the mentions the table holds (one count query): a load in progress, rows
 * written by other programs, or a table made by an older parley (no
 * summary) send it to the exact path, and the next writer's close rebuilds
 * every month when the counts differ. Over a Distributed table there is no
 * summary (a merged event may have mentions on several shards), so the
 * cluster gets exact statistics from the mentions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/clickhouse.h"

/* More touched months than this and the writer rebuilds them all. */
#define CH_MAX_MONTHS 4096

static parley_status nomem(ch_store *s, parley_error *err) {
    return parley_error_set(err, PARLEY_ERR_NOMEM, s->label, 0, "out of memory");
}

parley_status ch_summary_create(ch_store *s, parley_error *err) {
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql,
                          "CREATE TABLE IF NOT EXISTS %s_dm (build UInt64, month String, source String, target String,"
                          " events UInt64, mentions UInt64, goldstein Float64, coop UInt64, conflict UInt64,"
                          " source_name String, target_name String)"
                          " ENGINE = MergeTree ORDER BY (month, source, target, build)",
                          s->table) != 0)
        return nomem(s, err);
    parley_status st = ch_exec(s, s->sql.data, err);
    if (st != PARLEY_OK) return st;
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql,
                          "CREATE TABLE IF NOT EXISTS %s_dmv (month String, build UInt64, mentions UInt64)"
                          " ENGINE = MergeTree ORDER BY (month, build)",
                          s->table) != 0)
        return nomem(s, err);
    return ch_exec(s, s->sql.data, err);
}

static uint64_t month_hash(const char *m) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *m; m++) h = (h ^ (unsigned char)*m) * 0x100000001b3ULL;
    return h;
}

int ch_summary_touch(ch_store *s, const char *date) {
    if (s->all_months) return 0;
    char m[8];
    size_t n = strnlen(date, 7);
    memcpy(m, date, n);
    m[n] = '\0';
    if (s->n_months * 2 >= s->cap_months) {
        if (s->n_months >= CH_MAX_MONTHS) {
            s->all_months = 1;
            return 0;
        }
        size_t cap = s->cap_months ? s->cap_months * 2 : 64;
        ch_month *slots = calloc(cap, sizeof *slots);
        if (slots == NULL) return -1;
        for (size_t i = 0; i < s->cap_months; i++) {
            if (!s->months[i].used) continue;
            size_t j = month_hash(s->months[i].m) & (cap - 1);
            while (slots[j].used) j = (j + 1) & (cap - 1);
            slots[j] = s->months[i];
        }
        free(s->months);
        s->months = slots;
        s->cap_months = cap;
    }
    size_t j = month_hash(m) & (s->cap_months - 1);
    while (s->months[j].used) {
        if (strcmp(s->months[j].m, m) == 0) return 0;
        j = (j + 1) & (s->cap_months - 1);
    }
    s->months[j].used = 1;
    memcpy(s->months[j].m, m, n + 1);
    s->n_months++;
    return 0;
}

/* Appends the touched months to list as quoted literals, each ended by ','. */
static int months_list(const ch_store *s, parley_buf *list) {
    for (size_t i = 0; i < s->cap_months; i++)
        if (s->months[i].used && (ch_quote(list, s->months[i].m) != 0 || parley_buf_puts(list, ",") != 0)) return -1;
    return 0;
}

/* The most mentions one build query groups: grouping by merge key holds an
 * aggregate state per event in memory (10 million events overran the test
 * servers' 4 GB limit), and a merged event never spans two months, so the
 * months are built in chunks of about this many mentions. */
#define CH_BUILD_MENTIONS 2000000ULL

/* Builds the months of list (quoted literals separated by ',') under build
 * b: their summary rows, then their registry rows. PARLEY_EOF: an insert had
 * to be retried and may have landed twice, so build again under a new number. */
static parley_status build_chunk(ch_store *s, const char *list, uint64_t b, parley_error *err) {
    parley_buf_clear(&s->sql);
    /* e_* aliases: an alias named like a column would replace it in WHERE */
    if (parley_buf_printf(
            &s->sql,
            "INSERT INTO %s_dm SELECT %llu, e_month, e_source, e_target, count(), sum(nm), sum(g),"
            " sum(q <= 2), sum(q >= 3), max(sn), max(tn) FROM (SELECT any(substring(date, 1, 7)) AS e_month,"
            " any(source) AS e_source, any(target) AS e_target, count() AS nm, argMin(goldstein, seq) AS g,"
            " argMin(quad, seq) AS q, argMin(source_name, seq) AS sn, argMin(target_name, seq) AS tn FROM %s"
            " WHERE substring(date, 1, 7) IN (%s) GROUP BY mkey) GROUP BY e_month, e_source, e_target",
            s->table, (unsigned long long)b, s->table, list) != 0)
        return nomem(s, err);
    long retried = 0;
    parley_status st = ch_conn_post(s->conn, NULL, s->sql.data, s->sql.len, &s->resp, s->label, &retried, err);
    s->retries += retried;
    if (st != PARLEY_OK) return st;
    if (retried) return PARLEY_EOF;
    /* each registry row carries the mentions its build covers (readers
     * compare their sum with the table's count); a month without mentions
     * gets a row too, so that its older build is no longer read */
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql,
                          "INSERT INTO %s_dmv SELECT m, %llu, sum(n) FROM (SELECT month AS m, mentions AS n FROM %s_dm"
                          " WHERE month IN (%s) AND build = %llu UNION ALL SELECT arrayJoin([%s]) AS m, toUInt64(0) AS n)"
                          " GROUP BY m",
                          s->table, (unsigned long long)b, s->table, list, (unsigned long long)b, list) != 0)
        return nomem(s, err);
    return ch_exec(s, s->sql.data, err);
}

/* A build number: the clock in 10 us steps with the process id in the low
 * 12 bits, as seq. */
static uint64_t new_build(uint64_t after) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 100000ULL + (uint64_t)ts.tv_nsec / 10000;
    uint64_t b = now << 12 | ((uint64_t)getpid() & 0xfff);
    return b > after ? b : after + 1;
}

static parley_status build_chunk_retrying(ch_store *s, const char *list, uint64_t *b, parley_error *err) {
    parley_status st = PARLEY_EOF;
    for (int attempt = 0; attempt < 3 && st == PARLEY_EOF; attempt++) {
        *b = new_build(*b);
        st = build_chunk(s, list, *b, err);
    }
    if (st == PARLEY_EOF)
        st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "the statistics summary could not be built (retries)");
    return st;
}

/* Rebuilds the months of list (quoted literals, each ended by ','; NULL =
 * every month that the table or the registry has), in chunks, then drops
 * the older builds of those months. */
static parley_status rebuild(ch_store *s, const char *list, parley_error *err) {
    parley_buf_clear(&s->sql);
    int rc = parley_buf_printf(&s->sql, "SELECT m, sum(n) FROM (SELECT substring(date, 1, 7) AS m, count() AS n FROM %s",
                               s->table);
    if (list)
        rc = rc || parley_buf_printf(&s->sql, " WHERE m IN (%.*s) GROUP BY m UNION ALL SELECT arrayJoin([%.*s]) AS m,"
                                              " toUInt64(0) AS n)",
                                     (int)(strlen(list) - 1), list, (int)(strlen(list) - 1), list);
    else
        rc = rc || parley_buf_printf(&s->sql, " GROUP BY m UNION ALL SELECT DISTINCT month AS m, toUInt64(0) AS n"
                                              " FROM %s_dmv)",
                                     s->table);
    if (rc || parley_buf_puts(&s->sql, " GROUP BY m ORDER BY m") != 0) return nomem(s, err);
    parley_status st = ch_exec(s, s->sql.data, err);
    if (st != PARLEY_OK) return st;
    /* the answer is overwritten by the builds: keep it */
    parley_buf months = PARLEY_BUF_INIT, chunk = PARLEY_BUF_INIT, all = PARLEY_BUF_INIT;
    if (s->resp.len > 0 && parley_buf_append(&months, s->resp.data, s->resp.len) != 0) st = nomem(s, err);
    uint64_t b = 0, first = 0;
    unsigned long long in_chunk = 0;
    for (char *line = months.data; st == PARLEY_OK && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *f[2];
        if (ch_tsv_split(line, f, 2) != 2) {
            st = parley_error_set(err, PARLEY_ERR_DB, s->label, 0, "unexpected answer from ClickHouse: %.80s", line);
            break;
        }
        unsigned long long n = strtoull(f[1], NULL, 10);
        if (in_chunk > 0 && in_chunk + n > CH_BUILD_MENTIONS) {
            st = build_chunk_retrying(s, chunk.data, &b, err);
            if (first == 0) first = b;
            parley_buf_clear(&chunk);
            in_chunk = 0;
        }
        in_chunk += n;
        if (st == PARLEY_OK && ((chunk.len > 0 && parley_buf_puts(&chunk, ",") != 0) || ch_quote(&chunk, f[0]) != 0 ||
                                (all.len > 0 && parley_buf_puts(&all, ",") != 0) || ch_quote(&all, f[0]) != 0))
            st = nomem(s, err);
        line = nl ? nl + 1 : line + strlen(line);
    }
    if (st == PARLEY_OK && chunk.len > 0) {
        st = build_chunk_retrying(s, chunk.data, &b, err);
        if (first == 0) first = b;
    }
    /* older builds of these months are dead rows: readers skip them, the
     * mutations remove them in the background */
    static const char *const tables[] = {"_dm", "_dmv"};
    for (int i = 0; i < 2 && st == PARLEY_OK && all.len > 0; i++) {
        parley_buf_clear(&s->sql);
        st = parley_buf_printf(&s->sql, "ALTER TABLE %s%s DELETE WHERE build < %llu AND month IN (%s)", s->table,
                               tables[i], (unsigned long long)first, all.data) == 0
                 ? ch_exec(s, s->sql.data, err)
                 : nomem(s, err);
    }
    parley_buf_free(&months);
    parley_buf_free(&chunk);
    parley_buf_free(&all);
    return st;
}

/* *current = 1 when the summary exists and covers exactly the table's mentions. */
static parley_status summary_current(ch_store *s, int *current, parley_error *err) {
    *current = 0;
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql, "EXISTS TABLE %s_dmv", s->table) != 0) return nomem(s, err);
    parley_status st = ch_exec(s, s->sql.data, err);
    if (st != PARLEY_OK || strtol(s->resp.data, NULL, 10) != 1) return st;
    parley_buf_clear(&s->sql);
    if (parley_buf_printf(&s->sql,
                          "SELECT (SELECT count() FROM %s) = (SELECT sum(n) FROM (SELECT argMax(mentions, build) AS n"
                          " FROM %s_dmv GROUP BY month))",
                          s->table, s->table) != 0)
        return nomem(s, err);
    st = ch_exec(s, s->sql.data, err);
    if (st == PARLEY_OK) *current = strtol(s->resp.data, NULL, 10) == 1;
    return st;
}

parley_status ch_summary_refresh(ch_store *s, parley_error *err) {
    parley_status st = PARLEY_OK;
    if (!s->all_months && s->n_months > 0) {
        parley_buf list = PARLEY_BUF_INIT;
        st = months_list(s, &list) == 0 ? rebuild(s, list.data, err) : nomem(s, err);
        parley_buf_free(&list);
    }
    int current = 0;
    if (st == PARLEY_OK && !s->all_months) st = summary_current(s, &current, err);
    /* too many months touched, or the table holds mentions the summary does not cover */
    if (st == PARLEY_OK && !current) st = rebuild(s, NULL, err);
    return st;
}

/* ---- statistics from the summary ---- */

static int set(const char *v) { return v != NULL && v[0] != '\0'; }

int ch_summary_serves(const parley_store_query *q, parley_store_period period, parley_store_group group) {
    if (period != PARLEY_PERIOD_MONTH && period != PARLEY_PERIOD_ALL) return 0;
    if (group != PARLEY_GROUP_NONE && group != PARLEY_GROUP_DYAD && group != PARLEY_GROUP_ACTOR) return 0;
    if (q == NULL) return 1;
    /* the summary's key is month, source and target: other filters need the events */
    return !set(q->date_from) && !set(q->date_to) && !set(q->cameo) && !set(q->root) && q->quad == 0 &&
           !set(q->plover) && !set(q->country) && !set(q->place) && !set(q->reporter) && !set(q->text) &&
           !set(q->doc_id);
}

static int add_pattern(parley_buf *b, const char *col, const char *pattern) {
    if (strchr(pattern, '*') == NULL) return parley_buf_printf(b, " AND %s = ", col) || ch_quote(b, pattern);
    return parley_buf_printf(b, " AND match(%s, ", col) || ch_quote_pattern(b, pattern) || parley_buf_puts(b, ")");
}

parley_status ch_summary_sql(ch_store *s, const parley_store_query *q, parley_store_period period,
                             parley_store_group group, int by_count, long limit, const char *actor_pattern,
                             parley_buf *sql, int *usable, int *in_order, parley_error *err) {
    *usable = 0;
    *in_order = 0;
    if (!ch_summary_serves(q, period, group)) return PARLEY_OK;
    int current = 0;
    parley_status st = summary_current(s, &current, err);
    if (st != PARLEY_OK || !current) return st;
    const char *p = period == PARLEY_PERIOD_MONTH ? "month" : "''";
    int actors = group == PARLEY_GROUP_ACTOR;
    /* dyad by month: the latest build has one row per month and dyad, so no grouping is needed */
    int grouped = !(period == PARLEY_PERIOD_MONTH && group == PARLEY_GROUP_DYAD);
    int rc;
    if (!grouped)
        rc = parley_buf_puts(sql, "SELECT month AS p_, source AS k1_, target AS k2_, '' AS n_, events AS events_,"
                                  " mentions, goldstein, coop, conflict");
    else
        rc = parley_buf_printf(sql, "SELECT %s AS p_, %s, sum(events) AS events_, sum(mentions), sum(goldstein),"
                                    " sum(coop), sum(conflict)",
                               p,
                               group == PARLEY_GROUP_NONE   ? "'' AS k1_, '' AS k2_, '' AS n_"
                               : group == PARLEY_GROUP_DYAD ? "source AS k1_, target AS k2_, '' AS n_"
                                                            : "tupleElement(a, 1) AS k1_, '' AS k2_,"
                                                              " max(tupleElement(a, 2)) AS n_");
    rc = rc || parley_buf_printf(sql, " FROM %s_dm", s->table);
    if (actors)
        rc = rc || parley_buf_puts(sql, " ARRAY JOIN arrayFilter(x -> tupleElement(x, 1) != '',"
                                        " [(source, source_name), (target, target_name)]) AS a");
    rc = rc || parley_buf_printf(sql, " WHERE (month, build) IN (SELECT month, max(build) FROM %s_dmv GROUP BY month)",
                                 s->table);
    if (q && set(q->actor))
        rc = rc || parley_buf_puts(sql, " AND (1") || add_pattern(sql, "source", q->actor) ||
             parley_buf_puts(sql, " OR 1") || add_pattern(sql, "target", q->actor) || parley_buf_puts(sql, ")");
    if (q && set(q->source)) rc = rc || add_pattern(sql, "source", q->source);
    if (q && set(q->target)) rc = rc || add_pattern(sql, "target", q->target);
    if (set(actor_pattern)) rc = rc || add_pattern(sql, "tupleElement(a, 1)", actor_pattern);
    if (grouped) rc = rc || parley_buf_puts(sql, " GROUP BY p_, k1_, k2_");
    /* ungrouped rows come in the table's order (month, source, target): the
     * caller reads them with one thread and checks the order instead of
     * paying a server-side sort of a million rows */
    if (grouped || by_count)
        rc = rc || parley_buf_puts(sql, by_count ? " ORDER BY events_ DESC, k1_, k2_" : " ORDER BY p_, k1_, k2_");
    else
        *in_order = 1;
    if (limit > 0) rc = rc || parley_buf_printf(sql, " LIMIT %ld", limit);
    if (rc) return nomem(s, err);
    *usable = 1;
    return PARLEY_OK;
}
