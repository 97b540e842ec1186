/* input.h - the input driver shared by `parley segment`, `parse` and `code`.
 *
 * A subcommand describes what to do with one document (a cli_pipeline) and
 * hands the driver its files. The driver reads every document (JSON Lines,
 * plain text or stdin; see parley/io.h), prints one line per skipped record
 * on stderr as "parley: FILE:LINE: reason", runs the pipeline's process
 * callback on each good document, writes each document's output to stdout
 * in input order, and ends with a summary on stderr:
 *     parley: 42 documents read, 41 processed, 1 skipped
 *
 * With -j N the process callbacks run in N worker threads. Each worker gets
 * its own state from worker_init (a tagger's scratch space, a database
 * statement, ...); `shared` is read by all workers at once and must not be
 * changed while the driver runs. Documents travel through a fixed ring of
 * 4*N slots, so memory does not grow with the input: the reader waits when
 * the writer falls behind. process may be called for document k+1 before
 * document k's output is written; output order is still input order.
 *
 * Usage in a subcommand:
 *     cli_input_options in;
 *     cli_input_defaults(&in);
 *     for (int i = 1; i < argc; i++) {
 *         int r = cli_input_parse_option(&in, argc, argv, &i);
 *         if (r < 0) return 1;          // bad value, message printed
 *         if (r > 0) continue;          // a common option
 *         ... own options; anything else is a FILE ...
 *     }
 *     cli_pipeline p = {.shared = &cfg, .worker_init = ..., .worker_free = ..., .process = ...};
 *     return cli_input_run(&in, nfiles, files, &p, stdout, NULL);
 */
#ifndef PARLEY_CLI_INPUT_H
#define PARLEY_CLI_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/io.h"

typedef struct cli_input_options {
    int strict;                  /* --strict: stop at the first skipped record (exit 2) */
    size_t max_line;             /* --max-line BYTES (0 = the reader's default, 16 MiB) */
    const char *date;            /* --date YYYY-MM-DD for documents without one, or NULL */
    parley_input_format format;  /* --input-format auto|jsonl|text */
    int jobs;                    /* -j N worker threads (default 1: no threads) */
} cli_input_options;

typedef struct cli_pipeline {
    void *shared;  /* read-only while the driver runs; passed to worker_init */
    /* Returns a worker's private state, or NULL when it cannot (the run fails with status 1).
       May itself be NULL: the state is then NULL. */
    void *(*worker_init)(void *shared);
    void (*worker_free)(void *state);  /* may be NULL */
    /* Processes one document and appends its output to out (empty on entry). Returns PARLEY_OK;
       PARLEY_SKIP (with err filled) to count the document as skipped; < 0 to stop the run (status 1). */
    parley_status (*process)(void *state, parley_doc *doc, parley_buf *out, parley_error *err);
} cli_pipeline;

typedef struct cli_input_stats {
    size_t read;       /* records seen, good or bad */
    size_t processed;  /* documents processed and written */
    size_t skipped;    /* records rejected by the reader or by process, and unreadable files */
} cli_input_stats;

/* Fills o with the defaults (auto format, one job, not strict). */
void cli_input_defaults(cli_input_options *o);

/* If argv[*i] is a common input option, applies it (consuming its value, *i advances) and returns 1;
   returns 0 if it is not one; prints "parley: ..." and returns -1 when its value is bad. */
int cli_input_parse_option(cli_input_options *o, int argc, char **argv, int *i);

/* Prints the common options' help lines (for a subcommand's --help). */
void cli_input_usage(FILE *out);

/* Runs every file (nfiles == 0 or "-" means stdin) through p, writing to out. Returns the exit
   status: 0 all good, 2 something was skipped (or --strict stopped), 1 a fatal error (I/O, memory,
   process failure). stats may be NULL; the summary line is always printed on stderr. */
int cli_input_run(const cli_input_options *o, int nfiles, char **files, const cli_pipeline *p, FILE *out,
                  cli_input_stats *stats);

#endif
