/* parley/error.h - status codes and the caller-owned error record.
 *
 * Every fallible library function returns a parley_status and, when given a
 * non-NULL parley_error, fills it with where (file, line) and why. The library
 * never prints and never exits; the caller decides what to show. */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_status {
    PARLEY_OK = 0,
    PARLEY_EOF = 1,          /* no more input: not an error */
    PARLEY_SKIP = 2,         /* this record was rejected; reading may go on */
    PARLEY_ERR_IO = -1,      /* the operating system refused (open, read, write) */
    PARLEY_ERR_FORMAT = -2,  /* input is malformed */
    PARLEY_ERR_NOMEM = -3,
    PARLEY_ERR_LIMIT = -4,   /* a configured limit was exceeded */
    PARLEY_ERR_ARG = -5,     /* the caller passed something invalid */
    PARLEY_ERR_MODEL = -6,   /* a model or dictionary file is unusable */
    PARLEY_ERR_DB = -7,      /* the event store failed */
    PARLEY_ERR_VERSION = -8  /* a file or store is from a newer parley */
} parley_status;

typedef struct parley_error {
    parley_status status;
    char file[256];   /* input file the error is about ("-" for stdin), or "" */
    long line;        /* 1-based line in that file, or 0 when not applicable */
    char message[512];
} parley_error;

/* Fills err (if not NULL) and returns status, so callers can write
 * `return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open: %s", ...)`. */
parley_status parley_error_set(parley_error *err, parley_status status, const char *file, long line,
                               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Resets err to PARLEY_OK with empty fields. */
void parley_error_clear(parley_error *err);

/* A short English name for a status ("format error", ...). Never NULL. */
const char *parley_status_name(parley_status status);

#ifdef __cplusplus
}
#endif
#endif
