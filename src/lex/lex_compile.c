/* lex_compile.c - parley_dict_compile(): from the loaded arrays to the
 * lookup structures.
 *
 * - One trie over interned token ids holds every actor, adjective, person
 *   and agent phrase (root node 0) and every discard phrase (root node 1);
 *   its edges live in one hash map keyed on (node, token id), so a step is
 *   one probe. When two phrases are the same token sequence the first
 *   loaded wins; generated plurals never override a written phrase.
 * - Patterns are grouped by (predicate lemma, nominal) and each group is
 *   sorted by descending specificity, ties kept in the order written.
 * - Synset membership is a set of (synset, lemma) pairs; code names map a
 *   code to the first actor entry that has it. */
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

static uint32_t new_node(parley_dict *d) {
    if (d->n_nodes >= LEX_NONE - 1) return LEX_NONE;
    size_t cap = d->cap_nodes;
    if (lex_grow((void **)&d->node_phrase, &cap, d->n_nodes + 1, sizeof *d->node_phrase) != 0)
        return LEX_NONE;
    cap = d->cap_nodes;
    if (lex_grow((void **)&d->node_discard, &cap, d->n_nodes + 1, sizeof *d->node_discard) != 0)
        return LEX_NONE;
    d->cap_nodes = cap;
    d->node_phrase[d->n_nodes] = LEX_NONE;
    d->node_discard[d->n_nodes] = 0;
    return (uint32_t)d->n_nodes++;
}

static int insert_phrase(parley_dict *d, uint32_t index) {
    const lex_phrase *p = &d->phrases[index];
    if (!p->discard && d->entries[p->entry].kind == PARLEY_ACTOR_NONE) return 0;
    uint32_t node = p->discard ? 1 : 0;
    for (size_t i = 0; i < p->n_toks; i++) {
        uint64_t key = (uint64_t)node << 32 | d->toks[p->tok_first + i];
        uint32_t child = lex_map_get(&d->trie, key);
        if (child == LEX_NONE) {
            child = new_node(d);
            if (child == LEX_NONE || lex_map_put(&d->trie, key, child) != 0) return -1;
        }
        node = child;
    }
    if (p->discard)
        d->node_discard[node] = 1;
    else if (d->node_phrase[node] == LEX_NONE)
        d->node_phrase[node] = index;
    return 0;
}

/* What the sort needs of a pattern, so the comparison needs no global state. */
typedef struct sort_key {
    uintptr_t lemma;   /* lemmas are interned: equal lemmas, equal pointers */
    int nominal, specificity;
    uint32_t index;
} sort_key;

static int cmp_patterns(const void *a, const void *b) {
    const sort_key *pa = a, *pb = b;
    if (pa->lemma != pb->lemma) return pa->lemma < pb->lemma ? -1 : 1;
    if (pa->nominal != pb->nominal) return pa->nominal - pb->nominal;
    if (pa->specificity != pb->specificity) return pb->specificity - pa->specificity;
    return pa->index < pb->index ? -1 : pa->index > pb->index;
}

static parley_status compile_patterns(parley_dict *d, parley_error *err) {
    if (d->n_patterns == 0) return PARLEY_OK;
    sort_key *order = malloc(d->n_patterns * sizeof *order);
    d->sorted = malloc(d->n_patterns * sizeof *d->sorted);
    d->group_first = malloc(d->n_patterns * sizeof *d->group_first);
    d->group_count = malloc(d->n_patterns * sizeof *d->group_count);
    if (!order || !d->sorted || !d->group_first || !d->group_count) {
        free(order);
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory compiling patterns");
    }
    for (size_t i = 0; i < d->n_patterns; i++) {
        const parley_pattern *p = &d->patterns[i];
        order[i] = (sort_key){(uintptr_t)p->lemma, p->nominal, p->specificity, (uint32_t)i};
    }
    /* qsort is not stable; the index tie-break in cmp_patterns makes it so */
    qsort(order, d->n_patterns, sizeof *order, cmp_patterns);
    for (size_t i = 0; i < d->n_patterns; i++) {
        parley_pattern *p = &d->sorted[i];
        *p = d->patterns[order[i].index];
        uint32_t lemma = lex_intern_find(&d->strings, p->lemma, strlen(p->lemma));
        uint64_t key = (uint64_t)lemma << 1 | (uint64_t)p->nominal;
        uint32_t g = lex_map_get(&d->pattern_groups, key);
        if (g == LEX_NONE) {
            g = (uint32_t)d->n_groups++;
            d->group_first[g] = (uint32_t)i;
            d->group_count[g] = 0;
            if (lex_map_put(&d->pattern_groups, key, g) != 0) goto nomem;
        }
        d->group_count[g]++;
        uint32_t code = lex_intern_put(&d->strings, d->arena, p->code, strlen(p->code));
        if (code == LEX_NONE) goto nomem;
        uint32_t have = lex_map_get(&d->code_patterns, code);
        if (lex_map_set(&d->code_patterns, code, have == LEX_NONE ? 1 : have + 1) != 0) goto nomem;
    }
    free(order);
    return PARLEY_OK;
nomem:
    free(order);
    return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory compiling patterns");
}

parley_status parley_dict_compile(parley_dict *d, parley_error *err) {
    if (d == NULL) return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no dictionary");
    if (d->compiled) return PARLEY_OK;
    double t0 = lex_now();
    /* nodes 0 and 1 come first, in that order (two calls: the redundancy check takes them for one) */
    if (new_node(d) != 0) goto nomem;
    if (new_node(d) != 1) goto nomem;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n_phrases; i++)
            if ((d->phrases[i].plural != 0) == pass && insert_phrase(d, (uint32_t)i) != 0) goto nomem;
    for (size_t i = 0; i < d->n_members; i++) {
        if (lex_map_put(&d->synsets, d->members[i].synset, 1) != 0 ||
            lex_map_put(&d->synset_members, (uint64_t)d->members[i].synset << 32 | d->members[i].lemma,
                        1) != 0)
            goto nomem;
    }
    for (size_t i = 0; i < d->n_entries; i++) {
        const lex_entry *e = &d->entries[i];
        if (e->kind != PARLEY_ACTOR_NAME) continue;
        uint32_t code = lex_intern_put(&d->strings, d->arena, e->code, strlen(e->code));
        if (code == LEX_NONE || lex_map_put(&d->code_names, code, (uint32_t)i) != 0) goto nomem;
    }
    parley_status s = compile_patterns(d, err);
    if (s != PARLEY_OK) return s;
    d->compiled = 1;
    d->load_seconds += lex_now() - t0;
    return PARLEY_OK;
nomem:
    return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory compiling the dictionary");
}
