/* event_csv.c - an event as one CSV record (RFC 4180).
 *
 * One flat row per event for spreadsheets and R/pandas: actors, place and
 * evidence are spread over columns, quantities are packed into one column as
 * "kind=value unit;..." (a list does not fit a flat table). Records end in
 * CRLF as the RFC says. The column list is docs/events.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"

static const char *const csv_columns[] = {
    "id", "doc_id", "sentence", "date", "date_end", "date_text", "date_flagged",
    "source_code", "source_name", "source_text", "source_start", "source_end",
    "target_code", "target_name", "target_text", "target_start", "target_end",
    "reporter_code", "reporter_name", "cameo", "root", "quad", "goldstein", "plover", "negated", "intent",
    "confidence", "evidence_text", "evidence_start", "evidence_end", "action_start", "action_end", "pattern",
    "place_name", "place_country", "place_admin1", "place_lat", "place_lon", "quantities",
    "num_mentions", "num_sources", "num_articles"};

typedef struct cw {
    parley_buf *out;
    int fail;
    int first;
} cw;

static void cw_sep(cw *w) {
    if (!w->first && !w->fail && parley_buf_append(w->out, ",", 1) != 0) w->fail = 1;
    w->first = 0;
}

static void cw_text(cw *w, const char *s, size_t n) {
    if (w->fail) return;
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') quote = 1;
    if (!quote) {
        if (parley_buf_append(w->out, s, n) != 0) w->fail = 1;
        return;
    }
    if (parley_buf_append(w->out, "\"", 1) != 0) w->fail = 1;
    size_t run = 0;
    for (size_t i = 0; i < n && !w->fail; i++) {
        if (s[i] != '"') {
            run++;
            continue;
        }
        /* the quote itself ends the run; doubling it means writing it twice */
        if (parley_buf_append(w->out, s + i - run, run + 1) != 0 || parley_buf_append(w->out, "\"", 1) != 0)
            w->fail = 1;
        run = 0;
    }
    if (!w->fail && (parley_buf_append(w->out, s + n - run, run) != 0 || parley_buf_append(w->out, "\"", 1) != 0))
        w->fail = 1;
}

static void cw_str(cw *w, const char *s) {
    cw_sep(w);
    if (s) cw_text(w, s, strlen(s));
}

static void cw_int(cw *w, long v) {
    cw_sep(w);
    if (!w->fail && parley_buf_printf(w->out, "%ld", v) != 0) w->fail = 1;
}

static void cw_num(cw *w, double v) {
    cw_sep(w);
    if (!isfinite(v) || w->fail) return;
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    if (parley_buf_puts(w->out, tmp) != 0) w->fail = 1;
}

parley_status parley_event_write_csv_header(parley_buf *out) {
    cw w = {out, 0, 1};
    for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++) cw_str(&w, csv_columns[i]);
    if (!w.fail && parley_buf_puts(out, "\r\n") != 0) w.fail = 1;
    return w.fail ? PARLEY_ERR_NOMEM : PARLEY_OK;
}

static void cw_actor(cw *w, const parley_actor *a, int with_text) {
    cw_str(w, a->present ? a->code : "");
    cw_str(w, a->present ? a->name : "");
    if (!with_text) return;
    cw_str(w, a->present ? a->text : "");
    if (a->present) {
        cw_int(w, a->span.start);
        cw_int(w, a->span.end);
    } else {
        cw_str(w, "");
        cw_str(w, "");
    }
}

parley_status parley_event_write_csv(const parley_event *ev, parley_buf *out) {
    cw w = {out, 0, 1};
    char hex[17];
    parley_event_id_hex(parley_event_id(ev), hex);
    cw_str(&w, hex);
    cw_str(&w, ev->doc_id);
    cw_int(&w, ev->sentence);
    cw_str(&w, ev->date);
    cw_str(&w, ev->date_end);
    cw_str(&w, ev->date_text);
    cw_int(&w, ev->date_flagged ? 1 : 0);
    cw_actor(&w, &ev->source, 1);
    cw_actor(&w, &ev->target, 1);
    cw_actor(&w, &ev->reporter, 0);
    cw_str(&w, ev->cameo);
    cw_str(&w, ev->root);
    cw_int(&w, ev->quad);
    cw_num(&w, ev->goldstein);
    cw_str(&w, ev->plover);
    cw_int(&w, ev->negated ? 1 : 0);
    cw_int(&w, ev->intent ? 1 : 0);
    cw_num(&w, ev->confidence);
    cw_str(&w, ev->evidence_text);
    cw_int(&w, ev->evidence.start);
    cw_int(&w, ev->evidence.end);
    cw_int(&w, ev->action.start);
    cw_int(&w, ev->action.end);
    cw_str(&w, ev->pattern);
    cw_str(&w, ev->place.present ? ev->place.name : "");
    cw_str(&w, ev->place.present ? ev->place.country : "");
    cw_str(&w, ev->place.present ? ev->place.admin1 : "");
    if (ev->place.present) {
        cw_num(&w, ev->place.lat);
        cw_num(&w, ev->place.lon);
    } else {
        cw_str(&w, "");
        cw_str(&w, "");
    }
    parley_buf q = PARLEY_BUF_INIT;
    for (size_t i = 0; i < ev->n_quantities && !w.fail; i++) {
        const parley_quantity *qt = &ev->quantities[i];
        if (parley_buf_printf(&q, "%s%s=%s%.15g%s%s", i ? ";" : "", qt->kind ? qt->kind : "",
                              qt->approximate ? "~" : "", qt->value, qt->unit && qt->unit[0] ? " " : "",
                              qt->unit ? qt->unit : "") != 0)
            w.fail = 1;
    }
    cw_str(&w, q.data ? q.data : "");
    parley_buf_free(&q);
    cw_int(&w, ev->num_mentions);
    cw_int(&w, ev->num_sources);
    cw_int(&w, ev->num_articles);
    if (!w.fail && parley_buf_puts(out, "\r\n") != 0) w.fail = 1;
    return w.fail ? PARLEY_ERR_NOMEM : PARLEY_OK;
}
