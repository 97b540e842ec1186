/* lexicon.c - the short word lists behind tokenisation and sentence splitting.
 *
 * Abbreviations keep their period ("Gen.", "U.S.", "Dec."), titles never end
 * a sentence because a name follows them, the hyphen prefixes are the ones
 * UD English EWT keeps attached ("e-mail", "non-violent", "co-chair") while
 * it splits every other hyphenated compound, and the fused forms ("gonna",
 * "cannot") are the multiword tokens EWT writes without an apostrophe. The
 * lists are sorted (strcmp order) and searched by bisection: the tokenizer
 * asks about every word that ends in a period. */
#include <string.h>

#include "text/text_internal.h"

/* Binary search in a sorted list (the lists below are kept in strcmp order). */
static int in_sorted(const char *const *list, size_t n, const char *s, size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *a = (const unsigned char *)list[mid], *b = (const unsigned char *)s;
        size_t i = 0;
        while (i < len && a[i] && a[i] == b[i]) i++;
        int c = i < len ? (int)a[i] - (int)b[i] : (a[len] == '\0' ? 0 : 1);
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
#define in_list(list, s, len) in_sorted(list, sizeof(list) / sizeof((list)[0]), s, len)

static const char *const abbreviations[] = {
    "adm", "admin", "al", "ala", "amb", "approx", "apr", "apt", "ariz", "ark", "arrv", "ass't",
    "assn", "asst", "attn", "atty", "aug", "ave", "bln", "blvd", "brig", "bros", "cal", "calif",
    "capt", "cdr", "cf", "cm", "cmdr", "co", "col", "colo", "conf", "conn", "corp", "cpl", "cpt",
    "dec", "del", "dept", "det", "dist", "div", "dr", "eg", "est", "etc", "feb", "fla", "fr", "ft",
    "ga", "gen", "gens", "gov", "gov't", "govt", "hon", "hrs", "hwy", "ie", "ill", "inc", "ind",
    "insp", "intl", "jan", "jct", "jr", "jul", "jun", "kan", "kg", "km", "ky", "lb", "lbs", "llc",
    "lt", "ltd", "maj", "mass", "md", "messrs", "mich", "mil", "minn", "misc", "mln", "mm", "mo",
    "mont", "mos", "mr", "mrs", "ms", "mt", "natl", "neb", "nev", "nos", "nov", "oct", "okla",
    "ore", "oz", "pa", "para", "pct", "penn", "ph", "plc", "pp", "pres", "prof", "pvt", "rd", "rep",
    "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sh", "sq", "sr", "st", "ste", "supt",
    "tel", "tenn", "tex", "thu", "thur", "thurs", "tue", "tues", "univ", "va", "viz", "vol", "vols",
    "vs", "vt", "wash", "wis", "wyo", "yr", "yrs",
};

/* Also everyday words: abbreviations only when a number or a lower-case word follows. */
static const char *const ambiguous_abbreviations[] = {
    "art", "ch", "ed", "eds", "eve", "ext", "fax", "fig", "fri", "info", "mar", "max", "min", "mob",
    "mon", "no", "op", "p", "pg", "sat", "sec", "spec", "sun", "wed",
};

static const char *const titles[] = {
    "adm", "amb", "approx", "apr", "art", "atty", "aug", "brig", "capt", "cdr", "cf", "ch", "cmdr",
    "col", "cpl", "cpt", "dec", "det", "dr", "e.g", "eg", "est", "feb", "fig", "fr", "ft", "gen",
    "gov", "hon", "i.e", "ie", "insp", "jan", "jul", "jun", "lt", "maj", "mar", "messrs", "mr",
    "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "p", "pg", "pp", "pres", "prof", "pvt",
    "rep", "reps", "rev", "sec", "sen", "sens", "sep", "sept", "sgt", "sh", "st", "supt", "viz",
    "vol", "vs",
};

static const char *const hyphen_prefixes[] = {
    "anti", "arch", "bi", "co", "counter", "cross", "de", "e", "ex", "inter", "intra", "mid", "mis",
    "multi", "neo", "non", "over", "pan", "post", "pre", "pro", "pseudo", "psycho", "quasi", "re",
    "semi", "socio", "sub", "trans", "tri", "ultra", "un",
};

static const char *const sentence_starters[] = {
    "a", "about", "according", "after", "all", "also", "although", "among", "an", "and", "are",
    "as", "asked", "at", "because", "before", "both", "but", "by", "can", "could", "despite", "did",
    "do", "does", "don't", "dr", "during", "each", "earlier", "five", "for", "four", "from", "he",
    "her", "here", "his", "how", "however", "i", "i'm", "if", "in", "is", "it", "it's", "its",
    "last", "later", "let", "let's", "many", "meanwhile", "more", "most", "mr", "mrs", "ms", "my",
    "no", "not", "now", "officials", "on", "one", "or", "other", "our", "over", "please", "police",
    "several", "she", "should", "since", "so", "some", "still", "thank", "thanks", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "though", "three", "thus", "to",
    "today", "two", "under", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "would", "yesterday", "yet", "you", "your",
};

/* The callers ask about every word before a period; the length rules most out at once. */
int text_is_abbreviation(const char *lower, size_t len) { return len <= 6 && in_list(abbreviations, lower, len); }

int text_is_ambiguous_abbreviation(const char *lower, size_t len) {
    return len <= 4 && in_list(ambiguous_abbreviations, lower, len);
}

int text_is_title_abbreviation(const char *lower, size_t len) { return len <= 6 && in_list(titles, lower, len); }

int text_is_hyphen_prefix(const char *lower, size_t len) { return len <= 7 && in_list(hyphen_prefixes, lower, len); }

int text_is_sentence_starter(const char *lower, size_t len) {
    return len <= 9 && in_list(sentence_starters, lower, len);
}

typedef struct fused_form {
    const char *word;
    unsigned char cut1, cut2;  /* where the second and third words start; cut2 = 0 for two words */
} fused_form;

/* Grouped by length (2 to 8 letters) so a lookup compares a handful of entries, not all. */
static const fused_form fused2[] = {{"im", 1, 0}, {NULL, 0, 0}};
static const fused_form fused3[] = {{"ive", 1, 0}, {NULL, 0, 0}};
static const fused_form fused4[] = {{"dont", 2, 0}, {"wont", 2, 0}, {"cant", 2, 0}, {"isnt", 2, 0},
                                    {"aint", 2, 0}, {NULL, 0, 0}};
static const fused_form fused5[] = {{"gonna", 3, 0}, {"wanna", 3, 0}, {"gotta", 3, 0}, {"outta", 3, 0},
                                    {"didnt", 3, 0}, {"wasnt", 3, 0}, {"arent", 3, 0}, {"hasnt", 3, 0},
                                    {"hadnt", 3, 0}, {"thats", 4, 0}, {"whats", 4, 0}, {"heres", 4, 0},
                                    {"youre", 3, 0}, {"youll", 3, 0}, {"dunno", 2, 3}, {"gimme", 3, 0},
                                    {NULL, 0, 0}};
static const fused_form fused6[] = {{"cannot", 3, 0}, {"doesnt", 4, 0}, {"werent", 4, 0}, {"havent", 4, 0},
                                    {"theres", 5, 0}, {"theyre", 4, 0}, {NULL, 0, 0}};
static const fused_form fused7[] = {{"couldnt", 5, 0}, {"wouldnt", 5, 0}, {NULL, 0, 0}};
static const fused_form fused8[] = {{"shouldnt", 6, 0}, {NULL, 0, 0}};
static const fused_form *const fused_by_length[9] = {NULL, NULL, fused2, fused3, fused4,
                                                     fused5, fused6, fused7, fused8};

int text_fused_split(const char *lower, size_t len, size_t cut[2]) {
    if (len < 2 || len > 8) return 0;
    for (const fused_form *f = fused_by_length[len]; f->word; f++) {
        if (f->word[0] != lower[0] || memcmp(f->word, lower, len) != 0) continue;
        cut[0] = f->cut1;
        cut[1] = f->cut2;
        return f->cut2 ? 3 : 2;
    }
    return 0;
}
