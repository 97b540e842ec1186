/* parley/buf.h - a growable byte buffer for rendering output.
 *
 * Writers (CoNLL-U, JSONL, CSV, TSV) append to a parley_buf; the CLI's
 * ordered writer and the HTTP server send the bytes on. The data is always
 * NUL-terminated so it can be used as a C string. */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_buf {
    char *data;   /* NUL-terminated once anything was appended; NULL before */
    size_t len;   /* bytes, excluding the NUL */
    size_t cap;
} parley_buf;

#define PARLEY_BUF_INIT {NULL, 0, 0}

/* Appends n bytes. Returns 0, or -1 when out of memory (the buffer is unchanged). */
int parley_buf_append(parley_buf *b, const void *data, size_t n);

/* Appends a NUL-terminated string. */
int parley_buf_puts(parley_buf *b, const char *s);

/* Appends formatted text. Returns 0 or -1. */
int parley_buf_printf(parley_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends v as printf's "%lld" writes it. Returns 0 or -1. */
int parley_buf_lld(parley_buf *b, long long v);

/* Appends v as printf's "%.6g" writes it (byte for byte; faster for the
 * common magnitudes). Returns 0 or -1. */
int parley_buf_g6(parley_buf *b, double v);

/* Appends s as the body of a JSON string (escaped, without the quotes). */
int parley_buf_json_escape(parley_buf *b, const char *s, size_t n);

/* Empties the buffer, keeping its memory. */
void parley_buf_clear(parley_buf *b);

/* Frees the memory; the buffer is empty and reusable afterwards. */
void parley_buf_free(parley_buf *b);

#ifdef __cplusplus
}
#endif
#endif
