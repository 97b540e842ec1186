/* lexicon.c - the short word lists behind tokenisation and sentence splitting.
 *
 * Abbreviations keep their period ("Gen.", "U.S.", "Dec."), titles never end
 * a sentence because a name follows them, the hyphen prefixes are the ones
 * UD English EWT keeps attached ("e-mail", "non-violent", "co-chair") while
 * it splits every other hyphenated compound, and the fused forms ("gonna",
 * "cannot") are the multiword tokens EWT writes without an apostrophe. The
 * lists are small, so a linear scan over length-matched entries is enough. */
#include <string.h>

#include "text/text_internal.h"

static int in_list(const char *const *list, const char *s, size_t len) {
    if (len == 0) return 0;
    for (; *list; list++)
        if ((*list)[0] == s[0] && strncmp(*list, s, len) == 0 && (*list)[len] == '\0') return 1;
    return 0;
}

static const char *const abbreviations[] = {
    /* titles and ranks */
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "sens", "rep", "reps", "gov", "lt", "col",
    "capt", "cpt", "sgt", "maj", "adm", "cmdr", "cdr", "cpl", "pvt", "brig", "gens", "sr", "jr", "rev",
    "hon", "pres", "amb", "supt", "insp", "det", "atty", "fr", "st", "mt", "ft", "sh", "messrs",
    /* months and days */
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "tue", "tues", "thu", "thur", "thurs",
    /* companies and places */
    "inc", "corp", "co", "ltd", "llc", "plc", "bros", "assn", "dept", "univ", "govt", "intl", "natl",
    "ave", "blvd", "rd", "hwy", "ste", "apt",
    /* common abbreviations */
    "vs", "etc", "al", "approx", "est", "vol", "vols", "pp", "nos", "cf", "viz", "eg", "ie", "attn",
    "tel", "yrs", "yr", "hrs", "mos", "lb", "lbs", "oz", "kg", "km", "sq", "cm", "mm", "ph", "arrv",
    "asst", "ass't", "admin", "misc", "conf", "para", "dist", "gov't", "govt", "mil", "mln", "bln",
    "pct", "div", "jct", "cal", "calif", "fla", "ill", "mass", "mich", "minn", "penn", "tenn", "tex",
    "wash", "wis", "ariz", "colo", "conn", "del", "ga", "ind", "kan", "ky", "md", "mo", "mont", "neb",
    "nev", "okla", "ore", "pa", "va", "vt", "wyo", "ala", "ark",
    NULL};

/* Also everyday words: abbreviations only when a number or a lower-case word follows. */
static const char *const ambiguous_abbreviations[] = {
    "no", "mon", "wed", "fri", "sat", "sun", "mar", "fig", "art", "sec", "min", "max", "ext", "eve",
    "info", "spec", "mob", "fax", "ch", "op", "ed", "eds", "p", "pg", NULL};

static const char *const titles[] = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "sens", "rep", "reps", "gov", "lt", "col",
    "capt", "cpt", "sgt", "maj", "adm", "cmdr", "cdr", "cpl", "pvt", "brig", "rev", "hon", "pres",
    "amb", "supt", "insp", "det", "atty", "fr", "st", "mt", "ft", "sh", "no", "nos", "vs", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "art", "sec", "vol",
    "pp", "p", "pg", "ch", "op", "cf", "viz", "eg", "ie", "e.g", "i.e", "approx", "est", NULL};

static const char *const hyphen_prefixes[] = {
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex", "sub", "semi",
    "cross", "neo", "psycho", "socio", "arch", "counter", "inter", "intra", "ultra", "bi", "tri",
    "de", "un", "mis", "trans", "pan", "quasi", "pseudo", NULL};

static const char *const sentence_starters[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
    "there", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "with", "after", "before",
    "when", "while", "if", "as", "however", "meanwhile", "also", "his", "her", "its", "their", "our",
    "my", "your", "what", "who", "why", "how", "where", "which", "some", "many", "most", "all", "both",
    "each", "no", "not", "one", "other", "since", "because", "although", "though", "then", "now",
    "thus", "still", "here", "please", "thanks", "thank", "is", "are", "was", "were", "do", "does",
    "did", "can", "could", "will", "would", "should", "let", "let's", "it's", "i'm", "don't",
    "under", "during", "by", "from", "to", "about", "among", "despite", "according", "officials",
    "police", "more", "several", "two", "three", "four", "five", "last", "earlier", "later", "today",
    "yesterday", "on", "over", "asked", "mr", "mrs", "ms", "dr", NULL};

int text_is_abbreviation(const char *lower, size_t len) { return in_list(abbreviations, lower, len); }

int text_is_ambiguous_abbreviation(const char *lower, size_t len) {
    return in_list(ambiguous_abbreviations, lower, len);
}

int text_is_title_abbreviation(const char *lower, size_t len) { return in_list(titles, lower, len); }

int text_is_hyphen_prefix(const char *lower, size_t len) { return in_list(hyphen_prefixes, lower, len); }

int text_is_sentence_starter(const char *lower, size_t len) {
    return in_list(sentence_starters, lower, len);
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
