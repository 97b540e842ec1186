/* parley/event_io.h - event records as text: JSON Lines, CSV and GDELT-style TSV.
 *
 * The writers append to a parley_buf so the CLI, the store's export and the
 * HTTP server can share one rendering; the JSON reader is the exact inverse of
 * the JSON writer, so `parley code` output can be loaded into the store and
 * exported again. Every key and column is documented in docs/events.md. */
#ifndef PARLEY_EVENT_IO_H
#define PARLEY_EVENT_IO_H

#include <stddef.h>
#include <stdint.h>

#include "parley/arena.h"
#include "parley/buf.h"
#include "parley/error.h"
#include "parley/event.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends one event as a single JSON line ending in '\n'. NULL strings in ev
 * are written as "" (or null where docs/events.md says so).
 * Returns PARLEY_OK or PARLEY_ERR_NOMEM. */
parley_status parley_event_write_json(const parley_event *ev, parley_buf *out);

/* Appends the CSV header line (the column names of parley_event_write_csv). */
parley_status parley_event_write_csv_header(parley_buf *out);

/* Appends one event as one CSV record ending in "\r\n", quoted per RFC 4180
 * (fields holding a comma, quote, CR or LF are quoted, quotes doubled). */
parley_status parley_event_write_csv(const parley_event *ev, parley_buf *out);

/* Appends one event as one tab-separated line in the column order of the
 * GDELT 1.0 event table (see docs/events.md); global_id is the first column.
 * Tabs and newlines inside text fields become spaces. */
parley_status parley_event_write_gdelt_tsv(const parley_event *ev, uint64_t global_id, parley_buf *out);

/* Parses one JSON event line (the writer's output; a trailing newline is
 * allowed) into ev. Every string, the quantities and the mentions are
 * allocated from arena. file and lineno only label errors.
 * Returns PARLEY_OK, PARLEY_ERR_FORMAT (err says which key is wrong and
 * where), or PARLEY_ERR_NOMEM. On error ev is left zeroed-but-valid. */
parley_status parley_event_read_json(parley_event *ev, const char *line, size_t len, parley_arena *arena,
                                     const char *file, long lineno, parley_error *err);

/* A stable 64-bit id of one coded event: a hash (FNV-1a, 64 bit) of doc_id,
 * sentence, cameo, source code, target code and action span start. Written
 * as 16 lowercase hex digits under the key "id". */
uint64_t parley_event_id(const parley_event *ev);

/* 1 when the event's place belongs to its merge key: a place found in the
 * text, not one that only the dateline gave (two agencies filing from
 * Washington and Doha about one phone call report one happening). */
int parley_event_place_keyed(const parley_event *ev);

/* Formats id as 16 lowercase hex digits plus NUL into hex[17]. */
void parley_event_id_hex(uint64_t id, char hex[17]);

/* Parses 1..16 hex digits into *id. Returns 0, or -1 when s is not hex. */
int parley_event_id_parse(const char *s, uint64_t *id);

#ifdef __cplusplus
}
#endif
#endif
