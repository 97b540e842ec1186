/* merge.c - one event per happening within a document.
 *
 * Wire stories repeat their news: the lead says "Hamas released 13
 * hostages", a later paragraph "the 13 hostages were freed by Hamas". Two
 * events of a document are the same happening when they have the same
 * source, target, CAMEO base code (first three digits), date (and interval
 * end), place (country and name, or both without one), negation and intent.
 * The later event is folded into the earlier: its mention (document,
 * sentence, reporter) and quantities are added, and num_sources counts the
 * distinct reporters of the mentions (a mention without one counts as the
 * agency's own). The store merges across documents with the same rule (see
 * docs/resolve.md). */
#include <string.h>

#include "parley/event_io.h"
#include "resolve/resolve_internal.h"

static int same_actor(const parley_actor *a, const parley_actor *b) {
    if (a->present != b->present) return 0;
    return !a->present || strcmp(a->code, b->code) == 0;
}

/* Places found in the text; a place only the dateline gave is no part of
 * the key (parley_event_place_keyed). */
static int same_place(const parley_event *x, const parley_event *y) {
    int kx = parley_event_place_keyed(x), ky = parley_event_place_keyed(y);
    const parley_place *a = &x->place, *b = &y->place;
    if (kx != ky) return 0;
    return !kx || (strcmp(a->country, b->country) == 0 && strcmp(a->name ? a->name : "", b->name ? b->name : "") == 0);
}

static int same_happening(const parley_event *a, const parley_event *b) {
    return same_actor(&a->source, &b->source) && same_actor(&a->target, &b->target) &&
           strncmp(a->cameo, b->cameo, 3) == 0 && strcmp(a->date, b->date) == 0 &&
           strcmp(a->date_end, b->date_end) == 0 && same_place(a, b) &&
           a->negated == b->negated && a->intent == b->intent;
}

static int count_sources(const parley_event *ev) {
    int n = 0;
    for (size_t i = 0; i < ev->n_mentions; i++) {
        const parley_actor *ri = &ev->mentions[i].reporter;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const parley_actor *rj = &ev->mentions[j].reporter;
            seen = ri->present == rj->present && (!ri->present || strcmp(ri->code, rj->code) == 0);
        }
        n += !seen;
    }
    return n;
}

static int fold(parley_doc *doc, parley_event *into, const parley_event *from) {
    parley_mention *m = parley_arena_calloc(doc->arena, into->n_mentions + from->n_mentions, sizeof *m);
    if (m == NULL) return -1;
    memcpy(m, into->mentions, into->n_mentions * sizeof *m);
    memcpy(m + into->n_mentions, from->mentions, from->n_mentions * sizeof *m);
    into->mentions = m;
    into->n_mentions += from->n_mentions;
    size_t extra = 0;
    for (size_t i = 0; i < from->n_quantities; i++) {
        int dup = 0;
        for (size_t j = 0; j < into->n_quantities && !dup; j++)
            dup = strcmp(into->quantities[j].kind, from->quantities[i].kind) == 0 &&
                  into->quantities[j].value == from->quantities[i].value;
        extra += !dup;
    }
    if (extra) {
        parley_quantity *q = parley_arena_calloc(doc->arena, into->n_quantities + extra, sizeof *q);
        if (q == NULL) return -1;
        if (into->n_quantities) memcpy(q, into->quantities, into->n_quantities * sizeof *q);
        size_t n = into->n_quantities;
        for (size_t i = 0; i < from->n_quantities; i++) {
            int dup = 0;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(q[j].kind, from->quantities[i].kind) == 0 && q[j].value == from->quantities[i].value;
            if (!dup) q[n++] = from->quantities[i];
        }
        into->quantities = q;
        into->n_quantities = n;
    }
    if (from->confidence > into->confidence) into->confidence = from->confidence;
    if (!into->reporter.present && from->reporter.present) into->reporter = from->reporter;
    if (!into->date_text[0] && from->date_text[0]) into->date_text = from->date_text;
    into->num_mentions = (int)into->n_mentions;
    into->num_sources = count_sources(into);
    into->num_articles = 1;
    return 0;
}

parley_status merge_events(parley_doc *doc, parley_error *err) {
    size_t kept = 0;
    for (size_t i = 0; i < doc->n_events; i++) {
        parley_event *ev = &doc->events[i];
        size_t j = 0;
        while (j < kept && !same_happening(&doc->events[j], ev)) j++;
        if (j < kept) {
            if (fold(doc, &doc->events[j], ev) != 0)
                return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file ? doc->origin_file : "",
                                        doc->origin_line, "out of memory merging events of %s",
                                        doc->id ? doc->id : "");
            continue;
        }
        if (kept != i) doc->events[kept] = *ev;
        kept++;
    }
    doc->n_events = kept;
    return PARLEY_OK;
}
