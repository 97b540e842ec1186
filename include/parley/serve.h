/* parley/serve.h - the HTTP JSON API and dashboard server (`parley serve`).
 *
 * A libmicrohttpd daemon with a thread pool answers read-only queries against
 * an event store (/api/events, /api/stats, /api/actors, /api/event/{id}),
 * codes posted documents without storing them (/api/code), and serves the
 * built dashboard from a web folder. The server runs in its own threads; the
 * caller starts it, waits for whatever should stop it (a signal), and stops
 * it. Only built when libmicrohttpd was found (PARLEY_HAVE_MHD). */
#ifndef PARLEY_SERVE_H
#define PARLEY_SERVE_H

#include <stddef.h>

#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_serve_config {
    const char *db_path;      /* the event store, opened read-only; required */
    const char *host;         /* numeric IPv4 or IPv6 address; NULL: 127.0.0.1 */
    int port;                 /* 0: any free port (see parley_serve_port) */
    int threads;              /* worker threads; <= 0: 4 */
    const char *web_dir;      /* folder with index.html and assets/; NULL: no dashboard */
    const char *data_dir;     /* models and dictionaries for /api/code; NULL: built-in default */
    size_t max_body;          /* largest accepted POST body in bytes; 0: 1 MiB */
    unsigned timeout_s;       /* idle connection timeout and /api/code time limit; 0: 10 s */
    unsigned cache_s;         /* reuse /api/stats and /api/actors answers this long; 0: never */
} parley_serve_config;

typedef struct parley_server parley_server;

/* Sets the defaults: 127.0.0.1:8080, 4 threads, 1 MiB bodies, 10 s
 * timeout, 30 s cache, all folders NULL. */
void parley_serve_config_init(parley_serve_config *cfg);

/* Opens the store, binds the address and starts answering. On success *out
 * owns the running server; free it with parley_serve_stop. */
parley_status parley_serve_start(const parley_serve_config *cfg, parley_server **out,
                                 parley_error *err);

/* The TCP port the server listens on (useful after asking for port 0). */
int parley_serve_port(const parley_server *server);

/* Stops accepting, lets requests in flight finish, frees everything. NULL is a no-op. */
void parley_serve_stop(parley_server *server);

#ifdef __cplusplus
}
#endif
#endif
