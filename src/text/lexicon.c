/* lexicon.c - the short word lists behind tokenisation and sentence splitting.
 *
 * Abbreviations keep their period ("Gen.", "U.S.", "Dec."), titles never end
 * a sentence because a name follows them, the hyphen prefixes are the ones
 * UD English EWT keeps attached ("e-mail", "non-violent", "co-chair") while
 * it splits every other hyphenated compound, and the fused forms ("gonna",
 * "cannot") are the multiword tokens EWT writes without an apostrophe. The
 * tokenizer and the sentence splitter ask about most words that end in a
 * period and many that start a sentence, so every list goes into one hash
 * table, built once (pthread_once, so threads may segment at once): a word
 * is looked up once, with one probe or two, whatever the lists' sizes. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "text/text_internal.h"

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

typedef struct fused_form {
    const char *word;
    unsigned char cut1, cut2;  /* where the second and third words start; cut2 = 0 for two words */
} fused_form;

/* Grouped by length (2 to 8 letters), as tokenize.c's filter on first letters is. */
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

/* The lists a word belongs to, as bits. */
enum { LEX_ABBREVIATION = TEXT_LIST_ABBREVIATION, LEX_AMBIGUOUS = TEXT_LIST_AMBIGUOUS, LEX_TITLE = 4, LEX_PREFIX = 8,
       LEX_STARTER = 16, LEX_FUSED = 32 };
enum { LEX_MAX = 16, LEX_BITS = 10 };  /* words of up to LEX_MAX bytes, 2^LEX_BITS slots */

typedef struct lex_slot {
    uint64_t key[2];  /* the word's bytes, zero-padded */
    uint8_t len;      /* 0: empty slot */
    uint8_t lists;
    uint8_t cut1, cut2;  /* of a fused form */
} lex_slot;

static lex_slot lex_table[1u << LEX_BITS];
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;
static atomic_int lex_ready;  /* set once the table is built: lookups then skip pthread_once's call */

static size_t lex_hash(const uint64_t key[2], size_t len) {
    uint64_t h = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15ULL) ^ len) * 0xFF51AFD7ED558CCDULL;
    return (size_t)(h >> (64 - LEX_BITS));
}

/* The slot of the word, or the empty slot where it would go. Lookups only read the table. */
static lex_slot *lex_slot_of(const char *s, size_t len, uint64_t key[2]) {
    /* assembled in registers: bytes stored one by one and reloaded as words would stall */
    uint64_t k0 = 0, k1 = 0;
    for (size_t i = 0; i < len && i < 8; i++) k0 |= (uint64_t)(unsigned char)s[i] << (8 * i);
    for (size_t i = 8; i < len; i++) k1 |= (uint64_t)(unsigned char)s[i] << (8 * (i - 8));
    key[0] = k0;
    key[1] = k1;
    size_t mask = (1u << LEX_BITS) - 1;
    for (size_t h = lex_hash(key, len);; h = (h + 1) & mask) {
        lex_slot *slot = &lex_table[h];
        if (slot->len == 0 || (slot->len == len && slot->key[0] == k0 && slot->key[1] == k1)) return slot;
    }
}

static lex_slot *lex_insert(const char *word, size_t len, unsigned bit) {
    uint64_t key[2];
    lex_slot *slot = lex_slot_of(word, len, key);
    slot->key[0] = key[0];
    slot->key[1] = key[1];
    slot->len = (uint8_t)len;
    slot->lists |= (uint8_t)bit;
    return slot;
}

static void lex_add(const char *const *list, size_t n, unsigned bit) {
    for (size_t i = 0; i < n; i++) lex_insert(list[i], strlen(list[i]), bit);
}
#define lex_add_list(list, bit) lex_add(list, sizeof(list) / sizeof((list)[0]), bit)

static void lex_build(void) {
    lex_add_list(abbreviations, LEX_ABBREVIATION);
    lex_add_list(ambiguous_abbreviations, LEX_AMBIGUOUS);
    lex_add_list(titles, LEX_TITLE);
    lex_add_list(hyphen_prefixes, LEX_PREFIX);
    lex_add_list(sentence_starters, LEX_STARTER);
    for (size_t len = 2; len < sizeof fused_by_length / sizeof fused_by_length[0]; len++)
        for (const fused_form *f = fused_by_length[len]; f->word; f++) {
            lex_slot *slot = lex_insert(f->word, len, LEX_FUSED);
            slot->cut1 = f->cut1;
            slot->cut2 = f->cut2;
        }
    atomic_store_explicit(&lex_ready, 1, memory_order_release);
}

/* The word's slot when it is in any list, else NULL. */
static const lex_slot *lex_lookup(const char *lower, size_t len) {
    if (len == 0 || len > LEX_MAX) return NULL;
    if (!atomic_load_explicit(&lex_ready, memory_order_acquire)) pthread_once(&lex_once, lex_build);
    uint64_t key[2];
    const lex_slot *slot = lex_slot_of(lower, len, key);
    return slot->len ? slot : NULL;
}

static int lex_in(const char *lower, size_t len, unsigned bit) {
    const lex_slot *slot = lex_lookup(lower, len);
    return slot != NULL && (slot->lists & bit) != 0;
}

unsigned text_word_lists(const char *lower, size_t len) {
    const lex_slot *slot = lex_lookup(lower, len);
    return slot ? slot->lists : 0;
}

int text_is_abbreviation(const char *lower, size_t len) { return lex_in(lower, len, LEX_ABBREVIATION); }
int text_is_ambiguous_abbreviation(const char *lower, size_t len) { return lex_in(lower, len, LEX_AMBIGUOUS); }
int text_is_title_abbreviation(const char *lower, size_t len) { return lex_in(lower, len, LEX_TITLE); }
int text_is_hyphen_prefix(const char *lower, size_t len) { return lex_in(lower, len, LEX_PREFIX); }
int text_is_sentence_starter(const char *lower, size_t len) { return lex_in(lower, len, LEX_STARTER); }

int text_fused_split(const char *lower, size_t len, size_t cut[2]) {
    const lex_slot *slot = lex_lookup(lower, len);
    if (slot == NULL || !(slot->lists & LEX_FUSED)) return 0;
    cut[0] = slot->cut1;
    cut[1] = slot->cut2;
    return slot->cut2 ? 3 : 2;
}
