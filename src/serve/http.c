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

#include "serve/serve_internal.h"

/* No inline scripts or styles, nothing from elsewhere: the dashboard is
 * self-contained (map data included), so everything but 'self' is refused. */
#define SERVE_CSP                                                                               \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "               \
    "frame-ancestors 'none'"

typedef struct serve_request {
    parley_buf body;
    int too_big;
} serve_request;

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

/* Routes one complete request. */
static void route(parley_server *s, struct MHD_Connection *c, const char *url, const char *method,
                  const serve_request *req, serve_response *r) {
    serve_params params;
    serve_params_init(&params);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &params);

    if (strncmp(url, "/api/", 5) != 0) {
        if (!is_get(method)) {
            r->allow = "GET, HEAD";
            serve_error(r, 405, "method %s not allowed here", method);
            return;
        }
        serve_static(s, url, r);
        return;
    }
    if (strcmp(url, "/api/code") == 0) {
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
            r->allow = "POST";
            serve_error(r, 405, "/api/code takes a POST of a JSON document");
            return;
        }
        if (req->too_big) {
            serve_error(r, 413, "request body larger than %zu bytes", s->max_body);
            return;
        }
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        serve_api_code(s, &params, ct, req->body.data ? req->body.data : "", req->body.len, r);
        return;
    }
    if (req->too_big) {
        serve_error(r, 413, "request body larger than %zu bytes", s->max_body);
        return;
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
        return;
    }
    if (!is_get(method)) {
        r->allow = "GET, HEAD";
        serve_error(r, 405, "method %s not allowed here", method);
        return;
    }
    if (strcmp(url, "/api/events") == 0) {
        serve_api_events(s, &params, r);
    } else if (strcmp(url, "/api/stats") == 0 || strcmp(url, "/api/actors") == 0) {
        /* The key keeps the parameters' order: the dashboard always sends
         * them in the same order, and a miss only costs a recomputation. */
        parley_buf key = PARLEY_BUF_INIT;
        int keyed = parley_buf_puts(&key, url) == 0;
        for (size_t i = 0; keyed && i < params.n; i++)
            keyed = parley_buf_printf(&key, "\x1f%s=%s", params.key[i], params.value[i]) == 0;
        if (keyed && serve_cache_get(&s->cache, key.data, r)) {
            r->cache_state = "hit";
        } else {
            /* Aggregates may take seconds on a large store: at most half the
             * workers run them, so the others stay free for cheap requests.
             * Waiting for a turn would block a worker all the same, so a
             * request that finds no free turn is told at once to retry. */
            if (sem_trywait(&s->heavy) != 0) {
                r->retry_after = "5";
                serve_error(r, 503, "busy: too many statistics queries at once; retry shortly");
            } else {
                if (url[5] == 's') serve_api_stats(s, &params, r);
                else serve_api_actors(s, &params, r);
                sem_post(&s->heavy);
            }
            if (keyed) serve_cache_put(&s->cache, key.data, r);
            r->cache_state = s->cache.ttl_s && r->status == 200 ? "miss" : NULL;
        }
        parley_buf_free(&key);
    } else {
        serve_api_event(s, url + strlen("/api/event/"), &params, r);
    }
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
    serve_response r = {200, "application/json", "no-store", NULL, NULL, NULL, PARLEY_BUF_INIT};
    route(s, c, url, method, req, &r);
    return send_response(c, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)c;
    (void)toe;
    serve_request *req = *con_cls;
    if (req == NULL) return;
    parley_buf_free(&req->body);
    free(req);
    *con_cls = NULL;
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

static void server_free(parley_server *s) {
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
    unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD;
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

    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)s->timeout_s, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)0, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
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
    MHD_stop_daemon(server->daemon);
    server_free(server);
}
