/* parser.c - the transition-based dependency parser (arc-hybrid, greedy).
 *
 * Arc-hybrid (Kuhlmann et al. 2011) with the ROOT node at the bottom of the
 * stack: SHIFT moves the buffer front onto the stack; LEFT-l makes the buffer
 * front the head of the stack top; RIGHT-l makes the second stack item its
 * head. RIGHT onto ROOT is only allowed once the buffer is empty, which gives
 * every sentence exactly one root. Each step is decided in two parts: a
 * three-class perceptron picks the move (SHIFT, LEFT, RIGHT) from
 * Zhang & Nivre (2011)-style features of the stack, buffer, children,
 * valencies, label sets and distances; only for an arc does a second
 * perceptron pick the label, from features of the dependent and its head.
 * Scoring three classes per feature instead of one per labelled move (103)
 * is what makes the parser fast: the move weights sit in the probe table.
 * Training uses Goldberg & Nivre's (2013) dynamic oracle, whose move costs
 * are computed here. */
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

int nlp_parser_class(int move, int label) {
    return move == NLP_SHIFT ? 0 : 1 + 2 * label + (move == NLP_RIGHT);
}

int nlp_parser_best(const nlp_pstate *s, const float *scores) {
    int best = -1;
    for (int m = 0; m < 3; m++)
        if (nlp_pstate_valid(s, m) && (best < 0 || scores[m] > scores[best])) best = m;
    return best;
}

int nlp_label_best(const nlp_pstate *s, int move, const float *scores) {
    /* the arc onto ROOT is the root and no other arc is */
    if (move == NLP_RIGHT && s->sp == 2) return PARLEY_DEP_ROOT;
    int best = -1;
    for (int l = 1; l < PARLEY_DEP_COUNT; l++)
        if (l != PARLEY_DEP_ROOT && (best < 0 || scores[l] > scores[best])) best = l;
    return best;
}

/* Feature key of template t over up to three values. Cheaper than nlp_key
 * (two multiply-adds and one finishing mix instead of three full mixes):
 * the parser hashes ~100 keys per move, and the values are already hashes
 * or small integers. The finishing mix spreads the bits over the low half
 * (which picks the slot) and the top (which the move table keeps). */
static inline uint64_t pkey(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
    uint64_t h = (a ^ (t * 0xd6e8feb86659fd93ULL)) * 0x9e3779b97f4a7c15ULL + b;
    h = h * 0xbf58476d1ce4e5b9ULL + c;
    h ^= h >> 31;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 29;
    return h ? h : 1;
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
    o[k++] = pkey(1, W(s0), 0, 0);
    o[k++] = pkey(2, P(s0), 0, 0);
    o[k++] = pkey(3, W(s0), P(s0), 0);
    o[k++] = pkey(4, W(s1), 0, 0);
    o[k++] = pkey(5, P(s1), 0, 0);
    o[k++] = pkey(6, W(s1), P(s1), 0);
    o[k++] = pkey(7, W(b0), 0, 0);
    o[k++] = pkey(8, P(b0), 0, 0);
    o[k++] = pkey(9, W(b0), P(b0), 0);
    o[k++] = pkey(10, W(b1), 0, 0);
    o[k++] = pkey(11, P(b1), 0, 0);
    o[k++] = pkey(12, W(b1), P(b1), 0);
    o[k++] = pkey(13, W(b2), 0, 0);
    o[k++] = pkey(14, P(b2), 0, 0);
    o[k++] = pkey(15, P(s2), 0, 0);
    o[k++] = pkey(16, WP(s0), WP(b0), 0);
    o[k++] = pkey(17, WP(s0), W(b0), 0);
    o[k++] = pkey(18, W(s0), WP(b0), 0);
    o[k++] = pkey(19, WP(s0), P(b0), 0);
    o[k++] = pkey(20, P(s0), WP(b0), 0);
    o[k++] = pkey(21, W(s0), W(b0), 0);
    o[k++] = pkey(22, P(s0), P(b0), 0);
    o[k++] = pkey(23, P(b0), P(b1), 0);
    o[k++] = pkey(24, WP(s1), WP(s0), 0);
    o[k++] = pkey(25, W(s1), W(s0), 0);
    o[k++] = pkey(26, P(s1), P(s0), 0);
    o[k++] = pkey(27, P(s1), WP(s0), 0);
    o[k++] = pkey(28, WP(s1), P(s0), 0);
    o[k++] = pkey(29, P(b0), P(b1), P(b2));
    o[k++] = pkey(30, P(s0), P(b0), P(b1));
    o[k++] = pkey(31, P(s1), P(s0), P(b0));
    o[k++] = pkey(32, P(s0), P(s0l), P(b0));
    o[k++] = pkey(33, P(s0), P(s0r), P(b0));
    o[k++] = pkey(34, P(s0), P(b0), P(b0l));
    o[k++] = pkey(35, P(s2), P(s1), P(s0));
    o[k++] = pkey(36, P(s1), P(s1r), P(s0));
    o[k++] = pkey(37, P(s1), P(s1l), P(s0));
    o[k++] = pkey(38, W(s0), d, 0);
    o[k++] = pkey(39, P(s0), d, 0);
    o[k++] = pkey(40, W(b0), d, 0);
    o[k++] = pkey(41, P(b0), d, 0);
    o[k++] = pkey(42, W(s0), W(b0), d);
    o[k++] = pkey(43, P(s0), P(b0), d);
    o[k++] = pkey(44, P(s1), P(s0), d2);
    o[k++] = pkey(45, W(s1), W(s0), d2);
    o[k++] = pkey(46, W(s0), s0nr, 0);
    o[k++] = pkey(47, P(s0), s0nr, 0);
    o[k++] = pkey(48, W(s0), s0nl, 0);
    o[k++] = pkey(49, P(s0), s0nl, 0);
    o[k++] = pkey(50, W(b0), b0nl, 0);
    o[k++] = pkey(51, P(b0), b0nl, 0);
    o[k++] = pkey(52, P(s1), s1nr, 0);
    o[k++] = pkey(53, W(s0l), 0, 0);
    o[k++] = pkey(54, P(s0l), 0, 0);
    o[k++] = pkey(55, L(s0l), 0, 0);
    o[k++] = pkey(56, W(s0r), 0, 0);
    o[k++] = pkey(57, P(s0r), 0, 0);
    o[k++] = pkey(58, L(s0r), 0, 0);
    o[k++] = pkey(59, W(b0l), 0, 0);
    o[k++] = pkey(60, P(b0l), 0, 0);
    o[k++] = pkey(61, L(b0l), 0, 0);
    o[k++] = pkey(62, W(s1r), P(s1r), 0);
    o[k++] = pkey(63, L(s1r), 0, 0);
    o[k++] = pkey(64, P(s0l2), L(s0l2), 0);
    o[k++] = pkey(65, P(s0r2), L(s0r2), 0);
    o[k++] = pkey(66, P(b0l2), L(b0l2), 0);
    o[k++] = pkey(67, P(s0), P(s0l), P(s0l2));
    o[k++] = pkey(68, P(s0), P(s0r), P(s0r2));
    o[k++] = pkey(69, P(b0), P(b0l), P(b0l2));
    o[k++] = pkey(70, W(s0), s0rs, 0);
    o[k++] = pkey(71, P(s0), s0rs, 0);
    o[k++] = pkey(72, W(s0), s0ls, 0);
    o[k++] = pkey(73, P(s0), s0ls, 0);
    o[k++] = pkey(74, W(b0), b0ls, 0);
    o[k++] = pkey(75, P(b0), b0ls, 0);
    o[k++] = pkey(76, P(s0), L(s0l), L(s0r));
    o[k++] = pkey(77, W(s1), P(s1), L(s1r));
    o[k++] = pkey(78, WP(s0), L(s0r), P(b0));
    /* second round: words with tag context, the right side of s1, surface
     * neighbours of s0 and b0 (they differ from b0 and s0 when words between
     * were attached), and one more buffer word */
    int b3 = s->b + 3 <= s->n ? s->b + 3 : -1;
    int s0n = s0 >= 0 && s0 + 1 <= s->n ? s0 + 1 : -1, b0p = b0 >= 1 ? b0 - 1 : -1;
    uint64_t s1rs = s1 >= 0 ? s->rset[s1] : 1, s1nl = s1 >= 0 ? (uint64_t)s->nl[s1] : 9;
    o[k++] = pkey(79, W(s0), P(b0), P(b1));
    o[k++] = pkey(80, P(s0), W(b0), P(b1));
    o[k++] = pkey(81, P(s0), P(b0), W(b1));
    o[k++] = pkey(82, W(s1), P(s0), P(b0));
    o[k++] = pkey(83, P(s1), W(s0), P(b0));
    o[k++] = pkey(84, P(s1), P(s0), W(b0));
    o[k++] = pkey(85, P(s0), W(s0l), 0);
    o[k++] = pkey(86, P(s0), W(s0r), 0);
    o[k++] = pkey(87, P(b0), W(b0l), 0);
    o[k++] = pkey(88, P(s1), s1rs, 0);
    o[k++] = pkey(89, W(s1), s1rs, 0);
    o[k++] = pkey(90, P(s1), s1nr, s1nl);
    o[k++] = pkey(91, P(s0), P(s0n), P(b0));
    o[k++] = pkey(92, P(s0), P(b0p), P(b0));
    o[k++] = pkey(93, P(s0), P(b0), s0ls);
    o[k++] = pkey(94, P(s0), P(b0), s0rs);
    o[k++] = pkey(95, W(s2), P(s2), 0);
    o[k++] = pkey(96, P(b1), P(b2), P(b3));
    o[k++] = pkey(97, WP(s0), WP(b0), d);
    o[k++] = pkey(98, P(s1), P(s0), P(b0) * 256 + P(b1));
#undef W
#undef P
#undef L
#undef WP
#undef CH
    return k;
}

static uint64_t dist_bin(int a, int b) {
    int d = a > b ? a - b : b - a;
    return (uint64_t)(d > 5 ? (d > 10 ? 7 : 6) : d);
}

int nlp_label_features(const nlp_pstate *s, int move, uint64_t *o) {
    /* the dependent is s0; its head is b0 (LEFT) or s1 (RIGHT); the other
     * neighbour of the arc is s1 (LEFT) or b0 (RIGHT) */
    int sp = s->sp, right = move == NLP_RIGHT;
    int d = s->stack[sp - 1];
    int s1 = sp >= 2 ? s->stack[sp - 2] : -1, b0 = s->b <= s->n ? s->b : -1;
    int h = right ? s1 : b0, x = right ? b0 : s1;
#define W(i) ((i) >= 0 ? s->word[i] : NO_WORD)
#define P(i) ((i) >= 0 && (i) <= s->n ? (uint64_t)s->tag[i] : NO_TAG)
#define L(i) ((i) > 0 ? (uint64_t)s->label[i] + 1 : 0)
#define WP(i) (W(i) * 131 + P(i))
    int dl = s->l1[d], dl2 = s->l2[d], dr = s->r1[d];
    int hc = right ? s->r1[h] : s->l1[h]; /* the head's nearest child on the dependent's side */
    uint64_t hside = right ? s->rset[h] : s->lset[h];
    uint64_t dist = dist_bin(d, h), t = 200 + 64 * (uint64_t)right;
    int k = 0;
    o[k++] = pkey(t + 1, W(d), 0, 0);
    o[k++] = pkey(t + 2, P(d), 0, 0);
    o[k++] = pkey(t + 3, WP(d), 0, 0);
    o[k++] = pkey(t + 4, W(h), 0, 0);
    o[k++] = pkey(t + 5, P(h), 0, 0);
    o[k++] = pkey(t + 6, WP(h), 0, 0);
    o[k++] = pkey(t + 7, WP(d), WP(h), 0);
    o[k++] = pkey(t + 8, W(d), W(h), 0);
    o[k++] = pkey(t + 9, P(d), P(h), 0);
    o[k++] = pkey(t + 10, W(d), P(h), 0);
    o[k++] = pkey(t + 11, P(d), W(h), 0);
    o[k++] = pkey(t + 12, P(d), P(h), dist);
    o[k++] = pkey(t + 13, W(d), dist, 0);
    o[k++] = pkey(t + 14, P(d), s->lset[d], 0);
    o[k++] = pkey(t + 15, P(d), s->rset[d], 0);
    o[k++] = pkey(t + 16, P(h), s->lset[h], 0);
    o[k++] = pkey(t + 17, P(h), s->rset[h], 0);
    o[k++] = pkey(t + 18, P(d), P(h), hside);
    o[k++] = pkey(t + 19, P(d), L(dl), L(dr));
    o[k++] = pkey(t + 20, P(d), P(dl), P(dr));
    o[k++] = pkey(t + 21, P(d), W(dl), 0);
    o[k++] = pkey(t + 22, P(d), W(dl2), 0);
    o[k++] = pkey(t + 23, P(d), W(dr), 0);
    o[k++] = pkey(t + 24, P(d), (uint64_t)s->nl[d], (uint64_t)s->nr[d]);
    o[k++] = pkey(t + 25, P(d), P(h), P(x));
    o[k++] = pkey(t + 26, W(h), P(d), L(hc));
    o[k++] = pkey(t + 27, P(d - 1), P(d), P(d + 1));
    o[k++] = pkey(t + 28, P(h - 1), P(h), P(h + 1));
    o[k++] = pkey(t + 29, WP(d), P(h), L(hc));
    o[k++] = pkey(t + 30, W(x), P(x), P(d));
    o[k++] = pkey(t + 31, W(d), P(h), P(x));
    o[k++] = pkey(t + 32, W(d), s->lset[d], 0);
    o[k++] = pkey(t + 33, W(d), s->rset[d], 0);
    o[k++] = pkey(t + 34, P(h), W(hc), P(d));
    o[k++] = pkey(t + 35, W(h), hside, 0);
    o[k++] = pkey(t + 36, P(d), P(dl), P(dl2));
    o[k++] = pkey(t + 37, P(d), P(h), L(dl) * 64 + L(dr));
    o[k++] = pkey(t + 38, W(dl), P(d), P(h));
    o[k++] = pkey(t + 39, P(d), P(h), P(d + 1));
#undef W
#undef P
#undef L
#undef WP
    return k;
}

/* With a forced root r, r may take no head but ROOT: it is shifted only onto
 * an empty stack (every word before it attached by then), never attached
 * leftward, and attached rightward only onto ROOT. Every state keeps a legal
 * move: with r at the front of the buffer LEFT is always possible, and with r
 * on the stack the words above it can always be reduced onto it. */
static int rooted_valid(const nlp_pstate *s, int move, int root) {
    if (!nlp_pstate_valid(s, move)) return 0;
    int s0 = s->stack[s->sp - 1];
    switch (move) {
    case NLP_SHIFT: return s->b != root || s->sp == 1;
    case NLP_LEFT: return s0 != root;
    default: return s0 != root || s->sp == 2;
    }
}

static int rooted_best(const nlp_pstate *s, const float *scores, int root) {
    int best = -1;
    for (int m = 0; m < 3; m++)
        if (rooted_valid(s, m, root) && (best < 0 || scores[m] > scores[best])) best = m;
    return best;
}

void nlp_parse_sentence(const nlp_parser *p, parley_nlp_workspace *ws, int n, int *head,
                        int *label, int root) {
    nlp_pstate s;
    uint64_t feats[NLP_PARSER_FEATS];
    nlp_pstate_init(&s, ws->pmem, n, ws->pwords, ws->tags);
    while (!nlp_pstate_done(&s)) {
        int nf = nlp_parser_features(&s, feats);
        float m[4] = {0, 0, 0, 0};
        nlp_ap_score(&p->ap, feats, nf, m);
        int move = root > 0 ? rooted_best(&s, m, root) : nlp_parser_best(&s, m), l = 0;
        if (move != NLP_SHIFT) {
            if (move == NLP_RIGHT && s.sp == 2) {
                l = PARLEY_DEP_ROOT;
            } else {
                nf = nlp_label_features(&s, move, feats);
                memset(ws->scores, 0, p->labels.stride * sizeof *ws->scores);
                nlp_ap_score(&p->labels, feats, nf, ws->scores);
                l = nlp_label_best(&s, move, ws->scores);
            }
        }
        nlp_pstate_apply(&s, nlp_parser_class(move, l));
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
    if ((st = nlp_ap_load(&p->labels, &p->file, 'L', err)) != PARLEY_OK) goto fail;
    if (p->ap.n_classes != 3 || p->labels.n_classes != PARLEY_DEP_COUNT) {
        st = parley_error_set(err, PARLEY_ERR_MODEL, path, 0,
                              "parser has %u moves and %u labels, expected 3 and %d",
                              p->ap.n_classes, p->labels.n_classes, PARLEY_DEP_COUNT);
        goto fail;
    }
    return PARLEY_OK;
fail:
    nlp_parser_release(p);
    return st;
}

void nlp_parser_release(nlp_parser *p) {
    nlp_ap_release(&p->ap);
    nlp_ap_release(&p->labels);
    nlp_file_release(&p->file);
}
