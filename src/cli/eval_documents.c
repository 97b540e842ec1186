/* eval_documents.c - `parley eval --documents FILE`: how well the resolver
 * reads whole stories, against eval/documents.jsonl.
 *
 * Each story goes through the pipeline up to the coder, then through the
 * resolver (its analysis is kept, so date, place and quantity mentions are
 * scored on their own, not only through events). A gold mention is found
 * when a predicted mention overlaps the place of its text in the story; it
 * is correct when the values agree as docs/resolve.md defines. Without
 * tagger and parser models the event-level measures cannot be computed and
 * are reported as skipped; the mention-level ones still are. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/eval_documents.h"
#include "cli/eval_gold.h"
#include "parley/text.h"
#include "parley/doc.h"
#include "parley/evaluate.h"
#include "parley/event_io.h"
#include "parley/event.h"
#include "parley/pipeline.h"
#include "parley/resolve.h"

#define MAX_GOLD 64
#define MAX_KEYS 256

typedef struct counts {
    size_t gold, found, correct, predicted, predicted_matched;
} counts;

typedef struct event_key {
    char key[128];
} event_key;

typedef struct doc_keys {
    char id[64];
    char group[16];
    event_key *keys;
    size_t n;
} doc_keys;

static const char *str(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* Where gold text lies in the story: [*a, *b), searched from from; 0 when absent. */
static int word_byte(char c) {
    unsigned char u = (unsigned char)c;
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

/* The first occurrence of needle in text[from, to): as a whole word first
 * (a gold "he" is not the "he" in "the"), exact case before any case, then
 * inside a word as a last resort. */
static int locate(const char *text, size_t from, size_t to, const char *needle, size_t *a, size_t *b) {
    size_t n = strlen(needle);
    if (n == 0 || to < from) return 0;
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = from; i + n <= to; i++) {
            int whole = (i == 0 || !word_byte(text[i - 1]) || !word_byte(needle[0])) &&
                        (!word_byte(text[i + n]) || !word_byte(needle[n - 1]));
            if (pass < 2 && !whole) continue;
            if (((pass % 2) == 0 ? strncmp(text + i, needle, n) : strncasecmp(text + i, needle, n)) == 0) {
                *a = i;
                *b = i + n;
                return 1;
            }
        }
    return 0;
}

static int overlaps(parley_span s, size_t a, size_t b) {
    return s.start >= 0 && (size_t)s.start < b && (size_t)s.end > a;
}

static void score_dates(const parley_doc *doc, const parley_doc_analysis *an, json_t *gold, counts *c, int show) {
    size_t i;
    json_t *g;
    unsigned char matched[512] = {0};
    json_array_foreach(gold, i, g) {
        c->gold++;
        size_t a, b;
        if (!locate(doc->text, 0, doc->text_len, str(g, "text"), &a, &b)) continue;
        for (size_t k = 0; k < an->n_dates; k++) {
            if (!overlaps(an->dates[k].span, a, b)) continue;
            if (k < sizeof matched) matched[k] = 1;
            c->found++;
            const char *end = str(g, "date_end");
            int ok = strcmp(an->dates[k].date, str(g, "date")) == 0 &&
                     (end[0] == '\0' || strcmp(an->dates[k].date_end, end) == 0);
            c->correct += ok;
            if (!ok && show)
                printf("  %s date \"%s\": expected %s %s, got %s %s\n", doc->id, str(g, "text"), str(g, "date"), end,
                       an->dates[k].date, an->dates[k].date_end);
            break;
        }
    }
    c->predicted += an->n_dates;
    for (size_t k = 0; k < an->n_dates && k < sizeof matched; k++) c->predicted_matched += matched[k];
}

static void score_places(const parley_doc *doc, const parley_doc_analysis *an, json_t *gold, counts *country,
                         counts *name, int show) {
    size_t i;
    json_t *g;
    json_array_foreach(gold, i, g) {
        country->gold++;
        name->gold++;
        size_t a, b;
        int found = 0;
        if (locate(doc->text, 0, doc->text_len, str(g, "text"), &a, &b)) {
            for (size_t k = 0; k < an->n_places && !found; k++) {
                const parley_place *p = &an->places[k].place;
                if (!overlaps(p->span, a, b)) continue;
                found = 1;
                country->found++;
                name->found++;
                country->correct += strcmp(p->country, str(g, "country")) == 0;
                name->correct += strcasecmp(p->name, str(g, "name")) == 0;
                if (show && (strcmp(p->country, str(g, "country")) != 0 || strcasecmp(p->name, str(g, "name")) != 0))
                    printf("  %s place \"%s\": expected %s %s, got %s %s\n", doc->id, str(g, "text"),
                           str(g, "name"), str(g, "country"), p->name, p->country);
            }
        }
        if (!found && show) printf("  %s place \"%s\": not found\n", doc->id, str(g, "text"));
    }
    country->predicted += an->n_places;
}

static void score_quantities(const parley_doc *doc, const parley_doc_analysis *an, json_t *gold, counts *c,
                             counts *approx, int show) {
    size_t i;
    json_t *g;
    json_array_foreach(gold, i, g) {
        c->gold++;
        approx->gold++;
        size_t a, b;
        int found = 0;
        if (locate(doc->text, 0, doc->text_len, str(g, "text"), &a, &b)) {
            for (size_t k = 0; k < an->n_quantities && !found; k++) {
                const parley_quantity *q = &an->quantities[k].quantity;
                if (!overlaps(q->span, a, b)) continue;
                found = 1;
                c->found++;
                approx->found++;
                int ok = q->value == json_number_value(json_object_get(g, "value")) &&
                         strcmp(q->kind, str(g, "kind")) == 0 && strcmp(q->unit, str(g, "unit")) == 0;
                c->correct += ok;
                approx->correct += q->approximate == json_is_true(json_object_get(g, "approximate"));
                if (!ok && show)
                    printf("  %s quantity \"%s\": expected %s %g %s, got %s %g %s\n", doc->id, str(g, "text"),
                           str(g, "kind"), json_number_value(json_object_get(g, "value")), str(g, "unit"),
                           q->kind, q->value, q->unit);
            }
        }
        if (!found && show) printf("  %s quantity \"%s\": not found\n", doc->id, str(g, "text"));
    }
    c->predicted += an->n_quantities;
}

/* Pronouns and short mentions: the actor of a predicted event (source,
 * target or reporter) whose words overlap the gold text in its sentence. */
static void score_coref(const parley_doc *doc, json_t *gold, counts *c) {
    size_t i;
    json_t *g;
    json_array_foreach(gold, i, g) {
        c->gold++;
        json_int_t sn = json_integer_value(json_object_get(g, "sentence"));
        /* Gold counts the story's sentences; parley makes a dateline a
         * sentence of its own before them. */
        if (parley_text_dateline_end(doc->text, doc->text_len) > 0) sn++;
        size_t from = 0, to = doc->text_len, a, b;
        if (sn >= 1 && (size_t)sn <= doc->n_sentences) {
            from = doc->sentences[sn - 1].start;
            to = doc->sentences[sn - 1].end;
        }
        if (!locate(doc->text, from, to, str(g, "text"), &a, &b) &&
            !locate(doc->text, 0, doc->text_len, str(g, "text"), &a, &b))
            continue;
        int found = 0, ok = 0;
        for (size_t e = 0; e < doc->n_events && !ok; e++) {
            const parley_actor *act[3] = {&doc->events[e].source, &doc->events[e].target, &doc->events[e].reporter};
            for (int k = 0; k < 3 && !ok; k++) {
                if (!act[k]->present || !overlaps(act[k]->span, a, b)) continue;
                found = 1;
                ok = strcmp(act[k]->code, str(g, "code")) == 0;
            }
        }
        c->found += found;
        c->correct += ok;
    }
}

/* Event date accuracy: gold events paired with a predicted event of the same
 * source, target and CAMEO code. */
/* 1 when every gold quantity of an event (kind, value, unit) is among the
 * event's own. */
static int event_quantities_ok(const parley_event *ev, json_t *gq) {
    size_t i;
    json_t *q;
    json_array_foreach(gq, i, q) {
        int found = 0;
        double v = json_number_value(json_object_get(q, "value"));
        for (size_t k = 0; k < ev->n_quantities && !found; k++)
            found = strcmp(ev->quantities[k].kind, str(q, "kind")) == 0 &&
                    strcmp(ev->quantities[k].unit, str(q, "unit")) == 0 && ev->quantities[k].value == v;
        if (!found) return 0;
    }
    return 1;
}

/* Scores the date and, where the gold event gives them, the place, the
 * reporter and the quantities of each predicted event that matches a gold
 * one (same source, target and code). */
static void score_event_dates(const parley_doc *doc, json_t *gold, counts *c, counts *places, counts *reporters,
                              counts *quants, int show) {
    size_t i;
    json_t *g;
    unsigned char used[1024] = {0};
    json_array_foreach(gold, i, g) {
        json_t *s = json_object_get(g, "source"), *t = json_object_get(g, "target");
        const char *src = json_is_string(s) ? json_string_value(s) : "";
        const char *tgt = json_is_string(t) ? json_string_value(t) : "";
        c->gold++;
        json_t *gp = json_object_get(g, "place");
        if (json_is_object(gp)) places->gold++;
        /* a gold event states its reporter only when the text names one */
        json_t *gr = json_object_get(g, "reporter");
        if (json_is_string(gr)) reporters->gold++;
        json_t *gq = json_object_get(g, "quantities");
        if (json_array_size(gq) > 0) quants->gold++;
        for (size_t e = 0; e < doc->n_events && e < sizeof used; e++) {
            const parley_event *ev = &doc->events[e];
            if (used[e] || ev->negated) continue;
            if (strcmp(ev->source.present ? ev->source.code : "", src) != 0 ||
                strcmp(ev->target.present ? ev->target.code : "", tgt) != 0 || strcmp(ev->cameo, str(g, "cameo")) != 0)
                continue;
            used[e] = 1;
            c->found++;
            const char *end = str(g, "date_end");
            int ok = strcmp(ev->date, str(g, "date")) == 0 && (end[0] == '\0' || strcmp(ev->date_end, end) == 0);
            c->correct += ok;
            if (!ok && show)
                printf("  %s event %s>%s:%s date: expected %s %s, got %s %s (\"%s\")\n", doc->id, src, tgt,
                       ev->cameo, str(g, "date"), end, ev->date, ev->date_end, ev->date_text);
            if (json_is_object(gp)) {
                places->found++;
                places->correct += ev->place.present && strcmp(ev->place.country, str(gp, "country")) == 0;
            }
            if (json_is_string(gr)) {
                reporters->found++;
                int rok = ev->reporter.present && strcmp(ev->reporter.code, json_string_value(gr)) == 0;
                reporters->correct += rok;
                if (!rok && show)
                    printf("  %s event %s>%s:%s reporter: expected %s, got %s\n", doc->id, src, tgt, ev->cameo,
                           json_string_value(gr), ev->reporter.present ? ev->reporter.code : "none");
            }
            if (json_array_size(gq) > 0) {
                quants->found++;
                int qok = event_quantities_ok(ev, gq);
                quants->correct += qok;
                if (!qok && show)
                    printf("  %s event %s>%s:%s quantities: %zu expected, %zu attached, not all expected ones\n",
                           doc->id, src, tgt, ev->cameo, json_array_size(gq), ev->n_quantities);
            }
            break;
        }
    }
}

/* The cross-document merge key of docs/resolve.md: dyad, CAMEO base, date, place country. */
static void keys_of(const parley_doc *doc, doc_keys *k) {
    k->keys = calloc(doc->n_events + 1, sizeof *k->keys);
    k->n = 0;
    for (size_t i = 0; k->keys && i < doc->n_events; i++) {
        const parley_event *ev = &doc->events[i];
        if (ev->negated) continue;
        snprintf(k->keys[k->n++].key, sizeof k->keys[0].key, "%s|%s|%.3s|%s|%s|%s",
                 ev->source.present ? ev->source.code : "", ev->target.present ? ev->target.code : "", ev->cameo,
                 ev->date, ev->date_end, parley_event_place_keyed(ev) ? ev->place.country : "");
    }
}

static int share_key(const doc_keys *a, const doc_keys *b) {
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (strcmp(a->keys[i].key, b->keys[j].key) == 0) return 1;
    return 0;
}

static void print_counts(const char *label, const counts *c) {
    printf("  %-22s %4zu gold  found %6.2f%%  correct %6.2f%% of gold, %6.2f%% of found\n", label, c->gold,
           c->gold ? 100.0 * c->found / c->gold : 0, c->gold ? 100.0 * c->correct / c->gold : 0,
           c->found ? 100.0 * c->correct / c->found : 0);
}

int eval_documents(const char *path, const char *data_dir, int show_errors, int first_parse_only,
                   unsigned nlp_flags) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "parley eval: cannot open %s\n", path);
        return 1;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_pipeline_options opts;
    parley_pipeline_options_default(&opts);
    opts.data_dir = data_dir;
    opts.stage = PARLEY_STAGE_CODE;
    opts.first_parse_only = first_parse_only;
    opts.nlp_flags = nlp_flags;
    parley_pipeline *p = NULL;
    int events_scored = 1;
    if (parley_pipeline_open(&p, &opts, &err) != PARLEY_OK) {
        /* No tagger and parser models: mentions can still be scored. */
        fprintf(stderr, "parley eval: %s%s%s; scoring mentions only\n", err.file, err.file[0] ? ": " : "",
                err.message);
        events_scored = 0;
        opts.stage = PARLEY_STAGE_SEGMENT;
        if (parley_pipeline_open(&p, &opts, &err) != PARLEY_OK) {
            fprintf(stderr, "parley eval: %s\n", err.message);
            fclose(f);
            return 1;
        }
    }
    parley_resolver *r = NULL;
    if (parley_resolver_open(&r, parley_data_dir(data_dir), parley_pipeline_dict(p), &err) != PARLEY_OK) {
        fprintf(stderr, "parley eval: %s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
        parley_pipeline_free(p);
        fclose(f);
        return 1;
    }
    parley_pipeline_worker *w = parley_pipeline_worker_new(p);
    parley_doc *doc = parley_doc_new();
    counts dates = {0}, place_country = {0}, place_name = {0}, quantities = {0}, approx = {0}, coref = {0},
           event_dates = {0}, event_places = {0}, event_reporters = {0}, event_quantities = {0};
    parley_event_scores scores;
    memset(&scores, 0, sizeof scores);
    size_t events_before = 0, events_after = 0, n_docs = 0;
    doc_keys *keys = NULL;
    size_t n_keys = 0, cap_keys = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, bad = 0;
    parley_eval_event gold[MAX_GOLD], pred[MAX_GOLD];
    while (w && doc && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        json_error_t jerr;
        json_t *rec = json_loadb(line, (size_t)len, 0, &jerr);
        json_t *text = rec ? json_object_get(rec, "text") : NULL;
        if (!json_is_string(text)) {
            fprintf(stderr, "parley eval: %s:%ld: %s\n", path, lineno, rec ? "no text" : jerr.text);
            json_decref(rec);
            bad++;
            continue;
        }
        parley_doc_reset(doc);
        doc->id = parley_arena_strdup(doc->arena, str(rec, "id"));
        doc->date = parley_arena_strndup(doc->arena, str(rec, "date"), 10);
        doc->source = parley_arena_strdup(doc->arena, str(rec, "source"));
        doc->origin_file = path;
        doc->origin_line = lineno;
        parley_doc_set_text(doc, json_string_value(text), json_string_length(text));
        parley_doc_analysis an;
        if (parley_pipeline_run(p, w, doc, &err) != PARLEY_OK ||
            (events_before += doc->n_events, parley_resolver_run_analysis(r, doc, &an, &err)) != PARLEY_OK) {
            fprintf(stderr, "parley eval: %s:%ld: %s\n", path, lineno, err.message);
            json_decref(rec);
            bad++;
            continue;
        }
        n_docs++;
        events_after += doc->n_events;
        json_t *expect = json_object_get(rec, "expect");
        score_dates(doc, &an, json_object_get(expect, "dates"), &dates, show_errors);
        score_places(doc, &an, json_object_get(expect, "places"), &place_country, &place_name, show_errors);
        score_quantities(doc, &an, json_object_get(expect, "quantities"), &quantities, &approx, show_errors);
        if (events_scored) {
            score_coref(doc, json_object_get(expect, "coref"), &coref);
            score_event_dates(doc, json_object_get(expect, "events"), &event_dates, &event_places, &event_reporters,
                              &event_quantities, show_errors);
            size_t ng = eval_gold_events(json_object_get(expect, "events"), gold, MAX_GOLD);
            size_t np = parley_eval_events_of_doc(doc, pred, MAX_GOLD);
            parley_event_scores_add(&scores, gold, ng, pred, np);
            if (n_keys == cap_keys) {
                size_t c2 = cap_keys ? cap_keys * 2 : 64;
                doc_keys *grown = realloc(keys, c2 * sizeof *keys);
                if (grown) {
                    keys = grown;
                    cap_keys = c2;
                }
            }
            if (n_keys < cap_keys) {
                doc_keys *k = &keys[n_keys++];
                snprintf(k->id, sizeof k->id, "%s", doc->id);
                snprintf(k->group, sizeof k->group, "%s", str(rec, "merge_group"));
                keys_of(doc, k);
            }
        }
        json_decref(rec);
    }
    free(line);
    fclose(f);

    printf("parley eval --documents: %zu documents\n", n_docs);
    printf("mentions (gold text located in the story; found = a predicted mention overlaps it):\n");
    print_counts("dates (date and end)", &dates);
    printf("  %-22s %4zu predicted, %6.2f%% of them on a gold expression\n", "", dates.predicted,
           dates.predicted ? 100.0 * dates.predicted_matched / dates.predicted : 0);
    print_counts("places (country)", &place_country);
    print_counts("places (name)", &place_name);
    print_counts("quantities (kind,value,unit)", &quantities);
    print_counts("quantities (approximate)", &approx);
    if (events_scored) {
        printf("events (after merging within each document):\n");
        printf("  %zu expected, %zu predicted before merging, %zu after\n", scores.gold_events, events_before,
               events_after);
        printf("  %-22s P %6.2f%%  R %6.2f%%  F1 %6.2f%%\n", "full events", 100 * parley_eval_precision(&scores.full),
               100 * parley_eval_recall(&scores.full), 100 * parley_eval_f1(&scores.full));
        print_counts("event dates", &event_dates);
        print_counts("event places (country)", &event_places);
        print_counts("event reporters", &event_reporters);
        print_counts("event quantities", &event_quantities);
        print_counts("coreference", &coref);
        size_t groups = 0, recovered = 0, false_pairs = 0;
        for (size_t i = 0; i < n_keys; i++)
            for (size_t j = i + 1; j < n_keys; j++) {
                int same_group = keys[i].group[0] && strcmp(keys[i].group, keys[j].group) == 0;
                int shared = share_key(&keys[i], &keys[j]);
                groups += same_group;
                recovered += same_group && shared;
                false_pairs += !same_group && shared;
            }
        printf("  cross-document merge: %zu of %zu gold pairs share an event key; %zu other pairs do\n", recovered,
               groups, false_pairs);
    } else {
        printf("events, event dates, coreference and merging: skipped (no tagger/parser models)\n");
    }
    for (size_t i = 0; i < n_keys; i++) free(keys[i].keys);
    free(keys);
    parley_doc_free(doc);
    parley_pipeline_worker_free(w);
    parley_resolver_free(r);
    parley_pipeline_free(p);
    if (bad) fprintf(stderr, "parley eval: %ld records skipped\n", bad);
    return bad ? 2 : 0;
}
