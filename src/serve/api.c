/* api.c - the read-only JSON endpoints: /api/events, /api/stats,
 * /api/actors and /api/event/{id}.
 *
 * Each handler validates its parameters (params.c), borrows a store handle
 * from the pool, runs the store's query through a callback that renders
 * rows straight into the response buffer, and gives the handle back. Events
 * are rendered by the same JSON writer as `parley code` and `parley query`
 * (parley_event_write_json), so every client sees one format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"
#include "serve/serve_internal.h"

/* Maps a store failure to a response: a filter the store refused (e.g. a
 * malformed full-text query) is the client's fault, anything else ours. */
static void store_failure(serve_response *r, parley_status st, const parley_error *err) {
    if (st == PARLEY_ERR_ARG) serve_error(r, 400, "%s", err->message);
    else if (st == PARLEY_ERR_NOMEM) serve_error(r, 503, "out of memory");
    else serve_error(r, 500, "event store: %s", err->message);
}

static void oom(serve_response *r) { serve_error(r, 503, "out of memory"); }

static void query_from_filters(const serve_events_query *f, parley_store_query *q) {
    memset(q, 0, sizeof *q);
#define OPT(s) ((s)[0] ? (s) : NULL)
    q->date_from = OPT(f->from);
    q->date_to = OPT(f->to);
    q->actor = OPT(f->actor);
    q->source = f->dyad_a[0] ? f->dyad_a : OPT(f->source);
    q->target = f->dyad_b[0] ? f->dyad_b : OPT(f->target);
    q->cameo = OPT(f->cameo);
    q->root = OPT(f->root);
    q->quad = f->quad;
    q->plover = OPT(f->plover);
    q->country = OPT(f->country);
    q->place = OPT(f->place);
    q->reporter = OPT(f->reporter);
    q->text = OPT(f->fts);
#undef OPT
}

static int put_number(parley_buf *b, double x) {
    if (!isfinite(x)) return parley_buf_puts(b, "null");
    return parley_buf_printf(b, "%.6g", x);
}

static int put_string(parley_buf *b, const char *s) {
    if (s == NULL) return parley_buf_puts(b, "null");
    if (parley_buf_puts(b, "\"") != 0 || parley_buf_json_escape(b, s, strlen(s)) != 0) return -1;
    return parley_buf_puts(b, "\"");
}

/* ---- /api/events ---- */

typedef struct events_page {
    parley_buf *out;
    long wanted, seen;
    char last_cursor[256];
    int more, failed;
} events_page;

/* Rows come as the store's JSON text: most of them are never decoded. */
static int events_row(const char *json, size_t len, const parley_store_row *row, void *user) {
    events_page *pg = user;
    if (pg->seen == pg->wanted) {
        pg->more = 1;  /* the extra row only says that another page exists */
        return 1;
    }
    if ((pg->seen > 0 && parley_buf_puts(pg->out, ",") != 0) || parley_buf_append(pg->out, json, len) != 0) {
        pg->failed = 1;
        return 1;
    }
    pg->seen++;
    snprintf(pg->last_cursor, sizeof pg->last_cursor, "%s", row->cursor ? row->cursor : "");
    return 0;
}

void serve_api_events(parley_server *s, const serve_params *p, serve_response *r) {
    serve_events_query f;
    char why[300];
    if (serve_events_query_parse(p, &f, why, sizeof why) != 0) {
        serve_error(r, 400, "%s", why);
        return;
    }
    parley_store_query q;
    query_from_filters(&f, &q);
    static const parley_store_sort sorts[] = {
        [SERVE_SORT_DATE_DESC] = PARLEY_SORT_DATE_DESC, [SERVE_SORT_DATE_ASC] = PARLEY_SORT_DATE,
        [SERVE_SORT_GOLDSTEIN_ASC] = PARLEY_SORT_GOLDSTEIN, [SERVE_SORT_GOLDSTEIN_DESC] = PARLEY_SORT_GOLDSTEIN_DESC};
    q.sort = sorts[f.sort];
    q.limit = f.limit + 1;
    q.after = f.cursor[0] ? f.cursor : NULL;

    parley_buf_clear(&r->body);
    events_page pg = {&r->body, f.limit, 0, "", 0, 0};
    if (parley_buf_puts(&r->body, "{\"events\": [") != 0) {
        oom(r);
        return;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_store *st = serve_pool_take(&s->pool);
    parley_status rc = parley_store_query_json(st, &q, events_row, &pg, NULL, &err);
    serve_pool_give(&s->pool, st);
    if (rc != PARLEY_OK) {
        store_failure(r, rc, &err);
        return;
    }
    if (pg.failed) {
        oom(r);
        return;
    }
    if (parley_buf_printf(&r->body, "], \"count\": %ld, \"next_cursor\": ", pg.seen) != 0 ||
        put_string(&r->body, pg.more ? pg.last_cursor : NULL) != 0 || parley_buf_puts(&r->body, "}\n") != 0)
        {
        oom(r);
        return;
    }
    r->status = 200;
}

/* ---- /api/stats ---- */

typedef struct stats_out {
    parley_buf *out;
    int n, failed;
} stats_out;

static int stat_fields(parley_buf *b, const parley_store_stat *row) {
    return parley_buf_printf(b, "\"events\": %lld, \"mentions\": %lld, \"goldstein_sum\": ", row->events,
                             row->mentions) != 0 ||
           put_number(b, row->goldstein_sum) != 0 || parley_buf_puts(b, ", \"goldstein_mean\": ") != 0 ||
           put_number(b, row->goldstein_mean) != 0 ||
           parley_buf_printf(b, ", \"cooperation\": %lld, \"conflict\": %lld, \"balance\": ", row->cooperation,
                             row->conflict) != 0 ||
           put_number(b, row->balance) != 0;
}

static int stats_row(const parley_store_stat *row, void *user) {
    stats_out *so = user;
    parley_buf *b = so->out;
    if ((so->n > 0 && parley_buf_puts(b, ",\n  ") != 0) || parley_buf_puts(b, "{\"period\": ") != 0 ||
        put_string(b, row->period) != 0 || parley_buf_puts(b, ", \"key\": ") != 0 ||
        put_string(b, row->key && row->key[0] ? row->key : NULL) != 0 || parley_buf_puts(b, ", ") != 0 ||
        stat_fields(b, row) != 0 || parley_buf_puts(b, "}") != 0) {
        so->failed = 1;
        return 1;
    }
    so->n++;
    return 0;
}

/* A row of the top lists: an actor (key, name) or a dyad (key, key2). */
static int top_row(const parley_store_stat *row, void *user) {
    stats_out *so = user;
    parley_buf *b = so->out;
    int bad = (so->n > 0 && parley_buf_puts(b, ",\n  ") != 0);
    if (!bad && row->key2 && row->key2[0])
        bad = parley_buf_puts(b, "{\"source\": ") != 0 || put_string(b, row->key) != 0 ||
              parley_buf_puts(b, ", \"target\": ") != 0 || put_string(b, row->key2) != 0;
    else if (!bad)
        bad = parley_buf_puts(b, "{\"code\": ") != 0 || put_string(b, row->key) != 0 ||
              parley_buf_puts(b, ", \"name\": ") != 0 || put_string(b, row->name && row->name[0] ? row->name : NULL) != 0;
    if (bad || parley_buf_puts(b, ", ") != 0 || stat_fields(b, row) != 0 || parley_buf_puts(b, "}") != 0) {
        so->failed = 1;
        return 1;
    }
    so->n++;
    return 0;
}

void serve_api_stats(parley_server *s, const serve_params *p, serve_response *r) {
    serve_stats_query sq;
    char why[300];
    if (serve_stats_query_parse(p, &sq, why, sizeof why) != 0) {
        serve_error(r, 400, "%s", why);
        return;
    }
    parley_store_query q;
    query_from_filters(&sq.f, &q);
    static const parley_store_period periods[] = {
        [SERVE_BY_DAY] = PARLEY_PERIOD_DAY, [SERVE_BY_WEEK] = PARLEY_PERIOD_WEEK, [SERVE_BY_MONTH] = PARLEY_PERIOD_MONTH};
    static const char *const period_names[] = {"day", "week", "month"};
    parley_store_group group = sq.group == SERVE_GROUP_ROOT ? PARLEY_GROUP_ROOT : PARLEY_GROUP_QUAD;

    parley_buf *b = &r->body;
    parley_buf_clear(b);
    if (parley_buf_printf(b, "{\"by\": \"%s\", \"group\": \"%s\",\n \"series\": [\n  ", period_names[sq.by],
                          sq.group == SERVE_GROUP_ROOT ? "root" : "quad") != 0)
        {
        oom(r);
        return;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_store *st = serve_pool_take(&s->pool);
    /* The grouped series for the stacked counts, the ungrouped one for the
     * Goldstein line, the grand total for the headline figures, and the
     * most active dyads and actors among the same events. */
    stats_out grouped = {b, 0, 0}, overall = {b, 0, 0}, total = {b, 0, 0}, dyads = {b, 0, 0}, actors = {b, 0, 0};
    parley_status rc = parley_store_stats(st, &q, periods[sq.by], group, stats_row, &grouped, &err);
    if (rc == PARLEY_OK && !grouped.failed) {
        if (parley_buf_puts(b, "],\n \"overall\": [\n  ") != 0) grouped.failed = 1;
        else rc = parley_store_stats(st, &q, periods[sq.by], PARLEY_GROUP_NONE, stats_row, &overall, &err);
    }
    if (rc == PARLEY_OK && !grouped.failed && !overall.failed) {
        if (parley_buf_puts(b, "],\n \"total\": [") != 0) overall.failed = 1;
        else rc = parley_store_stats(st, &q, PARLEY_PERIOD_ALL, PARLEY_GROUP_NONE, stats_row, &total, &err);
    }
    if (rc == PARLEY_OK && !total.failed) {
        if (parley_buf_puts(b, "],\n \"top_dyads\": [\n  ") != 0) total.failed = 1;
        else rc = parley_store_top(st, &q, PARLEY_GROUP_DYAD, SERVE_TOP_N, top_row, &dyads, &err);
    }
    if (rc == PARLEY_OK && !dyads.failed) {
        if (parley_buf_puts(b, "],\n \"top_actors\": [\n  ") != 0) dyads.failed = 1;
        else rc = parley_store_top(st, &q, PARLEY_GROUP_ACTOR, SERVE_TOP_N, top_row, &actors, &err);
    }
    serve_pool_give(&s->pool, st);
    if (rc != PARLEY_OK) {
        store_failure(r, rc, &err);
        return;
    }
    if (grouped.failed || overall.failed || total.failed || dyads.failed || actors.failed ||
        parley_buf_puts(b, "]}\n") != 0) {
        oom(r);
        return;
    }
    r->status = 200;
}

/* ---- /api/actors ---- */

typedef struct actor_item {
    char *code, *name;
    long long events;
} actor_item;

typedef struct actors_list {
    actor_item *items;
    size_t n, cap;
    int failed;
} actors_list;

static char *copy_str(const char *s) {
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s ? s : "", n);
    return d;
}

static int actors_collect(const parley_store_stat *row, void *user) {
    actors_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        actor_item *p = realloc(l->items, cap * sizeof *p);
        if (p == NULL) {
            l->failed = 1;
            return 1;
        }
        l->items = p;
        l->cap = cap;
    }
    actor_item *it = &l->items[l->n];
    it->code = copy_str(row->key);
    it->name = copy_str(row->name);
    it->events = row->events;
    if (it->code == NULL || it->name == NULL) {
        free(it->code);
        free(it->name);
        l->failed = 1;
        return 1;
    }
    l->n++;
    return 0;
}

static int by_events_desc(const void *a, const void *b) {
    const actor_item *x = a, *y = b;
    if (x->events != y->events) return x->events < y->events ? 1 : -1;
    return strcmp(x->code, y->code);
}

void serve_api_actors(parley_server *s, const serve_params *p, serve_response *r) {
    serve_actors_query aq;
    char why[300];
    if (serve_actors_query_parse(p, &aq, why, sizeof why) != 0) {
        serve_error(r, 400, "%s", why);
        return;
    }
    char pattern[SERVE_CODE_LEN + 2];
    snprintf(pattern, sizeof pattern, "%s*", aq.prefix);
    actors_list l = {NULL, 0, 0, 0};
    parley_error err;
    parley_error_clear(&err);
    parley_store *st = serve_pool_take(&s->pool);
    parley_status rc = parley_store_actors(st, aq.prefix[0] ? pattern : NULL, actors_collect, &l, &err);
    serve_pool_give(&s->pool, st);
    if (rc != PARLEY_OK) {
        store_failure(r, rc, &err);
    } else if (l.failed) {
        oom(r);
    } else {
        /* The store lists actors by code; "most events first" is sorted here. */
        if (aq.by_count) qsort(l.items, l.n, sizeof *l.items, by_events_desc);
        parley_buf *b = &r->body;
        parley_buf_clear(b);
        size_t shown = l.n < (size_t)aq.limit ? l.n : (size_t)aq.limit;
        int bad = parley_buf_puts(b, "{\"actors\": [\n  ") != 0;
        for (size_t i = 0; !bad && i < shown; i++)
            bad = (i > 0 && parley_buf_puts(b, ",\n  ") != 0) || parley_buf_puts(b, "{\"code\": ") != 0 ||
                  put_string(b, l.items[i].code) != 0 || parley_buf_puts(b, ", \"name\": ") != 0 ||
                  put_string(b, l.items[i].name[0] ? l.items[i].name : NULL) != 0 ||
                  parley_buf_printf(b, ", \"events\": %lld}", l.items[i].events) != 0;
        if (bad || parley_buf_printf(b, "],\n \"count\": %zu, \"total\": %zu}\n", shown, l.n) != 0) oom(r);
        else r->status = 200;
    }
    for (size_t i = 0; i < l.n; i++) {
        free(l.items[i].code);
        free(l.items[i].name);
    }
    free(l.items);
}

/* ---- /api/event/{id} ---- */

typedef struct event_out {
    parley_buf *out;
    int found, failed;
} event_out;

static int event_row(const parley_store_row *row, void *user) {
    event_out *eo = user;
    eo->found = 1;
    if (parley_buf_printf(eo->out, "{\"store_id\": %lld, \"event\": ", row->store_id) != 0 ||
        parley_event_write_json(row->event, eo->out) != PARLEY_OK || parley_buf_puts(eo->out, "}\n") != 0)
        eo->failed = 1;
    return 1;
}

void serve_api_event(parley_server *s, const char *id, const serve_params *p, serve_response *r) {
    char why[300];
    if (serve_no_params(p, why, sizeof why) != 0) {
        serve_error(r, 400, "%s", why);
        return;
    }
    uint64_t eid;
    if (serve_parse_event_id(id, &eid) != 0) {
        serve_error(r, 400, "event id: expected 1-16 hexadecimal digits");
        return;
    }
    parley_buf_clear(&r->body);
    event_out eo = {&r->body, 0, 0};
    parley_error err;
    parley_error_clear(&err);
    parley_store *st = serve_pool_take(&s->pool);
    parley_status rc = parley_store_get_event(st, eid, 0, event_row, &eo, &err);
    serve_pool_give(&s->pool, st);
    if (rc == PARLEY_EOF || (rc == PARLEY_OK && !eo.found)) {
        serve_error(r, 404, "no event with id %s", id);
        return;
    }
    if (rc != PARLEY_OK) {
        store_failure(r, rc, &err);
        return;
    }
    if (eo.failed) {
        oom(r);
        return;
    }
    r->status = 200;
}
