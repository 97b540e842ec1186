/* input.c - reading documents, running a pipeline over them, writing in order
 * (see input.h for the contract).
 *
 * With one job everything happens on the calling thread. With N jobs the
 * calling thread reads, N workers process and one writer thread prints.
 * They share a ring of 4*N slots; slot k holds document k until its output
 * is written, so a slow writer throttles the reader instead of letting
 * documents pile up. One mutex guards the slot states; three condition
 * variables wake workers (a slot was filled), the writer (a slot was
 * processed) and the reader (a slot was freed). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cli/input.h"

void cli_input_defaults(cli_input_options *o) {
    memset(o, 0, sizeof *o);
    o->format = PARLEY_FORMAT_AUTO;
    o->jobs = 1;
}

static int parse_size(const char *s, size_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v == 0) return -1;
    *out = (size_t)v;
    return 0;
}

int cli_input_parse_option(cli_input_options *o, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    const char *v = NULL;
    int has_value = strcmp(a, "--max-line") == 0 || strcmp(a, "--date") == 0 || strcmp(a, "--input-format") == 0 ||
                    strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0;
    if (strcmp(a, "--strict") == 0) {
        o->strict = 1;
        return 1;
    }
    if (!has_value) {
        if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9') {
            v = a + 2;  /* -j4 */
            a = "-j";
        } else {
            return 0;
        }
    }
    if (v == NULL) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "parley: option %s needs a value\n", a);
            return -1;
        }
        v = argv[++*i];
    }
    if (strcmp(a, "--max-line") == 0) {
        if (parse_size(v, &o->max_line) != 0) {
            fprintf(stderr, "parley: --max-line wants a positive number of bytes, not '%s'\n", v);
            return -1;
        }
    } else if (strcmp(a, "--date") == 0) {
        if (!parley_date_parse(v, strlen(v), NULL) || strlen(v) != 10) {
            fprintf(stderr, "parley: --date wants a real date as YYYY-MM-DD, not '%s'\n", v);
            return -1;
        }
        o->date = v;
    } else if (strcmp(a, "--input-format") == 0) {
        if (strcmp(v, "auto") == 0) o->format = PARLEY_FORMAT_AUTO;
        else if (strcmp(v, "jsonl") == 0) o->format = PARLEY_FORMAT_JSONL;
        else if (strcmp(v, "text") == 0) o->format = PARLEY_FORMAT_TEXT;
        else {
            fprintf(stderr, "parley: --input-format wants auto, jsonl or text, not '%s'\n", v);
            return -1;
        }
    } else {
        size_t n;
        if (parse_size(v, &n) != 0 || n > 256) {
            fprintf(stderr, "parley: -j wants a number of threads from 1 to 256, not '%s'\n", v);
            return -1;
        }
        o->jobs = (int)n;
    }
    return 1;
}

void cli_input_usage(FILE *out) {
    fprintf(out,
            "input options:\n"
            "  --input-format F   auto (default: .jsonl/.json/.ndjson or a leading '{' = JSON Lines),\n"
            "                     jsonl, or text (a whole file is one document)\n"
            "  --date YYYY-MM-DD  date of documents that have none (plain text, JSON without \"date\"); a\n"
            "                     text file named YYYY-MM-DD... is otherwise dated by its name\n"
            "  --max-line BYTES   skip records longer than this (default 16 MiB)\n"
            "  --strict           stop at the first bad record (exit status 2)\n"
            "  -j N               process with N threads; output stays in input order (default 1)\n"
            "FILE '-' or no FILE reads standard input. Each skipped record is reported on stderr as\n"
            "'parley: FILE:LINE: reason'; the exit status is 2 when anything was skipped.\n");
}

static void report(const parley_error *err) {
    if (err->line > 0) fprintf(stderr, "parley: %s:%ld: %s\n", err->file, err->line, err->message);
    else if (err->file[0]) fprintf(stderr, "parley: %s: %s\n", err->file, err->message);
    else fprintf(stderr, "parley: %s\n", err->message);
}

/* ---- state shared by the reader, the workers and the writer ---- */

enum { SLOT_FREE, SLOT_FILLED, SLOT_WORKING, SLOT_DONE };

typedef struct slot {
    int state;
    parley_doc *doc;
    parley_buf out;
    parley_status status;
    parley_error err;
} slot;

typedef struct run_ctx {
    const cli_input_options *o;
    const cli_pipeline *p;
    FILE *out;
    /* The reader alone changes read and skipped_reading; the writer (or the serial loop) alone
       changes processed and skipped_writing; stop and fatal are set by either. */
    size_t read, skipped_reading, processed, skipped_writing;
    atomic_int fatal;  /* status 1 */
    atomic_int stop;   /* no more reading (strict or fatal) */
    int halt;          /* writer side: --strict met a skipped document; write nothing more */
    /* threaded mode */
    slot *slots;
    size_t nslots;
    size_t filled;   /* documents handed to the ring */
    size_t next_work, next_write;
    int eof;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv, free_cv;
} run_ctx;

/* Writes one processed document's result (output or skip). Called in input order. */
static void emit_result(run_ctx *c, slot *s) {
    if (c->halt) return;
    if (s->status == PARLEY_OK) {
        if (s->out.len && fwrite(s->out.data, 1, s->out.len, c->out) != s->out.len) {
            if (!c->fatal) fprintf(stderr, "parley: cannot write output: %s\n", strerror(errno));
            c->fatal = 1;
            c->stop = 1;
            return;
        }
        c->processed++;
    } else if (s->status == PARLEY_SKIP) {
        report(&s->err);
        c->skipped_writing++;
        if (c->o->strict) {
            c->halt = 1;
            c->stop = 1;
        }
    } else {
        report(&s->err);
        c->fatal = 1;
        c->stop = 1;
    }
}

static void process_slot(run_ctx *c, void *state, slot *s) {
    parley_buf_clear(&s->out);
    parley_error_clear(&s->err);
    s->status = c->p->process(state, s->doc, &s->out, &s->err);
    if (s->status != PARLEY_OK && s->status != PARLEY_SKIP && s->err.message[0] == '\0')
        parley_error_set(&s->err, s->status, s->doc->origin_file, s->doc->origin_line, "%s",
                         parley_status_name(s->status));
}

/* Reads the next document of r into doc; handles reader skips. Returns 1 for a document, 0 when
   this input is finished (or the run must stop). */
static int read_next(run_ctx *c, parley_reader *r, parley_doc *doc) {
    for (;;) {
        if (c->stop) return 0;
        parley_error err;
        parley_error_clear(&err);
        parley_status st = parley_reader_next(r, doc, &err);
        if (st == PARLEY_OK) {
            c->read++;
            return 1;
        }
        if (st == PARLEY_EOF) return 0;
        report(&err);
        if (st == PARLEY_SKIP) {
            c->read++;
            c->skipped_reading++;
            if (c->o->strict) c->stop = 1;
            continue;
        }
        c->fatal = 1;
        c->stop = 1;
        return 0;
    }
}

static void *worker_main(void *arg);
static void *writer_main(void *arg);

typedef struct worker_arg {
    run_ctx *c;
    void *state;
} worker_arg;

static void *worker_main(void *arg) {
    worker_arg *w = arg;
    run_ctx *c = w->c;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (c->next_work == c->filled && !c->eof) pthread_cond_wait(&c->work_cv, &c->mu);
        if (c->next_work == c->filled) break;
        slot *s = &c->slots[c->next_work % c->nslots];
        c->next_work++;
        s->state = SLOT_WORKING;
        pthread_mutex_unlock(&c->mu);
        process_slot(c, w->state, s);
        pthread_mutex_lock(&c->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&c->done_cv);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static void *writer_main(void *arg) {
    run_ctx *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        slot *s = &c->slots[c->next_write % c->nslots];
        while (!(c->next_write < c->filled && s->state == SLOT_DONE) && !(c->eof && c->next_write >= c->filled))
            pthread_cond_wait(&c->done_cv, &c->mu);
        if (c->next_write >= c->filled) break;
        pthread_mutex_unlock(&c->mu);
        emit_result(c, s);
        pthread_mutex_lock(&c->mu);
        s->state = SLOT_FREE;
        c->next_write++;
        pthread_cond_broadcast(&c->free_cv);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static parley_reader *open_input(run_ctx *c, const char *path) {
    parley_reader_options ro = {c->o->format, c->o->max_line, c->o->date};
    parley_reader *r = NULL;
    parley_error err;
    parley_error_clear(&err);
    parley_status st = parley_reader_open(&r, path, &ro, &err);
    if (st != PARLEY_OK) {
        report(&err);
        if (st == PARLEY_ERR_IO) {
            c->skipped_reading++;  /* an unreadable file is skipped input; the others still run */
            if (c->o->strict) c->stop = 1;
        } else {
            c->fatal = 1;
            c->stop = 1;
        }
        return NULL;
    }
    return r;
}

static int run_serial(run_ctx *c, int nfiles, char **files, const char *const *names) {
    void *state = NULL;
    if (c->p->worker_init && (state = c->p->worker_init(c->p->shared)) == NULL) {
        fprintf(stderr, "parley: cannot set up the pipeline\n");
        return -1;
    }
    slot s;
    memset(&s, 0, sizeof s);
    s.doc = parley_doc_new();
    if (s.doc == NULL) {
        fprintf(stderr, "parley: out of memory\n");
        if (c->p->worker_free) c->p->worker_free(state);
        return -1;
    }
    for (int f = 0; f < (nfiles ? nfiles : 1) && !c->stop; f++) {
        parley_reader *r = open_input(c, nfiles ? files[f] : names[0]);
        if (r == NULL) continue;
        while (read_next(c, r, s.doc)) {
            process_slot(c, state, &s);
            emit_result(c, &s);
        }
        parley_reader_close(r);
    }
    parley_doc_free(s.doc);
    parley_buf_free(&s.out);
    if (c->p->worker_free) c->p->worker_free(state);
    return 0;
}

static int run_threaded(run_ctx *c, int nfiles, char **files, const char *const *names) {
    int jobs = c->o->jobs;
    c->nslots = (size_t)jobs * 4;
    c->slots = calloc(c->nslots, sizeof *c->slots);
    worker_arg *wa = calloc((size_t)jobs, sizeof *wa);
    pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
    int ok = c->slots && wa && tid;
    for (size_t i = 0; ok && i < c->nslots; i++) ok = (c->slots[i].doc = parley_doc_new()) != NULL;
    int started = 0;
    for (int i = 0; ok && i < jobs; i++) {
        wa[i].c = c;
        if (c->p->worker_init && (wa[i].state = c->p->worker_init(c->p->shared)) == NULL) ok = 0;
    }
    if (!ok) fprintf(stderr, "parley: cannot set up %d workers\n", jobs);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->work_cv, NULL);
    pthread_cond_init(&c->done_cv, NULL);
    pthread_cond_init(&c->free_cv, NULL);
    pthread_t writer;
    int writer_started = 0;
    if (ok) {
        for (; started < jobs; started++)
            if (pthread_create(&tid[started], NULL, worker_main, &wa[started]) != 0) break;
        writer_started = pthread_create(&writer, NULL, writer_main, c) == 0;
        ok = started == jobs && writer_started;
        if (!ok) fprintf(stderr, "parley: cannot start threads\n");
    }
    for (int f = 0; ok && f < (nfiles ? nfiles : 1); f++) {
        if (c->stop) break;
        parley_reader *r = open_input(c, nfiles ? files[f] : names[0]);
        if (r == NULL) continue;
        for (;;) {
            slot *s = &c->slots[c->filled % c->nslots];
            pthread_mutex_lock(&c->mu);
            while (s->state != SLOT_FREE) pthread_cond_wait(&c->free_cv, &c->mu);
            pthread_mutex_unlock(&c->mu);
            /* the free slot is the reader's until it is marked filled */
            if (!read_next(c, r, s->doc)) break;
            pthread_mutex_lock(&c->mu);
            s->state = SLOT_FILLED;
            c->filled++;
            pthread_cond_signal(&c->work_cv);
            pthread_mutex_unlock(&c->mu);
        }
        parley_reader_close(r);
    }
    pthread_mutex_lock(&c->mu);
    c->eof = 1;
    pthread_cond_broadcast(&c->work_cv);
    pthread_cond_broadcast(&c->done_cv);
    pthread_mutex_unlock(&c->mu);
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    if (writer_started) pthread_join(writer, NULL);
    for (int i = 0; wa && i < jobs; i++)
        if (wa[i].state && c->p->worker_free) c->p->worker_free(wa[i].state);
    for (size_t i = 0; c->slots && i < c->nslots; i++) {
        parley_doc_free(c->slots[i].doc);
        parley_buf_free(&c->slots[i].out);
    }
    pthread_cond_destroy(&c->work_cv);
    pthread_cond_destroy(&c->done_cv);
    pthread_cond_destroy(&c->free_cv);
    pthread_mutex_destroy(&c->mu);
    free(c->slots);
    free(wa);
    free(tid);
    return ok ? 0 : -1;
}

int cli_input_run(const cli_input_options *o, int nfiles, char **files, const cli_pipeline *p, FILE *out,
                  cli_input_stats *stats) {
    static const char *const stdin_name[] = {"-"};
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.p = p;
    c.out = out;
    int rc = o->jobs > 1 ? run_threaded(&c, nfiles, files, stdin_name) : run_serial(&c, nfiles, files, stdin_name);
    if (fflush(out) != 0 && !c.fatal) {
        fprintf(stderr, "parley: cannot write output: %s\n", strerror(errno));
        c.fatal = 1;
    }
    cli_input_stats st = {c.read, c.processed, c.skipped_reading + c.skipped_writing};
    fprintf(stderr, "parley: %zu document%s read, %zu processed, %zu skipped\n", st.read, st.read == 1 ? "" : "s",
            st.processed, st.skipped);
    if (stats) *stats = st;
    if (rc != 0 || c.fatal) return 1;
    return st.skipped ? 2 : 0;
}
