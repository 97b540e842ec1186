/* clickhouse_sql.c - the one place where user values become ClickHouse text.
 *
 * ClickHouse 18.16 has no server-side parameters, so the ClickHouse backend
 * builds SQL text; every user value (dates, codes, patterns, document ids)
 * goes through ch_quote or ch_quote_pattern, and every value sent as data
 * through the RowBinary writers (ch_rb_*: lengths and bytes, never
 * escaped text). Keeping quoting in one small file is what lets the
 * tests try injection attempts against exactly the code the backend uses. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store/clickhouse.h"

int ch_is_url(const char *path) { return path != NULL && strncmp(path, "http://", 7) == 0; }

int ch_quote(parley_buf *out, const char *s) {
    if (parley_buf_puts(out, "'") != 0) return -1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int rc;
        if (*p == '\\') rc = parley_buf_puts(out, "\\\\");
        else if (*p == '\'') rc = parley_buf_puts(out, "\\'");
        /* control bytes as escapes: a raw newline or NUL never reaches the parser */
        else if (*p < 0x20 || *p == 0x7f) rc = parley_buf_printf(out, "\\x%02X", *p);
        else rc = parley_buf_append(out, p, 1);
        if (rc != 0) return -1;
    }
    return parley_buf_puts(out, "'");
}

int ch_quote_pattern(parley_buf *out, const char *pattern) {
    /* the regular expression first, then quoted as a whole: two layers of
     * escaping, each done by one function */
    parley_buf re = PARLEY_BUF_INIT;
    int rc = parley_buf_puts(&re, "^");
    for (const unsigned char *p = (const unsigned char *)pattern; rc == 0 && *p; p++) {
        if (*p == '*') rc = parley_buf_puts(&re, ".*");
        /* \x{HH} for every ASCII non-alphanumeric (ClickHouse's regexp
         * front end misreads the short form \xHH); UTF-8 bytes are literal */
        else if (*p < 0x80 && !isalnum(*p)) rc = parley_buf_printf(&re, "\\x{%02X}", *p);
        else rc = parley_buf_append(&re, p, 1);
    }
    if (rc == 0) rc = parley_buf_puts(&re, "$");
    if (rc == 0) rc = ch_quote(out, re.data);
    parley_buf_free(&re);
    return rc;
}

int ch_tsv_escape(parley_buf *out, const char *s) {
    /* strcspn skips the long runs of plain bytes (a whole JSON event is one
     * field) much faster than a byte loop */
    for (;;) {
        size_t n = strcspn(s, "\\\t\n\r");
        if (parley_buf_append(out, s, n) != 0) return -1;
        s += n;
        if (*s == '\0') return 0;
        const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\r";
        if (parley_buf_append(out, esc, 2) != 0) return -1;
        s++;
    }
}

int ch_rb_length(parley_buf *out, size_t n) {
    unsigned char len[10];
    int k = 0;
    do {
        len[k++] = (unsigned char)((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        n >>= 7;
    } while (n);
    return parley_buf_append(out, len, (size_t)k);
}

int ch_rb_string(parley_buf *out, const char *s, size_t n) {
    return ch_rb_length(out, n) || parley_buf_append(out, s, n) ? -1 : 0;
}

int ch_rb_uint(parley_buf *out, uint64_t v, int bytes) {
    unsigned char b[8];
    for (int i = 0; i < bytes; i++) b[i] = (unsigned char)(v >> (8 * i));
    return parley_buf_append(out, b, (size_t)bytes);
}

int ch_rb_double(parley_buf *out, double d) {
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return ch_rb_uint(out, v, 8);
}

int ch_tsv_split(char *line, char **fields, int max) {
    int n = 0;
    char *w = line;
    if (max <= 0) return 0;
    fields[n++] = w;
    for (char *r = line; *r; r++) {
        if (*r == '\t') {
            *w++ = '\0';
            if (n == max) return n;
            fields[n++] = w;
        } else if (*r == '\\' && r[1]) {
            r++;
            switch (*r) {
            case 't': *w++ = '\t'; break;
            case 'n': *w++ = '\n'; break;
            case 'r': *w++ = '\r'; break;
            case 'b': *w++ = '\b'; break;
            case 'f': *w++ = '\f'; break;
            case '0': *w++ = '\0'; break;
            default: *w++ = *r; break; /* \\ \' and anything else: the character itself */
            }
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return n;
}

static int valid_ident(const char *s, size_t n) {
    if (n == 0 || n > 60 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return 0;
    return 1;
}

int ch_valid_table(const char *name) {
    const char *dot = strchr(name, '.');
    if (dot == NULL) return valid_ident(name, strlen(name));
    return valid_ident(name, (size_t)(dot - name)) && valid_ident(dot + 1, strlen(dot + 1));
}
