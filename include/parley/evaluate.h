/* parley/evaluate.h - scoring coded events against expected ones.
 *
 * Scores are kept at three levels, as event-data evaluations report them:
 * full events (source, target and CAMEO code all equal), root codes (the
 * two-digit CAMEO root alone) and dyads (source and target alone). Each is a
 * multiset match per sentence, so two identical expected events need two
 * predictions. A confusion table of roots pairs expected and predicted events
 * of the same dyad; unpaired ones count against "none". */
#ifndef PARLEY_EVALUATE_H
#define PARLEY_EVALUATE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_eval_event {
    char source[40];   /* "" for null */
    char target[40];
    char cameo[5];
} parley_eval_event;

typedef struct parley_eval_counts {
    size_t tp, fp, fn;
} parley_eval_counts;

typedef struct parley_event_scores {
    size_t items;                 /* sentences or documents scored */
    size_t gold_events, predicted_events;
    parley_eval_counts full, root, dyad;
    size_t confusion[21][21];     /* [expected root][predicted root]; 0 = none */
} parley_event_scores;

struct parley_doc;

/* The events of a coded document as scoring records (negated events are
 * not assertions and are left out). Returns the number written, at most max. */
size_t parley_eval_events_of_doc(const struct parley_doc *doc, parley_eval_event *out, size_t max);

/* Adds one item's expected and predicted events to the scores. */
void parley_event_scores_add(parley_event_scores *scores, const parley_eval_event *gold, size_t n_gold,
                             const parley_eval_event *pred, size_t n_pred);

double parley_eval_precision(const parley_eval_counts *c);
double parley_eval_recall(const parley_eval_counts *c);
double parley_eval_f1(const parley_eval_counts *c);

#ifdef __cplusplus
}
#endif
#endif
