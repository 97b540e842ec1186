/* store_filter.h - SQL assembled from constant fragments with bound values
 * (store_filter.c); shared by query, count and stats. Internal. */
#ifndef PARLEY_STORE_FILTER_H
#define PARLEY_STORE_FILTER_H

#include "store/store_internal.h"

#define STORE_MAX_BINDS 32

enum { BIND_TEXT, BIND_INT, BIND_REAL };

typedef struct store_sql {
    parley_buf sql;
    struct {
        int kind;
        char *text;
        long long i;
        double d;
    } b[STORE_MAX_BINDS];
    int n;
} store_sql;

void store_sql_init(store_sql *q);
void store_sql_free(store_sql *q);
/* Each returns 0, or -1 when out of memory or out of bind slots. */
int store_sql_add(store_sql *q, const char *fragment);
int store_sql_text(store_sql *q, const char *value);
int store_sql_int(store_sql *q, long long value);
int store_sql_real(store_sql *q, double value);

/* " FROM events e", with an index hint for the filters that need one. */
const char *store_filter_events_table(const parley_store_query *f);

/* Appends " WHERE ..." over the events table aliased e. */
parley_status store_filter_where(parley_store *s, store_sql *q, const parley_store_query *f, parley_error *err);

/* The statement for q's SQL with q's values bound: from the handle's cache
 * when that text was prepared before and is not in use (a row callback may
 * run another query on the same handle). Give it back with
 * store_sql_release before store_sql_free(q), whose values it points to. */
parley_status store_sql_prepare(parley_store *s, store_sql *q, sqlite3_stmt **out, parley_error *err);
void store_sql_release(parley_store *s, sqlite3_stmt *stmt);

/* Finalizes the cached statements (closing the handle). */
void store_sql_cache_free(parley_store *s);

/* The error of a failed sqlite3_step, with a bad FTS query as PARLEY_ERR_ARG. */
parley_status store_step_error(parley_store *s, const parley_store_query *f, parley_error *err);

#endif
