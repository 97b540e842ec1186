/* parley/event.h - the event record: who did what to whom, when, where,
 * how many, who says so, and the exact evidence.
 *
 * All byte offsets point into the original text of the document the event
 * came from. Strings are NUL-terminated; absent optional strings are "".
 * The JSONL/CSV renderings of this record are documented in docs/events.md. */
#ifndef PARLEY_EVENT_H
#define PARLEY_EVENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_span {
    int32_t start, end;   /* byte offsets, end exclusive; -1/-1 when absent */
} parley_span;

typedef struct parley_actor {
    int present;          /* 0: the actor is null */
    char code[40];        /* CAMEO-style code: country + sectors, e.g. "QATGOV", "IGOUNO" */
    const char *name;     /* canonical name from the dictionary, e.g. "Qatar" */
    const char *text;     /* the words in the document */
    parley_span span;
    int inferred;         /* the country was not in the words: it came from the context
                             (a title or a group noun alone, "the minister", "civilians") */
} parley_actor;

typedef struct parley_place {
    int present;
    const char *name;
    char country[4];      /* ISO 3166-1 alpha-3 */
    const char *admin1;
    double lat, lon;
    parley_span span;
    int dateline;         /* 1: only the story's dateline placed it (where the report was
                             filed, a guess for the event); such a place is shown but not
                             part of the merge key ("dateline": true in JSON) */
} parley_place;

typedef struct parley_quantity {
    const char *kind;     /* killed, wounded, detained, released, trucks, ... */
    double value;
    const char *unit;     /* people, trucks, tonnes, ... */
    int approximate;
    const char *text;
    parley_span span;
} parley_quantity;

typedef struct parley_mention {
    const char *doc_id;
    int32_t sentence;
    parley_actor reporter;
} parley_mention;

typedef struct parley_event { // NOLINT(clang-analyzer-optin.performance.Padding): grouped by meaning (16 bytes per event)
    const char *doc_id;
    int32_t sentence;          /* 0-based sentence index in the document */
    char date[11];             /* YYYY-MM-DD, "" when unknown */
    char date_end[11];         /* interval end or "" */
    const char *date_text;     /* the expression the date came from, or "" */
    int date_flagged;          /* 1: fell back to the document date */

    parley_actor source;
    parley_actor target;
    parley_actor reporter;

    char cameo[5];             /* "0841" */
    char root[3];              /* "08" */
    int quad;                  /* 1..4 */
    double goldstein;
    const char *plover;        /* PLOVER event type or "" (root 01 has none) */

    int negated;
    int intent;                /* future, planned or threatened rather than done */
    parley_span evidence;      /* the clause or sentence that supports the event */
    parley_span action;        /* the words of the action (verb, noun of action) */
    const char *evidence_text;
    double confidence;         /* 0..1 */
    const char *pattern;       /* the dictionary pattern that matched, for auditing */

    parley_place place;
    parley_quantity *quantities;
    size_t n_quantities;
    parley_mention *mentions;
    size_t n_mentions;
    int num_mentions, num_sources, num_articles;
} parley_event;

#ifdef __cplusplus
}
#endif
#endif
