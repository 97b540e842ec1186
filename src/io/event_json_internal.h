/* event_json_internal.h - the two JSON event readers behind parley_event_read_json.
 *
 * parley_event_read_json tries the hand-written reader first and hands the
 * line to jansson when it declines; the fuzz target and the tests call both
 * directly to check that they agree. */
#ifndef PARLEY_EVENT_JSON_INTERNAL_H
#define PARLEY_EVENT_JSON_INTERNAL_H

#include <stddef.h>

#include "parley/arena.h"
#include "parley/error.h"
#include "parley/event.h"

/* Sets every field of ev to the reader's default: "" strings, -1/-1 spans,
   absent actors and place, no quantities or mentions. */
void io_event_clear(parley_event *ev);

/* 1 when s is "" or a YYYY-MM-DD date with month 1..12 and day 1..31. */
int io_event_date_valid(const char *s);

/* 1 when every byte of s is an ASCII digit ("" included). */
int io_event_digits_valid(const char *s);

/* The single-pass reader for the lines parley writes: returns 1 with ev
   filled (strings, quantities and mentions in arena) when line[0..len) is a
   well-formed, valid event it understood completely, and 0 otherwise
   without judging (unknown or escaped keys, \u0000, unpaired surrogates,
   integers of more than 18 digits, reals that overflow, nesting it does not
   expect, duplicate keys, any invalid value or syntax). After 0, ev holds
   no meaning and arena may hold some unused bytes. */
int io_event_read_json_fast(parley_event *ev, const char *line, size_t len, parley_arena *arena);

/* parley_event_read_json through jansson alone: the reference the fast
   reader must match, and the source of every error message. */
parley_status io_event_read_json_jansson(parley_event *ev, const char *line, size_t len, parley_arena *arena,
                                         const char *file, long lineno, parley_error *err);

#endif
