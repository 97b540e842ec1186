/* serve_internal.h - what the files of src/serve share: the raw query
 * parameters of a request, the validated query of each endpoint, and the
 * response a handler fills before http.c sends it.
 *
 * Parameter parsing is kept apart from libmicrohttpd so that it can be
 * fuzzed (fuzz/fuzz_http_params.c) and unit-tested without a socket. */
#ifndef PARLEY_SERVE_INTERNAL_H
#define PARLEY_SERVE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <pthread.h>
#include <semaphore.h>

#include "parley/buf.h"
#include "parley/serve.h"
#include "parley/store.h"

#define SERVE_MAX_PARAMS 32
#define SERVE_PARAM_POOL 8192
#define SERVE_MAX_LIMIT 1000
#define SERVE_DEFAULT_LIMIT 100
#define SERVE_CODE_LEN 40  /* parley_actor.code */
#define SERVE_TOP_N 8      /* dyads and actors listed by /api/stats */

/* The decoded key=value pairs of one query string, copied into a fixed pool. */
typedef struct serve_params {
    const char *key[SERVE_MAX_PARAMS];
    const char *value[SERVE_MAX_PARAMS];
    size_t n;
    size_t used;
    int overflow;  /* too many parameters or too many bytes: the request is rejected */
    char pool[SERVE_PARAM_POOL];
} serve_params;

void serve_params_init(serve_params *p);
/* Copies one decoded pair (value NULL means "key" without '='). */
void serve_params_add(serve_params *p, const char *key, const char *value);
/* Splits and percent-decodes a raw query string ("a=1&b=x%20y", '+' is a
 * space), as libmicrohttpd does, then adds each pair. */
void serve_params_parse_query(serve_params *p, const char *qs, size_t n);

typedef enum serve_sort { SERVE_SORT_DATE_DESC, SERVE_SORT_DATE_ASC, SERVE_SORT_GOLDSTEIN_ASC,
                          SERVE_SORT_GOLDSTEIN_DESC } serve_sort;

/* The validated filters of /api/events (the options of `parley query`).
 * Empty strings and 0 mean "not given". */
typedef struct serve_events_query {
    char from[11], to[11];
    char actor[SERVE_CODE_LEN], source[SERVE_CODE_LEN], target[SERVE_CODE_LEN];
    char dyad_a[SERVE_CODE_LEN], dyad_b[SERVE_CODE_LEN];
    char reporter[SERVE_CODE_LEN];
    char cameo[5], root[3];
    int quad;
    char plover[32];
    char country[4];
    char place[101];
    char text[257];    /* the words as given */
    char fts[560];     /* the same as a full-text query (each word quoted) */
    serve_sort sort;
    int limit;
    char cursor[129];  /* the store's keyset cursor of the last row of the previous page */
} serve_events_query;

typedef enum serve_period { SERVE_BY_DAY, SERVE_BY_WEEK, SERVE_BY_MONTH } serve_period;
typedef enum serve_group { SERVE_GROUP_QUAD, SERVE_GROUP_ROOT } serve_group;

/* The validated parameters of /api/stats. */
typedef struct serve_stats_query {
    serve_events_query f;  /* the filters only: sort, limit and cursor are not accepted */
    serve_period by;
    serve_group group;
} serve_stats_query;

/* The validated parameters of /api/actors. */
typedef struct serve_actors_query {
    char prefix[SERVE_CODE_LEN];
    int by_count;  /* 1: most events first; 0: by code */
    int limit;
} serve_actors_query;

/* Each returns 0, or -1 with a human-readable reason in err (for a 400). */
int serve_events_query_parse(const serve_params *p, serve_events_query *q, char *err, size_t n);
int serve_stats_query_parse(const serve_params *p, serve_stats_query *q, char *err, size_t n);
int serve_actors_query_parse(const serve_params *p, serve_actors_query *q, char *err, size_t n);
/* Parameters of endpoints that take none (/api/event/{id}, /api/code). */
int serve_no_params(const serve_params *p, char *err, size_t n);

/* An event id in a path: 1 to 16 hex digits. Returns 0 or -1. */
int serve_parse_event_id(const char *s, uint64_t *id);

/* The response a handler builds; http.c adds the common headers. */
typedef struct serve_response {
    int status;
    const char *content_type;
    const char *cache_control;
    const char *allow;        /* for 405 */
    const char *cache_state;  /* "hit" or "miss" for cacheable answers, else NULL */
    const char *retry_after;  /* seconds, for a 503 when busy */
    parley_buf body;
} serve_response;

/* Replaces the body with {"error": "<message>"} and sets the status. Returns status. */
int serve_error(serve_response *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read-only store handles, one per worker thread at most: a handle is used
 * by one thread at a time, so requests borrow one and give it back. */
typedef struct serve_pool {
    parley_store **handles;
    parley_store **free_list;
    size_t n, n_free;
    pthread_mutex_t lock;
    pthread_cond_t available;
} serve_pool;

parley_status serve_pool_open(serve_pool *pool, const char *path, size_t n, parley_error *err);
parley_store *serve_pool_take(serve_pool *pool);
void serve_pool_give(serve_pool *pool, parley_store *store);
void serve_pool_close(serve_pool *pool);

#define SERVE_CACHE_SLOTS 256
#define SERVE_CACHE_MAX_BODY (4u << 20)

typedef struct serve_cache_entry {
    char *key;      /* path and decoded parameters; NULL: empty slot */
    char *body;
    size_t len;
    uint64_t hash;
    double stored;  /* CLOCK_MONOTONIC seconds */
    uint64_t computing;  /* hash of the key a request is computing now, or 0 */
} serve_cache_entry;

/* Recent answers of the aggregate endpoints (see cache.c). */
typedef struct serve_cache {
    serve_cache_entry slots[SERVE_CACHE_SLOTS];
    unsigned ttl_s;  /* 0: off */
    pthread_mutex_t lock;
    pthread_cond_t filled;  /* a computation finished */
} serve_cache;

void serve_cache_init(serve_cache *c, unsigned ttl_s);
void serve_cache_free(serve_cache *c);
/* Fills r (status 200 and body) from a fresh entry for key; returns 1 on a
 * hit. On a miss (0) the caller computes the answer and must then call
 * serve_cache_put, whatever the status: other requests for the same key
 * wait for it meanwhile. */
int serve_cache_get(serve_cache *c, const char *key, serve_response *r);
/* Keeps a copy of a 200 answer for key and wakes the waiting requests. */
void serve_cache_put(serve_cache *c, const char *key, const serve_response *r);

/* Fills r from a fresh entry without waiting or claiming the key (for the
 * HTTP threads, which must never block); returns 1 on a hit. */
int serve_cache_peek(serve_cache *c, const char *key, serve_response *r);

struct MHD_Daemon;
struct parley_pipeline;
typedef struct serve_request serve_request;
struct parley_pipeline_worker;

/* The coder behind /api/code: the pipeline (models and dictionaries, loaded
 * once) and one worker per server thread. Runs that outlive their request
 * (past the time limit) are counted so shutdown can wait for them. */
typedef struct serve_coder {
    struct parley_pipeline *pipeline;         /* NULL: could not be loaded (see why) */
    char why[512];
    struct parley_pipeline_worker **workers;  /* the free ones: [0, n_free) */
    size_t n, n_free;
    int running;                              /* runs not yet finished */
    pthread_mutex_t lock;
    pthread_cond_t changed;
} serve_coder;

struct parley_server {
    struct MHD_Daemon *daemon;
    serve_pool pool;
    serve_coder coder;
    int coder_ready;  /* serve_coder_init ran */
    serve_cache cache;
    int cache_ready;
    sem_t heavy;      /* turns for aggregate queries: half the workers */
    int heavy_ready;
    /* Store queries waiting for a worker (FIFO), and the workers. */
    pthread_mutex_t queue_lock;
    pthread_cond_t queue_cond;    /* work queued, stopping, or a request done */
    serve_request *queue_head, *queue_tail;
    int stopping;
    long active;                  /* requests begun and not yet completed */
    pthread_t *workers;
    size_t n_workers;
    char *web_dir;   /* NULL: no dashboard */
    char *data_dir;  /* NULL: the built-in default */
    size_t max_body;
    unsigned timeout_s;
    int port;
};

/* The API handlers: each fills r with a status and a JSON body. */
void serve_api_events(parley_server *s, const serve_params *p, serve_response *r);
void serve_api_stats(parley_server *s, const serve_params *p, serve_response *r);
void serve_api_actors(parley_server *s, const serve_params *p, serve_response *r);
void serve_api_event(parley_server *s, const char *id, const serve_params *p, serve_response *r);
/* POST /api/code: codes the JSON document body[0..n) without storing it. */
void serve_api_code(parley_server *s, const serve_params *p, const char *content_type, const char *body,
                    size_t n, serve_response *r);

/* Loads the pipeline for /api/code (a failure is kept in why, not fatal:
 * the read-only endpoints work without models) and frees it after waiting
 * for runs still going. */
void serve_coder_init(serve_coder *c, const char *data_dir, size_t workers);
void serve_coder_free(serve_coder *c);

/* Serves a file of the web folder for a GET of url ("/" is index.html);
 * 404 for anything outside the folder or with an unexpected name. */
void serve_static(const parley_server *s, const char *url, serve_response *r);

#endif
