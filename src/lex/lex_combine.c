/* lex_combine.c - parley_dict_combine(): the one place where the matches of
 * a noun phrase become an actor code. The coder (which finds the parts in a
 * dependency tree) and parley_dict_resolve_phrase (which finds them in a run
 * of words, for `parley dict lookup`) both call it, so they cannot disagree
 * about how "Qatari" and "foreign ministry" make QATGOV. */
#include <stdio.h>
#include <string.h>

#include "lex/lex_internal.h"

/* A code made of a country and sectors (USAGOV), not an IGO, NGO or
 * transnational group. */
static int is_state_body(const char *code) {
    return strlen(code) > 3 && strncmp(code, "IGO", 3) != 0 && strncmp(code, "NGO", 3) != 0 &&
           strncmp(code, "IMG", 3) != 0;
}

static void country_and_sector(char code[40], const char *country, const parley_actor_match *agent) {
    if (agent->prefix) snprintf(code, 40, "%.36s%.3s", agent->code, country);
    else snprintf(code, 40, "%.3s%.36s", country, agent->code);
}

int parley_dict_combine(const parley_dict *d, const parley_actor_parts *p, const char *context_country,
                        char code[40], const char **name) {
    code[0] = '\0';
    *name = NULL;
    if (p->person) {
        snprintf(code, 40, "%s", p->person->code);
        *name = p->person->name;
    } else if (p->org && p->country && is_state_body(p->org->code) &&
               strncmp(p->org->code, p->country->code, 3) != 0) {
        snprintf(code, 40, "%.3s%.36s", p->country->code, p->org->code + 3);
        *name = parley_dict_code_name(d, p->country->code);
    } else if (p->org) {
        snprintf(code, 40, "%s", p->org->code);
        *name = p->org->name;
    } else if (p->country && p->agent) {
        country_and_sector(code, p->country->code, p->agent);
        *name = parley_dict_code_name(d, p->country->code);
    } else if (p->country) {
        snprintf(code, 40, "%.3s", p->country->code);
        *name = parley_dict_code_name(d, code);
    } else if (p->agent && context_country && context_country[0]) {
        country_and_sector(code, context_country, p->agent);
        *name = parley_dict_code_name(d, context_country);
    } else {
        return 0;
    }
    if (*name == NULL) *name = p->person ? p->person->name : p->org ? p->org->name : "";
    return 1;
}
