/* parley/resolve.h - document understanding: when, where, how many, who
 * says so, and one event per happening within a document.
 *
 * The resolver runs after the coder on one document. It resolves date
 * expressions against the document date, finds places in a gazetteer and
 * attaches the place of each event (its clause, then its sentence, then the
 * dateline), extracts quantities (killed, detained, released, trucks, ...)
 * and attaches them to events, carries the reporter of a sentence over to
 * the events it frames, and merges events of the document that report the
 * same happening (same dyad, CAMEO base code, date and place) into one with
 * several mentions. A resolver is read-only after opening and may be shared
 * by threads. */
#ifndef PARLEY_RESOLVE_H
#define PARLEY_RESOLVE_H

#include "parley/dict.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/event.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_resolver parley_resolver;

/* Loads the gazetteer from data_dir (gazetteer file under data_dir/gazetteer/).
 * dict may be NULL (then actor countries do not help disambiguate places). */
parley_status parley_resolver_open(parley_resolver **r, const char *data_dir, const parley_dict *dict,
                                   parley_error *err);
void parley_resolver_free(parley_resolver *r);

/* Fills date, date_end, date_text, place, quantities, reporter and mentions of
 * doc->events and merges repeated events of the document. */
parley_status parley_resolver_run(const parley_resolver *r, parley_doc *doc, parley_error *err);

/* ---- The parts, usable on their own (tests, fuzzing, evaluation) ---- */

/* Tense of the clause an expression sits in: decides bare weekdays and months. */
enum { PARLEY_TENSE_PAST = -1, PARLEY_TENSE_UNKNOWN = 0, PARLEY_TENSE_FUTURE = 1 };

typedef struct parley_date_value {
    char date[11];       /* YYYY-MM-DD */
    char date_end[11];   /* interval end, or "" for a single day */
    size_t start, end;   /* bytes of the expression in the text searched */
} parley_date_value;

/* Finds the first date expression in text[0..len) ("on Friday", "Dec. 1",
 * "since October 7", "last week", "a four-day truce", "two days ago", ...)
 * and resolves it against doc_date (YYYY-MM-DD). anchor is the date an
 * expression such as "the previous evening" or "a day after" counts from (the
 * last date the document stated), or NULL for doc_date. Returns 1 and fills
 * out, or 0 when there is none or doc_date is not a valid date. */
int parley_date_find(const char *text, size_t len, const char *doc_date, const char *anchor, int tense,
                     parley_date_value *out);

/* As parley_date_find, for a NUL-terminated expression that must start at
 * text[0] (leading spaces allowed). */
int parley_date_resolve(const char *text, const char *doc_date, int tense, parley_date_value *out);

typedef struct parley_quantity_value {
    char kind[20];       /* killed, wounded, detained, ..., trucks, tonnes; "" when unknown */
    double value;
    char unit[12];       /* people, trucks, tonnes, meals, shells, rifles, percent */
    int approximate;
    size_t start, end;   /* bytes of the amount and its noun in the text searched */
} parley_quantity_value;

/* Finds the first counted quantity in text[0..len) ("at least 40 people",
 * "tens of thousands of Palestinians", "2.3 million", "About 200 trucks")
 * and guesses its kind from the words around it. Returns 1 and fills out, or 0. */
int parley_quantity_find(const char *text, size_t len, parley_quantity_value *out);

/* A gazetteer entry. */
typedef struct parley_gazetteer_entry {
    const char *name;
    const char *kind;    /* country, admin1, city, area */
    char country[4];
    const char *admin1;
    double lat, lon;
    double population;
} parley_gazetteer_entry;

/* The entries named name (case-insensitive, aliases included), best first for
 * a document whose actors belong to the countries in countries (ISO3 codes, may
 * be NULL when n_countries is 0). Returns the number of entries written to out
 * (at most max). */
size_t parley_resolver_lookup_place(const parley_resolver *r, const char *name, const char *const *countries,
                                    size_t n_countries, const parley_gazetteer_entry **out, size_t max);

/* Number of names (aliases included) and entries loaded. */
void parley_resolver_gazetteer_size(const parley_resolver *r, size_t *names, size_t *entries);

/* What the resolver found in a document, besides the events. */
typedef struct parley_date_mention {
    int32_t sentence;
    parley_span span;    /* in doc->text */
    char date[11], date_end[11];
} parley_date_mention;

typedef struct parley_place_mention {
    int32_t sentence;    /* -1 for the dateline */
    parley_place place;  /* span = the words in the text */
    int locative;        /* after "in/at/near/from ...", or the dateline */
    int dateline;        /* the dateline ("DOHA, Nov 25 (Agency) -") */
    const char *kind;    /* country, admin1, city, area */
} parley_place_mention;

typedef struct parley_quantity_mention {
    int32_t sentence;
    parley_quantity quantity;
} parley_quantity_mention;

typedef struct parley_doc_analysis {
    parley_date_mention *dates;
    size_t n_dates;
    parley_place_mention *places;
    size_t n_places;
    parley_quantity_mention *quantities;
    size_t n_quantities;
} parley_doc_analysis;

/* Finds the date, place and quantity mentions of a segmented document (arena
 * memory); parley_resolver_run calls it and then attaches them to events. */
parley_status parley_resolver_analyze(const parley_resolver *r, parley_doc *doc, parley_doc_analysis *out,
                                      parley_error *err);

/* As parley_resolver_run, also returning the analysis (out may be NULL). */
parley_status parley_resolver_run_analysis(const parley_resolver *r, parley_doc *doc, parley_doc_analysis *out,
                                           parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
