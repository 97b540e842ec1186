/* parley/pipeline.h - the whole pipeline behind one handle.
 *
 * A pipeline owns what is loaded once and shared read-only: the tagger and
 * parser models and the dictionaries. A worker owns what one thread needs
 * to process documents. parley_pipeline_run takes a document as the reader
 * produced it and leaves it segmented, annotated, coded and resolved, with
 * its events in doc->events.
 *
 *   parley_pipeline *p;  parley_pipeline_open(&p, &opts, &err);
 *   parley_pipeline_worker *w = parley_pipeline_worker_new(p);
 *   while (parley_reader_next(r, doc, &err) == PARLEY_OK) parley_pipeline_run(p, w, doc, &err);
 */
#ifndef PARLEY_PIPELINE_H
#define PARLEY_PIPELINE_H

#include <stddef.h>

#include "parley/code.h"
#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/nlp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_pipeline parley_pipeline;
typedef struct parley_pipeline_worker parley_pipeline_worker;

typedef enum parley_stage {
    PARLEY_STAGE_SEGMENT = 1,  /* sentences and tokens only */
    PARLEY_STAGE_PARSE = 2,    /* + tags, lemmas, trees */
    PARLEY_STAGE_CODE = 3,     /* + events */
    PARLEY_STAGE_RESOLVE = 4   /* + dates, places, quantities, who-is-who, merging in the document */
} parley_stage;

typedef struct parley_pipeline_options {
    parley_stage stage;              /* how far to go; 0 = PARLEY_STAGE_RESOLVE */
    const char *data_dir;            /* NULL: $PARLEY_DATA, else the build's data folder */
    const char *dict_dir;            /* NULL: <data_dir>/dict */
    const char *model_dir;           /* NULL: <data_dir>/models */
    /* The field's dictionaries; each one given replaces parley's own of that kind. */
    const char *tabari_verbs;
    const char *const *tabari_actors;
    size_t n_tabari_actors;
    const char *tabari_agents;
    const char *tabari_discards;
    int strict_dict;                 /* a malformed dictionary line is fatal */
    parley_coder_options coder;
    /* 1: code every sentence from its first parse only, without the second
     * look at sentences that gave no event (docs/coder.md); for comparisons. */
    int first_parse_only;
    /* parley_nlp_load_with's flags: PARLEY_NLP_FAST (the smaller network,
     * nn_fast.bin), PARLEY_NLP_PERCEPTRON (no network); 0: nn.bin. */
    unsigned nlp_flags;
    /* Receives each malformed dictionary line that was skipped; may be NULL. */
    void (*on_warning)(void *userdata, const parley_error *err);
    void *userdata;
} parley_pipeline_options;

/* Fills opts with defaults. */
void parley_pipeline_options_default(parley_pipeline_options *opts);

/* The data folder: override if not NULL, else $PARLEY_DATA, else the build's. */
const char *parley_data_dir(const char *override);

parley_status parley_pipeline_open(parley_pipeline **p, const parley_pipeline_options *opts,
                                   parley_error *err);
void parley_pipeline_free(parley_pipeline *p);

/* The loaded dictionary (NULL below PARLEY_STAGE_CODE). */
const parley_dict *parley_pipeline_dict(const parley_pipeline *p);

/* Returns a worker, or NULL when out of memory. One per thread. */
parley_pipeline_worker *parley_pipeline_worker_new(const parley_pipeline *p);
void parley_pipeline_worker_free(parley_pipeline_worker *w);

/* Runs every stage up to the pipeline's on doc. */
parley_status parley_pipeline_run(const parley_pipeline *p, parley_pipeline_worker *w, parley_doc *doc,
                                  parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
