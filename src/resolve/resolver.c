/* resolver.c - the document-understanding stage after the coder (see
 * parley/resolve.h): loads the gazetteer, finds the dates, places and
 * quantities of a document, and gives each event its own.
 *
 * Finding is per sentence and lexical (dates.c, places.c, quantities.c), so
 * it works whether or not a tree is there. Attaching uses the tree when the
 * sentence was parsed: an expression belongs to an event when the event's
 * predicate governs it without another verb in between (its clause); else
 * the nearest expression of the sentence wins; else the document date
 * (flagged) or the dateline's place. Then reporters are carried over
 * (reporters.c) and repeated events merged (merge.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/cameo.h"
#include "parley/dict.h"
#include "parley/resolve.h"
#include "parley/text.h"
#include "parley/ud.h"
#include "resolve/resolve_internal.h"

#define MAX_DOC_COUNTRIES 32

static int code_cmp(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

parley_status parley_resolver_open(parley_resolver **out, const char *data_dir, const parley_dict *dict,
                                   parley_error *err) {
    *out = NULL;
    parley_resolver *r = calloc(1, sizeof *r);
    if (r == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    r->dict = dict;
    parley_status st = gazetteer_load(&r->gaz, data_dir ? data_dir : ".", err);
    if (st != PARLEY_OK) {
        free(r);
        return st;
    }
    size_t names, entries;
    gazetteer_size(r->gaz, &names, &entries);
    r->countries = calloc(entries + 1, sizeof *r->countries);
    if (r->countries == NULL) {
        parley_resolver_free(r);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    }
    for (size_t i = 0; i < entries; i++) {
        const parley_gazetteer_entry *e = gazetteer_entry(r->gaz, (int)i);
        if (strcmp(e->kind, "country") == 0) memcpy(r->countries[r->n_countries++], e->country, 4);
    }
    qsort(r->countries, r->n_countries, sizeof *r->countries, code_cmp);
    *out = r;
    return PARLEY_OK;
}

void parley_resolver_free(parley_resolver *r) {
    if (r == NULL) return;
    gazetteer_free(r->gaz);
    free(r->countries);
    free(r);
}

int resolver_is_country(const parley_resolver *r, const char *code) {
    char c[4];
    if (code == NULL || strlen(code) < 3) return 0;
    memcpy(c, code, 3);
    c[3] = '\0';
    return bsearch(c, r->countries, r->n_countries, sizeof *r->countries, code_cmp) != NULL;
}

static int entry_cmp_desc(const void *a, const void *b) {
    const double *x = a, *y = b;
    return (x[0] < y[0]) - (x[0] > y[0]);
}

size_t parley_resolver_lookup_place(const parley_resolver *r, const char *name, const char *const *countries,
                                    size_t n_countries, const parley_gazetteer_entry **out, size_t max) {
    char key[256];
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < sizeof key; p++)
        key[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    key[k] = '\0';
    size_t n;
    const int *ids = gazetteer_find(r->gaz, key, &n);
    if (n == 0 || max == 0) return 0;
    /* (score, id) pairs sorted by descending score. */
    double *pairs = malloc(n * 2 * sizeof *pairs);
    if (pairs == NULL) return 0;
    for (size_t i = 0; i < n; i++) {
        pairs[2 * i] = place_score(gazetteer_entry(r->gaz, ids[i]), countries, n_countries);
        pairs[2 * i + 1] = ids[i];
    }
    qsort(pairs, n, 2 * sizeof *pairs, entry_cmp_desc);
    size_t m = n < max ? n : max;
    for (size_t i = 0; i < m; i++) out[i] = gazetteer_entry(r->gaz, (int)pairs[2 * i + 1]);
    free(pairs);
    return m;
}

void parley_resolver_gazetteer_size(const parley_resolver *r, size_t *names, size_t *entries) {
    gazetteer_size(r->gaz, names, entries);
}

long resolver_token_at(const parley_doc *doc, size_t si, size_t off) {
    const parley_sentence *s = &doc->sentences[si];
    for (uint32_t t = s->first; t < s->first + s->count; t++)
        if (doc->tokens[t].end > off) return t;
    return -1;
}

static int parsed(const parley_doc *doc, const parley_sentence *s) {
    return s->count > 0 && doc->tokens[s->first].head >= 0;
}

/* The sentence-level head of token t (document index), or -1. */
static long head_of(const parley_doc *doc, const parley_sentence *s, long t) {
    int32_t h = doc->tokens[t].head;
    if (h <= 0 || (uint32_t)h > s->count) return -1;
    return (long)s->first + h - 1;
}

static int lower_is(const char *form, const char *w) {
    for (; *form && *w; form++, w++) {
        char c = *form >= 'A' && *form <= 'Z' ? (char)(*form + 32) : *form;
        if (c != *w) return 0;
    }
    return *form == '\0' && *w == '\0';
}

static int is_future_word(const parley_token *t) {
    const char *f = t->form ? t->form : "";
    return lower_is(f, "will") || lower_is(f, "shall") || lower_is(f, "'ll") || lower_is(f, "wo");
}

/* The tense of the clause around byte offset off of sentence si. */
static int clause_tense(const parley_doc *doc, size_t si, size_t off) {
    const parley_sentence *s = &doc->sentences[si];
    long t = resolver_token_at(doc, si, off);
    if (t < 0) return PARLEY_TENSE_UNKNOWN;
    if (parsed(doc, s)) {
        long v = t;
        for (int hops = 0; v >= 0 && hops < 8; hops++) {
            int upos = doc->tokens[v].upos;
            if (upos == PARLEY_UPOS_VERB || upos == PARLEY_UPOS_AUX) break;
            v = head_of(doc, s, v);
        }
        if (v >= 0) {
            const parley_token *vt = &doc->tokens[v];
            for (uint32_t c = s->first; c < s->first + s->count; c++) {
                if (head_of(doc, s, c) != v) continue;
                const parley_token *ct = &doc->tokens[c];
                if (ct->deprel == PARLEY_DEP_AUX && is_future_word(ct)) return PARLEY_TENSE_FUTURE;
                if ((ct->deprel == PARLEY_DEP_AUX || ct->deprel == PARLEY_DEP_AUX_PASS) &&
                    ct->xpos == PARLEY_XPOS_VBD)
                    return PARLEY_TENSE_PAST;
            }
            if ((vt->feats & PARLEY_FEAT_TENSE_PAST) || vt->xpos == PARLEY_XPOS_VBD) return PARLEY_TENSE_PAST;
            if (vt->xpos == PARLEY_XPOS_VB || vt->xpos == PARLEY_XPOS_VBP || vt->xpos == PARLEY_XPOS_VBZ)
                return PARLEY_TENSE_UNKNOWN;
        }
    }
    /* Without a tree: a "will" shortly before the expression makes it future. */
    for (long k = t - 1; k >= (long)s->first && k >= t - 8; k--)
        if (is_future_word(&doc->tokens[k])) return PARLEY_TENSE_FUTURE;
    return PARLEY_TENSE_UNKNOWN;
}

/* A growable arena array. */
static void *push(parley_arena *a, void **items, size_t *n, size_t *cap, size_t size) {
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        void *grown = parley_arena_alloc(a, c * size);
        if (grown == NULL) return NULL;
        if (*n) memcpy(grown, *items, *n * size);
        *items = grown;
        *cap = c;
    }
    void *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

static const char *copy(parley_doc *doc, const char *s, size_t n) {
    const char *c = parley_arena_strndup(doc->arena, s, n);
    return c ? c : "";
}

static size_t doc_countries(const parley_resolver *r, const parley_doc *doc, const char **out, char (*buf)[4]) {
    size_t n = 0;
    for (size_t i = 0; i < doc->n_events && n < MAX_DOC_COUNTRIES; i++) {
        const parley_actor *a[2] = {&doc->events[i].source, &doc->events[i].target};
        for (int k = 0; k < 2 && n < MAX_DOC_COUNTRIES; k++) {
            if (!a[k]->present || !resolver_is_country(r, a[k]->code)) continue;
            int seen = 0;
            for (size_t j = 0; j < n; j++)
                if (strncmp(buf[j], a[k]->code, 3) == 0) seen = 1;
            if (seen) continue;
            memcpy(buf[n], a[k]->code, 3);
            buf[n][3] = '\0';
            out[n] = buf[n];
            n++;
        }
    }
    return n;
}

static void place_from_hit(parley_doc *doc, const place_hit *h, parley_place *p) {
    p->present = 1;
    p->name = copy(doc, h->entry->name, strlen(h->entry->name));
    memcpy(p->country, h->entry->country, 4);
    p->admin1 = copy(doc, h->entry->admin1, strlen(h->entry->admin1));
    p->lat = h->entry->lat;
    p->lon = h->entry->lon;
    p->span.start = (int32_t)h->start;
    p->span.end = (int32_t)h->end;
}

parley_status parley_resolver_analyze(const parley_resolver *r, parley_doc *doc, parley_doc_analysis *out,
                                      parley_error *err) {
    memset(out, 0, sizeof *out);
    size_t cap_d = 0, cap_p = 0, cap_q = 0;
    const char *countries[MAX_DOC_COUNTRIES];
    char buf[MAX_DOC_COUNTRIES][4];
    size_t nc = doc_countries(r, doc, countries, buf);
    const char *text = doc->text ? doc->text : "";
    size_t dl_end = parley_text_dateline_end(text, doc->text_len);
    place_hit hits[64];
    size_t nh = places_in_dateline(r->gaz, text, doc->text_len, countries, nc, hits, 64);
    for (size_t i = 0; i < nh; i++) {
        parley_place_mention *m = push(doc->arena, (void **)&out->places, &out->n_places, &cap_p, sizeof *m);
        if (m == NULL) goto nomem;
        m->sentence = 0;
        place_from_hit(doc, &hits[i], &m->place);
        m->locative = 1;
        m->dateline = 1;
        m->kind = hits[i].entry->kind;
    }
    char anchor[11] = "";
    for (size_t si = 0; si < doc->n_sentences; si++) {
        const parley_sentence *s = &doc->sentences[si];
        size_t start = s->start, end = s->end;
        if (start < dl_end) start = dl_end < end ? dl_end : end;
        /* Dates, in order, each one the anchor of the relative ones after it. */
        size_t pos = start;
        parley_date_value v;
        while (pos < end && doc->date &&
               parley_date_find(text + pos, end - pos, doc->date, anchor[0] ? anchor : NULL,
                                PARLEY_TENSE_UNKNOWN, &v)) {
            size_t abs_start = pos + v.start;
            int tense = clause_tense(doc, si, abs_start);
            parley_date_value tv;
            if (tense != PARLEY_TENSE_UNKNOWN &&
                parley_date_find(text + abs_start, end - abs_start, doc->date, anchor[0] ? anchor : NULL, tense,
                                 &tv) &&
                tv.start == 0) {
                v = tv;
                v.start += abs_start - pos;
                v.end += abs_start - pos;
            }
            parley_date_mention *m = push(doc->arena, (void **)&out->dates, &out->n_dates, &cap_d, sizeof *m);
            if (m == NULL) goto nomem;
            m->sentence = (int32_t)si;
            m->span.start = (int32_t)(pos + v.start);
            m->span.end = (int32_t)(pos + v.end);
            memcpy(m->date, v.date, 11);
            memcpy(m->date_end, v.date_end, 11);
            if (v.date_end[0] == '\0') memcpy(anchor, v.date, 11);
            pos += v.end;
        }
        nh = places_in_sentence(r->gaz, text, start, end, countries, nc, hits, 64);
        for (size_t i = 0; i < nh; i++) {
            parley_place_mention *m = push(doc->arena, (void **)&out->places, &out->n_places, &cap_p, sizeof *m);
            if (m == NULL) goto nomem;
            m->sentence = (int32_t)si;
            place_from_hit(doc, &hits[i], &m->place);
            m->locative = hits[i].locative;
            m->kind = hits[i].entry->kind;
        }
        pos = start;
        parley_quantity_value q;
        while (pos < end && quantity_find_from(text + start, end - start, pos - start, &q)) {
            q.start += start - pos;
            q.end += start - pos;
            parley_quantity_mention *m =
                push(doc->arena, (void **)&out->quantities, &out->n_quantities, &cap_q, sizeof *m);
            if (m == NULL) goto nomem;
            m->sentence = (int32_t)si;
            m->quantity.kind = copy(doc, q.kind, strlen(q.kind));
            m->quantity.unit = copy(doc, q.unit, strlen(q.unit));
            m->quantity.value = q.value;
            m->quantity.approximate = q.approximate;
            m->quantity.span.start = (int32_t)(pos + q.start);
            m->quantity.span.end = (int32_t)(pos + q.end);
            m->quantity.text = copy(doc, text + pos + q.start, q.end - q.start);
            pos += q.end;
        }
    }
    return PARLEY_OK;
nomem:
    return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file ? doc->origin_file : "", doc->origin_line,
                            "out of memory resolving document %s", doc->id ? doc->id : "");
}

/* ---- attaching to events ---- */

/* The predicate token of an event, or -1. */
static long predicate_token(const parley_doc *doc, const parley_event *ev) {
    if (ev->sentence < 0 || (size_t)ev->sentence >= doc->n_sentences || ev->action.start < 0) return -1;
    return resolver_token_at(doc, (size_t)ev->sentence, (size_t)ev->action.start);
}

/* 1 when the predicate governs the token at byte offset off with no other verb between. */
static int in_clause(const parley_doc *doc, const parley_event *ev, long pred, size_t off) {
    const parley_sentence *s = &doc->sentences[ev->sentence];
    if (pred < 0 || !parsed(doc, s)) return 0;
    long t = resolver_token_at(doc, (size_t)ev->sentence, off);
    for (int hops = 0; t >= 0 && hops < 12; hops++) {
        if (t == pred) return 1;
        if (hops > 0 && doc->tokens[t].upos == PARLEY_UPOS_VERB) return 0;
        t = head_of(doc, s, t);
    }
    return 0;
}

/* 1 when the token at byte offset off sits in a clause below the predicate
 * ("discussed efforts to secure the release of detainees in Gaza": Gaza is
 * where the detainees are, not where the call was): climbing from it meets a
 * verb, then the predicate. */
static int below_clause(const parley_doc *doc, const parley_event *ev, long pred, size_t off) {
    const parley_sentence *s = &doc->sentences[ev->sentence];
    if (pred < 0 || !parsed(doc, s)) return 0;
    long t = resolver_token_at(doc, (size_t)ev->sentence, off);
    int verb = 0;
    for (int hops = 0; t >= 0 && hops < 24; hops++) {
        if (t == pred) return verb;
        if (hops > 0 && doc->tokens[t].upos == PARLEY_UPOS_VERB) verb = 1;
        t = head_of(doc, s, t);
    }
    return 0;
}

static long distance(parley_span a, parley_span b) {
    if (a.end <= b.start) return b.start - a.end;
    if (b.end <= a.start) return a.start - b.end;
    return 0;
}

/* The verb pred is a conjunct of ("released 13 hostages on Friday, and
 * Israel freed 39 prisoners hours later"), or -1. A conjunct misattached
 * below a noun or a comma of the first clause belongs to that clause's verb. */
static long conjunct_head(const parley_doc *doc, const parley_event *ev, long pred) {
    const parley_sentence *s = &doc->sentences[ev->sentence];
    if (pred < 0 || !parsed(doc, s) || doc->tokens[pred].deprel != PARLEY_DEP_CONJ) return -1;
    long h = head_of(doc, s, pred);
    for (int hops = 0; h >= 0 && doc->tokens[h].upos != PARLEY_UPOS_VERB && hops < 6; hops++) h = head_of(doc, s, h);
    return h >= 0 && doc->tokens[h].upos == PARLEY_UPOS_VERB ? h : -1;
}

/* Ranks a span for an event: lower is better; -1 when it is in another
 * sentence. A conjoined clause without a time or place of its own shares
 * its first conjunct's before the nearest expression elsewhere counts. */
int resolver_ellipsis_between(const parley_doc *doc, int32_t sentence, parley_span a, parley_span b) {
    int32_t lo = a.end < b.start ? a.end : b.end, hi = a.end < b.start ? b.start : a.start;
    if (lo >= hi) return 0;
    const parley_sentence *s = &doc->sentences[sentence];
    for (uint32_t t = s->first; t < s->first + s->count; t++) {
        const parley_token *k = &doc->tokens[t];
        if ((int32_t)k->start >= lo && (int32_t)k->end <= hi && k->form &&
            (strcmp(k->form, "...") == 0 || strcmp(k->form, "\xE2\x80\xA6") == 0))
            return 1;
    }
    return 0;
}

static long rank(const parley_doc *doc, const parley_event *ev, long pred, int32_t sentence, parley_span sp) {
    if (sentence != ev->sentence) return -1;
    if (resolver_ellipsis_between(doc, sentence, sp, ev->action)) return -1;
    if (sp.start <= ev->action.start && ev->action.end <= sp.end) return 0;
    if (in_clause(doc, ev, pred, (size_t)sp.start)) return 1;
    long h = conjunct_head(doc, ev, pred);
    if (h >= 0 && in_clause(doc, ev, h, (size_t)sp.start)) return 2;
    return 3 + distance(sp, ev->action);
}

static void attach_date(parley_doc *doc, parley_event *ev, long pred, const parley_doc_analysis *a) {
    long best = -1;
    const parley_date_mention *pick = NULL;
    for (size_t i = 0; i < a->n_dates; i++) {
        long k = rank(doc, ev, pred, a->dates[i].sentence, a->dates[i].span);
        /* "thanked Qatar for its role in securing the release of hostages
         * during the pause": the pause dates the release, not the thanks. */
        if (k > 1 && below_clause(doc, ev, pred, (size_t)a->dates[i].span.start)) continue;
        if (k >= 0 && (best < 0 || k < best)) {
            best = k;
            pick = &a->dates[i];
        }
    }
    /* Outside the event's clause, a day belongs to another clause; a period
     * of the sentence that holds it frames the event better: "a 7-day truce
     * ... ended on December 1; prisoners were exchanged and aid trucks
     * entered the Strip" happened during the truce, not on its last day. */
    if (pick && best >= 3 && pick->date_end[0] == '\0')
        for (size_t i = 0; i < a->n_dates; i++) {
            const parley_date_mention *m = &a->dates[i];
            if (m->sentence != ev->sentence || m->date_end[0] == '\0' ||
                rank(doc, ev, pred, m->sentence, m->span) < 3)
                continue;
            if (strcmp(m->date, pick->date) <= 0 && strcmp(pick->date, m->date_end) <= 0) {
                pick = m;
                break;
            }
        }
    if (pick) {
        memcpy(ev->date, pick->date, 11);
        memcpy(ev->date_end, pick->date_end, 11);
        ev->date_text = copy(doc, doc->text + pick->span.start, (size_t)(pick->span.end - pick->span.start));
        ev->date_flagged = 0;
    } else {
        long d;
        ev->date[0] = ev->date_end[0] = '\0';
        if (doc->date && resolve_parse_date(doc->date, &d) == 0) resolve_format_date(d, ev->date);
        ev->date_text = "";
        ev->date_flagged = 1;
    }
}

static void attach_place(parley_event *ev, const parley_doc *doc, long pred, const parley_doc_analysis *a) {
    long best = -1;
    const parley_place_mention *pick = NULL, *dateline = NULL;
    for (size_t i = 0; i < a->n_places; i++) {
        const parley_place_mention *m = &a->places[i];
        if (m->dateline) {
            if (dateline == NULL) dateline = m;
            continue;
        }
        if (!m->locative) continue;
        long k = rank(doc, ev, pred, m->sentence, m->place.span);
        /* A country outside the event's clause is too often its target or a
         * comparison ("close to Iran") to be where it happened. */
        if (k > 1 && strcmp(m->kind, "country") == 0 && parsed(doc, &doc->sentences[ev->sentence])) continue;
        if (k > 1 && below_clause(doc, ev, pred, (size_t)m->place.span.start)) continue;
        if (k >= 0 && (best < 0 || k < best)) {
            best = k;
            pick = m;
        }
    }
    int from_dateline = pick == NULL && dateline != NULL;
    if (pick == NULL) pick = dateline;
    if (pick) ev->place = pick->place;
    else memset(&ev->place, 0, sizeof ev->place);
    ev->place.dateline = from_dateline;
}

/* The lemma of the case or mark dependent of token t (a document index), or "". */
static const char *marker_of(const parley_doc *doc, const parley_sentence *s, long t) {
    for (uint32_t i = 0; i < s->count; i++) {
        const parley_token *k = &doc->tokens[s->first + i];
        if (k->head == t - (long)s->first + 1 && (k->deprel == PARLEY_DEP_CASE || k->deprel == PARLEY_DEP_MARK))
            return k->lemma ? k->lemma : k->form;
    }
    return "";
}

/* An event with no target actor whose predicate acts on a place ("shelled
 * Gaza", "bombed the port of Poti", "sent aid to Beirut", "air-dropped food
 * over northern Gaza") takes that place's country as its target, as event
 * coders do. Places where something merely happens ("in Doha") are not
 * targets. Token indices are document indices. */
static void attach_place_target(parley_doc *doc, parley_event *ev, long pred, const parley_doc_analysis *a) {
    if (ev->target.present || pred < 0) return;
    const parley_sentence *s = &doc->sentences[ev->sentence];
    if (!parsed(doc, s)) return;
    for (size_t i = 0; i < a->n_places; i++) {
        const parley_place_mention *m = &a->places[i];
        if (m->dateline || m->sentence != ev->sentence || !m->place.country[0]) continue;
        long t = resolver_token_at(doc, (size_t)ev->sentence, (size_t)m->place.span.start);
        if (t < 0) continue;
        /* the head of the place's words: climb while the head is inside them */
        for (int hops = 0; hops < 6; hops++) {
            long h = head_of(doc, s, t);
            if (h < 0 || doc->tokens[h].start < (uint32_t)m->place.span.start ||
                doc->tokens[h].end > (uint32_t)m->place.span.end)
                break;
            t = h;
        }
        /* one more noun for "the port of Poti", "the outskirts of Kyiv" */
        long arg = t;
        if (head_of(doc, s, arg) != pred && head_of(doc, s, arg) >= 0 &&
            parley_deprel_base(doc->tokens[arg].deprel) == PARLEY_DEP_NMOD &&
            strcmp(marker_of(doc, s, arg), "of") == 0)
            arg = head_of(doc, s, arg);
        if (head_of(doc, s, arg) != pred) continue;
        int rel = doc->tokens[arg].deprel;
        const char *mk = marker_of(doc, s, arg);
        int acted_on = rel == PARLEY_DEP_OBJ ||
                       (parley_deprel_base(rel) == PARLEY_DEP_OBL &&
                        (strcmp(mk, "to") == 0 || strcmp(mk, "into") == 0 || strcmp(mk, "on") == 0 ||
                         strcmp(mk, "over") == 0 || strcmp(mk, "against") == 0 || strcmp(mk, "at") == 0));
        if (!acted_on) continue;
        ev->target.present = 1;
        snprintf(ev->target.code, sizeof ev->target.code, "%s", m->place.country);
        ev->target.name = m->place.name;
        ev->target.span = m->place.span;
        ev->target.text = copy(doc, doc->text + m->place.span.start,
                               (size_t)(m->place.span.end - m->place.span.start));
        return;
    }
}

/* A person's code is the office held when the event happened, which the
 * coder, knowing only the report's date, could not tell: Bazoum detained on
 * 26 July 2023 was still president (NERGOV) though the report of the 27th
 * finds him out of office. Re-resolves the actor's words on the event date. */
static void person_on_event_date(const parley_resolver *r, parley_doc *doc, parley_actor *a, const char *date) {
    if (r->dict == NULL || !a->present || a->inferred || a->text == NULL || !date[0] || doc->date == NULL ||
        strncmp(date, doc->date, 10) == 0)
        return;
    const char **forms = NULL;
    size_t n = parley_text_tokenize_phrase(a->text, strlen(a->text), doc->arena, &forms);
    for (size_t i = 0; i < n; i++) {
        parley_phrase_resolution res;
        if (parley_dict_resolve_phrase(r->dict, forms + i, NULL, n - i, date, &res) == 0) continue;
        if (res.kind == PARLEY_ACTOR_PERSON && res.code[0] && strcmp(res.code, a->code) != 0)
            snprintf(a->code, sizeof a->code, "%s", res.code);
        return;
    }
}

/* CAMEO keeps a code for meetings on neutral ground: "Biden and Putin met
 * in Geneva", "the foreign ministers of Russia and Ukraine met in Antalya".
 * A consultation (040) between two countries' actors at a place named in
 * the sentence itself, in neither party's country, is a meeting at a third
 * location (044). */
static void third_location_meeting(const parley_resolver *r, parley_event *ev) {
    if (strcmp(ev->cameo, "040") != 0 || !ev->source.present || !ev->target.present || !ev->place.present)
        return;
    const char *cs = ev->source.code, *ct = ev->target.code, *cp = ev->place.country;
    if (strlen(cs) < 3 || strlen(ct) < 3 || strlen(cp) != 3) return;
    char a[4], b[4];
    snprintf(a, sizeof a, "%.3s", cs);
    snprintf(b, sizeof b, "%.3s", ct);
    if (!resolver_is_country(r, a) || !resolver_is_country(r, b) || strcmp(a, b) == 0) return;
    if (strcmp(a, cp) == 0 || strcmp(b, cp) == 0) return;
    if (ev->place.span.start < ev->evidence.start || ev->place.span.end > ev->evidence.end) return;
    const parley_cameo_code *c = parley_cameo_lookup("044");
    if (c == NULL) return;
    snprintf(ev->cameo, sizeof ev->cameo, "%s", c->code);
    snprintf(ev->root, sizeof ev->root, "%s", c->root);
    ev->quad = c->quad;
    ev->goldstein = c->goldstein;
    ev->plover = c->plover;
}

/* An actor whose country the coder took from the context ("civilians",
 * "the health ministry") gets it from a place inside its own words first
 * ("the Gaza health ministry"), and a target from the place of the event
 * ("killed 12 people" in Jabalia): the nearest context there is. */
static void place_actor_country(parley_actor *act, const parley_event *ev, const parley_doc_analysis *a,
                                int use_event_place) {
    if (!act->present || !act->inferred || strlen(act->code) < 3) return;
    for (size_t i = 0; i < a->n_places; i++) {
        const parley_place_mention *m = &a->places[i];
        if (m->dateline || m->sentence != ev->sentence || !m->place.country[0]) continue;
        if (m->place.span.start >= act->span.start && m->place.span.end <= act->span.end) {
            memcpy(act->code, m->place.country, 3);
            act->name = m->place.name;
            return;
        }
    }
    /* Not a dateline's place: "CAIRO - Hamas freed 13 hostages" does not make them Egyptian. */
    if (use_event_place && ev->place.present && !ev->place.dateline && ev->place.country[0])
        memcpy(act->code, ev->place.country, 3);
}

/* Each quantity goes to the events of the predicate that governs it, else to
 * those of the nearest predicate of its sentence. */
static parley_status attach_quantities(parley_doc *doc, const long *preds, const parley_doc_analysis *a) {
    for (size_t i = 0; i < doc->n_events; i++) {
        doc->events[i].quantities = NULL;
        doc->events[i].n_quantities = 0;
    }
    size_t *counts = parley_arena_calloc(doc->arena, doc->n_events + 1, sizeof *counts);
    long *chosen = parley_arena_calloc(doc->arena, a->n_quantities + 1, sizeof *chosen);
    if (counts == NULL || chosen == NULL) return PARLEY_ERR_NOMEM;
    for (size_t q = 0; q < a->n_quantities; q++) {
        long best = -1, pick = -1;
        for (size_t e = 0; e < doc->n_events; e++) {
            long k = rank(doc, &doc->events[e], preds[e], a->quantities[q].sentence, a->quantities[q].quantity.span);
            if (k >= 0 && (best < 0 || k < best)) {
                best = k;
                pick = (long)e;
            }
        }
        chosen[q] = pick;
        if (pick < 0) continue;
        for (size_t e = 0; e < doc->n_events; e++)
            if (preds[e] == preds[pick] && doc->events[e].sentence == doc->events[pick].sentence) counts[e]++;
    }
    for (size_t e = 0; e < doc->n_events; e++) {
        if (counts[e] == 0) continue;
        doc->events[e].quantities = parley_arena_calloc(doc->arena, counts[e], sizeof(parley_quantity));
        if (doc->events[e].quantities == NULL) return PARLEY_ERR_NOMEM;
    }
    for (size_t q = 0; q < a->n_quantities; q++) {
        long pick = chosen[q];
        if (pick < 0) continue;
        for (size_t e = 0; e < doc->n_events; e++)
            if (preds[e] == preds[pick] && doc->events[e].sentence == doc->events[pick].sentence)
                doc->events[e].quantities[doc->events[e].n_quantities++] = a->quantities[q].quantity;
    }
    return PARLEY_OK;
}

parley_status parley_resolver_run_analysis(const parley_resolver *r, parley_doc *doc, parley_doc_analysis *out,
                                           parley_error *err) {
    parley_doc_analysis local = {0};
    parley_doc_analysis *a = out ? out : &local;
    parley_status st = parley_resolver_analyze(r, doc, a, err);
    if (st != PARLEY_OK) return st;
    st = reporters_fill(r, doc, err);
    if (st != PARLEY_OK) return st;
    long *preds = parley_arena_calloc(doc->arena, doc->n_events + 1, sizeof *preds);
    if (preds == NULL) goto nomem;
    for (size_t i = 0; i < doc->n_events; i++) {
        parley_event *ev = &doc->events[i];
        preds[i] = predicate_token(doc, ev);
        attach_date(doc, ev, preds[i], a);
        person_on_event_date(r, doc, &ev->source, ev->date);
        person_on_event_date(r, doc, &ev->target, ev->date);
        attach_place(ev, doc, preds[i], a);
        attach_place_target(doc, ev, preds[i], a);
        place_actor_country(&ev->source, ev, a, 0);
        place_actor_country(&ev->target, ev, a, 1);
        place_actor_country(&ev->reporter, ev, a, 0);
        /* An actor does not act on its own code: a context-given country that
         * the place did not change leaves the event without a target. */
        if (ev->source.present && ev->target.present && strcmp(ev->source.code, ev->target.code) == 0)
            memset(&ev->target, 0, sizeof ev->target);
        third_location_meeting(r, ev);
        ev->mentions = parley_arena_calloc(doc->arena, 1, sizeof *ev->mentions);
        if (ev->mentions == NULL) goto nomem;
        ev->mentions[0].doc_id = doc->id ? doc->id : "";
        ev->mentions[0].sentence = ev->sentence;
        ev->mentions[0].reporter = ev->reporter;
        ev->n_mentions = 1;
        ev->num_mentions = ev->num_sources = ev->num_articles = 1;
    }
    if (attach_quantities(doc, preds, a) != PARLEY_OK) goto nomem;
    return merge_events(doc, err);
nomem:
    return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file ? doc->origin_file : "", doc->origin_line,
                            "out of memory resolving document %s", doc->id ? doc->id : "");
}

parley_status parley_resolver_run(const parley_resolver *r, parley_doc *doc, parley_error *err) {
    return parley_resolver_run_analysis(r, doc, NULL, err);
}
