/* cmd_query.c - `parley query`: prints the merged events of a store that
 * match the filters, as a table, JSON Lines or CSV.
 *
 * A thin front over parley_store_query_events: options fill a
 * parley_store_query, each row is rendered by the event writers. When a
 * --limit cuts the result, the cursor of the last row is printed on stderr
 * so the next page can be fetched with --after. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "parley/event_io.h"
#include "parley/store.h"

static void query_usage(FILE *out) {
    fprintf(out,
            "usage: parley query --db FILE [filters] [--sort date|-date|goldstein|-goldstein|mentions]\n"
            "                    [--limit N] [--offset N] [--after CURSOR] [--mentions] [--count]\n"
            "                    [--format table|jsonl|csv]\n\n"
            "Prints the merged events of the store FILE that match every filter.\n\n"
            "%s\n"
            "  --sort S            date (default), -date (newest first), goldstein (most\n"
            "                      conflictual first), -goldstein, mentions (most mentioned first)\n"
            "  --limit N           at most N events (0 = all, the default)\n"
            "  --offset N          skip N events\n"
            "  --after CURSOR      the page after CURSOR (printed on stderr when --limit cut the list)\n"
            "  --mentions          list every mention of each event (jsonl)\n"
            "  --count             print only the number of matching events\n"
            "  --format F          table (default), jsonl or csv\n",
            store_cli_filter_help);
}

enum { FMT_TABLE, FMT_JSONL, FMT_CSV };

typedef struct query_out {
    int format;
    parley_buf buf;
    int failed;
    char cursor[128];
} query_out;

/* At most width bytes of s on one line, cut at a UTF-8 character boundary. */
static void table_text(parley_buf *b, const char *s, size_t width) {
    if (s == NULL) return;
    size_t len = strlen(s), n = len < width ? len : width;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        parley_buf_append(b, c == '\n' || c == '\t' || c == '\r' ? " " : &s[i], 1);
    }
    if (n < len) parley_buf_puts(b, "...");
}

static int query_row(const parley_store_row *row, void *user) {
    query_out *o = user;
    const parley_event *ev = row->event;
    parley_status st = PARLEY_OK;
    if (o->format == FMT_JSONL) st = parley_event_write_json(ev, &o->buf);
    else if (o->format == FMT_CSV) st = parley_event_write_csv(ev, &o->buf);
    else {
        char hex[17];
        parley_event_id_hex(row->event_id, hex);
        parley_buf_printf(&o->buf, "%-10s %-10s %-10s %-4s %d %5.1f %4d  %s  ", ev->date[0] ? ev->date : "-",
                          ev->source.present ? ev->source.code : "-", ev->target.present ? ev->target.code : "-",
                          ev->cameo, ev->quad, ev->goldstein, ev->num_mentions, hex);
        table_text(&o->buf, ev->evidence_text, 70);
        parley_buf_puts(&o->buf, "\n");
    }
    snprintf(o->cursor, sizeof o->cursor, "%s", row->cursor);
    if (st != PARLEY_OK || (o->buf.len > 1 << 16 && store_cli_flush(&o->buf, stdout) != 0)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cmd_query(int argc, char **argv) {
    parley_store_query q;
    memset(&q, 0, sizeof q);
    const char *db = NULL;
    int bad = 0, count_only = 0;
    query_out o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        int f;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            query_usage(stdout);
            return 0;
        }
        if ((f = store_cli_filter_opt(&q, argc, argv, &i)) != 0) {
            bad = f < 0;
        } else if ((v = store_cli_value("--db", argc, argv, &i, &bad)) != NULL) {
            db = v;
        } else if (!bad && (v = store_cli_value("--sort", argc, argv, &i, &bad)) != NULL) {
            if (strcmp(v, "date") == 0) q.sort = PARLEY_SORT_DATE;
            else if (strcmp(v, "-date") == 0) q.sort = PARLEY_SORT_DATE_DESC;
            else if (strcmp(v, "goldstein") == 0) q.sort = PARLEY_SORT_GOLDSTEIN;
            else if (strcmp(v, "-goldstein") == 0) q.sort = PARLEY_SORT_GOLDSTEIN_DESC;
            else if (strcmp(v, "mentions") == 0) q.sort = PARLEY_SORT_MENTIONS_DESC;
            else {
                fprintf(stderr, "parley query: unknown --sort '%s'\n", v);
                bad = 1;
            }
        } else if (!bad && (v = store_cli_value("--limit", argc, argv, &i, &bad)) != NULL) {
            bad = (q.limit = store_cli_count("--limit", v)) < 0;
        } else if (!bad && (v = store_cli_value("--offset", argc, argv, &i, &bad)) != NULL) {
            bad = (q.offset = store_cli_count("--offset", v)) < 0;
        } else if (!bad && (v = store_cli_value("--after", argc, argv, &i, &bad)) != NULL) {
            q.after = v;
        } else if (!bad && (v = store_cli_value("--format", argc, argv, &i, &bad)) != NULL) {
            if (strcmp(v, "table") == 0) o.format = FMT_TABLE;
            else if (strcmp(v, "jsonl") == 0) o.format = FMT_JSONL;
            else if (strcmp(v, "csv") == 0) o.format = FMT_CSV;
            else {
                fprintf(stderr, "parley query: unknown --format '%s'\n", v);
                bad = 1;
            }
        } else if (!bad && strcmp(argv[i], "--mentions") == 0) {
            q.with_mentions = 1;
        } else if (!bad && strcmp(argv[i], "--count") == 0) {
            count_only = 1;
        } else if (!bad) {
            fprintf(stderr, "parley query: unknown argument '%s'\n", argv[i]);
            bad = 1;
        }
    }
    if (!bad && db == NULL) {
        fprintf(stderr, "parley query: --db FILE is required\n");
        bad = 1;
    }
    if (bad) {
        query_usage(stderr);
        return 1;
    }
    parley_store *s = NULL;
    parley_error err;
    parley_error_clear(&err);
    if (parley_store_open(&s, db, PARLEY_STORE_READONLY, &err) != PARLEY_OK) {
        store_cli_error("query", &err);
        return 1;
    }
    int rc = 0;
    if (count_only) {
        long long n = 0;
        if (parley_store_count(s, &q, &n, &err) != PARLEY_OK) {
            store_cli_error("query", &err);
            rc = 1;
        } else {
            printf("%lld\n", n);
        }
    } else {
        if (o.format == FMT_CSV) parley_event_write_csv_header(&o.buf);
        long rows = 0;
        parley_status st = parley_store_query_events(s, &q, query_row, &o, &rows, &err);
        if (st != PARLEY_OK) {
            store_cli_error("query", &err);
            rc = 1;
        }
        if (o.failed || store_cli_flush(&o.buf, stdout) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "parley query: cannot write the output\n");
            rc = 1;
        }
        if (rc == 0 && q.limit > 0 && rows == q.limit)
            fprintf(stderr, "parley query: more with --after '%s'\n", o.cursor);
    }
    parley_buf_free(&o.buf);
    parley_store_close(s, NULL);
    return rc;
}
