/* tagger.c - the part-of-speech tagger: UPOS and PTB XPOS in one decision.
 *
 * A greedy left-to-right averaged perceptron (Collins 2002; the feature set
 * follows Honnibal's "A good POS tagger in about 200 lines"): the word, its
 * lower case, prefixes and suffixes, shape, the words two to each side, the
 * two previous predicted tags and a few conjunctions. Its classes are the
 * (UPOS, XPOS) pairs seen in training, so the two tag sets always agree.
 * Frequent words that always had the same tag skip the classifier (a tag
 * dictionary), which is both faster and slightly more accurate. Word hashes
 * are computed once per token (nlp_word_hashes) and reused by the parser. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

void nlp_lower(const char *s, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
    out[n] = '\0';
}

void nlp_word_hashes(const char *form, nlp_word *w) {
    char low[64], shape[64];
    size_t n = strlen(form);
    size_t m = n < sizeof low - 1 ? n : sizeof low - 1;
    nlp_lower(form, m, low);
    w->form = nlp_hash_bytes(form, n);
    w->lower = n == m ? nlp_hash_bytes(low, m) : nlp_hash_bytes(form, n) ^ 0x5bd1e995u;
    size_t k = 0;
    unsigned flags = 0;
    char last = 0;
    int run = 0;
    for (size_t i = 0; i < n && k < sizeof shape - 1; i++) {
        unsigned char c = (unsigned char)form[i];
        char s = isupper(c) ? 'X' : islower(c) ? 'x' : isdigit(c) ? 'd' : c >= 0x80 ? 'u' : (char)c;
        if (isdigit(c)) flags |= 1;
        if (isupper(c)) flags |= 2;
        if (c == '-') flags |= 4;
        if (islower(c)) flags |= 8;
        run = s == last ? run + 1 : 1;
        last = s;
        if (run <= 3) shape[k++] = s;
    }
    if (n && isupper((unsigned char)form[0])) flags |= 16;
    w->shape = nlp_hash_bytes(shape, k);
    w->flags = flags;
    for (int i = 0; i < 4; i++) {
        size_t len = (size_t)i + 1 < m ? (size_t)i + 1 : m;
        w->suf[i] = nlp_hash_bytes(low + m - len, len) + (uint64_t)i;
    }
    for (int i = 0; i < 3; i++) {
        size_t len = (size_t)i + 1 < m ? (size_t)i + 1 : m;
        w->pre[i] = nlp_hash_bytes(low, len) + 7 + (uint64_t)i;
    }
}

int nlp_tagger_dict(const uint64_t *keys, const uint16_t *tags, uint64_t n, uint64_t form) {
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < form) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && keys[lo] == form ? tags[lo] : -1;
}

/* the table for n keys read from records of size bytes; values are the
 * tags given, or the positions (tags NULL) */
static int keymap_fill(nlp_keymap *km, const void *records, size_t size, const uint16_t *tags,
                       uint64_t n) {
    uint64_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    km->slots = cap <= ((uint64_t)1 << 31) ? calloc((size_t)cap, sizeof *km->slots) : NULL;
    if (km->slots == NULL) return -1;
    km->mask = (uint32_t)(cap - 1);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t key;
        memcpy(&key, (const char *)records + i * size, sizeof key);
        uint32_t s = (uint32_t)key & km->mask;
        while (km->slots[s].val != 0 && km->slots[s].key != key) s = (s + 1) & km->mask;
        if (km->slots[s].val == 0) /* the first of equal keys, as a binary search finds */
            km->slots[s] = (nlp_keyslot){key, (tags ? (uint32_t)tags[i] : (uint32_t)i) + 1};
    }
    return 0;
}

int nlp_keymap_build(nlp_keymap *km, const uint64_t *keys, const uint16_t *tags, uint64_t n) {
    return keymap_fill(km, keys, sizeof *keys, tags, n);
}

int nlp_keymap_index(nlp_keymap *km, const void *records, size_t size, uint64_t n) {
    return keymap_fill(km, records, size, NULL, n);
}

int nlp_keymap_get(const nlp_keymap *km, uint64_t key) {
    for (uint32_t s = (uint32_t)key & km->mask;; s = (s + 1) & km->mask) {
        const nlp_keyslot *k = &km->slots[s];
        if (k->val == 0) return -1;
        if (k->key == key) return (int)k->val - 1;
    }
}

void nlp_keymap_free(nlp_keymap *km) {
    free(km->slots);
    km->slots = NULL;
}

void nlp_tagger_lex(const uint64_t *keys, const uint16_t *tags, uint64_t n, nlp_word *w, int count) {
    for (int i = 0; i < count; i++) w[i].lex = (uint64_t)nlp_tagger_dict(keys, tags, n, w[i].lower) + 1;
}

/* Start and end padding stand for words outside the sentence. */
static const nlp_word pad_start = {11, 11, 11, 99, {11, 11, 11, 11}, {11, 11, 11}, 999};
static const nlp_word pad_end = {13, 13, 13, 98, {13, 13, 13, 13}, {13, 13, 13}, 998};

int nlp_tagger_features(const nlp_word *w, int n, int i, int t1, int t2, uint64_t *o) {
    const nlp_word *c = &w[i];
    const nlp_word *p1 = i >= 1 ? &w[i - 1] : &pad_start, *p2 = i >= 2 ? &w[i - 2] : &pad_start;
    const nlp_word *n1 = i + 1 < n ? &w[i + 1] : &pad_end, *n2 = i + 2 < n ? &w[i + 2] : &pad_end;
    uint64_t T1 = (uint64_t)t1 + 1, T2 = (uint64_t)t2 + 1;
    int k = 0;
    o[k++] = nlp_key(1, 0, 0, 0);
    o[k++] = nlp_key(2, c->form, 0, 0);
    o[k++] = nlp_key(3, c->lower, 0, 0);
    o[k++] = nlp_key(4, c->suf[0], 0, 0);
    o[k++] = nlp_key(5, c->suf[1], 0, 0);
    o[k++] = nlp_key(6, c->suf[2], 0, 0);
    o[k++] = nlp_key(7, c->suf[3], 0, 0);
    o[k++] = nlp_key(8, c->pre[0], 0, 0);
    o[k++] = nlp_key(9, c->pre[1], 0, 0);
    o[k++] = nlp_key(10, c->pre[2], 0, 0);
    o[k++] = nlp_key(11, c->shape, 0, 0);
    o[k++] = nlp_key(12, c->flags, i == 0, 0);
    o[k++] = nlp_key(13, T1, 0, 0);
    o[k++] = nlp_key(14, T2, 0, 0);
    o[k++] = nlp_key(15, T1, T2, 0);
    o[k++] = nlp_key(16, T1, c->lower, 0);
    o[k++] = nlp_key(17, p1->lower, 0, 0);
    o[k++] = nlp_key(18, p1->suf[2], 0, 0);
    o[k++] = nlp_key(19, p2->lower, 0, 0);
    o[k++] = nlp_key(20, n1->lower, 0, 0);
    o[k++] = nlp_key(21, n1->suf[2], 0, 0);
    o[k++] = nlp_key(22, n2->lower, 0, 0);
    o[k++] = nlp_key(23, T1, n1->lower, 0);
    o[k++] = nlp_key(24, c->lower, n1->lower, 0);
    o[k++] = nlp_key(25, p1->lower, c->lower, 0);
    o[k++] = nlp_key(26, T1, c->suf[2], 0);
    o[k++] = nlp_key(27, n1->shape, 0, 0);
    o[k++] = nlp_key(28, p1->shape, c->shape, 0);
    o[k++] = nlp_key(29, n1->suf[1], c->suf[2], 0);
    o[k++] = nlp_key(30, T1, n1->suf[2], 0);
    o[k++] = nlp_key(31, n2->suf[2], 0, 0);
    o[k++] = nlp_key(32, c->shape, n1->lower, 0);
    o[k++] = nlp_key(33, T2, T1, c->suf[1]);
    /* the likely tags of the words around stand in for the tags not yet predicted */
    o[k++] = nlp_key(34, c->lex, 0, 0);
    o[k++] = nlp_key(35, n1->lex, 0, 0);
    o[k++] = nlp_key(36, n2->lex, 0, 0);
    o[k++] = nlp_key(37, T1, n1->lex, 0);
    o[k++] = nlp_key(38, c->lex, n1->lex, 0);
    o[k++] = nlp_key(39, c->lower, n1->lex, 0);
    o[k++] = nlp_key(40, n1->lex, n2->lex, 0);
    o[k++] = nlp_key(41, c->suf[2], n1->lex, 0);
    o[k++] = nlp_key(42, T1, c->lex, n1->lex);
    o[k++] = nlp_key(43, c->flags, n1->flags, i == 0);
    o[k++] = nlp_key(44, p1->flags, c->flags, T1);
    o[k++] = nlp_key(45, c->lower, p1->lex, 0);
    o[k++] = nlp_key(46, c->shape, T1, 0);
    o[k++] = nlp_key(47, p1->lower, c->lower, n1->lower);
    return k;
}

/* The class a scan keeping each strictly greater score picks: the first
 * position of the maximum (NaN scores, which no comparison selects, left
 * out alike). Four running maxima, one per lane, break the scan's chain of
 * dependent compares (nn_argmax's AVX-512 clone measured slower here). */
static int best_class(const float *s, uint32_t n) {
    float m[4] = {s[0], s[0], s[0], s[0]};
    uint32_t j = 0;
    for (; j + 4 <= n; j += 4)
        for (int l = 0; l < 4; l++) m[l] = s[j + l] > m[l] ? s[j + l] : m[l];
    for (; j < n; j++) m[0] = s[j] > m[0] ? s[j] : m[0];
    float best = m[0];
    for (int l = 1; l < 4; l++) best = m[l] > best ? m[l] : best;
    for (j = 0; j < n; j++)
        if (s[j] == best) return (int)j;
    return 0;
}

void nlp_tag_sentence(const nlp_tagger *t, parley_nlp_workspace *ws, int n) {
    uint64_t feats[NLP_TAGGER_FEATS];
    int t1 = -1, t2 = -1;
    for (int i = 0; i < n; i++)
        ws->words[i].lex = (uint64_t)nlp_keymap_get(&t->lex_map, ws->words[i].lower) + 1;
    for (int i = 0; i < n; i++) {
        int c = nlp_keymap_get(&t->dict_map, ws->words[i].form);
        if (c < 0) {
            int nf = nlp_tagger_features(ws->words, n, i, t1, t2, feats);
            memset(ws->scores, 0, t->n_tags * sizeof *ws->scores);
            nlp_ap_score(&t->ap, feats, nf, ws->scores);
            c = best_class(ws->scores, t->n_tags);
        }
        ws->classes[i] = c;
        t2 = t1;
        t1 = c;
    }
}

parley_status nlp_tagger_load(nlp_tagger *t, const char *path, parley_error *err) {
    memset(t, 0, sizeof *t);
    parley_status st = nlp_file_load(&t->file, path, NLP_KIND_TAGGER, err);
    if (st != PARLEY_OK) return st;
    return nlp_tagger_open(t, err);
}

parley_status nlp_tagger_open(nlp_tagger *t, parley_error *err) {
    const char *path = t->file.path;
    parley_status st;
    const void *d;
    uint64_t n, nd;
    if ((st = nlp_file_get(&t->file, "TUPO", 1, 0, 0, &d, &n, err)) != PARLEY_OK) goto fail;
    t->tag_upos = d;
    if (n == 0 || n > NLP_TAG_MAX) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad tag count");
        goto fail;
    }
    t->n_tags = (uint32_t)n;
    if ((st = nlp_file_get(&t->file, "TXPO", 1, n, 1, &d, NULL, err)) != PARLEY_OK) goto fail;
    t->tag_xpos = d;
    for (uint64_t i = 0; i < n; i++)
        if (t->tag_upos[i] >= PARLEY_UPOS_COUNT || t->tag_xpos[i] >= PARLEY_XPOS_COUNT) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "tag id out of range");
            goto fail;
        }
    if ((st = nlp_file_get(&t->file, "TDKY", 8, 0, 0, &d, &nd, err)) != PARLEY_OK) goto fail;
    t->dict_keys = d;
    t->n_dict = nd;
    if ((st = nlp_file_get(&t->file, "TDTG", 2, nd, 1, &d, NULL, err)) != PARLEY_OK) goto fail;
    t->dict_tags = d;
    for (uint64_t i = 0; i < nd; i++)
        if (t->dict_tags[i] >= n || (i && t->dict_keys[i] <= t->dict_keys[i - 1])) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad tag dictionary");
            goto fail;
        }
    if ((st = nlp_file_get(&t->file, "TLKY", 8, 0, 0, &d, &nd, err)) != PARLEY_OK) goto fail;
    t->lex_keys = d;
    t->n_lex = nd;
    if ((st = nlp_file_get(&t->file, "TLTG", 2, nd, 1, &d, NULL, err)) != PARLEY_OK) goto fail;
    t->lex_tags = d;
    for (uint64_t i = 0; i < nd; i++)
        if (t->lex_tags[i] >= n || (i && t->lex_keys[i] <= t->lex_keys[i - 1])) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad tag lexicon");
            goto fail;
        }
    if (nlp_keymap_build(&t->dict_map, t->dict_keys, t->dict_tags, t->n_dict) != 0 ||
        nlp_keymap_build(&t->lex_map, t->lex_keys, t->lex_tags, t->n_lex) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
        goto fail;
    }
    if ((st = nlp_ap_load(&t->ap, &t->file, 'T', err)) != PARLEY_OK) goto fail;
    if (t->ap.n_classes != t->n_tags) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "weights do not match the tag set");
        goto fail;
    }
    return PARLEY_OK;
fail:
    nlp_tagger_release(t);
    return st;
}

void nlp_tagger_release(nlp_tagger *t) {
    nlp_keymap_free(&t->dict_map);
    nlp_keymap_free(&t->lex_map);
    nlp_ap_release(&t->ap);
    nlp_file_release(&t->file);
}
