/* parley/nlp.h - tagging, lemmatising, morphological features and dependency
 * parsing of segmented documents, plus the CoNLL-U reader and the trainer.
 *
 * A parley_nlp holds the loaded models (tagger.bin, lemma.bin, parser.bin in
 * a model folder); it is read-only after loading and may be shared by any
 * number of threads, each with its own parley_nlp_workspace. The CoNLL-U
 * reader fills the same parley_doc structs the pipeline uses, so gold and
 * predicted annotation are compared field by field. */
#ifndef PARLEY_NLP_H
#define PARLEY_NLP_H

#include <stddef.h>
#include <stdio.h>

#include "parley/doc.h"
#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_nlp parley_nlp;                     /* loaded models: read-only, shared */
typedef struct parley_nlp_workspace parley_nlp_workspace; /* per-thread scratch */

/* Loads tagger.bin, lemma.bin and parser.bin from model_dir, and nn.bin, the
 * neural tagger and graph parser, when it is there (docs/nlp.md). A missing,
 * truncated, corrupted or foreign file gives PARLEY_ERR_MODEL (or
 * PARLEY_ERR_VERSION for a newer format) with the file named in err. */
parley_status parley_nlp_load(parley_nlp **nlp, const char *model_dir, parley_error *err);

/* PARLEY_NLP_FAST: nn_fast.bin, a smaller network, instead of nn.bin: about
 * twice as fast, 1.5 points of LAS less accurate (docs/nlp.md); without
 * nn_fast.bin, as PARLEY_NLP_PERCEPTRON.
 * PARLEY_NLP_PERCEPTRON: no network; the perceptron tagger and the
 * transition parser do all the work (a little faster than PARLEY_NLP_FAST,
 * 3 points of LAS below it). */
#define PARLEY_NLP_FAST 1u
#define PARLEY_NLP_PERCEPTRON 2u
parley_status parley_nlp_load_with(parley_nlp **nlp, const char *model_dir, unsigned flags,
                                   parley_error *err);
void parley_nlp_free(parley_nlp *nlp);

/* Returns scratch space for one thread, or NULL when out of memory. */
parley_nlp_workspace *parley_nlp_workspace_new(const parley_nlp *nlp);
void parley_nlp_workspace_free(parley_nlp_workspace *ws);

/* Tags, lemmatises and parses every sentence of a segmented document: fills
 * upos, xpos, feats, lemma, head, deprel of every token. */
parley_status parley_nlp_annotate(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                  parley_doc *doc, parley_error *err);

/* Only the tagger, lemmatiser and feature table (head and deprel untouched). */
parley_status parley_nlp_tag(const parley_nlp *nlp, parley_nlp_workspace *ws, parley_doc *doc,
                             parley_error *err);

/* Parses sentence `sentence` of an annotated document again with its token
 * `root` (0-based in the sentence) retagged (xpos, upos; lemma and features
 * follow) and forced to be the root: for a second look at a sentence whose
 * first parse hid its main verb ("Protesters clashed with police" read as
 * "protesters (who were) clashed"). Other tokens keep their tags. */
parley_status parley_nlp_reparse_rooted(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                        parley_doc *doc, size_t sentence, int root, int xpos,
                                        int upos, parley_error *err);

/* ---- CoNLL-U ----------------------------------------------------------- */

typedef struct parley_conllu_reader parley_conllu_reader;

/* Reads CoNLL-U from fp (not closed by the reader); name is used in errors. */
parley_conllu_reader *parley_conllu_reader_new(FILE *fp, const char *name);
void parley_conllu_reader_free(parley_conllu_reader *r);
/* read_gold 0: columns 3-9 (LEMMA to DEPS) are not read, so they may hold
 * anything; tokens get no lemma, NONE tags and features, head -1. For a
 * reader that only wants the sentences and tokens (`parley parse --input
 * conllu`). The default is 1. */
void parley_conllu_reader_set_gold(parley_conllu_reader *r, int read_gold);

/* Resets doc and reads the next document into it: every sentence up to the
 * next "# newdoc" comment (or max_sentences sentences when that is not 0).
 * Word lines become tokens with their gold columns (an absent "_" column
 * leaves NONE / NULL / -1); a multiword-token range line sets mwt on its
 * first word and gives its words the surface span; empty nodes (ID "8.1")
 * are not tokens. doc->text is rebuilt from the surface tokens and
 * SpaceAfter=No; doc->id is the newdoc id when there is one. Returns
 * PARLEY_OK, PARLEY_EOF when nothing is left, or PARLEY_ERR_FORMAT with the
 * line number. */
parley_status parley_conllu_read_doc(parley_conllu_reader *r, parley_doc *doc,
                                     size_t max_sentences, parley_error *err);

/* The raw lines (comments, range lines, empty nodes, words, blank lines) of
 * the document the last parley_conllu_read_doc returned, so a writer can
 * reproduce the file with new columns. Valid until the next read. */
const char *parley_conllu_reader_raw(const parley_conllu_reader *r, size_t *len);

/* ---- evaluation -------------------------------------------------------- */

typedef struct parley_nlp_scores {
    size_t words, upos, xpos, lemma, feats, uas, las; /* feats: the PARLEY_FEAT_* subset */
    size_t sentences;
} parley_nlp_scores;

/* Annotates doc (gold tokenisation, gold columns present) and adds the
 * counts of correct predictions, punctuation included as in CoNLL 2018.
 * The doc keeps the predictions afterwards. */
parley_status parley_nlp_evaluate(const parley_nlp *nlp, parley_nlp_workspace *ws,
                                  parley_doc *doc, parley_nlp_scores *scores, parley_error *err);

/* ---- training ---------------------------------------------------------- */

typedef struct parley_nlp_train_options {
    const char *train_path;    /* CoNLL-U */
    const char *dev_path;      /* CoNLL-U, or NULL: evaluated after each epoch */
    const char *out_dir;       /* receives tagger.bin, lemma.bin, parser.bin */
    unsigned long seed;
    int tagger_epochs;         /* 0 = default */
    int parser_epochs;         /* 0 = default */
    int jackknife_folds;       /* parser trained on tags predicted by this many folds; 0 = default */
    int parser_min_updates;    /* parser features updated fewer times are pruned; 0 = keep all */
    int nn_epochs;             /* epochs of the neural tagger and parser (nn.bin); 0 = none */
    int nn_threads;            /* threads training it (the result does not depend on them) */
    const char *nn_spec;       /* "key=value,..." overriding its sizes (docs/nlp.md); may be NULL */
    int nn_only;               /* train the taggers and nn.bin, not lemma.bin nor parser.bin */
    const char *nn_file;       /* the network's file name in out_dir; NULL = "nn.bin" */
    /* called after each epoch with a one-line summary; may be NULL */
    void (*progress)(void *ctx, const char *line);
    void *progress_ctx;
} parley_nlp_train_options;

parley_status parley_nlp_train(const parley_nlp_train_options *opt, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
