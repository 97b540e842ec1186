/* doc.c - creating, resetting and freeing documents (see parley/doc.h). */
#include <stdlib.h>
#include <string.h>

#include "parley/doc.h"

parley_doc *parley_doc_new(void) {
    parley_doc *doc = calloc(1, sizeof *doc);
    if (doc == NULL) return NULL;
    doc->arena = parley_arena_new(0);
    if (doc->arena == NULL) {
        free(doc);
        return NULL;
    }
    return doc;
}

void parley_doc_free(parley_doc *doc) {
    if (doc == NULL) return;
    parley_arena_free(doc->arena);
    free(doc);
}

void parley_doc_reset(parley_doc *doc) {
    if (doc == NULL) return;
    parley_arena *arena = doc->arena;
    parley_arena_reset(arena);
    memset(doc, 0, sizeof *doc);
    doc->arena = arena;
}

int parley_doc_set_text(parley_doc *doc, const char *text, size_t len) {
    char *copy = parley_arena_strndup(doc->arena, text, len);
    if (copy == NULL) return -1;
    doc->text = copy;
    doc->text_len = len;
    const char **fields[] = {&doc->id, &doc->date, &doc->datetime, &doc->source,
                             &doc->url, &doc->title, &doc->origin_file};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (*fields[i] == NULL) *fields[i] = "";
    return 0;
}
