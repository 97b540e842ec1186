/* nn_train.h - training the network of nn.h (nn_train.c, nn_fit.c).
 * Not installed; not a public contract. */
#ifndef PARLEY_NLP_NN_TRAIN_H
#define PARLEY_NLP_NN_TRAIN_H

#include "nlp/nn.h"

/* One training sentence of n words: inputs without ROOT, gold annotation. */
typedef struct nn_example {
    int n;
    const nn_input *in;          /* n */
    const uint32_t *count;       /* n: training count of each word (word dropout), or NULL */
    const int *gold_tag;         /* n: tag class */
    const int *gold_head;        /* n: 0..n */
    const int *gold_label;       /* n */
} nn_example;

typedef struct nn_stats {
    size_t words, tag_right, head_right, label_right;
} nn_stats;

typedef struct nn_twork nn_twork;
nn_twork *nn_twork_new(void);
void nn_twork_free(nn_twork *w);

/* Forward and backward over one sentence: adds the dense gradient (offsets
 * relative to l.dense, scaled by scale) into g, writes dX ((n+1) x d_in)
 * and the inputs used after word dropout ((n+1) entries, ROOT first) when
 * `used` is not NULL. PT: nn_transpose_params of m. drop = 0 turns dropout off. Returns the loss, or -1
 * on no memory. */
double nn_sentence_grad(const nn_model *m, const float *PT, nn_twork *w, const nn_example *ex,
                        float scale, float drop, uint64_t seed, float *g, float *dX,
                        nn_input *used, nn_stats *st);
/* PT (l.total floats) receives every weight matrix of m transposed, at the
 * same offsets: the backward pass multiplies by them. */
void nn_transpose_params(const nn_model *m, float *PT);
void nn_scatter_embed(const nn_model *m, const nn_input *in, int N, const float *dX, float *g_emb,
                      unsigned char *touched);

typedef struct nn_train_options {
    nn_dims dims;              /* n_words, n_tags_* filled by the trainer */
    int epochs;
    int batch_words;
    float lr, drop;
    long decay_steps;          /* the rate falls by 0.75 every this many updates */
    long max_seconds;          /* stop after the epoch that passes this (0: no limit) */
    int threads;
    unsigned long seed;
    void (*say)(void *ctx, const char *line);
    void *say_ctx;
} nn_train_options;

/* Writes nn.bin: m's dimensions and vocabulary, the parameters given. */
parley_status nn_save(const nn_model *m, const float *params, const uint8_t *upos,
                      const uint8_t *xpos, const char *path, parley_error *err);

/* A sentence of a corpus handed to the trainer. */
typedef struct nn_sentence {
    int n;
    const nlp_word *w;     /* n word hashes */
    const int *tag_in;     /* n: the perceptron tagger's class */
    const int *gold_tag;   /* n: gold class */
    const int *gold_head;  /* n */
    const int *gold_label; /* n */
} nn_sentence;

/* Trains on train[0..n_train-1], keeps the epoch best on dev (LAS), writes
 * nn.bin to path. upos/xpos map tag classes (n_tags of them) to tags. */
parley_status nn_fit(const nn_sentence *train, size_t n_train, const nn_sentence *dev,
                     size_t n_dev, int n_tags, const uint8_t *upos, const uint8_t *xpos,
                     const nn_train_options *o, const char *path, parley_error *err);

#endif
