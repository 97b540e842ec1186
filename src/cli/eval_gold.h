/* eval_gold.h - reading expected events from the evaluation files (shared by
 * `parley eval` and `parley eval --documents`). */
#ifndef PARLEY_CLI_EVAL_GOLD_H
#define PARLEY_CLI_EVAL_GOLD_H

#include <jansson.h>
#include <stddef.h>

#include "parley/evaluate.h"

/* Fills out with the events of a JSON array of {"source", "target",
 * "cameo"} objects (null or missing actors become ""). Returns the count,
 * at most max. */
size_t eval_gold_events(json_t *events, parley_eval_event *out, size_t max);

#endif
