/* fuzz_model.c - fuzz target for the model-file loader.
 *
 * The input is taken as a tagger, a lemma, a parser and a network (nn.bin)
 * file in turn; each
 * must either load (and then be usable on a short sentence) or be refused
 * with PARLEY_ERR_MODEL / PARLEY_ERR_VERSION, never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"
#include "nlp/nn.h"

static unsigned char *copy(const uint8_t *data, size_t size) {
    unsigned char *c = malloc(size ? size : 1);
    if (c && size) memcpy(c, data, size);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parley_error err;
    parley_nlp_workspace *ws = parley_nlp_workspace_new(NULL);
    if (ws == NULL) return 0;
    static const char *const forms[] = {"Rebels", "attacked", "the", "town", "."};
    for (int i = 0; i < 5; i++) nlp_word_hashes(forms[i], &ws->words[i]);
    nlp_tagger t;
    memset(&t, 0, sizeof t);
    unsigned char *c = copy(data, size);
    if (c && nlp_file_adopt(&t.file, c, size, "fuzz", NLP_KIND_TAGGER, &err) == PARLEY_OK &&
        nlp_tagger_open(&t, &err) == PARLEY_OK) {
        nlp_tag_sentence(&t, ws, 5);
        nlp_tagger_release(&t);
    }
    nlp_lemmatizer l;
    memset(&l, 0, sizeof l);
    c = copy(data, size);
    if (c && nlp_file_adopt(&l.file, c, size, "fuzz", NLP_KIND_LEMMA, &err) == PARLEY_OK &&
        nlp_lemma_open(&l, &err) == PARLEY_OK) {
        char out[64];
        nlp_lemmatize(&l, "attacked", PARLEY_XPOS_VBD, out, sizeof out);
        nlp_lemma_release(&l);
    }
    nlp_parser p;
    memset(&p, 0, sizeof p);
    c = copy(data, size);
    if (c && nlp_file_adopt(&p.file, c, size, "fuzz", NLP_KIND_PARSER, &err) == PARLEY_OK &&
        nlp_parser_open(&p, &err) == PARLEY_OK) {
        for (int i = 0; i <= 5; i++) {
            ws->pwords[i] = (uint64_t)i;
            ws->tags[i] = i;
        }
        nlp_parse_sentence(&p, ws, 5, ws->head, ws->label, 0);
        /* and with a forced root (the pipeline's second look): whatever the
         * weights, every state keeps a legal move */
        nlp_parse_sentence(&p, ws, 5, ws->head, ws->label, 1 + (int)(size % 5));
        nlp_parser_release(&p);
    }
    nlp_nn nn;
    memset(&nn, 0, sizeof nn);
    c = copy(data, size);
    if (c && nlp_file_adopt(&nn.file, c, size, "fuzz", NLP_KIND_NN, &err) == PARLEY_OK &&
        nlp_nn_open(&nn, &err) == PARLEY_OK) {
        nn_input in[6];
        int cls[6], head[6], label[6];
        nn_work w;
        memset(&w, 0, sizeof w);
        nn_input_root(&nn.m, &in[0]);
        for (int i = 0; i < 5; i++) nn_input_of(&nn.m, &ws->words[i], i, &in[i + 1]);
        if (nn_work_reserve(&w, &nn.m.d, 6) == 0) {
            nn_encode(&nn.m, &w, in, 6);
            nn_tag(&nn.m, &w, 6, cls);
            nn_parse(&nn.m, &w, 6, 0, head, label);
            nn_parse(&nn.m, &w, 6, 1 + (int)(size % 5), head, label);
        }
        nn_work_free(&w);
        nlp_nn_release(&nn);
    }
    parley_nlp_workspace_free(ws);
    return 0;
}
