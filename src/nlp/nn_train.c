/* nn_train.c - trains nn.bin: the network of nn.h, by backpropagation.
 *
 * Loss per word: cross-entropy of its tag class, of its gold head among all
 * tokens (the biaffine scores, softmax over heads) and of its label given
 * the gold head. Adam (beta2 0.9, as Dozat & Manning), gradient norm
 * clipped to 5, dropout on the embeddings and on every LSTM layer's output,
 * words replaced by UNK with odds a / (a + count) (Kiperwasser & Goldberg).
 *
 * Batches are split over a fixed number of shards, each with its own
 * gradient buffer; threads take whole shards and the shards are summed in
 * order, and the embedding rows are updated serially in sentence order, so
 * the model depends on the seed and the data, not on the thread count. */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nn.h"
#include "nlp/nn_train.h"

/* ---- one sentence forward and backward -------------------------------- */

typedef struct layer_cache {
    float *zx[2], *gates[2], *cell[2], *tcell[2];
    float *raw;   /* N x 2H: the LSTM outputs */
    float *out;   /* N x 2H: after dropout (the next layer's input) */
    float *mask;  /* N x 2H */
} layer_cache;

struct nn_twork {
    size_t cap;
    float *x, *xmask;
    layer_cache lc[NN_MAX_LAYERS];
    float *ad, *ah, *q, *hb, *ld, *lh, *s, *feat, *z;
    float *d_top, *d_in, *d_a, *d_b, *d_q, *d_hb, *dz, *d_ld, *d_lh, *d_feat;
    float *dh, *dc, *hprev;
    nn_input *in;
};

static int fgrow(float **p, size_t n) {
    float *q = realloc(*p, (n ? n : 1) * sizeof *q);
    if (q == NULL) return -1;
    *p = q;
    return 0;
}

void nn_twork_free(nn_twork *w) {
    if (w == NULL) return;
    float **f[] = {&w->x, &w->xmask, &w->ad, &w->ah, &w->q, &w->hb, &w->ld, &w->lh, &w->s,
                   &w->feat, &w->z, &w->d_top, &w->d_in, &w->d_a, &w->d_b, &w->d_q, &w->d_hb,
                   &w->dz, &w->d_ld, &w->d_lh, &w->d_feat, &w->dh, &w->dc, &w->hprev};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) free(*f[i]);
    for (int k = 0; k < NN_MAX_LAYERS; k++) {
        layer_cache *c = &w->lc[k];
        for (int d = 0; d < 2; d++) {
            free(c->zx[d]);
            free(c->gates[d]);
            free(c->cell[d]);
            free(c->tcell[d]);
        }
        free(c->raw);
        free(c->out);
        free(c->mask);
    }
    free(w->in);
    free(w);
}

nn_twork *nn_twork_new(void) { return calloc(1, sizeof(nn_twork)); }

static int twork_reserve(nn_twork *w, const nn_model *m, int n) {
    const nn_dims *d = &m->d;
    size_t N = (size_t)n;
    size_t need_sq = N * N;
    if (N <= w->cap && need_sq <= w->cap * w->cap) return 0;
    size_t cap = w->cap ? w->cap : 64;
    while (cap < N) cap *= 2;
    size_t H = d->hidden, R = 2 * H, din = m->l.d_in, A = d->d_arc, B = d->d_lab;
    size_t wide = din > R ? din : R;
    size_t T = d->n_tags_out, L = d->n_labels;
    int bad = fgrow(&w->x, cap * din) | fgrow(&w->xmask, cap * din) | fgrow(&w->ad, cap * A) |
              fgrow(&w->ah, cap * A) | fgrow(&w->q, cap * A) | fgrow(&w->hb, cap) |
              fgrow(&w->ld, cap * B) | fgrow(&w->lh, cap * B) | fgrow(&w->s, cap * cap) |
              fgrow(&w->feat, 3 * B) | fgrow(&w->z, (T > L ? T : L) + cap) |
              fgrow(&w->d_top, cap * R) | fgrow(&w->d_in, cap * wide) | fgrow(&w->d_a, cap * A) |
              fgrow(&w->d_b, cap * A) | fgrow(&w->d_q, cap * A) | fgrow(&w->d_hb, cap) |
              fgrow(&w->dz, cap * 4 * H) | fgrow(&w->d_ld, cap * B) | fgrow(&w->d_lh, cap * B) |
              fgrow(&w->d_feat, 3 * B) | fgrow(&w->dh, cap * R) | fgrow(&w->dc, H) |
              fgrow(&w->hprev, cap * H);
    for (uint32_t k = 0; k < d->layers; k++) {
        layer_cache *c = &w->lc[k];
        for (int dd = 0; dd < 2; dd++)
            bad |= fgrow(&c->zx[dd], cap * 4 * H) | fgrow(&c->gates[dd], cap * 4 * H) |
                   fgrow(&c->cell[dd], cap * H) | fgrow(&c->tcell[dd], cap * H);
        bad |= fgrow(&c->raw, cap * R) | fgrow(&c->out, cap * R) | fgrow(&c->mask, cap * R);
    }
    nn_input *in = realloc(w->in, cap * sizeof *in);
    if (in == NULL || bad) {
        if (in) w->in = in;
        return -1;
    }
    w->in = in;
    w->cap = cap;
    return 0;
}

static void make_mask(float *mask, size_t n, float p, nlp_rng *r) {
    float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) mask[i] = p > 0 && nlp_rng_unit(r) < p ? 0.0f : keep;
}

static inline float dlrelu(float y) { return y > 0 ? 1.0f : 0.1f; }

static void lstm_forward(const float *in, int n, int din, const float *Wx, const float *Wh,
                         const float *b, int H, int rev, layer_cache *c, int dir) {
    float *out = c->raw + (size_t)dir * H;
    int stride = 2 * H;
    nn_gemm(in, n, din, Wx, 4 * H, b, c->zx[dir]);
    for (int s = 0; s < n; s++) {
        int t = rev ? n - 1 - s : s, prev = rev ? t + 1 : t - 1;
        float *zz = c->zx[dir] + (size_t)t * 4 * H;
        const float *cp = NULL;
        if (s > 0) {
            nn_vecmat_acc(out + (size_t)prev * stride, H, Wh, 4 * H, zz);
            cp = c->cell[dir] + (size_t)prev * H;
        }
        nn_lstm_cell(zz, cp, H, c->gates[dir] + (size_t)t * 4 * H, c->cell[dir] + (size_t)t * H,
                     c->tcell[dir] + (size_t)t * H, out + (size_t)t * stride);
    }
}

/* dOut: N x 2H (this direction at offset dir*H); adds into dIn (N x din).
 * WxT and WhT are the transposed weights, so every product is an axpy. */
static void lstm_backward(const float *in, int n, int din, const float *WxT, const float *WhT,
                          int H, int rev, layer_cache *c, int dir, const float *dOut, float *dIn,
                          float *gWx, float *gWh, float *gb, nn_twork *w) {
    int stride = 2 * H;
    const float *out = c->raw + (size_t)dir * H;
    float *dZ = w->dz, *dh = w->dh, *dc = w->dc, *hprev = w->hprev;
    memset(dh, 0, (size_t)H * sizeof *dh);
    memset(dc, 0, (size_t)H * sizeof *dc);
    for (int s = n - 1; s >= 0; s--) {
        int t = rev ? n - 1 - s : s, prev = rev ? t + 1 : t - 1;
        const float *g = c->gates[dir] + (size_t)t * 4 * H, *tc = c->tcell[dir] + (size_t)t * H;
        const float *cp = s > 0 ? c->cell[dir] + (size_t)prev * H : NULL;
        const float *dout = dOut + (size_t)t * stride + (size_t)dir * H;
        float *dz = dZ + (size_t)t * 4 * H;
        for (int j = 0; j < H; j++) {
            float ig = g[j], fg = g[H + j], gg = g[2 * H + j], og = g[3 * H + j];
            float dhj = dout[j] + dh[j];
            float dcj = dc[j] + dhj * og * (1 - tc[j] * tc[j]);
            float dog = dhj * tc[j];
            dz[j] = dcj * gg * ig * (1 - ig);
            dz[H + j] = cp ? dcj * cp[j] * fg * (1 - fg) : 0.0f;
            dz[2 * H + j] = dcj * ig * (1 - gg * gg);
            dz[3 * H + j] = dog * og * (1 - og);
            dc[j] = dcj * fg;
        }
        memset(dh, 0, (size_t)H * sizeof *dh);
        float *hp = hprev + (size_t)t * H;
        if (s > 0) {
            memcpy(hp, out + (size_t)prev * stride, (size_t)H * sizeof *hp);
            nn_vecmat_acc(dz, 4 * H, WhT, H, dh);
        } else {
            memset(hp, 0, (size_t)H * sizeof *hp);
        }
    }
    nn_gemm_at(hprev, n, H, dZ, 4 * H, gWh);
    nn_gemm_at(in, n, din, dZ, 4 * H, gWx);
    for (int t = 0; t < n; t++)
        for (int j = 0; j < 4 * H; j++) gb[j] += dZ[(size_t)t * 4 * H + j];
    nn_gemm_acc(dZ, n, 4 * H, WxT, din, dIn);
}

static float softmax_ce(float *z, int n, int gold, float scale) {
    float mx = -FLT_MAX;
    for (int i = 0; i < n; i++)
        if (z[i] > mx) mx = z[i];
    float sum = 0;
    for (int i = 0; i < n; i++) sum += (z[i] = expf(z[i] - mx));
    float loss = logf(sum > 1e-30f ? sum : 1e-30f) - logf(z[gold] > 1e-30f ? z[gold] : 1e-30f);
    for (int i = 0; i < n; i++) z[i] = scale * (z[i] / sum - (i == gold));
    return loss;
}

/* Forward and backward over one sentence (in[0] = ROOT, N tokens). Adds the
 * dense gradient (offsets relative to l.dense) into g and writes dX (N x
 * d_in, the gradient of the embedded inputs). Returns the summed loss. */
double nn_sentence_grad(const nn_model *m, const float *PT, nn_twork *w, const nn_example *ex,
                        float scale, float drop, uint64_t seed, float *g, float *dX,
                        nn_input *used, nn_stats *st) {
    const nn_dims *d = &m->d;
    const nn_layout *l = &m->l;
    int N = ex->n + 1, H = (int)d->hidden, R = 2 * H, A = (int)d->d_arc, B = (int)d->d_lab;
    int T = (int)d->n_tags_out, L = (int)d->n_labels, din = (int)l->d_in;
    if (twork_reserve(w, m, N) != 0) return -1;
    nlp_rng r = {seed};
    const float *P = m->p;
#define G(off) (g + ((off) - l->dense))
    nn_input_root(m, &w->in[0]);
    for (int i = 0; i < ex->n; i++) {
        w->in[i + 1] = ex->in[i];
        if (drop > 0 && ex->count) {
            float c = (float)ex->count[i];
            if (nlp_rng_unit(&r) < 0.25f / (0.25f + c)) w->in[i + 1].word = NN_UNK;
        }
    }
    if (used) memcpy(used, w->in, (size_t)N * sizeof *used);
    nn_embed(m, w->in, N, w->x);
    make_mask(w->xmask, (size_t)N * din, drop, &r);
    for (size_t i = 0; i < (size_t)N * din; i++) w->x[i] *= w->xmask[i];
    const float *src = w->x;
    int sd = din;
    for (uint32_t k = 0; k < d->layers; k++) {
        layer_cache *c = &w->lc[k];
        for (int dir = 0; dir < 2; dir++)
            lstm_forward(src, N, sd, P + l->wx[k][dir], P + l->wh[k][dir], P + l->b[k][dir], H, dir,
                         c, dir);
        make_mask(c->mask, (size_t)N * R, drop, &r);
        for (size_t i = 0; i < (size_t)N * R; i++) c->out[i] = c->raw[i] * c->mask[i];
        src = c->out;
        sd = R;
    }
    const float *top = src;
    double loss = 0;
    memset(w->d_top, 0, (size_t)N * R * sizeof *w->d_top);
    /* tags */
    for (int i = 1; i < N; i++) {
        float *z = w->z;
        memcpy(z, P + l->tag_b, (size_t)T * sizeof *z);
        nn_vecmat_acc(top + (size_t)i * R, R, P + l->tag_w, T, z);
        int best = 0;
        for (int c = 1; c < T; c++)
            if (z[c] > z[best]) best = c;
        if (st) st->tag_right += best == ex->gold_tag[i - 1];
        loss += softmax_ce(z, T, ex->gold_tag[i - 1], scale);
        nn_gemm_at(top + (size_t)i * R, 1, R, z, T, G(l->tag_w));
        for (int c = 0; c < T; c++) G(l->tag_b)[c] += z[c];
        nn_gemm_acc(z, 1, T, PT + l->tag_w, R, w->d_top + (size_t)i * R);
    }
    /* arcs */
    nn_gemm(top, N, R, P + l->ad_w, A, P + l->ad_b, w->ad);
    nn_gemm(top, N, R, P + l->ah_w, A, P + l->ah_b, w->ah);
    for (size_t i = 0; i < (size_t)N * A; i++) {
        if (w->ad[i] < 0) w->ad[i] *= 0.1f;
        if (w->ah[i] < 0) w->ah[i] *= 0.1f;
    }
    nn_gemm(w->ah, N, A, P + l->u, A, NULL, w->q);
    for (int j = 0; j < N; j++) w->hb[j] = nn_dot(w->ah + (size_t)j * A, P + l->uh, A);
    memset(w->d_a, 0, (size_t)N * A * sizeof *w->d_a);
    memset(w->d_b, 0, (size_t)N * A * sizeof *w->d_b);
    memset(w->d_q, 0, (size_t)N * A * sizeof *w->d_q);
    memset(w->d_hb, 0, (size_t)N * sizeof *w->d_hb);
    for (int i = 1; i < N; i++) {
        float *s = w->s;
        const float *ad = w->ad + (size_t)i * A;
        for (int j = 0; j < N; j++) s[j] = j == i ? -1e30f : nn_dot(ad, w->q + (size_t)j * A, A) + w->hb[j];
        int best = 0;
        for (int j = 1; j < N; j++)
            if (s[j] > s[best]) best = j;
        if (st) st->head_right += best == ex->gold_head[i - 1];
        loss += softmax_ce(s, N, ex->gold_head[i - 1], scale);
        s[i] = 0;
        float *da = w->d_a + (size_t)i * A;
        for (int j = 0; j < N; j++) {
            if (s[j] == 0) continue;
            const float *q = w->q + (size_t)j * A;
            float *dq = w->d_q + (size_t)j * A;
            for (int a = 0; a < A; a++) {
                da[a] += s[j] * q[a];
                dq[a] += s[j] * ad[a];
            }
            w->d_hb[j] += s[j];
        }
    }
    for (int j = 0; j < N; j++) {
        const float *ah = w->ah + (size_t)j * A;
        float *db = w->d_b + (size_t)j * A, *guh = G(l->uh);
        const float *uh = P + l->uh;
        for (int a = 0; a < A; a++) {
            guh[a] += w->d_hb[j] * ah[a];
            db[a] += w->d_hb[j] * uh[a];
        }
    }
    nn_gemm_at(w->ah, N, A, w->d_q, A, G(l->u));
    nn_gemm_acc(w->d_q, N, A, PT + l->u, A, w->d_b);
    for (size_t i = 0; i < (size_t)N * A; i++) {
        w->d_a[i] *= dlrelu(w->ad[i]);
        w->d_b[i] *= dlrelu(w->ah[i]);
    }
    nn_gemm_at(top, N, R, w->d_a, A, G(l->ad_w));
    nn_gemm_at(top, N, R, w->d_b, A, G(l->ah_w));
    for (int t = 0; t < N; t++)
        for (int a = 0; a < A; a++) {
            G(l->ad_b)[a] += w->d_a[(size_t)t * A + a];
            G(l->ah_b)[a] += w->d_b[(size_t)t * A + a];
        }
    nn_gemm_acc(w->d_a, N, A, PT + l->ad_w, R, w->d_top);
    nn_gemm_acc(w->d_b, N, A, PT + l->ah_w, R, w->d_top);
    /* labels, given the gold head */
    nn_gemm(top, N, R, P + l->ld_w, B, P + l->ld_b, w->ld);
    nn_gemm(top, N, R, P + l->lh_w, B, P + l->lh_b, w->lh);
    for (size_t i = 0; i < (size_t)N * B; i++) {
        if (w->ld[i] < 0) w->ld[i] *= 0.1f;
        if (w->lh[i] < 0) w->lh[i] *= 0.1f;
    }
    memset(w->d_ld, 0, (size_t)N * B * sizeof *w->d_ld);
    memset(w->d_lh, 0, (size_t)N * B * sizeof *w->d_lh);
    for (int i = 1; i < N; i++) {
        int h = ex->gold_head[i - 1];
        const float *ld = w->ld + (size_t)i * B, *lh = w->lh + (size_t)h * B;
        float *f = w->feat, *z = w->z;
        for (int k = 0; k < B; k++) {
            f[k] = ld[k];
            f[B + k] = lh[k];
            f[2 * B + k] = ld[k] * lh[k];
        }
        memcpy(z, P + l->lab_b, (size_t)L * sizeof *z);
        nn_vecmat_acc(f, 3 * B, P + l->lab_w, L, z);
        int best = 0;
        for (int c = 1; c < L; c++)
            if (z[c] > z[best]) best = c;
        if (st) st->label_right += best == ex->gold_label[i - 1];
        loss += softmax_ce(z, L, ex->gold_label[i - 1], scale);
        nn_gemm_at(f, 1, 3 * B, z, L, G(l->lab_w));
        for (int c = 0; c < L; c++) G(l->lab_b)[c] += z[c];
        float *df = w->d_feat;
        memset(df, 0, (size_t)3 * B * sizeof *df);
        nn_gemm_acc(z, 1, L, PT + l->lab_w, 3 * B, df);
        float *dld = w->d_ld + (size_t)i * B, *dlh = w->d_lh + (size_t)h * B;
        for (int k = 0; k < B; k++) {
            dld[k] += df[k] + df[2 * B + k] * lh[k];
            dlh[k] += df[B + k] + df[2 * B + k] * ld[k];
        }
    }
    for (size_t i = 0; i < (size_t)N * B; i++) {
        w->d_ld[i] *= dlrelu(w->ld[i]);
        w->d_lh[i] *= dlrelu(w->lh[i]);
    }
    nn_gemm_at(top, N, R, w->d_ld, B, G(l->ld_w));
    nn_gemm_at(top, N, R, w->d_lh, B, G(l->lh_w));
    for (int t = 0; t < N; t++)
        for (int k = 0; k < B; k++) {
            G(l->ld_b)[k] += w->d_ld[(size_t)t * B + k];
            G(l->lh_b)[k] += w->d_lh[(size_t)t * B + k];
        }
    nn_gemm_acc(w->d_ld, N, B, PT + l->ld_w, R, w->d_top);
    nn_gemm_acc(w->d_lh, N, B, PT + l->lh_w, R, w->d_top);
    /* down through the LSTM layers */
    float *dcur = w->d_top; /* gradient of layer k's dropped output */
    for (int k = (int)d->layers - 1; k >= 0; k--) {
        layer_cache *c = &w->lc[k];
        for (size_t i = 0; i < (size_t)N * R; i++) dcur[i] *= c->mask[i];
        const float *in = k == 0 ? w->x : w->lc[k - 1].out;
        int kin = k == 0 ? din : R;
        float *dIn = w->d_in;
        memset(dIn, 0, (size_t)N * kin * sizeof *dIn);
        for (int dir = 0; dir < 2; dir++)
            lstm_backward(in, N, kin, PT + l->wx[k][dir], PT + l->wh[k][dir], H, dir, c, dir, dcur,
                          dIn, G(l->wx[k][dir]), G(l->wh[k][dir]), G(l->b[k][dir]), w);
        if (k > 0) {
            memcpy(w->d_top, dIn, (size_t)N * R * sizeof *dIn);
            dcur = w->d_top;
        } else {
            for (size_t i = 0; i < (size_t)N * din; i++) dX[i] = dIn[i] * w->xmask[i];
        }
    }
#undef G
    if (st) st->words += (size_t)ex->n;
    return loss;
}

void nn_transpose_params(const nn_model *m, float *PT) {
    const nn_dims *d = &m->d;
    const nn_layout *l = &m->l;
    const float *P = m->p;
    int H = (int)d->hidden, R = 2 * H, A = (int)d->d_arc, B = (int)d->d_lab;
    for (uint32_t k = 0; k < d->layers; k++)
        for (int dir = 0; dir < 2; dir++) {
            int in = k == 0 ? (int)l->d_in : R;
            nn_transpose(P + l->wx[k][dir], in, 4 * H, PT + l->wx[k][dir]);
            nn_transpose(P + l->wh[k][dir], H, 4 * H, PT + l->wh[k][dir]);
        }
    nn_transpose(P + l->tag_w, R, (int)d->n_tags_out, PT + l->tag_w);
    nn_transpose(P + l->ad_w, R, A, PT + l->ad_w);
    nn_transpose(P + l->ah_w, R, A, PT + l->ah_w);
    nn_transpose(P + l->u, A, A, PT + l->u);
    nn_transpose(P + l->ld_w, R, B, PT + l->ld_w);
    nn_transpose(P + l->lh_w, R, B, PT + l->lh_w);
    nn_transpose(P + l->lab_w, 3 * B, (int)d->n_labels, PT + l->lab_w);
}

/* Adds dX of one sentence into the embedding gradient, marking rows. */
void nn_scatter_embed(const nn_model *m, const nn_input *in, int N, const float *dX, float *g_emb,
                      unsigned char *touched) {
    const nn_dims *d = &m->d;
    size_t din = m->l.d_in;
    for (int t = 0; t < N; t++) {
        const float *dx = dX + (size_t)t * din;
        size_t row = m->l.word + (size_t)in[t].word * d->d_word;
        for (uint32_t j = 0; j < d->d_word; j++) g_emb[row + j] += dx[j];
        touched[row] = 1;
        const float *dg = dx + d->d_word;
        for (uint32_t k = 0; k < in[t].n_gram; k++) {
            size_t gr = m->l.gram + (size_t)in[t].gram[k] * d->d_gram;
            for (uint32_t j = 0; j < d->d_gram; j++) g_emb[gr + j] += dg[j] / (float)in[t].n_gram;
            touched[gr] = 1;
        }
        size_t sr = m->l.shape + (size_t)in[t].shape * d->d_shape;
        for (uint32_t j = 0; j < d->d_shape; j++) g_emb[sr + j] += dg[d->d_gram + j];
        touched[sr] = 1;
        size_t tr = m->l.tag + (size_t)in[t].tag * d->d_tag;
        for (uint32_t j = 0; j < d->d_tag; j++) g_emb[tr + j] += dg[d->d_gram + d->d_shape + j];
        touched[tr] = 1;
    }
}
