/* train.c - trains tagger.bin, lemma.bin and parser.bin from a treebank.
 *
 * Order: the lemma/feature tables; the tagger on all of the training set;
 * the parser on tags predicted by jackknifing (each fold tagged by a tagger
 * trained on the other folds), so at training time it sees tagging errors
 * like those it will meet. Every random choice (sentence order, exploration
 * of the dynamic oracle) comes from one seeded generator, so a seed and the
 * same data give byte-identical models. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlp/nlp_internal.h"
#include "nlp/nn_train.h"

static void shuffle(size_t *a, size_t n, nlp_rng *r) {
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(nlp_rng_next(r) % i);
        size_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

typedef struct sent {
    parley_token *tok;
    int n;
    int *jtag;           /* jackknifed XPOS per word */
    int *jcls;           /* jackknifed tag class per word (0-based) */
} sent;

typedef struct corpus {
    parley_doc **docs;
    size_t n_docs;
    sent *s;
    size_t n;
} corpus;

static void corpus_free(corpus *c) {
    for (size_t i = 0; i < c->n_docs; i++) parley_doc_free(c->docs[i]);
    for (size_t i = 0; i < c->n; i++) {
        free(c->s[i].jtag);
        free(c->s[i].jcls);
    }
    free(c->docs);
    free(c->s);
    memset(c, 0, sizeof *c);
}

static parley_status corpus_read(corpus *c, const char *path, parley_error *err) {
    memset(c, 0, sizeof *c);
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open");
    parley_conllu_reader *r = parley_conllu_reader_new(fp, path);
    parley_status st = r ? PARLEY_OK : PARLEY_ERR_NOMEM;
    size_t cap = 0, scap = 0;
    while (st == PARLEY_OK) {
        parley_doc *doc = parley_doc_new();
        if (doc == NULL) {
            st = PARLEY_ERR_NOMEM;
            break;
        }
        st = parley_conllu_read_doc(r, doc, 0, err);
        if (st != PARLEY_OK) {
            parley_doc_free(doc);
            break;
        }
        if (c->n_docs == cap) {
            cap = cap ? cap * 2 : 64;
            parley_doc **d = realloc(c->docs, cap * sizeof *d); // NOLINT(bugprone-sizeof-expression)
            if (d == NULL) {
                parley_doc_free(doc);
                st = PARLEY_ERR_NOMEM;
                break;
            }
            c->docs = d;
        }
        c->docs[c->n_docs++] = doc;
        for (size_t i = 0; i < doc->n_sentences; i++) {
            if (c->n == scap) {
                scap = scap ? scap * 2 : 1024;
                sent *s = realloc(c->s, scap * sizeof *s);
                if (s == NULL) {
                    st = PARLEY_ERR_NOMEM;
                    break;
                }
                c->s = s;
            }
            sent *s = &c->s[c->n++];
            s->tok = &doc->tokens[doc->sentences[i].first];
            s->n = (int)doc->sentences[i].count;
            s->jtag = calloc((size_t)s->n + 1, sizeof *s->jtag);
            s->jcls = calloc((size_t)s->n + 1, sizeof *s->jcls);
            if (s->jtag == NULL || s->jcls == NULL) st = PARLEY_ERR_NOMEM;
        }
    }
    parley_conllu_reader_free(r);
    fclose(fp);
    if (st == PARLEY_EOF) return PARLEY_OK;
    if (st == PARLEY_ERR_NOMEM) parley_error_set(err, st, path, 0, "out of memory");
    corpus_free(c);
    return st;
}

void nlp_say(void (*out)(void *ctx, const char *line), void *ctx, const char *fmt, ...) {
    if (out == NULL) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    out(ctx, line);
}

#define say(o, ...) nlp_say((o)->progress, (o)->progress_ctx, __VA_ARGS__)

/* ---- tagger ------------------------------------------------------------- */

typedef struct tagset {
    int n;
    uint8_t upos[NLP_TAG_MAX], xpos[NLP_TAG_MAX];
    int16_t of[PARLEY_UPOS_COUNT][PARLEY_XPOS_COUNT];
} tagset;

static int tag_of(const tagset *ts, const parley_token *t) { return ts->of[t->upos][t->xpos]; }

typedef struct dict_rec {
    uint64_t form;
    int cls;
} dict_rec;

static int dict_cmp(const void *a, const void *b) {
    const dict_rec *x = a, *y = b;
    if (x->form != y->form) return x->form < y->form ? -1 : 1;
    return x->cls - y->cls;
}

/* Trains a tagger on the sentences idx[0..n-1] and renders tagger.bin into out. */
static int train_tagger(const corpus *c, const size_t *idx_in, size_t n, const tagset *ts,
                        int epochs, nlp_rng *r, parley_buf *out) {
    int rc = -1;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    size_t n_words = 0;
    for (size_t i = 0; i < n; i++) n_words += (size_t)c->s[idx_in[i]].n;
    dict_rec *recs = malloc((n_words + 1) * sizeof *recs);
    uint64_t *dkeys = malloc((n_words + 1) * sizeof *dkeys);
    uint16_t *dtags = malloc((n_words + 1) * sizeof *dtags);
    uint64_t *lkeys = malloc((n_words + 1) * sizeof *lkeys);
    uint16_t *ltags = malloc((n_words + 1) * sizeof *ltags);
    dict_rec *lrecs = malloc((n_words + 1) * sizeof *lrecs);
    nlp_ap_train *ap = nlp_ap_train_new((uint32_t)ts->n);
    nlp_word *words = NULL;
    float scores[NLP_TAG_MAX];
    size_t nd = 0, m = 0, nl = 0;
    if (!idx || !recs || !dkeys || !dtags || !ap || !lkeys || !ltags || !lrecs) goto done;
    memcpy(idx, idx_in, n * sizeof *idx);
    for (size_t i = 0; i < n; i++) {
        const sent *s = &c->s[idx[i]];
        for (int j = 0; j < s->n; j++) {
            nlp_word w;
            nlp_word_hashes(s->tok[j].form, &w);
            recs[m].form = w.form;
            recs[m].cls = tag_of(ts, &s->tok[j]);
            lrecs[m].form = w.lower;
            lrecs[m].cls = recs[m].cls;
            m++;
        }
    }
    /* tag dictionary: frequent words whose tag never varied (>= 97% one tag) */
    qsort(recs, m, sizeof *recs, dict_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i, best = 0, best_cls = 0;
        while (j < m && recs[j].form == recs[i].form) {
            size_t k = j;
            while (k < m && recs[k].form == recs[i].form && recs[k].cls == recs[j].cls) k++;
            if (k - j > best) {
                best = k - j;
                best_cls = (size_t)recs[j].cls;
            }
            j = k;
        }
        if (j - i >= 20 && (double)best / (double)(j - i) >= 0.97) {
            dkeys[nd] = recs[i].form;
            dtags[nd] = (uint16_t)best_cls;
            nd++;
        }
        i = j;
    }
    qsort(lrecs, m, sizeof *lrecs, dict_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i, best = 0, best_cls = 0;
        while (j < m && lrecs[j].form == lrecs[i].form) {
            size_t k = j;
            while (k < m && lrecs[k].form == lrecs[i].form && lrecs[k].cls == lrecs[j].cls) k++;
            if (k - j > best) {
                best = k - j;
                best_cls = (size_t)lrecs[j].cls;
            }
            j = k;
        }
        if (j - i >= 5) {
            lkeys[nl] = lrecs[i].form;
            ltags[nl] = (uint16_t)best_cls;
            nl++;
        }
        i = j;
    }
    words = malloc(1024 * sizeof *words);
    if (words == NULL) goto done;
    uint64_t feats[NLP_TAGGER_FEATS];
    for (int e = 0; e < epochs; e++) {
        shuffle(idx, n, r);
        for (size_t i = 0; i < n; i++) {
            const sent *s = &c->s[idx[i]];
            if (s->n > 1024) continue;
            for (int j = 0; j < s->n; j++) nlp_word_hashes(s->tok[j].form, &words[j]);
            nlp_tagger_lex(lkeys, ltags, nl, words, s->n);
            int t1 = -1, t2 = -1;
            for (int j = 0; j < s->n; j++) {
                int gold = tag_of(ts, &s->tok[j]);
                int pred = nlp_tagger_dict(dkeys, dtags, nd, words[j].form);
                if (pred < 0) {
                    int nf = nlp_tagger_features(words, s->n, j, t1, t2, feats);
                    memset(scores, 0, (size_t)ts->n * sizeof *scores);
                    nlp_ap_train_score(ap, feats, nf, scores);
                    pred = 0;
                    for (int k = 1; k < ts->n; k++)
                        if (scores[k] > scores[pred]) pred = k;
                    if (nlp_ap_train_update(ap, feats, nf, gold, pred) != 0) goto done;
                }
                t2 = t1;
                t1 = pred;
            }
        }
    }
    nlp_file_begin(out, NLP_KIND_TAGGER);
    if (nlp_file_section(out, "TUPO", 1, (uint64_t)ts->n, ts->upos) != 0 ||
        nlp_file_section(out, "TXPO", 1, (uint64_t)ts->n, ts->xpos) != 0 ||
        nlp_file_section(out, "TDKY", 8, nd, dkeys) != 0 ||
        nlp_file_section(out, "TDTG", 2, nd, dtags) != 0 ||
        nlp_file_section(out, "TLKY", 8, nl, lkeys) != 0 ||
        nlp_file_section(out, "TLTG", 2, nl, ltags) != 0 ||
        nlp_ap_train_write(ap, out, 'T', 1, NULL) != 0)
        goto done;
    /* the length field is patched by nlp_file_save; in-memory use patches it here */
    uint64_t len = out->len;
    for (int i = 0; i < 8; i++) ((unsigned char *)out->data)[24 + i] = (unsigned char)(len >> (8 * i));
    rc = 0;
done:
    nlp_ap_train_free(ap);
    free(idx);
    free(recs);
    free(dkeys);
    free(dtags);
    free(lkeys);
    free(ltags);
    free(lrecs);
    free(words);
    return rc;
}

/* Tags the sentences idx[0..n-1] with a tagger image, storing XPOS in jtag. */
static parley_status jackknife_tag(corpus *c, const size_t *idx, size_t n, const parley_buf *img,
                                   parley_error *err) {
    nlp_tagger t;
    memset(&t, 0, sizeof t);
    unsigned char *copy = malloc(img->len);
    if (copy == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    memcpy(copy, img->data, img->len);
    parley_status st = nlp_file_adopt(&t.file, copy, img->len, "(jackknife tagger)", NLP_KIND_TAGGER, err);
    if (st != PARLEY_OK) return st;
    if ((st = nlp_tagger_open(&t, err)) != PARLEY_OK) return st;
    parley_nlp_workspace *ws = parley_nlp_workspace_new(NULL);
    if (ws == NULL) {
        nlp_tagger_release(&t);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        sent *s = &c->s[idx[i]];
        if (nlp_workspace_reserve(ws, s->n + 1) != 0) {
            st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
            break;
        }
        for (int j = 0; j < s->n; j++) nlp_word_hashes(s->tok[j].form, &ws->words[j]);
        nlp_tag_sentence(&t, ws, s->n);
        for (int j = 0; j < s->n; j++) {
            s->jtag[j + 1] = t.tag_xpos[ws->classes[j]];
            s->jcls[j] = ws->classes[j];
        }
    }
    parley_nlp_workspace_free(ws);
    nlp_tagger_release(&t);
    return st;
}

/* ---- parser ------------------------------------------------------------- */

/* One pass of the parser over a sentence: the move model learns from the
 * dynamic oracle (towards the best-scoring move of least cost), the label
 * model from every arc the parser makes between a word and its gold head.
 * After the first epoch the parser follows its own wrong move 90% of the
 * time, so it learns to recover from its mistakes. */
typedef struct ptrain {
    nlp_ap_train *moves, *labels;
    size_t steps, errors, arcs, label_errors;
} ptrain;

static int train_parser_sentence(ptrain *pt, nlp_pstate *ps, const int *gh, const int *gl,
                                 int explore, nlp_rng *r) {
    uint64_t feats[NLP_PARSER_FEATS];
    float scores[4], lscores[PARLEY_DEP_COUNT + 3];
    while (!nlp_pstate_done(ps)) {
        int nf = nlp_parser_features(ps, feats);
        memset(scores, 0, sizeof scores);
        nlp_ap_train_score(pt->moves, feats, nf, scores);
        int cost[3];
        nlp_oracle_costs(ps, gh, cost);
        int pred = nlp_parser_best(ps, scores), gold = -1;
        for (int m = 0; m < 3; m++) {
            if (!nlp_pstate_valid(ps, m)) continue;
            if (gold < 0 || cost[m] < cost[gold] || (cost[m] == cost[gold] && scores[m] > scores[gold]))
                gold = m;
        }
        pt->steps++;
        int next = pred;
        if (cost[pred] > cost[gold]) {
            pt->errors++;
            if (nlp_ap_train_update(pt->moves, feats, nf, gold, pred) != 0) return -1;
            if (!explore || nlp_rng_next(r) % 10 == 0) next = gold;
        } else {
            nlp_ap_train_tick(pt->moves);
        }
        int label = 0;
        if (next != NLP_SHIFT) {
            int d = ps->stack[ps->sp - 1], h = next == NLP_RIGHT ? ps->stack[ps->sp - 2] : ps->b;
            if (next == NLP_RIGHT && ps->sp == 2) {
                label = PARLEY_DEP_ROOT;
            } else {
                nf = nlp_label_features(ps, next, feats);
                memset(lscores, 0, sizeof lscores);
                nlp_ap_train_score(pt->labels, feats, nf, lscores);
                label = nlp_label_best(ps, next, lscores);
                if (gh[d] == h) {
                    pt->arcs++;
                    if (label != gl[d]) {
                        pt->label_errors++;
                        if (nlp_ap_train_update(pt->labels, feats, nf, gl[d], label) != 0) return -1;
                        label = gl[d];
                    } else {
                        nlp_ap_train_tick(pt->labels);
                    }
                }
            }
        }
        nlp_pstate_apply(ps, nlp_parser_class(next, label));
    }
    return 0;
}

static parley_status train_parser(corpus *c, int epochs, nlp_rng *r, const char *path,
                                  const parley_nlp_train_options *o, parley_error *err) {
    size_t *idx = malloc((c->n + 1) * sizeof *idx);
    ptrain pt = {nlp_ap_train_new(3), nlp_ap_train_new(PARLEY_DEP_COUNT), 0, 0, 0, 0};
    int cap = 1024;
    void *pmem = malloc(nlp_pstate_bytes(cap));
    uint64_t *pw = malloc(((size_t)cap + 2) * sizeof *pw);
    int *gh = malloc(((size_t)cap + 2) * sizeof *gh), *gl = malloc(((size_t)cap + 2) * sizeof *gl);
    parley_buf out = PARLEY_BUF_INIT;
    parley_status st = parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    if (!idx || !pt.moves || !pt.labels || !pmem || !pw || !gh || !gl) goto done;
    for (size_t i = 0; i < c->n; i++) idx[i] = i;
    for (int e = 0; e < epochs; e++) {
        clock_t t0 = clock();
        shuffle(idx, c->n, r);
        pt.steps = pt.errors = pt.arcs = pt.label_errors = 0;
        for (size_t i = 0; i < c->n; i++) {
            sent *s = &c->s[idx[i]];
            if (s->n > cap) continue;
            int ok = 1;
            pw[0] = NLP_ROOT_WORD;
            s->jtag[0] = NLP_ROOT_TAG;
            for (int j = 0; j < s->n; j++) {
                nlp_word w;
                nlp_word_hashes(s->tok[j].form, &w);
                pw[j + 1] = w.lower;
                gh[j + 1] = s->tok[j].head;
                gl[j + 1] = s->tok[j].deprel;
                if (gh[j + 1] < 0 || gl[j + 1] == 0) ok = 0;
            }
            if (!ok) continue;
            nlp_pstate ps;
            nlp_pstate_init(&ps, pmem, s->n, pw, s->jtag);
            if (train_parser_sentence(&pt, &ps, gh, gl, e >= 1, r) != 0) goto done;
        }
        say(o, "parser epoch %d: %.1f%% of moves wrong, %.1f%% of labels wrong, %.1fs", e + 1,
            pt.steps ? 100.0 * (double)pt.errors / (double)pt.steps : 0.0,
            pt.arcs ? 100.0 * (double)pt.label_errors / (double)pt.arcs : 0.0,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    nlp_file_begin(&out, NLP_KIND_PARSER);
    size_t kept = 0, lkept = 0;
    if (nlp_ap_train_write(pt.moves, &out, 'P', (uint32_t)o->parser_min_updates, &kept) != 0 ||
        nlp_ap_train_write(pt.labels, &out, 'L', (uint32_t)o->parser_min_updates, &lkept) != 0)
        goto done;
    st = nlp_file_save(&out, path, err);
    say(o, "parser: %zu move weights, %zu label weights kept", kept, lkept);
done:
    free(idx);
    nlp_ap_train_free(pt.moves);
    nlp_ap_train_free(pt.labels);
    free(pmem);
    free(pw);
    free(gh);
    free(gl);
    parley_buf_free(&out);
    return st;
}

/* ---- the network -------------------------------------------------------- */

/* Parses "key=value,..." into the network's sizes and training settings. */
static parley_status nn_options_parse(const char *spec, nn_train_options *t, parley_error *err) {
    nn_dims *d = &t->dims;
    d->d_word = 100, d->d_gram = 50, d->d_shape = 8, d->d_tag = 32;
    d->hidden = 128, d->layers = 2, d->d_arc = 128, d->d_lab = 64;
    d->n_grams = 1u << 15;
    t->batch_words = 500, t->lr = 2e-3f, t->drop = 0.33f, t->decay_steps = 5000;
    if (spec == NULL) return PARLEY_OK;
    const char *p = spec;
    while (*p) {
        char key[32];
        size_t k = 0;
        while (*p && *p != '=' && k + 1 < sizeof key) key[k++] = *p++;
        key[k] = '\0';
        if (*p != '=') return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "bad network option '%s'", key);
        char *end;
        double v = strtod(++p, &end);
        if (end == p || v < 0 || v > 1e7)
            return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "bad value for network option '%s'", key);
        p = *end == ',' ? end + 1 : end;
        if (*end != ',' && *end != '\0')
            return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "bad value for network option '%s'", key);
        uint32_t u = (uint32_t)v;
        if (strcmp(key, "word") == 0) d->d_word = u;
        else if (strcmp(key, "gram") == 0) d->d_gram = u;
        else if (strcmp(key, "grams") == 0) d->n_grams = u;
        else if (strcmp(key, "shape") == 0) d->d_shape = u;
        else if (strcmp(key, "tag") == 0) d->d_tag = u;
        else if (strcmp(key, "hidden") == 0) d->hidden = u;
        else if (strcmp(key, "layers") == 0) d->layers = u;
        else if (strcmp(key, "arc") == 0) d->d_arc = u;
        else if (strcmp(key, "lab") == 0) d->d_lab = u;
        else if (strcmp(key, "batch") == 0) t->batch_words = (int)u;
        else if (strcmp(key, "lr") == 0) t->lr = (float)v;
        else if (strcmp(key, "drop") == 0) t->drop = (float)v;
        else if (strcmp(key, "decay") == 0) t->decay_steps = (long)v;
        else if (strcmp(key, "seconds") == 0) t->max_seconds = (long)v;
        else return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "unknown network option '%s'", key);
    }
    return PARLEY_OK;
}

typedef struct nn_side {
    nn_sentence *s;
    nlp_word *w;
    int *ints;
} nn_side;

static void nn_side_free(nn_side *x) {
    free(x->s);
    free(x->w);
    free(x->ints);
}

/* The trainer's view of a corpus; tag_in from jcls. */
static int nn_side_of(const corpus *c, const tagset *ts, nn_side *x) {
    size_t words = 0;
    for (size_t i = 0; i < c->n; i++) words += (size_t)c->s[i].n;
    x->s = calloc(c->n + 1, sizeof *x->s);
    x->w = calloc(words + 1, sizeof *x->w);
    x->ints = calloc(3 * words + 1, sizeof *x->ints);
    if (!x->s || !x->w || !x->ints) return -1;
    size_t at = 0;
    for (size_t i = 0; i < c->n; i++) {
        const sent *s = &c->s[i];
        nn_sentence *o = &x->s[i];
        o->n = s->n;
        o->w = x->w + at;
        o->tag_in = s->jcls;
        int *gt = x->ints + 3 * at, *gh = gt + s->n, *gl = gh + s->n;
        o->gold_tag = gt, o->gold_head = gh, o->gold_label = gl;
        for (int j = 0; j < s->n; j++) {
            nlp_word_hashes(s->tok[j].form ? s->tok[j].form : "", &x->w[at + (size_t)j]);
            int cls = tag_of(ts, &s->tok[j]);
            gt[j] = cls < 0 ? 0 : cls;
            gh[j] = s->tok[j].head >= 0 && s->tok[j].head <= s->n ? s->tok[j].head : 0;
            gl[j] = s->tok[j].deprel < PARLEY_DEP_COUNT ? s->tok[j].deprel : 0;
        }
        at += (size_t)s->n;
    }
    return 0;
}

static parley_status train_nn(corpus *c, const tagset *ts, const parley_buf *tagger_img,
                              const parley_nlp_train_options *o, parley_error *err) {
    nn_train_options t;
    memset(&t, 0, sizeof t);
    parley_status st = nn_options_parse(o->nn_spec, &t, err);
    if (st != PARLEY_OK) return st;
    t.epochs = o->nn_epochs;
    t.threads = o->nn_threads > 0 ? o->nn_threads : 1;
    t.seed = o->seed;
    t.say = o->progress;
    t.say_ctx = o->progress_ctx;
    corpus dev;
    memset(&dev, 0, sizeof dev);
    if (o->dev_path && (st = corpus_read(&dev, o->dev_path, err)) != PARLEY_OK) return st;
    /* dev is tagged by the final tagger, as text will be */
    size_t *all = malloc((dev.n + 1) * sizeof *all);
    nn_side tr = {0}, dv = {0};
    if (all == NULL) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < dev.n; i++) all[i] = i;
    if (dev.n && (st = jackknife_tag(&dev, all, dev.n, tagger_img, err)) != PARLEY_OK) goto out;
    if (nn_side_of(c, ts, &tr) != 0 || nn_side_of(&dev, ts, &dv) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        goto out;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->out_dir, o->nn_file ? o->nn_file : "nn.bin");
    st = nn_fit(tr.s, c->n, dv.s, dev.n, ts->n, ts->upos, ts->xpos, &t, path, err);
out:
    free(all);
    nn_side_free(&tr);
    nn_side_free(&dv);
    corpus_free(&dev);
    return st;
}

static parley_status save_buf(const parley_buf *b, const char *path, parley_error *err) {
    FILE *fp = fopen(path, "wb");
    if (fp == NULL) return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot create");
    int bad = fwrite(b->data, 1, b->len, fp) != b->len;
    bad |= fclose(fp) != 0;
    return bad ? parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot write") : PARLEY_OK;
}

static void report_dev(const parley_nlp_train_options *o, const char *dir, parley_error *err) {
    parley_nlp *nlp = NULL;
    corpus dev;
    if (o->dev_path == NULL || corpus_read(&dev, o->dev_path, err) != PARLEY_OK) return;
    if (parley_nlp_load(&nlp, dir, err) == PARLEY_OK) {
        parley_nlp_workspace *ws = parley_nlp_workspace_new(nlp);
        parley_nlp_scores sc = {0};
        for (size_t i = 0; ws && i < dev.n_docs; i++) parley_nlp_evaluate(nlp, ws, dev.docs[i], &sc, err);
        double w = sc.words ? (double)sc.words : 1;
        say(o, "dev: UPOS %.2f XPOS %.2f lemma %.2f feats %.2f UAS %.2f LAS %.2f (%zu words)",
            100 * sc.upos / w, 100 * sc.xpos / w, 100 * sc.lemma / w, 100 * sc.feats / w,
            100 * sc.uas / w, 100 * sc.las / w, sc.words);
        parley_nlp_workspace_free(ws);
        parley_nlp_free(nlp);
    }
    corpus_free(&dev);
}

parley_status parley_nlp_train(const parley_nlp_train_options *o, parley_error *err) {
    corpus c;
    parley_status st = corpus_read(&c, o->train_path, err);
    if (st != PARLEY_OK) return st;
    nlp_rng r = {o->seed * 0x2545f4914f6cdd1dULL + 1};
    int tep = o->tagger_epochs > 0 ? o->tagger_epochs : 6;
    int pep = o->parser_epochs > 0 ? o->parser_epochs : 10;
    int folds = o->jackknife_folds > 0 ? o->jackknife_folds : 4;
    char path[4096];
    parley_buf img = PARLEY_BUF_INIT, final_img = PARLEY_BUF_INIT;
    size_t *idx = malloc((c.n + 1) * sizeof *idx), *fold = malloc((c.n + 1) * sizeof *fold);
    tagset ts;
    ts.n = 0;
    memset(ts.of, 0xff, sizeof ts.of);
    if (idx == NULL || fold == NULL) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c.n; i++)
        for (int j = 0; j < c.s[i].n; j++) {
            const parley_token *t = &c.s[i].tok[j];
            if (ts.of[t->upos][t->xpos] < 0 && ts.n < NLP_TAG_MAX) {
                ts.of[t->upos][t->xpos] = (int16_t)ts.n;
                ts.upos[ts.n] = t->upos;
                ts.xpos[ts.n] = t->xpos;
                ts.n++;
            }
        }
    say(o, "read %zu sentences, %d tag pairs", c.n, ts.n);
    clock_t t0 = clock();
    snprintf(path, sizeof path, "%s/lemma.bin", o->out_dir);
    if (!o->nn_only && (st = nlp_lemma_train(c.docs, c.n_docs, path, err)) != PARLEY_OK) goto done;
    say(o, "lemma tables: %.1fs", (double)(clock() - t0) / CLOCKS_PER_SEC);
    t0 = clock();
    for (size_t i = 0; i < c.n; i++) idx[i] = i;
    if (train_tagger(&c, idx, c.n, &ts, tep, &r, &img) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory training the tagger");
        goto done;
    }
    snprintf(path, sizeof path, "%s/tagger.bin", o->out_dir);
    if ((st = save_buf(&img, path, err)) != PARLEY_OK) goto done;
    if (parley_buf_append(&final_img, img.data, img.len) != 0) {
        st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
        goto done;
    }
    say(o, "tagger: %d epochs, %.1fs", tep, (double)(clock() - t0) / CLOCKS_PER_SEC);
    t0 = clock();
    /* contiguous folds: neighbouring sentences of a document stay together,
     * as unseen text would be */
    for (int f = 0; f < folds; f++) {
        size_t lo = c.n * (size_t)f / (size_t)folds, hi = c.n * (size_t)(f + 1) / (size_t)folds;
        size_t nt = 0, nf = 0;
        for (size_t i = 0; i < c.n; i++) {
            if (i >= lo && i < hi) fold[nf++] = i;
            else idx[nt++] = i;
        }
        if (folds > 1) {
            if (train_tagger(&c, idx, nt, &ts, tep, &r, &img) != 0) {
                st = parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory training the tagger");
                goto done;
            }
        }
        if ((st = jackknife_tag(&c, fold, nf, &img, err)) != PARLEY_OK) goto done;
    }
    size_t right = 0, total = 0;
    for (size_t i = 0; i < c.n; i++)
        for (int j = 0; j < c.s[i].n; j++, total++) right += c.s[i].jtag[j + 1] == c.s[i].tok[j].xpos;
    say(o, "jackknifed XPOS on train (%d folds): %.2f%%, %.1fs", folds,
        total ? 100.0 * (double)right / (double)total : 0.0, (double)(clock() - t0) / CLOCKS_PER_SEC);
    snprintf(path, sizeof path, "%s/parser.bin", o->out_dir);
    if (!o->nn_only && (st = train_parser(&c, pep, &r, path, o, err)) != PARLEY_OK) goto done;
    if (o->nn_epochs > 0) {
        t0 = clock();
        if ((st = train_nn(&c, &ts, &final_img, o, err)) != PARLEY_OK) goto done;
        say(o, "network: %.1fs CPU", (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    if (!o->nn_only) report_dev(o, o->out_dir, err);
    parley_error_clear(err);
    st = PARLEY_OK;
done:
    free(idx);
    free(fold);
    parley_buf_free(&img);
    parley_buf_free(&final_img);
    corpus_free(&c);
    return st;
}
