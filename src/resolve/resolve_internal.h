/* resolve_internal.h - what the resolver's files share (internal).
 *
 * The date, quantity and place finders work on the bytes of a sentence, not
 * on the tagger's tokens: they must work (and be fuzzed) on any text, and
 * capitalisation, hyphenated compounds ("four-day") and the punctuation
 * between words ("Dec. 1", "December 1, 2023") matter more to them than
 * tags. resolve_lex cuts text into such words. */
#ifndef PARLEY_RESOLVE_INTERNAL_H
#define PARLEY_RESOLVE_INTERNAL_H

#include <stddef.h>

#include "parley/resolve.h"

#define RWORD_MAX 32

typedef struct rword {
    size_t start, end;     /* bytes in the text */
    char w[RWORD_MAX];     /* lower-cased, truncated; "'s" kept */
    int cap;               /* starts with an upper-case ASCII letter */
    int digit;             /* starts with a digit */
    char gap;              /* what separates it from the previous word: ' ' (spaces only),
                              ',' or '.' (that one mark and spaces), 'x' (anything else);
                              'x' for the first word */
} rword;

/* Cuts text[pos..len) into at most max words. Words are runs of letters,
 * digits, apostrophes and non-ASCII bytes, joined by a '-', '.' or ',' that sits
 * between two alphanumerics ("four-day", "2.3", "1,500", "2023-12-01"). */
int resolve_lex(const char *text, size_t len, size_t pos, rword *out, int max);

/* 1 if w is in the n strings of sorted (in strcmp order). */
int resolve_in_sorted(const char *w, const char *const *sorted, size_t n);

/* Byte offset of the start of the next word after pos, or len. */
size_t resolve_next_word(const char *text, size_t len, size_t pos);

/* The value of a cardinal written in digits ("1,500", "2.3") or words ("thirteen",
 * "a", "two"), or -1. */
double resolve_number(const char *w);

/* Civil calendar. */
long resolve_days_from_civil(int y, int m, int d);
int resolve_days_in_month(int y, int m);
void resolve_civil_from_days(long days, int *y, int *m, int *d);
/* Parses YYYY-MM-DD (a longer string such as a datetime is fine); returns 0 or -1. */
int resolve_parse_date(const char *s, long *days);
void resolve_format_date(long days, char out[11]);

/* parley_quantity_find from byte from on, with the words before from still seen as cues. */
int quantity_find_from(const char *text, size_t len, size_t from, parley_quantity_value *out);

/* Gazetteer (gazetteer.c). */
typedef struct gazetteer gazetteer;
int gazetteer_load(gazetteer **g, const char *dir, parley_error *err);
void gazetteer_free(gazetteer *g);
/* Entries with this lower-case key: *n of them, indices into gazetteer_entry(). */
const int *gazetteer_find(const gazetteer *g, const char *key, size_t *n);
const parley_gazetteer_entry *gazetteer_entry(const gazetteer *g, int i);
/* Longest number of words of a name starting with key prefix (0 when no name starts so). */
int gazetteer_max_words(const gazetteer *g);
void gazetteer_size(const gazetteer *g, size_t *names, size_t *entries);
/* The most words of a name whose first word is first (lower-case), or 0 when none starts so. */
int gazetteer_words_from(const gazetteer *g, const char *first);


/* Places (places.c). */
typedef struct place_hit {
    size_t start, end;                 /* bytes in the document text */
    const parley_gazetteer_entry *entry;
    int locative, dateline;
} place_hit;

/* How well an entry fits a document whose actors belong to countries. */
double place_score(const parley_gazetteer_entry *e, const char *const *countries, size_t n_countries);

/* Place mentions in text[start..end) (one sentence), at most max. */
size_t places_in_sentence(const gazetteer *g, const char *text, size_t start, size_t end,
                          const char *const *countries, size_t n_countries, place_hit *out, size_t max);

/* The places of a dateline at the start of text ("GAZA/JERUSALEM, Nov 24 (Agency) -"). */
size_t places_in_dateline(const gazetteer *g, const char *text, size_t len, const char *const *countries,
                          size_t n_countries, place_hit *out, size_t max);

/* The resolver (resolver.c) and the steps of parley_resolver_run. */
struct parley_resolver {
    gazetteer *gaz;
    const parley_dict *dict;
    char (*countries)[4];   /* ISO3 codes of the gazetteer's countries, sorted */
    size_t n_countries;
};

/* 1 if code's first three letters are a country of the gazetteer. */
int resolver_is_country(const parley_resolver *r, const char *code);

/* Token index (in doc->tokens) of the first token of sentence si that ends after
 * byte offset off, or -1. */
long resolver_token_at(const parley_doc *doc, size_t si, size_t off);

/* 1 when an ellipsis ("...", "\u2026") stands between spans a and b of
 * sentence si: quoted text cut there is two passages, as good as two
 * sentences, for dates, places and reporters alike. */
int resolver_ellipsis_between(const parley_doc *doc, int32_t si, parley_span a, parley_span b);

/* Reporters (reporters.c): fills the reporter of events that have none from
 * "according to X", "..., X said", "X's statement said" and a reporter stated
 * in an earlier sentence of the paragraph ("It added that ..."). */
parley_status reporters_fill(const parley_resolver *r, parley_doc *doc, parley_error *err);

/* Merging (merge.c): one event per happening of the document, with its mentions. */
parley_status merge_events(parley_doc *doc, parley_error *err);

#endif
