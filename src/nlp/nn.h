/* nn.h - the neural tagger and graph-based parser of src/nlp (nn.bin).
 *
 * One network reads a sentence and gives both its tags and its tree:
 * embeddings of each word (lower-cased form, hashed prefixes and suffixes,
 * shape, the perceptron tagger's tag) feed a stack of bidirectional LSTMs;
 * a linear layer over their states picks each word's (UPOS, XPOS) class; a
 * biaffine scorer (Dozat & Manning 2017) gives every (dependent, head) pair
 * a score, the best projective tree under them is found by Eisner's
 * algorithm, and a third head labels its arcs. Everything is float32 and
 * written here: the forward pass in nn_model.c, training in nn_train.c.
 *
 * Not installed; not a public contract. */
#ifndef PARLEY_NLP_NN_H
#define PARLEY_NLP_NN_H

#include <stddef.h>
#include <stdint.h>

#include "nlp/nlp_internal.h"

#define NN_MAX_LAYERS 3
#define NN_GRAMS 7       /* hashed prefixes 1-3 and suffixes 1-4 of the lower-cased word */
#define NN_UNK 0         /* word table rows */
#define NN_ROOT 1
#define NN_SHAPES 64
#define NN_SHAPE_ROOT 63

typedef struct nn_dims {
    uint32_t n_words, d_word;   /* word table: UNK, ROOT, then the vocabulary */
    uint32_t n_grams, d_gram;   /* hash buckets (a power of two) */
    uint32_t n_shapes, d_shape;
    uint32_t n_tags_in, d_tag;  /* tagger classes + 1 (ROOT) */
    uint32_t hidden, layers;    /* LSTM units per direction, stacked layers */
    uint32_t d_arc, d_lab;
    uint32_t n_labels;          /* PARLEY_DEP_COUNT */
    uint32_t n_tags_out;        /* tagger classes */
} nn_dims;

/* Offsets (in floats) of every parameter block in one array. Embedding
 * tables come first: training updates only their rows a batch touched. */
typedef struct nn_layout {
    size_t word, gram, shape, tag;
    size_t wx[NN_MAX_LAYERS][2], wh[NN_MAX_LAYERS][2], b[NN_MAX_LAYERS][2];
    size_t tag_w, tag_b;
    size_t ad_w, ad_b, ah_w, ah_b, u, uh;
    size_t ld_w, ld_b, lh_w, lh_b, lab_w, lab_b;
    size_t dense;  /* first non-embedding parameter */
    size_t total;
    uint32_t d_in;
} nn_layout;

/* Fills the layout; -1 when the dimensions are out of range. */
int nn_layout_of(const nn_dims *d, nn_layout *l);

/* One token's input ids. */
typedef struct nn_input {
    uint32_t word;
    uint32_t gram[NN_GRAMS];
    uint32_t n_gram;   /* 0 for ROOT */
    uint32_t shape;
    uint32_t tag;
} nn_input;

typedef struct nn_q8 nn_q8; /* an int8 matrix (nn_q8.c, below) */
typedef struct nn_vslot {
    uint64_t key;
    uint32_t row;
} nn_vslot;

typedef struct nn_model {
    nn_dims d;
    nn_layout l;
    const float *p;            /* l.total floats */
    uint64_t n_vocab;
    const uint64_t *vocab_keys; /* sorted lower-case hashes; row = 2 + index */
    const uint32_t *vocab_rows;
    /* the vocabulary again as an open-addressing table (row 0: empty), or
     * NULL (the trainer's model: binary search) */
    const nn_vslot *vslots;
    uint32_t vmask;
    const uint8_t *tag_upos, *tag_xpos; /* n_tags_out: class -> tags */
    /* the same matrices quantised to int8, or NULL: where set, they are
     * used instead of the float ones (nlp_nn_open) */
    const nn_q8 *q_wx[NN_MAX_LAYERS][2], *q_wh[NN_MAX_LAYERS][2];
    const nn_q8 *q_tag, *q_ad, *q_ah, *q_u, *q_ld, *q_lh, *q_lab;
} nn_model;

/* Input ids of word i (0-based) given its hashes and tagger class. */
void nn_input_of(const nn_model *m, const nlp_word *w, int tag_class, nn_input *in);
void nn_input_root(const nn_model *m, nn_input *in);
uint32_t nn_shape_of(uint64_t flags);
uint32_t nn_gram_bucket(uint64_t hash, uint32_t n_grams);

/* ---- math (nn_math.c) -------------------------------------------------- */

/* An x86-64-v3 (AVX2 + FMA) clone of each kernel, chosen at load time where the
 * processor has them; the baseline build runs everywhere else. */
/* (GCC only: clang 14 does not export a clone set declared in a header
 * without the attribute to other files; its builds, the fuzzers', take the
 * baseline.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__clang_analyzer__) && !defined(PARLEY_NO_CLONES)
#define NN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
/* kernels whose every output is a sum in a fixed order whatever the vector
 * width (no reductions across lanes) also get an AVX-512 clone: the same
 * numbers, faster */
#define NN_CLONES_WIDE \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NN_CLONES
#define NN_CLONES_WIDE
#endif

/* Y[m x out] = X[m x in] W[in x out] (+ b when not NULL) */
void nn_gemm(const float *X, int m, int in, const float *W, int out, const float *b, float *Y);
/* Y[m x out] += X[m x in] W[in x out] */
void nn_gemm_acc(const float *X, int m, int in, const float *W, int out, float *Y);
/* T[cols x rows] = W[rows x cols] transposed */
void nn_transpose(const float *W, int rows, int cols, float *T);
/* y[out] += x[in] W[in x out] */
void nn_vecmat_acc(const float *x, int in, const float *W, int out, float *y);
/* dW[in x out] += X^T[in x m] dY[m x out] */
void nn_gemm_at(const float *X, int m, int in, const float *dY, int out, float *dW);
float nn_dot(const float *a, const float *b, int n);
/* Packed weights for inference (nn_math.c): W[in][out] in panels of 16
 * columns, the last one zero-padded; nn_pgemm_acc adds X W (AVX2 + FMA;
 * only where nn_packed_ok). Same numbers as nn_gemm. */
size_t nn_packed_floats(int in, int out);
void nn_pack(const float *W, int in, int out, float *P);
int nn_packed_ok(void);
void nn_pgemm_acc(const float *X, int m, int in, const float *P, int out, float *Y);
/* out[0..d) = the mean of rows rows[0..n) of table (d floats each), added
 * in that order (zeros when n = 0); vectorised across d, so the same sums
 * as a plain loop */
void nn_mean_rows(const float *table, const uint32_t *rows, uint32_t n, uint32_t d, float *out);
/* the first position of the largest of z[0..n-1], n >= 1 (no NaN) */
int nn_argmax(const float *z, int n);
/* x = max(x, x / 10) elementwise (the leaky rectifier of the MLPs) */
void nn_leaky(float *x, size_t n);
/* tanh within 4e-7, the same on every machine */
float nn_tanh(float x);
void nn_lstm_cell(const float *z, const float *c_prev, int h, float *gates, float *c,
                  float *tanh_c, float *out);
/* The same cell for inference: where the processor has AVX-512 and h is a
 * multiple of 16, faster and within a few units of 2^-24 of it (a
 * reciprocal for the division), gates and tanh_c left unwritten. */
void nn_lstm_cell_infer(const float *z, const float *c_prev, int h, float *gates, float *c,
                        float *tanh_c, float *out);

/* ---- int8 products (nn_q8.c) ------------------------------------------- */

/* W[in][out] quantised per output column for u8 x s8 dot products (AVX-512
 * VNNI): column j is s_j * wq[.][j], s_j = max_k |W[k][j]| / 127 and
 * wq = clamp(lrintf(W * 127 / max), -127, 127). Input rows are quantised
 * per row at each product: a_r = max_k |X[r][k]| / 127 and
 * xq = lrintf(X * 127 / max) + 128 (1..255), so
 *   Y[r][j] += (a_r * s_j) * (float)(sum_k xq wq - 128 * colsum_j),
 * the last step one fused multiply-add. Within about in * max|x| * max|w| / 127
 * of the float product, usually far closer. */
struct nn_q8 {
    int in, out, in4, panels; /* in4 = in rounded up to 4; panels = ceil(out / 16) */
    /* panels x (in4 / 4) x 16 x 4 bytes: for panel p, k-group g, column j,
     * the 4 weights W[4g..4g+3][16p+j] (zero beyond in and out) */
    int8_t *w;
    int32_t *colsum; /* panels * 16: sum over k of the quantised weights of column j */
    float *scale;    /* panels * 16: s_j (1 for a column of zeros and the padding) */
    /* the same weights for the AVX2 kernel (int16 pairs for vpmaddwd), or
     * NULL where !nn_q8_avx2_ok(): groups = ceil(out / 8) x (in4 / 4) x 32;
     * for group c, k-group g: 8 x {W[4g][8c+j], W[4g+2][8c+j]} then
     * 8 x {W[4g+1][8c+j], W[4g+3][8c+j]} (zero beyond in and out) */
    int16_t *w16;
    int groups;
};

/* in 1..65536 (the int32 sums cannot overflow), out >= 1; 0, or -1 on
 * no memory or sizes out of range (q is then empty, nn_q8_free-able). */
int nn_q8_init(nn_q8 *q, const float *W, int in, int out);
void nn_q8_free(nn_q8 *q);
/* this processor runs the VNNI kernel (AVX-512 F, BW and VNNI) */
int nn_q8_ok(void);
/* this processor can run the AVX2 kernel (AVX2 and FMA); nn_q8_gemm_acc
 * uses it where !nn_q8_ok() */
int nn_q8_avx2_ok(void);
/* bytes of scratch nn_q8_gemm_acc needs for m rows: m * in4 */
size_t nn_q8_scratch_bytes(const nn_q8 *q, int m);
/* Y[m x out] += X[m x in] W, X finite. A row of X of zeros (or of
 * magnitudes all below 2^-100) adds nothing, not even +0 to a -0.
 * scratch: nn_q8_scratch_bytes(q, m) bytes of the caller's (the quantised
 * rows; any alignment), so threads with their own scratch may share q.
 * The VNNI kernel where nn_q8_ok(), else the AVX2 kernel where
 * nn_q8_avx2_ok(), else nn_q8_gemm_acc_ref: the same bits from each. */
void nn_q8_gemm_acc(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch);
/* the AVX2 kernel whatever the processor also has (for the tests); the
 * reference where !nn_q8_avx2_ok() */
void nn_q8_gemm_acc_avx2(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch);
/* The two halves of nn_q8_gemm_acc, so that rows multiplied by several
 * matrices are quantised once: nn_q8_quantise writes X's m rows of in
 * values as bytes (xq: m x in4, in4 = in rounded up to 4) and scales (a: m),
 * the same bits whichever kernel runs; nn_q8_gemm_rows multiplies them by
 * q (whose in must be that in): Y = b + X W where b (out values, the same
 * for every row) is set, else Y += X W. With b set, the same numbers as
 * copying b into each row and accumulating. */
void nn_q8_quantise(const float *X, int m, int in, uint8_t *xq, float *a);
void nn_q8_gemm_rows(const uint8_t *xq, const float *a, int m, const nn_q8 *q, const float *b,
                     float *Y);
/* the same through one kernel, for the tests: 2 VNNI, 1 AVX2, 0 the
 * reference (a kernel the processor lacks gives the reference) */
void nn_q8_gemm_rows_with(int kernel, const uint8_t *xq, const float *a, int m, const nn_q8 *q,
                          const float *b, float *Y);
/* the same in plain C, bit for bit (the tests' reference) */
void nn_q8_gemm_acc_ref(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch);

/* ---- the sentence forward pass (nn_model.c) ---------------------------- */

/* Scratch for one sentence; grows, never shrinks. */
typedef struct nn_work {
    size_t cap_tok;
    float *x, *zx, *seq[NN_MAX_LAYERS + 1], *gates, *cell, *tcell;
    float *ad, *ah, *q, *ld, *lh, *scores, *logits;
    float *rows;    /* per-word tag scores, label features and scores */
    float *eis;     /* Eisner tables */
    int *eis_bp;
    size_t cap_n2;
    /* int8 scratch: quantised rows (bytes) and their scales, for the layer
     * inputs and other products (qs), the recurrent step (qh) and the top
     * states the heads share (qtop, kept from nn_tag for nn_parse: qtop_of
     * and qtop_n say which) */
    uint8_t *qs, *qh, *qtop;
    float *qa, *qha, *qtop_a;
    const float *qtop_of;
    int qtop_n;
    float *qt;      /* the arc scorer's Q^T in panels (nn_pack's layout) */
    /* the encoded states nn_tag and nn_parse read when set (a sentence's
     * slice of a batch's), else seq[layers] */
    const float *top;
} nn_work;

void nn_work_free(nn_work *w);
/* Reserves room for n tokens (ROOT included); -1 on no memory. */
int nn_work_reserve(nn_work *w, const nn_dims *d, int n);

/* The input vectors (n x d_in) of tokens in[0..n-1]. */
void nn_embed(const nn_model *m, const nn_input *in, int n, float *X);
/* Embeds and encodes tokens in[0..n-1] (in[0] = ROOT) into the states of
 * the top layer, w->seq[layers] (n x 2*hidden). */
void nn_encode(const nn_model *m, nn_work *w, const nn_input *in, int n);
/* Several sentences encoded at once, in lockstep: each recurrent step
 * multiplies the weights by the states of every sentence still running,
 * so they are read once per step for all of them. The same numbers as
 * nn_encode one sentence at a time. */
typedef struct nn_batch {
    size_t cap_tok, cap_sent;
    float *x, *zx, *seq[NN_MAX_LAYERS + 1], *gates, *cell, *tcell, *hb, *zb;
    int *rows, *prev;
    uint8_t *qs, *qh; /* int8 scratch: the layer inputs, the recurrent step */
    float *qa, *qha;
} nn_batch;

void nn_batch_free(nn_batch *b);
/* in: the tokens of n_sent sentences one after another, each ROOT first;
 * len[i]: the tokens of sentence i (ROOT included); off[i]: its first token.
 * The top layer's states land in b->seq[layers] (tokens x 2*hidden). */
int nn_encode_batch(const nn_model *m, nn_batch *b, const nn_input *in, int n_sent,
                    const int *len, const int *off);

/* Tag classes of tokens 1..n-1 from the encoded states (cls[i-1]). */
void nn_tag(const nn_model *m, nn_work *w, int n, int *cls);
/* Head and label of tokens 1..n-1 (head[i], label[i]; index 0 unused).
 * root > 0 forces that token to be the only dependent of ROOT. */
void nn_parse(const nn_model *m, nn_work *w, int n, int root, int *head, int *label);

/* Arc score matrix S[i*n + j] = score of head j for dependent i, from the
 * encoded states; not normalised over j (Eisner needs no normalisation, see
 * nn_model.c), S[i*n + i] = -1e30. */
void nn_arc_scores(const nn_model *m, nn_work *w, int n);
/* Best projective tree with exactly one dependent of ROOT (Eisner 1996)
 * under scores S (n x n as above); writes head[1..n-1]. root > 0 forces it. */
int nn_eisner(const float *S, int n, int root, float *tab, int *bp, int *head);
size_t nn_eisner_floats(int n);
/* Each word's best head on its own under S (head[1..n-1]); returns 1 when
 * they make a projective tree with one dependent of ROOT (root > 0: that
 * one), which is then the tree nn_eisner finds (none scores higher than
 * every word's best head), else 0. mark: n ints of scratch. */
int nn_greedy_tree(const float *S, int n, int root, int *head, int *mark);

/* ---- model file (nn_model.c) ------------------------------------------- */

typedef struct nlp_nn {
    nlp_file file;
    float *params;   /* widened from the file's halves (owned) */
    nn_q8 *q8;       /* m.q_* (owned), n_q8 of them */
    nn_vslot *vslots; /* m.vslots (owned) */
    int n_q8;
    nn_model m;
} nlp_nn;

uint16_t nn_half_of(float f);
float nn_float_of(uint16_t h);

parley_status nlp_nn_load(nlp_nn *nn, const char *path, parley_error *err);
parley_status nlp_nn_open(nlp_nn *nn, parley_error *err);
void nlp_nn_release(nlp_nn *nn);

#endif
