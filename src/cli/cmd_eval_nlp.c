/* cmd_eval_nlp.c - `parley eval-nlp`: scores the tagger, lemmatiser and
 * parser against gold CoNLL-U with gold tokenisation (UPOS, XPOS, lemma,
 * features, UAS, LAS, punctuation included as in CoNLL 2018).
 *
 * --gum-news keeps only documents whose "# newdoc id" starts with GUM_news_,
 * the news genre of GUM, the closest UD match to parley's input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "parley/nlp.h"
#include "parley/pipeline.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: parley eval-nlp [--models DIR] [--gum-news] FILE.conllu...\n\n"
            "Annotates the sentences of each file (tokenisation as given) and prints\n"
            "UPOS, XPOS, lemma, feature, UAS and LAS accuracy over all words.\n"
            "  --models DIR  model folder (default: <data>/models)\n"
            "  --gum-news    only documents whose newdoc id starts with GUM_news_\n");
}

int cmd_eval_nlp(int argc, char **argv) {
    const char *models = NULL;
    int gum_news = 0, n_files = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (files == NULL) return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            free(files);
            return 0;
        } else if (strcmp(argv[i], "--gum-news") == 0) {
            gum_news = 1;
        } else if (strcmp(argv[i], "--models") == 0 && i + 1 < argc) {
            models = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "parley eval-nlp: unknown option '%s'\n", argv[i]);
            usage(stderr);
            free(files);
            return 1;
        } else {
            files[n_files++] = argv[i];
        }
    }
    if (n_files == 0) {
        usage(stderr);
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
        fprintf(stderr, "parley eval-nlp: %s: %s\n", err.file, err.message);
        free(files);
        return 1;
    }
    parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
    parley_doc *doc = parley_doc_new();
    parley_nlp_scores sc = {0};
    int rc = ws && doc ? 0 : 1;
    for (int f = 0; f < n_files && rc == 0; f++) {
        FILE *fp = strcmp(files[f], "-") == 0 ? stdin : fopen(files[f], "rb");
        if (fp == NULL) {
            fprintf(stderr, "parley eval-nlp: cannot open %s\n", files[f]);
            rc = 1;
            break;
        }
        parley_conllu_reader *r = parley_conllu_reader_new(fp, files[f]);
        parley_status st;
        while (r && (st = parley_conllu_read_doc(r, doc, 0, &err)) == PARLEY_OK) {
            if (gum_news && strncmp(doc->id, "GUM_news_", 9) != 0) continue;
            if (parley_nlp_evaluate(nlp, ws, doc, &sc, &err) != PARLEY_OK) {
                st = err.status;
                break;
            }
        }
        if (r == NULL || st < 0) {
            fprintf(stderr, "parley eval-nlp: %s:%ld: %s\n", err.file, err.line, err.message);
            rc = 1;
        }
        parley_conllu_reader_free(r);
        if (fp != stdin) fclose(fp);
    }
    if (rc == 0) {
        double w = sc.words ? (double)sc.words : 1.0;
        printf("sentences %zu\nwords     %zu\n", sc.sentences, sc.words);
        printf("UPOS      %.2f\nXPOS      %.2f\nLemma     %.2f\nFeats     %.2f\nUAS       %.2f\nLAS       %.2f\n",
               100 * sc.upos / w, 100 * sc.xpos / w, 100 * sc.lemma / w, 100 * sc.feats / w,
               100 * sc.uas / w, 100 * sc.las / w);
    }
    parley_doc_free(doc);
    parley_nlp_workspace_free(ws);
    parley_nlp_free(nlp);
    free(files);
    return rc;
}
