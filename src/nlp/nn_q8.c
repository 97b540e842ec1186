/* nn_q8.c - int8 matrix products for inference: u8 x s8 -> s32 sums through
 * AVX-512 VNNI (vpdpbusd), or AVX2 (vpmaddwd on the bytes widened to int16)
 * where the processor lacks VNNI, and a plain C reference giving the same
 * bits.
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
 * The row maximum is exact in any order. The AVX2 kernel takes the same
 * bytes (the scratch rows are the same) and sums the same integers,
 * pairs of int16 products at a time (vpmaddwd: exact, where vpmaddubsw
 * would saturate u8 x s8 pair sums at 32767). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NN_HAVE_VNNI 1
#define NN_HAVE_AVX2 1
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
    free(q->w), free(q->colsum), free(q->scale), free(q->w16);
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
    q->groups = (out + 7) / 8;
    if (nn_q8_avx2_ok()) {
        /* the quantised bytes again, as int16 in the AVX2 kernel's order */
        size_t G = (size_t)in4 / 4;
        q->w16 = q8_alloc((size_t)q->groups * G * 32 * sizeof *q->w16);
        if (!q->w16) {
            nn_q8_free(q);
            return -1;
        }
        for (int c = 0; c < q->groups; c++)
            for (size_t g = 0; g < G; g++) {
                int16_t *d = q->w16 + ((size_t)c * G + g) * 32;
                for (int j = 0; j < 8; j++)
                    for (int i = 0; i < 4; i++) {
                        int col = 8 * c + j, k = 4 * (int)g + i;
                        d[(i % 2) * 16 + j * 2 + i / 2] = col < out ? q->w[q8_at(q, k, col)] : 0;
                    }
            }
    }
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

/* quantised rows times W, plain: Y = b + X W where b is set, else Y += X W */
static void q8_rows_ref(const nn_q8 *q, const uint8_t *x, float *Y, const float *a, const float *b,
                        int m) {
    for (int r = 0; r < m; r++) {
        const uint8_t *xq = x + (size_t)r * (size_t)q->in4;
        float *y = Y + (size_t)r * (size_t)q->out;
        if (a[r] == 0) {
            if (b) memcpy(y, b, (size_t)q->out * sizeof *y);
            continue;
        }
        for (int j = 0; j < q->out; j++) {
            int32_t acc = 0;
            for (int k = 0; k < q->in; k++) acc += (int32_t)xq[k] * q->w[q8_at(q, k, j)];
            y[j] = fmaf(a[r] * q->scale[j], (float)(acc - 128 * q->colsum[j]), b ? b[j] : y[j]);
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
         const float *b, const int R, const int NP) {
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
            int32_t x4;
            memcpy(&x4, x + (size_t)r * xs + g * 4, sizeof x4);
            __m512i bv = _mm512_set1_epi32(x4);
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
            float *yp = y + (size_t)r * ys + (size_t)p * 16;
            const float *from = b ? b + (size_t)p * 16 : yp;
            if (a[r] == 0) {
                if (b) _mm512_mask_storeu_ps(yp, mk, _mm512_maskz_loadu_ps(mk, from));
                continue;
            }
            __m512 sc = _mm512_mul_ps(_mm512_set1_ps(a[r]), s);
            __m512 yv = _mm512_maskz_loadu_ps(mk, from);
            yv = _mm512_fmadd_ps(sc, _mm512_cvtepi32_ps(acc[r][t]), yv);
            _mm512_mask_storeu_ps(yp, mk, yv);
        }
    }
}

/* q8_block with R and NP made constants: R 1..4 by NP 1..4, and 16
 * accumulators for narrower blocks, 8 rows by NP 1..2 and 1..2 rows by 8 */
Q8_TARGET static void q8_pick(const nn_q8 *q, int p0, const uint8_t *x, size_t xs, float *y,
                              size_t ys, const float *a, const float *b, int R, int NP) {
#define Q8_CASE(r, np)                                  \
    case (r) * 16 + (np):                               \
        q8_block(q, p0, x, xs, y, ys, a, b, (r), (np)); \
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
                                const float *a, const float *b, int r0, int n) {
    size_t xs = (size_t)q->in4, ys = (size_t)q->out;
    int r = r0;
    if (np <= 2)
        for (; r + 8 <= n; r += 8) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, b, 8, np);
    for (; r + 4 <= n; r += 4) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, b, 4, np);
    if (r < n) q8_pick(q, p, x + r * xs, xs, y + r * ys, ys, a + r, b, n - r, np);
}

/* n quantised rows: four panels at a time (their weights, 4 x in4 x 16
 * bytes, stay in L1 while the rows go by); one or two rows left over by
 * the blocks of four take eight panels at a time */
Q8_TARGET static void q8_rows(const nn_q8 *q, const uint8_t *x, float *y, const float *a,
                              const float *b, int n) {
    int rest = n % 4, blocked = rest == 1 || rest == 2 ? n - rest : n;
    int p = 0;
    if (blocked < n)
        for (; p + 8 <= q->panels; p += 8)
            q8_pick(q, p, x + (size_t)blocked * (size_t)q->in4, (size_t)q->in4,
                    y + (size_t)blocked * (size_t)q->out, (size_t)q->out, a + blocked, b, rest, 8);
    for (int g = 0; g < q->panels; g += 4) {
        int np = q->panels - g < 4 ? q->panels - g : 4;
        /* the leftover rows' panels below p are done */
        q8_panels(q, g, np, x, y, a, b, 0, g < p ? blocked : n);
    }
}

#else
int nn_q8_ok(void) { return 0; }
#endif

#ifdef NN_HAVE_AVX2
#define Q8A_TARGET __attribute__((target("avx2,fma")))

int nn_q8_avx2_ok(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

/* lanes 0..n-1 of eight (n >= 8: all), for vmaskmov */
Q8A_TARGET static __m256i q8a_mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* q8_row_ref, eight at a time: the same maximum, the same reciprocal, one
 * product each rounded by cvtps2dq (nearest even, as lrintf) */
Q8A_TARGET static float q8a_row(const float *x, int in, int in4, uint8_t *xq) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 mx = _mm256_setzero_ps();
    for (int k = 0; k < in; k += 8)
        mx = _mm256_max_ps(mx, _mm256_andnot_ps(sign, _mm256_maskload_ps(x + k, q8a_mask(in - k))));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(mx), _mm256_extractf128_ps(mx, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    float max = _mm_cvtss_f32(m4);
    if (!(max >= Q8_TINY)) {
        memset(xq, 0, (size_t)in4);
        return 0;
    }
    __m256 inv = _mm256_set1_ps(127.0f / max);
    __m256i off = _mm256_set1_epi32(128);
    for (int k = 0; k < in; k += 8) {
        __m256 v = _mm256_mul_ps(_mm256_maskload_ps(x + k, q8a_mask(in - k)), inv);
        __m256i b = _mm256_add_epi32(_mm256_cvtps_epi32(v), off); /* 1..255 */
        __m128i h = _mm_packs_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1));
        h = _mm_packus_epi16(h, h);
        if (in - k >= 8) _mm_storel_epi64((__m128i *)(void *)(xq + k), h);
        else {
            uint8_t t[16];
            _mm_storeu_si128((__m128i *)(void *)t, h);
            memcpy(xq + k, t, (size_t)(in - k));
        }
    }
    memset(xq + in, 0, (size_t)(in4 - in));
    return max / 127.0f;
}

/* R rows (bytes x, outputs y, scales a; strides xs and ys) times NC groups
 * of 8 columns from c0, R and NC constants at every call: R * NC int32
 * accumulators (12 at most) over the k-groups. Each row's 4 bytes of a
 * k-group are broadcast, and split into int16 pairs (x0, x2) (the low
 * bytes of each 16-bit half) and (x1, x3) (the high ones), which vpmaddwd
 * multiplies by w16's pairs; the pair sums (under 2 * 255 * 127) and the
 * accumulators are exact. The last group may be partial: masked loads and
 * stores of Y. (gcc 12 keeps the 4 x 3 block's weights in registers and
 * some accumulators on the stack; 4 x 2, 3 x 3 and 6 x 2 blocks measured
 * no faster: the and/shift per row and k-group and the adds bound it.) */
Q8A_TARGET static inline __attribute__((always_inline)) void
q8a_block(const nn_q8 *q, int c0, const uint8_t *x, size_t xs, float *y, size_t ys, const float *a,
          const float *b, const int R, const int NC) {
    const size_t G = (size_t)q->in4 / 4;
    const int16_t *w = q->w16 + (size_t)c0 * G * 32;
    const __m256i lo = _mm256_set1_epi16(0xff);
    __m256i acc[4][8];
#pragma GCC unroll 8
    for (int t = 0; t < NC; t++) {
        __m256i cs = _mm256_load_si256((const __m256i *)(const void *)(q->colsum + (size_t)(c0 + t) * 8));
        __m256i start = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(cs, 7));
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) acc[r][t] = start;
    }
    for (size_t g = 0; g < G; g++) {
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            int32_t x4;
            memcpy(&x4, x + (size_t)r * xs + g * 4, sizeof x4);
            __m256i bv = _mm256_set1_epi32(x4);
            __m256i xe = _mm256_and_si256(bv, lo), xo = _mm256_srli_epi16(bv, 8);
#pragma GCC unroll 8
            for (int t = 0; t < NC; t++) {
                const __m256i *wp = (const __m256i *)(const void *)(w + ((size_t)t * G + g) * 32);
                __m256i p = _mm256_add_epi32(_mm256_madd_epi16(xe, _mm256_load_si256(wp)),
                                             _mm256_madd_epi16(xo, _mm256_load_si256(wp + 1)));
                acc[r][t] = _mm256_add_epi32(acc[r][t], p);
            }
        }
    }
#pragma GCC unroll 8
    for (int t = 0; t < NC; t++) {
        int c = c0 + t;
        __m256i mk = q8a_mask(q->out - c * 8);
        __m256 s = _mm256_load_ps(q->scale + (size_t)c * 8);
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            float *yp = y + (size_t)r * ys + (size_t)c * 8;
            const float *from = b ? b + (size_t)c * 8 : yp;
            if (a[r] == 0) {
                if (b) _mm256_maskstore_ps(yp, mk, _mm256_maskload_ps(from, mk));
                continue;
            }
            __m256 sc = _mm256_mul_ps(_mm256_set1_ps(a[r]), s);
            __m256 yv = _mm256_maskload_ps(from, mk);
            yv = _mm256_fmadd_ps(sc, _mm256_cvtepi32_ps(acc[r][t]), yv);
            _mm256_maskstore_ps(yp, mk, yv);
        }
    }
}

/* q8a_block with R and NC made constants: 4 rows by 1..3 groups, and for
 * the 1..3 rows left over, wider blocks (1 by 8, 2 by 6, 3 by 4) so that
 * the recurrent step's single row loads its bytes fewer times */
Q8A_TARGET static void q8a_pick(const nn_q8 *q, int c0, const uint8_t *x, size_t xs, float *y,
                                size_t ys, const float *a, const float *b, int R, int NC) {
#define Q8A_CASE(r, nc)                                  \
    case (r) * 16 + (nc):                                \
        q8a_block(q, c0, x, xs, y, ys, a, b, (r), (nc)); \
        break;
    switch (R * 16 + NC) {
        Q8A_CASE(4, 3) Q8A_CASE(4, 2) Q8A_CASE(4, 1)
        Q8A_CASE(3, 4) Q8A_CASE(3, 3) Q8A_CASE(3, 2) Q8A_CASE(3, 1)
        Q8A_CASE(2, 6) Q8A_CASE(2, 5) Q8A_CASE(2, 4) Q8A_CASE(2, 3) Q8A_CASE(2, 2) Q8A_CASE(2, 1)
        Q8A_CASE(1, 8) Q8A_CASE(1, 7) Q8A_CASE(1, 6) Q8A_CASE(1, 5) Q8A_CASE(1, 4) Q8A_CASE(1, 3)
        Q8A_CASE(1, 2) Q8A_CASE(1, 1)
    default:
        break;
    }
#undef Q8A_CASE
}

/* n quantised rows: three groups at a time (their weights, 3 x in4 x 16
 * bytes, stay in L1 while the blocks of four rows go by), then the rows
 * left over */
Q8A_TARGET static void q8a_rows(const nn_q8 *q, const uint8_t *x, float *y, const float *a,
                                const float *b, int n) {
    size_t xs = (size_t)q->in4, ys = (size_t)q->out;
    int blocked = n - n % 4, rest = n % 4;
    if (blocked)
        for (int c = 0; c < q->groups; c += 3) {
            int nc = q->groups - c < 3 ? q->groups - c : 3;
            for (int r = 0; r < blocked; r += 4)
                q8a_pick(q, c, x + (size_t)r * xs, xs, y + (size_t)r * ys, ys, a + r, b, 4, nc);
        }
    if (rest) {
        int wide = rest == 1 ? 8 : rest == 2 ? 6 : 4;
        for (int c = 0; c < q->groups; c += wide) {
            int nc = q->groups - c < wide ? q->groups - c : wide;
            q8a_pick(q, c, x + (size_t)blocked * xs, xs, y + (size_t)blocked * ys, ys, a + blocked,
                     b, rest, nc);
        }
    }
}

#else
int nn_q8_avx2_ok(void) { return 0; }
#endif

/* ---- dispatch ------------------------------------------------------------- */

/* The kernels by number: 2 VNNI, 1 AVX2, 0 the reference. One asked for
 * where the processor lacks it runs the reference; the row quantisers of
 * all three write the same bytes, so any mix gives the same result. */
static int q8_best(void) { return nn_q8_ok() ? 2 : nn_q8_avx2_ok() ? 1 : 0; }

static void quantise_with(int kernel, const float *X, int m, int in, uint8_t *xq, float *a) {
    size_t in4 = (size_t)(in + 3) / 4 * 4;
    for (int r = 0; r < m; r++) {
        const float *x = X + (size_t)r * (size_t)in;
        uint8_t *row = xq + (size_t)r * in4;
#ifdef NN_HAVE_VNNI
        if (kernel == 2 && nn_q8_ok()) {
            a[r] = q8_row(x, in, (int)in4, row);
            continue;
        }
#endif
#ifdef NN_HAVE_AVX2
        if (kernel == 1 && nn_q8_avx2_ok()) {
            a[r] = q8a_row(x, in, (int)in4, row);
            continue;
        }
#endif
        (void)kernel;
        a[r] = q8_row_ref(x, in, (int)in4, row);
    }
}

void nn_q8_gemm_rows_with(int kernel, const uint8_t *xq, const float *a, int m, const nn_q8 *q,
                          const float *b, float *Y) {
#ifdef NN_HAVE_VNNI
    if (kernel == 2 && nn_q8_ok()) {
        q8_rows(q, xq, Y, a, b, m);
        return;
    }
#endif
#ifdef NN_HAVE_AVX2
    if (kernel == 1 && q->w16 && nn_q8_avx2_ok()) {
        q8a_rows(q, xq, Y, a, b, m);
        return;
    }
#endif
    q8_rows_ref(q, xq, Y, a, b, m);
}

/* quantise and accumulate, Q8_CHUNK rows at a time (their scales on the stack) */
static void gemm_acc_with(int kernel, const float *X, int m, const nn_q8 *q, float *Y,
                          uint8_t *scratch) {
    float a[Q8_CHUNK];
    for (int r0 = 0; r0 < m; r0 += Q8_CHUNK) {
        int n = m - r0 < Q8_CHUNK ? m - r0 : Q8_CHUNK;
        uint8_t *xq = scratch + (size_t)r0 * (size_t)q->in4;
        quantise_with(kernel, X + (size_t)r0 * (size_t)q->in, n, q->in, xq, a);
        nn_q8_gemm_rows_with(kernel, xq, a, n, q, NULL, Y + (size_t)r0 * (size_t)q->out);
    }
}

void nn_q8_quantise(const float *X, int m, int in, uint8_t *xq, float *a) {
    quantise_with(q8_best(), X, m, in, xq, a);
}

void nn_q8_gemm_rows(const uint8_t *xq, const float *a, int m, const nn_q8 *q, const float *b,
                     float *Y) {
    nn_q8_gemm_rows_with(q8_best(), xq, a, m, q, b, Y);
}

void nn_q8_gemm_acc(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    gemm_acc_with(q8_best(), X, m, q, Y, scratch);
}

void nn_q8_gemm_acc_avx2(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    gemm_acc_with(1, X, m, q, Y, scratch);
}

void nn_q8_gemm_acc_ref(const float *X, int m, const nn_q8 *q, float *Y, uint8_t *scratch) {
    gemm_acc_with(0, X, m, q, Y, scratch);
}
