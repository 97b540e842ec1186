/* reporters.c - who says so: the reporter of events whose sentence names its
 * source outside the clause the coder looked at.
 *
 * The coder already gives the reporter of "X said Y did Z". This adds the
 * sentence-level forms it does not see ("..., according to the United
 * Nations", "..., Qatar's foreign ministry spokesman said", "the ministry's
 * statement said") and carries a reporter over the following sentences of
 * its paragraph when they only say "He said ..." or "It added that ...". The
 * reporter is resolved to an actor code with the dictionary
 * (parley_dict_resolve_phrase); a phrase that gives only a sector ("the
 * ministry") carries the previous reporter instead. */
#include <stdio.h>
#include <string.h>

#include "parley/ud.h"
#include "resolve/resolve_internal.h"

#define PHRASE_MAX 10

static const char *const say_forms[] = {"said", "says", "say", "added", "adds", "told", "stated",
                                        "announced", "confirmed", "reported", "claimed", "noted",
                                        "stressed", "insisted", "declared", "statement", NULL};
static const char *const pronouns[] = {"he", "she", "it", "they", "we", NULL};

static int lower_eq(const char *form, const char *w) {
    for (; *form && *w; form++, w++) {
        char c = *form >= 'A' && *form <= 'Z' ? (char)(*form + 32) : *form;
        if (c != *w) return 0;
    }
    return *form == '\0' && *w == '\0';
}

static int lower_in(const char *form, const char *const *list) {
    for (; *list; list++)
        if (lower_eq(form, *list)) return 1;
    return 0;
}

static const char *form_of(const parley_token *t) { return t->form ? t->form : ""; }

static int is_break(const parley_token *t) {
    const char *f = form_of(t);
    return t->upos == PARLEY_UPOS_PUNCT || strcmp(f, ",") == 0 || strcmp(f, ";") == 0 || strcmp(f, ":") == 0 ||
           strcmp(f, "\"") == 0 || strcmp(f, "-") == 0 || strcmp(f, "(") == 0 || strcmp(f, ")") == 0;
}

/* Resolves the first actor phrase in tokens [lo, hi) (document indices). */
static int resolve_span(const parley_resolver *r, parley_doc *doc, long lo, long hi, parley_actor *out) {
    const char *words[PHRASE_MAX], *lemmas[PHRASE_MAX];
    for (long start = lo; start < hi; start++) {
        size_t n = 0;
        for (long t = start; t < hi && n < PHRASE_MAX; t++, n++) {
            words[n] = form_of(&doc->tokens[t]);
            lemmas[n] = doc->tokens[t].lemma;
        }
        parley_phrase_resolution res;
        if (parley_dict_resolve_phrase(r->dict, words, lemmas, n, doc->date ? doc->date : "", &res) == 0 ||
            res.code[0] == '\0')
            continue;
        /* A sector alone ("the ministry" -> GOV) does not say whose. */
        if (!(strlen(res.code) > 3 || resolver_is_country(r, res.code))) continue;
        memset(out, 0, sizeof *out);
        out->present = 1;
        snprintf(out->code, sizeof out->code, "%s", res.code);
        out->name = res.name ? parley_arena_strdup(doc->arena, res.name) : "";
        if (out->name == NULL) out->name = "";
        long last = start + (long)res.length - 1;
        out->span.start = (int32_t)doc->tokens[start].start;
        out->span.end = (int32_t)doc->tokens[last].end;
        out->text = parley_arena_strndup(doc->arena, doc->text + out->span.start,
                                         (size_t)(out->span.end - out->span.start));
        if (out->text == NULL) out->text = "";
        return 1;
    }
    return 0;
}

/* The reporter a sentence states; *carry is set when it only points back ("He said"). */
static int sentence_reporter(const parley_resolver *r, parley_doc *doc, size_t si, parley_actor *out, int *carry,
                             long *say_token) {
    const parley_sentence *s = &doc->sentences[si];
    long first = s->first, end = (long)s->first + s->count;
    *carry = 0;
    *say_token = -1;
    for (long t = first; t + 1 < end; t++)
        if (lower_eq(form_of(&doc->tokens[t]), "according") && lower_eq(form_of(&doc->tokens[t + 1]), "to")) {
            long hi = t + 2;
            while (hi < end && hi < t + 2 + PHRASE_MAX && !is_break(&doc->tokens[hi])) hi++;
            if (resolve_span(r, doc, t + 2, hi, out)) return 1;
        }
    for (long t = end - 1; t >= first; t--) {
        if (!lower_in(form_of(&doc->tokens[t]), say_forms)) continue;
        *say_token = t;
        long lo = t;
        while (lo > first && t - lo < PHRASE_MAX && !is_break(&doc->tokens[lo - 1])) lo--;
        if (resolve_span(r, doc, lo, t, out)) return 1;
        /* "..., said the ministry": only right after a comma or a quote. */
        long hi = t + 1;
        if (t == first || !is_break(&doc->tokens[t - 1])) hi = end + PHRASE_MAX;
        if (hi <= end) {
            while (hi < end && hi < t + 1 + PHRASE_MAX && !is_break(&doc->tokens[hi])) hi++;
            if (resolve_span(r, doc, t + 1, hi, out)) return 1;
        }
        for (long k = lo; k < t; k++)
            if (lower_in(form_of(&doc->tokens[k]), pronouns) || doc->tokens[k].upos == PARLEY_UPOS_NOUN ||
                lower_eq(form_of(&doc->tokens[k]), "the"))
                *carry = 1;
        return 0;
    }
    return 0;
}

parley_status reporters_fill(const parley_resolver *r, parley_doc *doc, parley_error *err) {
    (void)err;
    if (r->dict == NULL) return PARLEY_OK;
    parley_actor previous;
    memset(&previous, 0, sizeof previous);
    size_t e = 0;
    for (size_t si = 0; si < doc->n_sentences; si++) {
        const parley_sentence *s = &doc->sentences[si];
        /* A blank line ends a paragraph and what it said about its source. */
        if (si > 0) {
            const parley_sentence *p = &doc->sentences[si - 1];
            for (uint32_t b = p->end; b + 1 < s->start; b++)
                if (doc->text[b] == '\n' && doc->text[b + 1] == '\n') previous.present = 0;
        }
        parley_actor rep;
        memset(&rep, 0, sizeof rep);
        int carry = 0;
        long say = -1;
        int found = s->count ? sentence_reporter(r, doc, si, &rep, &carry, &say) : 0;
        if (!found && s->count && carry && previous.present) {
            rep = previous;
            found = 1;
        }
        if (found) previous = rep;
        while (e < doc->n_events && doc->events[e].sentence < (int32_t)si) e++;
        for (size_t k = e; k < doc->n_events && doc->events[k].sentence == (int32_t)si; k++) {
            parley_event *ev = &doc->events[k];
            if (!found || ev->reporter.present) continue;
            /* The speaker's own statement is not reported by the speaker. */
            if (say >= 0 && ev->action.start == (int32_t)doc->tokens[say].start) continue;
            if (say >= 0) {
                parley_span said = {(int32_t)doc->tokens[say].start, (int32_t)doc->tokens[say].end};
                if (resolver_ellipsis_between(doc, (int32_t)si, said, ev->action)) continue;
            }
            ev->reporter = rep;
        }
    }
    return PARLEY_OK;
}
