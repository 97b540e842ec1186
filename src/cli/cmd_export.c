/* cmd_export.c - `parley export`: writes a store's merged events as JSON
 * Lines (with their mentions, loadable again), CSV, or a GDELT 1.0 event
 * table (TSV, no header, as GDELT ships it).
 *
 * With --out the file is written under a temporary name and renamed into
 * place only when complete, so a failed export (disk full) never leaves a
 * truncated file that looks finished. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "parley/event_io.h"
#include "parley/store.h"

static void export_usage(FILE *out) {
    fprintf(out,
            "usage: parley export --db FILE --format jsonl|csv|gdelt [--out FILE] [filters]\n\n"
            "Writes the merged events of the store (in date order) to FILE or stdout.\n"
            "  jsonl   one event per line with all its mentions (docs/events.md)\n"
            "  csv     RFC 4180 with a header line\n"
            "  gdelt   the 58 tab-separated columns of GDELT 1.0 event files, no header\n\n"
            "%s",
            store_cli_filter_help);
}

enum { EXP_JSONL, EXP_CSV, EXP_GDELT };

typedef struct export_out {
    int format;
    FILE *out;
    parley_buf buf;
    int failed;
} export_out;

static int export_row(const parley_store_row *row, void *user) {
    export_out *o = user;
    parley_status st;
    if (o->format == EXP_JSONL) st = parley_event_write_json(row->event, &o->buf);
    else if (o->format == EXP_CSV) st = parley_event_write_csv(row->event, &o->buf);
    else st = parley_event_write_gdelt_tsv(row->event, (uint64_t)row->store_id, &o->buf);
    if (st != PARLEY_OK || (o->buf.len > 1 << 16 && store_cli_flush(&o->buf, o->out) != 0)) {
        o->failed = 1;
        return 1;
    }
    return 0;
}

int cmd_export(int argc, char **argv) {
    parley_store_query q;
    memset(&q, 0, sizeof q);
    const char *db = NULL, *out_path = NULL, *format = NULL;
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        int f;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            export_usage(stdout);
            return 0;
        }
        if ((f = store_cli_filter_opt(&q, argc, argv, &i)) != 0) bad = f < 0;
        else if ((v = store_cli_value("--db", argc, argv, &i, &bad)) != NULL) db = v;
        else if (!bad && (v = store_cli_value("--out", argc, argv, &i, &bad)) != NULL) out_path = v;
        else if (!bad && (v = store_cli_value("--format", argc, argv, &i, &bad)) != NULL) format = v;
        else if (!bad) {
            fprintf(stderr, "parley export: unknown argument '%s'\n", argv[i]);
            bad = 1;
        }
    }
    export_out o;
    memset(&o, 0, sizeof o);
    if (!bad && (db == NULL || format == NULL)) {
        fprintf(stderr, "parley export: --db FILE and --format are required\n");
        bad = 1;
    } else if (!bad) {
        if (strcmp(format, "jsonl") == 0) o.format = EXP_JSONL;
        else if (strcmp(format, "csv") == 0) o.format = EXP_CSV;
        else if (strcmp(format, "gdelt") == 0) o.format = EXP_GDELT;
        else {
            fprintf(stderr, "parley export: unknown --format '%s'\n", format);
            bad = 1;
        }
    }
    if (bad) {
        export_usage(stderr);
        return 1;
    }
    q.with_mentions = o.format == EXP_JSONL;
    q.sort = PARLEY_SORT_DATE;
    parley_store *s = NULL;
    parley_error err;
    parley_error_clear(&err);
    if (parley_store_open(&s, db, PARLEY_STORE_READONLY, &err) != PARLEY_OK) {
        store_cli_error("export", &err);
        return 1;
    }
    char tmp[4096] = "";
    o.out = stdout;
    if (out_path) {
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out_path, (long)getpid());
        o.out = fopen(tmp, "wb");
        if (o.out == NULL) {
            fprintf(stderr, "parley export: %s: %s\n", tmp, strerror(errno));
            parley_store_close(s, NULL);
            return 1;
        }
    }
    int rc = 0;
    if (o.format == EXP_CSV) parley_event_write_csv_header(&o.buf);
    long rows = 0;
    if (parley_store_query_events(s, &q, export_row, &o, &rows, &err) != PARLEY_OK) {
        store_cli_error("export", &err);
        rc = 1;
    }
    if (o.failed || store_cli_flush(&o.buf, o.out) != 0 || fflush(o.out) != 0 || ferror(o.out)) {
        fprintf(stderr, "parley export: cannot write %s: %s\n", out_path ? out_path : "the output", strerror(errno));
        rc = 1;
    }
    if (out_path) {
        if (fclose(o.out) != 0 && rc == 0) {
            fprintf(stderr, "parley export: cannot write %s: %s\n", out_path, strerror(errno));
            rc = 1;
        }
        if (rc == 0 && rename(tmp, out_path) != 0) {
            fprintf(stderr, "parley export: cannot rename %s to %s: %s\n", tmp, out_path, strerror(errno));
            rc = 1;
        }
        if (rc != 0) unlink(tmp);
    }
    if (rc == 0 && out_path) fprintf(stderr, "parley export: %ld events written to %s\n", rows, out_path);
    parley_buf_free(&o.buf);
    parley_store_close(s, NULL);
    return rc;
}
