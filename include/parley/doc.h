/* parley/doc.h - a document and the layers the pipeline stages add to it.
 *
 * One document travels one way through the pipeline: io fills the metadata
 * and text, text adds sentences and tokens, nlp adds tags, lemmas and the
 * dependency tree, code adds events. Everything hangs off the document's
 * arena and is freed with it.
 *
 * Layout stability: these structs are part of the public ABI, versioned by
 * PARLEY_DOC_ABI; fields are only ever appended. */
#ifndef PARLEY_DOC_H
#define PARLEY_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "parley/arena.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PARLEY_DOC_ABI 1

typedef struct parley_token {
    uint32_t start, end;  /* byte offsets into parley_doc.text (original bytes) */
    const char *form;     /* normalised form for matching (curly quotes straightened,
                             dashes unified, zero-width characters dropped); arena */
    const char *lemma;    /* NULL until the lemmatizer ran; arena or static */
    uint8_t upos;         /* parley_upos */
    uint8_t xpos;         /* parley_xpos */
    uint8_t deprel;       /* parley_deprel */
    uint8_t space_after;  /* 1 when whitespace (or the end) follows in the original text */
    uint8_t mwt;          /* on the first word of a multiword token ("don't" = do + n't):
                             the number of words in it; 0 otherwise. The words of a
                             multiword token all carry the surface token's byte span. */
    uint32_t feats;       /* PARLEY_FEAT_* bits */
    int32_t head;         /* 1-based index of the head within the sentence; 0 = root;
                             -1 = not parsed */
} parley_token;

typedef struct parley_sentence {
    uint32_t first;       /* index of the first token in parley_doc.tokens */
    uint32_t count;       /* number of tokens */
    uint32_t start, end;  /* byte span in parley_doc.text */
} parley_sentence;

struct parley_event;      /* parley/event.h */

typedef struct parley_doc {
    /* metadata; strings are NUL-terminated and never NULL ("" when absent) */
    const char *id;
    const char *date;       /* "YYYY-MM-DD" or "" when unknown */
    const char *datetime;   /* the date field as given (may carry a time) */
    const char *source;
    const char *url;
    const char *title;
    const char *text;       /* original bytes, valid UTF-8, NUL-terminated */
    size_t text_len;

    /* where the document came from, for error messages */
    const char *origin_file; /* "-" for stdin */
    long origin_line;        /* 1-based JSONL line, or 0 for a whole file */

    parley_token *tokens;
    size_t n_tokens;
    parley_sentence *sentences;
    size_t n_sentences;

    struct parley_event *events;
    size_t n_events;

    parley_arena *arena;     /* owns everything above */
} parley_doc;

/* Returns an empty document with its own arena, or NULL when out of memory. */
parley_doc *parley_doc_new(void);

/* Frees the document and its arena. NULL is allowed. */
void parley_doc_free(parley_doc *doc);

/* Empties the document for reuse, keeping the arena's memory. */
void parley_doc_reset(parley_doc *doc);

/* Sets the text (copied into the arena) and fills every metadata field that
 * is still NULL with "". Returns 0, or -1 when out of memory. */
int parley_doc_set_text(parley_doc *doc, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
