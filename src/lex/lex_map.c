/* lex_map.c - the hash tables under the compiled dictionary: a 64-bit key ->
 * 32-bit value map (trie edges, pattern groups, synset membership) and the
 * string interner that turns token forms into the ids those keys are made of.
 * Both use open addressing with linear probing and power-of-two sizes. */
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

static uint64_t mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t hash_bytes(const char *s, size_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return mix64(h);
}

int lex_grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem) return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * elem);
    if (q == NULL) return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int map_resize(lex_map *m, size_t cap) {
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (keys == NULL || vals == NULL) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == 0) continue;
        size_t j = mix64(m->keys[i] - 1) & (cap - 1);
        while (keys[j] != 0) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

static int map_store(lex_map *m, uint64_t key, uint32_t val, int overwrite) {
    if ((m->count + 1) * 4 >= m->cap * 3 && map_resize(m, m->cap ? m->cap * 2 : 64) != 0) return -1;
    size_t j = mix64(key) & (m->cap - 1);
    while (m->keys[j] != 0) {
        if (m->keys[j] == key + 1) {
            if (overwrite) m->vals[j] = val;
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key + 1;
    m->vals[j] = val;
    m->count++;
    return 0;
}

int lex_map_put(lex_map *m, uint64_t key, uint32_t val) { return map_store(m, key, val, 0); }

int lex_map_set(lex_map *m, uint64_t key, uint32_t val) { return map_store(m, key, val, 1); }

uint32_t lex_map_get(const lex_map *m, uint64_t key) {
    if (m->cap == 0) return LEX_NONE;
    size_t j = mix64(key) & (m->cap - 1);
    while (m->keys[j] != 0) {
        if (m->keys[j] == key + 1) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return LEX_NONE;
}

void lex_map_free(lex_map *m) {
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

size_t lex_map_bytes(const lex_map *m) { return m->cap * (sizeof(uint64_t) + sizeof(uint32_t)); }

static int intern_resize(lex_intern *in, size_t cap) {
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (slots == NULL) return -1;
    for (size_t id = 0; id < in->n; id++) {
        size_t j = hash_bytes(in->strs[id], strlen(in->strs[id])) & (cap - 1);
        while (slots[j] != 0) j = (j + 1) & (cap - 1);
        slots[j] = (uint32_t)id + 1;
    }
    free(in->slots);
    in->slots = slots;
    in->slot_cap = cap;
    return 0;
}

uint32_t lex_intern_find(const lex_intern *in, const char *s, size_t len) {
    if (in->slot_cap == 0) return LEX_NONE;
    size_t j = hash_bytes(s, len) & (in->slot_cap - 1);
    while (in->slots[j] != 0) {
        const char *t = in->strs[in->slots[j] - 1];
        if (strncmp(t, s, len) == 0 && t[len] == '\0') return in->slots[j] - 1;
        j = (j + 1) & (in->slot_cap - 1);
    }
    return LEX_NONE;
}

uint32_t lex_intern_put(lex_intern *in, parley_arena *arena, const char *s, size_t len) {
    uint32_t id = lex_intern_find(in, s, len);
    if (id != LEX_NONE) return id;
    if (in->n >= UINT32_MAX - 1) return LEX_NONE;
    if ((in->n + 1) * 4 >= in->slot_cap * 3 &&
        intern_resize(in, in->slot_cap ? in->slot_cap * 2 : 256) != 0)
        return LEX_NONE;
    if (lex_grow((void **)&in->strs, &in->cap, in->n + 1, sizeof *in->strs) != 0) return LEX_NONE;
    char *copy = parley_arena_strndup(arena, s, len);
    if (copy == NULL) return LEX_NONE;
    id = (uint32_t)in->n++;
    in->strs[id] = copy;
    size_t j = hash_bytes(s, len) & (in->slot_cap - 1);
    while (in->slots[j] != 0) j = (j + 1) & (in->slot_cap - 1);
    in->slots[j] = id + 1;
    return id;
}

void lex_intern_free(lex_intern *in) {
    free(in->strs);
    free(in->slots);
    memset(in, 0, sizeof *in);
}
