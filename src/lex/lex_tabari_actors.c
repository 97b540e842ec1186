/* lex_tabari_actors.c - TABARI/PETRARCH actor, agent and discard files.
 *
 * Actors: a primary line "WORDS_JOINED [CODE]", synonym lines "+WORDS",
 * and date-restriction lines starting with a blank: "[CODE <YYMMDD]" (until,
 * inclusive), "[CODE >YYMMDD]" (from, inclusive), "[CODE YYMMDD-YYMMDD]", a
 * bare "[CODE]" being the default. An actor with dated codes becomes a
 * parley person (kind PERSON, roles); without, a name. TABARI's stem
 * matching (a word without a trailing '_' also matching longer words) is not
 * reproduced: phrases match whole tokens.
 * Agents: "WORDS {PLURAL PLURAL} [~CODE]" ('~' first: the code follows the
 * country, '~' last: it precedes it); regular plurals unless a '{...}' list
 * or a trailing '_'. Discards: one phrase per line. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lex/lex_internal.h"

typedef struct actor_state {
    uint32_t entry;   /* the actor block open, or LEX_NONE */
    long entry_line;
    int has_code;
} actor_state;

static char *skip_blank(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Applies "[CODE]" or a dated "[CODE <D]" / "[CODE >D]" / "[CODE D-D]" to entry. */
static int apply_code(tabari_reader *r, actor_state *st, char *in, const char **why) {
    char *save = NULL;
    char *code = strtok_r(in, " \t", &save);
    char *when = strtok_r(NULL, " \t", &save);
    if (code == NULL) return *why = "empty [CODE]", -1;
    if (strtok_r(NULL, " \t", &save) != NULL) return *why = "too many fields in [CODE date]", -1;
    if (!lex_valid_actor_code(code)) return *why = "bad actor code", -1;
    lex_entry *e = &r->d->entries[st->entry];
    if (when == NULL) {
        snprintf(e->code, sizeof e->code, "%s", code);
        st->has_code = 1;
        return 0;
    }
    int32_t from = LEX_DATE_OPEN_FROM, to = LEX_DATE_OPEN_TO;
    char *dash = strchr(when, '-');
    if (when[0] == '<') {
        to = tabari_date(when + 1, strlen(when + 1));
        if (to == 0) return *why = "bad date after '<' (YYMMDD or YYYYMMDD)", -1;
    } else if (when[0] == '>') {
        from = tabari_date(when + 1, strlen(when + 1));
        if (from == 0) return *why = "bad date after '>' (YYMMDD or YYYYMMDD)", -1;
    } else if (dash != NULL) {
        from = tabari_date(when, (size_t)(dash - when));
        to = tabari_date(dash + 1, strlen(dash + 1));
        if (from == 0 || to == 0) return *why = "bad date range (YYMMDD-YYMMDD)", -1;
        if (from > to) return *why = "date range ends before it starts", -1;
    } else {
        return *why = "bad date restriction (<D, >D or D-D)", -1;
    }
    if (lex_add_role(r->d, st->entry, code, from, to, "") != 0) return r->nomem = 1, *why = "out of memory", -1;
    /* the primary line's bare code stays the default of the dated actor */
    e->kind = PARLEY_ACTOR_PERSON;
    st->has_code = 1;
    return 0;
}

/* Splits "PHRASE [A] [B]" into the phrase and applies each bracket. */
static int phrase_and_codes(tabari_reader *r, actor_state *st, char *s, int synonym, const char **why) {
    char *bracket = strchr(s, '[');
    if (bracket) *bracket = '\0';
    char phrase[512];
    int no_plural;
    size_t n = tabari_phrase(s, strlen(s), phrase, sizeof phrase, &no_plural);
    if (n == 0) return *why = "no phrase", -1;
    if (!synonym) {
        char name[512];
        memcpy(name, phrase, n + 1);
        tabari_title_case(name);
        st->entry = lex_add_entry(r->d, PARLEY_ACTOR_NAME, "", name);
        if (st->entry == LEX_NONE) return r->nomem = 1, *why = "out of memory", -1;
        st->entry_line = r->line;
        st->has_code = 0;
    }
    long k = lex_add_phrase(r->d, st->entry, phrase, n, 0, 0);
    if (k == -1) return r->nomem = 1, *why = "out of memory", -1;
    if (k == -2) return *why = "phrase longer than 32 tokens", -1;
    if (k == 0) return *why = "phrase has no tokens", -1;
    while (bracket != NULL) {
        char *close = strchr(bracket + 1, ']');
        if (close == NULL) return *why = "unclosed '['", -1;
        *close = '\0';
        if (apply_code(r, st, bracket + 1, why) != 0) return -1;
        char *next = skip_blank(close + 1);
        if (*next == '\0') break;
        if (*next != '[') return *why = "text after [CODE]", -1;
        bracket = next;
    }
    return 0;
}

/* An actor block without any code cannot be coded: it is reported and its
 * entry disabled (kind NONE), so its phrases never match. */
static int close_block(tabari_reader *r, actor_state *st) {
    if (st->entry == LEX_NONE || st->has_code) return 0;
    r->d->entries[st->entry].kind = PARLEY_ACTOR_NONE;
    st->entry = LEX_NONE;
    return tabari_warn(r, st->entry_line, "actor without [CODE]");
}

static int actor_line(tabari_reader *r, char *line, const char **why) {
    actor_state *st = r->state;
    int indented = line[0] == ' ' || line[0] == '\t';
    tabari_strip_comment(line);
    char *s = lex_trim(line);
    if (*s == '\0') return 0;
    if (*s == '[') {
        if (!indented) return *why = "a date restriction line must start with a blank", -1;
        if (st->entry == LEX_NONE) return *why = "date restriction without an actor", -1;
        char *close = strchr(s, ']');
        if (close == NULL) return *why = "unclosed '['", -1;
        if (*skip_blank(close + 1) != '\0') return *why = "text after [CODE]", -1;
        *close = '\0';
        return apply_code(r, st, s + 1, why);
    }
    if (*s == '+') {
        if (st->entry == LEX_NONE) return *why = "synonym without an actor", -1;
        return phrase_and_codes(r, st, s + 1, 1, why);
    }
    int w = close_block(r, st);
    if (w != 0) return w;
    if (phrase_and_codes(r, st, s, 0, why) != 0) {
        st->entry = LEX_NONE;
        return -1;
    }
    return 0;
}

static int actor_finish(tabari_reader *r, const char **why) {
    (void)why;
    return close_block(r, r->state);
}

parley_status parley_dict_load_tabari_actors(parley_dict *d, const char *path, parley_error *err) {
    actor_state st = {LEX_NONE, 0, 0};
    return tabari_load(d, path, actor_line, &st, actor_finish, err);
}

parley_status lex_tabari_actors_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err) {
    actor_state st = {LEX_NONE, 0, 0};
    return tabari_parse(d, name, text, len, actor_line, &st, actor_finish, err);
}

static int agent_line(tabari_reader *r, char *line, const char **why) {
    tabari_strip_comment(line);
    char *s = lex_trim(line);
    if (*s == '\0') return 0;
    char *open = strchr(s, '['), *close = open ? strchr(open, ']') : NULL;
    if (open == NULL || close == NULL) return *why = "agent without [~CODE]", -1;
    if (*skip_blank(close + 1) != '\0') return *why = "text after [~CODE]", -1;
    *open = *close = '\0';
    char *code = lex_trim(open + 1);
    size_t cn = strlen(code);
    int prefix = 0;
    if (cn > 0 && code[0] == '~') {
        code++;
        cn--;
    } else if (cn > 0 && code[cn - 1] == '~') {
        code[--cn] = '\0';
        prefix = 1;
    }
    if (!lex_valid_actor_code(code)) return *why = "bad agent code", -1;
    char *brace = strchr(s, '{'), *bclose = NULL;
    if (brace) {
        bclose = strchr(brace, '}');
        if (bclose == NULL) return *why = "unclosed '{'", -1;
        if (*skip_blank(bclose + 1) != '\0') return *why = "text between '{...}' and [CODE]", -1;
        *brace = *bclose = '\0';
    }
    char phrase[512];
    int no_plural;
    size_t n = tabari_phrase(s, strlen(s), phrase, sizeof phrase, &no_plural);
    if (n == 0) return *why = "no phrase", -1;
    char name[512];
    lex_lower(phrase, n, name, sizeof name);
    uint32_t e = lex_add_entry(r->d, PARLEY_ACTOR_AGENT, code, name);
    if (e == LEX_NONE) return r->nomem = 1, *why = "out of memory", -1;
    r->d->entries[e].prefix = prefix;
    long k = lex_add_agent_phrase(r->d, e, phrase, n, !no_plural && brace == NULL);
    if (k == -1) return r->nomem = 1, *why = "out of memory", -1;
    if (k <= 0) return *why = k == -2 ? "phrase longer than 32 tokens" : "phrase has no tokens", -1;
    if (brace) {
        char *save = NULL;
        for (char *pl = strtok_r(brace + 1, " \t", &save); pl; pl = strtok_r(NULL, " \t", &save)) {
            char plural[512];
            int np;
            size_t pn = tabari_phrase(pl, strlen(pl), plural, sizeof plural, &np);
            if (pn == 0) return *why = "empty plural", -1;
            k = lex_add_agent_plural(r->d, e, phrase, n, plural, pn);
            if (k == -1) return r->nomem = 1, *why = "out of memory", -1;
            if (k <= 0) return *why = "bad plural", -1;
        }
    }
    return 0;
}

parley_status parley_dict_load_tabari_agents(parley_dict *d, const char *path, parley_error *err) {
    return tabari_load(d, path, agent_line, NULL, NULL, err);
}

parley_status lex_tabari_agents_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err) {
    return tabari_parse(d, name, text, len, agent_line, NULL, NULL, err);
}

static int discard_line(tabari_reader *r, char *line, const char **why) {
    tabari_strip_comment(line);
    char *s = lex_trim(line);
    if (*s == '\0') return 0;
    char *bracket = strchr(s, '[');
    if (bracket) *bracket = '\0';
    char phrase[512];
    int no_plural;
    size_t n = tabari_phrase(s, strlen(s), phrase, sizeof phrase, &no_plural);
    if (n == 0) return *why = "no phrase", -1;
    long k = lex_add_phrase(r->d, LEX_NONE, phrase, n, 0, 1);
    if (k == -1) return r->nomem = 1, *why = "out of memory", -1;
    if (k <= 0) return *why = k == -2 ? "phrase longer than 32 tokens" : "phrase has no tokens", -1;
    r->d->n_discards++;
    return 0;
}

parley_status parley_dict_load_tabari_discards(parley_dict *d, const char *path, parley_error *err) {
    return tabari_load(d, path, discard_line, NULL, NULL, err);
}

parley_status lex_tabari_discards_text(parley_dict *d, const char *name, char *text, size_t len,
                                       parley_error *err) {
    return tabari_parse(d, name, text, len, discard_line, NULL, NULL, err);
}
