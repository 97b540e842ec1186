/* coder.c - from parsed sentences to events (see parley/code.h).
 *
 * For each predicate the coder asks the matcher for the most specific
 * pattern, then finds who acts (subject; by-agent in the passive; the
 * controller of an xcomp; the noun a relative clause or participle
 * modifies; the subject shared by coordinated verbs) and resolves source and
 * target noun phrases, one event per pair of conjuncts. Reported speech
 * ("X said Y attacked Z", "..., X said", "according to X") gives the
 * reporter; "not"/"never" and refusals negate; modals and verbs of intention
 * mark intent. Nouns of action are coded last, unless a verb's pattern
 * already used them ("held talks" is one event, not two). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/actors.h"
#include "code/match.h"
#include "code/sentence.h"
#include "parley/cameo.h"
#include "parley/code.h"
#include "parley/ud.h"

struct parley_coder {
    const parley_dict *dict;
    parley_coder_options opts;
};

void parley_coder_options_default(parley_coder_options *opts) {
    opts->keep_negated = 0;
    opts->require_source = 1;
}

parley_coder *parley_coder_new(const parley_dict *dict, const parley_coder_options *opts) {
    parley_coder *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->dict = dict;
    if (opts) c->opts = *opts;
    else parley_coder_options_default(&c->opts);
    return c;
}

void parley_coder_free(parley_coder *coder) { free(coder); }

/* Verbs that introduce reported speech. */
static const char *const say_verbs[] = {
    "say", "tell", "add", "state", "note", "report", "confirm", "announce", "claim", "write",
    "insist", "stress", "explain", "declare", "assert", "allege", "indicate", "reiterate",
    "acknowledge", "admit", "warn", "argue", "emphasize", "emphasise", "disclose", "reveal",
    "quote", NULL};

/* Governing verbs that make an xcomp an intention rather than a deed. */
static const char *const intent_verbs[] = {
    "plan", "intend", "want", "vow", "pledge", "promise", "threaten", "seek", "aim", "prepare",
    "hope", "expect", "try", "agree", "offer", "decide", "propose", "consider", "plot", "attempt",
    "wish", "mull", "schedule", "set", "go", "about", "likely", "ready", "due", NULL};

/* Governing verbs that deny the xcomp ("refused to release"). */
static const char *const deny_verbs[] = {"refuse", "fail", "decline", "reject", "deny", "stop",
                                         "cease", "halt", "avoid", NULL};

/* Verbs whose coordinated subjects act on each other when no target is
 * named ("Iran and Saudi Arabia agreed to restore ties", "Biden and Putin
 * met", "Iran, Russia and China began joint drills"). */
static const char *const symmetric_verbs[] = {
    "meet", "talk", "negotiate", "agree", "sign", "clash", "fight", "cooperate", "exchange", "swap",
    "reconcile", "normalize", "normalise", "discuss", "hold", "resume", "restore", "establish",
    "trade", "conduct", "begin", "start", "confer", "consult", "embrace", "shake", "settle",
    "conclude", "reach", "ink", "hammer", "launch", "stage", "share", NULL};

/* Synsets naming an interaction, not a party (see data/dict/synsets.txt). */
static const char *const interaction_things[] = {"PEACE_DEAL", "TRUCE", "TALKS", "MEETING", "DRILL",
                                                 "COOPERATION", "RELATIONS", "MEDIATION", NULL};

static const char *const modal_intent[] = {"will", "shall", "'ll", "would", "may", "might",
                                           "could", NULL};
static const char *const obligation_modals[] = {"must", "should", "can", "need", "ought", NULL};
static const char *const negators[] = {"not", "never", "n't", "no", "neither", "nor", NULL};
static const char *const relative_pronouns[] = {"who", "whom", "which", "that", "whose", NULL};

static int lemma_in(const char *lemma, const char *const *list) {
    for (; *list; list++)
        if (strcmp(lemma, *list) == 0) return 1;
    return 0;
}

typedef struct coder_state {
    const parley_coder *coder;
    parley_doc *doc;
    actor_context ctx;
    parley_event *events;
    size_t n_events, cap_events;
    size_t sentence_first_event;   /* events of the current sentence start here */
} coder_state;

static parley_event *event_push(coder_state *st) {
    if (st->n_events == st->cap_events) {
        size_t cap = st->cap_events ? st->cap_events * 2 : 16;
        parley_event *grown = parley_arena_alloc(st->doc->arena, cap * sizeof *grown);
        if (grown == NULL) return NULL;
        if (st->n_events) memcpy(grown, st->events, st->n_events * sizeof *grown);
        st->events = grown;
        st->cap_events = cap;
    }
    parley_event *ev = &st->events[st->n_events++];
    memset(ev, 0, sizeof *ev);
    return ev;
}

static int is_relative_pronoun(const code_sentence *s, int t) {
    return t >= 0 && s->tok[t].upos == PARLEY_UPOS_PRON && lemma_in(s->lemmas[t], relative_pronouns);
}

/* The token that performs pred, or -1; *passive_agent tells the caller the
 * subject came from a by-phrase. */
static int find_subject(const code_sentence *s, int pred, int depth) {
    if (pred < 0 || depth > 6) return -1;
    int subj = sentence_child(s, pred, PARLEY_DEP_NSUBJ);
    if (subj < 0) subj = sentence_child(s, pred, PARLEY_DEP_NSUBJ_OUTER);
    if (subj < 0) {
        /* Passive or participle: the agent is the by-phrase. */
        subj = sentence_child(s, pred, PARLEY_DEP_OBL_AGENT);
        if (subj < 0) {
            for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c])
                if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_OBL &&
                    strcmp(sentence_marker(s, c), "by") == 0 &&
                    (sentence_child(s, pred, PARLEY_DEP_NSUBJ_PASS) >= 0 ||
                     sentence_child(s, pred, PARLEY_DEP_AUX_PASS) >= 0 ||
                     s->tok[pred].xpos == PARLEY_XPOS_VBN)) {
                    subj = c;
                    break;
                }
        }
    }
    int rel = s->tok[pred].deprel;
    int head = sentence_head(s, pred);
    if (subj >= 0) {
        if (is_relative_pronoun(s, subj) && parley_deprel_base(rel) == PARLEY_DEP_ACL) return head;
        return subj;
    }
    if (sentence_child(s, pred, PARLEY_DEP_NSUBJ_PASS) >= 0) return -1;  /* agentless passive */
    switch (parley_deprel_base(rel)) {
    case PARLEY_DEP_XCOMP: {
        /* Object control ("urged Israel to release") before subject control. */
        int obj = sentence_child(s, head, PARLEY_DEP_OBJ);
        return obj >= 0 ? obj : find_subject(s, head, depth + 1);
    }
    case PARLEY_DEP_CONJ:
    case PARLEY_DEP_ADVCL:
        return find_subject(s, head, depth + 1);
    case PARLEY_DEP_ACL:
        /* "forces shelling the city": the modified noun acts (active
         * participle); a passive participle's agent was handled above. */
        if (s->tok[pred].xpos == PARLEY_XPOS_VBG) return head;
        return -1;
    default:
        return -1;
    }
}

/* Collects t and its conjuncts (t, conj of t, conj of those) into out. */
static int conjuncts(const code_sentence *s, int t, int *out, int max) {
    int n = 0;
    if (t < 0) return 0;
    out[n++] = t;
    for (int i = 0; i < n && n < max; i++)
        for (int c = s->first_child[out[i]]; c >= 0 && n < max; c = s->next_sibling[c])
            if (s->tok[c].deprel == PARLEY_DEP_CONJ && s->tok[c].upos != PARLEY_UPOS_VERB)
                out[n++] = c;
    return n;
}

/* Resolves t, falling back on its appositions ("Sheikh Mohammed, Qatar's
 * prime minister") and, for a relative pronoun, on the noun it stands for. */
static actor_origin resolve_np(coder_state *st, const code_sentence *s, int t, parley_actor *out) {
    if (is_relative_pronoun(s, t)) {
        int clause = sentence_head(s, t);
        if (clause >= 0 && parley_deprel_base(s->tok[clause].deprel) == PARLEY_DEP_ACL)
            t = sentence_head(s, clause);
    }
    actor_origin o = actor_resolve(s, t, &st->ctx, out);
    if (o == ACTOR_ORIGIN_DICT) return o;
    for (int c = s->first_child[t]; c >= 0; c = s->next_sibling[c]) {
        if (s->tok[c].deprel != PARLEY_DEP_APPOS) continue;
        parley_actor alt;
        actor_origin oa = actor_resolve(s, c, &st->ctx, &alt);
        if (oa == ACTOR_ORIGIN_DICT) {
            /* Keep the whole phrase as the text: the name and its apposition. */
            int lo, hi;
            sentence_subtree_span(s, t, &lo, &hi);
            *out = alt;
            out->span = sentence_byte_span(s, t < lo ? t : lo, hi);
            return oa;
        }
    }
    /* If the head is the governor of a "who"-clause, it was resolved above. */
    return o;
}

/* The reporter of pred: the subject of a verb of saying that governs it (by
 * ccomp, or over it by parataxis), or "according to X". */
static int find_reporter(const code_sentence *s, int pred) {
    for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c]) {
        if (s->tok[c].deprel == PARLEY_DEP_PARATAXIS && lemma_in(s->lemmas[c], say_verbs))
            return find_subject(s, c, 0);
        /* "..., Qatar's prime minister announced." parsed as a complement:
         * a verb of saying after pred, its subject after a comma, is the
         * parenthetical source, not something pred says. */
        if (s->tok[c].deprel == PARLEY_DEP_CCOMP && c > pred && lemma_in(s->lemmas[c], say_verbs) &&
            sentence_child(s, c, PARLEY_DEP_MARK) < 0) {
            int subj = find_subject(s, c, 0);
            if (subj > pred && subj < c) {
                int lo, hi;
                sentence_subtree_span(s, subj, &lo, &hi);
                if (strcmp(s->words[lo], ",") == 0 || (lo > 0 && strcmp(s->words[lo - 1], ",") == 0))
                    return subj;
            }
        }
        if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_OBL &&
            (strcmp(sentence_marker(s, c), "accord") == 0 ||
             strcmp(sentence_marker(s, c), "according") == 0))
            return c;
    }
    int t = pred;
    for (int hops = 0; hops < 6; hops++) {
        int rel = parley_deprel_base(s->tok[t].deprel);
        int head = sentence_head(s, t);
        if (head < 0) break;
        if ((rel == PARLEY_DEP_CCOMP || rel == PARLEY_DEP_PARATAXIS) &&
            lemma_in(s->lemmas[head], say_verbs))
            return find_subject(s, head, 0);
        if (rel != PARLEY_DEP_CONJ && rel != PARLEY_DEP_XCOMP && rel != PARLEY_DEP_CCOMP) break;
        t = head;
    }
    /* The whole sentence may be framed by "X said" at its root, with pred
     * inside a clause further down. */
    return -1;
}

static int is_negated(const code_sentence *s, int pred) {
    if (s->tok[pred].feats & PARLEY_FEAT_POLARITY_NEG) return 1;
    for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c]) {
        int rel = s->tok[c].deprel;
        if ((rel == PARLEY_DEP_ADVMOD || rel == PARLEY_DEP_DET || rel == PARLEY_DEP_CC) &&
            lemma_in(s->lemmas[c], negators))
            return 1;
    }
    /* "refused to release", "did not agree to release" */
    if (s->tok[pred].deprel == PARLEY_DEP_XCOMP) {
        int head = sentence_head(s, pred);
        if (head >= 0 && (lemma_in(s->lemmas[head], deny_verbs) || is_negated(s, head))) return 1;
    }
    return 0;
}

/* "no aid", "not a single truck": a negator on the noun or on its modifiers. */
static int thing_negated(const code_sentence *s, int noun) {
    for (int c = s->first_child[noun]; c >= 0; c = s->next_sibling[c]) {
        if (lemma_in(s->lemmas[c], negators)) return 1;
        for (int g = s->first_child[c]; g >= 0; g = s->next_sibling[g])
            if (s->tok[g].deprel == PARLEY_DEP_ADVMOD && lemma_in(s->lemmas[g], negators)) return 1;
    }
    return 0;
}

static int has_intent(const code_sentence *s, int pred) {
    for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c])
        if (s->tok[c].deprel == PARLEY_DEP_AUX && lemma_in(s->lemmas[c], modal_intent)) return 1;
    if (s->tok[pred].deprel == PARLEY_DEP_XCOMP) {
        int head = sentence_head(s, pred);
        if (head >= 0 && lemma_in(s->lemmas[head], intent_verbs)) return 1;
    }
    return 0;
}

static const char *copy_span(parley_doc *doc, parley_span sp) {
    if (sp.start < 0 || sp.end < sp.start) return "";
    const char *t = parley_arena_strndup(doc->arena, doc->text + sp.start, (size_t)(sp.end - sp.start));
    return t ? t : "";
}

static double confidence_of(const match_result *m, actor_origin src, actor_origin tgt, int has_target) {
    double c = 0.55 + 0.08 * (m->pattern->specificity > 4 ? 4 : m->pattern->specificity);
    if (src == ACTOR_ORIGIN_CONTEXT) c -= 0.2;
    if (src == ACTOR_ORIGIN_COREF) c -= 0.15;
    if (has_target && tgt == ACTOR_ORIGIN_CONTEXT) c -= 0.1;
    if (has_target && tgt == ACTOR_ORIGIN_COREF) c -= 0.1;
    if (c < 0.05) c = 0.05;
    if (c > 0.99) c = 0.99;
    return round(c * 100) / 100;  /* two decimals: a heuristic score claims no more */
}

static int emit_event(coder_state *st, const code_sentence *s, int pred, const match_result *m,
                      const parley_actor *src, actor_origin src_origin, const parley_actor *tgt,
                      actor_origin tgt_origin, const parley_actor *reporter, int negated, int intent) {
    const parley_cameo_code *cc = parley_cameo_lookup(m->pattern->code);
    if (cc == NULL) return 0;  /* the dictionary loader rejects unknown codes; be safe anyway */
    /* An actor acting on itself is a misreading: the same words found twice,
     * or two names that resolve to one code. A pronoun target that came back
     * to the source ("the RSF detained two drivers and released them") is
     * dropped, not the event; a target or source whose country came from the
     * context is left for the resolver, which may find its country in the
     * event's place (and clears a target still equal to the source). */
    parley_actor no_target;
    if (src->present && tgt->present && strcmp(src->code, tgt->code) == 0) {
        if (tgt_origin == ACTOR_ORIGIN_COREF) {
            memset(&no_target, 0, sizeof no_target);
            tgt = &no_target;
            tgt_origin = ACTOR_ORIGIN_NONE;
        } else if (tgt_origin != ACTOR_ORIGIN_CONTEXT && src_origin != ACTOR_ORIGIN_CONTEXT) {
            return 0;
        }
    }
    parley_span action = sentence_byte_span(s, pred, pred);
    for (size_t i = st->sentence_first_event; i < st->n_events; i++) {
        const parley_event *e = &st->events[i];
        if (e->action.start == action.start && strcmp(e->cameo, m->pattern->code) == 0 &&
            strcmp(e->source.code, src->code) == 0 && strcmp(e->target.code, tgt->code) == 0 &&
            e->source.present == src->present && e->target.present == tgt->present)
            return 0;
    }
    parley_event *ev = event_push(st);
    if (ev == NULL) return -1;
    parley_doc *doc = st->doc;
    ev->doc_id = doc->id;
    ev->sentence = s->index;
    snprintf(ev->date, sizeof ev->date, "%s", doc->date ? doc->date : "");
    ev->date_text = "";
    ev->date_flagged = 1;
    ev->source = *src;
    ev->target = *tgt;
    if (reporter) ev->reporter = *reporter;
    snprintf(ev->cameo, sizeof ev->cameo, "%s", cc->code);
    snprintf(ev->root, sizeof ev->root, "%s", cc->root);
    ev->quad = cc->quad;
    ev->goldstein = cc->goldstein;
    ev->plover = cc->plover;
    ev->negated = negated;
    ev->intent = intent;
    const parley_sentence *sent = &doc->sentences[s->index];
    ev->evidence.start = (int32_t)sent->start;
    ev->evidence.end = (int32_t)sent->end;
    ev->evidence_text = copy_span(doc, ev->evidence);
    int lo = pred, hi = pred;
    int prt = sentence_child(s, pred, PARLEY_DEP_COMPOUND_PRT);
    if (prt > hi) hi = prt;
    ev->action = sentence_byte_span(s, lo, hi);
    ev->confidence = confidence_of(m, src_origin, tgt_origin, tgt->present);
    ev->pattern = m->pattern->text ? m->pattern->text : "";
    ev->num_mentions = ev->num_sources = ev->num_articles = 1;
    return 0;
}

/* The partner of a cooperative act that its pattern did not name: "spoke by
 * phone on Tuesday with X", "agreed on a truce with X". Roots 03-06 (intent
 * to cooperate, consult, engage diplomatically, cooperate materially) take a
 * "with" phrase below the predicate, or one level further down, where
 * parsers often attach it ("on Tuesday with X"). */
static const char *const fight_verbs[] = {"clash", "fight", "battle", "skirmish", "scuffle", "brawl", NULL};

static int find_partner_token(const code_sentence *s, int pred, const char *code) {
    /* ... and the other side of a clash ("protesters clashed with police"):
     * with other conflict verbs "with" names the weapon. */
    int cooperative = code[0] == '0' && code[1] >= '3' && code[1] <= '6';
    if (!cooperative && !lemma_in(s->lemmas[pred], fight_verbs)) return -1;
    for (int depth = 0; depth < 2; depth++)
        for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c]) {
            int base = parley_deprel_base(s->tok[c].deprel);
            if (base != PARLEY_DEP_OBL && base != PARLEY_DEP_NMOD) continue;
            if (depth == 0) {
                if (strcmp(sentence_marker(s, c), "with") == 0) return c;
                continue;
            }
            for (int g = s->first_child[c]; g >= 0; g = s->next_sibling[g]) {
                if ((parley_deprel_base(s->tok[g].deprel) == PARLEY_DEP_NMOD ||
                     parley_deprel_base(s->tok[g].deprel) == PARLEY_DEP_OBL) &&
                    strcmp(sentence_marker(s, g), "with") == 0)
                    return g;
                /* "by phone with X" parsed with "with" heading its noun */
                if (s->tok[g].upos == PARLEY_UPOS_ADP && strcmp(s->lemmas[g], "with") == 0) {
                    int o = sentence_child(s, g, PARLEY_DEP_OBJ);
                    if (o >= 0) return o;
                }
            }
        }
    return -1;
}

/* A party: a name, a title, a pronoun ("Russia", "the minister", "him"), or
 * a noun whose possessor is one ("Maduro's government"). */
static int is_party(const code_sentence *s, int t) {
    if (t < 0) return 0;
    int upos = s->tok[t].upos;
    if (s->mention_of[t] >= 0 || upos == PARLEY_UPOS_PROPN || upos == PARLEY_UPOS_PRON) return 1;
    int poss = sentence_child(s, t, PARLEY_DEP_NMOD_POSS);
    return poss >= 0 && s->mention_of[poss] >= 0;
}

/* A partner is a party ("with Russia", "with the minister", "with him"),
 * not "with Egyptian and American support". */
static int find_partner(const code_sentence *s, int pred, const char *code) {
    int t = find_partner_token(s, pred, code);
    return is_party(s, t) ? t : -1;
}

/* The parties "between" whom a verb of meeting or mediating acts, on the verb
 * or on its object ("mediate between Damascus and the opposition", "host a
 * round of talks between Israel and Hamas"): the first of the coordinated
 * parties (conjuncts() adds the others), or -1. */
static int find_between(const code_sentence *s, int pred) {
    int heads[4] = {pred, sentence_child(s, pred, PARLEY_DEP_OBJ), -1, -1};
    int nh = 2;
    /* "a new round of talks between ...": one "of" step below the object */
    if (heads[1] >= 0)
        for (int c = s->first_child[heads[1]]; c >= 0 && nh < 4; c = s->next_sibling[c])
            if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_NMOD && strcmp(sentence_marker(s, c), "of") == 0)
                heads[nh++] = c;
    for (int k = 0; k < nh; k++) {
        if (heads[k] < 0) continue;
        for (int c = s->first_child[heads[k]]; c >= 0; c = s->next_sibling[c]) {
            int base = parley_deprel_base(s->tok[c].deprel);
            if ((base == PARLEY_DEP_NMOD || base == PARLEY_DEP_OBL) && strcmp(sentence_marker(s, c), "between") == 0 &&
                (s->mention_of[c] >= 0 || s->tok[c].upos == PARLEY_UPOS_PROPN))
                return c;
        }
    }
    return -1;
}

/* The parties of a mediated deal: "a ceasefire mediated by Egypt", "a swap
 * brokered by Turkey" name the mediator as the participle's agent and the
 * parties as the subjects of the clause the deal belongs to ("Israel and
 * Hamas agreed to a ceasefire mediated by ...", "Ukraine and Russia
 * exchanged prisoners in a swap mediated by ...", "Syria agreed to give up
 * its weapons under a plan brokered by ..."), plus a "with" partner of the
 * deal ("an exchange with Russia"). Fills out with up to max tokens. */
static int find_mediated_parties(const code_sentence *s, int pred, int *out, int max) {
    if (parley_deprel_base(s->tok[pred].deprel) != PARLEY_DEP_ACL) return 0;
    int deal = sentence_head(s, pred);
    int n = 0;
    for (int g = deal >= 0 ? s->first_child[deal] : -1; g >= 0 && n < max; g = s->next_sibling[g])
        if (parley_deprel_base(s->tok[g].deprel) == PARLEY_DEP_NMOD && strcmp(sentence_marker(s, g), "with") == 0 &&
            s->mention_of[g] >= 0)  /* "with Russia", not "with US support" */
            out[n++] = g;
    /* The deal must be the verb's own argument: "the first day of a truce
     * brokered by Qatar" does not make the day's verb the deal's. */
    int clause = sentence_head(s, deal);
    if (clause < 0 || s->tok[clause].upos != PARLEY_UPOS_VERB) return n;
    int subj = find_subject(s, clause, 0);
    if (subj >= 0 && subj != deal && n < max) n += conjuncts(s, subj, out + n, max - n);
    return n;
}

/* The antecedent of a pronoun subject of a complement clause: in "Denmark
 * said it would send jets", "Hamas warned that they would respond", "the
 * minister said he would resign", the pronoun is the governing verb's
 * subject when they agree (it: one non-person; they: a coordination or a
 * plural; he/she: a person or a singular title). Returns the token or -1. */
static int speaker_antecedent(const code_sentence *s, int pred, int pron) {
    int clause = pred;
    if (s->tok[clause].deprel == PARLEY_DEP_CONJ) clause = sentence_head(s, clause);
    if (clause < 0 || s->tok[clause].deprel != PARLEY_DEP_CCOMP) return -1;
    int gov = sentence_head(s, clause);
    if (gov < 0 || s->tok[gov].upos != PARLEY_UPOS_VERB) return -1;
    int ante = find_subject(s, gov, 0);
    if (ante < 0 || ante == pron || s->tok[ante].upos == PARLEY_UPOS_PRON || s->mention_of[ante] < 0) return -1;
    const char *w = s->lemmas[pron];
    int plural = (s->tok[ante].feats & PARLEY_FEAT_NUMBER_PLUR) != 0 || sentence_child(s, ante, PARLEY_DEP_CONJ) >= 0;
    int kind = s->mentions[s->mention_of[ante]].match.kind;
    int person = kind == PARLEY_ACTOR_PERSON || (kind == PARLEY_ACTOR_AGENT && !plural);
    if (strcmp(w, "it") == 0) return !plural && kind != PARLEY_ACTOR_PERSON && kind != PARLEY_ACTOR_AGENT ? ante : -1;
    if (strcmp(w, "they") == 0) return plural ? ante : -1;
    if (strcmp(w, "he") == 0 || strcmp(w, "she") == 0) return person ? ante : -1;
    return -1;
}

/* "a truce reached through Qatari mediation with Egyptian and American
 * support": the supporters of a mediation mediate too. The actor words
 * (adjectives, names, possessives) on a "with support" dependent of the
 * predicate, into out; returns how many. */
static int supporting_mediators(const code_sentence *s, int pred, int *out, int max) {
    static const char *const support[] = {"support", "backing", "help", "assistance", "participation", NULL};
    int n = 0;
    for (int c = s->first_child[pred]; c >= 0 && n < max; c = s->next_sibling[c]) {
        int base = parley_deprel_base(s->tok[c].deprel);
        if ((base != PARLEY_DEP_NMOD && base != PARLEY_DEP_OBL) || strcmp(sentence_marker(s, c), "with") != 0 ||
            !lemma_in(s->lemmas[c], support))
            continue;
        for (int g = s->first_child[c]; g >= 0 && n < max; g = s->next_sibling[g]) {
            int rel = s->tok[g].deprel;
            if ((rel == PARLEY_DEP_AMOD || rel == PARLEY_DEP_COMPOUND || rel == PARLEY_DEP_NMOD_POSS) &&
                s->mention_of[g] >= 0)
                n += conjuncts(s, g, out + n, max - n);
        }
    }
    return n;
}

typedef struct party {
    parley_actor actor;
    actor_origin origin;
    int token;
} party;

/* "The leaders of Russia and Turkey", "Kenyan and Somali troops": the
 * office or sector distributes over the coordinated countries. p was resolved from the whole phrase (RUSGOV, the
 * office's sector added to the first country); each further country in the
 * "of" phrase gets the same sector (TURGOV). Returns the new count. */
static int distribute_over_of(coder_state *st, const code_sentence *s, int t, const party *p, party *out,
                              int kept) {
    int of = -1;
    for (int c = s->first_child[t]; c >= 0 && of < 0; c = s->next_sibling[c]) {
        int rel = s->tok[c].deprel;
        if ((parley_deprel_base(rel) == PARLEY_DEP_NMOD && strcmp(sentence_marker(s, c), "of") == 0) ||
            ((rel == PARLEY_DEP_AMOD || rel == PARLEY_DEP_COMPOUND) && sentence_child(s, c, PARLEY_DEP_CONJ) >= 0))
            of = c;  /* "the leaders of Russia and Turkey", "Kenyan and Somali troops" */
    }
    if (of < 0 || p->origin != ACTOR_ORIGIN_DICT) return kept;
    parley_actor first;
    if (actor_resolve(s, of, &st->ctx, &first) != ACTOR_ORIGIN_DICT) return kept;
    size_t cl = strlen(first.code);
    if (cl == 0 || strncmp(p->actor.code, first.code, cl) != 0 || p->actor.code[cl] == '\0') return kept;
    const char *sector = p->actor.code + cl;
    for (int c = s->first_child[of]; c >= 0 && kept < 8; c = s->next_sibling[c]) {
        if (s->tok[c].deprel != PARLEY_DEP_CONJ) continue;
        party q;
        memset(&q, 0, sizeof q);
        if (actor_resolve(s, c, &st->ctx, &q.actor) != ACTOR_ORIGIN_DICT || strlen(q.actor.code) != cl) continue;
        if (strlen(q.actor.code) + strlen(sector) >= sizeof q.actor.code) continue;
        strcat(q.actor.code, sector);
        q.origin = ACTOR_ORIGIN_DICT;
        q.token = c;
        out[kept++] = q;
    }
    return kept;
}

/* Remembers an actor that spoke or acted for the pronouns that follow: a
 * singular name or noun with a sector is a person ("he"), a plural a group. */
static void remember_party(coder_state *st, const code_sentence *s, const party *p) {
    int plural = (s->tok[p->token].feats & PARLEY_FEAT_NUMBER_PLUR) != 0;
    int person = !plural &&
                 (s->tok[p->token].upos == PARLEY_UPOS_PROPN || s->tok[p->token].upos == PARLEY_UPOS_NOUN) &&
                 strlen(p->actor.code) > 3;
    actor_context_remember(&st->ctx, &p->actor, person, plural, NULL);
}

/* Resolves each conjunct and keeps those that resolve ("150 Palestinian
 * women and teenagers": the teenagers add no second, empty event). */
static int resolve_parties(coder_state *st, const code_sentence *s, const int *tokens, int n, party *out) {
    int kept = 0;
    for (int i = 0; i < n && kept < 8; i++) {
        party p;
        memset(&p, 0, sizeof p);
        p.token = tokens[i];
        p.origin = resolve_np(st, s, tokens[i], &p.actor);
        if (!p.actor.present) continue;
        out[kept++] = p;
        kept = distribute_over_of(st, s, tokens[i], &p, out, kept);
    }
    return kept;
}

/* The code of the intent to do what code does, as CAMEO codes a stated
 * intent (040 -> 036, 045 -> 039, 072 -> 0332, 0841 -> 0353, 190 -> 138, ...). Returns 1
 * and fills out, or 0 when the code has no such counterpart. */
static int intent_of(const char *code, char out[5]) {
    static const char *const table[][2] = {
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"06", "031"},
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"},
        {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"}, {"0834", "0344"}, {"083", "034"},
        {"081", "0351"}, {"082", "0352"}, {"084", "0353"}, {"085", "0354"}, {"086", "0355"},
        {"087", "0356"}, {"08", "035"}, {"045", "039"}, {"04", "036"}, {"17", "137"}, {"19", "138"}};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strncmp(code, table[i][0], strlen(table[i][0])) == 0) {
            snprintf(out, 5, "%s", table[i][1]);
            return 1;
        }
    return 0;
}

/* 1 if the predicate states its subject's own future action: "will",
 * "would", "shall" (not "may" or "could", which only speculate). */
static int announces_own_action(const code_sentence *s, int pred) {
    static const char *const future[] = {"will", "would", "shall", "'ll", NULL};
    for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c])
        if (s->tok[c].deprel == PARLEY_DEP_AUX && lemma_in(s->lemmas[c], future)) return 1;
    return 0;
}

/* Words of force in a threat besides the synset &ATTACK. */
static const char *const force_words[] = {"response", "retaliation", "reprisal", "fury", "force", "destroy",
                                          "retaliate", "annihilate", "obliterate", NULL};

/* 1 if a word of force lies in the predicate's complements (not its subject). */
static int threat_names_force(const parley_dict *dict, const code_sentence *s, int pred) {
    for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c]) {
        int base = parley_deprel_base(s->tok[c].deprel);
        if (base == PARLEY_DEP_NSUBJ || base == PARLEY_DEP_PUNCT) continue;
        int lo = c, hi = c;
        sentence_subtree_span(s, c, &lo, &hi);
        for (int t = lo; t <= hi; t++)
            if (lemma_in(s->lemmas[t], force_words) || parley_dict_word_matches(dict, "&ATTACK", s->lemmas[t]))
                return 1;
    }
    return 0;
}

/* Codes one predicate. Returns 1 when a pattern matched (even if no actor
 * resolved), 0 when none did, -1 only when out of memory. */
static int code_predicate(coder_state *st, const code_sentence *s, int pred, int nominal,
                          unsigned char *used) {
    match_result m;
    if (!match_predicate(s, st->coder->dict, pred, nominal, &m)) return 0;
    for (int i = 0; i < m.n_used; i++)
        if (m.used[i] >= 0) used[m.used[i]] = 1;

    /* The subject a pattern names as a thing ("(subject &HUM_AID)"), or -1;
     * "not a single aid truck had reached" negates the event through it. */
    int thing = -1;
    for (int i = 0; i < m.pattern->n_preps && i < 4; i++) {
        int k = i + (m.object >= 0);
        if (strcmp(m.pattern->preps[i].prep, "subject") == 0 && k < m.n_used) thing = m.used[k];
    }
    /* "threatened North Korea with fire and fury", "warned that any attempt
     * ... would be treated as an act of war", "warned Israel that it would
     * face a much larger response": a threat whose words name force is a
     * threat of force (138), not an unspecified one (130). */
    char recode[5] = "";
    if (!nominal && strcmp(m.pattern->code, "130") == 0 && threat_names_force(st->coder->dict, s, pred))
        memcpy(recode, "138", 4);
    int negated = nominal ? 0 : is_negated(s, pred) || (thing >= 0 && thing_negated(s, thing));
    /* "aid must reach all parts of the Strip", "trucks would enter": with a
     * thing as subject there is nobody whose intent a flag could record;
     * such a clause is a demand or a plan, not a happening. */
    if (thing >= 0)
        for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c])
            if (s->tok[c].deprel == PARLEY_DEP_AUX && (lemma_in(s->lemmas[c], modal_intent) ||
                                                      lemma_in(s->lemmas[c], obligation_modals)))
                return 1;
    if (negated && !st->coder->opts.keep_negated) return 1;
    int intent = nominal ? 0 : has_intent(s, pred);

    int subj, pronoun = -1;
    if (nominal) {
        subj = -1;
        for (int c = s->first_child[pred]; c >= 0 && subj < 0; c = s->next_sibling[c]) {
            int rel = s->tok[c].deprel;
            if (rel == PARLEY_DEP_NMOD_POSS || rel == PARLEY_DEP_AMOD || rel == PARLEY_DEP_COMPOUND ||
                (parley_deprel_base(rel) == PARLEY_DEP_NMOD && strcmp(sentence_marker(s, c), "by") == 0))
                subj = c;
        }
    } else {
        subj = find_subject(s, pred, 0);
        if (subj >= 0 && s->tok[subj].upos == PARLEY_UPOS_PRON) {
            int ante = speaker_antecedent(s, pred, subj);
            if (ante >= 0) {
                pronoun = subj;
                subj = ante;
            }
        }
    }
    /* "Hamas said it would free three women", "Britain said it would give
     * aid": an actor announcing what it will do expresses an intent, which
     * CAMEO codes in root 03 (cooperation) or 13 (threats), not as the deed.
     * Only the speaker's own announcement ("said it would"): "Israel would
     * free the prisoners" is as likely a reporter's forecast. */
    if (pronoun >= 0 && announces_own_action(s, pred)) intent_of(recode[0] ? recode : m.pattern->code, recode);
    /* The event is emitted under the new code; the rest of the pattern stays. */
    parley_pattern recoded;
    if (recode[0]) {
        recoded = *m.pattern;
        memcpy(recoded.code, recode, sizeof recoded.code);
        m.pattern = &recoded;
    }
    int target = m.target;
    /* "signed a Russian-brokered agreement", "joint Indian drills": an
     * interaction named as a thing is no actor; an adjective on it names a
     * broker or a venue, not the party acted upon. The partner comes from a
     * "with" phrase or the coordinated subjects instead. */
    if (target >= 0 && target == m.object && m.pattern->object[0] == '&' &&
        lemma_in(m.pattern->object + 1, interaction_things) && s->mention_of[target] < 0)
        target = -1;
    /* "condemned the targeting of civilians", "denounced the detention of
     * Suu Kyi by the military", "Russia's attack on Ukraine", "blamed an
     * Israeli air strike" (the deeds are the dictionary's synset
     * &HARMFUL_DEED): the target is the deed's doer when it is named
     * ("by", a possessive, an actor's adjective or name on the noun), else
     * nobody; the victims are not criticised. */
    int deed = 0;
    if (target >= 0 && target == m.object && s->mention_of[target] < 0 &&
        (strncmp(m.pattern->code, "11", 2) == 0 || strncmp(m.pattern->code, "12", 2) == 0) &&
        parley_dict_word_matches(st->coder->dict, "&HARMFUL_DEED", s->lemmas[target])) {
        int by = -1, poss = -1, mod = -1;
        for (int c = s->first_child[target]; c >= 0; c = s->next_sibling[c]) {
            int rel = s->tok[c].deprel;
            if (parley_deprel_base(rel) == PARLEY_DEP_NMOD && strcmp(sentence_marker(s, c), "by") == 0 && by < 0)
                by = c;
            else if (rel == PARLEY_DEP_NMOD_POSS && poss < 0)
                poss = c;
            else if ((rel == PARLEY_DEP_AMOD || rel == PARLEY_DEP_COMPOUND) && s->mention_of[c] >= 0 && mod < 0)
                mod = c;
        }
        /* Parsers often hang "by ..." on the verb ("condemned the detention
         * of Suu Kyi by the military"); an active verb has no agent of its own. */
        for (int c = s->first_child[pred]; c >= 0 && by < 0 && !nominal; c = s->next_sibling[c])
            if (parley_deprel_base(s->tok[c].deprel) == PARLEY_DEP_OBL && strcmp(sentence_marker(s, c), "by") == 0 &&
                sentence_child(s, pred, PARLEY_DEP_AUX_PASS) < 0)
                by = c;
        target = by >= 0 ? by : poss >= 0 ? poss : mod;
        deed = 1;
    }
    int swapped = 0;
    /* A telephone call goes from the caller: "X received a call from Y" is
     * Y's call to X, coded as the other side's readout ("Y spoke with X")
     * codes it, so the two readouts of one call are one happening. */
    if (!nominal && target >= 0 && target == m.target && strcmp(m.pattern->code, "041") == 0 && subj >= 0)
        for (int i = 0; i < m.pattern->n_preps && i < 4; i++)
            if (strcmp(m.pattern->preps[i].head, "+") == 0 && strcmp(m.pattern->preps[i].prep, "from") == 0) {
                int caller = target;
                target = subj;
                subj = caller;
                pronoun = -1;
                swapped = 1;
                break;
            }
    if (target < 0 && !m.pattern->no_target && !nominal && !deed) {
        /* "threatened to strike Israel": the target sits in the xcomp. */
        int x = sentence_child(s, pred, PARLEY_DEP_XCOMP);
        if (x >= 0) target = sentence_child(s, x, PARLEY_DEP_OBJ);
    }

    if (target < 0 && !m.pattern->no_target && !deed) target = find_partner(s, pred, m.pattern->code);
    /* "offered to negotiate a transition with Maduro's government", "said it
     * was ready to mediate between Damascus and the opposition": the pattern
     * matched the governing verb, the partners sit in its "to" clause. */
    int xcomp = nominal ? -1 : sentence_child(s, pred, PARLEY_DEP_XCOMP);
    if (!is_party(s, target) && !m.pattern->no_target && !deed) {
        int partner = xcomp >= 0 ? find_partner(s, xcomp, m.pattern->code) : -1;
        if (partner < 0 && m.pattern->code[0] == '0' && (m.pattern->code[1] == '3' || m.pattern->code[1] == '4'))
            partner = find_between(s, xcomp >= 0 ? xcomp : pred);
        if (partner >= 0) target = partner;
    }
    /* "NATO demanded that Russia pull back its troops", "urged that Israel
     * allow aid in": a demand or an appeal is made of the subject of its
     * "that" clause. */
    if (!is_party(s, target) && !m.pattern->no_target && !deed && !nominal &&
        (strncmp(m.pattern->code, "10", 2) == 0 || strncmp(m.pattern->code, "02", 2) == 0))
        for (int c = s->first_child[pred]; c >= 0; c = s->next_sibling[c]) {
            if (s->tok[c].deprel != PARLEY_DEP_CCOMP) continue;
            int subj_c = sentence_child(s, c, PARLEY_DEP_NSUBJ);
            if (is_party(s, subj_c)) target = subj_c;
            break;
        }

    int reporter_tok = nominal ? -1 : find_reporter(s, pred);
    parley_actor reporter;
    memset(&reporter, 0, sizeof reporter);
    if (reporter_tok >= 0) resolve_np(st, s, reporter_tok, &reporter);

    int subjects[8], targets[8];
    int n_sub = conjuncts(s, subj, subjects, 8);
    if (strncmp(m.pattern->code, "045", 3) == 0) n_sub += supporting_mediators(s, pred, subjects + n_sub, 8 - n_sub);
    int n_tgt = conjuncts(s, target, targets, 8);
    if (n_tgt == 0 && !nominal && strncmp(m.pattern->code, "045", 3) == 0)
        n_tgt = find_mediated_parties(s, pred, targets, 8);
    party src[8], tgt[8];
    st->ctx.acting = 1;
    n_sub = resolve_parties(st, s, subjects, n_sub, src);
    st->ctx.acting = 0;
    for (int i = 0; i < n_sub && pronoun >= 0; i++) {
        /* The event's words for its source are the pronoun, as for any coreference. */
        src[i].actor.span = sentence_byte_span(s, pronoun, pronoun);
        src[i].actor.text = copy_span(st->doc, src[i].actor.span);
        src[i].origin = ACTOR_ORIGIN_COREF;
    }
    n_tgt = resolve_parties(st, s, targets, n_tgt, tgt);
    /* "ready to cooperate with the mediators": mediators stand between the
     * sides, so the context's country (the speaker's) is not theirs. */
    int kept = 0;
    for (int j = 0; j < n_tgt; j++)
        if (!(tgt[j].origin == ACTOR_ORIGIN_CONTEXT &&
              parley_dict_word_matches(st->coder->dict, "&MEDIATOR", s->lemmas[tgt[j].token])))
            tgt[kept++] = tgt[j];
    n_tgt = kept;
    /* A thing as subject ("the first 20 trucks of aid entered Gaza from
     * Egypt", "food aid from the WFP reached ...") has its sender in a
     * "from" phrase, if anywhere; else the event has no source to require. */
    if (thing >= 0 && n_sub == 0) {
        /* (and on the verb's object: parsers read "entered Gaza from Egypt" as Gaza's) */
        int from[3] = {thing, pred, sentence_child(s, pred, PARLEY_DEP_OBJ)};
        for (int k = 0; k < 3 && n_sub == 0; k++) {
            if (from[k] < 0) continue;
            for (int c = s->first_child[from[k]]; c >= 0 && n_sub == 0; c = s->next_sibling[c]) {
                int base = parley_deprel_base(s->tok[c].deprel);
                if ((base != PARLEY_DEP_NMOD && base != PARLEY_DEP_OBL) || strcmp(sentence_marker(s, c), "from") != 0)
                    continue;
                st->ctx.acting = 1;
                n_sub = resolve_parties(st, s, &c, 1, src);
                st->ctx.acting = 0;
            }
        }
    }
    /* "Shinzo Abe was shot dead", "Haniyeh was killed in Tehran": news reports
     * a killing of a named actor before anyone claims it; the event stands with
     * no source. Only in the passive with no agent, of a violent act (roots
     * 18-20), on an actor the dictionary names (not "25 people were killed"). */
    int unclaimed = 0;
    if (n_sub == 0 && thing < 0 && !nominal && n_tgt > 0 && m.target == m.object && m.object >= 0 &&
        (strncmp(m.pattern->code, "18", 2) == 0 || strncmp(m.pattern->code, "19", 2) == 0 ||
         strncmp(m.pattern->code, "20", 2) == 0) &&
        s->tok[m.object].deprel == PARLEY_DEP_NSUBJ_PASS && sentence_child(s, pred, PARLEY_DEP_AUX_PASS) >= 0) {
        unclaimed = 1;
        for (int j = 0; j < n_tgt; j++)
            if (tgt[j].origin != ACTOR_ORIGIN_DICT || s->tok[tgt[j].token].upos != PARLEY_UPOS_PROPN) unclaimed = 0;
    }
    if (n_sub == 0 && st->coder->opts.require_source && thing < 0 && !unclaimed) return 0;
    const parley_actor *rep = reporter.present ? &reporter : NULL;
    /* A capital reached by a visit or a move ("arrived in Beijing",
     * "travelled to Riyadh") is the country as a place, not its government. */
    for (int j = 0; j < n_tgt; j++) {
        const char *mk = sentence_marker(s, tgt[j].token);
        if ((strcmp(mk, "to") == 0 || strcmp(mk, "in") == 0 || strcmp(mk, "at") == 0 ||
             strcmp(mk, "into") == 0) &&
            strlen(tgt[j].actor.code) == 6 && strcmp(tgt[j].actor.code + 3, "GOV") == 0 &&
            s->tok[tgt[j].token].upos == PARLEY_UPOS_PROPN && s->mention_of[tgt[j].token] >= 0 &&
            s->mentions[s->mention_of[tgt[j].token]].match.kind == PARLEY_ACTOR_NAME &&
            strcmp(s->mentions[s->mention_of[tgt[j].token]].match.code, tgt[j].actor.code) == 0)
            tgt[j].actor.code[3] = '\0';
    }
    /* "Ukraine and Russia exchanged 215 prisoners": a target whose country
     * only the context supplied is no partner; the coordinated subjects act
     * towards each other. */
    int inferred_targets = n_tgt > 0;
    for (int j = 0; j < n_tgt; j++)
        if (tgt[j].origin != ACTOR_ORIGIN_CONTEXT) inferred_targets = 0;
    /* (the governing verb counts: "X and Y agreed to extend their ceasefire") */
    int governor = s->tok[pred].deprel == PARLEY_DEP_XCOMP ? sentence_head(s, pred) : -1;
    if ((n_tgt == 0 || inferred_targets) && n_sub >= 2 && !m.pattern->no_target && !nominal &&
        (lemma_in(s->lemmas[pred], symmetric_verbs) || (governor >= 0 && lemma_in(s->lemmas[governor], symmetric_verbs)))) {
        /* "Iran and Saudi Arabia agreed to restore ties": coordinated
         * parties and no target, so each acts towards the others. */
        for (int i = 0; i < n_sub; i++)
            for (int j = 0; j < n_sub; j++)
                if (i != j && emit_event(st, s, pred, &m, &src[i].actor, src[i].origin, &src[j].actor,
                                         src[j].origin, rep, negated, intent) != 0)
                    return -1;
    } else {
        party none;
        memset(&none, 0, sizeof none);
        for (int i = 0; i < (n_sub ? n_sub : 1); i++)
            for (int j = 0; j < (n_tgt ? n_tgt : 1); j++) {
                const party *a = n_sub ? &src[i] : &none, *b = n_tgt ? &tgt[j] : &none;
                if (emit_event(st, s, pred, &m, &a->actor, a->origin, &b->actor, b->origin, rep, negated,
                               intent) != 0)
                    return -1;
            }
    }
    /* The grammatical subject is remembered last, as the most salient: after
     * "Al Thani received a call from Blinken", "He" is Al Thani, though the
     * event's source is the caller. */
    if (!swapped)
        for (int j = 0; j < n_tgt; j++) actor_context_remember(&st->ctx, &tgt[j].actor, 0, 0, NULL);
    for (int i = 0; i < n_sub; i++) remember_party(st, s, &src[i]);
    if (swapped)
        for (int j = 0; j < n_tgt; j++) remember_party(st, s, &tgt[j]);
    return 1;
}

/* Speech verbs whose clause produced events are frames, not statements of
 * their own: drop their root-01 events (the inner events carry the reporter). */
static void drop_framing_statements(coder_state *st, const code_sentence *s, size_t first_event,
                                    const int *event_pred) {
    size_t w = first_event;
    for (size_t i = first_event; i < st->n_events; i++) {
        int pred = event_pred[i - first_event];
        int framing = 0;
        if (strcmp(st->events[i].root, "01") == 0 && lemma_in(s->lemmas[pred], say_verbs)) {
            for (size_t j = first_event; j < st->n_events && !framing; j++)
                if (j != i && st->events[j].reporter.present) framing = 1;
        }
        if (!framing) st->events[w++] = st->events[i];
    }
    st->n_events = w;
}

/* Tokens in breadth-first order from the root(s), so governing predicates
 * are coded before the clauses they govern. Unattached tokens come last. */
static int tree_order(const code_sentence *s, int *order) {
    int n = 0;
    for (int i = 0; i < s->n; i++)
        if (sentence_head(s, i) < 0) order[n++] = i;
    for (int k = 0; k < n; k++)
        for (int c = s->first_child[order[k]]; c >= 0 && n < s->n; c = s->next_sibling[c])
            order[n++] = c;
    return n;
}

static int compare_action(const void *a, const void *b) {
    const parley_event *x = a, *y = b;
    if (x->action.start != y->action.start) return x->action.start < y->action.start ? -1 : 1;
    return 0;
}

/* Orders a sentence's events by the position of their predicate, keeping
 * the order of ties (an insertion sort: a sentence has few events). */
static void sort_by_action(parley_event *ev, size_t n) {
    for (size_t i = 1; i < n; i++) {
        parley_event key = ev[i];
        size_t j = i;
        while (j > 0 && compare_action(&ev[j - 1], &key) > 0) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = key;
    }
}

/* Codes sentence si of st->doc, appending its events to st. Returns 0, or -1
 * when out of memory. */
static int code_one_sentence(coder_state *st, size_t si) {
    parley_doc *doc = st->doc;
    code_sentence s;
    if (sentence_build(&s, doc, (int)si, st->coder->dict) != 0) return -1;
    if (s.discarded || s.n == 0) return 0;
    unsigned char *used = parley_arena_calloc(doc->arena, (size_t)s.n, 1);
    unsigned char *matched = parley_arena_calloc(doc->arena, (size_t)s.n, 1);
    int *order = parley_arena_alloc(doc->arena, (size_t)s.n * sizeof(int));
    int *event_pred = parley_arena_calloc(doc->arena, (size_t)s.n * 16 + 16, sizeof(int));
    if (used == NULL || matched == NULL || order == NULL || event_pred == NULL) return -1;
    size_t first_event = st->n_events;
    st->sentence_first_event = first_event;
    /* The sentence's own titled actors and countries first; the actors
     * of its events are remembered after them, as the most salient. */
    actor_context_update(&st->ctx, &s);
    int n_order = tree_order(&s, order);
    for (int nominal = 0; nominal <= 1; nominal++) {
        for (int k = 0; k < n_order; k++) {
            int t = order[k];
            int upos = s.tok[t].upos;
            if (nominal ? (upos != PARLEY_UPOS_NOUN || used[t]) : upos != PARLEY_UPOS_VERB) continue;
            /* A verb the governing verb's pattern already used ("agreed
             * to release"), or the complement of a verb that was coded
             * ("urged Israel to release"): CAMEO codes the governing verb. */
            if (!nominal && (used[t] || (s.tok[t].deprel == PARLEY_DEP_XCOMP &&
                                         sentence_head(&s, t) >= 0 && matched[sentence_head(&s, t)])))
                continue;
            size_t before = st->n_events;
            int r = code_predicate(st, &s, t, nominal, used);
            if (r < 0) return -1;
            if (r > 0) matched[t] = 1;
            for (size_t e = before; e < st->n_events && e - first_event < (size_t)s.n * 16 + 16; e++)
                event_pred[e - first_event] = t;
        }
    }
    drop_framing_statements(st, &s, first_event, event_pred);
    /* st->events is NULL until the first event: no offset from it (UB clang's UBSan reports) */
    if (st->n_events > first_event) sort_by_action(st->events + first_event, st->n_events - first_event);
    return 0;
}

parley_status parley_coder_code_doc(const parley_coder *coder, parley_doc *doc, parley_error *err) {
    coder_state st;
    memset(&st, 0, sizeof st);
    st.coder = coder;
    st.doc = doc;
    st.ctx.dict = coder->dict;
    for (size_t si = 0; si < doc->n_sentences; si++)
        if (code_one_sentence(&st, si) != 0)
            return parley_error_set(err, PARLEY_ERR_NOMEM, doc->origin_file, doc->origin_line,
                                    "out of memory coding document %s", doc->id);
    doc->events = st.events;
    doc->n_events = st.n_events;
    return PARLEY_OK;
}

int parley_coder_probe_sentence(const parley_coder *coder, parley_doc *doc, size_t si) {
    if (coder == NULL || doc == NULL || si >= doc->n_sentences) return -1;
    coder_state st;
    memset(&st, 0, sizeof st);
    st.coder = coder;
    st.doc = doc;
    st.ctx.dict = coder->dict;
    if (code_one_sentence(&st, si) != 0) return -1;
    return (int)st.n_events;
}
