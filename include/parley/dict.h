/* parley/dict.h - dictionaries: actors, agents (sectors), persons with dated
 * offices, action patterns, synonym sets, discards.
 *
 * Two source formats load into one in-memory representation: parley's own
 * (the .txt files of data/dict, docs/dictionaries.md) and the TABARI/PETRARCH formats
 * (verbs, actors, agents, discards). After loading, parley_dict_compile()
 * builds the lookup structures (tries over token ids); lookups never scan.
 *
 * Matching is on normalised, lower-cased token forms for names, and on
 * lemmas for action patterns and agent nouns. A loaded, compiled dictionary
 * is read-only and may be shared by any number of threads. */
#ifndef PARLEY_DICT_H
#define PARLEY_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_dict parley_dict;

/* The kinds a phrase can have. */
typedef enum parley_actor_kind {
    PARLEY_ACTOR_NONE = 0,
    PARLEY_ACTOR_NAME,     /* a name of a country, organisation or group: "Qatar", "Hamas" */
    PARLEY_ACTOR_ADJ,      /* an adjective or demonym: "Qatari", "American", "U.S." */
    PARLEY_ACTOR_PERSON,   /* a person; the code depends on the date */
    PARLEY_ACTOR_AGENT,    /* a sector noun or title: "foreign ministry", "troops" */
} parley_actor_kind;

typedef struct parley_actor_match {
    parley_actor_kind kind;
    size_t length;         /* tokens matched, >= 1 */
    char code[40];         /* the code valid on the date asked for, e.g. "QAT", "USAGOV", "GOV" */
    const char *name;      /* canonical name ("Qatar", "Antony Blinken", "government") */
    int plural;            /* the match was a plural form of an agent noun */
    int prefix;            /* an agent whose code goes before the country (TABARI "[XXX~]") */
} parley_actor_match;

/* An action pattern, compiled. Strings are lemmas, lower-case. */
typedef struct parley_pattern_prep {
    const char *prep;      /* "with", "for", "of", ...; "" for an unmarked obl */
    const char *head;      /* head lemma or "&SYNSET" or "*" (any) or "+" (the target slot) */
} parley_pattern_prep;

typedef struct parley_pattern {
    char code[5];          /* CAMEO code */
    int nominal;           /* 1: a noun of action ("the release of"), 0: a verb */
    const char *lemma;     /* predicate lemma: "hold", "release" */
    const char *particle;  /* "" or the particle of a phrasal verb: "off" in call_off */
    const char *object;    /* "" or the direct object's head lemma or "&SYNSET" */
    int object_is_target;  /* the direct object is the target */
    int no_target;         /* pattern says explicitly there is no target ("-") */
    parley_pattern_prep preps[4];
    int n_preps;
    int specificity;       /* higher = more constrained; the coder prefers higher */
    const char *text;      /* the pattern as written, for auditing */
    const char *origin;    /* "file:line" */
} parley_pattern;

typedef struct parley_dict_stats {
    size_t actors, adjectives, persons, person_roles, agents, patterns, nominal_patterns,
        synsets, synset_members, discards;
    size_t patterns_per_root[21];  /* index 1..20 */
    size_t codes_total, codes_without_patterns;
    double load_seconds;
    size_t memory_bytes;
    /* TABARI verb files: pattern constraints parley_pattern cannot express (pre-verb
       material, extra nouns, source slots) and verbs dropped for pre-verb words;
       '~' transformation lines read but not applied; patterns or verbs coded [---]. */
    size_t tabari_dropped_constraints, tabari_transformations, tabari_null_codes;
} parley_dict_stats;

/* Kinds of entries, for replacing parley's own of one kind by the field's. */
enum {
    PARLEY_DICT_ACTORS = 1,   /* actor, adj, person */
    PARLEY_DICT_AGENTS = 2,   /* agent */
    PARLEY_DICT_ACTIONS = 4,  /* action, synset */
    PARLEY_DICT_DISCARDS = 8  /* discard */
};

typedef struct parley_dict_options {
    unsigned skip_kinds;  /* PARLEY_DICT_* bits: lines of these kinds in parley's own format are
                             read (and checked) but not loaded; 0 loads everything */
    int strict;   /* stop at the first malformed line instead of reporting and skipping */
    /* Called for each malformed line that is skipped (file, line, reason in err). NULL: ignore. */
    void (*on_warning)(void *userdata, const parley_error *err);
    void *userdata;
} parley_dict_options;

/* Returns an empty dictionary or NULL when out of memory. */
parley_dict *parley_dict_new(const parley_dict_options *opts);
void parley_dict_free(parley_dict *dict);

/* parley's own format: every *.txt file of dir, in name order. */
parley_status parley_dict_load_dir(parley_dict *dict, const char *dir, parley_error *err);
parley_status parley_dict_load_file(parley_dict *dict, const char *path, parley_error *err);

/* The field's formats (TABARI / PETRARCH). Each replaces nothing by itself;
 * the CLI decides which of parley's own kinds to skip when one is given. */
parley_status parley_dict_load_tabari_verbs(parley_dict *dict, const char *path, parley_error *err);
parley_status parley_dict_load_tabari_actors(parley_dict *dict, const char *path, parley_error *err);
parley_status parley_dict_load_tabari_agents(parley_dict *dict, const char *path, parley_error *err);
parley_status parley_dict_load_tabari_discards(parley_dict *dict, const char *path,
                                               parley_error *err);

/* Builds the lookup structures; call once after loading, before lookups. */
parley_status parley_dict_compile(parley_dict *dict, parley_error *err);

/* Longest actor/agent phrase starting at words[0]. words are the normalised
 * forms of consecutive tokens, lemmas their lemmas (may be NULL entries);
 * date is "YYYY-MM-DD" or "" (persons then get their default code).
 * Returns 1 and fills m on a match, 0 otherwise. Case-insensitive. */
int parley_dict_match_actor(const parley_dict *dict, const char *const *words,
                            const char *const *lemmas, size_t n, const char *date,
                            parley_actor_match *m);

/* Number of tokens of the longest discard phrase starting at words[0], or 0. */
size_t parley_dict_match_discard(const parley_dict *dict, const char *const *words, size_t n);

/* Patterns whose predicate lemma is lemma (verbs when nominal == 0, nouns of
 * action when 1), sorted by descending specificity. *n gets the count; the
 * returned array belongs to the dictionary. */
const parley_pattern *parley_dict_patterns(const parley_dict *dict, const char *lemma, int nominal,
                                           size_t *n);

/* 1 if lemma is a member of synset ("&PRISONER" or "PRISONER"), or if
 * word_or_synset is not a synset and equals lemma. */
int parley_dict_word_matches(const parley_dict *dict, const char *word_or_synset,
                             const char *lemma);

/* The canonical name of a code's country or organisation ("QAT" -> "Qatar"),
 * or NULL. */
const char *parley_dict_code_name(const parley_dict *dict, const char *code);

void parley_dict_get_stats(const parley_dict *dict, parley_dict_stats *stats);

/* Number of patterns (verbal and nominal) for exactly this CAMEO code. */
size_t parley_dict_code_patterns(const parley_dict *dict, const char *code);

/* The dictionary matches found in one noun phrase, by role; any may be NULL.
 * The coder picks them from the dependency tree, parley_dict_resolve_phrase
 * from a run of words; both combine them with parley_dict_combine. */
typedef struct parley_actor_parts {
    const parley_actor_match *person;   /* a person (dated code) */
    const parley_actor_match *org;      /* a name whose code is more than a country */
    const parley_actor_match *country;  /* a country name or adjective */
    const parley_actor_match *agent;    /* the agent noun heading the phrase */
} parley_actor_parts;

/* Combines parts into one code (the rules below); context_country (3
 * letters or "" / NULL) completes an agent that has no country. Returns 1
 * and fills code (40 bytes) and *name, or 0 when the parts give no code. */
int parley_dict_combine(const parley_dict *dict, const parley_actor_parts *parts,
                        const char *context_country, char code[40], const char **name);

/* How a noun phrase resolves to one actor code, the way the coder combines
 * dictionary matches: consecutive matches from words[0] (an "of" or "'s"
 * may join them), then
 *   - a person -> the person's code on date (titles and adjectives around it add nothing);
 *   - an organisation or state body -> its code ("Hamas fighters" -> PSEREB,
 *     "U.S. State Department" -> USAGOV), except that a state body named
 *     with another country's name takes that country ("Pakistan's foreign
 *     office" -> PAKGOV);
 *   - a country (name or adjective) with an agent -> the country and the
 *     agent's sector ("Qatari foreign ministry" -> QATGOV; "Palestinian
 *     resistance factions" -> PSEREB); a prefix agent goes before the country;
 *   - a country alone -> the country;
 *   - an agent alone -> context_country + its sector, else nothing.
 * The agent is the last one of the run (English phrases are head-final). A
 * name or adjective of another country ends the run. */
#define PARLEY_RESOLVE_MAX_SPANS 8
typedef struct parley_phrase_resolution {
    char code[40];         /* the combined code, "" when nothing matched */
    size_t length;         /* tokens covered, from words[0], joining words included */
    const char *name;      /* name of the most specific span (person, name, else agent) */
    parley_actor_kind kind;/* kind of that span */
    size_t n_spans;
    size_t span_start[PARLEY_RESOLVE_MAX_SPANS];
    parley_actor_match spans[PARLEY_RESOLVE_MAX_SPANS];
} parley_phrase_resolution;

/* Returns out->length (0 when words[0] starts no match). */
size_t parley_dict_resolve_phrase(const parley_dict *dict, const char *const *words,
                                  const char *const *lemmas, size_t n, const char *date,
                                  parley_phrase_resolution *out);

#ifdef __cplusplus
}
#endif
#endif
