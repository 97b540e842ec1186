/* fuzz_jsonl.c - the reader from memory, then segmentation and CoNLL-U output.
 *
 * The first byte picks the input format and a small line limit, so the
 * fuzzer reaches format detection, over-long lines and plain text as well
 * as every JSON Lines validation path. Each accepted document is segmented
 * and written, and the spans are checked against the text. Each line is
 * also parsed by both JSON paths (the fast flat-object parser and jansson)
 * and the outcomes must be identical. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"
#include "parley/io.h"
#include "parley/text.h"

static int same(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

/* The fast path and jansson must agree on every record the fast path accepts. */
static void compare_paths(const char *line, size_t len) {
    if (memchr(line, '\0', len) || io_utf8_check(line, len) != (size_t)-1) return;
    parley_doc *a = parley_doc_new(), *b = parley_doc_new();
    io_field f[IO_F_COUNT];
    if (io_json_parse_flat(line, len, a->arena, f)) {
        parley_error ea, eb;
        parley_error_clear(&ea);
        parley_error_clear(&eb);
        parley_status sa = io_doc_from_fields(a, f, "f", 1, &ea);
        parley_status sb = io_doc_from_json_jansson(b, line, len, "f", 1, &eb);
        if (sa != sb || strcmp(ea.message, eb.message) != 0) abort();
        if (sa == PARLEY_OK &&
            (a->text_len != b->text_len || memcmp(a->text, b->text, a->text_len) != 0 || !same(a->id, b->id) ||
             !same(a->date, b->date) || !same(a->datetime, b->datetime) || !same(a->source, b->source) ||
             !same(a->url, b->url) || !same(a->title, b->title)))
            abort();
    }
    parley_doc_free(a);
    parley_doc_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const char *text = (const char *)data + 1;
    for (size_t start = 0; start < size - 1;) {
        const char *nl = memchr(text + start, '\n', size - 1 - start);
        size_t end = nl ? (size_t)(nl - text) : size - 1;
        compare_paths(text + start, end - start);
        start = end + 1;
    }
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
