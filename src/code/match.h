/* match.h - matching action patterns at a predicate (internal to the coder).
 *
 * A predicate is a verb (or a noun of action). Its arguments come from the
 * tree: the direct object (the passive subject in the passive, the "of"
 * complement of a noun), and dependents introduced by prepositions or by
 * "to" (an xcomp), searched below the predicate, below the object, and
 * below each dependent already matched, so "call for the release of
 * detainees" meets `call (for release) (of &PRISONER)`. */
#ifndef PARLEY_CODE_MATCH_H
#define PARLEY_CODE_MATCH_H

#include "code/sentence.h"
#include "parley/dict.h"

#define MATCH_MAX_USED 8

typedef struct match_result {
    const parley_pattern *pattern;
    int object;                 /* token of the direct object, or -1 */
    int target;                 /* token heading the target noun phrase, or -1 */
    int used[MATCH_MAX_USED];   /* tokens the pattern consumed (object, preposition heads) */
    int n_used;
} match_result;

/* The direct object of predicate pred: obj, or nsubj:pass in the passive, or
 * for a noun of action its "of" complement; -1 when there is none. */
int match_object(const code_sentence *s, int pred, int nominal);

/* The most specific pattern of the dictionary that matches at pred. Returns 1
 * and fills out, or 0. */
int match_predicate(const code_sentence *s, const parley_dict *dict, int pred, int nominal,
                    match_result *out);

#endif
