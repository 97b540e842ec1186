/* lex_plural.c - English noun plurals for agent nouns and synset members,
 * and the test that tells whether a form listed in a TABARI verb's {...} is
 * just an inflection of that verb.
 *
 * Plurals follow the regular rules (s; es after s, x, z, ch, sh; ies after a
 * consonant + y; ves for a short list of f/fe nouns). Irregular plurals are
 * written in the dictionaries; nothing else is guessed. */
#include <string.h>

#include "lex/lex_internal.h"

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static int ends_with(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Nouns in f/fe whose plural is ves; every other f/fe noun takes s (chiefs, beliefs). */
static const char *const ves_nouns[] = {"calf",  "elf",  "half", "knife", "leaf",  "life",
                                        "loaf",  "self", "sheaf", "shelf", "thief", "wife",
                                        "wolf",  "scarf", "housewife", "midwife"};

int lex_plural(const char *word, char *out, size_t cap) {
    size_t n = strlen(word);
    if (n == 0 || n + 4 > cap) return -1;
    for (size_t i = 0; i < n; i++)
        if (word[i] < 'a' || word[i] > 'z') return -1;
    for (size_t i = 0; i < sizeof ves_nouns / sizeof ves_nouns[0]; i++) {
        if (strcmp(word, ves_nouns[i]) == 0) {
            size_t stem = ends_with(word, n, "fe") ? n - 2 : n - 1;
            memcpy(out, word, stem);
            memcpy(out + stem, "ves", 4);
            return 0;
        }
    }
    memcpy(out, word, n + 1);
    if (ends_with(word, n, "s") || ends_with(word, n, "x") || ends_with(word, n, "z") ||
        ends_with(word, n, "ch") || ends_with(word, n, "sh")) {
        memcpy(out + n, "es", 3);
    } else if (n >= 2 && word[n - 1] == 'y' && !is_vowel(word[n - 2])) {
        memcpy(out + n - 1, "ies", 4);
    } else {
        memcpy(out + n, "s", 2);
    }
    return 0;
}

/* The consonants of s in order: irregular past forms mostly change vowels
 * only (break/broke, hold/held, swear/swore, meet/met). */
static size_t skeleton(const char *s, char *out, size_t cap) {
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        if (!is_vowel(*s) && *s != 'y' && (o == 0 || out[o - 1] != *s)) out[o++] = *s;
    out[o] = '\0';
    return o;
}

int lex_is_inflection(const char *base, const char *form) {
    size_t b = strlen(base), f = strlen(form);
    if (b == 0 || f == 0) return 0;
    if (strcmp(base, form) == 0) return 1;
    /* regular inflections: s/es/ies, ed/d/ied, ing, doubled consonant, dropped e */
    if (f > b && strncmp(form, base, b) == 0) {
        const char *rest = form + b;
        if (!strcmp(rest, "s") || !strcmp(rest, "es") || !strcmp(rest, "ed") || !strcmp(rest, "d") ||
            !strcmp(rest, "ing"))
            return 1;
        if (rest[0] == base[b - 1] && (!strcmp(rest + 1, "ed") || !strcmp(rest + 1, "ing"))) return 1;
    }
    if (base[b - 1] == 'e' && f == b + 2 && strncmp(form, base, b - 1) == 0 &&
        !strcmp(form + b - 1, "ing"))
        return 1;
    if (base[b - 1] == 'y' && strncmp(form, base, b - 1) == 0 &&
        (!strcmp(form + b - 1, "ies") || !strcmp(form + b - 1, "ied")))
        return 1;
    /* irregular past and participle forms */
    char sb[64], sf[64];
    if (b < sizeof sb && f < sizeof sf && skeleton(base, sb, sizeof sb) > 0 &&
        skeleton(form, sf, sizeof sf) > 0 && strcmp(sb, sf) == 0)
        return 1;
    static const char *const past_endings[] = {"ed", "en", "wn", "ne", "ght", "t", "id", "ung",
                                               "uck", "ank", "ang", "ew", "ode", "ote", "ore", "oke",
                                               "ove", "ose", "ame", "ave", "ook", "ood", "old", "eld"};
    for (size_t i = 0; i < sizeof past_endings / sizeof past_endings[0]; i++)
        if (ends_with(form, f, past_endings[i])) return 1;
    return 0;
}
