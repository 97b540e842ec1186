/* nlp.c - the public face of src/nlp: loading the three models and running
 * tagger, lemmatiser, feature table and parser over a segmented document.
 *
 * parley_nlp is immutable after loading, so threads share it; everything a
 * sentence needs while it is processed (word hashes, tag ids, parser state)
 * lives in a per-thread workspace that only grows, so annotating allocates
 * nothing per token except the lemma strings in the document's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"
#include "nlp/nn.h"

/* Longer sentences are parsed by the transition parser: the graph parser's
 * scores and Eisner tables grow with the square of the length, its time with
 * the cube. */
#define NN_MAX_WORDS 250

/* Sentences encoded together by the network: at most this many, of at most
 * NN_MAX_WORDS words each and this many tokens in all. */
#define NN_GROUP_SENTENCES 32
#define NN_GROUP_TOKENS 2048

/* nn.bin must share the tagger's classes: its input is the tagger's class
 * and its output replaces it. */
static parley_status nn_check_tags(const parley_nlp *nlp, const char *path, parley_error *err) {
    const nn_model *m = &nlp->nn->m;
    int same = m->d.n_tags_out == nlp->tagger.n_tags;
    for (uint32_t c = 0; same && c < m->d.n_tags_out; c++)
        same = m->tag_upos[c] == nlp->tagger.tag_upos[c] && m->tag_xpos[c] == nlp->tagger.tag_xpos[c];
    return same ? PARLEY_OK
                : parley_error_set(err, PARLEY_ERR_MODEL, path, 0,
                                   "nn.bin was trained with another tagger.bin (tag classes differ)");
}

parley_status parley_nlp_load(parley_nlp **out, const char *model_dir, parley_error *err) {
    return parley_nlp_load_with(out, model_dir, 0, err);
}

parley_status parley_nlp_load_with(parley_nlp **out, const char *model_dir, unsigned flags,
                                   parley_error *err) {
    *out = NULL;
    parley_nlp *nlp = calloc(1, sizeof *nlp);
    if (nlp == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, model_dir, 0, "out of memory");
    char path[4096];
    parley_status st;
    snprintf(path, sizeof path, "%s/tagger.bin", model_dir);
    if ((st = nlp_tagger_load(&nlp->tagger, path, err)) != PARLEY_OK) goto fail;
    snprintf(path, sizeof path, "%s/lemma.bin", model_dir);
    if ((st = nlp_lemma_load(&nlp->lemma, path, err)) != PARLEY_OK) goto fail;
    snprintf(path, sizeof path, "%s/parser.bin", model_dir);
    if ((st = nlp_parser_load(&nlp->parser, path, err)) != PARLEY_OK) goto fail;
    /* the network is optional: without it the transition parser and the
     * perceptron's tags are the whole pipeline */
    snprintf(path, sizeof path, "%s/%s", model_dir, flags & PARLEY_NLP_FAST ? "nn_fast.bin" : "nn.bin");
    FILE *probe = flags & PARLEY_NLP_PERCEPTRON ? NULL : fopen(path, "rb");
    if (probe != NULL) {
        fclose(probe);
        nlp->nn = calloc(1, sizeof *nlp->nn);
        if (nlp->nn == NULL) {
            st = parley_error_set(err, PARLEY_ERR_NOMEM, model_dir, 0, "out of memory");
            goto fail;
        }
        if ((st = nlp_nn_load(nlp->nn, path, err)) != PARLEY_OK) goto fail;
        if ((st = nn_check_tags(nlp, path, err)) != PARLEY_OK) goto fail;
    }
    *out = nlp;
    return PARLEY_OK;
fail:
    parley_nlp_free(nlp);
    return st;
}

void parley_nlp_free(parley_nlp *nlp) {
    if (nlp == NULL) return;
    nlp_tagger_release(&nlp->tagger);
    nlp_lemma_release(&nlp->lemma);
    nlp_parser_release(&nlp->parser);
    if (nlp->nn) nlp_nn_release(nlp->nn);
    free(nlp->nn);
    free(nlp);
}

parley_nlp_workspace *parley_nlp_workspace_new(const parley_nlp *nlp) {
    (void)nlp;
    parley_nlp_workspace *ws = calloc(1, sizeof *ws);
    if (ws == NULL) return NULL;
    size_t n_scores = NLP_TAG_MAX > NLP_PARSER_CLASSES ? NLP_TAG_MAX : NLP_PARSER_CLASSES;
    ws->scores = calloc(n_scores, sizeof *ws->scores);
    ws->lemma_buf = malloc(256);
    ws->nnw = calloc(1, sizeof *ws->nnw);
    ws->nnb = calloc(1, sizeof *ws->nnb);
    ws->gin = malloc((NN_GROUP_TOKENS + NN_MAX_WORDS + 1) * sizeof *ws->gin);
    ws->glen = malloc(NN_GROUP_SENTENCES * sizeof *ws->glen);
    ws->goff = malloc(NN_GROUP_SENTENCES * sizeof *ws->goff);
    if (ws->scores == NULL || ws->lemma_buf == NULL || ws->nnw == NULL || ws->nnb == NULL ||
        ws->gin == NULL || ws->glen == NULL || ws->goff == NULL ||
        nlp_workspace_reserve(ws, 128) != 0) {
        parley_nlp_workspace_free(ws);
        return NULL;
    }
    return ws;
}

void parley_nlp_workspace_free(parley_nlp_workspace *ws) {
    if (ws == NULL) return;
    free(ws->words);
    free(ws->pwords);
    free(ws->tags);
    free(ws->classes);
    free(ws->head);
    free(ws->label);
    free(ws->pmem);
    free(ws->scores);
    free(ws->lemma_buf);
    if (ws->nnw) nn_work_free(ws->nnw);
    free(ws->nnw);
    if (ws->nnb) nn_batch_free(ws->nnb);
    free(ws->nnb);
    free(ws->gin);
    free(ws->glen);
    free(ws->goff);
    free(ws->nnin);
    free(ws->nncls);
    free(ws);
}

int nlp_workspace_reserve(parley_nlp_workspace *ws, int n) {
    if (n <= ws->cap) return 0;
    int cap = ws->cap ? ws->cap : 128;
    while (cap < n) cap *= 2;
    size_t m = (size_t)cap + 4;
    void *p[9] = {realloc(ws->words, m * sizeof *ws->words), NULL, NULL, NULL, NULL, NULL, NULL,
                  NULL, NULL};
    if (p[0]) ws->words = p[0];
    p[1] = realloc(ws->pwords, m * sizeof *ws->pwords);
    if (p[1]) ws->pwords = p[1];
    p[2] = realloc(ws->tags, m * sizeof *ws->tags);
    if (p[2]) ws->tags = p[2];
    p[3] = realloc(ws->classes, m * sizeof *ws->classes);
    if (p[3]) ws->classes = p[3];
    p[4] = realloc(ws->head, m * sizeof *ws->head);
    if (p[4]) ws->head = p[4];
    p[5] = realloc(ws->label, m * sizeof *ws->label);
    if (p[5]) ws->label = p[5];
    p[6] = realloc(ws->pmem, nlp_pstate_bytes(cap));
    if (p[6]) ws->pmem = p[6];
    p[7] = realloc(ws->nnin, m * sizeof *ws->nnin);
    if (p[7]) ws->nnin = p[7];
    p[8] = realloc(ws->nncls, m * sizeof *ws->nncls);
    if (p[8]) ws->nncls = p[8];
    for (int i = 0; i < 9; i++)
        if (p[i] == NULL) return -1;
    ws->cap = cap;
    return 0;
}

/* Voice=Pass needs the sentence: a participle heading a passive auxiliary or
 * a passive subject. */
static void mark_passives(parley_token *t, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        int d = t[i].deprel;
        if (d != PARLEY_DEP_AUX_PASS && d != PARLEY_DEP_NSUBJ_PASS && d != PARLEY_DEP_CSUBJ_PASS)
            continue;
        int32_t h = t[i].head;
        if (h >= 1 && (uint32_t)h <= n && t[h - 1].xpos == PARLEY_XPOS_VBN)
            t[h - 1].feats |= PARLEY_FEAT_VOICE_PASS;
    }
}

/* The perceptron's classes of words 0..n-1 into ws->classes, which are the
 * network's input: a network without that input (tag=0) replaces the
 * tagger's and needs no run of it, whose probes are a fifth of the time. */
static void perceptron_classes(const parley_nlp *nlp, parley_nlp_workspace *ws, int n) {
    if (nlp->nn != NULL && nlp->nn->m.d.d_tag == 0) {
        for (int i = 0; i < n; i++) ws->classes[i] = -1;
        return;
    }
    nlp_tag_sentence(&nlp->tagger, ws, n);
}

/* Encodes words 0..n-1 (hashes in ws->words, the perceptron's classes in
 * ws->classes) into the network's states; -1 on no memory. */
static int nn_encode_sentence(const parley_nlp *nlp, parley_nlp_workspace *ws, int n) {
    const nn_model *m = &nlp->nn->m;
    if (nn_work_reserve(ws->nnw, &m->d, n + 1) != 0) return -1;
    nn_input_root(m, &ws->nnin[0]);
    for (int i = 0; i < n; i++) nn_input_of(m, &ws->words[i], ws->classes[i], &ws->nnin[i + 1]);
    nn_encode(m, ws->nnw, ws->nnin, n + 1);
    return 0;
}

/* Heads and labels into ws->head/label 1..n: the graph parser over the
 * encoded sentence, or the transition parser over ws->pwords/tags. */
static void parse_sentence(const parley_nlp *nlp, parley_nlp_workspace *ws, int n, int root) {
    if (nlp->nn != NULL && n <= NN_MAX_WORDS) {
        nn_parse(&nlp->nn->m, ws->nnw, n + 1, root, ws->head, ws->label);
        ws->head[0] = 0;
        return;
    }
    nlp_parse_sentence(&nlp->parser, ws, n, ws->head, ws->label, root);
}

/* Tags (with the classes given), lemmatises and, when parse is set,
 * parses sentence si: with the network when it runs (its encoding in
 * ws->nnw), else with the transition parser (the words' hashes in
 * ws->words). */
static parley_status finish_sentence(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                     parley_doc *doc, size_t si, const int *classes, int parse,
                                     parley_error *err) {
    const parley_sentence *sent = &doc->sentences[si];
    int n = (int)sent->count;
    parley_token *tok = &doc->tokens[sent->first];
    int transition = nlp->nn == NULL || n > NN_MAX_WORDS;
    ws->pwords[0] = NLP_ROOT_WORD;
    ws->tags[0] = NLP_ROOT_TAG;
    for (int i = 0; i < n; i++) {
        int c = classes[i];
        tok[i].upos = nlp->tagger.tag_upos[c];
        tok[i].xpos = nlp->tagger.tag_xpos[c];
        if (transition) ws->pwords[i + 1] = ws->words[i].lower;
        ws->tags[i + 1] = tok[i].xpos;
        const char *form = tok[i].form ? tok[i].form : "";
        tok[i].feats = nlp_lemmatize(&nlp->lemma, form, tok[i].xpos, ws->lemma_buf, 256);
        if (strcmp(ws->lemma_buf, form) == 0) {
            tok[i].lemma = form;
        } else {
            tok[i].lemma = parley_arena_strdup(doc->arena, ws->lemma_buf);
            if (tok[i].lemma == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        }
    }
    if (!parse) return PARLEY_OK;
    parse_sentence(nlp, ws, n, 0);
    for (int i = 0; i < n; i++) {
        tok[i].head = ws->head[i + 1];
        tok[i].deprel = (uint8_t)ws->label[i + 1];
    }
    mark_passives(tok, sent->count);
    return PARLEY_OK;
}

static int batchable(const parley_nlp *nlp, const parley_sentence *sent) {
    return nlp->nn != NULL && sent->count > 0 && sent->count <= NN_MAX_WORDS;
}

/* The sentences [si, end) through the network together: each one's inputs
 * from the perceptron's tags, one batched encoding, then each sentence's
 * tags, lemmas and tree from its slice of the states. */
static parley_status annotate_group(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                    parley_doc *doc, size_t si, size_t end, int parse,
                                    parley_error *err) {
    const nn_model *m = &nlp->nn->m;
    int n_sent = (int)(end - si), T = 0;
    for (size_t s = si; s < end; s++) {
        const parley_sentence *sent = &doc->sentences[s];
        int n = (int)sent->count;
        if (nlp_workspace_reserve(ws, n + 1) != 0) goto nomem;
        ws->glen[s - si] = n + 1;
        ws->goff[s - si] = T;
        parley_token *tok = &doc->tokens[sent->first];
        for (int i = 0; i < n; i++) nlp_word_hashes(tok[i].form ? tok[i].form : "", &ws->words[i]);
        perceptron_classes(nlp, ws, n);
        nn_input_root(m, &ws->gin[T]);
        for (int i = 0; i < n; i++) nn_input_of(m, &ws->words[i], ws->classes[i], &ws->gin[T + 1 + i]);
        T += n + 1;
    }
    if (nn_encode_batch(m, ws->nnb, ws->gin, n_sent, ws->glen, ws->goff) != 0) goto nomem;
    size_t R = 2 * (size_t)m->d.hidden;
    for (size_t s = si; s < end; s++) {
        const parley_sentence *sent = &doc->sentences[s];
        int n = (int)sent->count;
        if (nlp_workspace_reserve(ws, n + 1) != 0 || nn_work_reserve(ws->nnw, &m->d, n + 1) != 0)
            goto nomem;
        ws->nnw->top = ws->nnb->seq[m->d.layers] + (size_t)ws->goff[s - si] * R;
        nn_tag(m, ws->nnw, n + 1, ws->nncls);
        parley_status st = finish_sentence(nlp, ws, doc, s, ws->nncls, parse, err);
        ws->nnw->top = NULL;
        if (st != PARLEY_OK) return st;
    }
    return PARLEY_OK;
nomem:
    return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
}

static parley_status annotate(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                              int parse, parley_error *err) {
    if (nlp == NULL || ws == NULL || doc == NULL)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "parley_nlp_annotate: NULL argument");
    for (size_t si = 0; si < doc->n_sentences; si++) {
        const parley_sentence *sent = &doc->sentences[si];
        if ((size_t)sent->first + sent->count > doc->n_tokens || sent->count > 1000000)
            return parley_error_set(err, PARLEY_ERR_ARG, doc->origin_file ? doc->origin_file : "", 0,
                                    "sentence %zu lies outside the token array", si);
    }
    for (size_t si = 0; si < doc->n_sentences;) {
        const parley_sentence *sent = &doc->sentences[si];
        if (sent->count == 0) {
            si++;
            continue;
        }
        parley_status st;
        if (batchable(nlp, sent)) {
            size_t end = si, tokens = 0;
            while (end < doc->n_sentences && end - si < NN_GROUP_SENTENCES &&
                   batchable(nlp, &doc->sentences[end]) &&
                   (end == si || tokens + doc->sentences[end].count + 1 <= NN_GROUP_TOKENS))
                tokens += doc->sentences[end++].count + 1;
            st = annotate_group(nlp, ws, doc, si, end, parse, err);
            si = end;
        } else {
            int n = (int)sent->count;
            if (nlp_workspace_reserve(ws, n + 1) != 0)
                return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
            parley_token *tok = &doc->tokens[sent->first];
            for (int i = 0; i < n; i++) nlp_word_hashes(tok[i].form ? tok[i].form : "", &ws->words[i]);
            perceptron_classes(nlp, ws, n);
            const int *classes = ws->classes;
            if (nlp->nn != NULL) {
                if (nn_encode_sentence(nlp, ws, n) != 0)
                    return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
                nn_tag(&nlp->nn->m, ws->nnw, n + 1, ws->nncls);
                classes = ws->nncls;
            }
            st = finish_sentence(nlp, ws, doc, si, classes, parse, err);
            si++;
        }
        if (st != PARLEY_OK) return st;
    }
    return PARLEY_OK;
}

parley_status parley_nlp_annotate(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                  parley_doc *doc, parley_error *err) {
    return annotate(nlp, ws, doc, 1, err);
}

parley_status parley_nlp_tag(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                             parley_error *err) {
    return annotate(nlp, ws, doc, 0, err);
}

parley_status parley_nlp_reparse_rooted(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                        parley_doc *doc, size_t sentence, int root, int xpos,
                                        int upos, parley_error *err) {
    if (nlp == NULL || ws == NULL || doc == NULL || sentence >= doc->n_sentences)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "parley_nlp_reparse_rooted: bad argument");
    const parley_sentence *sent = &doc->sentences[sentence];
    int n = (int)sent->count;
    if (root < 0 || root >= n || (size_t)sent->first + sent->count > doc->n_tokens)
        return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "parley_nlp_reparse_rooted: bad root");
    if (nlp_workspace_reserve(ws, n + 1) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    parley_token *tok = &doc->tokens[sent->first];
    const char *form = tok[root].form ? tok[root].form : "";
    tok[root].xpos = (uint8_t)xpos;
    tok[root].upos = (uint8_t)upos;
    tok[root].feats = nlp_lemmatize(&nlp->lemma, form, xpos, ws->lemma_buf, 256);
    if (strcmp(ws->lemma_buf, form) == 0) {
        tok[root].lemma = form;
    } else {
        tok[root].lemma = parley_arena_strdup(doc->arena, ws->lemma_buf);
        if (tok[root].lemma == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    }
    ws->pwords[0] = NLP_ROOT_WORD;
    ws->tags[0] = NLP_ROOT_TAG;
    for (int i = 0; i < n; i++) {
        nlp_word_hashes(tok[i].form ? tok[i].form : "", &ws->words[i]);
        ws->pwords[i + 1] = ws->words[i].lower;
        ws->tags[i + 1] = tok[i].xpos;
        tok[i].feats &= ~(uint32_t)PARLEY_FEAT_VOICE_PASS;
    }
    if (nlp->nn != NULL && n <= NN_MAX_WORDS) {
        /* the network reads the perceptron's classes, with the forced root's
         * tag in place of its own when the tagger has that class */
        perceptron_classes(nlp, ws, n);
        for (uint32_t c = 0; c < nlp->tagger.n_tags; c++)
            if (nlp->tagger.tag_upos[c] == upos && nlp->tagger.tag_xpos[c] == xpos)
                ws->classes[root] = (int)c;
        if (nn_encode_sentence(nlp, ws, n) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    }
    parse_sentence(nlp, ws, n, root + 1);
    for (int i = 0; i < n; i++) {
        tok[i].head = ws->head[i + 1];
        tok[i].deprel = (uint8_t)ws->label[i + 1];
    }
    mark_passives(tok, sent->count);
    return PARLEY_OK;
}
