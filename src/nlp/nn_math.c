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

#include "nlp/nn.h"

NN_CLONES
void nn_gemm(const float *X, int m, int in, const float *W, int out, const float *b, float *Y) {
    int r = 0;
    for (; r + 4 <= m; r += 4) {
        float *y0 = Y + (size_t)r * out, *y1 = y0 + out, *y2 = y1 + out, *y3 = y2 + out;
        const float *x0 = X + (size_t)r * in, *x1 = x0 + in, *x2 = x1 + in, *x3 = x2 + in;
        if (b) {
            memcpy(y0, b, (size_t)out * sizeof *y0);
            memcpy(y1, b, (size_t)out * sizeof *y0);
            memcpy(y2, b, (size_t)out * sizeof *y0);
            memcpy(y3, b, (size_t)out * sizeof *y0);
        } else {
            memset(y0, 0, 4 * (size_t)out * sizeof *y0);
        }
        for (int k = 0; k < in; k++) {
            const float *w = W + (size_t)k * out;
            float a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
#pragma omp simd
            for (int j = 0; j < out; j++) {
                float wj = w[j];
                y0[j] += a0 * wj;
                y1[j] += a1 * wj;
                y2[j] += a2 * wj;
                y3[j] += a3 * wj;
            }
        }
    }
    for (; r < m; r++) {
        float *y = Y + (size_t)r * out;
        if (b) memcpy(y, b, (size_t)out * sizeof *y);
        else memset(y, 0, (size_t)out * sizeof *y);
        nn_vecmat_acc(X + (size_t)r * in, in, W, out, y);
    }
}

NN_CLONES
void nn_vecmat_acc(const float *x, int in, const float *W, int out, float *y) {
    int k = 0;
    for (; k + 2 <= in; k += 2) {
        const float *w0 = W + (size_t)k * out, *w1 = w0 + out;
        float a0 = x[k], a1 = x[k + 1];
#pragma omp simd
        for (int j = 0; j < out; j++) y[j] += a0 * w0[j] + a1 * w1[j];
    }
    for (; k < in; k++) {
        const float *w = W + (size_t)k * out;
        float a = x[k];
#pragma omp simd
        for (int j = 0; j < out; j++) y[j] += a * w[j];
    }
}

NN_CLONES
float nn_dot(const float *a, const float *b, int n) {
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

NN_CLONES
void nn_gemm_bt(const float *dY, int m, int out, const float *W, int in, float *dX) {
    for (int r = 0; r < m; r++) {
        const float *dy = dY + (size_t)r * out;
        float *dx = dX + (size_t)r * in;
        for (int k = 0; k < in; k++) dx[k] += nn_dot(W + (size_t)k * out, dy, out);
    }
}

NN_CLONES
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

static inline float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* Gate order in z: input, forget, cell candidate, output. */
NN_CLONES
void nn_lstm_cell(const float *z, const float *c_prev, int h, float *gates, float *c,
                  float *tanh_c, float *out) {
    for (int j = 0; j < h; j++) {
        float ig = sigmoid(z[j]), fg = sigmoid(z[h + j]), gg = tanhf(z[2 * h + j]),
              og = sigmoid(z[3 * h + j]);
        gates[j] = ig;
        gates[h + j] = fg;
        gates[2 * h + j] = gg;
        gates[3 * h + j] = og;
        float cj = fg * (c_prev ? c_prev[j] : 0.0f) + ig * gg;
        c[j] = cj;
        float t = tanhf(cj);
        tanh_c[j] = t;
        out[j] = og * t;
    }
}
