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
#include "parley/io.h"
#include "parley/nlp.h"
#include "parley/pipeline.h"
#include "parley/text.h"
#include "parley/ud.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: parley parse [--models DIR] [--input auto|jsonl|text|conllu] [--format conllu]\n"
            "                    [FILE...]\n\n"
            "Writes CoNLL-U with predicted lemmas, tags, features and dependency trees.\n"
            "  --models DIR     model folder (default: <data>/models)\n"
            "  --input conllu   take sentences and words from CoNLL-U as given and\n"
            "                   replace columns 3-9 with predictions\n"
            "Exit status: 0 ok, 1 usage or fatal error, 2 some input was skipped.\n");
}

/* Rewrites the raw lines of one CoNLL-U document with the predictions. */
static int write_conllu_predictions(const parley_doc *doc, const char *raw, size_t len, FILE *out) {
    size_t tok = 0;
    const char *p = raw, *end = raw + len;
    char feats[256];
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
            fwrite(p, 1, f2 ? (size_t)(f2 - p) : n, out);
            fprintf(out, "\t%s\t%s\t%s\t%s\t%d\t%s\t_\t", t->lemma ? t->lemma : "_",
                    parley_upos_name(t->upos), parley_xpos_name(t->xpos), feats, t->head,
                    parley_deprel_name(t->deprel));
            fwrite(misc, 1, (size_t)(p + n - misc), out);
            fputc('\n', out);
        }
        p += n + 1;
    }
    return ferror(out) ? -1 : 0;
}

static int parse_conllu_file(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                             const char *path) {
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (fp == NULL) {
        fprintf(stderr, "parley parse: cannot open %s\n", path);
        return 2;
    }
    parley_conllu_reader *r = parley_conllu_reader_new(fp, path);
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

static int parse_text_file(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                           const char *path, parley_input_format format) {
    parley_reader_options ro = {format, 0, NULL};
    parley_reader *r = NULL;
    parley_error err;
    parley_error_clear(&err);
    if (parley_reader_open(&r, path, &ro, &err) != PARLEY_OK) {
        fprintf(stderr, "parley parse: %s: %s\n", err.file, err.message);
        return 2;
    }
    parley_buf out = PARLEY_BUF_INIT;
    int rc = 0;
    parley_status st;
    while ((st = parley_reader_next(r, doc, &err)) != PARLEY_EOF) {
        if (st == PARLEY_SKIP) {
            fprintf(stderr, "parley parse: %s:%ld: skipped: %s\n", err.file, err.line, err.message);
            rc = 2;
            continue;
        }
        if (st != PARLEY_OK || (st = parley_text_segment(doc, &err)) != PARLEY_OK ||
            (st = parley_nlp_annotate(nlp, ws, doc, &err)) != PARLEY_OK) {
            fprintf(stderr, "parley parse: %s:%ld: %s\n", err.file, err.line, err.message);
            rc = 1;
            break;
        }
        parley_buf_clear(&out);
        if (parley_conllu_write_doc(doc, &out, PARLEY_CONLLU_NEWDOC | PARLEY_CONLLU_TEXT) != 0) {
            fprintf(stderr, "parley parse: out of memory\n");
            rc = 1;
            break;
        }
        if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
            fprintf(stderr, "parley parse: write error\n");
            rc = 1;
            break;
        }
    }
    parley_buf_free(&out);
    parley_reader_close(r);
    return rc;
}

int cmd_parse(int argc, char **argv) {
    const char *models = NULL, *input = "auto";
    char **files = calloc((size_t)argc + 2, sizeof *files);
    int n_files = 0;
    if (files == NULL) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(files);
            return 0;
        } else if (strcmp(a, "--models") == 0 && i + 1 < argc) {
            models = argv[++i];
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
    if (n_files == 0) files[n_files++] = "-";
    parley_input_format fmt = PARLEY_FORMAT_AUTO;
    int conllu = 0;
    if (strcmp(input, "conllu") == 0) conllu = 1;
    else if (strcmp(input, "jsonl") == 0) fmt = PARLEY_FORMAT_JSONL;
    else if (strcmp(input, "text") == 0) fmt = PARLEY_FORMAT_TEXT;
    else if (strcmp(input, "auto") != 0) {
        fprintf(stderr, "parley parse: unknown --input '%s'\n", input);
        free(files);
        return 1;
    }
    char dir[4096];
    if (models == NULL) {
        snprintf(dir, sizeof dir, "%s/models", parley_data_dir(NULL));
        models = dir;
    }
    parley_error err;
    parley_error_clear(&err);
    parley_nlp *nlp = NULL;
    if (parley_nlp_load(&nlp, models, &err) != PARLEY_OK) {
        fprintf(stderr, "parley parse: %s: %s\n", err.file, err.message);
        free(files);
        return 1;
    }
    parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
    parley_doc *doc = parley_doc_new();
    int rc = ws && doc ? 0 : 1;
    for (int f = 0; f < n_files && rc != 1; f++) {
        int r = conllu ? parse_conllu_file(nlp, ws, doc, files[f])
                       : parse_text_file(nlp, ws, doc, files[f], fmt);
        if (r > rc) rc = r;
    }
    if (fflush(stdout) != 0) rc = 1;
    parley_doc_free(doc);
    parley_nlp_workspace_free(ws);
    parley_nlp_free(nlp);
    free(files);
    return rc;
}
