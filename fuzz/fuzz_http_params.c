/* fuzz_http_params.c - the server's query-string decoding and validation.
 *
 * Every byte of a request's query string is attacker-controlled; this feeds
 * arbitrary bytes through the same decoder and the validators of every
 * endpoint (events, stats, actors, event id) and checks the invariants the
 * handlers rely on: a validated query has in-range fields and NUL-terminated
 * strings, and a refusal always comes with a reason. Built only where
 * libmicrohttpd is (src/serve is compiled only then). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef PARLEY_HAVE_MHD
#include "serve/serve_internal.h"

/* paged: the query of /api/events (stats queries have no limit). */
static void check_events(const serve_events_query *q, int paged) {
    if (paged && (q->limit < 1 || q->limit > SERVE_MAX_LIMIT)) abort();
    if (q->quad < 0 || q->quad > 4) abort();
    if (memchr(q->from, '\0', sizeof q->from) == NULL || memchr(q->text, '\0', sizeof q->text) == NULL ||
        memchr(q->fts, '\0', sizeof q->fts) == NULL || memchr(q->cursor, '\0', sizeof q->cursor) == NULL)
        abort();
    if (q->from[0] && q->to[0] && strcmp(q->from, q->to) > 0) abort();
    if (q->text[0] && q->fts[0] != '"') abort();
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
#ifdef PARLEY_HAVE_MHD
    static serve_params p;
    serve_params_init(&p);
    serve_params_parse_query(&p, (const char *)data, size);
    if (p.n > SERVE_MAX_PARAMS || p.used > sizeof p.pool) abort();
    char err[300];
    serve_events_query q;
    err[0] = '\0';
    if (serve_events_query_parse(&p, &q, err, sizeof err) == 0) check_events(&q, 1);
    else if (err[0] == '\0') abort();
    serve_stats_query sq;
    err[0] = '\0';
    if (serve_stats_query_parse(&p, &sq, err, sizeof err) == 0) {
        check_events(&sq.f, 0);
        if (sq.by > SERVE_BY_MONTH || sq.group > SERVE_GROUP_ROOT) abort();
    } else if (err[0] == '\0') {
        abort();
    }
    serve_actors_query aq;
    err[0] = '\0';
    if (serve_actors_query_parse(&p, &aq, err, sizeof err) == 0) {
        if (aq.limit < 1 || aq.limit > SERVE_MAX_LIMIT) abort();
    } else if (err[0] == '\0') {
        abort();
    }
    char id[32];
    size_t n = size < sizeof id - 1 ? size : sizeof id - 1;
    memcpy(id, data, n);
    id[n] = '\0';
    uint64_t eid;
    if (serve_parse_event_id(id, &eid) == 0 && (strlen(id) < 1 || strlen(id) > 16)) abort();
#else
    (void)data;
    (void)size;
#endif
    return 0;
}
