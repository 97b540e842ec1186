/* nlp_internal.h - the pieces shared by the tagger, lemmatiser, parser,
 * model files and trainer of src/nlp. Not installed; not a public contract.
 *
 * Every classifier is an averaged perceptron over hashed feature keys
 * (64-bit): training keeps sparse rows of (class, weight, total, timestamp);
 * the frozen model keeps, per kept feature, a sorted key and a run of
 * (class, weight) pairs in flat arrays, so scoring a feature is one hash
 * probe plus a short loop. */
#ifndef PARLEY_NLP_INTERNAL_H
#define PARLEY_NLP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/nlp.h"
#include "parley/ud.h"

/* ---- hashing ------------------------------------------------------------ */

static inline uint64_t nlp_mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static inline uint64_t nlp_hash_bytes(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return nlp_mix(h ^ n);
}

/* Feature key of template t over up to three values; never 0 (0 = empty slot). */
static inline uint64_t nlp_key(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
    uint64_t h = nlp_mix(t * 0x9e3779b97f4a7c15ULL + a);
    h = nlp_mix(h + b * 0xbf58476d1ce4e5b9ULL);
    h = nlp_mix(h + c * 0x94d049bb133111ebULL);
    return h ? h : 1;
}

/* ---- seeded generator (splitmix64) --------------------------------------- */

/* Every random choice of training comes from one of these, so a seed and the
 * same data give the same models. */
typedef struct nlp_rng {
    uint64_t s;
} nlp_rng;

static inline uint64_t nlp_rng_next(nlp_rng *r) {
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* uniform in [0, 1) with 24 bits */
static inline float nlp_rng_unit(nlp_rng *r) {
    return (float)(nlp_rng_next(r) >> 40) / (float)(1ull << 24);
}

/* Formats a progress line for a trainer's callback (train.c); none when
 * out is NULL. */
void nlp_say(void (*out)(void *ctx, const char *line), void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- frozen averaged perceptron ---------------------------------------- */

/* Loading repacks the file's arrays into a probe table of one-line buckets
 * of four keys with their weight runs, and one array of (weight, class)
 * pairs. A feature costs one bucket nearly always (the table is at most 3/4
 * full), so finding it takes no branch that depends on its chain's length:
 * mispredicted probe loops, not cache misses, were most of the tagger's
 * time. Both arrays are prefetched for all features of a decision before
 * any is used. */
typedef struct nlp_bucket4 {
    uint64_t key[4];           /* 0 = empty */
    uint32_t start[4], end[4]; /* run in cw; end == NLP_DENSE: row start of dense */
} nlp_bucket4;

#define NLP_DENSE UINT32_MAX

typedef struct nlp_cw {
    float w;
    uint32_t cls;
} nlp_cw;

/* A model of at most NLP_SMALL_CLASSES classes (the parser's moves) keeps its
 * weights in the probe table itself, in buckets of one cache line: eight
 * 16-bit key tags (compared at once) and eight weight triples. A feature
 * costs one line, and the table takes 16 MB for 900k features (float
 * triples in 16-byte slots would take 32). The tag is the top 16 bits of the key (the low bits
 * pick the bucket), so a feature absent from the model takes a present
 * one's weights with odds of about one in 65,536 per tag compared; weights
 * are int16 in steps of nlp_ap.qscale (the largest / 32767). */
#define NLP_SMALL_CLASSES 3
typedef struct nlp_bucket3 {
    uint16_t tag[8]; /* 0 = empty */
    int16_t w[8][NLP_SMALL_CLASSES];
} nlp_bucket3;

typedef struct nlp_ap {
    uint32_t n_classes;
    uint32_t n_rows;
    const uint64_t *keys;      /* n_rows (file) */
    const uint32_t *row_start; /* n_rows + 1 (file) */
    const uint16_t *cls;       /* row_start[n_rows] (file) */
    const float *w;            /* row_start[n_rows] (file) */
    const int16_t *q3;         /* small model: NLP_SMALL_CLASSES steps of qscale per row (file) */
    nlp_bucket4 *buckets;      /* owned */
    nlp_cw *cw;                /* owned */
    float *dense;              /* owned: rows with many classes, stride floats each */
    nlp_bucket3 *small;        /* owned: the table of a small model (slots, cw, dense unused) */
    float qscale;              /* small model: weight = qscale * bucket weight */
    uint32_t stride;           /* n_classes rounded up to 4 */
    uint32_t mask;
} nlp_ap;

/* Builds the probe index; the arrays must already be set. -1 on no memory. */
int nlp_ap_index(nlp_ap *ap);
void nlp_ap_release(nlp_ap *ap);
/* scores[c] += weight of every feature for c; scores must hold n_classes
 * rounded up to a multiple of 4 (the padding receives zeros) */
void nlp_ap_score(const nlp_ap *ap, const uint64_t *feats, int n, float *scores);

/* ---- training perceptron ------------------------------------------------ */

typedef struct nlp_ap_train nlp_ap_train;
nlp_ap_train *nlp_ap_train_new(uint32_t n_classes);
void nlp_ap_train_free(nlp_ap_train *t);
void nlp_ap_train_score(const nlp_ap_train *t, const uint64_t *feats, int n, float *scores);
/* One example: moves weight from `wrong` to `right` (no-op when equal). */
int nlp_ap_train_update(nlp_ap_train *t, const uint64_t *feats, int n, int right, int wrong);
/* Counts one example towards the averages even without an update. */
void nlp_ap_train_tick(nlp_ap_train *t);
/* Appends the averaged model as file sections with tag prefix p ('T','P'). */
int nlp_ap_train_write(const nlp_ap_train *t, parley_buf *file, char p, uint32_t min_updates,
                       size_t *n_kept);

/* ---- model files -------------------------------------------------------- */

enum { NLP_KIND_TAGGER = 1, NLP_KIND_LEMMA = 2, NLP_KIND_PARSER = 3, NLP_KIND_NN = 4 };
/* Format version of a kind: 1 for the tagger and lemma, 2 for the parser. */
uint32_t nlp_file_version(uint32_t kind);

typedef struct nlp_file {
    unsigned char *data; /* whole file, 8-byte aligned sections (owned) */
    size_t len;
    char path[256];
    uint32_t n_sections;
} nlp_file;

void nlp_file_begin(parley_buf *b, uint32_t kind);
/* Appends a section of count elements of elem_size bytes (1, 2, 4 or 8). */
int nlp_file_section(parley_buf *b, const char tag[4], uint32_t elem_size, uint64_t count,
                     const void *data);
/* Patches the section count in the header and writes the buffer to path. */
parley_status nlp_file_save(parley_buf *b, const char *path, parley_error *err);
/* Reads and validates the header and every section bound. */
parley_status nlp_file_load(nlp_file *f, const char *path, uint32_t kind, parley_error *err);
/* Validates a file image already in memory; takes ownership of data (malloc'd). */
parley_status nlp_file_adopt(nlp_file *f, unsigned char *data, size_t len, const char *name,
                             uint32_t kind, parley_error *err);
/* Finds a section, checks its element size and (when want_count != 0 or
 * exact is set) its count. */
parley_status nlp_file_get(const nlp_file *f, const char tag[4], uint32_t elem_size,
                           uint64_t want_count, int exact, const void **data, uint64_t *count,
                           parley_error *err);
void nlp_file_release(nlp_file *f);
/* Reads the perceptron sections written by nlp_ap_train_write. */
parley_status nlp_ap_load(nlp_ap *ap, const nlp_file *f, char p, parley_error *err);

/* ---- per-token precomputed hashes -------------------------------------- */

typedef struct nlp_word {
    uint64_t form, lower, shape, flags;
    uint64_t suf[4], pre[3];
    uint64_t lex;   /* 1 + the most frequent tag class of the lower-cased word, 0 = rare */
} nlp_word;

void nlp_word_hashes(const char *form, nlp_word *w);
/* ASCII lower-casing into out (size >= n + 1). */
void nlp_lower(const char *s, size_t n, char *out);

/* ---- tagger ------------------------------------------------------------- */

#define NLP_TAG_MAX 256
#define NLP_TAGGER_FEATS 56

/* A sorted (key, tag) list again as an open-addressing table at most half
 * full, for one probe per lookup where a binary search took a dozen cache
 * misses (tagger.c). */
typedef struct nlp_keyslot {
    uint64_t key;
    uint32_t val; /* tag + 1; 0: empty */
} nlp_keyslot;

typedef struct nlp_keymap {
    nlp_keyslot *slots;
    uint32_t mask;
} nlp_keymap;

int nlp_keymap_build(nlp_keymap *km, const uint64_t *keys, const uint16_t *tags, uint64_t n);
/* the same over n records of size bytes each starting with their uint64_t
 * key (sorted, unique): the value is the record's position */
int nlp_keymap_index(nlp_keymap *km, const void *records, size_t size, uint64_t n);
/* the tag of key, or -1 */
int nlp_keymap_get(const nlp_keymap *km, uint64_t key);
void nlp_keymap_free(nlp_keymap *km);

typedef struct nlp_tagger {
    nlp_file file;
    nlp_ap ap;
    uint32_t n_tags;
    const uint8_t *tag_upos, *tag_xpos; /* n_tags */
    uint64_t n_dict;
    const uint64_t *dict_keys;          /* sorted form hashes of unambiguous frequent words */
    const uint16_t *dict_tags;
    uint64_t n_lex;
    const uint64_t *lex_keys;           /* sorted lower-case hashes of words seen >= 5 times */
    const uint16_t *lex_tags;           /* their most frequent tag class */
    nlp_keymap dict_map, lex_map;       /* the same, hashed */
} nlp_tagger;

parley_status nlp_tagger_load(nlp_tagger *t, const char *path, parley_error *err);
/* As nlp_tagger_load over a file image already read (ownership in f). */
parley_status nlp_tagger_open(nlp_tagger *t, parley_error *err);
void nlp_tagger_release(nlp_tagger *t);
int nlp_tagger_dict(const uint64_t *keys, const uint16_t *tags, uint64_t n, uint64_t form);
/* Sets words[i].lex from the lexicon for a sentence. */
void nlp_tagger_lex(const uint64_t *keys, const uint16_t *tags, uint64_t n, nlp_word *w, int count);
/* Features of word i given the two previous tags. Returns the count. */
int nlp_tagger_features(const nlp_word *w, int n, int i, int t1, int t2, uint64_t *out);

/* ---- lemmatiser and features ------------------------------------------- */

typedef struct nlp_lemma_entry {
    uint64_t key;        /* hash(lower form, xpos) */
    uint32_t lemma;      /* offset into strings */
    uint32_t feats;
} nlp_lemma_entry;

typedef struct nlp_lemma_rule {
    uint64_t key;        /* hash(xpos, suffix) */
    uint8_t strip;       /* bytes removed from the end of the lower-cased form */
    uint8_t keep_case;   /* apply to the form as written, not lower-cased */
    uint16_t pad;
    uint32_t append;     /* offset into strings */
} nlp_lemma_rule;

typedef struct nlp_lemmatizer {
    nlp_file file;
    uint64_t n_entries, n_rules, n_strings;
    const nlp_lemma_entry *entries; /* sorted by key */
    const nlp_lemma_rule *rules;    /* sorted by key */
    const char *strings;
    const uint32_t *xpos_feats;     /* PARLEY_XPOS_COUNT: default features per XPOS */
    const uint8_t *xpos_keep_case;  /* PARLEY_XPOS_COUNT */
    nlp_keymap entry_map, rule_map; /* positions of the entries and rules by key */
} nlp_lemmatizer;

#define NLP_LEMMA_MAX_SUFFIX 6

parley_status nlp_lemma_load(nlp_lemmatizer *l, const char *path, parley_error *err);
parley_status nlp_lemma_open(nlp_lemmatizer *l, parley_error *err);
void nlp_lemma_release(nlp_lemmatizer *l);
uint64_t nlp_lemma_key(const char *lower, size_t n, int xpos);
uint64_t nlp_lemma_rule_key(int xpos, const char *suffix, size_t n);
/* Writes the lemma of form/xpos into out (NUL-terminated, truncated to size)
 * and returns its features. */
uint32_t nlp_lemmatize(const nlp_lemmatizer *l, const char *form, int xpos, char *out,
                       size_t size);
/* Trains the tables from gold docs and writes lemma.bin. */
parley_status nlp_lemma_train(parley_doc **docs, size_t n_docs, const char *path,
                              parley_error *err);

/* ---- parser ------------------------------------------------------------- */

#define NLP_ROOT_WORD 0x524f4f54ull
#define NLP_ROOT_TAG 253

/* labelled moves (nlp_pstate_apply): 0 = SHIFT, 1 + 2*l = LEFT with label l,
 * 2 + 2*l = RIGHT with l */
#define NLP_PARSER_CLASSES (1 + 2 * PARLEY_DEP_COUNT)
#define NLP_PARSER_FEATS 104 /* room for the move and for the label features */
enum { NLP_SHIFT = 0, NLP_LEFT = 1, NLP_RIGHT = 2 };

typedef struct nlp_parser {
    nlp_file file;
    nlp_ap ap;     /* 'P' sections: 3 classes, the moves */
    nlp_ap labels; /* 'L' sections: PARLEY_DEP_COUNT classes, the label of an arc */
} nlp_parser;

parley_status nlp_parser_load(nlp_parser *p, const char *path, parley_error *err);
parley_status nlp_parser_open(nlp_parser *p, parley_error *err);
void nlp_parser_release(nlp_parser *p);

/* The parse state of one sentence of n words; index 0 is ROOT, words 1..n. */
typedef struct nlp_pstate {
    int n;
    int *stack, sp;     /* stack[0..sp-1] */
    int b;              /* buffer front (1..n+1; n+1 = empty) */
    int *head, *label;  /* per word 1..n */
    int *l1, *l2, *r1, *r2, *nl, *nr; /* two leftmost / rightmost children, valencies */
    uint64_t *lset, *rset; /* label sets of left / right children */
    const uint64_t *word;  /* word hashes, [0] = ROOT */
    const int *tag;        /* XPOS, [0] = ROOT marker */
} nlp_pstate;

/* Allocates arrays for sentences of up to cap words (sizes in ints). */
size_t nlp_pstate_bytes(int cap);
void nlp_pstate_init(nlp_pstate *s, void *mem, int n, const uint64_t *word, const int *tag);
int nlp_pstate_valid(const nlp_pstate *s, int move);
int nlp_pstate_done(const nlp_pstate *s);
void nlp_pstate_apply(nlp_pstate *s, int cls);
int nlp_parser_features(const nlp_pstate *s, uint64_t *out);
/* Dynamic-oracle costs (gold arcs made unreachable) of SHIFT, LEFT and RIGHT;
 * gold_head is indexed by word 1..n (index 0 unused). Invalid moves cost
 * 1 << 20. Label costs are added by the caller. */
void nlp_oracle_costs(const nlp_pstate *s, const int *gold_head, int cost[3]);
/* The labelled move of nlp_pstate_apply for a move and a label. */
int nlp_parser_class(int move, int label);
/* Best valid move for the three move scores. */
int nlp_parser_best(const nlp_pstate *s, const float *scores);
/* Features for labelling the arc that move (LEFT or RIGHT) would make. */
int nlp_label_features(const nlp_pstate *s, int move, uint64_t *out);
/* Best label for that arc: root exactly when the head is ROOT. */
int nlp_label_best(const nlp_pstate *s, int move, const float *scores);

/* ---- the loaded bundle and scratch ------------------------------------- */

struct nlp_nn;
struct nn_work;
struct nn_input;
struct nn_batch;

struct parley_nlp {
    nlp_tagger tagger;
    nlp_lemmatizer lemma;
    nlp_parser parser;
    struct nlp_nn *nn;    /* the neural tagger and parser (nn.bin), or NULL */
};

struct parley_nlp_workspace {
    int cap;              /* words per sentence the arrays hold */
    nlp_word *words;      /* cap + 4 */
    uint64_t *pwords;     /* cap + 1 */
    int *tags;            /* cap + 1 */
    int *classes;         /* cap */
    void *pmem;
    int *head, *label;    /* cap + 1 */
    float *scores;        /* max(n_tags, parser classes) */
    char *lemma_buf;      /* 256 */
    struct nn_work *nnw;  /* the network's scratch */
    struct nn_input *nnin; /* cap + 1 */
    int *nncls;           /* cap: the network's tag classes */
    struct nn_batch *nnb; /* sentences encoded together */
    struct nn_input *gin; /* their inputs */
    int *glen, *goff;     /* their token counts (ROOT included) and offsets */
};

int nlp_workspace_reserve(parley_nlp_workspace *ws, int n);
/* Tags sentence words[0..n-1] into classes (tagger class ids). */
void nlp_tag_sentence(const nlp_tagger *t, parley_nlp_workspace *ws, int n);
/* Parses with the tags and word hashes already in ws; writes head/label 1..n. */
void nlp_parse_sentence(const nlp_parser *p, parley_nlp_workspace *ws, int n, int *head,
                        int *label, int root);

#endif
