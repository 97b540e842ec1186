/* evaluate.c - scoring parley's annotation against gold CoNLL-U.
 *
 * With gold tokenisation every predicted word lines up with a gold word, so
 * the CoNLL 2018 metrics reduce to per-word comparisons: UPOS, XPOS, LEMMA
 * (exact string), the PARLEY_FEAT_* subset of FEATS, UAS (head) and LAS
 * (head and full relation, subtype included), punctuation counted. */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

typedef struct gold_word {
    const char *lemma;
    uint32_t feats;
    int32_t head;
    uint8_t upos, xpos, deprel;
} gold_word;

parley_status parley_nlp_evaluate(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                  parley_doc *doc, parley_nlp_scores *sc, parley_error *err) {
    /* the gold count, read once: g holds exactly these words whatever annotate does */
    size_t n_gold = doc->n_tokens;
    gold_word *g = malloc((n_gold + 1) * sizeof *g);
    if (g == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    for (size_t i = 0; i < n_gold; i++) {
        const parley_token *t = &doc->tokens[i];
        g[i] = (gold_word){t->lemma, t->feats, t->head, t->upos, t->xpos, t->deprel};
    }
    parley_status st = parley_nlp_annotate(nlp, ws, doc, err);
    if (st == PARLEY_OK) {
        for (size_t i = 0; i < n_gold; i++) {
            const parley_token *t = &doc->tokens[i];
            sc->words++;
            sc->upos += t->upos == g[i].upos;
            sc->xpos += t->xpos == g[i].xpos;
            sc->lemma += g[i].lemma && t->lemma && strcmp(g[i].lemma, t->lemma) == 0;
            sc->feats += t->feats == g[i].feats;
            sc->uas += t->head == g[i].head;
            sc->las += t->head == g[i].head && t->deprel == g[i].deprel;
        }
        sc->sentences += doc->n_sentences;
    }
    free(g);
    return st;
}
