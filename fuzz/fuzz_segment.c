/* fuzz_segment.c - the tokenizer and sentence splitter on arbitrary bytes.
 *
 * parley_text_segment promises spans inside the text, multiword tokens
 * whose words share one span, and sentences that tile the tokens in order;
 * this target checks those invariants on any input, valid UTF-8 or not,
 * and runs the phrase tokenizer on the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parley_doc *doc = parley_doc_new();
    if (doc == NULL) return 0;
    if (parley_doc_set_text(doc, (const char *)data, size) != 0) abort();
    parley_error err;
    if (parley_text_segment(doc, &err) != PARLEY_OK) abort();
    uint32_t prev_end = 0;
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const parley_token *t = &doc->tokens[i];
        if (t->start >= t->end || t->end > size || t->start < prev_end || t->form == NULL) abort();
        size_t words = t->mwt ? t->mwt : 1;
        if (i + words > doc->n_tokens) abort();
        for (size_t k = 1; k < words; k++)
            if (doc->tokens[i + k].start != t->start || doc->tokens[i + k].end != t->end || doc->tokens[i + k].mwt)
                abort();
        prev_end = t->end;
        i += words - 1;
    }
    size_t next = 0;
    for (size_t k = 0; k < doc->n_sentences; k++) {
        if (doc->sentences[k].first != next || doc->sentences[k].count == 0) abort();
        next += doc->sentences[k].count;
    }
    if (next != doc->n_tokens) abort();
    const char **forms;
    parley_text_tokenize_phrase((const char *)data, size, doc->arena, &forms);
    parley_doc_free(doc);
    return 0;
}
