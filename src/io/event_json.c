/* event_json.c - an event as one JSON line, and back.
 *
 * The writer renders with parley_buf directly (it runs once per event on the
 * coder's and the exporter's hot path, and the key order is fixed for
 * diff-able output). The reader tries the single-pass reader of
 * event_json_fast.c and otherwise uses jansson, which checks every key's type
 * so that `parley load` can report a bad line precisely and go on; both give
 * the same event for every line the fast one accepts. The key list is
 * docs/events.md. Also here: the stable event id (FNV-1a, 64 bit). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "io/event_json_internal.h"
#include "parley/event_io.h"

/* ---------- id ---------- */

static uint64_t fnv_bytes(uint64_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s) {
    if (s) h = fnv_bytes(h, s, strlen(s));
    return fnv_bytes(h, "\x1f", 1); /* a separator, so ("ab","c") != ("a","bc") */
}

/* Decimal digits of v ending just before end (room for 21 bytes); returns
   where they start.
   (snprintf was a visible share of a bulk load, which hashes and writes
   every event.) */
static char *format_long(long v, char *end) {
    char *p = end;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    return p;
}

static uint64_t fnv_long(uint64_t h, long v) {
    char tmp[24], *p = format_long(v, tmp + sizeof tmp);
    h = fnv_bytes(h, p, (size_t)(tmp + sizeof tmp - p));
    return fnv_bytes(h, "\x1f", 1);
}

int parley_event_place_keyed(const parley_event *ev) { return ev->place.present && !ev->place.dateline; }

uint64_t parley_event_id(const parley_event *ev) {
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv_str(h, ev->doc_id);
    h = fnv_long(h, ev->sentence);
    h = fnv_str(h, ev->cameo);
    h = fnv_str(h, ev->source.present ? ev->source.code : "");
    h = fnv_str(h, ev->target.present ? ev->target.code : "");
    h = fnv_long(h, ev->action.start);
    return h;
}

void parley_event_id_hex(uint64_t id, char hex[17]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, id >>= 4) hex[i] = digits[id & 15];
    hex[16] = '\0';
}

int parley_event_id_parse(const char *s, uint64_t *id) {
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 16) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = (v << 4) | (uint64_t)d;
    }
    *id = v;
    return 0;
}

/* ---------- writer ---------- */

/* Small pieces (a key, a comma, a number) are gathered in stage and
   appended to out in a few large copies: one parley_buf_append per piece,
   about a hundred per event, was most of the rendering time. */
typedef struct jw {
    parley_buf *out;
    int fail;
    size_t n;
    char stage[1024];
} jw;

static void jw_flush(jw *w) {
    if (!w->fail && w->n && parley_buf_append(w->out, w->stage, w->n) != 0) w->fail = 1;
    w->n = 0;
}

static void jw_put(jw *w, const char *s, size_t n) {
    if (n > sizeof w->stage - w->n) {
        jw_flush(w);
        if (n > sizeof w->stage) {
            if (!w->fail && parley_buf_append(w->out, s, n) != 0) w->fail = 1;
            return;
        }
    }
    memcpy(w->stage + w->n, s, n);
    w->n += n;
}

static void jw_raw(jw *w, const char *s) { jw_put(w, s, strlen(s)); }

/* Escapes as parley_buf_json_escape does: quote, backslash, \n \r \t and
   \u00XX for the other control characters. */
static void jw_str(jw *w, const char *s) {
    if (s == NULL) s = "";
    jw_put(w, "\"", 1);
    for (;;) {
        const char *run = s;
        while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\') s++;
        if (s > run) jw_put(w, run, (size_t)(s - run));
        unsigned char c = (unsigned char)*s;
        if (c == '\0') break;
        char esc[6] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
        if (c == '"' || c == '\\') esc[1] = (char)c;
        else if (c == '\n') esc[1] = 'n';
        else if (c == '\r') esc[1] = 'r';
        else if (c == '\t') esc[1] = 't';
        jw_put(w, esc, esc[1] == 'u' ? 6 : 2);
        s++;
    }
    jw_put(w, "\"", 1);
}

/* Keys are constants of this file: no escaping needed. */
static void jw_key(jw *w, const char *key) {
    size_t n = strlen(key);
    jw_put(w, "\"", 1);
    jw_put(w, key, n);
    jw_put(w, "\":", 2);
}

/* printf is a large share of rendering time; integers are common. */
static void jw_int(jw *w, long v) {
    char tmp[24], *p = format_long(v, tmp + sizeof tmp);
    jw_put(w, p, (size_t)(tmp + sizeof tmp - p));
}

/* The few-decimals values events carry (30.0444, 0.8) without printf: the
   smallest k <= 15 - digits for which m = v * 10^k is an integer below 10^15
   whose quotient m / 10^k is v again. Those k decimals are then what %.15g
   prints (v is within an ulp of m / 10^k, far below half a unit of the 15th
   digit) and they read back to v. Only for 1e-4 <= |v| < 1e15, where %g
   uses no exponent. Returns 0 to leave v to printf. */
static int jw_decimal(jw *w, double v) {
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15)) return 0;
    for (int k = 1; k <= 15; k++) {
        double scaled = a * pow10[k];
        if (scaled >= 1e15) return 0;
        double m = nearbyint(scaled);
        if (m / pow10[k] != a) continue;
        char tmp[40], *p = tmp + sizeof tmp;
        long long u = (long long)m;
        for (int i = 0; i < k; i++, u /= 10) *--p = (char)('0' + u % 10);
        *--p = '.';
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0) *--p = '-';
        jw_put(w, p, (size_t)(tmp + sizeof tmp - p));
        return 1;
    }
    return 0;
}

/* The shortest of %.15g/%.17g that reads back to the same double, so values
 * like 0.9 stay "0.9" and nothing is lost. JSON has no NaN: null. */
static void jw_num(jw *w, double v) {
    if (!isfinite(v)) {
        jw_raw(w, "null");
        return;
    }
    if (v > -1e15 && v < 1e15 && v == (double)(long)v && !(v == 0 && signbit(v))) {
        jw_int(w, (long)v);
        return;
    }
    if (jw_decimal(w, v)) return;
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    jw_raw(w, tmp);
}

static void jw_bool(jw *w, int v) { jw_raw(w, v ? "true" : "false"); }

static void jw_str_or_null(jw *w, const char *s) {
    if (s == NULL || s[0] == '\0') jw_raw(w, "null");
    else jw_str(w, s);
}

static void jw_actor(jw *w, const parley_actor *a) {
    if (!a->present) {
        jw_raw(w, "null");
        return;
    }
    jw_raw(w, "{");
    jw_key(w, "code"), jw_str(w, a->code), jw_raw(w, ",");
    jw_key(w, "name"), jw_str(w, a->name), jw_raw(w, ",");
    jw_key(w, "text"), jw_str(w, a->text), jw_raw(w, ",");
    jw_key(w, "start"), jw_int(w, a->span.start), jw_raw(w, ",");
    jw_key(w, "end"), jw_int(w, a->span.end);
    jw_raw(w, "}");
}

parley_status parley_event_write_json(const parley_event *ev, parley_buf *out) {
    jw w;
    w.out = out;
    w.fail = 0;
    w.n = 0;
    char hex[17];
    parley_event_id_hex(parley_event_id(ev), hex);
    jw_raw(&w, "{");
    jw_key(&w, "id"), jw_str(&w, hex), jw_raw(&w, ",");
    jw_key(&w, "doc_id"), jw_str(&w, ev->doc_id), jw_raw(&w, ",");
    jw_key(&w, "sentence"), jw_int(&w, ev->sentence), jw_raw(&w, ",");
    jw_key(&w, "date"), jw_str_or_null(&w, ev->date), jw_raw(&w, ",");
    jw_key(&w, "date_end"), jw_str_or_null(&w, ev->date_end), jw_raw(&w, ",");
    jw_key(&w, "date_text"), jw_str(&w, ev->date_text), jw_raw(&w, ",");
    jw_key(&w, "date_flagged"), jw_bool(&w, ev->date_flagged), jw_raw(&w, ",");
    jw_key(&w, "source"), jw_actor(&w, &ev->source), jw_raw(&w, ",");
    jw_key(&w, "target"), jw_actor(&w, &ev->target), jw_raw(&w, ",");
    jw_key(&w, "reporter"), jw_actor(&w, &ev->reporter), jw_raw(&w, ",");
    jw_key(&w, "cameo"), jw_str(&w, ev->cameo), jw_raw(&w, ",");
    jw_key(&w, "root"), jw_str(&w, ev->root), jw_raw(&w, ",");
    jw_key(&w, "quad"), jw_int(&w, ev->quad), jw_raw(&w, ",");
    jw_key(&w, "goldstein"), jw_num(&w, ev->goldstein), jw_raw(&w, ",");
    jw_key(&w, "plover"), jw_str_or_null(&w, ev->plover), jw_raw(&w, ",");
    jw_key(&w, "negated"), jw_bool(&w, ev->negated), jw_raw(&w, ",");
    jw_key(&w, "intent"), jw_bool(&w, ev->intent), jw_raw(&w, ",");
    jw_key(&w, "evidence"), jw_raw(&w, "{");
    jw_key(&w, "text"), jw_str(&w, ev->evidence_text), jw_raw(&w, ",");
    jw_key(&w, "start"), jw_int(&w, ev->evidence.start), jw_raw(&w, ",");
    jw_key(&w, "end"), jw_int(&w, ev->evidence.end), jw_raw(&w, "},");
    jw_key(&w, "action"), jw_raw(&w, "{");
    jw_key(&w, "start"), jw_int(&w, ev->action.start), jw_raw(&w, ",");
    jw_key(&w, "end"), jw_int(&w, ev->action.end), jw_raw(&w, "},");
    jw_key(&w, "confidence"), jw_num(&w, ev->confidence), jw_raw(&w, ",");
    jw_key(&w, "pattern"), jw_str(&w, ev->pattern), jw_raw(&w, ",");
    jw_key(&w, "place");
    if (ev->place.present) {
        jw_raw(&w, "{");
        jw_key(&w, "name"), jw_str(&w, ev->place.name), jw_raw(&w, ",");
        jw_key(&w, "country"), jw_str(&w, ev->place.country), jw_raw(&w, ",");
        jw_key(&w, "admin1"), jw_str(&w, ev->place.admin1), jw_raw(&w, ",");
        jw_key(&w, "lat"), jw_num(&w, ev->place.lat), jw_raw(&w, ",");
        jw_key(&w, "lon"), jw_num(&w, ev->place.lon), jw_raw(&w, ",");
        jw_key(&w, "start"), jw_int(&w, ev->place.span.start), jw_raw(&w, ",");
        jw_key(&w, "end"), jw_int(&w, ev->place.span.end);
        if (ev->place.dateline) jw_raw(&w, ","), jw_key(&w, "dateline"), jw_raw(&w, "true");
        jw_raw(&w, "}");
    } else {
        jw_raw(&w, "null");
    }
    jw_raw(&w, ",");
    jw_key(&w, "quantities"), jw_raw(&w, "[");
    for (size_t i = 0; i < ev->n_quantities; i++) {
        const parley_quantity *q = &ev->quantities[i];
        if (i) jw_raw(&w, ",");
        jw_raw(&w, "{");
        jw_key(&w, "kind"), jw_str(&w, q->kind), jw_raw(&w, ",");
        jw_key(&w, "value"), jw_num(&w, q->value), jw_raw(&w, ",");
        jw_key(&w, "unit"), jw_str(&w, q->unit), jw_raw(&w, ",");
        jw_key(&w, "approximate"), jw_bool(&w, q->approximate), jw_raw(&w, ",");
        jw_key(&w, "text"), jw_str(&w, q->text), jw_raw(&w, ",");
        jw_key(&w, "start"), jw_int(&w, q->span.start), jw_raw(&w, ",");
        jw_key(&w, "end"), jw_int(&w, q->span.end), jw_raw(&w, "}");
    }
    jw_raw(&w, "],");
    jw_key(&w, "mentions"), jw_raw(&w, "[");
    for (size_t i = 0; i < ev->n_mentions; i++) {
        const parley_mention *m = &ev->mentions[i];
        if (i) jw_raw(&w, ",");
        jw_raw(&w, "{");
        jw_key(&w, "doc_id"), jw_str(&w, m->doc_id), jw_raw(&w, ",");
        jw_key(&w, "sentence"), jw_int(&w, m->sentence), jw_raw(&w, ",");
        jw_key(&w, "reporter"), jw_actor(&w, &m->reporter), jw_raw(&w, "}");
    }
    jw_raw(&w, "],");
    jw_key(&w, "num_mentions"), jw_int(&w, ev->num_mentions), jw_raw(&w, ",");
    jw_key(&w, "num_sources"), jw_int(&w, ev->num_sources), jw_raw(&w, ",");
    jw_key(&w, "num_articles"), jw_int(&w, ev->num_articles);
    jw_raw(&w, "}\n");
    jw_flush(&w);
    return w.fail ? PARLEY_ERR_NOMEM : PARLEY_OK;
}

/* ---------- reader ---------- */

typedef struct jr {
    parley_arena *arena;
    const char *file;
    long lineno;
    parley_error *err;
    parley_status st;
} jr;

static int jr_fail(jr *r, parley_status st, const char *fmt, const char *key) {
    if (r->st == PARLEY_OK) {
        r->st = st;
        if (st == PARLEY_ERR_NOMEM) parley_error_set(r->err, st, r->file, r->lineno, "out of memory");
        else parley_error_set(r->err, st, r->file, r->lineno, fmt, key);
    }
    return -1;
}

/* Reads an optional string (absent or null -> ""). */
static int jr_str(jr *r, json_t *obj, const char *key, const char **out) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        *out = "";
        return 0;
    }
    if (!json_is_string(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a string", key);
    char *s = parley_arena_strndup(r->arena, json_string_value(v), json_string_length(v));
    if (s == NULL) return jr_fail(r, PARLEY_ERR_NOMEM, "", key);
    *out = s;
    return 0;
}

/* Reads an optional string into a fixed field; too long is a format error. */
static int jr_fixed(jr *r, json_t *obj, const char *key, char *dst, size_t cap) {
    json_t *v = json_object_get(obj, key);
    dst[0] = '\0';
    if (v == NULL || json_is_null(v)) return 0;
    if (!json_is_string(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a string", key);
    size_t n = json_string_length(v);
    if (n >= cap || strlen(json_string_value(v)) != n)
        return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" is too long", key);
    memcpy(dst, json_string_value(v), n + 1);
    return 0;
}

static int jr_int(jr *r, json_t *obj, const char *key, long lo, long hi, long dflt, long *out) {
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        *out = dflt;
        return 0;
    }
    if (!json_is_integer(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be an integer", key);
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" is out of range", key);
    *out = (long)x;
    return 0;
}

static int jr_i32(jr *r, json_t *obj, const char *key, int32_t dflt, int32_t *out) {
    long v = dflt;
    if (jr_int(r, obj, key, INT32_MIN, INT32_MAX, dflt, &v) != 0) return -1;
    *out = (int32_t)v;
    return 0;
}

static int jr_num(jr *r, json_t *obj, const char *key, double *out) {
    json_t *v = json_object_get(obj, key);
    *out = 0.0;
    if (v == NULL || json_is_null(v)) return 0;
    if (!json_is_number(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a number", key);
    *out = json_number_value(v);
    return 0;
}

static int jr_bool(jr *r, json_t *obj, const char *key, int *out) {
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (v == NULL || json_is_null(v)) return 0;
    if (!json_is_boolean(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* An optional object: returns it, NULL when absent/null, or fails. */
static int jr_obj(jr *r, json_t *obj, const char *key, json_t **out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL || json_is_null(v)) return 0;
    if (!json_is_object(v)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be an object or null", key);
    *out = v;
    return 0;
}

static int jr_span(jr *r, json_t *obj, parley_span *span) {
    span->start = span->end = -1;
    if (obj == NULL) return 0;
    if (jr_i32(r, obj, "start", -1, &span->start) || jr_i32(r, obj, "end", -1, &span->end)) return -1;
    return 0;
}

static int jr_actor(jr *r, json_t *obj, const char *key, parley_actor *a) {
    json_t *o;
    memset(a, 0, sizeof *a);
    a->name = a->text = "";
    a->span.start = a->span.end = -1;
    if (jr_obj(r, obj, key, &o) != 0) return -1;
    if (o == NULL) return 0;
    a->present = 1;
    if (jr_fixed(r, o, "code", a->code, sizeof a->code) || jr_str(r, o, "name", &a->name) ||
        jr_str(r, o, "text", &a->text) || jr_span(r, o, &a->span))
        return -1;
    return 0;
}

int io_event_date_valid(const char *s) {
    if (s[0] == '\0') return 1;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int io_event_digits_valid(const char *s) {
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int jr_quantities(jr *r, json_t *root, parley_event *ev) {
    json_t *arr = json_object_get(root, "quantities");
    if (arr == NULL || json_is_null(arr)) return 0;
    if (!json_is_array(arr)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a list", "quantities");
    size_t n = json_array_size(arr);
    if (n == 0) return 0;
    ev->quantities = parley_arena_calloc(r->arena, n, sizeof *ev->quantities);
    if (ev->quantities == NULL) return jr_fail(r, PARLEY_ERR_NOMEM, "", "");
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(arr, i);
        parley_quantity *pq = &ev->quantities[i];
        if (!json_is_object(q)) return jr_fail(r, PARLEY_ERR_FORMAT, "\"%s\" items must be objects", "quantities");
        if (jr_str(r, q, "kind", &pq->kind) || jr_num(r, q, "value", &pq->value) || jr_str(r, q, "unit", &pq->unit) ||
            jr_bool(r, q, "approximate", &pq->approximate) || jr_str(r, q, "text", &pq->text) ||
            jr_span(r, q, &pq->span))
            return -1;
        ev->n_quantities = i + 1;
    }
    return 0;
}

static int jr_mentions(jr *r, json_t *root, parley_event *ev) {
    json_t *arr = json_object_get(root, "mentions");
    if (arr == NULL || json_is_null(arr)) return 0;
    if (!json_is_array(arr)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a list", "mentions");
    size_t n = json_array_size(arr);
    if (n == 0) return 0;
    ev->mentions = parley_arena_calloc(r->arena, n, sizeof *ev->mentions);
    if (ev->mentions == NULL) return jr_fail(r, PARLEY_ERR_NOMEM, "", "");
    for (size_t i = 0; i < n; i++) {
        json_t *m = json_array_get(arr, i);
        parley_mention *pm = &ev->mentions[i];
        if (!json_is_object(m)) return jr_fail(r, PARLEY_ERR_FORMAT, "\"%s\" items must be objects", "mentions");
        if (jr_str(r, m, "doc_id", &pm->doc_id) || jr_i32(r, m, "sentence", 0, &pm->sentence) ||
            jr_actor(r, m, "reporter", &pm->reporter))
            return -1;
        ev->n_mentions = i + 1;
    }
    return 0;
}

void io_event_clear(parley_event *ev) {
    memset(ev, 0, sizeof *ev);
    ev->doc_id = ev->date_text = ev->plover = ev->evidence_text = ev->pattern = "";
    ev->source.name = ev->source.text = ev->target.name = ev->target.text = "";
    ev->reporter.name = ev->reporter.text = "";
    ev->place.name = ev->place.admin1 = "";
    ev->source.span.start = ev->source.span.end = -1;
    ev->target.span = ev->reporter.span = ev->source.span;
    ev->evidence = ev->action = ev->place.span = ev->source.span;
}

static int jr_event(jr *r, json_t *root, parley_event *ev) {
    long v;
    json_t *o;
    if (jr_str(r, root, "doc_id", &ev->doc_id)) return -1;
    if (ev->doc_id[0] == '\0') return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" is missing or empty", "doc_id");
    if (jr_int(r, root, "sentence", 0, INT32_MAX, 0, &v)) return -1;
    ev->sentence = (int32_t)v;
    if (jr_fixed(r, root, "date", ev->date, sizeof ev->date) ||
        jr_fixed(r, root, "date_end", ev->date_end, sizeof ev->date_end))
        return -1;
    if (!io_event_date_valid(ev->date)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be YYYY-MM-DD", "date");
    if (!io_event_date_valid(ev->date_end)) return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be YYYY-MM-DD", "date_end");
    if (jr_str(r, root, "date_text", &ev->date_text) || jr_bool(r, root, "date_flagged", &ev->date_flagged) ||
        jr_actor(r, root, "source", &ev->source) || jr_actor(r, root, "target", &ev->target) ||
        jr_actor(r, root, "reporter", &ev->reporter) || jr_fixed(r, root, "cameo", ev->cameo, sizeof ev->cameo) ||
        jr_fixed(r, root, "root", ev->root, sizeof ev->root))
        return -1;
    if (strlen(ev->cameo) < 2 || !io_event_digits_valid(ev->cameo))
        return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be a CAMEO code of 2 to 4 digits", "cameo");
    if (ev->root[0] == '\0') memcpy(ev->root, ev->cameo, 2), ev->root[2] = '\0';
    if (strlen(ev->root) != 2 || memcmp(ev->root, ev->cameo, 2) != 0)
        return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be the first two digits of cameo", "root");
    if (jr_int(r, root, "quad", 1, 4, 1, &v)) return -1;
    ev->quad = (int)v;
    if (jr_num(r, root, "goldstein", &ev->goldstein) || jr_str(r, root, "plover", &ev->plover) ||
        jr_bool(r, root, "negated", &ev->negated) || jr_bool(r, root, "intent", &ev->intent))
        return -1;
    if (ev->goldstein < -10.0 || ev->goldstein > 10.0)
        return jr_fail(r, PARLEY_ERR_FORMAT, "key \"%s\" must be within -10..10", "goldstein");
    if (jr_obj(r, root, "evidence", &o) || jr_span(r, o, &ev->evidence)) return -1;
    if (o && jr_str(r, o, "text", &ev->evidence_text)) return -1;
    if (jr_obj(r, root, "action", &o) || jr_span(r, o, &ev->action)) return -1;
    if (jr_num(r, root, "confidence", &ev->confidence) || jr_str(r, root, "pattern", &ev->pattern)) return -1;
    if (jr_obj(r, root, "place", &o)) return -1;
    if (o) {
        ev->place.present = 1;
        if (jr_str(r, o, "name", &ev->place.name) ||
            jr_fixed(r, o, "country", ev->place.country, sizeof ev->place.country) ||
            jr_str(r, o, "admin1", &ev->place.admin1) || jr_num(r, o, "lat", &ev->place.lat) ||
            jr_num(r, o, "lon", &ev->place.lon) || jr_span(r, o, &ev->place.span) ||
            jr_bool(r, o, "dateline", &ev->place.dateline))
            return -1;
    }
    if (jr_quantities(r, root, ev) || jr_mentions(r, root, ev)) return -1;
    if (jr_int(r, root, "num_mentions", 0, INT32_MAX, 0, &v)) return -1;
    ev->num_mentions = (int)v;
    if (jr_int(r, root, "num_sources", 0, INT32_MAX, 0, &v)) return -1;
    ev->num_sources = (int)v;
    if (jr_int(r, root, "num_articles", 0, INT32_MAX, 0, &v)) return -1;
    ev->num_articles = (int)v;
    return 0;
}

parley_status io_event_read_json_jansson(parley_event *ev, const char *line, size_t len, parley_arena *arena,
                                         const char *file, long lineno, parley_error *err) {
    io_event_clear(ev);
    json_error_t jerr;
    json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return parley_error_set(err, PARLEY_ERR_FORMAT, file, lineno, "invalid JSON at column %d: %s", jerr.column,
                                jerr.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return parley_error_set(err, PARLEY_ERR_FORMAT, file, lineno, "an event must be a JSON object");
    }
    jr r = {arena, file, lineno, err, PARLEY_OK};
    int rc = jr_event(&r, root, ev);
    json_decref(root);
    if (rc != 0) {
        io_event_clear(ev);
        return r.st;
    }
    return PARLEY_OK;
}

parley_status parley_event_read_json(parley_event *ev, const char *line, size_t len, parley_arena *arena,
                                     const char *file, long lineno, parley_error *err) {
    if (io_event_read_json_fast(ev, line, len, arena)) return PARLEY_OK;
    return io_event_read_json_jansson(ev, line, len, arena, file, lineno, err);
}
