/* lex_match.c - lookups on a compiled dictionary: the longest actor or
 * discard phrase at a position (a walk down the token trie, one hash probe
 * per token), the dated code of a person, the patterns of a predicate lemma,
 * synset membership and code names. Nothing here allocates or writes to the
 * dictionary, so any number of threads may look up at once. */
#include <string.h>

#include "lex/lex_internal.h"

#define WORD_MAX 256

static uint32_t find_lower(const parley_dict *d, const char *s, char *buf) {
    if (s == NULL) return LEX_NONE;
    size_t n = strlen(s);
    if (n >= WORD_MAX) return LEX_NONE;
    n = lex_lower(s, n, buf, WORD_MAX);
    return lex_intern_find(&d->strings, buf, n);
}

static uint32_t child(const parley_dict *d, uint32_t node, uint32_t tok) {
    if (tok == LEX_NONE) return LEX_NONE;
    return lex_map_get(&d->trie, (uint64_t)node << 32 | tok);
}

/* The role containing date; without one the default; without a default the
 * role closest in time (for an unknown date, the most recent one). */
static const char *person_code(const parley_dict *d, const lex_entry *e, int32_t date) {
    const lex_role *roles = e->n_roles ? d->roles + e->first_role : NULL;
    const lex_role *best = NULL;
    if (date != 0) {
        for (uint32_t i = 0; i < e->n_roles; i++)
            if (roles[i].from <= date && date <= roles[i].to &&
                (best == NULL || roles[i].from > best->from))
                best = &roles[i];
        if (best) return best->code;
        if (e->code[0]) return e->code;
        long best_gap = 0;
        for (uint32_t i = 0; i < e->n_roles; i++) {
            long gap = date < roles[i].from ? (long)roles[i].from - date : (long)date - roles[i].to;
            if (best == NULL || gap < best_gap) {
                best = &roles[i];
                best_gap = gap;
            }
        }
        return best ? best->code : "";
    }
    if (e->code[0]) return e->code;
    for (uint32_t i = 0; i < e->n_roles; i++)
        if (best == NULL || roles[i].from > best->from) best = &roles[i];
    return best ? best->code : "";
}

static void fill_match(const parley_dict *d, uint32_t phrase, int plural, size_t length, const char *date,
                       parley_actor_match *m) {
    const lex_entry *e = &d->entries[d->phrases[phrase].entry];
    memset(m, 0, sizeof *m);
    m->kind = e->kind;
    m->length = length;
    /* only persons need the date parsed */
    const char *code = e->n_roles > 0 ? person_code(d, e, lex_parse_date(date)) : e->code;
    size_t n = strlen(code);
    if (n >= sizeof m->code) n = sizeof m->code - 1;
    memcpy(m->code, code, n);
    m->code[n] = '\0';
    m->name = e->name;
    m->plural = plural;
    m->prefix = e->prefix;
}

int parley_dict_match_actor(const parley_dict *d, const char *const *words, const char *const *lemmas,
                            size_t n, const char *date, parley_actor_match *m) {
    if (d == NULL || !d->compiled || words == NULL || m == NULL) return 0;
    char wbuf[WORD_MAX], lbuf[WORD_MAX];
    uint32_t node = 0, best = LEX_NONE;
    size_t best_len = 0;
    int best_plural = 0;
    for (size_t i = 0; i < n && words[i] != NULL; i++) {
        uint32_t wid = find_lower(d, words[i], wbuf);
        /* agent nouns also match by the lemma of their last word ("ministries" -> "ministry") */
        if (lemmas != NULL && lemmas[i] != NULL) {
            uint32_t lid = find_lower(d, lemmas[i], lbuf);
            if (lid != wid) {
                uint32_t c = child(d, node, lid);
                if (c != LEX_NONE && d->node_phrase[c] != LEX_NONE &&
                    d->entries[d->phrases[d->node_phrase[c]].entry].kind == PARLEY_ACTOR_AGENT) {
                    best = d->node_phrase[c];
                    best_len = i + 1;
                    best_plural = 1;
                }
            }
        }
        uint32_t c = child(d, node, wid);
        if (c == LEX_NONE) break;
        node = c;
        if (d->node_phrase[c] != LEX_NONE) {
            best = d->node_phrase[c];
            best_len = i + 1;
            best_plural = d->phrases[best].plural;
        }
    }
    if (best == LEX_NONE) return 0;
    fill_match(d, best, best_plural, best_len, date, m);
    return 1;
}

size_t parley_dict_match_discard(const parley_dict *d, const char *const *words, size_t n) {
    if (d == NULL || !d->compiled || words == NULL) return 0;
    char buf[WORD_MAX];
    uint32_t node = 1;
    size_t best = 0;
    for (size_t i = 0; i < n && words[i] != NULL; i++) {
        node = child(d, node, find_lower(d, words[i], buf));
        if (node == LEX_NONE) break;
        if (d->node_discard[node]) best = i + 1;
    }
    return best;
}

const parley_pattern *parley_dict_patterns(const parley_dict *d, const char *lemma, int nominal, size_t *n) {
    if (n) *n = 0;
    if (d == NULL || !d->compiled || lemma == NULL) return NULL;
    char buf[WORD_MAX];
    uint32_t id = find_lower(d, lemma, buf);
    if (id == LEX_NONE) return NULL;
    uint32_t g = lex_map_get(&d->pattern_groups, (uint64_t)id << 1 | (nominal ? 1u : 0u));
    if (g == LEX_NONE) return NULL;
    if (n) *n = d->group_count[g];
    return d->sorted + d->group_first[g];
}

int parley_dict_word_matches(const parley_dict *d, const char *word, const char *lemma) {
    if (word == NULL || word[0] == '\0' || strcmp(word, "*") == 0 || strcmp(word, "+") == 0) return 1;
    if (lemma == NULL || d == NULL) return 0;
    char lbuf[WORD_MAX];
    int has_amp = word[0] == '&';
    const char *name = word + has_amp;
    size_t nn = strlen(name);
    uint32_t sid = LEX_NONE;
    if (nn < WORD_MAX) {
        char up[WORD_MAX];
        for (size_t i = 0; i <= nn; i++)
            up[i] = (char)((has_amp && name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i]);
        sid = lex_intern_find(&d->strings, up, nn);
        if (sid != LEX_NONE && lex_map_get(&d->synsets, sid) == LEX_NONE) sid = LEX_NONE;
    }
    if (sid != LEX_NONE) {
        uint32_t lid = find_lower(d, lemma, lbuf);
        return lid != LEX_NONE && lex_map_get(&d->synset_members, (uint64_t)sid << 32 | lid) != LEX_NONE;
    }
    if (has_amp) return 0;
    char wbuf[WORD_MAX];
    size_t wl = strlen(word), ll = strlen(lemma);
    if (wl >= WORD_MAX || ll >= WORD_MAX) return 0;
    lex_lower(word, wl, wbuf, sizeof wbuf);
    lex_lower(lemma, ll, lbuf, sizeof lbuf);
    return strcmp(wbuf, lbuf) == 0;
}

const char *parley_dict_code_name(const parley_dict *d, const char *code) {
    if (d == NULL || !d->compiled || code == NULL) return NULL;
    uint32_t id = lex_intern_find(&d->strings, code, strlen(code));
    if (id == LEX_NONE) return NULL;
    uint32_t e = lex_map_get(&d->code_names, id);
    return e == LEX_NONE ? NULL : d->entries[e].name;
}
