/* test_serve.c - the HTTP API against a real server on a free loopback port.
 *
 * Builds a small store from tests/e2e/events.jsonl through the store's API,
 * starts parley_serve on port 0 and talks plain HTTP/1.1 over sockets:
 * every endpoint, paging to the end, filters, every validation error as a
 * 400 with a JSON error body, 404/405/413/415, the security headers, the
 * dashboard's files (and that nothing outside the web folder is served),
 * and many requests in parallel. The parameter parser is also tested on its
 * own. Results are cross-checked against the store's own counts. */
#ifndef PARLEY_HAVE_MHD
#include <stdio.h>
int main(void) {
    puts("SKIP: parley was built without libmicrohttpd");
    return 77;
}
#else
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/arena.h"
#include "parley/event_io.h"
#include "parley/serve.h"
#include "parley/store.h"
#include "serve/serve_internal.h"

static char db_path[512];
static parley_server *server;
static int port;
static long long n_events_total;

/* ---- a minimal HTTP client ---- */

typedef struct reply {
    int status;
    char *headers;  /* raw header block, lower-cased names kept as sent */
    char *body;
    size_t body_len;
} reply;

static void reply_free(reply *r) {
    free(r->headers);
    free(r->body);
    memset(r, 0, sizeof *r);
}

static int http_raw(const char *request, size_t len, reply *out) {
    memset(out, 0, sizeof *out);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  /* the server may answer and close early (413) */
        sent += (size_t)n;
    }
    parley_buf in = PARLEY_BUF_INIT;
    char chunk[8192];
    ssize_t n;
    while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0) parley_buf_append(&in, chunk, (size_t)n);
    close(fd);
    if (in.data == NULL) return -1;
    char *end = strstr(in.data, "\r\n\r\n");
    char *code_end = NULL;
    if (end != NULL && strncmp(in.data, "HTTP/1.1 ", 9) == 0) out->status = (int)strtol(in.data + 9, &code_end, 10);
    if (code_end == NULL || code_end == in.data + 9) {
        parley_buf_free(&in);
        return -1;
    }
    out->headers = strndup(in.data, (size_t)(end - in.data));
    out->body_len = in.len - (size_t)(end + 4 - in.data);
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, end + 4, out->body_len);
    out->body[out->body_len] = '\0';
    parley_buf_free(&in);
    return 0;
}

static int http(const char *method, const char *target, reply *out) {
    char req[4096];
    int n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", method, target);
    return http_raw(req, (size_t)n, out);
}

static int http_post(const char *target, const char *type, const char *body, reply *out) {
    parley_buf req = PARLEY_BUF_INIT;
    parley_buf_printf(&req,
                      "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: %s\r\n"
                      "Content-Length: %zu\r\n\r\n%s",
                      target, type, strlen(body), body);
    int rc = http_raw(req.data, req.len, out);
    parley_buf_free(&req);
    return rc;
}

static const char *header(const reply *r, const char *name, char *buf, size_t cap) {
    size_t n = strlen(name);
    for (const char *line = r->headers; line && *line;) {
        const char *eol = strstr(line, "\r\n");
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > n + 1 && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ') v++;
            size_t vl = len - (size_t)(v - line);
            if (vl >= cap) vl = cap - 1;
            memcpy(buf, v, vl);
            buf[vl] = '\0';
            return buf;
        }
        line = eol ? eol + 2 : line + len;
    }
    return NULL;
}

static json_t *get_json(const char *target, int want_status) {
    reply r;
    assert_int_equal(http("GET", target, &r), 0);
    if (r.status != want_status) fprintf(stderr, "GET %s -> %d %s\n", target, r.status, r.body);
    assert_int_equal(r.status, want_status);
    json_error_t je;
    json_t *j = json_loads(r.body, 0, &je);
    if (j == NULL) fprintf(stderr, "GET %s: not JSON: %s\n", target, r.body);
    assert_non_null(j);
    reply_free(&r);
    return j;
}

/* ---- fixture: the store and the server ---- */

static int setup(void **state) {
    (void)state;
    snprintf(db_path, sizeof db_path, "%s/serve-test-%d.db", P_tmpdir, (int)getpid());
    unlink(db_path);
    parley_store *st;
    parley_error err;
    if (parley_store_open(&st, db_path, PARLEY_STORE_CREATE, &err) != PARLEY_OK) {
        fprintf(stderr, "store: %s\n", err.message);
        return -1;
    }
    FILE *f = fopen(PARLEY_SRC_DIR "/tests/e2e/events.jsonl", "r");
    if (f == NULL) return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    parley_arena *arena = parley_arena_new(1 << 16);
    parley_store_begin(st, &err);
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        parley_event ev;
        if (parley_event_read_json(&ev, line, (size_t)len, arena, "events.jsonl", lineno, &err) != PARLEY_OK) {
            fprintf(stderr, "fixture line %ld: %s\n", lineno, err.message);
            return -1;
        }
        parley_store_doc doc = {ev.doc_id, ev.date, lineno % 3 ? "Reuters" : "AFP", "", ""};
        if (parley_store_put(st, &doc, &ev, 1, &err) != PARLEY_OK) {
            fprintf(stderr, "put: %s\n", err.message);
            return -1;
        }
        parley_arena_reset(arena);
    }
    free(line);
    fclose(f);
    parley_arena_free(arena);
    if (parley_store_commit(st, &err) != PARLEY_OK) return -1;
    if (parley_store_count(st, NULL, &n_events_total, &err) != PARLEY_OK) return -1;
    parley_store_close(st, &err);

    parley_serve_config cfg;
    parley_serve_config_init(&cfg);
    cfg.db_path = db_path;
    cfg.port = 0;
    cfg.threads = 4;
    cfg.web_dir = PARLEY_SRC_DIR "/web/dist";
    cfg.data_dir = PARLEY_DATA_DIR;
    cfg.max_body = 4096;
    cfg.timeout_s = 20;
    if (parley_serve_start(&cfg, &server, &err) != PARLEY_OK) {
        fprintf(stderr, "serve: %s\n", err.message);
        return -1;
    }
    port = parley_serve_port(server);
    return port > 0 ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    parley_serve_stop(server);
    unlink(db_path);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
    return 0;
}

/* ---- the parameter parser alone ---- */

static void parse(const char *qs, serve_params *p) {
    serve_params_init(p);
    serve_params_parse_query(p, qs, strlen(qs));
}

static void test_params_decode(void **state) {
    (void)state;
    serve_params p;
    parse("q=cease%20fire+now&actor=USA%2A&flag&=x", &p);
    assert_int_equal(p.n, 4);
    assert_string_equal(p.value[0], "cease fire now");
    assert_string_equal(p.value[1], "USA*");
    assert_string_equal(p.key[2], "flag");
    assert_string_equal(p.value[2], "");
    assert_string_equal(p.key[3], "");
    parse("a=%zz&b=%4", &p);
    assert_string_equal(p.value[0], "%zz");
    assert_string_equal(p.value[1], "%4");
}

static void test_params_events(void **state) {
    (void)state;
    serve_params p;
    serve_events_query q;
    char err[300];
    parse("from=2024-02-29&to=2024-03-01&dyad=ISR,PSE*&root=19&quad=4&sort=goldstein&limit=1000&q=cease+fire", &p);
    assert_int_equal(serve_events_query_parse(&p, &q, err, sizeof err), 0);
    assert_string_equal(q.from, "2024-02-29");
    assert_string_equal(q.dyad_a, "ISR");
    assert_string_equal(q.dyad_b, "PSE*");
    assert_int_equal(q.quad, 4);
    assert_int_equal(q.limit, 1000);
    assert_int_equal(q.sort, SERVE_SORT_GOLDSTEIN_ASC);
    assert_string_equal(q.text, "cease fire");
    assert_string_equal(q.fts, "\"cease\" \"fire\"");
    parse("q=%22unbalanced+U.S.*+OR+*", &p);
    assert_int_equal(serve_events_query_parse(&p, &q, err, sizeof err), 0);
    assert_string_equal(q.fts, "\"\"\"unbalanced\" \"U.S.\"* \"OR\"");

    static const char *const bad[] = {
        "from=2023-02-29", "from=2024-13-01", "to=2024-1-01", "from=2024-05-02&to=2024-05-01", "limit=0",
        "limit=1001", "limit=12abc", "limit=99999999999999999999", "limit=-5", "actor=usa", "actor=U",
        "actor=US*A", "actor=*", "actor=*USA*", "dyad=USA", "dyad=USA,", "dyad=USA,CHN&actor=RUS", "root=21",
        "root=1", "root=00", "quad=5", "quad=0", "cameo=2101", "cameo=9", "cameo=08a", "country=qat",
        "country=QATA", "plover=assault", "sort=random", "cursor=a%20b", "cursor=", "bogus=1",
        "limit=5&limit=6", "q=", "q=%01", "from=", "place=%0a",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parse(bad[i], &p);
        err[0] = '\0';
        if (serve_events_query_parse(&p, &q, err, sizeof err) != -1) fail_msg("accepted: %s", bad[i]);
        assert_true(strlen(err) > 5);
    }
    /* Too many parameters, even valid ones, is refused. */
    parley_buf many = PARLEY_BUF_INIT;
    for (int i = 0; i < SERVE_MAX_PARAMS + 2; i++) parley_buf_printf(&many, "%sq=x", i ? "&" : "");
    parse(many.data, &p);
    assert_int_equal(serve_events_query_parse(&p, &q, err, sizeof err), -1);
    parley_buf_free(&many);
}

static void test_params_others(void **state) {
    (void)state;
    serve_params p;
    serve_stats_query sq;
    serve_actors_query aq;
    char err[300];
    parse("actor=ISR*&by=week&group=root&root=19", &p);
    assert_int_equal(serve_stats_query_parse(&p, &sq, err, sizeof err), 0);
    assert_int_equal(sq.by, SERVE_BY_WEEK);
    assert_int_equal(sq.group, SERVE_GROUP_ROOT);
    assert_string_equal(sq.f.root, "19");
    parse("by=year", &p);
    assert_int_equal(serve_stats_query_parse(&p, &sq, err, sizeof err), -1);
    parse("limit=5", &p);
    assert_int_equal(serve_stats_query_parse(&p, &sq, err, sizeof err), -1);
    parse("prefix=IS&sort=count&limit=3", &p);
    assert_int_equal(serve_actors_query_parse(&p, &aq, err, sizeof err), 0);
    assert_int_equal(aq.by_count, 1);
    parse("prefix=is", &p);
    assert_int_equal(serve_actors_query_parse(&p, &aq, err, sizeof err), -1);
    uint64_t id;
    assert_int_equal(serve_parse_event_id("00ff", &id), 0);
    assert_int_equal(id, 255);
    assert_int_equal(serve_parse_event_id("12345678901234567", &id), -1);
    assert_int_equal(serve_parse_event_id("xyz", &id), -1);
    assert_int_equal(serve_parse_event_id("", &id), -1);
}

/* ---- the server ---- */

static void test_headers(void **state) {
    (void)state;
    reply r;
    char v[512];
    assert_int_equal(http("GET", "/api/events?limit=1", &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(header(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, "application/json");
    assert_non_null(header(&r, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "no-store");
    assert_non_null(header(&r, "X-Content-Type-Options", v, sizeof v));
    assert_string_equal(v, "nosniff");
    assert_non_null(header(&r, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "default-src 'none'"));
    assert_null(strstr(v, "unsafe-inline"));
    reply_free(&r);
    assert_int_equal(http("HEAD", "/api/events?limit=1", &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    reply_free(&r);
}

static void test_events_paging(void **state) {
    (void)state;
    assert_true(n_events_total > 60);
    char target[600] = "/api/events?limit=25&sort=date";
    long long seen = 0;
    char prev_date[11] = "";
    json_t *ids = json_object();
    for (int page = 0; page < 100; page++) {
        json_t *j = get_json(target, 200);
        json_t *events = json_object_get(j, "events");
        assert_true(json_is_array(events));
        assert_int_equal(json_integer_value(json_object_get(j, "count")), json_array_size(events));
        size_t i;
        json_t *ev;
        json_array_foreach(events, i, ev) {
            const char *id = json_string_value(json_object_get(ev, "id"));
            const char *date = json_string_value(json_object_get(ev, "date"));
            assert_non_null(id);
            assert_null(json_object_get(ids, id));  /* no row twice across pages */
            json_object_set_new(ids, id, json_true());
            assert_true(strcmp(prev_date, date) <= 0);
            snprintf(prev_date, sizeof prev_date, "%s", date);
            seen++;
        }
        json_t *next = json_object_get(j, "next_cursor");
        if (json_is_null(next)) {
            json_decref(j);
            break;
        }
        assert_int_equal(json_array_size(events), 25);
        snprintf(target, sizeof target, "/api/events?limit=25&sort=date&cursor=%s", json_string_value(next));
        json_decref(j);
    }
    assert_int_equal(seen, n_events_total);
    json_decref(ids);
}

static long count_where(const char *qs, const char *key, const char *want_sub) {
    char target[600];
    snprintf(target, sizeof target, "/api/events?limit=1000&%s", qs);
    json_t *j = get_json(target, 200);
    json_t *events = json_object_get(j, "events");
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        json_t *v = json_object_get(ev, key);
        if (json_is_object(v))
            v = json_object_get(v, strcmp(key, "evidence") == 0 ? "text" : strcmp(key, "place") == 0 ? "country" : "code");
        const char *s = json_string_value(v);
        assert_non_null(s);
        if (strstr(s, want_sub) == NULL) fail_msg("%s: %s=%s lacks %s", qs, key, s, want_sub);
    }
    long n = (long)json_array_size(events);
    json_decref(j);
    return n;
}

static void test_events_filters(void **state) {
    (void)state;
    long fights = count_where("root=19", "root", "19");
    assert_true(fights > 0 && fights < n_events_total);
    long dyad = count_where("dyad=ISRMIL,PSEREB", "source", "ISRMIL");
    assert_true(dyad > 0);
    assert_int_equal(count_where("dyad=ISRMIL,PSEREB", "target", "PSEREB"), dyad);
    assert_true(count_where("q=ceasefire", "evidence", "ceasefire") > 0);
    assert_true(count_where("q=ceasef*", "evidence", "ceasefire") > 0);
    assert_true(count_where("actor=*GOV&country=QAT", "place", "QAT") > 0);
    assert_int_equal(count_where("actor=ZZZ", "source", "ZZZ"), 0);
    long quad4 = count_where("quad=4&from=2024-01-01&to=2024-06-30", "date", "2024-0");
    assert_true(quad4 > 0);
}

static void test_stats(void **state) {
    (void)state;
    json_t *j = get_json("/api/stats?by=month", 200);
    json_t *total = json_array_get(json_object_get(j, "total"), 0);
    assert_int_equal(json_integer_value(json_object_get(total, "events")), n_events_total);
    long long sum = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "series"), i, row) {
        int q = (int)strtol(json_string_value(json_object_get(row, "key")), NULL, 10);
        assert_true(q >= 1 && q <= 4);
        assert_int_equal(strlen(json_string_value(json_object_get(row, "period"))), 7);
        sum += json_integer_value(json_object_get(row, "events"));
    }
    assert_int_equal(sum, n_events_total);
    assert_true(json_array_size(json_object_get(j, "overall")) >= 6);
    json_decref(j);

    j = get_json("/api/stats?dyad=ISRMIL,PSEREB&by=week&group=root", 200);
    json_array_foreach(json_object_get(j, "series"), i, row) assert_string_equal(json_string_value(json_object_get(row, "key")), "19");
    total = json_array_get(json_object_get(j, "total"), 0);
    if (!(json_number_value(json_object_get(total, "goldstein_mean")) < -9.0)) json_dumpf(j, stderr, 0);
    assert_true(json_number_value(json_object_get(total, "goldstein_mean")) < -9.0);
    assert_int_equal(json_integer_value(json_object_get(total, "cooperation")), 0);
    json_decref(j);
}

static void *cache_probe(void *arg) {
    int *miss = arg;
    reply r;
    char v[32];
    *miss = -1;
    if (http("GET", "/api/stats?by=day&group=root", &r) == 0 && r.status == 200 &&
        header(&r, "X-Parley-Cache", v, sizeof v))
        *miss = strcmp(v, "miss") == 0;
    reply_free(&r);
    return NULL;
}

static void test_cache(void **state) {
    (void)state;
    reply a, b;
    char v[32];
    assert_int_equal(http("GET", "/api/stats?by=week&quad=2", &a), 0);
    assert_int_equal(http("GET", "/api/stats?by=week&quad=2", &b), 0);
    assert_int_equal(a.status, 200);
    assert_string_equal(header(&a, "X-Parley-Cache", v, sizeof v), "miss");
    assert_string_equal(header(&b, "X-Parley-Cache", v, sizeof v), "hit");
    assert_int_equal(a.body_len, b.body_len);
    assert_memory_equal(a.body, b.body, a.body_len);
    reply_free(&a);
    reply_free(&b);
    /* Errors are never cached, and other parameters are another entry. */
    assert_int_equal(http("GET", "/api/stats?by=weak", &a), 0);
    assert_int_equal(http("GET", "/api/stats?by=weak", &b), 0);
    assert_int_equal(b.status, 400);
    assert_null(header(&b, "X-Parley-Cache", v, sizeof v));
    reply_free(&a);
    reply_free(&b);
    assert_int_equal(http("GET", "/api/stats?by=week&quad=3", &a), 0);
    assert_string_equal(header(&a, "X-Parley-Cache", v, sizeof v), "miss");
    reply_free(&a);
    /* Many clients asking the same new question at once: one computes,
     * the others wait for its answer. */
    enum { N = 8 };
    pthread_t th[N];
    int miss[N];
    for (int i = 0; i < N; i++) pthread_create(&th[i], NULL, cache_probe, &miss[i]);
    int misses = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_true(miss[i] >= 0);
        misses += miss[i];
    }
    assert_int_equal(misses, 1);
}

static void test_actors_and_event(void **state) {
    (void)state;
    json_t *j = get_json("/api/actors", 200);
    int found = 0;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(j, "actors"), i, a) if (strcmp(json_string_value(json_object_get(a, "code")), "QATGOV") == 0) found = 1;
    assert_true(found);
    json_decref(j);
    j = get_json("/api/actors?prefix=ISR&sort=count&limit=2", 200);
    json_t *list = json_object_get(j, "actors");
    assert_true(json_array_size(list) >= 1 && json_array_size(list) <= 2);
    json_array_foreach(list, i, a) assert_memory_equal(json_string_value(json_object_get(a, "code")), "ISR", 3);
    if (json_array_size(list) == 2)
        assert_true(json_integer_value(json_object_get(json_array_get(list, 0), "events")) >=
                    json_integer_value(json_object_get(json_array_get(list, 1), "events")));
    json_decref(j);

    j = get_json("/api/events?limit=1&root=07", 200);
    const char *id = json_string_value(json_object_get(json_array_get(json_object_get(j, "events"), 0), "id"));
    char target[128];
    snprintf(target, sizeof target, "/api/event/%s", id);
    json_t *one = get_json(target, 200);
    json_t *ev = json_object_get(one, "event");
    assert_string_equal(json_string_value(json_object_get(ev, "id")), id);
    assert_string_equal(json_string_value(json_object_get(ev, "root")), "07");
    assert_true(json_array_size(json_object_get(ev, "mentions")) >= 1);
    assert_non_null(json_string_value(json_object_get(json_object_get(ev, "evidence"), "text")));
    json_decref(one);
    json_decref(j);
    json_decref(get_json("/api/event/0000000000000001", 404));
    json_decref(get_json("/api/event/zzz", 400));
    json_decref(get_json("/api/event/00ff?x=1", 400));
}

static void test_errors(void **state) {
    (void)state;
    static const char *const bad[] = {
        "/api/events?from=2024-02-30",  "/api/events?limit=5000",    "/api/events?limit=0",
        "/api/events?colour=red",       "/api/events?root=99",       "/api/events?actor=%27%3B--",
        "/api/events?cursor=%3Cx%3E",   "/api/events?cursor=zz-not-a-cursor", "/api/events?q=%20%20",
        "/api/events?sort=up",          "/api/stats?by=century",     "/api/stats?limit=3",
        "/api/actors?prefix=a%20b",     "/api/actors?limit=-1",      "/api/events?dyad=ISR",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reply r;
        assert_int_equal(http("GET", bad[i], &r), 0);
        if (r.status != 400) fail_msg("%s -> %d %s", bad[i], r.status, r.body);
        json_t *j = json_loads(r.body, 0, NULL);
        assert_non_null(j);
        assert_true(json_is_string(json_object_get(j, "error")));
        json_decref(j);
        reply_free(&r);
    }
    json_decref(get_json("/api/nothing", 404));
    json_decref(get_json("/api/event/", 404));
    json_decref(get_json("/no-such-file.js", 404));
    json_decref(get_json("/../CMakeLists.txt", 404));
    json_decref(get_json("/.git/config", 404));
    json_decref(get_json("/assets/../index.html", 404));

    static const char *const wrong[][2] = {{"POST", "/api/events"}, {"DELETE", "/api/event/00ff"},
                                           {"PUT", "/"},           {"GET", "/api/code"}};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        reply r;
        char allow[64];
        assert_int_equal(http(wrong[i][0], wrong[i][1], &r), 0);
        assert_int_equal(r.status, 405);
        assert_non_null(header(&r, "Allow", allow, sizeof allow));
        assert_non_null(strstr(r.body, "\"error\""));
        reply_free(&r);
    }
}

static void test_code_limits(void **state) {
    (void)state;
    reply r;
    /* max_body is 4096 in this test. */
    char *big = malloc(20000);
    memset(big, 'a', 19999);
    big[19999] = '\0';
    assert_int_equal(http_post("/api/code", "application/json", big, &r), 0);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(r.body, "\"error\""));
    reply_free(&r);
    free(big);
    assert_int_equal(http_post("/api/code", "text/plain", "{\"text\": \"x\"}", &r), 0);
    assert_int_equal(r.status, 415);
    reply_free(&r);
    assert_int_equal(http_post("/api/code", "application/json", "{not json", &r), 0);
    assert_int_equal(r.status, 400);
    reply_free(&r);
    assert_int_equal(http_post("/api/code?x=1", "application/json", "{}", &r), 0);
    assert_int_equal(r.status, 400);
    reply_free(&r);
    /* A real document: coded when the models are there, else a clear 503. */
    assert_int_equal(http_post("/api/code", "application/json",
                               "{\"id\": \"t1\", \"date\": \"2024-05-01\", \"text\": \"Qatar hosted talks with Hamas "
                               "leaders in Doha on Tuesday.\"}",
                               &r),
                     0);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(j);
    if (r.status == 200) {
        assert_string_equal(json_string_value(json_object_get(j, "doc_id")), "t1");
        assert_true(json_is_array(json_object_get(j, "events")));
    } else {
        assert_int_equal(r.status, 503);
        assert_true(json_is_string(json_object_get(j, "error")));
    }
    json_decref(j);
    reply_free(&r);
}

static void test_static(void **state) {
    (void)state;
    reply r;
    char v[512];
    assert_int_equal(http("GET", "/", &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(header(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, "text/html; charset=utf-8");
    assert_non_null(header(&r, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "no-cache");
    assert_non_null(header(&r, "Content-Security-Policy", v, sizeof v));
    /* index.html names the bundle by its hashed name. */
    const char *src = strstr(r.body, "src=\"assets/app-");
    assert_non_null(src);
    char target[128];
    const char *end = strchr(src + 5, '"');
    assert_non_null(end);
    snprintf(target, sizeof target, "/%.*s", (int)(end - src - 5), src + 5);
    reply_free(&r);
    assert_int_equal(http("GET", target, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(header(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, "text/javascript; charset=utf-8");
    assert_non_null(header(&r, "Cache-Control", v, sizeof v));
    assert_non_null(strstr(v, "immutable"));
    assert_true(r.body_len > 1000);
    reply_free(&r);
}

static void *hammer(void *arg) {
    long *ok = arg;
    static const char *const targets[] = {"/api/events?limit=5", "/api/stats?by=week", "/api/actors?limit=10",
                                          "/api/events?root=19&limit=3", "/api/events?limit=banana"};
    for (int i = 0; i < 40; i++) {
        reply r;
        const char *t = targets[i % 5];
        if (http("GET", t, &r) == 0 && r.status == (i % 5 == 4 ? 400 : 200) && r.body_len > 0) (*ok)++;
        reply_free(&r);
    }
    return NULL;
}

static void test_parallel(void **state) {
    (void)state;
    enum { N = 16 };
    pthread_t th[N];
    long ok[N] = {0};
    for (int i = 0; i < N; i++) pthread_create(&th[i], NULL, hammer, &ok[i]);
    long total = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        total += ok[i];
    }
    assert_int_equal(total, N * 40);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_decode), cmocka_unit_test(test_params_events),
        cmocka_unit_test(test_params_others), cmocka_unit_test(test_headers),
        cmocka_unit_test(test_events_paging), cmocka_unit_test(test_events_filters),
        cmocka_unit_test(test_stats),         cmocka_unit_test(test_cache),
        cmocka_unit_test(test_actors_and_event),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_code_limits),
        cmocka_unit_test(test_static),        cmocka_unit_test(test_parallel),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
#endif
