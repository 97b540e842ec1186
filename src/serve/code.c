/* code.c - POST /api/code: run the whole pipeline on one posted document and
 * answer its events, storing nothing.
 *
 * The body is bounded by the server's max_body (http.c refuses larger ones
 * with 413). The time limit is enforced by running the pipeline on a
 * helper thread and waiting for it at most timeout_s seconds: past that the
 * client gets a 503 at once, while the run finishes in the background and
 * frees its document (C code cannot be interrupted safely mid-parse). The
 * job is shared by the request and the run; whoever finishes last frees it.
 * Shutdown waits until no run is left before the pipeline is freed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/doc.h"
#include "parley/event_io.h"
#include "parley/io.h"
#include "parley/pipeline.h"
#include "serve/serve_internal.h"

void serve_coder_init(serve_coder *c, const char *data_dir, size_t workers) {
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->changed, NULL);
    parley_pipeline_options opts;
    parley_pipeline_options_default(&opts);
    opts.data_dir = data_dir;
    parley_error err;
    parley_error_clear(&err);
    if (parley_pipeline_open(&c->pipeline, &opts, &err) != PARLEY_OK) {
        c->pipeline = NULL;
        snprintf(c->why, sizeof c->why, "the coder could not be loaded: %.200s%s%.260s", err.file, err.file[0] ? ": " : "",
                 err.message);
        return;
    }
    c->workers = calloc(workers, sizeof *c->workers); // NOLINT(bugprone-sizeof-expression)
    for (size_t i = 0; c->workers && i < workers; i++) {
        c->workers[i] = parley_pipeline_worker_new(c->pipeline);
        if (c->workers[i] == NULL) break;
        c->n++;
    }
    c->n_free = c->n;
    if (c->n == 0) {
        parley_pipeline_free(c->pipeline);
        c->pipeline = NULL;
        snprintf(c->why, sizeof c->why, "out of memory for the coder's workers");
    }
}

void serve_coder_free(serve_coder *c) {
    pthread_mutex_lock(&c->lock);
    while (c->running > 0) pthread_cond_wait(&c->changed, &c->lock);
    pthread_mutex_unlock(&c->lock);
    for (size_t i = 0; i < c->n_free; i++) parley_pipeline_worker_free(c->workers[i]);
    free(c->workers);
    parley_pipeline_free(c->pipeline);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->changed);
    memset(c, 0, sizeof *c);
}

typedef struct code_job {
    serve_coder *coder;
    parley_pipeline_worker *worker;
    parley_doc *doc;
    parley_error err;
    parley_status status;
    int done;
    int owners;  /* the request and the run */
} code_job;

/* Drops one owner; called with coder->lock held. */
static void job_release(code_job *job) {
    if (--job->owners > 0) return;
    parley_doc_free(job->doc);
    free(job);
}

static void *code_run(void *arg) {
    code_job *job = arg;
    serve_coder *c = job->coder;
    parley_status st = parley_pipeline_run(c->pipeline, job->worker, job->doc, &job->err);
    pthread_mutex_lock(&c->lock);
    job->status = st;
    job->done = 1;
    c->workers[c->n_free++] = job->worker;
    c->running--;
    job_release(job);
    pthread_cond_broadcast(&c->changed);
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

static int media_is_json(const char *ct) {
    if (ct == NULL) return 0;
    size_t n = strlen("application/json");
    return strncmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

void serve_api_code(parley_server *s, const serve_params *p, const char *content_type, const char *body,
                    size_t n, serve_response *r) {
    char why[300];
    if (serve_no_params(p, why, sizeof why) != 0) {
        serve_error(r, 400, "%s", why);
        return;
    }
    if (!media_is_json(content_type)) {
        serve_error(r, 415, "/api/code expects Content-Type: application/json");
        return;
    }
    serve_coder *c = &s->coder;
    code_job *job = calloc(1, sizeof *job);
    if (job == NULL || (job->doc = parley_doc_new()) == NULL) {
        free(job);
        serve_error(r, 503, "out of memory");
        return;
    }
    job->coder = c;
    parley_error_clear(&job->err);
    parley_status st = parley_doc_from_json(job->doc, body, n, "request", 1, &job->err);
    if (st != PARLEY_OK) {
        serve_error(r, 400, "document: %s", job->err.message);
        parley_doc_free(job->doc);
        free(job);
        return;
    }
    if (c->pipeline == NULL) {
        serve_error(r, 503, "%s", c->why);
        parley_doc_free(job->doc);
        free(job);
        return;
    }

    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += s->timeout_s;
    pthread_mutex_lock(&c->lock);
    /* As many workers as server threads: a request waits only while runs
     * past their time limit still hold workers. */
    int timed_out = 0;
    while (c->n_free == 0 && !timed_out)
        timed_out = pthread_cond_timedwait(&c->changed, &c->lock, &deadline) == ETIMEDOUT;
    if (timed_out) {
        pthread_mutex_unlock(&c->lock);
        parley_doc_free(job->doc);
        free(job);
        serve_error(r, 503, "the coder is busy; try again later");
        return;
    }
    job->worker = c->workers[--c->n_free];
    job->owners = 2;
    c->running++;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, code_run, job) != 0) {
        c->workers[c->n_free++] = job->worker;
        c->running--;
        pthread_mutex_unlock(&c->lock);
        pthread_attr_destroy(&attr);
        parley_doc_free(job->doc);
        free(job);
        serve_error(r, 503, "cannot start the coder");
        return;
    }
    pthread_attr_destroy(&attr);
    while (!job->done && !timed_out)
        timed_out = pthread_cond_timedwait(&c->changed, &c->lock, &deadline) == ETIMEDOUT;
    if (!job->done) {
        job_release(job);
        pthread_mutex_unlock(&c->lock);
        serve_error(r, 503, "coding took longer than the time limit of %u s", s->timeout_s);
        return;
    }
    pthread_mutex_unlock(&c->lock);

    /* The run is over: the job is ours alone now. */
    if (job->status != PARLEY_OK) {
        serve_error(r, job->status == PARLEY_ERR_NOMEM ? 503 : 500, "coding failed: %s", job->err.message);
    } else {
        parley_doc *doc = job->doc;
        parley_buf *b = &r->body;
        parley_buf_clear(b);
        int bad = parley_buf_puts(b, "{\"doc_id\": \"") != 0 || parley_buf_json_escape(b, doc->id, strlen(doc->id)) != 0 ||
                  parley_buf_puts(b, "\", \"events\": [") != 0;
        for (size_t i = 0; !bad && i < doc->n_events; i++)
            bad = (i > 0 && parley_buf_puts(b, ",") != 0) || parley_event_write_json(&doc->events[i], b) != PARLEY_OK;
        if (bad || parley_buf_printf(b, "], \"count\": %zu}\n", doc->n_events) != 0) serve_error(r, 503, "out of memory");
        else r->status = 200;
    }
    pthread_mutex_lock(&c->lock);
    job_release(job);
    pthread_mutex_unlock(&c->lock);
}
