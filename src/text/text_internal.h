/* text_internal.h - what the files of src/text share: character classes,
 * normalisation, the word lists, and the tokenizer and sentence splitter
 * entry points that segment.c strings together. */
#ifndef PARLEY_TEXT_INTERNAL_H
#define PARLEY_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/arena.h"
#include "parley/doc.h"

/* Character classes; every code point falls in exactly one. */
enum {
    TC_SPACE = 0,  /* separates tokens: ASCII white space, NBSP, thin and other Unicode spaces */
    TC_IGNORE,     /* invisible (zero-width space/joiners, BOM, soft hyphen): dropped from forms */
    TC_UPPER,
    TC_LOWER,      /* also letters without case (CJK, Arabic, ...) and combining marks */
    TC_DIGIT,
    TC_PUNCT       /* punctuation and symbols, ASCII or not */
};

extern const uint8_t text_ascii_class[128];
/* Classes of U+2000..U+203F (UTF-8 E2 80 80..BF): the spaces, dashes, curly quotes and ellipsis of
   news text, looked up without decoding. */
extern const uint8_t text_e280_class[64];

/* Decodes the code point at s[i] (i < n). Sets *len to its byte length (1 for an invalid byte,
   which decodes as U+FFFD). */
uint32_t text_decode_cp(const char *s, size_t n, size_t i, unsigned *len);

/* Class of a code point (any value). */
int text_cp_class(uint32_t cp);

/* Class of the code point at s[i], with its byte length. */
static inline int text_class_at(const char *s, size_t n, size_t i, unsigned *len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *len = 1;
        return text_ascii_class[c];
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
        *len = 3;
        return text_e280_class[(unsigned char)s[i + 2] & 0x3F];
    }
    return text_cp_class(text_decode_cp(s, n, i, len));
}

static inline int text_is_alnum_class(int c) { return c == TC_UPPER || c == TC_LOWER || c == TC_DIGIT; }
static inline int text_is_alpha_class(int c) { return c == TC_UPPER || c == TC_LOWER; }

/* Writes the normalised form of s[0..len) to out (which has room for len + 1 bytes: normalising
   never lengthens) and NUL-terminates it; lower != 0 also lower-cases ASCII and Latin-1 letters.
   Returns the form's length. */
size_t text_normalize(const char *s, size_t len, char *out, int lower);

/* Word lists (lexicon.c). Each takes a lower-cased, normalised string. text_word_lists answers
   for all lists in one lookup, as TEXT_LIST_* bits. */
enum { TEXT_LIST_ABBREVIATION = 1, TEXT_LIST_AMBIGUOUS = 2 };
unsigned text_word_lists(const char *lower, size_t len);
int text_is_abbreviation(const char *lower, size_t len);      /* without the final '.' */
int text_is_ambiguous_abbreviation(const char *lower, size_t len); /* "no", "sun": only before a number or lower-case word */
int text_is_title_abbreviation(const char *lower, size_t len);/* "mr", "gen", ...: a name follows */
int text_is_hyphen_prefix(const char *lower, size_t len);     /* "e", "non", "co": kept with the hyphen */
int text_is_sentence_starter(const char *lower, size_t len);  /* "the", "he", "but": often opens a sentence */
/* A clitic-free contraction ("gonna", "cannot", "dont"): returns the number of words (2 or 3) and
   fills cut[] with the byte offsets where words 2 and 3 start; 0 when s is not one. */
int text_fused_split(const char *lower, size_t len, size_t cut[2]);

/* Tokenizer (tokenize.c). Fills doc->tokens/n_tokens (with normalised forms, spans, space_after,
   mwt) from text[0..len). Returns 0 or -1 when out of memory. */
int text_tokenize(parley_arena *arena, const char *text, size_t len, parley_token **tokens, size_t *n_tokens);

/* Sentence splitter (sentence.c): groups the tokens of doc into doc->sentences. Returns 0 or -1. */
int text_split_sentences(parley_doc *doc);

#endif
