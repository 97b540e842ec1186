/* event_gdelt.c - an event as one line of a GDELT 1.0 event table (TSV).
 *
 * The 58 columns of GDELT 1.0 daily event files, in their order, so that
 * tools written for GDELT read parley's exports unchanged. An actor code is
 * split CAMEO-style into 3-letter parts: a leading ISO country becomes the
 * CountryCode, IGO/NGO/IMG/MNC the Type1Code (with IGO's organisation as the
 * KnownGroupCode), the remaining parts the TypeNCodes. parley knows only the
 * action's place, so the actor geo blocks are empty; what parley cannot know
 * (AvgTone, feature ids, ethnic and religion codes) is left empty rather
 * than invented. docs/events.md lists every column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/event_io.h"

typedef struct tw {
    parley_buf *out;
    int fail;
    int first;
} tw;

static void tw_field(tw *w, const char *s) {
    if (w->fail) return;
    if (!w->first && parley_buf_append(w->out, "\t", 1) != 0) {
        w->fail = 1;
        return;
    }
    w->first = 0;
    if (s == NULL) return;
    /* a tab or newline inside a field would shift every later column */
    size_t run = 0, n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
            run++;
            continue;
        }
        if (parley_buf_append(w->out, s + i - run, run) != 0 || parley_buf_append(w->out, " ", 1) != 0) {
            w->fail = 1;
            return;
        }
        run = 0;
    }
    if (parley_buf_append(w->out, s + n - run, run) != 0) w->fail = 1;
}

static void tw_fmt_num(tw *w, double v) {
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    tw_field(w, isfinite(v) ? tmp : "");
}

static void tw_int(tw *w, long v) {
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%ld", v);
    tw_field(w, tmp);
}

static int is_org_prefix(const char *p) {
    return strncmp(p, "IGO", 3) == 0 || strncmp(p, "NGO", 3) == 0 || strncmp(p, "IMG", 3) == 0 ||
           strncmp(p, "MNC", 3) == 0;
}

/* Actor code, name, country, known group, ethnic, religion1, religion2, type1..3. */
static void tw_actor(tw *w, const parley_actor *a) {
    char parts[13][4] = {{0}};
    size_t np = 0;
    const char *code = a->present ? a->code : "";
    for (size_t i = 0; code[i] && np < 13; i += 3, np++) {
        size_t k = strnlen(code + i, 3);
        memcpy(parts[np], code + i, k);
        if (k < 3) {
            np++;
            break;
        }
    }
    const char *country = "", *group = "";
    const char *types[3] = {"", "", ""};
    size_t nt = 0, i = 0;
    if (np > 0 && is_org_prefix(parts[0])) {
        types[nt++] = parts[0];
        if (strcmp(parts[0], "IGO") == 0 && np > 1) group = parts[1], i = 2;
        else i = 1;
    } else if (np > 0) {
        country = parts[0];
        i = 1;
    }
    for (; i < np && nt < 3; i++) types[nt++] = parts[i];
    tw_field(w, code);
    tw_field(w, a->present ? a->name : "");
    tw_field(w, country);
    tw_field(w, group);
    tw_field(w, "");
    tw_field(w, "");
    tw_field(w, "");
    for (int t = 0; t < 3; t++) tw_field(w, types[t]);
}

static void tw_geo_empty(tw *w) {
    for (int i = 0; i < 7; i++) tw_field(w, "");
}

static int days_before_month(int year, int month) {
    static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return cum[month - 1] + (leap && month > 2 ? 1 : 0);
}

/* n decimal digits at s, or -1 (sscanf's %d would also take signs and spaces). */
static int gdelt_digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

parley_status parley_event_write_gdelt_tsv(const parley_event *ev, uint64_t global_id, parley_buf *out) {
    tw w = {out, 0, 1};
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)global_id);
    tw_field(&w, tmp);
    int y = -1, m = -1, d = -1;
    if (strlen(ev->date) == 10 && ev->date[4] == '-' && ev->date[7] == '-') {
        y = gdelt_digits(ev->date, 4);
        m = gdelt_digits(ev->date + 5, 2);
        d = gdelt_digits(ev->date + 8, 2);
    }
    if (y >= 0 && y <= 9999 && d >= 0 && d <= 99 && m >= 1 && m <= 12) {
        char sqldate[16];
        snprintf(sqldate, sizeof sqldate, "%04d%02d%02d", y, m, d);
        tw_field(&w, sqldate);
        snprintf(tmp, sizeof tmp, "%04d%02d", y, m);
        tw_field(&w, tmp);
        snprintf(tmp, sizeof tmp, "%04d", y);
        tw_field(&w, tmp);
        /* GDELT's FractionDate: year + day-of-year / 365, 4 decimals */
        snprintf(tmp, sizeof tmp, "%.4f", y + (days_before_month(y, m) + d) / 365.0);
        tw_field(&w, tmp);
    } else {
        for (int i = 0; i < 4; i++) tw_field(&w, "");
        y = 0;
    }
    tw_actor(&w, &ev->source);
    tw_actor(&w, &ev->target);
    tw_int(&w, ev->sentence == 0 ? 1 : 0);
    tw_field(&w, ev->cameo);
    snprintf(tmp, sizeof tmp, "%.3s", ev->cameo);
    tw_field(&w, tmp);
    tw_field(&w, ev->root);
    tw_int(&w, ev->quad);
    tw_fmt_num(&w, ev->goldstein);
    tw_int(&w, ev->num_mentions);
    tw_int(&w, ev->num_sources);
    tw_int(&w, ev->num_articles);
    tw_field(&w, ""); /* AvgTone: parley does not measure tone */
    tw_geo_empty(&w);
    tw_geo_empty(&w);
    if (ev->place.present) {
        /* GDELT geo types: 1 country, 4 world city; parley's places are
         * countries when they carry no name beyond the country. */
        int is_country = ev->place.name == NULL || ev->place.name[0] == '\0';
        tw_int(&w, is_country ? 1 : 4);
        tw_field(&w, ev->place.name);
        tw_field(&w, ev->place.country);
        tw_field(&w, ev->place.admin1);
        tw_fmt_num(&w, ev->place.lat);
        tw_fmt_num(&w, ev->place.lon);
        tw_field(&w, "");
    } else {
        tw_geo_empty(&w);
    }
    if (y) {
        snprintf(tmp, sizeof tmp, "%04d%02d%02d", y, m, d);
        tw_field(&w, tmp);
    } else {
        tw_field(&w, "");
    }
    tw_field(&w, ev->doc_id);
    if (!w.fail && parley_buf_append(out, "\n", 1) != 0) w.fail = 1;
    return w.fail ? PARLEY_ERR_NOMEM : PARLEY_OK;
}
