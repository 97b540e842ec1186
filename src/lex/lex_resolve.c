/* lex_resolve.c - parley_dict_resolve_phrase(): how consecutive dictionary
 * matches in a noun phrase combine into one actor code. The event coder and
 * `parley dict lookup` both call it, so the CLI shows exactly what the coder
 * would give. The rules are documented in parley/dict.h. */
#include <stdio.h>
#include <string.h>

#include "lex/lex_internal.h"

static int is_connector(const char *w) {
    return w != NULL && (strcmp(w, "of") == 0 || strcmp(w, "Of") == 0 || strcmp(w, "OF") == 0 ||
                         strcmp(w, "'s") == 0 || strcmp(w, "'S") == 0 || strcmp(w, "\xe2\x80\x99s") == 0);
}

/* Appends the 3-letter chunks of add that code does not already have. */
static void add_sectors(char *code, size_t cap, const char *add) {
    size_t len = strlen(code), n = strlen(add);
    for (size_t i = 0; i + 3 <= n; i += 3) {
        int present = 0;
        for (size_t j = 0; j + 3 <= len; j += 3)
            if (memcmp(code + j, add + i, 3) == 0) present = 1;
        if (!present && len + 3 < cap) {
            memcpy(code + len, add + i, 3);
            len += 3;
            code[len] = '\0';
        }
    }
}

size_t parley_dict_resolve_phrase(const parley_dict *d, const char *const *words, const char *const *lemmas,
                                  size_t n, const char *date, parley_phrase_resolution *out) {
    if (out == NULL) return 0;
    memset(out, 0, sizeof *out);
    if (d == NULL || words == NULL) return 0;
    char country[4] = "";
    size_t i = 0;
    while (i < n && out->n_spans < PARLEY_RESOLVE_MAX_SPANS) {
        size_t at = i;
        if (out->n_spans > 0 && is_connector(words[at])) at++;
        parley_actor_match m;
        if (at >= n || !parley_dict_match_actor(d, words + at, lemmas ? lemmas + at : NULL, n - at, date, &m))
            break;
        if (m.kind == PARLEY_ACTOR_NAME || m.kind == PARLEY_ACTOR_ADJ) {
            if (country[0] && strncmp(country, m.code, 3) != 0) break;
            if (!country[0]) snprintf(country, sizeof country, "%.3s", m.code);
        }
        out->span_start[out->n_spans] = at;
        out->spans[out->n_spans++] = m;
        i = at + m.length;
        out->length = i;
    }
    if (out->n_spans == 0) return 0;

    const parley_actor_match *person = NULL, *name = NULL, *adj = NULL, *agent = NULL;
    for (size_t k = 0; k < out->n_spans; k++) {
        const parley_actor_match *m = &out->spans[k];
        if (m->kind == PARLEY_ACTOR_PERSON) person = m;
        if (m->kind == PARLEY_ACTOR_NAME) name = m;
        if (m->kind == PARLEY_ACTOR_ADJ && adj == NULL) adj = m;
        if (m->kind == PARLEY_ACTOR_AGENT) agent = m;
    }
    if (person) {
        snprintf(out->code, sizeof out->code, "%s", person->code);
        out->name = person->name;
        out->kind = PARLEY_ACTOR_PERSON;
        return out->length;
    }
    const parley_actor_match *base = name ? name : adj;
    char prefix[40] = "", code[40] = "";
    if (base) snprintf(code, sizeof code, "%s", base->code);
    for (size_t k = 0; k < out->n_spans; k++) {
        const parley_actor_match *m = &out->spans[k];
        if (m->kind != PARLEY_ACTOR_AGENT) continue;
        if (m->prefix && base)
            add_sectors(prefix, sizeof prefix, m->code);
        else
            add_sectors(code, sizeof code, m->code);
    }
    size_t pl = strlen(prefix), cl = strlen(code);
    if (pl + cl >= sizeof out->code) cl = sizeof out->code - 1 - pl;
    memcpy(out->code, prefix, pl);
    memcpy(out->code + pl, code, cl);
    out->code[pl + cl] = '\0';
    const parley_actor_match *named = name ? name : agent ? agent : adj;
    out->name = named->name;
    out->kind = named->kind;
    return out->length;
}
