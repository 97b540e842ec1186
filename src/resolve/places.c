/* places.c - finding place names in sentences and datelines, and choosing
 * among places of the same name.
 *
 * A mention is the longest gazetteer name over consecutive words that starts
 * with a capital ("the Strip", "northern Gaza" and "Rafah crossing" come as
 * aliases). Country and region names are places only after a locative word
 * ("in", "into", "near", "from", "the town of") or a compass adjective,
 * because "Israel freed ..." names an actor, not a place; a name that is
 * part of a longer capitalised run ("Antony Blinken") is a person's or an
 * organisation's. Among places of one name the score prefers hand-written
 * areas, then countries, then the more populous, and gives a bonus to the
 * countries of the document's actors (a factor of 100 in population). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/text.h"
#include "resolve/resolve_internal.h"

#define PLACE_CANDIDATES 64

#define IN(w, list) resolve_in_sorted((w), (list), sizeof(list) / sizeof *(list))

/* In strcmp order, for resolve_in_sorted. */
static const char *const locatives[] = {
    "across", "around", "at", "bombed", "captured", "enter", "entered", "from", "hit", "in",
    "inside", "into", "leave", "left", "near", "off", "outside", "reached", "shelled", "struck",
    "through", "throughout", "to", "toward", "towards", "via", "visited", "within"};

/* In strcmp order, for resolve_in_sorted. */
static const char *const of_nouns[] = {
    "area", "border", "capital", "center", "centre", "city", "coast", "commune", "county",
    "district", "east", "enclave", "governorate", "heart", "island",
    "municipality", "neighborhood", "neighbourhood", "north", "oblast", "outskirts", "part",
    "parts", "port", "province", "region", "resort", "south", "state", "streets",
    "suburbs", "territory", "town", "township", "village", "west"};

/* In strcmp order, for resolve_in_sorted. */
static const char *const compass[] = {
    "central", "east", "eastern", "lower", "north", "north-east", "north-eastern", "north-west", "north-western", "northeast",
    "northeastern", "northern", "northwest", "northwestern", "south", "south-east", "south-eastern", "south-west", "south-western", "southeast",
    "southeastern", "southern", "southwest", "southwestern", "upper", "west", "western"};

/* Capitalised words that are never place names on their own. */
/* In strcmp order, for resolve_in_sorted. */
static const char *const not_places[] = {
    "a", "an", "and", "april", "as", "at", "august", "but", "december", "february",
    "friday", "he", "i", "in", "it", "january", "july", "june", "march", "may",
    "monday", "november", "october", "of", "on", "saturday", "september", "she", "sunday", "the",
    "they", "thursday", "tuesday", "we", "wednesday"};

double place_score(const parley_gazetteer_entry *e, const char *const *countries, size_t n_countries) {
    double s;
    if (strcmp(e->kind, "area") == 0) s = 7;
    else if (strcmp(e->kind, "country") == 0) s = 8;
    else s = log10(e->population + 1) - (strcmp(e->kind, "admin1") == 0 ? 1 : 0);
    for (size_t i = 0; i < n_countries; i++)
        if (countries[i] && strcmp(countries[i], e->country) == 0) {
            s += 0.9;
            break;
        }
    return s;
}

/* The best entry named key that the context allows, or NULL. */
static const parley_gazetteer_entry *best_entry_ex(const gazetteer *g, const char *key, int locative, int first,
                                                   int town, const char *const *countries, size_t n_countries) {
    size_t n;
    const int *ids = gazetteer_find(g, key, &n);
    const parley_gazetteer_entry *best = NULL;
    double best_score = -1e9;
    /* A country's name without a locative word is the country acting ("Armenia
     * said"), not a namesake town (Armenia, Colombia; Mexico, Philippines). */
    if (!locative)
        for (size_t i = 0; i < n; i++)
            if (strcmp(gazetteer_entry(g, ids[i])->kind, "country") == 0) return NULL;
    for (size_t i = 0; i < n; i++) {
        const parley_gazetteer_entry *e = gazetteer_entry(g, ids[i]);
        int area = strcmp(e->kind, "area") == 0, city = strcmp(e->kind, "city") == 0;
        if (!locative && !(area || city)) continue;
        if (!locative && first && !area) continue;
        double s = place_score(e, countries, n_countries);
        /* A dateline names a town: regions and countries only when no town has the name. */
        if (town && !(area || city)) s -= 100;
        if (s > best_score) {
            best_score = s;
            best = e;
        }
    }
    return best;
}

static const parley_gazetteer_entry *best_entry(const gazetteer *g, const char *key, int locative, int first,
                                                const char *const *countries, size_t n_countries) {
    return best_entry_ex(g, key, locative, first, 0, countries, n_countries);
}

/* Joins words [i, j] into a lower-case key; returns 0 when they are not one name
 * (punctuation between them) or the key is too long. */
static int make_key(const rword *w, int i, int j, char *key, size_t size) {
    size_t k = 0;
    for (int t = i; t <= j; t++) {
        if (t > i) {
            if (w[t].gap != ' ' || k + 1 >= size) return 0;
            key[k++] = ' ';
        }
        size_t l = strlen(w[t].w);
        if (k + l >= size) return 0;
        memcpy(key + k, w[t].w, l);
        k += l;
    }
    key[k] = '\0';
    return 1;
}

static int is_locative(const rword *w, int i) {
    if (i <= 0 || w[i].gap != ' ') return 0;
    if (IN(w[i - 1].w, locatives)) return 1;
    if (IN(w[i - 1].w, compass)) return 1;
    if (strcmp(w[i - 1].w, "of") == 0 && i >= 2 && IN(w[i - 2].w, of_nouns)) return 1;
    if (strcmp(w[i - 1].w, "the") == 0) return is_locative(w, i - 1);
    return 0;
}

size_t places_in_sentence(const gazetteer *g, const char *text, size_t start, size_t end,
                          const char *const *countries, size_t n_countries, place_hit *out, size_t max) {
    if (g == NULL || end <= start) return 0;
    size_t cap = (end - start) / 2 + 2;
    rword *w = malloc(cap * sizeof *w);
    if (w == NULL) return 0;
    int n = resolve_lex(text, end, start, w, (int)cap);
    int max_words = gazetteer_max_words(g);
    size_t found = 0;
    char key[256];
    for (int i = 0; i < n && found < max;) {
        int starts = w[i].cap || (i + 1 < n && w[i + 1].cap && (strcmp(w[i].w, "the") == 0 || IN(w[i].w, compass)));
        if (!starts) {
            i++;
            continue;
        }
        const parley_gazetteer_entry *hit = NULL;
        int hit_end = -1;
        int compass_i = IN(w[i].w, compass), locative_i = is_locative(w, i);
        /* A name runs over words separated by single spaces only. */
        int last = i;
        while (last + 1 < n && last + 1 < i + max_words + 1 && w[last + 1].gap == ' ') last++;
        for (int pass = 0; pass < 2 && hit == NULL; pass++) {
            /* Second pass: a compass word before a name outside the gazetteer ("northeast Syria"). */
            int from = i + pass;
            if (pass == 1 && !(compass_i && i + 1 < n)) break;
            int words = from < n ? gazetteer_words_from(g, w[from].w) : 0;
            if (words == 0 && from < n) {
                /* "Beirut's": the possessive is not part of the name. */
                size_t fl = strlen(w[from].w);
                if (fl > 2 && strcmp(w[from].w + fl - 2, "'s") == 0) {
                    char bare[RWORD_MAX];
                    memcpy(bare, w[from].w, fl - 2);
                    bare[fl - 2] = '\0';
                    words = gazetteer_words_from(g, bare) ? 1 : 0;
                }
            }
            if (words > max_words) words = max_words;
            for (int j = from + words - 1 < last ? from + words - 1 : last; j >= from; j--) {
                if (!make_key(w, from, j, key, sizeof key)) continue;
                if (j == from && IN(key, not_places)) continue;
                int locative = locative_i || pass == 1 || compass_i;
                const parley_gazetteer_entry *e = best_entry(g, key, locative, i == 0, countries, n_countries);
                size_t kl = strlen(key);
                if (e == NULL && kl > 2 && strcmp(key + kl - 2, "'s") == 0) {
                    /* "Beirut's southern suburbs": a city or area, never a country (an actor). */
                    key[kl - 2] = '\0';
                    e = best_entry(g, key, 0, i == 0, countries, n_countries);
                }
                if (e == NULL) continue;
                /* Part of a longer capitalised run: a person or an organisation. */
                if (j + 1 < n && w[j + 1].gap == ' ' && w[j + 1].cap) continue;
                size_t pl = i > 0 ? strlen(w[i - 1].w) : 0;
                if (i > 0 && w[i].gap == ' ' && w[i - 1].cap && !IN(w[i - 1].w, locatives) &&
                    !IN(w[i - 1].w, not_places) && !(pl > 2 && strcmp(w[i - 1].w + pl - 2, "'s") == 0))
                    continue;
                hit = e;
                hit_end = j;
                break;
            }
        }
        if (hit == NULL) {
            i++;
            continue;
        }
        place_hit *h = &out[found++];
        h->start = w[i].start;
        h->end = w[hit_end].end;
        h->entry = hit;
        h->locative = locative_i || compass_i;
        h->dateline = 0;
        i = hit_end + 1;
    }
    free(w);
    return found;
}


size_t places_in_dateline(const gazetteer *g, const char *text, size_t len, const char *const *countries,
                          size_t n_countries, place_hit *out, size_t max) {
    if (g == NULL) return 0;
    size_t stop = parley_text_dateline_end(text, len);
    if (stop == 0) return 0;
    /* Its first comma-separated part names the places ("GAZA/JERUSALEM"); a
     * second part may name the country ("ZVECAN, Kosovo, May 29"). */
    size_t first_end = 0;
    while (first_end < stop && text[first_end] != ',') first_end++;
    if (first_end == stop) return 0;
    size_t second_start = first_end + 1, second_end = second_start;
    while (second_end < stop && text[second_end] != ',') second_end++;
    const char *hint = NULL;
    char key[128];
    size_t k = 0;
    for (size_t i = second_start; i < second_end && k + 1 < sizeof key; i++)
        if (!(k == 0 && text[i] == ' ')) key[k++] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    while (k > 0 && key[k - 1] == ' ') k--;
    key[k] = '\0';
    const parley_gazetteer_entry *country = k ? best_entry(g, key, 1, 0, countries, n_countries) : NULL;
    if (country && strcmp(country->kind, "country") == 0) hint = country->country;
    const char *with_hint[33];
    size_t nh = 0;
    if (hint) with_hint[nh++] = hint;
    for (size_t i = 0; i < n_countries && nh < 33; i++) with_hint[nh++] = countries[i];
    size_t found = 0;
    size_t p = 0;
    while (p < first_end && found < max) {
        size_t q = p;
        while (q < first_end && text[q] != '/') q++;
        size_t a = p, b = q;
        while (a < b && text[a] == ' ') a++;
        while (b > a && text[b - 1] == ' ') b--;
        k = 0;
        for (size_t i = a; i < b && k + 1 < sizeof key; i++)
            key[k++] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
        key[k] = '\0';
        const parley_gazetteer_entry *e = k ? best_entry_ex(g, key, 1, 0, 1, with_hint, nh) : NULL;
        if (e) {
            out[found].start = a;
            out[found].end = b;
            out[found].entry = e;
            out[found].locative = 1;
            out[found].dateline = 1;
            found++;
        }
        p = q + 1;
    }
    if (country && found < max && hint) {
        out[found].start = second_start + (text[second_start] == ' ');
        out[found].end = second_end;
        out[found].entry = country;
        out[found].locative = 1;
        out[found].dateline = 1;
        found++;
    }
    return found;
}
