/* http.c - the libmicrohttpd daemon behind `parley serve`: start and stop,
 * request bodies, routing, and the headers every response carries.
 *
 * libmicrohttpd runs a pool of worker threads, each polling its share of the
 * connections; a request is answered synchronously on its worker. Routing
 * is a short fixed table: the API under /api/ (JSON, never cached) and the
 * dashboard's files for everything else. Methods other than GET/HEAD (and
 * POST on /api/code) get a JSON 405 with an Allow header; bodies larger
 * than the configured limit get a 413, refused from the Content-Length
 * before they are read when the client announces it. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve/serve_internal.h"

/* No inline scripts or styles, nothing from elsewhere: the dashboard is
 * self-contained (map data included), so everything but 'self' is refused. */
#define SERVE_CSP                                                                               \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "               \
    "frame-ancestors 'none'"

/* libmicrohttpd's memory per connection (request line, headers, read and
 * write buffers; POST bodies are copied out as they arrive). It zeroes the
 * whole area again for every request on a kept-alive connection: with 64
 * KiB that memset was a fifth of the server's time on small /api/events
 * answers. 16 KiB still takes an 8 KiB URL with its headers. */
#define SERVE_CONNECTION_MEMORY (16 * 1024)

/* One request. Store queries are not run on libmicrohttpd's threads: the
 * request is validated there, then suspended and queued for the server's
 * store workers, which resume it with the answer ready. So a slow query
 * never holds up the other connections of an HTTP thread, and malformed
 * or cached requests are answered at once whatever the store is doing. */
struct serve_request {
    parley_buf body;
    int too_big;
    struct MHD_Connection *conn;
    char *url;                /* the path, for the worker */
    serve_params params;      /* decoded on the HTTP thread */
    serve_response resp;      /* filled by the worker */
    int ready;                /* resp is complete */
    struct timespec queued;   /* when it was queued (CLOCK_MONOTONIC) */
    serve_request *next;      /* in the work queue */
};

int serve_error(serve_response *r, int status, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parley_buf_clear(&r->body);
    if (parley_buf_puts(&r->body, "{\"error\": \"") != 0 ||
        parley_buf_json_escape(&r->body, msg, strlen(msg)) != 0 || parley_buf_puts(&r->body, "\"}\n") != 0)
        parley_buf_free(&r->body);
    r->status = status;
    r->content_type = "application/json";
    r->cache_control = "no-store";
    return status;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    serve_params_add(cls, key, value);
    return MHD_YES;
}

static enum MHD_Result send_response(struct MHD_Connection *c, serve_response *r) {
    struct MHD_Response *resp;
    if (r->body.len > 0) {
        resp = MHD_create_response_from_buffer(r->body.len, r->body.data, MHD_RESPMEM_MUST_FREE);
        if (resp != NULL) r->body = (parley_buf)PARLEY_BUF_INIT;
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    parley_buf_free(&r->body);
    if (resp == NULL) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "application/json");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->cache_control ? r->cache_control : "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", SERVE_CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    if (r->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->cache_state) MHD_add_response_header(resp, "X-Parley-Cache", r->cache_state);
    if (r->retry_after) MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, r->retry_after);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static int is_get(const char *method) {
    return strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
}

static int cache_key(const char *url, const serve_params *params, parley_buf *key);

/* Routes one complete request: answers it in r (returns 0), or, for a valid
 * store query that the cache cannot answer, keeps its parameters in req
 * and returns 1 so that it goes to a store worker. */
static int route(parley_server *s, struct MHD_Connection *c, const char *url, const char *method,
                 serve_request *req, serve_response *r) {
    serve_params params;
    serve_params_init(&params);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &params);

    if (strncmp(url, "/api/", 5) != 0) {
        if (!is_get(method)) {
            r->allow = "GET, HEAD";
            serve_error(r, 405, "method %s not allowed here", method);
            return 0;
        }
        serve_static(s, url, r);
        return 0;
    }
    if (strcmp(url, "/api/code") == 0) {
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
            r->allow = "POST";
            serve_error(r, 405, "/api/code takes a POST of a JSON document");
            return 0;
        }
        if (req->too_big) {
            serve_error(r, 413, "request body larger than %zu bytes", s->max_body);
            return 0;
        }
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        serve_api_code(s, &params, ct, req->body.data ? req->body.data : "", req->body.len, r);
        return 0;
    }
    if (req->too_big) {
        serve_error(r, 413, "request body larger than %zu bytes", s->max_body);
        return 0;
    }
    static const char *const get_routes[] = {"/api/events", "/api/stats", "/api/actors", "/api/event/"};
    int known = 0;
    for (size_t i = 0; i < sizeof get_routes / sizeof get_routes[0]; i++) {
        size_t len = strlen(get_routes[i]);
        if (get_routes[i][len - 1] == '/' ? strncmp(url, get_routes[i], len) == 0 && url[len] != '\0'
                                          : strcmp(url, get_routes[i]) == 0)
            known = 1;
    }
    if (!known) {
        serve_error(r, 404, "no such endpoint: %.200s", url);
        return 0;
    }
    if (!is_get(method)) {
        r->allow = "GET, HEAD";
        serve_error(r, 405, "method %s not allowed here", method);
        return 0;
    }
    char why[300];
    int valid = 0;
    if (strcmp(url, "/api/events") == 0) {
        serve_events_query q;
        valid = serve_events_query_parse(&params, &q, why, sizeof why) == 0;
    } else if (strcmp(url, "/api/stats") == 0) {
        serve_stats_query q;
        valid = serve_stats_query_parse(&params, &q, why, sizeof why) == 0;
    } else if (strcmp(url, "/api/actors") == 0) {
        serve_actors_query q;
        valid = serve_actors_query_parse(&params, &q, why, sizeof why) == 0;
    } else {
        uint64_t id;
        valid = serve_no_params(&params, why, sizeof why) == 0;
        if (valid && serve_parse_event_id(url + strlen("/api/event/"), &id) != 0) {
            valid = 0;
            snprintf(why, sizeof why, "event id: expected 1-16 hexadecimal digits");
        }
    }
    if (!valid) {
        serve_error(r, 400, "%s", why);
        return 0;
    }
    if (strcmp(url, "/api/stats") == 0 || strcmp(url, "/api/actors") == 0) {
        parley_buf key = PARLEY_BUF_INIT;
        int hit = cache_key(url, &params, &key) == 0 && serve_cache_peek(&s->cache, key.data, r);
        parley_buf_free(&key);
        if (hit) {
            r->cache_state = "hit";
            return 0;
        }
        /* No turn free for an aggregate now: say so at once instead of
         * queueing it behind the cheap queries only to refuse it when a
         * worker picks it up (the worker still checks: this is a snapshot). */
        int turns = 1;
        if (sem_getvalue(&s->heavy, &turns) == 0 && turns <= 0) {
            r->retry_after = "5";
            serve_error(r, 503, "busy: too many statistics queries at once; retry shortly");
            return 0;
        }
    }
    /* The copy's strings must point into its own pool. */
    req->params = params;
    for (size_t i = 0; i < params.n; i++) {
        req->params.key[i] = req->params.pool + (params.key[i] - params.pool);
        req->params.value[i] = req->params.pool + (params.value[i] - params.pool);
    }
    return 1;
}

/* The key keeps the parameters' order: the dashboard always sends them in
 * the same order, and a miss only costs a recomputation. */
static int cache_key(const char *url, const serve_params *params, parley_buf *key) {
    if (parley_buf_puts(key, url) != 0) return -1;
    for (size_t i = 0; i < params->n; i++)
        if (parley_buf_printf(key, "\x1f%s=%s", params->key[i], params->value[i]) != 0) return -1;
    return 0;
}

/* Runs a validated store request on a worker thread. */
static void route_store(parley_server *s, const char *url, const serve_params *params, serve_response *r) {
    if (strcmp(url, "/api/events") == 0) {
        serve_api_events(s, params, r);
    } else if (strcmp(url, "/api/stats") == 0 || strcmp(url, "/api/actors") == 0) {
        parley_buf key = PARLEY_BUF_INIT;
        int keyed = cache_key(url, params, &key) == 0;
        if (keyed && serve_cache_get(&s->cache, key.data, r)) {
            r->cache_state = "hit";
        } else {
            /* Aggregates may take seconds on a large store: at most half the
             * workers run them, so the others stay free for cheap queries.
             * Waiting for a turn would hold a worker all the same, so a
             * request that finds no free turn is told at once to retry. */
            if (sem_trywait(&s->heavy) != 0) {
                r->retry_after = "5";
                serve_error(r, 503, "busy: too many statistics queries at once; retry shortly");
            } else {
                if (url[5] == 's') serve_api_stats(s, params, r);
                else serve_api_actors(s, params, r);
                sem_post(&s->heavy);
            }
            if (keyed) serve_cache_put(&s->cache, key.data, r);
            r->cache_state = s->cache.ttl_s && r->status == 200 ? "miss" : NULL;
        }
        parley_buf_free(&key);
    } else {
        serve_api_event(s, url + strlen("/api/event/"), params, r);
    }
}

/* ---- the store workers ---- */

static void *worker_main(void *arg) {
    parley_server *s = arg;
    pthread_mutex_lock(&s->queue_lock);
    for (;;) {
        while (s->queue_head == NULL && !s->stopping) pthread_cond_wait(&s->queue_cond, &s->queue_lock);
        serve_request *req = s->queue_head;
        if (req == NULL) break;  /* stopping, and nothing left to do */
        s->queue_head = req->next;
        if (s->queue_head == NULL) s->queue_tail = NULL;
        pthread_mutex_unlock(&s->queue_lock);
        /* A request that waited longer than the timeout is shed rather than
         * run: its client has probably given up, and running it would only
         * make the backlog longer for everyone behind it. */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - req->queued.tv_sec > (time_t)s->timeout_s) {
            req->resp.retry_after = "5";
            serve_error(&req->resp, 503, "busy: the request waited more than %u s for the store; retry shortly",
                        s->timeout_s);
        } else {
            route_store(s, req->url, &req->params, &req->resp);
        }
        pthread_mutex_lock(&s->queue_lock);
        req->ready = 1;
        MHD_resume_connection(req->conn);
    }
    pthread_mutex_unlock(&s->queue_lock);
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls) {
    (void)version;
    parley_server *s = cls;
    serve_request *req = *con_cls;
    if (req == NULL) {
        req = calloc(1, sizeof *req);
        if (req == NULL) return MHD_NO;
        *con_cls = req;
        pthread_mutex_lock(&s->queue_lock);
        s->active++;
        pthread_mutex_unlock(&s->queue_lock);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL && strtoull(cl, NULL, 10) > s->max_body) {
            /* Answer before the body arrives; libmicrohttpd closes the
             * connection afterwards instead of reading the rest. */
            serve_response r = {0, NULL, NULL, NULL, NULL, NULL, PARLEY_BUF_INIT};
            serve_error(&r, 413, "request body larger than %zu bytes", s->max_body);
            return send_response(c, &r);
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!req->too_big && req->body.len + *upload_size <= s->max_body) {
            if (parley_buf_append(&req->body, upload_data, *upload_size) != 0) req->too_big = 1;
        } else {
            req->too_big = 1;
            parley_buf_free(&req->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (req->ready) return send_response(c, &req->resp);
    if (req->conn != NULL) return MHD_YES;  /* queued: not resumed yet */
    serve_response r = {200, "application/json", "no-store", NULL, NULL, NULL, PARLEY_BUF_INIT};
    if (route(s, c, url, method, req, &r) == 0) return send_response(c, &r);
    req->url = strdup(url);
    if (req->url == NULL) {
        serve_error(&r, 503, "out of memory");
        return send_response(c, &r);
    }
    req->resp = r;
    req->conn = c;
    clock_gettime(CLOCK_MONOTONIC, &req->queued);
    MHD_suspend_connection(c);
    pthread_mutex_lock(&s->queue_lock);
    if (s->queue_tail) s->queue_tail->next = req;
    else s->queue_head = req;
    s->queue_tail = req;
    pthread_cond_signal(&s->queue_cond);
    pthread_mutex_unlock(&s->queue_lock);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)c;
    (void)toe;
    serve_request *req = *con_cls;
    if (req == NULL) return;
    parley_buf_free(&req->body);
    parley_buf_free(&req->resp.body);
    free(req->url);
    free(req);
    *con_cls = NULL;
    parley_server *s = cls;
    pthread_mutex_lock(&s->queue_lock);
    s->active--;
    pthread_cond_broadcast(&s->queue_cond);
    pthread_mutex_unlock(&s->queue_lock);
}

void parley_serve_config_init(parley_serve_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->host = "127.0.0.1";
    cfg->port = 8080;
    cfg->threads = 4;
    cfg->max_body = 1 << 20;
    cfg->timeout_s = 10;
    cfg->cache_s = 30;
}

static char *dup_or_null(const char *s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Lets the workers finish the queue and exit. */
static void server_free_workers(parley_server *s) {
    pthread_mutex_lock(&s->queue_lock);
    s->stopping = 1;
    pthread_cond_broadcast(&s->queue_cond);
    pthread_mutex_unlock(&s->queue_lock);
    for (size_t i = 0; i < s->n_workers; i++) pthread_join(s->workers[i], NULL);
    s->n_workers = 0;
}

static void server_free(parley_server *s) {
    server_free_workers(s);
    free(s->workers);
    pthread_mutex_destroy(&s->queue_lock);
    pthread_cond_destroy(&s->queue_cond);
    if (s->coder_ready) serve_coder_free(&s->coder);
    if (s->cache_ready) serve_cache_free(&s->cache);
    if (s->heavy_ready) sem_destroy(&s->heavy);
    if (s->pool.handles) serve_pool_close(&s->pool);
    free(s->web_dir);
    free(s->data_dir);
    free(s);
}

parley_status parley_serve_start(const parley_serve_config *cfg, parley_server **out, parley_error *err) {
    *out = NULL;
    if (cfg == NULL || cfg->db_path == NULL)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "serve: no event store given");
    if (cfg->port < 0 || cfg->port > 65535)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "serve: port %d out of range", cfg->port);
    int threads = cfg->threads > 0 ? cfg->threads : 4;
    if (threads > 256) return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "serve: at most 256 threads");

    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    const char *host = cfg->host ? cfg->host : "127.0.0.1";
    unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)cfg->port);
    } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)cfg->port);
        flags |= MHD_USE_IPv6;
    } else {
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "serve: '%s' is not a numeric IP address", host);
    }

    parley_server *s = calloc(1, sizeof *s);
    if (s == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    pthread_mutex_init(&s->queue_lock, NULL);
    pthread_cond_init(&s->queue_cond, NULL);
    s->max_body = cfg->max_body ? cfg->max_body : (size_t)1 << 20;
    s->timeout_s = cfg->timeout_s ? cfg->timeout_s : 10;
    serve_cache_init(&s->cache, cfg->cache_s);
    s->cache_ready = 1;
    if (sem_init(&s->heavy, 0, (unsigned)(threads > 1 ? threads / 2 : 1)) != 0) {
        server_free(s);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "serve: cannot create a semaphore");
    }
    s->heavy_ready = 1;
    s->web_dir = dup_or_null(cfg->web_dir);
    s->data_dir = dup_or_null(cfg->data_dir);
    if ((cfg->web_dir && !s->web_dir) || (cfg->data_dir && !s->data_dir)) {
        server_free(s);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    }
    parley_status st = serve_pool_open(&s->pool, cfg->db_path, (size_t)threads, err);
    if (st != PARLEY_OK) {
        server_free(s);
        return st;
    }
    serve_coder_init(&s->coder, s->data_dir, (size_t)threads);
    s->coder_ready = 1;
    s->workers = calloc((size_t)threads, sizeof *s->workers);
    for (int i = 0; s->workers && i < threads; i++) {
        if (pthread_create(&s->workers[i], NULL, worker_main, s) != 0) break;
        s->n_workers++;
    }
    if (s->n_workers != (size_t)threads) {
        server_free(s);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "serve: cannot start %d worker threads", threads);
    }

    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)s->timeout_s, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)0, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)SERVE_CONNECTION_MEMORY, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (s->daemon == NULL) {
        server_free(s);
        return parley_error_set(err, PARLEY_ERR_IO, "", 0, "serve: cannot listen on %s port %d (in use?)",
                                host, cfg->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    *out = s;
    return PARLEY_OK;
}

int parley_serve_port(const parley_server *server) { return server ? server->port : 0; }

void parley_serve_stop(parley_server *server) {
    if (server == NULL) return;
    /* Stop accepting, then let the requests in flight (queued ones too)
     * be answered before the connections are closed; a bound keeps a
     * stuck client from holding the shutdown forever. */
    MHD_socket listener = MHD_quiesce_daemon(server->daemon);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60;
    pthread_mutex_lock(&server->queue_lock);
    while (server->active > 0)
        if (pthread_cond_timedwait(&server->queue_cond, &server->queue_lock, &until) != 0) break;
    pthread_mutex_unlock(&server->queue_lock);
    server_free_workers(server);
    MHD_stop_daemon(server->daemon);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    server_free(server);
}
