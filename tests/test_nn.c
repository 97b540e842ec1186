/* test_nn.c - tests of the neural tagger and parser (src/nlp/nn_*.c): the
 * gradient of a sentence's loss against finite differences, Eisner
 * decoding against brute force over all projective trees, the kernels
 * against naive loops, and nn.bin round trip and corruption. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "nlp/nn.h"
#include "nlp/nn_train.h"

static uint64_t rs = 12345;
static float frand(void) {
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((rs >> 40) & 0xffffff) / (float)(1 << 24) * 2.0f - 1.0f;
}

typedef struct tiny {
    nn_model m;
    float *p;
    uint8_t upos[4], xpos[4];
} tiny;

static void tiny_make(tiny *t, uint32_t layers) {
    memset(t, 0, sizeof *t);
    nn_dims d = {.n_words = 6, .d_word = 3, .n_grams = 8, .d_gram = 2, .n_shapes = NN_SHAPES,
                 .d_shape = 2, .n_tags_in = 5, .d_tag = 2, .hidden = 3, .layers = layers,
                 .d_arc = 3, .d_lab = 2, .n_labels = PARLEY_DEP_COUNT, .n_tags_out = 4};
    t->m.d = d;
    assert_int_equal(nn_layout_of(&t->m.d, &t->m.l), 0);
    t->p = malloc(t->m.l.total * sizeof *t->p);
    for (size_t i = 0; i < t->m.l.total; i++) t->p[i] = 0.5f * frand();
    t->m.p = t->p;
    for (int c = 0; c < 4; c++) t->upos[c] = (uint8_t)c, t->xpos[c] = (uint8_t)c;
    t->m.tag_upos = t->upos;
    t->m.tag_xpos = t->xpos;
}

static nn_example tiny_sentence(nn_input *in, int *tags, int *heads, int *labels) {
    static const int h[4] = {2, 0, 2, 3};
    for (int i = 0; i < 4; i++) {
        memset(&in[i], 0, sizeof in[i]);
        in[i].word = 2 + (uint32_t)i % 4;
        in[i].n_gram = 2;
        in[i].gram[0] = (uint32_t)i;
        in[i].gram[1] = 7 - (uint32_t)i;
        in[i].shape = (uint32_t)i;
        in[i].tag = (uint32_t)i % 4;
        tags[i] = (i + 1) % 4;
        heads[i] = h[i];
        labels[i] = h[i] == 0 ? PARLEY_DEP_ROOT : 3 + i;
    }
    nn_example ex = {4, in, NULL, tags, heads, labels};
    return ex;
}

static double loss_of(const tiny *t, nn_twork *w, const nn_example *ex, float *g, float *dX) {
    float *pt = calloc(t->m.l.total, sizeof *pt);
    nn_transpose_params(&t->m, pt);
    double loss = nn_sentence_grad(&t->m, pt, w, ex, 1.0f, 0.0f, 1, g, dX, NULL, NULL);
    free(pt);
    return loss;
}

/* Every dense parameter and every embedding entry the sentence uses: the
 * analytic gradient agrees with central differences (double-checked in
 * float: relative error under 2% or absolute under 2e-3). */
static void check_gradient(uint32_t layers) {
    tiny t;
    tiny_make(&t, layers);
    nn_input in[4];
    int tags[4], heads[4], labels[4];
    nn_example ex = tiny_sentence(in, tags, heads, labels);
    nn_twork *w = nn_twork_new();
    size_t nd = t.m.l.total - t.m.l.dense;
    float *g = calloc(nd, sizeof *g), *g2 = calloc(nd, sizeof *g2);
    float *dX = calloc(5 * (size_t)t.m.l.d_in, sizeof *dX), *dX2 = calloc(5 * (size_t)t.m.l.d_in, sizeof *dX2);
    float *ge = calloc(t.m.l.dense, sizeof *ge);
    unsigned char *touched = calloc(t.m.l.dense, 1);
    nn_input used[5];
    float *pt = calloc(t.m.l.total, sizeof *pt);
    nn_transpose_params(&t.m, pt);
    assert_true(nn_sentence_grad(&t.m, pt, w, &ex, 1.0f, 0.0f, 1, g, dX, used, NULL) > 0);
    free(pt);
    nn_scatter_embed(&t.m, used, 5, dX, ge, touched);
    int checked = 0, bad = 0, kinks = 0;
    for (size_t i = 0; i < t.m.l.total; i++) {
        float analytic = i >= t.m.l.dense ? g[i - t.m.l.dense] : ge[i];
        if (i < t.m.l.dense && analytic == 0) continue; /* rows the sentence does not use */
        float keep = t.p[i], eps = 2e-3f;
        t.p[i] = keep + eps;
        double up = loss_of(&t, w, &ex, g2, dX2);
        t.p[i] = keep - eps;
        double down = loss_of(&t, w, &ex, g2, dX2);
        t.p[i] = keep;
        double numeric = (up - down) / (2 * eps);
        double diff = fabs(numeric - analytic);
        if (diff > 2e-3 && diff > 0.02 * fabs(numeric)) {
            /* a leaky ReLU's kink inside [-eps, eps]: the analytic gradient
             * is then one of the one-sided slopes, not their mean */
            double mid = loss_of(&t, w, &ex, g2, dX2);
            double right = (up - mid) / eps, left = (mid - down) / eps;
            double dr = fabs(right - analytic), dl = fabs(left - analytic);
            if ((dr < 5e-3 || dr < 0.05 * fabs(right)) || (dl < 5e-3 || dl < 0.05 * fabs(left))) {
                kinks++;
                checked++;
                continue;
            }
            if (bad < 10) print_message("param %zu: analytic %g numeric %g\n", i, analytic, numeric);
            bad++;
        }
        checked++;
    }
    assert_true(checked > 200);
    assert_true(kinks < checked / 20);
    assert_int_equal(bad, 0);
    nn_twork_free(w);
    free(g), free(g2), free(dX), free(dX2), free(ge), free(touched), free(t.p);
}

static void test_gradient_one_layer(void **state) {
    (void)state;
    check_gradient(1);
}

static void test_gradient_two_layers(void **state) {
    (void)state;
    check_gradient(2);
}

/* ---- Eisner against brute force ------------------------------------------ */

static int is_projective_tree(const int *head, int n) {
    int roots = 0;
    for (int i = 1; i <= n; i++) {
        if (head[i] == 0) roots++;
        int x = i, steps = 0;
        while (x != 0 && steps <= n) x = head[x], steps++;
        if (x != 0) return 0;
    }
    if (roots != 1) return 0;
    for (int i = 1; i <= n; i++) {
        int lo = i < head[i] ? i : head[i], hi = i < head[i] ? head[i] : i;
        for (int k = lo + 1; k < hi; k++) {
            int x = k;
            while (x != 0 && x != head[i]) x = head[x];
            if (x != head[i]) return 0;
        }
    }
    return 1;
}

static double tree_score(const float *S, int N, const int *head) {
    double s = 0;
    for (int i = 1; i < N; i++) s += S[(size_t)i * N + head[i]];
    return s;
}

static void test_eisner_brute_force(void **state) {
    (void)state;
    float S[7 * 7], tab[6 * 7 * 7];
    int bp[6 * 7 * 7], head[7], h[7];
    assert_true(nn_eisner_floats(7) <= (size_t)6 * 7 * 7);
    for (int trial = 0; trial < 60; trial++) {
        int n = 1 + trial % 6, N = n + 1;
        for (int i = 0; i < N * N; i++) S[i] = 3 * frand();
        int root = trial % 3 == 0 ? 1 + trial % n : 0;
        memset(head, -1, sizeof head);
        int r = nn_eisner(S, N, root, tab, bp, head);
        assert_true(is_projective_tree(head, n));
        if (root) assert_int_equal(r, root), assert_int_equal(head[root], 0);
        double best = -1e30;
        long total = 1;
        for (int i = 0; i < n; i++) total *= N;
        for (long code = 0; code < total; code++) {
            long c = code;
            h[0] = 0;
            for (int i = 1; i <= n; i++) h[i] = (int)(c % N), c /= N;
            int self = 0;
            for (int i = 1; i <= n; i++) self |= h[i] == i;
            if (self || !is_projective_tree(h, n)) continue;
            if (root && h[root] != 0) continue;
            double v = tree_score(S, N, h);
            if (v > best) best = v;
        }
        assert_true(fabs(tree_score(S, N, head) - best) < 1e-4);
    }
}

/* The greedy shortcut: when every word's best head makes a valid tree it
 * is Eisner's tree; a cycle, two roots, a crossing arc or a forced root
 * not taken send the sentence to Eisner. */
static void test_greedy_tree(void **state) {
    (void)state;
    float S[7 * 7], tab[6 * 7 * 7];
    int bp[6 * 7 * 7], head[7], h2[7], mark[7];
    int passed = 0;
    for (int trial = 0; trial < 400; trial++) {
        int n = 1 + trial % 6, N = n + 1;
        for (int i = 0; i < N * N; i++) S[i] = 3 * frand();
        for (int i = 0; i < N; i++) S[i * N + i] = -1e30f;
        int root = trial % 3 == 0 ? 1 + trial % n : 0;
        if (!nn_greedy_tree(S, N, root, head, mark)) continue;
        passed++;
        assert_true(is_projective_tree(head, n));
        nn_eisner(S, N, root, tab, bp, h2);
        for (int i = 1; i < N; i++) assert_int_equal(head[i], h2[i]);
    }
    assert_true(passed > 20);
    /* hand-made heads through one-hot scores: S[i][h] = 1 for the head wanted */
    static const int cases[][6] = {
        {0, 0, 1, 2, 3, 1},   /* 1..5 a projective tree: passes */
        {0, 2, 1, 0, 3, 3},   /* 1 <-> 2: a cycle */
        {0, 0, 0, 2, 2, 4},   /* two dependents of ROOT */
        {0, 3, 0, 2, 1, 4},   /* 3 -> 1 covers 2 whose head 0 is outside: crossing */
    };
    for (int c = 0; c < 4; c++) {
        int n = 5, N = 6;
        for (int i = 0; i < N * N; i++) S[i] = 0;
        for (int i = 1; i < N; i++) S[i * N + cases[c][i]] = 1, S[i * N + i] = -1e30f;
        assert_int_equal(nn_greedy_tree(S, N, 0, head, mark), c == 0);
        if (c == 0) {
            assert_true(is_projective_tree(head, n));
            assert_int_equal(nn_greedy_tree(S, N, 2, head, mark), 0); /* 1 is the root */
            assert_int_equal(nn_greedy_tree(S, N, 1, head, mark), 1);
        }
    }
}

/* ---- kernels against naive loops ---------------------------------------- */

static void test_kernels(void **state) {
    (void)state;
    enum { M = 7, IN = 13, OUT = 21 };
    float X[M * IN], W[IN * OUT], b[OUT], Y[M * OUT], Y2[M * OUT], WT[OUT * IN], dY[M * OUT];
    for (int i = 0; i < M * IN; i++) X[i] = frand();
    for (int i = 0; i < IN * OUT; i++) W[i] = frand();
    for (int i = 0; i < OUT; i++) b[i] = frand();
    for (int i = 0; i < M * OUT; i++) dY[i] = frand();
    nn_gemm(X, M, IN, W, OUT, b, Y);
    for (int r = 0; r < M; r++)
        for (int j = 0; j < OUT; j++) {
            double s = b[j];
            for (int k = 0; k < IN; k++) s += (double)X[r * IN + k] * W[k * OUT + j];
            assert_true(fabs(s - Y[r * OUT + j]) < 1e-4);
        }
    memcpy(Y2, Y, sizeof Y);
    nn_gemm_acc(X, M, IN, W, OUT, Y2);
    for (int i = 0; i < M * OUT; i++) assert_true(fabsf(Y2[i] - (2 * Y[i] - b[i % OUT])) < 1e-4f);
    nn_transpose(W, IN, OUT, WT);
    float dX2[M * IN] = {0}, dW[IN * OUT] = {0};
    nn_gemm_acc(dY, M, OUT, WT, IN, dX2);
    nn_gemm_at(X, M, IN, dY, OUT, dW);
    for (int r = 0; r < M; r++)
        for (int k = 0; k < IN; k++) {
            double s = 0;
            for (int j = 0; j < OUT; j++) s += (double)dY[r * OUT + j] * W[k * OUT + j];
            assert_true(fabs(s - dX2[r * IN + k]) < 1e-4);
        }
    for (int k = 0; k < IN; k++)
        for (int j = 0; j < OUT; j++) {
            double s = 0;
            for (int r = 0; r < M; r++) s += (double)X[r * IN + k] * dY[r * OUT + j];
            assert_true(fabs(s - dW[k * OUT + j]) < 1e-4);
        }
    /* packed panels (inference) against the plain product, for widths with
     * and without a partial panel and for 1 to 7 rows */
    if (nn_packed_ok()) {
        enum { IN2 = 37, W2 = 80 };
        static float A[7 * IN2], B[IN2 * W2], P[IN2 * W2], Y1[7 * W2], Y2p[7 * W2], bias[W2];
        for (int i = 0; i < 7 * IN2; i++) A[i] = frand();
        for (int i = 0; i < IN2 * W2; i++) B[i] = frand();
        for (int i = 0; i < W2; i++) bias[i] = frand();
        const int widths[4] = {16, 51, 64, 80};
        for (int wi = 0; wi < 4; wi++)
            for (int rows = 1; rows <= 7; rows++) {
                int w = widths[wi];
                float Bw[IN2 * W2];
                for (int k = 0; k < IN2; k++) memcpy(Bw + (size_t)k * w, B + (size_t)k * W2, (size_t)w * sizeof *Bw);
                nn_pack(Bw, IN2, w, P);
                nn_gemm(A, rows, IN2, Bw, w, bias, Y1);
                for (int r = 0; r < rows; r++) memcpy(Y2p + (size_t)r * w, bias, (size_t)w * sizeof *bias);
                nn_pgemm_acc(A, rows, IN2, P, w, Y2p);
                for (int i = 0; i < rows * w; i++) assert_true(fabsf(Y1[i] - Y2p[i]) < 1e-5f);
            }
    }
}

/* ---- int8 products (nn_q8.c) ---------------------------------------------- */

/* random X (m x in) and W (in x out) scaled, so the quantisers see
 * magnitudes other than 1 */
static void q8_fill(float *X, int m, int in, float *W, int out, float sx, float sw) {
    for (int i = 0; i < m * in; i++) X[i] = sx * frand();
    for (int i = 0; i < in * out; i++) W[i] = sw * frand();
}

typedef void (*q8_fn)(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch);

/* a kernel against the plain C reference: the same bits (outputs and
 * quantised rows), on row counts around the 4-row blocks, widths around
 * the 8- and 16-column groups and the 3- and 4-group blocks, inputs around
 * the 4-byte groups; then on the network's shapes, up to 32 rows */
static void q8_compare(q8_fn fn) {
    static const int ins[] = {3, 4, 5, 64, 100, 128, 190};
    static const int outs[] = {1, 15, 16, 17, 48, 102, 256};
    static const int ins2[] = {64, 128, 144, 256};
    static const int outs2[] = {37, 96, 102, 128, 256, 512};
    static const int ms2[] = {1, 2, 3, 4, 5, 7, 8, 12, 13, 32};
    enum { MAXM = 32, MAXIN = 256, MAXOUT = 512 };
    static float X[MAXM * MAXIN], W[MAXIN * MAXOUT], Y1[MAXM * MAXOUT], Y2[MAXM * MAXOUT];
    static uint8_t s1[MAXM * MAXIN], s2[MAXM * MAXIN];
    int compared = 0;
    for (int grid = 0; grid < 2; grid++) {
        int nin = grid ? 4 : 7, nout = grid ? 6 : 7, nm = grid ? 10 : 8;
        for (int ii = 0; ii < nin; ii++)
            for (int oi = 0; oi < nout; oi++) {
                int in = grid ? ins2[ii] : ins[ii], out = grid ? outs2[oi] : outs[oi];
                q8_fill(X, MAXM, in, W, out, 3.0f, 0.25f);
                nn_q8 q;
                assert_int_equal(nn_q8_init(&q, W, in, out), 0);
                for (int mi = 0; mi < nm; mi++) {
                    int m = grid ? ms2[mi] : mi < 5 ? mi + 1 : 6 + 3 * (mi - 5); /* 1..5, 6, 9, 12 */
                    for (int i = 0; i < m * out; i++) Y1[i] = Y2[i] = frand();
                    memset(s1, 0xa5, sizeof s1), memset(s2, 0x5a, sizeof s2);
                    nn_q8_gemm_acc_ref(X, m, &q, Y1, s1);
                    fn(X, m, &q, Y2, s2);
                    assert_memory_equal(Y1, Y2, (size_t)m * (size_t)out * sizeof *Y1);
                    assert_memory_equal(s1, s2, nn_q8_scratch_bytes(&q, m));
                    compared++;
                }
                nn_q8_free(&q);
            }
    }
    assert_int_equal(compared, 7 * 7 * 8 + 4 * 6 * 10);
}

/* the VNNI kernel (nn_q8_gemm_acc where nn_q8_ok()) */
static void test_q8_kernel_matches_reference(void **state) {
    (void)state;
    if (!nn_q8_ok()) return; /* nothing to compare on this processor */
    q8_compare(nn_q8_gemm_acc);
}

/* the AVX2 kernel, called directly: nn_q8_gemm_acc takes it only on
 * processors without VNNI */
static void test_q8_avx2_matches_reference(void **state) {
    (void)state;
    if (!nn_q8_avx2_ok()) return; /* nothing to compare on this processor */
    q8_compare(nn_q8_gemm_acc_avx2);
}

/* The reference (so the kernel too) against the float product: every
 * output within the bound that rounding x and w to half a step each
 * allows, sum_k |x| s/2 + |w| a/2 + a s/4 (a, s: the row's and column's
 * steps), and the errors as a whole like rounding noise: their root mean
 * square under a tenth of the mean bound. A lost offset or sign is off by
 * many bounds. */
static void test_q8_against_float(void **state) {
    (void)state;
    enum { M = 9, IN = 190, OUT = 102 };
    static float X[M * IN], W[IN * OUT], Y[M * OUT];
    static uint8_t scratch[M * ((IN + 3) / 4 * 4)]; /* rows of in4 bytes */
    static const int ins[] = {3, 5, 64, 128, 190};
    for (int ii = 0; ii < 5; ii++) {
        int in = ins[ii];
        q8_fill(X, M, in, W, OUT, 2.0f, 0.5f);
        X[3] = -2.5f; /* a row whose largest magnitude is negative */
        nn_q8 q;
        assert_int_equal(nn_q8_init(&q, W, in, OUT), 0);
        memset(Y, 0, sizeof Y);
        nn_q8_gemm_acc_ref(X, M, &q, Y, scratch);
        double sq = 0, bounds = 0;
        for (int r = 0; r < M; r++) {
            float ax = 0;
            for (int k = 0; k < in; k++) ax = fmaxf(ax, fabsf(X[r * in + k]));
            for (int j = 0; j < OUT; j++) {
                float aw = 0;
                for (int k = 0; k < in; k++) aw = fmaxf(aw, fabsf(W[k * OUT + j]));
                double a = ax / 127.0, s = aw / 127.0, exact = 0, bound = 0;
                for (int k = 0; k < in; k++) {
                    double x = X[r * in + k], w = W[k * OUT + j];
                    exact += x * w;
                    bound += fabs(x) * s / 2 + fabs(w) * a / 2 + a * s / 4;
                }
                double err = fabs(Y[r * OUT + j] - exact);
                assert_true(err <= bound * 1.001 + 1e-6);
                sq += err * err;
                bounds += bound;
            }
        }
        double rms = sqrt(sq / (M * OUT)), mean_bound = bounds / (M * OUT);
        if (in >= 64) assert_true(rms < 0.1 * mean_bound);
        nn_q8_free(&q);
    }
}

/* A row of zeros adds nothing (a -0 stays -0); a column of zeros is
 * stored as zeros with scale 1 and adds exact zeros. Every path. */
/* Quantised once, multiplied in bias mode (Y = b + X W) by each kernel:
 * the same bits as copying b into every row and accumulating, a row of
 * zeros giving b exactly. */
static void test_q8_rows_bias(void **state) {
    (void)state;
    enum { M = 9, IN = 70, OUT = 41 };
    float X[M * IN], W[IN * OUT], b[OUT], Y[M * OUT], Y0[M * OUT], a[M];
    uint8_t xq[M * 72], scratch[M * 72];
    q8_fill(X, M, IN, W, OUT, 1.0f, 1.0f);
    for (int j = 0; j < OUT; j++) b[j] = frand();
    for (int k = 0; k < IN; k++) X[4 * IN + k] = 0;
    nn_q8 q;
    assert_int_equal(nn_q8_init(&q, W, IN, OUT), 0);
    for (int r = 0; r < M; r++) memcpy(Y0 + (size_t)r * OUT, b, sizeof b);
    nn_q8_gemm_acc_ref(X, M, &q, Y0, scratch);
    nn_q8_quantise(X, M, IN, xq, a);
    assert_memory_equal(xq, scratch, (size_t)M * 72);
    for (int kernel = 0; kernel < 3; kernel++) {
        memset(Y, 0x7f, sizeof Y);
        nn_q8_gemm_rows_with(kernel, xq, a, M, &q, b, Y);
        assert_memory_equal(Y, Y0, sizeof Y);
        assert_memory_equal(Y + (size_t)4 * OUT, b, sizeof b);
    }
    memset(Y, 0x7f, sizeof Y);
    nn_q8_gemm_rows(xq, a, M, &q, b, Y);
    assert_memory_equal(Y, Y0, sizeof Y);
    nn_q8_free(&q);
}

static void test_q8_zeros(void **state) {
    (void)state;
    enum { M = 6, IN = 37, OUT = 35 };
    float X[M * IN], W[IN * OUT], Y[M * OUT], Y0[M * OUT];
    uint8_t scratch[M * 40];
    q8_fill(X, M, IN, W, OUT, 1.0f, 1.0f);
    for (int k = 0; k < IN; k++) X[2 * IN + k] = 0, W[k * OUT + 20] = 0;
    X[2 * IN + 5] = -0.0f;
    nn_q8 q;
    assert_int_equal(nn_q8_init(&q, W, IN, OUT), 0);
    assert_int_equal(q.colsum[20], 0);
    assert_true(q.scale[20] == 1.0f);
    for (int k = 0; k < IN; k++) assert_int_equal(q.w[(((20 / 16) * (q.in4 / 4) + k / 4) * 16 + 20 % 16) * 4 + k % 4], 0);
    assert_true(q.scale[OUT] == 1.0f && q.colsum[OUT] == 0); /* padding columns */
    for (int path = 0; path < 3; path++) {
        for (int i = 0; i < M * OUT; i++) Y0[i] = 1.0f + (float)i;
        for (int j = 0; j < OUT; j += 3) Y0[2 * OUT + j] = -0.0f;
        memcpy(Y, Y0, sizeof Y);
        if (path == 2) nn_q8_gemm_acc_avx2(X, M, &q, Y, scratch);
        else if (path) nn_q8_gemm_acc(X, M, &q, Y, scratch);
        else nn_q8_gemm_acc_ref(X, M, &q, Y, scratch);
        assert_memory_equal(Y + (size_t)2 * OUT, Y0 + (size_t)2 * OUT, OUT * sizeof *Y);
        int changed = 0;
        for (int r = 0; r < M; r++) {
            assert_memory_equal(&Y[r * OUT + 20], &Y0[r * OUT + 20], sizeof *Y);
            for (int j = 0; j < OUT; j++) changed += Y[r * OUT + j] != Y0[r * OUT + j];
        }
        assert_true(changed > (M - 1) * (OUT - 1) * 9 / 10);
    }
    nn_q8_free(&q);
}

/* ---- nn.bin ---------------------------------------------------------------- */

static void test_model_file(void **state) {
    (void)state;
    tiny t;
    tiny_make(&t, 2);
    uint64_t keys[4] = {11, 22, 33, 44};
    uint32_t rows[4] = {2, 3, 4, 5};
    t.m.n_vocab = 4;
    t.m.vocab_keys = keys;
    t.m.vocab_rows = rows;
    char path[] = "/tmp/parley_test_nn_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(nn_save(&t.m, t.p, t.upos, t.xpos, path, &err), PARLEY_OK);
    nlp_nn nn;
    assert_int_equal(nlp_nn_load(&nn, path, &err), PARLEY_OK);
    assert_int_equal(nn.m.l.total, t.m.l.total);
    for (size_t i = 0; i < t.m.l.total; i++) {
        assert_true(fabsf(nn.m.p[i] - t.p[i]) <= fabsf(t.p[i]) / 1024 + 1e-7f);
        t.p[i] = nn.m.p[i]; /* the in-memory model below runs on the same halves */
    }
    assert_int_equal(nn.m.n_vocab, 4);
    /* the loaded model tags and parses like the one in memory */
    nn_input in[5];
    int tags[4], heads[4], labels[4];
    tiny_sentence(in + 1, tags, heads, labels);
    nn_input_root(&nn.m, &in[0]);
    nn_work w1, w2;
    memset(&w1, 0, sizeof w1), memset(&w2, 0, sizeof w2);
    int c1[4], c2[4], h1[5], h2[5], l1[5], l2[5];
    assert_int_equal(nn_work_reserve(&w1, &nn.m.d, 5), 0);
    assert_int_equal(nn_work_reserve(&w2, &t.m.d, 5), 0);
    nn_encode(&nn.m, &w1, in, 5);
    nn_tag(&nn.m, &w1, 5, c1);
    nn_parse(&nn.m, &w1, 5, 0, h1, l1);
    nn_encode(&t.m, &w2, in, 5);
    nn_tag(&t.m, &w2, 5, c2);
    nn_parse(&t.m, &w2, 5, 0, h2, l2);
    assert_memory_equal(c1, c2, sizeof c1);
    assert_memory_equal(h1 + 1, h2 + 1, 4 * sizeof *h1);
    assert_memory_equal(l1 + 1, l2 + 1, 4 * sizeof *l1);
    nn_work_free(&w1), nn_work_free(&w2);
    nlp_nn_release(&nn);
    /* truncated at every 97th byte, and garbled at the dimensions, a weight
     * and the vocabulary: a clear error, never a crash */
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    rewind(fp);
    unsigned char *img = malloc((size_t)len);
    assert_int_equal(fread(img, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    for (long cut = 0; cut < len; cut += 97) {
        fp = fopen(path, "wb");
        fwrite(img, 1, (size_t)cut, fp);
        fclose(fp);
        assert_int_not_equal(nlp_nn_load(&nn, path, &err), PARLEY_OK);
    }
    long at_dims = 32 + 16, at_param = 32 + 16 + 56 + 16 + 20, at_vocab = len - 8L * 6;
    const long spots[3] = {at_dims + 4L * 9, at_param, at_vocab};
    const unsigned char junk[3][4] = {{0xff, 0xff, 0xff, 0x7f}, {0x00, 0x7e, 0x00, 0x7c}, {0, 0, 0, 0}};
    for (int k = 0; k < 3; k++) {
        unsigned char *bad = malloc((size_t)len);
        memcpy(bad, img, (size_t)len);
        memcpy(bad + spots[k], junk[k], 4);
        fp = fopen(path, "wb");
        fwrite(bad, 1, (size_t)len, fp);
        fclose(fp);
        parley_error_clear(&err);
        parley_status st = nlp_nn_load(&nn, path, &err);
        if (k < 2) {
            assert_int_equal(st, PARLEY_ERR_MODEL);
            assert_non_null(strstr(err.message, k == 0 ? "dimensions" : "not finite"));
        } else if (st == PARLEY_OK) {
            nlp_nn_release(&nn);
        }
        free(bad);
    }
    free(img);
    unlink(path);
    free(t.p);
}

/* the rational tanh of the LSTM cells: within 4e-7 of tanh everywhere */
static void test_tanh(void **state) {
    (void)state;
    double worst = 0;
    for (int i = -20000; i <= 20000; i++) {
        double x = i * 1e-3;
        double e = fabs((double)nn_tanh((float)x) - tanh(x));
        if (e > worst) worst = e;
    }
    assert_true(worst < 4e-7);
    assert_true(nn_tanh(0.0f) == 0.0f);
    assert_true(nn_tanh(100.0f) <= 1.0f && nn_tanh(100.0f) > 0.9999f);
}

static void test_half_precision(void **state) {
    (void)state;
    const float exact[] = {0.0f, -0.0f, 1.0f, -2.5f, 65504.0f, 6.103515625e-05f, 5.960464477539063e-08f};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        assert_true(nn_float_of(nn_half_of(exact[i])) == exact[i]);
    assert_true(isinf(nn_float_of(nn_half_of(1e6f))));
    assert_true(isnan(nn_float_of(nn_half_of(NAN))));
    assert_true(nn_float_of(nn_half_of(1e-9f)) == 0.0f);
    /* round to nearest even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 */
    assert_true(nn_float_of(nn_half_of(1.0f + 1.0f / 2048)) == 1.0f);
    assert_true(nn_float_of(nn_half_of(1.0f + 3.0f / 2048)) == 1.0f + 2.0f / 1024);
    for (int i = 0; i < 100000; i++) {
        float x = frand() * 100;
        float y = nn_float_of(nn_half_of(x));
        assert_true(fabsf(x - y) <= fabsf(x) / 2048 + 6e-8f);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_one_layer),
        cmocka_unit_test(test_gradient_two_layers),
        cmocka_unit_test(test_eisner_brute_force),
        cmocka_unit_test(test_greedy_tree),
        cmocka_unit_test(test_kernels),
        cmocka_unit_test(test_q8_kernel_matches_reference),
        cmocka_unit_test(test_q8_avx2_matches_reference),
        cmocka_unit_test(test_q8_against_float),
        cmocka_unit_test(test_q8_zeros),
        cmocka_unit_test(test_q8_rows_bias),
        cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_half_precision),
        cmocka_unit_test(test_tanh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
