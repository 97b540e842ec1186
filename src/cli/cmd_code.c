/* cmd_code.c - `parley code`: the main job. Reads documents, runs the whole
 * pipeline (segment, tag, parse, code, resolve) and writes events as JSON
 * Lines, CSV, GDELT-style TSV or a readable table, and/or into an event store.
 *
 * Reading, error reporting, -j N workers and input-order output come from
 * the shared input driver (input.h); the pipeline from the library. With
 * --db, each worker puts its document's events into the store under a mutex
 * (SQLite writes one at a time anyway), all inside batched transactions. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/input.h"
#include "parley/event_io.h"
#include "parley/pipeline.h"
#include "parley/store.h"

typedef enum { OUT_NONE, OUT_JSONL, OUT_CSV, OUT_GDELT, OUT_TABLE } code_format;

typedef struct code_shared {
    parley_pipeline *pipeline;
    code_format format;
    parley_store *store;
    pthread_mutex_t store_lock;
    size_t docs_in_batch;
    size_t events_written;
    int store_failed;
    parley_error store_err;
} code_shared;

typedef struct code_worker {
    code_shared *shared;
    parley_pipeline_worker *pw;
} code_worker;

#define CODE_BATCH_DOCS 500

static void code_usage(FILE *out) {
    fprintf(out,
            "usage: parley code [options] [FILE...]\n\n"
            "Codes political events in news documents (JSON Lines with id, date, source, url,\n"
            "title, text; plain text files; or standard input) and writes one event per line.\n\n"
            "output:\n"
            "  --format F        jsonl (default), csv, gdelt (GDELT 2.0-style TSV), table\n"
            "  --db FILE         also store the events in an SQLite event store (created if\n"
            "                    missing; re-coding a document replaces its events); with --db\n"
            "                    nothing is printed unless --format is given; an http:// URL\n"
            "                    is a ClickHouse server (docs/scale.md)\n"
            "  --clickhouse URL  the same as --db URL, for a ClickHouse server\n"
            "  --keep-negated    keep negated events (flagged \"negated\": true) instead of dropping them\n"
            "  --first-parse-only  no second parse of sentences that gave no event (docs/coder.md)\n"
            "  --fast        the smaller network (nn_fast.bin) instead of nn.bin: faster, a\n"
            "                little less accurate (docs/nlp.md)\n"
            "  --perceptron  no network: the perceptron tagger and transition parser\n\n"
            "models and dictionaries:\n"
            "  --data DIR        data folder (models/, dict/, gazetteer/); default $PARLEY_DATA or\n"
            "                    the build's data folder\n"
            "  --dict DIR        parley-format dictionary folder (default DATA/dict)\n"
            "  --verbs FILE      TABARI/PETRARCH verb dictionary (replaces parley's actions)\n"
            "  --actors FILE     TABARI/PETRARCH actor dictionary, repeatable (replaces parley's actors)\n"
            "  --agents FILE     TABARI/PETRARCH agent dictionary (replaces parley's agents)\n"
            "  --discards FILE   TABARI/PETRARCH discard list (replaces parley's discards)\n"
            "  --strict-dict     stop at the first malformed dictionary line\n\n"
            "input:\n");
    cli_input_usage(out);
}

static void report_dict_warning(void *userdata, const parley_error *err) {
    (void)userdata;
    fprintf(stderr, "parley code: %s:%ld: %s (line skipped)\n", err->file, err->line, err->message);
}

static void *code_worker_init(void *shared_ptr) {
    code_shared *shared = shared_ptr;
    code_worker *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->shared = shared;
    w->pw = parley_pipeline_worker_new(shared->pipeline);
    if (w->pw == NULL) {
        free(w);
        return NULL;
    }
    return w;
}

static void code_worker_free(void *state) {
    code_worker *w = state;
    if (w == NULL) return;
    parley_pipeline_worker_free(w->pw);
    free(w);
}

static void table_actor(parley_buf *out, const parley_actor *a) {
    parley_buf_printf(out, "%-10s", a->present ? a->code : "-");
}

static void table_row(parley_buf *out, const parley_doc *doc, const parley_event *ev) {
    char excerpt[81];
    const char *ev_text = ev->evidence_text ? ev->evidence_text : "";
    size_t n = 0;
    for (const char *p = ev_text; *p && n < sizeof excerpt - 1; p++)
        excerpt[n++] = (*p == '\n' || *p == '\t') ? ' ' : *p;
    /* Do not cut a UTF-8 sequence in half: when the byte after the cut
     * continues a character, the cut moves back to that character's start. */
    while (n > 0 && ((unsigned char)ev_text[n] & 0xC0) == 0x80) n--;
    excerpt[n] = '\0';
    parley_buf_printf(out, "%-28.28s %3d %-10s ", doc->id, (int)ev->sentence, ev->date);
    table_actor(out, &ev->source);
    parley_buf_printf(out, " %-5s ", ev->cameo);
    table_actor(out, &ev->target);
    parley_buf_printf(out, " %5.1f %s%s%s\n", ev->goldstein, ev->negated ? "[negated] " : "",
                      ev->intent ? "[intent] " : "", excerpt);
}

static parley_status store_document(code_shared *sh, const parley_doc *doc) {
    parley_store_doc meta = {doc->id, doc->date, doc->source, doc->url, doc->title};
    parley_status st = PARLEY_OK;
    pthread_mutex_lock(&sh->store_lock);
    if (!sh->store_failed) {
        if (sh->docs_in_batch == 0) st = parley_store_begin(sh->store, &sh->store_err);
        if (st == PARLEY_OK) st = parley_store_put(sh->store, &meta, doc->events, doc->n_events, &sh->store_err);
        if (st == PARLEY_OK && ++sh->docs_in_batch == CODE_BATCH_DOCS) {
            st = parley_store_commit(sh->store, &sh->store_err);
            sh->docs_in_batch = 0;
        }
        if (st != PARLEY_OK) sh->store_failed = 1;
    } else {
        st = sh->store_err.status;
    }
    pthread_mutex_unlock(&sh->store_lock);
    return st;
}

static parley_status code_process(void *state, parley_doc *doc, parley_buf *out, parley_error *err) {
    code_worker *w = state;
    code_shared *sh = w->shared;
    parley_status st = parley_pipeline_run(sh->pipeline, w->pw, doc, err);
    if (st != PARLEY_OK) return st == PARLEY_ERR_NOMEM ? st : PARLEY_SKIP;
    if (sh->store) {
        st = store_document(sh, doc);
        if (st != PARLEY_OK) {
            *err = sh->store_err;
            return st < 0 ? st : PARLEY_ERR_DB;
        }
    }
    for (size_t i = 0; i < doc->n_events; i++) {
        const parley_event *ev = &doc->events[i];
        switch (sh->format) {
        case OUT_JSONL: st = parley_event_write_json(ev, out); break;
        case OUT_CSV: st = parley_event_write_csv(ev, out); break;
        case OUT_GDELT: st = parley_event_write_gdelt_tsv(ev, parley_event_id(ev), out); break;
        case OUT_TABLE: table_row(out, doc, ev); break;
        case OUT_NONE: break;
        }
        if (st != PARLEY_OK) return parley_error_set(err, st, doc->origin_file, doc->origin_line,
                                                     "cannot render event of document %s", doc->id);
    }
    __atomic_add_fetch(&sh->events_written, doc->n_events, __ATOMIC_RELAXED);
    return PARLEY_OK;
}

static int parse_format(const char *v, code_format *f) {
    if (strcmp(v, "jsonl") == 0) *f = OUT_JSONL;
    else if (strcmp(v, "csv") == 0) *f = OUT_CSV;
    else if (strcmp(v, "gdelt") == 0 || strcmp(v, "tsv") == 0) *f = OUT_GDELT;
    else if (strcmp(v, "table") == 0) *f = OUT_TABLE;
    else return -1;
    return 0;
}

int cmd_code(int argc, char **argv) {
    cli_input_options in;
    cli_input_defaults(&in);
    parley_pipeline_options po;
    parley_pipeline_options_default(&po);
    po.on_warning = report_dict_warning;
    const char *db_path = NULL, *format_arg = NULL;
    const char **actors = calloc((size_t)argc + 1, sizeof *actors);
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, status = 1;
    if (actors == NULL || files == NULL) {
        fprintf(stderr, "parley code: out of memory\n");
        free(actors);
        free(files);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        int r = cli_input_parse_option(&in, argc, argv, &i);
        if (r < 0) goto done;
        if (r > 0) continue;
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            code_usage(stdout);
            status = 0;
            goto done;
        } else if (strcmp(a, "--keep-negated") == 0) {
            po.coder.keep_negated = 1;
        } else if (strcmp(a, "--first-parse-only") == 0) {
            po.first_parse_only = 1;
        } else if (strcmp(a, "--fast") == 0) {
            po.nlp_flags |= PARLEY_NLP_FAST;
        } else if (strcmp(a, "--perceptron") == 0) {
            po.nlp_flags |= PARLEY_NLP_PERCEPTRON;
        } else if (strcmp(a, "--strict-dict") == 0) {
            po.strict_dict = 1;
        } else if (a[0] == '-' && a[1] == '-' && strcmp(a, "--") != 0) {
            if (!has_value) {
                fprintf(stderr, "parley code: %s needs a value\n", a);
                goto done;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--format") == 0) format_arg = v;
            else if (strcmp(a, "--db") == 0) db_path = v;
            else if (strcmp(a, "--clickhouse") == 0) {
                if (strncmp(v, "http://", 7) != 0) {
                    fprintf(stderr, "parley code: --clickhouse needs an http:// URL\n");
                    goto done;
                }
                db_path = v;
            }
            else if (strcmp(a, "--data") == 0) po.data_dir = v;
            else if (strcmp(a, "--dict") == 0) po.dict_dir = v;
            else if (strcmp(a, "--verbs") == 0) po.tabari_verbs = v;
            else if (strcmp(a, "--actors") == 0) actors[po.n_tabari_actors++] = v;
            else if (strcmp(a, "--agents") == 0) po.tabari_agents = v;
            else if (strcmp(a, "--discards") == 0) po.tabari_discards = v;
            else {
                fprintf(stderr, "parley code: unknown option %s (see parley code --help)\n", a);
                goto done;
            }
        } else {
            files[nfiles++] = argv[i];
        }
    }
    po.tabari_actors = actors;

    code_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.format = db_path ? OUT_NONE : OUT_JSONL;
    if (format_arg && parse_format(format_arg, &sh.format) != 0) {
        fprintf(stderr, "parley code: unknown format '%s' (jsonl, csv, gdelt, table)\n", format_arg);
        goto done;
    }
    parley_error err;
    parley_error_clear(&err);
    if (parley_pipeline_open(&sh.pipeline, &po, &err) != PARLEY_OK) {
        fprintf(stderr, "parley code: %s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
        goto done;
    }
    if (db_path && parley_store_open(&sh.store, db_path, PARLEY_STORE_CREATE, &err) != PARLEY_OK) {
        fprintf(stderr, "parley code: %s: %s\n", db_path, err.message);
        parley_pipeline_free(sh.pipeline);
        goto done;
    }
    if (sh.store && parley_store_migrated_from(sh.store) > 0)
        fprintf(stderr, "parley code: migrated %s from store schema version %d to %d\n", db_path,
                parley_store_migrated_from(sh.store), parley_store_schema_version(sh.store));
    pthread_mutex_init(&sh.store_lock, NULL);
    parley_buf header = PARLEY_BUF_INIT;
    if (sh.format == OUT_CSV) parley_event_write_csv_header(&header);
    if (sh.format == OUT_TABLE)
        parley_buf_printf(&header, "%-28s %3s %-10s %-10s %-5s %-10s %5s %s\n", "document", "snt", "date",
                          "source", "cameo", "target", "gold", "evidence");
    if (header.len) fwrite(header.data, 1, header.len, stdout);
    parley_buf_free(&header);

    cli_pipeline pipe = {&sh, code_worker_init, code_worker_free, code_process};
    cli_input_stats stats;
    status = cli_input_run(&in, nfiles, files, &pipe, stdout, &stats);
    if (sh.store) {
        parley_error cerr;
        parley_error_clear(&cerr);
        if (sh.docs_in_batch > 0 && !sh.store_failed &&
            parley_store_commit(sh.store, &cerr) != PARLEY_OK) {
            fprintf(stderr, "parley code: %s: %s\n", db_path, cerr.message);
            status = 1;
        }
        if (parley_store_close(sh.store, &cerr) != PARLEY_OK) {
            fprintf(stderr, "parley code: %s: %s\n", db_path, cerr.message);
            status = 1;
        }
        if (sh.store_failed) {
            fprintf(stderr, "parley code: %s: %s\n", db_path, sh.store_err.message);
            status = 1;
        }
    }
    fprintf(stderr, "parley code: %zu events%s%s\n", sh.events_written, db_path ? " stored in " : "",
            db_path ? db_path : "");
    pthread_mutex_destroy(&sh.store_lock);
    parley_pipeline_free(sh.pipeline);
done:
    free(actors);
    free(files);
    return status;
}
