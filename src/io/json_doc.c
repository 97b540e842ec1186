/* json_doc.c - one JSON object to one document.
 *
 * The reader calls this for every JSON Lines record and the HTTP API for
 * every request body. It checks, in order, what a user most needs to hear
 * about: NUL bytes and invalid UTF-8 (with the byte offset), JSON syntax
 * (jansson's message and column), the shape of the object, the text, and
 * the date. A record that fails is PARLEY_SKIP; nothing is half-filled that
 * a caller could mistake for a document.
 *
 * Parsing goes through json_flat.c's fast path when the record is a flat
 * object (nearly every news record), and through jansson otherwise; both
 * hand the same io_field view to io_doc_from_fields, so the checks and the
 * messages after parsing are one piece of code. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "io/io_internal.h"
#include "parley/io.h"

static const char *const field_names[IO_F_COUNT] = {"id", "date", "source", "url", "title", "text"};

int io_field_index(const char *key, size_t len) {
    /* every record names these keys: one comparison picked by length, not a scan of the names */
    int i;
    switch (len) {
    case 2: i = IO_F_ID; break;
    case 3: i = IO_F_URL; break;
    case 4: i = key[0] == 'd' ? IO_F_DATE : IO_F_TEXT; break;
    case 5: i = IO_F_TITLE; break;
    case 6: i = IO_F_SOURCE; break;
    default: return -1;
    }
    return memcmp(field_names[i], key, len) == 0 ? i : -1;
}

static parley_status nomem(parley_error *err, const char *file, long line) {
    return parley_error_set(err, PARLEY_ERR_NOMEM, file, line, "out of memory");
}

/* The field as an arena string ("" when absent or null); NULL when out of memory. */
static const char *field_string(parley_doc *doc, const io_field *f) {
    if (f->kind == IO_STRING) return f->in_arena ? f->s : parley_arena_strndup(doc->arena, f->s, f->len);
    if (f->kind == IO_INTEGER) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", f->integer);
        return parley_arena_strdup(doc->arena, tmp);
    }
    return "";
}

parley_status io_doc_from_fields(parley_doc *doc, const io_field f[IO_F_COUNT], const char *file, long line,
                                 parley_error *err) {
    const io_field *text = &f[IO_F_TEXT];
    if (text->kind == IO_ABSENT) return parley_error_set(err, PARLEY_SKIP, file, line, "missing \"text\"");
    if (text->kind != IO_STRING) return parley_error_set(err, PARLEY_SKIP, file, line, "\"text\" is not a string");
    if (io_is_blank(text->s, text->len)) return parley_error_set(err, PARLEY_SKIP, file, line, "empty text");
    static const int meta[] = {IO_F_ID, IO_F_SOURCE, IO_F_URL, IO_F_TITLE};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        io_value_kind k = f[meta[i]].kind;
        if (k == IO_OTHER || (k == IO_INTEGER && meta[i] != IO_F_ID))
            return parley_error_set(err, PARLEY_SKIP, file, line, "\"%s\" is not a string", field_names[meta[i]]);
    }
    const io_field *date = &f[IO_F_DATE];
    char d[11] = "";
    if (date->kind != IO_ABSENT && date->kind != IO_NULL) {
        if (date->kind != IO_STRING || !parley_date_parse(date->s, date->len, d)) {
            char shown[64];
            if (date->kind == IO_STRING) snprintf(shown, sizeof shown, "'%.*s'", (int)(date->len < 40 ? date->len : 40), date->s);
            else snprintf(shown, sizeof shown, "a non-string value");
            return parley_error_set(err, PARLEY_SKIP, file, line,
                                    "bad \"date\" %s: expected a real date as YYYY-MM-DD or an ISO 8601 datetime", shown);
        }
    }
    if ((doc->id = field_string(doc, &f[IO_F_ID])) == NULL || (doc->source = field_string(doc, &f[IO_F_SOURCE])) == NULL ||
        (doc->url = field_string(doc, &f[IO_F_URL])) == NULL || (doc->title = field_string(doc, &f[IO_F_TITLE])) == NULL)
        return nomem(err, file, line);
    if (doc->id[0] == '\0') {
        char tmp[300];
        snprintf(tmp, sizeof tmp, "%s:%ld", file, line);
        if ((doc->id = parley_arena_strdup(doc->arena, tmp)) == NULL) return nomem(err, file, line);
    }
    doc->date = doc->datetime = "";
    if (d[0]) {
        doc->date = parley_arena_strdup(doc->arena, d);
        doc->datetime = field_string(doc, date);
        if (doc->date == NULL || doc->datetime == NULL) return nomem(err, file, line);
    }
    if ((doc->origin_file = parley_arena_strdup(doc->arena, file)) == NULL) return nomem(err, file, line);
    doc->origin_line = line;
    if (text->in_arena) {
        doc->text = text->s;  /* decoded straight into the arena: no second copy of the largest field */
        doc->text_len = text->len;
        return PARLEY_OK;
    }
    return parley_doc_set_text(doc, text->s, text->len) == 0 ? PARLEY_OK : nomem(err, file, line);
}

parley_status io_doc_from_json_jansson(parley_doc *doc, const char *json, size_t len, const char *file, long line,
                                       parley_error *err) {
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return parley_error_set(err, PARLEY_SKIP, file, line, "invalid JSON: %s (column %d)", jerr.text, jerr.column);
    parley_status st;
    if (!json_is_object(root)) {
        st = parley_error_set(err, PARLEY_SKIP, file, line, "not a JSON object");
    } else {
        io_field f[IO_F_COUNT];
        memset(f, 0, sizeof f);
        for (int i = 0; i < IO_F_COUNT; i++) {
            json_t *v = json_object_get(root, field_names[i]);
            if (v == NULL) continue;
            if (json_is_null(v)) {
                f[i].kind = IO_NULL;
            } else if (json_is_string(v)) {
                f[i].kind = IO_STRING;
                f[i].s = json_string_value(v);
                f[i].len = json_string_length(v);
            } else if (json_is_integer(v)) {
                f[i].kind = IO_INTEGER;
                f[i].integer = (long long)json_integer_value(v);
            } else {
                f[i].kind = IO_OTHER;
            }
        }
        st = io_doc_from_fields(doc, f, file, line, err);
    }
    json_decref(root);
    return st;
}

parley_status parley_doc_from_json(parley_doc *doc, const char *json, size_t len, const char *file, long line,
                                   parley_error *err) {
    if (file == NULL) file = "";
    const char *nul = memchr(json, '\0', len);
    if (nul) return parley_error_set(err, PARLEY_SKIP, file, line, "NUL byte at byte offset %zu", (size_t)(nul - json));
    size_t bad = io_utf8_check(json, len);
    if (bad != (size_t)-1)
        return parley_error_set(err, PARLEY_SKIP, file, line, "invalid UTF-8 at byte offset %zu", bad);
    io_field f[IO_F_COUNT];
    if (io_json_parse_flat(json, len, doc->arena, f)) return io_doc_from_fields(doc, f, file, line, err);
    return io_doc_from_json_jansson(doc, json, len, file, line, err);
}
