/* parley/text.h - sentence splitting and tokenisation.
 *
 * The text stage turns a document's raw bytes into sentences and tokens the
 * way UD English EWT does: clitics ("don't", "Bush's") become multiword
 * tokens whose words share the surface span, hyphenated compounds split
 * around the hyphen (except fixed prefixes such as "e-", "co-", "non-"),
 * and abbreviations, numbers, URLs, e-mail addresses and emoticons stay
 * whole. Token forms are normalised for matching (curly quotes straightened,
 * dashes unified, "…" spelled "...", invisible spaces dropped) while the
 * byte offsets keep pointing into the original text. Everything is
 * allocated from the document's arena. */
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H

#include <stddef.h>

#include "parley/arena.h"
#include "parley/doc.h"
#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes that may be read (not written) past the NUL of every form parley_text_segment makes, so
   that a writer can copy forms in fixed-size blocks instead of measuring each one first. */
#define PARLEY_TEXT_FORM_PAD 16

/* Splits doc->text into sentences and tokens (fills doc->tokens, n_tokens, sentences, n_sentences
   from doc->arena). Token forms are normalised, and each is followed by PARLEY_TEXT_FORM_PAD
   readable bytes; byte offsets point into the original text.
   Tags, lemmas and heads are left empty (upos/xpos/deprel 0, lemma NULL, head -1).
   Returns PARLEY_OK, PARLEY_ERR_NOMEM, or PARLEY_ERR_LIMIT when the text is 4 GiB or longer. */
parley_status parley_text_segment(parley_doc *doc, parley_error *err);

/* The byte offset just past a wire dateline at the start of text ("DOHA,
   Dec 5 (Parley Wire) -"), or 0 when there is none. parley_text_segment makes
   the dateline a sentence of its own. */
size_t parley_text_dateline_end(const char *text, size_t len);

/* Tokenises a short phrase without sentence splitting (used by the dictionaries so phrases and text
   split alike). Returns the number of tokens; *forms gets arena-allocated, normalised, lower-cased
   forms. Returns 0 with *forms NULL when the phrase has no tokens or memory ran out. */
size_t parley_text_tokenize_phrase(const char *s, size_t len, parley_arena *arena, const char ***forms);

#ifdef __cplusplus
}
#endif
#endif
