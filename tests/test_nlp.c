/* test_nlp.c - tests of src/nlp: the CoNLL-U reader, feature extraction,
 * the arc-hybrid transition system and its dynamic oracle, model files
 * (round trip, truncation, corruption), and a floor on the accuracy of the
 * committed models over a small sample written for these tests
 * (tests/data/nlp/sample.conllu, not taken from any treebank). */
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

#include "nlp/nlp_internal.h"
#include "nlp/nn.h"
#include "parley/nlp.h"

#define SAMPLE PARLEY_SRC_DIR "/tests/data/nlp/sample.conllu"
#define MODELS PARLEY_DATA_DIR "/models"

static parley_status read_string(const char *text, parley_doc *doc, parley_error *err) {
    FILE *fp = fmemopen((void *)text, strlen(text), "rb");
    assert_non_null(fp);
    parley_conllu_reader *r = parley_conllu_reader_new(fp, "inline");
    parley_status st = parley_conllu_read_doc(r, doc, 0, err);
    parley_conllu_reader_free(r);
    fclose(fp);
    return st;
}

static parley_doc *read_sample(void) {
    FILE *fp = fopen(SAMPLE, "rb");
    assert_non_null(fp);
    parley_conllu_reader *r = parley_conllu_reader_new(fp, SAMPLE);
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(parley_conllu_read_doc(r, doc, 0, &err), PARLEY_OK);
    parley_conllu_reader_free(r);
    fclose(fp);
    return doc;
}

static void test_conllu_reader(void **state) {
    (void)state;
    const char *text =
        "# newdoc id = d1\n"
        "# text = I won't go.\n"
        "1\tI\tI\tPRON\tPRP\tPerson=1\t4\tnsubj\t_\t_\n"
        "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "2\two\twill\tAUX\tMD\t_\t4\taux\t_\t_\n"
        "3\tn't\tnot\tPART\tRB\tPolarity=Neg\t4\tadvmod\t_\t_\n"
        "4\tgo\tgo\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No\n"
        "4.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t4:conj\t_\n"
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
        "\n"
        "# newdoc id = d2\n"
        "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(read_string(text, doc, &err), PARLEY_OK);
    assert_string_equal(doc->id, "d1");
    assert_int_equal(doc->n_sentences, 1);
    assert_int_equal(doc->n_tokens, 5); /* the empty node is not a token */
    assert_string_equal(doc->text, "I won't go. ");
    assert_int_equal(doc->tokens[1].mwt, 2);
    assert_int_equal(doc->tokens[2].mwt, 0);
    assert_int_equal(doc->tokens[1].start, doc->tokens[2].start);
    assert_int_equal(doc->tokens[1].end - doc->tokens[1].start, 5);
    assert_string_equal(doc->tokens[2].lemma, "not");
    assert_int_equal(doc->tokens[2].feats, PARLEY_FEAT_POLARITY_NEG);
    assert_int_equal(doc->tokens[3].head, 0);
    assert_int_equal(doc->tokens[3].deprel, PARLEY_DEP_ROOT);
    assert_int_equal(doc->tokens[3].space_after, 0);
    assert_int_equal(doc->tokens[4].xpos, PARLEY_XPOS_PERIOD);
    parley_doc_free(doc);
}

static void test_conllu_errors(void **state) {
    (void)state;
    const char *bad[] = {
        "1\tA\ta\tX\tXX\t_\t0\troot\t_\n",                         /* 9 fields */
        "2\tA\ta\tX\tXX\t_\t0\troot\t_\t_\n",                      /* does not start at 1 */
        "1\tA\ta\tX\tXX\t_\t5\troot\t_\t_\n",                      /* head past the end */
        "1-3\tAB\t_\t_\t_\t_\t_\t_\t_\t_\n1\tA\ta\tX\tXX\t_\t0\troot\t_\t_\n", /* open range */
        "1\tA\ta\tX\tXX\t_\tx\troot\t_\t_\n",                      /* head not a number */
        "1\t\ta\tX\tXX\t_\t0\troot\t_\t_\n",                       /* empty form */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parley_doc *doc = parley_doc_new();
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(read_string(bad[i], doc, &err), PARLEY_ERR_FORMAT);
        assert_int_equal(err.line, i == 3 ? 2 : 1);
        parley_doc_free(doc);
    }
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(read_string("\n\n", doc, &err), PARLEY_EOF);
    parley_doc_free(doc);
}

static void test_tagger_features(void **state) {
    (void)state;
    nlp_word w[3];
    nlp_word_hashes("Rebels", &w[0]);
    nlp_word_hashes("attacked", &w[1]);
    nlp_word_hashes("villages", &w[2]);
    for (int i = 0; i < 3; i++) w[i].lex = 0;
    uint64_t a[NLP_TAGGER_FEATS], b[NLP_TAGGER_FEATS];
    int na = nlp_tagger_features(w, 3, 1, 4, -1, a);
    int nb = nlp_tagger_features(w, 3, 1, 4, -1, b);
    assert_true(na > 20 && na <= NLP_TAGGER_FEATS);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, (size_t)na * sizeof *a);
    for (int i = 0; i < na; i++) assert_true(a[i] != 0);
    /* a different previous tag changes exactly the features that use it */
    nb = nlp_tagger_features(w, 3, 1, 5, -1, b);
    assert_int_equal(nb, na);
    int differ = 0;
    for (int i = 0; i < na; i++) differ += a[i] != b[i];
    assert_true(differ >= 5 && differ < na);
    /* the same suffix gives the same suffix key */
    nlp_word x, y;
    nlp_word_hashes("walked", &x);
    nlp_word_hashes("talked", &y);
    assert_true(x.suf[3] == y.suf[3] && x.form != y.form);
    nlp_word_hashes("Walked", &y);
    assert_true(x.lower == y.lower && x.form != y.form && x.shape != y.shape);
}

/* Runs the oracle over a gold tree: at every step some move must cost 0, and
 * following zero-cost moves with the gold label must rebuild the tree. */
static void oracle_rebuilds(const parley_token *tok, int n) {
    int *gh = calloc((size_t)n + 2, sizeof *gh), *gl = calloc((size_t)n + 2, sizeof *gl);
    uint64_t *words = calloc((size_t)n + 2, sizeof *words);
    int *tags = calloc((size_t)n + 2, sizeof *tags);
    void *mem = malloc(nlp_pstate_bytes(n));
    for (int i = 1; i <= n; i++) {
        gh[i] = tok[i - 1].head;
        gl[i] = tok[i - 1].deprel;
        words[i] = (uint64_t)i;
        tags[i] = tok[i - 1].xpos;
    }
    nlp_pstate s;
    nlp_pstate_init(&s, mem, n, words, tags);
    int steps = 0;
    while (!nlp_pstate_done(&s)) {
        int cost[3];
        nlp_oracle_costs(&s, gh, cost);
        int move = -1;
        for (int m = 0; m < 3; m++)
            if (nlp_pstate_valid(&s, m) && cost[m] == 0 && move < 0) move = m;
        assert_true(move >= 0);
        int s0 = s.stack[s.sp - 1];
        int cls = move == NLP_SHIFT ? 0 : 1 + 2 * gl[s0] + (move == NLP_RIGHT);
        uint64_t feats[NLP_PARSER_FEATS];
        assert_true(nlp_parser_features(&s, feats) <= NLP_PARSER_FEATS);
        if (move != NLP_SHIFT) {
            /* the label model: its features fit, and root is the label of
             * the arc onto ROOT and of no other, whatever the scores */
            assert_true(nlp_label_features(&s, move, feats) <= NLP_PARSER_FEATS);
            float scores[PARLEY_DEP_COUNT + 3] = {0};
            scores[PARLEY_DEP_ROOT] = 1.0f;
            int onto_root = move == NLP_RIGHT && s.stack[s.sp - 2] == 0;
            assert_int_equal(nlp_label_best(&s, move, scores) == PARLEY_DEP_ROOT, onto_root);
            assert_int_equal(gl[s0] == PARLEY_DEP_ROOT, onto_root);
        }
        assert_int_equal(nlp_parser_class(move, gl[s0]), cls);
        nlp_pstate_apply(&s, cls);
        assert_true(++steps <= 2 * n);
    }
    assert_int_equal(steps, 2 * n);
    for (int i = 1; i <= n; i++) {
        assert_int_equal(s.head[i], gh[i]);
        assert_int_equal(s.label[i], gl[i]);
    }
    free(gh);
    free(gl);
    free(words);
    free(tags);
    free(mem);
}

static void test_oracle_reaches_gold(void **state) {
    (void)state;
    parley_doc *doc = read_sample();
    assert_int_equal(doc->n_sentences, 8);
    for (size_t i = 0; i < doc->n_sentences; i++)
        oracle_rebuilds(&doc->tokens[doc->sentences[i].first], (int)doc->sentences[i].count);
    parley_doc_free(doc);
}

static void test_oracle_costs_wrong_moves(void **state) {
    (void)state;
    /* "A B C": A <- B (nsubj), ROOT -> B, B -> C. After SHIFT A, shifting B
     * loses A's head, attaching A to ROOT is not even allowed. */
    int gh[4] = {0, 2, 0, 2};
    uint64_t words[4] = {0, 1, 2, 3};
    int tags[4] = {0, 1, 2, 3};
    void *mem = malloc(nlp_pstate_bytes(3));
    nlp_pstate s;
    nlp_pstate_init(&s, mem, 3, words, tags);
    int cost[3];
    nlp_oracle_costs(&s, gh, cost);
    assert_int_equal(cost[NLP_SHIFT], 0);
    assert_false(nlp_pstate_valid(&s, NLP_LEFT));
    nlp_pstate_apply(&s, 0);
    nlp_oracle_costs(&s, gh, cost);
    assert_int_equal(cost[NLP_LEFT], 0);
    assert_int_equal(cost[NLP_SHIFT], 2); /* loses A <- B and ROOT -> B */
    assert_false(nlp_pstate_valid(&s, NLP_RIGHT)); /* ROOT takes a child only at the end */
    free(mem);
}

static char *temp_dir(void) {
    char tmpl[] = "/tmp/parley-test-nlp-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void write_file(const char *path, const void *data, size_t len) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

static void test_model_round_trip(void **state) {
    (void)state;
    nlp_ap_train *t = nlp_ap_train_new(3);
    uint64_t f1[2] = {11, 12}, f2[2] = {11, 13};
    for (int i = 0; i < 10; i++) {
        assert_int_equal(nlp_ap_train_update(t, f1, 2, 1, 0), 0);
        assert_int_equal(nlp_ap_train_update(t, f2, 2, 2, 1), 0);
    }
    float live[3] = {0};
    nlp_ap_train_score(t, f1, 2, live);
    parley_buf b = PARLEY_BUF_INIT;
    nlp_file_begin(&b, NLP_KIND_PARSER);
    assert_int_equal(nlp_ap_train_write(t, &b, 'P', 1, NULL), 0);
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/p.bin", dir);
    parley_error err;
    assert_int_equal(nlp_file_save(&b, path, &err), PARLEY_OK);
    nlp_file f;
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_OK);
    nlp_ap ap;
    assert_int_equal(nlp_ap_load(&ap, &f, 'P', &err), PARLEY_OK);
    assert_int_equal(ap.n_classes, 3);
    float avg[3] = {0};
    nlp_ap_score(&ap, f1, 2, avg);
    /* averaged weights rank the classes as the live ones do here */
    assert_true(avg[1] > avg[0] && live[1] > live[0]);
    assert_true(avg[1] > 0.0f);
    nlp_ap_release(&ap);
    nlp_file_release(&f);
    /* the wrong kind is refused */
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_TAGGER, &err), PARLEY_ERR_MODEL);
    /* every truncation is refused with a message, never a crash */
    for (size_t cut = 0; cut < b.len; cut += 3) {
        write_file(path, b.data, cut);
        parley_error_clear(&err);
        assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_ERR_MODEL);
        assert_true(strlen(err.message) > 0);
    }
    /* a newer version says so */
    char *copy = malloc(b.len);
    memcpy(copy, b.data, b.len);
    copy[8] = 9;
    write_file(path, copy, b.len);
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_ERR_VERSION);
    /* so does an older one (the parser of format 1 scored labelled moves) */
    copy[8] = 1;
    write_file(path, copy, b.len);
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_ERR_MODEL);
    assert_non_null(strstr(err.message, "older"));
    /* a bad weight scale is caught by validation (a small model's file
     * holds int16 steps of one scale) */
    memcpy(copy, b.data, b.len);
    write_file(path, copy, b.len);
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_OK);
    const void *qsc;
    assert_int_equal(nlp_file_get(&f, "PQSC", 4, 1, 1, &qsc, NULL, &err), PARLEY_OK);
    size_t off = (size_t)((const char *)qsc - (const char *)f.data);
    nlp_file_release(&f);
    const float nan = NAN;
    memcpy(copy + off, &nan, sizeof nan);
    write_file(path, copy, b.len);
    assert_int_equal(nlp_file_load(&f, path, NLP_KIND_PARSER, &err), PARLEY_OK);
    assert_int_equal(nlp_ap_load(&ap, &f, 'P', &err), PARLEY_ERR_MODEL);
    assert_non_null(strstr(err.message, "scale"));
    nlp_file_release(&f);
    unlink(path);
    rmdir(dir);
    free(copy);
    free(dir);
    parley_buf_free(&b);
    nlp_ap_train_free(t);
}

/* Writes t's model into a file image in memory and loads it (the file owns
 * the image). */
static void load_written(const nlp_ap_train *t, uint32_t kind, char prefix, nlp_file *file, nlp_ap *ap) {
    parley_buf b = PARLEY_BUF_INIT;
    nlp_file_begin(&b, kind);
    assert_int_equal(nlp_ap_train_write(t, &b, prefix, 1, NULL), 0);
    unsigned char *img = malloc(b.len);
    assert_non_null(img);
    memcpy(img, b.data, b.len);
    *(uint64_t *)(img + 24) = b.len; /* nlp_file_save fills the length in */
    parley_error err;
    assert_int_equal(nlp_file_adopt(file, img, b.len, "in memory", kind, &err), PARLEY_OK);
    assert_int_equal(nlp_ap_load(ap, file, prefix, &err), PARLEY_OK);
    parley_buf_free(&b);
}

/* A model of three classes keeps its weights in the probe table, as the
 * int16 steps its file holds: every feature must score exactly its row's
 * steps, and an absent one nothing. */
static void test_small_model_table(void **state) {
    (void)state;
    nlp_ap_train *t = nlp_ap_train_new(3);
    uint64_t f[3];
    for (uint64_t i = 0; i < 3000; i++) {
        for (int j = 0; j < 3; j++) f[j] = nlp_key(7, i, (uint64_t)j, 0);
        assert_int_equal(nlp_ap_train_update(t, f, 3, (int)(i % 3), (int)((i + 1) % 3)), 0);
    }
    nlp_file file;
    nlp_ap ap;
    load_written(t, NLP_KIND_PARSER, 'P', &file, &ap);
    assert_non_null(ap.small);
    assert_true(ap.n_rows > 8000);
    assert_non_null(ap.q3);
    for (uint32_t r = 0; r < ap.n_rows; r++) {
        float got[4] = {0};
        nlp_ap_score(&ap, &ap.keys[r], 1, got);
        for (int c = 0; c < 3; c++) assert_true(got[c] == (float)ap.q3[(size_t)r * 3 + (size_t)c] * ap.qscale);
    }
    uint64_t absent = nlp_key(8, 1, 2, 3);
    float none[4] = {0};
    nlp_ap_score(&ap, &absent, 1, none);
    assert_true(none[0] == 0.0f && none[1] == 0.0f && none[2] == 0.0f);
    nlp_ap_release(&ap);
    nlp_file_release(&file);
    nlp_ap_train_free(t);
}

/* A model of many classes: keys that share their low bits fill one bucket
 * and spill into the next ones, rows of a quarter of the classes or more
 * are dense, the rest sparse runs; every feature alone must score exactly
 * its row, a set of them the dense rows' sum then the sparse runs', and an
 * absent one nothing. */
static void test_large_model_table(void **state) {
    (void)state;
    enum { C = 40 };
    nlp_ap_train *t = nlp_ap_train_new(C);
    uint64_t keys[64];
    for (uint64_t i = 0; i < 64; i++)
        keys[i] = i < 24 ? (i + 1) << 40 | 5 : nlp_key(9, i, 0, 0); /* 24 in one chain */
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 64; i++) {
            /* key i is updated towards up to 2 * (i % 16) + 1 classes */
            for (int c = 0; c <= 2 * (i % 16); c++)
                assert_int_equal(nlp_ap_train_update(t, &keys[i], 1, (c * 7 + i) % C, (c * 3 + i + 1) % C), 0);
        }
    nlp_file file;
    nlp_ap ap;
    parley_error err;
    load_written(t, NLP_KIND_TAGGER, 'T', &file, &ap);
    assert_null(ap.small);
    assert_int_equal(ap.n_classes, C);
    int n_dense = 0, n_sparse = 0;
    float expect[C + 4] = {0};
    for (uint32_t r = 0; r < ap.n_rows; r++) {
        float want[C + 4] = {0}, got[C + 4] = {0};
        uint32_t len = ap.row_start[r + 1] - ap.row_start[r];
        for (uint32_t j = ap.row_start[r]; j < ap.row_start[r + 1]; j++) want[ap.cls[j]] += ap.w[j];
        nlp_ap_score(&ap, &ap.keys[r], 1, got);
        for (int c = 0; c < C + 4; c++) assert_true(got[c] == want[c]);
        if (len >= C / 4) {
            n_dense++;
            for (int c = 0; c < C; c++) expect[c] += want[c];
        } else {
            n_sparse++;
        }
    }
    for (uint32_t r = 0; r < ap.n_rows; r++)
        if (ap.row_start[r + 1] - ap.row_start[r] < C / 4)
            for (uint32_t j = ap.row_start[r]; j < ap.row_start[r + 1]; j++) expect[ap.cls[j]] += ap.w[j];
    assert_true(n_dense > 4 && n_sparse > 4);
    /* all rows at once: the dense rows in key order, then the sparse runs
     * (rows are stored in key order, and keys[] below is that order) */
    float got[C + 4] = {0};
    nlp_ap_score(&ap, ap.keys, (int)ap.n_rows, got);
    assert_true(ap.n_rows <= 128);
    for (int c = 0; c < C + 4; c++) assert_true(got[c] == expect[c]);
    uint64_t absent[3] = {(uint64_t)99 << 40 | 5, nlp_key(8, 1, 2, 3), 12345};
    float none[C + 4] = {0};
    nlp_ap_score(&ap, absent, 3, none);
    for (int c = 0; c < C + 4; c++) assert_true(none[c] == 0.0f);
    nlp_ap_release(&ap);
    /* a class id out of range is caught by validation */
    const void *cid;
    assert_int_equal(nlp_file_get(&file, "TCID", 2, 0, 0, &cid, NULL, &err), PARLEY_OK);
    uint16_t bad = C;
    memcpy(file.data + ((const unsigned char *)cid - file.data), &bad, sizeof bad);
    assert_int_equal(nlp_ap_load(&ap, &file, 'T', &err), PARLEY_ERR_MODEL);
    assert_non_null(strstr(err.message, "class"));
    nlp_file_release(&file);
    nlp_ap_train_free(t);
}

static void test_lemma_tables(void **state) {
    (void)state;
    parley_doc *doc = read_sample();
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/lemma.bin", dir);
    parley_error err;
    assert_int_equal(nlp_lemma_train(&doc, 1, path, &err), PARLEY_OK);
    nlp_lemmatizer l;
    assert_int_equal(nlp_lemma_load(&l, path, &err), PARLEY_OK);
    char out[64];
    nlp_lemmatize(&l, "withdrew", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "withdraw");         /* seen: the exception table */
    nlp_lemmatize(&l, "bombed", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "bomb");             /* unseen: the -ed rule */
    nlp_lemmatize(&l, "The", PARLEY_XPOS_DT, out, sizeof out);
    assert_string_equal(out, "the");
    nlp_lemmatize(&l, "Geneva", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "Geneva");
    uint32_t feats = nlp_lemmatize(&l, "n't", PARLEY_XPOS_RB, out, sizeof out);
    assert_string_equal(out, "not");
    assert_int_equal(feats, PARLEY_FEAT_POLARITY_NEG);
    nlp_lemma_release(&l);
    unlink(path);
    rmdir(dir);
    free(dir);
    parley_doc_free(doc);
}

/* An unseen inflected word takes the first candidate lemma the table knows
 * (as a verb, else as any common word), not the rule of the longest suffix,
 * here "-ined -> -in" learned from "joined" and "rained". */
static void test_lemma_prefers_known_lemmas(void **state) {
    (void)state;
    const char *text =
        "1\tjoined\tjoin\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
        "1\trained\train\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
        "1\ttravelled\ttravel\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
        "1\tlabelled\tlabel\tVERB\tVBD\t_\t0\troot\t_\t_\n\n"
        "1\tdecline\tdecline\tVERB\tVB\t_\t0\troot\t_\t_\n\n"
        "1\tstop\tstop\tVERB\tVB\t_\t0\troot\t_\t_\n\n"
        "1\tmassacre\tmassacre\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
        "1\tcity\tcity\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
        "1\tRevell\tRevell\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n";
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(read_string(text, doc, &err), PARLEY_OK);
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/lemma.bin", dir);
    assert_int_equal(nlp_lemma_train(&doc, 1, path, &err), PARLEY_OK);
    nlp_lemmatizer l;
    assert_int_equal(nlp_lemma_load(&l, path, &err), PARLEY_OK);
    char out[64];
    nlp_lemmatize(&l, "declined", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "decline");   /* longest rule: "declin" */
    nlp_lemmatize(&l, "declining", PARLEY_XPOS_VBG, out, sizeof out);
    assert_string_equal(out, "decline");   /* no VBG rule at all */
    nlp_lemmatize(&l, "massacred", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "massacre");  /* known only as a noun */
    nlp_lemmatize(&l, "stopped", PARLEY_XPOS_VBN, out, sizeof out);
    assert_string_equal(out, "stop");      /* undoubled consonant */
    nlp_lemmatize(&l, "cities", PARLEY_XPOS_NNS, out, sizeof out);
    assert_string_equal(out, "city");
    /* nothing known: the longest-suffix rule, as before */
    nlp_lemmatize(&l, "explained", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "explain");
    /* a proper noun is no evidence for a common lemma: "revell" would
     * come from the "-ed" rule, the longest ("-elled") gives "revel" */
    nlp_lemmatize(&l, "revelled", PARLEY_XPOS_VBD, out, sizeof out);
    assert_string_equal(out, "revel");
    /* tags that are not inflections keep the old path */
    nlp_lemmatize(&l, "declined", PARLEY_XPOS_JJ, out, sizeof out);
    assert_string_equal(out, "declined");
    nlp_lemma_release(&l);
    unlink(path);
    rmdir(dir);
    free(dir);
    parley_doc_free(doc);
}

/* Conventions of UD English the tables and rules cannot learn from suffixes:
 * the case of proper nouns and adjectives of nationality, addresses,
 * thousands separators, proper nouns in capitals; and no rule may split a
 * UTF-8 character. */
static void test_lemma_conventions(void **state) {
    (void)state;
    const char *text =
        "1\tholocaust\tholocaust\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n"
        "1\tMexico\tMexico\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n"
        "1\tGeneva\tGeneva\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n"
        "1\tPeru\tPeru\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n"
        "1\tJan\tJanuary\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n"
        "1\tGerman\tGerman\tADJ\tJJ\t_\t0\troot\t_\t_\n\n"
        "1\tstorage\tstorage\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
        "1\twww.example.com\twww.example.com\tX\tADD\t_\t0\troot\t_\t_\n\n"
        "1\tfoo@example.com\tfoo@example.com\tX\tADD\t_\t0\troot\t_\t_\n\n"
        "1\t5,000\t5000\tNUM\tCD\t_\t0\troot\t_\t_\n\n"
        "1\t2,500\t2500\tNUM\tCD\t_\t0\troot\t_\t_\n\n"
        "1\t're\tbe\tAUX\tVBP\t_\t0\troot\t_\t_\n\n"
        "1\t`re\tbe\tAUX\tVBP\t_\t0\troot\t_\t_\n\n";
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(read_string(text, doc, &err), PARLEY_OK);
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/lemma.bin", dir);
    assert_int_equal(nlp_lemma_train(&doc, 1, path, &err), PARLEY_OK);
    nlp_lemmatizer l;
    assert_int_equal(nlp_lemma_load(&l, path, &err), PARLEY_OK);
    char out[64];
    nlp_lemmatize(&l, "Holocaust", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "Holocaust");  /* seen only in lower case */
    nlp_lemmatize(&l, "Jan", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "January");    /* a literal that is another word */
    nlp_lemmatize(&l, "mexico", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "Mexico");     /* seen only capitalised */
    nlp_lemmatize(&l, "MEXICO", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "Mexico");
    nlp_lemmatize(&l, "german", PARLEY_XPOS_JJ, out, sizeof out);
    assert_string_equal(out, "German");
    nlp_lemmatize(&l, "Storage", PARLEY_XPOS_NN, out, sizeof out);
    assert_string_equal(out, "storage");    /* the lower case still wins ties */
    nlp_lemmatize(&l, "John.Smith@Example.com", PARLEY_XPOS_ADD, out, sizeof out);
    assert_string_equal(out, "John.Smith@Example.com");
    nlp_lemmatize(&l, "1,100", PARLEY_XPOS_CD, out, sizeof out);
    assert_string_equal(out, "1100");
    nlp_lemmatize(&l, "12,345,678", PARLEY_XPOS_CD, out, sizeof out);
    assert_string_equal(out, "12345678");
    nlp_lemmatize(&l, "3,40", PARLEY_XPOS_CD, out, sizeof out);
    assert_string_equal(out, "3,40");       /* not thousands: a decimal comma */
    nlp_lemmatize(&l, "1234,567", PARLEY_XPOS_CD, out, sizeof out);
    assert_string_equal(out, "1234,567");
    nlp_lemmatize(&l, "3200", PARLEY_XPOS_CD, out, sizeof out);
    assert_string_equal(out, "3200");
    nlp_lemmatize(&l, "TEHRAN", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "Tehran");     /* unseen, five capitals or more */
    nlp_lemmatize(&l, "NATO", PARLEY_XPOS_NNP, out, sizeof out);
    assert_string_equal(out, "NATO");       /* shorter: an acronym */
    /* the rule "strip 3, append be" would cut the curly apostrophe in two */
    nlp_lemmatize(&l, "\xe2\x80\x99re", PARLEY_XPOS_VBP, out, sizeof out);
    assert_string_equal(out, "\xe2\x80\x99re");
    nlp_lemma_release(&l);
    unlink(path);
    rmdir(dir);
    free(dir);
    parley_doc_free(doc);
}

static void test_committed_models_corrupt_copies(void **state) {
    (void)state;
    const char *names[] = {"tagger.bin", "lemma.bin", "parser.bin", "nn.bin", "nn_fast.bin"};
    char *dir = temp_dir();
    for (int victim = 0; victim < 5; victim++) {
        for (int mode = 0; mode < 2; mode++) {
            for (int i = 0; i < 5; i++) {
                char src[512], dst[512];
                snprintf(src, sizeof src, "%s/%s", MODELS, names[i]);
                snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
                FILE *fp = fopen(src, "rb");
                assert_non_null(fp);
                fseek(fp, 0, SEEK_END);
                long len = ftell(fp);
                fseek(fp, 0, SEEK_SET);
                char *data = malloc((size_t)len);
                assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
                fclose(fp);
                if (i == victim && mode == 0) len /= 2;          /* truncated */
                if (i == victim && mode == 1) memset(data + 32, 0xff, 16); /* garbled section head */
                write_file(dst, data, (size_t)len);
                free(data);
            }
            parley_nlp *nlp = (parley_nlp *)1;
            parley_error err;
            parley_error_clear(&err);
            /* nn_fast.bin is read with PARLEY_NLP_FAST */
            assert_int_equal(parley_nlp_load_with(&nlp, dir, victim == 4 ? PARLEY_NLP_FAST : 0, &err),
                             PARLEY_ERR_MODEL);
            assert_null(nlp);
            assert_non_null(strstr(err.file, names[victim]));
            assert_true(strlen(err.message) > 0);
        }
    }
    for (int i = 0; i < 5; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    parley_nlp *nlp;
    parley_error err;
    assert_int_equal(parley_nlp_load(&nlp, dir, &err), PARLEY_ERR_MODEL); /* missing */
    rmdir(dir);
    free(dir);
}

/* The committed models with a workspace and the sample document. */
typedef struct committed_sample {
    parley_nlp *nlp;
    parley_nlp_workspace *ws;
    parley_doc *doc;
} committed_sample;

static committed_sample committed_sample_open(unsigned flags) {
    committed_sample c = {NULL, NULL, NULL};
    parley_error err;
    assert_int_equal(parley_nlp_load_with(&c.nlp, MODELS, flags, &err), PARLEY_OK);
    /* the committed models include both networks; PARLEY_NLP_PERCEPTRON
     * leaves them out */
    assert_true((c.nlp->nn == NULL) == ((flags & PARLEY_NLP_PERCEPTRON) != 0));
    c.ws = parley_nlp_workspace_new(c.nlp);
    assert_non_null(c.ws);
    c.doc = read_sample();
    return c;
}

static void committed_sample_close(committed_sample *c) {
    parley_doc_free(c->doc);
    parley_nlp_workspace_free(c->ws);
    parley_nlp_free(c->nlp);
}

static void check_committed_floor(unsigned flags) {
    committed_sample c = committed_sample_open(flags);
    parley_error err;
    parley_nlp_scores sc = {0};
    assert_int_equal(parley_nlp_evaluate(c.nlp, c.ws, c.doc, &sc, &err), PARLEY_OK);
    assert_int_equal(sc.words, 65);
    double w = (double)sc.words;
    assert_true(sc.upos / w >= 0.90);
    assert_true(sc.lemma / w >= 0.90);
    assert_true(sc.uas / w >= 0.80);
    assert_true(sc.las / w >= 0.75);
    /* the passive participle gets Voice=Pass from the parse */
    const parley_token *held = &c.doc->tokens[c.doc->sentences[2].first + 3];
    assert_string_equal(held->form, "held");
    if (held->xpos == PARLEY_XPOS_VBN && c.doc->tokens[c.doc->sentences[2].first + 2].deprel == PARLEY_DEP_AUX_PASS)
        assert_true(held->feats & PARLEY_FEAT_VOICE_PASS);
    /* every sentence is a tree with exactly one root */
    for (size_t s = 0; s < c.doc->n_sentences; s++) {
        int roots = 0;
        const parley_sentence *sent = &c.doc->sentences[s];
        for (uint32_t i = 0; i < sent->count; i++) {
            const parley_token *t = &c.doc->tokens[sent->first + i];
            assert_true(t->head >= 0 && t->head <= (int32_t)sent->count && t->head != (int32_t)i + 1);
            roots += t->head == 0;
        }
        assert_int_equal(roots, 1);
    }
    committed_sample_close(&c);
}

static void test_committed_models_floor(void **state) {
    (void)state;
    check_committed_floor(0);
}

static void test_committed_models_floor_fast(void **state) {
    (void)state;
    check_committed_floor(PARLEY_NLP_FAST);
    /* the fast network tags without the perceptron's tag (tag=0), so the
     * pipeline skips the perceptron tagger, and the default reads it */
    parley_nlp *fast, *dflt;
    parley_error err;
    assert_int_equal(parley_nlp_load_with(&fast, MODELS, PARLEY_NLP_FAST, &err), PARLEY_OK);
    assert_int_equal(parley_nlp_load_with(&dflt, MODELS, 0, &err), PARLEY_OK);
    assert_int_equal(fast->nn->m.d.d_tag, 0);
    assert_true(dflt->nn->m.d.d_tag > 0);
    parley_nlp_free(fast);
    parley_nlp_free(dflt);
}

/* A parse with a forced root (the second look of the pipeline) is a tree
 * whose only root is the word asked for, for every word of every sample
 * sentence: the forced word is never attached below another and every other
 * word still gets a head. */
static void check_rooted_parse(unsigned flags) {
    committed_sample c = committed_sample_open(flags);
    parley_error err;
    assert_int_equal(parley_nlp_annotate(c.nlp, c.ws, c.doc, &err), PARLEY_OK);
    int moved = 0;
    for (size_t s = 0; s < c.doc->n_sentences; s++) {
        const parley_sentence *sent = &c.doc->sentences[s];
        int n = (int)sent->count;
        for (int r = 0; r < n; r++) {
            parley_token *tok = &c.doc->tokens[sent->first];
            int was_root = tok[r].head == 0;
            assert_int_equal(parley_nlp_reparse_rooted(c.nlp, c.ws, c.doc, s, r, tok[r].xpos, tok[r].upos, &err),
                             PARLEY_OK);
            moved += !was_root;
            for (int i = 0; i < n; i++) {
                assert_int_equal(tok[i].head == 0, i == r);
                assert_true(tok[i].head >= 0 && tok[i].head <= n && tok[i].head != i + 1);
                int steps = 0, h = i + 1; /* no cycle: every word reaches the root */
                while (h != 0 && steps <= n) {
                    h = tok[h - 1].head;
                    steps++;
                }
                assert_int_equal(h, 0);
            }
        }
    }
    assert_true(moved > 40);
    assert_int_equal(parley_nlp_reparse_rooted(c.nlp, c.ws, c.doc, 0, (int)c.doc->sentences[0].count, 0, 0, &err),
                     PARLEY_ERR_ARG);
    committed_sample_close(&c);
}

static void test_rooted_parse(void **state) {
    (void)state;
    check_rooted_parse(0);
}

static void test_rooted_parse_fast(void **state) {
    (void)state;
    check_rooted_parse(PARLEY_NLP_FAST);
}

static void test_committed_models_floor_perceptron(void **state) {
    (void)state;
    check_committed_floor(PARLEY_NLP_PERCEPTRON);
}

static void test_rooted_parse_perceptron(void **state) {
    (void)state;
    check_rooted_parse(PARLEY_NLP_PERCEPTRON);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conllu_reader),
        cmocka_unit_test(test_conllu_errors),
        cmocka_unit_test(test_tagger_features),
        cmocka_unit_test(test_oracle_reaches_gold),
        cmocka_unit_test(test_oracle_costs_wrong_moves),
        cmocka_unit_test(test_model_round_trip),
        cmocka_unit_test(test_small_model_table),
        cmocka_unit_test(test_large_model_table),
        cmocka_unit_test(test_lemma_tables),
        cmocka_unit_test(test_lemma_prefers_known_lemmas),
        cmocka_unit_test(test_lemma_conventions),
        cmocka_unit_test(test_committed_models_corrupt_copies),
        cmocka_unit_test(test_committed_models_floor),
        cmocka_unit_test(test_committed_models_floor_fast),
        cmocka_unit_test(test_rooted_parse),
        cmocka_unit_test(test_rooted_parse_fast),
        cmocka_unit_test(test_committed_models_floor_perceptron),
        cmocka_unit_test(test_rooted_parse_perceptron),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
