/* event_json_fast.c - a single-pass reader for the event lines parley writes.
 *
 * `parley load` spends most of its time turning event lines back into
 * parley_event; jansson builds a tree of every value, allocates each string
 * twice and looks keys up by hashing. This reader walks the line once,
 * dispatches on the key names of docs/events.md (in the writer's order first)
 * and decodes the strings straight into the caller's arena. It accepts only
 * what it understands completely and checks what the jansson reader checks;
 * anything else (unknown or escaped keys, duplicates, \u0000, odd numbers,
 * invalid values) makes it decline, and event_json.c then lets jansson decide
 * and word the error. fuzz_event_json.c checks that the two agree. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/event_json_internal.h"
#include "io/io_internal.h"
#include "io/json_escape.h"

typedef struct ep {
    const char *p, *end;
    parley_arena *arena;
} ep;

static void skip_ws(ep *e) {
    while (e->p < e->end && (*e->p == ' ' || *e->p == '\t' || *e->p == '\n' || *e->p == '\r')) e->p++;
}

/* Consumes c after optional white space. */
static int take(ep *e, char c) {
    skip_ws(e);
    if (e->p == e->end || *e->p != c) return 0;
    e->p++;
    return 1;
}

static int take_word(ep *e, const char *word, size_t n) {
    if ((size_t)(e->end - e->p) < n || memcmp(e->p, word, n) != 0) return 0;
    e->p += n;
    return 1;
}

/* A null value where the jansson reader treats null as absent. */
static int take_null(ep *e) {
    skip_ws(e);
    return take_word(e, "null", 4);
}

enum { STR_ESCAPED = 1, STR_NON_ASCII = 2 };

/* Finds the closing quote of the string whose body starts at e->p and
   leaves e->p past it. Fails on control characters, a dangling backslash or
   an unterminated string. Escapes are only stepped over here. */
static int scan_string(ep *e, const char **body, size_t *body_len, int *flags) {
    const char *q = e->p;
    *flags = 0;
    for (;;) {
        /* 8 bytes at a time while none is a quote, a backslash, a control
           character or a non-ASCII byte */
        while (e->end - q >= 8) {
            uint64_t w;
            memcpy(&w, q, 8);
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
            uint64_t hit = ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((w - ones * 0x20) & ~w) | w;
            if (hit & high) break;
            q += 8;
        }
        if (q == e->end) return 0;
        unsigned char c = (unsigned char)*q;
        if (c == '"') break;
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (e->end - q < 2) return 0;
            *flags |= STR_ESCAPED;
            q += 2;
            continue;
        }
        if (c >= 0x80) *flags |= STR_NON_ASCII;
        q++;
    }
    *body = e->p;
    *body_len = (size_t)(q - e->p);
    e->p = q + 1;
    if ((*flags & STR_NON_ASCII) && io_utf8_check(*body, *body_len) != (size_t)-1) return 0;
    return 1;
}

/* Decodes the escapes of a scanned body into out (room for n + 1 bytes:
   decoding never lengthens). Declines what jansson would reject or what
   the fast path leaves to it: \u0000 and unpaired surrogates. */
static int decode_escapes(const char *s, size_t n, char *out, size_t *out_len) {
    const char *end = s + n;
    size_t o = 0;
    while (s < end) {
        const char *bs = memchr(s, '\\', (size_t)(end - s));
        size_t run = bs ? (size_t)(bs - s) : (size_t)(end - s);
        memcpy(out + o, s, run);
        o += run;
        if (bs == NULL) break;
        s = bs + 2; /* scan_string guaranteed the byte after the backslash */
        char d;
        switch (bs[1]) {
        case '"': d = '"'; break;
        case '\\': d = '\\'; break;
        case '/': d = '/'; break;
        case 'b': d = '\b'; break;
        case 'f': d = '\f'; break;
        case 'n': d = '\n'; break;
        case 'r': d = '\r'; break;
        case 't': d = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (end - s < 4 || !io_json_hex4(s, &cp) || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || !io_json_hex4(s + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                s += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            o += util_utf8_put(cp, out + o);
            continue;
        }
        default:
            return 0;
        }
        out[o++] = d;
    }
    out[o] = '\0';
    *out_len = o;
    return 1;
}

/* A string value (or null: "") copied into the arena. */
static int read_str(ep *e, const char **out) {
    skip_ws(e);
    if (e->p == e->end) return 0;
    if (*e->p != '"') {
        if (!take_word(e, "null", 4)) return 0;
        *out = "";
        return 1;
    }
    e->p++;
    const char *body;
    size_t n, m;
    int flags;
    if (!scan_string(e, &body, &n, &flags)) return 0;
    char *s = parley_arena_alloc(e->arena, n + 1);
    if (s == NULL) return 0;
    if (flags & STR_ESCAPED) {
        if (!decode_escapes(body, n, s, &m)) return 0;
    } else {
        memcpy(s, body, n);
        s[n] = '\0';
    }
    *out = s;
    return 1;
}

/* A string value (or null: "") into a fixed field of cap bytes. */
static int read_fixed(ep *e, char *dst, size_t cap) {
    skip_ws(e);
    dst[0] = '\0';
    if (e->p == e->end) return 0;
    if (*e->p != '"') return take_word(e, "null", 4);
    e->p++;
    const char *body;
    size_t n, m;
    int flags;
    if (!scan_string(e, &body, &n, &flags)) return 0;
    if (flags & STR_ESCAPED) {
        char tmp[64];
        if (n >= sizeof tmp || !decode_escapes(body, n, tmp, &m) || m >= cap) return 0;
        memcpy(dst, tmp, m + 1);
        return 1;
    }
    if (n >= cap) return 0;
    memcpy(dst, body, n);
    dst[n] = '\0';
    return 1;
}

/* The decimals parley writes (-5.0, 30.0444, 0.8) without strtod: when the
   digits form an integer below 2^53 and the point is at most 22 places to
   the left, m / 10^k is one correctly rounded IEEE division of two exact
   values, the same double strtod gives. Anything else (exponents, more
   digits) returns 0 for strtod. The grammar was checked by the caller. */
static int exact_decimal(const char *s, const char *end, double *out) {
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int neg = *s == '-';
    uint64_t m = 0;
    int frac = -1, digits = 0;
    for (s += neg; s < end; s++) {
        if (*s == '.') {
            frac = 0;
            continue;
        }
        if (*s < '0' || *s > '9') return 0;
        if (++digits > 15) return 0; /* 10^15 < 2^53 */
        m = m * 10 + (uint64_t)(*s - '0');
        if (frac >= 0) frac++;
    }
    double v = (double)m / pow10[frac < 0 ? 0 : frac];
    *out = neg ? -v : v;
    return 1;
}

/* A JSON number in strict grammar; *is_int when it has no fraction or
   exponent. Integers of more than 18 digits are left to jansson, which
   decides what overflows; reals are read with strtod as jansson does. */
static int read_number(ep *e, int *is_int, long long *ival, double *dval) {
    skip_ws(e);
    const char *start = e->p, *s = io_json_scan_number(e->p, e->end, is_int, ival);
    if (s == NULL) return 0;
    e->p = s;
    if (*is_int) {
        *dval = (double)*ival;
        return 1;
    }
    if (exact_decimal(start, s, dval)) return 1;
    char tmp[64];
    size_t n = (size_t)(s - start);
    if (n >= sizeof tmp) return 0;
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    *dval = strtod(tmp, NULL);
    return isfinite(*dval);
}

/* An integer within lo..hi; null keeps *out (the caller's default). */
static int read_int(ep *e, long long lo, long long hi, long long *out) {
    if (take_null(e)) return 1;
    int is_int;
    long long v;
    double d;
    if (!read_number(e, &is_int, &v, &d) || !is_int || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

static int read_i32(ep *e, int32_t *out) {
    long long v = *out;
    if (!read_int(e, INT32_MIN, INT32_MAX, &v)) return 0;
    *out = (int32_t)v;
    return 1;
}

/* A number; null is 0. */
static int read_num(ep *e, double *out) {
    *out = 0.0;
    if (take_null(e)) return 1;
    int is_int;
    long long v;
    return read_number(e, &is_int, &v, out);
}

static int read_bool(ep *e, int *out) {
    skip_ws(e);
    *out = 0;
    if (take_word(e, "true", 4)) *out = 1;
    else if (!take_word(e, "false", 5) && !take_word(e, "null", 4)) return 0;
    return 1;
}

/* ---------- objects ---------- */

/* The members of one object: keys[i] of the table of that object. seen has
   one bit per key, so a duplicate declines (jansson rejects duplicates). */
typedef struct key {
    const char *name;
    size_t len;
} key;

#define KEY(s) {(s), sizeof(s) - 1}

typedef struct obj {
    const key *keys;
    int n_keys, next;
    uint32_t seen;
    int first;
} obj;

/* Opens an object at the value position: 1 object, 2 null, 0 neither. */
static int obj_open(ep *e, obj *o, const key *keys, int n_keys) {
    skip_ws(e);
    if (take_word(e, "null", 4)) return 2;
    if (e->p == e->end || *e->p != '{') return 0;
    e->p++;
    o->keys = keys;
    o->n_keys = n_keys;
    o->next = 0;
    o->seen = 0;
    o->first = 1;
    return 1;
}

/* The index of the next member's key (its ':' consumed), -1 at the closing
   brace, -2 on anything to decline. */
static int obj_key(ep *e, obj *o) {
    skip_ws(e);
    if (e->p == e->end) return -2;
    if (*e->p == '}' && o->first) {
        e->p++;
        return -1;
    }
    if (!o->first) {
        if (*e->p == '}') {
            e->p++;
            return -1;
        }
        if (*e->p != ',') return -2;
        e->p++;
        skip_ws(e);
    }
    o->first = 0;
    if (e->p == e->end || *e->p != '"') return -2;
    const char *k = ++e->p, *q = k;
    while (q < e->end && *q != '"') q++; /* keys are short: no memchr call */
    if (q == e->end) return -2;
    size_t n = (size_t)(q - k);
    e->p = q + 1;
    int idx = -2;
    /* the writer's order first: nearly always the next key of the table */
    for (int i = o->next, t = 0; t < o->n_keys; t++, i = i + 1 == o->n_keys ? 0 : i + 1) {
        if (o->keys[i].len == n && memcmp(o->keys[i].name, k, n) == 0) {
            idx = i;
            break;
        }
    }
    /* an unknown key, or a known one spelled with escapes or control bytes */
    if (idx < 0 || (o->seen & (1u << idx))) return -2;
    o->seen |= 1u << idx;
    o->next = idx + 1 == o->n_keys ? 0 : idx + 1;
    if (!take(e, ':')) return -2;
    return idx;
}

enum { SPAN_START, SPAN_END };

static const key actor_keys[] = {KEY("code"), KEY("name"), KEY("text"), KEY("start"), KEY("end")};

static int read_actor(ep *e, parley_actor *a) {
    obj o;
    int r = obj_open(e, &o, actor_keys, 5);
    if (r != 1) return r == 2;
    a->present = 1;
    for (;;) {
        int k = obj_key(e, &o), ok;
        if (k == -1) return 1;
        switch (k) {
        case 0: ok = read_fixed(e, a->code, sizeof a->code); break;
        case 1: ok = read_str(e, &a->name); break;
        case 2: ok = read_str(e, &a->text); break;
        case 3: ok = read_i32(e, &a->span.start); break;
        case 4: ok = read_i32(e, &a->span.end); break;
        default: return 0;
        }
        if (!ok) return 0;
    }
}

static const key evidence_keys[] = {KEY("text"), KEY("start"), KEY("end")};

/* evidence {text,start,end} and action {start,end}: text is NULL for action. */
static int read_span_obj(ep *e, parley_span *span, const char **text) {
    obj o;
    int r = text ? obj_open(e, &o, evidence_keys, 3) : obj_open(e, &o, evidence_keys + 1, 2);
    if (r != 1) return r == 2;
    for (;;) {
        int k = obj_key(e, &o), ok;
        if (k == -1) return 1;
        if (text == NULL && k >= 0) k++;
        switch (k) {
        case 0: ok = read_str(e, text); break;
        case 1: ok = read_i32(e, &span->start); break;
        case 2: ok = read_i32(e, &span->end); break;
        default: return 0;
        }
        if (!ok) return 0;
    }
}

static const key place_keys[] = {KEY("name"), KEY("country"), KEY("admin1"), KEY("lat"),
                                 KEY("lon"),  KEY("start"),   KEY("end"),    KEY("dateline")};

static int read_place(ep *e, parley_place *pl) {
    obj o;
    int r = obj_open(e, &o, place_keys, 8);
    if (r != 1) return r == 2;
    pl->present = 1;
    for (;;) {
        int k = obj_key(e, &o), ok;
        if (k == -1) return 1;
        switch (k) {
        case 0: ok = read_str(e, &pl->name); break;
        case 1: ok = read_fixed(e, pl->country, sizeof pl->country); break;
        case 2: ok = read_str(e, &pl->admin1); break;
        case 3: ok = read_num(e, &pl->lat); break;
        case 4: ok = read_num(e, &pl->lon); break;
        case 5: ok = read_i32(e, &pl->span.start); break;
        case 6: ok = read_i32(e, &pl->span.end); break;
        case 7: ok = read_bool(e, &pl->dateline); break;
        default: return 0;
        }
        if (!ok) return 0;
    }
}

static const key quantity_keys[] = {KEY("kind"), KEY("value"), KEY("unit"), KEY("approximate"),
                                    KEY("text"), KEY("start"), KEY("end")};

static int read_quantity(ep *e, parley_quantity *q) {
    obj o;
    q->kind = q->unit = q->text = "";
    q->span.start = q->span.end = -1;
    if (obj_open(e, &o, quantity_keys, 7) != 1) return 0; /* items must be objects */
    for (;;) {
        int k = obj_key(e, &o), ok;
        if (k == -1) return 1;
        switch (k) {
        case 0: ok = read_str(e, &q->kind); break;
        case 1: ok = read_num(e, &q->value); break;
        case 2: ok = read_str(e, &q->unit); break;
        case 3: ok = read_bool(e, &q->approximate); break;
        case 4: ok = read_str(e, &q->text); break;
        case 5: ok = read_i32(e, &q->span.start); break;
        case 6: ok = read_i32(e, &q->span.end); break;
        default: return 0;
        }
        if (!ok) return 0;
    }
}

static const key mention_keys[] = {KEY("doc_id"), KEY("sentence"), KEY("reporter")};

static void actor_clear(parley_actor *a) {
    memset(a, 0, sizeof *a);
    a->name = a->text = "";
    a->span.start = a->span.end = -1;
}

static int read_mention(ep *e, parley_mention *m) {
    obj o;
    m->doc_id = "";
    actor_clear(&m->reporter);
    if (obj_open(e, &o, mention_keys, 3) != 1) return 0;
    for (;;) {
        int k = obj_key(e, &o), ok;
        if (k == -1) return 1;
        switch (k) {
        case 0: ok = read_str(e, &m->doc_id); break;
        case 1: ok = read_i32(e, &m->sentence); break;
        case 2: ok = read_actor(e, &m->reporter); break;
        default: return 0;
        }
        if (!ok) return 0;
    }
}

/* A list of objects (or null) into a growing arena array of item_size
   bytes per item, zero-filled before read_item sees it. */
static int read_list(ep *e, void **items, size_t *n_items, size_t item_size, int (*read_item)(ep *, void *)) {
    if (take_null(e)) return 1;
    if (!take(e, '[')) return 0;
    size_t n = 0, cap = 0;
    char *arr = NULL;
    skip_ws(e);
    if (e->p < e->end && *e->p == ']') {
        e->p++;
        return 1;
    }
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            char *grown = parley_arena_alloc(e->arena, ncap * item_size);
            if (grown == NULL) return 0;
            if (n) memcpy(grown, arr, n * item_size);
            arr = grown;
            cap = ncap;
        }
        memset(arr + n * item_size, 0, item_size);
        if (!read_item(e, arr + n * item_size)) return 0;
        n++;
        skip_ws(e);
        if (e->p == e->end) return 0;
        if (*e->p == ']') {
            e->p++;
            break;
        }
        if (*e->p != ',') return 0;
        e->p++;
    }
    *items = arr;
    *n_items = n;
    return 1;
}

static int read_quantity_item(ep *e, void *item) { return read_quantity(e, item); }
static int read_mention_item(ep *e, void *item) { return read_mention(e, item); }

/* The value of "id" is not read back (the id is recomputed from the event),
   but it must still be a well-formed string or null. */
static int skip_id(ep *e) {
    if (take_null(e)) return 1;
    if (e->p == e->end || *e->p != '"') return 0;
    e->p++;
    const char *body;
    size_t n;
    int flags;
    if (!scan_string(e, &body, &n, &flags)) return 0;
    if (flags & STR_ESCAPED) {
        char *tmp = parley_arena_alloc(e->arena, n + 1);
        size_t m;
        if (tmp == NULL || !decode_escapes(body, n, tmp, &m)) return 0;
    }
    return 1;
}

enum {
    K_ID, K_DOC_ID, K_SENTENCE, K_DATE, K_DATE_END, K_DATE_TEXT, K_DATE_FLAGGED, K_SOURCE, K_TARGET, K_REPORTER,
    K_CAMEO, K_ROOT, K_QUAD, K_GOLDSTEIN, K_PLOVER, K_NEGATED, K_INTENT, K_EVIDENCE, K_ACTION, K_CONFIDENCE,
    K_PATTERN, K_PLACE, K_QUANTITIES, K_MENTIONS, K_NUM_MENTIONS, K_NUM_SOURCES, K_NUM_ARTICLES, K_COUNT
};

static const key event_keys[K_COUNT] = {
    KEY("id"),       KEY("doc_id"),     KEY("sentence"),     KEY("date"),        KEY("date_end"),
    KEY("date_text"), KEY("date_flagged"), KEY("source"),    KEY("target"),      KEY("reporter"),
    KEY("cameo"),    KEY("root"),       KEY("quad"),         KEY("goldstein"),   KEY("plover"),
    KEY("negated"),  KEY("intent"),     KEY("evidence"),     KEY("action"),      KEY("confidence"),
    KEY("pattern"),  KEY("place"),      KEY("quantities"),   KEY("mentions"),    KEY("num_mentions"),
    KEY("num_sources"), KEY("num_articles")};

static int read_member(ep *e, int k, parley_event *ev) {
    long long v;
    void *items = NULL;
    switch (k) {
    case K_ID: return skip_id(e);
    case K_DOC_ID: return read_str(e, &ev->doc_id);
    case K_SENTENCE:
        v = 0;
        if (!read_int(e, 0, INT32_MAX, &v)) return 0;
        ev->sentence = (int32_t)v;
        return 1;
    case K_DATE: return read_fixed(e, ev->date, sizeof ev->date);
    case K_DATE_END: return read_fixed(e, ev->date_end, sizeof ev->date_end);
    case K_DATE_TEXT: return read_str(e, &ev->date_text);
    case K_DATE_FLAGGED: return read_bool(e, &ev->date_flagged);
    case K_SOURCE: return read_actor(e, &ev->source);
    case K_TARGET: return read_actor(e, &ev->target);
    case K_REPORTER: return read_actor(e, &ev->reporter);
    case K_CAMEO: return read_fixed(e, ev->cameo, sizeof ev->cameo);
    case K_ROOT: return read_fixed(e, ev->root, sizeof ev->root);
    case K_QUAD:
        v = 1;
        if (!read_int(e, 1, 4, &v)) return 0;
        ev->quad = (int)v;
        return 1;
    case K_GOLDSTEIN: return read_num(e, &ev->goldstein);
    case K_PLOVER: return read_str(e, &ev->plover);
    case K_NEGATED: return read_bool(e, &ev->negated);
    case K_INTENT: return read_bool(e, &ev->intent);
    case K_EVIDENCE: return read_span_obj(e, &ev->evidence, &ev->evidence_text);
    case K_ACTION: return read_span_obj(e, &ev->action, NULL);
    case K_CONFIDENCE: return read_num(e, &ev->confidence);
    case K_PATTERN: return read_str(e, &ev->pattern);
    case K_PLACE: return read_place(e, &ev->place);
    case K_QUANTITIES:
        if (!read_list(e, &items, &ev->n_quantities, sizeof *ev->quantities, read_quantity_item)) return 0;
        ev->quantities = items;
        return 1;
    case K_MENTIONS:
        if (!read_list(e, &items, &ev->n_mentions, sizeof *ev->mentions, read_mention_item)) return 0;
        ev->mentions = items;
        return 1;
    case K_NUM_MENTIONS:
    case K_NUM_SOURCES:
    case K_NUM_ARTICLES:
        v = 0;
        if (!read_int(e, 0, INT32_MAX, &v)) return 0;
        if (k == K_NUM_MENTIONS) ev->num_mentions = (int)v;
        else if (k == K_NUM_SOURCES) ev->num_sources = (int)v;
        else ev->num_articles = (int)v;
        return 1;
    default: return 0;
    }
}

/* The checks the jansson reader makes after reading the values. */
static int event_valid(parley_event *ev) {
    if (ev->doc_id[0] == '\0' || !io_event_date_valid(ev->date) || !io_event_date_valid(ev->date_end)) return 0;
    if (strlen(ev->cameo) < 2 || !io_event_digits_valid(ev->cameo)) return 0;
    if (ev->root[0] == '\0') memcpy(ev->root, ev->cameo, 2), ev->root[2] = '\0';
    if (strlen(ev->root) != 2 || memcmp(ev->root, ev->cameo, 2) != 0) return 0;
    return ev->goldstein >= -10.0 && ev->goldstein <= 10.0;
}

int io_event_read_json_fast(parley_event *ev, const char *line, size_t len, parley_arena *arena) {
    io_event_clear(ev);
    ev->quad = 1; /* the jansson reader's default when the key is absent */
    ep e = {line, line + len, arena};
    obj o;
    if (obj_open(&e, &o, event_keys, K_COUNT) != 1) return 0;
    for (;;) {
        int k = obj_key(&e, &o);
        if (k == -1) break;
        if (k < 0 || !read_member(&e, k, ev)) return 0;
    }
    skip_ws(&e);
    return e.p == e.end && event_valid(ev);
}
