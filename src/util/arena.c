/* arena.c - bump allocation in a chain of blocks (see parley/arena.h).
 *
 * Blocks grow geometrically so a document of any size needs few mallocs;
 * reset keeps the biggest block so a reader that reuses one document per
 * worker stops allocating after the first few documents. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/arena.h"

#define ARENA_ALIGN 16
#define ARENA_DEFAULT_BLOCK ((size_t)64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

struct parley_arena {
    arena_block *head;
    size_t block_size;
    size_t total_used;
};

static arena_block *block_new(size_t size) {
    arena_block *b = malloc(sizeof *b + size);
    if (b == NULL) return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

parley_arena *parley_arena_new(size_t block_size) {
    parley_arena *a = calloc(1, sizeof *a);
    if (a == NULL) return NULL;
    a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
    a->head = block_new(a->block_size);
    if (a->head == NULL) {
        free(a);
        return NULL;
    }
    return a;
}

void parley_arena_free(parley_arena *arena) {
    if (arena == NULL) return;
    arena_block *b = arena->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void parley_arena_reset(parley_arena *arena) {
    if (arena == NULL) return;
    arena_block *keep = arena->head, *b = arena->head;
    if (keep == NULL) return; /* parley_arena_new never leaves head NULL; a zeroed arena has nothing to reset */
    for (; b; b = b->next)
        if (b->size > keep->size) keep = b;
    b = arena->head;
    while (b) {
        arena_block *next = b->next;
        if (b != keep) free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    arena->head = keep;
    arena->total_used = 0;
}

void *parley_arena_alloc(parley_arena *arena, size_t size) {
    if (arena == NULL) return NULL;
    if (size == 0) size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN) return NULL;
    size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_block *b = arena->head;
    if (b->size - b->used < need) {
        size_t grow = b->size * 2;
        if (grow < need) grow = need;
        arena_block *nb = block_new(grow);
        if (nb == NULL) return NULL;
        nb->next = b;
        arena->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    arena->total_used += need;
    return p;
}

void *parley_arena_calloc(parley_arena *arena, size_t n, size_t size) {
    if (size != 0 && n > SIZE_MAX / size) return NULL;
    void *p = parley_arena_alloc(arena, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

char *parley_arena_strndup(parley_arena *arena, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = parley_arena_alloc(arena, len + 1);
    if (p == NULL) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *parley_arena_strdup(parley_arena *arena, const char *s) {
    return parley_arena_strndup(arena, s, strlen(s));
}

size_t parley_arena_used(const parley_arena *arena) {
    return arena ? arena->total_used : 0;
}
