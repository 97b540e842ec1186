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

#ifdef __cplusplus
}
#endif
#endif
