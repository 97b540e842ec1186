/* cmd_segment.c - `parley segment`: sentences and tokens, as text or CoNLL-U.
 *
 * The first stage of the pipeline on its own, for inspecting the tokenizer
 * and for feeding other tools. Reading, skipping, threads and ordering are
 * the shared input driver's (input.h); this file only renders. In text
 * format each sentence is one line of space-separated normalised token forms
 * (a multiword token as one token, so "don't" stays "don't") and a blank
 * line follows every document. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/input.h"
#include "parley/io.h"
#include "parley/text.h"

typedef enum { SEG_TEXT, SEG_CONLLU } seg_format;

/* Copies the form f to d, PARLEY_TEXT_FORM_PAD bytes at a time (parley_text_segment allows the
   reads past its NUL); returns its length when it is shorter than that, or PARLEY_TEXT_FORM_PAD
   when the copy must go on from f + PARLEY_TEXT_FORM_PAD. */
static unsigned copy_form16(char *d, const char *f) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t w0, w1;
    memcpy(&w0, f, 8);
    memcpy(&w1, f + 8, 8);
    memcpy(d, &w0, 8);
    memcpy(d + 8, &w1, 8);
    /* exact for the first zero byte of a word: a false hit can only follow a true one */
    uint64_t z = (w0 - ones) & ~w0 & high;
    if (z) return (unsigned)__builtin_ctzll(z) / 8;
    z = (w1 - ones) & ~w1 & high;
    if (z) return 8 + (unsigned)__builtin_ctzll(z) / 8;
    return PARLEY_TEXT_FORM_PAD;
}

/* Appends a document's lines to out through a stack block, one append per block; forms are
   measured while they are copied. */
static parley_status segment_text(const parley_doc *doc, parley_buf *out) {
    /* a flush leaves room for one separator and one 16-byte copy */
    enum { BLOCK = 8192, FULL = BLOCK - PARLEY_TEXT_FORM_PAD - 1 };
    char line[BLOCK];
    size_t n = 0;
    /* read into locals: the char stores into line could alias the document, so fields read after
       them would be loaded again */
    const parley_token *tokens = doc->tokens;
    const parley_sentence *sentences = doc->sentences;
    size_t n_sentences = doc->n_sentences;
    for (size_t k = 0; k < n_sentences; k++) {
        size_t first = sentences[k].first, end = first + sentences[k].count;
        size_t rest = 0;  /* words of the current multiword token still to come */
        for (size_t i = first; i < end; i++) {
            const parley_token *t = &tokens[i];
            /* a multiword token's words concatenate to its normalised surface: "didn't" */
            if (rest) {
                rest--;
            } else {
                line[n] = ' ';  /* written always, kept only between tokens: no branch */
                n += i > first;
                rest = t->mwt > 1 ? t->mwt - 1u : 0;
            }
            const char *f = t->form;
            for (;;) {
                if (n >= FULL) {
                    if (parley_buf_append(out, line, n) != 0) return PARLEY_ERR_NOMEM;
                    n = 0;
                }
                unsigned z = copy_form16(line + n, f);
                n += z;
                if (z < PARLEY_TEXT_FORM_PAD) break;
                f += PARLEY_TEXT_FORM_PAD;
            }
        }
        if (n >= FULL) {
            if (parley_buf_append(out, line, n) != 0) return PARLEY_ERR_NOMEM;
            n = 0;
        }
        line[n++] = '\n';
    }
    line[n++] = '\n';
    return parley_buf_append(out, line, n) == 0 ? PARLEY_OK : PARLEY_ERR_NOMEM;
}

static parley_status segment_process(void *state, parley_doc *doc, parley_buf *out, parley_error *err) {
    seg_format fmt = *(const seg_format *)state;
    parley_status st = parley_text_segment(doc, err);
    if (st == PARLEY_ERR_LIMIT) return PARLEY_SKIP;  /* one oversized document; the others go on */
    if (st != PARLEY_OK) return st;
    if (fmt == SEG_CONLLU) {
        if (parley_conllu_write_doc(doc, out, PARLEY_CONLLU_NEWDOC | PARLEY_CONLLU_TEXT) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file, doc->origin_line, "out of memory");
        return PARLEY_OK;
    }
    st = segment_text(doc, out);
    if (st != PARLEY_OK) return parley_error_set(err, st, doc->origin_file, doc->origin_line, "out of memory");
    return PARLEY_OK;
}

/* Workers only read the format, so the shared value is their state. */
static void *segment_worker_init(void *shared) { return shared; }

static void usage(FILE *out) {
    fprintf(out, "usage: parley segment [--format text|conllu] [input options] [FILE...]\n\n"
                 "Splits documents into sentences and tokens (UD English EWT conventions).\n"
                 "  --format text    one sentence per line, tokens separated by spaces, a blank\n"
                 "                   line after each document (default)\n"
                 "  --format conllu  CoNLL-U with # newdoc id, # sent_id, # text, multiword-token\n"
                 "                   ranges and SpaceAfter=No\n");
    cli_input_usage(out);
}

int cmd_segment(int argc, char **argv) {
    cli_input_options in;
    cli_input_defaults(&in);
    seg_format fmt = SEG_TEXT;
    int nfiles = 0;
    char **files = argv + 1;  /* FILE arguments are compacted in place */
    for (int i = 1; i < argc; i++) {
        int r = cli_input_parse_option(&in, argc, argv, &i);
        if (r < 0) return 1;
        if (r > 0) continue;
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parley segment: --format needs a value\n");
                return 1;
            }
            const char *v = argv[++i];
            if (strcmp(v, "text") == 0) fmt = SEG_TEXT;
            else if (strcmp(v, "conllu") == 0) fmt = SEG_CONLLU;
            else {
                fprintf(stderr, "parley segment: --format wants text or conllu, not '%s'\n", v);
                return 1;
            }
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "parley segment: unknown option '%s'\n\n", a);
            usage(stderr);
            return 1;
        }
        files[nfiles++] = argv[i];
    }
    cli_pipeline p = {&fmt, segment_worker_init, NULL, segment_process};
    return cli_input_run(&in, nfiles, files, &p, stdout, NULL);
}
