/* store_cli.h - what `parley query`, `stats` and `export` share: the filter
 * options of the event store and writing rendered output (store_cli.c). */
#ifndef PARLEY_CLI_STORE_CLI_H
#define PARLEY_CLI_STORE_CLI_H

#include <stdio.h>

#include "parley/buf.h"
#include "parley/store.h"

/* The help text of the filter options, for the commands' --help. */
extern const char store_cli_filter_help[];

/* Takes the option at argv[*i] (and its value) if it is a filter:
 * 1 = consumed (*i advanced past the value), 0 = not a filter option,
 * -1 = bad or missing value (a message was printed). "--opt=value" works. */
int store_cli_filter_opt(parley_store_query *q, int argc, char **argv, int *i);

/* The value of option name at argv[*i] ("--name V" or "--name=V"), or NULL
 * when argv[*i] is not that option; *i is advanced past the value. Prints a
 * message and sets *bad when the value is missing. */
const char *store_cli_value(const char *name, int argc, char **argv, int *i, int *bad);

/* Parses a non-negative integer option value; -1 on error (message printed). */
long store_cli_count(const char *name, const char *value);

/* Writes b to out and empties it; -1 on a write error. */
int store_cli_flush(parley_buf *b, FILE *out);

/* Prints err as "parley CMD: FILE: message" on stderr. */
void store_cli_error(const char *cmd, const parley_error *err);

#endif
