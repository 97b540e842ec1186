/* lex_internal.h - the in-memory dictionary shared by the loaders, the
 * compiler and the lookups of src/lex/.
 *
 * Loaders (parley's format, the TABARI/PETRARCH formats) append entries,
 * phrases (as interned token ids), patterns and synset members to growable
 * arrays; parley_dict_compile() turns them into hash maps (a trie keyed on
 * (node, token id), patterns grouped by lemma, synset membership) so that a
 * lookup costs a few hash probes per token and never scans the entries. */
#ifndef PARLEY_LEX_INTERNAL_H
#define PARLEY_LEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/arena.h"
#include "parley/dict.h"

#define LEX_NONE UINT32_MAX
#define LEX_CODE_MAX 40
#define LEX_MAX_PHRASE 32
#define LEX_DATE_OPEN_FROM 0
#define LEX_DATE_OPEN_TO 99999999

/* Open-addressing map from a 64-bit key to a 32-bit value. */
typedef struct lex_map {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, count;   /* cap is 0 or a power of two; keys are stored +1 so 0 means empty */
} lex_map;

int lex_map_put(lex_map *m, uint64_t key, uint32_t val);       /* 0 ok, -1 nomem; keeps old value */
int lex_map_set(lex_map *m, uint64_t key, uint32_t val);       /* 0 ok, -1 nomem; replaces old value */
uint32_t lex_map_get(const lex_map *m, uint64_t key);          /* LEX_NONE when absent */
void lex_map_free(lex_map *m);
size_t lex_map_bytes(const lex_map *m);

/* Interned strings: equal strings get the same id. */
typedef struct lex_intern {
    const char **strs;
    size_t n, cap;
    uint32_t *slots;     /* id + 1, 0 = empty */
    size_t slot_cap;
} lex_intern;

uint32_t lex_intern_put(lex_intern *in, parley_arena *arena, const char *s, size_t len); /* LEX_NONE on nomem */
uint32_t lex_intern_find(const lex_intern *in, const char *s, size_t len);             /* LEX_NONE when absent */
void lex_intern_free(lex_intern *in);

/* Grows *p (of elem-sized items, *cap of them) to hold need items. 0 ok, -1 nomem. */
int lex_grow(void **p, size_t *cap, size_t need, size_t elem);

typedef struct lex_role {
    char code[LEX_CODE_MAX];
    int32_t from, to;      /* YYYYMMDD, inclusive; LEX_DATE_OPEN_* when open */
    const char *title;
} lex_role;

typedef struct lex_entry {
    parley_actor_kind kind;
    char code[LEX_CODE_MAX];   /* the code; for persons the default code or "" */
    const char *name;
    int prefix;                /* agent whose code goes before the country (TABARI [XXX~]) */
    uint32_t first_role, n_roles;
} lex_entry;

typedef struct lex_phrase {
    uint32_t entry;     /* index in entries, LEX_NONE for a discard */
    uint32_t tok_first; /* index in toks */
    uint16_t n_toks;
    uint8_t plural;     /* a generated or given plural of an agent noun */
    uint8_t discard;
} lex_phrase;

typedef struct lex_synmember {
    uint32_t synset;    /* interned upper-case name without '&' */
    uint32_t lemma;     /* interned lower-case lemma */
} lex_synmember;

struct parley_dict {
    parley_dict_options opts;
    parley_arena *arena;     /* every string and pattern text */
    parley_arena *scratch;   /* tokenizer output, reset per phrase */
    lex_intern strings;

    lex_entry *entries;
    size_t n_entries, cap_entries;
    lex_role *roles;
    size_t n_roles, cap_roles;
    lex_phrase *phrases;
    size_t n_phrases, cap_phrases;
    uint32_t *toks;
    size_t n_toks, cap_toks;
    parley_pattern *patterns;
    size_t n_patterns, cap_patterns;
    lex_synmember *members;
    size_t n_members, cap_members;

    /* counts the stats report that the arrays above do not keep */
    size_t n_persons, n_synsets, n_discards;
    size_t tabari_dropped, tabari_transforms, tabari_null_codes;

    /* compiled */
    int compiled;
    lex_map trie;              /* (node << 32 | token id) -> child node */
    uint32_t *node_phrase;     /* per node: phrase index ending there, or LEX_NONE */
    uint32_t *node_discard;    /* per node: 1 when a discard phrase ends there */
    size_t n_nodes, cap_nodes;
    lex_map pattern_groups;    /* (lemma id << 1 | nominal) -> group index */
    uint32_t *group_first, *group_count;
    size_t n_groups;
    parley_pattern *sorted;    /* patterns in group order */
    lex_map synsets;           /* synset name id -> 1 */
    lex_map synset_members;    /* (synset id << 32 | lemma id) -> 1 */
    lex_map code_names;        /* code id -> entry index */
    lex_map code_patterns;     /* code id -> number of patterns */
    lex_map person_ids;        /* person ID (interned) -> entry, to refuse duplicates */

    double load_seconds;
    uint32_t file_serial;      /* distinguishes files for "first written wins" */
};

/* Shared loader helpers (lex_load.c). */
double lex_now(void);
/* Reports a malformed line: under strict returns PARLEY_ERR_FORMAT with err filled,
 * otherwise calls on_warning and returns PARLEY_OK so the caller skips the line. */
parley_status lex_malformed(parley_dict *d, parley_error *err, const char *file, long line,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Reads a whole file into a malloc'ed NUL-terminated buffer. */
parley_status lex_read_file(const char *path, char **text, size_t *len, parley_error *err);
/* Splits the next line off *p (handles \n, \r\n); returns NULL at the end. */
char *lex_next_line(char **p, char *end);
char *lex_trim(char *s);
int lex_valid_actor_code(const char *s);
int lex_valid_action_code(const char *s);

/* Entries and phrases (lex_entries.c). Each returns 0 ok, -1 nomem. */
uint32_t lex_add_entry(parley_dict *d, parley_actor_kind kind, const char *code, const char *name);
int lex_add_role(parley_dict *d, uint32_t entry, const char *code, int32_t from, int32_t to,
                 const char *title);
/* Tokenises phrase text with parley's phrase tokenizer and records it.
 * Returns the number of tokens, 0 when the text has none, -1 on nomem,
 * -2 when it has more than LEX_MAX_PHRASE tokens. */
long lex_add_phrase(parley_dict *d, uint32_t entry, const char *text, size_t len, int plural,
                    int discard);
/* Records phrase text plus its generated English plural (last word). */
long lex_add_agent_phrase(parley_dict *d, uint32_t entry, const char *text, size_t len,
                          int generate_plural);
/* Records an irregular plural of an agent phrase; a one-word plural of a
 * longer phrase replaces its last word ("attorney general" {generals}). */
long lex_add_agent_plural(parley_dict *d, uint32_t entry, const char *base, size_t blen,
                          const char *plural, size_t plen);
int lex_add_member(parley_dict *d, const char *synset, size_t slen, const char *lemma, size_t llen);
/* Snapshot and rollback of every array, so a malformed line leaves no trace. */
typedef struct lex_mark {
    size_t entries, roles, phrases, toks, patterns, members, persons, synsets, discards;
} lex_mark;
void lex_mark_take(const parley_dict *d, lex_mark *m);
void lex_mark_rollback(parley_dict *d, const lex_mark *m);

/* The loaders of each format; text is the whole file, modified in place. */
parley_status lex_load_parley_text(parley_dict *d, const char *path, char *text, size_t len,
                                   parley_error *err);

/* TABARI/PETRARCH helpers (lex_tabari.c). */
/* Cuts a '#' or ';' comment (at the start or after a blank) off line. */
void tabari_strip_comment(char *line);
/* WORDS_JOINED_BY_UNDERSCORES -> "words joined by underscores" in out; a
 * trailing '_' is dropped and sets *no_plural. Returns the length, 0 if empty. */
size_t tabari_phrase(const char *s, size_t n, char *out, size_t cap, int *no_plural);
/* "[CODE]" contents: 0 a code (copied), 1 the null code "---", -1 malformed. */
int tabari_action_code(const char *s, size_t n, char *code, size_t cap);
/* 6-digit YYMMDD (00-49 -> 20YY, 50-99 -> 19YY) or 8-digit YYYYMMDD; 0 if invalid. */
int32_t tabari_date(const char *s, size_t n);
/* Upper-case TABARI phrase -> a readable name ("SAUDI ARABIA" -> "Saudi Arabia"). */
void tabari_title_case(char *s);
/* Loads one TABARI file with the given line parser (shared line loop, rollback, warnings). */
typedef struct tabari_reader tabari_reader;
typedef int (*tabari_line_fn)(tabari_reader *r, char *line, const char **why);
struct tabari_reader {
    parley_dict *d;
    const char *path;
    long line;
    void *state;
    int nomem;
    parley_error *err;    /* for warnings about an earlier line, see tabari_warn */
    parley_status fatal;  /* set when such a warning stops the load (strict) */
};
/* Reports a problem of an earlier line without rolling back the current one.
 * Returns 0, or -3 (return it from the line function) when the load must stop. */
int tabari_warn(tabari_reader *r, long line, const char *why);
parley_status tabari_load(parley_dict *d, const char *path, tabari_line_fn fn, void *state,
                          int (*finish)(tabari_reader *r, const char **why), parley_error *err);
/* The same on text already in memory (modified in place); path names it in errors. */
parley_status tabari_parse(parley_dict *d, const char *path, char *text, size_t len, tabari_line_fn fn,
                           void *state, int (*finish)(tabari_reader *r, const char **why), parley_error *err);
/* Each TABARI format on text in memory (for the fuzz targets and tests). */
parley_status lex_tabari_verbs_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err);
parley_status lex_tabari_actors_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err);
parley_status lex_tabari_agents_text(parley_dict *d, const char *name, char *text, size_t len, parley_error *err);
parley_status lex_tabari_discards_text(parley_dict *d, const char *name, char *text, size_t len,
                                       parley_error *err);

/* English plurals (lex_plural.c): writes the plural of word into out (cap bytes);
 * returns 0, or -1 when no plural is generated (non-letters, too long). */
int lex_plural(const char *word, char *out, size_t cap);
/* 1 if form looks like an inflection or past form of base (TABARI {...} lists). */
int lex_is_inflection(const char *base, const char *form);

/* Patterns (lex_pattern.c). */
int lex_specificity(const parley_pattern *p);
/* Parses one pattern of parley's format into p; strings are interned. Returns
 * NULL on success or a static reason. */
const char *lex_parse_pattern(parley_dict *d, const char *text, size_t len, const char *code,
                              const char *origin, parley_pattern *p);
int lex_add_pattern(parley_dict *d, const parley_pattern *p);
const char *lex_istr(parley_dict *d, const char *s, size_t len);  /* interned copy, NULL nomem */
/* "YYYY-MM-DD" / "YYYYMMDD" -> YYYYMMDD, 0 for "" or invalid */
int32_t lex_parse_date(const char *s);
/* Lower-cases ASCII and Latin-1 upper-case letters of UTF-8 s into out. */
size_t lex_lower(const char *s, size_t len, char *out, size_t cap);

#endif
