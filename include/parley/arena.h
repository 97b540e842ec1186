/* parley/arena.h - a bump allocator that owns everything one document needs.
 *
 * Tokens, strings, trees and events of a document are allocated from its
 * arena and released together by parley_arena_reset/free: no malloc per token
 * on the hot path, and no per-object frees to forget. */
#ifndef PARLEY_ARENA_H
#define PARLEY_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_arena parley_arena;

/* Returns a new arena whose first block holds at least block_size bytes
 * (0 = a default), or NULL when out of memory. */
parley_arena *parley_arena_new(size_t block_size);

/* Frees the arena and every allocation made from it. NULL is allowed. */
void parley_arena_free(parley_arena *arena);

/* Forgets every allocation but keeps the largest block for reuse. */
void parley_arena_reset(parley_arena *arena);

/* Returns size bytes aligned for any type, or NULL when out of memory.
 * The memory is uninitialised. */
void *parley_arena_alloc(parley_arena *arena, size_t size);

/* As parley_arena_alloc, zero-filled; n * size is checked for overflow. */
void *parley_arena_calloc(parley_arena *arena, size_t n, size_t size);

/* Copies len bytes of s and appends a NUL. Returns NULL when out of memory. */
char *parley_arena_strndup(parley_arena *arena, const char *s, size_t len);

/* Copies a NUL-terminated string. */
char *parley_arena_strdup(parley_arena *arena, const char *s);

/* Bytes handed out since the last reset (for statistics and tests). */
size_t parley_arena_used(const parley_arena *arena);

#ifdef __cplusplus
}
#endif
#endif
