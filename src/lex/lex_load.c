/* lex_load.c - what every dictionary loader needs: reading a file, cutting
 * it into lines, trimming, checking codes and dates, and reporting a
 * malformed line the way the options ask (a warning and skip, or a hard
 * error under strict). Keeping this in one place makes the parley and
 * TABARI loaders report errors identically. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lex/lex_internal.h"

double lex_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

parley_status lex_malformed(parley_dict *d, parley_error *err, const char *file, long line,
                            const char *fmt, ...) {
    parley_error e;
    parley_error_clear(&e);
    e.status = PARLEY_ERR_FORMAT;
    snprintf(e.file, sizeof e.file, "%s", file ? file : "");
    e.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    if (d->opts.strict) {
        if (err) *err = e;
        return PARLEY_ERR_FORMAT;
    }
    if (d->opts.on_warning) d->opts.on_warning(d->opts.userdata, &e);
    return PARLEY_OK;
}

parley_status lex_read_file(const char *path, char **text, size_t *len, parley_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (buf == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory reading");
    if (failed) {
        free(buf);
        return parley_error_set(err, PARLEY_ERR_IO, path, 0, "read error");
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return PARLEY_OK;
}

char *lex_next_line(char **p, char *end) {
    if (*p >= end) return NULL;
    char *line = *p;
    char *nl = memchr(line, '\n', (size_t)(end - line));
    if (nl == NULL) {
        *p = end;
    } else {
        *nl = '\0';
        *p = nl + 1;
        if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
    }
    /* a NUL inside a line ends it: the rest of the line is ignored */
    return line;
}

char *lex_trim(char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\f' ||
                     s[n - 1] == '\v'))
        s[--n] = '\0';
    return s;
}

int lex_valid_actor_code(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n >= LEX_CODE_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) return 0;
    return 1;
}

int lex_valid_action_code(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

int32_t lex_parse_date(const char *s) {
    if (s == NULL) return 0;
    char digits[9];
    size_t n = 0;
    size_t len = strlen(s);
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        for (size_t i = 0; i < 10; i++)
            if (i != 4 && i != 7) digits[n++] = s[i];
    } else if (len == 8) {
        memcpy(digits, s, 8);
    } else {
        return 0;
    }
    digits[8] = '\0';
    for (size_t i = 0; i < 8; i++)
        if (!isdigit((unsigned char)digits[i])) return 0;
    int32_t v = 0;
    for (size_t i = 0; i < 8; i++) v = v * 10 + (digits[i] - '0');
    int y = v / 10000, m = v / 100 % 100, dd = v % 100;
    if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > days_in_month(y, m)) return 0;
    return v;
}

size_t lex_lower(const char *s, size_t len, char *out, size_t cap) {
    size_t o = 0;
    if (cap == 0) return 0;
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c + 32);
        } else if (c == 0xC3 && i + 1 < len && o + 2 < cap) {
            /* Latin-1 capitals U+00C0..U+00DE (except U+00D7, the multiplication sign) */
            unsigned char c2 = (unsigned char)s[i + 1];
            out[o++] = (char)c;
            out[o++] = (char)((c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97) ? c2 + 0x20 : c2);
            i++;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

const char *lex_istr(parley_dict *d, const char *s, size_t len) {
    uint32_t id = lex_intern_put(&d->strings, d->arena, s, len);
    return id == LEX_NONE ? NULL : d->strings.strs[id];
}
