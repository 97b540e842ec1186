/* cmd_eval.c - `parley eval`: precision, recall and F1 of coded events
 * against the hand-written evaluation set (eval/events.jsonl).
 *
 * Each record is one sentence with its date and expected events; the
 * sentence goes through the whole pipeline as a document of its own. The
 * scoring itself is the library's (parley/evaluate.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/eval_gold.h"
#include "cli/eval_documents.h"
#include "parley/doc.h"
#include "parley/evaluate.h"
#include "parley/event.h"
#include "parley/pipeline.h"

#define EVAL_MAX_EVENTS 64

static void eval_usage(FILE *out) {
    fprintf(out,
            "usage: parley eval [--events FILE] [--data DIR] [--show-errors] [--limit N]\n"
            "                   [--first-parse-only] [--fast | --perceptron]\n\n"
            "Codes every sentence of the evaluation set and prints precision, recall and F1\n"
            "for full events (source, target, CAMEO code), root codes and dyads, and a\n"
            "confusion table of root codes (rows: expected; columns: predicted; 0 = none).\n\n"
            "  --events FILE   evaluation set (default: <data>/../eval/events.jsonl)\n"
            "  --data DIR      data folder with models/ and dict/\n"
            "  --show-errors   print each sentence whose events differ from the expected ones\n"
            "  --limit N       score only the first N sentences\n"
            "  --documents FILE  score dates, places, quantities, coreference and merging\n"
            "                  of whole stories instead (eval/documents.jsonl; docs/resolve.md)\n"
            "  --first-parse-only  no second parse of sentences that gave no event, for\n"
            "                  comparison (docs/coder.md)\n"
            "  --fast          the smaller network (nn_fast.bin) instead of nn.bin\n"
            "                  (docs/nlp.md)\n"
            "  --perceptron    no network: the perceptron tagger and transition parser\n");
}

static void print_events(const char *label, const parley_eval_event *e, size_t n) {
    printf("    %s:", label);
    if (n == 0) printf(" (none)");
    for (size_t i = 0; i < n; i++)
        printf(" %s>%s:%s", e[i].source[0] ? e[i].source : "-", e[i].target[0] ? e[i].target : "-",
               e[i].cameo);
    printf("\n");
}

static void print_counts(const char *label, const parley_eval_counts *c) {
    printf("  %-12s P %6.2f%%  R %6.2f%%  F1 %6.2f%%   (tp %zu, fp %zu, fn %zu)\n", label,
           100 * parley_eval_precision(c), 100 * parley_eval_recall(c), 100 * parley_eval_f1(c),
           c->tp, c->fp, c->fn);
}

static void print_confusion(const parley_event_scores *s) {
    printf("\nroot confusion (rows expected, columns predicted, 0 = none):\n     ");
    for (int c = 0; c <= 20; c++) printf("%4d", c);
    printf("\n");
    for (int r = 0; r <= 20; r++) {
        size_t row = 0;
        for (int c = 0; c <= 20; c++) row += s->confusion[r][c];
        if (row == 0) continue;
        printf("  %2d ", r);
        for (int c = 0; c <= 20; c++) {
            if (s->confusion[r][c]) printf("%4zu", s->confusion[r][c]);
            else printf("%4s", ".");
        }
        printf("\n");
    }
}

int cmd_eval(int argc, char **argv) {
    const char *events_path = NULL, *data_dir = NULL, *documents_path = NULL;
    int show_errors = 0, first_parse_only = 0;
    unsigned nlp_flags = 0;
    long limit = -1;
    static const struct option longopts[] = {{"events", required_argument, NULL, 'e'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"show-errors", no_argument, NULL, 's'},
                                             {"limit", required_argument, NULL, 'l'},
                                             {"documents", required_argument, NULL, 'D'},
                                             {"first-parse-only", no_argument, NULL, 'F'},
                                             {"fast", no_argument, NULL, 'Q'},
                                             {"perceptron", no_argument, NULL, 'P'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': events_path = optarg; break;
        case 'd': data_dir = optarg; break;
        case 's': show_errors = 1; break;
        case 'l': limit = strtol(optarg, NULL, 10); break;
        case 'D': documents_path = optarg; break;
        case 'F': first_parse_only = 1; break;
        case 'Q': nlp_flags |= PARLEY_NLP_FAST; break;
        case 'P': nlp_flags |= PARLEY_NLP_PERCEPTRON; break;
        case 'h': eval_usage(stdout); return 0;
        default: eval_usage(stderr); return 1;
        }
    }
    if (documents_path)
        return eval_documents(documents_path, data_dir, show_errors, first_parse_only, nlp_flags);
    char default_path[4096];
    if (events_path == NULL) {
        snprintf(default_path, sizeof default_path, "%s/../eval/events.jsonl", parley_data_dir(data_dir));
        events_path = default_path;
    }
    FILE *f = fopen(events_path, "r");
    if (f == NULL) {
        fprintf(stderr, "parley eval: cannot open %s\n", events_path);
        return 1;
    }
    parley_pipeline_options opts;
    parley_pipeline_options_default(&opts);
    opts.data_dir = data_dir;
    opts.first_parse_only = first_parse_only;
    opts.nlp_flags = nlp_flags;
    parley_error err;
    parley_error_clear(&err);
    parley_pipeline *p = NULL;
    if (parley_pipeline_open(&p, &opts, &err) != PARLEY_OK) {
        fprintf(stderr, "parley eval: %s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
        fclose(f);
        return 1;
    }
    parley_pipeline_worker *w = parley_pipeline_worker_new(p);
    parley_doc *doc = parley_doc_new();
    parley_event_scores scores;
    memset(&scores, 0, sizeof scores);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, bad = 0;
    parley_eval_event gold[EVAL_MAX_EVENTS], pred[EVAL_MAX_EVENTS];
    while ((len = getline(&line, &cap, f)) != -1 && w && doc) {
        lineno++;
        if (limit >= 0 && (long)scores.items >= limit) break;
        json_error_t jerr;
        json_t *rec = json_loadb(line, (size_t)len, 0, &jerr);
        json_t *text = rec ? json_object_get(rec, "text") : NULL;
        if (!json_is_string(text)) {
            fprintf(stderr, "parley eval: %s:%ld: %s\n", events_path, lineno,
                    rec ? "no text" : jerr.text);
            json_decref(rec);
            bad++;
            continue;
        }
        parley_doc_reset(doc);
        json_t *id = json_object_get(rec, "id"), *date = json_object_get(rec, "date");
        doc->id = parley_arena_strdup(doc->arena, json_is_string(id) ? json_string_value(id) : "");
        doc->date = parley_arena_strdup(doc->arena, json_is_string(date) ? json_string_value(date) : "");
        doc->origin_file = events_path;
        doc->origin_line = lineno;
        parley_doc_set_text(doc, json_string_value(text), json_string_length(text));
        if (parley_pipeline_run(p, w, doc, &err) != PARLEY_OK) {
            fprintf(stderr, "parley eval: %s:%ld: %s\n", events_path, lineno, err.message);
            json_decref(rec);
            bad++;
            continue;
        }
        size_t ng = eval_gold_events(json_object_get(rec, "events"), gold, EVAL_MAX_EVENTS);
        size_t np = parley_eval_events_of_doc(doc, pred, EVAL_MAX_EVENTS);
        parley_eval_counts before = scores.full;
        parley_event_scores_add(&scores, gold, ng, pred, np);
        if (show_errors && (scores.full.fp != before.fp || scores.full.fn != before.fn)) {
            printf("%s: %s\n", doc->id, doc->text);
            print_events("expected ", gold, ng);
            print_events("predicted", pred, np);
        }
        json_decref(rec);
    }
    free(line);
    fclose(f);
    parley_doc_free(doc);
    parley_pipeline_worker_free(w);
    parley_pipeline_free(p);

    printf("parley eval: %zu sentences, %zu expected events, %zu predicted\n", scores.items,
           scores.gold_events, scores.predicted_events);
    print_counts("full events", &scores.full);
    print_counts("root codes", &scores.root);
    print_counts("dyads", &scores.dyad);
    print_confusion(&scores);
    if (bad) fprintf(stderr, "parley eval: %ld records skipped\n", bad);
    return bad ? 2 : 0;
}
