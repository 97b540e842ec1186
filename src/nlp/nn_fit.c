/* nn_fit.c - the training loop of the network: vocabulary, initialisation,
 * batches over threads, Adam, the dev check after every epoch, nn.bin.
 *
 * Deterministic given the seed and the data: the sentence order and every
 * dropout mask come from seeded generators, each sentence's mask from its
 * own (epoch, sentence) seed, and gradients are summed in a fixed order
 * (nn_train.c), whatever the number of threads. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/nn_train.h"

#define SHARDS 16

static float rng_sym(nlp_rng *r, float a) {
    return a * (2.0f * nlp_rng_unit(r) - 1.0f);
}

#define say(o, ...) nlp_say((o)->say, (o)->say_ctx, __VA_ARGS__)

static int key_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct prepared {
    nn_input *in;       /* all words of all sentences */
    uint32_t *count;
    nn_example *ex;
} prepared;

static void prepared_free(prepared *p) {
    free(p->in);
    free(p->count);
    free(p->ex);
}

static int prepare(const nn_model *m, const nn_sentence *s, size_t n, const uint64_t *keys,
                   const uint32_t *key_count, prepared *p) {
    size_t words = 0;
    for (size_t i = 0; i < n; i++) words += (size_t)s[i].n;
    p->in = calloc(words + 1, sizeof *p->in);
    p->count = calloc(words + 1, sizeof *p->count);
    p->ex = calloc(n + 1, sizeof *p->ex);
    if (!p->in || !p->count || !p->ex) return -1;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        nn_example *e = &p->ex[i];
        e->n = s[i].n;
        e->in = p->in + at;
        e->count = p->count + at;
        e->gold_tag = s[i].gold_tag;
        e->gold_head = s[i].gold_head;
        e->gold_label = s[i].gold_label;
        for (int j = 0; j < s[i].n; j++, at++) {
            nn_input_of(m, &s[i].w[j], s[i].tag_in[j], &p->in[at]);
            if (keys) {
                const uint64_t *k = bsearch(&s[i].w[j].lower, keys, m->n_vocab, sizeof *keys, key_cmp);
                p->count[at] = k ? key_count[k - keys] : 0;
            }
        }
    }
    return 0;
}

/* ---- evaluation --------------------------------------------------------- */

typedef struct dev_score {
    size_t words, upos, uas, las;
} dev_score;

static int evaluate(const nn_model *m, const prepared *p, size_t n, dev_score *sc) {
    memset(sc, 0, sizeof *sc);
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        if ((size_t)p->ex[i].n + 1 > cap) cap = (size_t)p->ex[i].n + 1;
    nn_work w;
    memset(&w, 0, sizeof w);
    nn_input *in = malloc(cap * sizeof *in);
    int *cls = malloc(cap * sizeof *cls), *head = malloc(cap * sizeof *head),
        *label = malloc(cap * sizeof *label);
    int rc = in && cls && head && label ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const nn_example *e = &p->ex[i];
        int N = e->n + 1;
        if (nn_work_reserve(&w, &m->d, N) != 0) {
            rc = -1;
            break;
        }
        nn_input_root(m, &in[0]);
        for (int j = 0; j < e->n; j++) in[j + 1] = e->in[j];
        nn_encode(m, &w, in, N);
        nn_tag(m, &w, N, cls);
        nn_parse(m, &w, N, 0, head, label);
        for (int j = 0; j < e->n; j++) {
            sc->words++;
            sc->upos += m->tag_upos[cls[j]] == m->tag_upos[e->gold_tag[j]];
            if (head[j + 1] == e->gold_head[j]) {
                sc->uas++;
                sc->las += label[j + 1] == e->gold_label[j];
            }
        }
    }
    free(in), free(cls), free(head), free(label);
    nn_work_free(&w);
    return rc;
}

/* ---- batches ------------------------------------------------------------ */

typedef struct batch {
    const nn_model *m;
    const float *pt;     /* transposed weights */
    const prepared *p;
    const size_t *idx;   /* sentence ids of the batch */
    size_t n;
    float **dX;          /* per batch sentence */
    nn_input **used;
    float *shard_g[SHARDS];
    size_t n_dense;
    nn_twork *work[SHARDS];
    float scale, drop;
    uint64_t seed;
    int threads;
    nn_stats stats[SHARDS];
    double loss[SHARDS];
    int failed;
} batch;

typedef struct job {
    batch *b;
    int tid;
} job;

static void *run_shards(void *arg) {
    job *j = arg;
    batch *b = j->b;
    for (int s = j->tid; s < SHARDS; s += b->threads) {
        memset(b->shard_g[s], 0, b->n_dense * sizeof(float));
        b->loss[s] = 0;
        for (size_t k = (size_t)s; k < b->n; k += SHARDS) {
            size_t id = b->idx[k];
            double l = nn_sentence_grad(b->m, b->pt, b->work[s], &b->p->ex[id], b->scale, b->drop,
                                        b->seed ^ (id * 0x9e3779b97f4a7c15ULL), b->shard_g[s],
                                        b->dX[k], b->used[k], &b->stats[s]);
            if (l < 0) b->failed = 1;
            else b->loss[s] += l;
        }
    }
    return NULL;
}

static void init_params(float *p, const nn_model *m, nlp_rng *r) {
    const nn_dims *d = &m->d;
    const nn_layout *l = &m->l;
    for (size_t i = 0; i < l->dense; i++) p[i] = rng_sym(r, 0.1f);
    size_t H = d->hidden, R = 2 * H;
    for (uint32_t k = 0; k < d->layers; k++) {
        size_t in = k == 0 ? l->d_in : R;
        for (int dir = 0; dir < 2; dir++) {
            float a = sqrtf(6.0f / (float)(in + H)), b2 = sqrtf(6.0f / (float)(2 * H));
            for (size_t i = 0; i < in * 4 * H; i++) p[l->wx[k][dir] + i] = rng_sym(r, a);
            for (size_t i = 0; i < H * 4 * H; i++) p[l->wh[k][dir] + i] = rng_sym(r, b2);
            for (size_t j = 0; j < 4 * H; j++) p[l->b[k][dir] + j] = j >= H && j < 2 * H ? 1.0f : 0.0f;
        }
    }
#define GLOROT(off, in, out)                                                 \
    do {                                                                     \
        float a_ = sqrtf(6.0f / (float)((in) + (out)));                      \
        for (size_t i_ = 0; i_ < (size_t)(in) * (out); i_++) p[(off) + i_] = rng_sym(r, a_); \
    } while (0)
    GLOROT(l->tag_w, R, d->n_tags_out);
    GLOROT(l->ad_w, R, d->d_arc);
    GLOROT(l->ah_w, R, d->d_arc);
    GLOROT(l->ld_w, R, d->d_lab);
    GLOROT(l->lh_w, R, d->d_lab);
    GLOROT(l->lab_w, 3 * (size_t)d->d_lab, d->n_labels);
#undef GLOROT
    /* biases, U and the head bias start at zero (U = 0: every head equally
     * likely at first, as Dozat & Manning) */
}

typedef struct adam {
    float *m, *v;
    float lr, b1, b2, eps;
    long t;
} adam;

static void adam_step(adam *a, float *p, const float *g, size_t from, size_t n, double c1,
                      double c2) {
    float lr = (float)((double)a->lr * sqrt(c2) / c1);
    for (size_t i = from; i < from + n; i++) {
        float gi = g[i];
        a->m[i] = a->b1 * a->m[i] + (1 - a->b1) * gi;
        a->v[i] = a->b2 * a->v[i] + (1 - a->b2) * gi * gi;
        p[i] -= lr * a->m[i] / (sqrtf(a->v[i]) + a->eps);
    }
}

parley_status nn_save(const nn_model *m, const float *params, const uint8_t *upos,
                      const uint8_t *xpos, const char *path, parley_error *err) {
    parley_buf b = PARLEY_BUF_INIT;
    nlp_file_begin(&b, NLP_KIND_NN);
    const nn_dims *d = &m->d;
    uint32_t dims[14] = {d->n_words, d->d_word, d->n_grams, d->d_gram, d->n_shapes, d->d_shape,
                         d->n_tags_in, d->d_tag, d->hidden, d->layers, d->d_arc, d->d_lab,
                         d->n_labels, d->n_tags_out};
    uint16_t *half = malloc(m->l.total * sizeof *half);
    if (half == NULL) {
        parley_buf_free(&b);
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    }
    for (size_t i = 0; i < m->l.total; i++) half[i] = nn_half_of(params[i]);
    int bad = nlp_file_section(&b, "NDIM", 4, 14, dims) |
              nlp_file_section(&b, "NPRH", 2, m->l.total, half) |
              nlp_file_section(&b, "NVKY", 8, m->n_vocab, m->vocab_keys) |
              nlp_file_section(&b, "NVRW", 4, m->n_vocab, m->vocab_rows) |
              nlp_file_section(&b, "NTUP", 1, d->n_tags_out, upos) |
              nlp_file_section(&b, "NTXP", 1, d->n_tags_out, xpos);
    free(half);
    parley_status st = bad ? parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory")
                           : nlp_file_save(&b, path, err);
    parley_buf_free(&b);
    return st;
}

parley_status nn_fit(const nn_sentence *train, size_t n_train, const nn_sentence *dev,
                     size_t n_dev, int n_tags, const uint8_t *upos, const uint8_t *xpos,
                     const nn_train_options *o, const char *path, parley_error *err) {
    parley_status st = PARLEY_OK;
    nn_model m;
    memset(&m, 0, sizeof m);
    m.tag_upos = upos;
    m.tag_xpos = xpos;
    /* vocabulary: lower-cased words seen at least twice */
    size_t words = 0;
    for (size_t i = 0; i < n_train; i++) words += (size_t)train[i].n;
    uint64_t *all = malloc((words + 1) * sizeof *all), *keys = NULL;
    uint32_t *kc = NULL, *rows = NULL;
    prepared tp = {0}, dp = {0};
    float *params = NULL, *ptrans = NULL, *best = NULL, *grad = NULL, **dX = NULL;
    unsigned char *touched = NULL;
    nn_input **used = NULL;
    size_t *order = NULL;
    adam opt = {0};
    size_t max_batch = 0;
    batch b;
    memset(&b, 0, sizeof b);
    if (all == NULL) goto nomem;
    words = 0;
    for (size_t i = 0; i < n_train; i++)
        for (int j = 0; j < train[i].n; j++) all[words++] = train[i].w[j].lower;
    qsort(all, words, sizeof *all, key_cmp);
    keys = malloc((words + 1) * sizeof *keys);
    kc = malloc((words + 1) * sizeof *kc);
    rows = malloc((words + 1) * sizeof *rows);
    if (!keys || !kc || !rows) goto nomem;
    size_t nv = 0;
    for (size_t i = 0; i < words;) {
        size_t j = i;
        while (j < words && all[j] == all[i]) j++;
        if (j - i >= 2) {
            keys[nv] = all[i];
            kc[nv] = (uint32_t)(j - i);
            rows[nv] = (uint32_t)(2 + nv);
            nv++;
        }
        i = j;
    }
    m.d = o->dims;
    m.d.n_words = (uint32_t)(2 + nv);
    m.d.n_shapes = NN_SHAPES;
    m.d.n_labels = PARLEY_DEP_COUNT;
    m.d.n_tags_out = (uint32_t)n_tags;
    m.d.n_tags_in = (uint32_t)n_tags + 1;
    m.n_vocab = nv;
    m.vocab_keys = keys;
    m.vocab_rows = rows;
    if (nn_layout_of(&m.d, &m.l) != 0) {
        st = parley_error_set(err, PARLEY_ERR_ARG, "", 0, "network dimensions out of range");
        goto done;
    }
    const nn_layout *l = &m.l;
    size_t n_dense = l->total - l->dense;
    say(o, "network: %zu words, %u-d in, %u x %u LSTM, %zu parameters (%zu in embeddings)",
        nv, l->d_in, m.d.layers, m.d.hidden, l->total, l->dense);
    params = calloc(l->total, sizeof *params);
    best = malloc(l->total * sizeof *best);
    ptrans = calloc(l->total, sizeof *ptrans);
    grad = calloc(l->total, sizeof *grad);
    touched = calloc(l->dense + 1, 1);
    opt.m = calloc(l->total, sizeof *opt.m);
    opt.v = calloc(l->total, sizeof *opt.v);
    order = malloc((n_train + 1) * sizeof *order);
    if (!params || !ptrans || !best || !grad || !touched || !opt.m || !opt.v || !order) goto nomem;
    m.p = params;
    nlp_rng r = {o->seed * 0x2545f4914f6cdd1dULL + 7};
    init_params(params, &m, &r);
    memcpy(best, params, l->total * sizeof *best);
    if (prepare(&m, train, n_train, keys, kc, &tp) || prepare(&m, dev, n_dev, NULL, NULL, &dp))
        goto nomem;
    opt.lr = o->lr > 0 ? o->lr : 2e-3f;
    float base_lr = opt.lr;
    long decay_steps = o->decay_steps > 0 ? o->decay_steps : 5000;
    time_t started = time(NULL);
    opt.b1 = 0.9f, opt.b2 = 0.9f, opt.eps = 1e-8f;
    int threads = o->threads > 0 ? (o->threads > SHARDS ? SHARDS : o->threads) : 1;
    b.m = &m;
    b.p = &tp;
    b.n_dense = n_dense;
    b.drop = o->drop;
    b.threads = threads;
    max_batch = (size_t)(o->batch_words > 0 ? o->batch_words : 1000) + 1;
    size_t longest = 0;
    for (size_t i = 0; i < n_train; i++)
        if ((size_t)train[i].n > longest) longest = (size_t)train[i].n;
    /* a batch holds at most max_batch sentences; its dX buffers are sized
     * for the longest sentence so they are allocated once */
    dX = calloc(max_batch, sizeof *dX);
    used = calloc(max_batch, sizeof(nn_input *));
    if (!dX || !used) goto nomem;
    for (size_t k = 0; k < max_batch; k++) {
        dX[k] = malloc((longest + 1) * l->d_in * sizeof **dX);
        used[k] = malloc((longest + 1) * sizeof **used);
        if (!dX[k] || !used[k]) goto nomem;
    }
    for (int s = 0; s < SHARDS; s++) {
        b.shard_g[s] = malloc(n_dense * sizeof(float));
        b.work[s] = nn_twork_new();
        if (!b.shard_g[s] || !b.work[s]) goto nomem;
    }
    b.dX = dX;
    b.used = used;
    for (size_t i = 0; i < n_train; i++) order[i] = i;
    double best_las = -1;
    int best_epoch = 0;
    for (int ep = 1; ep <= o->epochs; ep++) {
        clock_t c0 = clock();
        time_t w0 = time(NULL);
        for (size_t i = n_train; i > 1; i--) {
            size_t j = (size_t)(nlp_rng_next(&r) % i), t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        nn_stats tot = {0};
        double loss = 0;
        for (size_t at = 0; at < n_train;) {
            size_t nb = 0, bw = 0;
            while (at + nb < n_train && nb + 1 < max_batch &&
                   bw < (size_t)(o->batch_words > 0 ? o->batch_words : 1000))
                bw += (size_t)tp.ex[order[at + nb++]].n;
            b.idx = order + at;
            b.n = nb;
            b.scale = 1.0f / (float)(bw ? bw : 1);
            b.seed = nlp_rng_next(&r);
            nn_transpose_params(&m, ptrans);
            b.pt = ptrans;
            memset(b.stats, 0, sizeof b.stats);
            pthread_t th[SHARDS];
            job jobs[SHARDS];
            memset(jobs, 0, sizeof jobs);
            for (int t = 0; t < threads; t++) {
                jobs[t].b = &b;
                jobs[t].tid = t;
                if (t > 0 && pthread_create(&th[t], NULL, run_shards, &jobs[t]) != 0) goto nomem;
            }
            run_shards(&jobs[0]);
            for (int t = 1; t < threads; t++) pthread_join(th[t], NULL);
            if (b.failed) goto nomem;
            float *gd = grad + l->dense;
            memcpy(gd, b.shard_g[0], n_dense * sizeof *gd);
            for (int s = 1; s < SHARDS; s++) {
                const float *sg = b.shard_g[s];
                for (size_t i = 0; i < n_dense; i++) gd[i] += sg[i];
            }
            for (int s = 0; s < SHARDS; s++) {
                loss += b.loss[s];
                tot.words += b.stats[s].words;
                tot.tag_right += b.stats[s].tag_right;
                tot.head_right += b.stats[s].head_right;
                tot.label_right += b.stats[s].label_right;
            }
            for (size_t k = 0; k < nb; k++)
                nn_scatter_embed(&m, used[k], tp.ex[b.idx[k]].n + 1, dX[k], grad, touched);
            /* clip the global norm */
            double norm = 0;
            for (size_t i = 0; i < n_dense; i++) norm += (double)gd[i] * gd[i];
            const size_t tab_at[4] = {l->word, l->gram, l->shape, l->tag};
            const size_t tab_rows[4] = {m.d.n_words, m.d.n_grams, m.d.n_shapes, m.d.n_tags_in};
            const size_t tab_w[4] = {m.d.d_word, m.d.d_gram, m.d.d_shape, m.d.d_tag};
            for (int t = 0; t < 4; t++)
                for (size_t rr = 0; rr < tab_rows[t]; rr++) {
                    size_t off = tab_at[t] + rr * tab_w[t];
                    if (!touched[off]) continue;
                    for (size_t j = 0; j < tab_w[t]; j++) norm += (double)grad[off + j] * grad[off + j];
                }
            norm = sqrt(norm);
            if (norm > 5.0) {
                float f = (float)(5.0 / norm);
                for (size_t i = 0; i < n_dense; i++) gd[i] *= f;
                for (int t = 0; t < 4; t++)
                    for (size_t rr = 0; rr < tab_rows[t]; rr++) {
                        size_t off = tab_at[t] + rr * tab_w[t];
                        if (touched[off])
                            for (size_t j = 0; j < tab_w[t]; j++) grad[off + j] *= f;
                    }
            }
            opt.t++;
            /* the rate decays by 0.75 every decay_steps updates (Dozat & Manning) */
            opt.lr = base_lr * (float)pow(0.75, (double)opt.t / (double)decay_steps);
            double c1 = 1 - pow(opt.b1, (double)opt.t), c2 = 1 - pow(opt.b2, (double)opt.t);
            adam_step(&opt, params, grad, l->dense, n_dense, c1, c2);
            for (int t = 0; t < 4; t++)
                for (size_t rr = 0; rr < tab_rows[t]; rr++) {
                    size_t off = tab_at[t] + rr * tab_w[t];
                    if (!touched[off]) continue;
                    adam_step(&opt, params, grad, off, tab_w[t], c1, c2);
                    memset(grad + off, 0, tab_w[t] * sizeof *grad);
                    touched[off] = 0;
                }
            at += nb;
        }
        double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
        dev_score sc;
        if (evaluate(&m, &dp, n_dev, &sc) != 0) goto nomem;
        double w = sc.words ? (double)sc.words : 1;
        double las = 100.0 * (double)sc.las / w;
        double tw = tot.words ? (double)tot.words : 1;
        /* a digest of the parameters: runs that should be identical can be
         * compared epoch by epoch */
        uint64_t digest = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < l->total; i++) {
            uint32_t bits;
            memcpy(&bits, &params[i], sizeof bits);
            digest = (digest ^ bits) * 0x100000001b3ULL;
        }
        say(o,
            "nn epoch %d: loss %.3f, train tag %.2f head %.2f label %.2f; dev UPOS %.2f UAS %.2f "
            "LAS %.2f; %.0fs CPU, %lds wall, digest %016llx",
            ep, loss / tw, 100.0 * (double)tot.tag_right / tw, 100.0 * (double)tot.head_right / tw,
            100.0 * (double)tot.label_right / tw, 100.0 * (double)sc.upos / w,
            100.0 * (double)sc.uas / w, las, cpu, (long)(time(NULL) - w0),
            (unsigned long long)digest);
        if (las > best_las) {
            best_las = las;
            best_epoch = ep;
            memcpy(best, params, l->total * sizeof *best);
            /* written at once, so a run stopped early keeps its best model */
            if ((st = nn_save(&m, best, upos, xpos, path, err)) != PARLEY_OK) goto done;
        }
        if (o->max_seconds > 0 && time(NULL) - started >= o->max_seconds) {
            say(o, "nn: stopping after epoch %d: %ld s spent (max_seconds %ld)", ep,
                (long)(time(NULL) - started), o->max_seconds);
            break;
        }
    }
    say(o, "nn: keeping epoch %d (dev LAS %.2f)", best_epoch, best_las);
    if (best_epoch == 0) st = nn_save(&m, best, upos, xpos, path, err);
    goto done;
nomem:
    st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory training the network");
done:
    if (dX)
        for (size_t k = 0; k < max_batch; k++) free(dX[k]);
    if (used)
        for (size_t k = 0; k < max_batch; k++) free(used[k]);
    free(dX);
    free(used);
    for (int s = 0; s < SHARDS; s++) {
        free(b.shard_g[s]);
        nn_twork_free(b.work[s]);
    }
    prepared_free(&tp);
    prepared_free(&dp);
    free(all), free(keys), free(kc), free(rows);
    free(params), free(ptrans), free(best), free(grad), free(touched), free(opt.m), free(opt.v), free(order);
    return st;
}
