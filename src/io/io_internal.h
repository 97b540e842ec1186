/* io_internal.h - helpers shared by the files of src/io. */
#ifndef PARLEY_IO_INTERNAL_H
#define PARLEY_IO_INTERNAL_H

#include <stddef.h>

#include "parley/doc.h"
#include "parley/error.h"

/* Returns the byte offset of the first byte that is not part of valid UTF-8 (overlong forms,
   surrogates and code points above U+10FFFF are invalid), or (size_t)-1 when all is valid. */
size_t io_utf8_check(const char *s, size_t n);

/* True when s[0..n) holds only white space (ASCII, or the Unicode spaces the tokenizer skips). */
int io_is_blank(const char *s, size_t n);

/* The record fields parley reads, as found in one JSON object, whichever parser found them. */
typedef enum { IO_ABSENT = 0, IO_NULL, IO_STRING, IO_INTEGER, IO_OTHER } io_value_kind;

typedef struct io_field {
    io_value_kind kind;
    int in_arena;         /* s is NUL-terminated in the document's arena already: no copy needed */
    const char *s;        /* IO_STRING: the decoded bytes (not necessarily NUL-terminated) */
    size_t len;
    long long integer;    /* IO_INTEGER */
} io_field;

enum { IO_F_ID, IO_F_DATE, IO_F_SOURCE, IO_F_URL, IO_F_TITLE, IO_F_TEXT, IO_F_COUNT };

/* Index of a field name, or -1 for a member parley ignores. */
int io_field_index(const char *key, size_t len);

/* Checks the fields (text, then id/source/url/title types, then date) and fills doc. Returns
   PARLEY_OK, PARLEY_SKIP with the reason, or PARLEY_ERR_NOMEM. */
parley_status io_doc_from_fields(parley_doc *doc, const io_field f[IO_F_COUNT], const char *file, long line,
                                 parley_error *err);

/* The fast path for the common record, a flat object of strings, numbers, booleans and nulls:
   returns 1 with f filled (strings decoded into arena) when json[0..len) is such an object without
   anything unusual (escaped keys, \u0000, lone surrogates, nesting, duplicate keys, huge integers,
   malformed syntax); returns 0 otherwise, and jansson then decides, with its own error messages.
   json must be valid UTF-8 without NUL bytes. */
int io_json_parse_flat(const char *json, size_t len, parley_arena *arena, io_field f[IO_F_COUNT]);

/* parley_doc_from_json through jansson alone (after the NUL and UTF-8 checks); the fuzz target
   and the tests compare it with the fast path. */
parley_status io_doc_from_json_jansson(parley_doc *doc, const char *json, size_t len, const char *file, long line,
                                       parley_error *err);

#endif
