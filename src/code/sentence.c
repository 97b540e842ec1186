/* sentence.c - building the coder's view of a parsed sentence.
 *
 * Child lists make the tree walkable downwards in O(children). Dictionary
 * matching runs once per sentence, left to right, longest match first, so
 * every later lookup of "which actor covers this token" is an array read. */
#include <ctype.h>
#include <string.h>

#include "code/sentence.h"
#include "parley/ud.h"

static const char *lower_copy(parley_arena *arena, const char *s) {
    size_t n = strlen(s);
    char *out = parley_arena_strndup(arena, s, n);
    if (out == NULL) return NULL;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)out[i]);
    return out;
}

int sentence_build(code_sentence *s, const parley_doc *doc, int index, const parley_dict *dict) {
    const parley_sentence *sent = &doc->sentences[index];
    parley_arena *arena = doc->arena;
    memset(s, 0, sizeof *s);
    s->doc = doc;
    s->index = index;
    s->tok = doc->tokens + sent->first;
    s->n = (int)sent->count;
    int n = s->n;
    size_t cells = n > 0 ? (size_t)n : 1;
    s->words = parley_arena_calloc(arena, cells, sizeof *s->words);
    s->lemmas = parley_arena_calloc(arena, cells, sizeof *s->lemmas);
    s->first_child = parley_arena_alloc(arena, cells * sizeof(int));
    s->next_sibling = parley_arena_alloc(arena, cells * sizeof(int));
    s->mention_of = parley_arena_alloc(arena, cells * sizeof(int));
    s->mentions = parley_arena_calloc(arena, cells, sizeof *s->mentions);
    if (!s->words || !s->lemmas || !s->first_child || !s->next_sibling || !s->mention_of ||
        !s->mentions)
        return -1;
    for (int i = 0; i < n; i++) {
        s->words[i] = s->tok[i].form ? s->tok[i].form : "";
        const char *lemma = s->tok[i].lemma ? s->tok[i].lemma : s->words[i];
        s->lemmas[i] = lower_copy(arena, lemma);
        if (s->lemmas[i] == NULL) return -1;
        s->first_child[i] = s->next_sibling[i] = s->mention_of[i] = -1;
    }
    /* Link children in token order: walk right to left, pushing on the front. */
    for (int i = n - 1; i >= 0; i--) {
        int h = sentence_head(s, i);
        if (h < 0) continue;
        s->next_sibling[i] = s->first_child[h];
        s->first_child[h] = i;
    }
    if (dict == NULL) return 0;
    for (int i = 0; i < n;) {
        size_t d = parley_dict_match_discard(dict, s->words + i, (size_t)(n - i));
        if (d > 0) {
            s->discarded = 1;
            break;
        }
        parley_actor_match m;
        if (parley_dict_match_actor(dict, s->words + i, s->lemmas + i, (size_t)(n - i),
                                    doc->date ? doc->date : "", &m)) {
            code_mention *cm = &s->mentions[s->n_mentions];
            cm->first = i;
            cm->length = (int)m.length;
            cm->match = m;
            for (int k = i; k < i + (int)m.length && k < n; k++) s->mention_of[k] = s->n_mentions;
            s->n_mentions++;
            i += m.length > 0 ? (int)m.length : 1;
        } else {
            i++;
        }
    }
    return 0;
}

int sentence_head(const code_sentence *s, int i) {
    if (i < 0 || i >= s->n) return -1;
    int h = s->tok[i].head;
    if (h <= 0 || h > s->n) return -1;
    return h - 1;
}

int sentence_child(const code_sentence *s, int i, int rel) {
    if (i < 0) return -1;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
        if (s->tok[c].deprel == rel) return c;
    return -1;
}

int sentence_child_base(const code_sentence *s, int i, int base_rel) {
    if (i < 0) return -1;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
        if (parley_deprel_base(s->tok[c].deprel) == base_rel) return c;
    return -1;
}

int sentence_has_child_lemma(const code_sentence *s, int i, int rel, const char *const *lemmas) {
    if (i < 0) return 0;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c]) {
        if (s->tok[c].deprel != rel) continue;
        for (const char *const *l = lemmas; *l; l++)
            if (strcmp(s->lemmas[c], *l) == 0) return 1;
    }
    return 0;
}

const char *sentence_marker(const code_sentence *s, int i) {
    if (i < 0) return "";
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c]) {
        int rel = s->tok[c].deprel;
        if (rel == PARLEY_DEP_CASE || rel == PARLEY_DEP_MARK) return s->lemmas[c];
    }
    return "";
}

void sentence_subtree_span(const code_sentence *s, int i, int *lo, int *hi) {
    *lo = *hi = i;
    /* Iterative walk: the tree has at most n nodes and no cycles when the
     * parser produced it, but a malformed input tree must not loop forever. */
    int stack[256];
    int top = 0, steps = 0;
    stack[top++] = i;
    while (top > 0 && steps++ <= s->n) {
        int v = stack[--top];
        if (v < *lo) *lo = v;
        if (v > *hi) *hi = v;
        for (int c = s->first_child[v]; c >= 0; c = s->next_sibling[c])
            if (top < (int)(sizeof stack / sizeof stack[0])) stack[top++] = c;
    }
}

parley_span sentence_byte_span(const code_sentence *s, int lo, int hi) {
    parley_span span = {-1, -1};
    if (lo < 0 || hi >= s->n || lo > hi) return span;
    span.start = (int32_t)s->tok[lo].start;
    span.end = (int32_t)s->tok[hi].end;
    return span;
}
