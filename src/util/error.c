/* error.c - filling the caller-owned error record (see parley/error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parley/error.h"

parley_status parley_error_set(parley_error *err, parley_status status, const char *file, long line,
                               const char *fmt, ...) {
    if (err == NULL) return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void parley_error_clear(parley_error *err) {
    if (err == NULL) return;
    memset(err, 0, sizeof *err);
}

const char *parley_status_name(parley_status status) {
    switch (status) {
    case PARLEY_OK: return "ok";
    case PARLEY_EOF: return "end of input";
    case PARLEY_SKIP: return "skipped";
    case PARLEY_ERR_IO: return "I/O error";
    case PARLEY_ERR_FORMAT: return "format error";
    case PARLEY_ERR_NOMEM: return "out of memory";
    case PARLEY_ERR_LIMIT: return "limit exceeded";
    case PARLEY_ERR_ARG: return "invalid argument";
    case PARLEY_ERR_MODEL: return "unusable model or dictionary";
    case PARLEY_ERR_DB: return "store error";
    case PARLEY_ERR_VERSION: return "version mismatch";
    }
    return "unknown error";
}
