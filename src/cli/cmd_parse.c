/* cmd_parse.c - `parley parse`: segments, tags, lemmatises and parses
 * documents and writes CoNLL-U.
 *
 * From JSON Lines or plain text the documents go through parley's own
 * segmenter and are written by the library's CoNLL-U writer. With
 * --input conllu the sentences and words of a CoNLL-U file are taken as
 * given: every line (comments, multiword-token ranges, empty nodes) is
 * written back unchanged except that word lines get parley's LEMMA, UPOS,
 * XPOS, FEATS, HEAD and DEPREL (and "_" for DEPS), so the CoNLL 2018
 * evaluation script can compare the output with the gold file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/models.h"
#include "cli/input.h"
#include "parley/io.h"
#include "parley/nlp.h"
#include "parley/pipeline.h"
#include "parley/text.h"
#include "parley/ud.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: parley parse [--models DIR] [--fast | --perceptron]\n"
            "                    [--input auto|jsonl|text|conllu] [--format conllu]\n"
            "                    [common input options] [FILE...]\n\n"
            "Writes CoNLL-U with predicted lemmas, tags, features and dependency trees.\n"
            "  --models DIR     model folder (default: <data>/models)\n"
            "  --fast           the smaller network (nn_fast.bin): about twice as fast, a little\n"
            "                   less accurate (docs/nlp.md)\n"
            "  --perceptron     no network: the perceptron tagger and transition parser\n"
            "  --input conllu   take sentences and words from CoNLL-U as given and\n"
            "                   replace columns 3-9 with predictions\n"
            "Exit status: 0 ok, 1 usage or fatal error, 2 some input was skipped.\n");
    cli_input_usage(out);
}

/* Rewrites the raw lines of one CoNLL-U document with the predictions. */
static int write_conllu_predictions(const parley_doc *doc, const char *raw, size_t len, FILE *out) {
    size_t tok = 0;
    const char *p = raw, *end = raw + len;
    char feats[256];
    parley_buf line = PARLEY_BUF_INIT;
    int bad = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *tab = memchr(p, '\t', n);
        int word = p[0] >= '0' && p[0] <= '9' && tab != NULL;
        for (const char *q = p; word && q < tab; q++)
            if (*q < '0' || *q > '9') word = 0;
        if (!word || tok >= doc->n_tokens) {
            fwrite(p, 1, n, out);
            fputc('\n', out);
        } else {
            /* ID and FORM as given, then the predictions, then MISC as given */
            const char *f2 = memchr(tab + 1, '\t', (size_t)(p + n - tab - 1));
            const char *misc = p + n;
            while (misc > p && misc[-1] != '\t') misc--;
            const parley_token *t = &doc->tokens[tok++];
            parley_feats_format(t->feats, feats, sizeof feats);
            /* the line is put together and written at once: a formatted
             * write per word cost more than the parser's labels */
            const char *col[] = {t->lemma ? t->lemma : "_", parley_upos_name(t->upos),
                                 parley_xpos_name(t->xpos), feats};
            parley_buf_clear(&line);
            bad = parley_buf_append(&line, p, f2 ? (size_t)(f2 - p) : n);
            for (size_t c = 0; c < sizeof col / sizeof *col; c++)
                bad |= parley_buf_puts(&line, "\t") | parley_buf_puts(&line, col[c]);
            bad |= parley_buf_puts(&line, "\t") | parley_buf_lld(&line, t->head) |
                   parley_buf_puts(&line, "\t") | parley_buf_puts(&line, parley_deprel_name(t->deprel)) |
                   parley_buf_puts(&line, "\t_\t") | parley_buf_append(&line, misc, (size_t)(p + n - misc)) |
                   parley_buf_puts(&line, "\n");
            if (bad) break;
            fwrite(line.data, 1, line.len, out);
        }
        p += n + 1;
    }
    parley_buf_free(&line);
    return bad || ferror(out) ? -1 : 0;
}

static int parse_conllu_file(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                             const char *path) {
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (fp == NULL) {
        fprintf(stderr, "parley parse: cannot open %s\n", path);
        return 2;
    }
    parley_conllu_reader *r = parley_conllu_reader_new(fp, path);
    if (r) parley_conllu_reader_set_gold(r, 0); /* the annotation columns are replaced */
    parley_error err;
    parley_error_clear(&err);
    parley_status st = r ? PARLEY_OK : PARLEY_ERR_NOMEM;
    int rc = 0;
    /* batches of 2000 sentences keep memory flat on large files */
    while (r && (st = parley_conllu_read_doc(r, doc, 2000, &err)) == PARLEY_OK) {
        if ((st = parley_nlp_annotate(nlp, ws, doc, &err)) != PARLEY_OK) break;
        size_t len;
        const char *raw = parley_conllu_reader_raw(r, &len);
        if (write_conllu_predictions(doc, raw, len, stdout) != 0) {
            fprintf(stderr, "parley parse: write error\n");
            rc = 1;
            break;
        }
    }
    if (st < 0) {
        fprintf(stderr, "parley parse: %s:%ld: %s\n", err.file, err.line, err.message);
        rc = st == PARLEY_ERR_FORMAT ? 2 : 1;
    }
    parley_conllu_reader_free(r);
    if (fp != stdin) fclose(fp);
    return rc;
}

/* The input driver runs these per document: segment, annotate, render. */
typedef struct parse_worker {
    const parley_nlp *nlp;
    parley_nlp_workspace *ws;
} parse_worker;

static void *parse_worker_init(void *shared) {
    parse_worker *w = malloc(sizeof *w);
    if (w == NULL) return NULL;
    w->nlp = shared;
    w->ws = parley_nlp_workspace_new(shared);
    if (w->ws == NULL) {
        free(w);
        return NULL;
    }
    return w;
}

static void parse_worker_free(void *state) {
    parse_worker *w = state;
    if (w == NULL) return;
    parley_nlp_workspace_free(w->ws);
    free(w);
}

static parley_status parse_process(void *state, parley_doc *doc, parley_buf *out, parley_error *err) {
    parse_worker *w = state;
    parley_status st = parley_text_segment(doc, err);
    if (st == PARLEY_OK) st = parley_nlp_annotate(w->nlp, w->ws, doc, err);
    if (st != PARLEY_OK) return st;
    if (parley_conllu_write_doc(doc, out, PARLEY_CONLLU_NEWDOC | PARLEY_CONLLU_TEXT) != 0)
        return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file, doc->origin_line,
                                "out of memory");
    return PARLEY_OK;
}

int cmd_parse(int argc, char **argv) {
    const char *models = NULL, *input = "auto";
    unsigned flags = 0;
    char **files = calloc((size_t)argc + 2, sizeof *files);
    int n_files = 0;
    if (files == NULL) return 1;
    cli_input_options in;
    cli_input_defaults(&in);
    for (int i = 1; i < argc; i++) {
        int r = cli_input_parse_option(&in, argc, argv, &i);
        if (r < 0) {
            free(files);
            return 1;
        }
        if (r > 0) continue;
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(files);
            return 0;
        } else if (strcmp(a, "--models") == 0 && i + 1 < argc) {
            models = argv[++i];
        } else if (strcmp(a, "--fast") == 0) {
            flags |= PARLEY_NLP_FAST;
        } else if (strcmp(a, "--perceptron") == 0) {
            flags |= PARLEY_NLP_PERCEPTRON;
        } else if (strcmp(a, "--input") == 0 && i + 1 < argc) {
            input = argv[++i];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            if (strcmp(argv[++i], "conllu") != 0) {
                fprintf(stderr, "parley parse: only --format conllu is supported\n");
                free(files);
                return 1;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "parley parse: unknown option '%s'\n", a);
            usage(stderr);
            free(files);
            return 1;
        } else {
            files[n_files++] = argv[i];
        }
    }
    int conllu = 0;
    if (strcmp(input, "conllu") == 0) conllu = 1;
    else if (strcmp(input, "jsonl") == 0) in.format = PARLEY_FORMAT_JSONL;
    else if (strcmp(input, "text") == 0) in.format = PARLEY_FORMAT_TEXT;
    else if (strcmp(input, "auto") != 0) {
        fprintf(stderr, "parley parse: unknown --input '%s'\n", input);
        free(files);
        return 1;
    }
    parley_nlp *nlp = cli_load_models("parse", models, flags);
    if (nlp == NULL) {
        free(files);
        return 1;
    }
    parley_error err;
    parley_error_clear(&err);
    int rc;
    if (conllu) {
        parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
        parley_doc *doc = parley_doc_new();
        rc = ws && doc ? 0 : 1;
        if (n_files == 0) files[n_files++] = "-";
        for (int f = 0; f < n_files && rc != 1; f++) {
            int r = parse_conllu_file(nlp, ws, doc, files[f]);
            if (r > rc) rc = r;
        }
        if (fflush(stdout) != 0) rc = 1;
        parley_doc_free(doc);
        parley_nlp_workspace_free(ws);
    } else {
        cli_pipeline p = {(void *)nlp, parse_worker_init, parse_worker_free, parse_process};
        rc = cli_input_run(&in, n_files, files, &p, stdout, NULL);
    }
    parley_nlp_free(nlp);
    free(files);
    return rc;
}
