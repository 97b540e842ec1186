/* gazetteer.c - loading the place names of data/gazetteer/ into a hash of
 * lower-cased names (aliases included) -> entries.
 *
 * Two files share one format (tab-separated name, kind, ISO3, admin1, lat,
 * lon, population, ";"-separated aliases): geonames.tsv, generated once from
 * Debian's libgeonames by tools/gen_gazetteer.sh, and areas.tsv, written by
 * hand for regions, seas and crossings that are not cities. The whole file
 * stays in memory and the entries point into it; a name's entries are one
 * run of a sorted postings array, so a lookup is one hash probe. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve/resolve_internal.h"

typedef struct posting {
    const char *key;   /* lower-cased, owned by keys */
    int entry;
} posting;

typedef struct slot {
    const char *key;
    int first, count;  /* run in postings */
} slot;

struct gazetteer {
    char *text[2];                 /* file contents, cut into fields in place */
    parley_gazetteer_entry *entries;
    size_t n_entries, cap_entries;
    posting *postings;
    size_t n_postings, cap_postings;
    int *ids;                      /* postings' entries, so that a name's run is an int array */
    char *keys;                    /* lower-cased copies of every name, NUL-separated */
    size_t keys_len, keys_cap;
    slot *slots;
    size_t n_slots, n_names;
    /* First word of every name -> the most words a name starting with it has. */
    char **first_words;
    int *first_max;
    size_t n_first_slots;
    int max_words;
};

static uint64_t hash_key(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap * 2 : 1024;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (q == NULL) return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Stores the lower-cased name (spaces collapsed) and returns its offset, or -1. */
static long add_key(gazetteer *g, const char *name, size_t len) {
    if (grow((void **)&g->keys, &g->keys_cap, g->keys_len + len + 1, 1) != 0) return -1;
    long off = (long)g->keys_len;
    char *out = g->keys + g->keys_len;
    size_t k = 0;
    int words = 1;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == ' ') {
            if (k == 0 || out[k - 1] == ' ') continue;
            words++;
        }
        out[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    while (k > 0 && out[k - 1] == ' ') k--;
    out[k] = '\0';
    g->keys_len += k + 1;
    if (words > g->max_words) g->max_words = words;
    return k ? off : -1;
}

static int add_posting(gazetteer *g, long key_off, int entry) {
    if (key_off < 0) return 0;
    if (grow((void **)&g->postings, &g->cap_postings, g->n_postings + 1, sizeof *g->postings) != 0) return -1;
    /* Offsets now, pointers once keys stops moving. */
    g->postings[g->n_postings].key = (const char *)(intptr_t)key_off; // NOLINT(performance-no-int-to-ptr): see above
    g->postings[g->n_postings].entry = entry;
    g->n_postings++;
    return 0;
}

static const char *kind_name(const char *s) {
    static const char *const kinds[] = {"country", "admin1", "city", "area", NULL};
    for (int i = 0; kinds[i]; i++)
        if (strcmp(s, kinds[i]) == 0) return kinds[i];
    return NULL;
}

static parley_status load_file(gazetteer *g, int which, const char *path, parley_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return parley_error_set(err, PARLEY_ERR_IO, path, 0, "cannot seek");
    }
    long size = ftell(f);
    rewind(f);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (text == NULL) {
        fclose(f);
        return parley_error_set(err, PARLEY_ERR_NOMEM, path, 0, "out of memory");
    }
    size_t got = fread(text, 1, (size_t)size, f);
    fclose(f);
    text[got] = '\0';
    g->text[which] = text;
    long lineno = 0;
    char *line = text;
    while (line && *line) {
        lineno++;
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *next = nl ? nl + 1 : NULL;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r') line[--ll] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            line = next;
            continue;
        }
        char *col[8] = {0};
        int nc = 0;
        col[nc++] = line;
        for (char *p = line; *p && nc < 8; p++)
            if (*p == '\t') {
                *p = '\0';
                col[nc++] = p + 1;
            }
        const char *kind = nc >= 7 ? kind_name(col[1]) : NULL;
        if (kind == NULL || strlen(col[2]) != 3 || col[0][0] == '\0')
            return parley_error_set(err, PARLEY_ERR_FORMAT, path, lineno,
                                    "expected name, kind, ISO3, admin1, lat, lon, population, aliases");
        if (grow((void **)&g->entries, &g->cap_entries, g->n_entries + 1, sizeof *g->entries) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, path, lineno, "out of memory");
        parley_gazetteer_entry *e = &g->entries[g->n_entries];
        e->name = col[0];
        e->kind = kind;
        memcpy(e->country, col[2], 4);
        e->admin1 = col[3];
        e->lat = strtod(col[4], NULL);
        e->lon = strtod(col[5], NULL);
        e->population = strtod(col[6], NULL);
        int idx = (int)g->n_entries++;
        if (add_posting(g, add_key(g, col[0], strlen(col[0])), idx) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, path, lineno, "out of memory");
        if (nc >= 8) {
            char *a = col[7];
            while (*a) {
                char *semi = strchr(a, ';');
                size_t n = semi ? (size_t)(semi - a) : strlen(a);
                if (n && add_posting(g, add_key(g, a, n), idx) != 0)
                    return parley_error_set(err, PARLEY_ERR_NOMEM, path, lineno, "out of memory");
                a += n + (semi ? 1 : 0);
            }
        }
        line = next;
    }
    return PARLEY_OK;
}

static int posting_cmp(const void *a, const void *b) {
    const posting *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->entry - y->entry;
}

static parley_status build_index(gazetteer *g, parley_error *err) {
    for (size_t i = 0; i < g->n_postings; i++)
        g->postings[i].key = g->keys + (intptr_t)g->postings[i].key;
    /* qsort's pointer must not be NULL even when empty (a gazetteer with no names) */
    if (g->n_postings > 0) qsort(g->postings, g->n_postings, sizeof *g->postings, posting_cmp);
    /* Drop repeated (name, entry) pairs: an alias equal to the name, two equal aliases. */
    size_t w = 0;
    for (size_t i = 0; i < g->n_postings; i++)
        if (w == 0 || strcmp(g->postings[w - 1].key, g->postings[i].key) != 0 ||
            g->postings[w - 1].entry != g->postings[i].entry)
            g->postings[w++] = g->postings[i];
    g->n_postings = w;
    g->ids = malloc((w ? w : 1) * sizeof *g->ids);
    if (g->ids == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    for (size_t i = 0; i < w; i++) g->ids[i] = g->postings[i].entry;
    size_t names = 0;
    for (size_t i = 0; i < w; i++)
        if (i == 0 || strcmp(g->postings[i - 1].key, g->postings[i].key) != 0) names++;
    g->n_names = names;
    g->n_slots = 16;
    while (g->n_slots < names * 2) g->n_slots *= 2;
    g->slots = calloc(g->n_slots, sizeof *g->slots);
    if (g->slots == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    g->n_first_slots = g->n_slots;
    g->first_words = calloc(g->n_first_slots, sizeof *g->first_words);
    g->first_max = calloc(g->n_first_slots, sizeof *g->first_max);
    if (g->first_words == NULL || g->first_max == NULL)
        return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    for (size_t i = 0; i < w; i++) {
        if (i > 0 && strcmp(g->postings[i - 1].key, g->postings[i].key) == 0) continue;
        const char *key = g->postings[i].key;
        size_t fl = strcspn(key, " ");
        int words = 1;
        for (const char *p = key; *p; p++) words += *p == ' ';
        char first[256];
        if (fl >= sizeof first) continue;
        memcpy(first, key, fl);
        first[fl] = '\0';
        size_t h = hash_key(first) & (g->n_first_slots - 1);
        while (g->first_words[h] && strcmp(g->first_words[h], first) != 0) h = (h + 1) & (g->n_first_slots - 1);
        if (g->first_words[h] == NULL) {
            g->first_words[h] = malloc(fl + 1);
            if (g->first_words[h] == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
            memcpy(g->first_words[h], first, fl + 1);
        }
        if (words > g->first_max[h]) g->first_max[h] = words;
    }
    for (size_t i = 0; i < w;) {
        size_t j = i;
        while (j < w && strcmp(g->postings[j].key, g->postings[i].key) == 0) j++;
        size_t h = hash_key(g->postings[i].key) & (g->n_slots - 1);
        while (g->slots[h].key) h = (h + 1) & (g->n_slots - 1);
        g->slots[h].key = g->postings[i].key;
        g->slots[h].first = (int)i;
        g->slots[h].count = (int)(j - i);
        i = j;
    }
    return PARLEY_OK;
}

int gazetteer_load(gazetteer **out, const char *dir, parley_error *err) {
    *out = NULL;
    gazetteer *g = calloc(1, sizeof *g);
    if (g == NULL) return parley_error_set(err, PARLEY_ERR_NOMEM, "", 0, "out of memory");
    static const char *const files[2] = {"geonames.tsv", "areas.tsv"};
    parley_status st = PARLEY_OK;
    for (int i = 0; i < 2 && st == PARLEY_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/gazetteer/%s", dir, files[i]);
        st = load_file(g, i, path, err);
    }
    if (st == PARLEY_OK) st = build_index(g, err);
    if (st != PARLEY_OK) {
        gazetteer_free(g);
        return st;
    }
    *out = g;
    return PARLEY_OK;
}

void gazetteer_free(gazetteer *g) {
    if (g == NULL) return;
    free(g->text[0]);
    free(g->text[1]);
    free(g->entries);
    free(g->postings);
    free(g->ids);
    free(g->keys);
    free(g->slots);
    for (size_t i = 0; g->first_words && i < g->n_first_slots; i++) free(g->first_words[i]);
    free(g->first_words);
    free(g->first_max);
    free(g);
}

const int *gazetteer_find(const gazetteer *g, const char *key, size_t *n) {
    *n = 0;
    if (g == NULL || g->slots == NULL) return NULL;
    size_t h = hash_key(key) & (g->n_slots - 1);
    while (g->slots[h].key) {
        if (strcmp(g->slots[h].key, key) == 0) {
            *n = (size_t)g->slots[h].count;
            return &g->ids[g->slots[h].first];
        }
        h = (h + 1) & (g->n_slots - 1);
    }
    return NULL;
}

const parley_gazetteer_entry *gazetteer_entry(const gazetteer *g, int i) { return &g->entries[i]; }

int gazetteer_max_words(const gazetteer *g) { return g->max_words; }

int gazetteer_words_from(const gazetteer *g, const char *first) {
    if (g->first_words == NULL) return 0;
    size_t h = hash_key(first) & (g->n_first_slots - 1);
    while (g->first_words[h]) {
        if (strcmp(g->first_words[h], first) == 0) return g->first_max[h];
        h = (h + 1) & (g->n_first_slots - 1);
    }
    return 0;
}

void gazetteer_size(const gazetteer *g, size_t *names, size_t *entries) {
    *names = g->n_names;
    *entries = g->n_entries;
}
