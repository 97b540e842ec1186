/* lex_tabari.c - what the TABARI/PETRARCH readers (verbs, actors, agents,
 * discards) share: the line loop with per-line rollback and warnings, comment
 * stripping, underscore-joined phrases, [CODE] fields and 6- or 8-digit dates.
 * The formats themselves are in lex_tabari_verbs.c and lex_tabari_actors.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

void tabari_strip_comment(char *line) {
    for (char *c = line; *c; c++)
        if ((*c == '#' || *c == ';') && (c == line || c[-1] == ' ' || c[-1] == '\t')) {
            *c = '\0';
            return;
        }
}

size_t tabari_phrase(const char *s, size_t n, char *out, size_t cap, int *no_plural) {
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    *no_plural = 0;
    if (n > 0 && s[n - 1] == '_') {
        *no_plural = 1;
        n--;
    }
    if (n == 0 || n >= cap) return 0;
    for (size_t i = 0; i < n; i++) out[i] = s[i] == '_' ? ' ' : s[i];
    out[n] = '\0';
    return n;
}

int tabari_action_code(const char *s, size_t n, char *code, size_t cap) {
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    if (n == 3 && memcmp(s, "---", 3) == 0) return 1;
    /* "[0211:0212]" gives a second code for the passive; parley keeps the first */
    const char *colon = memchr(s, ':', n);
    if (colon) n = (size_t)(colon - s);
    if (n < 2 || n > 4 || n >= cap) return -1;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return -1;
    memcpy(code, s, n);
    code[n] = '\0';
    return 0;
}

int32_t tabari_date(const char *s, size_t n) {
    char buf[11];
    if (n != 6 && n != 8) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    if (n == 6) {
        buf[0] = s[0] < '5' ? '2' : '1';
        buf[1] = s[0] < '5' ? '0' : '9';
        memcpy(buf + 2, s, 6);
    } else {
        memcpy(buf, s, 8);
    }
    buf[8] = '\0';
    return lex_parse_date(buf);
}

void tabari_title_case(char *s) {
    int start = 1;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalpha(c)) {
            *s = (char)(start ? toupper(c) : tolower(c));
            start = 0;
        } else {
            start = c == ' ' || c == '-';
        }
    }
}

int tabari_warn(tabari_reader *r, long line, const char *why) {
    r->fatal = lex_malformed(r->d, r->err, r->path, line, "%s", why);
    return r->fatal == PARLEY_OK ? 0 : -3;
}

parley_status tabari_parse(parley_dict *d, const char *path, char *text, size_t len, tabari_line_fn fn,
                           void *state, int (*finish)(tabari_reader *r, const char **why), parley_error *err) {
    if (d->compiled) return parley_error_set(err, PARLEY_ERR_ARG, path, 0, "dictionary already compiled");
    tabari_reader r = {d, path, 0, state, 0, err, PARLEY_OK};
    parley_status s = PARLEY_OK;
    char *p = text, *end = text + len;
    for (;;) {
        char *line = lex_next_line(&p, end);
        lex_mark mark;
        lex_mark_take(d, &mark);
        const char *why = NULL;
        int failed;
        if (line == NULL) {
            failed = finish ? finish(&r, &why) : 0;
        } else {
            r.line++;
            failed = fn(&r, line, &why);
        }
        if (failed == -3) {
            s = r.fatal;
            break;
        }
        if (failed) {
            lex_mark_rollback(d, &mark);
            if (r.nomem) {
                s = parley_error_set(err, PARLEY_ERR_NOMEM, path, r.line, "out of memory");
                break;
            }
            s = lex_malformed(d, err, path, r.line, "%s", why ? why : "malformed line");
            if (s != PARLEY_OK) break;
        }
        if (line == NULL) break;
    }
    return s;
}

parley_status tabari_load(parley_dict *d, const char *path, tabari_line_fn fn, void *state,
                          int (*finish)(tabari_reader *r, const char **why), parley_error *err) {
    if (d == NULL || path == NULL) return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no dictionary or path");
    if (d->compiled) return parley_error_set(err, PARLEY_ERR_ARG, path, 0, "dictionary already compiled");
    double t0 = lex_now();
    char *text;
    size_t len;
    parley_status s = lex_read_file(path, &text, &len, err);
    if (s != PARLEY_OK) return s;
    s = tabari_parse(d, path, text, len, fn, state, finish, err);
    free(text);
    d->load_seconds += lex_now() - t0;
    return s;
}
