/* parser.c - the transition-based dependency parser (arc-hybrid, greedy).
 *
 * Arc-hybrid (Kuhlmann et al. 2011) with the ROOT node at the bottom of the
 * stack: SHIFT moves the buffer front onto the stack; LEFT-l makes the buffer
 * front the head of the stack top; RIGHT-l makes the second stack item its
 * head. RIGHT onto ROOT is only allowed once the buffer is empty, which gives
 * every sentence exactly one root. A labelled move is one perceptron class,
 * scored over Zhang & Nivre (2011)-style features of the stack, buffer,
 * children, valencies, label sets and distances. Training uses Goldberg &
 * Nivre's (2013) dynamic oracle, whose move costs are computed here. */
#include <stdlib.h>
#include <string.h>

#include "nlp/nlp_internal.h"

size_t nlp_pstate_bytes(int cap) {
    size_t n = (size_t)cap + 2;
    return 9 * n * sizeof(int) + 2 * n * sizeof(uint64_t) + 16;
}

void nlp_pstate_init(nlp_pstate *s, void *mem, int n, const uint64_t *word, const int *tag) {
    size_t m = (size_t)n + 2;
    uint64_t *u = mem;
    s->lset = u;
    s->rset = u + m;
    int *p = (int *)(u + 2 * m);
    int **arrays[] = {&s->stack, &s->head, &s->label, &s->l1, &s->l2, &s->r1, &s->r2, &s->nl, &s->nr};
    for (size_t i = 0; i < 9; i++) *arrays[i] = p + i * m;
    for (size_t i = 0; i < m; i++) {
        s->head[i] = -1;
        s->label[i] = 0;
        s->l1[i] = s->l2[i] = s->r1[i] = s->r2[i] = -1;
        s->nl[i] = s->nr[i] = 0;
        s->lset[i] = s->rset[i] = 0;
    }
    s->n = n;
    s->stack[0] = 0;
    s->sp = 1;
    s->b = 1;
    s->word = word;
    s->tag = tag;
}

int nlp_pstate_done(const nlp_pstate *s) { return s->b > s->n && s->sp == 1; }

int nlp_pstate_valid(const nlp_pstate *s, int move) {
    switch (move) {
    case NLP_SHIFT: return s->b <= s->n;
    case NLP_LEFT: return s->sp >= 2 && s->b <= s->n;
    default: return s->sp >= 3 || (s->sp == 2 && s->b > s->n);
    }
}

void nlp_pstate_apply(nlp_pstate *s, int cls) {
    if (cls == 0) {
        s->stack[s->sp++] = s->b++;
        return;
    }
    int label = (cls - 1) / 2, right = (cls - 1) % 2;
    int d = s->stack[--s->sp];
    int h = right ? s->stack[s->sp - 1] : s->b;
    s->head[d] = h;
    s->label[d] = label;
    if (right) {
        s->r2[h] = s->r1[h];
        s->r1[h] = d;
        s->nr[h]++;
        s->rset[h] |= 1ull << label;
    } else {
        s->l2[h] = s->l1[h];
        s->l1[h] = d;
        s->nl[h]++;
        s->lset[h] |= 1ull << label;
    }
}

void nlp_oracle_costs(const nlp_pstate *s, const int *gh, int cost[3]) {
    int s0 = s->sp >= 1 ? s->stack[s->sp - 1] : -1;
    int s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
    int b0 = s->b <= s->n ? s->b : -1;
    cost[0] = cost[1] = cost[2] = 1 << 20;
    int s0_deps_in_buffer = 0;
    if (s0 > 0)
        for (int d = s->b; d <= s->n; d++) s0_deps_in_buffer += gh[d] == s0;
    if (nlp_pstate_valid(s, NLP_SHIFT)) {
        int c = 0;
        for (int i = 0; i < s->sp; i++) {
            int k = s->stack[i];
            if (i < s->sp - 1 && gh[b0] == k) c++;
            if (k > 0 && gh[k] == b0) c++;
        }
        cost[NLP_SHIFT] = c;
    }
    if (nlp_pstate_valid(s, NLP_LEFT)) {
        int h = gh[s0];
        cost[NLP_LEFT] = ((s1 >= 0 && h == s1) || h > b0) + s0_deps_in_buffer;
    }
    if (nlp_pstate_valid(s, NLP_RIGHT)) {
        int h = gh[s0];
        cost[NLP_RIGHT] = (b0 > 0 && h >= b0) + s0_deps_in_buffer;
    }
}

int nlp_parser_best(const nlp_pstate *s, const float *scores) {
    int ok[3] = {nlp_pstate_valid(s, 0), nlp_pstate_valid(s, 1), nlp_pstate_valid(s, 2)};
    int best = -1;
    for (int c = 0; c < NLP_PARSER_CLASSES; c++) {
        int move = c == 0 ? 0 : 1 + (c - 1) % 2;
        if (c > 0 && (c - 1) / 2 == 0) continue; /* label NONE is never a class */
        if (!ok[move]) continue;
        if (best < 0 || scores[c] > scores[best]) best = c;
    }
    return best;
}

#define NO_WORD 0x1234567ull
#define NO_TAG 254u

int nlp_parser_features(const nlp_pstate *s, uint64_t *o) {
    int sp = s->sp;
    int s0 = sp >= 1 ? s->stack[sp - 1] : -1, s1 = sp >= 2 ? s->stack[sp - 2] : -1;
    int s2 = sp >= 3 ? s->stack[sp - 3] : -1;
    int b0 = s->b <= s->n ? s->b : -1, b1 = s->b + 1 <= s->n ? s->b + 1 : -1;
    int b2 = s->b + 2 <= s->n ? s->b + 2 : -1;
#define W(i) ((i) >= 0 ? s->word[i] : NO_WORD)
#define P(i) ((i) >= 0 ? (uint64_t)s->tag[i] : NO_TAG)
#define L(i) ((i) > 0 ? (uint64_t)s->label[i] + 1 : 0)
#define WP(i) (W(i) * 131 + P(i))
#define CH(a, i) ((i) >= 0 ? s->a[i] : -1)
    int s0l = CH(l1, s0), s0l2 = CH(l2, s0), s0r = CH(r1, s0), s0r2 = CH(r2, s0);
    int b0l = CH(l1, b0), b0l2 = CH(l2, b0), s1r = CH(r1, s1), s1l = CH(l1, s1);
    uint64_t d = s0 >= 0 && b0 >= 0 ? (uint64_t)(b0 - s0 > 5 ? (b0 - s0 > 10 ? 7 : 6) : b0 - s0) : 0;
    uint64_t d2 = s1 >= 0 && s0 >= 0 ? (uint64_t)(s0 - s1 > 5 ? (s0 - s1 > 10 ? 7 : 6) : s0 - s1) : 0;
    uint64_t s0nl = s0 >= 0 ? (uint64_t)s->nl[s0] : 9, s0nr = s0 >= 0 ? (uint64_t)s->nr[s0] : 9;
    uint64_t b0nl = b0 >= 0 ? (uint64_t)s->nl[b0] : 9, s1nr = s1 >= 0 ? (uint64_t)s->nr[s1] : 9;
    uint64_t s0ls = s0 >= 0 ? s->lset[s0] : 1, s0rs = s0 >= 0 ? s->rset[s0] : 1;
    uint64_t b0ls = b0 >= 0 ? s->lset[b0] : 1;
    int k = 0;
    o[k++] = nlp_key(1, W(s0), 0, 0);
    o[k++] = nlp_key(2, P(s0), 0, 0);
    o[k++] = nlp_key(3, W(s0), P(s0), 0);
    o[k++] = nlp_key(4, W(s1), 0, 0);
    o[k++] = nlp_key(5, P(s1), 0, 0);
    o[k++] = nlp_key(6, W(s1), P(s1), 0);
    o[k++] = nlp_key(7, W(b0), 0, 0);
    o[k++] = nlp_key(8, P(b0), 0, 0);
    o[k++] = nlp_key(9, W(b0), P(b0), 0);
    o[k++] = nlp_key(10, W(b1), 0, 0);
    o[k++] = nlp_key(11, P(b1), 0, 0);
    o[k++] = nlp_key(12, W(b1), P(b1), 0);
    o[k++] = nlp_key(13, W(b2), 0, 0);
    o[k++] = nlp_key(14, P(b2), 0, 0);
    o[k++] = nlp_key(15, P(s2), 0, 0);
    o[k++] = nlp_key(16, WP(s0), WP(b0), 0);
    o[k++] = nlp_key(17, WP(s0), W(b0), 0);
    o[k++] = nlp_key(18, W(s0), WP(b0), 0);
    o[k++] = nlp_key(19, WP(s0), P(b0), 0);
    o[k++] = nlp_key(20, P(s0), WP(b0), 0);
    o[k++] = nlp_key(21, W(s0), W(b0), 0);
    o[k++] = nlp_key(22, P(s0), P(b0), 0);
    o[k++] = nlp_key(23, P(b0), P(b1), 0);
    o[k++] = nlp_key(24, WP(s1), WP(s0), 0);
    o[k++] = nlp_key(25, W(s1), W(s0), 0);
    o[k++] = nlp_key(26, P(s1), P(s0), 0);
    o[k++] = nlp_key(27, P(s1), WP(s0), 0);
    o[k++] = nlp_key(28, WP(s1), P(s0), 0);
    o[k++] = nlp_key(29, P(b0), P(b1), P(b2));
    o[k++] = nlp_key(30, P(s0), P(b0), P(b1));
    o[k++] = nlp_key(31, P(s1), P(s0), P(b0));
    o[k++] = nlp_key(32, P(s0), P(s0l), P(b0));
    o[k++] = nlp_key(33, P(s0), P(s0r), P(b0));
    o[k++] = nlp_key(34, P(s0), P(b0), P(b0l));
    o[k++] = nlp_key(35, P(s2), P(s1), P(s0));
    o[k++] = nlp_key(36, P(s1), P(s1r), P(s0));
    o[k++] = nlp_key(37, P(s1), P(s1l), P(s0));
    o[k++] = nlp_key(38, W(s0), d, 0);
    o[k++] = nlp_key(39, P(s0), d, 0);
    o[k++] = nlp_key(40, W(b0), d, 0);
    o[k++] = nlp_key(41, P(b0), d, 0);
    o[k++] = nlp_key(42, W(s0), W(b0), d);
    o[k++] = nlp_key(43, P(s0), P(b0), d);
    o[k++] = nlp_key(44, P(s1), P(s0), d2);
    o[k++] = nlp_key(45, W(s1), W(s0), d2);
    o[k++] = nlp_key(46, W(s0), s0nr, 0);
    o[k++] = nlp_key(47, P(s0), s0nr, 0);
    o[k++] = nlp_key(48, W(s0), s0nl, 0);
    o[k++] = nlp_key(49, P(s0), s0nl, 0);
    o[k++] = nlp_key(50, W(b0), b0nl, 0);
    o[k++] = nlp_key(51, P(b0), b0nl, 0);
    o[k++] = nlp_key(52, P(s1), s1nr, 0);
    o[k++] = nlp_key(53, W(s0l), 0, 0);
    o[k++] = nlp_key(54, P(s0l), 0, 0);
    o[k++] = nlp_key(55, L(s0l), 0, 0);
    o[k++] = nlp_key(56, W(s0r), 0, 0);
    o[k++] = nlp_key(57, P(s0r), 0, 0);
    o[k++] = nlp_key(58, L(s0r), 0, 0);
    o[k++] = nlp_key(59, W(b0l), 0, 0);
    o[k++] = nlp_key(60, P(b0l), 0, 0);
    o[k++] = nlp_key(61, L(b0l), 0, 0);
    o[k++] = nlp_key(62, W(s1r), P(s1r), 0);
    o[k++] = nlp_key(63, L(s1r), 0, 0);
    o[k++] = nlp_key(64, P(s0l2), L(s0l2), 0);
    o[k++] = nlp_key(65, P(s0r2), L(s0r2), 0);
    o[k++] = nlp_key(66, P(b0l2), L(b0l2), 0);
    o[k++] = nlp_key(67, P(s0), P(s0l), P(s0l2));
    o[k++] = nlp_key(68, P(s0), P(s0r), P(s0r2));
    o[k++] = nlp_key(69, P(b0), P(b0l), P(b0l2));
    o[k++] = nlp_key(70, W(s0), s0rs, 0);
    o[k++] = nlp_key(71, P(s0), s0rs, 0);
    o[k++] = nlp_key(72, W(s0), s0ls, 0);
    o[k++] = nlp_key(73, P(s0), s0ls, 0);
    o[k++] = nlp_key(74, W(b0), b0ls, 0);
    o[k++] = nlp_key(75, P(b0), b0ls, 0);
    o[k++] = nlp_key(76, P(s0), L(s0l), L(s0r));
    o[k++] = nlp_key(77, W(s1), P(s1), L(s1r));
    o[k++] = nlp_key(78, WP(s0), L(s0r), P(b0));
#undef W
#undef P
#undef L
#undef WP
#undef CH
    return k;
}

void nlp_parse_sentence(const nlp_parser *p, parley_nlp_workspace *ws, int n, int *head,
                        int *label) {
    nlp_pstate s;
    uint64_t feats[NLP_PARSER_FEATS];
    nlp_pstate_init(&s, ws->pmem, n, ws->pwords, ws->tags);
    while (!nlp_pstate_done(&s)) {
        int nf = nlp_parser_features(&s, feats);
        memset(ws->scores, 0, NLP_PARSER_CLASSES * sizeof *ws->scores);
        nlp_ap_score(&p->ap, feats, nf, ws->scores);
        nlp_pstate_apply(&s, nlp_parser_best(&s, ws->scores));
    }
    for (int i = 1; i <= n; i++) {
        head[i] = s.head[i];
        label[i] = s.label[i];
    }
}

parley_status nlp_parser_load(nlp_parser *p, const char *path, parley_error *err) {
    memset(p, 0, sizeof *p);
    parley_status st = nlp_file_load(&p->file, path, NLP_KIND_PARSER, err);
    if (st != PARLEY_OK) return st;
    return nlp_parser_open(p, err);
}

parley_status nlp_parser_open(nlp_parser *p, parley_error *err) {
    const char *path = p->file.path;
    parley_status st;
    if ((st = nlp_ap_load(&p->ap, &p->file, 'P', err)) != PARLEY_OK) goto fail;
    if (p->ap.n_classes != NLP_PARSER_CLASSES) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0, "parser has %u classes, expected %d",
                              p->ap.n_classes, NLP_PARSER_CLASSES);
        goto fail;
    }
    return PARLEY_OK;
fail:
    nlp_parser_release(p);
    return st;
}

void nlp_parser_release(nlp_parser *p) {
    nlp_ap_release(&p->ap);
    nlp_file_release(&p->file);
}
