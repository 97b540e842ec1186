/* lex_dict.c - the dictionary object's life cycle and its file entry
 * points: creating and freeing it, loading parley's format (a file, or every
 * *.txt of a folder in name order), and the statistics `parley dict stats`
 * prints. Loading time is accumulated here so the statistics can say how
 * long loading and compiling took. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_internal.h"
#include "parley/cameo.h"

parley_dict *parley_dict_new(const parley_dict_options *opts) {
    parley_dict *d = calloc(1, sizeof *d);
    if (d == NULL) return NULL;
    if (opts) d->opts = *opts;
    d->arena = parley_arena_new(1 << 16);
    d->scratch = parley_arena_new(1 << 12);
    if (d->arena == NULL || d->scratch == NULL) {
        parley_dict_free(d);
        return NULL;
    }
    return d;
}

void parley_dict_free(parley_dict *d) {
    if (d == NULL) return;
    parley_arena_free(d->arena);
    parley_arena_free(d->scratch);
    lex_intern_free(&d->strings);
    free(d->entries);
    free(d->roles);
    free(d->phrases);
    free(d->toks);
    free(d->patterns);
    free(d->members);
    free(d->node_phrase);
    free(d->node_discard);
    free(d->group_first);
    free(d->group_count);
    free(d->sorted);
    lex_map_free(&d->trie);
    lex_map_free(&d->pattern_groups);
    lex_map_free(&d->synsets);
    lex_map_free(&d->synset_members);
    lex_map_free(&d->code_names);
    lex_map_free(&d->code_patterns);
    lex_map_free(&d->person_ids);
    free(d);
}

parley_status parley_dict_load_file(parley_dict *d, const char *path, parley_error *err) {
    if (d == NULL || path == NULL) return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no dictionary or path");
    if (d->compiled) return parley_error_set(err, PARLEY_ERR_ARG, path, 0, "dictionary already compiled");
    double t0 = lex_now();
    char *text;
    size_t len;
    parley_status s = lex_read_file(path, &text, &len, err);
    if (s != PARLEY_OK) return s;
    s = lex_load_parley_text(d, path, text, len, err);
    free(text);
    d->load_seconds += lex_now() - t0;
    return s;
}

static int is_txt(const char *name) {
    size_t n = strlen(name);
    return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".txt") == 0;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

parley_status parley_dict_load_dir(parley_dict *d, const char *dir, parley_error *err) {
    if (d == NULL || dir == NULL) return parley_error_set(err, PARLEY_ERR_ARG, "", 0, "no dictionary or folder");
    DIR *dh = opendir(dir);
    if (dh == NULL) return parley_error_set(err, PARLEY_ERR_IO, dir, 0, "cannot open dictionary folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    parley_status s = PARLEY_OK;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (!is_txt(de->d_name)) continue;
        char *copy = strdup(de->d_name);
        if (copy == NULL || lex_grow((void **)&names, &cap, n + 1, sizeof *names) != 0) {
            free(copy);
            s = parley_error_set(err, PARLEY_ERR_NOMEM, dir, 0, "out of memory");
            break;
        }
        names[n++] = copy;
    }
    closedir(dh);
    /* qsort's pointer must not be NULL even for no elements (an empty folder). */
    if (s == PARLEY_OK && n > 0) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && s == PARLEY_OK; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
            s = parley_error_set(err, PARLEY_ERR_ARG, dir, 0, "path too long");
            break;
        }
        s = parley_dict_load_file(d, path, err);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return s;
}

static size_t dict_memory(const parley_dict *d) {
    size_t m = sizeof *d + parley_arena_used(d->arena);
    m += d->strings.cap * sizeof(char *) + d->strings.slot_cap * sizeof(uint32_t);
    m += d->cap_entries * sizeof(lex_entry) + d->cap_roles * sizeof(lex_role);
    m += d->cap_phrases * sizeof(lex_phrase) + d->cap_toks * sizeof(uint32_t);
    m += d->cap_patterns * sizeof(parley_pattern) * 2 + d->cap_members * sizeof(lex_synmember);
    m += d->cap_nodes * 2 * sizeof(uint32_t) + d->n_groups * 2 * sizeof(uint32_t);
    m += lex_map_bytes(&d->trie) + lex_map_bytes(&d->pattern_groups) + lex_map_bytes(&d->synsets) +
         lex_map_bytes(&d->synset_members) + lex_map_bytes(&d->code_names) +
         lex_map_bytes(&d->code_patterns) + lex_map_bytes(&d->person_ids);
    return m;
}

size_t parley_dict_code_patterns(const parley_dict *d, const char *code) {
    if (d == NULL || code == NULL || !d->compiled) return 0;
    uint32_t id = lex_intern_find(&d->strings, code, strlen(code));
    if (id == LEX_NONE) return 0;
    uint32_t n = lex_map_get(&d->code_patterns, id);
    return n == LEX_NONE ? 0 : n;
}

void parley_dict_get_stats(const parley_dict *d, parley_dict_stats *st) {
    memset(st, 0, sizeof *st);
    if (d == NULL) return;
    for (size_t i = 0; i < d->n_phrases; i++) {
        const lex_phrase *p = &d->phrases[i];
        if (p->discard || p->plural) continue;
        switch (d->entries[p->entry].kind) {
        case PARLEY_ACTOR_NAME: st->actors++; break;
        case PARLEY_ACTOR_ADJ: st->adjectives++; break;
        case PARLEY_ACTOR_AGENT: st->agents++; break;
        default: break;
        }
    }
    for (size_t i = 0; i < d->n_entries; i++)
        if (d->entries[i].kind == PARLEY_ACTOR_PERSON) st->persons++;
    st->person_roles = d->n_roles;
    st->patterns = d->n_patterns;
    for (size_t i = 0; i < d->n_patterns; i++) {
        const parley_pattern *p = &d->patterns[i];
        if (p->nominal) st->nominal_patterns++;
        int root = (p->code[0] - '0') * 10 + (p->code[1] - '0');
        if (root >= 1 && root <= 20) st->patterns_per_root[root]++;
    }
    st->synsets = d->compiled ? d->synsets.count : d->n_synsets;
    st->synset_members = d->n_members;
    st->discards = d->n_discards;
    st->codes_total = parley_cameo_count();
    if (d->compiled) {
        for (size_t i = 0; i < st->codes_total; i++)
            if (parley_dict_code_patterns(d, parley_cameo_at(i)->code) == 0) st->codes_without_patterns++;
    } else {
        st->codes_without_patterns = st->codes_total;
    }
    st->load_seconds = d->load_seconds;
    st->memory_bytes = dict_memory(d);
    st->tabari_dropped_constraints = d->tabari_dropped;
    st->tabari_transformations = d->tabari_transforms;
    st->tabari_null_codes = d->tabari_null_codes;
}
