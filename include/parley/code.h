/* parley/code.h - the event coder: from parsed sentences to CAMEO events.
 *
 * For each predicate of each dependency tree (verbs, and nouns of action),
 * the coder matches the dictionary's action patterns on lemmas, finds the
 * source (subject, or by-agent in the passive) and the target (object, or
 * the pattern's prepositional object), resolves both noun phrases to actor
 * codes, expands coordinations and appositions, follows reported speech to
 * record the reporter, and flags negation and intent. It needs a document
 * that has been segmented and annotated (tags, lemmas, tree).
 *
 * A coder is read-only after creation and may be shared by threads; all
 * per-document memory comes from the document's arena. */
#ifndef PARLEY_CODE_H
#define PARLEY_CODE_H

#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/event.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_coder parley_coder;

typedef struct parley_coder_options {
    int keep_negated;       /* 1: emit negated events (flagged); 0: drop them */
    int require_source;     /* 1 (default via parley_coder_options_default): no event without a source */
} parley_coder_options;

/* Fills opts with the defaults (keep_negated 0, require_source 1). */
void parley_coder_options_default(parley_coder_options *opts);

/* Returns a coder over a compiled dictionary (which must outlive it), or NULL
 * when out of memory. opts may be NULL for the defaults. */
parley_coder *parley_coder_new(const parley_dict *dict, const parley_coder_options *opts);
void parley_coder_free(parley_coder *coder);

/* Codes every sentence of doc and sets doc->events / doc->n_events (arena
 * memory). Events are ordered by sentence, then by the predicate's position.
 * Returns PARLEY_OK or PARLEY_ERR_NOMEM. */
parley_status parley_coder_code_doc(const parley_coder *coder, parley_doc *doc, parley_error *err);

/* The number of events sentence si of doc gives coded on its own, without
 * the context of the sentences before it (doc->events is left alone; the
 * events live in doc's arena until it is reset); -1 on a bad argument or
 * when out of memory. A cheap test before coding a document again. */
int parley_coder_probe_sentence(const parley_coder *coder, parley_doc *doc, size_t si);

/* For a second look at a sentence of an annotated document in which the
 * coder found nothing: the token (0-based in sentence si) that reads as the
 * main verb, is a predicate of the action dictionary, and which the parse
 * did not make a predicate with a subject; -1 when there is none. The
 * pipeline then parses the sentence again with it as the root
 * (parley_nlp_reparse_rooted) and codes the document again. */
int parley_coder_find_main_verb(const parley_dict *dict, parley_doc *doc, size_t si);

#ifdef __cplusplus
}
#endif
#endif
