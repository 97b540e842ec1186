/* main_verb.c - the verb a second parse should make a sentence's root (see
 * parley_coder_find_main_verb in parley/code.h).
 *
 * A greedy parser trained on web text misreads some news leads so that the
 * main verb is no predicate with a subject: "Protesters clashed with riot
 * police" read as a reduced relative ("protesters (who were) clashed"), "The
 * administration froze all aid" with "froze" a noun, "Germany, France and
 * twenty other countries expelled ..." with "expelled" a participle of
 * "countries". The coder then finds nothing. This picks the word that should
 * have been the predicate, for the pipeline to parse the sentence again with
 * that word forced to be the root. */
#include <ctype.h>
#include <string.h>

#include "code/sentence.h"
#include "parley/code.h"
#include "parley/ud.h"

static int has_subject(const parley_token *tok, int n, int t) {
    for (int i = 0; i < n; i++)
        if (tok[i].head == t + 1 && (tok[i].deprel == PARLEY_DEP_NSUBJ || tok[i].deprel == PARLEY_DEP_NSUBJ_PASS))
            return 1;
    return 0;
}

/* Words after which a verb is not the main clause's: relative pronouns and
 * the infinitive marker. */
static int opens_subordinate(const char *lower) {
    static const char *const words[] = {"who", "which", "that", "whom", "whose", "to"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(lower, words[i]) == 0) return 1;
    return 0;
}

static void lower_into(char *out, size_t cap, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

/* 1 if a phrase of the actor dictionary starts before token t: without one
 * the verb has no one to act (a second parse would be wasted). */
static int actor_before(const parley_dict *dict, const parley_doc *doc, const parley_token *tok, int t) {
    enum { MAX = 64 };
    const char *words[MAX], *lemmas[MAX];
    int n = t < MAX ? t : MAX;
    for (int i = 0; i < n; i++) {
        words[i] = tok[i].form ? tok[i].form : "";
        lemmas[i] = tok[i].lemma;
    }
    parley_actor_match m;
    for (int i = 0; i < n; i++)
        if (parley_dict_match_actor(dict, words + i, lemmas + i, (size_t)(n - i), doc->date ? doc->date : "", &m))
            return 1;
    return 0;
}

/* One scan of the sentence; with modifiers == 0 a participle followed by
 * "with", "by" or "to" is passed over as a modifier of the noun before it
 * ("personnel armed with knives boarded ...", "hackers linked to ..."). */
static int scan(const parley_dict *dict, parley_doc *doc, size_t si, int modifiers) {
    const parley_sentence *sent = &doc->sentences[si];
    const parley_token *tok = &doc->tokens[sent->first];
    int n = (int)sent->count;
    for (int t = 1; t < n; t++) {
        int upos = tok[t].upos, xpos = tok[t].xpos, prev_upos = tok[t - 1].upos;
        if (upos != PARLEY_UPOS_VERB && upos != PARLEY_UPOS_NOUN && upos != PARLEY_UPOS_ADJ) continue;
        /* a verb the coder already met as a predicate with its subject */
        if (upos == PARLEY_UPOS_VERB && (tok[t].head == 0 || has_subject(tok, n, t))) continue;
        /* "the attacked", "its froze", "had struck", "was expelled" */
        if (prev_upos == PARLEY_UPOS_DET || prev_upos == PARLEY_UPOS_ADP || prev_upos == PARLEY_UPOS_AUX ||
            prev_upos == PARLEY_UPOS_ADJ || prev_upos == PARLEY_UPOS_NUM || prev_upos == PARLEY_UPOS_PRON)
            continue;
        /* "Rwandan-backed", "U.S.-led": an adjective of a name, where
         * "air-dropped" is a verb */
        if (!tok[t - 1].space_after && t >= 2 && !tok[t - 2].space_after && tok[t - 2].form &&
            isupper((unsigned char)tok[t - 2].form[0]))
            continue;
        char low[64], prev[64];
        lower_into(low, sizeof low, tok[t].form ? tok[t].form : "");
        lower_into(prev, sizeof prev, tok[t - 1].form ? tok[t - 1].form : "");
        if (opens_subordinate(prev)) continue;
        int finite = xpos == PARLEY_XPOS_VBD || xpos == PARLEY_XPOS_VBZ || xpos == PARLEY_XPOS_VBP;
        size_t len = strlen(low);
        /* A word tagged as a finite verb qualifies as it is; another only
         * when it is a past form ("clashed", "froze"), so that "attacks" or
         * "a cut" stay nouns. */
        if (!finite && !(len > 4 && strcmp(low + len - 2, "ed") == 0) && !sentence_is_irregular_past(low))
            continue;
        if (!finite && !modifiers && t + 1 < n) {
            char next[16];
            lower_into(next, sizeof next, tok[t + 1].form ? tok[t + 1].form : "");
            if (strcmp(next, "with") == 0 || strcmp(next, "by") == 0 || strcmp(next, "to") == 0) continue;
        }
        if (!actor_before(dict, doc, tok, t)) continue;
        const char *lemma = sentence_recover_lemma(doc->arena, dict, low, tok[t].lemma ? tok[t].lemma : low, 0);
        size_t np = 0;
        if (lemma != NULL && parley_dict_patterns(dict, lemma, 0, &np) != NULL && np > 0) return t;
    }
    return -1;
}

int parley_coder_find_main_verb(const parley_dict *dict, parley_doc *doc, size_t si) {
    if (dict == NULL || doc == NULL || si >= doc->n_sentences) return -1;
    int t = scan(dict, doc, si, 0);
    return t >= 0 ? t : scan(dict, doc, si, 1); /* "protesters clashed with police" */
}
