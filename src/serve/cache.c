/* cache.c - a small time-limited cache of the aggregate API answers.
 *
 * /api/stats and /api/actors aggregate over every matching event, which on
 * a large store takes seconds, while the dashboard asks the same questions
 * again and again. The server only reads the store, so an answer may be
 * reused for a short, configured time (`--cache SECONDS`, 0 turns it off);
 * events written by a concurrent `parley load` show up after at most that
 * long. The cache is direct-mapped (a colliding key replaces the older
 * entry) and holds at most SERVE_CACHE_SLOTS answers of at most
 * SERVE_CACHE_MAX_BODY bytes each, so its memory is bounded.
 *
 * When many clients ask the same uncached question at once (a dashboard
 * opened by many people, a load test), only the first computes it: the
 * others wait for its answer instead of running the same aggregate on
 * every worker thread. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/serve_internal.h"

static uint64_t cache_hash(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void serve_cache_init(serve_cache *c, unsigned ttl_s) {
    memset(c, 0, sizeof *c);
    c->ttl_s = ttl_s;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->filled, NULL);
}

void serve_cache_free(serve_cache *c) {
    for (size_t i = 0; i < SERVE_CACHE_SLOTS; i++) {
        free(c->slots[i].key);
        free(c->slots[i].body);
    }
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->filled);
    memset(c, 0, sizeof *c);
}

int serve_cache_get(serve_cache *c, const char *key, serve_response *r) {
    if (c->ttl_s == 0) return 0;
    uint64_t h = cache_hash(key);
    serve_cache_entry *e = &c->slots[h % SERVE_CACHE_SLOTS];
    int hit = 0;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        if (e->key && e->hash == h && strcmp(e->key, key) == 0 && now_s() - e->stored < c->ttl_s) {
            parley_buf_clear(&r->body);
            hit = parley_buf_append(&r->body, e->body, e->len) == 0;
            break;
        }
        if (e->computing != h) {
            /* A miss: this caller computes, and must call serve_cache_put. */
            e->computing = h;
            break;
        }
        /* Someone computes this very key: wait for its answer, then look
         * again (if it failed, the first to wake up computes instead). */
        pthread_cond_wait(&c->filled, &c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    if (hit) r->status = 200;
    return hit;
}

int serve_cache_peek(serve_cache *c, const char *key, serve_response *r) {
    if (c->ttl_s == 0) return 0;
    uint64_t h = cache_hash(key);
    serve_cache_entry *e = &c->slots[h % SERVE_CACHE_SLOTS];
    int hit = 0;
    pthread_mutex_lock(&c->lock);
    if (e->key && e->hash == h && strcmp(e->key, key) == 0 && now_s() - e->stored < c->ttl_s) {
        parley_buf_clear(&r->body);
        hit = parley_buf_append(&r->body, e->body, e->len) == 0;
    }
    pthread_mutex_unlock(&c->lock);
    if (hit) r->status = 200;
    return hit;
}

void serve_cache_put(serve_cache *c, const char *key, const serve_response *r) {
    if (c->ttl_s == 0) return;
    uint64_t h = cache_hash(key);
    serve_cache_entry *e = &c->slots[h % SERVE_CACHE_SLOTS];
    char *k = NULL, *b = NULL;
    int keep = r->status == 200 && r->body.len > 0 && r->body.len <= SERVE_CACHE_MAX_BODY;
    if (keep) {
        k = strdup(key);
        b = malloc(r->body.len);
        if (k == NULL || b == NULL) {
            free(k);
            free(b);
            keep = 0;
        } else {
            memcpy(b, r->body.data, r->body.len);
        }
    }
    pthread_mutex_lock(&c->lock);
    if (e->computing == h) e->computing = 0;
    pthread_cond_broadcast(&c->filled);
    if (!keep) {
        pthread_mutex_unlock(&c->lock);
        return;
    }
    free(e->key);
    free(e->body);
    e->key = k;
    e->body = b;
    e->len = r->body.len;
    e->hash = h;
    e->stored = now_s();
    pthread_mutex_unlock(&c->lock);
}
