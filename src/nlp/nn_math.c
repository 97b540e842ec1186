/* nn_math.c - the dense kernels of the neural tagger and parser.
 *
 * Weights are stored input-major (W[in][out]), so the forward products are
 * sums of scaled weight rows (axpy), which compilers vectorise without
 * reordering additions; rows of X are taken four at a time so each weight
 * row is loaded once for four tokens. The reductions of the backward pass
 * (dot products) are vectorised through `omp simd` (-fopenmp-simd: no
 * threads, no runtime), which fixes their order at compile time, so a
 * build gives the same numbers on every run. */
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NN_HAVE_PACKED 1
#endif

#include "nlp/nn.h"

/* Four rows times 16 columns held in registers while k runs over the
 * inputs: two weight loads feed eight fused multiply-adds. */
static inline __attribute__((always_inline)) void block4x16(const float *x0, const float *x1,
                                                            const float *x2, const float *x3,
                                                            int in, const float *W, int out,
                                                            float *y0, float *y1, float *y2,
                                                            float *y3) {
    float a[4][16];
    for (int j = 0; j < 16; j++) a[0][j] = y0[j], a[1][j] = y1[j], a[2][j] = y2[j], a[3][j] = y3[j];
    for (int k = 0; k < in; k++) {
        const float *w = W + (size_t)k * out;
        float b0 = x0[k], b1 = x1[k], b2 = x2[k], b3 = x3[k];
        for (int j = 0; j < 16; j++) {
            a[0][j] += b0 * w[j];
            a[1][j] += b1 * w[j];
            a[2][j] += b2 * w[j];
            a[3][j] += b3 * w[j];
        }
    }
    for (int j = 0; j < 16; j++) y0[j] = a[0][j], y1[j] = a[1][j], y2[j] = a[2][j], y3[j] = a[3][j];
}

/* One row, 64 columns in registers. */
static inline __attribute__((always_inline)) void block1x64(const float *x, int in, const float *W,
                                                            int out, float *y) {
    float a[64];
    for (int j = 0; j < 64; j++) a[j] = y[j];
    for (int k = 0; k < in; k++) {
        const float *w = W + (size_t)k * out;
        float b = x[k];
        for (int j = 0; j < 64; j++) a[j] += b * w[j];
    }
    for (int j = 0; j < 64; j++) y[j] = a[j];
}

static inline __attribute__((always_inline)) void row_acc(const float *x, int in, const float *W,
                                                          int out, float *y) {
    int j0 = 0;
    for (; j0 + 64 <= out; j0 += 64) block1x64(x, in, W + j0, out, y + j0);
    if (j0 == out) return;
    for (int k = 0; k < in; k++) {
        const float *w = W + (size_t)k * out;
        float b = x[k];
#pragma omp simd
        for (int j = j0; j < out; j++) y[j] += b * w[j];
    }
}

static inline __attribute__((always_inline)) void gemm(const float *X, int m, int in,
                                                       const float *W, int out, const float *b,
                                                       float *Y, int acc) {
    for (int r = 0; r < m; r++) {
        float *y = Y + (size_t)r * out;
        if (acc) continue;
        if (b) memcpy(y, b, (size_t)out * sizeof *y);
        else memset(y, 0, (size_t)out * sizeof *y);
    }
    int r = 0;
    for (; r + 4 <= m; r += 4) {
        float *y0 = Y + (size_t)r * out, *y1 = y0 + out, *y2 = y1 + out, *y3 = y2 + out;
        const float *x0 = X + (size_t)r * in, *x1 = x0 + in, *x2 = x1 + in, *x3 = x2 + in;
        int j0 = 0;
        for (; j0 + 16 <= out; j0 += 16)
            block4x16(x0, x1, x2, x3, in, W + j0, out, y0 + j0, y1 + j0, y2 + j0, y3 + j0);
        if (j0 < out)
            for (int k = 0; k < in; k++) {
                const float *w = W + (size_t)k * out;
                float a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
                for (int j = j0; j < out; j++) {
                    y0[j] += a0 * w[j];
                    y1[j] += a1 * w[j];
                    y2[j] += a2 * w[j];
                    y3[j] += a3 * w[j];
                }
            }
    }
    for (; r < m; r++) row_acc(X + (size_t)r * in, in, W, out, Y + (size_t)r * out);
}

NN_CLONES_WIDE
void nn_gemm(const float *X, int m, int in, const float *W, int out, const float *b, float *Y) {
    gemm(X, m, in, W, out, b, Y, 0);
}

NN_CLONES_WIDE
void nn_gemm_acc(const float *X, int m, int in, const float *W, int out, float *Y) {
    gemm(X, m, in, W, out, NULL, Y, 1);
}

NN_CLONES
void nn_transpose(const float *W, int rows, int cols, float *T) {
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) T[(size_t)j * rows + i] = W[(size_t)i * cols + j];
}

NN_CLONES_WIDE
void nn_vecmat_acc(const float *x, int in, const float *W, int out, float *y) {
    row_acc(x, in, W, out, y);
}

NN_CLONES
float nn_dot(const float *a, const float *b, int n) {
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

NN_CLONES_WIDE
void nn_gemm_at(const float *X, int m, int in, const float *dY, int out, float *dW) {
    for (int r = 0; r < m; r++) {
        const float *x = X + (size_t)r * in, *dy = dY + (size_t)r * out;
        for (int k = 0; k < in; k++) {
            float a = x[k];
            if (a == 0) continue; /* dropout and ReLU zeros are common */
            float *dw = dW + (size_t)k * out;
#pragma omp simd
            for (int j = 0; j < out; j++) dw[j] += a * dy[j];
        }
    }
}

/* tanh as a rational function of degree 13/6 (the coefficients of Eigen's
 * float tanh): within 4e-7 of tanh everywhere, vectorisable, and the same
 * on every machine, where libm's tanhf is neither fast nor guaranteed to
 * give the same bits everywhere. */
static inline float fast_tanh(float x) {
    const float lim = 7.90531110763549805f;
    x = x > lim ? lim : x;
    x = x < -lim ? -lim : x;
    float x2 = x * x;
    float p = -2.76076847742355e-16f;
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * x;
    float q = 1.19825839466702e-06f;
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return p / q;
}

NN_CLONES
float nn_tanh(float x) { return fast_tanh(x); }

/* Gate order in z: input, forget, cell candidate, output; sigmoid(x) =
 * (1 + tanh(x / 2)) / 2. */
NN_CLONES_WIDE
void nn_lstm_cell(const float *z, const float *c_prev, int h, float *gates, float *c,
                  float *tanh_c, float *out) {
    /* three plain loops (sigmoid, tanh, sigmoid) rather than one with a
     * per-element choice, which the compiler left scalar */
#pragma omp simd
    for (int j = 0; j < 2 * h; j++) gates[j] = 0.5f + 0.5f * fast_tanh(0.5f * z[j]);
#pragma omp simd
    for (int j = 2 * h; j < 3 * h; j++) gates[j] = fast_tanh(z[j]);
#pragma omp simd
    for (int j = 3 * h; j < 4 * h; j++) gates[j] = 0.5f + 0.5f * fast_tanh(0.5f * z[j]);
    const float zero = 0.0f;
    const float *cp = c_prev ? c_prev : NULL;
#pragma omp simd
    for (int j = 0; j < h; j++) {
        float cj = gates[h + j] * (cp ? cp[j] : zero) + gates[j] * gates[2 * h + j];
        c[j] = cj;
        float t = fast_tanh(cj);
        tanh_c[j] = t;
        out[j] = gates[3 * h + j] * t;
    }
}

/* The maximum first, as a vectorised reduction, then its first position: a
 * scan keeping the best index made each step wait on the last. */
NN_CLONES_WIDE
int nn_argmax(const float *z, int n) {
    float mx = z[0];
#pragma omp simd reduction(max : mx)
    for (int i = 1; i < n; i++) mx = z[i] > mx ? z[i] : mx;
    for (int i = 0; i < n; i++)
        if (z[i] == mx) return i;
    return 0;
}

NN_CLONES_WIDE
void nn_mean_rows(const float *table, const uint32_t *rows, uint32_t n, uint32_t d, float *out) {
    memset(out, 0, d * sizeof *out);
    for (uint32_t k = 0; k < n; k++) {
        const float *e = table + (size_t)rows[k] * d;
#pragma omp simd
        for (uint32_t j = 0; j < d; j++) out[j] += e[j];
    }
    if (n == 0) return;
#pragma omp simd
    for (uint32_t j = 0; j < d; j++) out[j] /= (float)n;
}

/* Written as a select, not a branch on the sign (mispredicted half the
 * time): with -fno-trapping-math the compiler vectorises it. */
NN_CLONES_WIDE
void nn_leaky(float *x, size_t n) {
#pragma omp simd
    for (size_t i = 0; i < n; i++) x[i] = x[i] < 0 ? 0.1f * x[i] : x[i];
}

/* ---- packed weights (inference) ------------------------------------------ */

/* W[in][out] is read 16 columns at a time over all k: rows of W 2 KB apart
 * fall into the same few L1 sets and defeat the prefetcher, so the model
 * keeps, beside W, its first out / 16 * 16 columns in panels of 16 columns
 * (in x 16 contiguous floats each). The AVX2 kernel below reads a panel
 * sequentially; each output is the same chain of fused multiply-adds over
 * k as in nn_gemm's x86-64-v3 and v4 builds, so the numbers are identical. */
size_t nn_packed_floats(int in, int out) { return (size_t)in * (size_t)((out + 15) / 16 * 16); }

void nn_pack(const float *W, int in, int out, float *P) {
    for (int p = 0; p < (out + 15) / 16; p++)
        for (int k = 0; k < in; k++)
            for (int j = 0; j < 16; j++) {
                int c = p * 16 + j;
                P[((size_t)p * in + k) * 16 + j] = c < out ? W[(size_t)k * out + c] : 0.0f;
            }
}

#ifdef NN_HAVE_PACKED
int nn_packed_ok(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* y[0..15] += x W over one packed panel */
__attribute__((target("avx2,fma"))) static inline void panel_row(const float *x, int in,
                                                                 const float *pp, float *y) {
    __m256 a0 = _mm256_loadu_ps(y), a1 = _mm256_loadu_ps(y + 8);
    for (int k = 0; k < in; k++) {
        __m256 b = _mm256_broadcast_ss(x + k);
        a0 = _mm256_fmadd_ps(b, _mm256_loadu_ps(pp + (size_t)k * 16), a0);
        a1 = _mm256_fmadd_ps(b, _mm256_loadu_ps(pp + (size_t)k * 16 + 8), a1);
    }
    _mm256_storeu_ps(y, a0), _mm256_storeu_ps(y + 8, a1);
}

__attribute__((target("avx2,fma"))) void nn_pgemm_acc(const float *X, int m, int in,
                                                      const float *P, int out, float *Y) {
    for (int p = 0; p < out / 16; p++) {
        const float *pp = P + (size_t)p * in * 16;
        int r = 0;
        /* six rows: twelve accumulators, two weight loads and six broadcasts
         * for twelve multiply-adds */
        for (; r + 6 <= m; r += 6) {
            float *y0 = Y + (size_t)r * out + (size_t)p * 16;
            const float *x0 = X + (size_t)r * in;
            __m256 a[6][2];
            for (int q = 0; q < 6; q++) {
                a[q][0] = _mm256_loadu_ps(y0 + (size_t)q * out);
                a[q][1] = _mm256_loadu_ps(y0 + (size_t)q * out + 8);
            }
            for (int k = 0; k < in; k++) {
                __m256 w0 = _mm256_loadu_ps(pp + (size_t)k * 16), w1 = _mm256_loadu_ps(pp + (size_t)k * 16 + 8);
                const float *xk = x0 + k;
                for (int q = 0; q < 6; q++) {
                    __m256 b = _mm256_broadcast_ss(xk + (size_t)q * in);
                    a[q][0] = _mm256_fmadd_ps(b, w0, a[q][0]);
                    a[q][1] = _mm256_fmadd_ps(b, w1, a[q][1]);
                }
            }
            for (int q = 0; q < 6; q++) {
                _mm256_storeu_ps(y0 + (size_t)q * out, a[q][0]);
                _mm256_storeu_ps(y0 + (size_t)q * out + 8, a[q][1]);
            }
        }
        for (; r + 4 <= m; r += 4) {
            float *y0 = Y + (size_t)r * out + (size_t)p * 16, *y1 = y0 + out, *y2 = y1 + out,
                  *y3 = y2 + out;
            const float *x0 = X + (size_t)r * in, *x1 = x0 + in, *x2 = x1 + in, *x3 = x2 + in;
            __m256 a00 = _mm256_loadu_ps(y0), a01 = _mm256_loadu_ps(y0 + 8);
            __m256 a10 = _mm256_loadu_ps(y1), a11 = _mm256_loadu_ps(y1 + 8);
            __m256 a20 = _mm256_loadu_ps(y2), a21 = _mm256_loadu_ps(y2 + 8);
            __m256 a30 = _mm256_loadu_ps(y3), a31 = _mm256_loadu_ps(y3 + 8);
            for (int k = 0; k < in; k++) {
                __m256 w0 = _mm256_loadu_ps(pp + (size_t)k * 16), w1 = _mm256_loadu_ps(pp + (size_t)k * 16 + 8);
                __m256 b = _mm256_broadcast_ss(x0 + k);
                a00 = _mm256_fmadd_ps(b, w0, a00);
                a01 = _mm256_fmadd_ps(b, w1, a01);
                b = _mm256_broadcast_ss(x1 + k);
                a10 = _mm256_fmadd_ps(b, w0, a10);
                a11 = _mm256_fmadd_ps(b, w1, a11);
                b = _mm256_broadcast_ss(x2 + k);
                a20 = _mm256_fmadd_ps(b, w0, a20);
                a21 = _mm256_fmadd_ps(b, w1, a21);
                b = _mm256_broadcast_ss(x3 + k);
                a30 = _mm256_fmadd_ps(b, w0, a30);
                a31 = _mm256_fmadd_ps(b, w1, a31);
            }
            _mm256_storeu_ps(y0, a00), _mm256_storeu_ps(y0 + 8, a01);
            _mm256_storeu_ps(y1, a10), _mm256_storeu_ps(y1 + 8, a11);
            _mm256_storeu_ps(y2, a20), _mm256_storeu_ps(y2 + 8, a21);
            _mm256_storeu_ps(y3, a30), _mm256_storeu_ps(y3 + 8, a31);
        }
    }
    /* the rows left over (the recurrent step is one row): four panels at
     * once, so eight independent chains of fused multiply-adds hide their
     * latency */
    int rows = m / 6 * 6 + (m - m / 6 * 6) / 4 * 4, panels = out / 16;
    for (int r = rows; r < m; r++) {
        const float *x = X + (size_t)r * in;
        float *yr = Y + (size_t)r * out;
        int p = 0;
        for (; p + 4 <= panels; p += 4) {
            const float *q0 = P + (size_t)p * in * 16, *q1 = q0 + (size_t)in * 16,
                        *q2 = q1 + (size_t)in * 16, *q3 = q2 + (size_t)in * 16;
            float *y = yr + (size_t)p * 16;
            __m256 a0 = _mm256_loadu_ps(y), a1 = _mm256_loadu_ps(y + 8);
            __m256 a2 = _mm256_loadu_ps(y + 16), a3 = _mm256_loadu_ps(y + 24);
            __m256 a4 = _mm256_loadu_ps(y + 32), a5 = _mm256_loadu_ps(y + 40);
            __m256 a6 = _mm256_loadu_ps(y + 48), a7 = _mm256_loadu_ps(y + 56);
            for (int k = 0; k < in; k++) {
                __m256 b = _mm256_broadcast_ss(x + k);
                size_t o = (size_t)k * 16;
                a0 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q0 + o), a0);
                a1 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q0 + o + 8), a1);
                a2 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q1 + o), a2);
                a3 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q1 + o + 8), a3);
                a4 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q2 + o), a4);
                a5 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q2 + o + 8), a5);
                a6 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q3 + o), a6);
                a7 = _mm256_fmadd_ps(b, _mm256_loadu_ps(q3 + o + 8), a7);
            }
            _mm256_storeu_ps(y, a0), _mm256_storeu_ps(y + 8, a1);
            _mm256_storeu_ps(y + 16, a2), _mm256_storeu_ps(y + 24, a3);
            _mm256_storeu_ps(y + 32, a4), _mm256_storeu_ps(y + 40, a5);
            _mm256_storeu_ps(y + 48, a6), _mm256_storeu_ps(y + 56, a7);
        }
        for (; p < panels; p++) panel_row(x, in, P + (size_t)p * in * 16, yr + (size_t)p * 16);
    }
    /* a last, partial panel (zero-padded by nn_pack): through a row of 16 */
    int rest = out - panels * 16;
    if (rest > 0) {
        const float *pp = P + (size_t)panels * in * 16;
        for (int r = 0; r < m; r++) {
            float t[16] = {0};
            float *y = Y + (size_t)r * out + (size_t)panels * 16;
            const float *x = X + (size_t)r * in;
            memcpy(t, y, (size_t)rest * sizeof *t);
            panel_row(x, in, pp, t);
            memcpy(y, t, (size_t)rest * sizeof *t);
        }
    }
}
/* The inference cell (nn_lstm_cell_infer) with AVX-512: the rational tanh
 * of fast_tanh with its division replaced by a reciprocal estimate and one
 * Newton step (relative error about 2^-28 instead of a correctly rounded
 * quotient: the results differ from nn_lstm_cell in the last bits), and
 * neither the gates nor tanh(c) stored, which only training reads. */
__attribute__((target("avx512f"))) static inline __m512 tanh16(__m512 x) {
    const __m512 lim = _mm512_set1_ps(7.90531110763549805f);
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_sub_ps(_mm512_setzero_ps(), lim)), lim);
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(-2.76076847742355e-16f);
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.00018790482477e-13f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-8.60467152213735e-11f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(5.12229709037114e-08f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(1.48572235717979e-05f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(6.37261928875436e-04f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(4.89352455891786e-03f));
    p = _mm512_mul_ps(p, x);
    __m512 q = _mm512_set1_ps(1.19825839466702e-06f);
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(1.18534705686654e-04f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(2.26843463243900e-03f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(4.89352518554385e-03f));
    __m512 r = _mm512_rcp14_ps(q);
    r = _mm512_mul_ps(r, _mm512_fnmadd_ps(q, r, _mm512_set1_ps(2.0f)));
    return _mm512_mul_ps(p, r);
}

__attribute__((target("avx512f"))) static inline __m512 sigmoid16(__m512 x) {
    const __m512 half = _mm512_set1_ps(0.5f);
    return _mm512_fmadd_ps(half, tanh16(_mm512_mul_ps(half, x)), half);
}

__attribute__((target("avx512f"))) static void lstm_cell16(const float *z, const float *c_prev,
                                                           int h, float *c, float *out) {
    for (int j = 0; j < h; j += 16) {
        __m512 i = sigmoid16(_mm512_loadu_ps(z + j)), f = sigmoid16(_mm512_loadu_ps(z + h + j));
        __m512 g = tanh16(_mm512_loadu_ps(z + 2 * (size_t)h + j));
        __m512 o = sigmoid16(_mm512_loadu_ps(z + 3 * (size_t)h + j));
        __m512 cp = c_prev ? _mm512_loadu_ps(c_prev + j) : _mm512_setzero_ps();
        __m512 cj = _mm512_fmadd_ps(f, cp, _mm512_mul_ps(i, g));
        _mm512_storeu_ps(c + j, cj);
        _mm512_storeu_ps(out + j, _mm512_mul_ps(o, tanh16(cj)));
    }
}

void nn_lstm_cell_infer(const float *z, const float *c_prev, int h, float *gates, float *c,
                        float *tanh_c, float *out) {
    if (h % 16 == 0 && __builtin_cpu_supports("avx512f")) lstm_cell16(z, c_prev, h, c, out);
    else nn_lstm_cell(z, c_prev, h, gates, c, tanh_c, out);
}
#else
int nn_packed_ok(void) { return 0; }

void nn_lstm_cell_infer(const float *z, const float *c_prev, int h, float *gates, float *c,
                        float *tanh_c, float *out) {
    nn_lstm_cell(z, c_prev, h, gates, c, tanh_c, out);
}

void nn_pgemm_acc(const float *X, int m, int in, const float *P, int out, float *Y) {
    (void)X, (void)m, (void)in, (void)P, (void)out, (void)Y;
}
#endif

