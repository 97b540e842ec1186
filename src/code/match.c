/* match.c - pattern matching at a predicate (see match.h). */
#include <string.h>

#include "code/match.h"
#include "parley/ud.h"

static int is_argument_relation(int rel) {
    switch (parley_deprel_base(rel)) {
    case PARLEY_DEP_OBL: case PARLEY_DEP_NMOD: case PARLEY_DEP_ADVCL: case PARLEY_DEP_XCOMP:
    case PARLEY_DEP_ACL: case PARLEY_DEP_CCOMP: case PARLEY_DEP_IOBJ:
        return 1;
    default:
        return 0;
    }
}

int match_object(const code_sentence *s, int pred, int nominal) {
    if (nominal) {
        for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c])
            if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_NMOD &&
                strcmp(sentence_marker(s, c), "of") == 0)
                return c;
        return -1;
    }
    int obj = sentence_child(s, pred, PARLEY_DEP_OBJ);
    if (obj >= 0) return obj;
    obj = sentence_child(s, pred, PARLEY_DEP_NSUBJ_PASS);
    if (obj >= 0) return obj;
    /* "warned Moscow that ...", "told the Assembly that ...": the addressee
     * is the only nominal object (parsers label it obj or iobj). */
    obj = sentence_child(s, pred, PARLEY_DEP_IOBJ);
    if (obj >= 0) return obj;
    /* A participle modifying a noun takes that noun as its object: "the
     * truce brokered by Qatar", "prisoners freed on Sunday". */
    if (s->tok[pred].deprel == PARLEY_DEP_ACL && (s->tok[pred].feats & PARLEY_FEAT_VERBFORM_PART) &&
        s->tok[pred].xpos == PARLEY_XPOS_VBN)
        return sentence_head(s, pred);
    return -1;
}

/* A particle of a phrasal verb ("off" in "called off"), or "". */
static const char *particle_of(const code_sentence *s, int pred) {
    int prt = sentence_child(s, pred, PARLEY_DEP_COMPOUND_PRT);
    return prt >= 0 ? s->lemmas[prt] : "";
}

static int head_matches(const parley_dict *dict, const char *want, const char *lemma) {
    if (strcmp(want, "*") == 0 || strcmp(want, "+") == 0) return 1;
    return parley_dict_word_matches(dict, want, lemma);
}

/* A dependent of one of the parents, introduced by prep, whose head matches. */
static int find_prep(const code_sentence *s, const parley_dict *dict, const int *parents, int n_parents,
                     const parley_pattern_prep *pp) {
    /* "(subject &HUM_AID)": the predicate's subject, which then names what
     * moved or happened, not who acted ("aid trucks entered the Strip"). */
    if (strcmp(pp->prep, "subject") == 0) {
        for (int c = s->first_child[parents[0]]; c >= 0; c = s->next_sibling[c])
            if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_NSUBJ && head_matches(dict, pp->head, s->lemmas[c]))
                return c;
        return -1;
    }
    for (int p = 0; p < n_parents; p++) {
        if (parents[p] < 0) continue;
        for (int c = s->first_child[parents[p]]; c >= 0; c = s->next_sibling[c]) {
            if (!is_argument_relation(s->tok[c].deprel)) continue;
            const char *marker = sentence_marker(s, c);
            if (pp->prep[0] == '\0') {
                if (marker[0] != '\0') continue;
            } else if (strcmp(marker, pp->prep) != 0) {
                continue;
            }
            if (head_matches(dict, pp->head, s->lemmas[c])) return c;
        }
    }
    return -1;
}

/* Words of time that parsers take as the head of the phrase after them
 * ("agreed on Wednesday to a ceasefire": "to a ceasefire" under Wednesday). */
static const char *const time_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tonight", "day", "night", "morning", "afternoon", "evening", "week", "weekend", "month", "year",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", NULL};

static int is_time_word(const char *lemma) {
    for (const char *const *w = time_words; *w; w++)
        if (strcmp(lemma, *w) == 0) return 1;
    return 0;
}

static int try_pattern(const code_sentence *s, const parley_dict *dict, int pred, int object,
                       const char *particle, const parley_pattern *pat, match_result *out) {
    if (strcmp(pat->particle, particle) != 0) return 0;
    if (pat->object[0] != '\0') {
        if (object < 0 || !parley_dict_word_matches(dict, pat->object, s->lemmas[object])) return 0;
    }
    memset(out, 0, sizeof *out);
    out->pattern = pat;
    out->object = object;
    out->target = -1;
    int parents[2 + 4 + 2];
    int n_parents = 0;
    parents[n_parents++] = pred;
    if (object >= 0) {
        parents[n_parents++] = object;
        out->used[out->n_used++] = object;
    }
    /* "agreed on Wednesday to ...", "received a call on Tuesday from ...":
     * a word of time below the predicate or its object heads what follows. */
    int time_parents = 0, n_heads = n_parents;
    for (int h = 0; h < n_heads; h++)
        for (int c = s->first_child[parents[h]]; c >= 0 && time_parents < 2; c = s->next_sibling[c]) {
            int base = parley_deprel_base(s->tok[c].deprel);
            if ((base == PARLEY_DEP_OBL || base == PARLEY_DEP_NMOD) && is_time_word(s->lemmas[c])) {
                parents[n_parents++] = c;
                time_parents++;
            }
        }
    int prep_target = -1;
    for (int i = 0; i < pat->n_preps && i < 4; i++) {
        int d = find_prep(s, dict, parents, n_parents, &pat->preps[i]);
        if (d < 0) return 0;
        parents[n_parents++] = d;
        if (out->n_used < MATCH_MAX_USED) out->used[out->n_used++] = d;
        if (strcmp(pat->preps[i].head, "+") == 0) prep_target = d;
    }
    if (prep_target >= 0) out->target = prep_target;
    else if (!pat->no_target && (pat->object_is_target || pat->object[0] == '\0' || object >= 0))
        out->target = object;
    return 1;
}

int match_predicate(const code_sentence *s, const parley_dict *dict, int pred, int nominal,
                    match_result *out) {
    size_t n = 0;
    const parley_pattern *pats = parley_dict_patterns(dict, s->lemmas[pred], nominal, &n);
    if (pats == NULL || n == 0) return 0;
    int object = match_object(s, pred, nominal);
    const char *particle = nominal ? "" : particle_of(s, pred);
    for (size_t i = 0; i < n; i++)
        if (try_pattern(s, dict, pred, object, particle, &pats[i], out)) return 1;
    return 0;
}
