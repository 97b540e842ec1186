/* fuzz_event_json_diff.c - the fast event reader against the jansson one.
 *
 * `parley load` reads through the single-pass reader and falls back to
 * jansson only when it declines, so both must give the same event for every
 * line the fast reader accepts: every field, bit for bit for the numbers.
 * The fast reader must also never accept what jansson refuses. Each line of
 * the input is one case, so a seed file can hold many. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/event_json_internal.h"

static int same_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

/* Bit for bit: -0.0 and 0.0 must not pass for each other. */
static int same_num(double a, double b) {
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

static int same_span(parley_span a, parley_span b) { return a.start == b.start && a.end == b.end; }

static int same_actor(const parley_actor *a, const parley_actor *b) {
    return a->present == b->present && strcmp(a->code, b->code) == 0 && same_str(a->name, b->name) &&
           same_str(a->text, b->text) && same_span(a->span, b->span) && a->inferred == b->inferred;
}

static int same_event(const parley_event *a, const parley_event *b) {
    if (!same_str(a->doc_id, b->doc_id) || a->sentence != b->sentence || strcmp(a->date, b->date) != 0 ||
        strcmp(a->date_end, b->date_end) != 0 || !same_str(a->date_text, b->date_text) ||
        a->date_flagged != b->date_flagged || !same_actor(&a->source, &b->source) ||
        !same_actor(&a->target, &b->target) || !same_actor(&a->reporter, &b->reporter) ||
        strcmp(a->cameo, b->cameo) != 0 || strcmp(a->root, b->root) != 0 || a->quad != b->quad ||
        !same_num(a->goldstein, b->goldstein) || !same_str(a->plover, b->plover) || a->negated != b->negated ||
        a->intent != b->intent || !same_span(a->evidence, b->evidence) || !same_span(a->action, b->action) ||
        !same_str(a->evidence_text, b->evidence_text) || !same_num(a->confidence, b->confidence) ||
        !same_str(a->pattern, b->pattern))
        return 0;
    const parley_place *p = &a->place, *q = &b->place;
    if (p->present != q->present || !same_str(p->name, q->name) || strcmp(p->country, q->country) != 0 ||
        !same_str(p->admin1, q->admin1) || !same_num(p->lat, q->lat) || !same_num(p->lon, q->lon) ||
        !same_span(p->span, q->span))
        return 0;
    if (a->n_quantities != b->n_quantities || a->n_mentions != b->n_mentions ||
        (a->quantities == NULL) != (b->quantities == NULL) || (a->mentions == NULL) != (b->mentions == NULL))
        return 0;
    for (size_t i = 0; a->quantities && b->quantities && i < a->n_quantities; i++) {
        const parley_quantity *x = &a->quantities[i], *y = &b->quantities[i];
        if (!same_str(x->kind, y->kind) || !same_num(x->value, y->value) || !same_str(x->unit, y->unit) ||
            x->approximate != y->approximate || !same_str(x->text, y->text) || !same_span(x->span, y->span))
            return 0;
    }
    for (size_t i = 0; a->mentions && b->mentions && i < a->n_mentions; i++) {
        const parley_mention *x = &a->mentions[i], *y = &b->mentions[i];
        if (!same_str(x->doc_id, y->doc_id) || x->sentence != y->sentence || !same_actor(&x->reporter, &y->reporter))
            return 0;
    }
    return a->num_mentions == b->num_mentions && a->num_sources == b->num_sources &&
           a->num_articles == b->num_articles;
}

static void compare_paths(const char *line, size_t len, parley_arena *arena) {
    parley_event fast, ref;
    parley_error err;
    parley_error_clear(&err);
    if (!io_event_read_json_fast(&fast, line, len, arena)) return;
    if (io_event_read_json_jansson(&ref, line, len, arena, "fuzz", 1, &err) != PARLEY_OK) abort();
    if (!same_event(&fast, &ref)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parley_arena *arena = parley_arena_new(0);
    if (arena == NULL) return 0;
    const char *text = (const char *)data;
    compare_paths(text, size, arena); /* the whole input as one line, newlines and all */
    for (size_t start = 0; start < size;) {
        const char *nl = memchr(text + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - text) : size;
        compare_paths(text + start, end - start, arena);
        start = end + 1;
    }
    parley_arena_free(arena);
    return 0;
}
