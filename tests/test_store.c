/* test_store.c - the event store: put and merge, idempotent re-puts,
 * queries with every filter, paging, stats, and the refusals (foreign
 * file, newer schema, read-only). Works in a fresh temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "parley/event_io.h"
#include "parley/store.h"
#include "store/store_internal.h"

static char dir[64];
static char path[128];

static int setup(void **state) {
    (void)state;
    strcpy(dir, "/tmp/parley_test_store_XXXXXX");
    if (mkdtemp(dir) == NULL) return -1;
    snprintf(path, sizeof path, "%s/events.db", dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static parley_event make(const char *src, const char *tgt, const char *cameo, int quad, double gs, const char *date,
                         const char *place, int sentence, const char *evidence) {
    parley_event ev;
    memset(&ev, 0, sizeof ev);
    ev.sentence = sentence;
    snprintf(ev.date, sizeof ev.date, "%s", date);
    ev.date_text = ev.plover = ev.pattern = "";
    if (src) {
        ev.source.present = 1;
        snprintf(ev.source.code, sizeof ev.source.code, "%s", src);
        ev.source.name = ev.source.text = src;
    }
    if (tgt) {
        ev.target.present = 1;
        snprintf(ev.target.code, sizeof ev.target.code, "%s", tgt);
        ev.target.name = ev.target.text = tgt;
    }
    snprintf(ev.cameo, sizeof ev.cameo, "%s", cameo);
    memcpy(ev.root, cameo, 2);
    ev.quad = quad;
    ev.goldstein = gs;
    ev.plover = quad >= 3 ? "ATTACK" : "CONSULT";
    ev.evidence_text = evidence;
    ev.action.start = sentence * 10;
    if (place) {
        ev.place.present = 1;
        ev.place.name = place;
        strcpy(ev.place.country, "QAT");
        ev.place.admin1 = "";
    }
    return ev;
}

static parley_store *open_rw(void) {
    parley_store *s = NULL;
    parley_error err;
    if (parley_store_open(&s, path, PARLEY_STORE_CREATE, &err) != PARLEY_OK) fail_msg("open: %s", err.message);
    return s;
}

static void totals(parley_store *s, long long d, long long m, long long e) {
    long long dd, mm, ee;
    parley_error err;
    assert_int_equal(parley_store_totals(s, &dd, &mm, &ee, &err), PARLEY_OK);
    assert_int_equal(dd, d);
    assert_int_equal(mm, m);
    assert_int_equal(ee, e);
}

typedef struct collect {
    int n;
    char codes[64][112];
    long long ids[64];
    uint64_t event_ids[64];
    int mentions[64];
    int sources[64];
    int articles[64];
    int listed[64];
    char cursor[128];
} collect;

static int collect_row(const parley_store_row *row, void *user) {
    collect *c = user;
    if (c->n < 64) {
        snprintf(c->codes[c->n], sizeof c->codes[0], "%s>%s %s %s", row->event->source.code, row->event->target.code,
                 row->event->cameo, row->event->date);
        c->ids[c->n] = row->store_id;
        c->event_ids[c->n] = row->event_id;
        c->mentions[c->n] = row->event->num_mentions;
        c->sources[c->n] = row->event->num_sources;
        c->articles[c->n] = row->event->num_articles;
        c->listed[c->n] = (int)row->event->n_mentions;
        snprintf(c->cursor, sizeof c->cursor, "%s", row->cursor);
    }
    c->n++;
    return 0;
}

static int run(parley_store *s, const parley_store_query *q, collect *c) {
    parley_error err;
    long n;
    memset(c, 0, sizeof *c);
    parley_status st = parley_store_query_events(s, q, collect_row, c, &n, &err);
    if (st != PARLEY_OK) fail_msg("query: %s", err.message);
    assert_int_equal(n, c->n);
    return c->n;
}

/* A small corpus: 3 documents, 2 outlets, 6 coded events, 4 merged events. */
static void load_corpus(parley_store *s) {
    parley_error err;
    parley_event a[3] = {
        make("QATGOV", "USAGOV", "0421", 1, 1.9, "2024-03-05", "Doha", 0, "Qatar hosted American envoys in Doha"),
        make("ISRMIL", "PSEREB", "190", 4, -10, "2024-03-05", NULL, 1, "Israeli troops fought Hamas fighters"),
        make("USAGOV", "IGOUNO", "036", 1, 4, "2024-03-20", NULL, 2, "Washington wants to meet the UN"),
    };
    parley_event b[2] = {
        /* same dyad, base code 042, date, place as a[0]: merges */
        make("QATGOV", "USAGOV", "042", 1, 1.9, "2024-03-05", "Doha", 0, "Qatar welcomed the US delegation"),
        make("ISRMIL", "PSEREB", "190", 4, -9.5, "2024-03-05", NULL, 3, "Clashes between the army and militants"),
    };
    parley_event c[1] = {
        make("EGYGOV", "QATGOV", "112", 3, -2, "2024-04-01", NULL, 0, "Egypt accused Qatar"),
    };
    c[0].reporter.present = 1;
    strcpy(c[0].reporter.code, "USAMED");
    c[0].reporter.name = c[0].reporter.text = "CNN";
    parley_store_doc da = {"a", "2024-03-05", "Reuters", "http://r/a", "A"};
    parley_store_doc db = {"b", "2024-03-06", "AP", "", "B"};
    parley_store_doc dc = {"c", "2024-04-02", "Reuters", "", "C"};
    assert_int_equal(parley_store_begin(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &da, a, 3, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &db, b, 2, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &dc, c, 1, &err), PARLEY_OK);
    assert_int_equal(parley_store_commit(s, &err), PARLEY_OK);
}


static int count_q(parley_store *s, parley_store_query q);

/* FTS5's own consistency check of the evidence index against its table. */
static void fts_check(const char *db) {
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    int rc = sqlite3_exec(h, "INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('integrity-check', 1)", NULL, NULL,
                          NULL);
    if (rc != SQLITE_OK) fail_msg("fts integrity: %s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

static void test_put_merge_idempotent(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    assert_int_equal(parley_store_schema_version(s), PARLEY_STORE_SCHEMA_VERSION);
    load_corpus(s);
    totals(s, 3, 6, 4);
    collect c;
    parley_store_query q = {0};
    assert_int_equal(run(s, &q, &c), 4);
    assert_string_equal(c.codes[0], "QATGOV>USAGOV 0421 2024-03-05"); /* represented by its oldest mention */
    assert_int_equal(c.mentions[0], 2);
    assert_int_equal(c.articles[0], 2);
    assert_int_equal(c.sources[0], 2);
    assert_int_equal(c.listed[0], 0);

    /* the same document again: nothing changes */
    parley_event a[3] = {
        make("QATGOV", "USAGOV", "0421", 1, 1.9, "2024-03-05", "Doha", 0, "Qatar hosted American envoys in Doha"),
        make("ISRMIL", "PSEREB", "190", 4, -10, "2024-03-05", NULL, 1, "Israeli troops fought Hamas fighters"),
        make("USAGOV", "IGOUNO", "036", 1, 4, "2024-03-20", NULL, 2, "Washington wants to meet the UN"),
    };
    parley_store_doc da = {"a", "2024-03-05", "Reuters", "http://r/a", "A"};
    assert_int_equal(parley_store_put(s, &da, a, 3, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &da, a, 3, &err), PARLEY_OK);
    totals(s, 3, 6, 4);
    assert_int_equal(run(s, &q, &c), 4);
    assert_int_equal(c.mentions[0], 2);
    assert_int_equal(count_q(s, (parley_store_query){.text = "Hamas"}), 1);
    fts_check(path);

    /* a third outlet-less copy from doc "c" (outlet Reuters): sources stay 2 */
    parley_store_doc dc = {"c", NULL, NULL, NULL, NULL};
    assert_int_equal(parley_store_put_append(s, &dc, a, 1, &err), PARLEY_OK);
    assert_int_equal(parley_store_put_append(s, &dc, a, 1, &err), PARLEY_OK); /* identical: stored once */
    totals(s, 3, 7, 4);
    assert_int_equal(run(s, &q, &c), 4);
    assert_int_equal(c.mentions[0], 3);
    assert_int_equal(c.articles[0], 3);
    assert_int_equal(c.sources[0], 2);

    /* re-coding "a" to nothing: its mentions go, E3 disappears, E2 is now
     * represented by b's mention (goldstein -9.5) */
    assert_int_equal(parley_store_put(s, &da, NULL, 0, &err), PARLEY_OK);
    totals(s, 3, 4, 3);
    assert_int_equal(count_q(s, (parley_store_query){.text = "Hamas"}), 0);
    assert_int_equal(count_q(s, (parley_store_query){.text = "militants"}), 1);
    fts_check(path);
    q.sort = PARLEY_SORT_GOLDSTEIN;
    assert_int_equal(run(s, &q, &c), 3);
    assert_string_equal(c.codes[0], "ISRMIL>PSEREB 190 2024-03-05");
    assert_int_equal(c.mentions[0], 1);
    parley_store_query g = {0};
    g.sort = PARLEY_SORT_GOLDSTEIN;
    g.quad = 4;
    assert_int_equal(run(s, &g, &c), 1);
    long long n;
    g.quad = 0;
    g.source = "QATGOV";
    assert_int_equal(parley_store_count(s, &g, &n, &err), PARLEY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(run(s, &g, &c), 1);
    assert_string_equal(c.codes[0], "QATGOV>USAGOV 042 2024-03-05"); /* b's code now */

    assert_int_equal(parley_store_delete_doc(s, "c", &err), PARLEY_OK);
    assert_int_equal(parley_store_delete_doc(s, "nope", &err), PARLEY_OK);
    totals(s, 2, 2, 2);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static void test_bad_event_leaves_nothing(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    parley_event ev[2] = {
        make("QATGOV", "USAGOV", "042", 1, 1.9, "2024-03-05", NULL, 0, "fine"),
        make("QATGOV", "USAGOV", "x", 1, 1.9, "2024-03-05", NULL, 1, "broken"),
    };
    parley_store_doc d = {"bad", NULL, NULL, NULL, NULL};
    assert_int_equal(parley_store_put(s, &d, ev, 2, &err), PARLEY_ERR_ARG);
    totals(s, 0, 0, 0);
    assert_int_equal(parley_store_begin(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &d, ev, 1, &err), PARLEY_OK);
    parley_store_doc d2 = {"bad2", NULL, NULL, NULL, NULL};
    assert_int_equal(parley_store_put(s, &d2, ev, 2, &err), PARLEY_ERR_ARG); /* only this document is undone */
    assert_int_equal(parley_store_commit(s, &err), PARLEY_OK);
    totals(s, 1, 1, 1);
    parley_store_doc none = {NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(parley_store_put(s, &none, ev, 1, &err), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static void test_merge_rebuild(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    load_corpus(s);
    collect before, after;
    parley_store_query q = {0};
    run(s, &q, &before);
    long long n = 0;
    assert_int_equal(parley_store_merge(s, &n, &err), PARLEY_OK);
    assert_int_equal(n, 4);
    totals(s, 3, 6, 4);
    run(s, &q, &after);
    assert_int_equal(after.n, before.n);
    for (int i = 0; i < before.n; i++) {
        assert_string_equal(after.codes[i], before.codes[i]);
        assert_int_equal(after.mentions[i], before.mentions[i]);
        assert_int_equal(after.sources[i], before.sources[i]);
        assert_int_equal(after.event_ids[i], before.event_ids[i]);
    }
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static int count_q(parley_store *s, parley_store_query q) {
    collect c;
    return run(s, &q, &c);
}

static void test_query_filters(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    load_corpus(s);
    assert_int_equal(count_q(s, (parley_store_query){.actor = "QAT*"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.actor = "QATGOV"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.source = "*GOV"}), 3);
    assert_int_equal(count_q(s, (parley_store_query){.target = "*GOV"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.source = "ISRMIL", .target = "PSE*"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.date_from = "2024-03-06", .date_to = "2024-03-31"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.date_from = "2024-03-05", .date_to = "2024-03-05"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.cameo = "04"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.cameo = "0421"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.cameo = "0422"}), 0);
    assert_int_equal(count_q(s, (parley_store_query){.root = "19"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.quad = 1}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.plover = "ATTACK"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.country = "QAT"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.place = "Do*"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.reporter = "USA*"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.text = "Hamas"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.text = "militants OR Egypt"}), 2);
    assert_int_equal(count_q(s, (parley_store_query){.doc_id = "c"}), 1);
    assert_int_equal(count_q(s, (parley_store_query){.doc_id = "b", .quad = 4}), 1);
    /* values are bound, never spliced into SQL */
    assert_int_equal(count_q(s, (parley_store_query){.actor = "x' OR 1=1 --"}), 0);
    assert_int_equal(count_q(s, (parley_store_query){.source = "QAT?OV"}), 0); /* '?' is literal */

    collect c;
    long n;
    parley_store_query bad = {.text = "AND AND ("};
    assert_int_equal(parley_store_query_events(s, &bad, collect_row, &c, &n, &err), PARLEY_ERR_ARG);
    bad = (parley_store_query){.date_from = "March"};
    assert_int_equal(parley_store_query_events(s, &bad, collect_row, &c, &n, &err), PARLEY_ERR_ARG);
    bad = (parley_store_query){.after = "garbage"};
    assert_int_equal(parley_store_query_events(s, &bad, collect_row, &c, &n, &err), PARLEY_ERR_ARG);
    bad = (parley_store_query){.quad = 7};
    assert_int_equal(parley_store_query_events(s, &bad, collect_row, &c, &n, &err), PARLEY_ERR_ARG);

    parley_store_query q = {.sort = PARLEY_SORT_DATE_DESC};
    run(s, &q, &c);
    assert_string_equal(c.codes[0], "EGYGOV>QATGOV 112 2024-04-01");
    q = (parley_store_query){.sort = PARLEY_SORT_DATE, .limit = 2, .offset = 1};
    assert_int_equal(run(s, &q, &c), 2);
    assert_string_equal(c.codes[1], "USAGOV>IGOUNO 036 2024-03-20");
    q = (parley_store_query){.sort = PARLEY_SORT_MENTIONS_DESC};
    run(s, &q, &c);
    assert_int_equal(c.mentions[0], 2);
    assert_int_equal(c.mentions[3], 1);

    /* paging by cursor visits every row once, in the same order, for every sort */
    for (int sort = PARLEY_SORT_DATE; sort <= PARLEY_SORT_MENTIONS_DESC; sort++) {
        collect all, page;
        parley_store_query full = {.sort = (parley_store_sort)sort};
        run(s, &full, &all);
        char cursor[128] = "";
        for (int i = 0; i < all.n; i++) {
            parley_store_query p = {.sort = (parley_store_sort)sort, .limit = 1, .after = cursor};
            assert_int_equal(run(s, &p, &page), 1);
            assert_int_equal(page.ids[0], all.ids[i]);
            snprintf(cursor, sizeof cursor, "%s", page.cursor);
        }
        parley_store_query p = {.sort = (parley_store_sort)sort, .limit = 1, .after = cursor};
        assert_int_equal(run(s, &p, &page), 0);
    }
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static void test_get_event(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    load_corpus(s);
    collect c, one;
    parley_store_query q = {0};
    run(s, &q, &c);
    memset(&one, 0, sizeof one);
    assert_int_equal(parley_store_get_event(s, c.event_ids[0], 0, collect_row, &one, &err), PARLEY_OK);
    assert_int_equal(one.n, 1);
    assert_int_equal(one.listed[0], 2);
    assert_int_equal(one.ids[0], c.ids[0]);
    memset(&one, 0, sizeof one);
    assert_int_equal(parley_store_get_event(s, (uint64_t)c.ids[1], 1, collect_row, &one, &err), PARLEY_OK);
    assert_int_equal(one.event_ids[0], c.event_ids[1]);
    assert_int_equal(parley_store_get_event(s, 12345, 0, collect_row, &one, &err), PARLEY_EOF);
    assert_int_equal(parley_store_get_event(s, 999999, 1, collect_row, &one, &err), PARLEY_EOF);
    q.with_mentions = 1;
    run(s, &q, &c);
    assert_int_equal(c.listed[0], 2);
    assert_int_equal(c.listed[3], 1);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

typedef struct stats {
    int n;
    char rows[32][192];
    parley_store_stat last;
    double gs[32];
    double balance[32];
} stats;

static int collect_stat(const parley_store_stat *r, void *user) {
    stats *st = user;
    if (st->n < 32) {
        snprintf(st->rows[st->n], sizeof st->rows[0], "%s|%s|%s|%s|%lld|%lld", r->period, r->key, r->key2, r->name, r->events,
                 r->mentions);
        st->gs[st->n] = r->goldstein_sum;
        st->balance[st->n] = r->balance;
    }
    st->n++;
    return 0;
}

static void test_stats(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    load_corpus(s);
    stats st = {0};
    assert_int_equal(parley_store_stats(s, NULL, PARLEY_PERIOD_MONTH, PARLEY_GROUP_ROOT, collect_stat, &st, &err),
                     PARLEY_OK);
    assert_int_equal(st.n, 4);
    assert_string_equal(st.rows[0], "2024-03|03|||1|1");
    assert_string_equal(st.rows[1], "2024-03|04|||1|2");
    assert_string_equal(st.rows[2], "2024-03|19|||1|2");
    assert_string_equal(st.rows[3], "2024-04|11|||1|1");
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_store_stats(s, NULL, PARLEY_PERIOD_WEEK, PARLEY_GROUP_NONE, collect_stat, &st, &err),
                     PARLEY_OK);
    assert_int_equal(st.n, 3);
    assert_string_equal(st.rows[0], "2024-03-04||||2|4"); /* 2024-03-05 is a Tuesday */
    assert_string_equal(st.rows[1], "2024-03-18||||1|1");
    assert_string_equal(st.rows[2], "2024-04-01||||1|1"); /* a Monday is its own week */
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_store_stats(s, NULL, PARLEY_PERIOD_ALL, PARLEY_GROUP_NONE, collect_stat, &st, &err),
                     PARLEY_OK);
    assert_int_equal(st.n, 1);
    assert_true(st.gs[0] == 1.9 - 10 + 4 - 2);
    assert_true(st.balance[0] == 0.0); /* 2 cooperative, 2 conflictual */
    memset(&st, 0, sizeof st);
    parley_store_query dyad = {.source = "ISRMIL", .target = "PSEREB"};
    assert_int_equal(parley_store_stats(s, &dyad, PARLEY_PERIOD_DAY, PARLEY_GROUP_DYAD, collect_stat, &st, &err),
                     PARLEY_OK);
    assert_int_equal(st.n, 1);
    assert_string_equal(st.rows[0], "2024-03-05|ISRMIL|PSEREB||1|2");
    assert_true(st.balance[0] == -1.0);
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_store_top(s, NULL, PARLEY_GROUP_ACTOR, 2, collect_stat, &st, &err), PARLEY_OK);
    assert_int_equal(st.n, 2);
    assert_string_equal(st.rows[0], "|QATGOV||QATGOV|2|3");
    assert_string_equal(st.rows[1], "|USAGOV||USAGOV|2|3");
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_store_top(s, NULL, PARLEY_GROUP_DYAD, 10, collect_stat, &st, &err), PARLEY_OK);
    assert_int_equal(st.n, 4);
    assert_string_equal(st.rows[0], "|EGYGOV|QATGOV||1|1");
    assert_int_equal(parley_store_top(s, NULL, PARLEY_GROUP_ROOT, 10, collect_stat, &st, &err), PARLEY_ERR_ARG);
    memset(&st, 0, sizeof st);
    assert_int_equal(parley_store_actors(s, "*GOV", collect_stat, &st, &err), PARLEY_OK);
    assert_int_equal(st.n, 3);
    assert_string_equal(st.rows[0], "|EGYGOV||EGYGOV|1|1");
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static void sql(const char *db, const char *stmt) {
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, stmt, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static void test_refusals(void **state) {
    (void)state;
    parley_store *s = NULL;
    parley_error err;
    char p[160];

    snprintf(p, sizeof p, "%s/foreign.db", dir);
    sql(p, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_CREATE, &err), PARLEY_ERR_FORMAT);
    assert_null(s);
    assert_non_null(strstr(err.message, "not a parley event store"));
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_READONLY, &err), PARLEY_ERR_FORMAT);

    snprintf(p, sizeof p, "%s/garbage.db", dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (int i = 0; i < 8192; i++) fputc((i * 7919) & 0xff, f);
    fclose(f);
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_CREATE, &err), PARLEY_ERR_FORMAT);
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_READONLY, &err), PARLEY_ERR_FORMAT);

    snprintf(p, sizeof p, "%s/missing.db", dir);
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_READONLY, &err), PARLEY_ERR_IO);
    assert_int_equal(access(p, F_OK), -1); /* read-only open creates nothing */

    snprintf(p, sizeof p, "%s/newer.db", dir);
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_CREATE, &err), PARLEY_OK);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    sql(p, "PRAGMA user_version = 99");
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_CREATE, &err), PARLEY_ERR_VERSION);
    assert_non_null(strstr(err.message, "newer"));
    assert_int_equal(parley_store_open(&s, p, PARLEY_STORE_READONLY, &err), PARLEY_ERR_VERSION);

    /* read-only handle: reads work, writes are refused */
    s = open_rw();
    load_corpus(s);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_open(&s, path, PARLEY_STORE_READONLY, &err), PARLEY_OK);
    collect c;
    parley_store_query q = {0};
    assert_int_equal(run(s, &q, &c), 4);
    parley_store_doc d = {"x", NULL, NULL, NULL, NULL};
    assert_int_equal(parley_store_put(s, &d, NULL, 0, &err), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_begin(s, &err), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_open(&s, "", PARLEY_STORE_CREATE, &err), PARLEY_ERR_ARG);
}

static int render_event(const parley_store_row *row, void *user) {
    assert_int_equal(parley_event_write_json(row->event, user), PARLEY_OK);
    return 0;
}

static int append_json(const char *json, size_t len, const parley_store_row *row, void *user) {
    assert_true(row->store_id > 0);
    assert_non_null(row->cursor);
    assert_null(memchr(json, '\n', len));
    assert_int_equal(parley_buf_append(user, json, len), 0);
    assert_int_equal(parley_buf_puts(user, "\n"), 0);
    return 0;
}

/* Rows delivered as stored JSON with the counts put in are byte for byte
   the decoded events rendered again, counts of merged events included. */
static void test_json_rows(void **state) {
    (void)state;
    parley_store *s = open_rw();
    load_corpus(s);
    parley_error err;
    for (int sort = PARLEY_SORT_DATE; sort <= PARLEY_SORT_MENTIONS_DESC; sort++) {
        parley_buf a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT;
        parley_store_query q = {0};
        q.sort = (parley_store_sort)sort;
        long n = 0;
        assert_int_equal(parley_store_query_events(s, &q, render_event, &a, NULL, &err), PARLEY_OK);
        assert_int_equal(parley_store_query_json(s, &q, append_json, &b, &n, &err), PARLEY_OK);
        assert_int_equal(n, 4);
        assert_string_equal(a.data, b.data);
        assert_non_null(strstr(b.data, "\"num_mentions\":2,\"num_sources\":2,\"num_articles\":2}"));
        parley_buf_free(&a);
        parley_buf_free(&b);
    }
    /* a stored text the writer would not have written (a store of another
       version): decoded and rendered, the same answer */
    parley_store_close(s, NULL);
    sql(path, "UPDATE mentions SET json = replace(json, '\"num_articles\":0}', '\"num_articles\": 0}');"
              "UPDATE events SET rep_json = replace(rep_json, '\"num_articles\":0}', '\"num_articles\": 0}')");
    s = open_rw();
    parley_buf a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT;
    parley_store_query q = {0};
    assert_int_equal(parley_store_query_events(s, &q, render_event, &a, NULL, &err), PARLEY_OK);
    assert_int_equal(parley_store_query_json(s, &q, append_json, &b, NULL, &err), PARLEY_OK);
    assert_string_equal(a.data, b.data);
    assert_non_null(strstr(b.data, "\"num_articles\":2}"));
    parley_buf_free(&a);
    parley_buf_free(&b);
    q.with_mentions = 1;
    parley_buf c = PARLEY_BUF_INIT;
    assert_int_equal(parley_store_query_json(s, &q, append_json, &c, NULL, &err), PARLEY_ERR_ARG);
    parley_buf_free(&c);
    parley_store_close(s, NULL);
}

/* Every row of every sort order as JSON, and the totals: what a store says. */
static void dump_store(parley_store *s, parley_buf *out) {
    parley_error err;
    for (int sort = PARLEY_SORT_DATE; sort <= PARLEY_SORT_MENTIONS_DESC; sort++) {
        parley_store_query q = {0};
        q.sort = (parley_store_sort)sort;
        assert_int_equal(parley_store_query_json(s, &q, append_json, out, NULL, &err), PARLEY_OK);
        q.with_mentions = 1;
        assert_int_equal(parley_store_query_events(s, &q, render_event, out, NULL, &err), PARLEY_OK);
    }
    long long d, m, e;
    assert_int_equal(parley_store_totals(s, &d, &m, &e, &err), PARLEY_OK);
    assert_int_equal(parley_buf_printf(out, "%lld %lld %lld\n", d, m, e), 0);
}

/* A version 1 store (events keyed by rowid, the representative's JSON only
   in mentions) is refused read-only with what to do, and migrated by a
   read-write open to the same answers; puts go on afterwards. */
static void test_migrate_v1(void **state) {
    (void)state;
    parley_error err;
    parley_store *s = open_rw();
    load_corpus(s);
    parley_buf before = PARLEY_BUF_INIT, after = PARLEY_BUF_INIT;
    dump_store(s, &before);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    /* back to the version 1 layout, as a store of the previous parley has it */
    sql(path, "CREATE TABLE ev1(id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,"
              " base TEXT NOT NULL, date TEXT NOT NULL, place_key TEXT NOT NULL, cameo TEXT NOT NULL,"
              " root TEXT NOT NULL, quad INTEGER NOT NULL, goldstein REAL NOT NULL, plover TEXT NOT NULL,"
              " country TEXT NOT NULL, place TEXT NOT NULL, source_name TEXT NOT NULL, target_name TEXT NOT NULL,"
              " rep INTEGER NOT NULL, num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,"
              " num_articles INTEGER NOT NULL);"
              "INSERT INTO ev1 SELECT id, source, target, base, date, place_key, cameo, root, quad, goldstein,"
              " plover, country, place, source_name, target_name, rep, num_mentions, num_sources, num_articles"
              " FROM events;"
              "DROP TABLE events; ALTER TABLE ev1 RENAME TO events;"
              "CREATE UNIQUE INDEX events_key ON events(source, target, date, base, place_key);"
              "PRAGMA user_version = 1;");
    assert_int_equal(parley_store_open(&s, path, PARLEY_STORE_READONLY, &err), PARLEY_ERR_VERSION);
    assert_non_null(strstr(err.message, "version 1 is older"));
    assert_non_null(strstr(err.message, "read-write"));
    s = open_rw();
    assert_int_equal(parley_store_migrated_from(s), 1);
    assert_int_equal(parley_store_schema_version(s), PARLEY_STORE_SCHEMA_VERSION);
    dump_store(s, &after);
    assert_string_equal(before.data, after.data);
    /* a new event gets a fresh id; re-putting a document replaces it */
    parley_event n = make("RUSGOV", "UKRGOV", "111", 3, -2, "2024-05-01", NULL, 0, "Moscow criticised Kyiv");
    parley_store_doc dn = {"n", "2024-05-01", "TASS", NULL, NULL};
    assert_int_equal(parley_store_put(s, &dn, &n, 1, &err), PARLEY_OK);
    collect c;
    assert_int_equal(run(s, &(parley_store_query){.source = "RUSGOV", .target = "UKRGOV"}, &c), 1);
    assert_true(c.ids[0] > 4);
    totals(s, 4, 7, 5);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    s = open_rw();
    assert_int_equal(parley_store_migrated_from(s), 0);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    parley_buf_free(&before);
    parley_buf_free(&after);
}

/* An exact actor in date order with a limit is answered as two halves
   (actor as source, actor as target) merged: the same rows as the one
   query without a limit, page by page, by offset and by cursor. */
static void test_actor_pages(void **state) {
    (void)state;
    parley_store *s = open_rw();
    load_corpus(s);
    parley_error err;
    /* QATGOV as source, as target, and both on one day (ties broken by id) */
    parley_event more[3] = {
        make("QATGOV", "QATGOV", "040", 1, 1, "2024-03-05", NULL, 0, "Qatar met Qatar"),
        make("IGOUNO", "QATGOV", "051", 1, 3.5, "2024-03-05", NULL, 1, "The UN praised Qatar"),
        make("QATGOV", "EGYGOV", "112", 3, -2, "2024-02-01", NULL, 2, "Qatar accused Egypt"),
    };
    parley_store_doc dm = {"m", "2024-03-05", "AFP", NULL, NULL};
    assert_int_equal(parley_store_put(s, &dm, more, 3, &err), PARLEY_OK);
    for (int sort = PARLEY_SORT_DATE; sort <= PARLEY_SORT_DATE_DESC; sort++) {
        collect all, page;
        parley_store_query q = {0};
        q.actor = "QATGOV";
        q.sort = (parley_store_sort)sort;
        int n = run(s, &q, &all);
        assert_int_equal(n, 5);
        for (int lim = 1; lim <= 3; lim++)
            for (int off = 0; off < n; off++) {
                q.limit = lim;
                q.offset = off;
                int got = run(s, &q, &page);
                assert_int_equal(got, off + lim <= n ? lim : n - off);
                for (int i = 0; i < got; i++) assert_int_equal(page.ids[i], all.ids[off + i]);
            }
        q.offset = 0;
        q.limit = 2;
        char after[128] = "";
        int seen = 0;
        for (int round = 0; round < 5 && seen < n; round++) {
            q.after = after;
            int got = run(s, &q, &page);
            assert_true(got > 0);
            for (int i = 0; i < got; i++) assert_int_equal(page.ids[i], all.ids[seen + i]);
            seen += got;
            snprintf(after, sizeof after, "%s", page.cursor);
        }
        assert_int_equal(seen, n);
        q.after = after;
        assert_int_equal(run(s, &q, &page), 0);
    }
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

/* A row callback that runs the same query again on the same handle: the
   cached statement is in use, so the inner query needs its own. */
typedef struct nested {
    parley_store *s;
    int outer, inner;
} nested;

static int count_inner(const parley_store_row *row, void *user) {
    (void)row;
    ((nested *)user)->inner++;
    return 0;
}

static int run_inner(const parley_store_row *row, void *user) {
    nested *n = user;
    parley_error err;
    parley_store_query q = {0};
    q.source = row->event->source.code;
    n->outer++;
    assert_int_equal(parley_store_query_events(n->s, &q, count_inner, n, NULL, &err), PARLEY_OK);
    return 0;
}

static void test_nested_queries(void **state) {
    (void)state;
    parley_store *s = open_rw();
    load_corpus(s);
    parley_error err;
    nested n = {s, 0, 0};
    parley_store_query q = {0};
    q.source = "ISRMIL";
    for (int round = 0; round < 40; round++) /* more rounds than cached statements */
        assert_int_equal(parley_store_query_events(s, &q, run_inner, &n, NULL, &err), PARLEY_OK);
    assert_int_equal(n.outer, 40);
    assert_int_equal(n.inner, 40);
    parley_store_close(s, NULL);
}

static int count_indexes(const char *db) {
    sqlite3 *h;
    sqlite3_stmt *st;
    int n = -1;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'", -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void test_dateline_places_merge(void **state) {
    (void)state;
    char p2[160];
    snprintf(p2, sizeof p2, "%s/dateline.db", dir);
    parley_store *s = NULL;
    parley_error err;
    assert_int_equal(parley_store_open(&s, p2, PARLEY_STORE_CREATE, &err), PARLEY_OK);
    /* Two readouts of one call, filed from Washington and from Doha: the
     * datelines are where the reports were written, so one happening. */
    parley_event a = make("USAGOV", "QATGOV", "041", 1, 1, "2023-12-05", "Washington", 1, "Blinken spoke with Al Thani");
    strcpy(a.place.country, "USA");
    a.place.dateline = 1;
    parley_event b = make("USAGOV", "QATGOV", "041", 1, 1, "2023-12-05", "Doha", 1, "Al Thani received a call from Blinken");
    b.place.dateline = 1;
    parley_store_doc da = {"us", "2023-12-05", "Parley Wire", NULL, NULL}, db = {"qa", "2023-12-05", "Meridian", NULL, NULL};
    assert_int_equal(parley_store_put(s, &da, &a, 1, &err), PARLEY_OK);
    assert_int_equal(parley_store_put(s, &db, &b, 1, &err), PARLEY_OK);
    long long d, m, e;
    assert_int_equal(parley_store_totals(s, &d, &m, &e, &err), PARLEY_OK);
    assert_true(d == 2 && m == 2 && e == 1);
    /* a place the text names still keeps events apart */
    parley_event c = make("USAGOV", "QATGOV", "041", 1, 1, "2023-12-05", "Doha", 2, "they spoke again in Doha");
    parley_store_doc dc = {"x", "2023-12-05", "Equator Wire", NULL, NULL};
    assert_int_equal(parley_store_put(s, &dc, &c, 1, &err), PARLEY_OK);
    assert_int_equal(parley_store_totals(s, &d, &m, &e, &err), PARLEY_OK);
    assert_true(d == 3 && m == 3 && e == 2);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static void test_bulk(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    int full = count_indexes(path);
    assert_int_equal(parley_store_bulk_begin(s, &err), PARLEY_OK);
    assert_true(count_indexes(path) < full);
    load_corpus(s);
    assert_int_equal(count_q(s, (parley_store_query){.quad = 4, .date_from = "2024-03-01"}), 1);
    assert_int_equal(parley_store_begin(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_bulk_end(s, &err), PARLEY_ERR_ARG); /* not inside a batch */
    assert_int_equal(parley_store_commit(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_bulk_end(s, &err), PARLEY_OK);
    assert_int_equal(count_indexes(path), full);
    /* a bulk load that never ended: the next read-write open repairs it */
    assert_int_equal(parley_store_bulk_begin(s, &err), PARLEY_OK);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_true(count_indexes(path) < full);
    s = open_rw();
    assert_int_equal(count_indexes(path), full);
    totals(s, 3, 6, 4);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
}

static int page_size(const char *db) {
    sqlite3 *h;
    sqlite3_stmt *st;
    int n = -1;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/* The handle's WAL checkpoint interval, in pages. */
static int checkpoint_pages(parley_store *s) {
    sqlite3_stmt *st;
    int n = -1;
    assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA wal_autocheckpoint", -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A new store has 16 KiB pages (store_schema.c says why); a file that
 * already has pages keeps their size, and either size stores the same.
 * The WAL is checkpointed by size in bytes, whatever the page size: 4 MiB,
 * 256 MiB during a bulk load. */
static void test_page_size(void **state) {
    (void)state;
    parley_store *s = open_rw();
    parley_error err;
    assert_int_equal(checkpoint_pages(s), 256);
    assert_int_equal(parley_store_bulk_begin(s, &err), PARLEY_OK);
    assert_int_equal(checkpoint_pages(s), 16384);
    assert_int_equal(parley_store_bulk_end(s, &err), PARLEY_OK);
    load_corpus(s);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_int_equal(page_size(path), 16384);
    char p2[160];
    snprintf(p2, sizeof p2, "%s/small-pages.db", dir);
    /* an empty store of version 0 whose first page is already written */
    sql(p2, "PRAGMA page_size = 4096; PRAGMA application_id = 1347570777;");
    assert_int_equal(parley_store_open(&s, p2, PARLEY_STORE_CREATE, &err), PARLEY_OK);
    assert_int_equal(checkpoint_pages(s), 1024);
    assert_int_equal(parley_store_bulk_begin(s, &err), PARLEY_OK);
    assert_int_equal(checkpoint_pages(s), 65536);
    assert_int_equal(parley_store_bulk_end(s, &err), PARLEY_OK);
    load_corpus(s);
    parley_buf a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT;
    dump_store(s, &b);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_int_equal(page_size(p2), 4096);
    s = open_rw();
    dump_store(s, &a);
    assert_int_equal(parley_store_close(s, &err), PARLEY_OK);
    assert_true(a.len > 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    parley_buf_free(&a);
    parley_buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_merge_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_event_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dateline_places_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actor_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_size, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
