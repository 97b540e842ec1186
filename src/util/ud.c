/* ud.c - name tables for UPOS, XPOS, relations and features (see parley/ud.h).
 *
 * Lookups by name are linear over tables of at most 52 entries; they run at
 * model load and in CoNLL-U reading, never per token in the coder. */
#include <stdio.h>
#include <string.h>

#include "parley/ud.h"

static const char *const upos_names[PARLEY_UPOS_COUNT] = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

static const char *const xpos_names[PARLEY_XPOS_COUNT] = {
    "_", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP",
    "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB",
    "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "$", "#", ",", ":", ".",
    "``", "''", "-LRB-", "-RRB-", "ADD", "AFX", "GW", "HYPH", "NFP", "XX"};

static const char *const deprel_names[PARLEY_DEP_COUNT] = {
    "_", "acl", "acl:relcl", "advcl", "advcl:relcl", "advmod", "amod", "appos", "aux",
    "aux:pass", "case", "cc", "cc:preconj", "ccomp", "compound", "compound:prt", "conj", "cop",
    "csubj", "csubj:outer", "csubj:pass", "dep", "det", "det:predet", "discourse", "dislocated",
    "expl", "fixed", "flat", "goeswith", "iobj", "list", "mark", "nmod", "nmod:desc",
    "nmod:poss", "nmod:unmarked", "nsubj", "nsubj:outer", "nsubj:pass", "nummod", "obj", "obl",
    "obl:agent", "obl:unmarked", "orphan", "parataxis", "punct", "reparandum", "root",
    "vocative", "xcomp"};

static const char *name_of(const char *const *table, int count, int id) {
    return (id > 0 && id < count) ? table[id] : "_";
}

static int id_of(const char *const *table, int count, const char *name) {
    if (name == NULL) return 0;
    /* a first-byte test before each strcmp: reading a treebank looks up
     * three names per word, and the call was most of that */
    for (int i = 1; i < count; i++)
        if (table[i][0] == name[0] && strcmp(table[i], name) == 0) return i;
    return 0;
}

const char *parley_upos_name(int upos) { return name_of(upos_names, PARLEY_UPOS_COUNT, upos); }
int parley_upos_from_name(const char *name) { return id_of(upos_names, PARLEY_UPOS_COUNT, name); }
const char *parley_xpos_name(int xpos) { return name_of(xpos_names, PARLEY_XPOS_COUNT, xpos); }
int parley_xpos_from_name(const char *name) { return id_of(xpos_names, PARLEY_XPOS_COUNT, name); }
const char *parley_deprel_name(int deprel) {
    return name_of(deprel_names, PARLEY_DEP_COUNT, deprel);
}

int parley_deprel_from_name(const char *name) {
    int id = id_of(deprel_names, PARLEY_DEP_COUNT, name);
    if (id == 0 && name != NULL) {
        /* A subtype parley does not know falls back to its universal relation. */
        const char *colon = strchr(name, ':');
        if (colon != NULL) {
            char base[32];
            size_t n = (size_t)(colon - name);
            if (n < sizeof base) {
                memcpy(base, name, n);
                base[n] = '\0';
                id = id_of(deprel_names, PARLEY_DEP_COUNT, base);
            }
        }
    }
    return id;
}

int parley_deprel_base(int deprel) {
    const char *name = parley_deprel_name(deprel);
    const char *colon = strchr(name, ':');
    if (colon == NULL) return deprel;
    char base[32];
    size_t n = (size_t)(colon - name);
    memcpy(base, name, n);
    base[n] = '\0';
    return id_of(deprel_names, PARLEY_DEP_COUNT, base);
}

typedef struct feat_name {
    uint32_t bit;
    const char *text;   /* "Feature=Value" */
} feat_name;

/* Sorted by feature name, as UD's FEATS column requires. */
static const feat_name feat_names[] = {
    {PARLEY_FEAT_DEGREE_CMP, "Degree=Cmp"},     {PARLEY_FEAT_DEGREE_SUP, "Degree=Sup"},
    {PARLEY_FEAT_MOOD_IMP, "Mood=Imp"},         {PARLEY_FEAT_MOOD_IND, "Mood=Ind"},
    {PARLEY_FEAT_NUMTYPE_CARD, "NumType=Card"}, {PARLEY_FEAT_NUMBER_PLUR, "Number=Plur"},
    {PARLEY_FEAT_NUMBER_SING, "Number=Sing"},   {PARLEY_FEAT_PERSON_1, "Person=1"},
    {PARLEY_FEAT_PERSON_2, "Person=2"},         {PARLEY_FEAT_PERSON_3, "Person=3"},
    {PARLEY_FEAT_POLARITY_NEG, "Polarity=Neg"}, {PARLEY_FEAT_POSS, "Poss=Yes"},
    {PARLEY_FEAT_PRONTYPE_PRS, "PronType=Prs"}, {PARLEY_FEAT_TENSE_PAST, "Tense=Past"},
    {PARLEY_FEAT_TENSE_PRES, "Tense=Pres"},     {PARLEY_FEAT_VERBFORM_FIN, "VerbForm=Fin"},
    {PARLEY_FEAT_VERBFORM_GER, "VerbForm=Ger"}, {PARLEY_FEAT_VERBFORM_INF, "VerbForm=Inf"},
    {PARLEY_FEAT_VERBFORM_PART, "VerbForm=Part"}, {PARLEY_FEAT_VOICE_PASS, "Voice=Pass"},
};

int parley_feats_format(uint32_t feats, char *buf, int size) {
    if (size <= 0) return 0;
    int len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof feat_names / sizeof feat_names[0]; i++) {
        if (!(feats & feat_names[i].bit)) continue;
        int n = snprintf(buf + len, (size_t)(size - len), "%s%s", len ? "|" : "",
                         feat_names[i].text);
        if (n < 0 || n >= size - len) break;
        len += n;
    }
    if (len == 0) len = snprintf(buf, (size_t)size, "_");
    return len;
}

uint32_t parley_feats_parse(const char *s) {
    uint32_t feats = 0;
    if (s == NULL) return 0;
    while (*s) {
        const char *end = strchr(s, '|');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        for (size_t i = 0; i < sizeof feat_names / sizeof feat_names[0]; i++)
            if (strlen(feat_names[i].text) == n && strncmp(feat_names[i].text, s, n) == 0)
                feats |= feat_names[i].bit;
        s += n;
        if (*s == '|') s++;
    }
    return feats;
}
