/* nn_q8.c - int8 matrix products for inference: u8 x s8 -> s32 sums through
 * AVX-512 VNNI (vpdpbusd), and a plain C reference giving the same bits.
 *
 * vpdpbusd multiplies unsigned by signed bytes, so a row of X is quantised
 * to xs = lrintf(X * 127 / max) in -127..127 and stored as xs + 128 (1..255);
 * the offset comes back out as 128 times the column's sum of weights,
 * which is where the accumulators start. The integer sums are exact (in is
 * at most 65536: 255 * 127 * 65536 < 2^31), so kernel and reference agree
 * as long as the float steps around them are the same operations:
 *  - quantising: one product by the reciprocal 127 / max, rounded to
 *    nearest even (lrintf; cvtps2dq under the default rounding mode);
 *  - the epilogue: y = fma(a_r * s_j, (float)(acc - 128 * colsum_j), y),
 *    written out as fmaf and _mm512_fmadd_ps rather than left to the
 *    compiler, whose contraction of `y + s * f` depends on -ffp-contract
 *    and the compiler (gcc's ISO mode does not fuse, clang's default does).
 * The row maximum is exact in any order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NN_HAVE_VNNI 1
#endif

#include "nlp/nn.h"

/* a row or column whose largest magnitude is under this counts as zeros:
 * 127 / max must stay finite */
#define Q8_TINY 0x1p-100f
#define Q8_MAX_IN 65536
/* rows quantised at a time: their scales are kept on the stack */
#define Q8_CHUNK 64

static void *q8_alloc(size_t bytes) {
    /* C11 wants a multiple of the alignment */
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

/* byte offset of W[k][c] in the packed weights */
static size_t q8_at(const nn_q8 *q, int k, int c) {
    size_t block = (size_t)(c / 16) * (size_t)(q->in4 / 4) + (size_t)(k / 4);
    return (block * 16 + (size_t)(c % 16)) * 4 + (size_t)(k % 4);
}

void nn_q8_free(nn_q8 *q) {
    free(q->w), free(q->colsum), free(q->scale);
    memset(q, 0, sizeof *q);
}

/* column c of W into q: its bytes, sum and scale */
static void q8_column(nn_q8 *q, const float *W, int c) {
    float max = 0;
    for (int k = 0; k < q->in; k++) max = fmaxf(max, fabsf(W[(size_t)k * q->out + c]));
    q->colsum[c] = 0;
    q->scale[c] = 1;
    if (!(max >= Q8_TINY)) return;
    float inv = 127.0f / max;
    int32_t sum = 0;
    for (int k = 0; k < q->in; k++) {
        long v = lrintf(W[(size_t)k * q->out + c] * inv);
        v = v > 127 ? 127 : v < -127 ? -127 : v;
        q->w[q8_at(q, k, c)] = (int8_t)v;
        sum += (int32_t)v;
    }
    q->colsum[c] = sum;
    q->scale[c] = max / 127.0f;
}

int nn_q8_init(nn_q8 *q, const float *W, int in, int out) {
    memset(q, 0, sizeof *q);
    if (in < 1 || in > Q8_MAX_IN || out < 1 || out > INT32_MAX - 15) return -1;
    int in4 = (in + 3) / 4 * 4, panels = (out + 15) / 16;
    size_t cols = (size_t)panels * 16;
    q->w = q8_alloc(cols * (size_t)in4);
    q->colsum = q8_alloc(cols * sizeof *q->colsum);
    q->scale = q8_alloc(cols * sizeof *q->scale);
    if (!q->w || !q->colsum || !q->scale) {
        nn_q8_free(q);
        return -1;
    }
    q->in = in, q->out = out, q->in4 = in4, q->panels = panels;
    memset(q->w, 0, cols * (size_t)in4);
    for (int c = 0; c < out; c++) q8_column(q, W, c);
    for (size_t c = (size_t)out; c < cols; c++) q->colsum[c] = 0, q->scale[c] = 1;
    return 0;
}

size_t nn_q8_scratch_bytes(const nn_q8 *q, int m) { return (size_t)m * (size_t)q->in4; }

/* Row x quantised into xq (in4 bytes, zeros past in: the padding weights
 * are zeros too, so any byte would do, but these are defined); returns a_r,
 * or 0 for a row that adds nothing (its bytes then all zeros). */
static float q8_row_ref(const float *x, int in, int in4, uint8_t *xq) {
    float max = 0;
    for (int k = 0; k < in; k++) max = fmaxf(max, fabsf(x[k]));
    if (!(max >= Q8_TINY)) {
        memset(xq, 0, (size_t)in4);
        return 0;
    }
    float inv = 127.0f / max;
    for (int k = 0; k < in; k++) xq[k] = (uint8_t)(lrintf(x[k] * inv) + 128);
    memset(xq + in, 0, (size_t)(in4 - in));
    return max / 127.0f;
}

void nn_q8_gemm_acc_ref(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    for (int r = 0; r < m; r++) {
        uint8_t *xq = scratch + (size_t)r * (size_t)q->in4;
        float a = q8_row_ref(X + (size_t)r * (size_t)q->in, q->in, q->in4, xq);
        if (a == 0) continue;
        float *y = Y + (size_t)r * (size_t)q->out;
        for (int j = 0; j < q->out; j++) {
            int32_t acc = 0;
            for (int k = 0; k < q->in; k++) acc += (int32_t)xq[k] * q->w[q8_at(q, k, j)];
            y[j] = fmaf(a * q->scale[j], (float)(acc - 128 * q->colsum[j]), y[j]);
        }
    }
}

#ifdef NN_HAVE_VNNI
#define Q8_TARGET __attribute__((target("avx512f,avx512bw,avx512vnni")))

int nn_q8_ok(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vnni");
}

static __mmask16 q8_mask(int n) { return n >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << n) - 1); }

/* q8_row_ref, sixteen at a time */
Q8_TARGET static float q8_row(const float *x, int in, int in4, uint8_t *xq) {
    __m512 mx = _mm512_setzero_ps();
    for (int k = 0; k < in; k += 16)
        mx = _mm512_max_ps(mx, _mm512_abs_ps(_mm512_maskz_loadu_ps(q8_mask(in - k), x + k)));
    float max = _mm512_reduce_max_ps(mx);
    if (!(max >= Q8_TINY)) {
        memset(xq, 0, (size_t)in4);
        return 0;
    }
    __m512 inv = _mm512_set1_ps(127.0f / max);
    __m512i off = _mm512_set1_epi32(128);
    for (int k = 0; k < in; k += 16) {
        __mmask16 t = q8_mask(in - k);
        __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(t, x + k), inv);
        _mm512_mask_cvtepi32_storeu_epi8(xq + k, t, _mm512_add_epi32(_mm512_cvtps_epi32(v), off));
    }
    memset(xq + in, 0, (size_t)(in4 - in));
    return max / 127.0f;
}

/* R rows (bytes x, outputs y, scales a; strides xs and ys) times NP panels
 * from p0, R and NP constants at every call: R * NP accumulators (16 at
 * most) over the k-groups, so each weight load serves R rows, each
 * broadcast NP panels, and 4 or more independent chains hide vpdpbusd's
 * latency. The last panel may be partial: masked loads and stores of Y.
 * The loops over r and t must unroll for acc to live in registers, which
 * gcc -O2 does only when told (clang 14 keeps some in memory regardless:
 * its builds, the fuzzers', are about 4 times slower here, same bits). */
Q8_TARGET static inline __attribute__((always_inline)) void
q8_block(const nn_q8 *q, int p0, const uint8_t *x, size_t xs, float *y, size_t ys, const float *a,
         const int R, const int NP) {
    const size_t G = (size_t)q->in4 / 4;
    const int8_t *w = q->w + (size_t)p0 * G * 64;
    __m512i acc[8][8];
#pragma GCC unroll 8
    for (int t = 0; t < NP; t++) {
        __m512i cs = _mm512_load_si512(q->colsum + (size_t)(p0 + t) * 16);
        __m512i start = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(cs, 7));
#pragma GCC unroll 8
        for (int r = 0; r < R; r++) acc[r][t] = start;
    }
    for (size_t g = 0; g < G; g++) {
        __m512i wv[8];
#pragma GCC unroll 8
        for (int t = 0; t < NP; t++) wv[t] = _mm512_load_si512(w + ((size_t)t * G + g) * 64);
#pragma GCC unroll 8
        for (int r = 0; r < R; r++) {
            int32_t b;
            memcpy(&b, x + (size_t)r * xs + g * 4, sizeof b);
            __m512i bv = _mm512_set1_epi32(b);
#pragma GCC unroll 8
            for (int t = 0; t < NP; t++) acc[r][t] = _mm512_dpbusd_epi32(acc[r][t], bv, wv[t]);
        }
    }
#pragma GCC unroll 8
    for (int t = 0; t < NP; t++) {
        int p = p0 + t;
        __mmask16 mk = q8_mask(q->out - p * 16);
        __m512 s = _mm512_load_ps(q->scale + (size_t)p * 16);
#pragma GCC unroll 8
        for (int r = 0; r < R; r++) {
            if (a[r] == 0) continue;
            float *yp = y + (size_t)r * ys + (size_t)p * 16;
            __m512 sc = _mm512_mul_ps(_mm512_set1_ps(a[r]), s);
            __m512 yv = _mm512_maskz_loadu_ps(mk, yp);
            yv = _mm512_fmadd_ps(sc, _mm512_cvtepi32_ps(acc[r][t]), yv);
            _mm512_mask_storeu_ps(yp, mk, yv);
        }
    }
}

/* q8_block with R and NP made constants: R 1..4 by NP 1..4, and 16
 * accumulators for narrower blocks, 8 rows by NP 1..2 and 1..2 rows by 8 */
Q8_TARGET static void q8_pick(const nn_q8 *q, int p0, const uint8_t *x, size_t xs, float *y,
                              size_t ys, const float *a, int R, int NP) {
#define Q8_CASE(r, np)                               \
    case (r) * 16 + (np):                            \
        q8_block(q, p0, x, xs, y, ys, a, (r), (np)); \
        break;
    switch (R * 16 + NP) {
        Q8_CASE(4, 4) Q8_CASE(4, 3) Q8_CASE(4, 2) Q8_CASE(4, 1)
        Q8_CASE(3, 4) Q8_CASE(3, 3) Q8_CASE(3, 2) Q8_CASE(3, 1)
        Q8_CASE(2, 4) Q8_CASE(2, 3) Q8_CASE(2, 2) Q8_CASE(2, 1)
        Q8_CASE(1, 4) Q8_CASE(1, 3) Q8_CASE(1, 2) Q8_CASE(1, 1)
        Q8_CASE(8, 2) Q8_CASE(8, 1) Q8_CASE(2, 8) Q8_CASE(1, 8)
    default:
        break;
    }
#undef Q8_CASE
}

/* rows r0..n-1 by panels p..p+np-1 (np 1..4): blocks of four rows, eight
 * where np is 1 or 2 (so that 8 or 16 chains hide vpdpbusd's latency) */
Q8_TARGET static void q8_panels(const nn_q8 *q, int p, int np, const uint8_t *x, float *y,
                                const float *a, int r0, int n) {
    size_t xs = (size_t)q->in4, ys = (size_t)q->out;
    int r = r0;
    if (np <= 2)
        for (; r + 8 <= n; r += 8) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, 8, np);
    for (; r + 4 <= n; r += 4) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, 4, np);
    if (r < n) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, n - r, np);
}

/* n quantised rows: four panels at a time (their weights, 4 x in4 x 16
 * bytes, stay in L1 while the rows go by); one or two rows left over by
 * the blocks of four take eight panels at a time */
Q8_TARGET static void q8_rows(const nn_q8 *q, const uint8_t *x, float *y, const float *a, int n) {
    int rest = n % 4, blocked = rest == 1 || rest == 2 ? n - rest : n;
    int p = 0;
    if (blocked < n)
        for (; p + 8 <= q->panels; p += 8)
            q8_pick(q, p, x + (size_t)blocked * (size_t)q->in4, (size_t)q->in4,
                    y + (size_t)blocked * (size_t)q->out, (size_t)q->out, a + blocked, rest, 8);
    for (int g = 0; g < q->panels; g += 4) {
        int np = q->panels - g < 4 ? q->panels - g : 4;
        /* the leftover rows' panels below p are done */
        q8_panels(q, g, np, x, y, a, 0, g < p ? blocked : n);
    }
}

Q8_TARGET static void q8_gemm(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    float a[Q8_CHUNK];
    for (int r0 = 0; r0 < m; r0 += Q8_CHUNK) {
        int n = m - r0 < Q8_CHUNK ? m - r0 : Q8_CHUNK;
        uint8_t *xq = scratch + (size_t)r0 * (size_t)q->in4;
        for (int i = 0; i < n; i++)
            a[i] = q8_row(X + (size_t)(r0 + i) * (size_t)q->in, q->in, q->in4,
                          xq + (size_t)i * (size_t)q->in4);
        q8_rows(q, xq, Y + (size_t)r0 * (size_t)q->out, a, n);
    }
}

void nn_q8_gemm_acc(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    if (nn_q8_ok()) q8_gemm(X, m, q, Y, scratch);
    else nn_q8_gemm_acc_ref(X, m, q, Y, scratch);
}
#else
int nn_q8_ok(void) { return 0; }

void nn_q8_gemm_acc(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    nn_q8_gemm_acc_ref(X, m, q, Y, scratch);
}
#endif
