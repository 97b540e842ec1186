/* perceptron.c - the averaged perceptron shared by the tagger and the parser.
 *
 * Training keeps, for each feature key that was ever updated, a short sparse
 * row of (class, weight, running total, last update tick); averaging is lazy
 * (Daumé's trick), so an update costs O(features) whatever the number of
 * examples. Freezing keeps only averaged weights that matter and lays them
 * out as flat arrays (keys, row starts, classes, weights) that the model file
 * stores as is; loading builds an open-addressing probe index over the keys
 * (for a model of three classes or fewer, a table holding the weights). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "nlp/nlp_internal.h"
#include "nlp/nn.h"

/* ---- frozen model ------------------------------------------------------- */

/* Scoring probes tens of megabytes at random: with 4 KiB pages nearly every
 * probe is also a TLB miss, so large tables are 2 MiB-aligned and marked
 * for transparent huge pages (a hint; without it they still work). */
static void *table_alloc(size_t bytes) {
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge) return calloc(1, bytes);
    size_t rounded = (bytes + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, rounded);
    if (p == NULL) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE);
#endif
    memset(p, 0, rounded);
    return p;
}

static uint16_t small_tag(uint64_t key) {
    uint16_t tag = (uint16_t)(key >> 48);
    return tag ? tag : 1;
}

/* bit 2i set when tags[i] == v (two bits per lane, as movemask gives them) */
static inline uint32_t tag_match(const uint16_t *tags, uint16_t v) {
#ifdef __SSE2__
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)tags);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi16(x, _mm_set1_epi16((short)v)));
#else
    uint32_t m = 0;
    for (int i = 0; i < 8; i++) m |= (uint32_t)(tags[i] == v) << (2 * i);
    return m;
#endif
}

/* The bucket of a key, or of the first empty slot of its chain when absent:
 * a chain only moves on past a full bucket, and buckets never empty. */
static const nlp_bucket3 *small_find(const nlp_ap *ap, uint64_t key, int *slot) {
    uint32_t b = (uint32_t)key & ap->mask;
    uint16_t tag = small_tag(key);
    for (;;) {
        const nlp_bucket3 *bk = &ap->small[b];
        uint32_t hit = tag_match(bk->tag, tag), empty = tag_match(bk->tag, 0);
        if (hit || empty) {
            *slot = __builtin_ctz(hit ? hit : empty) / 2;
            return bk;
        }
        b = (b + 1) & ap->mask;
    }
}

/* The int16 steps of each row's weights, as the file of a small model holds
 * them: the largest weight is 32767 steps of qscale. */
static float small_scale(const float *w, size_t nnz) {
    float big = 0;
    for (size_t j = 0; j < nnz; j++)
        if (fabsf(w[j]) > big) big = fabsf(w[j]);
    return big > 0 ? big / 32767.0f : 1.0f;
}

static int16_t small_step(float w, float inv) {
    float q = nearbyintf(w * inv);
    return (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
}

static int index_small(nlp_ap *ap) {
    uint32_t cap = 16; /* buckets, filled to at most 3/4 */
    while ((uint64_t)cap * 6 < ap->n_rows) cap <<= 1;
    ap->small = table_alloc((size_t)cap * sizeof *ap->small);
    if (ap->small == NULL) return -1;
    ap->mask = cap - 1;
    ap->stride = 4;
    for (uint32_t r = 0; r < ap->n_rows; r++) {
        int i;
        nlp_bucket3 *bk = (nlp_bucket3 *)small_find(ap, ap->keys[r], &i);
        /* keys alike in their bucket and top 16 bits share a slot */
        bk->tag[i] = small_tag(ap->keys[r]);
        for (int c = 0; c < NLP_SMALL_CLASSES; c++) {
            int32_t q = bk->w[i][c] + ap->q3[(size_t)r * NLP_SMALL_CLASSES + (size_t)c];
            bk->w[i][c] = (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
        }
    }
    return 0;
}

int nlp_ap_index(nlp_ap *ap) {
    if (ap->q3 != NULL) return index_small(ap);
    uint32_t cap = 4; /* buckets of four slots, filled to at most 3/4 */
    while ((uint64_t)cap * 3 < ap->n_rows + 16u) cap <<= 1;
    size_t nnz = ap->row_start[ap->n_rows], n_dense = 0;
    /* rows holding a quarter of the classes or more are added as dense
     * vectors: a straight loop the compiler unrolls beats a scatter */
    uint32_t dense_min = ap->n_classes >= 16 ? ap->n_classes / 4 : UINT32_MAX;
    for (uint32_t r = 0; r < ap->n_rows; r++)
        n_dense += ap->row_start[r + 1] - ap->row_start[r] >= dense_min;
    ap->buckets = table_alloc((size_t)cap * sizeof *ap->buckets);
    ap->cw = table_alloc((nnz ? nnz : 1) * sizeof *ap->cw);
    ap->stride = (ap->n_classes + 3) & ~3u;
    ap->dense = table_alloc((n_dense * ap->stride + 1) * sizeof *ap->dense);
    if (ap->buckets == NULL || ap->cw == NULL || ap->dense == NULL) return -1;
    ap->mask = cap - 1;
    for (size_t j = 0; j < nnz; j++) ap->cw[j] = (nlp_cw){ap->w[j], ap->cls[j]};
    uint32_t next_dense = 0;
    for (uint32_t r = 0; r < ap->n_rows; r++) {
        uint32_t b = (uint32_t)ap->keys[r] & ap->mask;
        int i = 0;
        for (;; b = (b + 1) & ap->mask) {
            for (i = 0; i < 4 && ap->buckets[b].key[i] != 0; i++) continue;
            if (i < 4) break;
        }
        nlp_bucket4 *bk = &ap->buckets[b];
        uint32_t a = ap->row_start[r], e = ap->row_start[r + 1];
        bk->key[i] = ap->keys[r];
        if (e - a >= dense_min) {
            float *row = ap->dense + (size_t)next_dense * ap->stride;
            for (uint32_t j = a; j < e; j++) row[ap->cls[j]] += ap->w[j];
            bk->start[i] = next_dense++;
            bk->end[i] = NLP_DENSE;
        } else {
            bk->start[i] = a;
            bk->end[i] = e;
        }
    }
    return 0;
}

void nlp_ap_release(nlp_ap *ap) {
    free(ap->buckets);
    free(ap->cw);
    free(ap->dense);
    free(ap->small);
    memset(ap, 0, sizeof *ap);
}

static void score_small(const nlp_ap *ap, const uint64_t *feats, int n, float *scores) {
    for (int i = 0; i < n; i++) __builtin_prefetch(&ap->small[(uint32_t)feats[i] & ap->mask]);
    int32_t a = 0, b = 0, c = 0;
    for (int i = 0; i < n; i++) {
        int j;
        const nlp_bucket3 *bk = small_find(ap, feats[i], &j);
        a += bk->w[j][0]; /* an empty slot holds zeros */
        b += bk->w[j][1];
        c += bk->w[j][2];
    }
    scores[0] += (float)a * ap->qscale;
    scores[1] += (float)b * ap->qscale;
    scores[2] += (float)c * ap->qscale;
}

/* The dense rows' sum into scores: each lane adds the rows in the order
 * given, whatever the vector width, so every clone gives the same bits;
 * two accumulators of sixteen classes stay in registers over all rows
 * (adding row by row into memory waited on store forwarding). */
typedef float ap_v16 __attribute__((vector_size(64)));
typedef float ap_v4 __attribute__((vector_size(16)));

NN_CLONES_WIDE
static void add_dense(const float *const *rows, int nr, uint32_t stride, float *scores) {
    uint32_t c = 0;
    for (; c + 32 <= stride; c += 32) {
        ap_v16 a, b, x, y;
        memcpy(&a, scores + c, sizeof a);
        memcpy(&b, scores + c + 16, sizeof b);
        for (int r = 0; r < nr; r++) {
            memcpy(&x, rows[r] + c, sizeof x);
            memcpy(&y, rows[r] + c + 16, sizeof y);
            a += x;
            b += y;
        }
        memcpy(scores + c, &a, sizeof a);
        memcpy(scores + c + 16, &b, sizeof b);
    }
    for (; c < stride; c += 4) {
        ap_v4 a, x;
        memcpy(&a, scores + c, sizeof a);
        for (int r = 0; r < nr; r++) {
            memcpy(&x, rows[r] + c, sizeof x);
            a += x;
        }
        memcpy(scores + c, &a, sizeof a);
    }
}

/* Dense rows are added first, in feature order, then the sparse runs in
 * feature order: a fixed order, so the sums do not depend on the machine. */
void nlp_ap_score(const nlp_ap *ap, const uint64_t *feats, int n, float *scores) {
    if (ap->small != NULL) {
        score_small(ap, feats, n, scores);
        return;
    }
    const float *dense[128];
    uint32_t sparse[128][2];
    int nd = 0, ns = 0;
    dense[0] = NULL; /* gcc cannot see that add_dense reads only the rows filled */
    if (n > 128) n = 128;
    for (int i = 0; i < n; i++) __builtin_prefetch(&ap->buckets[(uint32_t)feats[i] & ap->mask]);
    for (int i = 0; i < n; i++) {
        uint64_t k = feats[i];
        uint32_t b = (uint32_t)k & ap->mask;
        const nlp_bucket4 *bk;
        unsigned hit, empty;
        for (;; b = (b + 1) & ap->mask) {
            bk = &ap->buckets[b];
            hit = (unsigned)(bk->key[0] == k) | (unsigned)(bk->key[1] == k) << 1 |
                  (unsigned)(bk->key[2] == k) << 2 | (unsigned)(bk->key[3] == k) << 3;
            empty = bk->key[3] == 0; /* slots fill in order */
            if (__builtin_expect((hit | empty) != 0, 1)) break;
        }
        /* an absent feature becomes an empty sparse run, so that no branch
         * depends on which kind of row a feature has */
        int j = __builtin_ctz(hit | 16u) & 3;
        uint32_t start = hit ? bk->start[j] : 0, end = hit ? bk->end[j] : 0;
        int is_dense = end == NLP_DENSE;
        const float *row = ap->dense + (size_t)(is_dense ? start : 0) * ap->stride;
        __builtin_prefetch(is_dense ? (const void *)row : (const void *)&ap->cw[start]);
        dense[nd] = row;
        sparse[ns][0] = start;
        sparse[ns][1] = end;
        nd += is_dense;
        ns += !is_dense & (end > start);
    }
    for (int i = 0; i < nd; i++)
        for (uint32_t b = 64; b < ap->stride * sizeof(float); b += 64)
            __builtin_prefetch((const char *)dense[i] + b);
    /* dense[0..nd) and sparse[0..ns) were filled by the loop above; zeroing
     * all 128 on this hot path would cost time */
    // cppcheck-suppress uninitvar
    add_dense(dense, nd, ap->stride, scores);
    for (int i = 0; i < ns; i++)
        // cppcheck-suppress uninitvar
        for (uint32_t j = sparse[i][0]; j < sparse[i][1]; j++) scores[ap->cw[j].cls] += ap->cw[j].w;
}

parley_status nlp_ap_load(nlp_ap *ap, const nlp_file *f, char p, parley_error *err) {
    memset(ap, 0, sizeof *ap);
    const void *d;
    uint64_t n;
    parley_status st;
    char tag[4] = {p, 'C', 'L', 'S'};
    if ((st = nlp_file_get(f, tag, 4, 1, 1, &d, &n, err)) != PARLEY_OK) return st;
    ap->n_classes = *(const uint32_t *)d;
    if (ap->n_classes == 0 || ap->n_classes > 65535)
        return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "bad class count %u",
                                ap->n_classes);
    memcpy(tag, (char[4]){p, 'K', 'E', 'Y'}, 4);
    if ((st = nlp_file_get(f, tag, 8, 0, 0, &d, &n, err)) != PARLEY_OK) return st;
    if (n >= UINT32_MAX / 4)
        return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "too many features");
    ap->keys = d;
    ap->n_rows = (uint32_t)n;
    if (ap->n_classes <= NLP_SMALL_CLASSES) {
        /* a small model's file holds the int16 steps of its probe table */
        memcpy(tag, (char[4]){p, 'Q', 'S', 'C'}, 4);
        if ((st = nlp_file_get(f, tag, 4, 1, 1, &d, NULL, err)) != PARLEY_OK) return st;
        memcpy(&ap->qscale, d, sizeof ap->qscale);
        if (!isfinite(ap->qscale) || !(ap->qscale > 0))
            return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "bad weight scale");
        memcpy(tag, (char[4]){p, 'Q', 'W', '3'}, 4);
        if ((st = nlp_file_get(f, tag, 2, n * NLP_SMALL_CLASSES, 1, &d, NULL, err)) != PARLEY_OK)
            return st;
        ap->q3 = d;
        for (uint32_t r = 0; r < ap->n_rows; r++)
            if (ap->keys[r] == 0)
                return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "zero feature key");
        if (nlp_ap_index(ap) != 0) {
            nlp_ap_release(ap);
            return parley_error_set(err, PARLEY_ERR_NOMEM, f->path, 0, "out of memory");
        }
        return PARLEY_OK;
    }
    memcpy(tag, (char[4]){p, 'R', 'O', 'W'}, 4);
    if ((st = nlp_file_get(f, tag, 4, n + 1, 1, &d, &n, err)) != PARLEY_OK) return st;
    ap->row_start = d;
    memcpy(tag, (char[4]){p, 'C', 'I', 'D'}, 4);
    if ((st = nlp_file_get(f, tag, 2, 0, 0, &d, &n, err)) != PARLEY_OK) return st;
    ap->cls = d;
    uint64_t nnz = n;
    memcpy(tag, (char[4]){p, 'W', 'G', 'T'}, 4);
    if ((st = nlp_file_get(f, tag, 4, nnz, 1, &d, &n, err)) != PARLEY_OK) return st;
    ap->w = d;
    /* Every run must lie inside the weight arrays and every class in range,
     * or scoring would read out of bounds. */
    if (ap->row_start[0] != 0 || ap->row_start[ap->n_rows] != nnz)
        return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "row table does not cover weights");
    for (uint32_t r = 0; r < ap->n_rows; r++) {
        if (ap->row_start[r] > ap->row_start[r + 1])
            return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "row table not monotone");
        if (ap->keys[r] == 0)
            return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "zero feature key");
    }
    for (uint64_t j = 0; j < nnz; j++) {
        if (ap->cls[j] >= ap->n_classes)
            return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "class id out of range");
        if (!isfinite(ap->w[j]))
            return parley_error_set(err, PARLEY_ERR_MODEL, f->path, 0, "non-finite weight");
    }
    if (nlp_ap_index(ap) != 0) {
        nlp_ap_release(ap);
        return parley_error_set(err, PARLEY_ERR_NOMEM, f->path, 0, "out of memory");
    }
    return PARLEY_OK;
}

/* ---- training ----------------------------------------------------------- */

typedef struct ap_cell {
    uint16_t cls;
    float w;
    double total;
    uint32_t ts;
} ap_cell;

typedef struct ap_row {
    uint64_t key;
    ap_cell *cells;
    uint32_t n, cap;
    uint32_t updates;
} ap_row;

struct nlp_ap_train {
    uint32_t n_classes;
    uint32_t tick;
    ap_row *rows;
    size_t n_rows, rows_cap;
    uint32_t *index; /* row + 1 */
    size_t mask;
};

nlp_ap_train *nlp_ap_train_new(uint32_t n_classes) {
    nlp_ap_train *t = calloc(1, sizeof *t);
    if (t == NULL) return NULL;
    t->n_classes = n_classes;
    t->mask = (1u << 16) - 1;
    t->index = calloc(t->mask + 1, sizeof *t->index);
    if (t->index == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

void nlp_ap_train_free(nlp_ap_train *t) {
    if (t == NULL) return;
    for (size_t i = 0; i < t->n_rows; i++) free(t->rows[i].cells);
    free(t->rows);
    free(t->index);
    free(t);
}

static ap_row *train_find(const nlp_ap_train *t, uint64_t k) {
    size_t s = (size_t)k & t->mask;
    uint32_t r;
    while ((r = t->index[s]) != 0) {
        if (t->rows[r - 1].key == k) return &t->rows[r - 1];
        s = (s + 1) & t->mask;
    }
    return NULL;
}

static int train_grow_index(nlp_ap_train *t) {
    size_t cap = (t->mask + 1) * 2;
    uint32_t *idx = calloc(cap, sizeof *idx);
    if (idx == NULL) return -1;
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t s = (size_t)t->rows[r].key & (cap - 1);
        while (idx[s] != 0) s = (s + 1) & (cap - 1);
        idx[s] = (uint32_t)r + 1;
    }
    free(t->index);
    t->index = idx;
    t->mask = cap - 1;
    return 0;
}

static ap_row *train_get(nlp_ap_train *t, uint64_t k) {
    ap_row *row = train_find(t, k);
    if (row) return row;
    if ((t->n_rows + 1) * 2 > t->mask + 1 && train_grow_index(t) != 0) return NULL;
    if (t->n_rows == t->rows_cap) {
        size_t cap = t->rows_cap ? t->rows_cap * 2 : 4096;
        ap_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (rows == NULL) return NULL;
        t->rows = rows;
        t->rows_cap = cap;
    }
    size_t s = (size_t)k & t->mask;
    while (t->index[s] != 0) s = (s + 1) & t->mask;
    t->index[s] = (uint32_t)t->n_rows + 1;
    row = &t->rows[t->n_rows++];
    memset(row, 0, sizeof *row);
    row->key = k;
    return row;
}

void nlp_ap_train_score(const nlp_ap_train *t, const uint64_t *feats, int n, float *scores) {
    for (int i = 0; i < n; i++) {
        const ap_row *row = train_find(t, feats[i]);
        if (row == NULL) continue;
        for (uint32_t j = 0; j < row->n; j++) scores[row->cells[j].cls] += row->cells[j].w;
    }
}

static int train_add(nlp_ap_train *t, ap_row *row, int cls, float delta) {
    ap_cell *c = NULL;
    for (uint32_t j = 0; j < row->n; j++)
        if (row->cells[j].cls == cls) c = &row->cells[j];
    if (c == NULL) {
        if (row->n == row->cap) {
            uint32_t cap = row->cap ? row->cap * 2 : 2;
            ap_cell *cells = realloc(row->cells, cap * sizeof *cells);
            if (cells == NULL) return -1;
            row->cells = cells;
            row->cap = cap;
        }
        c = &row->cells[row->n++];
        c->cls = (uint16_t)cls;
        c->w = 0;
        c->total = 0;
        c->ts = t->tick;
    }
    c->total += (double)(t->tick - c->ts) * c->w;
    c->ts = t->tick;
    c->w += delta;
    return 0;
}

void nlp_ap_train_tick(nlp_ap_train *t) { t->tick++; }

int nlp_ap_train_update(nlp_ap_train *t, const uint64_t *feats, int n, int right, int wrong) {
    t->tick++;
    if (right == wrong) return 0;
    for (int i = 0; i < n; i++) {
        ap_row *row = train_get(t, feats[i]);
        if (row == NULL) return -1;
        row->updates++;
        if (train_add(t, row, right, 1.0f) != 0 || train_add(t, row, wrong, -1.0f) != 0) return -1;
    }
    return 0;
}

static int key_cmp(const void *a, const void *b) {
    uint64_t x = (*(const ap_row *const *)a)->key, y = (*(const ap_row *const *)b)->key;
    return x < y ? -1 : x > y;
}

int nlp_ap_train_write(const nlp_ap_train *t, parley_buf *file, char p, uint32_t min_updates,
                       size_t *n_kept) {
    /* Rows are written in key order so the file does not depend on the order
     * features were first seen in. Tiny averaged weights and features updated
     * fewer than min_updates times (mostly word pairs seen once) are dropped:
     * they cost space and cache misses and change few decisions. */
    const float min_abs = 1e-3f;
    ap_row **order = malloc((t->n_rows + 1) * sizeof *order); // NOLINT(bugprone-sizeof-expression)
    uint64_t *keys = malloc((t->n_rows + 1) * sizeof *keys);
    uint32_t *starts = malloc((t->n_rows + 2) * sizeof *starts);
    size_t nnz_cap = 1;
    for (size_t r = 0; r < t->n_rows; r++) nnz_cap += t->rows[r].n;
    uint16_t *cls = malloc(nnz_cap * sizeof *cls);
    float *w = malloc(nnz_cap * sizeof *w);
    int16_t *q3 = NULL;
    int rc = -1;
    if (!order || !keys || !starts || !cls || !w) goto done;
    for (size_t r = 0; r < t->n_rows; r++) order[r] = &t->rows[r];
    qsort(order, t->n_rows, sizeof *order, key_cmp); // NOLINT(bugprone-sizeof-expression)
    size_t nr = 0, nnz = 0;
    double ticks = t->tick ? (double)t->tick : 1.0;
    starts[0] = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const ap_row *row = order[r];
        size_t before = nnz;
        if (row->updates < min_updates) continue;
        for (uint32_t j = 0; j < row->n; j++) {
            const ap_cell *c = &row->cells[j];
            double avg = (c->total + (double)(t->tick - c->ts) * c->w) / ticks;
            if (fabs(avg) < min_abs) continue;
            cls[nnz] = c->cls;
            w[nnz] = (float)avg;
            nnz++;
        }
        if (nnz == before) continue;
        keys[nr] = row->key;
        starts[++nr] = (uint32_t)nnz;
    }
    uint32_t ncls = t->n_classes;
    if (nlp_file_section(file, (char[4]){p, 'C', 'L', 'S'}, 4, 1, &ncls) != 0 ||
        nlp_file_section(file, (char[4]){p, 'K', 'E', 'Y'}, 8, nr, keys) != 0)
        goto done;
    if (ncls <= NLP_SMALL_CLASSES) {
        /* a small model is scored from int16 steps (nlp_bucket3): the file
         * holds them, three per row, half the size of (class, float) runs */
        float scale = small_scale(w, nnz), inv = 1.0f / scale;
        q3 = calloc(nr * NLP_SMALL_CLASSES + 1, sizeof *q3);
        if (q3 == NULL) goto done;
        for (size_t r = 0; r < nr; r++)
            for (uint32_t j = starts[r]; j < starts[r + 1]; j++)
                q3[r * NLP_SMALL_CLASSES + cls[j]] = small_step(w[j], inv);
        if (nlp_file_section(file, (char[4]){p, 'Q', 'S', 'C'}, 4, 1, &scale) != 0 ||
            nlp_file_section(file, (char[4]){p, 'Q', 'W', '3'}, 2, nr * NLP_SMALL_CLASSES, q3) != 0)
            goto done;
    } else if (nlp_file_section(file, (char[4]){p, 'R', 'O', 'W'}, 4, nr + 1, starts) != 0 ||
        nlp_file_section(file, (char[4]){p, 'C', 'I', 'D'}, 2, nnz, cls) != 0 ||
        nlp_file_section(file, (char[4]){p, 'W', 'G', 'T'}, 4, nnz, w) != 0)
        goto done;
    if (n_kept) *n_kept = nnz;
    rc = 0;
done:
    free(order);
    free(keys);
    free(starts);
    free(cls);
    free(q3);
    free(w);
    return rc;
}
