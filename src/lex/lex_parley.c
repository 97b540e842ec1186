/* lex_parley.c - the reader of parley's own dictionary format (see
 * docs/dictionaries.md): one directive per line (actor, adj, person with
 * indented role/default lines, agent, synset, action, discard), fields
 * separated by '|'. A malformed line is reported with file, line and reason
 * and leaves nothing behind (the arrays are rolled back), or stops the load
 * under opts.strict. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"
#include "parley/cameo.h"

#define MAX_FIELDS 512

typedef struct parse_state {
    parley_dict *d;
    const char *path;
    long line;
    uint32_t person;   /* the person (or actor, adj) whose role lines may follow, or LEX_NONE */
    const char *why;   /* reason of the current failure */
    unsigned kind;     /* PARLEY_DICT_* kind of the line just parsed */
    int nomem;
} parse_state;

static void strip_comment(char *s) {
    for (char *c = s; *c; c++) {
        if (*c == '#' && (c == s || c[-1] == ' ' || c[-1] == '\t')) {
            *c = '\0';
            return;
        }
    }
}

static int split_fields(char *s, char **fields) {
    int n = 0;
    for (;;) {
        char *bar = strchr(s, '|');
        if (bar) *bar = '\0';
        if (n == MAX_FIELDS) return -1;
        fields[n++] = lex_trim(s);
        if (bar == NULL) return n;
        s = bar + 1;
    }
}

static int fail(parse_state *st, const char *why) {
    st->why = why;
    return -1;
}

static int phrase_result(parse_state *st, long n) {
    if (n == -1) {
        st->nomem = 1;
        return fail(st, "out of memory");
    }
    if (n == -2) return fail(st, "phrase longer than 32 tokens");
    if (n == 0) return fail(st, "phrase has no tokens");
    return 0;
}

static int parse_names(parse_state *st, parley_actor_kind kind, char **f, int nf) {
    if (!lex_valid_actor_code(f[0])) return fail(st, "bad code (upper-case letters and digits, < 40)");
    if (nf < 2) return fail(st, "no phrase after the code");
    uint32_t e = lex_add_entry(st->d, kind, f[0], f[1]);
    if (e == LEX_NONE) return phrase_result(st, -1);
    for (int i = 1; i < nf; i++) {
        if (f[i][0] == '\0') return fail(st, "empty phrase");
        if (phrase_result(st, lex_add_phrase(st->d, e, f[i], strlen(f[i]), 0, 0)) != 0) return -1;
    }
    /* indented role lines may follow: a group that changes code on a date */
    st->person = e;
    return 0;
}

static int parse_agent_phrase(parse_state *st, uint32_t e, char *f) {
    char *brace = strchr(f, '{');
    if (brace == NULL) {
        size_t n = strlen(f);
        if (strchr(f, '}')) return fail(st, "'}' without '{'");
        int no_plural = n > 0 && f[n - 1] == '_';
        if (no_plural) f[--n] = '\0';
        f = lex_trim(f);
        if (f[0] == '\0') return fail(st, "empty phrase");
        return phrase_result(st, lex_add_agent_phrase(st->d, e, f, strlen(f), !no_plural));
    }
    char *close = strchr(brace, '}');
    if (close == NULL) return fail(st, "unclosed '{'");
    if (*lex_trim(close + 1) != '\0') return fail(st, "text after '{plural}'");
    *brace = '\0';
    *close = '\0';
    char *base = lex_trim(f);
    size_t bn = strlen(base);
    if (bn > 0 && base[bn - 1] == '_') base[--bn] = '\0';
    if (base[0] == '\0') return fail(st, "empty phrase before '{'");
    if (phrase_result(st, lex_add_agent_phrase(st->d, e, base, bn, 0)) != 0) return -1;
    char *p = brace + 1;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        char *pl = lex_trim(p);
        if (pl[0] == '\0') return fail(st, "empty plural in '{...}'");
        if (phrase_result(st, lex_add_agent_plural(st->d, e, base, bn, pl, strlen(pl))) != 0) return -1;
        if (comma == NULL) return 0;
        p = comma + 1;
    }
}

/* Each agent noun is an entry of its own, named by its singular form, so a
 * match says which noun it was ("foreign ministries" -> "foreign ministry"). */
static int parse_agent(parse_state *st, char **f, int nf) {
    if (!lex_valid_actor_code(f[0])) return fail(st, "bad sector code");
    if (nf < 2) return fail(st, "no noun after the code");
    for (int i = 1; i < nf; i++) {
        char name[256];
        snprintf(name, sizeof name, "%s", f[i]);
        char *brace = strchr(name, '{');
        if (brace) *brace = '\0';
        char *nm = lex_trim(name);
        size_t nn = strlen(nm);
        if (nn > 0 && nm[nn - 1] == '_') nm[nn - 1] = '\0';
        uint32_t e = lex_add_entry(st->d, PARLEY_ACTOR_AGENT, f[0], lex_trim(nm));
        if (e == LEX_NONE) return phrase_result(st, -1);
        if (parse_agent_phrase(st, e, f[i]) != 0) return -1;
    }
    return 0;
}

static int parse_person(parse_state *st, char **f, int nf) {
    const char *id = f[0];
    if (id[0] == '\0') return fail(st, "person without an ID");
    for (const char *c = id; *c; c++)
        if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' || *c == '-'))
            return fail(st, "person ID must be lower-case letters, digits, '_' or '-'");
    if (nf < 2 || f[1][0] == '\0') return fail(st, "person without a name");
    uint32_t idk = lex_intern_put(&st->d->strings, st->d->arena, id, strlen(id));
    if (idk == LEX_NONE) return phrase_result(st, -1);
    if (lex_map_get(&st->d->person_ids, idk) != LEX_NONE) return fail(st, "duplicate person ID");
    uint32_t e = lex_add_entry(st->d, PARLEY_ACTOR_PERSON, "", f[1]);
    if (e == LEX_NONE) return phrase_result(st, -1);
    for (int i = 1; i < nf; i++) {
        if (f[i][0] == '\0') return fail(st, "empty phrase");
        if (phrase_result(st, lex_add_phrase(st->d, e, f[i], strlen(f[i]), 0, 0)) != 0) return -1;
    }
    if (lex_map_put(&st->d->person_ids, idk, e) != 0) return phrase_result(st, -1);
    st->d->n_persons++;
    st->person = e;
    return 0;
}

static int parse_date_field(const char *s, int32_t open, int32_t *out) {
    if (strcmp(s, "-") == 0) {
        *out = open;
        return 0;
    }
    if (strlen(s) != 10) return -1;
    *out = lex_parse_date(s);
    return *out == 0 ? -1 : 0;
}

/* "role CODE FROM TO | title" or "default CODE", inside a person block */
static int parse_role(parse_state *st, const char *directive, char *rest) {
    if (st->person == LEX_NONE) return fail(st, "role or default outside a person, actor or adj block");
    char *title = strchr(rest, '|');
    if (title) *title++ = '\0';
    char *words[4];
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(rest, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (n == 4) return fail(st, "too many fields");
        words[n++] = tok;
    }
    lex_entry *e = &st->d->entries[st->person];
    if (strcmp(directive, "default") == 0) {
        if (n != 1 || title) return fail(st, "expected 'default CODE'");
        if (!lex_valid_actor_code(words[0])) return fail(st, "bad code");
        snprintf(e->code, sizeof e->code, "%s", words[0]);
        return 0;
    }
    if (n != 3) return fail(st, "expected 'role CODE FROM TO | title'");
    if (!lex_valid_actor_code(words[0])) return fail(st, "bad code");
    int32_t from, to;
    if (parse_date_field(words[1], LEX_DATE_OPEN_FROM, &from) != 0 ||
        parse_date_field(words[2], LEX_DATE_OPEN_TO, &to) != 0)
        return fail(st, "dates must be YYYY-MM-DD or '-'");
    if (from > to) return fail(st, "role ends before it starts");
    if (lex_add_role(st->d, st->person, words[0], from, to, title ? lex_trim(title) : "") != 0)
        return phrase_result(st, -1);
    return 0;
}

static int parse_synset(parse_state *st, char **f, int nf) {
    const char *name = f[0];
    if (name[0] != '&' || name[1] == '\0') return fail(st, "synset name must start with '&'");
    for (const char *c = name + 1; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_')) return fail(st, "bad synset name");
    if (nf < 2) return fail(st, "synset without members");
    for (int i = 1; i < nf; i++) {
        if (f[i][0] == '\0') return fail(st, "empty synset member");
        int r = lex_add_member(st->d, name + 1, strlen(name + 1), f[i], strlen(f[i]));
        if (r == -2) return fail(st, "synset name or member too long");
        if (r != 0) return phrase_result(st, -1);
    }
    st->d->n_synsets++;
    return 0;
}

static int parse_action(parse_state *st, char **f, int nf) {
    if (!lex_valid_action_code(f[0])) return fail(st, "bad CAMEO code (2 to 4 digits)");
    if (parley_cameo_lookup(f[0]) == NULL) return fail(st, "not a CAMEO 1.1b3 event code");
    if (nf < 2) return fail(st, "action without patterns");
    char origin[300];
    snprintf(origin, sizeof origin, "%s:%ld", st->path, st->line);
    for (int i = 1; i < nf; i++) {
        parley_pattern p;
        const char *why = lex_parse_pattern(st->d, f[i], strlen(f[i]), f[0], origin, &p);
        if (why != NULL) {
            if (strcmp(why, "out of memory") == 0) st->nomem = 1;
            return fail(st, why);
        }
        if (lex_add_pattern(st->d, &p) != 0) return phrase_result(st, -1);
    }
    return 0;
}

static int parse_discard(parse_state *st, char **f, int nf) {
    if (f[0][0] != '\0') return fail(st, "expected 'discard | phrase | ...'");
    if (nf < 2) return fail(st, "discard without phrases");
    for (int i = 1; i < nf; i++) {
        if (f[i][0] == '\0') return fail(st, "empty phrase");
        if (phrase_result(st, lex_add_phrase(st->d, LEX_NONE, f[i], strlen(f[i]), 0, 1)) != 0) return -1;
        st->d->n_discards++;
    }
    return 0;
}

static int parse_line(parse_state *st, char *line) {
    int indented = line[0] == ' ' || line[0] == '\t';
    strip_comment(line);
    char *s = lex_trim(line);
    if (*s == '\0') return 0;
    char *word_end = s;
    while (*word_end && !isspace((unsigned char)*word_end) && *word_end != '|') word_end++;
    char directive[16];
    size_t dn = (size_t)(word_end - s);
    if (dn >= sizeof directive) return fail(st, "unknown directive");
    memcpy(directive, s, dn);
    directive[dn] = '\0';
    char *rest = word_end;
    if (strcmp(directive, "role") == 0 || strcmp(directive, "default") == 0) {
        if (!indented) return fail(st, "role and default lines must be indented under a person");
        st->kind = PARLEY_DICT_ACTORS;
        return parse_role(st, directive, rest);
    }
    st->person = LEX_NONE;
    char *f[MAX_FIELDS];
    int nf = split_fields(rest, f);
    if (nf < 0) return fail(st, "too many fields");
    st->kind = PARLEY_DICT_ACTORS;
    if (strcmp(directive, "actor") == 0) return parse_names(st, PARLEY_ACTOR_NAME, f, nf);
    if (strcmp(directive, "adj") == 0) return parse_names(st, PARLEY_ACTOR_ADJ, f, nf);
    if (strcmp(directive, "person") == 0) return parse_person(st, f, nf);
    st->kind = PARLEY_DICT_AGENTS;
    if (strcmp(directive, "agent") == 0) return parse_agent(st, f, nf);
    st->kind = PARLEY_DICT_ACTIONS;
    if (strcmp(directive, "synset") == 0) return parse_synset(st, f, nf);
    if (strcmp(directive, "action") == 0) return parse_action(st, f, nf);
    st->kind = PARLEY_DICT_DISCARDS;
    if (strcmp(directive, "discard") == 0) return parse_discard(st, f, nf);
    return fail(st, "unknown directive");
}

parley_status lex_load_parley_text(parley_dict *d, const char *path, char *text, size_t len,
                                   parley_error *err) {
    parse_state st = {d, path, 0, LEX_NONE, NULL, 0, 0};
    char *p = text, *end = text + len;
    char *line;
    while ((line = lex_next_line(&p, end)) != NULL) {
        st.line++;
        lex_mark mark;
        lex_mark_take(d, &mark);
        st.kind = 0;
        if (parse_line(&st, line) == 0) {
            /* a kind the caller replaces by the field's files: checked, then forgotten */
            if (st.kind & d->opts.skip_kinds) lex_mark_rollback(d, &mark);
            continue;
        }
        lex_mark_rollback(d, &mark);
        if (st.nomem) return parley_error_set(err, PARLEY_ERR_NOMEM, path, st.line, "out of memory");
        parley_status s = lex_malformed(d, err, path, st.line, "%s", st.why);
        if (s != PARLEY_OK) return s;
    }
    return PARLEY_OK;
}
