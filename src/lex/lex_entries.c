/* lex_entries.c - recording what the loaders read: entries (actors,
 * adjectives, persons and their dated roles, agents), phrases as sequences
 * of interned token ids, synset members and patterns.
 *
 * Phrases are cut with parley_text_tokenize_phrase(), the same tokenizer
 * the text stage uses, so a dictionary phrase and the words of a sentence
 * split alike ("U.S." stays one token). A snapshot/rollback pair lets a
 * loader drop everything a malformed line had already recorded. */
#include <stdio.h>
#include <string.h>

#include "lex/lex_internal.h"
#include "parley/text.h"

uint32_t lex_add_entry(parley_dict *d, parley_actor_kind kind, const char *code, const char *name) {
    if (d->n_entries >= LEX_NONE - 1 ||
        lex_grow((void **)&d->entries, &d->cap_entries, d->n_entries + 1, sizeof *d->entries) != 0)
        return LEX_NONE;
    const char *nm = lex_istr(d, name, strlen(name));
    if (nm == NULL) return LEX_NONE;
    lex_entry *e = &d->entries[d->n_entries];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    snprintf(e->code, sizeof e->code, "%s", code);
    e->name = nm;
    e->first_role = (uint32_t)d->n_roles;
    return (uint32_t)d->n_entries++;
}

int lex_add_role(parley_dict *d, uint32_t entry, const char *code, int32_t from, int32_t to,
                 const char *title) {
    if (lex_grow((void **)&d->roles, &d->cap_roles, d->n_roles + 1, sizeof *d->roles) != 0) return -1;
    const char *t = lex_istr(d, title ? title : "", title ? strlen(title) : 0);
    if (t == NULL) return -1;
    lex_role *r = &d->roles[d->n_roles];
    snprintf(r->code, sizeof r->code, "%s", code);
    r->from = from;
    r->to = to;
    r->title = t;
    lex_entry *e = &d->entries[entry];
    /* roles of one entry are contiguous: loaders add them right after the entry */
    if (e->n_roles == 0) e->first_role = (uint32_t)d->n_roles;
    e->n_roles++;
    d->n_roles++;
    return 0;
}

/* Tokenises text into interned ids appended to d->toks; returns the count or -1/-2/0. */
static long tokenize_into(parley_dict *d, const char *text, size_t len) {
    const char **forms = NULL;
    parley_arena_reset(d->scratch);
    size_t n = parley_text_tokenize_phrase(text, len, d->scratch, &forms);
    if (n == 0 || forms == NULL) return 0;
    if (n > LEX_MAX_PHRASE) return -2;
    if (lex_grow((void **)&d->toks, &d->cap_toks, d->n_toks + n, sizeof *d->toks) != 0) return -1;
    char low[512];
    for (size_t i = 0; i < n; i++) {
        size_t l = lex_lower(forms[i], strlen(forms[i]), low, sizeof low);
        uint32_t id = lex_intern_put(&d->strings, d->arena, low, l);
        if (id == LEX_NONE) return -1;
        d->toks[d->n_toks + i] = id;
    }
    return (long)n;
}

static int push_phrase(parley_dict *d, uint32_t entry, size_t first, size_t n, int plural, int discard) {
    if (lex_grow((void **)&d->phrases, &d->cap_phrases, d->n_phrases + 1, sizeof *d->phrases) != 0)
        return -1;
    lex_phrase *p = &d->phrases[d->n_phrases++];
    p->entry = entry;
    p->tok_first = (uint32_t)first;
    p->n_toks = (uint16_t)n;
    p->plural = (uint8_t)plural;
    p->discard = (uint8_t)discard;
    return 0;
}

long lex_add_phrase(parley_dict *d, uint32_t entry, const char *text, size_t len, int plural,
                    int discard) {
    size_t first = d->n_toks;
    long n = tokenize_into(d, text, len);
    if (n <= 0) return n;
    d->n_toks += (size_t)n;
    if (push_phrase(d, entry, first, (size_t)n, plural, discard) != 0) return -1;
    return n;
}

long lex_add_agent_phrase(parley_dict *d, uint32_t entry, const char *text, size_t len,
                          int generate_plural) {
    long n = lex_add_phrase(d, entry, text, len, 0, 0);
    if (n <= 0 || !generate_plural) return n;
    size_t first = d->phrases[d->n_phrases - 1].tok_first;
    char plural[256];
    if (lex_plural(d->strings.strs[d->toks[first + (size_t)n - 1]], plural, sizeof plural) != 0)
        return n;
    uint32_t pid = lex_intern_put(&d->strings, d->arena, plural, strlen(plural));
    if (pid == LEX_NONE ||
        lex_grow((void **)&d->toks, &d->cap_toks, d->n_toks + (size_t)n, sizeof *d->toks) != 0)
        return -1;
    size_t pfirst = d->n_toks;
    memmove(d->toks + pfirst, d->toks + first, ((size_t)n - 1) * sizeof *d->toks);
    d->toks[pfirst + (size_t)n - 1] = pid;
    d->n_toks += (size_t)n;
    if (push_phrase(d, entry, pfirst, (size_t)n, 1, 0) != 0) return -1;
    return n;
}

long lex_add_agent_plural(parley_dict *d, uint32_t entry, const char *base, size_t blen,
                          const char *plural, size_t plen) {
    size_t bfirst = d->n_toks;
    long nb = tokenize_into(d, base, blen);
    if (nb <= 0) return nb;
    d->n_toks += (size_t)nb;
    size_t pfirst = d->n_toks;
    long np = tokenize_into(d, plural, plen);
    if (np <= 0) return np;
    if (np == 1 && nb > 1) {
        /* keep the base's leading words, then the plural word */
        uint32_t last = d->toks[pfirst];
        if (lex_grow((void **)&d->toks, &d->cap_toks, pfirst + (size_t)nb, sizeof *d->toks) != 0) return -1;
        memmove(d->toks + pfirst, d->toks + bfirst, (size_t)nb * sizeof *d->toks);
        d->toks[pfirst + (size_t)nb - 1] = last;
        np = nb;
    } else {
        memmove(d->toks + bfirst, d->toks + pfirst, (size_t)np * sizeof *d->toks);
        pfirst = bfirst;
    }
    d->n_toks = pfirst + (size_t)np;
    if (push_phrase(d, entry, pfirst, (size_t)np, 1, 0) != 0) return -1;
    return np;
}

int lex_add_member(parley_dict *d, const char *synset, size_t slen, const char *lemma, size_t llen) {
    char up[128], low[256];
    if (slen >= sizeof up || llen >= sizeof low) return -2;
    for (size_t i = 0; i < slen; i++)
        up[i] = (char)((synset[i] >= 'a' && synset[i] <= 'z') ? synset[i] - 32 : synset[i]);
    size_t l = lex_lower(lemma, llen, low, sizeof low);
    uint32_t sid = lex_intern_put(&d->strings, d->arena, up, slen);
    uint32_t lid = lex_intern_put(&d->strings, d->arena, low, l);
    if (sid == LEX_NONE || lid == LEX_NONE) return -1;
    if (lex_grow((void **)&d->members, &d->cap_members, d->n_members + 1, sizeof *d->members) != 0)
        return -1;
    d->members[d->n_members].synset = sid;
    d->members[d->n_members].lemma = lid;
    d->n_members++;
    return 0;
}

int lex_add_pattern(parley_dict *d, const parley_pattern *p) {
    if (lex_grow((void **)&d->patterns, &d->cap_patterns, d->n_patterns + 1, sizeof *d->patterns) != 0)
        return -1;
    d->patterns[d->n_patterns++] = *p;
    return 0;
}

void lex_mark_take(const parley_dict *d, lex_mark *m) {
    m->entries = d->n_entries;
    m->roles = d->n_roles;
    m->phrases = d->n_phrases;
    m->toks = d->n_toks;
    m->patterns = d->n_patterns;
    m->members = d->n_members;
    m->persons = d->n_persons;
    m->synsets = d->n_synsets;
    m->discards = d->n_discards;
}

void lex_mark_rollback(parley_dict *d, const lex_mark *m) {
    d->n_entries = m->entries;
    d->n_roles = m->roles;
    d->n_phrases = m->phrases;
    d->n_toks = m->toks;
    d->n_patterns = m->patterns;
    d->n_members = m->members;
    d->n_persons = m->persons;
    d->n_synsets = m->synsets;
    d->n_discards = m->discards;
}
