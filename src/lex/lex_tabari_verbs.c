/* lex_tabari_verbs.c - TABARI/PETRARCH verb dictionaries mapped onto
 * parley_pattern.
 *
 * The file has synonym sets ("&LABEL" then "+WORD" lines; regular plurals
 * are added unless the word or the label ends in '_'), verb blocks
 * ("--- DESCRIPTION [CODE] ---", then verb lines "VERB {FORMS} [CODE]", then
 * pattern lines "- pre-verb * post-verb [CODE]"), '~' transformation lines
 * (counted, not applied) and '#' comments.
 *
 * Mapping: each verb of a block gets a bare pattern (its own [CODE], else
 * the block's) and one pattern per pattern line. After the '*', the first
 * noun ({A B}: its head B; &LABEL) becomes the object, '+' makes the object
 * the target, "(PREP X)" a prepositional constraint ("(PREP +)" the target).
 * Pre-verb material, further nouns, '$' after the verb and TABARI's other
 * markers cannot be expressed by parley_pattern and are counted as dropped.
 * A multi-word verb "+CORDON_OFF" is verb "cordon" with particle "off"; one
 * with words before its verb ("WIRE_+TAP") cannot be expressed and is dropped
 * (counted) rather than coded on "tap" alone. {FORMS} that are inflections of
 * the verb (matching is on lemmas) are ignored; other forms become lemmas. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"

typedef struct verb {
    const char *lemma, *particle;
} verb;

typedef struct verbs_state {
    int in_block, in_synset;
    char block_code[5];   /* "" when the block has the null code */
    verb *verbs;
    size_t n_verbs, cap_verbs;
    char synset[128];
    int synset_no_plural;
} verbs_state;

static int nomem(tabari_reader *r, const char **why) {
    r->nomem = 1;
    *why = "out of memory";
    return -1;
}

/* Lower-cased last '_'-separated part of a TABARI word: the head of a noun phrase. */
static const char *head_word(parley_dict *d, const char *w, size_t n) {
    char buf[256];
    if (n == 0 || n >= sizeof buf) return NULL;
    if (w[0] == '&') {
        for (size_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)w[i]);
        return lex_istr(d, buf, n);
    }
    while (n > 0 && w[n - 1] == '_') n--;
    const char *us = NULL;
    for (size_t i = 0; i < n; i++)
        if (w[i] == '_') us = w + i;
    if (us) {
        n -= (size_t)(us + 1 - w);
        w = us + 1;
    }
    if (n == 0) return NULL;
    n = lex_lower(w, n, buf, sizeof buf);
    return lex_istr(d, buf, n);
}

static int synset_label(tabari_reader *r, verbs_state *st, char *s, const char **why) {
    size_t n = strlen(s);
    st->synset_no_plural = n > 1 && s[n - 1] == '_';
    if (st->synset_no_plural) s[--n] = '\0';
    if (n < 2 || n - 1 >= sizeof st->synset) return *why = "bad synset label", -1;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return *why = "bad synset label", -1;
    memcpy(st->synset, s + 1, n);
    st->in_synset = 1;
    r->d->n_synsets++;
    return 0;
}

static int synset_member(tabari_reader *r, verbs_state *st, char *s, const char **why) {
    char word[256];
    int no_plural;
    size_t n = tabari_phrase(s, strlen(s), word, sizeof word, &no_plural);
    if (n == 0) return *why = "empty synset member", -1;
    size_t sl = strlen(st->synset);
    int rc = lex_add_member(r->d, st->synset, sl, word, n);
    if (rc == -2) return *why = "synset member too long", -1;
    if (rc != 0) return nomem(r, why);
    if (no_plural || st->synset_no_plural) return 0;
    char low[256], plural[300];
    lex_lower(word, n, low, sizeof low);
    char *last = strrchr(low, ' ');
    last = last ? last + 1 : low;
    size_t keep = (size_t)(last - low);
    if (keep + 1 >= sizeof plural || lex_plural(last, plural + keep, sizeof plural - keep) != 0) return 0;
    memcpy(plural, low, keep);
    rc = lex_add_member(r->d, st->synset, sl, plural, strlen(plural));
    if (rc == -1) return nomem(r, why);
    return 0;
}

static int block_header(tabari_reader *r, verbs_state *st, char *s, const char **why) {
    st->in_block = 1;
    st->n_verbs = 0;
    st->block_code[0] = '\0';
    char *open = strchr(s, '['), *close = open ? strchr(open, ']') : NULL;
    if (open == NULL) return 0;
    if (close == NULL) return *why = "unclosed '[' in block header", -1;
    int rc = tabari_action_code(open + 1, (size_t)(close - open - 1), st->block_code, sizeof st->block_code);
    if (rc < 0) return *why = "bad [CODE] in block header", -1;
    if (rc == 1) st->block_code[0] = '\0';
    (void)r;
    return 0;
}

/* Splits a trailing "[CODE]" off s. Returns 0 code, 1 null code, 2 none, -1 malformed. */
static int trailing_code(char *s, char *code, size_t cap) {
    char *open = strrchr(s, '[');
    if (open == NULL) return 2;
    char *close = strchr(open, ']');
    if (close == NULL) return -1;
    char *after = close + 1;
    while (*after == ' ' || *after == '\t') after++;
    if (*after != '\0') return -1;
    int rc = tabari_action_code(open + 1, (size_t)(close - open - 1), code, cap);
    *open = '\0';
    return rc;
}

static int add_bare(tabari_reader *r, const verb *v, const char *code, const char *text, const char **why) {
    parley_pattern p;
    memset(&p, 0, sizeof p);
    snprintf(p.code, sizeof p.code, "%s", code);
    char origin[300];
    snprintf(origin, sizeof origin, "%s:%ld", r->path, r->line);
    p.lemma = v->lemma;
    p.particle = v->particle;
    p.object = "";
    p.specificity = lex_specificity(&p);
    p.text = lex_istr(r->d, text, strlen(text));
    p.origin = lex_istr(r->d, origin, strlen(origin));
    if (p.text == NULL || p.origin == NULL || lex_add_pattern(r->d, &p) != 0) return nomem(r, why);
    return 0;
}

static int push_verb(verbs_state *st, const verb *v) {
    if (lex_grow((void **)&st->verbs, &st->cap_verbs, st->n_verbs + 1, sizeof *st->verbs) != 0) return -1;
    st->verbs[st->n_verbs++] = *v;
    return 0;
}

static int verb_line(tabari_reader *r, verbs_state *st, char *s, const char **why) {
    char text[512];
    snprintf(text, sizeof text, "%s", s);
    char code[5];
    int rc = trailing_code(s, code, sizeof code);
    if (rc < 0) return *why = "bad [CODE] on verb line", -1;
    char *forms = strchr(s, '{');
    if (forms) {
        char *close = strchr(forms, '}');
        if (close == NULL) return *why = "unclosed '{'", -1;
        if (*lex_trim(close + 1) != '\0') return *why = "text after '{...}'", -1;
        *forms++ = '\0';
        *close = '\0';
    }
    char *word = lex_trim(s);
    if (*word == '\0') return *why = "empty verb", -1;
    for (char *c = word; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_' || *c == '+' || *c == '\'' || *c == '-'))
            return *why = "bad character in verb", -1;
    char *plus = strchr(word, '+');
    if (plus && plus != word && plus[-1] != '_') return *why = "'+' must start a word of the verb", -1;
    char *vstart = plus ? plus + 1 : word;
    if (plus && plus != word) {
        r->d->tabari_dropped++;  /* words before the verb: not expressible */
        return 0;
    }
    char *vend = strchr(vstart, '_');
    size_t vn = vend ? (size_t)(vend - vstart) : strlen(vstart);
    if (vn == 0) return *why = "empty verb", -1;
    char low[256];
    if (vn >= sizeof low) return *why = "verb too long", -1;
    verb v;
    v.lemma = lex_istr(r->d, low, lex_lower(vstart, vn, low, sizeof low));
    v.particle = "";
    if (vend) {
        char part[256];
        int np;
        size_t pn = tabari_phrase(vend + 1, strlen(vend + 1), part, sizeof part, &np);
        if (pn > 0) v.particle = lex_istr(r->d, low, lex_lower(part, pn, low, sizeof low));
    }
    if (v.lemma == NULL || v.particle == NULL) return nomem(r, why);
    const char *use = rc == 0 ? code : rc == 2 ? st->block_code : "";
    verb all[17];
    size_t n_all = 0;
    all[n_all++] = v;
    if (forms) {
        char *save = NULL;
        for (char *f = strtok_r(forms, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            if (strchr(f, '_') || strchr(f, '+')) continue;  /* inflected multi-word forms */
            size_t fn = strlen(f);
            if (fn >= sizeof low) continue;
            lex_lower(f, fn, low, sizeof low);
            if (lex_is_inflection(v.lemma, low)) continue;
            if (n_all == sizeof all / sizeof all[0]) return *why = "too many {forms}", -1;
            all[n_all] = v;
            all[n_all].lemma = lex_istr(r->d, low, fn);
            if (all[n_all].lemma == NULL) return nomem(r, why);
            n_all++;
        }
    }
    for (size_t i = 0; i < n_all; i++) {
        if (use[0] == '\0')
            r->d->tabari_null_codes++;
        else if (add_bare(r, &all[i], use, text, why) != 0)
            return -1;
    }
    size_t before = st->n_verbs;
    for (size_t i = 0; i < n_all; i++)
        if (push_verb(st, &all[i]) != 0) {
            st->n_verbs = before;
            return nomem(r, why);
        }
    return 0;
}

/* The next element of a pattern: a word, "{...}" or "(...)". */
static const char *next_element(const char **p, size_t *n) {
    const char *s = *p;
    while (*s && isspace((unsigned char)*s)) s++;
    if (*s == '\0') return NULL;
    const char *start = s;
    if (*s == '{' || *s == '(') {
        const char *close = strchr(s, *s == '{' ? '}' : ')');
        if (close == NULL) {
            *n = 0;
            *p = s + strlen(s);
            return start;
        }
        s = close + 1;
    } else {
        while (*s && !isspace((unsigned char)*s) && *s != '{' && *s != '(') s++;
    }
    *n = (size_t)(s - start);
    *p = s;
    return start;
}

static int is_noun(const char *e, size_t n) {
    return isalpha((unsigned char)e[0]) || (e[0] == '&' && n > 1) || e[0] == '{';
}

/* The head of "{A B}" (the last word) or of a plain word. */
static const char *element_head(parley_dict *d, const char *e, size_t n) {
    if (e[0] != '{') return head_word(d, e, n);
    const char *end = e + n - 1;
    while (end > e + 1 && isspace((unsigned char)end[-1])) end--;
    const char *w = end;
    while (w > e + 1 && !isspace((unsigned char)w[-1])) w--;
    return head_word(d, w, (size_t)(end - w));
}

static int pattern_line(tabari_reader *r, verbs_state *st, char *s, const char **why) {
    char text[512];
    snprintf(text, sizeof text, "%s", s);
    char code[5];
    int rc = trailing_code(s + 1, code, sizeof code);
    if (rc < 0) return *why = "bad [CODE] on pattern line", -1;
    if (rc == 2) return *why = "pattern without [CODE]", -1;
    if (st->n_verbs == 0) return *why = "pattern before any verb of the block", -1;
    if (rc == 1) {
        r->d->tabari_null_codes++;
        return 0;
    }
    parley_pattern p;
    memset(&p, 0, sizeof p);
    snprintf(p.code, sizeof p.code, "%s", code);
    p.object = "";
    const char *cur = s + 1;
    const char *e;
    size_t n;
    int after = 0, plus = 0;
    size_t dropped = 0;
    while ((e = next_element(&cur, &n)) != NULL) {
        if (n == 0) return *why = "unclosed '{' or '(' in pattern", -1;
        if (n == 1 && *e == '*') {
            if (after) return *why = "two '*' in pattern", -1;
            after = 1;
            continue;
        }
        if (!after) {
            if (!(n == 1 && *e == '$')) dropped++;  /* the source before the verb is the default */
            continue;
        }
        if (n == 1 && *e == '+') {
            plus = 1;
        } else if (*e == '(') {
            const char *in = e + 1, *end = e + n - 1;
            size_t wn;
            const char *w1 = next_element(&in, &wn);
            if (w1 == NULL || w1 >= end) return *why = "empty '( )' in pattern", -1;
            const char *last = w1;
            size_t ln = wn, count = 1;
            const char *w;
            size_t k;
            while ((w = next_element(&in, &k)) != NULL && w < end) {
                last = w;
                ln = (size_t)(end - w) < k ? (size_t)(end - w) : k;
                count++;
            }
            if (count < 2) return *why = "'(PREP NOUN)' needs a preposition and a noun", -1;
            if (p.n_preps == 4 || (ln == 1 && *last == '$')) {
                dropped++;
                continue;
            }
            parley_pattern_prep *pp = &p.preps[p.n_preps];
            char low[64];
            if (wn >= sizeof low) return *why = "preposition too long", -1;
            pp->prep = lex_istr(r->d, low, lex_lower(w1, wn, low, sizeof low));
            if (ln == 1 && *last == '+')
                pp->head = "+";
            else if (is_noun(last, ln))
                pp->head = element_head(r->d, last, ln);
            else
                return *why = "bad noun in '(PREP NOUN)'", -1;
            if (pp->prep == NULL || pp->head == NULL) return nomem(r, why);
            p.n_preps++;
        } else if (is_noun(e, n)) {
            if (p.object[0]) {
                dropped++;
                continue;
            }
            p.object = element_head(r->d, e, n);
            if (p.object == NULL) return *why = "bad noun in pattern", -1;
        } else {
            dropped++;  /* '$' after the verb, '%', '^' and other TABARI markers */
        }
    }
    if (!after) return *why = "pattern without '*' (the verb)", -1;
    p.object_is_target = plus;
    char origin[300];
    snprintf(origin, sizeof origin, "%s:%ld", r->path, r->line);
    p.text = lex_istr(r->d, text, strlen(text));
    p.origin = lex_istr(r->d, origin, strlen(origin));
    if (p.text == NULL || p.origin == NULL) return nomem(r, why);
    for (size_t i = 0; i < st->n_verbs; i++) {
        parley_pattern q = p;
        q.lemma = st->verbs[i].lemma;
        q.particle = st->verbs[i].particle;
        q.specificity = lex_specificity(&q);
        if (lex_add_pattern(r->d, &q) != 0) return nomem(r, why);
    }
    r->d->tabari_dropped += dropped;
    return 0;
}

static int verbs_line(tabari_reader *r, char *line, const char **why) {
    verbs_state *st = r->state;
    tabari_strip_comment(line);
    char *s = lex_trim(line);
    if (*s == '\0') {
        st->in_synset = 0;
        return 0;
    }
    if (*s == '+' && st->in_synset) return synset_member(r, st, s + 1, why);
    st->in_synset = 0;
    if (*s == '&') return synset_label(r, st, s, why);
    if (*s == '~') {
        r->d->tabari_transforms++;
        return 0;
    }
    if (strncmp(s, "---", 3) == 0) return block_header(r, st, s, why);
    if (!st->in_block) return *why = "verb or pattern outside a '--- ... ---' block", -1;
    if (*s == '-') return pattern_line(r, st, s, why);
    return verb_line(r, st, s, why);
}

parley_status parley_dict_load_tabari_verbs(parley_dict *d, const char *path, parley_error *err) {
    verbs_state st;
    memset(&st, 0, sizeof st);
    parley_status s = tabari_load(d, path, verbs_line, &st, NULL, err);
    free(st.verbs);
    return s;
}

parley_status lex_tabari_verbs_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err) {
    verbs_state st;
    memset(&st, 0, sizeof st);
    parley_status s = tabari_parse(d, name, text, len, verbs_line, &st, NULL, err);
    free(st.verbs);
    return s;
}
