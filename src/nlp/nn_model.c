/* nn_model.c - the neural tagger and parser at run time: its parameter
 * layout, a sentence's inputs, the forward pass, Eisner decoding and the
 * nn.bin file.
 *
 * A sentence of n words is encoded as n + 1 tokens, ROOT first, so the
 * biaffine scorer can score ROOT as a head like any word. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nn.h"

static size_t take(size_t *at, size_t n) {
    size_t o = *at;
    *at += n;
    return o;
}

int nn_layout_of(const nn_dims *d, nn_layout *l) {
    memset(l, 0, sizeof *l);
    if (d->layers < 1 || d->layers > NN_MAX_LAYERS || d->hidden < 1 || d->hidden > 1024 ||
        d->n_words < 2 || d->n_words > (1u << 24) || d->d_word > 1024 || d->n_grams < 1 ||
        (d->n_grams & (d->n_grams - 1)) != 0 || d->n_grams > (1u << 24) || d->d_gram > 1024 ||
        d->n_shapes != NN_SHAPES || d->d_shape > 256 || d->n_tags_in < 2 ||
        d->n_tags_in > NLP_TAG_MAX + 1 || d->d_tag > 256 || d->d_arc < 1 || d->d_arc > 1024 ||
        d->d_lab < 1 || d->d_lab > 1024 || d->n_labels != PARLEY_DEP_COUNT ||
        d->n_tags_out < 1 || d->n_tags_out + 1 != d->n_tags_in)
        return -1;
    size_t at = 0, H = d->hidden, R = 2 * H;
    l->d_in = d->d_word + d->d_gram + d->d_shape + d->d_tag;
    if (l->d_in == 0) return -1;
    l->word = take(&at, (size_t)d->n_words * d->d_word);
    l->gram = take(&at, (size_t)d->n_grams * d->d_gram);
    l->shape = take(&at, (size_t)d->n_shapes * d->d_shape);
    l->tag = take(&at, (size_t)d->n_tags_in * d->d_tag);
    l->dense = at;
    for (uint32_t k = 0; k < d->layers; k++) {
        size_t in = k == 0 ? l->d_in : R;
        for (int dir = 0; dir < 2; dir++) {
            l->wx[k][dir] = take(&at, in * 4 * H);
            l->wh[k][dir] = take(&at, H * 4 * H);
            l->b[k][dir] = take(&at, 4 * H);
        }
    }
    l->tag_w = take(&at, R * d->n_tags_out);
    l->tag_b = take(&at, d->n_tags_out);
    l->ad_w = take(&at, R * d->d_arc);
    l->ad_b = take(&at, d->d_arc);
    l->ah_w = take(&at, R * d->d_arc);
    l->ah_b = take(&at, d->d_arc);
    l->u = take(&at, (size_t)d->d_arc * d->d_arc);
    l->uh = take(&at, d->d_arc);
    l->ld_w = take(&at, R * d->d_lab);
    l->ld_b = take(&at, d->d_lab);
    l->lh_w = take(&at, R * d->d_lab);
    l->lh_b = take(&at, d->d_lab);
    l->lab_w = take(&at, 3 * (size_t)d->d_lab * d->n_labels);
    l->lab_b = take(&at, d->n_labels);
    l->total = at;
    return 0;
}

/* ---- inputs ------------------------------------------------------------- */

uint32_t nn_shape_of(uint64_t flags) { return (uint32_t)(flags & 31u); }

uint32_t nn_gram_bucket(uint64_t hash, uint32_t n_grams) {
    return (uint32_t)(nlp_mix(hash) & (n_grams - 1));
}

static uint32_t vocab_row(const nn_model *m, uint64_t key) {
    if (m->vslots) {
        for (uint32_t i = (uint32_t)key & m->vmask;; i = (i + 1) & m->vmask) {
            const nn_vslot *v = &m->vslots[i];
            if (v->row == NN_UNK) return NN_UNK;
            if (v->key == key) return v->row;
        }
    }
    uint64_t lo = 0, hi = m->n_vocab;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (m->vocab_keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->n_vocab && m->vocab_keys[lo] == key ? m->vocab_rows[lo] : NN_UNK;
}

void nn_input_of(const nn_model *m, const nlp_word *w, int tag_class, nn_input *in) {
    in->word = vocab_row(m, w->lower);
    for (int k = 0; k < 3; k++) in->gram[k] = nn_gram_bucket(w->pre[k], m->d.n_grams);
    for (int k = 0; k < 4; k++) in->gram[3 + k] = nn_gram_bucket(w->suf[k] ^ 0x51u, m->d.n_grams);
    in->n_gram = NN_GRAMS;
    in->shape = nn_shape_of(w->flags);
    in->tag = tag_class >= 0 && (uint32_t)tag_class < m->d.n_tags_out ? (uint32_t)tag_class : 0;
}

void nn_input_root(const nn_model *m, nn_input *in) {
    memset(in, 0, sizeof *in);
    in->word = NN_ROOT;
    in->shape = NN_SHAPE_ROOT;
    in->tag = m->d.n_tags_out;
}

/* ---- scratch ------------------------------------------------------------ */

void nn_work_free(nn_work *w) {
    free(w->x);
    free(w->zx);
    for (int i = 1; i <= NN_MAX_LAYERS; i++) free(w->seq[i]);
    free(w->gates);
    free(w->cell);
    free(w->tcell);
    free(w->ad);
    free(w->ah);
    free(w->q);
    free(w->ld);
    free(w->lh);
    free(w->scores);
    free(w->logits);
    free(w->rows);
    free(w->eis);
    free(w->eis_bp);
    free(w->qs);
    free(w->qa);
    free(w->qh);
    free(w->qha);
    free(w->qtop);
    free(w->qtop_a);
    free(w->qt);
    memset(w, 0, sizeof *w);
}

static int grow(float **p, size_t n) {
    float *q = realloc(*p, (n ? n : 1) * sizeof *q);
    if (q == NULL) return -1;
    *p = q;
    return 0;
}

/* bytes of a quantised row of in values */
static size_t q8_row(int in) { return (size_t)(in + 3) / 4 * 4; }

/* bytes of int8 scratch per row: the widest input of any product */
static size_t q8_row_bytes(const nn_dims *d) {
    size_t in = (size_t)d->d_word + d->d_gram + d->d_shape + d->d_tag, r = 2 * (size_t)d->hidden;
    if (r > in) in = r;
    if (d->d_arc > in) in = d->d_arc;
    if (3 * (size_t)d->d_lab > in) in = 3 * (size_t)d->d_lab;
    return (in + 3) / 4 * 4;
}

static int grow_bytes(uint8_t **p, size_t n) {
    uint8_t *q = realloc(*p, n ? n : 1);
    if (q == NULL) return -1;
    *p = q;
    return 0;
}

int nn_work_reserve(nn_work *w, const nn_dims *d, int n) {
    size_t N = (size_t)n;
    if (N > w->cap_tok) {
        size_t cap = w->cap_tok ? w->cap_tok : 64;
        while (cap < N) cap *= 2;
        size_t H = d->hidden, din = (size_t)d->d_word + d->d_gram + d->d_shape + d->d_tag;
        size_t lab = 3 * (size_t)d->d_lab > d->n_tags_out ? 3 * (size_t)d->d_lab : d->n_tags_out;
        if (lab < d->n_labels) lab = d->n_labels;
        int bad = grow(&w->x, cap * din) | grow(&w->zx, cap * 4 * H) | grow(&w->gates, cap * 4 * H) |
                  grow(&w->cell, cap * H) | grow(&w->tcell, cap * H) | grow(&w->ad, cap * d->d_arc) |
                  grow(&w->ah, cap * d->d_arc) | grow(&w->q, cap * d->d_arc) |
                  grow(&w->ld, cap * d->d_lab) | grow(&w->lh, cap * d->d_lab) |
                  grow(&w->logits, cap + lab + d->n_labels);
        for (uint32_t k = 1; k <= d->layers; k++) bad |= grow(&w->seq[k], cap * 2 * H);
        size_t per = 3 * (size_t)d->d_lab + d->n_labels;
        if (per < d->n_tags_out) per = d->n_tags_out;
        bad |= grow(&w->rows, cap * per) | grow(&w->qt, (cap + 15) / 16 * 16 * d->d_arc);
        bad |= grow_bytes(&w->qs, cap * q8_row_bytes(d)) | grow(&w->qa, cap) |
               grow_bytes(&w->qh, cap * q8_row((int)H)) | grow(&w->qha, cap) |
               grow_bytes(&w->qtop, cap * q8_row(2 * (int)H)) | grow(&w->qtop_a, cap);
        w->qtop_of = NULL;
        if (bad) return -1;
        w->cap_tok = cap;
    }
    size_t n2 = N * N;
    if (n2 > w->cap_n2) {
        if (grow(&w->scores, n2) || grow(&w->eis, nn_eisner_floats(n))) return -1;
        int *bp = realloc(w->eis_bp, nn_eisner_floats(n) * sizeof *bp);
        if (bp == NULL) return -1;
        w->eis_bp = bp;
        w->cap_n2 = n2;
    }
    return 0;
}

/* ---- forward ------------------------------------------------------------ */

/* The products. A loaded model multiplies by int8 weights (q set: nn_q8),
 * its inputs quantised into the caller's scratch xq / xa; the trainer's
 * model (q NULL) by its float weights at offset off. Rows read by several
 * products are quantised once (the layer inputs of both directions, the
 * top states of the five heads). */

/* Y = X W + b (b NULL: Y = X W) from rows already quantised */
static void mm_rows(const nn_q8 *q, const uint8_t *xq, const float *xa, int rows, int out,
                    const float *b, float *Y) {
    if (b == NULL) memset(Y, 0, (size_t)rows * (size_t)out * sizeof *Y);
    nn_q8_gemm_rows(xq, xa, rows, q, b, Y);
}

/* Y = X W + b (b NULL: Y = X W) */
static void mm(const nn_model *m, const float *X, int rows, int in, size_t off, const nn_q8 *q,
               int out, const float *b, float *Y, uint8_t *xq, float *xa) {
    if (q == NULL) {
        nn_gemm(X, rows, in, m->p + off, out, b, Y);
        return;
    }
    nn_q8_quantise(X, rows, in, xq, xa);
    mm_rows(q, xq, xa, rows, out, b, Y);
}

/* Y += X W, row by row */
static void mm_acc(const nn_model *m, const float *X, int rows, int in, size_t off,
                   const nn_q8 *q, int out, float *Y, uint8_t *xq, float *xa) {
    if (q == NULL) {
        for (int r = 0; r < rows; r++)
            nn_vecmat_acc(X + (size_t)r * in, in, m->p + off, out, Y + (size_t)r * out);
        return;
    }
    nn_q8_quantise(X, rows, in, xq, xa);
    nn_q8_gemm_rows(xq, xa, rows, q, NULL, Y);
}

/* A loaded model takes the inference cell; the trainer's (no int8
 * weights) keeps the one its gradients were computed with. */
static void cell(const nn_model *m, const float *z, const float *c_prev, int h, float *gates,
                 float *c, float *tanh_c, float *out) {
    if (m->q_tag) nn_lstm_cell_infer(z, c_prev, h, gates, c, tanh_c, out);
    else nn_lstm_cell(z, c_prev, h, gates, c, tanh_c, out);
}

void nn_embed(const nn_model *m, const nn_input *in, int n, float *X) {
    const nn_dims *d = &m->d;
    const float *p = m->p;
    size_t din = m->l.d_in;
    for (int t = 0; t < n; t++) {
        /* the tables are megabytes: fetch a later token's rows meanwhile */
        if (t + 3 < n) {
            const nn_input *ahead = &in[t + 3];
            __builtin_prefetch(p + m->l.word + (size_t)ahead->word * d->d_word);
            for (uint32_t k = 0; k < ahead->n_gram; k++)
                __builtin_prefetch(p + m->l.gram + (size_t)ahead->gram[k] * d->d_gram);
        }
        float *x = X + (size_t)t * din;
        memcpy(x, p + m->l.word + (size_t)in[t].word * d->d_word, d->d_word * sizeof *x);
        float *g = x + d->d_word;
        nn_mean_rows(p + m->l.gram, in[t].gram, in[t].n_gram, d->d_gram, g);
        memcpy(g + d->d_gram, p + m->l.shape + (size_t)in[t].shape * d->d_shape,
               d->d_shape * sizeof *x);
        memcpy(g + d->d_gram + d->d_shape, p + m->l.tag + (size_t)in[t].tag * d->d_tag,
               d->d_tag * sizeof *x);
    }
}

/* One direction of one LSTM layer over n tokens: out[t*stride + 0..H-1];
 * the input rows in, already quantised into w->qs / w->qa for int8. */
static void lstm_dir(const nn_model *m, uint32_t k, int dir, const float *in, int n, int d_in,
                     nn_work *w, float *out, int stride) {
    int H = (int)m->d.hidden;
    const float *b = m->p + m->l.b[k][dir];
    if (m->q_wx[k][dir]) mm_rows(m->q_wx[k][dir], w->qs, w->qa, n, 4 * H, b, w->zx);
    else mm(m, in, n, d_in, m->l.wx[k][dir], NULL, 4 * H, b, w->zx, NULL, NULL);
    for (int s = 0; s < n; s++) {
        int t = dir ? n - 1 - s : s, prev = dir ? t + 1 : t - 1;
        float *z = w->zx + (size_t)t * 4 * H;
        const float *cp = NULL;
        if (s > 0) {
            mm_acc(m, out + (size_t)prev * stride, 1, H, m->l.wh[k][dir], m->q_wh[k][dir], 4 * H, z,
                   w->qh, w->qha);
            cp = w->cell + (size_t)prev * H;
        }
        cell(m, z, cp, H, w->gates + (size_t)t * 4 * H, w->cell + (size_t)t * H,
                     w->tcell + (size_t)t * H, out + (size_t)t * stride);
    }
}

void nn_encode(const nn_model *m, nn_work *w, const nn_input *in, int n) {
    const nn_dims *d = &m->d;
    w->qtop_of = NULL;
    int H = (int)d->hidden;
    nn_embed(m, in, n, w->x);
    const float *src = w->x;
    int din = (int)m->l.d_in;
    for (uint32_t k = 0; k < d->layers; k++) {
        float *dst = w->seq[k + 1];
        if (m->q_wx[k][0]) nn_q8_quantise(src, n, din, w->qs, w->qa);
        for (int dir = 0; dir < 2; dir++) lstm_dir(m, k, dir, src, n, din, w, dst + (size_t)dir * H, 2 * H);
        src = dst;
        din = 2 * H;
    }
}

void nn_batch_free(nn_batch *b) {
    free(b->x);
    free(b->zx);
    for (int i = 1; i <= NN_MAX_LAYERS; i++) free(b->seq[i]);
    free(b->gates);
    free(b->cell);
    free(b->tcell);
    free(b->hb);
    free(b->zb);
    free(b->rows);
    free(b->prev);
    free(b->qs);
    free(b->qa);
    free(b->qh);
    free(b->qha);
    memset(b, 0, sizeof *b);
}

static int batch_reserve(nn_batch *b, const nn_dims *d, size_t din, size_t tokens, size_t sents) {
    size_t H = d->hidden;
    if (tokens > b->cap_tok) {
        size_t cap = b->cap_tok ? b->cap_tok : 256;
        while (cap < tokens) cap *= 2;
        int bad = grow(&b->x, cap * din) | grow(&b->zx, cap * 4 * H) | grow(&b->gates, cap * 4 * H) |
                  grow(&b->cell, cap * H) | grow(&b->tcell, cap * H);
        for (uint32_t k = 1; k <= d->layers; k++) bad |= grow(&b->seq[k], cap * 2 * H);
        bad |= grow_bytes(&b->qs, cap * q8_row_bytes(d)) | grow(&b->qa, cap);
        if (bad) return -1;
        b->cap_tok = cap;
    }
    if (sents > b->cap_sent) {
        size_t cap = b->cap_sent ? b->cap_sent : 16;
        while (cap < sents) cap *= 2;
        int *r = realloc(b->rows, cap * sizeof *r), *p = r ? realloc(b->prev, cap * sizeof *p) : NULL;
        if (r) b->rows = r;
        if (p) b->prev = p;
        if (!r || !p || grow(&b->hb, cap * H) || grow(&b->zb, cap * 4 * H) ||
            grow_bytes(&b->qh, cap * q8_row((int)H)) || grow(&b->qha, cap))
            return -1;
        b->cap_sent = cap;
    }
    return 0;
}

int nn_encode_batch(const nn_model *m, nn_batch *b, const nn_input *in, int n_sent,
                    const int *len, const int *off) {
    const nn_dims *d = &m->d;
    int H = (int)d->hidden, longest = 0, T = 0;
    for (int i = 0; i < n_sent; i++) {
        T += len[i];
        if (len[i] > longest) longest = len[i];
    }
    if (batch_reserve(b, d, m->l.d_in, (size_t)T, (size_t)n_sent) != 0) return -1;
    nn_embed(m, in, T, b->x);
    const float *src = b->x;
    int din = (int)m->l.d_in;
    for (uint32_t k = 0; k < d->layers; k++) {
        float *dst = b->seq[k + 1];
        if (m->q_wx[k][0]) nn_q8_quantise(src, T, din, b->qs, b->qa);
        for (int dir = 0; dir < 2; dir++) {
            float *out = dst + (size_t)dir * H;
            const float *bias = m->p + m->l.b[k][dir];
            if (m->q_wx[k][dir]) mm_rows(m->q_wx[k][dir], b->qs, b->qa, T, 4 * H, bias, b->zx);
            else mm(m, src, T, din, m->l.wx[k][dir], NULL, 4 * H, bias, b->zx, NULL, NULL);
            for (int s = 0; s < longest; s++) {
                int B = 0;
                for (int i = 0; i < n_sent; i++) {
                    if (s >= len[i]) continue;
                    int t = off[i] + (dir ? len[i] - 1 - s : s);
                    b->rows[B] = t;
                    b->prev[B] = s == 0 ? -1 : dir ? t + 1 : t - 1;
                    B++;
                }
                if (s > 0) {
                    for (int r = 0; r < B; r++) {
                        memcpy(b->hb + (size_t)r * H, out + (size_t)b->prev[r] * 2 * H, (size_t)H * sizeof *b->hb);
                        memcpy(b->zb + (size_t)r * 4 * H, b->zx + (size_t)b->rows[r] * 4 * H,
                               (size_t)4 * H * sizeof *b->zb);
                    }
                    mm_acc(m, b->hb, B, H, m->l.wh[k][dir], m->q_wh[k][dir], 4 * H, b->zb, b->qh,
                           b->qha);
                }
                for (int r = 0; r < B; r++) {
                    int t = b->rows[r];
                    const float *z = s > 0 ? b->zb + (size_t)r * 4 * H : b->zx + (size_t)t * 4 * H;
                    const float *cp = s > 0 ? b->cell + (size_t)b->prev[r] * H : NULL;
                    cell(m, z, cp, H, b->gates + (size_t)t * 4 * H, b->cell + (size_t)t * H,
                                 b->tcell + (size_t)t * H, out + (size_t)t * 2 * H);
                }
            }
        }
        src = dst;
        din = 2 * H;
    }
    return 0;
}

/* The top states quantised for the heads' int8 products (w->qtop), kept
 * for nn_parse after nn_tag on the same states; nn_tag quantises afresh. */
static void top_q8(const nn_model *m, nn_work *w, const float *top, int n, int fresh) {
    if (!fresh && w->qtop_of == top && w->qtop_n == n) return;
    nn_q8_quantise(top, n, 2 * (int)m->d.hidden, w->qtop, w->qtop_a);
    w->qtop_of = top;
    w->qtop_n = n;
}

void nn_tag(const nn_model *m, nn_work *w, int n, int *cls) {
    int R = 2 * (int)m->d.hidden, T = (int)m->d.n_tags_out;
    const float *top = w->top ? w->top : w->seq[m->d.layers];
    const float *b = m->p + m->l.tag_b;
    /* every word's scores in one product (row 0, ROOT, is not used) */
    if (m->q_tag) {
        top_q8(m, w, top, n, 1);
        mm_rows(m->q_tag, w->qtop + q8_row(R), w->qtop_a + 1, n - 1, T, b, w->rows);
    } else {
        mm(m, top + R, n - 1, R, m->l.tag_w, NULL, T, b, w->rows, NULL, NULL);
    }
    for (int i = 1; i < n; i++) {
        const float *z = w->rows + (size_t)(i - 1) * T;
        cls[i - 1] = nn_argmax(z, T);
    }
}


/* The dependent and head views of the top states (the arc or the label
 * layers): Yd = leaky(top Wd + bd), Yh = leaky(top Wh + bh), n x out each;
 * wd, bd, wh, bh: offsets of the float weights, qd, qh their int8 form. */
static void head_views(const nn_model *m, nn_work *w, const float *top, int n, int out,
                       const nn_q8 *qd, size_t wd, size_t bd, const nn_q8 *qh, size_t wh, size_t bh,
                       float *Yd, float *Yh) {
    int R = 2 * (int)m->d.hidden;
    if (qd) {
        top_q8(m, w, top, n, 0);
        mm_rows(qd, w->qtop, w->qtop_a, n, out, m->p + bd, Yd);
        mm_rows(qh, w->qtop, w->qtop_a, n, out, m->p + bh, Yh);
    } else {
        mm(m, top, n, R, wd, NULL, out, m->p + bd, Yd, NULL, NULL);
        mm(m, top, n, R, wh, NULL, out, m->p + bh, Yh, NULL, NULL);
    }
    nn_leaky(Yd, (size_t)n * out);
    nn_leaky(Yh, (size_t)n * out);
}

void nn_arc_scores(const nn_model *m, nn_work *w, int n) {
    int A = (int)m->d.d_arc;
    const float *top = w->top ? w->top : w->seq[m->d.layers];
    head_views(m, w, top, n, A, m->q_ad, m->l.ad_w, m->l.ad_b, m->q_ah, m->l.ah_w, m->l.ah_b, w->ad,
               w->ah);
    mm(m, w->ah, n, A, m->l.u, m->q_u, A, NULL, w->q, w->qs, w->qa);
    const float *uh = m->p + m->l.uh;
    for (int j = 0; j < n; j++) w->logits[j] = nn_dot(w->ah + (size_t)j * A, uh, A);
    /* S = AD Q^T in one product (Q^T over ah, no longer needed). The
     * scores are not normalised per dependent as in training: every tree
     * gives each word one head, so a per-word constant moves every tree's
     * sum alike and Eisner picks the same tree. */
    if (m->q_u && nn_packed_ok()) {
        /* Q^T packed into panels of 16 heads straight from Q */
        for (int p = 0; p < (n + 15) / 16; p++)
            for (int k = 0; k < A; k++)
                for (int j = 0; j < 16; j++) {
                    int h = p * 16 + j;
                    w->qt[((size_t)p * A + k) * 16 + j] = h < n ? w->q[(size_t)h * A + k] : 0.0f;
                }
        memset(w->scores, 0, (size_t)n * n * sizeof *w->scores);
        nn_pgemm_acc(w->ad, n, A, w->qt, n, w->scores);
    } else {
        nn_transpose(w->q, n, A, w->ah);
        nn_gemm(w->ad, n, A, w->ah, n, NULL, w->scores);
    }
    for (int i = 1; i < n; i++) {
        float *s = w->scores + (size_t)i * n;
        for (int j = 0; j < n; j++) s[j] += w->logits[j];
        s[i] = -1e30f;
    }
}

/* Eisner over the words 1..n-1 (positions 0..m-1), then the best word to
 * hang from ROOT. Complete (C) and incomplete (I) spans s..t, direction 0 =
 * head on the right, 1 = head on the left. Each split search runs over a
 * row of one table and a column of another, so the tables a column is read
 * from are also kept transposed (Ct, It): every search is then the best
 * sum of two contiguous runs, without a branch. Tables are m x m. */
size_t nn_eisner_floats(int n) { return 6 * (size_t)(n > 1 ? n : 1) * (size_t)(n > 1 ? n : 1); }

#define AT(s, t) ((size_t)(s) * (size_t)m + (size_t)(t))
#define IDX(s, t, d) (AT(s, t) * 2 + (size_t)(d))

static void eisner_back(const int *bpC, const int *bpI, int m, int s, int t, int d, int complete,
                        int *head) {
    if (s == t) return;
    if (complete) {
        int r = bpC[IDX(s, t, d)];
        if (d == 0) {
            eisner_back(bpC, bpI, m, s, r, 0, 1, head);
            eisner_back(bpC, bpI, m, r, t, 0, 0, head);
        } else {
            eisner_back(bpC, bpI, m, s, r, 1, 0, head);
            eisner_back(bpC, bpI, m, r, t, 1, 1, head);
        }
    } else {
        int r = bpI[IDX(s, t, d)];
        if (d == 0) head[s + 1] = t + 1;
        else head[t + 1] = s + 1;
        eisner_back(bpC, bpI, m, s, r, 1, 1, head);
        eisner_back(bpC, bpI, m, r + 1, t, 0, 1, head);
    }
}

/* max over i < n of a[i] + b[i] and its first position */
static inline float max_sum(const float *a, const float *b, int n, int *arg) {
    float best = a[0] + b[0];
    int at = 0;
    for (int i = 1; i < n; i++) {
        float v = a[i] + b[i];
        int better = v > best;
        at = better ? i : at;
        best = better ? v : best;
    }
    *arg = at;
    return best;
}

int nn_eisner(const float *S, int n, int root, float *tab, int *bp, int *head) {
    int m = n - 1;
    if (m <= 0) return 0;
    size_t sz = (size_t)m * (size_t)m;
    /* C0[s][t], C1[s][t], I1[s][t]; Ct0[t][s] = C0[s][t], Ct1[t][s] = C1[s][t],
     * It0[t][s] = I0[s][t] (I0 is only read by columns) */
    float *C0 = tab, *C1 = C0 + sz, *Ct0 = C1 + sz, *Ct1 = Ct0 + sz, *I1 = Ct1 + sz, *It0 = I1 + sz;
    int *bpC = bp, *bpI = bp + 2 * sz;
    for (int s = 0; s < m; s++) C0[AT(s, s)] = C1[AT(s, s)] = Ct0[AT(s, s)] = Ct1[AT(s, s)] = 0;
    for (int k = 1; k < m; k++) {
        for (int s = 0; s + k < m; s++) {
            int t = s + k, arg;
            /* C1[s][r] + C0[r+1][t] over r = s..t-1 */
            float best = max_sum(C1 + AT(s, s), Ct0 + AT(t, s + 1), k, &arg);
            /* S is indexed by tokens: word position p is token p + 1 */
            It0[AT(t, s)] = best + S[(size_t)(s + 1) * n + (t + 1)];
            I1[AT(s, t)] = best + S[(size_t)(t + 1) * n + (s + 1)];
            bpI[IDX(s, t, 0)] = bpI[IDX(s, t, 1)] = s + arg;
            /* C0[s][r] + I0[r][t] over r = s..t-1 */
            best = max_sum(C0 + AT(s, s), It0 + AT(t, s), k, &arg);
            C0[AT(s, t)] = Ct0[AT(t, s)] = best;
            bpC[IDX(s, t, 0)] = s + arg;
            /* I1[s][r] + C1[r][t] over r = s+1..t */
            best = max_sum(I1 + AT(s, s + 1), Ct1 + AT(t, s + 1), k, &arg);
            C1[AT(s, t)] = Ct1[AT(t, s)] = best;
            bpC[IDX(s, t, 1)] = s + 1 + arg;
        }
    }
    int r0 = 0;
    float best = -FLT_MAX;
    for (int r = 0; r < m; r++) {
        if (root > 0 && r != root - 1) continue;
        float v = C0[AT(0, r)] + C1[AT(r, m - 1)] + S[(size_t)(r + 1) * n];
        if (v > best) best = v, r0 = r;
    }
    head[r0 + 1] = 0;
    eisner_back(bpC, bpI, m, 0, r0, 0, 1, head);
    eisner_back(bpC, bpI, m, r0, m - 1, 1, 1, head);
    return r0 + 1;
}

#undef IDX
#undef AT

/* Most sentences pass (nn.h), and this is O(n^2) where Eisner is O(n^3). */
int nn_greedy_tree(const float *S, int n, int root, int *head, int *mark) {
    int roots = 0;
    for (int i = 1; i < n; i++) {
        head[i] = nn_argmax(S + (size_t)i * n, n);
        if (head[i] == 0) roots++;
        mark[i] = 0;
    }
    if (roots != 1 || (root > 0 && head[root] != 0)) return 0;
    /* no cycle: walk up from each word; mark[] = the walk that passed, or
     * -1 once a word is known to reach ROOT */
    for (int i = 1; i < n; i++) {
        int k = i;
        while (k != 0 && mark[k] == 0) mark[k] = i, k = head[k];
        if (k != 0 && mark[k] == i) return 0;
        for (int j = i; j != 0 && mark[j] == i; j = head[j]) mark[j] = -1;
    }
    /* projective: the words under an arc hang from inside its span */
    for (int d = 1; d < n; d++) {
        int lo = d < head[d] ? d : head[d], hi = d < head[d] ? head[d] : d;
        for (int k = lo + 1; k < hi; k++)
            if (head[k] < lo || head[k] > hi) return 0;
    }
    return 1;
}

void nn_parse(const nn_model *m, nn_work *w, int n, int root, int *head, int *label) {
    nn_arc_scores(m, w, n);
    if (!nn_greedy_tree(w->scores, n, root, head, w->eis_bp))
        nn_eisner(w->scores, n, root, w->eis, w->eis_bp, head);
    int B = (int)m->d.d_lab, L = (int)m->d.n_labels;
    const float *top = w->top ? w->top : w->seq[m->d.layers];
    head_views(m, w, top, n, B, m->q_ld, m->l.ld_w, m->l.ld_b, m->q_lh, m->l.lh_w, m->l.lh_b, w->ld,
               w->lh);
    /* each word's [dependent; head; product] features, then all their
     * label scores in one product */
    float *feats = w->rows, *scores = w->rows + (size_t)n * 3 * B;
    for (int i = 1; i < n; i++) {
        const float *ld = w->ld + (size_t)i * B, *lh = w->lh + (size_t)head[i] * B;
        float *feat = feats + (size_t)(i - 1) * 3 * B;
        for (int k = 0; k < B; k++) {
            feat[k] = ld[k];
            feat[B + k] = lh[k];
            feat[2 * B + k] = ld[k] * lh[k];
        }
    }
    mm(m, feats, n - 1, 3 * B, m->l.lab_w, m->q_lab, L, m->p + m->l.lab_b, scores, w->qs, w->qa);
    for (int i = 1; i < n; i++) {
        float *z = scores + (size_t)(i - 1) * L;
        /* the root's arc is labelled root, and no other arc is */
        if (head[i] == 0) {
            label[i] = PARLEY_DEP_ROOT;
            continue;
        }
        z[PARLEY_DEP_ROOT] = -FLT_MAX;
        label[i] = nn_argmax(z, L);
    }
}

/* ---- nn.bin ------------------------------------------------------------- */

/* IEEE half precision, round to nearest even; the weights are stored as
 * halves (a model of 3.5M weights takes 7 MB instead of 14) and widened
 * to floats at load: the rounding (relative 2^-11) moves EWT dev scores by
 * a few hundredths at most (docs/nlp.md). */
uint16_t nn_half_of(float f) {
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint32_t sign = (x >> 16) & 0x8000u, mant = x & 0x7fffffu;
    int exp = (int)((x >> 23) & 0xffu);
    if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (mant ? 0x200u : 0u));
    int e = exp - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        mant |= 0x800000u;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t h = mant >> shift, rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1u))) h++;
        return (uint16_t)(sign | h);
    }
    uint32_t h = ((uint32_t)e << 10) | (mant >> 13), rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) h++;
    return (uint16_t)(sign | h);
}

float nn_float_of(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, x;
    if (exp == 0) {
        if (mant == 0) {
            x = sign;
        } else {
            int e = -1;
            do {
                mant <<= 1;
                e++;
            } while ((mant & 0x400u) == 0);
            x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
        }
    } else if (exp == 31) {
        x = sign | 0x7f800000u | (mant << 13);
    } else {
        x = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

/* Sections: NDIM (u32 x 14, nn_dims in order), NPRH (f16, the layout's
 * parameters), NVKY (u64, sorted lower-case word hashes) and NVRW (u32,
 * their rows), NTUP and NTXP (u8 per output tag class: UPOS, XPOS). */
/* Quantises every weight matrix of nn->m to int8 (nn_q8) where the
 * processor has AVX-512 VNNI or AVX2 (kernels that give the same bits);
 * elsewhere the float weights serve, with plain kernels (docs/nlp.md). */
static int nn_quantise_model(nlp_nn *nn) {
    nn_model *m = &nn->m;
    if (!nn_q8_ok() && !nn_q8_avx2_ok()) return 0;
    const nn_dims *d = &m->d;
    int H = (int)d->hidden, R = 2 * H, A = (int)d->d_arc, B = (int)d->d_lab;
    nn->q8 = calloc(4 * NN_MAX_LAYERS + 7, sizeof *nn->q8);
    if (nn->q8 == NULL) return -1;
    int bad = 0;
#define Q8(field, off, in, out)                                                        \
    do {                                                                                \
        nn_q8 *q_ = &nn->q8[nn->n_q8++];                                                \
        bad |= nn_q8_init(q_, m->p + (off), (in), (out));                               \
        m->field = q_;                                                                  \
    } while (0)
    for (uint32_t k = 0; k < d->layers; k++)
        for (int dir = 0; dir < 2; dir++) {
            Q8(q_wx[k][dir], m->l.wx[k][dir], k == 0 ? (int)m->l.d_in : R, 4 * H);
            Q8(q_wh[k][dir], m->l.wh[k][dir], H, 4 * H);
        }
    Q8(q_tag, m->l.tag_w, R, (int)d->n_tags_out);
    Q8(q_ad, m->l.ad_w, R, A);
    Q8(q_ah, m->l.ah_w, R, A);
    Q8(q_u, m->l.u, A, A);
    Q8(q_ld, m->l.ld_w, R, B);
    Q8(q_lh, m->l.lh_w, R, B);
    Q8(q_lab, m->l.lab_w, 3 * B, (int)d->n_labels);
#undef Q8
    return bad ? -1 : 0;
}

/* The vocabulary in a table at most half full: one probe per word where
 * the binary search over the sorted keys took a dozen cache misses. */
static int nn_index_vocab(nlp_nn *nn) {
    nn_model *m = &nn->m;
    uint64_t cap = 16;
    while (cap < 2 * m->n_vocab) cap *= 2;
    if (cap > ((uint64_t)1 << 31)) return -1;
    nn->vslots = calloc((size_t)cap, sizeof *nn->vslots);
    if (nn->vslots == NULL) return -1;
    m->vmask = (uint32_t)(cap - 1);
    for (uint64_t i = 0; i < m->n_vocab; i++) {
        uint32_t s = (uint32_t)m->vocab_keys[i] & m->vmask;
        while (nn->vslots[s].row != NN_UNK) s = (s + 1) & m->vmask;
        nn->vslots[s] = (nn_vslot){m->vocab_keys[i], m->vocab_rows[i]};
    }
    m->vslots = nn->vslots;
    return 0;
}

parley_status nlp_nn_load(nlp_nn *nn, const char *path, parley_error *err) {
    memset(nn, 0, sizeof *nn);
    parley_status st = nlp_file_load(&nn->file, path, NLP_KIND_NN, err);
    if (st != PARLEY_OK) return st;
    return nlp_nn_open(nn, err);
}

parley_status nlp_nn_open(nlp_nn *nn, parley_error *err) {
    const nlp_file *f = &nn->file;
    nn_model *m = &nn->m;
    const void *p;
    uint64_t count;
    parley_status st;
    if ((st = nlp_file_get(f, "NDIM", 4, 14, 1, &p, &count, err)) != PARLEY_OK) goto fail;
    const uint32_t *u = p;
    nn_dims d = {u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13]};
    m->d = d;
    if (nn_layout_of(&m->d, &m->l) != 0) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "network dimensions out of range");
        goto fail;
    }
    if ((st = nlp_file_get(f, "NPRH", 2, m->l.total, 1, &p, &count, err)) != PARLEY_OK) goto fail;
    nn->params = malloc(m->l.total * sizeof *nn->params);
    if (nn->params == NULL) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, f->path, 0, "out of memory");
        goto fail;
    }
    const uint16_t *half = p;
    for (size_t i = 0; i < m->l.total; i++) {
        nn->params[i] = nn_float_of(half[i]);
        if (!isfinite(nn->params[i])) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "weight %zu is not finite", i);
            goto fail;
        }
    }
    m->p = nn->params;
    if ((st = nlp_file_get(f, "NVKY", 8, 0, 0, &p, &m->n_vocab, err)) != PARLEY_OK) goto fail;
    m->vocab_keys = p;
    if ((st = nlp_file_get(f, "NVRW", 4, m->n_vocab, 1, &p, &count, err)) != PARLEY_OK) goto fail;
    m->vocab_rows = p;
    for (uint64_t i = 0; i < m->n_vocab; i++)
        if ((i > 0 && m->vocab_keys[i] <= m->vocab_keys[i - 1]) || m->vocab_rows[i] < 2 ||
            m->vocab_rows[i] >= m->d.n_words) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "bad vocabulary entry %llu",
                                  (unsigned long long)i);
            goto fail;
        }
    if ((st = nlp_file_get(f, "NTUP", 1, m->d.n_tags_out, 1, &p, &count, err)) != PARLEY_OK) goto fail;
    m->tag_upos = p;
    if ((st = nlp_file_get(f, "NTXP", 1, m->d.n_tags_out, 1, &p, &count, err)) != PARLEY_OK) goto fail;
    m->tag_xpos = p;
    for (uint32_t c = 0; c < m->d.n_tags_out; c++)
        if (m->tag_upos[c] >= PARLEY_UPOS_COUNT || m->tag_xpos[c] >= PARLEY_XPOS_COUNT) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "bad tag class %u", c);
            goto fail;
        }
    if (nn_quantise_model(nn) != 0 || nn_index_vocab(nn) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, f->path, 0, "out of memory");
        goto fail;
    }
    return PARLEY_OK;
fail:
    nlp_nn_release(nn);
    return st;
}

void nlp_nn_release(nlp_nn *nn) {
    nlp_file_release(&nn->file);
    free(nn->params);
    for (int i = 0; i < nn->n_q8; i++) nn_q8_free(&nn->q8[i]);
    free(nn->q8);
    free(nn->vslots);
    memset(nn, 0, sizeof *nn);
}
