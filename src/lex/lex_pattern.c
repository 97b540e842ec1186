/* lex_pattern.c - parley's action-pattern syntax (docs/dictionaries.md)
 * turned into parley_pattern, and the specificity rule the coder uses to
 * prefer one matching pattern over another.
 *
 * Specificity is the number of constraints a pattern puts on the sentence:
 * one for a direct-object head, one per prepositional dependent (whatever
 * its head, "*" and "+" included, because the dependent must be there), one
 * for a particle. "consult +" has 0, "hold talk (with +)" has 2. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lex/lex_internal.h"

int lex_specificity(const parley_pattern *p) {
    return (p->object && p->object[0] ? 1 : 0) + p->n_preps + (p->particle && p->particle[0] ? 1 : 0);
}

/* A lemma or synset reference as stored: synsets upper-case with '&', words lower-case. */
static const char *word_key(parley_dict *d, const char *w, size_t n) {
    char buf[256];
    if (n == 0 || n >= sizeof buf) return NULL;
    if (w[0] == '&') {
        for (size_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)w[i]);
        buf[n] = '\0';
    } else {
        n = lex_lower(w, n, buf, sizeof buf);
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '_') buf[i] = ' ';
    }
    return lex_istr(d, buf, n);
}

static int valid_word(const char *w, size_t n) {
    if (n == 0) return 0;
    if (w[0] == '&') return n > 1;
    for (size_t i = 0; i < n; i++)
        if (w[i] == '(' || w[i] == ')' || w[i] == '|' || w[i] == '&') return 0;
    return !(n == 1 && (w[0] == '+' || w[0] == '-' || w[0] == '*'));
}

const char *lex_parse_pattern(parley_dict *d, const char *text, size_t len, const char *code,
                              const char *origin, parley_pattern *p) {
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "%s", code);
    p->particle = p->object = "";
    const char *s = text, *end = text + len;
    int first = 1, plus = 0, prep_target = 0;
    while (s < end) {
        while (s < end && isspace((unsigned char)*s)) s++;
        if (s >= end) break;
        if (*s == '(') {
            const char *close = memchr(s, ')', (size_t)(end - s));
            if (close == NULL) return "unclosed '(' in pattern";
            if (first) return "a pattern must start with its predicate lemma";
            if (p->n_preps == 4) return "more than 4 prepositional constraints";
            const char *in = s + 1;
            while (in < close && isspace((unsigned char)*in)) in++;
            const char *last_end = close;
            while (last_end > in && isspace((unsigned char)last_end[-1])) last_end--;
            const char *last = last_end;
            while (last > in && !isspace((unsigned char)last[-1])) last--;
            const char *prep_end = last;
            while (prep_end > in && isspace((unsigned char)prep_end[-1])) prep_end--;
            if (prep_end <= in) return "'(prep word)' needs a preposition and a word";
            for (const char *c = in; c < close; c++)
                if (*c == '(' || *c == '|') return "nested '(' in pattern";
            parley_pattern_prep *pp = &p->preps[p->n_preps];
            size_t hn = (size_t)(last_end - last);
            if (hn == 1 && (*last == '+' || *last == '*')) {
                pp->head = *last == '+' ? "+" : "*";
                if (*last == '+') {
                    if (prep_target || plus) return "more than one target in pattern";
                    prep_target = 1;
                }
            } else if (valid_word(last, hn)) {
                pp->head = word_key(d, last, hn);
            } else {
                return "bad word in '(prep word)'";
            }
            char prep[128];
            size_t pn = lex_lower(in, (size_t)(prep_end - in), prep, sizeof prep);
            pp->prep = lex_istr(d, prep, pn);
            if (pp->prep == NULL || pp->head == NULL) return "out of memory";
            p->n_preps++;
            s = close + 1;
            continue;
        }
        const char *w = s;
        while (s < end && !isspace((unsigned char)*s) && *s != '(') s++;
        size_t n = (size_t)(s - w);
        if (first) {
            first = 0;
            if (*w == '~') {
                p->nominal = 1;
                w++;
                n--;
            }
            if (!valid_word(w, n) || *w == '&' || *w == '_') return "bad predicate lemma";
            const char *us = memchr(w, '_', n);
            size_t ln = us ? (size_t)(us - w) : n;
            p->lemma = word_key(d, w, ln);
            if (us != NULL) {
                if (us + 1 >= w + n) return "empty particle after '_'";
                p->particle = word_key(d, us + 1, (size_t)(w + n - us - 1));
            }
            if (p->lemma == NULL || p->particle == NULL) return "out of memory";
            continue;
        }
        if (n == 1 && *w == '+') {
            if (plus || prep_target) return "more than one target in pattern";
            plus = 1;
        } else if (n == 1 && *w == '-') {
            p->no_target = 1;
        } else if (n == 1 && *w == ')') {
            return "')' without '('";
        } else if (valid_word(w, n)) {
            if (p->object[0]) return "more than one direct object in pattern";
            p->object = word_key(d, w, n);
            if (p->object == NULL) return "out of memory";
        } else {
            return "bad element in pattern";
        }
    }
    if (first) return "empty pattern";
    if (p->no_target && (plus || prep_target)) return "'-' (no target) together with a target";
    p->object_is_target = plus || (!p->no_target && !prep_target && p->object[0]);
    p->specificity = lex_specificity(p);
    p->text = lex_istr(d, text, len);
    p->origin = lex_istr(d, origin, strlen(origin));
    if (p->text == NULL || p->origin == NULL) return "out of memory";
    return NULL;
}
