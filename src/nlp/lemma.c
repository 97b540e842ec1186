/* lemma.c - the lemmatiser and the morphological-feature table.
 *
 * Both are learned from a treebank's LEMMA and FEATS columns. A word seen in
 * training with the predicted XPOS takes its most frequent lemma and feature
 * set (this table is also the exceptions list: went -> go, mice -> mouse);
 * an unseen word takes the edit rule ("strip k bytes, append s", applied to
 * the form as written or lower-cased) most frequent among training word
 * types with the same XPOS and the longest shared suffix, and the features
 * most frequent for its XPOS; for an inflected XPOS (VBD, NNS, JJR, ...) the
 * first of the rules' candidates (longest suffix first) and the regular
 * stems that the table knows as a lemma wins over the longest-suffix rule.
 * A few conventions of UD English that suffixes cannot teach (the case of a
 * proper noun's lemma, addresses, thousands separators) are rules here.
 * Voice=Pass is not learned here: it depends on
 * the sentence, so nlp.c sets it from the parse (a participle with an
 * aux:pass or nsubj:pass dependent). */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

#define SAME_AS_FORM UINT32_MAX
#define LOWER_OF_FORM (UINT32_MAX - 1)

uint64_t nlp_lemma_key(const char *lower, size_t n, int xpos) {
    return nlp_key(101, nlp_hash_bytes(lower, n), (uint64_t)xpos, 0);
}

uint64_t nlp_lemma_rule_key(int xpos, const char *suffix, size_t n) {
    return nlp_key(102, nlp_hash_bytes(suffix, n), (uint64_t)xpos, n);
}

/* the record of key through the map built at load, or NULL */
static const void *find_key(const nlp_keymap *km, const void *base, uint64_t n, size_t size,
                            uint64_t key);

static const void *bsearch_key(const void *base, uint64_t n, size_t size, uint64_t key) {
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        uint64_t k = *(const uint64_t *)((const char *)base + mid * size);
        if (k < key) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && *(const uint64_t *)((const char *)base + lo * size) == key)
        return (const char *)base + lo * size;
    return NULL;
}

static const void *find_key(const nlp_keymap *km, const void *base, uint64_t n, size_t size,
                            uint64_t key) {
    if (km->slots == NULL) return bsearch_key(base, n, size, key);
    int at = nlp_keymap_get(km, key);
    return at < 0 ? NULL : (const char *)base + (size_t)at * size;
}

static void copy_out(char *out, size_t size, const char *a, size_t na, const char *b) {
    size_t nb = strlen(b);
    if (na >= size) na = size - 1;
    memcpy(out, a, na);
    if (nb > size - 1 - na) nb = size - 1 - na;
    memcpy(out + na, b, nb);
    out[na + nb] = '\0';
}

/* A candidate lemma of an unseen word: the first keep bytes of the form (as
 * written or lower-cased) followed by append. */
typedef struct lemma_cand {
    const char *base, *append;
    size_t keep;
} lemma_cand;

/* one learned rule per suffix length, then regular_cands' at most 7 */
#define MAX_CANDS (NLP_LEMMA_MAX_SUFFIX + 1 + 7)

/* The tags whose words are the lemmas of words tagged xpos ("declined"/VBD
 * -> "decline"/VB); 0 for tags that are not inflections. */
static int base_tags(int xpos, int out[2]) {
    switch (xpos) {
    case PARLEY_XPOS_VBD: case PARLEY_XPOS_VBN: case PARLEY_XPOS_VBG: case PARLEY_XPOS_VBZ:
        out[0] = PARLEY_XPOS_VB;
        out[1] = PARLEY_XPOS_VBP;
        return 2;
    case PARLEY_XPOS_NNS: out[0] = PARLEY_XPOS_NN; return 1;
    case PARLEY_XPOS_NNPS: out[0] = PARLEY_XPOS_NNP; return 1;
    case PARLEY_XPOS_JJR: case PARLEY_XPOS_JJS: out[0] = PARLEY_XPOS_JJ; return 1;
    case PARLEY_XPOS_RBR: case PARLEY_XPOS_RBS:
        out[0] = PARLEY_XPOS_RB;
        out[1] = PARLEY_XPOS_JJ;
        return 2;
    default: return 0;
    }
}

static int ends_with(const char *s, size_t n, const char *suf) {
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static int is_consonant(char c) {
    return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

/* Regular-inflection stems, which the learned rules miss when the rule of
 * the longest shared suffix was learned from a few words of another shape
 * ("declined" -> "declin", "bombed" -> "bom") or no rule was seen twice:
 * the bare stem ("bombed" -> "bomb"), the stem with its e ("declined" ->
 * "decline", "larger" -> "large"; for -es this is just -s), an undoubled
 * consonant ("stopped" -> "stop") and i -> y ("buried" -> "bury", "cities"
 * -> "city"). Only known lemmas are taken, so over-generating here costs
 * lookups, not errors. At most 7 candidates (-es and -s). */
static int regular_cands(const char *low, size_t n, int xpos, lemma_cand *c) {
    static const char *const ed[] = {"ed", NULL}, *const ing[] = {"ing", NULL},
                              *const s[] = {"es", "s", NULL}, *const er[] = {"er", NULL},
                              *const est[] = {"est", NULL};
    const char *const *sufs;
    switch (xpos) {
    case PARLEY_XPOS_VBD: case PARLEY_XPOS_VBN: sufs = ed; break;
    case PARLEY_XPOS_VBG: sufs = ing; break;
    case PARLEY_XPOS_VBZ: case PARLEY_XPOS_NNS: case PARLEY_XPOS_NNPS: sufs = s; break;
    case PARLEY_XPOS_JJR: case PARLEY_XPOS_RBR: sufs = er; break;
    case PARLEY_XPOS_JJS: case PARLEY_XPOS_RBS: sufs = est; break;
    default: return 0;
    }
    int m = 0;
    for (; *sufs; sufs++) {
        size_t k = strlen(*sufs);
        if (!ends_with(low, n, *sufs) || n < k + 2) continue;
        size_t stem = n - k;
        c[m++] = (lemma_cand){low, "", stem};
        if ((*sufs)[0] == 'e') c[m++] = (lemma_cand){low, "", stem + 1}; /* declined */
        else if (strcmp(*sufs, "ing") == 0) c[m++] = (lemma_cand){low, "e", stem};
        if (stem >= 3 && low[stem - 1] == low[stem - 2] && is_consonant(low[stem - 1]))
            c[m++] = (lemma_cand){low, "", stem - 1};
        if ((*sufs)[0] == 'e' && low[stem - 1] == 'i') c[m++] = (lemma_cand){low, "y", stem - 1};
    }
    return m;
}

/* 1 if the table holds word (lower case, hash h) under xpos with itself as
 * lemma. */
static int known_lemma(const nlp_lemmatizer *l, const char *word, size_t n, uint64_t h,
                       int xpos) {
    const nlp_lemma_entry *e =
        find_key(&l->entry_map, l->entries, l->n_entries, sizeof *e,
                 nlp_key(101, h, (uint64_t)xpos, 0));
    if (e == NULL) return 0;
    if (e->lemma >= LOWER_OF_FORM) return 1;
    const char *lit = l->strings + e->lemma;
    if (strlen(lit) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if ((lit[i] >= 'A' && lit[i] <= 'Z' ? lit[i] + 32 : lit[i]) != word[i]) return 0;
    return 1;
}

/* Writes candidate c lower-cased into buf (256 bytes); returns its length,
 * 0 if it is empty or too long to look up. */
static size_t cand_lower(const lemma_cand *c, char *buf) {
    size_t na = strlen(c->append);
    if (c->keep == 0 || c->keep + na >= 256) return 0;
    nlp_lower(c->base, c->keep, buf);
    nlp_lower(c->append, na, buf + c->keep);
    return c->keep + na;
}

/* The first candidate that the table knows as a lemma of a base tag of xpos,
 * else the first it knows as a lemma of any other tag ("massacred" ->
 * "massacre", seen only as a noun); -1 if none. Proper-noun entries do not
 * count in the second pass: a name that happens to equal a stem ("Revell")
 * says nothing about the common word. */
static int pick_known(const nlp_lemmatizer *l, const lemma_cand *c, int nc, int xpos) {
    int base[2], nb = base_tags(xpos, base);
    char buf[MAX_CANDS][256];
    size_t len[MAX_CANDS];
    uint64_t h[MAX_CANDS];
    for (int i = 0; i < nc; i++) {
        len[i] = cand_lower(&c[i], buf[i]);
        /* rules of several suffix lengths often agree: look each string up once */
        for (int j = 0; j < i && len[i]; j++)
            if (len[j] == len[i] && memcmp(buf[j], buf[i], len[i]) == 0) len[i] = 0;
        if (len[i] == 0) continue;
        h[i] = nlp_hash_bytes(buf[i], len[i]);
        for (int b = 0; b < nb; b++)
            if (known_lemma(l, buf[i], len[i], h[i], base[b])) return i;
    }
    for (int i = 0; i < nc; i++) {
        if (len[i] == 0) continue;
        for (int x = 1; x < PARLEY_XPOS_COUNT; x++)
            if (x != xpos && x != PARLEY_XPOS_NNP && x != PARLEY_XPOS_NNPS &&
                known_lemma(l, buf[i], len[i], h[i], x))
                return i;
    }
    return -1;
}

/* 1 if keeping the first keep bytes of s would split a UTF-8 character. */
static int cuts_utf8(const char *s, size_t keep) {
    return keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80;
}

enum { SHAPE_OTHER, SHAPE_TITLE, SHAPE_CAPS };

/* SHAPE_TITLE: an upper-case letter then lower-case ones and others
 * ("Holocaust", "McDonald"); SHAPE_CAPS: letters, all upper case ("TEHRAN"). */
static int shape_of(const char *s, size_t n) {
    if (n == 0 || s[0] < 'A' || s[0] > 'Z') return SHAPE_OTHER;
    int lower = 0, other = 0;
    for (size_t i = 1; i < n; i++) {
        lower += s[i] >= 'a' && s[i] <= 'z';
        other += !(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= 'a' && s[i] <= 'z');
    }
    return lower ? SHAPE_TITLE : other ? SHAPE_OTHER : SHAPE_CAPS;
}

/* 1 if a (any case) equals the lower-case low, both n bytes long. */
static int strcasecmp_ascii(const char *a, const char *low, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]) != low[i]) return 0;
    return 1;
}

/* Conventions of UD English for unseen words that suffix rules cannot learn
 * (counts from EWT train): a web or e-mail address is its own lemma, case
 * kept (249 of 295; the rest are "_"); a number drops its thousands commas
 * ("15,000" -> "15000", 108 of 108) and is otherwise unchanged (2,967 of
 * 2,969); a proper noun in capitals of five letters or more is title-cased
 * ("TEHRAN" -> "Tehran", 144 of 180; shorter ones are mostly acronyms).
 * Returns 1 when one applied and wrote out. */
static int convention(const char *form, size_t n, int xpos, char *out, size_t size) {
    if (xpos == PARLEY_XPOS_ADD) {
        copy_out(out, size, form, n, "");
        return 1;
    }
    if (xpos == PARLEY_XPOS_CD && strpbrk(form, "0123456789")) {
        /* digits in groups of three after the first: 1,100 but not 3,40 */
        size_t lead = strcspn(form, ",");
        int grouped = lead >= 1 && lead <= 3 && lead < n;
        for (size_t i = lead; grouped && i < n; i += 4)
            grouped = form[i] == ',' && strspn(form + i + 1, "0123456789") >= 3 &&
                      (i + 4 == n || form[i + 4] == ',');
        for (size_t i = 0; grouped && i < lead; i++) grouped = form[i] >= '0' && form[i] <= '9';
        size_t k = 0;
        for (size_t i = 0; i < n && k + 1 < size; i++)
            if (!grouped || form[i] != ',') out[k++] = form[i];
        out[k] = '\0';
        return 1;
    }
    if (xpos == PARLEY_XPOS_NNP && n >= 5 && shape_of(form, n) == SHAPE_CAPS) {
        copy_out(out, size, form, n, "");
        for (size_t i = 1; out[i]; i++) out[i] = (char)(out[i] + 32);
        return 1;
    }
    return 0;
}

uint32_t nlp_lemmatize(const nlp_lemmatizer *l, const char *form, int xpos, char *out,
                       size_t size) {
    char low[256];
    size_t n = strlen(form);
    if (xpos < 0 || xpos >= PARLEY_XPOS_COUNT) xpos = 0;
    if (n >= sizeof low) {
        copy_out(out, size, form, n, "");
        return l->xpos_feats[xpos];
    }
    nlp_lower(form, n, low);
    const nlp_lemma_entry *e =
        find_key(&l->entry_map, l->entries, l->n_entries, sizeof *e, nlp_lemma_key(low, n, xpos));
    if (e != NULL) {
        const char *lemma = e->lemma == SAME_AS_FORM    ? form
                            : e->lemma == LOWER_OF_FORM ? low
                                                        : l->strings + e->lemma;
        /* a capitalised proper noun is its own lemma (EWT train: 10,438 of
         * 10,573), whatever case the table saw it in; a literal that is
         * another word ("Jan" -> "January") still holds */
        if (xpos == PARLEY_XPOS_NNP && shape_of(form, n) == SHAPE_TITLE && strlen(lemma) == n &&
            strcasecmp_ascii(lemma, low, n))
            lemma = form;
        copy_out(out, size, "", 0, lemma);
        return e->feats;
    }
    if (convention(form, n, xpos, out, size)) return l->xpos_feats[xpos];
    /* Unseen: the learned rule of each suffix length, longest first. The
     * longest alone is often wrong for an inflection ("declined" -> "declin",
     * a rule learned from other -ined words), so an inflected word takes the
     * first candidate the table knows as a lemma, and the longest rule only
     * when none is known. */
    lemma_cand c[MAX_CANDS];
    int nc = 0;
    for (size_t k = n < NLP_LEMMA_MAX_SUFFIX ? n : NLP_LEMMA_MAX_SUFFIX;; k--) {
        const nlp_lemma_rule *r =
            find_key(&l->rule_map, l->rules, l->n_rules, sizeof *r,
                     nlp_lemma_rule_key(xpos, low + n - k, k));
        /* a rule counts bytes: one learned on "'re" would cut "’re" inside
         * its three-byte apostrophe and leave invalid UTF-8 */
        if (r != NULL && r->strip <= n && !cuts_utf8(form, n - r->strip))
            c[nc++] = (lemma_cand){r->keep_case ? form : low, l->strings + r->append, n - r->strip};
        if (k == 0) break;
    }
    int pick = -1, nr = nc, base[2];
    if (base_tags(xpos, base) > 0) {
        nc += regular_cands(low, n, xpos, c + nc);
        /* regular candidates keep the case the rules of this tag keep */
        if (l->xpos_keep_case[xpos])
            for (int i = nr; i < nc; i++) c[i].base = form;
        pick = pick_known(l, c, nc, xpos);
    }
    if (pick < 0 && nr > 0) pick = 0;
    if (pick >= 0) {
        copy_out(out, size, c[pick].base, c[pick].keep, c[pick].append);
        return l->xpos_feats[xpos];
    }
    copy_out(out, size, l->xpos_keep_case[xpos] ? form : low, n, "");
    return l->xpos_feats[xpos];
}

parley_status nlp_lemma_load(nlp_lemmatizer *l, const char *path, parley_error *err) {
    memset(l, 0, sizeof *l);
    parley_status st = nlp_file_load(&l->file, path, NLP_KIND_LEMMA, err);
    if (st != PARLEY_OK) return st;
    return nlp_lemma_open(l, err);
}

parley_status nlp_lemma_open(nlp_lemmatizer *l, parley_error *err) {
    const char *path = l->file.path;
    parley_status st;
    const void *d;
    uint64_t n;
    if ((st = nlp_file_get(&l->file, "LSTR", 1, 0, 0, &d, &n, err)) != PARLEY_OK) goto fail;
    l->strings = d;
    l->n_strings = n;
    if (n == 0 || l->strings[n - 1] != '\0') {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "string table not terminated");
        goto fail;
    }
    if ((st = nlp_file_get(&l->file, "LENT", 8, 0, 0, &d, &n, err)) != PARLEY_OK) goto fail;
    if (n % 2) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad lemma table size");
        goto fail;
    }
    l->entries = d;
    l->n_entries = n / 2;
    if ((st = nlp_file_get(&l->file, "LRUL", 8, 0, 0, &d, &n, err)) != PARLEY_OK) goto fail;
    if (n % 2) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad rule table size");
        goto fail;
    }
    l->rules = d;
    l->n_rules = n / 2;
    if ((st = nlp_file_get(&l->file, "LXFT", 4, PARLEY_XPOS_COUNT, 1, &d, NULL, err)) != PARLEY_OK)
        goto fail;
    l->xpos_feats = d;
    if ((st = nlp_file_get(&l->file, "LXKC", 1, PARLEY_XPOS_COUNT, 1, &d, NULL, err)) != PARLEY_OK)
        goto fail;
    l->xpos_keep_case = d;
    /* Offsets must point inside the string table and keys must be sorted, or
     * lookups would read out of bounds or miss. */
    for (uint64_t i = 0; i < l->n_entries; i++) {
        const nlp_lemma_entry *e = &l->entries[i];
        if ((e->lemma < LOWER_OF_FORM && e->lemma >= l->n_strings) ||
            (i && e->key <= l->entries[i - 1].key)) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad lemma entry %llu",
                                  (unsigned long long)i);
            goto fail;
        }
    }
    for (uint64_t i = 0; i < l->n_rules; i++) {
        const nlp_lemma_rule *r = &l->rules[i];
        if (r->append >= l->n_strings || (i && r->key <= l->rules[i - 1].key)) {
            st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "bad lemma rule %llu",
                                  (unsigned long long)i);
            goto fail;
        }
    }
    if (nlp_keymap_index(&l->entry_map, l->entries, sizeof *l->entries, l->n_entries) != 0 ||
        nlp_keymap_index(&l->rule_map, l->rules, sizeof *l->rules, l->n_rules) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
        goto fail;
    }
    return PARLEY_OK;
fail:
    nlp_lemma_release(l);
    return st;
}

void nlp_lemma_release(nlp_lemmatizer *l) {
    nlp_keymap_free(&l->entry_map);
    nlp_keymap_free(&l->rule_map);
    nlp_file_release(&l->file);
}

/* ---- training ----------------------------------------------------------- */

typedef struct lrec {
    uint64_t key;
    const char *form, *lemma; /* gold lemma */
    char *low;
    uint32_t feats;
    uint8_t xpos;
} lrec;

typedef struct rrec {
    uint64_t key;
    uint8_t strip, keep;
    const char *append;
} rrec;

static int lrec_cmp(const void *a, const void *b) {
    const lrec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    int c = strcmp(x->lemma, y->lemma);
    if (c) return c;
    c = strcmp(x->form, y->form);
    if (c) return c;
    return x->feats < y->feats ? -1 : x->feats > y->feats;
}

static int rrec_cmp(const void *a, const void *b) {
    const rrec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    if (x->strip != y->strip) return x->strip - y->strip;
    if (x->keep != y->keep) return x->keep - y->keep;
    return strcmp(x->append, y->append);
}

static int same_lemma(const lrec *a, const lrec *b) { return strcmp(a->lemma, b->lemma) == 0; }

/* What candidate c (SAME_AS_FORM, LOWER_OF_FORM or a literal) gives for r. */
static int candidate_fits(const lrec *r, uint32_t c, const char *literal) {
    const char *got = c == SAME_AS_FORM ? r->form : c == LOWER_OF_FORM ? r->low : literal;
    /* literal is NULL only in the calls that pass SAME_AS_FORM or LOWER_OF_FORM */
    // cppcheck-suppress nullPointer
    return strcmp(got, r->lemma) == 0;
}

static uint32_t str_add(parley_buf *t, const char *s) {
    uint32_t off = (uint32_t)t->len;
    if (parley_buf_append(t, s, strlen(s) + 1) != 0) return UINT32_MAX;
    return off;
}

/* Derives the edit rule turning form into lemma, preferring one that works on
 * the form as written (keeps "Americans" -> "American" capitalised). */
static void derive_rule(const char *form, const char *low, const char *lemma, uint8_t *strip,
                        uint8_t *keep, const char **append) {
    size_t n = strlen(form), best = 0;
    int best_k = 0;
    for (int k = 0; k <= 1; k++) {
        const char *base = k ? form : low;
        size_t p = 0;
        while (base[p] && base[p] == lemma[p]) p++;
        if (k == 0 || p > best) {
            best = p;
            best_k = k;
        }
    }
    *strip = (uint8_t)(n - best > 255 ? 255 : n - best);
    *keep = (uint8_t)best_k;
    *append = lemma + best;
}

/* Per key, the lemma candidate right for most records (the form as written,
 * its lower case, or a literal lemma), and the most frequent features;
 * records must be sorted by lrec_cmp. */
static size_t build_entries(lrec *s, size_t m, nlp_lemma_entry *entries, parley_buf *strings) {
    size_t ne = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && s[j].key == s[i].key) j++;
        /* candidates: the lower case, each distinct literal, the form as
         * written; on a tie the earlier wins. The lower case goes first:
         * "storage" seen only in lower case still lemmatises "Storage" to
         * "storage". A literal beats the form as written: "German"/JJ and
         * "Mexico"/NNP, seen only capitalised, lemmatise "german" and "MEXICO"
         * as the treebank does. */
        size_t best_fit = 0, best_lit = 0, fit = 0;
        uint32_t best_c = LOWER_OF_FORM;
        for (size_t a = i; a < j; a++) best_fit += (size_t)candidate_fits(&s[a], LOWER_OF_FORM, NULL);
        int distinct = 0;
        for (size_t a = i; a < j && distinct < 8; a++) {
            if (a > i && same_lemma(&s[a], &s[a - 1])) continue;
            distinct++;
            fit = 0;
            for (size_t b = i; b < j; b++) fit += (size_t)candidate_fits(&s[b], 0, s[a].lemma);
            if (fit > best_fit) {
                best_fit = fit;
                best_c = 0;
                best_lit = a;
            }
        }
        fit = 0;
        for (size_t a = i; a < j; a++) fit += (size_t)candidate_fits(&s[a], SAME_AS_FORM, NULL);
        if (fit > best_fit) best_c = SAME_AS_FORM;
        size_t best_fc = 0;
        uint32_t best_feats = s[i].feats;
        for (size_t a = i; a < j && a - i < 64; a++) {
            size_t fc = 0;
            for (size_t b = i; b < j; b++) fc += s[b].feats == s[a].feats;
            if (fc > best_fc) {
                best_fc = fc;
                best_feats = s[a].feats;
            }
        }
        entries[ne].key = s[i].key;
        entries[ne].lemma = best_c ? best_c : str_add(strings, s[best_lit].lemma);
        entries[ne].feats = best_feats;
        ne++;
        i = j;
    }
    return ne;
}

/* Keeps, per (XPOS, suffix) key seen in at least two word types, its most
 * frequent rule; rule records must be sorted by rrec_cmp. */
static size_t build_rules(const rrec *r, size_t nr, nlp_lemma_rule *out, parley_buf *strings) {
    size_t no = 0;
    for (size_t i = 0; i < nr;) {
        size_t j = i, best = i, best_c = 0;
        while (j < nr && r[j].key == r[i].key) {
            size_t k = j;
            while (k < nr && r[k].key == r[i].key && rrec_cmp(&r[k], &r[j]) == 0) k++;
            if (k - j > best_c) {
                best_c = k - j;
                best = j;
            }
            j = k;
        }
        if (j - i >= 2) {
            out[no].key = r[best].key;
            out[no].strip = r[best].strip;
            out[no].keep_case = r[best].keep;
            out[no].pad = 0;
            out[no].append = str_add(strings, r[best].append);
            no++;
        }
        i = j;
    }
    return no;
}

parley_status nlp_lemma_train(parley_doc **docs, size_t n_docs, const char *path,
                              parley_error *err) {
    size_t n = 0;
    for (size_t d = 0; d < n_docs; d++) n += docs[d]->n_tokens;
    lrec *recs = calloc(n + 1, sizeof *recs);
    rrec *rules = calloc((n + 1) * (NLP_LEMMA_MAX_SUFFIX + 1), sizeof *rules);
    nlp_lemma_entry *entries = calloc(n + 1, sizeof *entries);
    nlp_lemma_rule *out_rules = calloc((n + 1) * (NLP_LEMMA_MAX_SUFFIX + 1), sizeof *out_rules);
    static uint32_t feat_count[PARLEY_XPOS_COUNT][64], feat_vals[PARLEY_XPOS_COUNT][64];
    uint32_t keep_votes[PARLEY_XPOS_COUNT][2], xfeats[PARLEY_XPOS_COUNT];
    uint8_t keep_case[PARLEY_XPOS_COUNT];
    memset(feat_count, 0, sizeof feat_count);
    memset(feat_vals, 0, sizeof feat_vals);
    memset(keep_votes, 0, sizeof keep_votes);
    parley_buf strings = PARLEY_BUF_INIT, file = PARLEY_BUF_INIT;
    parley_status st = parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    size_t m = 0, nr = 0;
    if (!recs || !rules || !entries || !out_rules) goto done;
    str_add(&strings, "");
    for (size_t d = 0; d < n_docs; d++)
        for (size_t i = 0; i < docs[d]->n_tokens; i++) {
            const parley_token *t = &docs[d]->tokens[i];
            size_t len = strlen(t->form);
            if (t->lemma == NULL || t->xpos == 0 || len >= 256) continue;
            lrec *r = &recs[m];
            r->low = malloc(len + 1);
            if (r->low == NULL) goto done;
            nlp_lower(t->form, len, r->low);
            r->form = t->form;
            r->xpos = t->xpos;
            r->key = nlp_lemma_key(r->low, len, t->xpos);
            r->lemma = t->lemma;
            r->feats = t->feats & ~(uint32_t)PARLEY_FEAT_VOICE_PASS;
            keep_votes[t->xpos][strcmp(r->lemma, r->form) == 0 && strcmp(r->lemma, r->low) != 0]++;
            for (int v = 0; v < 64; v++) {
                if (feat_count[t->xpos][v] == 0) feat_vals[t->xpos][v] = r->feats;
                if (feat_vals[t->xpos][v] == r->feats) {
                    feat_count[t->xpos][v]++;
                    break;
                }
            }
            m++;
        }
    for (int x = 0; x < PARLEY_XPOS_COUNT; x++) {
        int best = 0;
        for (int v = 1; v < 64; v++)
            if (feat_count[x][v] > feat_count[x][best]) best = v;
        xfeats[x] = feat_vals[x][best];
        keep_case[x] = keep_votes[x][1] > keep_votes[x][0];
    }
    qsort(recs, m, sizeof *recs, lrec_cmp);
    size_t ne = build_entries(recs, m, entries, &strings);
    /* rules are counted over distinct (form, XPOS, lemma) types, so frequent
     * irregular words do not outvote the regular pattern */
    for (size_t i = 0; i < m; i++) {
        if (i && recs[i].key == recs[i - 1].key && same_lemma(&recs[i], &recs[i - 1]) &&
            strcmp(recs[i].form, recs[i - 1].form) == 0)
            continue;
        uint8_t strip, keep;
        const char *app;
        derive_rule(recs[i].form, recs[i].low, recs[i].lemma, &strip, &keep, &app);
        size_t len = strlen(recs[i].low);
        for (size_t k = 0; k <= NLP_LEMMA_MAX_SUFFIX && k <= len; k++) {
            rules[nr].key = nlp_lemma_rule_key(recs[i].xpos, recs[i].low + len - k, k);
            rules[nr].strip = strip;
            rules[nr].keep = keep;
            rules[nr].append = app;
            nr++;
        }
    }
    qsort(rules, nr, sizeof *rules, rrec_cmp);
    size_t no = build_rules(rules, nr, out_rules, &strings);
    if (strings.data == NULL || strings.len >= UINT32_MAX) goto done;
    nlp_file_begin(&file, NLP_KIND_LEMMA);
    if (nlp_file_section(&file, "LSTR", 1, strings.len, strings.data) != 0 ||
        nlp_file_section(&file, "LENT", 8, ne * 2, entries) != 0 ||
        nlp_file_section(&file, "LRUL", 8, no * 2, out_rules) != 0 ||
        nlp_file_section(&file, "LXFT", 4, PARLEY_XPOS_COUNT, xfeats) != 0 ||
        nlp_file_section(&file, "LXKC", 1, PARLEY_XPOS_COUNT, keep_case) != 0)
        goto done;
    st = nlp_file_save(&file, path, err);
done:
    for (size_t i = 0; i < m; i++) free(recs[i].low);
    free(recs);
    free(rules);
    free(entries);
    free(out_rules);
    parley_buf_free(&strings);
    parley_buf_free(&file);
    return st;
}
