/* fuzz_jsonl.c - the reader from memory, then segmentation and CoNLL-U output.
 *
 * The first byte picks the input format and a small line limit, so the
 * fuzzer reaches format detection, over-long lines and plain text as well
 * as every JSON Lines validation path. Each accepted document is segmented
 * and written, and the spans are checked against the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/io.h"
#include "parley/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    parley_reader_options o = {(parley_input_format)(data[0] % 3), (data[0] & 0x80) ? 64 : 0,
                               (data[0] & 0x40) ? "2024-02-29" : NULL};
    parley_reader *r = NULL;
    parley_error err;
    if (parley_reader_open_memory(&r, "fuzz", (const char *)data + 1, size - 1, &o, &err) != PARLEY_OK) return 0;
    parley_doc *doc = parley_doc_new();
    parley_buf out = PARLEY_BUF_INIT;
    for (int n = 0; n < 10000; n++) {
        parley_status st = parley_reader_next(r, doc, &err);
        if (st == PARLEY_EOF || st < 0) break;
        if (st != PARLEY_OK) continue;
        if (parley_text_segment(doc, &err) != PARLEY_OK) abort();
        for (size_t i = 0; i < doc->n_tokens; i++)
            if (doc->tokens[i].start >= doc->tokens[i].end || doc->tokens[i].end > doc->text_len) abort();
        parley_buf_clear(&out);
        if (parley_conllu_write_doc(doc, &out, PARLEY_CONLLU_NEWDOC | PARLEY_CONLLU_TEXT) != 0) abort();
    }
    parley_buf_free(&out);
    parley_doc_free(doc);
    parley_reader_close(r);
    return 0;
}
