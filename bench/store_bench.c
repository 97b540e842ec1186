/* store_bench.c - query latency of an event store, measured in-process
 * (no program start-up in the figure): dyad + date-range queries, actor
 * wildcard + month queries, and full-text queries, each over a set of
 * dyads and dates drawn from the store itself. Prints min, median, p95
 * and max milliseconds per query kind. Built and run by bench/store.sh.
 *
 * usage: store_bench STORE.db [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/store.h"

static double ms_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct rows {
    long n;
    double gs;
} rows;

static int count_row(const parley_store_row *row, void *user) {
    rows *r = user;
    r->n++;
    r->gs += row->event->goldstein; /* touch the decoded event */
    return 0;
}

typedef struct dyads {
    int n;
    char src[64][40], tgt[64][40];
} dyads;

static int take_dyad(const parley_store_stat *st, void *user) {
    dyads *d = user;
    if (d->n < 64) {
        snprintf(d->src[d->n], 40, "%s", st->key);
        snprintf(d->tgt[d->n], 40, "%s", st->key2);
        d->n++;
    }
    return 0;
}

static void report(const char *what, double *t, int n, long total_rows) {
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    int p95 = (int)(0.95 * n + 0.5) - 1; /* nearest rank */
    if (p95 < 0) p95 = 0;
    printf("%-44s n=%-4d min %8.2f ms  median %8.2f ms  p95 %8.2f ms  max %8.2f ms  (%.0f rows/query)\n", what, n,
           t[0], t[n / 2], t[p95], t[n - 1], (double)total_rows / n);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: store_bench STORE.db [ROUNDS]\n");
        return 1;
    }
    int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
    parley_store *s;
    parley_error err;
    if (parley_store_open(&s, argv[1], PARLEY_STORE_READONLY, &err) != PARLEY_OK) {
        fprintf(stderr, "store_bench: %s\n", err.message);
        return 1;
    }
    long long docs, mentions, events;
    parley_store_totals(s, &docs, &mentions, &events, &err);
    printf("store: %lld documents, %lld mentions, %lld events\n", docs, mentions, events);
    dyads d = {0};
    double t0 = ms_now();
    if (parley_store_top(s, NULL, PARLEY_GROUP_DYAD, 32, take_dyad, &d, &err) != PARLEY_OK) {
        fprintf(stderr, "store_bench: %s\n", err.message);
        return 1;
    }
    printf("%-44s %.0f ms (one full scan, for the query set)\n", "top 32 dyads", ms_now() - t0);
    int nq = d.n * rounds;
    double *t = calloc((size_t)nq + 1, sizeof *t);
    if (t == NULL) goto fail;
    static const char *years[][2] = {{"2021-01-01", "2021-12-31"}, {"2022-03-01", "2022-08-31"},
                                     {"2023-06-01", "2023-06-30"}, {"2020-01-01", "2024-12-31"}};
    long total = 0, range_total[4] = {0};
    int k = 0, range_n[4] = {0};
    double *by_range = calloc((size_t)nq * 4 + 1, sizeof *by_range);
    if (by_range == NULL) goto fail;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < d.n; i++) {
            parley_store_query q = {0};
            int y = (i + r) % 4;
            q.source = d.src[i];
            q.target = d.tgt[i];
            q.date_from = years[y][0];
            q.date_to = years[y][1];
            rows rr = {0, 0};
            double a = ms_now();
            if (parley_store_query_events(s, &q, count_row, &rr, NULL, &err) != PARLEY_OK) {
                free(by_range);
                goto fail;
            }
            t[k++] = ms_now() - a;
            by_range[(size_t)y * (size_t)nq + (size_t)range_n[y]++] = t[k - 1];
            range_total[y] += rr.n;
            total += rr.n;
        }
    report("dyad + date range, all rows decoded", t, k, total);
    /* the same queries by length of the range: the rows decoded grow with it */
    static const char *range_names[] = {"  of them: one year", "  of them: six months", "  of them: one month",
                                        "  of them: five years"};
    for (int y = 0; y < 4; y++)
        if (range_n[y] > 0) report(range_names[y], by_range + (size_t)y * (size_t)nq, range_n[y], range_total[y]);
    free(by_range);
    total = 0;
    k = 0;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < d.n; i++) {
            char pat[8];
            snprintf(pat, sizeof pat, "%.3s*", d.src[i]);
            parley_store_query q = {0};
            q.actor = pat;
            q.date_from = years[2][0];
            q.date_to = years[2][1];
            q.limit = 100;
            rows rr = {0, 0};
            double a = ms_now();
            if (parley_store_query_events(s, &q, count_row, &rr, NULL, &err) != PARLEY_OK) goto fail;
            t[k++] = ms_now() - a;
            total += rr.n;
        }
    report("actor 'XXX*' (source or target) + month, 100", t, k, total);
    /* the synthetic evidence has a 20-word vocabulary, so a single word
     * matches about a third of all events (real news is far more
     * selective): phrases and conjunctions keep the matches to a few
     * percent, and two rounds bound the time on 10M events */
    static const char *texts[] = {"\"aid convoy\"", "\"hostages released\" AND ceasefire", "\"border talks\"",
                                  "sanctions AND summit AND minister"};
    total = 0;
    k = 0;
    for (int r = 0; r < rounds && r < 2; r++)
        for (int i = 0; i < 4; i++) {
            parley_store_query q = {0};
            q.text = texts[i];
            q.limit = 100;
            q.sort = PARLEY_SORT_DATE_DESC;
            rows rr = {0, 0};
            double a = ms_now();
            if (parley_store_query_events(s, &q, count_row, &rr, NULL, &err) != PARLEY_OK) {
                fprintf(stderr, "store_bench: %s\n", err.message);
                goto fail;
            }
            t[k++] = ms_now() - a;
            total += rr.n;
        }
    report("full text, newest 100", t, k, total);
    k = 0;
    for (int r = 0; r < rounds && r < 3; r++) {
        double a = ms_now();
        parley_store_query q = {0};
        q.date_from = "2022-01-01";
        q.date_to = "2022-12-31";
        if (parley_store_stats(s, &q, PARLEY_PERIOD_MONTH, PARLEY_GROUP_ROOT, take_dyad,
                               &(dyads){0}, &err) != PARLEY_OK)
            goto fail;
        t[k++] = ms_now() - a;
    }
    report("stats: one year per month by root", t, k, 0);
    free(t);
    parley_store_close(s, NULL);
    return 0;
fail: /* the timings so far are not reported: a failed query makes them meaningless */
    free(t);
    parley_store_close(s, NULL);
    return 1;
}
