/* json_doc.c - one JSON object to one document.
 *
 * The reader calls this for every JSON Lines record and the HTTP API for
 * every request body. It checks, in order, what a user most needs to hear
 * about: NUL bytes and invalid UTF-8 (with the byte offset), JSON syntax
 * (jansson's message and column), the shape of the object, the text, and
 * the date. A record that fails is PARLEY_SKIP; nothing is half-filled that
 * a caller could mistake for a document. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "io/io_internal.h"
#include "parley/io.h"

/* Copies the string (or integer, for ids) member name of obj into the arena; absent -> "".
   Returns 0, 1 when the member has another type, -1 when out of memory. */
static int take_string(parley_doc *doc, json_t *obj, const char *name, const char **out, int allow_int) {
    json_t *v = json_object_get(obj, name);
    if (v == NULL || json_is_null(v)) {
        *out = "";
        return 0;
    }
    if (json_is_string(v)) {
        *out = parley_arena_strndup(doc->arena, json_string_value(v), json_string_length(v));
        return *out ? 0 : -1;
    }
    if (allow_int && json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        *out = parley_arena_strdup(doc->arena, tmp);
        return *out ? 0 : -1;
    }
    return 1;
}

static parley_status nomem(parley_error *err, const char *file, long line) {
    return parley_error_set(err, PARLEY_ERR_NOMEM, file, line, "out of memory");
}

parley_status parley_doc_from_json(parley_doc *doc, const char *json, size_t len, const char *file, long line,
                                   parley_error *err) {
    if (file == NULL) file = "";
    const char *nul = memchr(json, '\0', len);
    if (nul) return parley_error_set(err, PARLEY_SKIP, file, line, "NUL byte at byte offset %zu", (size_t)(nul - json));
    size_t bad = io_utf8_check(json, len);
    if (bad != (size_t)-1)
        return parley_error_set(err, PARLEY_SKIP, file, line, "invalid UTF-8 at byte offset %zu", bad);
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return parley_error_set(err, PARLEY_SKIP, file, line, "invalid JSON: %s (column %d)", jerr.text, jerr.column);
    parley_status st = PARLEY_OK;
    if (!json_is_object(root)) {
        st = parley_error_set(err, PARLEY_SKIP, file, line, "not a JSON object");
        goto done;
    }
    json_t *text = json_object_get(root, "text");
    if (text == NULL) {
        st = parley_error_set(err, PARLEY_SKIP, file, line, "missing \"text\"");
        goto done;
    }
    if (!json_is_string(text)) {
        st = parley_error_set(err, PARLEY_SKIP, file, line, "\"text\" is not a string");
        goto done;
    }
    const char *tv = json_string_value(text);
    size_t tl = json_string_length(text);
    if (io_is_blank(tv, tl)) {
        st = parley_error_set(err, PARLEY_SKIP, file, line, "empty text");
        goto done;
    }
    static const char *const names[] = {"id", "source", "url", "title"};
    const char **slots[] = {&doc->id, &doc->source, &doc->url, &doc->title};
    for (size_t i = 0; i < 4; i++) {
        int r = take_string(doc, root, names[i], slots[i], i == 0);
        if (r < 0) {
            st = nomem(err, file, line);
            goto done;
        }
        if (r > 0) {
            st = parley_error_set(err, PARLEY_SKIP, file, line, "\"%s\" is not a string", names[i]);
            goto done;
        }
    }
    if (doc->id[0] == '\0') {
        char tmp[300];
        snprintf(tmp, sizeof tmp, "%s:%ld", file, line);
        if ((doc->id = parley_arena_strdup(doc->arena, tmp)) == NULL) {
            st = nomem(err, file, line);
            goto done;
        }
    }
    json_t *date = json_object_get(root, "date");
    doc->date = doc->datetime = "";
    if (date && !json_is_null(date)) {
        char d[11];
        if (!json_is_string(date) || !parley_date_parse(json_string_value(date), json_string_length(date), d)) {
            char shown[64];
            if (json_is_string(date)) snprintf(shown, sizeof shown, "'%s'", json_string_value(date));
            else snprintf(shown, sizeof shown, "a non-string value");
            st = parley_error_set(err, PARLEY_SKIP, file, line,
                                  "bad \"date\" %s: expected a real date as YYYY-MM-DD or an ISO 8601 datetime", shown);
            goto done;
        }
        doc->date = parley_arena_strdup(doc->arena, d);
        doc->datetime = parley_arena_strndup(doc->arena, json_string_value(date), json_string_length(date));
        if (doc->date == NULL || doc->datetime == NULL) {
            st = nomem(err, file, line);
            goto done;
        }
    }
    doc->origin_file = parley_arena_strdup(doc->arena, file);
    doc->origin_line = line;
    if (doc->origin_file == NULL || parley_doc_set_text(doc, tv, tl) != 0) st = nomem(err, file, line);
done:
    json_decref(root);
    return st;
}
