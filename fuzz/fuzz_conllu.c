/* fuzz_conllu.c - fuzz target for the CoNLL-U reader.
 *
 * Any byte string must either read into well-formed documents (every token
 * span inside the rebuilt text, every head inside its sentence) or fail with
 * a format error; never crash, leak or read out of bounds. The first byte's
 * low bit picks whether the annotation columns are read (eval, train) or
 * ignored (`parley parse --input conllu`). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "parley/nlp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (fp == NULL) return 0;
    parley_conllu_reader *r = parley_conllu_reader_new(fp, "fuzz");
    if (r) parley_conllu_reader_set_gold(r, data[0] & 1);
    parley_doc *doc = parley_doc_new();
    parley_error err;
    int docs = 0;
    while (r && doc && docs++ < 1000 && parley_conllu_read_doc(r, doc, 3, &err) == PARLEY_OK) {
        for (size_t s = 0; s < doc->n_sentences; s++) {
            const parley_sentence *sent = &doc->sentences[s];
            if ((size_t)sent->first + sent->count > doc->n_tokens) abort();
            for (uint32_t i = 0; i < sent->count; i++) {
                const parley_token *t = &doc->tokens[sent->first + i];
                if (t->end > doc->text_len || t->start > t->end) abort();
                if (t->head > (int32_t)sent->count) abort();
                if (!(data[0] & 1) && (t->head != -1 || t->lemma != NULL)) abort();
            }
        }
        size_t len;
        parley_conllu_reader_raw(r, &len);
    }
    parley_doc_free(doc);
    parley_conllu_reader_free(r);
    fclose(fp);
    return 0;
}
