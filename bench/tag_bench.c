/* tag_bench.c - CPU cost of parley_nlp_tag (tagger, lemmatiser and feature
 * table, no parser), or with --parse of parley_nlp_annotate (the same plus
 * the parser), on a CoNLL-U file with its own tokenisation, measured
 * in-process with the thread's CPU clock so that neighbours on a shared
 * machine do not count and model loading is left out. The file is read once
 * and tagged PASSES times; prints sentences per CPU-second of each pass, the
 * best and the median. Built and run by bench/tag.sh.
 *
 * usage: tag_bench [--parse] MODEL_DIR FILE.conllu [PASSES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/doc.h"
#include "parley/nlp.h"

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int parse = 0;
    unsigned flags = 0;
    for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
        if (strcmp(argv[1], "--parse") == 0) parse = 1;
        else if (strcmp(argv[1], "--fast") == 0) flags |= PARLEY_NLP_FAST;
        else if (strcmp(argv[1], "--perceptron") == 0) flags |= PARLEY_NLP_PERCEPTRON;
        else break;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: tag_bench [--parse] [--fast | --perceptron] MODEL_DIR FILE.conllu [PASSES]\n");
        return 1;
    }
    int passes = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 7;
    if (passes < 1 || passes > 1000) passes = 7;
    parley_error err;
    memset(&err, 0, sizeof err);
    parley_nlp *nlp = NULL;
    if (parley_nlp_load_with(&nlp, argv[1], flags, &err) != PARLEY_OK) {
        fprintf(stderr, "tag_bench: %s: %s\n", err.file, err.message);
        return 1;
    }
    int rc = 1;
    parley_doc **docs = NULL;
    size_t n_docs = 0, n_sent = 0;
    parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
    double *rate = malloc((size_t)passes * sizeof *rate);
    FILE *fp = fopen(argv[2], "rb");
    parley_conllu_reader *r = fp ? parley_conllu_reader_new(fp, argv[2]) : NULL;
    if (ws == NULL || rate == NULL || r == NULL) {
        fprintf(stderr, "tag_bench: cannot read %s or out of memory\n", argv[2]);
        goto done;
    }
    for (;;) {
        parley_doc **grown = realloc(docs, (n_docs + 1) * sizeof *grown); // NOLINT(bugprone-sizeof-expression)
        if (grown == NULL) goto done;
        docs = grown;
        parley_doc *d = parley_doc_new();
        if (d == NULL) goto done;
        if (parley_conllu_read_doc(r, d, 0, &err) != PARLEY_OK) {
            parley_doc_free(d);
            break;
        }
        docs[n_docs++] = d;
        n_sent += d->n_sentences;
    }
    for (int p = 0; p < passes; p++) {
        double t0 = cpu_now();
        for (size_t i = 0; i < n_docs; i++)
            if ((parse ? parley_nlp_annotate(nlp, ws, docs[i], &err)
                       : parley_nlp_tag(nlp, ws, docs[i], &err)) != PARLEY_OK) {
                fprintf(stderr, "tag_bench: %s\n", err.message);
                goto done;
            }
        double t = cpu_now() - t0;
        rate[p] = (double)n_sent / (t > 1e-9 ? t : 1e-9);
        printf("pass %d: %.0f sentences/s\n", p + 1, rate[p]);
    }
    qsort(rate, (size_t)passes, sizeof *rate, cmp_double);
    printf("%zu sentences, %d passes: best %.0f, median %.0f sentences per CPU-second\n", n_sent,
           passes, rate[passes - 1], rate[passes / 2]);
    rc = 0;
done:
    parley_conllu_reader_free(r);
    if (fp) fclose(fp);
    free(rate);
    parley_nlp_workspace_free(ws);
    for (size_t i = 0; i < n_docs; i++) parley_doc_free(docs[i]);
    free(docs);
    parley_nlp_free(nlp);
    return rc;
}
