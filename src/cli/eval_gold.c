/* eval_gold.c - expected events from the evaluation files (see eval_gold.h). */
#include <stdio.h>
#include <string.h>

#include "cli/eval_gold.h"

static void copy_code(char *dst, size_t size, json_t *v) {
    dst[0] = '\0';
    if (json_is_string(v)) snprintf(dst, size, "%s", json_string_value(v));
}

size_t eval_gold_events(json_t *events, parley_eval_event *out, size_t max) {
    size_t n = 0, i;
    json_t *e;
    json_array_foreach(events, i, e) {
        if (n == max) break;
        memset(&out[n], 0, sizeof out[n]);
        copy_code(out[n].source, sizeof out[n].source, json_object_get(e, "source"));
        copy_code(out[n].target, sizeof out[n].target, json_object_get(e, "target"));
        copy_code(out[n].cameo, sizeof out[n].cameo, json_object_get(e, "cameo"));
        n++;
    }
    return n;
}
