/* sentence.h - the coder's view of one parsed sentence (internal).
 *
 * The dependency tree comes as head indices on tokens; the coder needs to
 * walk it downwards, so this view adds child lists, lower-cased forms and
 * lemmas as arrays, and the dictionary's actor matches over the sentence.
 * Everything is allocated from the document's arena. */
#ifndef PARLEY_CODE_SENTENCE_H
#define PARLEY_CODE_SENTENCE_H

#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/event.h"

/* A dictionary match over the sentence's tokens [first, first + length). */
typedef struct code_mention {
    int first, length;
    parley_actor_match match;
} code_mention;

typedef struct code_sentence {
    const parley_doc *doc;
    int index;                  /* sentence index in the document */
    const parley_token *tok;    /* tok[0..n-1] (the coder's copy, tree repaired); heads are
                                   1-based within the sentence */
    int n;
    const char **words;         /* normalised forms */
    const char **lemmas;        /* lower-cased lemmas (form when the lemma is missing) */
    int *first_child;           /* -1 when none; children are linked in token order */
    int *next_sibling;
    code_mention *mentions;
    int n_mentions;
    int *mention_of;            /* token -> index into mentions, or -1 */
    int discarded;              /* a discard phrase occurs: code nothing */
} code_sentence;

/* Builds the view of sentence `index` of doc. Returns 0, or -1 when out of memory. */
int sentence_build(code_sentence *s, const parley_doc *doc, int index, const parley_dict *dict);

/* A learned lemmatiser errs on rare and regular words alike: when lemma has no
 * action pattern, the first irregular or regular de-inflection of form that
 * has one (see sentence.c). Returns lemma, the better one, or NULL when out of
 * memory. */
const char *sentence_recover_lemma(parley_arena *arena, const parley_dict *dict, const char *form,
                                   const char *lemma, int nominal);

/* 1 if lower_form is an irregular past tense or participle ("froze", "struck"). */
int sentence_is_irregular_past(const char *lower_form);

/* Token index of the head of i, or -1 for the root or an unparsed token. */
int sentence_head(const code_sentence *s, int i);

/* The first child of i with relation rel (exact), or -1. */
int sentence_child(const code_sentence *s, int i, int rel);

/* The first child of i whose relation's universal part is base_rel, or -1. */
int sentence_child_base(const code_sentence *s, int i, int base_rel);

/* 1 if some child of i has relation rel and lemma in the NULL-terminated list. */
int sentence_has_child_lemma(const code_sentence *s, int i, int rel, const char *const *lemmas);

/* The lemma of the case or mark child of i ("with", "for", "to"), or "". A
 * multiword preposition ("according to", "because of") gives its first word. */
const char *sentence_marker(const code_sentence *s, int i);

/* The smallest and largest token index in the subtree of i. */
void sentence_subtree_span(const code_sentence *s, int i, int *lo, int *hi);

/* Byte span of tokens [lo, hi] in the original document text. */
parley_span sentence_byte_span(const code_sentence *s, int lo, int hi);

#endif
