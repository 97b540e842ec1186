/* fuzz_event_json.c - fuzzes the JSON event reader (parley load's parser,
 * fed whatever a file holds) and checks the writers against it: an event
 * that reads must render as JSON that reads back to the same rendering, and
 * must render as CSV and GDELT TSV without tripping the sanitizers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parley_arena *arena = parley_arena_new(0);
    if (arena == NULL) return 0;
    parley_event ev, back;
    parley_error err;
    if (parley_event_read_json(&ev, (const char *)data, size, arena, "fuzz", 1, &err) == PARLEY_OK) {
        parley_buf a = PARLEY_BUF_INIT, b = PARLEY_BUF_INIT, c = PARLEY_BUF_INIT;
        if (parley_event_write_json(&ev, &a) != PARLEY_OK) abort();
        if (parley_event_read_json(&back, a.data, a.len, arena, "fuzz", 2, &err) != PARLEY_OK) abort();
        if (parley_event_write_json(&back, &b) != PARLEY_OK) abort();
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) abort();
        if (parley_event_id(&ev) != parley_event_id(&back)) abort();
        if (parley_event_write_csv(&ev, &c) != PARLEY_OK) abort();
        if (parley_event_write_gdelt_tsv(&ev, parley_event_id(&ev), &c) != PARLEY_OK) abort();
        parley_buf_free(&a);
        parley_buf_free(&b);
        parley_buf_free(&c);
    } else if (err.status == PARLEY_OK || err.message[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    parley_arena_free(arena);
    return 0;
}
