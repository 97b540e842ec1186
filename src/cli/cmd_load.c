/* cmd_load.c - `parley load`: reads parley's JSONL events into an event store.
 *
 * Lines are grouped by document (consecutive lines with the same doc_id)
 * and each document is put as a whole, so loading the same files again, or
 * rerunning after the loader was killed, replaces rather than duplicates. A
 * document whose lines come back later in the same run is appended to, not
 * replaced. Documents are committed in batches (--batch) for speed; a kill
 * loses at most the open batch, which the rerun restores. Bad lines are
 * reported as file:line, counted and skipped (exit status 2). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "parley/arena.h"
#include "parley/event_io.h"
#include "parley/store.h"

static void load_usage(FILE *out) {
    fprintf(out,
            "usage: parley load --db FILE [--batch N] [--quiet] EVENTS.jsonl... ('-' = stdin)\n\n"
            "Loads events written by `parley code --format jsonl` (or `parley export --format jsonl`)\n"
            "into the event store FILE (created when missing). Each line is one coded event; lines\n"
            "of one document are stored together, and reloading a document replaces its events.\n\n"
            "  --db FILE   the event store\n"
            "  --clickhouse URL  (or --db URL) a ClickHouse server: http://host:8123/[?table=NAME]\n"
            "              (docs/scale.md)\n"
            "  --batch N   documents per transaction (default 2000; 20000 in a bulk load)\n"
            "  --bulk      drop the query indexes during the load and rebuild them at its end\n"
            "              (the default when the store is empty; much faster for big loads)\n"
            "  --no-bulk   keep the indexes up to date during the load\n"
            "  --quiet     no summary line\n\n"
            "Exit status: 0 all loaded, 1 fatal error, 2 some lines were skipped (reported as\n"
            "file:line on stderr).\n");
}

/* The documents already put in this run (open addressing on doc_id). */
typedef struct seen_set {
    char **slots;
    size_t cap, n;
} seen_set;

static uint64_t hash_str(const char *s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Returns 1 if id was already there, 0 if added, -1 when out of memory. */
static int seen_add(seen_set *set, const char *id) {
    if (set->n * 2 >= set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        char **slots = calloc(cap, sizeof *slots);
        if (slots == NULL) return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (set->slots[i] == NULL) continue;
            size_t j = hash_str(set->slots[i]) & (cap - 1);
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    size_t j = hash_str(id) & (set->cap - 1);
    while (set->slots[j]) {
        if (strcmp(set->slots[j], id) == 0) return 1;
        j = (j + 1) & (set->cap - 1);
    }
    set->slots[j] = strdup(id);
    if (set->slots[j] == NULL) return -1;
    set->n++;
    return 0;
}

static void seen_free(seen_set *set) {
    for (size_t i = 0; i < set->cap; i++) free(set->slots[i]);
    free(set->slots);
}

typedef struct loader {
    parley_store *store;
    /* Lines are parsed into cur. A document's events span other (its first
     * event, parsed before we knew the previous document had ended) and cur;
     * after a document is stored, other holds only stored data and is
     * recycled as the next cur. */
    parley_arena *cur, *other;
    parley_event *events;
    size_t n, cap;
    char *doc_id;            /* of the pending events (malloc) */
    seen_set seen;
    long batch, in_batch;
    long long docs, events_loaded, skipped;
    long long committed_docs, committed_events; /* as of the last commit */
} loader;

static int flush_doc(loader *l, parley_error *err) {
    if (l->doc_id == NULL) return 0;
    /* l->doc_id stays owned by l (freed below or at the end of cmd_load); the analyzer loses it
     * when seen_add stores into the set's slots. */
    int again = seen_add(&l->seen, l->doc_id); // NOLINT(clang-analyzer-unix.Malloc)
    if (again < 0) {
        parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        return -1;
    }
    if (l->in_batch == 0 && parley_store_begin(l->store, err) != PARLEY_OK) return -1;
    parley_store_doc doc = {l->doc_id, NULL, NULL, NULL, NULL};
    parley_status st = again ? parley_store_put_append(l->store, &doc, l->events, l->n, err)
                             : parley_store_put(l->store, &doc, l->events, l->n, err);
    if (st != PARLEY_OK) return -1;
    l->docs++;
    l->events_loaded += (long long)l->n;
    if (++l->in_batch >= l->batch) {
        l->in_batch = 0;
        if (parley_store_commit(l->store, err) != PARLEY_OK) return -1;
        l->committed_docs = l->docs;
        l->committed_events = l->events_loaded;
    }
    free(l->doc_id);
    l->doc_id = NULL;
    l->n = 0;
    return 0;
}

/* ev was just parsed into l->cur. */
static int add_event(loader *l, const parley_event *ev, parley_error *err) {
    if (l->doc_id && strcmp(l->doc_id, ev->doc_id) != 0) {
        if (flush_doc(l, err) != 0) return -1;
        parley_arena_reset(l->other);
        parley_arena *t = l->cur;
        l->cur = l->other;
        l->other = t;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        parley_event *p = realloc(l->events, cap * sizeof *p);
        if (p == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory"), -1;
        l->events = p;
        l->cap = cap;
    }
    l->events[l->n++] = *ev;
    if (l->doc_id == NULL && (l->doc_id = strdup(ev->doc_id)) == NULL)
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory"), -1;
    return 0;
}

static int blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* Returns 0, or -1 on a fatal error (reported). */
static int load_file(loader *l, const char *path) {
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, "parley load: %s: %s\n", path, strerror(errno));
        return -1;
    }
    const char *label = in == stdin ? "-" : path;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    parley_error err;
    while ((len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (blank(line, (size_t)len)) continue;
        parley_event ev;
        parley_status st = parley_event_read_json(&ev, line, (size_t)len, l->cur, label, lineno, &err);
        if (st == PARLEY_ERR_FORMAT) {
            store_cli_error("load", &err);
            l->skipped++;
            continue;
        }
        if (st != PARLEY_OK || add_event(l, &ev, &err) != 0) {
            store_cli_error("load", &err);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(in)) {
        fprintf(stderr, "parley load: %s: read error: %s\n", label, strerror(errno));
        rc = -1;
    }
    free(line);
    if (in != stdin) fclose(in);
    return rc;
}

int cmd_load(int argc, char **argv) {
    const char *db = NULL;
    long batch = 0; /* 0: the default, which depends on bulk */
    int quiet = 0, bad = 0, nfiles = 0, bulk = -1; /* -1: when the store is empty */
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (files == NULL) {
        fprintf(stderr, "parley load: out of memory\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            load_usage(stdout);
            free(files);
            return 0;
        } else if ((v = store_cli_value("--db", argc, argv, &i, &bad)) != NULL) {
            db = v;
        } else if (!bad && (v = store_cli_value("--batch", argc, argv, &i, &bad)) != NULL) {
            batch = store_cli_count("--batch", v);
            if (batch <= 0) bad = 1;
        } else if (!bad && strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
        } else if (!bad && strcmp(argv[i], "--bulk") == 0) {
            bulk = 1;
        } else if (!bad && strcmp(argv[i], "--no-bulk") == 0) {
            bulk = 0;
        } else if (!bad && argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "parley load: unknown option '%s'\n", argv[i]);
            bad = 1;
        } else if (!bad) {
            files[nfiles++] = argv[i];
        }
        if (bad) break;
    }
    if (!bad && db == NULL) {
        fprintf(stderr, "parley load: --db FILE is required\n");
        bad = 1;
    }
    if (bad) {
        load_usage(stderr);
        free(files);
        return 1;
    }
    if (nfiles == 0) files[nfiles++] = "-";
    loader l;
    memset(&l, 0, sizeof l);
    l.batch = batch;
    parley_error err;
    parley_error_clear(&err);
    if (parley_store_open(&l.store, db, PARLEY_STORE_CREATE, &err) != PARLEY_OK) {
        store_cli_error("load", &err);
        free(files);
        return 1;
    }
    /* even with --quiet: the file changed in a way older parleys cannot read */
    if (parley_store_migrated_from(l.store) > 0)
        fprintf(stderr, "parley load: migrated %s from store schema version %d to %d\n", db,
                parley_store_migrated_from(l.store), parley_store_schema_version(l.store));
    l.cur = parley_arena_new(0);
    l.other = parley_arena_new(0);
    int rc = l.cur && l.other ? 0 : -1;
    if (rc != 0) fprintf(stderr, "parley load: out of memory\n");
    if (rc == 0 && bulk < 0) {
        long long d, m, e;
        if (parley_store_totals(l.store, &d, &m, &e, &err) != PARLEY_OK) {
            store_cli_error("load", &err);
            rc = -1;
        }
        bulk = rc == 0 && e == 0;
    }
    /* A bulk load inserts events all over a table clustered by their key
       (docs/store.md): each commit writes every page it touched, so fewer,
       larger commits write each page fewer times (200k events: 12.0 s of
       CPU at 2,000 documents, 9.5 s at 20,000). A kill loses the open batch
       either way, and the rerun restores it. */
    if (batch == 0) l.batch = bulk == 1 ? 20000 : 2000;
    if (rc == 0 && bulk && parley_store_bulk_begin(l.store, &err) != PARLEY_OK) {
        store_cli_error("load", &err);
        rc = -1;
    }
    for (int f = 0; rc == 0 && f < nfiles; f++) rc = load_file(&l, files[f]);
    if (rc == 0 && flush_doc(&l, &err) != 0) {
        store_cli_error("load", &err);
        rc = -1;
    }
    /* commit the last batch only when everything before it succeeded */
    parley_status cst = rc == 0 ? parley_store_commit(l.store, &err) : parley_store_rollback(l.store, NULL);
    if (rc == 0 && cst != PARLEY_OK) {
        store_cli_error("load", &err);
        rc = -1;
    }
    if (rc == 0) {
        l.committed_docs = l.docs;
        l.committed_events = l.events_loaded;
    }
    /* rebuild the indexes even after an error: what was committed stays */
    if (bulk == 1 && parley_store_bulk_end(l.store, &err) != PARLEY_OK) {
        store_cli_error("load", &err);
        rc = -1;
    }
    if (parley_store_close(l.store, &err) != PARLEY_OK && rc == 0) {
        store_cli_error("load", &err);
        rc = -1;
    }
    if (!quiet)
        fprintf(stderr, "parley load: %lld events in %lld document puts stored%s; %lld lines skipped\n",
                l.committed_events, l.committed_docs, rc == 0 ? "" : " before the error (a rerun completes the load)",
                l.skipped);
    parley_arena_free(l.cur);
    parley_arena_free(l.other);
    free(l.events);
    free(l.doc_id);
    seen_free(&l.seen);
    free(files);
    if (rc != 0) return 1;
    return l.skipped ? 2 : 0;
}
