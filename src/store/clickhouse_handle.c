/* clickhouse_handle.c - the parley_store handle around a ClickHouse store.
 *
 * parley_store_open() passes an http:// URL here; the handle's ch member
 * marks it, and every public parley_store_* function forwards to the
 * ClickHouse backend (src/store/clickhouse.h) when it is set. The SQLite
 * members stay zero and unused. */
#include <stdio.h>
#include <stdlib.h>

#include "store/clickhouse.h"
#include "store/store_internal.h"

parley_status ch_store_open(parley_store **out, const char *url, int flags, parley_error *err) {
    *out = NULL;
    parley_store *s = calloc(1, sizeof *s);
    if (s == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, url, 0, "out of memory");
    parley_status st = ch_open(&s->ch, url, flags, err);
    if (st != PARLEY_OK) {
        free(s);
        return st;
    }
    snprintf(s->path, sizeof s->path, "%s", url);
    s->readonly = (flags & PARLEY_STORE_READONLY) != 0;
    s->version = PARLEY_STORE_SCHEMA_VERSION;
    *out = s;
    return PARLEY_OK;
}

parley_status ch_store_close(parley_store *s, parley_error *err) {
    parley_status st = ch_close(s->ch, err);
    free(s);
    return st;
}
