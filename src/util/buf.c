/* buf.c - the growable output buffer (see parley/buf.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"

static int buf_reserve(parley_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int parley_buf_append(parley_buf *b, const void *data, size_t n) {
    if (buf_reserve(b, n) != 0) return -1;
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int parley_buf_puts(parley_buf *b, const char *s) { return parley_buf_append(b, s, strlen(s)); }

int parley_buf_printf(parley_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    if ((size_t)n < sizeof small) return parley_buf_append(b, small, (size_t)n);
    if (buf_reserve(b, (size_t)n) != 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int parley_buf_json_escape(parley_buf *b, const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[8];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            esc = tmp;
        }
        if (esc == NULL) {
            run++;
            continue;
        }
        if (parley_buf_append(b, s + i - run, run) != 0) return -1;
        run = 0;
        if (parley_buf_puts(b, esc) != 0) return -1;
    }
    return parley_buf_append(b, s + n - run, run);
}

void parley_buf_clear(parley_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void parley_buf_free(parley_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
