/* resolve_bench.c - CPU cost of the resolver (dates, places, quantities,
 * reporters, merging) next to the stages before it, measured in-process
 * with the thread's CPU clock so that neighbours on a shared machine do not
 * count. Each document goes through segmentation, tagging, parsing and
 * coding (timed together), then parley_resolver_run (timed alone). Prints
 * sentences per CPU-second for both, for the whole pipeline, and the
 * resolver's share. Built and run by bench/resolve.sh.
 *
 * usage: resolve_bench CORPUS.jsonl [MAX_DOCS] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/doc.h"
#include "parley/pipeline.h"
#include "parley/resolve.h"

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: resolve_bench CORPUS.jsonl [MAX_DOCS]\n");
        return 1;
    }
    long max_docs = argc > 2 ? strtol(argv[2], NULL, 10) : -1;
    parley_error err;
    parley_error_clear(&err);
    parley_pipeline_options opts;
    parley_pipeline_options_default(&opts);
    opts.stage = PARLEY_STAGE_CODE;
    parley_pipeline *p = NULL;
    double t0 = cpu_now();
    if (parley_pipeline_open(&p, &opts, &err) != PARLEY_OK) {
        fprintf(stderr, "resolve_bench: %s\n", err.message);
        return 1;
    }
    double t1 = cpu_now();
    parley_resolver *r = NULL;
    if (parley_resolver_open(&r, parley_data_dir(NULL), parley_pipeline_dict(p), &err) != PARLEY_OK) {
        fprintf(stderr, "resolve_bench: %s\n", err.message);
        return 1;
    }
    double t2 = cpu_now();
    parley_pipeline_worker *w = parley_pipeline_worker_new(p);
    parley_doc *doc = parley_doc_new();
    FILE *f = fopen(argv[1], "r");
    if (f == NULL || w == NULL || doc == NULL) {
        fprintf(stderr, "resolve_bench: cannot open %s\n", argv[1]);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, docs = 0, sentences = 0, events = 0, merged = 0, dated = 0, placed = 0, quantities = 0;
    ssize_t len;
    double before = 0, resolve = 0;
    while ((max_docs < 0 || (long)docs < max_docs) && (len = getline(&line, &cap, f)) != -1) {
        json_t *rec = json_loadb(line, (size_t)len, 0, NULL);
        json_t *text = rec ? json_object_get(rec, "text") : NULL;
        json_t *date = rec ? json_object_get(rec, "date") : NULL;
        if (!json_is_string(text)) {
            json_decref(rec);
            continue;
        }
        parley_doc_reset(doc);
        doc->id = "bench";
        doc->date = parley_arena_strndup(doc->arena, json_is_string(date) ? json_string_value(date) : "", 10);
        parley_doc_set_text(doc, json_string_value(text), json_string_length(text));
        double a = cpu_now();
        if (parley_pipeline_run(p, w, doc, &err) != PARLEY_OK) {
            json_decref(rec);
            continue;
        }
        double b = cpu_now();
        size_t n_before = doc->n_events;
        if (parley_resolver_run(r, doc, &err) != PARLEY_OK) {
            fprintf(stderr, "resolve_bench: %s\n", err.message);
            return 1;
        }
        double c = cpu_now();
        before += b - a;
        resolve += c - b;
        docs++;
        sentences += doc->n_sentences;
        events += doc->n_events;
        merged += n_before - doc->n_events;
        for (size_t i = 0; i < doc->n_events; i++) {
            dated += !doc->events[i].date_flagged;
            placed += doc->events[i].place.present;
            quantities += doc->events[i].n_quantities;
        }
        json_decref(rec);
    }
    free(line);
    fclose(f);
    printf("resolve bench: %zu documents, %zu sentences, %zu events (%zu merged away), %zu dated from the text, "
           "%zu with a place, %zu quantities\n",
           docs, sentences, events, merged, dated, placed, quantities);
    printf("  load: pipeline %.3f s CPU, resolver (gazetteer) %.3f s CPU\n", t1 - t0, t2 - t1);
    printf("  segment+tag+parse+code: %10.0f sentences/CPU-s\n", before > 0 ? sentences / before : 0);
    printf("  resolve:                %10.0f sentences/CPU-s\n", resolve > 0 ? sentences / resolve : 0);
    printf("  whole pipeline:         %10.0f sentences/CPU-s (resolver %.1f%% of it)\n",
           before + resolve > 0 ? sentences / (before + resolve) : 0,
           before + resolve > 0 ? 100 * resolve / (before + resolve) : 0);
    parley_doc_free(doc);
    parley_pipeline_worker_free(w);
    parley_resolver_free(r);
    parley_pipeline_free(p);
    return 0;
}
