/* sentence.c - building the coder's view of a parsed sentence.
 *
 * Child lists make the tree walkable downwards in O(children). Dictionary
 * matching runs once per sentence, left to right, longest match first, so
 * every later lookup of "which actor covers this token" is an array read. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "code/sentence.h"
#include "parley/ud.h"

static const char *lower_copy(parley_arena *arena, const char *s) {
    size_t n = strlen(s);
    char *out = parley_arena_strndup(arena, s, n);
    if (out == NULL) return NULL;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)out[i]);
    return out;
}

/* A tagging error common in news turns "the minister held talks with X"
 * into a noun phrase: "held" a participle modifying the root "talks", whose
 * subject is "minister". When a verb in -ed modifies a root noun that has a
 * subject, the verb is the predicate and the noun its object. */
static void repair_participle_predicate(parley_token *tok, int n) {
    for (int v = 0; v < n; v++) {
        int h = tok[v].head - 1;
        if (tok[v].upos != PARLEY_UPOS_VERB || tok[v].deprel != PARLEY_DEP_AMOD || h < 0 || h >= n ||
            (tok[v].xpos != PARLEY_XPOS_VBN && tok[v].xpos != PARLEY_XPOS_VBD) || h != v + 1 ||
            tok[h].deprel != PARLEY_DEP_ROOT || tok[h].upos != PARLEY_UPOS_NOUN)
            continue;
        int subj = -1;
        for (int c = 0; c < n; c++)
            if (tok[c].head == h + 1 && tok[c].deprel == PARLEY_DEP_NSUBJ && c < v) subj = c;
        if (subj < 0) continue;
        for (int c = 0; c < n; c++)
            if (tok[c].head == h + 1 && c != v && (c < v || tok[c].deprel == PARLEY_DEP_OBL ||
                                                   tok[c].deprel == PARLEY_DEP_NMOD ||
                                                   tok[c].deprel == PARLEY_DEP_PUNCT))
                tok[c].head = v + 1;  /* subject, punctuation and "with ..." go to the verb */
        for (int c = 0; c < n; c++)
            if (tok[c].head == v + 1 && tok[c].deprel == PARLEY_DEP_NMOD) tok[c].deprel = PARLEY_DEP_OBL;
        tok[v].head = 0;
        tok[v].deprel = PARLEY_DEP_ROOT;
        tok[v].xpos = PARLEY_XPOS_VBD;
        tok[h].head = v + 1;
        tok[h].deprel = PARLEY_DEP_OBJ;
        return;
    }
}

/* 1 when every token from c up to h hangs (through its heads) from c or h:
 * c and h are one noun phrase's words. */
static int phrase_before(const parley_token *tok, int c, int h) {
    for (int t = c + 1; t < h; t++) {
        int a = t;
        for (int steps = 0; a >= 0 && a != c && a != h && steps < 64; steps++) a = tok[a].head - 1;
        if (a != c && a != h) return 0;
    }
    return 1;
}

static int is_clause_relation(int rel) {
    return rel == PARLEY_DEP_ROOT || rel == PARLEY_DEP_CCOMP || rel == PARLEY_DEP_PARATAXIS ||
           rel == PARLEY_DEP_ADVCL || rel == PARLEY_DEP_CONJ;
}

/* The parser, trained on web text, reads the news lead "Russian artillery
 * shelled Ukrainian positions" as a noun phrase with a reduced relative
 * ("artillery [that was] shelled ..."). A noun cannot head a clause without a
 * copula or a subject, so when such a noun heads a clause (root, complement
 * of "said", a conjunct) and the participle right after its phrase has an
 * object, or the noun is the sentence's root ("Protesters clashed with
 * police"), the participle is the predicate and the noun phrase its subject. */
static void repair_reduced_relative(parley_token *tok, int n) {
    for (int v = 1; v < n; v++) {
        int h = tok[v].head - 1;
        if (tok[v].upos != PARLEY_UPOS_VERB || tok[v].deprel != PARLEY_DEP_ACL || h < 0 || h >= v ||
            (tok[v].xpos != PARLEY_XPOS_VBN && tok[v].xpos != PARLEY_XPOS_VBD))
            continue;
        /* "Thousands of people marched": the phrase's head is "Thousands" */
        if (tok[h].deprel == PARLEY_DEP_NMOD && tok[h].head > 0 && tok[h].head - 1 < h) h = tok[h].head - 1;
        if ((tok[h].upos != PARLEY_UPOS_NOUN && tok[h].upos != PARLEY_UPOS_PROPN) || !is_clause_relation(tok[h].deprel))
            continue;
        int has_obj = 0, blocked = 0;
        for (int c = 0; c < n; c++) {
            if (tok[c].head == v + 1 && tok[c].deprel == PARLEY_DEP_OBJ) has_obj = 1;
            if (tok[c].head == v + 1 && (tok[c].deprel == PARLEY_DEP_NSUBJ || tok[c].deprel == PARLEY_DEP_MARK ||
                                         tok[c].deprel == PARLEY_DEP_AUX || tok[c].deprel == PARLEY_DEP_AUX_PASS))
                blocked = 1;  /* a clause of its own, not a reduced relative */
            /* "Al-Shabaab militants stormed ...": a name right before the noun that the
             * parser made its subject is a modifier of the phrase, not a subject. */
            if (tok[c].head == h + 1 && tok[c].deprel == PARLEY_DEP_NSUBJ && c < h && tok[c].upos == PARLEY_UPOS_PROPN &&
                phrase_before(tok, c, h))
                continue;
            if (tok[c].head == h + 1 && (tok[c].deprel == PARLEY_DEP_NSUBJ || tok[c].deprel == PARLEY_DEP_COP ||
                                         tok[c].deprel == PARLEY_DEP_NSUBJ_PASS || tok[c].deprel == PARLEY_DEP_AUX))
                blocked = 1;
        }
        /* Only the noun phrase's own words may stand between noun and verb. */
        for (int c = h + 1; c < v && !blocked; c++) {
            int a = c;
            for (int steps = 0; a >= 0 && a != h && a != v && steps < n; steps++) a = tok[a].head - 1;
            if (a != h) blocked = 1;
        }
        /* Without an object ("Protesters clashed with police") only a noun
         * that is the whole sentence's root, which no news sentence is. */
        if ((!has_obj && tok[h].deprel != PARLEY_DEP_ROOT) || blocked) continue;
        for (int c = 0; c < h; c++)
            if (tok[c].head == h + 1 && tok[c].deprel == PARLEY_DEP_NSUBJ) tok[c].deprel = PARLEY_DEP_COMPOUND;
        for (int c = v + 1; c < n; c++)
            if (tok[c].head == h + 1) tok[c].head = v + 1;  /* what follows belongs to the clause */
        tok[v].head = tok[h].head;
        tok[v].deprel = tok[h].deprel;
        tok[v].xpos = PARLEY_XPOS_VBD;
        tok[h].head = v + 1;
        tok[h].deprel = PARLEY_DEP_NSUBJ;
        for (int c = 0; c < n; c++)
            if (c != h && c != v && tok[c].head == h + 1 && is_clause_relation(tok[c].deprel))
                tok[c].head = v + 1;
    }
}

static int has_child_rel(const parley_token *tok, int n, int t, int rel) {
    for (int c = 0; c < n; c++)
        if (tok[c].head == t + 1 && tok[c].deprel == rel) return 1;
    return 0;
}

static int has_case(const parley_token *tok, int n, int t) { return has_child_rel(tok, n, t, PARLEY_DEP_CASE); }

/* "Soldiers detained Niger's president in the palace and declared a coup":
 * the parser read the first verb as a participle on the subject of the
 * second ("soldiers [who were] detained ..."). A reduced relative does not
 * coordinate with the main verb it modifies the subject of: when the verb
 * whose subject the noun is has its "and" after the participle's words,
 * the participle is the first conjunct, the noun its subject. */
static void repair_coordinated_participle(parley_token *tok, int n) {
    for (int v = 1; v < n; v++) {
        int h = tok[v].head - 1;
        if (tok[v].upos != PARLEY_UPOS_VERB || tok[v].deprel != PARLEY_DEP_ACL || h < 0 || h >= v ||
            (tok[v].xpos != PARLEY_XPOS_VBN && tok[v].xpos != PARLEY_XPOS_VBD) || tok[h].deprel != PARLEY_DEP_NSUBJ)
            continue;
        int x = tok[h].head - 1;
        if (x <= v || x >= n || tok[x].upos != PARLEY_UPOS_VERB || tok[x].xpos != PARLEY_XPOS_VBD) continue;
        int cc = -1, own = 0;
        for (int c = 0; c < n; c++) {
            if (tok[c].head == x + 1 && tok[c].deprel == PARLEY_DEP_CC && c > v && c < x) cc = c;
            if (tok[c].head == v + 1 && (tok[c].deprel == PARLEY_DEP_NSUBJ || tok[c].deprel == PARLEY_DEP_MARK ||
                                         tok[c].deprel == PARLEY_DEP_AUX || tok[c].deprel == PARLEY_DEP_AUX_PASS))
                own = 1;  /* a clause of its own */
        }
        if (cc < 0 || own) continue;
        /* nothing but the participle's words between it and the "and" */
        int clean = 1;
        for (int c = v + 1; c < cc && clean; c++) {
            int a = c;
            for (int steps = 0; a >= 0 && a != v && steps < n; steps++) a = tok[a].head - 1;
            if (a != v) clean = 0;
        }
        if (!clean) continue;
        tok[v].head = tok[x].head;
        tok[v].deprel = tok[x].deprel;
        tok[v].xpos = PARLEY_XPOS_VBD;
        tok[x].head = v + 1;
        tok[x].deprel = PARLEY_DEP_CONJ;
        tok[h].head = v + 1;
        for (int c = 0; c < n; c++)  /* the participle's obliques name its object */
            if (tok[c].head == v + 1 && tok[c].deprel == PARLEY_DEP_OBL && c > v && !has_child_rel(tok, n, v, PARLEY_DEP_OBJ) &&
                tok[c].upos == PARLEY_UPOS_PROPN && !has_case(tok, n, c))
                tok[c].deprel = PARLEY_DEP_OBJ;
        for (int c = 0; c < n; c++)  /* the sentence's punctuation goes with the new head */
            if (tok[c].head == x + 1 && tok[c].deprel == PARLEY_DEP_PUNCT && c > x && tok[c].form &&
                strcmp(tok[c].form, ".") == 0)
                tok[c].head = v + 1;
        return;
    }
}

/* The span of t's subtree in the tree tok (heads 1-based). */
static void subtree_edges(const parley_token *tok, int n, int t, int *lo, int *hi) {
    *lo = *hi = t;
    for (int c = 0; c < n; c++) {
        int a = c;
        for (int steps = 0; a >= 0 && a != t && steps < n; steps++) a = tok[a].head - 1;
        if (a != t) continue;
        if (c < *lo) *lo = c;
        if (c > *hi) *hi = c;
    }
}

/* "The government and the rebels signed", "Saudi Arabia, Bahrain, Egypt and
 * the UAE cut ties": the parser sometimes makes a later conjunct a second
 * subject of the verb. When only commas and "and"/"or" separate two
 * subjects of one verb, the second is a conjunct of the first (and so
 * are the conjunctions between them), so every party is found. */
static void repair_double_subject(parley_token *tok, int n) {
    for (int b = 1; b < n; b++) {
        if (tok[b].deprel != PARLEY_DEP_NSUBJ) continue;
        int a = -1;
        for (int c = 0; c < b; c++)
            if (tok[c].head == tok[b].head && tok[c].deprel == PARLEY_DEP_NSUBJ) a = c;
        if (a < 0) continue;
        int alo, ahi, blo, bhi;
        subtree_edges(tok, n, a, &alo, &ahi);
        subtree_edges(tok, n, b, &blo, &bhi);
        if (ahi >= blo) continue;
        int joined = 1, has_cc = 0;
        for (int c = ahi + 1; c < blo && joined; c++) {
            if (tok[c].upos == PARLEY_UPOS_CCONJ) has_cc = 1;
            else if (tok[c].upos != PARLEY_UPOS_PUNCT || tok[c].form == NULL || strcmp(tok[c].form, ",") != 0)
                joined = 0;
        }
        /* or a comma or "and" leading b's own words */
        for (int c = blo; c < b && joined; c++)
            if (tok[c].head == b + 1 && (tok[c].deprel == PARLEY_DEP_CC || tok[c].deprel == PARLEY_DEP_PUNCT)) has_cc = 1;
        if (!joined || (!has_cc && ahi + 1 == blo)) continue;
        for (int c = ahi + 1; c < blo; c++) tok[c].head = b + 1;
        tok[b].head = a + 1;
        tok[b].deprel = PARLEY_DEP_CONJ;
    }
}

/* "Hamas said it would free three women": after a modal, a word the
 * tagger read as an adjective but that has no copula and whose form is a
 * verb with action patterns is that verb ("would free", "will open"). */
static void repair_modal_adjective(parley_token *tok, int n, const parley_dict *dict) {
    for (int v = 0; v < n && dict != NULL; v++) {
        if (tok[v].upos != PARLEY_UPOS_ADJ || tok[v].form == NULL) continue;
        int modal = 0, cop = 0;
        for (int c = 0; c < n; c++) {
            if (tok[c].head != v + 1) continue;
            if (tok[c].deprel == PARLEY_DEP_AUX && tok[c].xpos == PARLEY_XPOS_MD) modal = 1;
            if (tok[c].deprel == PARLEY_DEP_COP) cop = 1;
        }
        char low[32];
        size_t len = strlen(tok[v].form);
        if (!modal || cop || len >= sizeof low) continue;
        for (size_t i = 0; i <= len; i++) low[i] = (char)tolower((unsigned char)tok[v].form[i]);
        size_t np = 0;
        if (parley_dict_patterns(dict, low, 0, &np) == NULL || np == 0) continue;
        tok[v].upos = PARLEY_UPOS_VERB;
        tok[v].xpos = PARLEY_XPOS_VB;
    }
}

/* "Egypt said it was ready to host talks": an adjective of readiness with a
 * copula and a "to" clause states what "offer to" states, so the coder reads
 * it as that verb ("offer (to host)" is the dictionary's pattern; CAMEO codes
 * readiness, willingness and offers alike, 03x). */
static void repair_readiness_adjective(parley_token *tok, const char **lemmas, int n) {
    static const char *const adjectives[] = {"ready", "willing", "prepared"};
    for (int v = 0; v < n; v++) {
        if (tok[v].upos != PARLEY_UPOS_ADJ) continue;
        int known = 0;
        for (size_t k = 0; k < sizeof adjectives / sizeof *adjectives; k++) known |= strcmp(lemmas[v], adjectives[k]) == 0;
        if (!known) continue;
        int cop = 0, xcomp = 0;
        for (int c = 0; c < n; c++) {
            if (tok[c].head != v + 1) continue;
            cop |= tok[c].deprel == PARLEY_DEP_COP;
            xcomp |= tok[c].deprel == PARLEY_DEP_XCOMP && tok[c].upos == PARLEY_UPOS_VERB;
        }
        if (!cop || !xcomp) continue;
        tok[v].upos = PARLEY_UPOS_VERB;
        tok[v].xpos = PARLEY_XPOS_VB;
        lemmas[v] = "offer";
    }
}

/* Irregular past forms the learned lemmatiser leaves as they are; tried
 * only when the given lemma has no action pattern. */
static const char *const irregular_verbs[][2] = {
    {"struck", "strike"},   {"shot", "shoot"},      {"fled", "flee"},         {"fought", "fight"},
    {"held", "hold"},       {"met", "meet"},        {"sought", "seek"},       {"brought", "bring"},
    {"threw", "throw"},     {"thrown", "throw"},    {"overthrew", "overthrow"}, {"overthrown", "overthrow"},
    {"withdrew", "withdraw"}, {"withdrawn", "withdraw"}, {"led", "lead"},     {"won", "win"},
    {"lost", "lose"},       {"broke", "break"},     {"broken", "break"},      {"began", "begin"},
    {"begun", "begin"},     {"took", "take"},       {"taken", "take"},        {"gave", "give"},
    {"given", "give"},      {"froze", "freeze"},    {"frozen", "freeze"},     {"stole", "steal"},
    {"stolen", "steal"},    {"swore", "swear"},     {"sworn", "swear"},       {"forbade", "forbid"},
    {"forbidden", "forbid"}, {"undertook", "undertake"}, {"spoke", "speak"},  {"spoken", "speak"},
    {"flew", "fly"},        {"flown", "fly"},       {"drove", "drive"},       {"driven", "drive"},
    {"rode", "ride"},       {"sent", "send"},       {"spent", "spend"},       {"kept", "keep"},
    {"left", "leave"},      {"told", "tell"},       {"sold", "sell"},         {"paid", "pay"},
    {"laid", "lay"},        {"bought", "buy"},      {"caught", "catch"},      {"taught", "teach"},
    {"wrote", "write"},     {"written", "write"},   {"chose", "choose"},      {"chosen", "choose"},
    {"rose", "rise"},       {"risen", "rise"},      {"fell", "fall"},         {"fallen", "fall"},
    {"bore", "bear"},       {"borne", "bear"},      {"tore", "tear"},         {"torn", "tear"},
    {"blew", "blow"},       {"blown", "blow"},      {"slew", "slay"},         {"slain", "slay"},
    {"hid", "hide"},        {"hidden", "hide"},     {"bit", "bite"},          {"bitten", "bite"},
    {"saw", "see"},         {"seen", "see"},        {"ran", "run"},           {"came", "come"},
    {"became", "become"},   {"went", "go"},         {"gone", "go"},           {"made", "make"},
    {"said", "say"},        {"found", "find"},      {"stood", "stand"},       {"understood", "understand"},
    {"fed", "feed"},        {"bled", "bleed"},      {"bred", "breed"},        {"shook", "shake"},
    {"shaken", "shake"},    {"woke", "wake"},       {"drew", "draw"},         {"drawn", "draw"},
    {"grew", "grow"},       {"grown", "grow"},      {"knew", "know"},         {"known", "know"},
    {NULL, NULL}};

int sentence_is_irregular_past(const char *lower_form) {
    for (int k = 0; irregular_verbs[k][0]; k++)
        if (strcmp(lower_form, irregular_verbs[k][0]) == 0) return 1;
    return 0;
}

/* Inflectional endings to undo, tried in order: (ending, replacement). */
static const char *const endings[][2] = {
    {"ies", "y"}, {"ied", "y"}, {"ing", ""}, {"ing", "e"}, {"ed", ""}, {"ed", "e"}, {"d", ""},
    {"es", ""},   {"s", ""},    {"ing", "-"}, {"ed", "-"}, {NULL, NULL}};

/* A learned lemmatiser errs on rare and regular words alike ("shelled" ->
 * "shel", "extradited" -> "extradit"). When the lemma given has no action
 * pattern, the dictionary decides: the first regular de-inflection of the
 * form that does have patterns is the lemma ("-" undoes a doubled final
 * consonant: "stopped" -> "stop"). Returns the lemma to use (arena or given),
 * or NULL when out of memory. */
const char *sentence_recover_lemma(parley_arena *arena, const parley_dict *dict, const char *form,
                                   const char *lemma, int nominal) {
    size_t n = 0;
    if (parley_dict_patterns(dict, lemma, nominal, &n) != NULL && n > 0) return lemma;
    char low[64];
    size_t len = strlen(form);
    if (len >= sizeof low) return lemma;
    for (size_t i = 0; i <= len; i++) low[i] = (char)tolower((unsigned char)form[i]);
    if (!nominal)
        for (int k = 0; irregular_verbs[k][0]; k++)
            if (strcmp(low, irregular_verbs[k][0]) == 0 && strcmp(lemma, irregular_verbs[k][1]) != 0 &&
                parley_dict_patterns(dict, irregular_verbs[k][1], 0, &n) != NULL && n > 0)
                return irregular_verbs[k][1];
    if (len < 4) return lemma;
    for (int e = 0; endings[e][0]; e++) {
        size_t el = strlen(endings[e][0]);
        if (len <= el + 1 || strcmp(low + len - el, endings[e][0]) != 0) continue;
        char cand[72];
        size_t stem = len - el;
        if (strcmp(endings[e][1], "-") == 0) {
            if (stem < 3 || low[stem - 1] != low[stem - 2]) continue;
            stem--;
            memcpy(cand, low, stem);
            cand[stem] = '\0';
        } else {
            memcpy(cand, low, stem);
            snprintf(cand + stem, sizeof cand - stem, "%s", endings[e][1]);
        }
        if (strcmp(cand, lemma) == 0) continue;
        if (parley_dict_patterns(dict, cand, nominal, &n) != NULL && n > 0)
            return parley_arena_strdup(arena, cand);
    }
    return lemma;
}

int sentence_build(code_sentence *s, const parley_doc *doc, int index, const parley_dict *dict) {
    const parley_sentence *sent = &doc->sentences[index];
    parley_arena *arena = doc->arena;
    memset(s, 0, sizeof *s);
    s->doc = doc;
    s->index = index;
    s->n = (int)sent->count;
    int n = s->n;
    size_t cells = n > 0 ? (size_t)n : 1;
    /* The coder's own copy of the tokens, so it can repair the tree without
     * changing what the parser wrote on the document. */
    parley_token *tok = parley_arena_alloc(arena, cells * sizeof *tok);
    if (tok == NULL) return -1;
    if (n > 0) memcpy(tok, doc->tokens + sent->first, (size_t)n * sizeof *tok);
    repair_participle_predicate(tok, n);
    repair_reduced_relative(tok, n);
    repair_coordinated_participle(tok, n);
    repair_double_subject(tok, n);
    repair_modal_adjective(tok, n, dict);
    s->tok = tok;
    s->words = parley_arena_calloc(arena, cells, sizeof *s->words);
    s->lemmas = parley_arena_calloc(arena, cells, sizeof *s->lemmas);
    s->first_child = parley_arena_alloc(arena, cells * sizeof(int));
    s->next_sibling = parley_arena_alloc(arena, cells * sizeof(int));
    s->mention_of = parley_arena_alloc(arena, cells * sizeof(int));
    s->mentions = parley_arena_calloc(arena, cells, sizeof *s->mentions);
    if (!s->words || !s->lemmas || !s->first_child || !s->next_sibling || !s->mention_of ||
        !s->mentions)
        return -1;
    for (int i = 0; i < n; i++) {
        s->words[i] = s->tok[i].form ? s->tok[i].form : "";
        const char *lemma = s->tok[i].lemma ? s->tok[i].lemma : s->words[i];
        s->lemmas[i] = lower_copy(arena, lemma);
        if (s->lemmas[i] == NULL) return -1;
        if (dict != NULL && (s->tok[i].upos == PARLEY_UPOS_VERB || s->tok[i].upos == PARLEY_UPOS_NOUN)) {
            const char *better = sentence_recover_lemma(arena, dict, s->words[i], s->lemmas[i],
                                               s->tok[i].upos == PARLEY_UPOS_NOUN);
            if (better == NULL) return -1;
            s->lemmas[i] = better;
        }
        s->first_child[i] = s->next_sibling[i] = s->mention_of[i] = -1;
    }
    repair_readiness_adjective(tok, s->lemmas, n);
    /* Link children in token order: walk right to left, pushing on the front. */
    for (int i = n - 1; i >= 0; i--) {
        int h = sentence_head(s, i);
        if (h < 0) continue;
        s->next_sibling[i] = s->first_child[h];
        s->first_child[h] = i;
    }
    if (dict == NULL) return 0;
    for (int i = 0; i < n;) {
        size_t d = parley_dict_match_discard(dict, s->words + i, (size_t)(n - i));
        if (d > 0) {
            s->discarded = 1;
            break;
        }
        parley_actor_match m;
        if (parley_dict_match_actor(dict, s->words + i, s->lemmas + i, (size_t)(n - i),
                                    doc->date ? doc->date : "", &m)) {
            code_mention *cm = &s->mentions[s->n_mentions];
            cm->first = i;
            cm->length = (int)m.length;
            cm->match = m;
            for (int k = i; k < i + (int)m.length && k < n; k++) s->mention_of[k] = s->n_mentions;
            s->n_mentions++;
            i += m.length > 0 ? (int)m.length : 1;
        } else {
            i++;
        }
    }
    return 0;
}

int sentence_head(const code_sentence *s, int i) {
    if (i < 0 || i >= s->n) return -1;
    int h = s->tok[i].head;
    if (h <= 0 || h > s->n) return -1;
    return h - 1;
}

int sentence_child(const code_sentence *s, int i, int rel) {
    if (i < 0) return -1;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
        if (s->tok[c].deprel == rel) return c;
    return -1;
}

int sentence_child_base(const code_sentence *s, int i, int base_rel) {
    if (i < 0) return -1;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c])
        if (parley_deprel_base(s->tok[c].deprel) == base_rel) return c;
    return -1;
}

int sentence_has_child_lemma(const code_sentence *s, int i, int rel, const char *const *lemmas) {
    if (i < 0) return 0;
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c]) {
        if (s->tok[c].deprel != rel) continue;
        for (const char *const *l = lemmas; *l; l++)
            if (strcmp(s->lemmas[c], *l) == 0) return 1;
    }
    return 0;
}

const char *sentence_marker(const code_sentence *s, int i) {
    if (i < 0) return "";
    for (int c = s->first_child[i]; c >= 0; c = s->next_sibling[c]) {
        int rel = s->tok[c].deprel;
        if (rel == PARLEY_DEP_CASE || rel == PARLEY_DEP_MARK) return s->lemmas[c];
    }
    return "";
}

void sentence_subtree_span(const code_sentence *s, int i, int *lo, int *hi) {
    *lo = *hi = i;
    /* Iterative walk: the tree has at most n nodes and no cycles when the
     * parser produced it, but a malformed input tree must not loop forever. */
    int stack[256];
    int top = 0, steps = 0;
    stack[top++] = i;
    while (top > 0 && steps++ <= s->n) {
        int v = stack[--top];
        if (v < *lo) *lo = v;
        if (v > *hi) *hi = v;
        for (int c = s->first_child[v]; c >= 0; c = s->next_sibling[c])
            if (top < (int)(sizeof stack / sizeof stack[0])) stack[top++] = c;
    }
}

parley_span sentence_byte_span(const code_sentence *s, int lo, int hi) {
    parley_span span = {-1, -1};
    if (lo < 0 || hi >= s->n || lo > hi) return span;
    span.start = (int32_t)s->tok[lo].start;
    span.end = (int32_t)s->tok[hi].end;
    return span;
}
