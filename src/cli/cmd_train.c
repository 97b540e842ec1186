/* cmd_train.c - `parley train`: trains the tagger, lemmatiser and parser
 * models from UD CoNLL-U files (see parley_nlp_train and docs/nlp.md).
 *
 * Training is deterministic for a given --seed and input, so the committed
 * models under data/models can be reproduced by tools/train.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "parley/nlp.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: parley train --train FILE.conllu [--dev FILE.conllu] --out DIR [--seed N]\n"
            "                    [--epochs N] [--parser-epochs N] [--folds N]\n\n"
            "Trains tagger.bin, lemma.bin and parser.bin into DIR.\n"
            "  --epochs N         tagger epochs (default 6)\n"
            "  --parser-epochs N  parser epochs (default 10)\n"
            "  --folds N          jackknife folds for the parser's training tags (default 4)\n"
            "  --prune N          drop parser features updated fewer than N times (default 2)\n"
            "  --nn-epochs N      also train the neural tagger and parser nn.bin for N epochs\n"
            "  --nn-threads N     threads for it (the model does not depend on them; default 1)\n"
            "  --nn SPEC          its sizes and settings, key=value,... (docs/nlp.md)\n"
            "  --nn-only 1        train only the tagger and the network (not lemma.bin nor\n"
            "                     parser.bin)\n"
            "  --nn-file NAME     the network's file name in DIR (default nn.bin; the smaller\n"
            "                     network --fast takes is nn_fast.bin)\n");
}

static void progress(void *ctx, const char *line) {
    (void)ctx;
    fprintf(stderr, "parley train: %s\n", line);
}

/* A non-negative count option; atoi would take "ten" or "6x" as 0 or 6 silently. */
static int count_arg(const char *opt, const char *v, int *out) {
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || n < 0 || n > 1000000) {
        fprintf(stderr, "parley train: %s needs a number, not '%s'\n", opt, v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

int cmd_train(int argc, char **argv) {
    parley_nlp_train_options o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.parser_min_updates = 2;
    o.progress = progress;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "parley train: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 1;
        }
        const char *v = argv[++i];
        if (strcmp(a, "--train") == 0) o.train_path = v;
        else if (strcmp(a, "--dev") == 0) o.dev_path = v;
        else if (strcmp(a, "--out") == 0) o.out_dir = v;
        else if (strcmp(a, "--seed") == 0) o.seed = strtoul(v, NULL, 10);
        else if (strcmp(a, "--epochs") == 0) {
            if (count_arg(a, v, &o.tagger_epochs) != 0) return 1;
        } else if (strcmp(a, "--parser-epochs") == 0) {
            if (count_arg(a, v, &o.parser_epochs) != 0) return 1;
        } else if (strcmp(a, "--folds") == 0) {
            if (count_arg(a, v, &o.jackknife_folds) != 0) return 1;
        } else if (strcmp(a, "--nn-epochs") == 0) {
            if (count_arg(a, v, &o.nn_epochs) != 0) return 1;
        } else if (strcmp(a, "--nn-threads") == 0) {
            if (count_arg(a, v, &o.nn_threads) != 0) return 1;
        } else if (strcmp(a, "--nn-only") == 0) {
            if (count_arg(a, v, &o.nn_only) != 0) return 1;
        } else if (strcmp(a, "--nn") == 0) {
            o.nn_spec = v;
        } else if (strcmp(a, "--nn-file") == 0) {
            if (v == NULL || *v == '\0' || strchr(v, '/') != NULL) {
                fprintf(stderr, "parley train: --nn-file takes a file name (no folder)\n");
                return 1;
            }
            o.nn_file = v;
        } else if (strcmp(a, "--prune") == 0) {
            if (count_arg(a, v, &o.parser_min_updates) != 0) return 1;
        } else {
            fprintf(stderr, "parley train: unknown option '%s'\n", a);
            usage(stderr);
            return 1;
        }
    }
    if (o.train_path == NULL || o.out_dir == NULL) {
        usage(stderr);
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_nlp_train(&o, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != PARLEY_OK) {
        fprintf(stderr, "parley train: %s:%ld: %s\n", err.file, err.line, err.message);
        return 1;
    }
    fprintf(stderr, "parley train: done in %.1fs wall\n",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
