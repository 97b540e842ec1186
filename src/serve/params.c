/* params.c - decoding and validating the query parameters of the API.
 *
 * Every endpoint accepts an explicit list of parameters; anything else, a
 * repeated parameter, a malformed date or code, or a limit out of range is
 * refused with a reason that http.c turns into a 400 JSON error. Validation
 * is strict on purpose: the values go on to the store's prepared statements
 * and the reasons tell a client exactly what to fix. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"

void serve_params_init(serve_params *p) {
    p->n = 0;
    p->used = 0;
    p->overflow = 0;
}

static const char *params_copy(serve_params *p, const char *s) {
    size_t len = strlen(s);
    if (len + 1 > sizeof p->pool - p->used) {
        p->overflow = 1;
        return NULL;
    }
    char *dst = p->pool + p->used;
    memcpy(dst, s, len + 1);
    p->used += len + 1;
    return dst;
}

void serve_params_add(serve_params *p, const char *key, const char *value) {
    if (p->n >= SERVE_MAX_PARAMS) {
        p->overflow = 1;
        return;
    }
    const char *k = params_copy(p, key ? key : "");
    const char *v = params_copy(p, value ? value : "");
    if (k == NULL || v == NULL) return;
    p->key[p->n] = k;
    p->value[p->n] = v;
    p->n++;
}

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into out (at most cap-1 bytes); returns -1 when it does not fit. */
static int params_decode(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            c = hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]);
            i += 2;
        }
        if (o + 1 >= cap) return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 0;
}

void serve_params_parse_query(serve_params *p, const char *qs, size_t n) {
    char key[1024], value[SERVE_PARAM_POOL];
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && qs[end] != '&') end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && qs[eq] != '=') eq++;
            if (params_decode(qs + i, eq - i, key, sizeof key) != 0) {
                p->overflow = 1;
                return;
            }
            if (eq < end) {
                if (params_decode(qs + eq + 1, end - eq - 1, value, sizeof value) != 0) {
                    p->overflow = 1;
                    return;
                }
                serve_params_add(p, key, value);
            } else {
                serve_params_add(p, key, NULL);
            }
        }
        i = end + 1;
    }
}

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

/* The common checks: no overflow, no empty or repeated key, every key known. */
static int params_check_keys(const serve_params *p, const char *const *known, char *err, size_t n) {
    if (p->overflow)
        return fail(err, n, "too many or too long query parameters (at most %d, %d bytes)",
                    SERVE_MAX_PARAMS, SERVE_PARAM_POOL);
    for (size_t i = 0; i < p->n; i++) {
        int ok = 0;
        for (size_t k = 0; known[k] != NULL; k++)
            if (strcmp(p->key[i], known[k]) == 0) ok = 1;
        if (!ok) {
            char shown[48];
            size_t len = strlen(p->key[i]);
            size_t j = 0;
            for (; j < len && j < sizeof shown - 1; j++)
                shown[j] = isprint((unsigned char)p->key[i][j]) && p->key[i][j] != '"' ? p->key[i][j] : '?';
            shown[j] = '\0';
            return fail(err, n, "unknown parameter '%s'", shown);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->key[i], p->key[j]) == 0)
                return fail(err, n, "parameter '%s' given more than once", p->key[i]);
    }
    return 0;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_date(const char *s) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    /* digits checked above, so strtol cannot fail here */
    int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10), d = (int)strtol(s + 8, NULL, 10);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return 0;
    return d <= days[m - 1] + (m == 2 && is_leap(y));
}

/* An actor pattern: 2 to 39 uppercase letters or digits, or such a code with
 * one '*' at its start or end ("USA*", "*GOV"). */
static int valid_actor(const char *s) {
    size_t len = strlen(s);
    if (len < 2 || len >= SERVE_CODE_LEN) return 0;
    size_t letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '*') {
            if (i != 0 && i != len - 1) return 0;
            continue;
        }
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) return 0;
        letters++;
    }
    if (len >= 2 && s[0] == '*' && s[len - 1] == '*') return 0;
    return letters >= 2;
}

static int valid_text(const char *s, size_t max) {
    size_t len = strlen(s);
    if (len == 0 || len > max) return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return 0;
    return 1;
}

/* Turns the words of q into a full-text query in which each word is a
 * quoted phrase (so punctuation and FTS operators in user text cannot make
 * a malformed query); a word ending in '*' stays a prefix search. All the
 * words must match. Returns -1 when there is no word. */
static int fts_from_words(const char *s, char *out, size_t cap) {
    size_t o = 0;
    int words = 0;
    while (*s) {
        while (*s == ' ') s++;
        const char *start = s;
        while (*s && *s != ' ') s++;
        size_t len = (size_t)(s - start);
        int prefix = len > 1 && start[len - 1] == '*';
        if (prefix) len--;
        if (len == 0 || (len == 1 && start[0] == '*')) continue;
        if (o + 2 * len + 5 >= cap) return -1;
        if (words++) out[o++] = ' ';
        out[o++] = '"';
        for (size_t i = 0; i < len; i++) {
            if (start[i] == '"') out[o++] = '"';
            out[o++] = start[i];
        }
        out[o++] = '"';
        if (prefix) out[o++] = '*';
    }
    out[o] = '\0';
    return words ? 0 : -1;
}

static int all_digits(const char *s) {
    if (*s == '\0') return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static int parse_limit(const char *v, int *out) {
    if (!all_digits(v) || strlen(v) > 7) return -1;
    long x = strtol(v, NULL, 10);
    if (x < 1 || x > SERVE_MAX_LIMIT) return -1;
    *out = (int)x;
    return 0;
}

static int parse_actor_param(const char *key, const char *v, char *out, char *err, size_t n) {
    if (!valid_actor(v))
        return fail(err, n,
                    "%s: expected an actor code of 2-39 capital letters or digits, optionally "
                    "with a leading or trailing '*' (e.g. USA, USAGOV, USA*, *GOV)", key);
    strcpy(out, v);
    return 0;
}

static int parse_dyad_param(const char *v, char *a, char *b, char *err, size_t n) {
    const char *comma = strchr(v, ',');
    char left[SERVE_CODE_LEN * 2];
    if (comma == NULL || (size_t)(comma - v) >= sizeof left)
        return fail(err, n, "dyad: expected two actor codes separated by a comma (e.g. USA,CHN)");
    memcpy(left, v, (size_t)(comma - v));
    left[comma - v] = '\0';
    if (parse_actor_param("dyad", left, a, err, n) != 0) return -1;
    return parse_actor_param("dyad", comma + 1, b, err, n);
}

static int parse_date_param(const char *key, const char *v, char *out, char *err, size_t n) {
    if (!valid_date(v))
        return fail(err, n, "%s: expected a calendar date YYYY-MM-DD between 1800 and 2200", key);
    strcpy(out, v);
    return 0;
}

/* The store's keyset cursors are opaque; accept only the characters they
 * could plausibly contain so nothing odd reaches the store. */
static int valid_cursor(const char *v, size_t max) {
    size_t len = strlen(v);
    if (len < 1 || len > max) return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)v[i]) && !strchr("-_.:~=|,", v[i])) return 0;
    return 1;
}

static const char *const events_keys[] = {"from", "to", "actor", "source", "target", "dyad",
                                          "cameo", "root", "quad", "plover", "country", "place",
                                          "reporter", "q", "sort", "limit", "cursor", NULL};
static const char *const stats_keys[] = {"from", "to", "actor", "source", "target", "dyad",
                                         "cameo", "root", "quad", "plover", "country", "place",
                                         "reporter", "q", "by", "group", NULL};

/* Parses one filter shared by /api/events and /api/stats. Returns 1 when the
 * key is not a filter, 0 when parsed, -1 on a bad value. */
static int parse_filter(const char *k, const char *v, serve_events_query *q, char *err, size_t n) {
    if (strcmp(k, "from") == 0) return parse_date_param(k, v, q->from, err, n);
    if (strcmp(k, "to") == 0) return parse_date_param(k, v, q->to, err, n);
    if (strcmp(k, "actor") == 0) return parse_actor_param(k, v, q->actor, err, n);
    if (strcmp(k, "source") == 0) return parse_actor_param(k, v, q->source, err, n);
    if (strcmp(k, "target") == 0) return parse_actor_param(k, v, q->target, err, n);
    if (strcmp(k, "reporter") == 0) return parse_actor_param(k, v, q->reporter, err, n);
    if (strcmp(k, "dyad") == 0) return parse_dyad_param(v, q->dyad_a, q->dyad_b, err, n);
    if (strcmp(k, "cameo") == 0) {
        size_t len = strlen(v);
        int root = len >= 2 ? (v[0] - '0') * 10 + (v[1] - '0') : 0;
        if (!all_digits(v) || len < 2 || len > 4 || root < 1 || root > 20)
            return fail(err, n, "cameo: expected a CAMEO code of 2-4 digits with root 01-20 (e.g. 0841)");
        strcpy(q->cameo, v);
        return 0;
    }
    if (strcmp(k, "root") == 0) {
        if (!all_digits(v) || strlen(v) != 2 || strtol(v, NULL, 10) < 1 || strtol(v, NULL, 10) > 20)
            return fail(err, n, "root: expected a CAMEO root code 01-20");
        strcpy(q->root, v);
        return 0;
    }
    if (strcmp(k, "quad") == 0) {
        if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') return fail(err, n, "quad: expected a quad class 1-4");
        q->quad = v[0] - '0';
        return 0;
    }
    if (strcmp(k, "plover") == 0) {
        size_t len = strlen(v);
        int ok = len >= 2 && len < sizeof q->plover;
        for (size_t j = 0; ok && j < len; j++) ok = isupper((unsigned char)v[j]) || v[j] == '_';
        if (!ok) return fail(err, n, "plover: expected a PLOVER event type in capitals (e.g. ASSAULT)");
        strcpy(q->plover, v);
        return 0;
    }
    if (strcmp(k, "country") == 0) {
        int ok = strlen(v) == 3;
        for (size_t j = 0; ok && j < 3; j++) ok = isupper((unsigned char)v[j]);
        if (!ok) return fail(err, n, "country: expected an ISO 3166-1 alpha-3 code (e.g. QAT)");
        strcpy(q->country, v);
        return 0;
    }
    if (strcmp(k, "place") == 0) {
        if (!valid_text(v, sizeof q->place - 1))
            return fail(err, n, "place: expected 1-%zu bytes without control characters", sizeof q->place - 1);
        strcpy(q->place, v);
        return 0;
    }
    if (strcmp(k, "q") == 0) {
        if (!valid_text(v, sizeof q->text - 1))
            return fail(err, n, "q: expected 1-%zu bytes without control characters", sizeof q->text - 1);
        strcpy(q->text, v);
        if (fts_from_words(v, q->fts, sizeof q->fts) != 0) return fail(err, n, "q: expected at least one word");
        return 0;
    }
    return 1;
}

static int check_filters(const serve_events_query *q, char *err, size_t n) {
    if (q->from[0] && q->to[0] && strcmp(q->from, q->to) > 0)
        return fail(err, n, "from (%s) is after to (%s)", q->from, q->to);
    if (q->dyad_a[0] && (q->source[0] || q->target[0] || q->actor[0]))
        return fail(err, n, "dyad cannot be combined with actor, source or target");
    return 0;
}

int serve_events_query_parse(const serve_params *p, serve_events_query *q, char *err, size_t n) {
    memset(q, 0, sizeof *q);
    q->limit = SERVE_DEFAULT_LIMIT;
    q->sort = SERVE_SORT_DATE_DESC;
    if (params_check_keys(p, events_keys, err, n) != 0) return -1;
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->key[i], *v = p->value[i];
        int r = parse_filter(k, v, q, err, n);
        if (r < 0) return -1;
        if (r == 0) continue;
        if (strcmp(k, "sort") == 0) {
            if (strcmp(v, "date") == 0) q->sort = SERVE_SORT_DATE_ASC;
            else if (strcmp(v, "-date") == 0) q->sort = SERVE_SORT_DATE_DESC;
            else if (strcmp(v, "goldstein") == 0) q->sort = SERVE_SORT_GOLDSTEIN_ASC;
            else if (strcmp(v, "-goldstein") == 0) q->sort = SERVE_SORT_GOLDSTEIN_DESC;
            else return fail(err, n, "sort: expected date, -date, goldstein or -goldstein");
        } else if (strcmp(k, "limit") == 0) {
            if (parse_limit(v, &q->limit) != 0)
                return fail(err, n, "limit: expected an integer from 1 to %d", SERVE_MAX_LIMIT);
        } else if (strcmp(k, "cursor") == 0) {
            if (!valid_cursor(v, sizeof q->cursor - 1))
                return fail(err, n, "cursor: not a cursor this server gave out");
            strcpy(q->cursor, v);
        }
    }
    return check_filters(q, err, n);
}

int serve_stats_query_parse(const serve_params *p, serve_stats_query *q, char *err, size_t n) {
    memset(q, 0, sizeof *q);
    q->by = SERVE_BY_MONTH;
    q->group = SERVE_GROUP_QUAD;
    if (params_check_keys(p, stats_keys, err, n) != 0) return -1;
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->key[i], *v = p->value[i];
        int r = parse_filter(k, v, &q->f, err, n);
        if (r < 0) return -1;
        if (r == 0) continue;
        if (strcmp(k, "by") == 0) {
            if (strcmp(v, "day") == 0) q->by = SERVE_BY_DAY;
            else if (strcmp(v, "week") == 0) q->by = SERVE_BY_WEEK;
            else if (strcmp(v, "month") == 0) q->by = SERVE_BY_MONTH;
            else return fail(err, n, "by: expected day, week or month");
        } else if (strcmp(k, "group") == 0) {
            if (strcmp(v, "quad") == 0) q->group = SERVE_GROUP_QUAD;
            else if (strcmp(v, "root") == 0) q->group = SERVE_GROUP_ROOT;
            else return fail(err, n, "group: expected quad or root");
        }
    }
    return check_filters(&q->f, err, n);
}

static const char *const actors_keys[] = {"prefix", "sort", "limit", NULL};

int serve_actors_query_parse(const serve_params *p, serve_actors_query *q, char *err, size_t n) {
    memset(q, 0, sizeof *q);
    q->limit = SERVE_DEFAULT_LIMIT;
    if (params_check_keys(p, actors_keys, err, n) != 0) return -1;
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->key[i], *v = p->value[i];
        if (strcmp(k, "prefix") == 0) {
            size_t len = strlen(v);
            int ok = len >= 1 && len < SERVE_CODE_LEN;
            for (size_t j = 0; ok && j < len; j++)
                ok = isupper((unsigned char)v[j]) || isdigit((unsigned char)v[j]);
            if (!ok) return fail(err, n, "prefix: expected 1-39 capital letters or digits");
            strcpy(q->prefix, v);
        } else if (strcmp(k, "sort") == 0) {
            if (strcmp(v, "code") == 0) q->by_count = 0;
            else if (strcmp(v, "count") == 0) q->by_count = 1;
            else return fail(err, n, "sort: expected code or count");
        } else if (strcmp(k, "limit") == 0) {
            if (parse_limit(v, &q->limit) != 0)
                return fail(err, n, "limit: expected an integer from 1 to %d", SERVE_MAX_LIMIT);
        }
    }
    return 0;
}

static const char *const no_keys[] = {NULL};

int serve_no_params(const serve_params *p, char *err, size_t n) {
    return params_check_keys(p, no_keys, err, n);
}

int serve_parse_event_id(const char *s, uint64_t *id) {
    size_t len = strlen(s);
    if (len < 1 || len > 16) return -1;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        int h = hex_value(s[i]);
        if (h < 0) return -1;
        x = x * 16 + (uint64_t)h;
    }
    *id = x;
    return 0;
}
