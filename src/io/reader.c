/* reader.c - streaming documents out of JSON Lines and plain-text input.
 *
 * Input is read in 64 KiB blocks; a JSON Lines record is assembled in a
 * line buffer that is reused and never grows beyond the configured limit,
 * so memory stays flat however large the input. A longer line is consumed
 * block by block and reported (with its length) instead of being stored. A
 * plain-text input is one document whose id is the file's base name; it too
 * is bounded by the limit. Each bad record is PARLEY_SKIP with the file, the
 * line and the reason; only an I/O failure stops the reader. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"
#include "parley/io.h"

#define BLOCK ((size_t)64 * 1024)

struct parley_reader {
    FILE *f;
    int own;                /* fclose at the end (not stdin) */
    const char *mem;        /* memory input, or NULL */
    size_t mem_len, mem_pos;
    char name[256];
    char base[256];         /* the id of a plain-text document */
    parley_input_format format;
    size_t max_line;
    char default_date[11];
    char *block;            /* read-ahead for FILE input */
    size_t block_len, block_pos;
    int eof;                /* the source has no more bytes */
    char *line;             /* the record being assembled */
    size_t line_len, line_cap;
    long line_no;
    int done;               /* a plain-text document was returned */
};

/* Makes more input visible: returns the next available bytes (and their count) or 0 at the end. */
static parley_status reader_fill(parley_reader *r, const char **p, size_t *n, parley_error *err) {
    if (r->mem) {
        *p = r->mem + r->mem_pos;
        *n = r->mem_len - r->mem_pos;
        return PARLEY_OK;
    }
    if (r->block_pos == r->block_len && !r->eof) {
        r->block_len = fread(r->block, 1, BLOCK, r->f);
        r->block_pos = 0;
        if (r->block_len < BLOCK) {
            if (ferror(r->f)) {
                *p = r->block; /* callers stop at the error; the outputs are set all the same */
                *n = 0;
                return parley_error_set(err, PARLEY_ERR_IO, r->name, r->line_no, "read error: %s", strerror(errno));
            }
            r->eof = 1;
        }
    }
    *p = r->block + r->block_pos;
    *n = r->block_len - r->block_pos;
    return PARLEY_OK;
}

static void reader_consume(parley_reader *r, size_t n) {
    if (r->mem) r->mem_pos += n;
    else r->block_pos += n;
}

static int line_append(parley_reader *r, const char *p, size_t n) {
    if (r->line == NULL || r->line_len + n + 1 > r->line_cap) { /* no buffer yet means no capacity */
        size_t cap = r->line_cap ? r->line_cap : 4096;
        while (cap < r->line_len + n + 1) cap *= 2;
        char *grown = realloc(r->line, cap);
        if (grown == NULL) return -1;
        r->line = grown;
        r->line_cap = cap;
    }
    memcpy(r->line + r->line_len, p, n);
    r->line_len += n;
    r->line[r->line_len] = '\0';
    return 0;
}

/* Reads the next line (without its newline) into r->line. Returns PARLEY_OK, PARLEY_EOF,
   PARLEY_SKIP for a line over the limit (consumed, not stored), or an error. */
static parley_status read_line(parley_reader *r, parley_error *err) {
    r->line_len = 0;
    size_t total = 0;
    int any = 0;
    for (;;) {
        const char *p;
        size_t n;
        parley_status st = reader_fill(r, &p, &n, err);
        if (st != PARLEY_OK) return st;
        if (n == 0) {
            if (!any) return PARLEY_EOF;
            break;
        }
        any = 1;
        const char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (total + take <= r->max_line) {
            if (line_append(r, p, take) != 0)
                return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no + 1, "out of memory");
        }
        total += take;
        reader_consume(r, take + (nl ? 1 : 0));
        if (nl) break;
    }
    r->line_no++;
    if (total > r->max_line)
        return parley_error_set(err, PARLEY_SKIP, r->name, r->line_no, "line of %zu bytes is over the limit of %zu bytes",
                                total, r->max_line);
    if (r->line_len && r->line[r->line_len - 1] == '\r') r->line[--r->line_len] = '\0';
    return PARLEY_OK;
}

static int has_suffix(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static parley_input_format detect_format(parley_reader *r, parley_error *err) {
    if (has_suffix(r->name, ".jsonl") || has_suffix(r->name, ".json") || has_suffix(r->name, ".ndjson"))
        return PARLEY_FORMAT_JSONL;
    const char *p;
    size_t n;
    if (reader_fill(r, &p, &n, err) != PARLEY_OK) return PARLEY_FORMAT_TEXT;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r') continue;
        return p[i] == '{' ? PARLEY_FORMAT_JSONL : PARLEY_FORMAT_TEXT;
    }
    return PARLEY_FORMAT_TEXT;
}

static parley_status reader_init(parley_reader **out, parley_reader *r, const char *name, const parley_reader_options *o,
                                 parley_error *err) {
    snprintf(r->name, sizeof r->name, "%s", name);
    const char *slash = strrchr(name, '/');
    snprintf(r->base, sizeof r->base, "%s", strcmp(name, "-") == 0 ? "stdin" : slash ? slash + 1 : name);
    r->max_line = o && o->max_line ? o->max_line : PARLEY_DEFAULT_MAX_LINE;
    if (o && o->default_date && o->default_date[0]) {
        if (!parley_date_parse(o->default_date, strlen(o->default_date), r->default_date)) {
            parley_reader_close(r);
            return parley_error_set(err, PARLEY_ERR_ARG, name, 0, "default date '%s' is not a real YYYY-MM-DD date",
                                    o->default_date);
        }
    }
    r->format = o ? o->format : PARLEY_FORMAT_AUTO;
    if (r->format == PARLEY_FORMAT_AUTO) r->format = detect_format(r, err);
    *out = r;
    return PARLEY_OK;
}

parley_status parley_reader_open(parley_reader **out, const char *path, const parley_reader_options *o, parley_error *err) {
    *out = NULL;
    parley_reader *r = calloc(1, sizeof *r);
    if (r == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    r->block = malloc(BLOCK);
    if (r->block == NULL) {
        free(r);
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
    } else {
        r->f = fopen(path, "rb");
        if (r->f == NULL) {
            parley_status st = parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
            free(r->block);
            free(r);
            return st;
        }
        r->own = 1;
    }
    return reader_init(out, r, path, o, err);
}

parley_status parley_reader_open_memory(parley_reader **out, const char *name, const char *data, size_t len,
                                        const parley_reader_options *o, parley_error *err) {
    *out = NULL;
    parley_reader *r = calloc(1, sizeof *r);
    if (r == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, name, 0, "out of memory");
    r->mem = data ? data : "";
    r->mem_len = data ? len : 0;
    return reader_init(out, r, name ? name : "memory", o, err);
}

const char *parley_reader_name(const parley_reader *r) { return r->name; }

void parley_reader_close(parley_reader *r) {
    if (r == NULL) return;
    if (r->own && r->f) fclose(r->f);
    free(r->block);
    free(r->line);
    free(r);
}

/* The whole input as one document. */
static parley_status next_text(parley_reader *r, parley_doc *doc, parley_error *err) {
    if (r->done) return PARLEY_EOF;
    r->done = 1;
    r->line_len = 0;
    size_t total = 0;
    for (;;) {
        const char *p;
        size_t n;
        parley_status st = reader_fill(r, &p, &n, err);
        if (st != PARLEY_OK) return st;
        if (n == 0) break;
        if (total + n <= r->max_line && line_append(r, p, n) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, 0, "out of memory");
        total += n;
        reader_consume(r, n);
    }
    if (total > r->max_line)
        return parley_error_set(err, PARLEY_SKIP, r->name, 1, "text of %zu bytes is over the limit of %zu bytes", total,
                                r->max_line);
    const char *t = r->line ? r->line : "";
    size_t len = r->line_len;
    const char *nul = memchr(t, '\0', len);
    if (nul) {
        long line = 1;
        for (const char *q = t; q < nul; q++) line += *q == '\n';
        return parley_error_set(err, PARLEY_SKIP, r->name, line, "NUL byte at byte offset %zu", (size_t)(nul - t));
    }
    size_t bad = io_utf8_check(t, len);
    if (bad != (size_t)-1) {
        long line = 1;
        for (size_t i = 0; i < bad; i++) line += t[i] == '\n';
        return parley_error_set(err, PARLEY_SKIP, r->name, line, "invalid UTF-8 at byte offset %zu", bad);
    }
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        t += 3;  /* a byte-order mark is not text */
        len -= 3;
    }
    if (io_is_blank(t, len)) return parley_error_set(err, PARLEY_SKIP, r->name, 1, "empty text");
    doc->id = parley_arena_strdup(doc->arena, r->base);
    /* Without a default date, a file named like "2013-11-24-geneva.txt" is dated by its name:
     * with no date at all, no relative date resolves and no person gets the office held. */
    char named[11] = "";
    if (r->default_date[0] == '\0' && strlen(r->base) >= 10 &&
        (r->base[10] == '\0' || r->base[10] == '-' || r->base[10] == '_' || r->base[10] == '.'))
        parley_date_parse(r->base, 10, named);
    doc->date = parley_arena_strdup(doc->arena, r->default_date[0] ? r->default_date : named);
    doc->datetime = doc->date;
    doc->origin_file = parley_arena_strdup(doc->arena, r->name);
    doc->origin_line = 0;
    if (doc->id == NULL || doc->date == NULL || doc->origin_file == NULL || parley_doc_set_text(doc, t, len) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, 0, "out of memory");
    return PARLEY_OK;
}

parley_status parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err) {
    parley_doc_reset(doc);
    if (r->format == PARLEY_FORMAT_TEXT) return next_text(r, doc, err);
    for (;;) {
        parley_status st = read_line(r, err);
        if (st != PARLEY_OK) return st;
        const char *p = r->line ? r->line : "";
        size_t n = r->line_len;
        if (r->line_no == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            n -= 3;
        }
        size_t i = 0;
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i == n) continue;  /* blank lines separate nothing in JSON Lines */
        st = parley_doc_from_json(doc, p, n, r->name, r->line_no, err);
        if (st != PARLEY_OK) {
            parley_doc_reset(doc);
            return st;
        }
        if (doc->date[0] == '\0' && r->default_date[0]) {
            doc->date = parley_arena_strdup(doc->arena, r->default_date);
            if (doc->date == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, r->name, r->line_no, "out of memory");
        }
        return PARLEY_OK;
    }
}
