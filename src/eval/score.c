/* score.c - multiset matching of expected and predicted events (see
 * parley/evaluate.h). Items hold a handful of events, so the quadratic
 * pairing is the simple and sufficient choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/doc.h"
#include "parley/evaluate.h"
#include "parley/event.h"

#define SCORE_MAX 64

static int root_of(const char *cameo) {
    if (strlen(cameo) < 2) return 0;
    int r = (cameo[0] - '0') * 10 + (cameo[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

static int same_dyad(const parley_eval_event *a, const parley_eval_event *b) {
    return strcmp(a->source, b->source) == 0 && strcmp(a->target, b->target) == 0;
}

typedef int (*event_equal_fn)(const parley_eval_event *a, const parley_eval_event *b);

static int equal_full(const parley_eval_event *a, const parley_eval_event *b) {
    return same_dyad(a, b) && strcmp(a->cameo, b->cameo) == 0;
}

static int equal_root(const parley_eval_event *a, const parley_eval_event *b) {
    return root_of(a->cameo) == root_of(b->cameo);
}

/* Greedy one-to-one pairing under eq; returns the number of pairs. */
static size_t pair_count(const parley_eval_event *gold, size_t ng, const parley_eval_event *pred,
                         size_t np, event_equal_fn eq) {
    unsigned char taken[SCORE_MAX] = {0};
    size_t pairs = 0;
    for (size_t g = 0; g < ng; g++)
        for (size_t p = 0; p < np; p++)
            if (!taken[p] && eq(&gold[g], &pred[p])) {
                taken[p] = 1;
                pairs++;
                break;
            }
    return pairs;
}

static void count_add(parley_eval_counts *c, size_t pairs, size_t ng, size_t np) {
    c->tp += pairs;
    c->fn += ng - pairs;
    c->fp += np - pairs;
}

void parley_event_scores_add(parley_event_scores *s, const parley_eval_event *gold, size_t n_gold,
                             const parley_eval_event *pred, size_t n_pred) {
    if (n_gold > SCORE_MAX) n_gold = SCORE_MAX;
    if (n_pred > SCORE_MAX) n_pred = SCORE_MAX;
    s->items++;
    s->gold_events += n_gold;
    s->predicted_events += n_pred;
    count_add(&s->full, pair_count(gold, n_gold, pred, n_pred, equal_full), n_gold, n_pred);
    count_add(&s->root, pair_count(gold, n_gold, pred, n_pred, equal_root), n_gold, n_pred);
    count_add(&s->dyad, pair_count(gold, n_gold, pred, n_pred, same_dyad), n_gold, n_pred);

    /* Confusion: exact matches first, then the same dyad with another code,
     * then whatever is left is a miss or a false alarm. */
    unsigned char gtaken[SCORE_MAX] = {0}, ptaken[SCORE_MAX] = {0};
    event_equal_fn passes[2] = {equal_full, same_dyad};
    for (int pass = 0; pass < 2; pass++)
        for (size_t g = 0; g < n_gold; g++) {
            if (gtaken[g]) continue;
            for (size_t p = 0; p < n_pred; p++)
                if (!ptaken[p] && passes[pass](&gold[g], &pred[p])) {
                    gtaken[g] = ptaken[p] = 1;
                    s->confusion[root_of(gold[g].cameo)][root_of(pred[p].cameo)]++;
                    break;
                }
        }
    for (size_t g = 0; g < n_gold; g++)
        if (!gtaken[g]) s->confusion[root_of(gold[g].cameo)][0]++;
    for (size_t p = 0; p < n_pred; p++)
        if (!ptaken[p]) s->confusion[0][root_of(pred[p].cameo)]++;
}

double parley_eval_precision(const parley_eval_counts *c) {
    return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
}

double parley_eval_recall(const parley_eval_counts *c) {
    return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
}

double parley_eval_f1(const parley_eval_counts *c) {
    double p = parley_eval_precision(c), r = parley_eval_recall(c);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

size_t parley_eval_events_of_doc(const parley_doc *doc, parley_eval_event *out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < doc->n_events && n < max; i++) {
        const parley_event *ev = &doc->events[i];
        if (ev->negated) continue;
        memset(&out[n], 0, sizeof out[n]);
        if (ev->source.present) snprintf(out[n].source, sizeof out[n].source, "%s", ev->source.code);
        if (ev->target.present) snprintf(out[n].target, sizeof out[n].target, "%s", ev->target.code);
        snprintf(out[n].cameo, sizeof out[n].cameo, "%s", ev->cameo);
        n++;
    }
    return n;
}
