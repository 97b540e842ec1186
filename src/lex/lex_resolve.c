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
        /* Another country ends the phrase; a state body of another country
         * does not ("Pakistan's foreign office"): the combination decides. */
        if ((m.kind == PARLEY_ACTOR_NAME && strlen(m.code) == 3) || m.kind == PARLEY_ACTOR_ADJ) {
            if (country[0] && strncmp(country, m.code, 3) != 0) break;
            if (!country[0]) snprintf(country, sizeof country, "%.3s", m.code);
        }
        out->span_start[out->n_spans] = at;
        out->spans[out->n_spans++] = m;
        i = at + m.length;
        out->length = i;
    }
    if (out->n_spans == 0) return 0;

    parley_actor_parts parts = {NULL, NULL, NULL, NULL};
    for (size_t k = 0; k < out->n_spans; k++) {
        const parley_actor_match *m = &out->spans[k];
        switch (m->kind) {
        case PARLEY_ACTOR_PERSON:
            if (parts.person == NULL) parts.person = m;
            break;
        case PARLEY_ACTOR_NAME:
            if (strlen(m->code) == 3) {
                if (parts.country == NULL) parts.country = m;
            } else {
                parts.org = m;
            }
            break;
        case PARLEY_ACTOR_ADJ:
            if (parts.country == NULL) parts.country = m;
            break;
        case PARLEY_ACTOR_AGENT:
            parts.agent = m;
            break;
        default:
            break;
        }
    }
    const char *name = NULL;
    if (!parley_dict_combine(d, &parts, "", out->code, &name)) {
        /* An agent alone: its sectors, for the caller to complete. */
        snprintf(out->code, sizeof out->code, "%s", parts.agent ? parts.agent->code : "");
        name = parts.agent ? parts.agent->name : "";
    }
    out->name = name;
    out->kind = parts.person ? PARLEY_ACTOR_PERSON
                : parts.org  ? PARLEY_ACTOR_NAME
                : parts.agent && !parts.country ? PARLEY_ACTOR_AGENT
                : parts.country ? parts.country->kind
                                : PARLEY_ACTOR_AGENT;
    return out->length;
}
