/* pool.c - the server's read-only store handles.
 *
 * A parley_store handle may be used by one thread at a time, and opening one
 * per request would cost a schema check each time; so the server opens one
 * handle per worker thread at start and requests borrow them. With as many
 * handles as threads a request never waits, but the condition variable keeps
 * it correct if that ever changes. */
#include <stdlib.h>

#include "serve/serve_internal.h"

parley_status serve_pool_open(serve_pool *pool, const char *path, size_t n, parley_error *err) {
    pool->n = 0;
    pool->n_free = 0;
    pool->handles = calloc(n, sizeof *pool->handles);     // NOLINT(bugprone-sizeof-expression)
    pool->free_list = calloc(n, sizeof *pool->free_list); // NOLINT(bugprone-sizeof-expression)
    if (pool->handles == NULL || pool->free_list == NULL) {
        free(pool->handles);
        free(pool->free_list);
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory for %zu store handles", n);
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->available, NULL);
    for (size_t i = 0; i < n; i++) {
        parley_status st = parley_store_open(&pool->handles[i], path, PARLEY_STORE_READONLY, err);
        if (st != PARLEY_OK) {
            serve_pool_close(pool);
            return st;
        }
        pool->n++;
        pool->free_list[pool->n_free++] = pool->handles[i];
    }
    return PARLEY_OK;
}

parley_store *serve_pool_take(serve_pool *pool) {
    pthread_mutex_lock(&pool->lock);
    while (pool->n_free == 0) pthread_cond_wait(&pool->available, &pool->lock);
    parley_store *st = pool->free_list[--pool->n_free];
    pthread_mutex_unlock(&pool->lock);
    return st;
}

void serve_pool_give(serve_pool *pool, parley_store *store) {
    pthread_mutex_lock(&pool->lock);
    pool->free_list[pool->n_free++] = store;
    pthread_cond_signal(&pool->available);
    pthread_mutex_unlock(&pool->lock);
}

void serve_pool_close(serve_pool *pool) {
    for (size_t i = 0; i < pool->n; i++) parley_store_close(pool->handles[i], NULL);
    free(pool->handles);
    free(pool->free_list);
    pool->handles = pool->free_list = NULL;
    pool->n = pool->n_free = 0;
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->available);
}
