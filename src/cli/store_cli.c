/* store_cli.c - the event-store filter options shared by `parley query`,
 * `parley stats` and `parley export`, so the same flag means the same
 * filter in every command (and in the HTTP API, which fills the same
 * parley_store_query). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/store_cli.h"

const char store_cli_filter_help[] =
    "store: --db FILE (SQLite) or --clickhouse URL (or --db URL): a ClickHouse server,\n"
    "       http://host:8123/[?table=NAME], same options and output (docs/scale.md)\n\n"
    "filters (all optional, combined with AND; P is an actor code with '*' wildcards: USA*, *GOV):\n"
    "  --from D --to D     date range, inclusive, YYYY-MM-DD\n"
    "  --actor P           source or target matches P\n"
    "  --source P          source matches P\n"
    "  --target P          target matches P\n"
    "  --dyad A,B          source matches A and target matches B\n"
    "  --cameo C           CAMEO code or prefix (0841, 084, 08)\n"
    "  --root R            CAMEO root (01..20)\n"
    "  --quad Q            quad class 1..4 (1 verbal coop, 2 material coop, 3 verbal conflict,\n"
    "                      4 material conflict)\n"
    "  --plover T          PLOVER event type\n"
    "  --country C         ISO alpha-3 country of the place\n"
    "  --place NAME        place name ('*' wildcards)\n"
    "  --reporter P        a mention's reporter code\n"
    "  --text \"Q\"          SQLite FTS5 query over the evidence texts\n"
    "  --doc ID            events mentioned in document ID\n";

const char *store_cli_value(const char *name, int argc, char **argv, int *i, int *bad) {
    const char *arg = argv[*i];
    /* --clickhouse URL: --db for a ClickHouse server (the store dispatches on the URL) */
    if (strcmp(name, "--db") == 0 && strncmp(arg, "--clickhouse", 12) == 0 && (arg[12] == '\0' || arg[12] == '=')) {
        const char *url = store_cli_value("--clickhouse", argc, argv, i, bad);
        if (url && strncmp(url, "http://", 7) != 0) {
            fprintf(stderr, "parley: --clickhouse wants a URL like http://127.0.0.1:8123/, not '%s'\n", url);
            *bad = 1;
            return NULL;
        }
        return url;
    }
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return NULL;
    if (arg[n] == '=') return arg + n + 1;
    if (arg[n] != '\0') return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "parley: %s needs a value\n", name);
        *bad = 1;
        return NULL;
    }
    *i += 1;
    return argv[*i];
}

long store_cli_count(const char *name, const char *value) {
    char *end;
    long v = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || v < 0) {
        fprintf(stderr, "parley: %s wants a non-negative number, not '%s'\n", name, value);
        return -1;
    }
    return v;
}

/* The dyad's two halves live in static storage: one query per process. */
static char dyad_source[64], dyad_target[64];

int store_cli_filter_opt(parley_store_query *q, int argc, char **argv, int *i) {
    static const struct {
        const char *name;
        size_t offset;
    } text_opts[] = {
        {"--from", offsetof(parley_store_query, date_from)},
        {"--to", offsetof(parley_store_query, date_to)},
        {"--actor", offsetof(parley_store_query, actor)},
        {"--source", offsetof(parley_store_query, source)},
        {"--target", offsetof(parley_store_query, target)},
        {"--cameo", offsetof(parley_store_query, cameo)},
        {"--root", offsetof(parley_store_query, root)},
        {"--plover", offsetof(parley_store_query, plover)},
        {"--country", offsetof(parley_store_query, country)},
        {"--place", offsetof(parley_store_query, place)},
        {"--reporter", offsetof(parley_store_query, reporter)},
        {"--text", offsetof(parley_store_query, text)},
        {"--doc", offsetof(parley_store_query, doc_id)},
    };
    int bad = 0;
    const char *v;
    for (size_t k = 0; k < sizeof text_opts / sizeof text_opts[0]; k++) {
        if ((v = store_cli_value(text_opts[k].name, argc, argv, i, &bad)) != NULL) {
            *(const char **)((char *)q + text_opts[k].offset) = v;
            return 1;
        }
        if (bad) return -1;
    }
    if ((v = store_cli_value("--quad", argc, argv, i, &bad)) != NULL) {
        if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') {
            fprintf(stderr, "parley: --quad wants 1, 2, 3 or 4, not '%s'\n", v);
            return -1;
        }
        q->quad = v[0] - '0';
        return 1;
    }
    if (bad) return -1;
    if ((v = store_cli_value("--dyad", argc, argv, i, &bad)) != NULL) {
        const char *comma = strchr(v, ',');
        size_t a = comma ? (size_t)(comma - v) : 0;
        if (comma == NULL || a == 0 || a >= sizeof dyad_source || strlen(comma + 1) == 0 ||
            strlen(comma + 1) >= sizeof dyad_target) {
            fprintf(stderr, "parley: --dyad wants SOURCE,TARGET (e.g. ISR*,PSE*), not '%s'\n", v);
            return -1;
        }
        memcpy(dyad_source, v, a);
        dyad_source[a] = '\0';
        strcpy(dyad_target, comma + 1);
        q->source = dyad_source;
        q->target = dyad_target;
        return 1;
    }
    return bad ? -1 : 0;
}

int store_cli_flush(parley_buf *b, FILE *out) {
    if (b->len && fwrite(b->data, 1, b->len, out) != b->len) return -1;
    parley_buf_clear(b);
    return 0;
}

void store_cli_error(const char *cmd, const parley_error *err) {
    if (err->file[0] && err->line > 0)
        fprintf(stderr, "parley %s: %s:%ld: %s\n", cmd, err->file, err->line, err->message);
    else if (err->file[0])
        fprintf(stderr, "parley %s: %s: %s\n", cmd, err->file, err->message);
    else
        fprintf(stderr, "parley %s: %s\n", cmd, err->message);
}
